/*
 * test_geo.c — the outlines of eml/geo.h and the MAP chart of eml/chart.h:
 * a map of two hand-made squares rendered to SVG (fill colours and corner
 * positions computed by hand below), the lon/lat projection, the shipped
 * data/geo/departements.csv (the 96 metropolitan départements and the five
 * overseas ones), every kind
 * of corrupt outline file (one case per line), and the areas
 * eml_balance_map gives a département and a custom territory.
 *
 * Two squares, plane outlines: A1 = [0, 10] x [0, 10], B2 = [10, 20] x
 * [0, 10], and C3 = [20, 30] x [0, 10] for context. Map of A1 (value -2) and
 * B2 (value +1) on 600 x 400 points:
 *   map area x [12, 450] (438 wide), y [52, 388] (336 high);
 *   box of the areas [0, 20] x [0, 10]; pad 0.08 * 20 = 1.6 ->
 *   frame [-1.6, 21.6] x [-1.6, 11.6], 23.2 x 13.2;
 *   s = min(438 / 23.2, 336 / 13.2) = min(18.87931, 25.45455) = 18.87931;
 *   left = 12 + (438 - 18.87931 * 23.2) / 2 = 12;
 *   top  = 52 + (336 - 18.87931 * 13.2) / 2 = 52 + 43.39655 = 95.39655;
 *   x = 0 -> 12 + 1.6 * s = 42.2069;   x = 10 -> 12 + 11.6 * s = 231.0;
 *   x = 20 -> 12 + 21.6 * s = 419.7931;
 *   y = 0 -> 95.39655 + 1.6 * s = 125.6034; y = 10 -> 95.39655 + 11.6 * s = 314.3966.
 * Colours: M = max(|-2|, |1|) = 2; A1 t = -1 -> #2166AC = (33, 102, 172);
 * B2 t = 0.5 -> #F7F7F7 + 0.5 * (#B2182B - #F7F7F7) = (212.5, 135.5, 145);
 * C3 context grey #E0E0E0 = (224, 224, 224).
 */
#include "test_helpers.h"

#include "chart/chart_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static char *temp_path(void) {
  static char path[64];
  snprintf(path, sizeof path, "/tmp/eml_test_geo_XXXXXX");
  test_temp_file(path);
  return path;
}

typedef struct svg_fill {
  double rgb[3];   /* 0..255 */
  double box[4];   /* x0 y0 x1 y1 of the path's points */
} svg_fill;

/* The filled even-odd paths of a cairo SVG (the map's départements):
 * style "...fill-rule:evenodd;fill:rgb(R%,G%,B%)..." and d of M/L/Z only. */
static size_t read_fills(const char *path, svg_fill *out, size_t max) {
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  static char line[1 << 20];
  size_t n = 0;
  while (fgets(line, sizeof line, f)) {
    const char *style = strstr(line, "fill-rule:evenodd;fill:rgb(");
    const char *d = strstr(line, " d=\"");
    if (!style || !d)
      continue;
    assert_true(n < max);
    svg_fill *s = &out[n++];
    assert_int_equal(sscanf(style, "fill-rule:evenodd;fill:rgb(%lf%%,%lf%%,%lf%%)", &s->rgb[0],
                            &s->rgb[1], &s->rgb[2]),
                     3);
    for (int k = 0; k < 3; k++)
      s->rgb[k] *= 2.55;
    s->box[0] = s->box[1] = INFINITY;
    s->box[2] = s->box[3] = -INFINITY;
    d += 4;
    char op;
    int len;
    while (sscanf(d, " %c%n", &op, &len) == 1 && (op == 'M' || op == 'L' || op == 'Z')) {
      d += len;
      if (op == 'Z')
        continue;
      double x, y;
      assert_int_equal(sscanf(d, " %lf %lf%n", &x, &y, &len), 2);
      d += len;
      s->box[0] = fmin(s->box[0], x), s->box[1] = fmin(s->box[1], y);
      s->box[2] = fmax(s->box[2], x), s->box[3] = fmax(s->box[3], y);
    }
  }
  fclose(f);
  return n;
}

static const char squares[] = "code,ring,x,y\n"
                              "A1,1,0,0\nA1,1,10,0\nA1,1,10,10\nA1,1,0,10\n"
                              "B2,1,10,0\nB2,1,20,0\nB2,1,20,10\nB2,1,10,10\n"
                              "C3,1,20,0\nC3,1,30,0\nC3,1,30,10\nC3,1,20,10\n";

