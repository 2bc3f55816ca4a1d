/*
 * test_chart.c — the charts of eml/chart.h: the bubble chart's circles are
 * where the data says (positions and radii read back from the SVG cairo
 * writes), automatic axis ranges, and every kind renders to SVG, PNG and PDF.
 *
 * Geometry of a 600 x 400 drawing (margins of eml/chart.h: left 78, right 24,
 * top 52, bottom 64): plot area x in [78, 576] (498 wide), y in [52, 336]
 * (284 high). With the x axis [0, 100] and the y axis [0, 1]:
 *   x = 78 + v / 100 * 498,  y = 336 - v * 284
 *   M1 (50 h, 0.50, ICR/h 4)    -> (327,   194), r = 18 * sqrt(4/4)    = 18
 *   M2 (20 h, 0.25, ICR/h 1)    -> (177.6, 265), r = 18 * sqrt(1/4)    = 9
 *   M3 (80 h, 0.75, ICR/h 2.25) -> (476.4, 123), r = 18 * sqrt(2.25/4) = 13.5
 */
#include "test_helpers.h"

#include "chart/chart_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct circle {
  double cx, cy, r;
} circle;

/* Reads the filled circles of a cairo SVG: <path style="...fill:rgb..."
 * d="M x y C ... C ..."> (glyph paths have style "stroke:none"). The curve
 * end points lie on the circle at 0, 90, 180, 270 degrees: their extremes
 * give the centre and radius. A small circle (small: the dots of DOTS) is
 * drawn by cairo in two curves, from 0 to 180 degrees and back: the centre
 * is then the middle of the x extremes at the height of the first point. */
static size_t read_circles_of(const char *path, circle *out, size_t max, int small) {
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  static char line[1 << 16];
  size_t n = 0;
  while (fgets(line, sizeof line, f)) {
    if (!strstr(line, "<path") || !strstr(line, "fill:rgb") || !strstr(line, " C "))
      continue;
    const char *d = strstr(line, " d=\"");
    assert_non_null(d);
    d += 4;
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY, y_first = NAN;
    double nums[6];
    char op;
    int k = 0, len;
    while (sscanf(d, " %c%n", &op, &len) == 1 && (op == 'M' || op == 'C' || op == 'Z')) {
      d += len;
      int want = op == 'M' ? 2 : op == 'C' ? 6 : 0;
      for (k = 0; k < want; k++) {
        assert_int_equal(sscanf(d, " %lf%n", &nums[k], &len), 1);
        d += len;
      }
      if (want) {
        double x = nums[want - 2], y = nums[want - 1];
        if (isnan(y_first))
          y_first = y;
        xmin = fmin(xmin, x), xmax = fmax(xmax, x), ymin = fmin(ymin, y), ymax = fmax(ymax, y);
      }
    }
    assert_true(n < max);
    out[n].cx = (xmin + xmax) / 2;
    out[n].cy = small ? y_first : (ymin + ymax) / 2;
    out[n].r = (xmax - xmin) / 2;
    if (!small)
      assert_true(fabs((ymax - ymin) / 2 - out[n].r) < 0.01); /* a circle, not an ellipse */
    n++;
  }
  fclose(f);
  return n;
}

static size_t read_circles(const char *path, circle *out, size_t max) {
  return read_circles_of(path, out, max, 0);
}

/* Writes c as a 600 x 400 SVG to a new file named from the template path. */
static void write_svg(const eml_chart *c, char *path) {
  test_temp_file(path);
  assert_int_equal(eml_chart_write(c, EML_CHART_SVG, path, 600, 400, NULL), EML_OK);
}

