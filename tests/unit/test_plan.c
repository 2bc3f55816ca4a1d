/*
 * test_plan.c — lib/plan (spec planning.md, issue 15): the shipped
 * populations read by eml's own reader against INSEE's published totals,
 * the need formulas on hand-computed cases, and the delay simulation
 * against the closed forms of queueing theory.
 *
 * Queueing theory (Kleinrock, Queueing Systems vol. 1, §3.2 and §3.5), for
 * arrivals of rate λ and exponential services of rate μ:
 *   M/M/1: ρ = λ/μ, mean wait in queue Wq = ρ / (μ − λ);
 *   M/M/c: a = λ/μ, ρ = a/c, Erlang C
 *          C(c, a) = (a^c/c! · c/(c − a)) / (Σ_{k<c} a^k/k! + a^c/c! · c/(c − a)),
 *          Wq = C(c, a) / (cμ − λ).
 * Cases (time in days, services of mean 1 day = 1440 min, μ = 1):
 *   M/M/1, λ = 0.5: Wq = 0.5 / 0.5 = 1 day;
 *   M/M/3, λ = 2:   a = 2, a^3/3! = 8/6, c/(c−a) = 3, so 4; Σ = 1 + 2 + 2 = 5;
 *                   C = 4/9; Wq = (4/9) / (3 − 2) = 0.4444 day.
 * 2,000,000 requests each: the standard error of the mean wait is about
 * 0.4 % (M/M/1 at ρ = 0.5), so 2 % is five of them.
 */
#include "test_helpers.h"

#include <math.h>

static void read_population(const char *name, eml_population *p) {
  char path[4096];
  snprintf(path, sizeof path, "%s/data/population/%s", EML_SOURCE_DIR, name);
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_population_read(path, NULL, NULL, p, &d);
  if (st) {
    char buf[512];
    eml_diag_format(&d, buf, sizeof buf);
    fail_msg("%s", buf);
  }
}

/* INSEE, "Populations légales des régions en 2021" (insee.fr/fr/statistiques/7728783):
 * Île-de-France 12 317 279, France without Mayotte 67 408 052. */
static void insee_totals_2021(void **state) {
  (void)state;
  eml_population p;
  read_population("departements-2021.csv", &p);
  assert_int_equal(p.count, 100);
  int64_t idf = 0, france = 0;
  for (size_t i = 0; i < p.count; i++) {
    assert_int_equal(p.rows[i].year, 2021);
    france += p.rows[i].population;
    if (strcmp(p.rows[i].region, "11") == 0)
      idf += p.rows[i].population;
  }
  assert_int_equal(idf, 12317279);
  assert_int_equal(france, 67408052);
  eml_population_free(&p);
}

/* ile-de-france.csv: 12 213 447 (2018, Région Île-de-France), 12 262 544
 * (2019, INSEE Flash Île-de-France n° 62), 12 317 279 (2021). */
static void idf_millesimes(void **state) {
  (void)state;
  eml_population p;
  read_population("ile-de-france.csv", &p);
  assert_int_equal(p.count, 24);
  int64_t sum[3] = {0, 0, 0};
  for (size_t i = 0; i < p.count; i++) {
    int y = p.rows[i].year;
    assert_true(y == 2018 || y == 2019 || y == 2021);
    sum[y == 2018 ? 0 : y == 2019 ? 1 : 2] += p.rows[i].population;
  }
  assert_int_equal(sum[0], 12213447);
  assert_int_equal(sum[1], 12262544);
  assert_int_equal(sum[2], 12317279);
  assert_int_equal(eml_population_find(&p, "93", 2019)->population, 1644903);
  eml_population_free(&p);
}

/* ratio at 1.5 per 100 000 on the 2021 populations (issue 15):
 *   75: 2 133 111 × 1.5 / 100 000 = 31.996665 -> "32,0"
 *   93: 1 668 670 × 1.5 / 100 000 = 25.03005  -> "25,0" */
static void need_ratio(void **state) {
  (void)state;
  eml_population p;
  read_population("departements-2021.csv", &p);
  char buf[32];
  double paris = eml_need_ratio(eml_population_find(&p, "75", 2021)->population, 1.5);
  double ssd = eml_need_ratio(eml_population_find(&p, "93", 2021)->population, 1.5);
  assert_float_equal(paris, 31.996665, 1e-9);
  assert_float_equal(ssd, 25.03005, 1e-9);
  assert_string_equal(eml_number_format(paris, 1, 0, buf, sizeof buf), "32,0");
  assert_string_equal(eml_number_format(ssd, 1, 0, buf, sizeof buf), "25,0");
  eml_population_free(&p);
}

/* ny-mri (10 NYCRR 709.12): CT scans × 0.85 × 0.60 × 0.55 × 1.30 ÷ 3 200.
 *   100 000 scans: × 0.85 = 85 000; × 0.60 = 51 000; × 0.55 = 28 050;
 *   × 1.30 = 36 465; ÷ 3 200 = 11.3953125 MRI.
 *   With a growth of 1.1 (110 000 scans): 12.53484375.
 * linac: 1 800 treatments ÷ 450 (ESTRO-QUARTS) = 4.0; 2 000 new cancer
 *   patients × 60 % = 1 200 courses ÷ 320 (12VAC5-230-290) = 3.75;
 * utilisation: 7 000 MRI exams × growth 1.05 = 7 350 ÷ 3 494 = 2.10360618... */
