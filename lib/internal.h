/*
 * internal.h — the private umbrella header of libeml: every public header,
 * plus the helpers shared between library files (prefix eml__ is not used:
 * internal names are plain `eml_` names declared here, not in include/).
 */
#ifndef EML_INTERNAL_H
#define EML_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "eml/eml.h"

/* A growable byte buffer with a hard cap (curl's dynbuf). Appending past the
 * cap fails with EML_ERR_TOO_LARGE and leaves the content as it was. The
 * data is always NUL-terminated once anything was appended. */
typedef struct eml_buf {
  char *data;
  size_t len, cap, max;
} eml_buf;

void eml_buf_init(eml_buf *b, size_t max);
void eml_buf_free(eml_buf *b);
eml_status eml_buf_append(eml_buf *b, const void *data, size_t len);
eml_status eml_buf_putc(eml_buf *b, char c);
eml_status eml_buf_printf(eml_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
eml_status eml_buf_vprintf(eml_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Takes the data out (caller frees); the buffer is left empty. */
char *eml_buf_take(eml_buf *b);

#endif
