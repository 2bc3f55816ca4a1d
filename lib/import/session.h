/*
 * session.h — the import session (layer 6, internal to libeml): what every
 * import into the store does around its own checks, once. Used by the
 * register's importers (lib/domain/import.c), the FINESS extractions
 * (lib/finess/import.c), radiotherapy (lib/rt/store.c) and imaging
 * campaigns (lib/imaging/store.c).
 *
 * Model. A session is one write transaction. Each row (a CSV record, an
 * XML record) runs under its own savepoint: eml_import_row_begin, the
 * caller's checks and writes, eml_import_row_end, which releases the
 * savepoint of a good row and undoes a bad one alone (an importer that
 * checks its whole input before writing it, as the FINESS establishments
 * file, writes without them). A refusal of the
 * store (a constraint: EML_ERR_STORE) is the row's fault and names it; a
 * store that cannot be written (full disk, read-only file: EML_ERR_IO) or
 * no memory stops the import at once with the store's message, and so
 * does an undo the store refuses. Audit entries are built here as JSON
 * with jansson (compact, keys in the order given) from the caller's
 * objects. eml_import_end decides: with bad rows and no rejects file,
 * all-or-nothing rolls everything back (EML_ERR_REJECTED); otherwise the
 * rejects are flushed to disk first (a full disk there must not leave the
 * good rows stored and say nothing was loaded), the import's own audit
 * entry (its counts) is written and the transaction committed; with bad
 * rows the status is still EML_ERR_REJECTED, and committed says the good
 * rows are in.
 *
 * Ownership: json_t values handed to the session are taken (decref'd);
 * the rejects writer stays the caller's.
 */
#ifndef EML_IMPORT_SESSION_H
#define EML_IMPORT_SESSION_H

#include <jansson.h>

#include "io/row.h"

typedef struct eml_import_session {
  eml_store *store;
  const char *user;      /* who, for the audit log */
  eml_rejects *rejects;  /* NULL: all-or-nothing */
  const char *unit;      /* "row" or "record", in "the store refused to undo a ..." */
  int open;              /* the transaction is open */
  int committed;
  eml_status fatal;      /* what stopped the import (diag in fatal_diag) */
  eml_diag fatal_diag;
} eml_import_session;

/* Begins the transaction. rejects may be NULL (all-or-nothing). */
eml_status eml_import_begin(eml_import_session *s, eml_store *store, const char *user,
                            eml_rejects *rejects, const char *unit, eml_diag *diag) EML_MUST_CHECK;
/* A savepoint for the next row. */
eml_status eml_import_row_begin(eml_import_session *s) EML_MUST_CHECK;
/* Ends the row begun: st is what its checks and writes said; a store's
 * refusal without a line is given file:line. Returns st for the row (the
 * row is undone when it is not EML_OK), or, when the import must stop, a
 * fatal status (EML_ERR_IO, EML_ERR_NOMEM) with row_diag saying why: the
 * real status is in s->fatal, eml_import_end returns it. */
eml_status eml_import_row_end(eml_import_session *s, eml_status st, const char *file, long line,
                              eml_diag *row_diag) EML_MUST_CHECK;
/* One audit entry; before and after (may be NULL) are taken. */
eml_status eml_import_audit(eml_import_session *s, const char *action, const char *entity,
                            const char *key, json_t *before, json_t *after, eml_diag *diag) EML_MUST_CHECK;
/* The values of the row's spec columns present in the file, as a JSON
 * object (the audit entry of an inserted row); NULL when out of memory. */
json_t *eml_import_row_json(const eml_row *r);
/* Sets o[key] to the date (YYYY-MM-DD), or to null when !has. */
void eml_import_json_date(json_t *o, const char *key, int has, eml_date d);
/* The audit JSON of a site (every column but the FINESS, the key) and of
 * a device of seed 000 (the FINESS extractions and the register's edits
 * write them); NULL when out of memory. */
json_t *eml_import_site_json(const eml_site *s);
/* The same JSON of a site as compact text, appended to out (what
 * json_dumps would write of eml_import_site_json: its one definition), for
 * the imports that write many (FINESS: no jansson object per site). */
eml_status eml_import_site_text(const eml_site *s, eml_buf *out) EML_MUST_CHECK;
/* Appends "key":"value" to a compact JSON object being written, preceded
 * by '{' (first) or ','; value escaped as jansson's json_dumps does. */
eml_status eml_import_json_pair(eml_buf *out, int first, const char *key, const char *value)
    EML_MUST_CHECK;
json_t *eml_import_equipment_json(const eml_equipment *e);
/* The audit JSON of an authorisation and of a declared device of the 2023
 * regime (every column but the id, the key of the entry); NULL when out of
 * memory. The FINESS AMM extractions and the conversion write them. */
json_t *eml_import_authorisation_json(const eml_authorisation *a);
json_t *eml_import_declared_json(const eml_declared_device *d);
/* Ends the session: rejected rows without a rejects file roll everything
 * back (EML_ERR_REJECTED); else the rejects are flushed, the import's
 * entry (entity, source, summary: taken) written and the transaction
 * committed (EML_ERR_REJECTED still when rejected > 0). st: the import's
 * status so far; an error rolls back and is returned. */
eml_status eml_import_end(eml_import_session *s, eml_status st, long rejected, const char *entity,
                          const char *source, json_t *summary, eml_diag *diag) EML_MUST_CHECK;

/* Ends a session of edits by hand (eml/edit.h: no rows, no import entry):
 * commits when st is EML_OK, else rolls back and returns st. */
eml_status eml_import_finish(eml_import_session *s, eml_status st, eml_diag *diag) EML_MUST_CHECK;

#endif
