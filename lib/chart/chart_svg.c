/*
 * chart_svg.c — a HEAT chart as a small SVG element written by hand, for
 * web pages (issue 6: the dashboard's machine sheet shows the machine's
 * heat map inline, without outside assets). Same geometry and colours as
 * the cairo drawing (chart.h, chart_draw.c): plot area inside the margins,
 * one cell per point at column x, row y (rows top-down), fill
 * chart_heat_colour(value / chart_heat_max), the value in the cell, tick labels
 * of both axes, the x axis's label and the five-step legend. Each cell
 * carries a <title> (tooltip): its point's label, then its value. Every
 * text is HTML-escaped (eml_html_escape), so the element can go straight
 * into a page. The same cells, with the same colours, are handed to the
 * renderers that draw the grid themselves (eml_chart_heat_cell_at: the XLSX
 * machine sheets).
 */
#include "chart_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

typedef struct svg_out {
  eml_write_fn write;
  void *ctx;
  eml_status st;
} svg_out;

/* printf-checked, so that a caller's format is a literal (clang's
 * -Wformat-nonliteral) */
static void svg_printf(svg_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void svg_printf(svg_out *o, const char *fmt, ...) {
  if (o->st)
    return;
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof buf)
    o->st = EML_ERR_TOO_LARGE;
  else
    o->st = o->write(o->ctx, buf, (size_t)n);
}

static void svg_escaped(svg_out *o, const char *text) {
  if (!o->st && text)
    o->st = eml_html_escape(o->write, o->ctx, text);
}

/* <text> at (x, y) with anchor start|middle|end and dominant baseline. */
static void svg_text(svg_out *o, const char *text, double size, int bold, double x, double y,
                     const char *anchor, const char *fill) {
  svg_printf(o,
             "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%g\"%s text-anchor=\"%s\" "
             "dominant-baseline=\"central\" fill=\"%s\">",
             x, y, size, bold ? " font-weight=\"bold\"" : "", anchor, fill);
  svg_escaped(o, text);
  svg_printf(o, "</text>\n");
}

/* A cell's text is white from this share of the darkest colour on. */
#define HEAT_DARK_FROM 0.55

/* chart_heat_colour(t) as 0xRRGGBB. */
static unsigned heat_rgb(double t) {
  double rgb[3];
  chart_heat_colour(t, rgb);
  return (unsigned)lround(rgb[0] * 255) << 16 | (unsigned)lround(rgb[1] * 255) << 8 |
         (unsigned)lround(rgb[2] * 255);
}

static void svg_fill(svg_out *o, double t) { svg_printf(o, "fill=\"#%06x\"", heat_rgb(t)); }

size_t eml_chart_heat_cells(const eml_chart *c) {
  return c && c->kind == EML_CHART_HEAT ? c->n_points : 0;
}

eml_status eml_chart_heat_cell_at(const eml_chart *c, size_t i, eml_chart_heat_cell *out) {
  if (!c || c->kind != EML_CHART_HEAT)
    return EML_ERR_USAGE;
  if (i >= c->n_points)
    return EML_ERR_NOT_FOUND;
  const chart_point *pt = &c->points[i];
  double xmin, xmax, ymin, ymax, vmax = chart_heat_max(c);
  eml_chart_axis_range(c, 0, &xmin, &xmax);
  eml_chart_axis_range(c, 1, &ymin, &ymax);
  double t = vmax > 0 && isfinite(pt->size) ? pt->size / vmax : 0;
  *out = (eml_chart_heat_cell){(int)lround(pt->x - xmin), (int)lround(pt->y - ymin), pt->size,
                               pt->label, c->axis[1].percent, heat_rgb(t), t > HEAT_DARK_FROM};
  return EML_OK;
}

const char *eml_chart_title(const eml_chart *c) { return c ? c->title : NULL; }

size_t eml_chart_ticks(const eml_chart *c, int axis) {
  return c && (axis == 0 || axis == 1) ? c->n_ticks[axis] : 0;
}

const char *eml_chart_tick(const eml_chart *c, int axis, size_t i) {
  return i < eml_chart_ticks(c, axis) ? c->ticks[axis][i] : NULL;
}

