/*
 * dist.c — exact type-7 quantiles (R's default, spec imaging.md
 * "Distributions across the panel") of integer seconds: exam durations per
 * modality and patient class, report delays. A national year holds 19.4 M
 * exams: instead of sorting them, values in [base, base + IMG_HIST_SPAN)
 * are counted in a histogram and the rare others kept in a list; the k-th
 * smallest value is then read from the cumulative counts, or found in the
 * list by selection (Hoare's quickselect). For p, h = (n - 1) p and the
 * quantile is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 */
#include "imaging_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void img_int_dist_init(img_int_dist *d, int64_t base) {
  memset(d, 0, sizeof *d);
  d->base = base;
}

void img_int_dist_free(img_int_dist *d) {
  if (!d)
    return;
  free(d->counts);
  img_big_free(&d->over);
  memset(d, 0, sizeof *d);
}

static eml_status add_n(img_int_dist *d, int32_t v, uint32_t times) {
  int64_t idx = (int64_t)v - d->base;
  if (idx >= 0 && idx < (int64_t)IMG_HIST_SPAN) {
    if (!d->counts && !(d->counts = calloc(IMG_HIST_SPAN, sizeof *d->counts)))
      return EML_ERR_NOMEM;
    d->counts[idx] += times;
  } else {
    if ((d->n_over + times) * sizeof(int32_t) > d->over.cap &&
        img_big_reserve(&d->over, (d->n_over + times) * sizeof(int32_t)))
      return EML_ERR_NOMEM;
    int32_t *over = d->over.data;
    for (uint32_t k = 0; k < times; k++)
      over[d->n_over++] = v;
  }
  d->n += times;
  return EML_OK;
}

eml_status img_int_dist_add_slow(img_int_dist *d, int32_t v) { return add_n(d, v, 1); }

eml_status img_int_dist_merge(img_int_dist *into, img_int_dist *from) {
  eml_status st;
  if (from->counts)
    for (size_t i = 0; i < IMG_HIST_SPAN; i++)
      if (from->counts[i] && (st = add_n(into, (int32_t)(from->base + (int64_t)i), from->counts[i])))
        return st;
  const int32_t *over = from->over.data;
  for (size_t i = 0; i < from->n_over; i++)
    if ((st = add_n(into, over[i], 1)))
      return st;
  return EML_OK;
}

/* The k-th smallest (0-based) of v[0..n), reordering v (quickselect). */
static int32_t select_kth(int32_t *v, size_t n, size_t k) {
  size_t lo = 0, hi = n - 1;
  while (lo < hi) {
    int32_t pivot = v[lo + (hi - lo) / 2];
    size_t i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot)
        i++;
      while (v[j] > pivot)
        j--;
      if (i <= j) {
        int32_t t = v[i];
        v[i] = v[j];
        v[j] = t;
        i++;
        if (j == 0)
          break;
        j--;
      }
    }
    if (k <= j)
      hi = j;
    else if (k >= i)
      lo = i;
    else
      return v[k];
  }
  return v[k];
}

/* The k-th smallest value of the whole distribution; `below` values of the
 * list (moved first) lie under base. */
static int32_t dist_kth(img_int_dist *d, size_t below, long k) {
  int32_t *over = d->over.data;
  if ((size_t)k < below)
    return select_kth(over, below, (size_t)k);
  k -= (long)below;
  if (d->counts)
    for (size_t i = 0; i < IMG_HIST_SPAN; i++) {
      if ((long)d->counts[i] > k)
        return (int32_t)(d->base + (int64_t)i);
      k -= d->counts[i];
    }
  return select_kth(over + below, d->n_over - below, (size_t)k);
}

eml_imaging_dist img_int_dist_quantiles(img_int_dist *d, double divisor) {
  eml_imaging_dist q = {d->n, NAN, NAN, NAN};
  if (d->n == 0)
    return q;
  /* the list's values under base first */
  int32_t *over = d->over.data;
  size_t below = 0;
  for (size_t i = 0; i < d->n_over; i++)
    if (over[i] < d->base) {
      int32_t t = over[i];
      over[i] = over[below];
      over[below++] = t;
    }
  const double ps[3] = {0.2, 0.5, 0.8};
  double *outs[3] = {&q.p20, &q.p50, &q.p80};
  for (int i = 0; i < 3; i++) {
    double h = (double)(d->n - 1) * ps[i];
    long k = (long)floor(h);
    double lo = dist_kth(d, below, k) / divisor;
    double hi = k + 1 < d->n ? dist_kth(d, below, k + 1) / divisor : lo;
    *outs[i] = lo + (h - (double)k) * (hi - lo);
  }
  return q;
}
