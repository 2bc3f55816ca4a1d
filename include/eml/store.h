/*
 * eml/store.h — the storage interface of eml. Every read and write of the
 * persistent register goes through these functions; two backends: SQLite
 * (lib/store/sqlite.c, the default, a file such as eml.db) and PostgreSQL
 * (lib/store/pg.c, --db postgresql://...), behind the same functions
 * (lib/store/store.c dispatches through a table of operations;
 * docs/store.md).
 *
 * Model: a store holds the register (sites, equipment, targets, territories,
 * notes; and for the 2023 regime authorisations, declared devices,
 * conventions, filing windows) and the audit log of every change. The schema is versioned; opening
 * an older store migrates it, a newer one is refused (EML_ERR_SCHEMA).
 * Writes happen inside a transaction (eml_store_begin ... commit/rollback);
 * a savepoint brackets each imported row so a bad row can be undone alone.
 * The backend is handed these operations, never SQL text, so a PostgreSQL
 * backend needs to speak no SQLite (lib/store/store_internal.h).
 * Foreign keys are enforced.
 *
 * Ownership: the store copies what it is given; rows it returns through
 * eml_store_load_register belong to the eml_register (eml_register_free).
 */
#ifndef EML_STORE_H
#define EML_STORE_H

#include "register.h"
#include "campaign.h"
#include "rt.h"
#include "account.h"
#include "status.h"

typedef struct eml_store eml_store;

typedef enum {
  EML_STORE_OPEN_EXISTING = 0, /* fail when the store does not exist */
  EML_STORE_CREATE = 1,        /* create it when missing (eml init) */
  EML_STORE_READ_ONLY = 2      /* open an existing store for reading */
} eml_store_mode;

#define EML_STORE_SCHEMA_VERSION 13 /* 7: rt_machine.replaces; 8: the compact rt tables (issue 17); 9: note.rule, note.allowance (issue 14); 10: rt passages packed by blocks (issue 17); 11: users (issue 16); 12: imaging sessions and exams packed by blocks (issue 17); 13: a site's FINESS record as one value (issue 17) */

/* path: a SQLite file, or a libpq connection URI (postgresql://... or
 * postgres://..., unix-socket hosts included: postgresql:///DB?host=/DIR)
 * for the PostgreSQL backend (docs/store.md). */
eml_status eml_store_open(const char *path, eml_store_mode mode, eml_store **out, eml_diag *diag)
    EML_MUST_CHECK;
/* 1 when path names a PostgreSQL store (a libpq URI), 0 for a SQLite file. */
int eml_store_is_uri(const char *path);
void eml_store_close(eml_store *store); /* accepts NULL */
int eml_store_schema_version(eml_store *store);
/* The schema version the store had when opened: lower than the current one
 * when eml_store_open migrated it (0 for a store it created). */
int eml_store_opened_version(eml_store *store);

/* The version of what a store holds, to keep results computed from it
 * (the dashboard's cache): two stamps of the same open store are equal
 * when nothing was committed in between, by any connection or process,
 * and the file at its path was not replaced. SQLite: PRAGMA data_version
 * (commits of other connections), the changes of this connection, and the
 * device and inode of the path; PostgreSQL: the server's snapshot
 * (pg.c), until the store keeps a change counter. Compare with
 * eml_store_stamp_equal. */
typedef struct eml_store_stamp {
  unsigned long long change[2]; /* what was committed */
  unsigned long long file[2];   /* which file (SQLite), or 0 */
} eml_store_stamp;
eml_status eml_store_version(eml_store *store, eml_store_stamp *out, eml_diag *diag)
    EML_MUST_CHECK;
int eml_store_stamp_equal(const eml_store_stamp *a, const eml_store_stamp *b);

