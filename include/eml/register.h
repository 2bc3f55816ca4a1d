/*
 * eml/register.h — the register of authorised heavy equipment and the
 * regional targets (spec registry.md): modalities, sites, devices,
 * targets (OQOS), territories, notes; the in-memory register the balance
 * and the applications are computed from.
 *
 * Model: a device is "in force" at date D when authorized_from <= D and
 * (no authorized_until or D < authorized_until) — registry.md, equipment.csv.
 * Two regimes live side by side (spec regime-2023.md, docs/regime-2023.md):
 * the per-device authorisations of seed 000 (eml_equipment) and, from
 * 1 June 2023, site authorisations of an activity (eml_authorisation) with
 * the devices declared under them (eml_declared_device), the conventions
 * of single-type sites and the filing windows. A target bounds one regime:
 * a device modality (seed 000) or an activity (2023, unit sites).
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

/* Activities of the 2023 regime (spec regime-2023.md, authorisations.csv):
 * enum, code, French title of the balance's table. */
#define EML_ACTIVITY_LIST(X)                                                                    \
  X(EML_ACT_IMAGING, "IMAGING", "Équipements d'imagerie en coupes (scanners et IRM)")         \
  X(EML_ACT_NUCLEAR, "NUCLEAR", "Médecine nucléaire")                                        \
  X(EML_ACT_INTERVENTIONAL, "INTERVENTIONAL", "Radiologie interventionnelle")                \
  X(EML_ACT_RADIOTHERAPY, "RADIOTHERAPY",                                                    \
    "Traitement du cancer — radiothérapie externe, curiethérapie")

typedef enum {
#define EML_ACTIVITY_ENUM(id, code, title) id,
  EML_ACTIVITY_LIST(EML_ACTIVITY_ENUM)
#undef EML_ACTIVITY_ENUM
      EML_ACTIVITY_COUNT
} eml_activity;

/* One of the codes above (ASCII case-insensitive, blanks trimmed). */
eml_status eml_activity_parse(const char *s, size_t len, eml_activity *out) EML_MUST_CHECK;
const char *eml_activity_code(eml_activity a);
const char *eml_activity_title(eml_activity a);

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
  char territory[8]; /* the territory (seed 000) or the zone (2023) */
  /* a 2023 row (an activity in the modality column, unit sites): activity
   * and mention ("" = every mention) bound it; modality is unused */
  int is_activity;
  eml_activity activity;
  char mention[4];
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

/* The rule a note of notes.csv carries (column rule; docs/register.md
 * "Notes"; issue 14 item 1): none (a mark, a footnote); interventional_only
 * (a territory's note: only applications for devices dedicated to
 * interventional imaging are receivable there, judged against the
 * regional allowance instead of the territory's bounds); and
 * interventional_allowance (a regional note: `allowance` more
 * interventional devices across the region, for which the region's
 * receivable interventional applications compete). */
typedef enum {
  EML_NOTE_NO_RULE = 0,
  EML_NOTE_INTERVENTIONAL_ONLY = 1,
  EML_NOTE_INTERVENTIONAL_ALLOWANCE = 2
} eml_note_rule;
/* interventional_only|interventional_allowance (ASCII case-insensitive) */
eml_status eml_note_rule_parse(const char *s, size_t len, eml_note_rule *out) EML_MUST_CHECK;
const char *eml_note_rule_code(eml_note_rule r); /* "" for EML_NOTE_NO_RULE */

typedef struct eml_note {
  char territory[8]; /* "" for a regional note */
  eml_modality modality;
  int has_unit;
  eml_unit unit;
  char receivable[4]; /* "", "OUI" or "NON" (overrides the verdict) */
  char *mark;         /* "" or e.g. "*" */
  char *text;
  eml_note_rule rule;
  int64_t allowance; /* interventional_allowance: the devices across the region */
} eml_note;

/* ---- the 2023 regime (spec regime-2023.md) ---------------------------- */

