/*
 * common.c — the helpers the files of lib/plan share (plan_internal.h):
 * parameters written without needless decimals (the printf notes under a
 * table are core's eml_table_add_notef).
 */
#include "plan_internal.h"

#include <math.h>

const char *plan_number_short(double v, char *buf, size_t size) {
  int decimals = v == floor(v) ? 0 : v * 10 == floor(v * 10) ? 1 : 2;
  return eml_number_format(v, decimals, 0, buf, size);
}
