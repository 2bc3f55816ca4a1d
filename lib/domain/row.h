/*
 * row.h — checking the rows of an input CSV file against a table of
 * columns (internal to libeml): where each column is, whether a row has the
 * header's width, and one getter per kind of value, each reporting
 * `FILE:LINE: column NAME: what is wrong (value 'X')` on failure. Shared by
 * the importers of the register and the applications reader.
 */
#ifndef EML_ROW_H
#define EML_ROW_H

#include "internal.h"

#define EML_ROW_MAX_COLUMNS 16

typedef struct eml_column_spec {
  const char *name;
  int required;
} eml_column_spec;

/* What a row checker sees: the reader, where each spec column is, and the
 * store for references. */
typedef struct eml_row {
  eml_csv_reader *csv;
  const eml_column_spec *columns;
  int index[EML_ROW_MAX_COLUMNS]; /* position in the file, -1 when absent */
  eml_store *store;         /* for declared territories; may be NULL */
  const eml_register *reg;  /* idem, when reading without a store; may be NULL */
} eml_row;

typedef void (*eml_warning_fn)(void *ctx, const char *file, const char *message);

/* Finds each column in the header: a required column missing or a column
 * repeated is an error; unknown columns are passed to on_warning once. */
eml_status eml_row_map_header(eml_row *r, eml_warning_fn on_warning, void *ctx, eml_diag *diag)
    EML_MUST_CHECK;
/* The record has as many fields as the header, or the error names the
 * first missing column / the first extra field. */
eml_status eml_row_check_width(const eml_row *r, eml_diag *diag) EML_MUST_CHECK;
/* s[0..*len) without the spaces and tabs around it (*len updated). */
const char *eml_trim_blanks(const char *s, size_t *len);
/* Column i of the current record, trimmed ("" when the column is absent). */
const char *eml_row_field(const eml_row *r, int i, size_t *len);
/* Reports column i as wrong with msg; returns EML_ERR_VALUE. */
eml_status eml_row_bad(const eml_row *r, int i, eml_diag *diag, const char *msg) EML_MUST_CHECK;
eml_status eml_row_duplicate(const eml_row *r, int i, eml_diag *diag, const char *what)
    EML_MUST_CHECK;
/* Getters: an empty optional column leaves *has = 0 (or "" / 0). */
eml_status eml_row_text(const eml_row *r, int i, char *dst, size_t size, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_row_finess(const eml_row *r, int i, char dst[10], eml_diag *diag) EML_MUST_CHECK;
eml_status eml_row_date(const eml_row *r, int i, int *has, eml_date *out, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_row_count(const eml_row *r, int i, int *has, int64_t *out, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_row_bool(const eml_row *r, int i, int *out, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_row_modality(const eml_row *r, int i, eml_modality *out, eml_diag *diag)
    EML_MUST_CHECK;
/* A known territory: a built-in département, one declared in the store
 * (when r->store is set) or in r->reg (when set). */
eml_status eml_row_territory(const eml_row *r, int i, char dst[8], eml_diag *diag) EML_MUST_CHECK;

/* sites.csv (registry.md): its columns, and one record checked into s (its
 * name copied into name; no duplicate check). Shared by the register's
 * import and the imaging benchmark's --sites. */
extern const eml_column_spec eml_site_columns[];
eml_status eml_row_site(const eml_row *r, eml_site *s, char *name, size_t name_size,
                        eml_diag *diag) EML_MUST_CHECK;

#endif