static eml_chart *three_machines(int fixed_axes) {
  eml_chart *c = eml_chart_new(EML_CHART_BUBBLE, "Scanner : occupation et ouverture programmée");
  assert_non_null(c);
  assert_int_equal(eml_chart_set_axis(c, 0, "Ouverture programmée (h/sem.)",
                                      fixed_axes ? 0 : NAN, fixed_axes ? 100 : NAN, 0),
                   EML_OK);
  assert_int_equal(eml_chart_set_axis(c, 1, "Taux d'occupation", fixed_axes ? 0 : NAN,
                                      fixed_axes ? 1 : NAN, 1),
                   EML_OK);
  assert_int_equal(eml_chart_add_point(c, "M1", 50, 0.50, 4, 0.1), EML_OK);
  assert_int_equal(eml_chart_add_point(c, "M2", 20, 0.25, 1, 0.9), EML_OK);
  assert_int_equal(eml_chart_add_point(c, "M3", 80, 0.75, 2.25, NAN), EML_OK);
  return c;
}

static void test_bubble_positions_in_svg(void **state) {
  (void)state;
  eml_chart *c = three_machines(1);
  char path[] = "/tmp/eml_test_chart_XXXXXX";
  write_svg(c, path);
  circle got[8];
  size_t n = read_circles(path, got, 8);
  unlink(path);
  /* painted largest first: M1, M3, M2 */
  const circle want[3] = {{327, 194, 18}, {476.4, 123, 13.5}, {177.6, 265, 9}};
  assert_int_equal(n, 3);
  for (size_t i = 0; i < 3; i++) {
    assert_true(fabs(got[i].cx - want[i].cx) < 0.01);
    assert_true(fabs(got[i].cy - want[i].cy) < 0.01);
    assert_true(fabs(got[i].r - want[i].r) < 0.01);
  }
  eml_chart_free(c);
}

/* The red shades of figures 17-18 (eml_chart_set_shade_red): light red
 * (0.99, 0.85, 0.80) to dark red (0.60, 0.05, 0.05); M2's shade 0.9 gives
 * 0.99 - 0.39 x 0.9 = 0.639, 0.85 - 0.8 x 0.9 = 0.13, 0.80 - 0.75 x 0.9 =
 * 0.125; M3's NAN 0.35: 0.8535, 0.57, 0.5375. Other kinds refuse it. */
static void test_bubble_red_shades(void **state) {
  (void)state;
  eml_chart *c = three_machines(1);
  assert_int_equal(eml_chart_set_shade_red(c), EML_OK);
  char path[] = "/tmp/eml_test_chart_XXXXXX";
  write_svg(c, path);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  static char svg[1 << 20];
  size_t len = fread(svg, 1, sizeof svg - 1, f);
  svg[len] = 0;
  fclose(f);
  unlink(path);
  assert_non_null(strstr(svg, "fill:rgb(63.9%,13%,12.5%)"));
  assert_non_null(strstr(svg, "fill:rgb(85.35%,57%,53.75%)"));
  eml_chart_free(c);
  c = eml_chart_new(EML_CHART_BARS, "Traitements");
  assert_int_equal(eml_chart_set_shade_red(c), EML_ERR_USAGE);
  eml_chart_free(c);
}

/* Automatic ranges: x data 20..80 padded by 8 % of 60 = 4.8 -> [15.2, 84.8],
 * span 69.6 / 6 = 11.6 -> step 20 -> [0, 100]; y 0.25..0.75 padded by 0.04
 * -> [0.21, 0.79], 0.58 / 6 = 0.0967 -> step 0.1 -> [0.2, 0.8]. */
static void test_automatic_ranges(void **state) {
  (void)state;
  eml_chart *c = three_machines(0);
  double lo, hi;
  eml_chart_axis_range(c, 0, &lo, &hi);
  assert_true(fabs(lo - 0) < 1e-9 && fabs(hi - 100) < 1e-9);
  eml_chart_axis_range(c, 1, &lo, &hi);
  assert_true(fabs(lo - 0.2) < 1e-9 && fabs(hi - 0.8) < 1e-9);
  eml_chart_free(c);
  /* bars start at 0 and reach the highest reference line: 0..500, step 100 */
  c = eml_chart_new(EML_CHART_BARS, "Traitements par appareil");
  assert_int_equal(eml_chart_add_point(c, "A1", 0, 320, 0, NAN), EML_OK);
  assert_int_equal(eml_chart_add_line(c, 500, "500"), EML_OK);
  eml_chart_axis_range(c, 1, &lo, &hi);
  assert_true(fabs(lo) < 1e-9 && fabs(hi - 500) < 1e-9);
  eml_chart_axis_range(c, 0, &lo, &hi); /* one slot per bar */
  assert_true(fabs(lo) < 1e-9 && fabs(hi - 1) < 1e-9);
  eml_chart_free(c);
}