static void test_two_squares_in_svg(void **state) {
  (void)state;
  char *path = temp_path();
  write_text(path, squares);
  eml_outlines *o = NULL;
  eml_diag diag;
  assert_int_equal(eml_outlines_load(path, &o, &diag), EML_OK);
  assert_int_equal(eml_outlines_count(o), 3);
  assert_int_equal(eml_outlines_rings(o), 3);
  assert_int_equal(eml_outlines_points(o), 12);
  assert_int_equal(eml_outlines_geographic(o), 0);
  eml_chart *c = eml_chart_new(EML_CHART_MAP, "Carte d'essai");
  assert_int_equal(eml_chart_set_outlines(c, o), EML_OK);
  assert_int_equal(eml_chart_set_axis(c, 1, "Écart à la borne haute (appareils)", NAN, NAN, 0),
                   EML_OK);
  const char *a1[] = {"A1"}, *b2[] = {"B2"}, *none[] = {"ZZ"};
  assert_int_equal(eml_chart_add_area(c, "A1", a1, 1, -2), EML_OK);
  assert_int_equal(eml_chart_add_area(c, "B2", b2, 1, 1), EML_OK);
  assert_int_equal(eml_chart_add_area(c, "T9", none, 1, 5 - 5), EML_OK); /* no outline */
  assert_int_equal(eml_chart_add_point(c, "x", 0, 0, 0, 0), EML_ERR_USAGE);
  assert_int_equal(eml_chart_write(c, EML_CHART_SVG, path, 600, 400, &diag), EML_OK);
  svg_fill got[8];
  size_t n = read_fills(path, got, 8);
  /* context first (C3), then the areas in order (A1, B2) */
  assert_int_equal(n, 3);
  const svg_fill want[3] = {
      {{224, 224, 224}, {419.7931, 125.6034, 419.7931 + 10 * 18.87931, 314.3966}},
      {{33, 102, 172}, {42.2069, 125.6034, 231.0, 314.3966}},
      {{212.5, 135.5, 145}, {231.0, 125.6034, 419.7931, 314.3966}}};
  for (size_t i = 0; i < 3; i++) {
    for (int k = 0; k < 3; k++)
      assert_true(fabs(got[i].rgb[k] - want[i].rgb[k]) < 0.01);
    for (int k = 0; k < 4; k++)
      assert_true(fabs(got[i].box[k] - want[i].box[k]) < 0.01);
  }
  /* the labels and the legend, in the SVG as glyphs: check the PNG and PDF
   * writers run too */
  assert_int_equal(eml_chart_write(c, EML_CHART_PNG, path, 600, 400, &diag), EML_OK);
  assert_int_equal(eml_chart_write(c, EML_CHART_PDF, path, 600, 400, &diag), EML_OK);
  unlink(path);
  eml_chart_free(c);
  eml_outlines_free(o);
}

/* lon/lat: A = [0, 1] x [45, 46] degrees; lat0 = 45.5, so on the map A is
 * cos(45.5 deg) = 0.700909 times as wide as it is high. */
static void test_lonlat_projection(void **state) {
  (void)state;
  char *path = temp_path();
  write_text(path, "code,ring,lon,lat\n"
                   "A,1,0,45\nA,1,1,45\nA,1,1,46\nA,1,0,46\n"
                   "B,1,1,45\nB,1,2,45\nB,1,2,46\nB,1,1,46\n");
  eml_outlines *o = NULL;
  eml_diag diag;
  assert_int_equal(eml_outlines_load(path, &o, &diag), EML_OK);
  assert_int_equal(eml_outlines_geographic(o), 1);
  eml_chart *c = eml_chart_new(EML_CHART_MAP, "Carte");
  assert_int_equal(eml_chart_set_outlines(c, o), EML_OK);
  const char *a[] = {"A"};
  assert_int_equal(eml_chart_add_area(c, "A", a, 1, NAN), EML_OK);
  assert_int_equal(eml_chart_write(c, EML_CHART_SVG, path, 600, 400, &diag), EML_OK);
  svg_fill got[4];
  size_t n = read_fills(path, got, 4);
  unlink(path);
  assert_int_equal(n, 2); /* B as context, then A (white: no value) */
  double w = got[1].box[2] - got[1].box[0], h = got[1].box[3] - got[1].box[1];
  assert_true(fabs(w / h - 0.700909) < 0.001);
  for (int k = 0; k < 3; k++)
    assert_true(fabs(got[1].rgb[k] - 255) < 0.01);
  /* north up: the box of A lies left of B's */
  assert_true(got[1].box[2] <= got[0].box[0] + 0.01);
  eml_chart_free(c);
  eml_outlines_free(o);
}

/* The shipped outlines: every département of the built-in table, the 96
 * of metropolitan France (2A and 2B, no 20) and the five overseas ones
 * (971, 972, 973, 974, 976: insets left of metropolitan France, x < 0,
 * data/geo/README.md), none other: 101. */
