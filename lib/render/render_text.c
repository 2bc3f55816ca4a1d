/*
 * render_text.c — aligned text tables for the terminal. Layout: title,
 * subtitle, a line of column groups (when any), the column names, a rule,
 * the rows (numbers right-aligned, text left-aligned), a rule before rows
 * flagged STRONG (Total), then the notes. French decimal comma. Control
 * characters of values (ESC...) are shown as U+FFFD.
 */
#include "render_internal.h"

#include <stdlib.h>
#include <string.h>

#define CELL_MAX 512

static eml_status pad(eml_write_fn write, void *ctx, size_t n) {
  static const char spaces[] = "                                ";
  while (n > 0) {
    size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
    eml_status st = write(ctx, spaces, k);
    if (st)
      return st;
    n -= k;
  }
  return EML_OK;
}

/* Writes s in a column of `width` characters; the last column of a line
 * is not padded on the right (no trailing spaces). */
static eml_status put_aligned(eml_write_fn write, void *ctx, const char *s, size_t width,
                              int right, int last) {
  size_t w = eml_display_width(s);
  size_t fill = width > w ? width - w : 0;
  eml_status st = EML_OK;
  if (right)
    st = pad(write, ctx, fill);
  if (!st)
    st = eml_emit(write, ctx, s);
  if (!st && !right && !last)
    st = pad(write, ctx, fill);
  return st;
}

static eml_status rule(eml_write_fn write, void *ctx, const size_t *widths, size_t n) {
  eml_status st = EML_OK;
  for (size_t c = 0; c < n && !st; c++) {
    for (size_t k = 0; k < widths[c] && !st; k++)
      st = eml_emit(write, ctx, "-");
    if (!st && c + 1 < n)
      st = eml_emit(write, ctx, "  ");
  }
  return st ? st : eml_emit(write, ctx, "\n");
}

/* A writer that holds the current line and drops its trailing spaces, so
 * that empty last cells leave no blanks at the end of a line. */
typedef struct line_writer {
  eml_write_fn write;
  void *ctx;
  eml_buf line;
} line_writer;

/* Keeps the line being written (trailing spaces are dropped at its end);
 * a control character of a value becomes U+FFFD, so that a value cannot
 * drive the terminal (an escape sequence from the data: issue 7,
 * docs/robustness.md). */
static eml_status line_write(void *ctx, const char *data, size_t len) {
  line_writer *w = ctx;
  for (size_t i = 0; i < len; i++) {
    size_t control = eml_control_len(data + i, len - i);
    if (control) {
      eml_status st = eml_buf_append(&w->line, EML_UTF8_REPLACEMENT, 3);
      if (st)
        return st;
      i += control - 1;
      continue;
    }
    if (data[i] != '\n') {
      eml_status st = eml_buf_putc(&w->line, data[i]);
      if (st)
        return st;
      continue;
    }
    while (w->line.len && w->line.data[w->line.len - 1] == ' ')
      w->line.len--;
    eml_status st = w->line.len ? w->write(w->ctx, w->line.data, w->line.len) : EML_OK;
    if (!st)
      st = w->write(w->ctx, "\n", 1);
    w->line.len = 0;
    if (st)
      return st;
  }
  return EML_OK;
}

