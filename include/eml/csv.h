/*
 * eml/csv.h — the CSV reader of every eml input file (spec README,
 * "Conventions for every input file").
 *
 * Model: a reader streams one record at a time from a file (or a memory
 * buffer). The first record is the header (unless the options say the
 * file has none). The delimiter (',', ';' or tab)
 * is the one most frequent in the header line outside quotes. RFC 4180
 * quoting: a quoted field may hold delimiters, doubled quotes and line
 * breaks. Records end with LF, CRLF or a lone CR. A UTF-8 byte-order mark is
 * skipped. Blank lines are skipped. Fields are returned in UTF-8: a
 * Windows-1252 or Latin-1 file is transcoded when the options say so, and a
 * UTF-8 file with an invalid byte is an error naming the --encoding option.
 *
 * Ownership: fields, header names and the raw record belong to the reader
 * and stay valid until the next call of eml_csv_next or eml_csv_close.
 * Limits: a field longer than max_field_bytes (default 1 MiB) is an error of
 * its record; the reader then goes on with the next record. The raw copy of
 * a record (for rejects files) is kept up to 64 MiB.
 */
#ifndef EML_CSV_H
#define EML_CSV_H

#include <stddef.h>

#include "input.h"
#include "status.h"
#include "text.h" /* eml_utf8_invalid_at, used with the reader */

typedef enum { EML_ENC_UTF8 = 0, EML_ENC_CP1252 = 1, EML_ENC_LATIN1 = 2 } eml_encoding;

/* Parses "utf8"/"utf-8", "cp1252"/"windows-1252", "latin1"/"iso-8859-1"/
 * "iso-8859-15". Returns EML_ERR_VALUE for any other name. */
eml_status eml_encoding_parse(const char *name, eml_encoding *out) EML_MUST_CHECK;

typedef struct eml_csv_options {
  eml_encoding encoding;
  char delimiter;         /* 0: detect from the header line */
  size_t max_field_bytes; /* 0: 1 MiB */
  /* a file of lines of words without a header (the scenario files of
   * `eml plan scenario`): the first line is a record; with delimiter ' ',
   * a run of spaces and tabs separates two fields and blanks at the start
   * of a line are skipped */
  int headerless;
} eml_csv_options;

typedef struct eml_csv_reader eml_csv_reader;

/* Opens a file and reads its header. On error *out is NULL and diag says
 * why (missing file, empty file, bad header). opts may be NULL. */
eml_status eml_csv_open(const char *path, const eml_csv_options *opts, eml_csv_reader **out,
                        eml_diag *diag) EML_MUST_CHECK;
/* Same over a buffer that must outlive the reader; name is used in diags. */
eml_status eml_csv_open_memory(const char *name, const char *data, size_t len,
                               const eml_csv_options *opts, eml_csv_reader **out,
                               eml_diag *diag) EML_MUST_CHECK;
void eml_csv_close(eml_csv_reader *reader); /* accepts NULL */

const char *eml_csv_name(const eml_csv_reader *reader);
char eml_csv_delimiter(const eml_csv_reader *reader);
size_t eml_csv_header_count(const eml_csv_reader *reader);
/* Header name as written, trimmed of surrounding spaces. */
const char *eml_csv_header(const eml_csv_reader *reader, size_t index);
/* Index of the column whose name matches, case-insensitively and ignoring
 * surrounding spaces; -1 when absent. */
int eml_csv_column(const eml_csv_reader *reader, const char *name);

/* Reads the next record. *has_record is 0 at the end of the file. On a
 * malformed record (bad quoting, too large field, bad encoding) returns an
 * error with diag filled; the record has been consumed, its raw bytes are
 * available, and the next call goes on with the following record. An I/O
 * error is returned as EML_ERR_IO and ends the reading. */
eml_status eml_csv_next(eml_csv_reader *reader, int *has_record, eml_diag *diag) EML_MUST_CHECK;
size_t eml_csv_field_count(const eml_csv_reader *reader);
/* NUL-terminated field (may hold no NUL itself: a NUL byte is an error);
 * len may be NULL. Index beyond the count gives "". */
const char *eml_csv_field(const eml_csv_reader *reader, size_t index, size_t *len);
/* 1-based physical line where the current record starts. */
long eml_csv_line(const eml_csv_reader *reader);
/* Bytes of the current record as they are in the file, without the line
 * end; *truncated is set when the record was longer than the raw cap. */
const char *eml_csv_raw(const eml_csv_reader *reader, size_t *len, int *truncated);
/* Records returned so far, header excluded, malformed ones included. */
long eml_csv_records_read(const eml_csv_reader *reader);

#endif
