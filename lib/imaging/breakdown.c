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
 *
 * Region against nation (issue 14 item 7; seed 001: "chaque structure et
 * chaque ARS participantes"): the region of a machine is the region of its
 * site's territory when that territory is a département (sites.csv's
 * territory column, eml_territory_find); a machine without a site, or whose
 * site's territory is another kind of territory, has none. (c) the medians
 * per modality x region, the national panel last; (d) on a machine's sheet,
 * every indicator's median over its region's machines beside the national
 * median.
 */
#include "imaging_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define UNKNOWN_STATUS N_("Statut inconnu")
#define UNKNOWN_TERRITORY N_("Inconnu")
#define UNKNOWN_REGION N_("Région inconnue")

/* A group's key as its row shows it: eml's own labels of the unknown
 * groups in the run's language, the data's keys as they are. */
static const char *group_label(const char *key) {
  int unknown = strcmp(key, UNKNOWN_STATUS) == 0 || strcmp(key, UNKNOWN_TERRITORY) == 0 ||
                strcmp(key, UNKNOWN_REGION) == 0;
  return unknown ? _(key) : key;
}

enum { MEDIAN_COLUMNS = 4 };
static const eml_imaging_indicator median_indicators[MEDIAN_COLUMNS] = {
    EML_IND_OPEN_PROGRAMMED_H, EML_IND_OCCUPANCY_PROGRAMMED, EML_IND_ICR_PER_HOUR,
    EML_IND_EXAMS_PER_WEEK};
static const char *const median_heads[MEDIAN_COLUMNS] = {
    N_("Temps d'ouverture au programmé (h/semaine)"), N_("Taux d'occupation"), "ICR/h",
    N_("Passages par semaine")};

