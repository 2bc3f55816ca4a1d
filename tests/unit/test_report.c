/*
 * test_report.c — reports as library objects (eml/report.h): the object
 * (items in order, body then annex, ownership when adding fails, caps),
 * its renderers (tabular formats write exactly its tables, HTML adds its
 * headings, paragraphs and charts with one id prefix per chart, PDF lays
 * it out on the pages worked out below), the one loader of imaging inputs
 * (eml/imaging_source.h: counts per file, bad rows counted, a missing file)
 * and what the builders put in a report for each use (flags).
 *
 * Pages of the PDF of the fixture report (render_pdf.c's rules): the title
 * page (1); the heading, table A, the paragraph and table B on page 2; the
 * heading "Graphiques" starts page 3 with the chart; the annex starts page
 * 4: 4 pages.
 */
#include "test_helpers.h"

#include "chart/chart_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SITES EML_TEST_DATA "/imaging/sites/"
#define HEAT EML_TEST_DATA "/imaging/heat_weeks/"
#define BAD EML_TEST_DATA "/imaging/bad/"

static eml_status buf_write(void *ctx, const char *data, size_t len) {
  return eml_buf_append(ctx, data, len);
}

/* The file at path begins with magic (n bytes); the file is removed. */
static void assert_magic(const char *path, const char *magic, size_t n) {
  char head[8] = {0};
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  assert_int_equal(fread(head, 1, n, f), n);
  fclose(f);
  assert_memory_equal(head, magic, n);
  unlink(path);
}

/* A table of one column and one row holding text. */
static eml_table *small_table(const char *id, const char *title, const char *text) {
  eml_table *t = eml_table_new(id, title);
  assert_non_null(t);
  size_t row;
  eml_table_add_column(t, NULL, "Colonne", "column");
  eml_table_add_row(t, &row);
  eml_table_set_text(t, row, 0, text);
  assert_int_equal(eml_table_status(t), EML_OK);
  return t;
}

static eml_chart *bars(void) {
  eml_chart *c = eml_chart_new(EML_CHART_BARS, "Barres");
  assert_non_null(c);
  assert_int_equal(eml_chart_add_point(c, "a", 0, 3, 0, 0.4), EML_OK);
  assert_int_equal(eml_chart_add_point(c, "b", 1, 5, 0, 1), EML_OK);
  return c;
}

/* Title page; body: heading, A, paragraph, B, heading on a new page, a
 * chart; annex: C. */
static eml_report *fixture(void) {
  eml_report *r = eml_report_new("Rapport d'essai");
  assert_non_null(r);
  assert_int_equal(eml_report_set_subtitle(r, "Sous-titre"), EML_OK);
  assert_int_equal(eml_report_add_line(r, "Source : essai"), EML_OK);
  assert_int_equal(eml_report_set_edited(r, "02/12/2026"), EML_OK);
  assert_int_equal(eml_report_add_heading(r, 0, "Tableaux", 0), EML_OK);
  assert_int_equal(eml_report_add_table(r, 0, small_table("a", "Table A", "un")), EML_OK);
  assert_int_equal(eml_report_add_text(r, 0, "Un paragraphe <b>"), EML_OK);
  assert_int_equal(eml_report_add_table(r, 0, small_table("b", "Table B", "deux")), EML_OK);
  assert_int_equal(eml_report_add_heading(r, 0, "Graphiques", 1), EML_OK);
  assert_int_equal(eml_report_add_chart(r, 0, bars(), "barres", "Comment lire"), EML_OK);
  assert_int_equal(eml_report_set_annex_title(r, "Annexe"), EML_OK);
  assert_int_equal(eml_report_add_table(r, 1, small_table("c", "Table C", "trois")), EML_OK);
  return r;
}

