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

#endif
