/*
 * eml/input.h — what every reader of an input file shares (the input
 * pipeline, lib/io/; docs/input-files.md and docs/architecture.md): the
 * table of a file's columns, the hooks a reading calls, its counts, and
 * the one rejects file format.
 *
 * Model. A reader maps the header against its column specs (canonical
 * name, aliases, required or not, kind of value), checks each record's
 * width, reads values with typed getters that report
 * `FILE:LINE: column NAME: what is wrong (value 'X')`, and hands every bad
 * row to hooks->reject with its bytes as read; without a reject hook the
 * first bad row stops the reading. Counts add up: read = loaded + rejected
 * + skipped (skipped: rows deliberately left out, e.g. a modality the
 * imaging benchmark does not cover; 0 for most files).
 *
 * Rejects files (docs/input-files.md, "Rejects files"): a CSV that reads
 * back as the input it came from. Its first line is the input's header as
 * in the file, followed by the delimiter and `eml_reason`; then each bad
 * row as in the file, followed by the delimiter and its reason, quoted.
 * A command that reads one input writes its rejects to FILE (--rejects
 * FILE); a command that reads several writes one file per input that had
 * bad rows, named after FILE and the input: FILE `rejets.csv` and the
 * input `exams.csv` give `rejets.exams.csv`. A FILE that exists and is not
 * a regular file (/dev/null, a pipe) receives the rows of every input.
 *
 * Ownership: strings handed to hooks are valid during the call only; an
 * eml_rejects copies what it keeps.
 */
#ifndef EML_INPUT_H
#define EML_INPUT_H

#include <stddef.h>

#include "status.h"

/* ---- a file's columns --------------------------------------------------- */

/* The kind of a column's values (what its typed getter reads). */
typedef enum {
  EML_COL_TEXT = 0,
  EML_COL_INT,      /* a whole number */
  EML_COL_REAL,     /* a decimal number (comma allowed in ';' files) */
  EML_COL_DATE,     /* YYYY-MM-DD or DD/MM/YYYY */
  EML_COL_DATETIME, /* YYYY-MM-DDTHH:MM[:SS], with a space, or DD/MM/YYYY HH:MM[:SS] */
  EML_COL_BOOL,     /* 1/0, oui/non, true/false, yes/no, o/n (y/n) */
  EML_COL_FINESS,   /* nine characters with their check key */
  EML_COL_CODE      /* one of the codes of a table */
} eml_column_kind;

/* One column of a file. A table of them ends with a row whose name is
 * NULL; a row's index in the table is how the getters name the column. */
typedef struct eml_column_spec {
  const char *name;    /* canonical, as in the spec and in diagnostics */
  int required;        /* the header must have it (and, for most kinds, a value) */
  eml_column_kind kind;
  const char *aliases; /* other header names accepted, '|'-separated; NULL: none */
} eml_column_spec;

/* ---- hooks and counts ----------------------------------------------------- */

/* A bad row: why (FILE:LINE: column NAME: ...), and its bytes as in the
 * file without the line end (raw_len may be 0 for a row not from a file).
 * A raw copy is at most EML_RAW_ROW_MAX bytes: a row that long was cut. */
typedef void (*eml_reject_fn)(void *ctx, const eml_diag *why, const char *raw, size_t raw_len);
/* A warning about a file (unknown columns, listed once). */
typedef void (*eml_warning_fn)(void *ctx, const char *file, const char *message);

#define EML_RAW_ROW_MAX ((size_t)64 << 20)

/* What a reading does besides loading rows. hooks NULL = all zero. */
typedef struct eml_read_hooks {
  eml_reject_fn reject;      /* NULL: the first bad row stops the reading */
  eml_warning_fn on_warning; /* NULL: warnings are dropped */
  void *ctx;                 /* given to both */
} eml_read_hooks;

/* Rows of a reading: read = loaded + rejected + skipped. */
typedef struct eml_read_counts {
  long read, loaded, rejected, skipped;
} eml_read_counts;

/* ---- the rejects writer ------------------------------------------------- */

typedef struct eml_rejects eml_rejects;

/* Prepares the rejects of a command reading the inputs named (n of them,
 * as they appear in the diagnostics' file names). With one input, FILE is
 * created at once with its header line; with several, each input's file
 * is created at its first bad row. EML_ERR_IO with diag when FILE cannot
 * be written. */
eml_status eml_rejects_open(const char *path, const char *const *inputs, size_t n,
                            eml_rejects **out, eml_diag *diag) EML_MUST_CHECK;
/* Writes one bad row to the rejects of why->file. A write error is kept
 * and returned by eml_rejects_flush / eml_rejects_close. */
eml_status eml_rejects_write(eml_rejects *r, const eml_diag *why, const char *raw, size_t raw_len) EML_MUST_CHECK;
/* eml_rejects_write, the input's header line read from read_from (NULL:
 * from why->file): for a file read under another name than its
 * diagnostics give (a file sent to the dashboard, saved to a temporary
 * file, named as the browser named it). */
eml_status eml_rejects_write_from(eml_rejects *r, const eml_diag *why, const char *read_from,
                                  const char *raw, size_t raw_len) EML_MUST_CHECK;
/* eml_rejects_write as an eml_reject_fn (ctx: the eml_rejects). */
void eml_rejects_hook(void *rejects, const eml_diag *why, const char *raw, size_t raw_len);
/* The path the rejects of input go to (for a reader that writes its own
 * format beside, e.g. FINESS XML records). */
void eml_rejects_path_for(const eml_rejects *r, const char *input, char *buf, size_t size);
/* The same rule without a writer: where --rejects path puts the rejects of
 * input for a command reading n_inputs inputs (for the messages saying
 * where bad rows went). */
void eml_rejects_path(const char *path, size_t n_inputs, const char *input, char *buf,
                      size_t size);
/* Flushes every file: the rows are on disk (or the first error, diag
 * naming the file and --rejects). */
eml_status eml_rejects_flush(eml_rejects *r, eml_diag *diag) EML_MUST_CHECK;
/* Files written so far: their paths and rows, in the order they were
 * created. */
size_t eml_rejects_count(const eml_rejects *r);
const char *eml_rejects_file(const eml_rejects *r, size_t i, long *rows);
/* Flushes and closes every file, frees r (accepts NULL); the first error
 * met since eml_rejects_open, diag naming the file and --rejects. */
eml_status eml_rejects_close(eml_rejects *r, eml_diag *diag) EML_MUST_CHECK;

#endif
