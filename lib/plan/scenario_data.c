/*
 * scenario_data.c — what a scenario does to the data loaded beside the
 * register (spec planning.md §3: "when radiotherapy or imaging data are
 * loaded, the saturation of the centres and the capacity of §1 before and
 * after"; the model in eml/plan.h, eml_scenario_args): the capacity of a
 * campaign's machines per zone, the machines following the register's
 * devices they are, and the treatments per machine of each radiotherapy
 * centre with the LINAC and COBALT devices the scenario adds or closes at
 * its site.
 */
#include "plan_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The two columns of a value before and after the scenario under the
 * heading `group`, keyed KEY_before and KEY_after. */
#define BEFORE_AFTER(group, key) {group, "Avant", key "_before"}, {group, "Après", key "_after"}

/* ---- imaging capacity ---- */

/* Device id of reg: 1 with its site (NULL when unknown) and whether it is
 * in force at D; 0 when reg has no such device. */
static int device_site(const eml_register *reg, const char *id, eml_date at, const char **finess,
                       int *in_force) {
  for (size_t i = 0; i < reg->nequipment; i++) {
    const eml_equipment *e = &reg->equipment[i];
    if (strcmp(e->id, id) == 0) {
      *finess = e->finess;
      *in_force = eml_equipment_in_force(e, at);
      return 1;
    }
  }
  for (size_t i = 0; i < reg->ndevices; i++) {
    const eml_declared_device *d = &reg->devices[i];
    if (strcmp(d->id, id) == 0) {
      long k = eml_register_find_authorisation(reg, d->authorisation_id);
      *finess = k >= 0 ? reg->authorisations[k].finess : NULL;
      *in_force = k >= 0 && eml_declared_device_in_force(d, at) &&
                  eml_authorisation_in_force(&reg->authorisations[k], at);
      return 1;
    }
  }
  return 0;
}

typedef struct after_ctx {
  const eml_register *before, *after;
  eml_date at;
} after_ctx;

/* A machine after the scenario: gone when its device was in force and no
 * longer is, in its device's new zone when moved. */
static int zone_after(void *ctx, const eml_imaging_machine *m, char zone[4]) {
  const after_ctx *x = ctx;
  const char *f0 = NULL, *f1 = NULL;
  int in0 = 0, in1 = 0;
  if (!device_site(x->before, m->equipment_id, x->at, &f0, &in0) || !in0)
    return 1;
  if (!device_site(x->after, m->equipment_id, x->at, &f1, &in1) || !in1)
    return 0;
  if (f1 && eml_territory_from_finess(f1, zone) != EML_OK)
    snprintf(zone, 4, "?");
  return 1;
}

static int cmp_key(const eml_capacity_zone *x, const eml_capacity_zone *y) {
  if (x->modality != y->modality)
    return (int)x->modality - (int)y->modality;
  return strcmp(x->zone, y->zone);
}

eml_status plan_scenario_capacity(const eml_scenario_args *a, const eml_register *after,
                                  eml_table_list *list) {
  if (!a->imaging)
    return EML_OK;
  static const eml_capacity_args p20 = {EML_CAPACITY_P20, 0, 0, 0};
  const eml_capacity_args *ca = a->capacity ? a->capacity : &p20;
  eml_capacity_zone *z0 = NULL, *z1 = NULL;
  size_t n0 = 0, n1 = 0;
  after_ctx x = {a->reg, after, a->at};
  eml_status st = eml_capacity_zones(a->imaging, ca, &z0, &n0);
  if (!st)
    st = plan_capacity_zones_by(a->imaging, ca, zone_after, &x, &z1, &n1);
  eml_table *t = st ? NULL
                    : eml_table_list_add(list, "scenario_capacite",
                                         "Scénario : capacité mobilisable avant et après");
  if (t) {
    static const eml_column_def cols[] = {
        {NULL, N_("Zone"), "zone"},
        {NULL, N_("Modalité"), "modality"},
        BEFORE_AFTER(N_("Appareils de la campagne"), "machines"),
        BEFORE_AFTER(N_("Équivalent appareils"), "equivalents")};
    eml_table_add_columns(t, cols, sizeof cols / sizeof cols[0]);
    /* the union of both sorted lists */
    for (size_t i = 0, j = 0; i < n0 || j < n1;) {
      int c = i == n0 ? 1 : j == n1 ? -1 : cmp_key(&z0[i], &z1[j]);
      const eml_capacity_zone *b = c <= 0 ? &z0[i] : NULL, *f = c >= 0 ? &z1[j] : NULL;
      const eml_capacity_zone *k = c <= 0 ? &z0[i] : &z1[j];
      i += c <= 0;
      j += c >= 0;
      size_t row;
      eml_table_add_row(t, &row);
      eml_table_set_text(t, row, 0, k->zone);
      eml_table_set_text(t, row, 1, eml_imaging_modality_code(k->modality));
      eml_table_set_int(t, row, 2, b ? b->machines : 0, 0);
      eml_table_set_int(t, row, 3, f ? f->machines : 0, 0);
      eml_table_set_real(t, row, 4, b ? b->equivalents : 0, 2, 0);
      eml_table_set_real(t, row, 5, f ? f->equivalents : 0, 2, 0);
    }
    eml_table_add_notef(t,
                        "Capacité mobilisable (planning.md §1) des appareils de la campagne %s, "
                        "par zone (département du FINESS). Après : un appareil de la campagne "
                        "qui est un appareil du registre en suit le sort (fermé : retiré ; "
                        "déplacé : dans la zone de son nouveau site) ; un appareil ajouté par le "
                        "scénario n'a pas de mesures.",
                        a->campaign ? a->campaign : "");
  }
  free(z0);
  free(z1);
  return st;
}

