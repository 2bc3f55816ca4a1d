/*
 * chart_map.c — drawing a MAP chart (eml/chart.h, "Map geometry"): the
 * territories of the balance over the outlines of eml/geo.h, filled on a
 * diverging scale of their value (spec issue 6: "a map of the territories
 * coloured by the balance's gap to the upper bound"), the other
 * départements of the frame in light grey, a legend on the right.
 *
 * Projection: plane outlines are drawn as they are (y to the south); lon/lat
 * outlines equirectangularly, X = lon * cos(lat0), Y = -lat, lat0 the middle
 * latitude of the areas — at the scale of a region the distortion is a few
 * per cent, which a planner's map tolerates. Colours: blue #2166AC (-M),
 * #F7F7F7 (0), red #B2182B (+M), linear in RGB, M = the largest |value|
 * (at least 1), the three ends of ColorBrewer's RdBu scheme.
 * Labels: each territory's label (bold) and signed value at the anchor of
 * its largest ring: of the points of a 24 x 24 grid over the ring's box
 * that lie inside it, the one farthest from its edges (the centroid of a
 * crescent such as Hauts-de-Seine lies outside it), the centroid when no
 * grid point is inside. A label whose box does not fit inside its ring (or
 * overlaps one that does) is moved beside it, smallest territory first, to
 * the nearest place (16 directions, growing distances) over no other label
 * and outside the rings of the other territories that did not fit (the
 * crowded middle of a region), drawn in a box of the territory's colour
 * and tied to it by a leader line. The overseas départements of the
 * shipped plane outlines are insets (each at its own scale, in a column
 * left of metropolitan France: data/geo/README.md), each in a thin grey box.
 */
#include "chart_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct map_frame {
  int geographic;
  double cos_lat0;
  double x0, y0, x1, y1; /* projected box */
  double s, left, top;   /* X -> left + (X - x0) * s */
} map_frame;

static void project(const map_frame *f, const double *xy, double *px, double *py) {
  double X = f->geographic ? xy[0] * f->cos_lat0 : xy[0];
  double Y = f->geographic ? -xy[1] : xy[1];
  *px = f->left + (X - f->x0) * f->s;
  *py = f->top + (Y - f->y0) * f->s;
}

/* Box of the départements of the areas (all départements when no area has
 * an outline), in raw coordinates. */
static int raw_box(const eml_chart *c, double box[4]) {
  const eml_outlines *o = c->outlines;
  box[0] = box[1] = INFINITY;
  box[2] = box[3] = -INFINITY;
  int found = 0;
  for (int pass = 0; pass < 2 && !found; pass++)
    for (size_t d = 0; d < o->n_depts; d++) {
      int take = pass == 1;
      for (size_t a = 0; !take && a < c->n_areas; a++)
        for (size_t k = 0; !take && k < c->areas[a].n_codes; k++)
          take = strcmp(c->areas[a].codes[k], o->depts[d].code) == 0;
      if (!take)
        continue;
      const outline_dept *dep = &o->depts[d];
      const outline_ring *r0 = &o->rings[dep->first_ring], *rn = r0 + dep->n_rings - 1;
      for (size_t p = r0->first; p < rn->first + rn->n; p++) {
        box[0] = fmin(box[0], o->xy[2 * p]);
        box[1] = fmin(box[1], o->xy[2 * p + 1]);
        box[2] = fmax(box[2], o->xy[2 * p]);
        box[3] = fmax(box[3], o->xy[2 * p + 1]);
        found = 1;
      }
    }
  return found;
}

