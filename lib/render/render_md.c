/*
 * render_md.c — GitHub-flavoured Markdown: each table as a "### title"
 * heading, its subtitle as a paragraph, a pipe table and its notes as
 * paragraphs; tables are separated by a blank line. Header cells read
 * "Appareils — Borne haute" for a column in a group (GFM has no spanning
 * header). Numeric columns (every non-empty cell a number) are right-aligned
 * ("---:"); values are shown as in text (decimal comma, the seeds'
 * decimals). STRONG rows and cells (Total) are in bold. In every value
 * (title, subtitle, headers, cells, notes): '|' is escaped as "\|" and a
 * line break becomes a space, so that a value can neither end its cell nor
 * its line; & < > are written as entities (&amp; &lt; &gt;), so that no
 * value becomes HTML in a viewer that lets raw HTML through (GFM does:
 * a note `<script>` would run); \ ` [ ] are backslash-escaped, so that a
 * value can open neither a code span nor a link, nor undo the escaping of
 * a '|'; control bytes other than TAB become U+FFFD (as in HTML), so that
 * `cat report.md` cannot drive the terminal (issue 7, docs/robustness.md).
 */
#include "render_internal.h"

#define CELL_MAX 512

/* Writes value escaped for Markdown, in bold when strong (and not empty). */
static eml_status md_value(eml_write_fn write, void *ctx, const char *value, int strong) {
  strong = strong && *value;
  eml_status st = strong ? eml_emit(write, ctx, "**") : EML_OK;
  if (!st)
    st = eml_md_escape(write, ctx, value);
  if (!st && strong)
    st = eml_emit(write, ctx, "**");
  return st;
}

static eml_status md_paragraph(eml_write_fn write, void *ctx, const char *text) {
  eml_status st = eml_emit(write, ctx, "\n");
  if (!st)
    st = md_value(write, ctx, text, 0);
  return st ? st : eml_emit(write, ctx, "\n");
}

static eml_status md_header(const eml_table *t, eml_write_fn write, void *ctx) {
  eml_status st = eml_emit(write, ctx, "|");
  for (size_t c = 0; c < eml_table_columns(t) && !st; c++) {
    eml_buf header;
    eml_buf_init(&header, EML_RENDER_VALUE_MAX);
    st = eml_column_header(eml_table_column(t, c), " \xE2\x80\x94 ", &header); /* em dash */
    if (!st)
      st = eml_emit(write, ctx, " ");
    if (!st)
      st = md_value(write, ctx, header.data, 0);
    if (!st)
      st = eml_emit(write, ctx, " |");
    eml_buf_free(&header);
  }
  if (!st)
    st = eml_emit(write, ctx, "\n|");
  for (size_t c = 0; c < eml_table_columns(t) && !st; c++)
    st = eml_emit(write, ctx, eml_column_is_numeric(t, c) ? " ---: |" : " --- |");
  return st ? st : eml_emit(write, ctx, "\n");
}

static eml_status md_table(const eml_table *t, eml_write_fn write, void *ctx) {
  eml_status st = eml_emit(write, ctx, "### ");
  if (!st)
    st = md_value(write, ctx, eml_table_title(t), 0);
  if (!st)
    st = eml_emit(write, ctx, "\n");
  if (!st && eml_table_subtitle(t))
    st = md_paragraph(write, ctx, eml_table_subtitle(t));
  if (!st && eml_table_columns(t) > 0) { /* a pipe table needs a column */
    st = eml_emit(write, ctx, "\n");
    if (!st)
      st = md_header(t, write, ctx);
  }
  char buf[CELL_MAX];
  for (size_t r = 0; r < eml_table_rows(t) && eml_table_columns(t) > 0 && !st; r++) {
    st = eml_emit(write, ctx, "|");
    for (size_t c = 0; c < eml_table_columns(t) && !st; c++) {
      st = eml_emit(write, ctx, " ");
      if (!st)
        st = md_value(write, ctx, eml_cell_display(eml_table_cell(t, r, c), buf, sizeof buf),
                      eml_cell_is_strong(t, r, c));
      if (!st)
        st = eml_emit(write, ctx, " |");
    }
    if (!st)
      st = eml_emit(write, ctx, "\n");
  }
  for (size_t i = 0; i < eml_table_notes(t) && !st; i++)
    st = md_paragraph(write, ctx, eml_table_note(t, i));
  return st;
}

eml_status eml_render_md(eml_table *const *tables, size_t count, eml_write_fn write,
                         void *ctx) {
  eml_status st = EML_OK;
  for (size_t i = 0; i < count && !st; i++) {
    if (i > 0)
      st = eml_emit(write, ctx, "\n");
    if (!st)
      st = md_table(tables[i], write, ctx);
  }
  return st;
}
