/*
 * balance.c — the report of the balance of the OQOS (eml/report.h,
 * eml_report_balance; registry.md "The balance", seed 000): the register
 * read from a store, the balance computed at a date, its tables, and for a
 * page or a document its charts — per modality the map of the territories
 * coloured by the gap to the upper bound (balance_map.c), then the same
 * gaps as bars (spec issue 6: "a map of the territories coloured by the
 * balance's gap to the upper bound, one map per modality").
 *
 * Used by `eml bilan` (tables, --compare), `eml report bilan` (document) and
 * the dashboard's /bilan (tables and the map of one modality).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
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

/* The gaps of one modality as bars, with the zero line. */
static eml_status gap_bars(const eml_balance_table *bt, eml_chart **out) {
  char title[200];
  snprintf(title, sizeof title, "%s : écart à la borne haute par territoire",
           eml_modality_title(bt->modality));
  eml_chart *c = *out = eml_chart_new(EML_CHART_BARS, title);
  if (!c)
    return EML_ERR_NOMEM;
  eml_status st = eml_chart_set_axis(c, 1, "Appareils autorisés − borne haute", NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_note(c, "Négatif : appareils encore autorisables ; positif : au-delà de "
                               "la borne haute");
  for (size_t i = 0; !st && i < bt->nrows; i++) {
    const eml_balance_part *p = &bt->rows[i].devices;
    st = eml_chart_add_point(c, bt->rows[i].territory, (double)i,
                             p->has_target ? (double)(p->now - p->high) : NAN, 0,
                             p->has_target && p->now > p->high ? 1 : 0.4);
  }
  return st ? st : eml_chart_add_line(c, 0, NULL);
}

/* Per modality: the map (when there are outlines), then the bars. */
static eml_status balance_charts(eml_report *r, const eml_balance *b,
                                 const eml_report_balance_args *a) {
  eml_status st = eml_report_add_heading(r, 0, "Graphiques", 1);
  for (size_t m = 0; !st && m < b->ntables; m++) {
    const eml_balance_table *bt = &b->tables[m];
    char name[64];
    eml_chart *c = NULL;
    if (a->outlines) {
      snprintf(name, sizeof name, "carte_%s", eml_modality_code(bt->modality));
      st = eml_balance_map(bt, a->reg, a->outlines, a->outlines_credit, &c);
      st = st ? st : eml_report_add_chart(r, 0, c, name, NULL);
      if (st)
        break;
    }
    snprintf(name, sizeof name, "ecart_%s", eml_modality_code(bt->modality));
    st = gap_bars(bt, &c);
    if (st)
      eml_chart_free(c);
    else
      st = eml_report_add_chart(r, 0, c, name, NULL);
  }
  return st;
}

/* Date and period; the register and the day it was read. */
static eml_status begin_document(eml_report *r, const eml_report_balance_args *a) {
  char at[16], subtitle[256], source[512];
  eml_report_date_text(a->at, at, sizeof at);
  snprintf(subtitle, sizeof subtitle, "Situation au %s, période %s", at, a->period);
  snprintf(source, sizeof source, "Source : registre %s, édité le %s", a->source ? a->source : "",
           a->edited ? a->edited : "");
  const char *lines[] = {source};
  return eml_report_begin_document(r, subtitle, lines, 1, a->edited);
}

eml_status eml_report_balance(const eml_report_balance_args *a, eml_report **out,
                              eml_diag *diag) {
  *out = NULL;
  eml_balance balance;
  memset(&balance, 0, sizeof balance);
  eml_status st = eml_balance_compute(a->reg, a->period, a->at, a->modality, &balance, diag);
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
