/*
 * test_imaging_fixtures.c — every indicator of a hand-made campaign
 * (tests/data/imaging/dst_week/) against values computed by hand below.
 *
 * Window: --from 2010-03-22 --to 2010-03-29 (Monday to Monday, 7 days, so
 * weeks = 1), holding Sunday 2010-03-28, when Paris goes from UTC+1 to UTC+2
 * at 02:00 local. w0 = 2010-03-21T23:00Z, w1 = 2010-03-28T22:00Z.
 *
 * Machine TDM1 (CT). Sessions, local time, clipped to the window:
 *   S1 03-22 08:00-12:00 PUBLIC_PROGRAMMED   4 h
 *   S2 03-22 11:00-13:00 "Vacation urgence"  2 h  (overlaps S1 11-12: other group)
 *   S3 03-22 14:00-18:00 LIBERAL             4 h
 *   S4 03-22 20:00-03-23 08:00 ON_CALL      12 h  (across midnight)
 *   S5 03-27 20:00-03-28 08:00 ON_CALL      11 h  (19:00Z-06:00Z: the DST night)
 *   S6 03-25 09:00-10:00 MAINTENANCE         1 h
 *   S7 03-28 22:00-03-29 06:00 ON_CALL       2 h  once clipped at 03-29 00:00
 * O_PROG = S1 ∪ S3 = 8 h; O_EXT = [08,13) ∪ [14,18) = 9 h; O_TOTAL = 9 + 12
 * + 11 + 1 + 2 = 35 h; O_{ON_CALL ∪ EMERGENCY} = 2 + 12 + 11 + 2 = 27 h;
 * O_{PROG ∪ EMERGENCY} = 9 h.
 *
 * Exams (local; min, class, icr):
 *   E1  03-22 08:10-08:30 20 A 10      E2 08:25-08:45 20 H 20 (overlaps E1)
 *   E3  11:50-12:20 30 U 30 (straddles the end of S1)
 *   E4  12:30-12:45 15 U 5 (in S2 only)    E5 15:00-15:02 2 min: short
 *   E6  15:10-15:40 30 R 40                E7 19:00-19:20 20 A, no icr,
 *                                            outside every session
 *   E8  23:30-23:50 20 U 8 (night early, Monday's night)
 *   E9  03-23 02:00-02:20 20 U 8 (night deep, Monday's night)
 *   E10 03-28 01:50 (00:50Z) - 03:10 (01:10Z) 20 U 8 (night deep, Saturday)
 *   E11 03-28 02:30, a time skipped by the change: read 01:30Z (03:30 CEST),
 *       end 03:50 = 01:50Z: 20 U 8 (night deep)
 *   E12 03-29 00:30: after the window, not counted anywhere.
 * Kept: E1-E4, E6-E11 = 10 exams -> exams_per_week 10; short 1.
 * X = [08:10,08:45) ∪ E3 ∪ E4 ∪ E6 ∪ ...
 * |X ∩ O_PROG| = 35 + 10 (E3 until 12:00) + 30 (E6) = 75 min;
 *   occupancy_programmed = 75 / 480 = 0.15625.
 * |X ∩ O_PE| = 35 + 30 + 15 + 30 = 110 min / 540 = 11/54.
 * icr_per_hour = (10 + 20 + 30 + 40) / 8 h = 12.5; with S2: 105 / 9.
 * er_share = 6 U / 10 = 0.6 (emergency-dedicated).
 * Starting outside O_EXT: E7, E8, E9, E10, E11 = 5 per week; outside every
 * session: E7 only. Night early (>= 20:00): E8 = 1; deep (< 07:00): E9,
 * E10, E11 = 3; low night activity (4 <= 5).
 * Week nights (Mon-Thu 20:00 in the window): 03-22, 23, 24, 25 = 4; exams in
 * them: E8, E9 -> weeknight_mean = 2 / 4 = 0.5.
 * Inclusion: |X ∩ S1| = 45 min = 2700 s > 0.15 * 14400 = 2160; |X ∩ S3| =
 * 1800 s, not > 2160 -> share 4 h / 8 h = 0.5 < 0.95: not included.
 * Levers: S1 holds E1, E2, E3: late 10 min, early max(0, 12:00 - 12:20) =
 * 0, gaps E1-E2 0 (overlap), E2-E3 11:50 - 08:45 = 185 min; S3 holds E6:
 * late 70, early 18:00 - 15:40 = 140. late_start_min = 80/2 = 40,
 * early_end_min = 140/2 = 70, gap_between_exams_min = 185/2 = 92.5.
 * Mean durations: A (E1, E7) 20; H 20; R 30; U (30+15+20*4)/6 = 125/6.
 * Overlapping sessions of different groups: S1 and S2 = 2.
 * Report delays, A: E1 10:10 - 08:30 = 6000 s, E7 19:50 - 19:20 = 1800 s;
 * type 7 on {1800, 6000}: P20 = 1800 + 0.2 * 4200 = 2640, median 3900, P80
 * 5160. H+R: E2 09:45 - 08:45 = 3600 s.
 * CT durations of class U (min) sorted {15, 20, 20, 20, 20, 30}: P20 h = 1
 * -> 20; P80 h = 4 -> 20; class A {20, 20}.
 *
 * Machine IRM1 (MRI): no session, one exam 30 min A icr 50: no programmed
 * time so occupancy and ICR per hour have no value (NAN) and the machine is
 * not included; 1 exam outside every session. RX1 (modality RX) is skipped
 * with its session and exam.
 */
