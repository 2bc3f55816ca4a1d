/*
 * outlines.c — the reader of département outline files (eml/geo.h; the
 * shipped data/geo/departements.csv, data/geo/README.md): CSV rows
 * `code,ring,x,y` (plane, y to the south) or `code,ring,lon,lat`
 * (degrees), one per point, rings and départements as runs of consecutive
 * rows. The file is reference data: any bad row fails the whole load with
 * FILE:LINE: column NAME: what is wrong (value 'X'). Read with the input
 * pipeline (io/row.h: header mapping, width check, the reading loop), the
 * checks of the outlines' own values here.
 *
 * Model: points are kept in file order in one array; a ring is a run of
 * points, a département a run of rings. A ring or département given again
 * after other rows is found once the file is read, by sorting (so that a
 * large corrupt file costs n log n, not n^2).
 */
#include "chart_internal.h"
#include "io/row.h"

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
                   "département répété après d'autres lignes (premier à la ligne %ld)", prev->line);
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
                   "anneau du département %s répété après d'autres lignes (premier à la ligne %ld)",
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
               "un anneau a besoin d'au moins 3 points (celui-ci en a %zu)", r->n);
  return EML_ERR_VALUE;
}

/* The columns: code, ring, then x, y (plane) or lon, lat (degrees). Every
 * one is optional for the mapper: which pair the file has, and the message
 * when one is missing, are this reader's (outlines_header). */
enum { COL_CODE, COL_RING, COL_X, COL_Y, COL_LON, COL_LAT };
static const eml_column_spec outline_columns[] = {
    {"code", 0, EML_COL_TEXT, NULL}, {"ring", 0, EML_COL_INT, NULL},
    {"x", 0, EML_COL_REAL, NULL},    {"y", 0, EML_COL_REAL, NULL},
    {"lon", 0, EML_COL_REAL, NULL},  {"lat", 0, EML_COL_REAL, NULL},
    {NULL, 0, 0, NULL}};

/* One reading: the outlines being filled and where the last row was. */
typedef struct outlines_reading {
  eml_outlines *o;
  int col_x, col_y; /* spec indexes of the coordinates read */
  double x_lo, x_hi, y_lo, y_hi;
  long *ring_lines; /* line of each ring's first row */
  size_t cap_ring_lines;
  long prev_line;
} outlines_reading;

/* Reads coordinate column `col` (a spec index) into out. */
static eml_status read_coordinate(const eml_row *r, int col, double lo, double hi, double *out,
                                  eml_diag *diag) {
  size_t len;
  const char *s = eml_row_field(r, col, &len);
  if (eml_parse_double(s, len, 0, out) || !isfinite(*out))
    return eml_row_bad(r, col, diag, _("pas un nombre"));
  if (*out < lo || *out > hi)
    return eml_row_badf(r, col, diag, "hors de [%g ; %g]", lo, hi);
  return EML_OK;
}

static eml_status outlines_header(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  outlines_reading *g = ctx;
  (void)skipped;
  eml_outlines *o = g->o;
  g->col_x = COL_X;
  g->col_y = COL_Y;
  if (r->index[COL_X] < 0 && r->index[COL_Y] < 0 &&
      (r->index[COL_LON] >= 0 || r->index[COL_LAT] >= 0)) {
    g->col_x = COL_LON;
    g->col_y = COL_LAT;
    o->geographic = 1;
  }
  int missing = r->index[COL_CODE] < 0   ? COL_CODE
                : r->index[COL_RING] < 0 ? COL_RING
                : r->index[g->col_x] < 0 ? g->col_x
                : r->index[g->col_y] < 0 ? g->col_y
                                         : -1;
  if (missing >= 0) {
    eml_diag_set(diag, eml_csv_name(r->csv), 1, r->columns[missing].name, NULL, 0,
                 "colonne manquante (un fichier de contours a code, ring et x, y ou lon, lat)");
    return EML_ERR_VALUE;
  }
  g->x_lo = o->geographic ? -180 : -1e9, g->x_hi = o->geographic ? 180 : 1e9;
  g->y_lo = o->geographic ? -90 : -1e9, g->y_hi = o->geographic ? 90 : 1e9;
  return EML_OK;
}