static eml_status render_one(const eml_table *t, eml_write_fn write, void *ctx) {
  size_t nc = eml_table_columns(t), nr = eml_table_rows(t);
  size_t *widths = calloc(nc ? nc : 1, sizeof *widths);
  if (!widths)
    return EML_ERR_NOMEM;
  char buf[CELL_MAX];
  int has_groups = 0;
  for (size_t c = 0; c < nc; c++) {
    widths[c] = eml_display_width(eml_table_column(t, c)->name);
    if (eml_table_column(t, c)->group)
      has_groups = 1;
  }
  for (size_t r = 0; r < nr; r++)
    for (size_t c = 0; c < nc; c++) {
      eml_cell_format(eml_table_cell(t, r, c), 0, buf, sizeof buf);
      size_t w = eml_display_width(buf);
      if (w > widths[c])
        widths[c] = w;
    }
  /* a group label must fit over the columns it spans */
  for (size_t c = 0; c < nc && has_groups;) {
    const char *g = eml_table_column(t, c)->group;
    size_t end = c + 1;
    while (end < nc && g && eml_table_column(t, end)->group &&
           strcmp(eml_table_column(t, end)->group, g) == 0)
      end++;
    if (g) {
      size_t span = 0;
      for (size_t k = c; k < end; k++)
        span += widths[k] + (k > c ? 2 : 0);
      size_t need = eml_display_width(g);
      if (need > span)
        widths[end - 1] += need - span;
    }
    c = end;
  }

  eml_status st = eml_emit(write, ctx, eml_table_title(t));
  if (!st && eml_table_subtitle(t)) {
    st = eml_emit(write, ctx, "\n");
    if (!st)
      st = eml_emit(write, ctx, eml_table_subtitle(t));
  }
  if (!st)
    st = eml_emit(write, ctx, "\n\n");
  if (!st && has_groups) {
    for (size_t c = 0; c < nc && !st;) {
      const char *g = eml_table_column(t, c)->group;
      size_t end = c + 1;
      while (end < nc && g && eml_table_column(t, end)->group &&
             strcmp(eml_table_column(t, end)->group, g) == 0)
        end++;
      size_t span = 0;
      for (size_t k = c; k < end; k++)
        span += widths[k] + (k > c ? 2 : 0);
      st = put_aligned(write, ctx, g ? g : "", span, 0, end >= nc);
      if (!st && end < nc)
        st = eml_emit(write, ctx, "  ");
      c = end;
    }
    if (!st)
      st = eml_emit(write, ctx, "\n");
  }
  for (size_t c = 0; c < nc && !st; c++) {
    /* a header sits over its values: right-aligned over numbers */
    int numeric = 0;
    for (size_t r = 0; r < nr && !numeric; r++)
      numeric = eml_cell_is_numeric(eml_table_cell(t, r, c));
    st = put_aligned(write, ctx, eml_table_column(t, c)->name, widths[c], numeric, c + 1 == nc);
    if (!st && c + 1 < nc)
      st = eml_emit(write, ctx, "  ");
  }
  if (!st)
    st = eml_emit(write, ctx, "\n");
  if (!st)
    st = rule(write, ctx, widths, nc);
  for (size_t r = 0; r < nr && !st; r++) {
    if (eml_table_row_flags(t, r) & EML_CELL_STRONG)
      st = rule(write, ctx, widths, nc);
    for (size_t c = 0; c < nc && !st; c++) {
      const eml_cell *cell = eml_table_cell(t, r, c);
      eml_cell_format(cell, 0, buf, sizeof buf);
      st = put_aligned(write, ctx, buf, widths[c], eml_cell_is_numeric(cell), c + 1 == nc);
      if (!st && c + 1 < nc)
        st = eml_emit(write, ctx, "  ");
    }
    if (!st)
      st = eml_emit(write, ctx, "\n");
  }
  if (!st && eml_table_notes(t) > 0)
    st = eml_emit(write, ctx, "\n");
  for (size_t i = 0; i < eml_table_notes(t) && !st; i++) {
    st = eml_emit(write, ctx, eml_table_note(t, i));
    if (!st)
      st = eml_emit(write, ctx, "\n");
  }
  free(widths);
  return st;
}

eml_status eml_render_text(eml_table *const *tables, size_t count, eml_write_fn write,
                           void *ctx) {
  line_writer w = {write, ctx, {0}};
  eml_buf_init(&w.line, 1 << 20);
  eml_status st = EML_OK;
  for (size_t i = 0; i < count && !st; i++) {
    if (i > 0)
      st = eml_emit(line_write, &w, "\n");
    if (!st)
      st = render_one(tables[i], line_write, &w);
  }
  if (!st && w.line.len) /* a last line without its newline */
    st = write(ctx, w.line.data, w.line.len);
  eml_buf_free(&w.line);
  return st;
}
