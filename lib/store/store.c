/*
 * store.c — the storage interface (eml/store.h): a store is a backend's
 * operations table and its private state; every call is forwarded. The
 * backend is chosen by what --db names: a libpq URI (postgresql://,
 * postgres://) opens PostgreSQL (pg.c), anything else is a SQLite file.
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

struct eml_store {
  const eml_store_ops *ops;
  void *impl;
};

eml_status eml_store_open(const char *path, eml_store_mode mode, eml_store **out,
                          eml_diag *diag) {
  *out = NULL;
  eml_store *s = calloc(1, sizeof *s);
  if (!s)
    return EML_ERR_NOMEM;
  int pg = eml_store_is_uri(path);
  s->ops = pg ? &eml_pg_ops : &eml_sqlite_ops;
  eml_status st = pg ? eml_pg_open(path, mode, &s->impl, diag)
                     : eml_sqlite_open(path, mode, &s->impl, diag);
  if (st) {
    free(s);
    return st;
  }
  *out = s;
  return EML_OK;
}

int eml_store_is_uri(const char *path) {
  return strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0;
}

void eml_store_close(eml_store *s) {
  if (!s)
    return;
  s->ops->close(s->impl);
  free(s);
}

int eml_store_schema_version(eml_store *s) { return s->ops->schema_version(s->impl); }
int eml_store_opened_version(eml_store *s) { return s->ops->opened_version(s->impl); }

eml_status eml_store_version(eml_store *s, eml_store_stamp *out, eml_diag *d) {
  memset(out, 0, sizeof *out);
  if (!s->ops->version) { /* a backend that cannot say it: nothing is kept */
    eml_diag_set(d, NULL, 0, NULL, NULL, 0, "le stockage %s ne peut pas donner sa version",
                 s->ops->name);
    return EML_ERR_STORE;
  }
  return s->ops->version(s->impl, out, d);
}

int eml_store_stamp_equal(const eml_store_stamp *a, const eml_store_stamp *b) {
  return a->change[0] == b->change[0] && a->change[1] == b->change[1] &&
         a->file[0] == b->file[0] && a->file[1] == b->file[1];
}

eml_status eml_store_begin(eml_store *s, eml_diag *d) {
  return s->ops->transaction(s->impl, EML_TX_BEGIN, d);
}
eml_status eml_store_commit(eml_store *s, eml_diag *d) {
  return s->ops->transaction(s->impl, EML_TX_COMMIT, d);
}
eml_status eml_store_rollback(eml_store *s) {
  return s->ops->transaction(s->impl, EML_TX_ROLLBACK, NULL);
}
eml_status eml_store_savepoint(eml_store *s) {
  return s->ops->transaction(s->impl, EML_TX_SAVEPOINT, NULL);
}
eml_status eml_store_release(eml_store *s) {
  return s->ops->transaction(s->impl, EML_TX_RELEASE, NULL);
}
eml_status eml_store_rollback_to_savepoint(eml_store *s) {
  return s->ops->transaction(s->impl, EML_TX_ROLLBACK_TO_SAVEPOINT, NULL);
}

eml_status eml_store_has_site(eml_store *s, const char *finess, int *exists) {
  return s->ops->has_site(s->impl, finess, exists);
}
eml_status eml_store_has_equipment(eml_store *s, const char *id, int *exists) {
  return s->ops->has_equipment(s->impl, id, exists);
}
eml_status eml_store_has_target(eml_store *s, const eml_target *t, int *exists) {
  return s->ops->has_target(s->impl, t, exists);
}
eml_status eml_store_has_territory(eml_store *s, const char *code, int *exists) {
  return s->ops->has_territory(s->impl, code, exists);
}
eml_status eml_store_has_note(eml_store *s, const eml_note *n, int *exists) {
  return s->ops->has_note(s->impl, n, exists);
}
eml_status eml_store_insert_site(eml_store *s, const eml_site *site, eml_diag *d) {
  return s->ops->insert_site(s->impl, site, d);
}
eml_status eml_store_insert_equipment(eml_store *s, const eml_equipment *e, eml_diag *d) {
  return s->ops->insert_equipment(s->impl, e, d);
}
eml_status eml_store_insert_target(eml_store *s, const eml_target *t, eml_diag *d) {
  return s->ops->insert_target(s->impl, t, d);
}
eml_status eml_store_insert_territory(eml_store *s, const eml_territory_row *t, eml_diag *d) {
  return s->ops->insert_territory(s->impl, t, d);
}
eml_status eml_store_insert_note(eml_store *s, const eml_note *n, eml_diag *d) {
  return s->ops->insert_note(s->impl, n, d);
}
eml_status eml_store_audit(eml_store *s, const char *user, const char *action, const char *entity,
                           const char *key, const char *before, const char *after, eml_diag *d) {
  return s->ops->audit(s->impl, user, action, entity, key, before, after, d);
}
eml_status eml_store_each_audit(eml_store *s, const char *entity, long limit, eml_audit_fn fn,
                                void *ctx, eml_diag *d) {
  return s->ops->each_audit(s->impl, entity, limit, fn, ctx, d);
}
eml_status eml_store_load_register(eml_store *s, eml_register *out, eml_diag *d) {
  return s->ops->load_register(s->impl, out, d);
}