static eml_status outline_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  outlines_reading *g = ctx;
  eml_outlines *o = g->o;
  const char *name = eml_csv_name(r->csv);
  (void)skipped;
  long line = eml_csv_line(r->csv);
  size_t code_len, ring_len;
  const char *code = eml_row_field(r, COL_CODE, &code_len);
  const char *ring_text = eml_row_field(r, COL_RING, &ring_len);
  int64_t ring = 0;
  double x = 0, y = 0;
  eml_status st;
  if (code_len == 0)
    return eml_row_bad(r, COL_CODE, diag, "code vide");
  if (code_len > EML_OUTLINES_CODE_MAX)
    return eml_row_badf(r, COL_CODE, diag, "code de plus de %d octets", EML_OUTLINES_CODE_MAX);
  if (eml_parse_int64(ring_text, ring_len, &ring) || ring < 1 || ring > 1000000000)
    return eml_row_bad(r, COL_RING, diag, "pas un numéro d'anneau (un nombre entier à partir de 1)");
  if (o->n_points >= EML_OUTLINES_POINTS_MAX) {
    eml_diag_set(diag, name, line, NULL, NULL, 0, "plus de %d points", EML_OUTLINES_POINTS_MAX);
    return EML_ERR_TOO_LARGE;
  }
  if ((st = read_coordinate(r, g->col_x, g->x_lo, g->x_hi, &x, diag)) ||
      (st = read_coordinate(r, g->col_y, g->y_lo, g->y_hi, &y, diag)))
    return st;
  outline_dept *d = o->n_depts ? &o->depts[o->n_depts - 1] : NULL;
  int new_dept = !d || strcmp(d->code, code) != 0;
  int new_ring = new_dept || o->rings[o->n_rings - 1].ring != (long)ring;
  if (new_ring && (st = end_ring(o, name, g->prev_line, diag)))
    return st;
  if (new_dept) {
    void *items = o->depts;
    if ((st = grow_one(&items, &o->cap_depts, o->n_depts, sizeof *o->depts)))
      return st;
    o->depts = items;
    d = &o->depts[o->n_depts++];
    memset(d, 0, sizeof *d);
    memcpy(d->code, code, code_len);
    d->code[code_len] = '\0';
    d->first_ring = o->n_rings;
    d->line = line;
  }
  if (new_ring) {
    void *items = o->rings;
    if ((st = grow_one(&items, &o->cap_rings, o->n_rings, sizeof *o->rings)))
      return st;
    o->rings = items;
    items = g->ring_lines;
    if ((st = grow_one(&items, &g->cap_ring_lines, o->n_rings, sizeof *g->ring_lines)))
      return st;
    g->ring_lines = items;
    g->ring_lines[o->n_rings] = line;
    o->rings[o->n_rings++] = (outline_ring){o->n_points, 0, (long)ring};
    d->n_rings++;
  }
  void *items = o->xy;
  size_t cap_pairs = o->cap_points;
  if ((st = grow_one(&items, &cap_pairs, o->n_points, 2 * sizeof *o->xy)))
    return st;
  o->xy = items;
  o->cap_points = cap_pairs;
  o->xy[2 * o->n_points] = x;
  o->xy[2 * o->n_points + 1] = y;
  o->n_points++;
  o->rings[o->n_rings - 1].n++;
  g->prev_line = line;
  return EML_OK;
}

eml_status eml_outlines_load(const char *path, eml_outlines **out, eml_diag *diag) {
  *out = NULL;
  outlines_reading g = {.o = calloc(1, sizeof(eml_outlines)), .prev_line = 1};
  if (!g.o)
    return EML_ERR_NOMEM;
  eml_outlines *o = g.o;
  /* reference data: no reject hook, the first bad row fails the load */
  eml_row r = {.columns = outline_columns};
  eml_rows_reading reading = {path, NULL, 0, NULL, outlines_header, outline_row, &g, NULL};
  eml_status st = eml_rows_read(&r, &reading, NULL, diag);
  if (!st)
    st = end_ring(o, path, g.prev_line, diag);
  if (!st && o->n_points == 0) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "aucun contour dans le fichier");
    st = EML_ERR_EMPTY;
  }
  if (!st)
    st = check_repeats(o, path, g.ring_lines, diag);
  free(g.ring_lines);
  if (st) {
    eml_outlines_free(o);
    return st;
  }
  *out = o;
  return EML_OK;
}