static void need_formulas(void **state) {
  (void)state;
  assert_float_equal(eml_need_ny_mri(100000, 1.0), 11.3953125, 1e-9);
  assert_float_equal(eml_need_ny_mri(100000, 1.1), 12.53484375, 1e-9);
  assert_float_equal(eml_need_linac_treatments(1800, 1.0), 4.0, 1e-12);
  assert_float_equal(eml_need_linac_cancer(2000, 1.0), 3.75, 1e-12);
  assert_float_equal(eml_need_utilisation(7000, 1.05, 3494), 7350.0 / 3494.0, 1e-12);
  assert_true(isnan(eml_need_ny_mri(-1, 1)));
  eml_need_method m;
  assert_int_equal(eml_need_method_parse("ny-mri", &m), EML_OK);
  assert_int_equal(m, EML_NEED_NY_MRI);
  assert_int_equal(eml_need_method_parse("NY-MRI", &m), EML_ERR_VALUE);
}

static double simulate_open(double rate, int machines, double days, uint64_t seed) {
  eml_delay_sim s = {.rate_per_day = rate, .machines = machines, .exam_minutes = 1440,
                     .open_always = 1, .warmup_days = 1000, .days = days, .seed = seed};
  eml_delay_result r;
  eml_diag d;
  eml_diag_clear(&d);
  assert_int_equal(eml_delay_simulate(&s, &r, &d), EML_OK);
  return r.mean_days;
}

static void mm1(void **state) {
  (void)state;
  double wq = 0.5 / (1.0 - 0.5); /* ρ / (μ − λ) = 1 day */
  double got = simulate_open(0.5, 1, 4e6, 1);
  print_message("M/M/1: simulated Wq %.5f, theory %.5f\n", got, wq);
  assert_true(fabs(got - wq) / wq < 0.02);
}

static void mmc(void **state) {
  (void)state;
  double a = 2, c = 3, top = pow(a, c) / 6.0 * c / (c - a); /* 4 */
  double erlang_c = top / (1 + a + a * a / 2 + top);         /* 4/9 */
  double wq = erlang_c / (c * 1.0 - a);                      /* 0.4444 day */
  assert_float_equal(wq, 4.0 / 9.0, 1e-12);
  double got = simulate_open(2, 3, 1e6, 7);
  print_message("M/M/3: simulated Wq %.5f, theory %.5f\n", got, wq);
  assert_true(fabs(got - wq) / wq < 0.02);
}

/* The slot model: 10 sessions of 4 h in 20-minute slots = 10 × 12 = 120
 * slots a week; 10 requests a day = 70 a week, 70/120 = 58.3 %; the same
 * seed gives the same delays, another seed others. */
static void slots_deterministic(void **state) {
  (void)state;
  eml_delay_sim s = {.rate_per_day = 10, .machines = 1, .sessions_per_week = 10,
                     .session_hours = 4, .exam_minutes = 20, .warmup_days = 100,
                     .days = 1000, .seed = 42};
  eml_delay_result r1, r2, r3;
  eml_diag d;
  CHECK_OK(eml_delay_simulate(&s, &r1, &d));
  CHECK_OK(eml_delay_simulate(&s, &r2, &d));
  assert_float_equal(r1.slots_per_week, 120, 0);
  assert_float_equal(r1.utilisation, 70.0 / 120.0, 1e-12);
  assert_int_equal(r1.n, r2.n);
  assert_true(r1.mean_days == r2.mean_days && r1.p80 == r2.p80);
  s.seed = 43;
  CHECK_OK(eml_delay_simulate(&s, &r3, &d));
  assert_true(r3.mean_days != r1.mean_days);
  /* a delay is never negative, and P20 <= median <= P80 */
  assert_true(r1.p20 >= 0 && r1.p20 <= r1.median && r1.median <= r1.p80);
  /* demand at capacity: 120 a week = 17.142857 a day */
  s.rate_per_day = 120.0 / 7.0;
  eml_diag_clear(&d);
  assert_int_equal(eml_delay_simulate(&s, &r3, &d), EML_ERR_VALUE);
  char buf[256];
  eml_diag_format(&d, buf, sizeof buf);
  assert_string_equal(buf, "la demande atteint la capacité (occupation 100,0 %) : les délais "
                           "croîtraient sans fin");
}

/* A population with bad rows and no hooks: the reading stops with the
 * count of rejected rows, French plural (0 and 1 singular): one bad year
 * ("1850", below 1900), then a second bad row (a population "abc"). */
static void rejected_count(void **state) {
  (void)state;
  static const char *const files[] = {"zone,year,population\n75,1850,10\n",
                                      "zone,year,population\n75,1850,10\n77,2021,abc\n"};
  static const char *const said[] = {"1 ligne rejetée : aucun besoin projeté",
                                     "2 lignes rejetées : aucun besoin projeté"};
  for (int i = 0; i < 2; i++) {
    char *path = test_write_temp(files[i]);
    eml_population p;
    eml_diag d;
    eml_diag_clear(&d);
    assert_int_equal(eml_population_read(path, NULL, NULL, &p, &d), EML_ERR_REJECTED);
    char buf[512], want[512];
    eml_diag_format(&d, buf, sizeof buf);
    snprintf(want, sizeof want, "%s: %s", path, said[i]);
    assert_string_equal(buf, want);
    eml_population_free(&p);
    remove(path);
    free(path);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(insee_totals_2021), cmocka_unit_test(idf_millesimes),
      cmocka_unit_test(need_ratio),        cmocka_unit_test(need_formulas),
      cmocka_unit_test(mm1),               cmocka_unit_test(mmc),
      cmocka_unit_test(slots_deterministic),
      cmocka_unit_test(rejected_count),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
