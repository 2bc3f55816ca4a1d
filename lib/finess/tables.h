/*
 * tables.h — the reference tables of lib/finess, private: the equipment
 * codes (codes.c) and the AMM codes (amm.c) are loaded by one function.
 *
 * Model. A table is a struct holding `rows`, an array of at most `max`
 * rows, filled by the table's row function through the input pipeline;
 * reference data, so the first bad row fails the load (no reject hook).
 */
#ifndef EML_FINESS_TABLES_H
#define EML_FINESS_TABLES_H

#include "io/row.h"

/* Allocates *rows (max zeroed rows of `size` bytes) and reads the table
 * at path (csv may be NULL) row by row through row_fn(table). On error
 * *rows may be allocated: the table's free function frees it. */
eml_status eml_finess_table_load(const char *path, const eml_csv_options *csv,
                                 const eml_column_spec *columns, eml_row_fn row_fn, void *table,
                                 void **rows, size_t max, size_t size, eml_diag *diag)
    EML_MUST_CHECK;

#endif
