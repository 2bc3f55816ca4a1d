/*
 * test_robust_buf.c — the cap of eml_buf is hard (internal.h): found while
 * importing a 100 MB line, whose raw copy (cap 64 MiB) was kept whole
 * because eml_buf_putc's fast path only looked at the allocation, which
 * grows by doubling past the cap.
 */
#include "test_helpers.h"

/* max 100: the allocation doubles 64 -> 128 at the 64th byte, so bytes
 * 100..127 used to be accepted; now the 101st putc fails and len is 100. */
static void putc_stops_at_the_cap(void **state) {
  (void)state;
  eml_buf b;
  eml_buf_init(&b, 100);
  int accepted = 0;
  for (int i = 0; i < 300; i++)
    accepted += eml_buf_putc(&b, 'x') == EML_OK;
  assert_int_equal(accepted, 100);
  assert_int_equal(b.len, 100);
  assert_int_equal(eml_buf_putc(&b, 'x'), EML_ERR_TOO_LARGE);
  assert_int_equal(eml_buf_append(&b, "y", 1), EML_ERR_TOO_LARGE);
  assert_int_equal(strlen(b.data), 100);
  eml_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(putc_stops_at_the_cap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
