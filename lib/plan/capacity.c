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

static int cmp_zone(const void *a, const void *b) {
  const eml_capacity_zone *x = a, *y = b;
  if (x->modality != y->modality)
    return (int)x->modality - (int)y->modality;
  return strcmp(x->zone, y->zone);
}

/* The index of (zone, modality) in zones[0..n), n when none. */
static size_t zone_index(const eml_capacity_zone *zones, size_t n, const char *zone,
                         eml_imaging_modality modality) {
  size_t z = 0;
  while (z < n && !(zones[z].modality == modality && strcmp(zones[z].zone, zone) == 0))
    z++;
  return z;
}

const eml_capacity_zone *eml_capacity_zone_find(const eml_capacity_zone *zones, size_t n,
                                                const char *zone, eml_imaging_modality modality) {
  size_t z = zone_index(zones, n, zone, modality);
  return z < n ? &zones[z] : NULL;
}

/* Adds machine capacity c to the sum of (zone, modality), a new one at
 * the end of zones[0..*nz) when it has none yet. */
static void add_to_zone(eml_capacity_zone *zones, size_t *nz, const char *zone,
                        eml_imaging_modality mod, const machine_capacity *c) {
  eml_capacity_zone *z = &zones[zone_index(zones, *nz, zone, mod)];
  if (z == &zones[*nz]) {
    (*nz)++;
    snprintf(z->zone, sizeof z->zone, "%s", zone);
    z->modality = mod;
  }
  z->machines++;
  z->recoverable_min += c->recoverable_min;
  z->extra_exams += c->extra_exams;
  if (!isnan(c->machines))
    z->equivalents += c->machines;
}

/* The zone of a machine: its FINESS's département, "?" when none. */
static void zone_of(const eml_imaging_machine *m, char zone[4]) {
  if (eml_territory_from_finess(m->finess, zone) != EML_OK)
    snprintf(zone, 4, "?");
}

/* The references and the panel medians of exams per week of every modality. */
typedef struct capacity_refs {
  double ref[EML_IMAGING_MODALITY_COUNT][3], median[EML_IMAGING_MODALITY_COUNT];
} capacity_refs;

static void references(const eml_imaging_result *r, const eml_capacity_args *a,
                       capacity_refs *refs) {
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    reference_of(r, a, (eml_imaging_modality)mod, refs->ref[mod]);
    refs->median[mod] =
        eml_imaging_panel(r, (eml_imaging_modality)mod, EML_IND_EXAMS_PER_WEEK)->p50;
  }
}

/* Machine i of r: its zone and its capacity. */
static machine_capacity machine_at(const eml_imaging_result *r, const capacity_refs *refs,
                                   size_t i, char zone[4]) {
  const eml_imaging_machine *m = eml_imaging_machine_at(r, i);
  zone_of(m, zone);
  return capacity_of(m, refs->ref[m->modality], refs->median[m->modality]);
}

eml_status plan_capacity_zones_by(const eml_imaging_result *r, const eml_capacity_args *a,
                                  plan_machine_zone_fn zone_fn, void *ctx,
                                  eml_capacity_zone **out, size_t *n) {
  size_t nm = eml_imaging_machine_count(r);
  *n = 0;
  *out = calloc(nm + 1, sizeof **out);
  if (!*out)
    return EML_ERR_NOMEM;
  capacity_refs refs;
  references(r, a, &refs);
  for (size_t i = 0; i < nm; i++) {
    char zone[4];
    machine_capacity c = machine_at(r, &refs, i, zone);
    const eml_imaging_machine *m = eml_imaging_machine_at(r, i);
    if (!zone_fn || zone_fn(ctx, m, zone))
      add_to_zone(*out, n, zone, m->modality, &c);
  }
  qsort(*out, *n, sizeof **out, cmp_zone);
  return EML_OK;
}

eml_status eml_capacity_zones(const eml_imaging_result *r, const eml_capacity_args *a,
                              eml_capacity_zone **out, size_t *n) {
  return plan_capacity_zones_by(r, a, NULL, NULL, out, n);
}

/* One row of the zone table: zone (or "Total", strong) and its sums. */
static void zone_row(eml_table *zt, const eml_capacity_zone *z, const char *label, int strong) {
  size_t row;
  eml_table_add_row(zt, &row);
  if (strong)
    eml_table_set_row_flags(zt, row, EML_CELL_STRONG);
  eml_table_set_text(zt, row, 0, label);
  eml_table_set_text(zt, row, 1, eml_imaging_modality_code(z->modality));
  eml_table_set_int(zt, row, 2, z->machines, 0);
  eml_table_set_real(zt, row, 3, z->recoverable_min / 60, 1, 0);
  eml_table_set_real(zt, row, 4, z->extra_exams, 1, 0);
  eml_table_set_real(zt, row, 5, z->equivalents, 2, 0);
}

