/*
 * eml/edit.h — editing the register by hand (registry.md: "Every change of
 * the register (import, edit, end of an authorisation) is recorded"; issue
 * 14 item 3): ending a device, an authorisation or a declared device of the
 * 2023 regime at a date, amending a device, a site or a target.
 *
 * Model. Each edit is one import session (one transaction) holding one
 * change and its audit entry: action "end" or "amend", the entity
 * ("equipment", "authorisation", "device", "site", "target"), its key, the
 * row before and after as JSON, and the user. An edit that is refused (an
 * unknown key, an inconsistent date or bound, an unknown site or territory)
 * leaves the store exactly as it was. The ending date follows "in force":
 * a device is in force at D when from <= D < until, so ending it on D
 * means it counts up to the day before D; the end must come after the
 * start (an end on the first day would mean it never was in force).
 *
 * Messages: an unknown key is `KEY-NAME: unknown device (value 'X')`
 * (file = the argument's name, e.g. EQUIPMENT_ID); a bad value names its
 * option (`option --on: the end is not after the start of the
 * authorisation (2010-01-01) (value '2009-06-01')`).
 *
 * Ownership: the result's before and after are malloc'd JSON texts; free
 * them with eml_edit_result_free.
 */
#ifndef EML_EDIT_H
#define EML_EDIT_H

#include "register.h"
#include "status.h"
#include "store.h"

typedef struct eml_edit_result {
  const char *entity; /* "equipment", "authorisation", "device", "site", "target" (static) */
  char key[128];      /* the key of the audit entry */
  char *before, *after;
  int changed; /* 0: the values given were those stored (nothing written) */
} eml_edit_result;

void eml_edit_result_free(eml_edit_result *r); /* accepts NULL */

/* Ends the device of seed 000 with that id on `on` (authorized_until),
 * else the authorisation of the 2023 regime (until), else the declared
 * device (removed_on). An end already stored is moved to `on`. */
eml_status eml_register_end(eml_store *store, const char *id, eml_date on, const char *user,
                            eml_edit_result *res, eml_diag *diag) EML_MUST_CHECK;

/* What an amendment of a device changes: each set_* says the field is given. */
typedef struct eml_equipment_change {
  int set_from, set_until, set_installed, set_interventional;
  eml_date from, until, installed;
  int interventional;
  const char *finess; /* the site the device moves to; NULL: unchanged */
} eml_equipment_change;

eml_status eml_register_amend_equipment(eml_store *store, const char *id,
                                        const eml_equipment_change *change, const char *user,
                                        eml_edit_result *res, eml_diag *diag) EML_MUST_CHECK;

/* What an amendment of a site changes: NULL fields are unchanged; finess_ej
 * "" removes the legal entity. */
typedef struct eml_site_change {
  const char *name, *territory, *legal_status, *finess_ej;
} eml_site_change;

eml_status eml_register_amend_site(eml_store *store, const char *finess,
                                   const eml_site_change *change, const char *user,
                                   eml_edit_result *res, eml_diag *diag) EML_MUST_CHECK;

/* A target's key as written on the command line: period, territory,
 * modality (or activity of the 2023 regime, then mention may be given),
 * unit (devices or sites). */
typedef struct eml_target_key {
  const char *period, *territory, *modality, *unit, *mention;
} eml_target_key;

/* What an amendment of a target changes: each set_* says the bound is given. */
typedef struct eml_target_change {
  int set_low, set_high, set_interventional_low, set_interventional_high;
  int64_t low, high, interventional_low, interventional_high;
} eml_target_change;

eml_status eml_register_amend_target(eml_store *store, const eml_target_key *key,
                                     const eml_target_change *change, const char *user,
                                     eml_edit_result *res, eml_diag *diag) EML_MUST_CHECK;

#endif