static void test_object(void **state) {
  (void)state;
  eml_report *r = fixture();
  assert_string_equal(eml_report_title(r), "Rapport d'essai");
  assert_string_equal(eml_report_subtitle(r), "Sous-titre");
  assert_int_equal(eml_report_lines(r), 1);
  assert_string_equal(eml_report_line(r, 0), "Source : essai");
  assert_null(eml_report_line(r, 1));
  assert_string_equal(eml_report_edited(r), "02/12/2026");
  assert_string_equal(eml_report_annex_title(r), "Annexe");
  assert_int_equal(eml_report_items(r, 0), 6);
  assert_int_equal(eml_report_items(r, 1), 1);
  static const eml_report_item_kind kinds[6] = {EML_REPORT_HEADING, EML_REPORT_TABLE,
                                                EML_REPORT_TEXT,    EML_REPORT_TABLE,
                                                EML_REPORT_HEADING, EML_REPORT_CHART};
  for (size_t i = 0; i < 6; i++)
    assert_int_equal(eml_report_item_at(r, 0, i)->kind, kinds[i]);
  assert_null(eml_report_item_at(r, 0, 6));
  assert_true(eml_report_item_at(r, 0, 4)->new_page);
  assert_false(eml_report_item_at(r, 0, 0)->new_page);
  const eml_report_item *chart = eml_report_item_at(r, 0, 5);
  assert_string_equal(chart->name, "barres");
  assert_string_equal(chart->caption, "Comment lire");
  assert_ptr_equal(eml_report_find_chart(r, EML_CHART_BARS), chart->chart);
  assert_null(eml_report_find_chart(r, EML_CHART_MAP));
  /* the tables: body then annex */
  eml_table **tables;
  size_t n;
  assert_int_equal(eml_report_tables(r, &tables, &n), EML_OK);
  assert_int_equal(n, 3);
  assert_string_equal(eml_table_id(tables[0]), "a");
  assert_string_equal(eml_table_id(tables[1]), "b");
  assert_string_equal(eml_table_id(tables[2]), "c");
  free(tables);
  eml_report_free(r);
  eml_report_free(NULL);
}

/* What cannot be added is refused, and what was given is freed (ASan and
 * valgrind see a leak otherwise). */
static void test_ownership_and_caps(void **state) {
  (void)state;
  eml_report *r = eml_report_new(NULL);
  assert_non_null(r);
  assert_null(eml_report_title(r));
  assert_int_equal(eml_report_add_table(r, 0, NULL), EML_ERR_NOMEM);
  assert_int_equal(eml_report_add_chart(r, 0, NULL, "x", NULL), EML_ERR_NOMEM);
  for (int i = 0; i < EML_REPORT_LINES_MAX; i++)
    assert_int_equal(eml_report_add_line(r, "ligne"), EML_OK);
  assert_int_equal(eml_report_add_line(r, "une de trop"), EML_ERR_TOO_LARGE);
  for (int i = 0; i < EML_REPORT_ITEMS_MAX; i++)
    assert_int_equal(eml_report_add_text(r, 1, "annexe"), EML_OK);
  assert_int_equal(eml_report_add_table(r, 1, small_table("x", "Trop", "x")), EML_ERR_TOO_LARGE);
  assert_int_equal(eml_report_add_chart(r, 1, bars(), "trop", NULL), EML_ERR_TOO_LARGE);
  assert_int_equal(eml_report_items(r, 1), EML_REPORT_ITEMS_MAX);
  /* take_tables: every table taken, the array freed */
  eml_table **tables = malloc(2 * sizeof *tables);
  assert_non_null(tables);
  tables[0] = small_table("t1", "T1", "1");
  tables[1] = small_table("t2", "T2", "2");
  assert_int_equal(eml_report_take_tables(r, 0, tables, 2), EML_OK);
  assert_int_equal(eml_report_items(r, 0), 2);
  /* into a full annex: refused, every table freed */
  tables = malloc(2 * sizeof *tables);
  assert_non_null(tables);
  tables[0] = small_table("t3", "T3", "3");
  tables[1] = small_table("t4", "T4", "4");
  assert_int_equal(eml_report_take_tables(r, 1, tables, 2), EML_ERR_TOO_LARGE);
  eml_report_free(r);
}

