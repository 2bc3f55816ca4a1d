/*
 * balance.c — the report of the balance of the OQOS (eml/report.h,
 * eml_report_balance; registry.md "The balance", seed 000): the register
 * read from a store, the balance computed at a date, its tables, and for a
 * page or a document its charts — per modality the map of the territories
 * coloured by the gap to the upper bound (balance_map.c), then the same
 * gaps as bars (spec issue 6: "a map of the territories coloured by the
 * balance's gap to the upper bound, one map per modality"); for the tables
 * of the 2023 regime the same per activity, the zones coloured by the
 * implantations' gap to the OQOS max (docs/regime-2023.md).
 *
 * Used by `eml bilan` (tables, --compare), `eml report bilan` (document) and
 * the dashboard's /bilan (tables and the map of one modality).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

eml_status eml_report_register_read(const char *db, eml_register *reg, eml_diag *diag) {
  memset(reg, 0, sizeof *reg);
  eml_store *store = NULL;
  eml_status st = eml_store_open(db, EML_STORE_READ_ONLY, &store, diag);
  if (!st)
    st = eml_store_load_register(store, reg, diag);
  eml_store_close(store);
  if (!st)
    eml_register_sort(reg);
  return st;
}

/* The gaps of one table as bars, with the zero line. */
static eml_status gap_bars(const char *title, const char *axis, const char *note,
                           const eml_balance_area *areas, size_t n, eml_chart **out) {
  eml_chart *c = *out = eml_chart_new(EML_CHART_BARS, title);
  if (!c)
    return EML_ERR_NOMEM;
  eml_status st = eml_chart_set_axis(c, 1, axis, NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_note(c, note);
  for (size_t i = 0; !st && i < n; i++)
    st = eml_chart_add_point(c, areas[i].territory, (double)i, areas[i].gap, 0,
                             areas[i].over ? 1 : 0.4);
  return st ? st : eml_chart_add_line(c, 0, NULL);
}

/* Adds chart c (or frees it on failure) under name. */
static eml_status add_chart(eml_report *r, eml_status st, eml_chart *c, const char *name) {
  if (st) {
    eml_chart_free(c);
    return st;
  }
  return eml_report_add_chart(r, 0, c, name, NULL);
}

/* Per table: the map (when there are outlines), then the bars — the
 * modalities of seed 000 (devices), then the activities of 2023
 * (implantations). */
static eml_status balance_charts(eml_report *r, const eml_balance *b,
                                 const eml_report_balance_args *a) {
  eml_status st = eml_report_add_heading(r, 0, "Graphiques", 1);
  for (size_t m = 0; !st && m < b->ntables + b->nactivities; m++) {
    const eml_balance_table *bt = m < b->ntables ? &b->tables[m] : NULL;
    const eml_balance_activity *ba = bt ? NULL : &b->activities[m - b->ntables];
    char code[32], name[64], title[240];
    if (bt)
      snprintf(code, sizeof code, "%s", eml_modality_code(bt->modality));
    else
      snprintf(code, sizeof code, "%s%s%s", eml_activity_code(ba->activity),
               ba->mention[0] ? "_" : "", ba->mention);
    eml_chart *c = NULL;
    if (a->outlines) {
      snprintf(name, sizeof name, "carte_%s", code);
      st = bt ? eml_balance_map(bt, a->reg, a->outlines, a->outlines_credit, &c)
              : eml_balance_activity_map(ba, a->reg, a->outlines, a->outlines_credit, &c);
      if ((st = add_chart(r, st, c, name)))
        break;
    }
    eml_balance_area *areas = NULL;
    size_t n = 0;
    if ((st = eml_balance_areas(bt, ba, &areas, &n)))
      break;
    snprintf(name, sizeof name, "ecart_%s", code);
    if (bt)
      snprintf(title, sizeof title, _("%s : écart à la borne haute par territoire"),
               eml_modality_title(bt->modality));
    else
      snprintf(title, sizeof title, _("%s%s%s : écart à l'OQOS max par zone"),
               eml_activity_title(ba->activity), ba->mention[0] ? _(" — mention ") : "",
               ba->mention);
    st = gap_bars(title, bt ? N_("Appareils autorisés − borne haute") : N_("Implantations − OQOS max"),
                  bt ? N_("Négatif : appareils encore autorisables ; positif : au-delà de la "
                          "borne haute")
                     : N_("Négatif : implantations encore autorisables ; positif : au-delà de "
                          "l'OQOS max"),
                  areas, n, &c);
    free(areas);
    st = add_chart(r, st, c, name);
  }
  return st;
}

/* Date and period; the register and the day it was read. */
static eml_status begin_document(eml_report *r, const eml_report_balance_args *a) {
  char at[16], subtitle[256], source[512];
  eml_date_format_fr(a->at, at, sizeof at);
  snprintf(subtitle, sizeof subtitle, _("Situation au %s, période %s"), at, a->period);
  snprintf(source, sizeof source, _("Source : registre %s, édité le %s"), a->source ? a->source : "",
           a->edited ? a->edited : "");
  const char *lines[] = {source};
  return eml_report_begin_document(r, subtitle, lines, 1, a->edited);
}

eml_status eml_report_balance(const eml_report_balance_args *a, eml_report **out,
                              eml_diag *diag) {
  *out = NULL;
  eml_balance balance;
  memset(&balance, 0, sizeof balance);
  eml_status st = eml_balance_compute_rules(a->reg, a->period, a->at, a->modality, a->rules,
                                            &balance, diag);
  for (size_t i = 0; a->problem && i < balance.nproblems; i++)
    a->problem(a->problem_ctx, balance.problems[i]);
  eml_report *r = NULL;
  if (!st && !(r = eml_report_new("Bilan des objectifs quantifiés (OQOS) des équipements "
                                  "lourds")))
    st = EML_ERR_NOMEM;
  if (!st && (a->flags & EML_REPORT_DOCUMENT))
    st = begin_document(r, a);
  eml_table **tables = NULL;
  size_t count = 0;
  if (!st)
    st = eml_balance_tables(&balance, &tables, &count);
  if (!st)
    st = eml_report_take_tables(r, 0, tables, count);
  if (!st && (a->flags & EML_REPORT_CHARTS))
    st = balance_charts(r, &balance, a);
  eml_balance_free(&balance);
  if (st)
    eml_report_free(r);
  else
    *out = r;
  return st;
}
