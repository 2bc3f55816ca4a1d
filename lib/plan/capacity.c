/*
 * capacity.c — the capacity held in the existing machines ("gisement",
 * spec planning.md §1; the formulas in eml/plan.h): from the imaging
 * benchmark's levers of each machine (late start, early end, gap between
 * exams, measured on the PROGRAMMED sessions holding an exam: docs/imaging.md
 * "Levers"), the minutes a week that cutting them to a reference would free,
 * the exams they would hold and the machines they are worth; summed per
 * zone (the machine's département) and modality.
 */
#include "plan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

eml_status eml_capacity_reference_parse(const char *s, eml_capacity_args *out) {
  memset(out, 0, sizeof *out);
  if (strcmp(s, "p20") == 0) {
    out->reference = EML_CAPACITY_P20;
    return EML_OK;
  }
  if (strcmp(s, "median") == 0) {
    out->reference = EML_CAPACITY_MEDIAN;
    return EML_OK;
  }
  double v[3];
  const char *p = s;
  for (int i = 0; i < 3; i++) {
    const char *comma = strchr(p, ',');
    size_t len = comma && i < 2 ? (size_t)(comma - p) : strlen(p);
    if ((i < 2 && !comma) || eml_parse_double(p, len, 0, &v[i]) || v[i] < 0 || v[i] > 1440)
      return EML_ERR_VALUE;
    p += len + (i < 2);
  }
  out->reference = EML_CAPACITY_FIXED;
  out->fixed_l = v[0];
  out->fixed_e = v[1];
  out->fixed_g = v[2];
  return EML_OK;
}

/* The reference minutes of a modality (L, E, G). */
static void reference_of(const eml_imaging_result *r, const eml_capacity_args *a,
                         eml_imaging_modality mod, double ref[3]) {
  static const eml_imaging_indicator ind[3] = {EML_IND_LATE_START_MIN, EML_IND_EARLY_END_MIN,
                                               EML_IND_GAP_BETWEEN_EXAMS_MIN};
  if (a->reference == EML_CAPACITY_FIXED) {
    ref[0] = a->fixed_l, ref[1] = a->fixed_e, ref[2] = a->fixed_g;
    return;
  }
  for (int i = 0; i < 3; i++) {
    const eml_imaging_dist *d = eml_imaging_panel(r, mod, ind[i]);
    ref[i] = a->reference == EML_CAPACITY_P20 ? d->p20 : d->p50;
  }
}

/* R, X and machine-equivalents of one machine (0 without lever sessions). */
typedef struct machine_capacity {
  double recoverable_min, extra_exams, machines;
} machine_capacity;

static machine_capacity capacity_of(const eml_imaging_machine *m, const double ref[3],
                                    double median_exams) {
  machine_capacity c = {0, 0, 0};
  double S = m->lever_sessions_per_week, n = m->lever_exams_per_week;
  if (!(S > 0) || isnan(ref[0]) || isnan(ref[1]) || isnan(ref[2]))
    return c;
  double gap = isnan(m->gap_between_exams_min) ? 0 : fmax(0, m->gap_between_exams_min - ref[2]);
  c.recoverable_min = S * (fmax(0, m->late_start_min - ref[0]) +
                           fmax(0, m->early_end_min - ref[1])) +
                      fmax(0, n - S) * gap;
  c.extra_exams = c.recoverable_min / (m->lever_duration_min + ref[2]);
  c.machines = median_exams > 0 ? c.extra_exams / median_exams : NAN;
  return c;
}

/* A zone × modality and its sums. */
typedef struct zone_sum {
  char zone[4];
  eml_imaging_modality modality;
  long machines;
  double recoverable_min, extra_exams, equivalents;
} zone_sum;

static int cmp_zone(const void *a, const void *b) {
  const zone_sum *x = a, *y = b;
  if (x->modality != y->modality)
    return (int)x->modality - (int)y->modality;
  return strcmp(x->zone, y->zone);
}