/* Tabular formats: the report's tables, as eml_render_tables writes them. */
static void test_tabular_renderers(void **state) {
  (void)state;
  eml_report *r = fixture();
  eml_table **tables;
  size_t n;
  assert_int_equal(eml_report_tables(r, &tables, &n), EML_OK);
  static const eml_format formats[] = {EML_FORMAT_TEXT, EML_FORMAT_CSV, EML_FORMAT_JSON,
                                       EML_FORMAT_MD};
  for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
    eml_buf a, b;
    eml_buf_init(&a, 1 << 20);
    eml_buf_init(&b, 1 << 20);
    assert_int_equal(eml_render_report(formats[f], r, buf_write, &a), EML_OK);
    assert_int_equal(eml_render_tables(formats[f], tables, n, buf_write, &b), EML_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    eml_buf_free(&a);
    eml_buf_free(&b);
  }
  assert_int_equal(eml_render_report(EML_FORMAT_XLSX, r, buf_write, NULL), EML_ERR_USAGE);
  free(tables);
  char path[] = "/tmp/eml_report_XXXXXX";
  test_temp_file(path);
  eml_diag d;
  eml_diag_clear(&d);
  assert_int_equal(eml_render_report_xlsx_file(r, path, &d), EML_OK);
  assert_magic(path, "PK", 2);
  eml_report_free(r);
}

/* HTML: a report of tables only is the tables' document, byte for byte;
 * headings, paragraphs and charts come in their order, the annex under its
 * title, each chart's ids under its own prefix and no xmlns. */
static void test_html(void **state) {
  (void)state;
  eml_report *plain = eml_report_new("Sans graphique");
  assert_non_null(plain);
  eml_table *t = small_table("a", "Table A", "un");
  assert_int_equal(eml_report_add_table(plain, 0, t), EML_OK);
  eml_buf a, b;
  eml_buf_init(&a, 1 << 24);
  eml_buf_init(&b, 1 << 24);
  assert_int_equal(eml_render_report(EML_FORMAT_HTML, plain, buf_write, &a), EML_OK);
  assert_int_equal(eml_render_tables(EML_FORMAT_HTML, &t, 1, buf_write, &b), EML_OK);
  assert_int_equal(a.len, b.len);
  assert_memory_equal(a.data, b.data, a.len);
  eml_buf_free(&a);
  eml_buf_free(&b);
  eml_report_free(plain);

  eml_report *r = fixture();
  assert_int_equal(eml_report_add_chart(r, 0, bars(), "encore", NULL), EML_OK);
  eml_buf_init(&a, 1 << 24);
  assert_int_equal(eml_render_report(EML_FORMAT_HTML, r, buf_write, &a), EML_OK);
  const char *h = a.data;
  assert_non_null(strstr(h, "<title>Table A</title>")); /* named after its first table */
  assert_non_null(strstr(h, "figure{")); /* the figures' rules */
  const char *order[] = {"<h2>Tableaux</h2>",
                         "<caption>Table A",
                         "<p>Un paragraphe &lt;b&gt;</p>",
                         "<caption>Table B",
                         "<h2>Graphiques</h2>",
                         "<figure class=\"chart\">\n<svg",
                         "<figcaption>Comment lire</figcaption>",
                         "<figure class=\"chart\">\n<svg",
                         "<h2>Annexe</h2>",
                         "<caption>Table C",
                         "</body>"};
  const char *at = h;
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    const char *next = strstr(at, order[i]);
    if (!next)
      fail_msg("'%s' missing after offset %td", order[i], at - h);
    at = next + strlen(order[i]);
  }
  assert_null(strstr(h, "xmlns"));
  assert_null(strstr(h, "<?xml"));
  assert_non_null(strstr(h, " id=\"chart0-glyph0-1\""));
  assert_non_null(strstr(h, "xlink:href=\"#chart0-glyph0-1\""));
  assert_non_null(strstr(h, " id=\"chart1-glyph0-1\""));
  assert_null(strstr(h, " id=\"glyph")); /* every id prefixed */
  assert_null(strstr(h, "\"#glyph"));
  eml_buf_free(&a);
  eml_report_free(r);
}

