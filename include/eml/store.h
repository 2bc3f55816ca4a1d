/*
 * eml/store.h — the storage interface of eml. Every read and write of the
 * persistent register goes through these functions; the one backend today
 * is SQLite (lib/store/sqlite.c, the default, a file such as eml.db), and
 * PostgreSQL is planned behind the same functions (lib/store/store.c
 * dispatches through a table of operations).
 *
 * Model: a store holds the register (sites, equipment, targets, territories,
 * notes) and the audit log of every change. The schema is versioned; opening
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
#include "imaging.h"
#include "rt.h"
#include "status.h"

typedef struct eml_store eml_store;

typedef enum {
  EML_STORE_OPEN_EXISTING = 0, /* fail when the store does not exist */
  EML_STORE_CREATE = 1,        /* create it when missing (eml init) */
  EML_STORE_READ_ONLY = 2      /* open an existing store for reading */
} eml_store_mode;

#define EML_STORE_SCHEMA_VERSION 4

eml_status eml_store_open(const char *path, eml_store_mode mode, eml_store **out, eml_diag *diag);
void eml_store_close(eml_store *store); /* accepts NULL */
int eml_store_schema_version(eml_store *store);
/* The schema version the store had when opened: lower than the current one
 * when eml_store_open migrated it (0 for a store it created). */
int eml_store_opened_version(eml_store *store);

eml_status eml_store_begin(eml_store *store, eml_diag *diag);
eml_status eml_store_commit(eml_store *store, eml_diag *diag);
eml_status eml_store_rollback(eml_store *store);
eml_status eml_store_savepoint(eml_store *store);
eml_status eml_store_release(eml_store *store);
eml_status eml_store_rollback_to_savepoint(eml_store *store);

/* Existence checks used by importers to name the problem precisely. */
eml_status eml_store_has_site(eml_store *store, const char *finess, int *exists);
eml_status eml_store_has_equipment(eml_store *store, const char *id, int *exists);
eml_status eml_store_has_target(eml_store *store, const eml_target *t, int *exists);
eml_status eml_store_has_territory(eml_store *store, const char *code, int *exists);
eml_status eml_store_has_note(eml_store *store, const eml_note *n, int *exists);

eml_status eml_store_insert_site(eml_store *store, const eml_site *site, eml_diag *diag);
eml_status eml_store_insert_equipment(eml_store *store, const eml_equipment *e, eml_diag *diag);
eml_status eml_store_insert_target(eml_store *store, const eml_target *t, eml_diag *diag);
eml_status eml_store_insert_territory(eml_store *store, const eml_territory_row *t,
                                      eml_diag *diag);
eml_status eml_store_insert_note(eml_store *store, const eml_note *n, eml_diag *diag);

/* The FINESS extractions (finess.md, eml/finess.h). A site's full FINESS
 * record and coordinates live beside it; a device loaded from FINESS is
 * keyed by its authorisation number (finess_device). `seen` marks the
 * devices held by the extraction being imported, so those it no longer
 * holds can be ended. */
/* The site with that FINESS; out->name is malloc'd (caller frees). */
eml_status eml_store_find_site(eml_store *store, const char *finess, eml_site *out, int *exists);
eml_status eml_store_update_site(eml_store *store, const eml_site *site, eml_diag *diag);
/* Updates every column of the device with e->id. */
eml_status eml_store_update_equipment(eml_store *store, const eml_equipment *e, eml_diag *diag);
/* The 30 named fields of a FINESS `structureet` line after its type, in
 * the file's order (issue 8): the columns of the store's finess_site table. */
#define EML_FINESS_SITE_FIELD_LIST(X) \
  X(nofinesset) X(nofinessej) X(rs) X(rslongue) X(complrs) X(compldistrib) X(numvoie) \
  X(typvoie) X(voie) X(compvoie) X(lieuditbp) X(commune) X(departement) X(libdepartement) \
  X(ligneacheminement) X(telephone) X(telecopie) X(categetab) X(libcategetab) \
  X(categagretab) X(libcategagretab) X(siret) X(codeape) X(codemft) X(libmft) X(codesph) \
  X(libsph) X(dateouv) X(dateautor) X(datemaj)
