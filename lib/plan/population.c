/*
 * population.c — the reader of population.csv (spec planning.md §2; the
 * files of data/population/ read as they are), through the input
 * pipeline (io/row.h): one row per zone and year, the population
 * municipale, and the optional activity columns the need methods use
 * (eml/plan.h). A zone is a known territory (a département: 75, 2A, 971);
 * a zone given twice for one year is an error. Bad rows are all read and
 * handed to the caller's hooks; any makes the reading fail (nothing is
 * projected on a partly read file).
 */
#include "domain/register_rows.h"
#include "plan_internal.h"

#include <stdlib.h>
#include <string.h>

enum { COL_ZONE, COL_YEAR, COL_POPULATION, COL_AGE65, COL_EXAMS, COL_CT, COL_TREATMENTS,
       COL_CANCER, COL_REGION, COL_NAME, COL_TOTAL, COL_SOURCE };

static const eml_column_spec population_columns[] = {
    [COL_ZONE] = {"zone", 1, EML_COL_TEXT, "territory|departement|département"},
    [COL_YEAR] = {"year", 1, EML_COL_INT, "annee|année"},
    [COL_POPULATION] = {"population", 1, EML_COL_INT, NULL},
    [COL_AGE65] = {"age_65_plus", 0, EML_COL_INT, NULL},
    [COL_EXAMS] = {"exams", 0, EML_COL_INT, NULL},
    [COL_CT] = {"ct_scans", 0, EML_COL_INT, NULL},
    [COL_TREATMENTS] = {"treatments", 0, EML_COL_INT, NULL},
    [COL_CANCER] = {"cancer_cases", 0, EML_COL_INT, NULL},
    /* read and not kept but region; listed so that the shipped files read
     * without a warning */
    [COL_REGION] = {"region", 0, EML_COL_TEXT, NULL},
    [COL_NAME] = {"name", 0, EML_COL_TEXT, NULL},
    [COL_TOTAL] = {"population_total", 0, EML_COL_INT, NULL},
    [COL_SOURCE] = {"source", 0, EML_COL_TEXT, NULL},
    {NULL, 0, 0, NULL}};

#define POPULATION_MAX INT64_C(1000000000) /* a zone of a billion: a typo */

/* An optional whole number, -1 when empty. */
static eml_status optional_whole(const eml_row *r, int i, int64_t *out, eml_diag *diag) {
  int has;
  eml_status st = eml_row_whole(r, i, 0, POPULATION_MAX, &has, out, diag);
  if (!st && !has)
    *out = -1;
  return st;
}

static eml_status population_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  plan_rows *g = ctx;
  (void)skipped;
  eml_status st;
  eml_population_row *p = plan_rows_next(g, sizeof *p, &st), *rows = g->rows;
  if (st)
    return st;
  p->line = eml_csv_line(r->csv);
  eml_known_territories known = {NULL, NULL};
  int has;
  int64_t year, total;
  if ((st = eml_row_territory(r, COL_ZONE, &known, p->zone, diag)) ||
      (st = eml_row_whole(r, COL_YEAR, 1900, 2200, &has, &year, diag)) ||
      (st = eml_row_whole(r, COL_POPULATION, 0, POPULATION_MAX, &has, &p->population, diag)) ||
      (st = optional_whole(r, COL_AGE65, &p->age_65_plus, diag)) ||
      (st = optional_whole(r, COL_EXAMS, &p->exams, diag)) ||
      (st = optional_whole(r, COL_CT, &p->ct_scans, diag)) ||
      (st = optional_whole(r, COL_TREATMENTS, &p->treatments, diag)) ||
      (st = optional_whole(r, COL_CANCER, &p->cancer_cases, diag)) ||
      (st = optional_whole(r, COL_TOTAL, &total, diag)) ||
      (st = eml_row_text(r, COL_REGION, p->region, sizeof p->region, diag)))
    return st;
  p->year = (int)year;
  if (p->age_65_plus > p->population)
    return eml_row_bad(r, COL_AGE65, diag, "plus que la population");
  for (size_t i = 0; i < g->n; i++)
    if (rows[i].year == p->year && strcmp(rows[i].zone, p->zone) == 0)
      return eml_row_badf(r, COL_ZONE, diag, "zone donnée deux fois pour %d (ligne %ld)", p->year,
                          rows[i].line);
  g->n++;
  return EML_OK;
}

eml_status eml_population_read(const char *path, const eml_csv_options *csv,
                               const eml_read_hooks *hooks, eml_population *out,
                               eml_diag *diag) {
  memset(out, 0, sizeof *out);
  plan_rows g = {NULL, 0, 0};
  eml_row r = {.columns = population_columns};
  eml_rows_reading reading = {path, NULL, 0, csv, NULL, population_row, &g, hooks};
  eml_status st = plan_rows_read_whole(&r, &reading, 1, N_("aucune ligne de données après "
                                                           "l'en-tête"),
                                       "ligne rejetée : aucun besoin projeté",
                                       "lignes rejetées : aucun besoin projeté", &g, diag);
  *out = (eml_population){path, g.rows, g.n};
  return st;
}

void eml_population_free(eml_population *p) {
  if (p) {
    free(p->rows);
    *p = (eml_population){NULL, NULL, 0};
  }
}

const eml_population_row *eml_population_find(const eml_population *p, const char *zone,
                                              int year) {
  for (size_t i = 0; i < p->count; i++)
    if (p->rows[i].year == year && strcmp(p->rows[i].zone, zone) == 0)
      return &p->rows[i];
  return NULL;
}
