/*
 * test_table.c — tables remember their first error (eml/table.h): a setter
 * that fails records its status, every setter after it does nothing, the
 * builder's one check (eml_table_status, eml_table_finish) sees it, and
 * every renderer refuses the table without writing anything.
 *
 * Allocation failures are injected with core's test hook
 * (eml_test_fail_alloc, internal.h): the n-th allocation of core fails.
 * Each builder is run once per allocation it makes (counted by a first
 * run that succeeds), with that allocation failing: every run must come out
 * with EML_ERR_NOMEM and no table, never EML_OK with a table missing a
 * cell (ASan's leak checker in make test checks nothing is lost on the way).
 */
#include "test_helpers.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static eml_status buf_write(void *ctx, const char *data, size_t len) {
  return eml_buf_append(ctx, data, len);
}

/* A table of every kind of setter: 2 columns, 3 rows, a note, a subtitle. */
static eml_table *small_table(void) {
  eml_table *t = eml_table_new("t", "Titre");
  eml_table_set_subtitle(t, "Sous-titre");
  eml_table_add_column(t, NULL, "Territoire", "territory");
  eml_table_add_column(t, "Appareils", "Autorisés", "devices");
  for (int i = 0; i < 3; i++) {
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, i == 2 ? "Total" : "Paris");
    if (i == 0)
      eml_table_set_int(t, row, 1, 12, EML_CELL_SIGNED);
    else if (i == 1)
      eml_table_set_real(t, row, 1, 0.606, 1, EML_CELL_PERCENT);
    else
      eml_table_set_pair(t, row, 1, 66, 1, 5, 0);
  }
  eml_table_set_row_flags(t, 2, EML_CELL_STRONG);
  eml_table_add_note(t, "Source : ARS.");
  return t;
}

static void no_error_when_all_goes_well(void **state) {
  (void)state;
  eml_table *t = small_table();
  assert_int_equal(eml_table_status(t), EML_OK);
  assert_int_equal(eml_table_rows(t), 3);
  char buf[32];
  eml_cell_format(eml_table_cell(t, 1, 1), 1, buf, sizeof buf);
  assert_string_equal(buf, "60,6 %");
  eml_cell_format(eml_table_cell(t, 2, 1), 1, buf, sizeof buf);
  assert_string_equal(buf, "66 (5)");
  eml_table_free(t);
}

/* A cell out of range is the first error; the setters after it do
 * nothing (the row is not added, the note not kept). */
static void first_error_is_kept(void **state) {
  (void)state;
  eml_table *t = small_table();
  eml_table_set_text(t, 7, 0, "nowhere"); /* no row 7 */
  assert_int_equal(eml_table_status(t), EML_ERR_USAGE);
  eml_table_add_row(t, NULL);
  eml_table_set_text(t, 0, 0, "changed");
  eml_table_add_note(t, "later");
  eml_table_fail(t, EML_ERR_IO); /* not the first: ignored */
  assert_int_equal(eml_table_status(t), EML_ERR_USAGE);
  assert_int_equal(eml_table_rows(t), 3);
  assert_string_equal(eml_table_cell(t, 0, 0)->text, "Paris");
  assert_int_equal(eml_table_notes(t), 1);
  eml_table *out = (eml_table *)&out; /* not NULL before */
  assert_int_equal(eml_table_finish(t, &out), EML_ERR_USAGE); /* frees t */
  assert_null(out);
}

static void column_after_rows_is_an_error(void **state) {
  (void)state;
  eml_table *t = small_table();
  eml_table_add_column(t, NULL, "Trop tard", "late");
  assert_int_equal(eml_table_status(t), EML_ERR_USAGE);
  assert_int_equal(eml_table_columns(t), 2);
  eml_table_free(t);
}

/* Columns as data: added in order, group, name and key as written. */
static void columns_from_a_table(void **state) {
  (void)state;
  static const eml_column_def cols[] = {{NULL, "Zone", "zone"},
                                        {"Capacité", "Machines", "machines"}};
  eml_table *t = eml_table_new("c", "Colonnes");
  eml_table_add_columns(t, cols, 2);
  assert_int_equal(eml_table_status(t), EML_OK);
  assert_int_equal(eml_table_columns(t), 2);
  assert_null(eml_table_column(t, 0)->group);
  assert_string_equal(eml_table_column(t, 0)->name, "Zone");
  assert_string_equal(eml_table_column(t, 1)->group, "Capacité");
  assert_string_equal(eml_table_column(t, 1)->key, "machines");
  eml_table_free(t);
}

