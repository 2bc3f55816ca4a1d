/*
 * regime_counts.c — the counts of the register under the 2023 regime at a
 * date (eml/regime.h states them; docs/regime-2023.md "Dates", "Devices of
 * an activity", "The balance"): the one place where "implanted", "an
 * imaging device in force" and "a convention in force" are counted, read
 * by the balance (balance_2023.c), the applications and the conversion.
 *
 * Model: an authorisation counts at D when in force (decided_on <= D and
 * (no until or D < until)), implemented or not; a device counts when its
 * own dates put it in force and its authorisation is in force; the CT and
 * MRI columns count the devices of IMAGING authorisations only (a CT under
 * an INTERVENTIONAL or NUCLEAR authorisation is not an imaging device).
 * Counts are per geographic site, summed over its holders. The checks of
 * an imaging site (eml_regime_site_check) are read on these counts.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int eml_regime_authorisation_counts(const eml_authorisation *a, eml_activity activity,
                                    const char *mention, eml_date at) {
  return a->activity == activity && (!mention || !mention[0] || strcmp(a->mention, mention) == 0) &&
         eml_authorisation_in_force(a, at);
}

int eml_regime_site_implanted(const eml_register *reg, const char *finess, eml_activity activity,
                              const char *mention, eml_date at) {
  for (size_t i = 0; i < reg->nauthorisations; i++)
    if (strcmp(reg->authorisations[i].finess, finess) == 0 &&
        eml_regime_authorisation_counts(&reg->authorisations[i], activity, mention, at))
      return 1;
  return 0;
}

eml_status eml_regime_site_counts(const eml_register *reg, eml_date at, eml_regime_site **out) {
  *out = calloc(reg->nsites ? reg->nsites : 1, sizeof **out);
  if (!*out)
    return EML_ERR_NOMEM;
  eml_regime_site *sites = *out;
  for (size_t i = 0; i < reg->nauthorisations; i++) {
    const eml_authorisation *a = &reg->authorisations[i];
    long s = eml_register_find_site(reg, a->finess);
    if (s >= 0 && eml_authorisation_in_force(a, at))
      sites[s].implanted[a->activity] = 1;
  }
  for (size_t i = 0; i < reg->ndevices; i++) {
    const eml_declared_device *d = &reg->devices[i];
    if ((d->modality != EML_MOD_CT && d->modality != EML_MOD_MRI) ||
        !eml_declared_device_in_force(d, at))
      continue;
    long k = eml_register_find_authorisation(reg, d->authorisation_id);
    if (k < 0)
      continue;
    const eml_authorisation *a = &reg->authorisations[k];
    long s = eml_register_find_site(reg, a->finess);
    if (s < 0 || a->activity != EML_ACT_IMAGING || !eml_authorisation_in_force(a, at))
      continue;
    sites[s].devices++;
    if (d->modality == EML_MOD_CT)
      sites[s].ct++;
    else
      sites[s].mri++;
    if (d->justified)
      sites[s].justified++;
  }
  for (size_t i = 0; i < reg->nconventions; i++) {
    const eml_convention *c = &reg->conventions[i];
    long s = eml_register_find_site(reg, c->finess);
    if (s < 0 || !eml_convention_in_force(c, at))
      continue;
    if (c->modality == EML_MOD_CT)
      sites[s].convention_ct = 1;
    else if (c->modality == EML_MOD_MRI)
      sites[s].convention_mri = 1;
  }
  return EML_OK;
}

eml_status eml_regime_zone_implantations(const eml_register *reg, eml_date at,
                                         eml_activity activity, const char *mention,
                                         const char *zone, eml_regime_zone *out) {
  memset(out, 0, sizeof *out);
  char *seen = calloc(reg->nsites ? reg->nsites : 1, 1);
  if (!seen)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < reg->nauthorisations; i++) {
    const eml_authorisation *a = &reg->authorisations[i];
    long s = eml_register_find_site(reg, a->finess);
    if (s < 0 || strcmp(reg->sites[s].territory, zone) != 0 ||
        !eml_regime_authorisation_counts(a, activity, mention, at))
      continue;
    out->authorisations++;
    if (!eml_authorisation_implemented(a, at))
      out->not_implemented++;
    if (!seen[s]) {
      seen[s] = 1;
      out->implantations++;
    }
  }
  free(seen);
  return EML_OK;
}

eml_regime_site_figures eml_regime_site_figures_of(const eml_regime_rules *rules) {
  eml_regime_site_figures f = {1, 1, 0, 1, EML_REGIME_MIX_MIN_DEVICES, EML_REGIME_DECLARATION_MAX, 0};
  if (!rules)
    return f;
  int64_t required = 0;
  f.has_mix_min = eml_regime_rule_int(rules, "imaging_mix_min_devices", EML_ACT_IMAGING,
                                      &f.mix_min);
  f.has_declaration_max = eml_regime_rule_int(rules, "imaging_devices_by_declaration_max",
                                              EML_ACT_IMAGING, &f.declaration_max);
  f.has_max = eml_regime_rule_int(rules, "imaging_devices_max_justified", EML_ACT_IMAGING, &f.max);
  f.convention_required = eml_regime_rule_int(rules, "imaging_single_type_convention",
                                              EML_ACT_IMAGING, &required) &&
                          required != 0;
  return f;
}

int eml_regime_site_check(const eml_regime_rules *rules, const eml_regime_site *k, int check,
                          char *why, size_t size) {
  if (!k->devices)
    return 0;
  eml_regime_site_figures f = eml_regime_site_figures_of(rules);
  int lacking = k->ct == 0 || k->mri == 0;
  const char *missing = k->ct == 0 ? _("scanner") : _("IRM");
  int has_convention = k->ct == 0 ? k->convention_ct : k->convention_mri;
  /* each count with its plural (French: 0 and 1 singular; IRM invariable) */
  char devices[64], ct[64], mri[64], figure[64], justified[64];
  long long figure_n = check == 1 ? f.mix_min : check == 2 ? f.declaration_max : f.max;
  snprintf(devices, sizeof devices, _n("%lld appareil", "%lld appareils", k->devices),
           (long long)k->devices);
  snprintf(figure, sizeof figure, _n("%lld appareil", "%lld appareils", figure_n), figure_n);
  snprintf(ct, sizeof ct, _n("%lld scanner", "%lld scanners", k->ct), (long long)k->ct);
  snprintf(mri, sizeof mri, _n("%lld IRM", "%lld IRM", k->mri), (long long)k->mri);
  snprintf(justified, sizeof justified, _n("%lld justifié", "%lld justifiés", k->justified),
           (long long)k->justified);
  if (check == 1 && f.has_mix_min && k->devices >= f.mix_min && lacking)
    snprintf(why, size,
             _("%s, %s, %s — site de %s ou plus sans %s (une convention ne lève pas cette "
               "règle)."),
             devices, ct, mri, figure, missing);
  else if (check == 2 && f.has_declaration_max && k->devices - k->justified > f.declaration_max)
    snprintf(why, size,
             _("%s, %s — plus de %s sans demande justifiée pour ceux au-delà du %llde."), devices,
             justified, figure, (long long)f.declaration_max);
  else if (check == 3 && f.has_max && k->devices > f.max)
    snprintf(why, size, _("%s — au-delà du maximum de %s par site."), devices, figure);
  else if (check == 4 && f.convention_required && lacking && !has_convention)
    snprintf(why, size,
             _("%s, %s, aucune convention en vigueur pour %s — site d'un seul type sans "
               "convention."),
             ct, mri, k->ct == 0 ? _("un scanner") : _("une IRM"));
  else
    return 0; /* check 3 as shipped: imaging_devices_max_justified is empty (the figure is
               * not in the provided sources), not applied */
  return 1;
}