#include "test_helpers.h"

#include <math.h>

#define FIXTURE EML_TEST_DATA "/imaging/dst_week/"

typedef struct rejects {
  int count;
  char first[512];
} rejects;

static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t raw_len) {
  rejects *r = ctx;
  (void)raw;
  (void)raw_len;
  if (r->count++ == 0)
    eml_diag_format(diag, r->first, sizeof r->first);
}

static eml_imaging_result *compute_fixture(int has_window, eml_imaging_campaign **keep) {
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  assert_non_null(c);
  eml_diag diag;
  eml_imaging_load_counts counts;
  rejects rj = {0};
  assert_int_equal(eml_imaging_load_equipment(c, FIXTURE "equipment.csv", on_reject, &rj, &counts,
                                              &diag),
                   EML_OK);
  assert_int_equal(counts.read, 3);
  assert_int_equal(counts.loaded, 2);
  assert_int_equal(counts.skipped, 1);
  assert_int_equal(
      eml_imaging_load_sessions(c, FIXTURE "sessions.csv", on_reject, &rj, &counts, &diag), EML_OK);
  assert_int_equal(counts.loaded, 7);
  assert_int_equal(counts.skipped, 1);
  assert_int_equal(eml_imaging_load_exams(c, FIXTURE "exams.csv", on_reject, &rj, &counts, &diag),
                   EML_OK);
  assert_int_equal(counts.read, 14);
  assert_int_equal(counts.loaded, 13);
  assert_int_equal(counts.skipped, 1);
  assert_int_equal(counts.skipped_times, 1);   /* E11's 02:30 */
  assert_int_equal(counts.ambiguous_times, 0);
  assert_int_equal(counts.missing_icr, 1);     /* E7 */
  assert_int_equal(rj.count, 0);
  eml_imaging_options opts;
  eml_imaging_options_default(&opts);
  opts.has_window = has_window;
  opts.from = eml_date_from_civil(2010, 3, 22);
  opts.to = eml_date_from_civil(2010, 3, 29);
  eml_imaging_result *r = NULL;
  assert_int_equal(eml_imaging_compute(c, &opts, &r, &diag), EML_OK);
  if (keep)
    *keep = c;
  else
    eml_imaging_campaign_free(c);
  return r;
}

static const eml_imaging_machine *machine(const eml_imaging_result *r, const char *id) {
  long i = eml_imaging_machine_find(r, id);
  assert_true(i >= 0);
  return eml_imaging_machine_at(r, (size_t)i);
}

static void near(double a, double b, int line) {
  if (!(fabs(a - b) <= 1e-12 * (1 + fabs(b))))
    fail_msg("line %d: %.17g, expected %.17g", line, a, b);
}
#define NEAR(a, b) near((a), (b), __LINE__)