static void test_pdf(void **state) {
  (void)state;
  char path[] = "/tmp/eml_report_XXXXXX";
  test_temp_file(path);
  eml_diag d;
  eml_diag_clear(&d);
  eml_report *r = fixture();
  eml_pdf_doc *doc = eml_pdf_doc_new(path, &d);
  assert_non_null(doc);
  assert_int_equal(eml_pdf_report(doc, r), EML_OK);
  assert_int_equal(eml_pdf_doc_pages(doc), 4);
  /* a second report in the same document: no title page, from a new page */
  eml_report *more = eml_report_new(NULL);
  assert_non_null(more);
  assert_int_equal(eml_report_add_heading(more, 0, "Suite", 1), EML_OK);
  assert_int_equal(eml_report_add_table(more, 0, small_table("d", "Table D", "quatre")), EML_OK);
  assert_int_equal(eml_pdf_report(doc, more), EML_OK);
  assert_int_equal(eml_pdf_doc_pages(doc), 5);
  assert_int_equal(eml_pdf_doc_close(doc, &d), EML_OK);
  assert_int_equal(eml_render_report_pdf_file(r, path, &d), EML_OK);
  assert_magic(path, "%PDF", 4);
  assert_int_equal(eml_render_report_pdf_file(r, "/nonexistent/dir/x.pdf", &d), EML_ERR_IO);
  eml_report_free(more);
  eml_report_free(r);
}

/* ---- the loader of imaging inputs ---- */

typedef struct seen {
  char files[8][64]; /* base names, in order; "" for the store */
  long read[8], loaded[8], rejected[8], sessions[8];
  int n, rejects, warnings;
} seen;

static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)diag, (void)raw, (void)len;
  ((seen *)ctx)->rejects++;
}

static void on_warning(void *ctx, const char *file, const char *message) {
  (void)file, (void)message;
  ((seen *)ctx)->warnings++;
}

static void on_file(void *ctx, const char *path, const eml_imaging_load_counts *c, long sessions,
                    double seconds) {
  seen *s = ctx;
  assert_true(seconds >= 0);
  assert_true(s->n < 8);
  const char *base = path ? strrchr(path, '/') : NULL;
  snprintf(s->files[s->n], sizeof s->files[0], "%s", base ? base + 1 : "");
  s->read[s->n] = c ? c->read : -1;
  s->loaded[s->n] = c ? c->loaded : -1;
  s->rejected[s->n] = c ? c->rejected : -1;
  s->sessions[s->n++] = sessions;
}

/* The sites fixture: 7 machines, the Monday template over the week of
 * 8 April 2024 (7 dated sessions), 24 exams, 4 sites, 6 answers. */
static void sites_source(eml_imaging_source *src) {
  eml_imaging_source_init(src);
  assert_string_equal(src->db, "eml.db");
  src->equipment = SITES "equipment.csv";
  src->schedule = SITES "schedule.csv";
  src->exams = SITES "exams.csv";
  src->sites = SITES "sites.csv";
  src->appointments = SITES "appointments.csv";
  src->opts.has_window = 1;
  src->opts.from = eml_date_from_civil(2024, 4, 8);
  src->opts.to = eml_date_from_civil(2024, 4, 15);
}

