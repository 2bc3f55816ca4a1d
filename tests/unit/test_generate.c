/*
 * test_generate.c — properties of a campaign written by eml_generate_imaging,
 * read back with eml's own readers (eml/csv.h, eml/time.h, eml/schedule.h):
 *   - expanding the schedule.csv it writes gives exactly its sessions.csv;
 *   - across the October 2010 change (31 October) every written time reads
 *     back to an exam that ends after it starts, reports come after the
 *     exam, no time falls in the hour skipped in March, sessions and exams
 *     of one machine do not overlap;
 *   - options out of range are refused.
 * The calibration against the seed's figures is checked by
 * tests/tools/imaging_calibration.py (too slow for a unit test).
 */
#include "test_helpers.h"

#include <stdlib.h>
#include <unistd.h>

#include "eml/generate.h"
#include "eml/schedule.h"

typedef struct dated {
  char id[16];
  eml_time start, end;
  int type;
} dated;

typedef struct dated_list {
  dated *items;
  size_t n, cap;
} dated_list;

static void push(dated_list *l, const char *id, eml_time start, eml_time end, int type) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 1024;
    l->items = realloc(l->items, l->cap * sizeof *l->items);
    assert_non_null(l->items);
  }
  dated *d = &l->items[l->n++];
  snprintf(d->id, sizeof d->id, "%s", id);
  d->start = start;
  d->end = end;
  d->type = type;
}

static int compare_dated(const void *a, const void *b) {
  const dated *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  if (c)
    return c;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return x->type - y->type;
}

static eml_status collect(void *ctx, const char *equipment_id, eml_time start, eml_time end,
                          eml_session_type type, eml_diag *diag) {
  (void)diag;
  push(ctx, equipment_id, start, end, (int)type);
  return EML_OK;
}

static eml_time field_time(eml_csv_reader *r, size_t col, int *flags) {
  size_t len;
  const char *f = eml_csv_field(r, col, &len);
  eml_time t = 0;
  assert_int_equal(eml_datetime_parse(f, len, &t, flags), EML_OK);
  return t;
}

static char dir[64];

static int make_campaign(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/eml_test_generate_XXXXXX");
  if (!mkdtemp(dir))
    return -1;
  eml_generate_options o;
  eml_generate_defaults(&o);
  o.ct = 4;
  o.mri = 2;
  o.days = 14;
  o.seed = 11;
  o.from = eml_date_from_civil(2010, 10, 25);
  o.write_schedule = 1;
  eml_generate_counts counts;
  eml_diag diag;
  if (eml_generate_imaging(&o, dir, &counts, &diag) != EML_OK)
    return -1;
  return counts.machines == 6 && counts.exams > 0 ? 0 : -1;
}

static int remove_campaign(void **state) {
  (void)state;
  static const char *const files[] = {"sites.csv",    "equipment.csv",    "sessions.csv",
                                      "exams.csv",    "appointments.csv", "schedule.csv"};
  char path[128];
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  return rmdir(dir);
}

static void schedule_expands_to_sessions(void **state) {
  (void)state;
  char path[128];
  eml_diag diag;
  eml_schedule *s = eml_schedule_new();
  snprintf(path, sizeof path, "%s/schedule.csv", dir);
  assert_int_equal(eml_schedule_read(s, path, NULL, NULL, NULL, &diag), EML_OK);
  dated_list expanded = {0}, written = {0};
  eml_schedule_window w = {eml_date_from_civil(2010, 10, 25), eml_date_from_civil(2010, 11, 8),
                           0, NULL, NULL};
  assert_int_equal(eml_schedule_expand(s, &w, collect, &expanded, &diag), EML_OK);
  eml_schedule_free(s);

  eml_csv_reader *r;
  snprintf(path, sizeof path, "%s/sessions.csv", dir);
  assert_int_equal(eml_csv_open(path, NULL, &r, &diag), EML_OK);
  int has;
  int on_call_25h = 0;
  while (eml_csv_next(r, &has, &diag) == EML_OK && has) {
    size_t len;
    const char *type_text = eml_csv_field(r, 3, &len);
    eml_session_type type;
    assert_int_equal(eml_session_type_parse(type_text, len, &type), EML_OK);
    int flags;
    eml_time start = field_time(r, 1, &flags), end = field_time(r, 2, &flags);
    assert_true(end > start);
    /* Sunday 31 October 2010 lasts 25 h: a whole-day on-call has 90000 s */
    on_call_25h += type == EML_SESSION_ON_CALL && end - start == 90000;
    push(&written, eml_csv_field(r, 0, NULL), start, end, (int)type);
  }
  eml_csv_close(r);
  assert_true(on_call_25h > 0);
  assert_int_equal(expanded.n, written.n);
  qsort(expanded.items, expanded.n, sizeof(dated), compare_dated);
  qsort(written.items, written.n, sizeof(dated), compare_dated);
  for (size_t i = 0; i < written.n; i++)
    assert_int_equal(compare_dated(&expanded.items[i], &written.items[i]), 0);
  /* sessions of one machine never overlap */
  for (size_t i = 1; i < written.n; i++)
    if (strcmp(written.items[i].id, written.items[i - 1].id) == 0)
      assert_true(written.items[i].start >= written.items[i - 1].end);
  free(expanded.items);
  free(written.items);
}