static void test_tdm1_indicators(void **state) {
  (void)state;
  eml_imaging_result *r = compute_fixture(1, NULL);
  assert_int_equal(eml_imaging_machine_count(r), 2); /* RX1 left out */
  NEAR(eml_imaging_result_weeks(r), 1.0);
  const eml_imaging_machine *m = machine(r, "TDM1");
  NEAR(m->open_programmed_h, 8);
  NEAR(m->open_extended_h, 9);
  /* PROGRAMMED 08-12 and 14-18, EMERGENCY 11-13 on the 22nd: union 08-13 +
   * 14-18 = 9 h in 1 week (issue 14 item 4) */
  NEAR(m->open_prog_emergency_h, 9);
  NEAR(m->open_total_h, 35);
  NEAR(m->on_call_h, 27);
  NEAR(m->exams_per_week, 10);
  NEAR(m->occupancy_programmed, 0.15625);
  NEAR(m->occupancy_prog_emergency, 11.0 / 54.0);
  NEAR(m->icr_per_hour, 12.5);
  NEAR(m->icr_per_hour_prog_emergency, 105.0 / 9.0);
  NEAR(m->er_share, 0.6);
  NEAR(m->exams_outside_extended_per_week, 5);
  NEAR(m->night_early_per_week, 1);
  NEAR(m->night_deep_per_week, 3);
  NEAR(m->weeknight_mean, 0.5);
  NEAR(m->late_start_min, 40);
  NEAR(m->early_end_min, 70);
  NEAR(m->gap_between_exams_min, 92.5);
  NEAR(m->mean_duration_min[EML_CLASS_A], 20);
  NEAR(m->mean_duration_min[EML_CLASS_H], 20);
  NEAR(m->mean_duration_min[EML_CLASS_R], 30);
  NEAR(m->mean_duration_min[EML_CLASS_U], 125.0 / 6.0);
  NEAR(m->included_share, 0.5);
  assert_false(m->included);
  assert_true(m->emergency_dedicated);
  assert_false(m->strong_night);
  assert_true(m->low_night);
  assert_false(m->significant_on_call);
  assert_false(m->red_zone); /* extended 9 h, not above 100 */
  assert_int_equal(m->exams, 10);
  assert_int_equal(m->short_exams, 1);
  assert_int_equal(m->overlapping_exams, 1);
  assert_int_equal(m->exams_outside_sessions, 1);
  assert_int_equal(m->overlapping_sessions, 2);
  assert_int_equal(m->missing_icr, 1);
  eml_imaging_result_free(r);
}

static void test_irm1_without_sessions(void **state) {
  (void)state;
  eml_imaging_result *r = compute_fixture(1, NULL);
  const eml_imaging_machine *m = machine(r, "IRM1");
  assert_int_equal(m->modality, EML_IMAGING_MRI);
  NEAR(m->open_programmed_h, 0);
  NEAR(m->exams_per_week, 1);
  assert_true(isnan(m->occupancy_programmed));
  assert_true(isnan(m->icr_per_hour));
  assert_true(isnan(m->late_start_min));
  NEAR(m->er_share, 0);
  NEAR(m->mean_duration_min[EML_CLASS_A], 30);
  assert_false(m->included);
  assert_int_equal(m->exams_outside_sessions, 1);
  /* no MRI is included: the occupancy panel is empty, opening has one value */
  assert_int_equal(eml_imaging_panel(r, EML_IMAGING_MRI, EML_IND_OCCUPANCY_PROGRAMMED)->n, 0);
  assert_int_equal(eml_imaging_panel(r, EML_IMAGING_MRI, EML_IND_OPEN_PROGRAMMED_H)->n, 1);
  eml_imaging_result_free(r);
}

