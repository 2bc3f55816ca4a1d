/*
 * chart_internal.h — the chart structure shared by lib/chart (model in
 * chart.c, drawing in chart_draw.c, files in chart_write.c) and the pango
 * text helpers the PDF renderer of tables also uses.
 */
#ifndef EML_CHART_INTERNAL_H
#define EML_CHART_INTERNAL_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "internal.h"
#include "eml/geo.h"

typedef struct chart_axis {
  char *label;
  double min, max; /* NAN, NAN: automatic */
  int percent;
} chart_axis;

typedef struct chart_point {
  char *label;
  double x, y, size, shade;
} chart_point;

typedef struct chart_group {
  char *label;
  double *values; /* sorted, NULL for a quantiles-only group */
  size_t n_values;
  double p20, p50, p80;
  long n;
} chart_group;

typedef struct chart_line {
  double y;
  char *label;
} chart_line;

/* A territory of a MAP: the départements it covers and its value. */
typedef struct chart_area {
  char *label;
  char **codes;
  size_t n_codes;
  double value;
} chart_area;

/* Outlines (eml/geo.h, outlines.c): points in file order, rings as runs of
 * points, départements as runs of rings; by_code sorts the départements by
 * code (strcmp) for chart_outline_find. */
typedef struct outline_ring {
  size_t first, n; /* points xy[2 * first ...] */
  long ring;       /* its number in the file */
} outline_ring;

typedef struct outline_dept {
  char code[EML_OUTLINES_CODE_MAX + 1];
  size_t first_ring, n_rings;
  long line; /* where its first row is */
} outline_dept;

struct eml_outlines {
  int geographic;
  double *xy;
  size_t n_points, cap_points;
  outline_ring *rings;
  size_t n_rings, cap_rings;
  outline_dept *depts;
  size_t n_depts, cap_depts;
  size_t *by_code;
};

/* The département of that code, or NULL. */
const outline_dept *chart_outline_find(const eml_outlines *o, const char *code);

struct eml_chart {
  eml_chart_kind kind;
  int shade_red; /* BUBBLE: eml_chart_set_shade_red */
  char *title, *note;
  chart_axis axis[2];
  char **ticks[2];
  size_t n_ticks[2];
  chart_point *points;
  size_t n_points, cap_points;
  chart_group *groups;
  size_t n_groups, cap_groups;
  chart_line *lines;
  size_t n_lines, cap_lines;
  const eml_outlines *outlines; /* MAP, borrowed */
  chart_area *areas;
  size_t n_areas, cap_areas;
};

/* Makes room for one more item at the end of an array of the chart (count
 * items of `size` bytes, capacity *cap) and returns it zeroed; the caller
 * counts it once it is filled. NULL with *st EML_ERR_TOO_LARGE past
 * EML_CHART_POINTS_MAX items, or EML_ERR_NOMEM (the array left whole). */
void *chart_new_item(void **items, size_t *cap, size_t count, size_t size, eml_status *st);
/* A copy of s (NULL for NULL). */
char *chart_strdup(const char *s);
/* Draws a MAP (chart_map.c) under the title already drawn. */
void chart_draw_map(cairo_t *cr, const eml_chart *c, double width, double height);
/* Fill colour of a heat cell: white at t = 0 to dark blue at t = 1 (NAN
 * as 0). */
void chart_heat_colour(double t, double rgb[3]);

/* The value of the darkest colour of a HEAT chart: 1 when the values are
 * shares (y axis percent), else the largest value. */
double chart_heat_max(const eml_chart *c);

/* A round step (1, 2, 5 x 10^k) cutting span in about 6 intervals. */
double chart_nice_step(double span);

/* The font of every chart and PDF page. */
#define EML_CHART_FONT "DejaVu Sans"

/* A pango layout of text in the chart font at size_pt (points), bold or
 * not; the caller unrefs it (g_object_unref). */
PangoLayout *chart_layout(cairo_t *cr, const char *text, double size_pt, int bold);
/* Alignment of text drawn at a point: h 0 left, 0.5 centre, 1 right; v the
 * same from top to bottom. */
void chart_text(cairo_t *cr, const char *text, double size_pt, int bold, double x, double y,
                double h_align, double v_align);
/* Turned 90 degrees anticlockwise (y-axis labels), centred on y along
 * `length` points, wrapped on at most two lines from x rightwards. */
void chart_text_vertical(cairo_t *cr, const char *text, double size_pt, double x, double y,
                         double length);
/* Width and height (points) of text at size. */
void chart_text_size(cairo_t *cr, const char *text, double size_pt, int bold, double *w,
                     double *h);
/* Draws text centred in a box of width, wrapped on at most max_lines lines,
 * the rest ellipsized (category labels under bars). */
void chart_text_boxed(cairo_t *cr, const char *text, double size_pt, double x, double y,
                      double width, int max_lines);
/* Draws text wrapped at width; returns its height. */
double chart_text_wrapped(cairo_t *cr, const char *text, double size_pt, int bold, double x,
                          double y, double width);
/* A number with French decimal comma and `decimals` digits ("12,5"); percent
 * multiplies by 100 and appends " %" (eml_number_format); "–" when it is
 * not finite. */
void chart_format_number(double v, int decimals, int percent, char *buf, size_t size);

#endif