static void exam_times_read_back(void **state) {
  (void)state;
  char path[128];
  eml_diag diag;
  eml_csv_reader *r;
  snprintf(path, sizeof path, "%s/exams.csv", dir);
  assert_int_equal(eml_csv_open(path, NULL, &r, &diag), EML_OK);
  dated_list exams = {0};
  eml_time window_start = eml_paris_midnight(eml_date_from_civil(2010, 10, 25));
  eml_time window_end = eml_paris_midnight(eml_date_from_civil(2010, 11, 8));
  int has;
  while (eml_csv_next(r, &has, &diag) == EML_OK && has) {
    int flags_start, flags_end, flags_report;
    eml_time start = field_time(r, 2, &flags_start), end = field_time(r, 3, &flags_end);
    assert_int_not_equal(flags_start, EML_TIME_SKIPPED);
    assert_true(end > start);
    assert_true(end - start <= 4 * 3600);
    assert_true(start >= window_start && start < window_end);
    size_t len;
    eml_csv_field(r, 6, &len);
    if (len)
      assert_true(field_time(r, 6, &flags_report) >= end);
    push(&exams, eml_csv_field(r, 1, NULL), start, end, 0);
  }
  eml_csv_close(r);
  assert_true(exams.n > 500);
  qsort(exams.items, exams.n, sizeof(dated), compare_dated);
  for (size_t i = 1; i < exams.n; i++)
    if (strcmp(exams.items[i].id, exams.items[i - 1].id) == 0)
      assert_true(exams.items[i].start >= exams.items[i - 1].end);
  /* every exam starts inside a session of its machine */
  dated_list sessions = {0};
  snprintf(path, sizeof path, "%s/sessions.csv", dir);
  assert_int_equal(eml_csv_open(path, NULL, &r, &diag), EML_OK);
  while (eml_csv_next(r, &has, &diag) == EML_OK && has) {
    int flags;
    eml_time start = field_time(r, 1, &flags), end = field_time(r, 2, &flags);
    push(&sessions, eml_csv_field(r, 0, NULL), start, end, 0);
  }
  eml_csv_close(r);
  qsort(sessions.items, sessions.n, sizeof(dated), compare_dated);
  size_t k = 0; /* sessions of a machine do not overlap: one sweep */
  for (size_t i = 0; i < exams.n; i++) {
    const dated *x = &exams.items[i];
    while (k < sessions.n && (strcmp(sessions.items[k].id, x->id) < 0 ||
                              (strcmp(sessions.items[k].id, x->id) == 0 &&
                               sessions.items[k].end <= x->start)))
      k++;
    assert_true(k < sessions.n);
    assert_string_equal(sessions.items[k].id, x->id);
    assert_true(sessions.items[k].start <= x->start);
  }
  free(sessions.items);
  free(exams.items);
}

static void bad_options(void **state) {
  (void)state;
  eml_generate_options o;
  eml_generate_defaults(&o);
  eml_diag diag;
  char msg[256];
  assert_int_equal(eml_generate_imaging(&o, dir, NULL, &diag), EML_ERR_USAGE); /* no machine */
  eml_diag_format(&diag, msg, sizeof msg);
  assert_string_equal(msg, "option --ct : de 1 à 100 000 équipements en tout");
  o.ct = 1;
  o.days = 0;
  assert_int_equal(eml_generate_imaging(&o, dir, NULL, &diag), EML_ERR_USAGE);
  o.days = 7;
  o.threads = EML_THREADS_MAX + 1; /* 1 to 256 (issue 12: it was 1 or 2) */
  assert_int_equal(eml_generate_imaging(&o, dir, NULL, &diag), EML_ERR_USAGE);
  eml_diag_format(&diag, msg, sizeof msg);
  assert_string_equal(msg, "option --threads : de 1 à 256 fils d'exécution (0 : les cœurs en ligne)");
  o.threads = -1;
  assert_int_equal(eml_generate_imaging(&o, dir, NULL, &diag), EML_ERR_USAGE);
  o.threads = 1;
  assert_int_equal(eml_generate_imaging(&o, "/nonexistent/folder", NULL, &diag), EML_ERR_IO);
  eml_diag_format(&diag, msg, sizeof msg);
  assert_string_equal(msg, "/nonexistent/folder/sites.csv: création impossible : fichier ou répertoire introuvable");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(schedule_expands_to_sessions),
      cmocka_unit_test(exam_times_read_back),
      cmocka_unit_test(bad_options),
  };
  return cmocka_run_group_tests(tests, make_campaign, remove_campaign);
}
