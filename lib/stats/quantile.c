/*
 * quantile.c — type-7 quantiles and percentile ranks (eml/stats.h).
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

void eml_sort_doubles(double *values, size_t n) {
  if (n > 1)
    qsort(values, n, sizeof *values, cmp_double);
}

double eml_quantile_sorted(const double *x, size_t n, double p) {
  if (n == 0)
    return NAN;
  double h = (double)(n - 1) * p;
  size_t lo = (size_t)floor(h);
  if (lo >= n - 1)
    return x[n - 1];
  return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

double eml_quantile(double *values, size_t n, double p) {
  eml_sort_doubles(values, n);
  return eml_quantile_sorted(values, n, p);
}

double eml_percentile_rank(const double *sorted, size_t n, double v) {
  if (n == 0)
    return NAN;
  size_t below = 0, equal = 0;
  for (size_t i = 0; i < n; i++) {
    if (sorted[i] < v)
      below++;
    else if (sorted[i] == v)
      equal++;
  }
  return 100.0 * ((double)below + 0.5 * (double)equal) / (double)n;
}