/* Adds machine capacity c to the sum of (zone, modality), a new one at
 * the end of zones[0..*nz) when it has none yet. */
static void add_to_zone(zone_sum *zones, size_t *nz, const char *zone, eml_imaging_modality mod,
                        const machine_capacity *c) {
  size_t z = 0;
  while (z < *nz && !(zones[z].modality == mod && strcmp(zones[z].zone, zone) == 0))
    z++;
  if (z == *nz) {
    snprintf(zones[z].zone, sizeof zones[z].zone, "%s", zone);
    zones[z].modality = mod;
    (*nz)++;
  }
  zones[z].machines++;
  zones[z].recoverable_min += c->recoverable_min;
  zones[z].extra_exams += c->extra_exams;
  if (!isnan(c->machines))
    zones[z].equivalents += c->machines;
}

/* The zone of a machine: its FINESS's département, "?" when none. */
static void zone_of(const eml_imaging_machine *m, char zone[4]) {
  if (eml_territory_from_finess(m->finess, zone) != EML_OK)
    snprintf(zone, 4, "?");
}

eml_status eml_capacity_tables(const eml_imaging_result *r, const eml_capacity_args *a,
                               eml_table ***tables, size_t *count) {
  *tables = NULL;
  *count = 0;
  size_t nm = eml_imaging_machine_count(r);
  zone_sum *zones = calloc(nm + 1, sizeof *zones);
  if (!zones)
    return EML_ERR_NOMEM;
  size_t nz = 0;
  double ref[EML_IMAGING_MODALITY_COUNT][3], median[EML_IMAGING_MODALITY_COUNT];
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    reference_of(r, a, (eml_imaging_modality)mod, ref[mod]);
    median[mod] = eml_imaging_panel(r, (eml_imaging_modality)mod, EML_IND_EXAMS_PER_WEEK)->p50;
  }
  eml_table_list l = {0};
  eml_table *t = eml_table_list_add(&l, "capacity_machines",
                                    "Capacité mobilisable par appareil (par semaine)");
  static const eml_column_def cols[] = {
      {NULL, N_("Appareil"), "equipment_id"},
      {NULL, N_("FINESS"), "finess"},
      {NULL, N_("Zone"), "zone"},
      {NULL, N_("Modalité"), "modality"},
      {N_("Vacations programmées"), N_("Vacations par semaine"), "sessions_per_week"},
      {N_("Vacations programmées"), N_("Examens par semaine"), "exams_per_week"},
      {N_("Vacations programmées"), N_("Durée moyenne (min)"), "duration_min"},
      {N_("Leviers (min)"), N_("Retard au démarrage"), "late_start_min"},
      {N_("Leviers (min)"), N_("Fin anticipée"), "early_end_min"},
      {N_("Leviers (min)"), N_("Inoccupation entre examens"), "gap_between_exams_min"},
      {N_("Capacité mobilisable"), N_("Heures récupérables"), "recoverable_h"},
      {N_("Capacité mobilisable"), N_("Examens en plus"), "extra_exams"},
      {N_("Capacité mobilisable"), N_("Équivalent appareils"), "machine_equivalents"}};
  eml_table_add_columns(t, cols, sizeof cols / sizeof cols[0]);
  for (size_t i = 0; i < nm; i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(r, i);
    char zone[4];
    zone_of(m, zone);
    machine_capacity c = capacity_of(m, ref[m->modality], median[m->modality]);
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, m->equipment_id);
    eml_table_set_text(t, row, 1, m->finess);
    eml_table_set_text(t, row, 2, zone);
    eml_table_set_text(t, row, 3, eml_imaging_modality_code(m->modality));
    eml_table_set_real(t, row, 4, m->lever_sessions_per_week, 1, 0);
    eml_table_set_real(t, row, 5, m->lever_exams_per_week, 1, 0);
    eml_table_set_real(t, row, 6, m->lever_duration_min, 1, 0);
    eml_table_set_real(t, row, 7, m->late_start_min, 1, 0);
    eml_table_set_real(t, row, 8, m->early_end_min, 1, 0);
    eml_table_set_real(t, row, 9, m->gap_between_exams_min, 1, 0);
    eml_table_set_real(t, row, 10, c.recoverable_min / 60, 1, 0);
    eml_table_set_real(t, row, 11, c.extra_exams, 1, 0);
    eml_table_set_real(t, row, 12, c.machines, 2, 0);
    add_to_zone(zones, &nz, zone, m->modality, &c);
  }
  qsort(zones, nz, sizeof *zones, cmp_zone);
  eml_table *zt = eml_table_list_add(&l, "capacity_zones",
                                     "Capacité mobilisable par zone et modalité (par semaine)");
  eml_table_add_column(zt, NULL, "Zone", "zone");
  eml_table_add_column(zt, NULL, "Modalité", "modality");
  eml_table_add_column(zt, NULL, "Appareils", "machines");
  eml_table_add_column(zt, "Capacité mobilisable", "Heures récupérables", "recoverable_h");
  eml_table_add_column(zt, "Capacité mobilisable", "Examens en plus", "extra_exams");
  eml_table_add_column(zt, "Capacité mobilisable", "Équivalent appareils", "machine_equivalents");
  for (size_t z = 0; z <= nz; z++) {
    /* after the last zone of a modality, its total */
    if (z > 0 && (z == nz || zones[z].modality != zones[z - 1].modality)) {
      zone_sum tot = {"", zones[z - 1].modality, 0, 0, 0, 0};
      for (size_t k = 0; k < z; k++)
        if (zones[k].modality == tot.modality) {
          tot.machines += zones[k].machines;
          tot.recoverable_min += zones[k].recoverable_min;
          tot.extra_exams += zones[k].extra_exams;
          tot.equivalents += zones[k].equivalents;
        }
      size_t row;
      eml_table_add_row(zt, &row);
      eml_table_set_row_flags(zt, row, EML_CELL_STRONG);
      eml_table_set_text(zt, row, 0, "Total");
      eml_table_set_text(zt, row, 1, eml_imaging_modality_code(tot.modality));
      eml_table_set_int(zt, row, 2, tot.machines, 0);
      eml_table_set_real(zt, row, 3, tot.recoverable_min / 60, 1, 0);
      eml_table_set_real(zt, row, 4, tot.extra_exams, 1, 0);
      eml_table_set_real(zt, row, 5, tot.equivalents, 2, 0);
    }
    if (z == nz)
      break;
    size_t row;
    eml_table_add_row(zt, &row);
    eml_table_set_text(zt, row, 0, zones[z].zone);
    eml_table_set_text(zt, row, 1, eml_imaging_modality_code(zones[z].modality));
    eml_table_set_int(zt, row, 2, zones[z].machines, 0);
    eml_table_set_real(zt, row, 3, zones[z].recoverable_min / 60, 1, 0);
    eml_table_set_real(zt, row, 4, zones[z].extra_exams, 1, 0);
    eml_table_set_real(zt, row, 5, zones[z].equivalents, 2, 0);
  }
  free(zones);
  static const char *const ref_names[] = {"P20 du panel de la modalité (le meilleur cinquième)",
                                          "médiane du panel de la modalité",
                                          "valeurs fixées par --reference"};
  eml_table *both[2] = {t, zt};
  for (int k = 0; k < 2; k++) {
    eml_table_add_notef(both[k],
                        "Heures récupérables R = S × (max(0, L − rL) + max(0, E − rE)) + max(0, n − "
                        "S) × max(0, G − rG), en minutes par semaine ÷ 60 ; examens en plus X = R ÷ "
                        "(d + rG) ; équivalent appareils = X ÷ la médiane des examens par semaine de "
                        "la modalité (planning.md §1).");
    for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
      char l_[32], e_[32], g_[32], med[32];
      if (isnan(ref[mod][0]) || isnan(median[mod]))
        continue;
      eml_table_add_notef(both[k],
                          "Référence %s (%s) : retard rL = %s min, fin anticipée rE = %s min, "
                          "inoccupation rG = %s min ; médiane des examens par semaine : %s.",
                          eml_imaging_modality_code((eml_imaging_modality)mod), ref_names[a->reference],
                          plan_number_short(ref[mod][0], l_, sizeof l_),
                          plan_number_short(ref[mod][1], e_, sizeof e_),
                          plan_number_short(ref[mod][2], g_, sizeof g_),
                          eml_number_format(median[mod], 1, 0, med, sizeof med));
    }
  }
  eml_table_add_note(zt, "Zone : le département du FINESS de l'appareil (ses deux premiers "
                         "caractères, trois outre-mer).");
  return eml_table_list_finish(&l, tables, count);
}

