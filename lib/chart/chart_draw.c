/*
 * chart_draw.c — painting a chart of eml/chart.h onto a cairo context, one
 * routine per kind, with pango for every text (DejaVu Sans, French labels).
 *
 * Layout (points): title at the top (12 pt bold), the note under it (8.5 pt),
 * the plot area inside the margins of eml/chart.h, tick labels 8 pt, axis
 * labels 9.5 pt; values map to the plot area linearly (see chart.h). Bubble
 * radius = EML_CHART_BUBBLE_RMAX * sqrt(size / largest size), so the circle's
 * AREA is proportional to size (seed 001, figures 13-18: "surface = ICR par
 * heure"); bubbles are painted largest first so small ones stay visible.
 */
#include "chart_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct plot_area {
  double left, right, top, bottom;
  double xmin, xmax, ymin, ymax;
} plot_area;

static double px(const plot_area *p, double x) {
  return p->left + (x - p->xmin) / (p->xmax - p->xmin) * (p->right - p->left);
}
static double py(const plot_area *p, double y) {
  return p->bottom - (y - p->ymin) / (p->ymax - p->ymin) * (p->bottom - p->top);
}

PangoLayout *chart_layout(cairo_t *cr, const char *text, double size_pt, int bold) {
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, EML_CHART_FONT);
  pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(fd, size_pt * PANGO_SCALE);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  pango_layout_set_text(layout, text, -1);
  return layout;
}

void chart_text_size(cairo_t *cr, const char *text, double size_pt, int bold, double *w,
                     double *h) {
  PangoLayout *layout = chart_layout(cr, text, size_pt, bold);
  int iw, ih;
  pango_layout_get_size(layout, &iw, &ih);
  *w = (double)iw / PANGO_SCALE;
  *h = (double)ih / PANGO_SCALE;
  g_object_unref(layout);
}

void chart_text(cairo_t *cr, const char *text, double size_pt, int bold, double x, double y,
                double h_align, double v_align) {
  PangoLayout *layout = chart_layout(cr, text, size_pt, bold);
  int iw, ih;
  pango_layout_get_size(layout, &iw, &ih);
  cairo_move_to(cr, x - h_align * iw / PANGO_SCALE, y - v_align * ih / PANGO_SCALE);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
}

void chart_text_boxed(cairo_t *cr, const char *text, double size_pt, double x, double y,
                      double width, int max_lines) {
  PangoLayout *layout = chart_layout(cr, text, size_pt, 0);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_height(layout, -max_lines);
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
}

void chart_text_vertical(cairo_t *cr, const char *text, double size_pt, double x, double y,
                         double length) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rotate(cr, -M_PI / 2);
  chart_text_boxed(cr, text, size_pt, -length / 2, 0, length, 2);
  cairo_restore(cr);
}

double chart_text_wrapped(cairo_t *cr, const char *text, double size_pt, int bold, double x,
                          double y, double width) {
  PangoLayout *layout = chart_layout(cr, text, size_pt, bold);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  int iw, ih;
  pango_layout_get_size(layout, &iw, &ih);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
  return (double)ih / PANGO_SCALE;
}

void chart_format_number(double v, int decimals, int percent, char *buf, size_t size) {
  if (!isfinite(v))
    snprintf(buf, size, "–");
  else
    eml_number_format(v, decimals, percent ? EML_NUMBER_PERCENT : 0, buf, size);
}

/* Digits a tick label needs for a step (0.25 -> 2). */
static int step_decimals(double step, int percent) {
  if (percent)
    step *= 100;
  int d = 0;
  while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9)
    d++;
  return d;
}

static void set_grey(cairo_t *cr, double g) { cairo_set_source_rgb(cr, g, g, g); }

