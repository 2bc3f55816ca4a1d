/*
 * test_robust_csv.c — regression tests of the crashes the fuzzers found in
 * the CSV reader (tests/fuzz/regressions/csv/), one function per crash,
 * and of its caps on one record (number of fields, bytes).
 */
#include "test_helpers.h"

#include <stdlib.h>

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

/* Reads data (header "a", then one record); returns the status of the
 * first record and checks the second one, "ok", is read after it. */
static eml_status first_record(const char *data, size_t len, eml_diag *d) {
  eml_csv_reader *r = NULL;
  eml_diag_clear(d);
  assert_int_equal(eml_csv_open_memory("t.csv", data, len, NULL, &r, d), EML_OK);
  int has = 0;
  eml_status st = eml_csv_next(r, &has, d);
  assert_int_equal(has, 1);
  eml_diag next;
  assert_int_equal(eml_csv_next(r, &has, &next), EML_OK);
  assert_int_equal(has, 1);
  assert_string_equal(eml_csv_field(r, 0, NULL), "ok");
  eml_csv_close(r);
  return st;
}

/* A line of 1,000,001 fields is refused (memory stays bounded: a 50 MB
 * line of commas took 500 MB); 1,000,000 fields are still read. */
static void too_many_fields(void **state) {
  (void)state;
  size_t commas = 1000000; /* 1,000,001 fields */
  size_t len = 2 + commas + 4;
  char *data = malloc(len);
  assert_non_null(data);
  memcpy(data, "a\n", 2);
  memset(data + 2, ',', commas);
  memcpy(data + 2 + commas, "\nok\n", 4);
  eml_diag d;
  assert_int_equal(first_record(data, len, &d), EML_ERR_CSV);
  assert_string_equal(d.message, "more than 1000000 fields in the line");
  assert_int_equal(d.line, 2);
  data[2] = 'x'; /* 999,999 commas: 1,000,000 fields */
  assert_int_equal(first_record(data, len, &d), EML_OK);
  free(data);
}

/* A line of 70 fields of 1,000,000 bytes (70 MB, each field under the
 * 1 MiB field cap) passes the 64 MiB record cap: refused, then the next
 * record is read. */
static void line_over_64_mib(void **state) {
  (void)state;
  size_t nfields = 70, field = 1000000;
  size_t len = 2 + nfields * (field + 1) + 3;
  char *data = malloc(len);
  assert_non_null(data);
  memcpy(data, "a\n", 2);
  char *p = data + 2;
  for (size_t i = 0; i < nfields; i++) {
    memset(p, 'x', field);
    p[field] = i + 1 < nfields ? ',' : '\n';
    p += field + 1;
  }
  memcpy(p, "ok\n", 3);
  eml_diag d;
  assert_int_equal(first_record(data, len, &d), EML_ERR_CSV);
  assert_string_equal(d.message, "ligne de plus de 64 Mio");
  free(data);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(too_large_field_with_small_cap),
      cmocka_unit_test(too_many_fields),
      cmocka_unit_test(line_over_64_mib),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
