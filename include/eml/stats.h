/*
 * eml/stats.h — pure statistics used by the reports (no I/O, no globals).
 *
 * Quantiles are R's `quantile(type = 7)` (the default of R and NumPy):
 * for sorted x[0..n-1] and probability p, h = (n - 1) p, and the value is
 * x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 */
#ifndef EML_STATS_H
#define EML_STATS_H

#include <stddef.h>

/* Type-7 quantile of values already sorted ascending; n > 0, 0 <= p <= 1. */
double eml_quantile_sorted(const double *sorted, size_t n, double p);
/* Sorts values in place (ascending) then returns the type-7 quantile; NAN
 * when n == 0. */
double eml_quantile(double *values, size_t n, double p);
/* Sorts ascending in place. */
void eml_sort_doubles(double *values, size_t n);
/* Percentile rank of v among n sorted values, in [0, 100]: the share of
 * values strictly below v plus half of those equal (the "mid-rank"). */
double eml_percentile_rank(const double *sorted, size_t n, double v);

#endif