/* A printf note is kept as composed; one over 64 KiB puts the table in
 * error (EML_ERR_TOO_LARGE) and is not kept. */
static void printf_notes(void **state) {
  (void)state;
  eml_table *t = small_table();
  eml_table_add_notef(t, "%d appareil(s) à remplacer sur %ld, %s.", 2, 7L, "région");
  assert_int_equal(eml_table_status(t), EML_OK);
  assert_int_equal(eml_table_notes(t), 2);
  assert_string_equal(eml_table_note(t, 1), "2 appareil(s) à remplacer sur 7, région.");
  eml_table_add_notef(t, "%65537s", "x"); /* 65,537 bytes: one over the cap */
  assert_int_equal(eml_table_status(t), EML_ERR_TOO_LARGE);
  assert_int_equal(eml_table_notes(t), 2);
  eml_table_free(t);
}

/* NULL (eml_table_new out of memory) is a table in error. */
static void null_table_is_in_error(void **state) {
  (void)state;
  eml_table_add_column(NULL, NULL, "x", "x");
  size_t row = 99;
  eml_table_add_row(NULL, &row);
  assert_int_equal(row, 0);
  eml_table_set_int(NULL, 0, 0, 1, 0);
  eml_table_add_note(NULL, "n");
  assert_int_equal(eml_table_status(NULL), EML_ERR_NOMEM);
  eml_table *list[1] = {NULL};
  assert_int_equal(eml_tables_status(list, 1), EML_ERR_NOMEM);
}

/* Every renderer refuses a table in error, and writes nothing. */
static void renderers_refuse_a_table_in_error(void **state) {
  (void)state;
  eml_table *good = small_table(), *bad = small_table();
  eml_table_set_int(bad, 0, 9, 1, 0); /* no column 9 */
  eml_table *tables[2] = {good, bad};
  const eml_format formats[] = {EML_FORMAT_TEXT, EML_FORMAT_CSV, EML_FORMAT_JSON, EML_FORMAT_MD,
                                EML_FORMAT_HTML};
  for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
    eml_buf out;
    eml_buf_init(&out, 1 << 20);
    assert_int_equal(eml_render_tables(formats[f], tables, 2, buf_write, &out), EML_ERR_USAGE);
    assert_int_equal(out.len, 0);
    assert_int_equal(eml_render_tables(formats[f], tables, 1, buf_write, &out), EML_OK);
    assert_true(out.len > 0);
    eml_buf_free(&out);
  }
  eml_buf out;
  eml_buf_init(&out, 1 << 20);
  assert_int_equal(eml_render_html_tables(tables, 2, buf_write, &out), EML_ERR_USAGE);
  assert_int_equal(out.len, 0);
  eml_buf_free(&out);

  char path[64];
  snprintf(path, sizeof path, "/tmp/eml_test_table_%ld.xlsx", (long)getpid());
  eml_diag d;
  eml_diag_clear(&d);
  unlink(path);
  assert_int_equal(eml_render_xlsx_file(tables, 2, path, &d), EML_ERR_USAGE);
  struct stat sb;
  assert_int_equal(stat(path, &sb), -1); /* refused before the file is made */
  assert_non_null(strstr(d.message, "incomplète"));
  snprintf(path, sizeof path, "/tmp/eml_test_table_%ld.pdf", (long)getpid());
  unlink(path);
  assert_int_equal(eml_render_pdf_file(tables, 2, "Titre", path, &d), EML_ERR_USAGE);
  assert_int_equal(stat(path, &sb), -1);
  eml_table_free(good);
  eml_table_free(bad);
}

/* Runs build once per allocation it makes, that allocation failing:
 * each run must say EML_ERR_NOMEM and give no table. Returns how many
 * allocations a run that succeeds makes. */
static long walk_allocations(eml_status (*build)(eml_table **out)) {
  long allocations = 0;
  for (long n = 1;; n++) {
    eml_test_fail_alloc(n);
    eml_table *t = (eml_table *)&t;
    eml_status st = build(&t);
    eml_test_fail_alloc(0);
    if (st == EML_OK) {
      /* the armed allocation was never reached: every one succeeded */
      assert_non_null(t);
      assert_int_equal(eml_table_status(t), EML_OK);
      eml_table_free(t);
      allocations = n - 1;
      break;
    }
    assert_int_equal(st, EML_ERR_NOMEM);
    assert_null(t);
  }
  return allocations;
}

static eml_status build_small(eml_table **out) { return eml_table_finish(small_table(), out); }