/* Numeric ticks and grid of one axis; labels on the left (y) or under (x). */
static void numeric_axis(cairo_t *cr, const plot_area *p, const chart_axis *ax, int axis) {
  double lo = axis ? p->ymin : p->xmin, hi = axis ? p->ymax : p->xmax;
  double step = chart_nice_step(hi - lo);
  int dec = step_decimals(step, ax->percent);
  cairo_set_line_width(cr, 0.4);
  double first = ceil(lo / step - 1e-9) * step;
  for (int k = 0; first + k * step <= hi + step * 1e-6 && k < 100; k++) {
    double v = first + k * step;
    char label[64];
    chart_format_number(v, dec, ax->percent, label, sizeof label);
    set_grey(cr, 0.85);
    if (axis) {
      cairo_move_to(cr, p->left, py(p, v));
      cairo_line_to(cr, p->right, py(p, v));
    } else {
      cairo_move_to(cr, px(p, v), p->top);
      cairo_line_to(cr, px(p, v), p->bottom);
    }
    cairo_stroke(cr);
    set_grey(cr, 0.2);
    if (axis)
      chart_text(cr, label, 8, 0, p->left - 5, py(p, v), 1, 0.5);
    else
      chart_text(cr, label, 8, 0, px(p, v), p->bottom + 4, 0.5, 0);
  }
}

static void draw_frame(cairo_t *cr, const plot_area *p) {
  set_grey(cr, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, p->left, p->top, p->right - p->left, p->bottom - p->top);
  cairo_stroke(cr);
}

/* Colours of cells and bubbles: from a light colour to dark blue with t in
 * [0, 1] (clamped; NAN stands for nan_t). */
static const double dark_blue[3] = {0.05, 0.20, 0.50};

static void blend(const double light[3], double t, double nan_t, double rgb[3]) {
  if (!isfinite(t))
    t = nan_t;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  for (int k = 0; k < 3; k++)
    rgb[k] = light[k] + (dark_blue[k] - light[k]) * t;
}

void chart_heat_colour(double t, double rgb[3]) {
  static const double white[3] = {1, 1, 1};
  blend(white, t, 0, rgb);
}

