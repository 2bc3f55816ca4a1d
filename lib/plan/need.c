/*
 * need.c — the need projected from population (spec planning.md §2; the
 * model and the formulas in eml/plan.h). The zones and their figures now
 * (devices, sites, OQOS) are the balance's (eml_balance_compute, the
 * rules of registry.md), so that `eml plan need` and `eml bilan` never
 * disagree on what exists; the population and the activity are the
 * population file's. Each method's constants are written once, in
 * `methods` below, with the source printed under the table.
 */
#include "plan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eml/balance.h"

/* 10 NYCRR 709.12: MRI need from CT scans. */
#define NY_MRI_FACTOR (0.85 * 0.60 * 0.55 * 1.30)
#define NY_MRI_PER_UNIT 3200.0
/* North Carolina 10A NCAC 14C .2703: adjusted MRI procedures per fixed scanner. */
#define UTILISATION_THRESHOLD 3494.0
/* ESTRO-QUARTS: treatments per linac and year. */
#define LINAC_TREATMENTS 450.0
/* Virginia 12VAC5-230-290: share of new cancer patients treated, courses per linac. */
#define LINAC_CANCER_SHARE 0.60
#define LINAC_CANCER_COURSES 320.0

static const struct {
  const char *name;   /* --method */
  const char *column; /* header of its need */
  const char *key;
} methods[EML_NEED_METHOD_COUNT] = {
    [EML_NEED_RATIO] = {"ratio", N_("Ratio"), "need_ratio"},
    [EML_NEED_UTILISATION] = {"utilisation", N_("Utilisation"), "need_utilisation"},
    [EML_NEED_NY_MRI] = {"ny-mri", N_("New York (IRM)"), "need_ny_mri"},
    [EML_NEED_LINAC] = {"linac", N_("Accélérateurs"), "need_linac"},
};

