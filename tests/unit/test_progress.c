/*
 * test_progress.c — the library's progress sink (eml/progress.h): the
 * totals a sink sees, the nesting rule (only the outermost piece counts,
 * one `finished` call), nothing without a sink, and a CSV file read whole
 * (its bytes and records).
 */
#include "test_helpers.h"

typedef struct seen {
  int calls, finished;
  eml_progress_state last;
} seen;

static void record(void *ctx, const eml_progress_state *s) {
  seen *v = ctx;
  v->calls++;
  v->finished += s->finished;
  v->last = *s;
}

static void totals_and_nesting(void **state) {
  (void)state;
  seen v = {0};
  eml_progress sink = {record, &v};
  eml_progress_set(&sink);
  eml_progress_begin(EML_PROGRESS_WRITE, 10);
  eml_progress_add(3, 300);
  assert_int_equal(v.calls, 1);
  assert_int_equal(v.last.kind, EML_PROGRESS_WRITE);
  assert_int_equal(v.last.done, 3);
  assert_int_equal(v.last.total, 10);
  assert_int_equal(v.last.rows, 300);
  eml_progress_begin(EML_PROGRESS_DRAW, 99); /* inner: left out */
  eml_progress_add(50, 50);
  eml_progress_end();
  assert_int_equal(v.finished, 0);
  eml_progress_add(2, 200); /* 3 + 2 units, 300 + 200 rows */
  eml_progress_end();
  assert_int_equal(v.finished, 1);
  assert_int_equal(v.last.finished, 1);
  assert_int_equal(v.last.done, 5);
  assert_int_equal(v.last.rows, 500);
  int calls = v.calls;
  eml_progress_add(1, 1); /* no piece of work: nothing */
  eml_progress_set(NULL);
  eml_progress_begin(EML_PROGRESS_READ, 1);
  eml_progress_add(1, 1);
  eml_progress_end();
  assert_int_equal(v.calls, calls);
}

static void csv_file_read_whole(void **state) {
  (void)state;
  char path[] = "/tmp/eml_progress_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char text[] = "a,b\n1,2\n3,4\n5,6\n"; /* 16 bytes, 3 records */
  assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
  close(fd);
  seen v = {0};
  eml_progress sink = {record, &v};
  eml_progress_set(&sink);
  eml_csv_reader *r;
  eml_diag d;
  assert_int_equal(eml_csv_open(path, NULL, &r, &d), EML_OK);
  int has = 1;
  while (has)
    assert_int_equal(eml_csv_next(r, &has, &d), EML_OK);
  eml_csv_close(r);
  eml_progress_set(NULL);
  unlink(path);
  assert_int_equal(v.finished, 1);
  assert_int_equal(v.last.kind, EML_PROGRESS_READ);
  assert_int_equal(v.last.done, 16);
  assert_int_equal(v.last.total, 16);
  assert_int_equal(v.last.rows, 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(totals_and_nesting),
                                     cmocka_unit_test(csv_file_read_whole)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
