/*
 * common.c — the helpers the files of lib/plan share (plan_internal.h):
 * parameters written without needless decimals (the printf notes under a
 * table are core's eml_table_add_notef), and the rows the readers collect.
 */
#include "plan_internal.h"

#include <math.h>
#include <stdlib.h>

const char *plan_number_short(double v, char *buf, size_t size) {
  int decimals = v == floor(v) ? 0 : v * 10 == floor(v * 10) ? 1 : 2;
  return eml_number_format(v, decimals, 0, buf, size);
}

void *plan_rows_next(plan_rows *g, size_t size, eml_status *st) {
  g->rows = eml_grow_one(g->rows, &g->cap, g->n, size, st);
  return *st ? NULL : (char *)g->rows + g->n * size;
}

eml_status plan_rows_read_whole(eml_row *r, eml_rows_reading *reading, long empty_line,
                                const char *empty, const char *rejected,
                                const char *rejected_plural, plan_rows *g, eml_diag *diag) {
  eml_status st =
      eml_rows_read_whole(r, reading, empty_line, empty, rejected, rejected_plural, diag);
  if (st) {
    free(g->rows);
    *g = (plan_rows){NULL, 0, 0};
  }
  return st;
}
