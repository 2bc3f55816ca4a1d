/*
 * eml/chart.h — charts of eml's reports, drawn with cairo and pango (spec
 * issue 6; seed 001 figures 13, 14, 17, 18 for the bubble charts). A chart is
 * data (points or groups of values), two axes, reference lines, a title and a
 * note; one drawing routine per kind paints it onto a cairo context, and the
 * writers put it in an SVG, PNG or PDF file.
 *
 * Kinds:
 *   BUBBLE  one circle per point at (x, y); circle AREA proportional to
 *           `size` (radius = EML_CHART_BUBBLE_RMAX * sqrt(size / max size));
 *           `shade` in [0, 1] darkens the fill (share from the emergency
 *           department); NAN shade: the base colour.
 *   DIST    one column per group: its values as dots, with the P20, median
 *           and P80 (type-7 quantiles, eml/stats.h) marked as a box and a
 *           thick median line; a group may carry only its quantiles.
 *   BARS    one vertical bar per point (its label under it, value y written
 *           above it: whole, or one decimal when under 10 and not whole), with
 *           horizontal reference lines (e.g. 400/450/500 treatments).
 *   STACK   one bar per category made of nested layers (seed 001 figures
 *           9-10: programmed within extended within total opening): a
 *           point is one layer of the bar of index x (0, 1, ...), from 0
 *           to y; layers are painted in the order given (the tallest
 *           first), layer k = (int)size coloured from light (k = 0) to dark
 *           blue (the last) and named in the legend by the k-th tick of
 *           axis 1 (eml_chart_set_ticks(c, 1, ...)); the label of a bar's
 *           first point is written under it when its slot is wider than 22
 *           points; reference lines as BARS. Slot of bar x: [left + x *
 *           w, left + (x + 1) * w], w = plot width / number of bars, the
 *           bar its middle 80 %.
 *   DOTS    one small dot (radius EML_CHART_DOT_R) per point at (x, y), of
 *           the series k = (int)size: colour k of a palette of
 *           EML_CHART_DOT_COLOURS distinct colours (cycled), named in the
 *           legend by the k-th tick of axis 1 (seed 001 figures 3-6: one
 *           marker per clinical case, the sites across); reference
 *           lines as BARS.
 *   HEAT    a grid: point (x = column, y = row, size = value), from white
 *           (0) to dark blue (the largest value, or 100 % when the y axis
 *           is set percent: values are shares, cells show them in %), with
 *           a five-step legend; tick labels come from eml_chart_set_ticks.
 *   MAP     territories (eml_chart_add_area: départements of the outlines
 *           of eml/geo.h) filled on a diverging scale of their value, the
 *           other départements of the frame in light grey; legend on the
 *           right titled by the y axis label, the x axis label written at
 *           its foot as the source of the outlines (see "Map geometry").
 *
 * Geometry (what the tests check): on a width x height drawing the plot area
 * is [EML_CHART_MARGIN_LEFT, width - EML_CHART_MARGIN_RIGHT] horizontally and
 * [EML_CHART_MARGIN_TOP, height - EML_CHART_MARGIN_BOTTOM] vertically; a
 * value v of an axis [min, max] lies at left + (v - min) / (max - min) * plot
 * width (x), bottom - (v - min) / (max - min) * plot height (y). An axis
 * whose min and max are both NAN takes the data's range widened to round
 * steps (0 included for BARS and DIST).
 *
 * Map geometry: the map area is [EML_CHART_MAP_PAD, width -
 * EML_CHART_MAP_LEGEND_W] x [EML_CHART_MARGIN_TOP, height - EML_CHART_MAP_PAD].
 * Points are projected (eml/geo.h: plane as is, lon/lat equirectangular);
 * the frame is the box of the areas' points widened on each side by
 * EML_CHART_MAP_CONTEXT times its larger side; scale s = min(area width /
 * frame width, area height / frame height), the frame centred in the area:
 * X -> left + (area width - s * frame width) / 2 + (X - frame x0) * s, and
 * the same for Y from the top. Colour of a value v, with M = the largest
 * |value| of the areas (at least 1) and t = v / M: t = -1 blue #2166AC,
 * 0 light #F7F7F7, +1 red #B2182B, linear in RGB between; NAN value: white
 * #FFFFFF (no target). Context départements: grey #E0E0E0. Each area's
 * label (bold) and signed value are written inside its largest ring (at the
 * point farthest from its edges), moved aside with a leader line when they
 * would not fit in it or would overlap another.
 *
 * Ownership: a chart copies every string and value given to it; free accepts
 * NULL. Text is UTF-8 (French labels).
 */
