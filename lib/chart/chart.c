/*
 * chart.c — the chart model of eml/chart.h (points, groups, axes, reference
 * lines) and its automatic axis ranges. Drawing is in chart_draw.c, file
 * writers in chart_write.c.
 *
 * Automatic range: the data's [lo, hi] (for BUBBLE widened by 8 % each side
 * so that circles stay inside), then rounded outwards to a "nice" step of
 * 1, 2 or 5 x 10^k giving 4 to 8 intervals; BARS and DIST start at 0 when
 * every value is >= 0.
 */
#include "chart_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

char *chart_strdup(const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d)
    memcpy(d, s, n + 1);
  return d;
}

eml_chart *eml_chart_new(eml_chart_kind kind, const char *title) {
  eml_chart *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->kind = kind;
  c->title = chart_strdup(title ? _(title) : ""); /* titles, axes, notes: translated */
  if (!c->title) {
    free(c);
    return NULL;
  }
  for (int a = 0; a < 2; a++) {
    c->axis[a].min = NAN;
    c->axis[a].max = NAN;
  }
  return c;
}

void eml_chart_free(eml_chart *c) {
  if (!c)
    return;
  free(c->title);
  free(c->note);
  for (int a = 0; a < 2; a++) {
    free(c->axis[a].label);
    eml_strings_free(c->ticks[a], c->n_ticks[a]);
  }
  for (size_t i = 0; i < c->n_points; i++)
    free(c->points[i].label);
  free(c->points);
  for (size_t i = 0; i < c->n_groups; i++) {
    free(c->groups[i].label);
    free(c->groups[i].values);
  }
  free(c->groups);
  for (size_t i = 0; i < c->n_lines; i++)
    free(c->lines[i].label);
  free(c->lines);
  for (size_t i = 0; i < c->n_areas; i++) {
    free(c->areas[i].label);
    eml_strings_free(c->areas[i].codes, c->areas[i].n_codes);
  }
  free(c->areas);
  free(c);
}

eml_chart_kind eml_chart_get_kind(const eml_chart *c) { return c->kind; }

eml_status eml_chart_set_shade_red(eml_chart *c) {
  if (c->kind != EML_CHART_BUBBLE)
    return EML_ERR_USAGE;
  c->shade_red = 1;
  return EML_OK;
}

eml_status eml_chart_set_axis(eml_chart *c, int axis, const char *label, double min, double max,
                              int percent) {
  if (axis < 0 || axis > 1 || (!isnan(min) && !isnan(max) && !(max > min)))
    return EML_ERR_USAGE;
  char *l = chart_strdup(label ? _(label) : "");
  if (!l)
    return EML_ERR_NOMEM;
  free(c->axis[axis].label);
  c->axis[axis].label = l;
  c->axis[axis].min = min;
  c->axis[axis].max = max;
  c->axis[axis].percent = percent;
  return EML_OK;
}

eml_status eml_chart_set_note(eml_chart *c, const char *note) {
  char *n = note ? chart_strdup(_(note)) : NULL;
  if (note && !n)
    return EML_ERR_NOMEM;
  free(c->note);
  c->note = n;
  return EML_OK;
}

void *chart_new_item(void **items, size_t *cap, size_t count, size_t size, eml_status *st) {
  *st = eml_grow_max(items, cap, count + 1, size, EML_CHART_POINTS_MAX);
  if (*st)
    return NULL;
  void *item = (char *)*items + count * size;
  memset(item, 0, size);
  return item;
}

eml_status eml_chart_add_point(eml_chart *c, const char *label, double x, double y, double size,
                               double shade) {
  if (c->kind == EML_CHART_DIST || c->kind == EML_CHART_MAP)
    return EML_ERR_USAGE;
  eml_status st;
  chart_point *p =
      chart_new_item((void **)&c->points, &c->cap_points, c->n_points, sizeof *p, &st);
  if (!p)
    return st;
  p->label = chart_strdup(label);
  if (label && !p->label)
    return EML_ERR_NOMEM;
  p->x = x;
  p->y = y;
  p->size = size;
  p->shade = shade;
  c->n_points++;
  return EML_OK;
}

