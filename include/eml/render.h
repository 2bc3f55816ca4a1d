/*
 * eml/render.h — renderers of the table model: aligned text, CSV (';' and
 * decimal comma, for French spreadsheets), JSON, Markdown, HTML and XLSX
 * (libxlsxwriter, one sheet per table). One renderer per format, all driven
 * by the same tables; output goes through a write callback so the command
 * line and the server share them.
 */
#ifndef EML_RENDER_H
#define EML_RENDER_H

#include <stddef.h>

#include "status.h"
#include "table.h"
#include "text.h" /* eml_write_fn, eml_write_file, eml_html_escape */

typedef enum {
  EML_FORMAT_TEXT = 0,
  EML_FORMAT_CSV,
  EML_FORMAT_JSON,
  EML_FORMAT_MD,
  EML_FORMAT_HTML,
  EML_FORMAT_XLSX
} eml_format;

/* "text", "csv", "json", "md", "html", "xlsx". */
eml_status eml_format_parse(const char *name, eml_format *out);
const char *eml_format_name(eml_format format);

/* Renders tables in one document. XLSX needs a file: use
 * eml_render_xlsx_file (eml_render_tables refuses it with EML_ERR_USAGE). */
eml_status eml_render_tables(eml_format format, eml_table *const *tables, size_t count,
                             eml_write_fn write, void *ctx);
eml_status eml_render_xlsx_file(eml_table *const *tables, size_t count, const char *path,
                                eml_diag *diag);

/* HTML of the tables without the document around them (captions, headers,
 * rows, notes, as in an HTML report): for pages that add their own head,
 * like the dashboard of `eml serve`. */
eml_status eml_render_html_tables(eml_table *const *tables, size_t count, eml_write_fn write,
                                  void *ctx);

/* The style rules of the tables eml_render_html_tables writes (captions,
 * numbers right-aligned, Total rows, notes), for a page's <style>. */
extern const char eml_html_table_css[];

#endif
