/*
 * test_stats.c — type-7 quantiles against values computed by R:
 *   x <- c(3, 1, 4, 1, 5, 9, 2, 6)
 *   quantile(x, c(0.2, 0.5, 0.8), type = 7)  # 1.4 3.5 5.6
 *   quantile(c(10), 0.2)                       # 10
 *   quantile(c(1, 2), c(0.2, 0.8))             # 1.2 1.8
 */
#include "test_helpers.h"

#include <math.h>

static void type7(void **state) {
  (void)state;
  double x[] = {3, 1, 4, 1, 5, 9, 2, 6};
  assert_float_equal(eml_quantile(x, 8, 0.2), 1.4, 1e-12);
  assert_float_equal(eml_quantile_sorted(x, 8, 0.5), 3.5, 1e-12);
  assert_float_equal(eml_quantile_sorted(x, 8, 0.8), 5.6, 1e-12);
  assert_float_equal(eml_quantile_sorted(x, 8, 0.0), 1, 0);
  assert_float_equal(eml_quantile_sorted(x, 8, 1.0), 9, 0);
  double one[] = {10};
  assert_float_equal(eml_quantile(one, 1, 0.2), 10, 0);
  double two[] = {2, 1};
  assert_float_equal(eml_quantile(two, 2, 0.2), 1.2, 1e-12);
  assert_float_equal(eml_quantile(two, 2, 0.8), 1.8, 1e-12);
  assert_true(isnan(eml_quantile(NULL, 0, 0.5)));
}

static void percentile_rank(void **state) {
  (void)state;
  double x[] = {1, 2, 2, 3};
  assert_float_equal(eml_percentile_rank(x, 4, 2), 50.0, 1e-12);  /* 1 below, 2 equal */
  assert_float_equal(eml_percentile_rank(x, 4, 0.5), 0.0, 1e-12);
  assert_float_equal(eml_percentile_rank(x, 4, 3), 87.5, 1e-12);
  assert_float_equal(eml_percentile_rank(x, 4, 9), 100.0, 1e-12);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(type7), cmocka_unit_test(percentile_rank)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