#ifndef EML_CHART_H
#define EML_CHART_H

#include <stddef.h>

#include "render.h"
#include "status.h"
#include "table.h"

#define EML_CHART_MARGIN_LEFT 78.0
#define EML_CHART_MARGIN_RIGHT 24.0
#define EML_CHART_MARGIN_TOP 52.0
#define EML_CHART_MARGIN_BOTTOM 64.0
#define EML_CHART_BUBBLE_RMAX 18.0
#define EML_CHART_DOT_R 2.2
#define EML_CHART_DOT_COLOURS 6
#define EML_CHART_POINTS_MAX 100000 /* points or values of one chart */
#define EML_CHART_MAP_PAD 12.0
#define EML_CHART_MAP_LEGEND_W 150.0
#define EML_CHART_MAP_CONTEXT 0.08
#define EML_CHART_AREA_CODES_MAX 128 /* départements of one map area */

typedef enum {
  EML_CHART_BUBBLE = 0,
  EML_CHART_DIST,
  EML_CHART_BARS,
  EML_CHART_HEAT,
  EML_CHART_MAP,
  EML_CHART_STACK,
  EML_CHART_DOTS
} eml_chart_kind;

typedef enum { EML_CHART_SVG = 0, EML_CHART_PNG, EML_CHART_PDF } eml_chart_file;

typedef struct eml_chart eml_chart;
struct _cairo; /* cairo_t */
typedef struct eml_outlines eml_outlines; /* eml/geo.h */

eml_chart *eml_chart_new(eml_chart_kind kind, const char *title);
void eml_chart_free(eml_chart *chart);

eml_chart_kind eml_chart_get_kind(const eml_chart *chart);
/* axis 0 = x, 1 = y. min, max: NAN, NAN for automatic. percent: values are
 * shares (0.6) shown as "60 %". */
eml_status eml_chart_set_axis(eml_chart *chart, int axis, const char *label, double min,
                              double max, int percent) EML_MUST_CHECK;
/* BUBBLE: shades from light to dark red instead of blue (seed 001 figures
 * 17-18: "l'intensité de la couleur rouge relate le pourcentage de
 * patients provenant du SU"). */
eml_status eml_chart_set_shade_red(eml_chart *chart) EML_MUST_CHECK;
/* A line under the title (legend of sizes and shades, source). */
eml_status eml_chart_set_note(eml_chart *chart, const char *note) EML_MUST_CHECK;
/* BUBBLE, BARS, HEAT: one point. label may be NULL (BUBBLE: not drawn). */
eml_status eml_chart_add_point(eml_chart *chart, const char *label, double x, double y,
                               double size, double shade) EML_MUST_CHECK;
/* DIST: a group with its values (copied; NANs dropped). */
eml_status eml_chart_add_group(eml_chart *chart, const char *label, const double *values,
                               size_t n) EML_MUST_CHECK;
/* DIST: a group known only by its quantiles (n values behind them). */
eml_status eml_chart_add_group_quantiles(eml_chart *chart, const char *label, double p20,
                                         double p50, double p80, long n) EML_MUST_CHECK;
/* BARS, STACK, DOTS: a horizontal reference line at y with its label. */
eml_status eml_chart_add_line(eml_chart *chart, double y, const char *label) EML_MUST_CHECK;
/* HEAT: labels of the columns (axis 0) or rows (axis 1), in order. */
eml_status eml_chart_set_ticks(eml_chart *chart, int axis, const char *const *labels,
                               size_t n) EML_MUST_CHECK;

