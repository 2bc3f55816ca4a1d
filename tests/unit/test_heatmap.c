/*
 * test_heatmap.c — the hour-by-weekday activity of a machine (heatmap.c,
 * docs/imaging.md "Activity by hour and weekday") on a hand-made campaign
 * (tests/data/imaging/heat_weeks/), and its inline SVG (chart_svg.c).
 *
 * October window --from 2024-10-21 --to 2024-11-04: 14 days, two of each
 * weekday; Sunday 2024-10-27 has 25 hours (02:00-02:59 twice), so the slot
 * (dim., 2 h) holds 3 hours of the window and every other slot 2 hours.
 * Exams of TDM7 (local times):
 *   E1 lun. 21 08:30-09:15 and E2 08:45-09:05 (inside E1: the union is E1)
 *   E3 mar. 22 23:40 - mer. 23 00:20 (across midnight)
 *   E4 jeu. 24 10:00-10:02: 2 min, shorter than 3 min, left out
 *   E5 dim. 27 01:30 (CEST, 23:30Z) - 02:30 (the repeated hour is read as
 *      its second occurrence, CET, 01:30Z): 2 real hours
 *   E6 dim. 27 23:30 - lun. 28 00:30
 *   E7 dim. 3/11 23:30 - lun. 4/11 00:30: clipped at the window's end
 *   E8 dim. 20 23:50 - lun. 21 00:10: starts before the window, left out
 *   E9 lun. 28 10:00-11:00 (one Monday of two)
 *   E10 dim. 31/03 (outside this window)
 * By hand, busy minutes / slot minutes:
 *   lun. 0 h: E6 30 / 120 = 0.25        lun. 8 h: E1 30 / 120 = 0.25
 *   lun. 9 h: E1 15 / 120 = 0.125       lun. 10 h: E9 60 / 120 = 0.5
 *   mar. 23 h: E3 20 / 120 = 1/6        mer. 0 h: E3 20 / 120 = 1/6
 *   dim. 1 h: E5 30 / 120 = 0.25
 *   dim. 2 h: E5 60 (CEST) + 30 (CET) = 90 / 180 = 0.5
 *   dim. 23 h: E6 30 + E7 30 = 60 / 120 = 0.5; every other slot 0.
 * Total busy = 45 + 40 + 120 + 60 + 30 (E7 clipped) + 60 = 355 min.
 * IRM7 (same site): X1 lun. 21 08:00-09:00 -> lun. 8 h = 60 / 120 = 0.5.
 *
 * March window --from 2024-03-31 --to 2024-04-01: Sunday of 23 hours, no
 * 02:00. E10 01:30 CET (00:30Z) - 03:30 CEST (01:30Z): dim. 1 h 30 / 60 =
 * 0.5, dim. 3 h 30 / 60 = 0.5, dim. 2 h NAN (no such hour), other days NAN.
 */
#include "test_helpers.h"

#include <math.h>
#include <stdlib.h>

#define FIXTURE EML_TEST_DATA "/imaging/heat_weeks/"

static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t raw_len) {
  (void)diag, (void)raw, (void)raw_len;
  ++*(int *)ctx;
}

/* Loads the fixture and computes it over [from, to). */
static eml_imaging_result *compute(eml_imaging_campaign **c, eml_date from, eml_date to) {
  *c = eml_imaging_campaign_new();
  assert_non_null(*c);
  eml_diag diag;
  int rejected = 0;
  assert_int_equal(eml_imaging_load_equipment(*c, FIXTURE "equipment.csv", on_reject, &rejected,
                                              NULL, &diag),
                   EML_OK);
  assert_int_equal(eml_imaging_load_sessions(*c, FIXTURE "sessions.csv", on_reject, &rejected,
                                             NULL, &diag),
                   EML_OK);
  assert_int_equal(
      eml_imaging_load_exams(*c, FIXTURE "exams.csv", on_reject, &rejected, NULL, &diag), EML_OK);
  assert_int_equal(rejected, 0);
  eml_imaging_options opts;
  eml_imaging_options_default(&opts);
  opts.has_window = 1;
  opts.from = from;
  opts.to = to;
  eml_imaging_result *r = NULL;
  assert_int_equal(eml_imaging_compute(*c, &opts, &r, &diag), EML_OK);
  return r;
}

static size_t index_of(const eml_imaging_result *r, const char *id) {
  long i = eml_imaging_machine_find(r, id);
  assert_true(i >= 0);
  return (size_t)i;
}

