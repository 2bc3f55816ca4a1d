/*
 * store_internal.h — the table of operations a storage backend provides.
 * store.c forwards every public eml_store_* call through it; sqlite.c and
 * pg.c (PostgreSQL) fill it.
 */
#ifndef EML_STORE_INTERNAL_H
#define EML_STORE_INTERNAL_H

#include "internal.h"

/* The transaction operations of the interface (eml/store.h): one
 * transaction at a time, and in it one savepoint at a time (the row being
 * imported). ROLLBACK_TO_SAVEPOINT undoes the row and ends its savepoint. */
typedef enum {
  EML_TX_BEGIN = 0, /* a write transaction, taking the write lock at once */
  EML_TX_COMMIT,
  EML_TX_ROLLBACK,
  EML_TX_SAVEPOINT,
  EML_TX_RELEASE,
  EML_TX_ROLLBACK_TO_SAVEPOINT
} eml_store_tx;

/* A backend's imaging campaigns (sqlite_imaging.c, pg_imaging.c). */
typedef struct eml_store_imaging_ops {
  eml_status (*save)(void *impl, const char *name, const eml_campaign_reader *c, eml_diag *diag);
  eml_status (*load)(void *impl, const char *name, const eml_campaign_builder *c,
                     eml_diag *diag);
  eml_status (*each)(void *impl, eml_campaign_fn fn, void *ctx, eml_diag *diag);
} eml_store_imaging_ops;

/* The record of a finess_site row of schema 12 (its 29 columns after
 * nofinesset, NULL read '') as eml_finess_record_put joins it (store.h):
 * each field after a separator, the first separator cut. The migrations
 * 12 -> 13 of both backends. */
#define EML_FINESS_RECORD_SQL_PART(name) "'\x1f' || coalesce(" #name ", '') || "
#define EML_FINESS_RECORD_SQL \
  "substr(" EML_FINESS_RECORD_FIELD_LIST(EML_FINESS_RECORD_SQL_PART) "'', 2)"

typedef struct eml_store_ops {
  const char *name;
  void (*close)(void *impl);
  int (*schema_version)(void *impl);
  int (*opened_version)(void *impl); /* before eml_store_open migrated it */
  /* eml_store_version: out zeroed by the caller */
  eml_status (*version)(void *impl, eml_store_stamp *out, eml_diag *diag);
  /* transaction control: the operation, never SQL text, so that each
   * backend speaks its own dialect (diag may be NULL) */
  eml_status (*transaction)(void *impl, eml_store_tx op, eml_diag *diag);
  eml_status (*has_site)(void *impl, const char *finess, int *exists);
  eml_status (*has_equipment)(void *impl, const char *id, int *exists);
  eml_status (*has_target)(void *impl, const eml_target *t, int *exists);
  eml_status (*has_territory)(void *impl, const char *code, int *exists);
  eml_status (*has_note)(void *impl, const eml_note *n, int *exists);
  eml_status (*insert_site)(void *impl, const eml_site *s, eml_diag *diag);
  eml_status (*insert_equipment)(void *impl, const eml_equipment *e, eml_diag *diag);
  eml_status (*insert_target)(void *impl, const eml_target *t, eml_diag *diag);
  eml_status (*insert_territory)(void *impl, const eml_territory_row *t, eml_diag *diag);
  eml_status (*insert_note)(void *impl, const eml_note *n, eml_diag *diag);
  eml_status (*audit)(void *impl, const char *user, const char *action, const char *entity,
                      const char *key, const char *before, const char *after, eml_diag *diag);
  eml_status (*each_audit)(void *impl, const char *entity, long limit, eml_audit_fn fn, void *ctx,
                           eml_diag *diag);
  eml_status (*load_register)(void *impl, eml_register *out, eml_diag *diag);
  eml_status (*rt_save)(void *impl, const eml_rt_data *data, eml_diag *diag);
  eml_status (*rt_load)(void *impl, eml_rt_data *data, eml_diag *diag);
  const eml_store_imaging_ops *imaging;
  /* the accounts of the dashboard (store.h) */
  eml_status (*account_put)(void *impl, const eml_account *a, eml_diag *diag);
  eml_status (*account_each)(void *impl, const char *name, eml_account_fn fn, void *ctx,
                             eml_diag *diag);
  /* FINESS extractions (store.h) */
  eml_status (*find_site)(void *impl, const char *finess, eml_site *out, int *exists);
  eml_status (*update_site)(void *impl, const eml_site *s, eml_diag *diag);
  eml_status (*update_equipment)(void *impl, const eml_equipment *e, eml_diag *diag);
  /* the bounds of the target with t's key (eml register amend-target) */
  eml_status (*update_target)(void *impl, const eml_target *t, eml_diag *diag);
  eml_status (*finess_put_site)(void *impl, const char *finess, const char *record,
                                const eml_finess_location *loc, eml_diag *diag);
  /* optional (NULL: store.c writes one row at a time): writes the first
   * *done rows of eml_store_finess_insert_sites' n, its batches whole or
   * not at all; EML_OK with *done < n leaves the rest to store.c, as a
   * failure does once the batch that failed is undone */
  eml_status (*finess_insert_sites)(void *impl, const char *user, const eml_finess_new_site *rows,
                                    size_t n, size_t *done);
  /* optional (NULL: no stored record is read, eml_store_finess_each_site) */
  eml_status (*finess_each_site)(void *impl, eml_finess_site_fn fn, void *ctx, eml_diag *diag);
  eml_status (*finess_put_location)(void *impl, const char *finess, const eml_finess_location *loc,
                                    int *found, eml_diag *diag);
  eml_status (*finess_find_device)(void *impl, const char *authorisation, eml_equipment *out,
                                   int *seen, int *exists);
  eml_status (*finess_put_device)(void *impl, const char *authorisation, const char *equipment_id,
                                  const char *record, const char *flag, eml_diag *diag);
  eml_status (*finess_unsee)(void *impl, eml_diag *diag);
  eml_status (*finess_each_unseen)(void *impl, eml_finess_unseen_fn fn, void *ctx, eml_diag *diag);
  /* the 2023 regime (store.h) */
  eml_status (*has_authorisation)(void *impl, const char *id, int *exists);
  eml_status (*has_declared_device)(void *impl, const char *id, int *exists);
  eml_status (*has_convention)(void *impl, const eml_convention *c, int *exists);
  eml_status (*window_overlaps)(void *impl, const eml_window *w, int *overlaps,
                                eml_window *other);
  eml_status (*insert_authorisation)(void *impl, const eml_authorisation *a, eml_diag *diag);
  eml_status (*insert_declared_device)(void *impl, const eml_declared_device *d, eml_diag *diag);
  eml_status (*insert_convention)(void *impl, const eml_convention *c, eml_diag *diag);
  eml_status (*insert_window)(void *impl, const eml_window *w, eml_diag *diag);
  eml_status (*find_authorisation)(void *impl, const char *id, eml_authorisation *out,
                                   int *exists);
  eml_status (*update_authorisation)(void *impl, const eml_authorisation *a, eml_diag *diag);
  eml_status (*find_declared_device)(void *impl, const char *id, eml_declared_device *out,
                                     int *exists);
  eml_status (*update_declared_device)(void *impl, const eml_declared_device *d, eml_diag *diag);
  eml_status (*remove_declared_device)(void *impl, const char *id, eml_diag *diag);
} eml_store_ops;

