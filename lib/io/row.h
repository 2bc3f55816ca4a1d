/*
 * row.h — the input pipeline's row checker (internal to libeml; the public
 * half is eml/input.h): a file's header mapped against its column specs,
 * each record's width checked, one getter per kind of value, and the
 * reading loop every reader runs (open, map, each row: width, the reader's
 * row function, counts, bad rows to the hooks).
 *
 * Model. A getter reads spec column i of the current record, trimmed of
 * spaces and tabs ("" when the file has no such column), and on a bad
 * value fills diag as `FILE:LINE: column NAME: what is wrong (value 'X')`
 * and returns EML_ERR_VALUE; an empty optional value leaves *has = 0. A
 * column flagged EML_COL_SECRET (a patient identifier) is never shown as a
 * value. The header mapper matches names and aliases ASCII
 * case-insensitively, spaces trimmed; a required column missing or a
 * known one repeated is an error naming it; unknown columns are listed
 * once to hooks->on_warning, except `eml_reason`, the last column of a
 * rejects file, so that a rejects file reads back without a warning.
 *
 * Words. Three families of readers grew apart before the pipeline was
 * one: the register's (and applications, schedule, appointments, sites),
 * radiotherapy's and the imaging engine's. Their messages differ in small
 * ways ("a value is required" / "missing value"), and every one is frozen
 * by tests and golden files: eml_row.words picks the family, so that one
 * code path says what each said. Making them one wording is a change of
 * the messages users see, left for a later issue.
 */
#ifndef EML_IO_ROW_H
#define EML_IO_ROW_H

#include "internal.h"

#define EML_ROW_MAX_COLUMNS 32

typedef enum {
  EML_WORDS_REGISTER = 0, /* registry.md files, applications, schedule, appointments */
  EML_WORDS_RT,           /* the radiotherapy files */
  EML_WORDS_IMAGING       /* equipment, sessions, exams of the imaging engine */
} eml_row_words;

struct eml_profile_binding;

/* What a row checker sees: the reader, the spec, where each spec column is. */
typedef struct eml_row {
  eml_csv_reader *csv;
  const eml_column_spec *columns;
  int index[EML_ROW_MAX_COLUMNS]; /* position in the file, -1 when absent */
  eml_row_words words;
  int secret; /* 1 + the spec index of a column whose value is never shown; 0: none */
  /* an import profile bound to this reading (io/profile.h), or NULL: the
   * header mapper and eml_row_field go through it */
  struct eml_profile_binding *profile;
} eml_row;

/* A file whose first line is not a header of names (the FINESS
 * extractions): spec column i is field i of each record. */
void eml_row_positional(eml_row *r, eml_csv_reader *csv, const eml_column_spec *columns);
/* Finds each spec column in the header (name or alias): a required column
 * missing or a column repeated is an error (EML_ERR_CSV; EML_ERR_VALUE for
 * the radiotherapy words, as they always were); unknown columns are passed
 * to on_warning once (may be NULL). */
eml_status eml_row_map_header(eml_row *r, eml_warning_fn on_warning, void *ctx, eml_diag *diag) EML_MUST_CHECK;
/* The record has as many fields as the header, or the error says how many. */
eml_status eml_row_check_width(const eml_row *r, eml_diag *diag) EML_MUST_CHECK;
/* Column i of the current record, trimmed ("" when the column is absent). */
const char *eml_row_field(const eml_row *r, int i, size_t *len);
/* Reports column i as wrong with msg; returns EML_ERR_VALUE. i < 0: no
 * column (the row as a whole). */
eml_status eml_row_bad(const eml_row *r, int i, eml_diag *diag, const char *msg) EML_MUST_CHECK;
eml_status eml_row_badf(const eml_row *r, int i, eml_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5))) EML_MUST_CHECK;
/* A diagnostic a validator filled with eml's name of a column (diag->field)
 * renamed to the column of the user's file when a profile builds it
 * (`Salle (equipment_id)`; docs/i18n.md, "Diagnostics"). */
void eml_row_name_column(const eml_row *r, eml_diag *diag);
eml_status eml_row_duplicate(const eml_row *r, int i, eml_diag *diag, const char *what) EML_MUST_CHECK;

/* Hands a bad row, or a warning, on to a caller's hooks: nothing when
 * hooks or its function is NULL. For readers that count or write a row
 * before they pass it on. */
void eml_hooks_reject(const eml_read_hooks *hooks, const eml_diag *why, const char *raw,
                      size_t raw_len);