/* A computed campaign and the activity of one machine (id) or of all (NULL). */
typedef struct fixture {
  eml_imaging_campaign *c;
  eml_imaging_result *r;
  eml_imaging_activity *a;
} fixture;

static fixture open_fixture(eml_date from, eml_date to, const char *id) {
  fixture f;
  f.r = compute(&f.c, from, to);
  f.a = NULL;
  assert_int_equal(eml_imaging_activity_compute(f.c, f.r, id ? (long)index_of(f.r, id) : -1, &f.a),
                   EML_OK);
  return f;
}

static fixture open_october(void) {
  return open_fixture(eml_date_from_civil(2024, 10, 21), eml_date_from_civil(2024, 11, 4), NULL);
}

static const eml_imaging_heatmap *grid_of(const fixture *f, const char *id) {
  const eml_imaging_heatmap *g = eml_imaging_activity_machine(f->a, index_of(f->r, id));
  assert_non_null(g);
  return g;
}

static void close_fixture(fixture *f) {
  eml_imaging_activity_free(f->a);
  eml_imaging_result_free(f->r);
  eml_imaging_campaign_free(f->c);
}

static void near(double got, double want, int d, int h) {
  if (!(fabs(got - want) <= 1e-12))
    fail_msg("slot (%d, %d): %.17g, expected %.17g", d, h, got, want);
}

enum { MON, TUE, WED, THU, FRI, SAT, SUN };

static void test_october_weeks(void **state) {
  (void)state;
  fixture f = open_october();
  const eml_imaging_heatmap *g = grid_of(&f, "TDM7");
  double want[7][24] = {{0}};
  want[MON][0] = 0.25, want[MON][8] = 0.25, want[MON][9] = 0.125, want[MON][10] = 0.5;
  want[TUE][23] = 1.0 / 6, want[WED][0] = 1.0 / 6;
  want[SUN][1] = 0.25, want[SUN][2] = 0.5, want[SUN][23] = 0.5;
  double busy = 0, slots = 0;
  for (int d = 0; d < 7; d++)
    for (int h = 0; h < 24; h++) {
      near(g->share[d][h], want[d][h], d, h);
      near(g->slot_h[d][h], d == SUN && h == 2 ? 3 : 2, d, h);
      busy += g->busy_h[d][h];
      slots += g->slot_h[d][h];
    }
  assert_true(fabs(busy - 355.0 / 60) < 1e-12);
  assert_true(fabs(slots - (14 * 24 + 1)) < 1e-12); /* 14 days, one of 25 hours */
  const eml_imaging_heatmap *irm = grid_of(&f, "IRM7");
  near(irm->share[MON][8], 0.5, MON, 8);
  near(irm->share[MON][9], 0, MON, 9);
  eml_imaging_activity *a = f.a;
  assert_int_equal(eml_imaging_activity_compute(f.c, f.r, 3, &f.a), EML_ERR_NOT_FOUND);
  assert_null(f.a);
  eml_imaging_activity_free(a);
  eml_imaging_activity_free(NULL);
  close_fixture(&f);

  /* one machine only: the same grid, the others not computed */
  f = open_fixture(eml_date_from_civil(2024, 10, 21), eml_date_from_civil(2024, 11, 4), "TDM8");
  assert_null(eml_imaging_activity_machine(f.a, index_of(f.r, "TDM7")));
  g = grid_of(&f, "TDM8");
  near(g->share[TUE][9], 0.25, TUE, 9); /* Y1 30 min of 2 h */
  near(g->share[TUE][8], 0, TUE, 8);
  close_fixture(&f);
}

static void test_march_short_day(void **state) {
  (void)state;
  fixture f = open_fixture(eml_date_from_civil(2024, 3, 31), eml_date_from_civil(2024, 4, 1), "TDM7");
  const eml_imaging_heatmap *g = grid_of(&f, "TDM7");
  for (int d = 0; d < 7; d++)
    for (int h = 0; h < 24; h++) {
      if (d != SUN || h == 2) {
        if (!isnan(g->share[d][h]))
          fail_msg("slot (%d, %d) should have no value: %g", d, h, g->share[d][h]);
        near(g->slot_h[d][h], 0, d, h);
        continue;
      }
      near(g->slot_h[d][h], 1, d, h);
      near(g->share[d][h], h == 1 || h == 3 ? 0.5 : 0, d, h);
    }
  close_fixture(&f);
}