static void test_shipped_outlines(void **state) {
  (void)state;
  eml_outlines *o = NULL;
  eml_diag diag;
  eml_diag_clear(&diag);
  assert_int_equal(eml_outlines_load(EML_SOURCE_DIR "/data/geo/departements.csv", &o, &diag),
                   EML_OK);
  assert_int_equal(eml_outlines_count(o), 101);
  assert_int_equal(eml_outlines_geographic(o), 0);
  size_t overseas = 0;
  for (size_t i = 0; i < eml_territory_count(); i++) {
    const char *code = eml_territory_at(i)->code;
    assert_true(eml_outlines_has(o, code));
    overseas += strlen(code) == 3;
  }
  assert_int_equal(eml_territory_count(), 101);
  assert_int_equal(overseas, 5);
  for (size_t i = 0; i < eml_outlines_count(o); i++)
    assert_non_null(eml_territory_find(eml_outlines_code_at(o, i)));
  assert_true(eml_outlines_has(o, "2A") && eml_outlines_has(o, "2B") && !eml_outlines_has(o, "20"));
  /* the insets: every point of 971...976 left of the mainland (x >= 0.2) */
  const outline_dept *d = chart_outline_find(o, "973");
  assert_non_null(d);
  const outline_ring *r0 = &o->rings[d->first_ring], *rn = r0 + d->n_rings - 1;
  for (size_t p = r0->first; p < rn->first + rn->n; p++)
    assert_true(o->xy[2 * p] < 0);
  eml_outlines_free(o);
}

typedef struct bad_case {
  const char *text;
  eml_status status;
  long line;
  const char *field, *message;
} bad_case;

static void test_corrupt_outlines(void **state) {
  (void)state;
  static const bad_case cases[] = {
      {"code,ring,x\nA,1,0\n", EML_ERR_VALUE, 1, "y", "colonne manquante"},
      {"code,x,y\nA,0,0\n", EML_ERR_VALUE, 1, "ring", "colonne manquante"},
      {"code,ring,x,y\nA,1,0,0\nA,1,1,abc\nA,1,1,1\n", EML_ERR_VALUE, 3, "y", "pas un nombre"},
      {"code,ring,x,y\nA,1,0,0\nA,1,nan,0\nA,1,1,1\n", EML_ERR_VALUE, 3, "x", "pas un nombre"},
      {"code,ring,x,y\nA,0,0,0\n", EML_ERR_VALUE, 2, "ring", "pas un numéro d'anneau"},
      {"code,ring,x,y\nA,1.5,0,0\n", EML_ERR_VALUE, 2, "ring", "pas un numéro d'anneau"},
      {"code,ring,x,y\n,1,0,0\n", EML_ERR_VALUE, 2, "code", "code vide"},
      {"code,ring,x,y\nABCDEFGH,1,0,0\n", EML_ERR_VALUE, 2, "code", "plus de 7 octets"},
      {"code,ring,x,y\nA,1,0,0\nA,1,1,0\nB,1,0,0\n", EML_ERR_VALUE, 3, "ring", "au moins 3"},
      {"code,ring,x,y\nA,1,0,0\nA,1,1,0\n", EML_ERR_VALUE, 3, "ring", "au moins 3"},
      {"code,ring,x,y\nA,1,0,0\nA,1,1,0\nA,1,1,1\nA,2,5,5\nA,2,6,5\nA,2,6,6\nA,1,0,0\nA,1,1,0\n"
       "A,1,1,1\n",
       EML_ERR_VALUE, 8, "ring", "répété"},
      {"code,ring,x,y\nA,1,0,0\nA,1,1,0\nA,1,1,1\nB,1,0,0\nB,1,1,0\nB,1,1,1\nA,1,0,0\nA,1,1,0\n"
       "A,1,1,1\n",
       EML_ERR_VALUE, 8, "code", "répété"},
      {"code,ring,lon,lat\nA,1,0,0\nA,1,1,95\nA,1,1,1\n", EML_ERR_VALUE, 3, "lat", "hors de"},
      {"code,ring,lon,lat\nA,1,200,0\n", EML_ERR_VALUE, 2, "lon", "hors de"},
      {"code,ring,x,y\n", EML_ERR_EMPTY, 0, "", "aucun contour"},
      {"code,ring,x,y\nA,1,\"0,0\n", EML_ERR_CSV, 3, "x", "non fermé"},
  };
  char *path = temp_path();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    write_text(path, cases[i].text);
    eml_outlines *o = (eml_outlines *)1;
    eml_diag diag;
    eml_diag_clear(&diag);
    eml_status st = eml_outlines_load(path, &o, &diag);
    if (st != cases[i].status || diag.line != cases[i].line ||
        strcmp(diag.field, cases[i].field) != 0 || !strstr(diag.message, cases[i].message)) {
      char buf[512];
      eml_diag_format(&diag, buf, sizeof buf);
      fail_msg("case %zu: %s -> %s", i, eml_status_name(st), buf);
    }
    assert_null(o);
  }
  unlink(path);
  eml_outlines *o = NULL;
  eml_diag diag;
  assert_int_equal(eml_outlines_load("/nonexistent/departements.csv", &o, &diag), EML_ERR_IO);
  assert_null(o);
}