/* A builder of the library: the machine sheet's heat map (24 rows). */
static eml_status build_heatmap(eml_table **out) {
  eml_imaging_heatmap g;
  for (int d = 0; d < 7; d++)
    for (int h = 0; h < 24; h++)
      g.share[d][h] = g.busy_h[d][h] = g.slot_h[d][h] = h == 2 && d == 6 ? NAN : 0.25;
  return eml_imaging_heatmap_table(&g, out);
}

static void allocation_failures_come_out(void **state) {
  (void)state;
  /* small_table: the table, id, title (3), subtitle (4), the columns'
   * array (5), name and key (7), group, name and key (10), the cells and
   * the row flags, grown once for 8 rows of 2 (12), 3 texts (15), the
   * notes' array and its note (17) */
  assert_int_equal(walk_allocations(build_small), 17);
  /* the heat map: the table, id, title (3), the columns' array (4), 8
   * names and keys (20), the cells grown 5 times (16 cells of 8 columns:
   * 2 rows, then 4, 8, 16, 32 rows) and the flags twice (16, 32 rows) (27),
   * 24 hour labels (51), the notes' array and its note (53) */
  assert_int_equal(walk_allocations(build_heatmap), 53);
}

/* The renderer refuses what a failed allocation left incomplete: the
 * table is built by hand here, without its builder's check. */
static void renderer_refuses_after_an_allocation_failure(void **state) {
  (void)state;
  eml_table *t = eml_table_new("t", "Titre");
  eml_table_add_column(t, NULL, "Territoire", "territory");
  eml_table_add_row(t, NULL);
  eml_test_fail_alloc(1);
  eml_table_set_text(t, 0, 0, "Paris"); /* its copy fails */
  eml_test_fail_alloc(0);
  eml_table_add_note(t, "Source : ARS."); /* no-op after the error */
  assert_int_equal(eml_table_status(t), EML_ERR_NOMEM);
  assert_int_equal(eml_table_notes(t), 0);
  eml_buf out;
  eml_buf_init(&out, 1 << 20);
  assert_int_equal(eml_render_tables(EML_FORMAT_TEXT, &t, 1, buf_write, &out), EML_ERR_NOMEM);
  assert_int_equal(out.len, 0);
  eml_buf_free(&out);
  eml_table_free(t);
}

/* A list of tables is sticky too: a failed table or a failed append
 * makes the whole list fail in finish, and nothing is handed over. */
static eml_status build_list(eml_table **out) {
  eml_table_list l = {0};
  for (int i = 0; i < 3; i++) {
    eml_table *t = eml_table_list_add(&l, "t", "Titre");
    eml_table_add_column(t, NULL, "Territoire", "territory");
    eml_table_add_row(t, NULL);
    eml_table_set_text(t, 0, 0, "Paris");
  }
  eml_table_list_take(&l, small_table());
  eml_table **tables;
  size_t count;
  eml_status st = eml_table_list_finish(&l, &tables, &count);
  *out = NULL;
  if (!st) {
    assert_int_equal(count, 4);
    *out = tables[3]; /* the caller checks one table: the last */
    for (size_t i = 0; i < 3; i++)
      eml_table_free(tables[i]);
    free(tables);
  } else {
    assert_null(tables);
    assert_int_equal(count, 0);
  }
  return st;
}

static void lists_fail_whole(void **state) {
  (void)state;
  /* 3 tables of 9 allocations (table, id, title, columns, name, key,
   * cells, flags, text), the list's array (1), small_table (17) */
  assert_int_equal(walk_allocations(build_list), 3 * 9 + 1 + 17);
  eml_table_list l = {0};
  eml_table_list_take(&l, NULL); /* a table that could not be made */
  assert_null(eml_table_list_add(&l, "t", "x")); /* no-op after the error */
  eml_table **tables = (eml_table **)&l;
  size_t count = 9;
  assert_int_equal(eml_table_list_finish(&l, &tables, &count), EML_ERR_NOMEM);
  assert_null(tables);
  assert_int_equal(count, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(no_error_when_all_goes_well),
      cmocka_unit_test(first_error_is_kept),
      cmocka_unit_test(column_after_rows_is_an_error),
      cmocka_unit_test(columns_from_a_table),
      cmocka_unit_test(printf_notes),
      cmocka_unit_test(null_table_is_in_error),
      cmocka_unit_test(renderers_refuse_a_table_in_error),
      cmocka_unit_test(allocation_failures_come_out),
      cmocka_unit_test(renderer_refuses_after_an_allocation_failure),
      cmocka_unit_test(lists_fail_whole),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
