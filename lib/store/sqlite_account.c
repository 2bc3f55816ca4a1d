/*
 * sqlite_account.c — the accounts of the dashboard in the SQLite store
 * (the `users` table of migration 9 -> 10 in sqlite.c; eml/account.h).
 * Model: one row per account, keyed by name; a put inserts it or rewrites
 * everything but its creation time; the times are UTC text to the second.
 * Accounts change rarely: the statements are prepared per call.
 */
#include "store_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

eml_status eml_sqlite_account_put(void *impl, const eml_account *a, eml_diag *diag) {
  static const char sql[] =
      "INSERT INTO users(name, role, finess, hash, disabled, created, updated)"
      " VALUES(?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
      " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT(name) DO UPDATE SET"
      " role = excluded.role, finess = excluded.finess, hash = excluded.hash,"
      " disabled = excluded.disabled, updated = excluded.updated";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql, -1, &st, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("écriture du compte impossible"));
  sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, a->role, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, a->finess, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, a->hash, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 5, a->disabled != 0);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? EML_OK
                           : eml_sqlite_error(impl, diag, N_("écriture du compte impossible"));
}

static void copy_column(sqlite3_stmt *st, int i, char *out, size_t size) {
  const unsigned char *t = sqlite3_column_text(st, i);
  snprintf(out, size, "%s", t ? (const char *)t : "");
}

eml_status eml_sqlite_account_each(void *impl, const char *name, eml_account_fn fn, void *ctx,
                                   eml_diag *diag) {
  static const char sql[] = "SELECT name, role, finess, hash, disabled, created, updated"
                            " FROM users WHERE ?1 IS NULL OR name = ?1 ORDER BY name";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql, -1, &st, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("lecture des comptes impossible"));
  if (name)
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  eml_status result = EML_OK;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    eml_account a;
    memset(&a, 0, sizeof a);
    copy_column(st, 0, a.name, sizeof a.name);
    copy_column(st, 1, a.role, sizeof a.role);
    copy_column(st, 2, a.finess, sizeof a.finess);
    copy_column(st, 3, a.hash, sizeof a.hash);
    a.disabled = sqlite3_column_int(st, 4) != 0;
    copy_column(st, 5, a.created, sizeof a.created);
    copy_column(st, 6, a.updated, sizeof a.updated);
    if ((result = fn(ctx, &a)))
      break;
  }
  if (!result && rc != SQLITE_DONE)
    result = eml_sqlite_error(impl, diag, N_("lecture des comptes impossible"));
  sqlite3_finalize(st);
  return result;
}
