/*
 * render.c — the table of renderers (one row per format) and what they
 * share. Adding a format is one row here and one file beside this one.
 * A report (eml/report.h) goes to the same renderers: its tables for the
 * tabular formats, the whole report for HTML (render_html.c) and PDF
 * (render_pdf.c).
 */
#include "render_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
  eml_format format;
  const char *name;
  eml_render_fn render; /* NULL: needs a file (xlsx) */
} renderers[] = {
    {EML_FORMAT_TEXT, "text", eml_render_text}, {EML_FORMAT_CSV, "csv", eml_render_csv},
    {EML_FORMAT_JSON, "json", eml_render_json}, {EML_FORMAT_MD, "md", eml_render_md},
    {EML_FORMAT_HTML, "html", eml_render_html}, {EML_FORMAT_XLSX, "xlsx", NULL},
};

eml_status eml_format_parse(const char *name, eml_format *out) {
  for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
    if (strcasecmp(name, renderers[i].name) == 0) {
      *out = renderers[i].format;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_format_name(eml_format format) {
  for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
    if (renderers[i].format == format)
      return renderers[i].name;
  return "?";
}

eml_status eml_render_tables(eml_format format, eml_table *const *tables, size_t count,
                             eml_write_fn write, void *ctx) {
  /* a table in error is incomplete: nothing of the document is written */
  eml_status st = eml_tables_status(tables, count);
  if (st)
    return st;
  for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
    if (renderers[i].format == format)
      return renderers[i].render ? renderers[i].render(tables, count, write, ctx)
                                 : EML_ERR_USAGE;
  return EML_ERR_USAGE;
}

eml_status eml_render_report(eml_format format, const eml_report *r, eml_write_fn write,
                             void *ctx) {
  if (format == EML_FORMAT_HTML)
    return eml_render_html_report_document(r, write, ctx);
  eml_table **tables = NULL;
  size_t count = 0;
  eml_status st = eml_report_tables(r, &tables, &count);
  if (!st)
    st = eml_render_tables(format, tables, count, write, ctx);
  free(tables);
  return st;
}

eml_status eml_render_report_xlsx_file(const eml_report *r, const char *path, eml_diag *diag) {
  eml_table **tables = NULL;
  size_t count = 0;
  eml_status st = eml_report_tables(r, &tables, &count);
  if (!st)
    st = eml_render_xlsx_file(tables, count, path, diag);
  free(tables);
  return st;
}

int eml_cell_is_numeric(const eml_cell *c) {
  return c->kind == EML_CELL_INT || c->kind == EML_CELL_REAL || c->kind == EML_CELL_PAIR;
}

const char *eml_cell_display(const eml_cell *c, char *buf, size_t size) {
  if (c->kind == EML_CELL_TEXT)
    return c->text;
  eml_cell_format(c, 0, buf, size); /* the language's decimal mark */
  return buf;
}

int eml_cell_is_strong(const eml_table *t, size_t row, size_t col) {
  return ((eml_table_row_flags(t, row) | eml_table_cell(t, row, col)->flags) &
          EML_CELL_STRONG) != 0;
}

int eml_column_is_numeric(const eml_table *t, size_t col) {
  int numbers = 0;
  for (size_t r = 0; r < eml_table_rows(t); r++) {
    const eml_cell *c = eml_table_cell(t, r, col);
    if (c->kind == EML_CELL_EMPTY)
      continue;
    if (!eml_cell_is_numeric(c))
      return 0;
    numbers = 1;
  }
  return numbers;
}

int eml_table_has_groups(const eml_table *t) {
  for (size_t c = 0; c < eml_table_columns(t); c++)
    if (eml_table_column(t, c)->group)
      return 1;
  return 0;
}

size_t eml_group_end(const eml_table *t, size_t col) {
  const char *g = eml_table_column(t, col)->group;
  size_t end = col + 1;
  while (g && end < eml_table_columns(t) && eml_table_column(t, end)->group &&
         strcmp(eml_table_column(t, end)->group, g) == 0)
    end++;
  return end;
}

eml_status eml_column_header(const eml_column *col, const char *sep, eml_buf *out) {
  eml_status st = EML_OK;
  if (col->group) {
    st = eml_utf8_append_clean(out, col->group);
    if (!st)
      st = eml_buf_append(out, sep, strlen(sep));
  }
  return st ? st : eml_utf8_append_clean(out, col->name);
}