eml_status eml_store_rt_save(eml_store *s, const eml_rt_data *data, eml_diag *d) {
  return s->ops->rt_save(s->impl, data, d);
}
eml_status eml_store_rt_load(eml_store *s, eml_rt_data *data, eml_diag *d) {
  return s->ops->rt_load(s->impl, data, d);
}
eml_status eml_store_rt_read(const char *path, eml_rt_data *data, eml_diag *d) {
  eml_store *s = NULL;
  eml_status st = eml_store_open(path, EML_STORE_READ_ONLY, &s, d);
  if (!st)
    st = eml_store_rt_load(s, data, d);
  eml_store_close(s);
  return st;
}

eml_status eml_store_imaging_save(eml_store *s, const char *name, const eml_campaign_reader *c,
                                  eml_diag *d) {
  return s->ops->imaging->save(s->impl, name, c, d);
}
eml_status eml_store_imaging_load(eml_store *s, const char *name, const eml_campaign_builder *c,
                                  eml_diag *d) {
  return s->ops->imaging->load(s->impl, name, c, d);
}
eml_status eml_store_imaging_each(eml_store *s, eml_campaign_fn fn, void *ctx, eml_diag *d) {
  return s->ops->imaging->each(s->impl, fn, ctx, d);
}

/* the accounts of the dashboard */
eml_status eml_store_account_put(eml_store *s, const eml_account *a, eml_diag *d) {
  return s->ops->account_put(s->impl, a, d);
}
eml_status eml_store_account_each(eml_store *s, const char *name, eml_account_fn fn, void *ctx,
                                  eml_diag *d) {
  return s->ops->account_each(s->impl, name, fn, ctx, d);
}

