/*
 * capacity.c — the capacity held in the existing machines as a report
 * (eml/report.h, eml_report_capacity; spec planning.md §1, issue 15):
 * `eml imaging capacity` in every format, its PDF, and the dashboard's
 * page. The tables are lib/plan's (eml_capacity_tables); with CHARTS, per
 * modality one BARS chart: a bar per zone, its height the zone's sum of
 * machine-equivalents (eml_capacity_zones, the same sums as the zone
 * table).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* One chart per modality holding zones: a bar per zone. */
static eml_status capacity_charts(eml_report *r, const eml_capacity_zone *zones, size_t nz) {
  eml_status st = eml_report_add_heading(r, 0, "Graphiques", 1);
  for (size_t z = 0; !st && z < nz;) {
    eml_imaging_modality mod = zones[z].modality;
    const char *code = eml_imaging_modality_code(mod);
    char title[160], name[64];
    snprintf(title, sizeof title, _("Capacité mobilisable par zone — %s"),
             mod == EML_IMAGING_CT ? _("scanner") : _("IRM"));
    snprintf(name, sizeof name, "capacite_%s", code);
    eml_chart *c = eml_chart_new(EML_CHART_BARS, title);
    st = eml_report_add_chart(r, 0, c, name,
                              "Équivalent appareils : les examens par semaine que libérerait la "
                              "réduction des retards, fins anticipées et inoccupations à la "
                              "référence, divisés par la médiane des examens par semaine de la "
                              "modalité (planning.md §1).");
    if (!st)
      st = eml_chart_set_axis(c, 1, "Équivalent appareils", NAN, NAN, 0);
    if (!st)
      st = eml_chart_set_note(c, "Somme des appareils de la zone (département du FINESS)");
    for (size_t i = 0; !st && z < nz && zones[z].modality == mod; z++, i++)
      st = eml_chart_add_point(c, zones[z].zone, (double)i, zones[z].equivalents, 0, 0.6);
  }
  return st;
}

eml_status eml_report_capacity(const eml_report_capacity_args *a, eml_report **out) {
  *out = NULL;
  eml_report *r = eml_report_new("Capacité mobilisable des appareils d'imagerie (scanner, IRM)");
  if (!r)
    return EML_ERR_NOMEM;
  eml_status st = EML_OK;
  if (a->flags & EML_REPORT_DOCUMENT)
    st = eml_report_imaging_begin(r, a->result, a->source,
                                  N_("Méthode : leviers du parangonnage (seed 001) ramenés à la "
                                     "référence, planning.md §1."),
                                  a->edited);
  eml_table **tables = NULL;
  size_t count = 0;
  if (!st)
    st = eml_capacity_tables(a->result, a->capacity, &tables, &count);
  if (!st)
    st = eml_report_take_tables(r, 0, tables, count);
  if (!st && (a->flags & EML_REPORT_CHARTS)) {
    eml_capacity_zone *zones = NULL;
    size_t nz = 0;
    st = eml_capacity_zones(a->result, a->capacity, &zones, &nz);
    if (!st)
      st = capacity_charts(r, zones, nz);
    free(zones);
  }
  if (st) {
    eml_report_free(r);
    return st;
  }
  *out = r;
  return EML_OK;
}
