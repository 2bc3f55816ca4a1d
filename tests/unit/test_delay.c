/*
 * test_delay.c — delays printed as seed 001 prints them (figures 7 and 8),
 * and the report-delay table. Each case is a figure of the seed turned into
 * seconds by hand (1h et 6 min = 3600 + 360 = 3960 s).
 */
#include "test_helpers.h"

#include "eml/delay.h"

static void seed_examples(void **state) {
  (void)state;
  static const struct {
    double seconds;
    const char *text;
  } cases[] = {
      {2880, "48 min"},                     /* figure 7, P20 */
      {3960, "1h et 6 min"},                /* figure 7, inpatient P20 */
      {10800, "3h"},                        /* figure 7, outpatient median */
      {10440, "2h et 54 min"},              /* figure 7, inpatient median */
      {99000, "1j, 3h et 30 min"},          /* figure 7, outpatient P80: 27.5 h */
      {87120, "1j et 12 min"},              /* figure 7 prints "24h et 12 min" */
      {21600, "6h"},                        /* figure 8 */
      {45720, "12h et 42 min"},             /* figure 8 */
      {248400, "2j et 21h"},                /* figure 8: 69 h */
      {223560, "2j, 14h et 6 min"},         /* figure 8: 62 h 06 */
      {86400, "1j"},
      {0, "0 min"},
      {29, "0 min"},
      {30, "1 min"},                        /* rounded to the nearest minute */
      {2879.9, "48 min"},
      {3599, "1h"},                         /* 59.98 min rounds to 60 */
      {-120, "-2 min"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[64];
    eml_delay_format_fr(cases[i].seconds, buf, sizeof buf);
    assert_string_equal(buf, cases[i].text);
  }
  char small[4];
  eml_delay_format_fr(99000, small, sizeof small);
  assert_string_equal(small, "1j,");
}

static void report_table(void **state) {
  (void)state;
  /* outpatients 10, 20, 30, 40, 50 min (given unsorted): type 7 gives
   * P20 = 10 + 0.8 * 10 = 18 min, median 30 min, P80 = 40 + 0.2 * 10 = 42 min */
  double outpatient[5] = {3000, 600, 1800, 2400, 1200};
  eml_table *t = eml_report_delay_table("report_delays_ct", "Figure 7", outpatient, 5, NULL, 0);
  assert_non_null(t);
  assert_int_equal(eml_table_rows(t), 4);
  assert_int_equal(eml_table_columns(t), 3);
  assert_string_equal(eml_table_cell(t, 0, 1)->text, "18 min");
  assert_string_equal(eml_table_cell(t, 1, 1)->text, "30 min");
  assert_string_equal(eml_table_cell(t, 2, 1)->text, "42 min");
  assert_int_equal(eml_table_cell(t, 3, 1)->i, 5);
  assert_int_equal(eml_table_cell(t, 1, 2)->kind, EML_CELL_EMPTY);
  assert_int_equal(eml_table_cell(t, 3, 2)->i, 0);
  assert_string_equal(eml_table_cell(t, 1, 0)->text, "Médiane");
  eml_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(seed_examples),
                                     cmocka_unit_test(report_table)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