/* FINESS extractions */
eml_status eml_store_find_site(eml_store *s, const char *finess, eml_site *out, int *exists) {
  return s->ops->find_site(s->impl, finess, out, exists);
}
eml_status eml_store_update_site(eml_store *s, const eml_site *site, eml_diag *d) {
  return s->ops->update_site(s->impl, site, d);
}
eml_status eml_store_update_equipment(eml_store *s, const eml_equipment *e, eml_diag *d) {
  return s->ops->update_equipment(s->impl, e, d);
}
eml_status eml_store_update_target(eml_store *s, const eml_target *t, eml_diag *d) {
  return s->ops->update_target(s->impl, t, d);
}
eml_status eml_store_finess_put_site(eml_store *s, const char *finess, const char *record,
                                     const eml_finess_location *loc, eml_diag *d) {
  return s->ops->finess_put_site(s->impl, finess, record, loc, d);
}
eml_status eml_store_finess_insert_sites(eml_store *s, const char *user,
                                         const eml_finess_new_site *rows, size_t n,
                                         size_t *failed, eml_diag *d) {
  size_t done = 0;
  if (s->ops->finess_insert_sites &&
      s->ops->finess_insert_sites(s->impl, user, rows, n, &done) == EML_OK && done == n)
    return EML_OK;
  /* the rest one row at a time: a refusal names its row */
  eml_status st = EML_OK;
  for (size_t i = done; i < n && !st; i++) {
    const eml_finess_new_site *r = &rows[i];
    *failed = i;
    if (!(st = s->ops->insert_site(s->impl, r->site, d)) &&
        !(st = s->ops->audit(s->impl, user, "insert", "site", r->site->finess, NULL, r->after, d)))
      st = s->ops->finess_put_site(s->impl, r->site->finess, r->record, r->loc, d);
  }
  return st;
}
/* A FINESS record's join and split (store.h, schema 13). */
char *eml_finess_record_put(char *dst, size_t i, const char *v, size_t len) {
  if (i > 0)
    *dst++ = EML_FINESS_RECORD_SEP;
  memcpy(dst, v, len);
  return dst + len;
}
int eml_finess_record_split(const char *record, size_t len,
                            const char *field[EML_FINESS_RECORD_FIELDS],
                            size_t field_len[EML_FINESS_RECORD_FIELDS]) {
  const char *p = record, *end = record + len;
  for (size_t i = 0; i < EML_FINESS_RECORD_FIELDS; i++) {
    const char *sep = memchr(p, EML_FINESS_RECORD_SEP, (size_t)(end - p));
    if ((sep != NULL) != (i + 1 < EML_FINESS_RECORD_FIELDS))
      return -1; /* a separator missing, or one after the last field */
    field[i] = p;
    field_len[i] = (size_t)((sep ? sep : end) - p);
    p = sep ? sep + 1 : end;
  }
  return 0;
}
eml_status eml_store_finess_each_site(eml_store *s, eml_finess_site_fn fn, void *ctx,
                                      eml_diag *d) {
  return s->ops->finess_each_site ? s->ops->finess_each_site(s->impl, fn, ctx, d) : EML_OK;
}
eml_status eml_store_finess_put_location(eml_store *s, const char *finess,
                                         const eml_finess_location *loc, int *found,
                                         eml_diag *d) {
  return s->ops->finess_put_location(s->impl, finess, loc, found, d);
}
eml_status eml_store_finess_find_device(eml_store *s, const char *authorisation,
                                        eml_equipment *out, int *seen, int *exists) {
  return s->ops->finess_find_device(s->impl, authorisation, out, seen, exists);
}
eml_status eml_store_finess_put_device(eml_store *s, const char *authorisation,
                                       const char *equipment_id, const char *record,
                                       const char *flag, eml_diag *d) {
  return s->ops->finess_put_device(s->impl, authorisation, equipment_id, record, flag, d);
}
eml_status eml_store_finess_unsee(eml_store *s, eml_diag *d) {
  return s->ops->finess_unsee(s->impl, d);
}
eml_status eml_store_finess_each_unseen(eml_store *s, eml_finess_unseen_fn fn, void *ctx,
                                        eml_diag *d) {
  return s->ops->finess_each_unseen(s->impl, fn, ctx, d);
}

/* The 2023 regime */
eml_status eml_store_has_authorisation(eml_store *s, const char *id, int *exists) {
  return s->ops->has_authorisation(s->impl, id, exists);
}
eml_status eml_store_has_declared_device(eml_store *s, const char *id, int *exists) {
  return s->ops->has_declared_device(s->impl, id, exists);
}
eml_status eml_store_has_convention(eml_store *s, const eml_convention *c, int *exists) {
  return s->ops->has_convention(s->impl, c, exists);
}
eml_status eml_store_window_overlaps(eml_store *s, const eml_window *w, int *overlaps,
                                     eml_window *other) {
  return s->ops->window_overlaps(s->impl, w, overlaps, other);
}
eml_status eml_store_insert_authorisation(eml_store *s, const eml_authorisation *a,
                                          eml_diag *d) {
  return s->ops->insert_authorisation(s->impl, a, d);
}
eml_status eml_store_insert_declared_device(eml_store *s, const eml_declared_device *dev,
                                            eml_diag *d) {
  return s->ops->insert_declared_device(s->impl, dev, d);
}
eml_status eml_store_insert_convention(eml_store *s, const eml_convention *c, eml_diag *d) {
  return s->ops->insert_convention(s->impl, c, d);
}
eml_status eml_store_insert_window(eml_store *s, const eml_window *w, eml_diag *d) {
  return s->ops->insert_window(s->impl, w, d);
}
eml_status eml_store_find_authorisation(eml_store *s, const char *id, eml_authorisation *out,
                                        int *exists) {
  return s->ops->find_authorisation(s->impl, id, out, exists);
}
eml_status eml_store_update_authorisation(eml_store *s, const eml_authorisation *a,
                                          eml_diag *d) {
  return s->ops->update_authorisation(s->impl, a, d);
}
eml_status eml_store_find_declared_device(eml_store *s, const char *id,
                                          eml_declared_device *out, int *exists) {
  return s->ops->find_declared_device(s->impl, id, out, exists);
}
eml_status eml_store_update_declared_device(eml_store *s, const eml_declared_device *dev,
                                            eml_diag *d) {
  return s->ops->update_declared_device(s->impl, dev, d);
}
eml_status eml_store_remove_declared_device(eml_store *s, const char *id, eml_diag *d) {
  return s->ops->remove_declared_device(s->impl, id, d);
}
