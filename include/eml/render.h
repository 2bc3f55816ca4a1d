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
eml_status eml_format_parse(const char *name, eml_format *out) EML_MUST_CHECK;
const char *eml_format_name(eml_format format);

/* Renders tables in one document. XLSX needs a file: use
 * eml_render_xlsx_file (eml_render_tables refuses it with EML_ERR_USAGE). */
eml_status eml_render_tables(eml_format format, eml_table *const *tables, size_t count,
                             eml_write_fn write, void *ctx) EML_MUST_CHECK;
eml_status eml_render_xlsx_file(eml_table *const *tables, size_t count, const char *path,
                                eml_diag *diag) EML_MUST_CHECK;

/* HTML of the tables without the document around them (captions, headers,
 * rows, notes, as in an HTML report): for pages that add their own head,
 * like the dashboard of `eml serve`. */
eml_status eml_render_html_tables(eml_table *const *tables, size_t count, eml_write_fn write,
                                  void *ctx) EML_MUST_CHECK;

/* The style rules of the tables eml_render_html_tables writes (captions,
 * numbers right-aligned, Total rows, notes), for a page's <style>. */
extern const char eml_html_table_css[];

/* ---- reports (eml/report.h) ---------------------------------------------
 * text, csv, json, md: the report's tables, body then annex, exactly as
 * eml_render_tables writes them; html: the same document (named after its
 * first table), with the report's headings (<h2>), paragraphs (<p>) and
 * charts (<figure>, inline SVG, the caption as <figcaption>) in their
 * order; xlsx needs a file (EML_ERR_USAGE here). The PDF of a report:
 * eml_render_report_pdf_file and eml_pdf_report (eml/chart.h). */
typedef struct eml_report eml_report;
eml_status eml_render_report(eml_format format, const eml_report *r, eml_write_fn write,
                             void *ctx) EML_MUST_CHECK;
/* XLSX: one sheet per table of the report, body then annex. */
eml_status eml_render_report_xlsx_file(const eml_report *r, const char *path, eml_diag *diag) EML_MUST_CHECK;
/* XLSX: several reports in one workbook, one sheet each (the machine sheets
 * of `eml report machines --format xlsx`, one report per machine), named
 * sheet_names[i] made valid and unique as the table sheets' names are. A
 * sheet holds its report's body, item after item down the sheet: a heading
 * in the title's style, a paragraph as text, each table laid out as on its
 * own sheet (title, headers, rows, notes), a HEAT chart as a grid of
 * coloured cells (its title, the column ticks across, the row ticks down,
 * one cell per point holding its value as a number, "0%" for shares,
 * filled with the drawing's colour: eml_chart_heat_cell_at) with its
 * caption under it, another chart by its title; an empty row after each
 * table and chart. A table in error is refused before the file is made. */
eml_status eml_render_reports_xlsx_file(const eml_report *const *reports,
                                        const char *const *sheet_names, size_t count,
                                        const char *path, eml_diag *diag) EML_MUST_CHECK;
/* The report's items in HTML without the document around them (body, then
 * the annex under its title), for pages that add their own head like the
 * dashboard's; tables as eml_render_html_tables writes them. Charts: HEAT
 * ones by eml_chart_heat_svg (760 x 300, in <figure class="heat">), the
 * others drawn by cairo (eml_chart_svg: maps 720 x 480, others 600 x 400,
 * in <figure class="chart">). */
eml_status eml_render_html_report(const eml_report *r, eml_write_fn write, void *ctx) EML_MUST_CHECK;
/* One chart as an inline <svg> element of width x height user units:
 * eml_chart_heat_svg for HEAT; otherwise cairo's SVG without its XML
 * declaration and xmlns attributes (a page names no URL), every id in it
 * and every reference to one prefixed by "ID_PREFIX-" so that charts on one
 * page keep their own glyphs: give each chart of a page its own prefix
 * (NULL: "svg"). eml_render_html_report prefixes "chart0", "chart1"... */
typedef struct eml_chart eml_chart;
eml_status eml_render_html_chart(const eml_chart *chart, double width, double height,
                                 const char *id_prefix, eml_write_fn write, void *ctx) EML_MUST_CHECK;
/* The style rules of the figures eml_render_html_report writes. */
extern const char eml_html_chart_css[];

#endif