/* The table of the grid: hour rows, weekday columns, percentages. */
static void test_table(void **state) {
  (void)state;
  fixture f = open_october();
  eml_table *t = NULL;
  assert_int_equal(eml_imaging_heatmap_table(grid_of(&f, "TDM7"), &t), EML_OK);
  assert_int_equal(eml_table_rows(t), 24);
  assert_int_equal(eml_table_columns(t), 8);
  const eml_cell *cell = eml_table_cell(t, 8, 1); /* 08 h, lun. */
  assert_int_equal(cell->kind, EML_CELL_REAL);
  assert_true(fabs(cell->r - 0.25) < 1e-12);
  char text[64];
  eml_cell_format(eml_table_cell(t, 2, 7), 1, text, sizeof text); /* 02 h, dim. */
  assert_string_equal(text, "50 %");
  eml_cell_format(eml_table_cell(t, 8, 0), 1, text, sizeof text);
  assert_string_equal(text, "08 h");
  eml_table_free(t);
  close_fixture(&f);
}

typedef struct text_buf {
  char *s;
  size_t n;
} text_buf;

static eml_status append(void *ctx, const char *data, size_t len) {
  text_buf *b = ctx;
  char *s = realloc(b->s, b->n + len + 1);
  if (!s)
    return EML_ERR_NOMEM;
  memcpy(s + b->n, data, len);
  b->n += len;
  s[b->n] = 0;
  b->s = s;
  return EML_OK;
}

static size_t count(const char *s, const char *what) {
  size_t n = 0;
  for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
    n++;
  return n;
}

/* The SVG of the fixture's grid at 760 x 300: plot [78, 736] x [52, 236],
 * cells 658 / 24 = 27.4167 wide and 184 / 7 = 26.2857 high. (lun., 8 h)
 * at x = 78 + 8 * 27.4167 = 297.33, y = 52; its fill is the heat colour at
 * 0.25 (white to (0.05, 0.20, 0.50)): (1 - 0.95 / 4, 1 - 0.8 / 4, 1 - 0.5 /
 * 4) * 255 = (194.44, 204, 223.13) -> #c2ccdf. (dim., 2 h) at y = 52 + 6 *
 * 26.2857 = 209.71, x = 78 + 2 * 27.4167 = 132.83, colour at 0.5: (0.525,
 * 0.6, 0.75) * 255 = (133.9, 153, 191.3) -> #8699bf. */
static void test_svg(void **state) {
  (void)state;
  fixture f = open_october();
  eml_chart *chart = NULL;
  assert_int_equal(eml_imaging_heatmap_chart(grid_of(&f, "TDM7"), "TDM7 <Paris> & co", &chart),
                   EML_OK);
  text_buf b = {NULL, 0};
  assert_int_equal(eml_chart_heat_svg(chart, 760, 300, append, &b), EML_OK);
  assert_non_null(strstr(b.s, "<rect class=\"cell\" x=\"297.33\" y=\"52.00\" width=\"27.42\" "
                              "height=\"26.29\" fill=\"#c2ccdf\" stroke=\"#e0e0e0\" stroke-width=\"0.3\"><title>lun. 8 h : 25,0 %</title>"));
  assert_non_null(strstr(b.s, "<rect class=\"cell\" x=\"132.83\" y=\"209.71\" width=\"27.42\" "
                              "height=\"26.29\" fill=\"#8699bf\" stroke=\"#e0e0e0\" stroke-width=\"0.3\"><title>dim. 2 h : 50,0 %</title>"));
  assert_int_equal(count(b.s, "<rect class=\"cell\""), 7 * 24);
  assert_non_null(strstr(b.s, "<title>TDM7 &lt;Paris&gt; &amp; co</title>"));
  assert_null(strstr(b.s, "<Paris>"));
  assert_int_equal(strncmp(b.s, "<svg ", 5), 0);
  free(b.s);
  /* too small a drawing, another kind */
  assert_int_equal(eml_chart_heat_svg(chart, 100, 100, append, &b), EML_ERR_USAGE);
  eml_chart *bars = eml_chart_new(EML_CHART_BARS, "x");
  assert_int_equal(eml_chart_heat_svg(bars, 760, 300, append, &b), EML_ERR_USAGE);
  eml_chart_free(bars);
  eml_chart_free(chart);
  close_fixture(&f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_october_weeks),
      cmocka_unit_test(test_march_short_day),
      cmocka_unit_test(test_table),
      cmocka_unit_test(test_svg),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