static int make_frame(const eml_chart *c, double left, double top, double right, double bottom,
                      map_frame *f) {
  double box[4];
  if (!raw_box(c, box))
    return 0;
  f->geographic = c->outlines->geographic;
  f->cos_lat0 = cos((box[1] + box[3]) / 2 * M_PI / 180);
  double X0 = box[0], X1 = box[2], Y0 = box[1], Y1 = box[3];
  if (f->geographic) {
    X0 = box[0] * f->cos_lat0, X1 = box[2] * f->cos_lat0;
    Y0 = -box[3], Y1 = -box[1];
  }
  double pad = EML_CHART_MAP_CONTEXT * fmax(X1 - X0, Y1 - Y0);
  if (!(pad > 0))
    pad = 1;
  f->x0 = X0 - pad, f->x1 = X1 + pad, f->y0 = Y0 - pad, f->y1 = Y1 + pad;
  double w = f->x1 - f->x0, h = f->y1 - f->y0;
  f->s = fmin((right - left) / w, (bottom - top) / h);
  f->left = left + ((right - left) - f->s * w) / 2;
  f->top = top + ((bottom - top) - f->s * h) / 2;
  return 1;
}

/* The projected box of a département: box[] = x0, y0, x1, y1. */
static void dept_box(const eml_outlines *o, const outline_dept *d, const map_frame *f,
                     double box[4]) {
  const outline_ring *r0 = &o->rings[d->first_ring], *rn = r0 + d->n_rings - 1;
  box[0] = box[1] = INFINITY, box[2] = box[3] = -INFINITY;
  for (size_t p = r0->first; p < rn->first + rn->n; p++) {
    double x, y;
    project(f, &o->xy[2 * p], &x, &y);
    box[0] = fmin(box[0], x), box[1] = fmin(box[1], y);
    box[2] = fmax(box[2], x), box[3] = fmax(box[3], y);
  }
}

/* Does the département reach into the rectangle (projected)? */
static int dept_visible(const eml_outlines *o, const outline_dept *d, const map_frame *f,
                        double left, double top, double right, double bottom) {
  double box[4];
  dept_box(o, d, f, box);
  return box[2] >= left && box[0] <= right && box[3] >= top && box[1] <= bottom;
}

