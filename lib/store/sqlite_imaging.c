/*
 * sqlite_imaging.c — imaging campaigns in the SQLite store (the second way
 * in of imaging.md: "importing a campaign into the store then reporting
 * from it"; tables of migration 3 -> 4 in sqlite.c).
 *
 * Model: a campaign is stored as the engine holds it after loading the
 * files — machines (with their order), sessions and exams with absolute
 * times (seconds since 1970), patient class, ICR (NULL when the file had
 * none) and report delay (NULL when none) — plus the loading counts of the
 * three files (rejected rows, DST-ambiguous times...) so the data-quality
 * section reads the same from the store as from the files. The rows come
 * and go through the reader and builder of eml/campaign.h (function
 * pointers over the engine's campaign: the store calls no code of the
 * engine). Saving replaces the campaign of that name inside the caller's
 * transaction; loading gives the rows back to the builder in the same
 * order, so computing from the store gives the very figures computing from
 * the files gave. A row the builder refuses is a damaged store. The values
 * of the rows, their statements and their reading back are store_rows.c's,
 * shared with pg_imaging.c; this file binds and steps them.
 */
#include "store_internal.h"
#include "store_rows.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The save's statements: one prepared insert per kind of row. */
typedef struct save_ctx {
  void *impl;
  sqlite3_int64 campaign;
  sqlite3_stmt *insert[EML_CAMPAIGN_KINDS];
} save_ctx;

/* Binds value v to parameter i; the texts live until the step (the row's
 * callback). */
static void bind_value(sqlite3_stmt *st, int i, const eml_stored_value *v) {
  if (v->type == EML_VALUE_INT)
    sqlite3_bind_int64(st, i, v->i);
  else if (v->type == EML_VALUE_REAL)
    sqlite3_bind_double(st, i, v->d);
  else if (v->type == EML_VALUE_TEXT)
    sqlite3_bind_text(st, i, v->s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

/* Inserts one row of the campaign (eml_stored_row_fn). */
static eml_status save_row(void *ctx, int kind, const eml_stored_value *v, int n) {
  save_ctx *x = ctx;
  sqlite3_stmt **st = &x->insert[kind];
  if (!*st && sqlite3_prepare_v2(eml_sqlite_db(x->impl), eml_stored_campaign_insert[kind], -1, st,
                                 NULL) != SQLITE_OK)
    return EML_ERR_STORE;
  sqlite3_bind_int64(*st, 1, x->campaign);
  for (int i = 0; i < n; i++)
    bind_value(*st, i + 2, &v[i]);
  if (sqlite3_step(*st) != SQLITE_DONE)
    return EML_ERR_STORE; /* the caller reads the message before the reset */
  sqlite3_reset(*st);
  return EML_OK;
}

/* Runs one statement of the save's head: ?1 the name, then with counts
 * the campaign's sizes and the counts text. */
static eml_status run_named(void *impl, const char *sql, const char *name, const char *counts,
                            const eml_campaign_reader *c, eml_diag *diag) {
  static const char what[] = "cannot store the campaign";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql, -1, &st, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, what);
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  if (counts) {
    sqlite3_bind_int64(st, 2, (sqlite3_int64)c->machines);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)c->sessions);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)c->exams);
    sqlite3_bind_text(st, 5, counts, -1, SQLITE_TRANSIENT);
  }
  eml_status result =
      sqlite3_step(st) == SQLITE_DONE ? EML_OK : eml_sqlite_error(impl, diag, what);
  sqlite3_finalize(st);
  return result;
}