static void test_source_load(void **state) {
  (void)state;
  eml_imaging_source src;
  sites_source(&src);
  seen s;
  memset(&s, 0, sizeof s);
  eml_imaging_source_hooks hooks = {on_reject, on_warning, on_file, &s};
  eml_imaging_inputs in;
  eml_diag d;
  eml_diag_clear(&d);
  assert_int_equal(eml_imaging_source_load(&src, &hooks, &in, &d), EML_OK);
  assert_int_equal(s.n, 5);
  static const char *const files[5] = {"equipment.csv", "schedule.csv", "exams.csv", "sites.csv",
                                       "appointments.csv"};
  static const long read[5] = {7, 7, 24, 4, 6}, sessions[5] = {-1, 7, -1, -1, -1};
  for (int i = 0; i < 5; i++) {
    assert_string_equal(s.files[i], files[i]);
    assert_int_equal(s.read[i], read[i]);
    assert_int_equal(s.loaded[i], read[i]);
    assert_int_equal(s.rejected[i], 0);
    assert_int_equal(s.sessions[i], sessions[i]);
  }
  assert_int_equal(s.rejects, 0);
  assert_int_equal(in.rejected, 0);
  assert_non_null(in.campaign);
  assert_true(in.has_sites);
  assert_int_equal(in.sites.nsites, 4);
  assert_string_equal(in.sites.sites[0].finess, "570000018"); /* sorted by FINESS */
  assert_non_null(in.appointments);
  assert_int_equal(eml_appointments_count(in.appointments), 6);
  eml_imaging_inputs_free(&in);
  eml_imaging_inputs_free(&in); /* zeroed: freeing again is fine */

  /* bad rows: every file is read to its end, each bad row reported */
  eml_imaging_source_init(&src);
  src.equipment = BAD "equipment.csv";
  src.sessions = BAD "sessions.csv";
  src.exams = BAD "exams.csv";
  memset(&s, 0, sizeof s);
  assert_int_equal(eml_imaging_source_load(&src, &hooks, &in, &d), EML_ERR_REJECTED);
  assert_int_equal(s.n, 3);
  assert_int_equal(s.rejects, 12); /* as tests/golden/imaging_bad.txt */
  assert_int_equal(in.rejected, 12);
  assert_int_equal(s.rejected[0] + s.rejected[1] + s.rejected[2], 12);
  eml_imaging_inputs_free(&in);

  /* a file that cannot be read stops the load, diag naming it */
  src.exams = BAD "missing.csv";
  memset(&s, 0, sizeof s);
  eml_diag_clear(&d);
  assert_int_equal(eml_imaging_source_load(&src, NULL, &in, &d), EML_ERR_IO);
  assert_non_null(strstr(d.file, "missing.csv"));
  eml_imaging_inputs_free(&in);
}

/* The summary for each use: the same tables in the seed's order whatever
 * the flags; CHARTS adds the heading and the charts (2 openings, 4
 * bubbles, 22 panel distributions, 2 duration charts, the appointments per
 * site); DOCUMENT the title page, the
 * heading of the tables and the data-quality annex. */
