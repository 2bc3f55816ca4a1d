/*
 * pg_account.c — the accounts of the dashboard in the PostgreSQL store:
 * the twin of sqlite_account.c (the `users` table of migration 9 -> 10 in
 * pg.c; the times written as sqlite_account.c writes them).
 */
#include "pg_internal.h"

#include <stdio.h>
#include <string.h>

eml_status eml_pg_account_put(void *impl, const eml_account *a, eml_diag *diag) {
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, a->name);
  eml_pg_text_empty(&p, a->role);
  eml_pg_text_empty(&p, a->finess);
  eml_pg_text_empty(&p, a->hash);
  eml_pg_int(&p, 1, a->disabled != 0);
  return eml_pg_command(
      impl,
      "INSERT INTO users(name, role, finess, hash, disabled, created, updated)"
      " VALUES($1, $2, $3, $4, $5, to_char(clock_timestamp() AT TIME ZONE 'UTC',"
      " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), to_char(clock_timestamp() AT TIME ZONE 'UTC',"
      " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) ON CONFLICT(name) DO UPDATE SET role = excluded.role,"
      " finess = excluded.finess, hash = excluded.hash, disabled = excluded.disabled,"
      " updated = excluded.updated",
      &p, diag, N_("écriture du compte impossible"), NULL);
}

static void copy_cell(const PGresult *r, int row, int col, char *out, size_t size) {
  const char *t = eml_pg_cell(r, row, col);
  snprintf(out, size, "%s", t ? t : "");
}

eml_status eml_pg_account_each(void *impl, const char *name, eml_account_fn fn, void *ctx,
                               eml_diag *diag) {
  eml_pg_params p = {0};
  eml_pg_text(&p, name);
  PGresult *r = eml_pg_exec(impl,
                            "SELECT name, role, finess, hash, disabled, created, updated FROM users"
                            " WHERE $1::text IS NULL OR name = $1 ORDER BY name COLLATE \"C\"",
                            &p);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    return eml_pg_fail(impl, r, diag, N_("lecture des comptes impossible"));
  eml_status result = EML_OK;
  for (int i = 0; i < PQntuples(r) && !result; i++) {
    eml_account a;
    memset(&a, 0, sizeof a);
    copy_cell(r, i, 0, a.name, sizeof a.name);
    copy_cell(r, i, 1, a.role, sizeof a.role);
    copy_cell(r, i, 2, a.finess, sizeof a.finess);
    copy_cell(r, i, 3, a.hash, sizeof a.hash);
    a.disabled = strcmp(PQgetvalue(r, i, 4), "0") != 0;
    copy_cell(r, i, 5, a.created, sizeof a.created);
    copy_cell(r, i, 6, a.updated, sizeof a.updated);
    result = fn(ctx, &a);
  }
  PQclear(r);
  return result;
}
