/*
 * import_rows.h — what one row checker of the register's importers sees
 * and does (internal to lib/domain: import.c holds the table of kinds and
 * the reading, import_regime.c the checkers of the 2023 regime's files).
 * A checker reads one record through the input pipeline's getters, checks
 * it against the store (references, duplicates), stores it and writes the
 * row's key for the audit log.
 */
#ifndef EML_DOMAIN_IMPORT_ROWS_H
#define EML_DOMAIN_IMPORT_ROWS_H

#include "register_rows.h"

#define EML_IMPORT_MAX_ID_BYTES 64

typedef struct eml_register_row {
  const eml_row *row;
  eml_store *store;
  eml_known_territories known;   /* the built-in départements and the store's */
  const eml_regime_rules *rules; /* the mentions of each activity; may be NULL */
} eml_register_row;

typedef eml_status (*eml_register_row_fn)(const eml_register_row *rr, char *key,
                                          size_t key_size, eml_diag *diag);

/* The store's question about one identifier (eml_store_has_site,
 * _equipment, _territory, _authorisation, _declared_device). */
typedef eml_status (*eml_store_has_id_fn)(eml_store *store, const char *id, int *exists);

/* The identifier of column i must not be stored yet: "duplicate WHAT". */
eml_status eml_import_new_id(const eml_register_row *rr, eml_store_has_id_fn has, int i,
                             const char *id, const char *what, eml_diag *diag) EML_MUST_CHECK;
/* The identifier of column i must be stored: the row is bad with the
 * message `unknown` otherwise. */
eml_status eml_import_known_id(const eml_register_row *rr, eml_store_has_id_fn has, int i,
                               const char *id, const char *unknown, eml_diag *diag) EML_MUST_CHECK;
/* The site of column i must be stored: "unknown site (… import sites.csv
 * first)". */
eml_status eml_import_known_site(const eml_register_row *rr, int i, const char *finess,
                                 eml_diag *diag) EML_MUST_CHECK;

/* The 2023 regime's files (spec regime-2023.md, docs/regime-2023.md). */
extern const eml_column_spec eml_authorisation_columns[], eml_declared_device_columns[],
    eml_convention_columns[], eml_window_columns[];
eml_status eml_import_authorisation(const eml_register_row *rr, char *key, size_t key_size,
                                    eml_diag *diag) EML_MUST_CHECK;
eml_status eml_import_declared_device(const eml_register_row *rr, char *key, size_t key_size,
                                      eml_diag *diag) EML_MUST_CHECK;
eml_status eml_import_convention(const eml_register_row *rr, char *key, size_t key_size,
                                 eml_diag *diag) EML_MUST_CHECK;
eml_status eml_import_window(const eml_register_row *rr, char *key, size_t key_size,
                             eml_diag *diag) EML_MUST_CHECK;

#endif