eml_status eml_store_begin(eml_store *store, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_commit(eml_store *store, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_rollback(eml_store *store) EML_MUST_CHECK;
eml_status eml_store_savepoint(eml_store *store) EML_MUST_CHECK;
eml_status eml_store_release(eml_store *store) EML_MUST_CHECK;
eml_status eml_store_rollback_to_savepoint(eml_store *store) EML_MUST_CHECK;

/* Existence checks used by importers to name the problem precisely. */
eml_status eml_store_has_site(eml_store *store, const char *finess, int *exists) EML_MUST_CHECK;
eml_status eml_store_has_equipment(eml_store *store, const char *id, int *exists) EML_MUST_CHECK;
eml_status eml_store_has_target(eml_store *store, const eml_target *t, int *exists) EML_MUST_CHECK;
eml_status eml_store_has_territory(eml_store *store, const char *code, int *exists) EML_MUST_CHECK;
eml_status eml_store_has_note(eml_store *store, const eml_note *n, int *exists) EML_MUST_CHECK;

eml_status eml_store_insert_site(eml_store *store, const eml_site *site, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_store_insert_equipment(eml_store *store, const eml_equipment *e, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_store_insert_target(eml_store *store, const eml_target *t, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_store_insert_territory(eml_store *store, const eml_territory_row *t,
                                      eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_insert_note(eml_store *store, const eml_note *n, eml_diag *diag)
    EML_MUST_CHECK;

/* The FINESS extractions (finess.md, eml/finess.h). A site's full FINESS
 * record and coordinates live beside it; a device loaded from FINESS is
 * keyed by its authorisation number (finess_device). `seen` marks the
 * devices held by the extraction being imported, so those it no longer
 * holds can be ended. */
/* The site with that FINESS; out->name is malloc'd (caller frees). */
eml_status eml_store_find_site(eml_store *store, const char *finess, eml_site *out, int *exists)
    EML_MUST_CHECK;
eml_status eml_store_update_site(eml_store *store, const eml_site *site, eml_diag *diag)
    EML_MUST_CHECK;
/* Updates every column of the device with e->id. */
eml_status eml_store_update_equipment(eml_store *store, const eml_equipment *e, eml_diag *diag)
    EML_MUST_CHECK;
/* Rewrites the bounds (low, high, interventional) of the target with t's
 * key (period, territory, modality or activity and mention, unit). */
eml_status eml_store_update_target(eml_store *store, const eml_target *t, eml_diag *diag)
    EML_MUST_CHECK;
/* The 30 named fields of a FINESS `structureet` line after its type, in
 * the file's order (issue 8); the 29 after nofinesset make its record. */
#define EML_FINESS_SITE_FIELD_LIST(X) X(nofinesset) EML_FINESS_RECORD_FIELD_LIST(X)
#define EML_FINESS_RECORD_FIELD_LIST(X) \
  X(nofinessej) X(rs) X(rslongue) X(complrs) X(compldistrib) X(numvoie) \
  X(typvoie) X(voie) X(compvoie) X(lieuditbp) X(commune) X(departement) X(libdepartement) \
  X(ligneacheminement) X(telephone) X(telecopie) X(categetab) X(libcategetab) \
  X(categagretab) X(libcategagretab) X(siret) X(codeape) X(codemft) X(libmft) X(codesph) \
  X(libsph) X(dateouv) X(dateautor) X(datemaj)
#define EML_FINESS_SITE_FIELDS 30
/* A site's FINESS record as the store holds it (schema 13, issue 17: one
 * value, one bound parameter and one comparison rather than 30): the 29
 * fields after nofinesset (nofinessej ... datemaj), in the order above,
 * each followed by EML_FINESS_RECORD_SEP but the last, an empty field
 * empty. nofinesset is the row's key. U+001F (unit separator) is a
 * control character that no field may hold (the import refuses it). */
#define EML_FINESS_RECORD_SEP '\x1f'
#define EML_FINESS_RECORD_FIELDS (EML_FINESS_SITE_FIELDS - 1)
/* Writes field i (0: nofinessej) of a record at dst, after the separator
 * when i > 0; returns the end. The one join of a record. */
char *eml_finess_record_put(char *dst, size_t i, const char *v, size_t len);
/* Splits a record of len bytes: field[i], len[i] (not NUL-terminated) for
 * its EML_FINESS_RECORD_FIELDS fields; -1 when it has another number of
 * them (not a record eml_finess_record_put wrote). The one split. */
int eml_finess_record_split(const char *record, size_t len,
                            const char *field[EML_FINESS_RECORD_FIELDS],
                            size_t field_len[EML_FINESS_RECORD_FIELDS]);
/* The coordinates of a site (a `geolocalisation` line); source and
 * updated ("YYYY-MM-DD") are "" when the line has none. */
typedef struct eml_finess_location {
  double x, y;
  const char *source, *updated;
} eml_finess_location;
/* Stores (or updates) the FINESS record of the site with that FINESS
 * number (record: NUL-terminated, as above), with its coordinates when loc
 * is not NULL (else the stored ones are kept). A stored row equal to the
 * new one is not rewritten (a re-import writes nothing). */
eml_status eml_store_finess_put_site(eml_store *store, const char *finess, const char *record,
                                     const eml_finess_location *loc, eml_diag *diag)
    EML_MUST_CHECK;
/* A site new to the store, written whole: its register row, the audit
 * entry of its insertion (after: its JSON) and its FINESS record (keyed by
 * site->finess). */
typedef struct eml_finess_new_site {
  const eml_site *site;
  const char *after;
  const char *record;             /* as eml_store_finess_put_site */
  const eml_finess_location *loc; /* NULL: none */
} eml_finess_new_site;
/* Writes n new sites in order, as eml_store_insert_site, eml_store_audit
 * ("insert", "site") and eml_store_finess_put_site would one by one, the
 * SQLite store with a few statements for many rows (issue 17). On failure
 * *failed is the row refused, the rows before it written. */
eml_status eml_store_finess_insert_sites(eml_store *store, const char *user,
                                         const eml_finess_new_site *rows, size_t n,
                                         size_t *failed, eml_diag *diag) EML_MUST_CHECK;
/* A stored FINESS record (eml_store_finess_each_site): its key, its record
 * (record_len bytes, NUL-terminated; "" when none), its coordinates (loc
 * NULL: none); exact is 0 when the row holds what eml_store_finess_put_site
 * never writes (no record, a value that is not text, coordinates in part),
 * so that no comparison with it can be trusted. */
typedef struct eml_finess_stored_site {
  const char *finess;
  const char *record;
  size_t record_len;
  const eml_finess_location *loc;
  int exact;
} eml_finess_stored_site;
typedef eml_status (*eml_finess_site_fn)(void *ctx, const eml_finess_stored_site *site);
/* Calls fn on every stored FINESS record (texts valid during the call),
 * for an import to compare its lines with them in memory (issue 17). A
 * backend without the operation (PostgreSQL) calls it on none: every
 * record is then written, its upsert comparing. */
eml_status eml_store_finess_each_site(eml_store *store, eml_finess_site_fn fn, void *ctx,
                                      eml_diag *diag) EML_MUST_CHECK;
/* Coordinates of a site already stored; *found = 0 when there is none. */
eml_status eml_store_finess_put_location(eml_store *store, const char *finess,
                                         const eml_finess_location *loc, int *found,
                                         eml_diag *diag) EML_MUST_CHECK;
/* The device of an authorisation; out->id is malloc'd (caller frees);
 * *seen: already met in the extraction being imported. */
eml_status eml_store_finess_find_device(eml_store *store, const char *authorisation,
                                        eml_equipment *out, int *seen, int *exists) EML_MUST_CHECK;
/* Links (or relinks) an authorisation to its device and marks it seen. */
eml_status eml_store_finess_put_device(eml_store *store, const char *authorisation,
                                       const char *equipment_id, const char *record,
                                       const char *flag, eml_diag *diag) EML_MUST_CHECK;
/* Marks every FINESS device unseen (start of an import). */
eml_status eml_store_finess_unsee(eml_store *store, eml_diag *diag) EML_MUST_CHECK;
/* Calls fn for each FINESS device not seen and not ended. */
typedef eml_status (*eml_finess_unseen_fn)(void *ctx, const char *authorisation,
                                           const eml_equipment *e);
eml_status eml_store_finess_each_unseen(eml_store *store, eml_finess_unseen_fn fn, void *ctx,
                                        eml_diag *diag) EML_MUST_CHECK;

/* The 2023 regime (spec regime-2023.md, docs/regime-2023.md): site
 * authorisations (key authorisation_id), the devices declared under them
 * (key equipment_id; the authorisation must be stored: foreign key), the
 * conventions of single-type sites (key site, partner, modality, from) and
 * the filing windows (key activity, opens_on). A target's mention is part
 * of its key (eml_store_has_target). */
eml_status eml_store_has_authorisation(eml_store *store, const char *id, int *exists)
    EML_MUST_CHECK;
eml_status eml_store_has_declared_device(eml_store *store, const char *id, int *exists)
    EML_MUST_CHECK;
eml_status eml_store_has_convention(eml_store *store, const eml_convention *c, int *exists)
    EML_MUST_CHECK;
/* Does a stored window of w's activity share a day with [opens_on,
 * closes_on] (both ends inclusive)? When it does and other is not NULL,
 * *other is the first such window (by opening date). */
eml_status eml_store_window_overlaps(eml_store *store, const eml_window *w, int *overlaps,
                                     eml_window *other) EML_MUST_CHECK;
eml_status eml_store_insert_authorisation(eml_store *store, const eml_authorisation *a,
                                          eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_insert_declared_device(eml_store *store, const eml_declared_device *d,
                                            eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_insert_convention(eml_store *store, const eml_convention *c,
                                       eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_insert_window(eml_store *store, const eml_window *w, eml_diag *diag)
    EML_MUST_CHECK;
/* For re-extractions (FINESS AMM, "annule et remplace") and the
 * conversion: the stored row with that id (out->id, and for a device
 * out->authorisation_id, are malloc'd: the caller frees them); an update
 * rewrites every column of the row with that id; remove deletes a device
 * (to end one instead, update it with has_removed/removed_on). */
eml_status eml_store_find_authorisation(eml_store *store, const char *id, eml_authorisation *out,
                                        int *exists) EML_MUST_CHECK;
eml_status eml_store_update_authorisation(eml_store *store, const eml_authorisation *a,
                                          eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_find_declared_device(eml_store *store, const char *id,
                                          eml_declared_device *out, int *exists) EML_MUST_CHECK;
eml_status eml_store_update_declared_device(eml_store *store, const eml_declared_device *d,
                                            eml_diag *diag) EML_MUST_CHECK;
eml_status eml_store_remove_declared_device(eml_store *store, const char *id, eml_diag *diag)
    EML_MUST_CHECK;

/* Audit log: one entry per change. before/after are JSON texts or NULL. */
typedef struct eml_audit_entry {
  long id;
  const char *at;     /* UTC, ISO 8601 */
  const char *user;
  const char *action; /* "insert", "import", ... */
  const char *entity; /* "site", "equipment", ... */
  const char *key;
  const char *before, *after;
} eml_audit_entry;

eml_status eml_store_audit(eml_store *store, const char *user, const char *action,
                           const char *entity, const char *key, const char *before,
                           const char *after, eml_diag *diag) EML_MUST_CHECK;
typedef eml_status (*eml_audit_fn)(void *ctx, const eml_audit_entry *entry);
/* Calls fn for the entries, newest last; limit 0 = all; entity NULL = all. */
eml_status eml_store_each_audit(eml_store *store, const char *entity, long limit, eml_audit_fn fn,
                                void *ctx, eml_diag *diag) EML_MUST_CHECK;

/* The accounts of the dashboard (eml/account.h; the `users` table):
 * account_put creates the account a->name or rewrites its role, prefixes,
 * hash and flag (created kept, updated set to now); account_each calls fn
 * for the account name (NULL: every one), by name. */
eml_status eml_store_account_put(eml_store *store, const eml_account *a, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_store_account_each(eml_store *store, const char *name, eml_account_fn fn,
                                  void *ctx, eml_diag *diag) EML_MUST_CHECK;

/* Loads the whole register (small: a national register holds about
 * 100,000 sites and 5,000 devices) into memory, every kind of row sorted
 * by its key (sites by FINESS, authorisations and devices by id,
 * conventions by site, modality, from, partner; windows by activity and
 * opening date). */
eml_status eml_store_load_register(eml_store *store, eml_register *out, eml_diag *diag)
    EML_MUST_CHECK;

/* Radiotherapy (radiotherapy.md; lib/store/sqlite_rt.c). rt_save replaces
 * the stored data set by data, inside the caller's transaction; patients
 * are kept as their pseudonyms only, with a check value of the key (a
 * pseudonym of a fixed text): saving data pseudonymised with another key
 * than the stored data is refused (EML_ERR_VALUE). rt_load fills an empty
 * data set (eml_rt_data_new) with what is stored. */
eml_status eml_store_rt_save(eml_store *store, const eml_rt_data *data, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_store_rt_load(eml_store *store, eml_rt_data *data, eml_diag *diag) EML_MUST_CHECK;
/* Opens the store at path for reading, loads its radiotherapy data into
 * data and closes it: what `eml rt`, `eml report rt` and the dashboard read. */
eml_status eml_store_rt_read(const char *path, eml_rt_data *data, eml_diag *diag) EML_MUST_CHECK;

/* Imaging campaigns (imaging.md, "Two ways in"; lib/store/sqlite_imaging.c):
 * a named campaign's machines, sessions and exams as the engine holds them,
 * handed over as rows (eml/campaign.h; the engine's side is
 * eml_imaging_campaign_save_stored / _load_stored of eml/imaging.h).
 * imaging_save replaces the campaign of that name with what the reader
 * gives, inside the caller's transaction; imaging_load gives the campaign
 * of that name to the builder, in the order it was saved
 * (EML_ERR_NOT_FOUND when no campaign has that name, EML_ERR_STORE when a
 * stored row is damaged: the builder refused it); imaging_each lists the
 * stored campaigns. */
eml_status eml_store_imaging_save(eml_store *store, const char *name,
                                  const eml_campaign_reader *campaign, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_store_imaging_load(eml_store *store, const char *name,
                                  const eml_campaign_builder *campaign, eml_diag *diag) EML_MUST_CHECK;
typedef eml_status (*eml_campaign_fn)(void *ctx, const char *name, const char *imported_at,
                                      long machines, long sessions, long exams);
eml_status eml_store_imaging_each(eml_store *store, eml_campaign_fn fn, void *ctx,
                                  eml_diag *diag) EML_MUST_CHECK;

#endif
