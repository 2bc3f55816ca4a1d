/*
 * eml/import.h — importing the register's CSV files into the store
 * (registry.md Inputs; spec README "Bad input").
 *
 * Model: the input pipeline's loop reads a file (eml/input.h); each kind
 * of file is a table of columns and a row parser. Every row is checked
 * (form, codes, dates, FINESS key, references, duplicates) and stored
 * inside one import session (one transaction, each row under its own
 * savepoint). A bad row is reported as `FILE:LINE: column NAME: what is
 * wrong (value 'X')` through hooks.reject. Without a rejects file the
 * import is all-or-nothing: one bad row and the transaction is rolled back,
 * the store is left exactly as it was. With a rejects file the good rows
 * are committed and every bad row is written to it verbatim, followed by
 * its reason in a last column `eml_reason` (the one rejects format).
 * Always: read = loaded + rejected. Every stored row and the import itself
 * are written to the audit log.
 */
#ifndef EML_IMPORT_H
#define EML_IMPORT_H

#include "csv.h"
#include "regime.h"
#include "input.h"
#include "status.h"
#include "store.h"

typedef enum {
  EML_IMPORT_SITES = 0,
  EML_IMPORT_EQUIPMENT,
  EML_IMPORT_TARGETS,
  EML_IMPORT_TERRITORIES,
  EML_IMPORT_NOTES,
  /* the 2023 regime (spec regime-2023.md) */
  EML_IMPORT_AUTHORISATIONS,
  EML_IMPORT_DEVICES,
  EML_IMPORT_CONVENTIONS,
  EML_IMPORT_WINDOWS,
  EML_IMPORT_KIND_COUNT
} eml_import_kind;

/* "sites", "equipment", "targets", "territories", "notes", and for the
 * 2023 regime "authorisations", "devices", "conventions", "windows". */
eml_status eml_import_kind_parse(const char *name, eml_import_kind *out) EML_MUST_CHECK;
const char *eml_import_kind_name(eml_import_kind kind);

typedef struct eml_import_options {
  eml_csv_options csv;
  const char *user;         /* who, for the audit log */
  const char *rejects_path; /* NULL: all-or-nothing */
  /* told of each bad row (reject) and of warnings (unknown columns); the
   * import reads every row whatever these are */
  eml_read_hooks hooks;
  /* the rules of the 2023 regime (eml/regime.h): the mentions each activity
   * has, for authorisations.csv and targets.csv; NULL: a mention is refused */
  const eml_regime_rules *rules;
} eml_import_options;

typedef struct eml_import_result {
  long read, loaded, rejected;
  int committed; /* the good rows are in the store */
} eml_import_result;

/* Returns EML_OK when every row was loaded; EML_ERR_REJECTED when rows were
 * rejected (committed only with a rejects file); another error when the file
 * cannot be imported at all (diag says why; nothing stored). */
eml_status eml_import_file(eml_store *store, eml_import_kind kind, const char *path,
                           const eml_import_options *opts, eml_import_result *result,
                           eml_diag *diag) EML_MUST_CHECK;

#endif