/* One machine with the key of its group (legal status or département). */
typedef struct keyed {
  const char *key; /* static, or into the sites / the machine */
  size_t machine;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  /* the unknown group last, the others in code order */
  int ux = strcmp(x->key, UNKNOWN_STATUS) == 0 || strcmp(x->key, UNKNOWN_TERRITORY) == 0 ||
           strcmp(x->key, UNKNOWN_REGION) == 0;
  int uy = strcmp(y->key, UNKNOWN_STATUS) == 0 || strcmp(y->key, UNKNOWN_TERRITORY) == 0 ||
           strcmp(y->key, UNKNOWN_REGION) == 0;
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

/* The INSEE code of the machine's region (the top of the file), or NULL. */
static const char *region_of(const eml_register *sites, const eml_imaging_machine *m) {
  long at = m->finess[0] ? eml_register_find_site(sites, m->finess) : -1;
  const eml_territory *ter = at >= 0 ? eml_territory_find(sites->sites[at].territory) : NULL;
  return ter ? ter->region_code : NULL;
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
    eml_table_set_text(t, row, 0, group_label(k[i].key));
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

/* How group_medians groups the machines: by legal status, by département
 * (of the FINESS), by region (of the site); the names of each. */
enum { BY_STATUS, BY_TERRITORY, BY_REGION };
static const struct {
  const char *id, *of, *head, *key, *total;
} grouping[3] = {
    {"legal_status", N_("statut juridique"), N_("Statut juridique"), "legal_status", N_("Ensemble")},
    {"territory", N_("département"), N_("Département"), "territory", N_("Ensemble")},
    {"region", N_("région, face au panel national"), N_("Région"), "region", N_("Panel national")},
};

/* (b), (c) medians per group of one modality. */
static void group_medians(const eml_imaging_result *r, const eml_register *sites, int mod,
                          int by, keyed *k, double *values, char (*dep)[4], eml_table_list *l) {
  if (!r->machines_per_modality[mod])
    return;
  const char *label = mod == EML_IMAGING_CT ? _("Scanner") : _("IRM");
  int territory = by != BY_STATUS;
  char id[48], title[160];
  snprintf(id, sizeof id, "imaging_%s_medians_%s", grouping[by].id,
           mod == EML_IMAGING_CT ? "ct" : "mri");
  snprintf(title, sizeof title, _("Médianes du panel par %s (%s)"), _(grouping[by].of), label);
  eml_table *t = eml_table_list_add(l, id, title);
  if (!t)
    return;
  eml_table_add_column(t, NULL, grouping[by].head, grouping[by].key);
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
    if (by == BY_TERRITORY) {
      if (eml_territory_from_finess(m->finess, dep[i]) == EML_OK)
        key = dep[i];
    } else if (by == BY_REGION) {
      const char *region = region_of(sites, m);
      key = region ? region : UNKNOWN_REGION;
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
    eml_table_set_text(t, row, 0, group_label(k[i].key));
    if (by == BY_TERRITORY) {
      const eml_territory *ter = eml_territory_find(k[i].key);
      eml_table_set_text(t, row, 1, ter ? ter->name : _("FINESS absent ou hors département"));
    } else if (by == BY_REGION) {
      const char *name = eml_region_name(k[i].key);
      eml_table_set_text(t, row, 1, name ? name : _("site absent, ou territoire hors département"));
    }
    i = j;
  }
  size_t row = eml_table_rows(t);
  median_row(t, r, k, 0, nk, values, first_col);
  eml_table_set_text(t, row, 0, _(grouping[by].total));
  eml_table_set_row_flags(t, row, EML_CELL_STRONG);
  static const char *const notes[3] = {
      N_("« Statut inconnu » : FINESS absent du fichier des sites. Occupation et ICR/h : "
         "équipements retenus par la règle d'inclusion seulement."),
      N_("Département : les deux premiers caractères du FINESS de l'équipement. Occupation et "
         "ICR/h : équipements retenus par la règle d'inclusion seulement."),
      N_("Région : celle du département du site (colonne territory du fichier des sites). "
         "Chaque région face au panel national (dernière ligne, tous les équipements de la "
         "modalité). Occupation et ICR/h : équipements retenus par la règle d'inclusion "
         "seulement.")};
  eml_table_add_note(t, notes[by]);
}

/* Whether some machine of the result has a region. */
static int any_region(const eml_imaging_result *r, const eml_register *sites) {
  for (size_t i = 0; i < r->n_machines; i++)
    if (region_of(sites, &r->machines[i]))
      return 1;
  return 0;
}

eml_status eml_imaging_region_table(const eml_imaging_result *r, const eml_register *sites,
                                    size_t machine, eml_table **out) {
  *out = NULL;
  if (machine >= r->n_machines)
    return EML_ERR_NOT_FOUND;
  const eml_imaging_machine *m = &r->machines[machine];
  const char *region = sites ? region_of(sites, m) : NULL;
  if (!region)
    return EML_OK;
  double *values = malloc((r->n_machines ? r->n_machines : 1) * sizeof *values);
  if (!values)
    return EML_ERR_NOMEM;
  long in_region = 0;
  for (size_t i = 0; i < r->n_machines; i++) {
    const char *their = region_of(sites, &r->machines[i]);
    in_region += r->machines[i].modality == m->modality && their && strcmp(their, region) == 0;
  }
  const char *name = eml_region_name(region);
  char title[200];
  snprintf(title, sizeof title, _("Région et nation : %s (%ld %s) face au panel national (%ld)"),
           name ? name : region, in_region, m->modality == EML_IMAGING_CT ? _("scanners") : _("IRM"),
           r->machines_per_modality[m->modality]);
  static const eml_column_def columns[] = {
      {NULL, "Indicateur", "indicator"},         {NULL, "Unité", "unit"},
      {NULL, "Valeur", "value"},                 {"Région", "n", "region_n"},
      {"Région", "Médiane", "region_p50"},       {"Panel national", "n", "nation_n"},
      {"Panel national", "Médiane", "nation_p50"}};
  eml_table *t = eml_table_new("machine_region", title);
  eml_table_add_columns(t, columns, sizeof columns / sizeof columns[0]);
  for (int ind = 0; ind < EML_IND_COUNT; ind++) {
    const eml_imaging_indicator_info *info = eml_imaging_indicator_get((eml_imaging_indicator)ind);
    size_t row = 0, n = 0;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, info->label);
    eml_table_set_text(t, row, 1, info->unit);
    int flags = info->percent ? EML_CELL_PERCENT : 0;
    double v = eml_imaging_machine_value(m, (eml_imaging_indicator)ind);
    if (!isnan(v))
      eml_table_set_real(t, row, 2, v, info->decimals, flags);
    for (size_t i = 0; i < r->n_machines; i++) {
      const eml_imaging_machine *o = &r->machines[i];
      const char *their = region_of(sites, o);
      double x = eml_imaging_machine_value(o, (eml_imaging_indicator)ind);
      if (o->modality == m->modality && their && strcmp(their, region) == 0 && !isnan(x) &&
          (!info->included_only || o->included))
        values[n++] = x;
    }
    eml_table_set_int(t, row, 3, (int64_t)n, 0);
    if (n) {
      eml_sort_doubles(values, n);
      eml_table_set_real(t, row, 4, eml_quantile_sorted(values, n, 0.5), info->decimals, flags);
    }
    const eml_imaging_dist *d = &r->panel[m->modality][ind];
    eml_table_set_int(t, row, 5, d->n, 0);
    if (d->n)
      eml_table_set_real(t, row, 6, d->p50, info->decimals, flags);
  }
  eml_table_add_note(t, "Région : celle du département du site de l'équipement (fichier des "
                        "sites). Médianes des équipements de la même modalité ; occupation et "
                        "ICR/h : équipements retenus par la règle d'inclusion seulement.");
  free(values);
  return eml_table_finish(t, out); /* the one check of the table */
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
  int regions = k && any_region(r, sites);
  for (int by = BY_STATUS; by <= (regions ? BY_REGION : BY_TERRITORY) && !l.st; by++)
    for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++)
      group_medians(r, sites, mod, by, k, values, dep, &l);
  free(k);
  free(values);
  free(dep);
  return eml_table_list_finish(&l, tables, count); /* the one check of the tables */
}
