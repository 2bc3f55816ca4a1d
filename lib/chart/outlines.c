/*
 * outlines.c — the reader of département outline files (eml/geo.h; the
 * shipped data/geo/departements.csv, data/geo/README.md): CSV rows
 * `code,ring,x,y` (plane, y to the south) or `code,ring,lon,lat`
 * (degrees), one per point, rings and départements as runs of consecutive
 * rows. The file is reference data: any bad row fails the whole load with
 * FILE:LINE: column NAME: what is wrong (value 'X').
 *
 * Model: points are kept in file order in one array; a ring is a run of
 * points, a département a run of rings. A ring or département given again
 * after other rows is found once the file is read, by sorting (so that a
 * large corrupt file costs n log n, not n^2).
 */
#include "chart_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void eml_outlines_free(eml_outlines *o) {
  if (!o)
    return;
  free(o->xy);
  free(o->rings);
  free(o->depts);
  free(o->by_code);
  free(o);
}

size_t eml_outlines_count(const eml_outlines *o) { return o->n_depts; }
int eml_outlines_geographic(const eml_outlines *o) { return o->geographic; }
size_t eml_outlines_rings(const eml_outlines *o) { return o->n_rings; }
size_t eml_outlines_points(const eml_outlines *o) { return o->n_points; }

const char *eml_outlines_code_at(const eml_outlines *o, size_t i) {
  return i < o->n_depts ? o->depts[i].code : NULL;
}

