/*
 * eml/text.h — text as eml writes it (core, layer 0): the write callback
 * every renderer and page goes through, the UTF-8 validity check every
 * reader applies, and the HTML/XML escaping of pages and charts. The
 * internal helpers over the same model (cleaning to valid UTF-8, Markdown
 * escaping, control characters) are in lib/internal.h.
 *
 * Model: eml's text is UTF-8 everywhere; a byte that is not part of valid
 * UTF-8 (RFC 3629: no overlong form, no surrogate, nothing past U+10FFFF)
 * is refused by readers and shown as U+FFFD by writers.
 */
#ifndef EML_TEXT_H
#define EML_TEXT_H

#include <stddef.h>

#include "status.h"

/* Offset of the first byte that is not valid UTF-8, or len when all is. */
size_t eml_utf8_invalid_at(const char *s, size_t len);

#endif
