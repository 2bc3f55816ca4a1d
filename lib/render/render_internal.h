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
eml_status eml_render_csv(eml_table *const *tables, size_t count, eml_write_fn write, void *ctx);
eml_status eml_render_json(eml_table *const *tables, size_t count, eml_write_fn write, void *ctx);
eml_status eml_render_md(eml_table *const *tables, size_t count, eml_write_fn write, void *ctx);
eml_status eml_render_html(eml_table *const *tables, size_t count, eml_write_fn write, void *ctx);

/* True for cells aligned right (numbers). */
int eml_cell_is_numeric(const eml_cell *cell);

/* Cap of one rendered value (a cell, a title, a note) in the renderers'
 * scratch buffers: a longer one fails with EML_ERR_TOO_LARGE. */
#define EML_RENDER_VALUE_MAX EML_TEXT_VALUE_MAX
/* Shown text of a cell: the cell's own text for TEXT (never truncated),
 * else eml_cell_format into buf with the French decimal comma. */
const char *eml_cell_display(const eml_cell *cell, char *buf, size_t size);
/* True when the row (eml_table_set_row_flags) or the cell is STRONG. */
int eml_cell_is_strong(const eml_table *t, size_t row, size_t col);
/* True when every non-empty cell of the column is a number and one is. */
int eml_column_is_numeric(const eml_table *t, size_t col);
/* True when any column has a group. */
int eml_table_has_groups(const eml_table *t);
/* End (exclusive) of the run of consecutive columns sharing the group of
 * column col; col + 1 when the column has no group. */
size_t eml_group_end(const eml_table *t, size_t col);
/* Header of a column: "group<sep>name" when it has a group, else its name.
 * Appended to out (cleaned as eml_utf8_append_clean). */
eml_status eml_column_header(const eml_column *col, const char *sep, eml_buf *out);

#endif