/* Reads the filled rectangles of a cairo SVG (paths "M x y L x y L x y L x
 * y Z M x y" with a fill: the path ends at its Z), as boxes [x0, x1] x
 * [y0, y1]. */
typedef struct box {
  double x0, x1, y0, y1;
} box;

static size_t read_boxes(const char *path, box *out, size_t max) {
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  static char line[1 << 16];
  size_t n = 0;
  while (fgets(line, sizeof line, f)) {
    const char *d = strstr(line, " d=\"");
    if (!strstr(line, "<path") || !strstr(line, "fill:rgb") || !d || strstr(line, " C "))
      continue;
    d += 4;
    box b = {INFINITY, -INFINITY, INFINITY, -INFINITY};
    char op;
    int len, points = 0;
    double x, y;
    while (sscanf(d, " %c%n", &op, &len) == 1 && (op == 'M' || op == 'L' || op == 'Z')) {
      d += len;
      if (op == 'Z')
        break;
      assert_int_equal(sscanf(d, " %lf %lf%n", &x, &y, &len), 2);
      d += len;
      b.x0 = fmin(b.x0, x), b.x1 = fmax(b.x1, x), b.y0 = fmin(b.y0, y), b.y1 = fmax(b.y1, y);
      points++;
    }
    if (points == 4 && n < max)
      out[n++] = b;
  }
  fclose(f);
  return n;
}

/* A STACK chart (figures 9-10) of 2 machines x 3 nested layers on 600 x 400,
 * y axis [0, 168]: slot = 498 / 2 = 249, each bar the middle 80 %:
 *   bar 0: x 78 + 0.1 * 249 = 102.9 .. 102.9 + 199.2 = 302.1
 *   bar 1: x 78 + 249 + 24.9 = 351.9 .. 551.1
 *   y = 336 - v / 168 * 284: 168 -> 52, 84 -> 194, 42 -> 265,
 *   100.8 -> 165.6, 60 -> 234.571..., 50.4 -> 250.8; foot 336
 * painted in the order given (the tallest layer first), 3 legend swatches
 * of 9 x 8 points at (84, 58 + 11 k). */
static void test_stack_bars_in_svg(void **state) {
  (void)state;
  eml_chart *c = eml_chart_new(EML_CHART_STACK, "Répartition de l'ouverture");
  static const char *const layers[3] = {"Ouverture totale", "Ouverture élargie",
                                        "Ouverture au programmé"};
  assert_int_equal(eml_chart_set_axis(c, 1, "Heures par semaine", 0, 168, 0), EML_OK);
  assert_int_equal(eml_chart_set_ticks(c, 1, layers, 3), EML_OK);
  const double v[2][3] = {{168, 84, 42}, {100.8, 60, 50.4}};
  for (int i = 0; i < 2; i++)
    for (int k = 0; k < 3; k++)
      assert_int_equal(eml_chart_add_point(c, i ? "M2" : "M1", i, v[i][k], k, NAN), EML_OK);
  double lo, hi;
  eml_chart_axis_range(c, 0, &lo, &hi); /* one slot per bar index */
  assert_true(fabs(lo) < 1e-9 && fabs(hi - 2) < 1e-9);
  char path[] = "/tmp/eml_test_chart_XXXXXX";
  write_svg(c, path);
  box got[32];
  size_t n = read_boxes(path, got, 32);
  unlink(path);
  const box want[6] = {{102.9, 302.1, 52, 336},      {102.9, 302.1, 194, 336},
                       {102.9, 302.1, 265, 336},     {351.9, 551.1, 165.6, 336},
                       {351.9, 551.1, 336 - 60.0 / 168 * 284, 336},
                       {351.9, 551.1, 250.8, 336}};
  size_t at = 0, swatches = 0;
  for (size_t i = 0; i < n; i++) {
    if (at < 6 && fabs(got[i].x0 - want[at].x0) < 0.01 && fabs(got[i].x1 - want[at].x1) < 0.01 &&
        fabs(got[i].y0 - want[at].y0) < 0.01 && fabs(got[i].y1 - want[at].y1) < 0.01)
      at++;
    if (fabs(got[i].x1 - got[i].x0 - 9) < 0.01 && fabs(got[i].y1 - got[i].y0 - 8) < 0.01 &&
        fabs(got[i].x0 - 84) < 0.01 && fabs(got[i].y0 - (58 + 11 * (double)swatches)) < 0.01)
      swatches++;
  }
  assert_int_equal(at, 6); /* the six layers, in the order painted */
  assert_int_equal(swatches, 3);
  eml_chart_free(c);
}

