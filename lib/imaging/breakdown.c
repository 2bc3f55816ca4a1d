/*
 * breakdown.c — the imaging benchmark's breakdowns by legal status and
 * territory (issue 4; spec imaging.md "Reports": "counts (machines, exams,
 * sites by legal status)"): with the sites of sites.csv (registry.md) or of
 * the store, (a) sites, machines and exams per legal status, (b) the panel
 * medians of programmed opening, occupancy, ICR per hour and passages per
 * week per modality x legal status and per modality x département (read
 * from the machine's FINESS, eml_territory_from_finess). A machine whose
 * FINESS is not among the sites is under "Statut inconnu"; occupancy and
 * ICR per hour are over the machines kept by the inclusion rule, as in the
 * national panel.
 */
#include "imaging_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define UNKNOWN_STATUS "Statut inconnu"
#define UNKNOWN_TERRITORY "Inconnu"

enum { MEDIAN_COLUMNS = 4 };
static const eml_imaging_indicator median_indicators[MEDIAN_COLUMNS] = {
    EML_IND_OPEN_PROGRAMMED_H, EML_IND_OCCUPANCY_PROGRAMMED, EML_IND_ICR_PER_HOUR,
    EML_IND_EXAMS_PER_WEEK};
static const char *const median_heads[MEDIAN_COLUMNS] = {
    "Temps d'ouverture au programmé (h/semaine)", "Taux d'occupation", "ICR/h",
    "Passages par semaine"};

/* One machine with the key of its group (legal status or département). */
typedef struct keyed {
  const char *key; /* static, or into the sites / the machine */
  size_t machine;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  /* the unknown group last, the others in code order */
  int ux = strcmp(x->key, UNKNOWN_STATUS) == 0 || strcmp(x->key, UNKNOWN_TERRITORY) == 0;
  int uy = strcmp(y->key, UNKNOWN_STATUS) == 0 || strcmp(y->key, UNKNOWN_TERRITORY) == 0;
  if (ux != uy)
    return ux - uy;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->machine > y->machine) - (x->machine < y->machine);
}

static int cmp_text(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *legal_status_of(const eml_register *sites, const eml_imaging_machine *m) {
  long at = m->finess[0] ? eml_register_find_site(sites, m->finess) : -1;
  return at >= 0 && sites->sites[at].legal_status ? sites->sites[at].legal_status
                                                  : UNKNOWN_STATUS;
}

/* (a) sites, machines and exams per legal status. */
static void status_counts(const eml_imaging_result *r, const eml_register *sites, keyed *k,
                          eml_table_list *l) {
  eml_table *t = eml_table_list_add(l, "imaging_legal_status",
                                    "Sites, équipements et examens par statut juridique");
  if (!t)
    return;
  const char *heads[] = {"Statut juridique", "Sites", "Scanners", "IRM", "Examens scanner",
                         "Examens IRM"};
  const char *keys[] = {"legal_status", "sites", "ct", "mri", "exams_ct", "exams_mri"};
  for (size_t c = 0; c < 6; c++)
    eml_table_add_column(t, NULL, heads[c], keys[c]);
  /* machines by status, then by FINESS: a site is a run of one FINESS */
  for (size_t i = 0; i < r->n_machines; i++)
    k[i] = (keyed){legal_status_of(sites, &r->machines[i]), i};
  qsort(k, r->n_machines, sizeof *k, cmp_keyed);
  long total[5] = {0};
  for (size_t i = 0; i < r->n_machines;) {
    size_t j = i;
    long v[5] = {0};
    while (j < r->n_machines && strcmp(k[j].key, k[i].key) == 0)
      j++;
    /* distinct FINESS among machines i..j (a small sort of pointers) */
    const char **finess = malloc((j - i) * sizeof *finess);
    if (!finess) {
      eml_table_list_fail(l, EML_ERR_NOMEM);
      return;
    }
    size_t nf = 0;
    for (size_t q = i; q < j; q++) {
      const eml_imaging_machine *m = &r->machines[k[q].machine];
      v[1 + m->modality]++;
      v[3 + m->modality] += m->exams;
      if (m->finess[0])
        finess[nf++] = m->finess;
    }
    qsort(finess, nf, sizeof *finess, cmp_text);
    for (size_t q = 0; q < nf; q++)
      v[0] += q == 0 || strcmp(finess[q], finess[q - 1]) != 0;
    free(finess);
    size_t row = 0;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, k[i].key);
    for (int c = 0; c < 5; c++) {
      eml_table_set_int(t, row, (size_t)c + 1, v[c], 0);
      total[c] += v[c];
    }
    i = j;
  }
  size_t row = 0;
  eml_table_add_row(t, &row);
  eml_table_set_text(t, row, 0, "Total");
  for (int c = 0; c < 5; c++)
    eml_table_set_int(t, row, (size_t)c + 1, total[c], 0);
  eml_table_set_row_flags(t, row, EML_CELL_STRONG);
  eml_table_add_note(t, "Sites : FINESS distincts des équipements du panel (un site qui a un "
                        "scanner et une IRM compte une fois). « Statut inconnu » : équipements "
                        "dont le FINESS n'est pas dans le fichier des sites.");
}