/* MAP: the outlines to draw (borrowed: they must outlive the chart). */
eml_status eml_chart_set_outlines(eml_chart *chart, const eml_outlines *outlines) EML_MUST_CHECK;
/* MAP: one territory covering the départements codes[0..n) of the
 * outlines, filled by the colour of value (NAN: no value), label written
 * on it with the value. Codes without an outline are kept: a territory
 * none of whose codes has one is listed under the legend ("sans contour"). */
eml_status eml_chart_add_area(eml_chart *chart, const char *label, const char *const *codes,
                              size_t n, double value) EML_MUST_CHECK;

/* Resolved range of an axis (after automatic ranges), for tests and callers. */
void eml_chart_axis_range(const eml_chart *chart, int axis, double *min, double *max);

/* Draws the chart in the rectangle (0, 0, width, height) of the context's
 * user space (points). */
eml_status eml_chart_draw(const eml_chart *chart, struct _cairo *cr, double width,
                          double height) EML_MUST_CHECK;
/* Writes the chart alone to a file: width x height points (PNG: pixels at 2x
 * for legibility). */
eml_status eml_chart_write(const eml_chart *chart, eml_chart_file file, const char *path,
                           double width, double height, eml_diag *diag) EML_MUST_CHECK;
/* The chart as an SVG document written through write(ctx, bytes, len)
 * (eml/render.h's eml_write_fn; e.g. a page of the dashboard). */
eml_status eml_chart_svg(const eml_chart *chart, double width, double height,
                         eml_status (*write)(void *ctx, const char *data, size_t len),
                         void *ctx) EML_MUST_CHECK;
/* A HEAT chart as an <svg> element to put inside an HTML page (no XML
 * declaration nor xmlns, which HTML does not need; no outside asset; every
 * text HTML-escaped) of width x height user units, same
 * geometry as the drawing; each cell is a <rect class="cell"> whose
 * <title> is the point's label, " : ", and its value ("lun. 8 h : 45,0 %").
 * EML_ERR_USAGE for another kind or too small a size (lib/chart/chart_svg.c). */
eml_status eml_chart_heat_svg(const eml_chart *chart, double width, double height,
                              eml_write_fn write, void *ctx) EML_MUST_CHECK;
/* HEAT: the cells as the drawing fills them, for a renderer that lays the
 * grid out itself (the XLSX machine sheets, lib/render/render_xlsx.c): cell
 * i (0 <= i < eml_chart_heat_cells) is the i-th point, at column and row
 * (tick indexes: the point's x and y from the axis's start), its value and
 * label, share = 1 when the values are shares (the y axis set percent:
 * shown in %), its fill 0xRRGGBB (value / the chart's largest value, or / 1
 * for shares, from white to dark blue: the drawing's colour) and dark = 1
 * when its text is written white. EML_ERR_USAGE for another kind,
 * EML_ERR_NOT_FOUND past the last cell (lib/chart/chart_svg.c). */
typedef struct eml_chart_heat_cell {
  int column, row;
  double value;
  const char *label; /* borrowed from the chart; may be NULL */
  int share;
  unsigned rgb;
  int dark;
} eml_chart_heat_cell;
size_t eml_chart_heat_cells(const eml_chart *chart);
eml_status eml_chart_heat_cell_at(const eml_chart *chart, size_t i,
                                  eml_chart_heat_cell *out) EML_MUST_CHECK;
/* The chart's title; the tick labels of an axis (eml_chart_set_ticks):
 * their number, the i-th (NULL past the last). */
const char *eml_chart_title(const eml_chart *chart);
size_t eml_chart_ticks(const eml_chart *chart, int axis);
const char *eml_chart_tick(const eml_chart *chart, int axis, size_t i);
/* "svg", "png", "pdf". */
eml_status eml_chart_file_parse(const char *name, eml_chart_file *out) EML_MUST_CHECK;