/* DOTS (figures 3-6): axes [0, 10] x [0, 20] fixed on 600 x 400; the dot
 * (5, 10) at (78 + 0.5 * 498, 336 - 0.5 * 284) = (327, 194), (2, 5) at
 * (177.6, 265), radius EML_CHART_DOT_R = 2.2; a dot outside the axes is
 * clipped away (not drawn as a full circle). */
static void test_dots_in_svg(void **state) {
  (void)state;
  eml_chart *c = eml_chart_new(EML_CHART_DOTS, "Délai de rendez-vous par site");
  static const char *const cases[2] = {"Cas 1", "Cas 2"};
  assert_int_equal(eml_chart_set_axis(c, 0, "Sites", 0, 10, 0), EML_OK);
  assert_int_equal(eml_chart_set_axis(c, 1, "Jours", 0, 20, 0), EML_OK);
  assert_int_equal(eml_chart_set_ticks(c, 1, cases, 2), EML_OK);
  assert_int_equal(eml_chart_add_point(c, NULL, 5, 10, 0, NAN), EML_OK);
  assert_int_equal(eml_chart_add_point(c, NULL, 2, 5, 1, NAN), EML_OK);
  assert_int_equal(eml_chart_add_line(c, 7, "7 j"), EML_OK);
  char path[] = "/tmp/eml_test_chart_XXXXXX";
  write_svg(c, path);
  circle got[8];
  size_t n = read_circles_of(path, got, 8, 1);
  unlink(path);
  const circle want[2] = {{327, 194, 2.2}, {177.6, 265, 2.2}};
  assert_int_equal(n, 2);
  for (size_t i = 0; i < 2; i++) {
    assert_true(fabs(got[i].cx - want[i].cx) < 0.01);
    assert_true(fabs(got[i].cy - want[i].cy) < 0.01);
    assert_true(fabs(got[i].r - want[i].r) < 0.01);
  }
  eml_chart_free(c);
}