eml_status eml_need_method_parse(const char *s, eml_need_method *out) {
  for (int m = 0; m < EML_NEED_METHOD_COUNT; m++)
    if (strcmp(s, methods[m].name) == 0) {
      *out = (eml_need_method)m;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_need_method_name(eml_need_method m) {
  return (unsigned)m < EML_NEED_METHOD_COUNT ? methods[m].name : "?";
}

double eml_need_ratio(int64_t population, double per_100k) {
  return population < 0 || per_100k < 0 ? NAN : (double)population * per_100k / 100000.0;
}

double eml_need_utilisation(double exams, double growth, double threshold) {
  return exams < 0 || growth < 0 || threshold <= 0 ? NAN : exams * growth / threshold;
}

double eml_need_ny_mri(double ct_scans, double growth) {
  return ct_scans < 0 || growth < 0 ? NAN : ct_scans * growth * NY_MRI_FACTOR / NY_MRI_PER_UNIT;
}

double eml_need_linac_treatments(double treatments, double growth) {
  return treatments < 0 || growth < 0 ? NAN : treatments * growth / LINAC_TREATMENTS;
}

double eml_need_linac_cancer(double cancer_cases, double growth) {
  return cancer_cases < 0 || growth < 0
             ? NAN
             : cancer_cases * growth * LINAC_CANCER_SHARE / LINAC_CANCER_COURSES;
}

/* The year the population "now" is taken from: the latest year of the file
 * not after `year`, else the file's earliest. */
static int year_now(const eml_population *p, int year) {
  int best = -1, earliest = -1;
  for (size_t i = 0; i < p->count; i++) {
    int y = p->rows[i].year;
    if (y <= year && y > best)
      best = y;
    if (earliest < 0 || y < earliest)
      earliest = y;
  }
  return best >= 0 ? best : earliest;
}

/* Zones whose cell a method left empty, for the note. */
typedef struct missing {
  char zones[256];
  int count;
} missing;

static void note_missing(missing *m, const char *zone) {
  size_t len = strlen(m->zones);
  if (len + strlen(zone) + 3 < sizeof m->zones)
    snprintf(m->zones + len, sizeof m->zones - len, "%s%s", m->count ? ", " : "", zone);
  m->count++;
}

/* The need of one zone by method m; NAN when the zone lacks its column. */
static double zone_need(const eml_need_args *a, eml_need_method m, const eml_population_row *now,
                        const eml_population_row *then, double ratio) {
  double growth = now->population > 0 ? (double)then->population / (double)now->population : NAN;
  switch (m) {
  case EML_NEED_RATIO:
    return eml_need_ratio(then->population, ratio);
  case EML_NEED_UTILISATION:
    return now->exams < 0 ? NAN
                          : eml_need_utilisation((double)now->exams, growth,
                                                 a->threshold > 0 ? a->threshold
                                                                  : UTILISATION_THRESHOLD);
  case EML_NEED_NY_MRI:
    return now->ct_scans < 0 ? NAN : eml_need_ny_mri((double)now->ct_scans, growth);
  case EML_NEED_LINAC:
    if (now->treatments >= 0)
      return eml_need_linac_treatments((double)now->treatments, growth);
    return now->cancer_cases < 0 ? NAN : eml_need_linac_cancer((double)now->cancer_cases, growth);
  default:
    return NAN;
  }
}

/* The notes: every parameter with its source. */
static void method_notes(eml_table *t, const eml_need_args *a, double ratio, int ratio_given,
                         const missing *miss) {
  char num[64];
  for (size_t k = 0; k < a->nmethods; k++) {
    eml_need_method m = a->methods[k];
    switch (m) {
    case EML_NEED_RATIO:
      eml_table_add_notef(t,
                     /* the ratio is a decimal (1,843): no count to agree with */
                     "Ratio : population de l'année ÷ 100 000 × %s (appareils pour 100 000 "
                     "habitants, %s). "
                     "Source : indices de besoins de 1990 (carte sanitaire) : scanner 1 pour 120 000 "
                     "à 230 000 habitants, IRM 1 pour 600 000 à 1 600 000 ; radiothérapie 1 pour "
                     "140 000 à 165 000 (arrêté du 21 décembre 2001).",
                     ratio_given ? plan_number_short(ratio, num, sizeof num)
                                 : eml_number_format(ratio, 3, 0, num, sizeof num),
                     ratio_given ? _("donné par --per-100k")
                                 : _("ratio actuel de la région : appareils ÷ population "
                                     "actuelle des zones"));
      break;
    case EML_NEED_UTILISATION:
      eml_table_add_notef(t,
                     "Utilisation : examens annuels de la zone (colonne exams) × croissance de la "
                     "population ÷ %s examens par appareil. Source : Caroline du Nord, 10A NCAC 14C "
                     ".2703 (3 494 procédures IRM pondérées par appareil fixe) ; Iowa 641-203.12 "
                     "(IRM : 3 500 pour en ajouter un).",
                     eml_number_format(a->threshold > 0 ? a->threshold : UTILISATION_THRESHOLD, 0,
                                       EML_NUMBER_THOUSANDS, num, sizeof num));
      break;
    case EML_NEED_NY_MRI:
      eml_table_add_notef(t, "New York (IRM) : scanners annuels de la zone (colonne ct_scans) × croissance "
                        "× 0,85 × 0,60 × 0,55 × 1,30 ÷ 3 200. Source : New York, 10 NYCRR 709.12.");
      break;
    case EML_NEED_LINAC:
      eml_table_add_notef(t,
                     "Accélérateurs : traitements annuels (colonne treatments) × croissance ÷ 450 "
                     "(ESTRO-QUARTS), ou à défaut nouveaux patients atteints de cancer (colonne "
                     "cancer_cases) × croissance × 60 %% ÷ 320 (Virginie, 12VAC5-230-290) ; "
                     "repère de la circulaire de 2002 : environ 400 traitements par appareil.");
      break;
    default:
      break;
    }
    if (miss[m].count)
      eml_table_add_notef(t, "%s : donnée absente pour %s (cellule vide).", _(methods[m].column),
                     miss[m].zones);
  }
}

/* One table: the balance table bt against the population. */
static eml_status need_table(const eml_need_args *a, const eml_balance_table *bt, int y0,
                             eml_table **out, eml_diag *diag) {
  *out = NULL;
  const eml_population *pop = a->population;
  /* the rows of every zone first: a zone without population is an error */
  const eml_population_row **now = calloc(bt->nrows + 1, sizeof *now);
  const eml_population_row **then = calloc(bt->nrows + 1, sizeof *then);
  if (!now || !then) {
    free(now);
    free(then);
    return EML_ERR_NOMEM;
  }
  eml_status st = EML_OK;
  int64_t pop_now = 0, devices_now = 0;
  for (size_t i = 0; i < bt->nrows && !st; i++) {
    const char *zone = bt->rows[i].territory;
    now[i] = eml_population_find(pop, zone, y0);
    then[i] = eml_population_find(pop, zone, a->year);
    if (!now[i] || !then[i]) {
      eml_diag_set(diag, pop->path, 0, NULL, NULL, 0, "zone %s : pas de population pour %d", zone,
                   !now[i] ? y0 : a->year);
      st = EML_ERR_VALUE;
      break;
    }
    pop_now += now[i]->population;
    devices_now += bt->rows[i].devices.now;
  }
  double ratio = a->has_per_100k ? a->per_100k
                                 : (pop_now > 0 ? (double)devices_now * 100000.0 / (double)pop_now
                                                : 0);
  char title[200], id[64], head_now[32], head_then[32];
  snprintf(title, sizeof title, _("Besoin projeté en %d : %s"), a->year,
           eml_modality_title(bt->modality));
  snprintf(id, sizeof id, "need_%s", eml_modality_code(bt->modality));
  snprintf(head_now, sizeof head_now, "%d", y0);
  snprintf(head_then, sizeof head_then, "%d", a->year);
  eml_table *t = st ? NULL : eml_table_new(id, title);
  if (!st) {
    eml_table_add_column(t, NULL, "Zone", "zone");
    eml_table_add_column(t, "Population", head_now, "population_now");
    eml_table_add_column(t, "Population", head_then, "population_year");
    eml_table_add_column(t, "Actuel", "Appareils", "devices_now");
    eml_table_add_column(t, "Actuel", "Sites", "sites_now");
    eml_table_add_column(t, "OQOS actuels", "Borne basse", "oqos_low");
    eml_table_add_column(t, "OQOS actuels", "Borne haute", "oqos_high");
    for (size_t k = 0; k < a->nmethods; k++)
      eml_table_add_column(t, "Besoin (appareils)", methods[a->methods[k]].column,
                           methods[a->methods[k]].key);
    eml_table_add_column(t, "Bornes proposées", "Basse", "proposed_low");
    eml_table_add_column(t, "Bornes proposées", "Haute", "proposed_high");
  }
  missing miss[EML_NEED_METHOD_COUNT];
  memset(miss, 0, sizeof miss);
  size_t ncols = 7 + a->nmethods;
  int64_t sum_then = 0, sum_sites = 0, sum_low = 0, sum_high = 0, sum_plow = 0, sum_phigh = 0;
  int all_low = 1, all_proposed = 1;
  double sum_need[EML_NEED_METHOD_COUNT] = {0};
  int any_need[EML_NEED_METHOD_COUNT] = {0};
  for (size_t i = 0; i < bt->nrows && !st; i++) {
    const eml_balance_row *br = &bt->rows[i];
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, br->territory);
    eml_table_set_int(t, row, 1, now[i]->population, 0);
    eml_table_set_int(t, row, 2, then[i]->population, 0);
    eml_table_set_int(t, row, 3, br->devices.now, 0);
    eml_table_set_int(t, row, 4, br->sites.now, 0);
    if (br->devices.has_low)
      eml_table_set_int(t, row, 5, br->devices.low, 0);
    else
      all_low = 0;
    eml_table_set_int(t, row, 6, br->devices.high, 0);
    sum_then += then[i]->population;
    sum_sites += br->sites.now;
    sum_low += br->devices.low;
    sum_high += br->devices.high;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < a->nmethods; k++) {
      eml_need_method m = a->methods[k];
      double need = zone_need(a, m, now[i], then[i], ratio);
      if (isnan(need)) {
        note_missing(&miss[m], br->territory);
        continue;
      }
      eml_table_set_real(t, row, 7 + k, need, 1, 0);
      sum_need[m] += need;
      any_need[m] = 1;
      lo = fmin(lo, need);
      hi = fmax(hi, need);
    }
    if (lo <= hi) {
      int64_t plow = (int64_t)floor(lo * (1 - a->tolerance) + 1e-9);
      int64_t phigh = (int64_t)ceil(hi * (1 + a->tolerance) - 1e-9);
      eml_table_set_int(t, row, ncols, plow, 0);
      eml_table_set_int(t, row, ncols + 1, phigh, 0);
      sum_plow += plow;
      sum_phigh += phigh;
    } else {
      all_proposed = 0;
    }
  }
  if (!st) {
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_row_flags(t, row, EML_CELL_STRONG);
    eml_table_set_text(t, row, 0, _("Total"));
    eml_table_set_int(t, row, 1, pop_now, 0);
    eml_table_set_int(t, row, 2, sum_then, 0);
    eml_table_set_int(t, row, 3, devices_now, 0);
    eml_table_set_int(t, row, 4, sum_sites, 0);
    if (all_low)
      eml_table_set_int(t, row, 5, sum_low, 0);
    eml_table_set_int(t, row, 6, sum_high, 0);
    for (size_t k = 0; k < a->nmethods; k++)
      if (any_need[a->methods[k]])
        eml_table_set_real(t, row, 7 + k, sum_need[a->methods[k]], 1, 0);
    if (all_proposed && bt->nrows) {
      eml_table_set_int(t, row, ncols, sum_plow, 0);
      eml_table_set_int(t, row, ncols + 1, sum_phigh, 0);
    }
    char num[32];
    eml_number_format(a->tolerance, 1, EML_NUMBER_PERCENT, num, sizeof num);
    eml_table_add_notef(t,
                   "Population : %s, population municipale au 1er janvier %d (actuelle) et %d "
                   "(projection) ; croissance = population %d ÷ population %d. Fichiers livrés dans "
                   "data/population : Insee, populations légales (millésime 2021, en vigueur au "
                   "1er janvier 2024).",
                   pop->path, y0, a->year, a->year, y0);
    eml_table_add_notef(t, "Appareils, sites et OQOS : le bilan de la période %s au registre (eml bilan).",
                   a->period);
    method_notes(t, a, ratio, a->has_per_100k, miss);
    eml_table_add_notef(t,
                   "Bornes proposées : plancher du plus petit besoin × (1 − %s) et plafond du plus "
                   "grand × (1 + %s), tolérance donnée par --tolerance.",
                   num, num);
    st = eml_table_finish(t, out);
  }
  free(now);
  free(then);
  return st;
}

