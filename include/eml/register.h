/*
 * eml/register.h — the register of authorised heavy equipment and the
 * regional targets (spec registry.md): modalities, sites, devices,
 * targets (OQOS), territories, notes; the in-memory register the balance
 * and the applications are computed from.
 *
 * Model: a device is "in force" at date D when authorized_from <= D and
 * (no authorized_until or D < authorized_until) — registry.md, equipment.csv.
 * Ownership: an eml_register owns every string of its rows; free it with
 * eml_register_free.
 */
#ifndef EML_REGISTER_H
#define EML_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "time.h"

/* Modalities of registry.md, in the order of the seed's balance. Each row:
 * enum, code, French title of the seed's table, aliases accepted on input
 * (separated by '|', compared case-insensitively). */
#define EML_MODALITY_LIST(X)                                                                  \
  X(EML_MOD_CT, "CT", "Scanners (TDM)", "scanner|scanographe|TDM|tomodensitométrie")          \
  X(EML_MOD_MRI, "MRI", "Imageurs par résonance magnétique (IRM)", "IRM|RMN")                  \
  X(EML_MOD_GAMMA, "GAMMA", "Gamma caméras (Gcam)", "gamma caméra|gamma camera|gcam|TEMP")    \
  X(EML_MOD_PET, "PET", "Tomographes par émission de positons (TEP-CT)",                      \
    "TEP|TEP-CT|TEP-IRM|TEP-TDM|PET-CT|PET-MRI")                                              \
  X(EML_MOD_OHB, "OHB", "Caissons d'oxygénothérapie hyperbare (OHB)",                         \
    "caisson hyperbare|caisson|hyperbare")                                                     \
  X(EML_MOD_CYCLOTRON, "CYCLOTRON", "Cyclotrons à usage médical", "cyclotron")                 \
  X(EML_MOD_LINAC, "LINAC", "Accélérateurs de particules (radiothérapie)",                     \
    "accélérateur|accelerateur")                                                               \
  X(EML_MOD_COBALT, "COBALT", "Appareils de télégammathérapie (cobalt)", "télégammathérapie")

typedef enum {
#define EML_MODALITY_ENUM(id, code, title, aliases) id,
  EML_MODALITY_LIST(EML_MODALITY_ENUM)
#undef EML_MODALITY_ENUM
      EML_MODALITY_COUNT
} eml_modality;

eml_status eml_modality_parse(const char *s, size_t len, eml_modality *out) EML_MUST_CHECK;
const char *eml_modality_code(eml_modality m);
const char *eml_modality_title(eml_modality m);

/* Unit of a target: devices (appareils) or sites (implantations). */
typedef enum { EML_UNIT_DEVICES = 0, EML_UNIT_SITES = 1 } eml_unit;
/* devices|appareils|sites|implantations */
eml_status eml_unit_parse(const char *s, size_t len, eml_unit *out) EML_MUST_CHECK;
const char *eml_unit_code(eml_unit unit);

/* Legal statuses of registry.md (those of seed 001, plus AUTRE). */
eml_status eml_legal_status_parse(const char *s, size_t len, const char **canonical) EML_MUST_CHECK;

typedef struct eml_site {
  char finess[10];
  char *name;
  char territory[8];
  const char *legal_status; /* canonical static string */
  char finess_ej[10];       /* "" when absent */
} eml_site;

typedef struct eml_equipment {
  char *id;
  char finess[10];
  eml_modality modality;
  int interventional;
  eml_date authorized_from;
  int has_until;
  eml_date authorized_until;
  int has_installed;
  eml_date installed_on;
  /* FINESS `datefin`: the due date of the authorisation, not its end; past
   * it the device still counts, flagged "échue" (finess.md) */
  int has_due;
  eml_date due_on;
} eml_equipment;

typedef struct eml_target {
  char *period;
  char territory[8];
  eml_modality modality;
  eml_unit unit;
  int has_low;
  int64_t low, high;
  int has_interventional_low, has_interventional_high;
  int64_t interventional_low, interventional_high;
} eml_target;

typedef struct eml_territory_row {
  char code[8];
  char *name;
  char *region;
} eml_territory_row;

typedef struct eml_note {
  char territory[8]; /* "" for a regional note */
  eml_modality modality;
  int has_unit;
  eml_unit unit;
  char receivable[4]; /* "", "OUI" or "NON" (overrides the verdict) */
  char *mark;         /* "" or e.g. "*" */
  char *text;
} eml_note;

typedef struct eml_register {
  eml_site *sites;
  size_t nsites;
  eml_equipment *equipment;
  size_t nequipment;
  eml_target *targets;
  size_t ntargets;
  eml_territory_row *territories;
  size_t nterritories;
  eml_note *notes;
  size_t nnotes;
} eml_register;

void eml_register_free(eml_register *reg); /* frees the rows, not reg itself */
/* Sorts the sites by FINESS (the store loads them sorted already). */
void eml_register_sort(eml_register *reg);
/* Index of the site with that FINESS, or -1 (binary search: the sites must
 * be sorted, see eml_register_sort). */
long eml_register_find_site(const eml_register *reg, const char *finess);
/* In force at date `at` (registry.md). */
int eml_equipment_in_force(const eml_equipment *e, eml_date at);
/* Is the territory code known: a département (built in) or declared in
 * territories.csv? */
int eml_register_territory_known(const eml_register *reg, const char *code);

#endif