eml_status eml_chart_heat_svg(const eml_chart *c, double width, double height,
                              eml_write_fn write, void *ctx) {
  if (c->kind != EML_CHART_HEAT || width <= EML_CHART_MARGIN_LEFT + EML_CHART_MARGIN_RIGHT + 10 ||
      height <= EML_CHART_MARGIN_TOP + EML_CHART_MARGIN_BOTTOM + 10)
    return EML_ERR_USAGE;
  svg_out o = {write, ctx, EML_OK};
  double left = EML_CHART_MARGIN_LEFT, right = width - EML_CHART_MARGIN_RIGHT;
  double top = EML_CHART_MARGIN_TOP, bottom = height - EML_CHART_MARGIN_BOTTOM;
  double xmin, xmax, ymin, ymax;
  eml_chart_axis_range(c, 0, &xmin, &xmax);
  eml_chart_axis_range(c, 1, &ymin, &ymax);
  double cw = (right - left) / (xmax - xmin), ch = (bottom - top) / (ymax - ymin);
  int percent = c->axis[1].percent;
  double vmax = chart_heat_max(c);
  svg_printf(&o,
             "<svg class=\"eml-heat\" viewBox=\"0 0 %g %g\" "
             "width=\"%g\" height=\"%g\" role=\"img\" font-family=\"DejaVu Sans, sans-serif\">\n"
             "<title>",
             width, height, width, height);
  svg_escaped(&o, c->title);
  svg_printf(&o, "</title>\n<rect width=\"%g\" height=\"%g\" fill=\"#ffffff\"/>\n", width, height);
  svg_text(&o, c->title, 12, 1, width / 2, 16, "middle", "#0d0d0d");
  if (c->note)
    svg_text(&o, c->note, 8.5, 0, width / 2, 33, "middle", "#4d4d4d");
  for (size_t i = 0; i < c->n_points; i++) {
    const chart_point *pt = &c->points[i];
    if (!isfinite(pt->size))
      continue;
    double x = left + (pt->x - xmin) * cw, y = top + (pt->y - ymin) * ch;
    char num[32];
    svg_printf(&o, "<rect class=\"cell\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" ",
               x, y, cw, ch);
    svg_fill(&o, vmax > 0 ? pt->size / vmax : 0);
    svg_printf(&o, " stroke=\"#e0e0e0\" stroke-width=\"0.3\"><title>");
    chart_format_number(pt->size, percent ? 1 : 2, percent, num, sizeof num);
    if (pt->label) {
      svg_escaped(&o, pt->label);
      svg_printf(&o, " : ");
    }
    svg_escaped(&o, num);
    svg_printf(&o, "</title></rect>\n");
    if (cw > 16 && ch > 10 && pt->size > 0) {
      double shown = percent ? pt->size * 100 : pt->size;
      chart_format_number(shown, shown < 10 && !percent ? 1 : 0, 0, num, sizeof num);
      svg_text(&o, num, 8, 0, x + cw / 2, y + ch / 2, "middle",
               vmax > 0 && pt->size / vmax > HEAT_DARK_FROM ? "#ffffff" : "#262626");
    }
  }
  svg_printf(&o,
             "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" "
             "stroke=\"#4d4d4d\" stroke-width=\"0.8\"/>\n",
             left, top, right - left, bottom - top);
  for (size_t i = 0; i < c->n_ticks[0]; i++)
    svg_text(&o, c->ticks[0][i], 8, 0, left + ((double)i + 0.5) * cw, bottom + 10, "middle",
             "#333333");
  for (size_t i = 0; i < c->n_ticks[1]; i++)
    svg_text(&o, c->ticks[1][i], 9, 0, left - 5, top + ((double)i + 0.5) * ch, "end", "#333333");
  if (c->axis[0].label && *c->axis[0].label)
    svg_text(&o, c->axis[0].label, 9.5, 0, (left + right) / 2, bottom + 28, "middle", "#1a1a1a");
  double box = 26, lx = right - 5 * box, ly = bottom + 40;
  for (int k = 0; k < 5; k++) {
    char num[32];
    svg_printf(&o, "<rect class=\"legend\" x=\"%.2f\" y=\"%.2f\" width=\"%g\" height=\"7\" ",
               lx + k * box, ly, box);
    svg_fill(&o, k / 4.0);
    svg_printf(&o, " stroke=\"#999999\" stroke-width=\"0.4\"/>\n");
    chart_format_number(vmax * k / 4.0, percent ? 0 : 1, percent, num, sizeof num);
    svg_text(&o, num, 7, 0, lx + (k + 0.5) * box, ly + 14, "middle", "#333333");
  }
  svg_printf(&o, "</svg>\n");
  return o.st;
}
