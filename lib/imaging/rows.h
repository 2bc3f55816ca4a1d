/*
 * rows.h — the reading loop of the imaging readers (schedule.c,
 * appointments.c) over the shared row checker of lib/domain/row.h: header
 * mapping, width check, one callback per record, and the handling of a bad
 * row (stop, or hand it to the reject callback and go on).
 */
#ifndef EML_IMAGING_ROWS_H
#define EML_IMAGING_ROWS_H

#include "domain/row.h"
#include "eml/imaging.h"
#include "eml/schedule.h"

/* Parses the current record and stores it: EML_OK, a row error
 * (EML_ERR_VALUE, EML_ERR_CSV...: diag filled, the row is rejected), or
 * EML_ERR_NOMEM / EML_ERR_TOO_LARGE (the reading stops). */
typedef eml_status (*eml_imaging_row_fn)(void *ctx, const eml_row *r, eml_diag *diag);

/* Opens a file (data NULL) or a memory buffer into r->csv, maps the header
 * of r->columns, calls header_fn (may be NULL) for checks of its own, then reads every record: width check, row_fn, counts
 * (zeroed first; counts may be NULL), bad rows to hooks->reject or the
 * first one stops the reading; unknown columns to hooks->on_warning.
 * Closes the reader. */
eml_status eml_imaging_read_rows(eml_row *r, const char *name, const char *data, size_t len,
                                 const eml_csv_options *csv_opts, eml_imaging_row_fn header_fn,
                                 eml_imaging_row_fn row_fn, void *ctx, const eml_read_hooks *hooks,
                                 eml_read_counts *counts, eml_diag *diag) EML_MUST_CHECK;

/* Where the readers that load into a campaign send a bad row; the first
 * member of their reading context, so that eml_imaging_reject_row (an
 * eml_row_reject_fn) hands the row as read to fn. */
typedef struct eml_imaging_reject_to {
  eml_imaging_reject_fn fn; /* may be NULL */
  void *ctx;
} eml_imaging_reject_to;
void eml_imaging_reject_row(void *reading, const eml_csv_reader *csv, const eml_diag *why);

/* The columns of schedule.csv, and the parser of one of its records into
 * row (id copied into id; diag on error), for the readers that load a
 * schedule into a campaign (schedule_load.c). */
extern const eml_column_spec eml_schedule_columns[];
eml_status eml_schedule_parse_record(const eml_row *r, eml_schedule_row *row,
                                     char id[EML_SCHEDULE_ID_MAX + 1], eml_diag *diag)
    EML_MUST_CHECK;

#endif