static void test_imaging_report(void **state) {
  (void)state;
  eml_imaging_source src;
  sites_source(&src);
  eml_imaging_inputs in;
  eml_diag d;
  assert_int_equal(eml_imaging_source_load(&src, NULL, &in, &d), EML_OK);
  eml_imaging_result *res = NULL;
  assert_int_equal(eml_imaging_compute(in.campaign, &src.opts, &res, &d), EML_OK);
  static const char *const ids[] = {
      "imaging_counts", "imaging_files", "imaging_legal_status", "appointment_delays_ct",
      "appointment_delays_mri", "imaging_reports_ct", "imaging_reports_mri",
      "imaging_durations_ct", "imaging_durations_mri", "imaging_occupancy_ct",
      "imaging_occupancy_mri", "imaging_occupancy_emergency_ct", "imaging_occupancy_emergency_mri",
      "imaging_headlines", "imaging_panel", "imaging_legal_status_medians_ct",
      "imaging_legal_status_medians_mri", "imaging_territory_medians_ct",
      "imaging_territory_medians_mri", "imaging_region_medians_ct", "imaging_region_medians_mri"};
  const size_t n_ids = sizeof ids / sizeof ids[0];
  for (int flags = 0; flags < 4; flags++) {
    eml_report_imaging_args args = {res, &in.sites, in.appointments, &src, flags, "02/12/2026"};
    eml_report *r = NULL;
    assert_int_equal(eml_report_imaging(&args, &r), EML_OK);
    eml_table **tables;
    size_t n;
    assert_int_equal(eml_report_tables(r, &tables, &n), EML_OK);
    int document = (flags & EML_REPORT_DOCUMENT) != 0, charts = (flags & EML_REPORT_CHARTS) != 0;
    assert_int_equal(n, n_ids + (size_t)document);
    for (size_t i = 0; i < n_ids; i++)
      assert_string_equal(eml_table_id(tables[i]), ids[i]);
    if (document)
      assert_string_equal(eml_table_id(tables[n_ids]), "qualite");
    free(tables);
    size_t n_charts = 0, n_headings = 0;
    for (size_t i = 0; i < eml_report_items(r, 0); i++) {
      n_charts += eml_report_item_at(r, 0, i)->kind == EML_REPORT_CHART;
      n_headings += eml_report_item_at(r, 0, i)->kind == EML_REPORT_HEADING;
    }
    /* 2 openings (figures 9-10), 4 bubbles, 22 panel distributions, 2
     * duration charts, and the appointments per site of the fixture's
     * classes: CT A, MRI A, CT H (figures 3, 4, 5; no MRI H answer) */
    assert_int_equal(n_charts, charts ? 33 : 0);
    for (size_t i = 0; charts && i < eml_report_items(r, 0); i++) {
      const eml_report_item *it = eml_report_item_at(r, 0, i);
      if (it->kind != EML_REPORT_CHART || strcmp(it->name, "rdv_sites_CT_A") != 0)
        continue;
      /* CT outpatients, non-urgent (appointments.csv): C1 TDM_AP_70 2 days,
       * C2 TDM_AP_70 7 days, C3 TDM_ENC_80 14 days (C1's urgent answer left
       * out); the sites by median: C1, C2, C3 at x 1, 2, 3; series 0 for
       * TDM_AP_70 (first seen), 1 for TDM_ENC_80; median of all 7 days */
      const eml_chart *c = it->chart;
      assert_int_equal(c->kind, EML_CHART_DOTS);
      assert_int_equal(c->n_points, 3);
      const double want[3][3] = {{1, 2, 0}, {2, 7, 0}, {3, 14, 1}};
      for (int k = 0; k < 3; k++) {
        assert_true(c->points[k].x == want[k][0] && c->points[k].y == want[k][1] &&
                    c->points[k].size == want[k][2]);
      }
      assert_int_equal(c->n_ticks[1], 2);
      assert_string_equal(c->ticks[1][0], "Scanner abdomino pelvien - homme de 70 ans");
      assert_int_equal(c->n_lines, 1);
      assert_true(c->lines[0].y == 7);
      assert_string_equal(c->lines[0].label, "7 j");
    }
    assert_int_equal(n_headings, (size_t)charts + (size_t)document);
    assert_int_equal(eml_report_lines(r), document ? 2 : 0);
    if (document) {
      assert_string_equal(eml_report_subtitle(r),
                          "Période du 08/04/2024 au 14/04/2024 (1,0 semaines), 7 appareils");
      assert_non_null(strstr(eml_report_line(r, 0), "sites.csv"));
      assert_string_equal(eml_report_annex_title(r), "Annexe : qualité des données");
    }
    eml_report_free(r);
  }
  /* without sites nor survey: the base tables only */
  eml_report_imaging_args plain = {res, NULL, NULL, NULL, 0, NULL};
  eml_report *r = NULL;
  assert_int_equal(eml_report_imaging(&plain, &r), EML_OK);
  eml_table **tables;
  size_t n;
  assert_int_equal(eml_report_tables(r, &tables, &n), EML_OK);
  assert_int_equal(n, 12); /* counts, files, figures 7-8, 11-12, 15-16, 17-18, headlines, panel */
  assert_string_equal(eml_table_id(tables[2]), "imaging_reports_ct");
  free(tables);
  eml_report_free(r);
  eml_imaging_result_free(res);
  eml_imaging_inputs_free(&in);
}