static void dept_path(cairo_t *cr, const eml_outlines *o, const outline_dept *d,
                      const map_frame *f) {
  for (size_t r = 0; r < d->n_rings; r++) {
    const outline_ring *ring = &o->rings[d->first_ring + r];
    for (size_t p = 0; p < ring->n; p++) {
      double x, y;
      project(f, &o->xy[2 * (ring->first + p)], &x, &y);
      if (p == 0)
        cairo_move_to(cr, x, y);
      else
        cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
  }
}

/* Area (shoelace, projected units), centroid and box of a ring. */
static double ring_centroid(const eml_outlines *o, const outline_ring *ring, const map_frame *f,
                            double *cx, double *cy, double box[4]) {
  double a2 = 0, sx = 0, sy = 0, x0, y0;
  project(f, &o->xy[2 * ring->first], &x0, &y0);
  double mx = 0, my = 0;
  box[0] = box[2] = x0, box[1] = box[3] = y0;
  for (size_t p = 0; p < ring->n; p++) {
    double xa, ya, xb, yb;
    project(f, &o->xy[2 * (ring->first + p)], &xa, &ya);
    project(f, &o->xy[2 * (ring->first + (p + 1) % ring->n)], &xb, &yb);
    box[0] = fmin(box[0], xa), box[1] = fmin(box[1], ya);
    box[2] = fmax(box[2], xa), box[3] = fmax(box[3], ya);
    xa -= x0, ya -= y0, xb -= x0, yb -= y0; /* around the first point: less rounding */
    double cross = xa * yb - xb * ya;
    a2 += cross;
    sx += (xa + xb) * cross;
    sy += (ya + yb) * cross;
    mx += xa, my += ya;
  }
  if (fabs(a2) < 1e-12) { /* degenerate: the mean of the points */
    *cx = x0 + mx / (double)ring->n;
    *cy = y0 + my / (double)ring->n;
    return 0;
  }
  *cx = x0 + sx / (3 * a2);
  *cy = y0 + sy / (3 * a2);
  return fabs(a2) / 2;
}

/* The colour of a value on the diverging scale (chart.h). */
static void map_colour(double v, double vmax, double rgb[3]) {
  static const double blue[3] = {0x21 / 255.0, 0x66 / 255.0, 0xAC / 255.0};
  static const double mid[3] = {0xF7 / 255.0, 0xF7 / 255.0, 0xF7 / 255.0};
  static const double red[3] = {0xB2 / 255.0, 0x18 / 255.0, 0x2B / 255.0};
  if (!isfinite(v)) {
    rgb[0] = rgb[1] = rgb[2] = 1;
    return;
  }
  double t = v / vmax;
  t = t < -1 ? -1 : t > 1 ? 1 : t;
  const double *end = t < 0 ? blue : red;
  double u = fabs(t);
  for (int k = 0; k < 3; k++)
    rgb[k] = mid[k] + (end[k] - mid[k]) * u;
}

/* "+2", "−3" (U+2212), "0", "1,5"; "–" without a value. */
static void signed_value(double v, char *buf, size_t size) {
  char num[48];
  if (!isfinite(v)) {
    snprintf(buf, size, "–");
    return;
  }
  chart_format_number(fabs(v), fabs(v - round(v)) < 1e-9 ? 0 : 1, 0, num, sizeof num);
  snprintf(buf, size, "%s%s", v > 0 && strcmp(num, "0") ? "+" : v < 0 && strcmp(num, "0") ? "−" : "",
           num);
}

/* Is (x, y) inside the ring (even-odd crossing test, projected)? */
static int ring_inside(const eml_outlines *o, const outline_ring *ring, const map_frame *f,
                       double x, double y) {
  int inside = 0;
  double xb, yb;
  project(f, &o->xy[2 * (ring->first + ring->n - 1)], &xb, &yb);
  for (size_t p = 0; p < ring->n; p++) {
    double xa, ya;
    project(f, &o->xy[2 * (ring->first + p)], &xa, &ya);
    if ((ya > y) != (yb > y) && x < xa + (y - ya) * (xb - xa) / (yb - ya))
      inside = !inside;
    xb = xa, yb = ya;
  }
  return inside;
}

/* Distance from (x, y) to the nearest edge of the ring (projected). */
static double ring_distance(const eml_outlines *o, const outline_ring *ring, const map_frame *f,
                            double x, double y) {
  double best = INFINITY, xb, yb;
  project(f, &o->xy[2 * (ring->first + ring->n - 1)], &xb, &yb);
  for (size_t p = 0; p < ring->n; p++) {
    double xa, ya;
    project(f, &o->xy[2 * (ring->first + p)], &xa, &ya);
    double dx = xb - xa, dy = yb - ya, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((x - xa) * dx + (y - ya) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    best = fmin(best, hypot(x - (xa + t * dx), y - (ya + t * dy)));
    xb = xa, yb = ya;
  }
  return best;
}

/* The anchor of a label in a ring (see the top of this file). */
static void ring_anchor(const eml_outlines *o, const outline_ring *ring, const map_frame *f,
                        const double box[4], double *x, double *y) {
  enum { GRID = 24 };
  double best = -1;
  for (int i = 0; i < GRID; i++)
    for (int j = 0; j < GRID; j++) {
      double gx = box[0] + (box[2] - box[0]) * (i + 0.5) / GRID;
      double gy = box[1] + (box[3] - box[1]) * (j + 0.5) / GRID;
      if (!ring_inside(o, ring, f, gx, gy))
        continue;
      double dist = ring_distance(o, ring, f, gx, gy);
      if (dist > best)
        best = dist, *x = gx, *y = gy;
    }
}

typedef struct map_label {
  size_t area;
  double cx, cy, size; /* anchor and area of its largest ring */
  const outline_ring *ring;
  double ring_box[4]; /* box of that ring */
  char value[64];     /* the signed value shown */
  double h1;          /* height of the label's first line */
  int fits, moved;    /* at the anchor inside its ring; beside it, with a leader */
  double x, y, w, h;   /* the box placed */
  int has_anchor;
} map_label;

static int boxes_overlap(const map_label *a, const map_label *b) {
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static int by_size(const void *a, const void *b) {
  const map_label *la = a, *lb = b;
  return la->size < lb->size ? -1 : la->size > lb->size;
}

/* Places each label (smallest territory first) and draws them. */
static void draw_labels(cairo_t *cr, const eml_chart *c, const map_frame *f, double vmax,
                        double left, double top, double right, double bottom) {
  const eml_outlines *o = c->outlines;
  map_label *labels = calloc(c->n_areas ? c->n_areas : 1, sizeof *labels);
  if (!labels)
    return;
  size_t n = 0;
  for (size_t a = 0; a < c->n_areas; a++) {
    map_label *l = &labels[n];
    l->area = a;
    l->size = -1;
    for (size_t k = 0; k < c->areas[a].n_codes; k++) {
      const outline_dept *d = chart_outline_find(o, c->areas[a].codes[k]);
      for (size_t r = 0; d && r < d->n_rings; r++) {
        double cx, cy, box[4];
        double size = ring_centroid(o, &o->rings[d->first_ring + r], f, &cx, &cy, box);
        if (size > l->size) {
          l->size = size, l->cx = cx, l->cy = cy, l->has_anchor = 1;
          l->ring = &o->rings[d->first_ring + r];
          memcpy(l->ring_box, box, sizeof box);
        }
      }
    }
    if (l->has_anchor) {
      ring_anchor(o, l->ring, f, l->ring_box, &l->cx, &l->cy);
      n++;
    }
  }
  qsort(labels, n, sizeof *labels, by_size);
  /* sizes; a label fits when its box at the anchor lies inside its ring */
  for (size_t i = 0; i < n; i++) {
    map_label *l = &labels[i];
    const chart_area *a = &c->areas[l->area];
    signed_value(a->value, l->value, sizeof l->value);
    double w1, w2, h2;
    chart_text_size(cr, a->label, 8, 1, &w1, &l->h1);
    chart_text_size(cr, l->value, 8, 0, &w2, &h2);
    l->w = fmax(w1, w2) + 4;
    l->h = l->h1 + h2 + 1;
    l->x = l->cx - l->w / 2;
    l->y = l->cy - l->h / 2;
    l->fits = ring_inside(o, l->ring, f, l->x, l->y) &&
              ring_inside(o, l->ring, f, l->x + l->w, l->y) &&
              ring_inside(o, l->ring, f, l->x, l->y + l->h) &&
              ring_inside(o, l->ring, f, l->x + l->w, l->y + l->h);
    for (size_t j = 0; j < i && l->fits; j++)
      l->fits = !(labels[j].fits && boxes_overlap(l, &labels[j]));
  }
  /* the others, smallest first, beside: the nearest free place (16
   * directions, growing distances) inside the map, over no label placed and
   * outside the rings of the territories that do not fit (the crowded
   * middle of a region), that last rule dropped when no place is found */
  for (size_t i = 0; i < n; i++) {
    map_label *l = &labels[i];
    if (l->fits)
      continue;
    int placed = 0;
    for (int relax = 0; relax < 2 && !placed; relax++)
      for (int step = 1; step <= 16 && !placed; step++)
        for (int dir = 0; dir < 16 && !placed; dir++) {
          double ang = dir * M_PI / 8, dist = step * (l->h + 2) * 0.75;
          l->x = l->cx + cos(ang) * dist * 1.4 - l->w / 2;
          l->y = l->cy - sin(ang) * dist - l->h / 2;
          if (l->x < left || l->x + l->w > right || l->y < top || l->y + l->h > bottom)
            continue;
          placed = 1;
          for (size_t j = 0; j < n && placed; j++) {
            const map_label *m = &labels[j];
            if ((m->fits || j < i) && boxes_overlap(l, m))
              placed = 0;
            else if (!relax && !m->fits && l->x < m->ring_box[2] && m->ring_box[0] < l->x + l->w &&
                     l->y < m->ring_box[3] && m->ring_box[1] < l->y + l->h)
              placed = 0;
          }
        }
    l->moved = placed;
    if (!placed) { /* nowhere free: at the anchor */
      l->x = l->cx - l->w / 2;
      l->y = l->cy - l->h / 2;
    }
  }
  for (size_t i = 0; i < n; i++) {
    const map_label *l = &labels[i];
    const chart_area *a = &c->areas[l->area];
    double rgb[3];
    map_colour(a->value, vmax, rgb);
    int dark = isfinite(a->value) && fabs(a->value) / vmax > 0.6;
    if (l->moved) {
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      cairo_set_line_width(cr, 0.6);
      cairo_move_to(cr, l->cx, l->cy);
      cairo_line_to(cr, fmin(fmax(l->cx, l->x), l->x + l->w), fmin(fmax(l->cy, l->y), l->y + l->h));
      cairo_stroke(cr);
      cairo_arc(cr, l->cx, l->cy, 1.3, 0, 2 * M_PI);
      cairo_fill(cr);
      cairo_rectangle(cr, l->x, l->y, l->w, l->h);
      cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      cairo_set_line_width(cr, 0.5);
      cairo_stroke(cr);
    }
    if (dark)
      cairo_set_source_rgb(cr, 1, 1, 1);
    else
      cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
    chart_text(cr, a->label, 8, 1, l->x + l->w / 2, l->y + 0.5, 0.5, 0);
    chart_text(cr, l->value, 8, 0, l->x + l->w / 2, l->y + 0.5 + l->h1, 0.5, 0);
  }
  free(labels);
}

/* The legend in the right column: title, colour bar with its ticks, the
 * grey and white swatches, the territories without an outline. */
static void draw_legend(cairo_t *cr, const eml_chart *c, double vmax, double x, double y,
                        double width, int has_nan) {
  const char *title = c->axis[1].label && *c->axis[1].label ? c->axis[1].label : "Valeur";
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  y += chart_text_wrapped(cr, title, 8.5, 1, x, y, width) + 8;
  const double bar_w = 14, bar_h = 130;
  cairo_pattern_t *grad = cairo_pattern_create_linear(0, y, 0, y + bar_h);
  double rgb[3];
  for (int k = 0; k <= 4; k++) {
    map_colour(vmax * (1 - k / 2.0), vmax, rgb);
    cairo_pattern_add_color_stop_rgb(grad, k / 4.0, rgb[0], rgb[1], rgb[2]);
  }
  cairo_rectangle(cr, x, y, bar_w, bar_h);
  cairo_set_source(cr, grad);
  cairo_fill_preserve(cr);
  cairo_pattern_destroy(grad);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.5);
  cairo_stroke(cr);
  /* ticks: every whole number when M <= 4, else -M, -M/2, 0, M/2, M */
  int whole = vmax <= 4 && fabs(vmax - round(vmax)) < 1e-9;
  int steps = whole ? (int)round(vmax) * 2 : 4;
  for (int k = 0; k <= steps; k++) {
    double v = vmax - 2 * vmax * k / steps, ty = y + bar_h * k / steps;
    char label[64];
    signed_value(fabs(v) < 1e-9 ? 0 : v, label, sizeof label);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_move_to(cr, x + bar_w, ty);
    cairo_line_to(cr, x + bar_w + 3, ty);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    chart_text(cr, label, 7.5, 0, x + bar_w + 5, ty, 0, 0.5);
  }
  y += bar_h + 14;
  struct {
    double grey;
    const char *text;
    int show;
  } swatches[2] = {{0xE0 / 255.0, N_("Autre département"), 1}, {1, "Sans objectif", has_nan}};
  cairo_set_line_width(cr, 0.5);
  for (int k = 0; k < 2; k++) {
    if (!swatches[k].show)
      continue;
    cairo_rectangle(cr, x, y, bar_w, 10);
    cairo_set_source_rgb(cr, swatches[k].grey, swatches[k].grey, swatches[k].grey);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    chart_text(cr, _(swatches[k].text), 7.5, 0, x + bar_w + 5, y + 5, 0, 0.5);
    y += 16;
  }
  /* territories none of whose départements has an outline */
  char list[1024] = "";
  size_t used = 0;
  for (size_t a = 0; a < c->n_areas; a++) {
    int drawn = 0;
    for (size_t k = 0; k < c->areas[a].n_codes && !drawn; k++)
      drawn = chart_outline_find(c->outlines, c->areas[a].codes[k]) != NULL;
    if (!drawn && used + strlen(c->areas[a].label) + 8 < sizeof list)
      used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "",
                               c->areas[a].label);
  }
  if (used) {
    char text[1100];
    snprintf(text, sizeof text, "Sans contour : %s", list);
    y += chart_text_wrapped(cr, text, 7.5, 0, x, y + 4, width) + 8;
  }
  if (c->axis[0].label && *c->axis[0].label) {
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    chart_text_wrapped(cr, c->axis[0].label, 6.5, 0, x, y + 6, width);
  }
}

/* The overseas départements (INSEE codes 971...976) of a plane outline
 * file are insets beside metropolitan France, each at its own scale
 * (data/geo/README.md): a thin box around each one the map shows says so.
 * Lon/lat outlines put them where they are: no box. */
static void draw_inset_boxes(cairo_t *cr, const eml_outlines *o, const map_frame *f,
                             double left, double top, double right, double bottom) {
  if (o->geographic)
    return;
  for (size_t d = 0; d < o->n_depts; d++) {
    const outline_dept *dep = &o->depts[d];
    if (strncmp(dep->code, "97", 2) != 0 || !dept_visible(o, dep, f, left, top, right, bottom))
      continue;
    double box[4];
    dept_box(o, dep, f, box);
    cairo_new_path(cr);
    cairo_rectangle(cr, box[0] - 4, box[1] - 4, box[2] - box[0] + 8, box[3] - box[1] + 8);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  }
}

void chart_draw_map(cairo_t *cr, const eml_chart *c, double width, double height) {
  const double left = EML_CHART_MAP_PAD, right = width - EML_CHART_MAP_LEGEND_W;
  const double top = EML_CHART_MARGIN_TOP, bottom = height - EML_CHART_MAP_PAD;
  double vmax = 1;
  int has_nan = 0;
  for (size_t a = 0; a < c->n_areas; a++) {
    if (isfinite(c->areas[a].value))
      vmax = fmax(vmax, fabs(c->areas[a].value));
    else
      has_nan = 1;
  }
  map_frame f;
  if (c->outlines && make_frame(c, left, top, right, bottom, &f)) {
    const eml_outlines *o = c->outlines;
    cairo_save(cr);
    cairo_rectangle(cr, left, top, right - left, bottom - top);
    cairo_clip(cr);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    /* context: every département that is in no area, light grey */
    for (size_t d = 0; d < o->n_depts; d++) {
      int in_area = 0;
      for (size_t a = 0; a < c->n_areas && !in_area; a++)
        for (size_t k = 0; k < c->areas[a].n_codes && !in_area; k++)
          in_area = strcmp(c->areas[a].codes[k], o->depts[d].code) == 0;
      if (in_area || !dept_visible(o, &o->depts[d], &f, left, top, right, bottom))
        continue;
      cairo_new_path(cr);
      dept_path(cr, o, &o->depts[d], &f);
      cairo_set_source_rgb(cr, 0xE0 / 255.0, 0xE0 / 255.0, 0xE0 / 255.0);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 1, 1, 1);
      cairo_set_line_width(cr, 0.7);
      cairo_stroke(cr);
    }
    /* the territories: one path each, over all its départements */
    for (size_t a = 0; a < c->n_areas; a++) {
      cairo_new_path(cr);
      int any = 0;
      for (size_t k = 0; k < c->areas[a].n_codes; k++) {
        const outline_dept *d = chart_outline_find(o, c->areas[a].codes[k]);
        if (d)
          dept_path(cr, o, d, &f), any = 1;
      }
      if (!any)
        continue;
      double rgb[3];
      map_colour(c->areas[a].value, vmax, rgb);
      cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
      cairo_set_line_width(cr, 0.7);
      cairo_stroke(cr);
    }
    draw_inset_boxes(cr, o, &f, left, top, right, bottom);
    cairo_restore(cr);
    draw_labels(cr, c, &f, vmax, left, top, right, bottom);
  }
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, left, top, right - left, bottom - top);
  cairo_stroke(cr);
  draw_legend(cr, c, vmax, right + 10, top, EML_CHART_MAP_LEGEND_W - 18, has_nan);
}
