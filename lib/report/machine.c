/*
 * machine.c — one machine's sheet of the CT/MRI benchmark as a report
 * (eml/report.h, eml_report_machine; spec imaging.md "Reports": "each
 * machine's sheet" and "hour-by-weekday activity heat map"; issue 6): `eml
 * imaging machine ID`, `eml report machines` (one PDF per site, two pages
 * per machine) and the dashboard's /imaging/machine/ID ask for it.
 *
 * With the sites, the table "Région et nation" (the machine's region's
 * medians beside the nation's, issue 14 item 7) follows the indicators.
 *
 * The grid itself (shares of each local hour occupied by exams) is computed
 * by the imaging engine (lib/imaging/heatmap.c); here it becomes a HEAT
 * chart: hours 0-23 across, lun. to dim. down, values shares (0-100 %).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>

/* How to read the heat map: the paragraph under it. */
static const char heat_caption[] = N_(
    "Chaque case donne la part de l'heure (heure locale de Paris) occupée par au moins un "
    "examen retenu (examens de 3 minutes ou plus, chevauchements comptés une fois), moyenne sur "
    "les jours de la campagne : 50 % un lundi à 8 h = en moyenne 30 minutes d'examens entre 8 h "
    "et 9 h les lundis. Le jour du passage à l'heure d'hiver compte ses deux heures de 2 h ; le "
    "jour du passage à l'heure d'été n'a pas de 2 h.");

eml_status eml_imaging_heatmap_chart(const eml_imaging_heatmap *g, const char *title,
                                     eml_chart **out) {
  *out = eml_chart_new(EML_CHART_HEAT, title ? title : "Activité par heure et jour de la semaine");
  if (!*out)
    return EML_ERR_NOMEM;
  char hour_text[24][8];
  const char *hours[24];
  for (int h = 0; h < 24; h++) {
    snprintf(hour_text[h], sizeof hour_text[h], "%d", h);
    hours[h] = hour_text[h];
  }
  const char *days[7]; /* in the run's language */
  for (int d = 0; d < 7; d++)
    days[d] = _(eml_weekday_short_fr[d]);
  eml_status st = eml_chart_set_ticks(*out, 0, hours, 24);
  if (!st)
    st = eml_chart_set_ticks(*out, 1, days, 7);
  if (!st)
    st = eml_chart_set_axis(*out, 0, "Heure (heure locale)", NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_axis(*out, 1, "", NAN, NAN, 1);
  if (!st)
    st = eml_chart_set_note(*out, "Part de l'heure occupée par des examens (%), moyenne sur la "
                                  "période");
  for (int d = 0; !st && d < 7; d++)
    for (int h = 0; !st && h < 24; h++) {
      char label[32];
      /* TRANSLATORS: a day ("lun.") and an hour of the heat map */
      snprintf(label, sizeof label, _("%s %d h"), days[d], h);
      st = eml_chart_add_point(*out, label, h, d, g->share[d][h], NAN);
    }
  if (st) {
    eml_chart_free(*out);
    *out = NULL;
  }
  return st;
}

/* The heading of each page of a machine's sheet, and the campaign line. */
static eml_status sheet_heading(eml_report *r, const eml_imaging_machine *m) {
  char heading[160];
  snprintf(heading, sizeof heading, _("%s — %s, site FINESS %s"), m->equipment_id,
           m->modality == EML_IMAGING_CT ? _("scanner") : _("IRM"),
           m->finess[0] ? m->finess : _("inconnu"));
  return eml_report_add_heading(r, 0, heading, 1);
}

static eml_status campaign_text(eml_report *r, const eml_imaging_result *res) {
  char from[16], to[16], weeks[32], text[200];
  eml_date_format_fr(eml_imaging_result_from(res), from, sizeof from);
  eml_date_format_fr(eml_imaging_result_to(res) - 1, to, sizeof to);
  eml_number_format(eml_imaging_result_weeks(res), 1, 0, weeks, sizeof weeks); /* "4,0", "4.0" */
  snprintf(text, sizeof text,
           _("Campagne du %s au %s (%s semaines) ; rang centile, P20, médiane et P80 dans le "
             "panel de la modalité."),
           from, to, weeks);
  return eml_report_add_text(r, 0, text);
}

static eml_status add_heat(eml_report *r, const eml_imaging_heatmap *grid) {
  eml_chart *heat = NULL;
  eml_status st = eml_imaging_heatmap_chart(grid, NULL, &heat);
  return st ? st : eml_report_add_chart(r, 0, heat, "activite", heat_caption);
}

eml_status eml_report_machine(const eml_imaging_result *res, size_t machine,
                              const eml_imaging_heatmap *grid, int flags, eml_report **out) {
  return eml_report_machine_sites(res, machine, grid, NULL, flags, out);
}

eml_status eml_report_machine_sites(const eml_imaging_result *res, size_t machine,
                                    const eml_imaging_heatmap *grid, const eml_register *sites,
                                    int flags, eml_report **out) {
  *out = NULL;
  if (machine >= eml_imaging_machine_count(res))
    return EML_ERR_NOT_FOUND;
  eml_report *r = eml_report_new(NULL);
  if (!r)
    return EML_ERR_NOMEM;
  int charts = grid && (flags & EML_REPORT_CHARTS), document = (flags & EML_REPORT_DOCUMENT) != 0;
  const eml_imaging_machine *m = eml_imaging_machine_at(res, machine);
  eml_status st = EML_OK;
  if (document) /* page 1: the campaign and the tables */
    st = sheet_heading(r, m);
  if (!st && document)
    st = campaign_text(r, res);
  if (!st && charts && !document) /* a page on screen: the week's shape first */
    st = add_heat(r, grid);
  eml_table **tables = NULL;
  size_t n = 0;
  if (!st)
    st = eml_imaging_machine_tables(res, machine, &tables, &n);
  if (!st)
    st = eml_report_take_tables(r, 0, tables, n);
  if (!st && sites) { /* its region against the nation (issue 14 item 7) */
    eml_table *t = NULL;
    st = eml_imaging_region_table(res, sites, machine, &t);
    if (!st && t)
      st = eml_report_add_table(r, 0, t);
  }
  if (!st && grid && !document) { /* the grid's values, last */
    eml_table *t = NULL;
    st = eml_imaging_heatmap_table(grid, &t);
    if (!st)
      st = eml_report_add_table(r, 0, t);
  }
  if (!st && charts && document) /* page 2: the heat map */
    st = sheet_heading(r, m);
  if (!st && charts && document)
    st = add_heat(r, grid);
  if (st) {
    eml_report_free(r);
    return st;
  }
  *out = r;
  return EML_OK;
}