static void set_heat(cairo_t *cr, double t) {
  double rgb[3];
  chart_heat_colour(t, rgb);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

/* Bubbles and bars: light blue (0) to dark blue (1), NAN as 0.35. */
static void set_ramp(cairo_t *cr, double t) {
  static const double light_blue[3] = {0.78, 0.86, 0.96};
  double rgb[3];
  blend(light_blue, t, 0.35, rgb);
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

/* Bubbles of eml_chart_set_shade_red: light red (0) to dark red (1), NAN as
 * 0.35. */
static void set_red_ramp(cairo_t *cr, double t) {
  static const double light_red[3] = {0.99, 0.85, 0.80}, dark_red[3] = {0.60, 0.05, 0.05};
  t = isfinite(t) ? (t < 0 ? 0 : t > 1 ? 1 : t) : 0.35;
  cairo_set_source_rgb(cr, light_red[0] + (dark_red[0] - light_red[0]) * t,
                       light_red[1] + (dark_red[1] - light_red[1]) * t,
                       light_red[2] + (dark_red[2] - light_red[2]) * t);
}

static void draw_bubbles(cairo_t *cr, const eml_chart *c, const plot_area *p) {
  double size_max = 0;
  for (size_t i = 0; i < c->n_points; i++)
    if (isfinite(c->points[i].size) && c->points[i].size > size_max)
      size_max = c->points[i].size;
  /* largest first: a painter's order over the indexes */
  size_t n = c->n_points;
  unsigned char *done = calloc(n ? n : 1, 1);
  if (!done)
    return;
  cairo_save(cr);
  cairo_rectangle(cr, p->left, p->top, p->right - p->left, p->bottom - p->top);
  cairo_clip(cr);
  for (size_t k = 0; k < n; k++) {
    size_t best = n;
    for (size_t i = 0; i < n; i++)
      if (!done[i] && (best == n || c->points[i].size > c->points[best].size))
        best = i;
    done[best] = 1;
    const chart_point *pt = &c->points[best];
    if (!isfinite(pt->x) || !isfinite(pt->y) || !isfinite(pt->size) || pt->size <= 0 ||
        size_max <= 0)
      continue;
    double r = EML_CHART_BUBBLE_RMAX * sqrt(pt->size / size_max);
    cairo_new_path(cr);
    cairo_arc(cr, px(p, pt->x), py(p, pt->y), r, 0, 2 * M_PI);
    cairo_close_path(cr);
    if (c->shade_red)
      set_red_ramp(cr, pt->shade);
    else
      set_ramp(cr, pt->shade);
    cairo_fill_preserve(cr);
    set_grey(cr, 0.15);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  if (n <= 15)
    for (size_t i = 0; i < n; i++) {
      const chart_point *pt = &c->points[i];
      if (pt->label && isfinite(pt->x) && isfinite(pt->y) && isfinite(pt->size) && size_max > 0)
        chart_text(cr, pt->label, 7, 0,
                   px(p, pt->x) + EML_CHART_BUBBLE_RMAX * sqrt(fmax(pt->size, 0) / size_max) + 2,
                   py(p, pt->y), 0, 0.5);
    }
  free(done);
}

static void draw_dist(cairo_t *cr, const eml_chart *c, const plot_area *p) {
  double slot = (p->right - p->left) / (double)(c->n_groups ? c->n_groups : 1);
  for (size_t i = 0; i < c->n_groups; i++) {
    const chart_group *g = &c->groups[i];
    double cx = p->left + ((double)i + 0.5) * slot;
    double half = fmin(slot * 0.25, 40);
    if (isfinite(g->p20) && isfinite(g->p80)) {
      cairo_rectangle(cr, cx - half, py(p, g->p80), 2 * half, py(p, g->p20) - py(p, g->p80));
      cairo_set_source_rgba(cr, 0.27, 0.51, 0.71, 0.25);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.1, 0.25, 0.45);
      cairo_set_line_width(cr, 0.8);
      cairo_stroke(cr);
    }
    /* values as dots, spread deterministically across the box's width */
    cairo_set_source_rgba(cr, 0.1, 0.1, 0.1, 0.55);
    for (size_t j = 0; j < g->n_values; j++) {
      double off = ((double)((j * 37) % 21) - 10) / 10 * half * 0.8;
      cairo_new_path(cr);
      cairo_arc(cr, cx + off, py(p, g->values[j]), 1.6, 0, 2 * M_PI);
      cairo_fill(cr);
    }
    if (isfinite(g->p50)) {
      cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
      cairo_set_line_width(cr, 2.2);
      cairo_move_to(cr, cx - half - 4, py(p, g->p50));
      cairo_line_to(cr, cx + half + 4, py(p, g->p50));
      cairo_stroke(cr);
    }
    /* quantile labels to the right of the box */
    set_grey(cr, 0.2);
    const double qs[3] = {g->p20, g->p50, g->p80};
    const char *names[3] = {"P20", N_("méd."), "P80"};
    double dec = step_decimals(chart_nice_step(p->ymax - p->ymin), c->axis[1].percent) + 1;
    double last_y = INFINITY;
    for (int q = 0; q < 3; q++) {
      if (!isfinite(qs[q]))
        continue;
      char num[48], label[80];
      chart_format_number(qs[q], (int)dec, c->axis[1].percent, num, sizeof num);
      snprintf(label, sizeof label, "%s %s", _(names[q]), num);
      double y = py(p, qs[q]);
      if (y > last_y - 9)
        y = last_y - 9; /* keep the three labels apart */
      chart_text(cr, label, 7, q == 1, cx + half + 6, y, 0, 0.5);
      last_y = y;
    }
    char glabel[160];
    snprintf(glabel, sizeof glabel, "%s (n = %ld)", g->label, g->n);
    chart_text(cr, glabel, 8.5, 0, cx, p->bottom + 4, 0.5, 0);
  }
}

/* The horizontal reference lines of BARS and STACK, labelled at the right. */
static void draw_lines(cairo_t *cr, const eml_chart *c, const plot_area *p) {
  for (size_t i = 0; i < c->n_lines; i++) {
    const chart_line *l = &c->lines[i];
    if (!isfinite(l->y) || l->y < p->ymin || l->y > p->ymax)
      continue;
    static const double dash[2] = {5, 3};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.8, 0.15 + 0.2 * (double)i, 0.1);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, p->left, py(p, l->y));
    cairo_line_to(cr, p->right, py(p, l->y));
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    if (l->label)
      chart_text(cr, l->label, 7, 1, p->right + 2, py(p, l->y), 0, 0.5);
  }
}