eml_status eml_chart_set_outlines(eml_chart *c, const eml_outlines *outlines) {
  if (c->kind != EML_CHART_MAP)
    return EML_ERR_USAGE;
  c->outlines = outlines;
  return EML_OK;
}

eml_status eml_chart_add_area(eml_chart *c, const char *label, const char *const *codes, size_t n,
                              double value) {
  if (c->kind != EML_CHART_MAP || n > EML_CHART_AREA_CODES_MAX || (n && !codes))
    return EML_ERR_USAGE;
  eml_status st;
  chart_area *a = chart_new_item((void **)&c->areas, &c->cap_areas, c->n_areas, sizeof *a, &st);
  if (!a)
    return st;
  a->value = value;
  a->label = chart_strdup(label ? label : "");
  a->codes = calloc(n ? n : 1, sizeof *a->codes);
  if (!a->label || !a->codes) {
    free(a->label);
    free(a->codes);
    return EML_ERR_NOMEM;
  }
  for (; a->n_codes < n; a->n_codes++)
    if (!(a->codes[a->n_codes] = chart_strdup(codes[a->n_codes] ? codes[a->n_codes] : ""))) {
      free(a->label);
      eml_strings_free(a->codes, a->n_codes);
      return EML_ERR_NOMEM;
    }
  c->n_areas++;
  return EML_OK;
}

/* A new group of a distribution chart with its label, counted; NULL with
 * *st on failure. */
static chart_group *add_group(eml_chart *c, const char *label, eml_status *st) {
  *st = EML_ERR_USAGE;
  chart_group *g = c->kind != EML_CHART_DIST ? NULL
                   : chart_new_item((void **)&c->groups, &c->cap_groups, c->n_groups,
                                    sizeof *g, st);
  if (g && !(g->label = chart_strdup(label ? label : ""))) {
    *st = EML_ERR_NOMEM;
    return NULL;
  }
  if (g)
    c->n_groups++;
  return g;
}

eml_status eml_chart_add_group(eml_chart *c, const char *label, const double *values, size_t n) {
  if (n > EML_CHART_POINTS_MAX)
    return EML_ERR_TOO_LARGE;
  eml_status st;
  chart_group *g = add_group(c, label, &st);
  if (!g)
    return st;
  g->values = malloc((n ? n : 1) * sizeof *g->values);
  if (!g->values)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < n; i++)
    if (!isnan(values[i]))
      g->values[g->n_values++] = values[i];
  eml_sort_doubles(g->values, g->n_values);
  g->n = (long)g->n_values;
  if (g->n_values) {
    g->p20 = eml_quantile_sorted(g->values, g->n_values, 0.2);
    g->p50 = eml_quantile_sorted(g->values, g->n_values, 0.5);
    g->p80 = eml_quantile_sorted(g->values, g->n_values, 0.8);
  } else {
    g->p20 = g->p50 = g->p80 = NAN;
  }
  return EML_OK;
}

eml_status eml_chart_add_group_quantiles(eml_chart *c, const char *label, double p20, double p50,
                                         double p80, long n) {
  eml_status st;
  chart_group *g = add_group(c, label, &st);
  if (!g)
    return st;
  g->p20 = p20;
  g->p50 = p50;
  g->p80 = p80;
  g->n = n;
  return EML_OK;
}

eml_status eml_chart_add_line(eml_chart *c, double y, const char *label) {
  eml_status st;
  chart_line *l = chart_new_item((void **)&c->lines, &c->cap_lines, c->n_lines, sizeof *l, &st);
  if (!l)
    return st;
  l->y = y;
  l->label = chart_strdup(label);
  if (label && !l->label)
    return EML_ERR_NOMEM;
  c->n_lines++;
  return EML_OK;
}

