/*
 * eml/holidays.h — French public holidays (jours fériés), used by the
 * schedule expansion's `--holidays skip` (spec imaging.md, schedule.csv).
 *
 * Model: the eleven national holidays (Code du travail, art. L3133-1):
 * 1 January, Easter Monday, 1 May, 8 May, Ascension (Easter + 39 days),
 * Whit Monday (Easter + 50), 14 July, 15 August, 1 November, 11 November,
 * 25 December; in Alsace-Moselle (départements 57, 67, 68) also Good Friday
 * (Easter - 2) and 26 December. Easter Sunday by the anonymous Gregorian
 * algorithm (Meeus/Jones/Butcher, J. Meeus, "Astronomical Algorithms", 1991).
 * Dates are eml_date (days since 1970-01-01, eml/time.h).
 */
#ifndef EML_HOLIDAYS_H
#define EML_HOLIDAYS_H

#include <stddef.h>

#include "time.h"

/* Easter Sunday of a Gregorian year (1583 onwards). */
eml_date eml_easter_sunday(int year);

/* 1 when d is a public holiday; alsace_moselle adds Good Friday and
 * 26 December. */
int eml_holiday_is(eml_date d, int alsace_moselle);
/* French name of the holiday at d ("Lundi de Pâques"), or NULL. */
const char *eml_holiday_name(eml_date d, int alsace_moselle);

typedef struct eml_holiday {
  eml_date date;
  const char *name; /* static French name */
} eml_holiday;

#define EML_HOLIDAYS_MAX 13
/* Fills out (room for EML_HOLIDAYS_MAX) with the holidays of year, in date
 * order; returns how many (11, or 13 in Alsace-Moselle). */
size_t eml_holidays_of_year(int year, int alsace_moselle, eml_holiday out[EML_HOLIDAYS_MAX]);

/* 1 when the département code ("57", "67", "68") is in Alsace-Moselle;
 * the code may be given as a FINESS number, whose first two characters are
 * the département. */
int eml_departement_is_alsace_moselle(const char *code);

#endif
