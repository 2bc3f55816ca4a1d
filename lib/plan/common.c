/*
 * common.c — the helpers the files of lib/plan share (plan_internal.h):
 * printf notes under a table, parameters written without needless
 * decimals.
 */
#include "plan_internal.h"

#include <math.h>

void plan_add_note(eml_table *t, const char *fmt, ...) {
  char note[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(note, sizeof note, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof note)
    eml_table_fail(t, EML_ERR_TOO_LARGE);
  else
    eml_table_add_note(t, note);
}

const char *plan_number_short(double v, char *buf, size_t size) {
  int decimals = v == floor(v) ? 0 : v * 10 == floor(v * 10) ? 1 : 2;
  return eml_number_format(v, decimals, 0, buf, size);
}