static void draw_bars(cairo_t *cr, const eml_chart *c, const plot_area *p) {
  double slot = (p->right - p->left) / (double)(c->n_points ? c->n_points : 1);
  for (size_t i = 0; i < c->n_points; i++) {
    const chart_point *pt = &c->points[i];
    double cx = p->left + ((double)i + 0.5) * slot;
    if (isfinite(pt->y)) {
      double y0 = py(p, fmax(p->ymin, 0)), y1 = py(p, pt->y);
      cairo_rectangle(cr, cx - slot * 0.32, y1, slot * 0.64, y0 - y1);
      set_ramp(cr, isfinite(pt->shade) ? pt->shade : 0.6);
      cairo_fill(cr);
      if (slot > 22) {
        /* whole, or one decimal for a small fraction (0,5 machine-equivalent) */
        char num[48];
        int dec = fabs(pt->y) < 10 && pt->y != floor(pt->y) ? 1 : 0;
        chart_format_number(pt->y, dec, 0, num, sizeof num);
        set_grey(cr, 0.2);
        chart_text(cr, num, 7, 0, cx, y1 - 1, 0.5, 1);
      }
    }
    if (pt->label) {
      set_grey(cr, 0.2);
      chart_text_boxed(cr, pt->label, 7, cx - slot / 2 + 1, p->bottom + 4, slot - 2, 3);
    }
  }
  draw_lines(cr, c, p);
}

/* The legend of STACK and DOTS: the ticks of axis 1, one swatch each, in
 * the top left corner of the plot; colour(k) sets the swatch's colour. */
static void draw_legend(cairo_t *cr, const eml_chart *c, const plot_area *p,
                        void (*colour)(cairo_t *, size_t k, size_t n)) {
  if (!c->n_ticks[1])
    return;
  double widest = 0; /* a light box under the legend, over the data */
  for (size_t k = 0; k < c->n_ticks[1]; k++) {
    PangoLayout *layout = chart_layout(cr, c->ticks[1][k], 7.5, 0);
    int iw, ih;
    pango_layout_get_size(layout, &iw, &ih);
    g_object_unref(layout);
    widest = fmax(widest, (double)iw / PANGO_SCALE);
  }
  cairo_rectangle(cr, p->left + 3, p->top + 3, widest + 22, 11 * (double)c->n_ticks[1] + 5);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill(cr);
  for (size_t k = 0; k < c->n_ticks[1]; k++) {
    double y = p->top + 6 + 11 * (double)k;
    cairo_rectangle(cr, p->left + 6, y, 9, 8);
    colour(cr, k, c->n_ticks[1]);
    cairo_fill(cr);
    set_grey(cr, 0.15);
    chart_text(cr, c->ticks[1][k], 7.5, 0, p->left + 19, y + 4, 0, 0.5);
  }
}

/* Layer k of n of a STACK: light (0) to dark blue (the last). */
static void layer_colour(cairo_t *cr, size_t k, size_t n) {
  set_ramp(cr, (double)k / (double)(n > 1 ? n - 1 : 1));
}

