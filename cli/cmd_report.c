/*
 * cmd_report.c — `eml report bilan|imaging|rt --format pdf|xlsx --output FILE`
 * (issue 6, "Documents"): the reports of `eml bilan`, `eml imaging report`
 * and `eml rt report` as a document a planner can send. The reports are
 * libeml's (eml/report.h, lib/report/: the same the dashboard shows), asked
 * here as documents with their charts: PDF (title page with the date and
 * sources, the tables, the charts, the notes, the data-quality annex) or
 * XLSX (one sheet per table, numbers as numbers). --charts DIR also writes
 * every chart as DIR/NAME.svg and DIR/NAME.png. The charts of each report
 * are listed in docs/charts.md.
 *
 * `eml report machines --output DIR` (issue 6, "the per-machine sheet of the
 * benchmark as a one- or two-page PDF per site"; issue 4's sheet): one PDF
 * per site, two pages per machine — the sheet's tables, then its
 * hour-by-weekday heat map (docs/charts.md); with --format xlsx (issue 18)
 * one workbook per site, one sheet per machine, from the same reports.
 */
#include "cli.h"
#include "commands.h"
#include "imaging_input.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Font caches live for the process: LeakSanitizer ignores them (chart.h). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return EML_CHART_LSAN_SUPPRESSIONS; }

/* Documents: the charts and the document's parts (eml/report.h). */
#define REPORT_DOCUMENT (EML_REPORT_CHARTS | EML_REPORT_DOCUMENT)

typedef struct report_args {
  const char *db, *period, *output, *charts_dir, *geo;
  const char *rules; /* report rt: the 2023 regime's rules (--rules) */
  int geo_shipped; /* geo: the outlines of the data folder (their credit is known) */
  const char *finess; /* report machines: only the sites of these FINESS prefixes */
  eml_date at;
  int has_at, has_format, year, xlsx;
  imaging_input in; /* eml report imaging, eml report machines */
} report_args;

/* What a document is built from: the report, and the outlines its maps
 * borrow (freed after it). */
typedef struct report_doc {
  eml_report *report;
  eml_outlines *outlines;
} report_doc;

/* The options the command declares (commands.c) into *a; the imaging
 * inputs too for report imaging and report machines. */
static void parse_args(const cli_args *args, report_args *a) {
  memset(a, 0, sizeof *a);
  imaging_input_from_args(&a->in, args);
  a->db = cli_text(args, "db");
  a->output = cli_text(args, "output");
  if (cli_takes(args, "at") && (a->has_at = cli_given(args, "at") > 0))
    a->at = cli_date(args, "at");
  if (cli_takes(args, "period"))
    a->period = cli_text(args, "period");
  if (cli_takes(args, "year"))
    a->year = (int)cli_whole(args, "year");
  a->has_format = cli_given(args, "format") > 0;
  a->xlsx = strcmp(cli_text(args, "format"), "xlsx") == 0;
  if (cli_takes(args, "charts"))
    a->charts_dir = cli_text(args, "charts");
  if (cli_takes(args, "geo")) {
    a->geo = cli_text(args, "geo");
    a->geo_shipped = !cli_given(args, "geo");
  }
  if (cli_takes(args, "finess"))
    a->finess = cli_text(args, "finess");
  if (cli_takes(args, "rules"))
    a->rules = cli_text(args, "rules");
}

/* ---- imaging ---- */

static int report_imaging(const report_args *a, report_doc *doc) {
  imaging_input in = a->in;
  int rc = imaging_input_check(&in);
  eml_imaging_result *res = NULL;
  if (rc < 0)
    rc = imaging_input_compute(&in, &res, 0);
  char today[16];
  cli_today_text(today, sizeof today);
  if (rc < 0)
    rc = imaging_input_report(&in, res, REPORT_DOCUMENT, today, &doc->report);
  imaging_input_free(&in);
  eml_imaging_result_free(res);
  return rc;
}

/* ---- radiotherapy ---- */