void eml_hooks_warn(const eml_read_hooks *hooks, const char *file, const char *message);

/* Getters: an empty optional column leaves *has = 0 (or "" / 0). */
eml_status eml_row_text(const eml_row *r, int i, char *dst, size_t size, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_row_finess(const eml_row *r, int i, char dst[10], eml_diag *diag) EML_MUST_CHECK;
eml_status eml_row_date(const eml_row *r, int i, int *has, eml_date *out, eml_diag *diag) EML_MUST_CHECK;
/* A date-time in Europe/Paris (eml_datetime_parse; flags as it sets them). */
eml_status eml_row_datetime(const eml_row *r, int i, int *has, eml_time *out, int *flags,
                            eml_diag *diag) EML_MUST_CHECK;
/* A whole number within [lo, hi] ("not a whole number from LO to HI"). */
eml_status eml_row_whole(const eml_row *r, int i, int64_t lo, int64_t hi, int *has, int64_t *out,
                         eml_diag *diag) EML_MUST_CHECK;
/* A whole number from 0 to 1,000,000 (counts, bounds of targets). */
eml_status eml_row_count(const eml_row *r, int i, int *has, int64_t *out, eml_diag *diag) EML_MUST_CHECK;
/* A decimal number in [min, max] (a decimal comma in ';' files). */
eml_status eml_row_real(const eml_row *r, int i, double min, double max, int *has, double *out,
                        eml_diag *diag) EML_MUST_CHECK;
/* An empty boolean is false. */
eml_status eml_row_bool(const eml_row *r, int i, int *out, eml_diag *diag) EML_MUST_CHECK;
/* One of names[0..n) (ASCII case-insensitive) as its index; empty gives
 * fallback when the column is optional. */
eml_status eml_row_code(const eml_row *r, int i, const char *const *names, size_t n,
                        int fallback, int *out, eml_diag *diag) EML_MUST_CHECK;

/* ---- the reading loop ---------------------------------------------------- */

/* Parses the current record and keeps it: EML_OK (loaded, or left out
 * when it sets *skipped), a row error (diag filled: the row is rejected),
 * or EML_ERR_NOMEM, EML_ERR_TOO_LARGE, EML_ERR_IO (the reading stops; diag
 * says why). header_fn has the same shape, called once on the header. */
typedef eml_status (*eml_row_fn)(void *ctx, const eml_row *r, int *skipped, eml_diag *diag);

typedef struct eml_rows_reading {
  const char *name;           /* the file, or the name of a memory buffer */
  const char *data;           /* NULL: read the file; else a buffer of len bytes */
  size_t len;
  const eml_csv_options *csv; /* may be NULL */
  eml_row_fn header_fn;       /* the reader's own checks of the header; may be NULL */
  eml_row_fn row_fn;
  void *ctx;                  /* given to header_fn and row_fn */
  const eml_read_hooks *hooks; /* may be NULL */
} eml_rows_reading;

/* A reject function that drops the row: for a reader whose bad rows are
 * counted and not kept, without stopping at the first. */
void eml_rows_drop(void *ctx, const eml_diag *why, const char *raw, size_t raw_len);

/* A file without a header (csv->headerless): spec column i is field i of
 * each record, header_fn is called before the first, and the width is the row
 * function's to check.
 * Opens the input into r->csv, maps the header of r->columns (unknown
 * columns to hooks->on_warning), calls header_fn, then reads every record:
 * width check, row_fn, counts (zeroed first; may be NULL); a bad row goes
 * to hooks->reject with its bytes as read, or stops the reading with its
 * status when there is no reject hook. Closes the reader. */
eml_status eml_rows_read(eml_row *r, eml_rows_reading *reading, eml_read_counts *counts,
                         eml_diag *diag) EML_MUST_CHECK;

/* A file read whole before anything of it is used: eml_rows_read with every
 * bad row handed on to reading->hooks (NULL: dropped) and the reading going
 * on; then EML_ERR_EMPTY when no row was loaded nor rejected (diag
 * "FILE:empty_line: empty"), EML_ERR_REJECTED when any was rejected (diag
 * "FILE: N rejected", rejected and rejected_plural the msgid and its plural
 * after the count, such as "ligne rejetée : rien n'est appliqué"). */
eml_status eml_rows_read_whole(eml_row *r, eml_rows_reading *reading, long empty_line,
                               const char *empty, const char *rejected,
                               const char *rejected_plural, eml_diag *diag) EML_MUST_CHECK;

#endif
