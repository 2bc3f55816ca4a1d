/*
 * eml/import.h — importing the register's CSV files into the store
 * (registry.md Inputs; spec README "Bad input").
 *
 * Model: one generic loop reads a file with the CSV reader; each kind of
 * file is a table of columns and a row parser. Every row is checked (form,
 * codes, dates, FINESS key, references, duplicates) and stored inside one
 * transaction, each row under its own savepoint. A bad row is reported as
 * `FILE:LINE: column NAME: what is wrong (value 'X')` through on_problem.
 * Without a rejects file the import is all-or-nothing: one bad row and the
 * transaction is rolled back, the store is left exactly as it was. With a
 * rejects file the good rows are committed and every bad row is written to
 * it verbatim, followed by its reason in a last column `eml_reason`.
 * Always: read = loaded + rejected. Every stored row and the import itself
 * are written to the audit log.
 */
#ifndef EML_IMPORT_H
#define EML_IMPORT_H

#include "csv.h"
#include "status.h"
#include "store.h"

typedef enum {
  EML_IMPORT_SITES = 0,
  EML_IMPORT_EQUIPMENT,
  EML_IMPORT_TARGETS,
  EML_IMPORT_TERRITORIES,
  EML_IMPORT_NOTES,
  EML_IMPORT_KIND_COUNT
} eml_import_kind;

/* "sites", "equipment", "targets", "territories", "notes". */
eml_status eml_import_kind_parse(const char *name, eml_import_kind *out) EML_MUST_CHECK;
const char *eml_import_kind_name(eml_import_kind kind);

typedef struct eml_import_options {
  eml_csv_options csv;
  const char *user;         /* who, for the audit log */
  const char *rejects_path; /* NULL: all-or-nothing */
  /* called for each bad row (and for the problem that stops an import) */
  void (*on_problem)(void *ctx, const eml_diag *diag);
  /* called for warnings (unknown columns) */
  void (*on_warning)(void *ctx, const char *file, const char *message);
  void *ctx;
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