/* eml_balance_map: "75" is a département of the outlines (its own outline);
 * "TS1", a territory of territories.csv, gets the départements of its
 * sites' FINESS numbers (920000000 -> 92, 930000000 -> 93, in code order,
 * 92 once); "TS2" has a site overseas only (971) -> Guadeloupe's inset. Values:
 * now - high = 5 - 7 = -2; TS1 4 - 3 = +1; TS2 without a target -> NAN. */
static void test_balance_map_areas(void **state) {
  (void)state;
  eml_outlines *o = NULL;
  eml_diag diag;
  assert_int_equal(eml_outlines_load(EML_SOURCE_DIR "/data/geo/departements.csv", &o, &diag),
                   EML_OK);
  eml_site sites[4] = {{.finess = "930000001", .territory = "TS1"},
                       {.finess = "920000002", .territory = "TS1"},
                       {.finess = "920000003", .territory = "TS1"},
                       {.finess = "970100004", .territory = "TS2"}};
  eml_register reg = {.sites = sites, .nsites = 4};
  eml_balance_row rows[3];
  memset(rows, 0, sizeof rows);
  snprintf(rows[0].territory, sizeof rows[0].territory, "75");
  rows[0].devices = (eml_balance_part){.has_target = 1, .now = 5, .high = 7, .gap = -2};
  snprintf(rows[1].territory, sizeof rows[1].territory, "TS1");
  rows[1].devices = (eml_balance_part){.has_target = 1, .now = 4, .high = 3, .gap = 1};
  snprintf(rows[2].territory, sizeof rows[2].territory, "TS2");
  eml_balance_table table = {.modality = EML_MOD_CT, .rows = rows, .nrows = 3};
  eml_chart *c = NULL;
  assert_int_equal(eml_balance_map(&table, &reg, o, EML_OUTLINES_SHIPPED_CREDIT, &c), EML_OK);
  assert_int_equal(eml_chart_get_kind(c), EML_CHART_MAP);
  assert_string_equal(c->title, "Scanners (TDM) : écart à la borne haute");
  assert_int_equal(c->n_areas, 3);
  assert_int_equal(c->areas[0].n_codes, 1);
  assert_string_equal(c->areas[0].codes[0], "75");
  assert_true(c->areas[0].value == -2);
  assert_int_equal(c->areas[1].n_codes, 2);
  assert_string_equal(c->areas[1].codes[0], "92");
  assert_string_equal(c->areas[1].codes[1], "93");
  assert_true(c->areas[1].value == 1);
  assert_int_equal(c->areas[2].n_codes, 1);
  assert_string_equal(c->areas[2].codes[0], "971");
  assert_true(isnan(c->areas[2].value));
  char *path = temp_path();
  assert_int_equal(eml_chart_write(c, EML_CHART_SVG, path, 600, 400, &diag), EML_OK);
  svg_fill got[64];
  size_t n = read_fills(path, got, 64);
  unlink(path);
  /* the last three fills: 75 blue (-2 = -M), TS1 (92 and 93 in one path)
   * at t = 0.5 red, TS2 (971's inset) white: no target */
  assert_true(n >= 3);
  assert_true(fabs(got[n - 3].rgb[0] - 33) < 0.01 && fabs(got[n - 3].rgb[2] - 172) < 0.01);
  assert_true(fabs(got[n - 2].rgb[0] - 212.5) < 0.01 && fabs(got[n - 2].rgb[1] - 135.5) < 0.01);
  for (int k = 0; k < 3; k++)
    assert_true(fabs(got[n - 1].rgb[k] - 255) < 0.01);
  /* 971's inset is left of the mainland: its path left of 75's */
  assert_true(got[n - 1].box[2] < got[n - 3].box[0]);
  eml_chart_free(c);
  eml_outlines_free(o);
}

/* Font caches live for the process: LeakSanitizer ignores them (chart.h). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return EML_CHART_LSAN_SUPPRESSIONS; }

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_two_squares_in_svg), cmocka_unit_test(test_lonlat_projection),
      cmocka_unit_test(test_shipped_outlines),   cmocka_unit_test(test_corrupt_outlines),
      cmocka_unit_test(test_balance_map_areas),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  eml_chart_cleanup();
  return failed;
}
