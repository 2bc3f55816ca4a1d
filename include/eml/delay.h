/*
 * eml/delay.h — delays printed as the seed prints them (seed 001, figures
 * 7 and 8; spec imaging.md "Report delays"), and the table of report
 * delays per patient class.
 *
 * Format (rounded to the minute; the seed's own examples):
 *   under an hour          "48 min"
 *   under a day            "3h", "2h et 54 min", "1h et 6 min"
 *   from a day             "2j", "2j et 21h", "1j et 12 min", "1j, 3h et 30 min"
 * Parts that are zero are left out; the last two parts are joined by "et",
 * earlier ones by ", ". The seed once prints "24h et 12 min" where the rule
 * gives "1j et 12 min": we follow the rule (docs/imaging-inputs.md).
 * A negative delay gets a leading "-".
 */
#ifndef EML_DELAY_H
#define EML_DELAY_H

#include <stddef.h>

#include "table.h"

/* Writes the delay (in seconds) in French into buf, always NUL-terminated. */
void eml_delay_format_fr(double seconds, char *buf, size_t size);

/* The table of figures 7/8: rows "20 % sont en dessous de :", "Médiane",
 * "80 % sont en dessous de :", "Nombre d'examens"; columns patient
 * ambulatoire (class A) and hospitalisé (classes H and R). Delays are
 * report_at - end in seconds; both arrays are sorted in place. Quantiles
 * are type 7 (eml/stats.h); a class without delays has empty cells.
 * Returns NULL when out of memory; the caller frees the table. */
eml_table *eml_report_delay_table(const char *id, const char *title, double *outpatient_s,
                                  size_t outpatient_n, double *inpatient_s, size_t inpatient_n);

#endif