static int report_rt(const report_args *a, report_doc *doc) {
  if (!a->db || !a->year)
    return cli_fail(CLI_EXIT_USAGE, _("les options --db et --year sont obligatoires"));
  static const unsigned char no_key[EML_RT_KEY_BYTES];
  eml_rt_data *data = eml_rt_data_new(no_key);
  if (!data)
    return cli_fail(CLI_EXIT_SYSTEM, _("mémoire insuffisante"));
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_rt_read(a->db, data, &d);
  if (st) {
    cli_print_diag(&d);
    eml_rt_data_free(data);
    return cli_exit_code(st);
  }
  char today[16];
  cli_today_text(today, sizeof today);
  eml_rt_options opts;
  eml_rt_options_default(&opts);
  eml_regime_rules rules = {0};
  int rc = cli_rt_rules_load(a->year, a->rules, &rules, &opts);
  if (rc >= 0) {
    eml_rt_data_free(data);
    return rc;
  }
  eml_report_rt_args args = {.data = data, .year = a->year, .opts = &opts,
                             .parts = EML_REPORT_RT_REGIONAL, .centre = -1,
                             .flags = REPORT_DOCUMENT, .source = a->db, .edited = today};
  st = eml_report_rt(&args, &doc->report);
  eml_rt_data_free(data);
  eml_regime_rules_free(&rules);
  return st ? cli_fail(cli_exit_code(st), _("construction du rapport impossible : %s"),
                       eml_strerror(st))
            : -1;
}

/* ---- bilan ---- */

static int report_bilan(const report_args *a, report_doc *doc) {
  if (!a->db || !a->has_at || !a->period)
    return cli_fail(CLI_EXIT_USAGE, _("les options --db, --at et --period sont obligatoires"));
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_outlines_load(a->geo, &doc->outlines, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_fail(cli_exit_code(st),
                    _("lecture des contours des cartes impossible (--geo FICHIER)"));
  }
  eml_register reg;
  int rc = cli_register_read(a->db, &reg);
  if (rc)
    return rc;
  eml_regime_rules rules = {0}; /* the 2023 checks of a site (data/regimes/2023.csv) */
  rc = cli_regime_rules(&rules);
  if (rc) {
    eml_register_free(&reg);
    return rc;
  }
  char today[16];
  cli_today_text(today, sizeof today);
  eml_report_balance_args args = {.reg = &reg,
                                  .period = a->period,
                                  .at = a->at,
                                  .modality = -1,
                                  .rules = &rules,
                                  .flags = REPORT_DOCUMENT,
                                  .outlines = doc->outlines,
                                  .outlines_credit =
                                      a->geo_shipped ? EML_OUTLINES_SHIPPED_CREDIT : NULL,
                                  .source = a->db,
                                  .edited = today};
  rc = cli_balance_report(&args, _("construction du rapport"), &doc->report);
  eml_register_free(&reg);
  eml_regime_rules_free(&rules);
  return rc;
}

/* ---- writing ---- */

eml_status cli_write_charts(const eml_report *r, const char *dir, eml_diag *d) {
  mkdir(dir, 0777);
  eml_status st = EML_OK;
  for (int annex = 0; annex < 2; annex++)
    for (size_t i = 0; !st && i < eml_report_items(r, annex); i++) {
      const eml_report_item *it = eml_report_item_at(r, annex, i);
      for (int f = 0; !st && it->kind == EML_REPORT_CHART && f < 2; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.%s", dir, it->name ? it->name : "graphique",
                 f ? "png" : "svg");
        st = eml_chart_write(it->chart, f ? EML_CHART_PNG : EML_CHART_SVG, path, 600, 400, d);
      }
    }
  return st;
}

