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

int eml_register_territory_known(const eml_register *r, const char *code) {
  if (eml_territory_find(code))
    return 1; /* a built-in département */
  for (size_t i = 0; r && i < r->nterritories; i++)
    if (strcmp(r->territories[i].code, code) == 0)
      return 1;
  return 0;
}