eml_status eml_chart_set_ticks(eml_chart *c, int axis, const char *const *labels, size_t n) {
  if (axis < 0 || axis > 1 || n > EML_CHART_POINTS_MAX)
    return EML_ERR_USAGE;
  char **copy = calloc(n ? n : 1, sizeof *copy);
  if (!copy)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < n; i++)
    if (!(copy[i] = chart_strdup(labels[i] ? labels[i] : ""))) {
      eml_strings_free(copy, i);
      return EML_ERR_NOMEM;
    }
  eml_strings_free(c->ticks[axis], c->n_ticks[axis]);
  c->ticks[axis] = copy;
  c->n_ticks[axis] = n;
  return EML_OK;
}

double chart_nice_step(double span) {
  if (!(span > 0) || !isfinite(span))
    return 1;
  double raw = span / 6;
  double mag = pow(10, floor(log10(raw)));
  double f = raw / mag;
  double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return step * mag;
}

/* The data's range along an axis, over every value the kind draws. */
static void data_range(const eml_chart *c, int axis, double *lo, double *hi) {
  *lo = INFINITY;
  *hi = -INFINITY;
#define TAKE(v)                                                                                    \
  do {                                                                                             \
    double v_ = (v);                                                                               \
    if (isfinite(v_)) {                                                                            \
      if (v_ < *lo)                                                                                \
        *lo = v_;                                                                                  \
      if (v_ > *hi)                                                                                \
        *hi = v_;                                                                                  \
    }                                                                                              \
  } while (0)
  if (c->kind == EML_CHART_DIST) {
    if (axis == 1)
      for (size_t i = 0; i < c->n_groups; i++) {
        const chart_group *g = &c->groups[i];
        for (size_t j = 0; j < g->n_values; j++)
          TAKE(g->values[j]);
        TAKE(g->p20);
        TAKE(g->p80);
      }
  } else {
    for (size_t i = 0; i < c->n_points; i++)
      TAKE(axis == 0 ? c->points[i].x : c->points[i].y);
    if (axis == 1 &&
        (c->kind == EML_CHART_BARS || c->kind == EML_CHART_STACK || c->kind == EML_CHART_DOTS))
      for (size_t i = 0; i < c->n_lines; i++)
        TAKE(c->lines[i].y);
  }
#undef TAKE
}

void eml_chart_axis_range(const eml_chart *c, int axis, double *min, double *max) {
  const chart_axis *ax = &c->axis[axis];
  if (!isnan(ax->min) && !isnan(ax->max)) {
    *min = ax->min;
    *max = ax->max;
    return;
  }
  /* category axes: one slot per group, bar or heat-map cell */
  if (axis == 0 && (c->kind == EML_CHART_DIST || c->kind == EML_CHART_BARS)) {
    *min = 0;
    *max = (double)(c->kind == EML_CHART_DIST ? c->n_groups : c->n_points);
    if (*max < 1)
      *max = 1;
    return;
  }
  if (axis == 0 && c->kind == EML_CHART_STACK) { /* one slot per bar index */
    double last = -1;
    for (size_t i = 0; i < c->n_points; i++)
      if (isfinite(c->points[i].x) && c->points[i].x > last)
        last = c->points[i].x;
    *min = 0;
    *max = last >= 0 ? floor(last) + 1 : 1;
    return;
  }
  if (c->kind == EML_CHART_HEAT) {
    *min = 0;
    *max = (double)(c->n_ticks[axis] ? c->n_ticks[axis] : 1);
    return;
  }
  double lo, hi;
  data_range(c, axis, &lo, &hi);
  if (!(lo <= hi)) {
    lo = 0;
    hi = 1;
  }
  if (c->kind == EML_CHART_BUBBLE) {
    double pad = (hi - lo) * 0.08;
    if (pad == 0)
      pad = fabs(hi) * 0.1 + 0.1;
    lo -= pad;
    hi += pad;
  } else if (lo >= 0) {
    lo = 0;
  }
  if (hi == lo)
    hi = lo + 1;
  double step = chart_nice_step(hi - lo);
  *min = floor(lo / step) * step;
  *max = ceil(hi / step) * step;
  if (c->kind == EML_CHART_BUBBLE && lo >= 0 && *min < 0)
    *min = 0;
}
