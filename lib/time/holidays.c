/*
 * holidays.c — French public holidays (eml/holidays.h): the fixed dates and
 * the movable ones from Easter, with the Alsace-Moselle additions (Good
 * Friday, 26 December; départements 57, 67, 68). Easter by the anonymous
 * Gregorian algorithm of Meeus/Jones/Butcher.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

eml_date eml_easter_sunday(int year) {
  int a = year % 19, b = year / 100, c = year % 100;
  int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31;
  int day = (h + l - 7 * m + 114) % 31 + 1;
  return eml_date_from_civil(year, month, day);
}

/* One row per holiday: fixed (month, day) or Easter + offset. */
static const struct {
  int month, day;    /* month 0: movable */
  int easter_offset; /* days after Easter Sunday when movable */
  int alsace_only;
  const char *name;
} holiday_rows[] = {
    {1, 1, 0, 0, "Jour de l'an"},
    {0, 0, -2, 1, "Vendredi saint"},
    {0, 0, 1, 0, "Lundi de Pâques"},
    {5, 1, 0, 0, "Fête du Travail"},
    {5, 8, 0, 0, "Victoire 1945"},
    {0, 0, 39, 0, "Ascension"},
    {0, 0, 50, 0, "Lundi de Pentecôte"},
    {7, 14, 0, 0, "Fête nationale"},
    {8, 15, 0, 0, "Assomption"},
    {11, 1, 0, 0, "Toussaint"},
    {11, 11, 0, 0, "Armistice 1918"},
    {12, 25, 0, 0, "Noël"},
    {12, 26, 0, 1, "Saint-Étienne"},
};

static int compare_holiday(const void *a, const void *b) {
  eml_date x = ((const eml_holiday *)a)->date, y = ((const eml_holiday *)b)->date;
  return (x > y) - (x < y);
}

size_t eml_holidays_of_year(int year, int alsace_moselle, eml_holiday out[EML_HOLIDAYS_MAX]) {
  eml_date easter = eml_easter_sunday(year);
  size_t n = 0;
  for (size_t i = 0; i < sizeof holiday_rows / sizeof holiday_rows[0]; i++) {
    if (holiday_rows[i].alsace_only && !alsace_moselle)
      continue;
    out[n].date = holiday_rows[i].month
                      ? eml_date_from_civil(year, holiday_rows[i].month, holiday_rows[i].day)
                      : easter + holiday_rows[i].easter_offset;
    out[n].name = holiday_rows[i].name;
    n++;
  }
  qsort(out, n, sizeof *out, compare_holiday); /* Ascension may follow 8 May or not */
  return n;
}

const char *eml_holiday_name(eml_date d, int alsace_moselle) {
  int year, month, day;
  eml_date_to_civil(d, &year, &month, &day);
  eml_holiday list[EML_HOLIDAYS_MAX];
  size_t n = eml_holidays_of_year(year, alsace_moselle, list);
  for (size_t i = 0; i < n; i++)
    if (list[i].date == d)
      return list[i].name;
  return NULL;
}

int eml_holiday_is(eml_date d, int alsace_moselle) {
  return eml_holiday_name(d, alsace_moselle) != NULL;
}

int eml_departement_is_alsace_moselle(const char *code) {
  if (!code || strlen(code) < 2)
    return 0;
  return code[0] == '5' ? code[1] == '7' : code[0] == '6' && (code[1] == '7' || code[1] == '8');
}