static eml_status imaging_save(void *impl, const char *name, const eml_campaign_reader *c,
                               eml_diag *diag) {
  char counts[512];
  eml_stored_counts_text(c, counts, sizeof counts);
  eml_status st = run_named(impl, "DELETE FROM imaging_campaign WHERE name = ?1", name, NULL, c,
                            diag);
  if (!st)
    st = run_named(impl,
                   "INSERT INTO imaging_campaign(name, imported_at, machines, sessions, exams,"
                   " load_counts) VALUES(?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3, ?4,"
                   " ?5)",
                   name, counts, c, diag);
  if (st)
    return st;
  /* machines, sessions, exams: batch after batch from the reader */
  save_ctx x = {impl, sqlite3_last_insert_rowid(eml_sqlite_db(impl)), {NULL}};
  st = eml_stored_campaign_rows(c, save_row, &x);
  if (st == EML_ERR_STORE)
    st = eml_sqlite_error(impl, diag, "cannot store the campaign");
  for (int k = 0; k < EML_CAMPAIGN_KINDS; k++)
    sqlite3_finalize(x.insert[k]);
  return st;
}

/* Column i of the current row as a stored value. */
static eml_stored_value column_value(sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_INTEGER:
    return (eml_stored_value){EML_VALUE_INT, sqlite3_column_int64(st, i), 0, NULL};
  case SQLITE_FLOAT:
    return (eml_stored_value){EML_VALUE_REAL, 0, sqlite3_column_double(st, i), NULL};
  case SQLITE_NULL:
    return (eml_stored_value){0};
  default:
    return (eml_stored_value){EML_VALUE_TEXT, 0, 0, (const char *)sqlite3_column_text(st, i)};
  }
}

/* The rows of the campaign numbered id, kind after kind, to its builder. */
static eml_status feed_rows(void *impl, sqlite3_int64 id, const eml_campaign_builder *c,
                            const char *name, eml_diag *diag) {
  static const char *const sql[EML_CAMPAIGN_KINDS] = EML_CAMPAIGN_SELECTS("rowid");
  eml_stored_feed feed;
  eml_status result = eml_stored_feed_begin(&feed, c);
  for (int k = 0; k < EML_CAMPAIGN_KINDS && !result; k++) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql[k], -1, &st, NULL) != SQLITE_OK) {
      result = eml_sqlite_error(impl, diag, "cannot read the campaign");
      break;
    }
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      eml_stored_value v[EML_CAMPAIGN_VALUES_MAX];
      for (int i = 0; i < sqlite3_column_count(st) && i < EML_CAMPAIGN_VALUES_MAX; i++)
        v[i] = column_value(st, i);
      result = eml_stored_feed_row(&feed, k, v);
    }
    if (!result && rc != SQLITE_DONE)
      result = eml_sqlite_error(impl, diag, "cannot read the campaign");
    sqlite3_finalize(st);
  }
  return eml_stored_feed_end(&feed, result, eml_sqlite_path(impl), name, diag);
}

static eml_status imaging_load(void *impl, const char *name, const eml_campaign_builder *c,
                               eml_diag *diag) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl),
                         "SELECT id, load_counts FROM imaging_campaign WHERE name = ?1", -1, &st,
                         NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, "cannot read the campaign");
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return eml_stored_campaign_unknown(eml_sqlite_path(impl), name, diag);
  }
  sqlite3_int64 id = sqlite3_column_int64(st, 0);
  eml_stored_counts_parse(c, (const char *)sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  return feed_rows(impl, id, c, name, diag);
}

static eml_status imaging_each(void *impl, eml_campaign_fn fn, void *ctx, eml_diag *diag) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl),
                         "SELECT name, imported_at, machines, sessions, exams FROM imaging_campaign"
                         " ORDER BY name",
                         -1, &st, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, "cannot list the campaigns");
  eml_status result = EML_OK;
  int rc;
  while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW)
    result = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                (const char *)sqlite3_column_text(st, 1), (long)sqlite3_column_int64(st, 2),
                (long)sqlite3_column_int64(st, 3), (long)sqlite3_column_int64(st, 4));
  if (!result && rc != SQLITE_DONE)
    result = eml_sqlite_error(impl, diag, "cannot list the campaigns");
  sqlite3_finalize(st);
  return result;
}

const eml_store_imaging_ops eml_sqlite_imaging_ops = {imaging_save, imaging_load, imaging_each};
