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

/* Writes len bytes; returns EML_OK or an error that stops the writing. */
typedef eml_status (*eml_write_fn)(void *ctx, const char *data, size_t len);

/* A write callback over a FILE* (ctx is the FILE*). */
eml_status eml_write_file(void *ctx, const char *data, size_t len) EML_MUST_CHECK;

/* Offset of the first byte that is not valid UTF-8, or len when all is. */
size_t eml_utf8_invalid_at(const char *s, size_t len);

/* Number of characters (UTF-8 code points) of a string, for alignment. */
size_t eml_display_width(const char *s);

/* Writes text for HTML or XML content or a quoted attribute: & < > " ' as
 * entities, invalid UTF-8 and control bytes (C0 but TAB, LF, CR, which XML
 * 1.0 forbids) as U+FFFD. The one HTML/XML escaping of eml: the HTML
 * renderer, the dashboard's pages, the SVG charts. */
eml_status eml_html_escape(eml_write_fn write, void *ctx, const char *text) EML_MUST_CHECK;

#endif
