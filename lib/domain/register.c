/*
 * register.c — what the register means (registry.md): the rule "in force
 * at D" and the territories a register knows. Its vocabulary (modalities,
 * units, legal statuses) and its plain data (free, sort, find a site) are
 * in the model layer (lib/model/vocabulary.c, register_data.c), where the
 * store reaches them too.
 */
#include "internal.h"

#include <string.h>

int eml_equipment_in_force(const eml_equipment *e, eml_date at) {
  return e->authorized_from <= at && (!e->has_until || at < e->authorized_until);
}

/* The 2023 regime (spec regime-2023.md, authorisations.csv and devices.csv;
 * the half-open rule of seed 000 applied to each object's own dates). */
int eml_authorisation_in_force(const eml_authorisation *a, eml_date at) {
  return a->decided_on <= at && (!a->has_until || at < a->until);
}

int eml_authorisation_implemented(const eml_authorisation *a, eml_date at) {
  return a->has_started && a->started_on <= at;
}

int eml_declared_device_in_force(const eml_declared_device *d, eml_date at) {
  return d->declared_on <= at && (!d->has_removed || at < d->removed_on);
}

int eml_convention_in_force(const eml_convention *c, eml_date at) {
  return c->from <= at && (!c->has_until || at < c->until);
}

int eml_register_territory_known(const eml_register *r, const char *code) {
  if (eml_territory_find(code))
    return 1; /* a built-in département */
  for (size_t i = 0; r && i < r->nterritories; i++)
    if (strcmp(r->territories[i].code, code) == 0)
      return 1;
  return 0;
}