eml_status eml_capacity_balance_notes(const eml_imaging_result *r, const eml_capacity_args *a,
                                      const eml_balance *b, const char *source,
                                      eml_table *const *tables, size_t count) {
  size_t nm = eml_imaging_machine_count(r), nz = 0;
  zone_sum *zones = calloc(nm + 1, sizeof *zones);
  if (!zones)
    return EML_ERR_NOMEM;
  double ref[EML_IMAGING_MODALITY_COUNT][3], median[EML_IMAGING_MODALITY_COUNT];
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    reference_of(r, a, (eml_imaging_modality)mod, ref[mod]);
    median[mod] = eml_imaging_panel(r, (eml_imaging_modality)mod, EML_IND_EXAMS_PER_WEEK)->p50;
  }
  for (size_t i = 0; i < nm; i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(r, i);
    char zone[4];
    zone_of(m, zone);
    machine_capacity c = capacity_of(m, ref[m->modality], median[m->modality]);
    add_to_zone(zones, &nz, zone, m->modality, &c);
  }
  static const char *const ref_names[] = {"P20 du panel", "médiane du panel",
                                          "minutes fixées par --reference"};
  eml_status st = EML_OK;
  for (size_t k = 0; k < b->ntables && !st; k++) {
    const eml_balance_table *bt = &b->tables[k];
    eml_imaging_modality mod;
    if (bt->modality == EML_MOD_CT)
      mod = EML_IMAGING_CT;
    else if (bt->modality == EML_MOD_MRI)
      mod = EML_IMAGING_MRI;
    else
      continue;
    eml_table *t = NULL;
    for (size_t i = 0; i < count && !t; i++)
      if (strcmp(eml_table_id(tables[i]), eml_modality_code(bt->modality)) == 0)
        t = tables[i];
    if (!t)
      continue;
    eml_table_add_notef(t,
                        "Capacité mobilisable des appareils de la campagne %s (référence : %s ; "
                        "planning.md §1), en équivalent appareils, à côté des places restantes "
                        "(borne haute − appareils autorisés) :",
                        source, ref_names[a->reference]);
    for (size_t i = 0; i < bt->nrows; i++) {
      const eml_balance_row *row = &bt->rows[i];
      const zone_sum *z = NULL;
      for (size_t j = 0; j < nz && !z; j++)
        if (zones[j].modality == mod && strcmp(zones[j].zone, row->territory) == 0)
          z = &zones[j];
      if (!z)
        continue;
      char places[32], num[32];
      int64_t room = row->devices.has_target && row->devices.gap < 0 ? -row->devices.gap : 0;
      if (room == 0)
        snprintf(places, sizeof places, "aucune place");
      else
        snprintf(places, sizeof places, "%lld place%s", (long long)room, room > 1 ? "s" : "");
      eml_number_format(z->equivalents, 1, 0, num, sizeof num);
      eml_table_add_notef(t, "%s, %s : %s ; capacité mobilisable ≈ %s appareil%s.", row->territory,
                          mod == EML_IMAGING_CT ? "scanner" : "IRM", places, num,
                          z->equivalents >= 2 ? "s" : "");
    }
    st = eml_table_status(t);
  }
  free(zones);
  return st;
}
