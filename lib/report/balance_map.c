/*
 * balance_map.c — the map of one modality of the balance (eml/report.h,
 * eml_balance_map, over the outlines of eml/geo.h; spec issue 6: "a map of
 * the territories coloured by the balance's gap to the upper bound, one map
 * per modality"; registry.md, "The balance": gap = devices now − upper
 * bound).
 *
 * Which outlines a territory takes: a territory that is a département of
 * the outline file is drawn with its own outline; any other territory
 * (declared in territories.csv: a territoire de santé grouping or
 * splitting départements, docs/territories.md) with the outlines of the
 * départements of its sites' FINESS numbers (eml_territory_from_finess), in
 * code order. A département holding sites of two such territories is drawn
 * in both (the later one on top). A territory with no
 * outline at all is listed under the legend.
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds code to codes[0..*n) unless there or full. */
static void add_code(char codes[][8], size_t *n, const char *code) {
  for (size_t i = 0; i < *n; i++)
    if (strcmp(codes[i], code) == 0)
      return;
  if (*n < EML_CHART_AREA_CODES_MAX)
    snprintf(codes[(*n)++], 8, "%s", code);
}

static int code_cmp(const void *a, const void *b) { return strcmp(a, b); }

/* The map of a balance's rows: areas[i] is a territory and its gap (NAN:
 * no target), coloured as the seed's gap (negative: room left). */
static eml_status gap_map(const char *title, const char *unit_axis, const char *note,
                          const eml_balance_area *areas, size_t nareas, const eml_register *reg,
                          const eml_outlines *outlines, const char *source, eml_chart **out) {
  *out = NULL;
  eml_chart *c = eml_chart_new(EML_CHART_MAP, title);
  if (!c)
    return EML_ERR_NOMEM;
  eml_status st = eml_chart_set_outlines(c, outlines);
  if (!st)
    st = eml_chart_set_axis(c, 1, unit_axis, NAN, NAN, 0);
  if (!st && source)
    st = eml_chart_set_axis(c, 0, source, NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_note(c, note);
  char (*codes)[8] = malloc(EML_CHART_AREA_CODES_MAX * sizeof *codes);
  const char **ptrs = malloc(EML_CHART_AREA_CODES_MAX * sizeof *ptrs);
  if (!st && (!codes || !ptrs))
    st = EML_ERR_NOMEM;
  for (size_t i = 0; !st && i < nareas; i++) {
    const char *territory = areas[i].territory;
    size_t n = 0;
    if (eml_outlines_has(outlines, territory)) {
      add_code(codes, &n, territory);
    } else {
      for (size_t s = 0; s < reg->nsites; s++) {
        char dept[4];
        if (strcmp(reg->sites[s].territory, territory) == 0 &&
            eml_territory_from_finess(reg->sites[s].finess, dept) == EML_OK)
          add_code(codes, &n, dept);
      }
      qsort(codes, n, sizeof *codes, code_cmp);
    }
    for (size_t k = 0; k < n; k++)
      ptrs[k] = codes[k];
    st = eml_chart_add_area(c, territory, ptrs, n, areas[i].gap);
  }
  free(codes);
  free(ptrs);
  if (st) {
    eml_chart_free(c);
    return st;
  }
  *out = c;
  return EML_OK;
}

eml_status eml_balance_areas(const eml_balance_table *table, const eml_balance_activity *activity,
                             eml_balance_area **out, size_t *n) {
  *n = table ? table->nrows : activity->nrows;
  *out = calloc(*n ? *n : 1, sizeof **out);
  if (!*out)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < *n; i++) {
    if (table) {
      const eml_balance_part *p = &table->rows[i].devices;
      (*out)[i] = (eml_balance_area){table->rows[i].territory, p->has_target ? (double)p->gap : NAN,
                                     p->has_target && p->now > p->high};
    } else {
      const eml_balance_zone *z = &activity->rows[i];
      (*out)[i] = (eml_balance_area){z->territory, (double)z->gap, z->implantations > z->high};
    }
  }
  return EML_OK;
}

/* The map of the areas of one balance table (seed 000's or the 2023
 * regime's: the other is NULL). */
static eml_status table_gap_map(const eml_balance_table *table, const eml_balance_activity *t,
                                const char *title, const char *legend, const char *caption,
                                const eml_register *reg, const eml_outlines *outlines,
                                const char *source, eml_chart **out) {
  eml_balance_area *areas;
  size_t n;
  eml_status st = eml_balance_areas(table, t, &areas, &n);
  if (!st)
    st = gap_map(title, legend, caption, areas, n, reg, outlines, source, out);
  free(areas);
  return st;
}

eml_status eml_balance_map(const eml_balance_table *table, const eml_register *reg,
                           const eml_outlines *outlines, const char *source, eml_chart **out) {
  char title[200];
  snprintf(title, sizeof title, _("%s : écart à la borne haute"), eml_modality_title(table->modality));
  return table_gap_map(table, NULL, title, N_("Écart à la borne haute (appareils)"),
                       N_("Appareils autorisés − borne haute ; négatif (bleu) : appareils encore "
                          "autorisables, positif (rouge) : au-delà de la borne"),
                       reg, outlines, source, out);
}

eml_status eml_balance_activity_map(const eml_balance_activity *t, const eml_register *reg,
                                    const eml_outlines *outlines, const char *source,
                                    eml_chart **out) {
  char title[240];
  snprintf(title, sizeof title, _("%s%s%s : écart à l'OQOS max"), eml_activity_title(t->activity),
           t->mention[0] ? _(" — mention ") : "", t->mention);
  return table_gap_map(NULL, t, title, N_("Écart à l'OQOS max (implantations)"),
                       N_("Implantations autorisées − OQOS max ; négatif (bleu) : implantations "
                          "encore autorisables, positif (rouge) : au-delà de l'OQOS"),
                       reg, outlines, source, out);
}