eml_status eml_need_tables(const eml_need_args *a, eml_table ***tables, size_t *count,
                           eml_diag *diag) {
  *tables = NULL;
  *count = 0;
  if (a->nmethods == 0 || a->nmethods > EML_NEED_METHOD_COUNT) {
    eml_diag_set(diag, NULL, 0, "--method", NULL, 0, "d'une à quatre méthodes");
    return EML_ERR_VALUE;
  }
  if (a->tolerance < 0 || a->tolerance >= 1) {
    eml_diag_set(diag, NULL, 0, "--tolerance", NULL, 0, "une tolérance de 0 à 100 %%");
    return EML_ERR_VALUE;
  }
  eml_balance b = {0};
  eml_status st = eml_balance_compute(a->reg, a->period, a->at, a->modality, &b, diag);
  if (st) {
    eml_balance_free(&b);
    return st;
  }
  int y, mo, d;
  eml_date_to_civil(a->at, &y, &mo, &d);
  int y0 = year_now(a->population, y);
  eml_table_list list = {0};
  for (size_t i = 0; i < b.ntables && !list.st; i++) {
    eml_table *t = NULL;
    eml_status ts = need_table(a, &b.tables[i], y0, &t, diag);
    if (ts)
      eml_table_list_fail(&list, ts);
    else
      eml_table_list_take(&list, t);
  }
  eml_balance_free(&b);
  return eml_table_list_finish(&list, tables, count);
}
