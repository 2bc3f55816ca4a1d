/*
 * delay.c — French delay text as in seed 001 figures 7 and 8 ("48 min",
 * "2h et 54 min", "1j, 3h et 30 min"; see eml/delay.h for the rule) and the
 * report-delay table of those figures (type-7 quantiles, eml/stats.h).
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>

void eml_delay_format_fr(double seconds, char *buf, size_t size) {
  if (!size)
    return;
  if (!isfinite(seconds)) {
    snprintf(buf, size, "?");
    return;
  }
  long long minutes = llround(seconds / 60.0);
  const char *sign = minutes < 0 ? "-" : "";
  if (minutes < 0)
    minutes = -minutes;
  long long days = minutes / 1440, hours = minutes % 1440 / 60, mins = minutes % 60;
  char parts[3][32];
  int n = 0;
  if (days)
    snprintf(parts[n++], sizeof parts[0], "%lldj", days);
  if (hours)
    snprintf(parts[n++], sizeof parts[0], "%lldh", hours);
  if (mins || n == 0)
    snprintf(parts[n++], sizeof parts[0], "%lld min", mins);
  if (n == 1)
    snprintf(buf, size, "%s%s", sign, parts[0]);
  else if (n == 2)
    snprintf(buf, size, "%s%s et %s", sign, parts[0], parts[1]);
  else
    snprintf(buf, size, "%s%s, %s et %s", sign, parts[0], parts[1], parts[2]);
}

eml_table *eml_report_delay_table(const char *id, const char *title, double *outpatient_s,
                                  size_t outpatient_n, double *inpatient_s, size_t inpatient_n) {
  static const char *const row_labels[3] = {NF_("20 % sont en dessous de :"),
                                            N_("Médiane"),
                                            NF_("80 % sont en dessous de :")};
  static const double probabilities[3] = {0.2, 0.5, 0.8};
  eml_table *t = eml_table_new(id, title);
  eml_table_add_column(t, NULL, "Délais de compte-rendu", "statistic");
  eml_table_add_column(t, NULL, "Patient ambulatoire", "outpatient");
  eml_table_add_column(t, NULL, "Patient hospitalisé", "inpatient");
  double *delays[2] = {outpatient_s, inpatient_s};
  size_t counts[2] = {outpatient_n, inpatient_n};
  for (int c = 0; c < 2; c++)
    if (counts[c])
      eml_sort_doubles(delays[c], counts[c]);
  for (size_t r = 0; r < 4; r++) {
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, r < 3 ? _(row_labels[r]) : _("Nombre d'examens"));
    for (int c = 0; c < 2; c++) {
      if (r == 3) {
        eml_table_set_int(t, row, (size_t)c + 1, (int64_t)counts[c], 0);
      } else if (counts[c]) {
        char text[64];
        eml_delay_format_fr(eml_quantile_sorted(delays[c], counts[c], probabilities[r]), text,
                            sizeof text);
        eml_table_set_text(t, row, (size_t)c + 1, text);
      }
    }
  }
  return eml_table_finish(t, &t) ? NULL : t; /* NULL when in error: the caller checks it */
}
