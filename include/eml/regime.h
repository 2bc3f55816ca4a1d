/*
 * eml/regime.h — the rules and figures of the 2023 authorisation regime,
 * kept as data so that an agency can correct one without a new release
 * (spec regime-2023.md; data/regimes/2023.csv and its README).
 *
 * Model: one row per rule (rule, activity or none, value or empty, unit,
 * source, source_status, note). A lookup of (rule, activity) takes the row
 * of that activity, else the row without an activity. An empty value means
 * "not known, the rule is not applied". Every verdict that applies a rule
 * names its source (eml_regime_rule.source).
 * Ownership: eml_regime_rules owns its strings; eml_regime_rules_free.
 *
 * The counts of the register under the 2023 regime at a date D (below,
 * lib/domain/regime_counts.c; docs/regime-2023.md "Dates" and "The
 * balance") are what the balance, the applications and the conversion all
 * read, so that they agree:
 *   - eml_regime_site_counts: per site of the register (same index as
 *     reg->sites), the imaging devices in force (CT and MRI declared under
 *     an IMAGING authorisation in force, declared_on <= D < removed_on),
 *     how many are justified, the conventions in force for CT and for MRI,
 *     and for each activity whether the site is implanted (holds an
 *     authorisation of it in force, whatever the holder);
 *   - eml_regime_zone_implantations: the implantations of a zone for an
 *     activity and a mention ("" = every mention): distinct sites of the
 *     zone with an authorisation of it in force at D, the not-implemented
 *     authorisations counted (and counted apart).
 */
#ifndef EML_REGIME_H
#define EML_REGIME_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "register.h"
#include "status.h"

/* The rules file shipped with eml, under the data directory (make install:
 * PREFIX/share/eml/regimes/2023.csv). */
#define EML_REGIME_SHIPPED_FILE "regimes/2023.csv"

typedef struct eml_regime_rule {
  char *rule;
  int has_activity;
  eml_activity activity;
  char *value; /* "" when not known */
  char *unit;
  char *source;
  char *source_status;
  char *note;
} eml_regime_rule;

typedef struct eml_regime_rules {
  eml_regime_rule *rows;
  size_t n;
} eml_regime_rules;

/* Reads a rules file (the columns of data/regimes/README.md; ',' or ';').
 * A bad row is an error `FILE:LINE: column NAME: …`; a rule given twice
 * for one activity too. */
eml_status eml_regime_rules_load(const char *path, eml_regime_rules *out,
                                 eml_diag *diag) EML_MUST_CHECK;
void eml_regime_rules_free(eml_regime_rules *rules); /* frees the rows, not rules itself */

/* The row of (rule, activity), else the row of rule without an activity;
 * NULL when neither exists. */
const eml_regime_rule *eml_regime_rule_find(const eml_regime_rules *rules, const char *rule,
                                            eml_activity activity);
/* The rule's value as a whole number: 1 and *value when the row exists and
 * its value is a whole number; 0 when absent or empty (not applied). */
int eml_regime_rule_int(const eml_regime_rules *rules, const char *rule, eml_activity activity,
                        int64_t *value);
/* Is mention (non-empty) one of the `mentions` row of the activity (its
 * space-separated letters, ASCII case-insensitive)? An activity without a
 * `mentions` row has none. */
int eml_regime_mention_allowed(const eml_regime_rules *rules, eml_activity activity,
                               const char *mention);

/* ---- counts of the register at a date (lib/domain/regime_counts.c) ---- */

typedef struct eml_regime_site {
  int64_t devices;   /* CT + MRI in force under IMAGING authorisations in force */
  int64_t ct, mri;
  int64_t justified; /* of those, marked justified */
  int convention_ct, convention_mri; /* a convention in force gives access to it */
  int implanted[EML_ACTIVITY_COUNT]; /* an authorisation of the activity in force */
} eml_regime_site;

/* Does authorisation a count for (activity, mention) at `at`: in force,
 * that activity, and that mention unless mention is "" (every mention)? */
int eml_regime_authorisation_counts(const eml_authorisation *a, eml_activity activity,
                                    const char *mention, eml_date at);
/* Does the site (FINESS) hold an authorisation that counts for
 * (activity, mention) at `at`, whatever its holder? */
int eml_regime_site_implanted(const eml_register *reg, const char *finess, eml_activity activity,
                              const char *mention, eml_date at);
/* The counts of every site of reg (sorted: eml_register_sort), in *out
 * (malloc'd, reg->nsites rows, the caller frees). */
eml_status eml_regime_site_counts(const eml_register *reg, eml_date at, eml_regime_site **out)
    EML_MUST_CHECK;

typedef struct eml_regime_zone {
  int64_t implantations;   /* distinct sites */
  int64_t authorisations;  /* in force, of the activity (and mention) */
  int64_t not_implemented; /* of those, not implemented at D (counted above) */
} eml_regime_zone;
/* The implantations of zone for (activity, mention) at `at`. */
eml_status eml_regime_zone_implantations(const eml_register *reg, eml_date at,
                                         eml_activity activity, const char *mention,
                                         const char *zone, eml_regime_zone *out) EML_MUST_CHECK;

/* The checks of an imaging site on its counts (docs/regime-2023.md "The
 * checks of a site"), numbered as the balance lists them: 1, devices >= 3
 * lacking CT or MRI (a convention does not lift it); 2, more than 3
 * devices not justified; 3, above the maximum on a justified request (not
 * applied: the figure is not in the provided sources); 4, a single type
 * without a convention in force for the missing one. A site without
 * imaging devices is not checked. Returns 1 when the site trips the check,
 * with the rule and its figures in why (without the site: "4 appareils,
 * 0 scanner(s), 4 IRM — …"), else 0. The balance, the applications and
 * the conversion's report read these, so that they flag the same sites. */
#define EML_REGIME_SITE_CHECKS 4
/* The figures of checks 1 and 2 (data/regimes/2023.csv:
 * imaging_mix_min_devices, imaging_devices_by_declaration_max);
 * imaging_devices_max_justified is empty. */
#define EML_REGIME_MIX_MIN_DEVICES 3
#define EML_REGIME_DECLARATION_MAX 3
int eml_regime_site_check(const eml_regime_site *k, int check, char *why, size_t size);

#endif
