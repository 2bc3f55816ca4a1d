/*
 * test_robust_csv.c — regression tests of the crashes the fuzzers found in
 * the CSV reader (tests/fuzz/regressions/csv/), one function per crash.
 */
#include "test_helpers.h"

/* fuzz_csv, regressions/csv/field-too-large-value-overread.csv: with a
 * field cap below 40 bytes, the diagnostic of a too-large field copied 40
 * bytes of a field that kept only `cap` of them (heap overread under
 * ASan). The value shown is now the kept start: here the cap is 4, the
 * field "abcdefghij" (10 bytes), so the value is "abcd". */
static void too_large_field_with_small_cap(void **state) {
  (void)state;
  static const char data[] = "name\nabcdefghij\nok\n";
  eml_csv_options opts = {.max_field_bytes = 4};
  eml_csv_reader *r = NULL;
  eml_diag d;
  eml_diag_clear(&d);
  assert_int_equal(eml_csv_open_memory("t.csv", data, sizeof data - 1, &opts, &r, &d), EML_OK);
  int has = 0;
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_TOO_LARGE);
  assert_int_equal(has, 1);
  assert_string_equal(d.value, "abcd");
  assert_int_equal(d.line, 2);
  assert_int_equal(eml_csv_next(r, &has, &d), EML_OK); /* goes on with the next record */
  assert_string_equal(eml_csv_field(r, 0, NULL), "ok");
  eml_csv_close(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(too_large_field_with_small_cap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
