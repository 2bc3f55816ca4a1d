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

#endif
