/*
 * rows.h — private helpers of the readers of lib/imaging (schedule.c,
 * appointments.c): trimmed fields, required columns, and the handling of a
 * bad row (stop, or hand it to the reject callback and go on).
 */
#ifndef EML_IMAGING_ROWS_H
#define EML_IMAGING_ROWS_H

#include "internal.h"

#include "eml/schedule.h"

/* Field of the current record at column col, trimmed of spaces and tabs;
 * col < 0 (optional column absent) gives "" with *len 0. */
const char *eml_imaging_field(const eml_csv_reader *r, int col, size_t *len);

/* Finds each name; a missing one is an error of the header (line 1) unless
 * optional[i]. idx[i] = -1 for an absent optional column. */
eml_status eml_row_columns(const eml_csv_reader *r, const char *const *names, const int *optional,
                           int *idx, size_t n, eml_diag *diag);

/* 1 when the record has as many fields as the header; else diag says so. */
int eml_row_width_ok(const eml_csv_reader *r, eml_diag *diag);

/* Sets diag to `FILE:LINE: column NAME: message (value 'X')` for the current
 * record and the field at col. */
void eml_row_error(const eml_csv_reader *r, eml_diag *diag, int col, const char *name,
                   const char *message);

/* After a bad row (diag filled): with a reject callback, hands it the raw
 * record, counts it and returns EML_OK (go on); otherwise returns st. */
eml_status eml_row_reject(const eml_csv_reader *r, eml_status st, eml_row_reject_fn reject,
                          void *reject_ctx, eml_read_counts *counts, const eml_diag *diag);

/* Parses the current record and stores it: EML_OK, a row error
 * (EML_ERR_VALUE, EML_ERR_CSV...: diag filled, the row is rejected), or
 * EML_ERR_NOMEM / EML_ERR_TOO_LARGE (the reading stops). */
typedef eml_status (*eml_row_fn)(void *ctx, const eml_csv_reader *r, eml_diag *diag);

/* Reads every record after the header: checks its width, calls row_fn,
 * counts, hands bad rows to reject (or stops at the first without one).
 * Closes the reader. */
eml_status eml_row_read_all(eml_csv_reader *r, eml_row_fn row_fn, void *ctx,
                            eml_row_reject_fn reject, void *reject_ctx, eml_read_counts *counts,
                            eml_diag *diag);

/* Opens a file (data NULL) or a memory buffer. */
eml_status eml_row_open(const char *name, const char *data, size_t len,
                        const eml_csv_options *csv_opts, eml_csv_reader **r, eml_diag *diag);
/* counts, or local when counts is NULL, zeroed. */
eml_read_counts *eml_row_counts(eml_read_counts *counts, eml_read_counts *local);

#endif
