/*
 * rt.c — radiotherapy of a year as a report (eml/report.h, eml_report_rt;
 * spec radiotherapy.md): `eml rt activity|check|report`, `eml report rt`
 * and the dashboard's /rt (the regional report, then every centre's
 * checklist) ask for the parts they show of this one report.
 *
 * The activity (Annex II) is counted once here for every part; the tables
 * are the radiotherapy module's (lib/rt/report.c). The chart: external
 * treatments per machine-year of each centre against the reference (400)
 * and saturation band (450, 500) lines of the 2002 circular, the bar dark
 * for a saturated centre, lighter for a temporary overload (a renewal).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>

static eml_status treatments_chart(eml_report *r, const eml_rt_data *data,
                                   const eml_rt_activity *act, const eml_rt_options *opts) {
  eml_chart *c = eml_chart_new(EML_CHART_BARS, "Traitements externes par appareil et par an");
  eml_status st = eml_report_add_chart(r, 0, c, "rt_traitements_par_appareil", NULL);
  if (!st)
    st = eml_chart_set_axis(c, 1, "Traitements par appareil", NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_note(c, "Référence 400, saturé au-delà de 450 à 500 (circulaire de "
                               "2002), hors surcharge temporaire d'un renouvellement");
  for (size_t i = 0; !st && i < data->n_centres; i++) {
    eml_rt_conformity conf;
    st = eml_rt_conformity_compute(data, act, i, opts, &conf);
    if (!st)
      st = eml_chart_add_point(c, data->centres[i].name, (double)i, conf.treatments_per_machine, 0,
                               conf.saturation == EML_RT_SATURATED     ? 1
                               : conf.saturation == EML_RT_TEMPORARY   ? 0.7
                                                                       : 0.4);
  }
  const double lines[3] = {opts->reference_per_machine, opts->saturation_warn, opts->saturation};
  for (int k = 0; !st && k < 3; k++) {
    char label[32];
    snprintf(label, sizeof label, "%.0f", lines[k]);
    st = eml_chart_add_line(c, lines[k], label);
  }
  return st;
}

/* Year, centres, machines; the store and the method. */
static eml_status begin_document(eml_report *r, const eml_report_rt_args *a) {
  char subtitle[256], source[512];
  snprintf(subtitle, sizeof subtitle, _("Année %d, %zu centres, %zu appareils"), a->year,
           a->data->n_centres, a->data->n_machines);
  snprintf(source, sizeof source, _("Source : base %s (données pseudonymisées)"),
           a->source ? a->source : "");
  const char *lines[] = {source, a->year >= EML_RT_REGIME_2023_FROM
                                     ? N_("Méthode : annexe II (activité), circulaire du 3 mai "
                                          "2002 et règles du régime des autorisations de 2023 "
                                          "(conformité).")
                                     : N_("Méthode : annexe II (activité) et circulaire du 3 mai "
                                          "2002 (conformité).")};
  return eml_report_begin_document(r, subtitle, lines, 2, a->edited);
}

eml_status eml_report_rt(const eml_report_rt_args *a, eml_report **out) {
  *out = NULL;
  eml_rt_options defaults;
  eml_rt_options_default(&defaults);
  const eml_rt_options *opts = a->opts ? a->opts : &defaults;
  eml_report *r = eml_report_new("Radiothérapie : activité et conformité des centres");
  if (!r)
    return EML_ERR_NOMEM;
  eml_status st = (a->flags & EML_REPORT_DOCUMENT) ? begin_document(r, a) : EML_OK;
  eml_rt_activity *act = NULL;
  if (!st)
    st = eml_rt_activity_compute(a->data, a->year, opts, &act);
  eml_table **tables = NULL;
  size_t count = 0;
  if (!st && (a->parts & EML_REPORT_RT_REGIONAL)) {
    st = eml_rt_tables_report(a->data, act, opts, &tables, &count);
    if (!st)
      st = eml_report_take_tables(r, 0, tables, count);
  }
  if (!st && (a->parts & EML_REPORT_RT_CHECKS)) {
    st = eml_rt_tables_check(a->data, act, a->centre, opts, &tables, &count);
    if (!st)
      st = eml_report_take_tables(r, 0, tables, count);
  }
  if (!st && (a->parts & EML_REPORT_RT_ACTIVITY)) {
    st = eml_rt_tables_activity(a->data, act, &tables, &count);
    if (!st)
      st = eml_report_take_tables(r, 0, tables, count);
  }
  if (!st && (a->flags & EML_REPORT_CHARTS))
    st = eml_report_add_heading(r, 0, "Graphiques", 1);
  if (!st && (a->flags & EML_REPORT_CHARTS))
    st = treatments_chart(r, a->data, act, opts);
  eml_rt_activity_free(act);
  if (st) {
    eml_report_free(r);
    return st;
  }
  *out = r;
  return EML_OK;
}