/* Opens the SQLite backend. */
eml_status eml_sqlite_open(const char *path, eml_store_mode mode, void **impl, eml_diag *diag)
    EML_MUST_CHECK;
extern const eml_store_ops eml_sqlite_ops;
/* Opens the PostgreSQL backend (pg.c): uri is a libpq connection URI. */
eml_status eml_pg_open(const char *uri, eml_store_mode mode, void **impl, eml_diag *diag)
    EML_MUST_CHECK;
extern const eml_store_ops eml_pg_ops;
/* The SQLite handle and file of a store (for sqlite_rt.c). */
struct sqlite3 *eml_sqlite_db(void *impl);
const char *eml_sqlite_path(void *impl);
/* The store's last error as the diagnostic "what : why" (a busy, full,
 * read-only or unwritable store said as such; sqlite.c), EML_ERR_STORE;
 * what is a French msgid marked N_(), translated there. */
eml_status eml_sqlite_error(void *impl, eml_diag *diag, const char *what);
/* Radiotherapy tables of the SQLite backend (sqlite_rt.c). */
eml_status eml_sqlite_rt_save(void *impl, const eml_rt_data *data, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_sqlite_rt_load(void *impl, eml_rt_data *data, eml_diag *diag) EML_MUST_CHECK;
extern const eml_store_imaging_ops eml_sqlite_imaging_ops;
/* The SQL functions of migration 9 -> 10 (eml_rt_pack), on a new connection. */
eml_status eml_sqlite_rt_functions(struct sqlite3 *db) EML_MUST_CHECK;
/* The SQL functions of migration 11 -> 12 (eml_imaging_pack_sessions,
 * eml_imaging_pack_exams; sqlite_imaging.c), on a new connection. */
eml_status eml_sqlite_imaging_functions(struct sqlite3 *db) EML_MUST_CHECK;
eml_status eml_sqlite_account_put(void *impl, const eml_account *a, eml_diag *diag)
    EML_MUST_CHECK;
eml_status eml_sqlite_account_each(void *impl, const char *name, eml_account_fn fn, void *ctx,
                                   eml_diag *diag) EML_MUST_CHECK;

#endif