/* The machine sheet for each use (TDM7 of heat_weeks, FINESS 750000010). */
static void test_machine_report(void **state) {
  (void)state;
  eml_imaging_source src;
  eml_imaging_source_init(&src);
  src.equipment = HEAT "equipment.csv";
  src.sessions = HEAT "sessions.csv";
  src.exams = HEAT "exams.csv";
  src.opts.has_window = 1;
  src.opts.from = eml_date_from_civil(2024, 10, 21);
  src.opts.to = eml_date_from_civil(2024, 11, 4);
  eml_imaging_inputs in;
  eml_diag d;
  assert_int_equal(eml_imaging_source_load(&src, NULL, &in, &d), EML_OK);
  eml_imaging_result *res = NULL;
  assert_int_equal(eml_imaging_compute(in.campaign, &src.opts, &res, &d), EML_OK);
  long m = eml_imaging_machine_find(res, "TDM7");
  assert_true(m >= 0);
  eml_imaging_activity *act = NULL;
  assert_int_equal(eml_imaging_activity_compute(in.campaign, res, m, &act), EML_OK);
  const eml_imaging_heatmap *grid = eml_imaging_activity_machine(act, (size_t)m);
  assert_non_null(grid);
  eml_report *r = NULL;
  /* the command line: the three tables and the grid */
  assert_int_equal(eml_report_machine(res, (size_t)m, grid, 0, &r), EML_OK);
  assert_null(eml_report_title(r));
  assert_int_equal(eml_report_items(r, 0), 4);
  assert_string_equal(eml_table_id(eml_report_item_at(r, 0, 3)->table), "machine_activity");
  eml_report_free(r);
  /* a page: the heat map first */
  assert_int_equal(eml_report_machine(res, (size_t)m, grid, EML_REPORT_CHARTS, &r), EML_OK);
  assert_int_equal(eml_report_items(r, 0), 5);
  assert_int_equal(eml_chart_get_kind(eml_report_item_at(r, 0, 0)->chart), EML_CHART_HEAT);
  assert_non_null(eml_report_item_at(r, 0, 0)->caption);
  eml_report_free(r);
  /* a document: two pages, the grid as the heat map only */
  assert_int_equal(
      eml_report_machine(res, (size_t)m, grid, EML_REPORT_CHARTS | EML_REPORT_DOCUMENT, &r),
      EML_OK);
  static const eml_report_item_kind kinds[] = {
      EML_REPORT_HEADING, EML_REPORT_TEXT,    EML_REPORT_TABLE, EML_REPORT_TABLE,
      EML_REPORT_TABLE,   EML_REPORT_HEADING, EML_REPORT_CHART};
  assert_int_equal(eml_report_items(r, 0), sizeof kinds / sizeof kinds[0]);
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    assert_int_equal(eml_report_item_at(r, 0, i)->kind, kinds[i]);
  assert_string_equal(eml_report_item_at(r, 0, 0)->text, "TDM7 — scanner, site FINESS 750000010");
  assert_true(eml_report_item_at(r, 0, 0)->new_page && eml_report_item_at(r, 0, 5)->new_page);
  assert_string_equal(eml_report_item_at(r, 0, 1)->text,
                      "Campagne du 21/10/2024 au 03/11/2024 (2,0 semaines) ; rang centile, P20, "
                      "médiane et P80 dans le panel de la modalité.");
  eml_report_free(r);
  /* without a grid: no heat map, no grid table */
  assert_int_equal(eml_report_machine(res, (size_t)m, NULL, EML_REPORT_CHARTS, &r), EML_OK);
  assert_int_equal(eml_report_items(r, 0), 3);
  eml_report_free(r);
  assert_int_equal(eml_report_machine(res, 99, grid, 0, &r), EML_ERR_NOT_FOUND);
  assert_null(r);
  eml_imaging_activity_free(act);
  eml_imaging_result_free(res);
  eml_imaging_inputs_free(&in);
}

/* Font caches live for the process: LeakSanitizer ignores them (chart.h). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return EML_CHART_LSAN_SUPPRESSIONS; }

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_object),           cmocka_unit_test(test_ownership_and_caps),
      cmocka_unit_test(test_tabular_renderers), cmocka_unit_test(test_html),
      cmocka_unit_test(test_pdf),              cmocka_unit_test(test_source_load),
      cmocka_unit_test(test_imaging_report),   cmocka_unit_test(test_machine_report),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  eml_chart_cleanup();
  return failed;
}