static void test_every_kind_every_file(void **state) {
  (void)state;
  eml_chart *charts[4];
  charts[0] = three_machines(0);
  charts[1] = eml_chart_new(EML_CHART_DIST, "Durée des examens");
  const double ct[5] = {10, 12, NAN, 15, 20};
  assert_int_equal(eml_chart_add_group(charts[1], "CT", ct, 5), EML_OK);
  assert_int_equal(eml_chart_add_group_quantiles(charts[1], "IRM", 20, 25, 31, 40), EML_OK);
  assert_int_equal(eml_chart_add_point(charts[1], "x", 0, 0, 0, 0), EML_ERR_USAGE);
  charts[2] = eml_chart_new(EML_CHART_BARS, "Traitements");
  assert_int_equal(eml_chart_add_point(charts[2], "Accélérateur 1", 0, 420, 0, NAN), EML_OK);
  assert_int_equal(eml_chart_add_line(charts[2], 400, "400"), EML_OK);
  charts[3] = eml_chart_new(EML_CHART_HEAT, "Examens par heure");
  const char *days[2] = {"lun.", "mar."}, *hours[2] = {"8 h", "9 h"};
  assert_int_equal(eml_chart_set_ticks(charts[3], 0, hours, 2), EML_OK);
  assert_int_equal(eml_chart_set_ticks(charts[3], 1, days, 2), EML_OK);
  assert_int_equal(eml_chart_add_point(charts[3], NULL, 1, 0, 3.5, NAN), EML_OK);
  char path[] = "/tmp/eml_test_chart_XXXXXX";
  test_temp_file(path);
  for (int k = 0; k < 4; k++)
    for (int f = 0; f < 3; f++) {
      assert_int_equal(eml_chart_write(charts[k], (eml_chart_file)f, path, 500, 300, NULL), EML_OK);
      FILE *in = fopen(path, "rb");
      char head[8] = {0};
      assert_true(fread(head, 1, 4, in) == 4);
      fclose(in);
      const char *magic[3] = {"<?xm", "\x89PNG", "%PDF"};
      assert_memory_equal(head, magic[f], 4);
    }
  unlink(path);
  /* quantiles of the CT group: 10 12 15 20 (NAN dropped), type 7:
   * P20 = 10 + 0.6 * 2 = 11.2, median 13.5, P80 = 15 + 0.4 * 5 = 17 */
  const chart_group *g = &charts[1]->groups[0];
  assert_int_equal(g->n, 4);
  assert_true(fabs(g->p20 - 11.2) < 1e-9 && fabs(g->p50 - 13.5) < 1e-9 &&
              fabs(g->p80 - 17) < 1e-9);
  eml_diag diag;
  assert_int_equal(eml_chart_write(charts[0], EML_CHART_PDF, "/nonexistent/x.pdf", 500, 300, &diag),
                   EML_ERR_IO);
  for (int k = 0; k < 4; k++)
    eml_chart_free(charts[k]);
  eml_chart_free(NULL);
}

/* Font caches live for the process: LeakSanitizer ignores them (chart.h). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return EML_CHART_LSAN_SUPPRESSIONS; }

/* Values from the data in an SVG chart (title, axis, note, point labels):
 * cairo draws text as glyph outlines, never as <text>, so a label holding
 * markup cannot become an element of the file: no "<script", no "<img",
 * and the file stays one <svg> document (issue 7, docs/robustness.md). */
static void test_svg_hostile_labels(void **state) {
  (void)state;
  static const char evil[] = "<script>alert(1)</script> & <img src=x onerror=alert(1)> ]]>";
  eml_chart *c = eml_chart_new(EML_CHART_BUBBLE, evil);
  assert_non_null(c);
  assert_int_equal(eml_chart_set_axis(c, 0, evil, 0, 100, 0), EML_OK);
  assert_int_equal(eml_chart_set_axis(c, 1, evil, 0, 1, 1), EML_OK);
  assert_int_equal(eml_chart_set_note(c, evil), EML_OK);
  assert_int_equal(eml_chart_add_point(c, evil, 50, 0.5, 1, 0.5), EML_OK);
  char path[] = "/tmp/eml_test_chart_XXXXXX";
  write_svg(c, path);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char svg[1 << 20];
  size_t n = fread(svg, 1, sizeof svg - 1, f);
  svg[n] = '\0';
  fclose(f);
  unlink(path);
  assert_true(n > 0);
  assert_null(strstr(svg, "<script"));
  assert_null(strstr(svg, "<img"));
  assert_null(strstr(svg, "alert(1)"));
  const char *open = strstr(svg, "<svg");
  assert_non_null(open);
  assert_null(strstr(open + 4, "<svg")); /* one document */
  eml_chart_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bubble_positions_in_svg),
      cmocka_unit_test(test_bubble_red_shades),
      cmocka_unit_test(test_automatic_ranges),
      cmocka_unit_test(test_stack_bars_in_svg),
      cmocka_unit_test(test_dots_in_svg),
      cmocka_unit_test(test_every_kind_every_file),
      cmocka_unit_test(test_svg_hostile_labels),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  eml_chart_cleanup();
  return failed;
}