static void test_distributions(void **state) {
  (void)state;
  eml_imaging_result *r = compute_fixture(1, NULL);
  const eml_imaging_dist *a = eml_imaging_report_delays(r, EML_IMAGING_CT, 0);
  assert_int_equal(a->n, 2);
  NEAR(a->p20, 2640);
  NEAR(a->p50, 3900);
  NEAR(a->p80, 5160);
  const eml_imaging_dist *h = eml_imaging_report_delays(r, EML_IMAGING_CT, 1);
  assert_int_equal(h->n, 1);
  NEAR(h->p50, 3600);
  const eml_imaging_dist *u = eml_imaging_durations(r, EML_IMAGING_CT, EML_CLASS_U);
  assert_int_equal(u->n, 6);
  NEAR(u->p20, 20);
  NEAR(u->p50, 20);
  NEAR(u->p80, 20);
  const eml_imaging_dist *ca = eml_imaging_durations(r, EML_IMAGING_CT, EML_CLASS_A);
  assert_int_equal(ca->n, 2);
  NEAR(ca->p50, 20);
  eml_imaging_result_free(r);
}

/* Without --from/--to the window is the whole days of the exams' starts:
 * 2010-03-22 (E1) to 2010-03-29 (E12) included, so [03-22, 03-30): 8 days;
 * E12 now counts (U, 20 min, in S7 until 06:00): 11 exams over 8/7 weeks. */
static void test_default_window(void **state) {
  (void)state;
  eml_imaging_result *r = compute_fixture(0, NULL);
  assert_int_equal(eml_imaging_result_from(r), eml_date_from_civil(2010, 3, 22));
  assert_int_equal(eml_imaging_result_to(r), eml_date_from_civil(2010, 3, 30));
  const eml_imaging_machine *m = machine(r, "TDM1");
  NEAR(m->exams_per_week, 11 / (8.0 / 7.0));
  /* S7 now whole: 8 h; on call = 2 + 12 + 11 + 8 = 33 h over 8/7 weeks */
  NEAR(m->on_call_h, 33 / (8.0 / 7.0));
  eml_imaging_result_free(r);
}

/* The schedule expansion adds sessions one by one. */
static void test_add_session(void **state) {
  (void)state;
  eml_imaging_campaign *c = NULL;
  eml_imaging_result *r = compute_fixture(1, &c);
  eml_imaging_result_free(r);
  eml_diag diag;
  /* IRM1 gets 03-24 09:00-11:00 programmed (08:00Z-10:00Z): its exam fills
   * 30 min of 2 h -> occupancy 0.25 > 0.15 for the whole session: included */
  eml_time s = eml_paris_to_utc((int64_t)eml_date_from_civil(2010, 3, 24) * 86400 + 9 * 3600, NULL);
  assert_int_equal(eml_imaging_add_session(c, "IRM1", s, s + 7200, EML_SESSION_PUBLIC_PROGRAMMED,
                                           &diag),
                   EML_OK);
  assert_int_equal(eml_imaging_add_session(c, "NOPE", s, s + 7200, EML_SESSION_PUBLIC_PROGRAMMED,
                                           &diag),
                   EML_ERR_NOT_FOUND);
  assert_int_equal(eml_imaging_add_session(c, "IRM1", s, s, EML_SESSION_PUBLIC_PROGRAMMED, &diag),
                   EML_ERR_VALUE);
  eml_imaging_options opts;
  eml_imaging_options_default(&opts);
  opts.has_window = 1;
  opts.from = eml_date_from_civil(2010, 3, 22);
  opts.to = eml_date_from_civil(2010, 3, 29);
  assert_int_equal(eml_imaging_compute(c, &opts, &r, &diag), EML_OK);
  const eml_imaging_machine *m = machine(r, "IRM1");
  NEAR(m->open_programmed_h, 2);
  NEAR(m->occupancy_programmed, 0.25);
  NEAR(m->icr_per_hour, 25); /* 50 / 2 h */
  assert_true(m->included);
  NEAR(m->late_start_min, 60); /* 10:00 - 09:00 */
  NEAR(m->early_end_min, 30);  /* 11:00 - 10:30 */
  eml_imaging_result_free(r);
  eml_imaging_campaign_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tdm1_indicators), cmocka_unit_test(test_irm1_without_sessions),
      cmocka_unit_test(test_distributions),   cmocka_unit_test(test_default_window),
      cmocka_unit_test(test_add_session),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