/* Series k of DOTS: ColorBrewer's Dark2, cycled. */
static void series_colour(cairo_t *cr, size_t k, size_t n) {
  static const double palette[EML_CHART_DOT_COLOURS][3] = {
      {0.106, 0.620, 0.467}, {0.851, 0.373, 0.008}, {0.459, 0.439, 0.702},
      {0.906, 0.161, 0.541}, {0.400, 0.651, 0.118}, {0.651, 0.463, 0.114}};
  (void)n;
  const double *rgb = palette[k % EML_CHART_DOT_COLOURS];
  cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

static void draw_dots(cairo_t *cr, const eml_chart *c, const plot_area *p) {
  cairo_save(cr);
  cairo_rectangle(cr, p->left, p->top, p->right - p->left, p->bottom - p->top);
  cairo_clip(cr);
  for (size_t i = 0; i < c->n_points; i++) {
    const chart_point *pt = &c->points[i];
    if (!isfinite(pt->x) || !isfinite(pt->y))
      continue;
    cairo_new_path(cr);
    cairo_arc(cr, px(p, pt->x), py(p, pt->y), EML_CHART_DOT_R, 0, 2 * M_PI);
    cairo_close_path(cr);
    series_colour(cr, isfinite(pt->size) && pt->size > 0 ? (size_t)pt->size : 0, 0);
    cairo_fill(cr);
  }
  cairo_restore(cr);
  draw_legend(cr, c, p, series_colour);
  draw_lines(cr, c, p);
}

/* STACK (eml/chart.h): bars of nested layers, the legend of the layers in
 * the top left corner of the plot. */
static void draw_stack(cairo_t *cr, const eml_chart *c, const plot_area *p) {
  double n_bars = p->xmax > 0 ? p->xmax : 1, slot = (p->right - p->left) / n_bars;
  size_t n_layers = c->n_ticks[1] > 1 ? c->n_ticks[1] : 2;
  double labelled_x = -1; /* the bar whose label was written last */
  for (size_t i = 0; i < c->n_points; i++) {
    const chart_point *pt = &c->points[i];
    if (!isfinite(pt->x) || !isfinite(pt->y) || pt->x < 0 || pt->x >= n_bars)
      continue;
    double x0 = p->left + floor(pt->x) * slot, y0 = py(p, fmax(p->ymin, 0)), y1 = py(p, pt->y);
    double k = isfinite(pt->size) ? pt->size : 0;
    cairo_rectangle(cr, x0 + slot * 0.1, y1, slot * 0.8, y0 - y1);
    layer_colour(cr, (size_t)k, n_layers);
    cairo_fill(cr);
    if (pt->label && slot > 22 && floor(pt->x) != labelled_x) {
      labelled_x = floor(pt->x);
      set_grey(cr, 0.2);
      chart_text_boxed(cr, pt->label, 7, x0 + 1, p->bottom + 4, slot - 2, 3);
    }
  }
  draw_legend(cr, c, p, layer_colour);
  draw_lines(cr, c, p);
}

/* Cells coloured on [0, vmax]: vmax = 1 (100 %) when the values are shares
 * (y axis percent: cells show the percentage without its sign), else the
 * largest value; a legend of five steps under the x axis's label. */
double chart_heat_max(const eml_chart *c) {
  double vmax = c->axis[1].percent ? 1 : 0;
  for (size_t i = 0; !c->axis[1].percent && i < c->n_points; i++)
    if (isfinite(c->points[i].size) && c->points[i].size > vmax)
      vmax = c->points[i].size;
  return vmax;
}

static void draw_heat(cairo_t *cr, const eml_chart *c, const plot_area *p) {
  int percent = c->axis[1].percent;
  double vmax = chart_heat_max(c);
  double cw = (p->right - p->left) / (p->xmax - p->xmin);
  double ch = (p->bottom - p->top) / (p->ymax - p->ymin);
  for (size_t i = 0; i < c->n_points; i++) {
    const chart_point *pt = &c->points[i];
    if (!isfinite(pt->size))
      continue;
    double x = px(p, pt->x), y = p->top + (pt->y - p->ymin) * ch; /* rows top-down */
    cairo_rectangle(cr, x, y, cw, ch);
    set_heat(cr, vmax > 0 ? pt->size / vmax : 0);
    cairo_fill_preserve(cr);
    set_grey(cr, 0.88);
    cairo_set_line_width(cr, 0.3);
    cairo_stroke(cr);
    if (cw > 16 && ch > 10 && pt->size > 0) {
      char num[32];
      double shown = percent ? pt->size * 100 : pt->size;
      chart_format_number(shown, shown < 10 && !percent ? 1 : 0, 0, num, sizeof num);
      if (vmax > 0 && pt->size / vmax > 0.55)
        cairo_set_source_rgb(cr, 1, 1, 1);
      else
        set_grey(cr, 0.15);
      chart_text(cr, num, 6, 0, x + cw / 2, y + ch / 2, 0.5, 0.5);
    }
  }
  set_grey(cr, 0.2);
  for (size_t i = 0; i < c->n_ticks[0]; i++)
    chart_text(cr, c->ticks[0][i], 7, 0, p->left + ((double)i + 0.5) * cw, p->bottom + 4, 0.5, 0);
  for (size_t i = 0; i < c->n_ticks[1]; i++)
    chart_text(cr, c->ticks[1][i], 7.5, 0, p->left - 5, p->top + ((double)i + 0.5) * ch, 1, 0.5);
  /* legend: five boxes from 0 to vmax, each with its value */
  double box = 26, lx = p->right - 5 * box, ly = p->bottom + 40;
  for (int k = 0; k < 5; k++) {
    char num[32];
    cairo_rectangle(cr, lx + k * box, ly, box, 7);
    set_heat(cr, k / 4.0);
    cairo_fill_preserve(cr);
    set_grey(cr, 0.6);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
    chart_format_number(vmax * k / 4.0, percent ? 0 : 1, percent, num, sizeof num);
    set_grey(cr, 0.2);
    chart_text(cr, num, 6.5, 0, lx + (k + 0.5) * box, ly + 8, 0.5, 0);
  }
}

eml_status eml_chart_draw(const eml_chart *c, cairo_t *cr, double width, double height) {
  if (width <= EML_CHART_MARGIN_LEFT + EML_CHART_MARGIN_RIGHT + 10 ||
      height <= EML_CHART_MARGIN_TOP + EML_CHART_MARGIN_BOTTOM + 10)
    return EML_ERR_USAGE;
  plot_area p = {EML_CHART_MARGIN_LEFT, width - EML_CHART_MARGIN_RIGHT, EML_CHART_MARGIN_TOP,
                 height - EML_CHART_MARGIN_BOTTOM, 0, 1, 0, 1};
  eml_chart_axis_range(c, 0, &p.xmin, &p.xmax);
  eml_chart_axis_range(c, 1, &p.ymin, &p.ymax);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, width, height);
  cairo_fill(cr);
  set_grey(cr, 0.05);
  chart_text(cr, c->title, 12, 1, width / 2, 8, 0.5, 0);
  if (c->note) {
    set_grey(cr, 0.3);
    chart_text(cr, c->note, 8.5, 0, width / 2, 27, 0.5, 0);
  }
  if (c->kind == EML_CHART_MAP) {
    chart_draw_map(cr, c, width, height);
    cairo_restore(cr);
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? EML_OK : EML_ERR_NOMEM;
  }
  if (c->kind == EML_CHART_BUBBLE || c->kind == EML_CHART_DOTS)
    numeric_axis(cr, &p, &c->axis[0], 0);
  if (c->kind != EML_CHART_HEAT)
    numeric_axis(cr, &p, &c->axis[1], 1);
  switch (c->kind) {
  case EML_CHART_BUBBLE: draw_bubbles(cr, c, &p); break;
  case EML_CHART_DIST: draw_dist(cr, c, &p); break;
  case EML_CHART_BARS: draw_bars(cr, c, &p); break;
  case EML_CHART_STACK: draw_stack(cr, c, &p); break;
  case EML_CHART_DOTS: draw_dots(cr, c, &p); break;
  case EML_CHART_HEAT: draw_heat(cr, c, &p); break;
  case EML_CHART_MAP: break; /* drawn above */
  }
  draw_frame(cr, &p);
  set_grey(cr, 0.1);
  if (c->axis[0].label && *c->axis[0].label)
    chart_text(cr, c->axis[0].label, 9.5, 0, (p.left + p.right) / 2, p.bottom + 22, 0.5, 0);
  if (c->axis[1].label && *c->axis[1].label)
    chart_text_vertical(cr, c->axis[1].label, 9, 4, (p.top + p.bottom) / 2, p.bottom - p.top);
  cairo_restore(cr);
  return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? EML_OK : EML_ERR_NOMEM;
}
