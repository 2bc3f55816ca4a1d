/*
 * test_holidays.c — Easter and the French public holidays (eml/holidays.h).
 * Easter dates are the published ones (calendar of the Church; also
 * `ncal -e YEAR`), not computed by eml. The movable holidays of 2024 and
 * 2025 are those of the official calendar (service-public.fr).
 */
#include "test_helpers.h"

#include "eml/holidays.h"

static eml_date ymd(int y, int m, int d) { return eml_date_from_civil(y, m, d); }

static void easter_known_dates(void **state) {
  (void)state;
  static const int cases[][3] = {
      {2010, 4, 4}, {2017, 4, 16}, {2024, 3, 31}, {2025, 4, 20}, {2038, 4, 25},
      {1818, 3, 22}, /* earliest possible */
      {1943, 4, 25}, /* latest possible */
      {2000, 4, 23}, {2019, 4, 21},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(eml_easter_sunday(cases[i][0]), ymd(cases[i][0], cases[i][1], cases[i][2]));
}

static void national_holidays_2024(void **state) {
  (void)state;
  eml_holiday list[EML_HOLIDAYS_MAX];
  size_t n = eml_holidays_of_year(2024, 0, list);
  assert_int_equal(n, 11);
  static const int expected[11][2] = {{1, 1},  {4, 1},   {5, 1},   {5, 8},   {5, 9},  {5, 20},
                                      {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
  for (size_t i = 0; i < n; i++)
    assert_int_equal(list[i].date, ymd(2024, expected[i][0], expected[i][1]));
  assert_string_equal(list[1].name, "Lundi de Pâques");
  assert_string_equal(list[4].name, "Ascension");
  assert_string_equal(list[5].name, "Lundi de Pentecôte");
}

static void alsace_moselle_adds_two(void **state) {
  (void)state;
  eml_holiday list[EML_HOLIDAYS_MAX];
  assert_int_equal(eml_holidays_of_year(2025, 1, list), 13);
  /* 2025: Good Friday 18 April, 26 December a Friday */
  assert_true(eml_holiday_is(ymd(2025, 4, 18), 1));
  assert_false(eml_holiday_is(ymd(2025, 4, 18), 0));
  assert_true(eml_holiday_is(ymd(2025, 12, 26), 1));
  assert_false(eml_holiday_is(ymd(2025, 12, 26), 0));
  assert_true(eml_holiday_is(ymd(2025, 4, 21), 0));  /* Easter Monday */
  assert_true(eml_holiday_is(ymd(2025, 5, 29), 0));  /* Ascension */
  assert_true(eml_holiday_is(ymd(2025, 6, 9), 0));   /* Whit Monday */
  assert_false(eml_holiday_is(ymd(2025, 4, 20), 0)); /* Easter Sunday is not a day off by law */
  assert_false(eml_holiday_is(ymd(2025, 6, 10), 1));
  assert_null(eml_holiday_name(ymd(2025, 3, 3), 1));
  assert_string_equal(eml_holiday_name(ymd(2025, 7, 14), 0), "Fête nationale");
}

static void departements(void **state) {
  (void)state;
  assert_true(eml_departement_is_alsace_moselle("57"));
  assert_true(eml_departement_is_alsace_moselle("67"));
  assert_true(eml_departement_is_alsace_moselle("680001234"));
  assert_false(eml_departement_is_alsace_moselle("75"));
  assert_false(eml_departement_is_alsace_moselle("58"));
  assert_false(eml_departement_is_alsace_moselle("6"));
  assert_false(eml_departement_is_alsace_moselle(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(easter_known_dates),
      cmocka_unit_test(national_holidays_2024),
      cmocka_unit_test(alsace_moselle_adds_two),
      cmocka_unit_test(departements),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