/* authorisations.csv: one authorisation of an activity on a geographic
 * site, for a holder. In force at D when decided_on <= D and (no until or
 * D < until); implemented at D when started_on is given and <= D. */
typedef struct eml_authorisation {
  char *id;            /* authorisation_id (the ARHGOS number when known) */
  char finess[10];     /* the site (FINESS ET), a known site */
  char finess_ej[10];  /* the holder, "" when absent */
  eml_activity activity;
  char mention[4];     /* "" or a mention the activity has (data/regimes/2023.csv) */
  eml_date decided_on;
  int has_started;
  eml_date started_on;
  int has_until;
  eml_date until;
  /* FINESS AMM `datefin`: a due date, not an end (flagged "échue") */
  int has_due;
  eml_date due_on;
} eml_authorisation;

/* devices.csv: a device declared under an authorisation. In force at D
 * when declared_on <= D and (no removed_on or D < removed_on) and its
 * authorisation is in force at D (docs/regime-2023.md, "Dates"). */
typedef struct eml_declared_device {
  char *id;               /* equipment_id */
  char *authorisation_id; /* a known authorisation */
  eml_modality modality;
  eml_date declared_on;
  int has_installed;
  eml_date installed_on;
  int has_removed;
  eml_date removed_on;
  int justified; /* a device beyond the third, granted on a justified request */
} eml_declared_device;

/* conventions.csv: a single-type site's access to the missing type. */
typedef struct eml_convention {
  char finess[10];
  char partner_finess[10];
  eml_modality modality; /* the type reached through the convention */
  eml_date from;
  int has_until;
  eml_date until;
} eml_convention;

/* windows.csv: a filing window of an activity (both ends inclusive). */
typedef struct eml_window {
  eml_activity activity;
  eml_date opens_on, closes_on;
  int has_published;
  eml_date published_on; /* the balance of that window was published */
} eml_window;

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
  /* the 2023 regime */
  eml_authorisation *authorisations;
  size_t nauthorisations;
  eml_declared_device *devices;
  size_t ndevices;
  eml_convention *conventions;
  size_t nconventions;
  eml_window *windows;
  size_t nwindows;
} eml_register;

void eml_register_free(eml_register *reg); /* frees the rows, not reg itself */
/* A deep copy of src into *dst (every row and string its own: free it with
 * eml_register_free); on failure *dst is empty. */
eml_status eml_register_copy(const eml_register *src, eml_register *dst) EML_MUST_CHECK;
/* Sorts the sites by FINESS and the authorisations by id (the store loads
 * them sorted already). */
void eml_register_sort(eml_register *reg);
/* Index of the authorisation with that id, or -1 (binary search: sorted). */
long eml_register_find_authorisation(const eml_register *reg, const char *id);
/* Index of the site with that FINESS, or -1 (binary search: the sites must
 * be sorted, see eml_register_sort). */
long eml_register_find_site(const eml_register *reg, const char *finess);
/* Index of the device, or of the declared device (2023 regime), with that
 * equipment_id, or -1 (linear search: these rows keep the store's order). */
long eml_register_find_equipment(const eml_register *reg, const char *id);
long eml_register_find_declared_device(const eml_register *reg, const char *id);
/* In force at date `at` (registry.md). */
int eml_equipment_in_force(const eml_equipment *e, eml_date at);
/* The rules of "in force at D" of the 2023 regime (spec regime-2023.md). */
int eml_authorisation_in_force(const eml_authorisation *a, eml_date at);
int eml_authorisation_implemented(const eml_authorisation *a, eml_date at);
/* The device's own dates only; the balance also requires its authorisation
 * in force (docs/regime-2023.md). */
int eml_declared_device_in_force(const eml_declared_device *d, eml_date at);
int eml_convention_in_force(const eml_convention *c, eml_date at);
/* Is the territory code known: a département (built in) or declared in
 * territories.csv? */
int eml_register_territory_known(const eml_register *reg, const char *code);

#endif