/* One row of medians for machines k[i..j) (NAN when no value). */
static void median_row(eml_table *t, const eml_imaging_result *r, const keyed *k, size_t i,
                       size_t j, double *values, size_t first_col) {
  size_t row = 0;
  eml_table_add_row(t, &row);
  eml_table_set_int(t, row, first_col, (int64_t)(j - i), 0);
  for (int c = 0; c < MEDIAN_COLUMNS; c++) {
    eml_imaging_indicator ind = median_indicators[c];
    const eml_imaging_indicator_info *info = eml_imaging_indicator_get(ind);
    size_t n = 0;
    for (size_t q = i; q < j; q++) {
      const eml_imaging_machine *m = &r->machines[k[q].machine];
      double v = eml_imaging_machine_value(m, ind);
      if (!isnan(v) && (!info->included_only || m->included))
        values[n++] = v;
    }
    if (!n)
      continue;
    eml_sort_doubles(values, n);
    eml_table_set_real(t, row, first_col + 1 + (size_t)c, eml_quantile_sorted(values, n, 0.5),
                       info->decimals, info->percent ? EML_CELL_PERCENT : 0);
  }
}

/* (b) medians per group of one modality; territory: by département. */
static void group_medians(const eml_imaging_result *r, const eml_register *sites, int mod,
                          int territory, keyed *k, double *values, char (*dep)[4],
                          eml_table_list *l) {
  if (!r->machines_per_modality[mod])
    return;
  const char *label = mod == EML_IMAGING_CT ? "Scanner" : "IRM";
  char id[48], title[160];
  snprintf(id, sizeof id, "imaging_%s_medians_%s", territory ? "territory" : "legal_status",
           mod == EML_IMAGING_CT ? "ct" : "mri");
  snprintf(title, sizeof title, "Médianes du panel par %s (%s)",
           territory ? "département" : "statut juridique", label);
  eml_table *t = eml_table_list_add(l, id, title);
  if (!t)
    return;
  eml_table_add_column(t, NULL, territory ? "Département" : "Statut juridique",
                       territory ? "territory" : "legal_status");
  if (territory)
    eml_table_add_column(t, NULL, "Nom", "name");
  eml_table_add_column(t, NULL, "Équipements", "machines");
  for (int c = 0; c < MEDIAN_COLUMNS; c++)
    eml_table_add_column(t, "Médiane", median_heads[c],
                         eml_imaging_indicator_get(median_indicators[c])->key);
  size_t nk = 0;
  for (size_t i = 0; i < r->n_machines; i++) {
    const eml_imaging_machine *m = &r->machines[i];
    if ((int)m->modality != mod)
      continue;
    const char *key = UNKNOWN_TERRITORY;
    if (territory) {
      if (eml_territory_from_finess(m->finess, dep[i]) == EML_OK)
        key = dep[i];
    } else {
      key = legal_status_of(sites, m);
    }
    k[nk++] = (keyed){key, i};
  }
  qsort(k, nk, sizeof *k, cmp_keyed);
  size_t first_col = territory ? 2 : 1;
  for (size_t i = 0; i < nk;) {
    size_t j = i;
    while (j < nk && strcmp(k[j].key, k[i].key) == 0)
      j++;
    size_t row = eml_table_rows(t);
    median_row(t, r, k, i, j, values, first_col);
    eml_table_set_text(t, row, 0, k[i].key);
    if (territory) {
      const eml_territory *ter = eml_territory_find(k[i].key);
      eml_table_set_text(t, row, 1, ter ? ter->name : "FINESS absent ou hors département");
    }
    i = j;
  }
  size_t row = eml_table_rows(t);
  median_row(t, r, k, 0, nk, values, first_col);
  eml_table_set_text(t, row, 0, "Ensemble");
  eml_table_set_row_flags(t, row, EML_CELL_STRONG);
  eml_table_add_note(t, territory ? "Département : les deux premiers caractères du FINESS de "
                                    "l'équipement. Occupation et ICR/h : équipements retenus par "
                                    "la règle d'inclusion seulement."
                                  : "« Statut inconnu » : FINESS absent du fichier des sites. "
                                    "Occupation et ICR/h : équipements retenus par la règle "
                                    "d'inclusion seulement.");
}

eml_status eml_imaging_breakdown_tables(const eml_imaging_result *r, const eml_register *sites,
                                        eml_table ***tables, size_t *count) {
  size_t nm = r->n_machines ? r->n_machines : 1;
  keyed *k = malloc(nm * sizeof *k);
  double *values = malloc(nm * sizeof *values);
  char(*dep)[4] = calloc(nm, sizeof *dep);
  eml_table_list l = {0};
  if (!k || !values || !dep)
    eml_table_list_fail(&l, EML_ERR_NOMEM);
  else
    status_counts(r, sites, k, &l);
  for (int territory = 0; territory < 2 && !l.st; territory++)
    for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++)
      group_medians(r, sites, mod, territory, k, values, dep, &l);
  free(k);
  free(values);
  free(dep);
  return eml_table_list_finish(&l, tables, count); /* the one check of the tables */
}
