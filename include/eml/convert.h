/*
 * eml/convert.h — the conversion of the per-device register (seed 000) to
 * the 2023 regime, `eml regime convert --at D [--dry-run]` (spec
 * regime-2023.md "From one regime to the other"; the choices are written
 * in docs/regime-2023.md, same section).
 *
 * Model: the devices of the register in force at D (eml_equipment_in_force)
 * are grouped per (site, holder), the holder being the site's finess_ej
 * ("" when the site has none): CT and MRI into one IMAGING authorisation,
 * GAMMA and PET into one NUCLEAR, LINAC and COBALT into one RADIOTHERAPY;
 * OHB and CYCLOTRON stay per device. A new authorisation is decided on D,
 * implemented on D when one of its devices is installed by D (else not
 * implemented), without end and without mention; its id is
 * CONV-D-ACTIVITY-FINESS (CONV-2023-06-01-IMAGING-759900012). Each device
 * is declared under it with its id and its dates (declared_on =
 * authorized_from, installed_on, removed_on = authorized_until). When the
 * register already holds an authorisation of the activity in force at D
 * for the site and its holder (imported, or of a conversion at an earlier
 * date), the devices are declared under it instead (one authorisation per
 * (site, holder)), and it is left as it is. The per-device rows are left
 * as they are (the history of seed 000). A device already declared in the
 * store (by an import, or by a conversion at another date) is not declared
 * again; a second conversion at the same date is refused
 * (EML_ERR_DUPLICATE: the audit log holds the entry of a conversion at
 * that date).
 *
 * The plan is computed from the register in memory (nothing written); the
 * apply writes it in one import session (one transaction, a savepoint per
 * authorisation with its devices, an audit entry per row and the
 * conversion's own entry); the report is two tables: every site and what
 * became of its devices, then every site the rules of 2023 flag on the
 * register as it is after the conversion (the checks of eml/regime.h).
 *
 * Ownership: an eml_conversion owns its authorisations and devices (and
 * their ids); its fates point into the register it was planned from,
 * which must outlive it. eml_conversion_free frees it (accepts a zeroed
 * one).
 */
#ifndef EML_CONVERT_H
#define EML_CONVERT_H

#include <stddef.h>

#include "register.h"
#include "status.h"
#include "store.h"
#include "table.h"

/* What becomes of one per-device row of the register. */
typedef enum {
  EML_CONVERT_DECLARED = 0, /* declared under a new authorisation */
  EML_CONVERT_KEPT,         /* OHB, CYCLOTRON: stays authorised per device */
  EML_CONVERT_ALREADY,      /* already declared in the store: not declared again */
  EML_CONVERT_NOT_IN_FORCE  /* not in force at D: not converted */
} eml_convert_fate;

typedef struct eml_convert_device {
  const eml_equipment *equipment; /* a row of the register planned from */
  eml_convert_fate fate;
  long authorisation; /* DECLARED under a new one: index into authorisations, else -1 */
  const eml_authorisation *existing; /* DECLARED under one of the register, else NULL */
} eml_convert_device;

typedef struct eml_conversion {
  eml_date at;
  eml_authorisation *authorisations; /* new, in the order of sites, activities */
  size_t nauthorisations;
  eml_declared_device *devices; /* new (authorisation_id: the id of a new authorisation, or
                                 * of one of the register: not owned) */
  size_t ndevices;
  eml_convert_device *fates; /* every per-device row, by site, modality, id */
  size_t nfates;
} eml_conversion;

/* EML_ERR_DUPLICATE (diag says so) when the store was converted at `at`
 * already (its audit log holds that conversion's entry). */
eml_status eml_regime_convert_check(eml_store *store, eml_date at, eml_diag *diag)
    EML_MUST_CHECK;
/* The plan of the conversion of reg (sorted: eml_register_sort) at `at`
 * (EML_ERR_NOMEM only). */
eml_status eml_regime_convert_plan(const eml_register *reg, eml_date at, eml_conversion *out)
    EML_MUST_CHECK;
/* Writes the plan into the store: one transaction, audit-logged as `user`;
 * all or nothing; checks first, in the transaction, that no conversion at
 * that date is stored (eml_regime_convert_check). */
eml_status eml_regime_convert_apply(eml_store *store, const eml_conversion *c, const char *user,
                                    eml_diag *diag) EML_MUST_CHECK;
/* The report of the plan: the sites and what became of their devices, the
 * sites the rules of 2023 flag after the conversion; dry_run says so in
 * the subtitles. *tables: eml_tables_free. */
eml_status eml_regime_convert_tables(const eml_register *reg, const eml_conversion *c,
                                     int dry_run, eml_table ***tables, size_t *count)
    EML_MUST_CHECK;
void eml_conversion_free(eml_conversion *c);

#endif