/* ---- radiotherapy saturation ---- */

/* LINAC and COBALT devices in force at D at the site finess. */
static long rt_devices(const eml_register *reg, const char *finess, eml_date at) {
  long n = 0;
  for (size_t i = 0; i < reg->nequipment; i++) {
    const eml_equipment *e = &reg->equipment[i];
    n += (e->modality == EML_MOD_LINAC || e->modality == EML_MOD_COBALT) &&
         strcmp(e->finess, finess) == 0 && eml_equipment_in_force(e, at);
  }
  return n;
}

static const char *saturation_text(eml_rt_saturation s) {
  return s == EML_RT_SATURATED    ? _("saturé")
         : s == EML_RT_TEMPORARY ? _("surcharge temporaire")
                                 : _("non saturé");
}

eml_status plan_scenario_rt(const eml_scenario_args *a, const eml_register *after,
                            eml_table_list *list) {
  if (!a->rt)
    return EML_OK;
  eml_rt_options defaults;
  eml_rt_options_default(&defaults);
  const eml_rt_options *opts = a->rt_opts ? a->rt_opts : &defaults;
  eml_rt_activity *act = NULL;
  eml_status st = eml_rt_activity_compute(a->rt, a->rt_year, opts, &act);
  if (st)
    return st;
  char title[160];
  snprintf(title, sizeof title,
           _("Scénario : saturation des centres de radiothérapie avant et après (activité %d)"),
           a->rt_year);
  eml_table *t = eml_table_list_add(list, "scenario_radiotherapie", title);
  static const eml_column_def cols[] = {
      {NULL, N_("Centre"), "centre"},
      {NULL, N_("FINESS"), "finess"},
      {NULL, N_("Appareils ajoutés ou fermés"), "delta"},
      BEFORE_AFTER(N_("Machine-années"), "machine_years"),
      {NULL, N_("Traitements externes"), "treatments"},
      BEFORE_AFTER(N_("Traitements par appareil"), "per_machine"),
      BEFORE_AFTER(N_("Saturation"), "saturation")};
  eml_table_add_columns(t, cols, sizeof cols / sizeof cols[0]);
  size_t changed = 0;
  for (size_t i = 0; !st && i < a->rt->n_centres; i++) {
    const eml_rt_centre *k = &a->rt->centres[i];
    eml_rt_conformity conf;
    if ((st = eml_rt_conformity_compute(a->rt, act, i, opts, &conf)))
      break;
    long delta = rt_devices(after, k->finess, a->at) - rt_devices(a->reg, k->finess, a->at);
    /* each machine added or closed counts a whole machine-year */
    double my = conf.machine_years + (double)delta;
    double per0 = conf.machine_years > 0 ? conf.treatments_per_machine : NAN;
    double per1 = my > 0 ? (double)conf.treatments_external / my : NAN;
    eml_rt_saturation s1 = delta == 0 ? conf.saturation
                           : per1 > opts->saturation_warn ? EML_RT_SATURATED
                                                          : EML_RT_UNDER;
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, k->name);
    eml_table_set_text(t, row, 1, k->finess);
    eml_table_set_int(t, row, 2, delta, EML_CELL_SIGNED);
    eml_table_set_real(t, row, 3, conf.machine_years, 2, 0);
    eml_table_set_real(t, row, 4, fmax(0, my), 2, 0);
    eml_table_set_int(t, row, 5, conf.treatments_external, 0);
    eml_table_set_real(t, row, 6, per0, 0, 0);
    eml_table_set_real(t, row, 7, per1, 0, 0);
    eml_table_set_text(t, row, 8, saturation_text(conf.saturation));
    eml_table_set_text(t, row, 9, saturation_text(s1));
    if (s1 != conf.saturation) {
      char b0[32], b1[32];
      eml_table_add_notef(t, "%s (%s) : %s → %s (%s → %s traitements par appareil).", k->name,
                          k->finess, saturation_text(conf.saturation), saturation_text(s1),
                          eml_number_format(per0, 0, 0, b0, sizeof b0),
                          eml_number_format(per1, 0, 0, b1, sizeof b1));
      changed++;
    }
  }
  eml_rt_activity_free(act);
  if (!st && !changed)
    eml_table_add_note(t, "Aucun centre ne change de saturation.");
  char warn[32];
  if (!st)
    eml_table_add_notef(t,
                        "Après : machine-années de l'année + les appareils LINAC et COBALT en "
                        "vigueur au site que le scénario ajoute (+1 chacun, une année entière) ou "
                        "ferme (−1) ; saturé au-delà de %s traitements par appareil (circulaire "
                        "du 3 mai 2002).",
                        eml_number_format(opts->saturation_warn, 0, 0, warn, sizeof warn));
  return st;
}