/* The notes of both tables: the formula, then each modality's reference. */
static void formula_notes(eml_table *t, const capacity_refs *refs, eml_capacity_reference which) {
  static const char *const ref_names[] = {N_("P20 du panel de la modalité (le meilleur cinquième)"),
                                          N_("médiane du panel de la modalité"),
                                          N_("valeurs fixées par --reference")};
  eml_table_add_notef(t,
                      "Heures récupérables R = S × (max(0, L − rL) + max(0, E − rE)) + max(0, n − "
                      "S) × max(0, G − rG), en minutes par semaine ÷ 60 ; examens en plus X = R ÷ "
                      "(d + rG) ; équivalent appareils = X ÷ la médiane des examens par semaine de "
                      "la modalité (planning.md §1).");
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    char l_[32], e_[32], g_[32], med[32];
    const double *ref = refs->ref[mod];
    if (isnan(ref[0]) || isnan(refs->median[mod]))
      continue;
    eml_table_add_notef(t,
                        "Référence %s (%s) : retard rL = %s min, fin anticipée rE = %s min, "
                        "inoccupation rG = %s min ; médiane des examens par semaine : %s.",
                        eml_imaging_modality_code((eml_imaging_modality)mod), _(ref_names[which]),
                        plan_number_short(ref[0], l_, sizeof l_),
                        plan_number_short(ref[1], e_, sizeof e_),
                        plan_number_short(ref[2], g_, sizeof g_),
                        eml_number_format(refs->median[mod], 1, 0, med, sizeof med));
  }
}

eml_status eml_capacity_tables(const eml_imaging_result *r, const eml_capacity_args *a,
                               eml_table ***tables, size_t *count) {
  *tables = NULL;
  *count = 0;
  eml_capacity_zone *zones = NULL;
  size_t nz = 0;
  eml_status st = eml_capacity_zones(r, a, &zones, &nz);
  if (st)
    return st;
  capacity_refs refs;
  references(r, a, &refs);
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
  for (size_t i = 0, nm = eml_imaging_machine_count(r); i < nm; i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(r, i);
    char zone[4];
    machine_capacity c = machine_at(r, &refs, i, zone);
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, m->equipment_id);
    eml_table_set_text(t, row, 1, m->finess);
    eml_table_set_text(t, row, 2, zone);
    eml_table_set_text(t, row, 3, eml_imaging_modality_code(m->modality));
    const double v[] = {m->lever_sessions_per_week, m->lever_exams_per_week,
                        m->lever_duration_min,      m->late_start_min,
                        m->early_end_min,           m->gap_between_exams_min,
                        c.recoverable_min / 60,     c.extra_exams};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
      eml_table_set_real(t, row, 4 + k, v[k], 1, 0);
    eml_table_set_real(t, row, 12, c.machines, 2, 0);
  }
  eml_table *zt = eml_table_list_add(&l, "capacity_zones",
                                     "Capacité mobilisable par zone et modalité (par semaine)");
  /* the machine table's zone, modality and capacity columns */
  static const eml_column_def zone_cols[] = {
      {NULL, N_("Zone"), "zone"}, {NULL, N_("Modalité"), "modality"},
      {NULL, N_("Appareils"), "machines"}};
  eml_table_add_columns(zt, zone_cols, 3);
  eml_table_add_columns(zt, cols + 10, 3);
  eml_capacity_zone tot = {"", 0, 0, 0, 0, 0};
  for (size_t z = 0; z < nz; z++) {
    zone_row(zt, &zones[z], zones[z].zone, 0);
    tot.modality = zones[z].modality;
    tot.machines += zones[z].machines;
    tot.recoverable_min += zones[z].recoverable_min;
    tot.extra_exams += zones[z].extra_exams;
    tot.equivalents += zones[z].equivalents;
    /* after the last zone of a modality, its total */
    if (z + 1 == nz || zones[z + 1].modality != zones[z].modality) {
      zone_row(zt, &tot, _("Total"), 1);
      tot = (eml_capacity_zone){"", 0, 0, 0, 0, 0};
    }
  }
  free(zones);
  formula_notes(t, &refs, a->reference);
  formula_notes(zt, &refs, a->reference);
  eml_table_add_note(zt, "Zone : le département du FINESS de l'appareil (ses deux premiers "
                         "caractères, trois outre-mer).");
  return eml_table_list_finish(&l, tables, count);
}

/* The table of tables[0..count) whose id is id, or NULL. */
static eml_table *table_of(eml_table *const *tables, size_t count, const char *id) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(eml_table_id(tables[i]), id) == 0)
      return tables[i];
  return NULL;
}

/* "N places" / "aucune place" of a room left (of devices, or of
 * implantations), in the run's language. */
static void room_text(int64_t room, int implantations, char *buf, size_t size) {
  unsigned long n = room > 0 ? (unsigned long)room : 0;
  if (room <= 0)
    snprintf(buf, size, "%s", implantations ? _("aucune implantation possible") : _("aucune place"));
  else if (implantations)
    snprintf(buf, size, eml_trn("%lu implantation possible", "%lu implantations possibles", n), n);
  else
    snprintf(buf, size, eml_trn("%lu place", "%lu places", n), n);
}

