/*
 * render_internal.h — what the renderers of lib/render share: one function
 * per format, listed in the renderer table of render.c, and small helpers.
 */
#ifndef EML_RENDER_INTERNAL_H
#define EML_RENDER_INTERNAL_H

#include "internal.h"

typedef eml_status (*eml_render_fn)(eml_table *const *tables, size_t count, eml_write_fn write,
                                    void *ctx);

eml_status eml_render_text(eml_table *const *tables, size_t count, eml_write_fn write, void *ctx);

/* Writes a NUL-terminated string through the callback. */
eml_status eml_emit(eml_write_fn write, void *ctx, const char *s);
/* Number of characters (UTF-8 code points) of a string, for alignment. */
size_t eml_display_width(const char *s);
/* True for cells aligned right (numbers). */
int eml_cell_is_numeric(const eml_cell *cell);

#endif