/* ---- PDF documents (lib/render/render_pdf.c) ----------------------------
 * A report as an A4 PDF: a title page, then headings, paragraphs, tables of
 * the table model (drawn with pango, cells shown by eml_cell_format with the
 * decimal comma, headers repeated when a table runs over a page) and charts,
 * flowing from page to page; each page but the title page carries its
 * number at the bottom. Sizes are in points (A4 = 595 x 842). */
typedef struct eml_pdf_doc eml_pdf_doc;

/* Opens path for writing; NULL with diag filled when it cannot. */
eml_pdf_doc *eml_pdf_doc_new(const char *path, eml_diag *diag);
/* The drawing calls below return the document's first error so far (a
 * table in error is one), and do nothing once there is one: the document
 * keeps it, and eml_pdf_doc_close returns it. They are the exception to
 * EML_MUST_CHECK (eml/status.h): their one check is the close, which has
 * it. */
/* The title page: title, subtitle, then lines (date, sources...), one per line. */
eml_status eml_pdf_title_page(eml_pdf_doc *doc, const char *title, const char *subtitle,
                              const char *const *lines, size_t n_lines);
eml_status eml_pdf_heading(eml_pdf_doc *doc, const char *text);
eml_status eml_pdf_paragraph(eml_pdf_doc *doc, const char *text);
eml_status eml_pdf_table(eml_pdf_doc *doc, const eml_table *table);
/* A chart across the text width, height points high. */
eml_status eml_pdf_chart(eml_pdf_doc *doc, const eml_chart *chart, double height);
/* Starts a new page (e.g. for an annex). */
eml_status eml_pdf_page_break(eml_pdf_doc *doc);
/* Pages begun so far (the document's page count once closed). */
int eml_pdf_doc_pages(const eml_pdf_doc *doc);
/* Finishes the file and frees doc (accepts NULL); the first error met while
 * drawing or writing is returned, with diag filled. */
eml_status eml_pdf_doc_close(eml_pdf_doc *doc, eml_diag *diag) EML_MUST_CHECK;

/* A report (eml/report.h) into doc: its title page when it has a title
 * (the lines, then "Document édité le DATE par eml VERSION" when the edition
 * date is set), its items in order (a heading with new_page starts a page;
 * charts across the text width, maps 400 points high, bubbles 350, heat maps
 * 300, others 235, each caption as the paragraph under its chart), then the
 * annex from a new page under its title. Several reports may go into one
 * document (the per-site machine sheets). Returns the document's first error. */
typedef struct eml_report eml_report;
eml_status eml_pdf_report(eml_pdf_doc *doc, const eml_report *r);
/* A report as a PDF file. */
eml_status eml_render_report_pdf_file(const eml_report *r, const char *path, eml_diag *diag) EML_MUST_CHECK;

/* The tables alone as a PDF document (one after the other). */
eml_status eml_render_pdf_file(eml_table *const *tables, size_t count, const char *title,
                               const char *path, eml_diag *diag) EML_MUST_CHECK;

/* Releases pango's default font map; call once at the end of a program
 * that drew charts, after every chart and document is freed. Fontconfig's
 * own caches stay for the process (FcFini is not called: it asserts when a
 * cache is still referenced), so leak checkers are told to ignore them (see
 * EML_CHART_LSAN_SUPPRESSIONS). */
void eml_chart_cleanup(void);
/* Suppressions for LeakSanitizer of the process-lifetime caches of the font
 * libraries (a program returns them from __lsan_default_suppressions). */
#define EML_CHART_LSAN_SUPPRESSIONS                                                                \
  "leak:libfontconfig.so\nleak:libpango-1.0.so\nleak:libpangoft2-1.0.so\n"                        \
  "leak:libpangocairo-1.0.so\nleak:libcairo.so\nleak:libglib-2.0.so\nleak:libgobject-2.0.so\n"   \
  "leak:libharfbuzz.so\nleak:libfreetype.so\n"
#endif