#define EML_FINESS_SITE_FIELDS 30
/* Stores (or updates) the FINESS record of a site: its 30 fields, in the
 * order above, values[0] being its FINESS number. Coordinates are kept. */
eml_status eml_store_finess_put_site(eml_store *store, const char *const *values, eml_diag *diag);
/* Coordinates of a site already stored; *found = 0 when there is none. */
eml_status eml_store_finess_put_location(eml_store *store, const char *finess, double x, double y,
                                         const char *source, const char *updated, int *found,
                                         eml_diag *diag);
/* The device of an authorisation; out->id is malloc'd (caller frees);
 * *seen: already met in the extraction being imported. */
eml_status eml_store_finess_find_device(eml_store *store, const char *authorisation,
                                        eml_equipment *out, int *seen, int *exists);
/* Links (or relinks) an authorisation to its device and marks it seen. */
eml_status eml_store_finess_put_device(eml_store *store, const char *authorisation,
                                       const char *equipment_id, const char *record,
                                       const char *flag, eml_diag *diag);
/* Marks every FINESS device unseen (start of an import). */
eml_status eml_store_finess_unsee(eml_store *store, eml_diag *diag);
/* Calls fn for each FINESS device not seen and not ended. */
typedef eml_status (*eml_finess_unseen_fn)(void *ctx, const char *authorisation,
                                           const eml_equipment *e);
eml_status eml_store_finess_each_unseen(eml_store *store, eml_finess_unseen_fn fn, void *ctx,
                                        eml_diag *diag);

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
                           const char *after, eml_diag *diag);
typedef eml_status (*eml_audit_fn)(void *ctx, const eml_audit_entry *entry);
/* Calls fn for the entries, newest last; limit 0 = all; entity NULL = all. */
eml_status eml_store_each_audit(eml_store *store, const char *entity, long limit, eml_audit_fn fn,
                                void *ctx, eml_diag *diag);

/* Loads the whole register (small: a national register holds about
 * 100,000 sites and 5,000 devices) into memory. */
eml_status eml_store_load_register(eml_store *store, eml_register *out, eml_diag *diag);

/* Radiotherapy (radiotherapy.md; lib/store/sqlite_rt.c). rt_save replaces
 * the stored data set by data, inside the caller's transaction; patients
 * are kept as their pseudonyms only, with a check value of the key (a
 * pseudonym of a fixed text): saving data pseudonymised with another key
 * than the stored data is refused (EML_ERR_VALUE). rt_load fills an empty
 * data set (eml_rt_data_new) with what is stored. */
eml_status eml_store_rt_save(eml_store *store, const eml_rt_data *data, eml_diag *diag);
eml_status eml_store_rt_load(eml_store *store, eml_rt_data *data, eml_diag *diag);
/* Opens the store at path for reading, loads its radiotherapy data into
 * data and closes it: what `eml rt`, `eml report rt` and the dashboard read. */
eml_status eml_store_rt_read(const char *path, eml_rt_data *data, eml_diag *diag);

/* Imaging campaigns (imaging.md, "Two ways in"; lib/store/sqlite_imaging.c):
 * a named campaign's machines, sessions and exams as the engine holds them.
 * imaging_save replaces the campaign of that name, inside the caller's
 * transaction; imaging_load fills an empty campaign (EML_ERR_NOT_FOUND when
 * no campaign has that name); imaging_each lists the stored campaigns. */
eml_status eml_store_imaging_save(eml_store *store, const char *name,
                                  const eml_imaging_campaign *campaign, eml_diag *diag);
eml_status eml_store_imaging_load(eml_store *store, const char *name,
                                  eml_imaging_campaign *campaign, eml_diag *diag);
typedef eml_status (*eml_campaign_fn)(void *ctx, const char *name, const char *imported_at,
                                      long machines, long sessions, long exams);
eml_status eml_store_imaging_each(eml_store *store, eml_campaign_fn fn, void *ctx,
                                  eml_diag *diag);

#endif
