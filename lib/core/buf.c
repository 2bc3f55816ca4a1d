/*
 * buf.c — growable byte buffer with a hard cap (see internal.h).
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void eml_buf_init(eml_buf *b, size_t max) {
  b->data = NULL;
  b->len = b->cap = 0;
  b->max = max;
}

void eml_buf_free(eml_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

static eml_status buf_reserve(eml_buf *b, size_t extra) {
  if (extra > b->max || b->len > b->max - extra)
    return EML_ERR_TOO_LARGE;
  /* content + NUL; the allocation stops at max + 1 bytes */
  size_t most = b->max < SIZE_MAX ? b->max + 1 : SIZE_MAX;
  void *d = b->data;
  eml_status st = eml_grow_max(&d, &b->cap, b->len + extra + 1, 1, most);
  b->data = d;
  return st;
}

eml_status eml_buf_append(eml_buf *b, const void *data, size_t len) {
  /* within the allocation and the cap, as eml_buf_putc: no growing */
  eml_status st = len < b->cap - b->len && len <= b->max - b->len ? EML_OK : buf_reserve(b, len);
  if (st)
    return st;
  if (len)
    memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
  return EML_OK;
}

eml_status eml_buf_write(void *ctx, const char *data, size_t len) {
  return eml_buf_append(ctx, data, len);
}

eml_status eml_buf_putc(eml_buf *b, char c) {
  /* fast path within the allocation, and within the cap */
  if (b->len + 1 < b->cap && b->len < b->max) {
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return EML_OK;
  }
  return eml_buf_append(b, &c, 1);
}

eml_status eml_buf_vprintf(eml_buf *b, const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0)
    return EML_ERR_VALUE;
  eml_status st = buf_reserve(b, (size_t)n);
  if (st)
    return st;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return EML_OK;
}

eml_status eml_buf_printf(eml_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  eml_status st = eml_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return st;
}

char *eml_buf_take(eml_buf *b) {
  char *d = b->data;
  if (!d)
    d = eml_calloc(1, 1);
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}
