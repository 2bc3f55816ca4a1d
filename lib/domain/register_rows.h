/*
 * register_rows.h — the getters of the register's own values, on top of
 * the input pipeline's row checker (io/row.h; internal to libeml): a
 * modality, a known territory, a whole sites.csv record. Shared by the
 * register's importers, the applications reader and the imaging
 * benchmark's --sites.
 */
#ifndef EML_DOMAIN_REGISTER_ROWS_H
#define EML_DOMAIN_REGISTER_ROWS_H

#include "io/row.h"

/* Where territories are declared besides the built-in départements: the
 * store (eml import) or a register in memory (eml requests); both may be
 * NULL. */
typedef struct eml_known_territories {
  eml_store *store;
  const eml_register *reg;
} eml_known_territories;

eml_status eml_row_modality(const eml_row *r, int i, eml_modality *out, eml_diag *diag) EML_MUST_CHECK;
/* An activity of the 2023 regime (IMAGING, NUCLEAR, INTERVENTIONAL,
 * RADIOTHERAPY). */
eml_status eml_row_activity(const eml_row *r, int i, eml_activity *out, eml_diag *diag) EML_MUST_CHECK;
/* A device modality or, for a row of the 2023 regime, an activity (the
 * `modality` column of targets.csv and requests.csv): *is_activity says
 * which of *activity / *modality is set. */
eml_status eml_row_modality_or_activity(const eml_row *r, int i, int *is_activity,
                                        eml_activity *activity, eml_modality *modality,
                                        eml_diag *diag) EML_MUST_CHECK;
/* An optional mention of activity a, copied into dst ("" when empty): one
 * of the activity's `mentions` row of the rules (data/regimes/2023.csv);
 * rules NULL: any mention is refused. */
eml_status eml_row_mention(const eml_row *r, int i, const eml_regime_rules *rules,
                           eml_activity a, char dst[4], eml_diag *diag) EML_MUST_CHECK;
/* A known territory: a built-in département, or one declared in known. */
eml_status eml_row_territory(const eml_row *r, int i, const eml_known_territories *known,
                             char dst[8], eml_diag *diag) EML_MUST_CHECK;

/* sites.csv (registry.md): its columns, and one record checked into s (its
 * name copied into name; no duplicate check). */
extern const eml_column_spec eml_site_columns[];
eml_status eml_row_site(const eml_row *r, const eml_known_territories *known, eml_site *s,
                        char *name, size_t name_size, eml_diag *diag) EML_MUST_CHECK;

#endif