static int write_report(const report_args *a, const eml_report *r) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = a->xlsx ? eml_render_report_xlsx_file(r, a->output, &d)
                          : eml_render_report_pdf_file(r, a->output, &d);
  if (!st && a->charts_dir)
    st = cli_write_charts(r, a->charts_dir, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

static int run(const cli_args *args, int (*build)(const report_args *, report_doc *)) {
  report_args a;
  parse_args(args, &a);
  report_doc doc = {NULL, NULL};
  int rc = build(&a, &doc);
  if (rc < 0)
    rc = write_report(&a, doc.report);
  eml_report_free(doc.report);
  eml_outlines_free(doc.outlines);
  eml_chart_cleanup();
  return rc;
}

int cmd_report_bilan(const cli_args *a) { return run(a, report_bilan); }
int cmd_report_imaging(const cli_args *a) { return run(a, report_imaging); }
int cmd_report_rt(const cli_args *a) { return run(a, report_rt); }

/* ---- the per-machine sheets, one PDF per site (issue 6; issue 4's sheet) ----
 * For each site (FINESS of equipment.csv) DIR/fiches_FINESS.pdf holds the
 * sheet of each machine of the site (eml_report_machine as a document), in
 * the order of equipment_id: two A4 pages per machine, the indicators with
 * their percentile rank and the panel's P20 / median / P80, the classes and
 * the data-quality counts on the first, the hour-by-weekday heat map and
 * how to read it on the second. */

/* The site part of a file name: letters and digits of the FINESS. */
static void site_file_name(const char *finess, char *buf, size_t size) {
  size_t n = 0;
  for (const char *p = finess; *p && n + 1 < size; p++)
    if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
      buf[n++] = *p;
  buf[n] = 0;
  if (!n)
    snprintf(buf, size, "sans_finess");
}

/* Whether a site is asked for: every site without --finess, else those
 * whose FINESS begins with one of the comma-separated prefixes. */
static int site_wanted(const char *prefixes, const char *finess) {
  if (!prefixes)
    return 1;
  for (const char *p = prefixes; *p;) {
    size_t len = strcspn(p, ",");
    if (len && strncmp(finess, p, len) == 0)
      return 1;
    p += len + (p[len] == ',');
  }
  return 0;
}

static int cmp_text(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The machines of one site as one workbook: one sheet per machine named by
 * its id, the same report as the PDF's (eml_report_machine as a document);
 * prints its line. Returns an exit code. */
static int write_site_xlsx(const char *path, const eml_imaging_result *res,
                           const eml_imaging_activity *act, const char *finess) {
  size_t n = eml_imaging_machine_count(res), count = 0;
  eml_report **sheets = calloc(n ? n : 1, sizeof *sheets);
  const char **names = calloc(n ? n : 1, sizeof *names);
  eml_status st = sheets && names ? EML_OK : EML_ERR_NOMEM;
  for (size_t i = 0; !st && i < n; i++)
    if (strcmp(eml_imaging_machine_at(res, i)->finess, finess) == 0) {
      names[count] = eml_imaging_machine_at(res, i)->equipment_id;
      st = eml_report_machine(res, i, eml_imaging_activity_machine(act, i), REPORT_DOCUMENT,
                              &sheets[count]);
      count += !st;
    }
  eml_diag d;
  eml_diag_clear(&d);
  int rc = CLI_EXIT_OK;
  if (!st && (st = eml_render_reports_xlsx_file((const eml_report *const *)sheets, names, count,
                                                path, &d))) {
    cli_print_diag(&d);
    rc = cli_exit_code(st);
  } else if (st) {
    rc = cli_fail(cli_exit_code(st), "%s: %s", path, eml_strerror(st));
  } else {
    char sheets_text[64];
    snprintf(sheets_text, sizeof sheets_text, _n("%zu feuille", "%zu feuilles", count), count);
    printf(_n("%s: %zu équipement, %s\n", "%s: %zu équipements, %s\n", count), path, count,
           sheets_text);
  }
  for (size_t i = 0; sheets && i < count; i++)
    eml_report_free(sheets[i]);
  free(sheets);
  free(names);
  return rc;
}

/* The machines of one site as one PDF, two pages each; prints its line.
 * Returns an exit code. */
static int write_site_pdf(const char *path, const eml_imaging_result *res,
                          const eml_imaging_activity *act, const char *finess) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_pdf_doc *doc = eml_pdf_doc_new(path, &d);
  if (!doc) {
    cli_print_diag(&d);
    return CLI_EXIT_SYSTEM;
  }
  size_t n = eml_imaging_machine_count(res);
  eml_status st = EML_OK;
  long machines = 0;
  for (size_t i = 0; !st && i < n; i++)
    if (strcmp(eml_imaging_machine_at(res, i)->finess, finess) == 0) {
      eml_report *sheet = NULL;
      st = eml_report_machine(res, i, eml_imaging_activity_machine(act, i), REPORT_DOCUMENT,
                              &sheet);
      if (!st)
        st = eml_pdf_report(doc, sheet);
      eml_report_free(sheet);
      machines++;
      eml_progress_add(1, 0);
    }
  int pages = eml_pdf_doc_pages(doc);
  eml_status closed = eml_pdf_doc_close(doc, &d);
  if (st || closed) {
    if (closed)
      cli_print_diag(&d);
    else
      cli_fail(cli_exit_code(st), "%s: %s", path, eml_strerror(st));
    return cli_exit_code(st ? st : closed);
  }
  cli_progress_clear();
  char pages_text[64];
  snprintf(pages_text, sizeof pages_text, _n("%d page", "%d pages", pages), pages);
  printf(_n("%s: %ld équipement, %s\n", "%s: %ld équipements, %s\n", machines), path, machines,
         pages_text);
  return CLI_EXIT_OK;
}

/* Writes the file of each site; returns an exit code. */
static int write_sites(const report_args *a, const eml_imaging_result *res,
                       const eml_imaging_activity *act) {
  size_t n = eml_imaging_machine_count(res), n_sites = 0;
  const char **sites = malloc((n ? n : 1) * sizeof *sites);
  if (!sites)
    return cli_fail(CLI_EXIT_SYSTEM, _("mémoire insuffisante"));
  for (size_t i = 0; i < n; i++)
    if (site_wanted(a->finess, eml_imaging_machine_at(res, i)->finess))
      sites[n_sites++] = eml_imaging_machine_at(res, i)->finess;
  if (a->finess && !n_sites) {
    free(sites);
    eml_diag d;
    eml_diag_set(&d, NULL, 0, "--finess", a->finess, strlen(a->finess),
                 "aucun scanner ni IRM d'un tel site dans le fichier des équipements");
    cli_print_diag(&d);
    return CLI_EXIT_DATA;
  }
  qsort(sites, n_sites, sizeof *sites, cmp_text);
  int rc = CLI_EXIT_OK;
  eml_progress_begin(EML_PROGRESS_SHEETS, (int64_t)n_sites); /* one per machine */
  for (size_t s = 0; s < n_sites && rc == CLI_EXIT_OK; s++) {
    if (s && strcmp(sites[s], sites[s - 1]) == 0)
      continue;
    char name[64], path[4096];
    site_file_name(sites[s], name, sizeof name);
    snprintf(path, sizeof path, "%s/fiches_%s.%s", a->output, name, a->xlsx ? "xlsx" : "pdf");
    rc = a->xlsx ? write_site_xlsx(path, res, act, sites[s])
                 : write_site_pdf(path, res, act, sites[s]);
  }
  eml_progress_end();
  free(sites);
  return rc;
}

int cmd_report_machines(const cli_args *args) {
  report_args a;
  parse_args(args, &a);
  int rc;
  eml_imaging_result *res = NULL;
  if ((rc = imaging_input_check(&a.in)) < 0)
    rc = imaging_input_compute(&a.in, &res, 1);
  eml_imaging_activity *act = NULL;
  eml_status st = rc < 0 ? eml_imaging_activity_compute(a.in.loaded.campaign, res, -1, &act)
                         : EML_OK;
  imaging_input_free(&a.in);
  if (rc >= 0)
    return rc;
  if (st) {
    rc = cli_fail(cli_exit_code(st), _("calcul de l'activité impossible : %s"), eml_strerror(st));
  } else {
    struct stat sb;
    if (stat(a.output, &sb) != 0)
      mkdir(a.output, 0777);
    rc = write_sites(&a, res, act);
  }
  eml_imaging_activity_free(act);
  eml_imaging_result_free(res);
  eml_chart_cleanup();
  return rc;
}
