/*
 * pg_internal.h — what the files of the PostgreSQL backend share (pg.c,
 * pg_imaging.c, pg_rt.c): the connection, the parameters of one statement
 * (every value bound as text, none written into SQL), running a statement
 * and reporting its failure.
 */
#ifndef EML_PG_INTERNAL_H
#define EML_PG_INTERNAL_H

#include "store_internal.h"

#include <libpq-fe.h>

#define EML_PG_PARAMS_MAX 40 /* the widest statement: a FINESS record (30 + 4 coordinates) */

/* The values of one statement's $1..$n, as texts (NULL: SQL NULL). */
typedef struct eml_pg_params {
  int n;
  const char *v[EML_PG_PARAMS_MAX];
  char buf[EML_PG_PARAMS_MAX][40]; /* the texts of numbers and dates */
  int len[EML_PG_PARAMS_MAX], binary[EML_PG_PARAMS_MAX]; /* eml_pg_bytes' values */
} eml_pg_params;

void eml_pg_text(eml_pg_params *p, const char *v);       /* "" or NULL: NULL */
void eml_pg_text_empty(eml_pg_params *p, const char *v); /* NULL: '' (NOT NULL columns) */
void eml_pg_date(eml_pg_params *p, int has, eml_date d); /* ISO text, or NULL */
void eml_pg_int(eml_pg_params *p, int has, int64_t v);
void eml_pg_double(eml_pg_params *p, double v); /* exact: 17 significant digits */
/* bytes sent as they are (libpq's binary format: a bytea, no hex text);
 * data must live until the statement has run; not for eml_pg_copy_row */
void eml_pg_bytes(eml_pg_params *p, const void *data, size_t len);

PGconn *eml_pg_conn(void *impl);
const char *eml_pg_path(void *impl); /* the URI, its password hidden */
/* Runs sql with p's values (p may be NULL); the result, never NULL on
 * success of the call (PQclear it). */
PGresult *eml_pg_exec(void *impl, const char *sql, const eml_pg_params *p);
/* Sets diag to "WHAT : the server's message" (what: a French msgid marked N_(),
 * translated here) and clears r; EML_ERR_STORE. */
eml_status eml_pg_fail(void *impl, PGresult *r, eml_diag *diag, const char *what);
/* Runs a query: EML_OK and its rows in *out (PQclear them), or diag set
 * as eml_pg_fail does, *out NULL and EML_ERR_STORE. */
eml_status eml_pg_query(void *impl, const char *sql, const eml_pg_params *p, eml_diag *diag,
                        const char *what, PGresult **out) EML_MUST_CHECK;
/* Runs a statement that returns no rows; *changed (may be NULL): the rows
 * it changed. A failure other than a constraint (connection lost, disk
 * full) is EML_ERR_IO, not the row's fault (as in sqlite.c). */
eml_status eml_pg_command(void *impl, const char *sql, const eml_pg_params *p, eml_diag *diag,
                          const char *what, long *changed) EML_MUST_CHECK;
/* Text of a result's cell; NULL for SQL NULL. */
const char *eml_pg_cell(const PGresult *r, int row, int col);
/* Reads in one snapshot: begins a read-only REPEATABLE READ transaction
 * when none is open (*began says), so that a reader never sees an import
 * half done; eml_pg_read_end ends it. */
eml_status eml_pg_read_begin(void *impl, int *began, eml_diag *diag) EML_MUST_CHECK;
void eml_pg_read_end(void *impl, int began);

/* A bulk write: COPY FROM STDIN in the caller's transaction, the rows in
 * COPY's text format (tab between values, \N for NULL, backslash, tab,
 * newline and carriage return escaped), sent by blocks of the buffer. */
typedef struct eml_pg_copy {
  void *impl;
  eml_diag *diag;
  const char *what;
  int failed;  /* a block was refused: the rest is not sent */
  size_t used; /* bytes of buf */
  char buf[65536];
} eml_pg_copy;
/* Starts the COPY of the table and columns of insert, an "INSERT INTO
 * t(c1, ..., cn) VALUES(...)" whose parameters are the row's values in
 * order (so that a writer of rows one by one gives its own statement). */
eml_status eml_pg_copy_begin(void *impl, eml_pg_copy *c, const char *insert, eml_diag *diag,
                             const char *what) EML_MUST_CHECK;
/* One row: p's values (eml_pg_text... as for a statement). */
eml_status eml_pg_copy_row(eml_pg_copy *c, const eml_pg_params *p) EML_MUST_CHECK;
/* Ends the COPY: the server checks the rows (constraints) here. With
 * status not EML_OK, the COPY is abandoned and status returned. */
eml_status eml_pg_copy_end(eml_pg_copy *c, eml_status status) EML_MUST_CHECK;

eml_status eml_pg_rt_save(void *impl, const eml_rt_data *data, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_pg_rt_load(void *impl, eml_rt_data *data, eml_diag *diag) EML_MUST_CHECK;
extern const eml_store_imaging_ops eml_pg_imaging_ops;
eml_status eml_pg_account_put(void *impl, const eml_account *a, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_pg_account_each(void *impl, const char *name, eml_account_fn fn, void *ctx,
                               eml_diag *diag) EML_MUST_CHECK;

#endif