const outline_dept *chart_outline_find(const eml_outlines *o, const char *code) {
  if (!o || !code || !o->by_code)
    return NULL;
  size_t lo = 0, hi = o->n_depts;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int cmp = strcmp(o->depts[o->by_code[mid]].code, code);
    if (cmp == 0)
      return &o->depts[o->by_code[mid]];
    if (cmp < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

int eml_outlines_has(const eml_outlines *o, const char *code) {
  return chart_outline_find(o, code) != NULL;
}

/* Grows an array to hold one more item (cap: the file's points). */
static eml_status grow_one(void **items, size_t *cap, size_t count, size_t size) {
  return eml_grow_max(items, cap, count + 1, size, EML_OUTLINES_POINTS_MAX);
}

/* Sorting helpers: départements by code, rings by (département, number). */
static int by_code_cmp(const void *a, const void *b) {
  const outline_dept *da = *(const outline_dept *const *)a;
  const outline_dept *db = *(const outline_dept *const *)b;
  int cmp = strcmp(da->code, db->code);
  if (cmp)
    return cmp;
  return da->line < db->line ? -1 : da->line > db->line;
}

typedef struct ring_key {
  size_t dept;
  long ring, line;
} ring_key;
static int ring_key_cmp(const void *a, const void *b) {
  const ring_key *ka = a, *kb = b;
  if (ka->dept != kb->dept)
    return ka->dept < kb->dept ? -1 : 1;
  if (ka->ring != kb->ring)
    return ka->ring < kb->ring ? -1 : 1;
  return ka->line < kb->line ? -1 : ka->line > kb->line;
}

/* Checks, once read, that no département and no ring was given twice. */
static eml_status check_repeats(eml_outlines *o, const char *name, long *ring_lines,
                                eml_diag *diag) {
  o->by_code = malloc((o->n_depts ? o->n_depts : 1) * sizeof *o->by_code);
  const outline_dept **sorted = malloc((o->n_depts ? o->n_depts : 1) * sizeof *sorted);
  ring_key *keys = malloc((o->n_rings ? o->n_rings : 1) * sizeof *keys);
  if (!o->by_code || !sorted || !keys) {
    free(sorted);
    free(keys);
    return EML_ERR_NOMEM;
  }
  for (size_t i = 0; i < o->n_depts; i++)
    sorted[i] = &o->depts[i];
  qsort(sorted, o->n_depts, sizeof *sorted, by_code_cmp);
  for (size_t i = 0; i < o->n_depts; i++)
    o->by_code[i] = (size_t)(sorted[i] - o->depts);
  free(sorted);
  eml_status st = EML_OK;
  for (size_t i = 1; i < o->n_depts; i++) {
    const outline_dept *prev = &o->depts[o->by_code[i - 1]], *d = &o->depts[o->by_code[i]];
    if (strcmp(prev->code, d->code) == 0) {
      eml_diag_set(diag, name, d->line, "code", d->code, strlen(d->code),
                   "département given again after other rows (first at line %ld)", prev->line);
      st = EML_ERR_VALUE;
      break;
    }
  }
  for (size_t d = 0; !st && d < o->n_depts; d++)
    for (size_t r = 0; r < o->depts[d].n_rings; r++) {
      size_t k = o->depts[d].first_ring + r;
      keys[k] = (ring_key){d, o->rings[k].ring, ring_lines[k]};
    }
  if (!st)
    qsort(keys, o->n_rings, sizeof *keys, ring_key_cmp);
  for (size_t i = 1; !st && i < o->n_rings; i++)
    if (keys[i].dept == keys[i - 1].dept && keys[i].ring == keys[i - 1].ring) {
      char num[32];
      snprintf(num, sizeof num, "%ld", keys[i].ring);
      eml_diag_set(diag, name, keys[i].line, "ring", num, strlen(num),
                   "ring of département %s given again after other rows (first at line %ld)",
                   o->depts[keys[i].dept].code, keys[i - 1].line);
      st = EML_ERR_VALUE;
    }
  free(keys);
  return st;
}

/* Closes the ring being read: at least 3 points. */
static eml_status end_ring(const eml_outlines *o, const char *name, long line, eml_diag *diag) {
  if (!o->n_rings)
    return EML_OK;
  const outline_ring *r = &o->rings[o->n_rings - 1];
  if (r->n >= 3)
    return EML_OK;
  char num[32];
  snprintf(num, sizeof num, "%ld", r->ring);
  eml_diag_set(diag, name, line, "ring", num, strlen(num),
               "a ring needs at least 3 points (this one has %zu)", r->n);
  return EML_ERR_VALUE;
}

/* Reads one coordinate of column `col` (named name_col) into out. */
static eml_status read_coordinate(const eml_csv_reader *csv, size_t col, const char *col_name,
                                  double lo, double hi, double *out, eml_diag *diag) {
  size_t len;
  const char *s = eml_csv_field(csv, col, &len);
  if (eml_parse_double(s, len, 0, out) || !isfinite(*out)) {
    eml_diag_set(diag, eml_csv_name(csv), eml_csv_line(csv), col_name, s, len,
                 "not a number");
    return EML_ERR_VALUE;
  }
  if (*out < lo || *out > hi) {
    eml_diag_set(diag, eml_csv_name(csv), eml_csv_line(csv), col_name, s, len,
                 "outside [%g, %g]", lo, hi);
    return EML_ERR_VALUE;
  }
  return EML_OK;
}

eml_status eml_outlines_load(const char *path, eml_outlines **out, eml_diag *diag) {
  *out = NULL;
  eml_csv_reader *csv = NULL;
  eml_status st = eml_csv_open(path, NULL, &csv, diag);
  if (st)
    return st;
  eml_outlines *o = calloc(1, sizeof *o);
  long *ring_lines = NULL; /* line of each ring's first row */
  size_t cap_ring_lines = 0;
  if (!o) {
    eml_csv_close(csv);
    return EML_ERR_NOMEM;
  }
  const char *name = eml_csv_name(csv);
  int col_code = eml_csv_column(csv, "code"), col_ring = eml_csv_column(csv, "ring");
  int col_x = eml_csv_column(csv, "x"), col_y = eml_csv_column(csv, "y");
  if (col_x < 0 && col_y < 0 &&
      (eml_csv_column(csv, "lon") >= 0 || eml_csv_column(csv, "lat") >= 0)) {
    col_x = eml_csv_column(csv, "lon");
    col_y = eml_csv_column(csv, "lat");
    o->geographic = 1;
  }
  const char *x_name = o->geographic ? "lon" : "x", *y_name = o->geographic ? "lat" : "y";
  if (col_code < 0 || col_ring < 0 || col_x < 0 || col_y < 0) {
    const char *missing = col_code < 0   ? "code"
                          : col_ring < 0 ? "ring"
                          : col_x < 0    ? x_name
                                         : y_name;
    eml_diag_set(diag, name, 1, missing, NULL, 0,
                 "missing column (an outline file has code, ring and x, y or lon, lat)");
    st = EML_ERR_VALUE;
  }
  const double x_lo = o->geographic ? -180 : -1e9, x_hi = o->geographic ? 180 : 1e9;
  const double y_lo = o->geographic ? -90 : -1e9, y_hi = o->geographic ? 90 : 1e9;
  long prev_line = 1;
  while (!st) {
    int has = 0;
    st = eml_csv_next(csv, &has, diag);
    if (st || !has)
      break;
    long line = eml_csv_line(csv);
    size_t code_len, ring_len;
    const char *code = eml_csv_field(csv, (size_t)col_code, &code_len);
    const char *ring_text = eml_csv_field(csv, (size_t)col_ring, &ring_len);
    int64_t ring = 0;
    double x = 0, y = 0;
    if (code_len == 0 || code_len > EML_OUTLINES_CODE_MAX) {
      eml_diag_set(diag, name, line, "code", code, code_len,
                   code_len ? "code longer than %d bytes" : "empty code",
                   EML_OUTLINES_CODE_MAX);
      st = EML_ERR_VALUE;
    } else if (eml_parse_int64(ring_text, ring_len, &ring) || ring < 1 || ring > 1000000000) {
      eml_diag_set(diag, name, line, "ring", ring_text, ring_len,
                   "not a ring number (a whole number from 1)");
      st = EML_ERR_VALUE;
    } else if (o->n_points >= EML_OUTLINES_POINTS_MAX) {
      eml_diag_set(diag, name, line, NULL, NULL, 0, "more than %d points",
                   EML_OUTLINES_POINTS_MAX);
      st = EML_ERR_TOO_LARGE;
    }
    if (!st)
      st = read_coordinate(csv, (size_t)col_x, x_name, x_lo, x_hi, &x, diag);
    if (!st)
      st = read_coordinate(csv, (size_t)col_y, y_name, y_lo, y_hi, &y, diag);
    if (st)
      break;
    outline_dept *d = o->n_depts ? &o->depts[o->n_depts - 1] : NULL;
    int new_dept = !d || strcmp(d->code, code) != 0;
    int new_ring = new_dept || o->rings[o->n_rings - 1].ring != (long)ring;
    if (new_ring && (st = end_ring(o, name, prev_line, diag)))
      break;
    if (new_dept) {
      void *items = o->depts;
      if ((st = grow_one(&items, &o->cap_depts, o->n_depts, sizeof *o->depts)))
        break;
      o->depts = items;
      d = &o->depts[o->n_depts++];
      memset(d, 0, sizeof *d);
      memcpy(d->code, code, code_len + 1);
      d->first_ring = o->n_rings;
      d->line = line;
    }
    if (new_ring) {
      void *items = o->rings;
      if ((st = grow_one(&items, &o->cap_rings, o->n_rings, sizeof *o->rings)))
        break;
      o->rings = items;
      items = ring_lines;
      if ((st = grow_one(&items, &cap_ring_lines, o->n_rings, sizeof *ring_lines)))
        break;
      ring_lines = items;
      ring_lines[o->n_rings] = line;
      o->rings[o->n_rings++] = (outline_ring){o->n_points, 0, (long)ring};
      d->n_rings++;
    }
    void *items = o->xy;
    size_t cap_pairs = o->cap_points;
    if ((st = grow_one(&items, &cap_pairs, o->n_points, 2 * sizeof *o->xy)))
      break;
    o->xy = items;
    o->cap_points = cap_pairs;
    o->xy[2 * o->n_points] = x;
    o->xy[2 * o->n_points + 1] = y;
    o->n_points++;
    o->rings[o->n_rings - 1].n++;
    prev_line = line;
  }
  if (!st)
    st = end_ring(o, name, prev_line, diag);
  if (!st && o->n_points == 0) {
    eml_diag_set(diag, name, 0, NULL, NULL, 0, "no outline in the file");
    st = EML_ERR_EMPTY;
  }
  if (!st)
    st = check_repeats(o, name, ring_lines, diag);
  free(ring_lines);
  eml_csv_close(csv);
  if (st) {
    eml_outlines_free(o);
    return st;
  }
  *out = o;
  return EML_OK;
}