static const char *const balance_ref_names[] = {N_("P20 du panel"), N_("médiane du panel"),
                                                N_("minutes fixées par --reference")};

/* Seed 000: under the CT and MRI tables, per zone its devices' room left. */
static eml_status notes_2017(const eml_capacity_zone *zones, size_t nz, const eml_balance *b,
                             const char *head, eml_table *const *tables, size_t count) {
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
    eml_table *t = table_of(tables, count, eml_modality_code(bt->modality));
    if (!t)
      continue;
    eml_table_add_notef(t, "%s (borne haute − appareils autorisés) :", head);
    for (size_t i = 0; i < bt->nrows; i++) {
      const eml_balance_row *row = &bt->rows[i];
      const eml_capacity_zone *z = eml_capacity_zone_find(zones, nz, row->territory, mod);
      if (!z)
        continue;
      char places[48], num[32];
      room_text(row->devices.has_target ? -row->devices.gap : 0, 0, places, sizeof places);
      eml_number_format(z->equivalents, 1, 0, num, sizeof num);
      eml_table_add_notef(t, "%s, %s : %s ; capacité mobilisable ≈ %s appareil%s.", row->territory,
                          mod == EML_IMAGING_CT ? _("scanner") : _("IRM"), places, num,
                          z->equivalents >= 2 ? "s" : "");
    }
    st = eml_table_status(t);
  }
  return st;
}

/* The 2023 regime (regime-2023.md): the OQOS count implantations of the
 * activity IMAGING, under which CT and MRI are declared; under its table,
 * per zone the implantations left and the capacity of its CT and MRI. */
static eml_status notes_2023(const eml_capacity_zone *zones, size_t nz, const eml_balance *b,
                             const char *head, eml_table *const *tables, size_t count) {
  eml_status st = EML_OK;
  for (size_t k = 0; k < b->nactivities && !st; k++) {
    const eml_balance_activity *ba = &b->activities[k];
    if (ba->activity != EML_ACT_IMAGING)
      continue;
    char id[32];
    snprintf(id, sizeof id, "%s%s%s", eml_activity_code(ba->activity), ba->mention[0] ? "_" : "",
             ba->mention);
    eml_table *t = table_of(tables, count, id);
    if (!t)
      continue;
    eml_table_add_notef(t, "%s (OQOS max − implantations autorisées) :", head);
    for (size_t i = 0; i < ba->nrows; i++) {
      const eml_balance_zone *row = &ba->rows[i];
      const eml_capacity_zone *ct = eml_capacity_zone_find(zones, nz, row->territory,
                                                           EML_IMAGING_CT);
      const eml_capacity_zone *mri = eml_capacity_zone_find(zones, nz, row->territory,
                                                            EML_IMAGING_MRI);
      if (!ct && !mri)
        continue;
      double e_ct = ct ? ct->equivalents : 0, e_mri = mri ? mri->equivalents : 0;
      char places[64], all[32], n_ct[32], n_mri[32];
      room_text(-row->gap, 1, places, sizeof places);
      eml_table_add_notef(t,
                          "%s, imagerie : %s ; capacité mobilisable ≈ %s appareil%s (scanner %s ; "
                          "IRM %s).",
                          row->territory, places, eml_number_format(e_ct + e_mri, 1, 0, all, sizeof all),
                          e_ct + e_mri >= 2 ? "s" : "", eml_number_format(e_ct, 1, 0, n_ct, sizeof n_ct),
                          eml_number_format(e_mri, 1, 0, n_mri, sizeof n_mri));
    }
    st = eml_table_status(t);
  }
  return st;
}

eml_status eml_capacity_balance_notes(const eml_imaging_result *r, const eml_capacity_args *a,
                                      const eml_balance *b, const char *source,
                                      eml_table *const *tables, size_t count) {
  eml_capacity_zone *zones = NULL;
  size_t nz = 0;
  eml_status st = eml_capacity_zones(r, a, &zones, &nz);
  if (st)
    return st;
  char head[512];
  snprintf(head, sizeof head,
           _("Capacité mobilisable des appareils de la campagne %s (référence : %s ; planning.md "
             "§1), en équivalent appareils, à côté des places restantes"),
           source, _(balance_ref_names[a->reference]));
  st = notes_2017(zones, nz, b, head, tables, count);
  if (!st)
    st = notes_2023(zones, nz, b, head, tables, count);
  free(zones);
  return st;
}

eml_status eml_capacity_beside_balance(const eml_imaging_result *r, const eml_capacity_args *a,
                                       const eml_register *reg, const char *period,
                                       eml_date at, int modality, const char *source,
                                       eml_table *const *tables, size_t count,
                                       eml_diag *diag) {
  eml_balance b = {0};
  eml_status st = eml_balance_compute(reg, period, at, modality, &b, diag);
  if (!st)
    st = eml_capacity_balance_notes(r, a, &b, source, tables, count);
  eml_balance_free(&b);
  return st;
}
