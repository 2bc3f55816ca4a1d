/*
 * pg_imaging.c — imaging campaigns in the PostgreSQL store (the model of
 * sqlite_imaging.c: the campaign as the engine holds it, rows through the
 * reader and builder of eml/campaign.h, saved inside the caller's
 * transaction, loaded back in the order written: sessions and exams by
 * their identity column `seq`, machines by idx; the rows' values and their
 * reading back: store_rows.c; written by COPY, one per table). Tables of
 * migration 3 -> 4 in pg.c.
 */
#include "pg_internal.h"
#include "store_rows.h"

#include <stdlib.h>
#include <string.h>

/* Parameter i of a row (eml_pg_params binds them in order). */
static void param_value(eml_pg_params *p, const eml_stored_value *v) {
  if (v->type == EML_VALUE_INT)
    eml_pg_int(p, 1, v->i);
  else if (v->type == EML_VALUE_REAL)
    eml_pg_double(p, v->d);
  else if (v->type == EML_VALUE_TEXT)
    eml_pg_text_empty(p, v->s);
  else
    eml_pg_text(p, NULL);
}

/* The campaign's id (text) while its rows are saved; the COPY of the
 * table of the rows' kind (pg.c's eml_pg_copy), kind -1 before the first. */
typedef struct save_ctx {
  void *impl;
  const char *campaign;
  eml_diag *diag;
  int kind;
  eml_pg_copy copy;
} save_ctx;

/* Copies one row of the campaign (eml_stored_row_fn): the rows come kind
 * after kind, each kind's table one COPY. */
static eml_status save_row(void *ctx, int kind, const eml_stored_value *v, int n) {
  save_ctx *x = ctx;
  eml_status st = EML_OK;
  if (kind != x->kind) {
    if (x->kind >= 0 && (st = eml_pg_copy_end(&x->copy, EML_OK)))
      return st;
    x->kind = -1;
    if ((st = eml_pg_copy_begin(x->impl, &x->copy, eml_stored_campaign_insert[kind], x->diag,
                                "cannot store the campaign")))
      return st;
    x->kind = kind;
  }
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, x->campaign);
  for (int i = 0; i < n; i++)
    param_value(&p, &v[i]);
  return eml_pg_copy_row(&x->copy, &p);
}

static eml_status imaging_save(void *impl, const char *name, const eml_campaign_reader *c,
                               eml_diag *diag) {
  static const char what[] = "cannot store the campaign";
  char counts[512];
  eml_stored_counts_text(c, counts, sizeof counts);
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, name);
  eml_status st =
      eml_pg_command(impl, "DELETE FROM imaging_campaign WHERE name = $1", &p, diag, what, NULL);
  if (st)
    return st;
  eml_pg_int(&p, 1, (int64_t)c->machines);
  eml_pg_int(&p, 1, (int64_t)c->sessions);
  eml_pg_int(&p, 1, (int64_t)c->exams);
  eml_pg_text_empty(&p, counts);
  /* the time as sqlite_imaging.c writes it (strftime('%Y-%m-%dT%H:%M:%SZ')) */
  PGresult *r = eml_pg_exec(impl,
                            "INSERT INTO imaging_campaign(name, imported_at, machines, sessions,"
                            " exams, load_counts) VALUES($1, to_char(now() AT TIME ZONE 'UTC',"
                            " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), $2, $3, $4, $5) RETURNING id",
                            &p);
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
    return eml_pg_fail(impl, r, diag, what);
  char id[32];
  snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  save_ctx *x = calloc(1, sizeof *x); /* its COPY buffer: 64 KiB */
  if (!x)
    return EML_ERR_NOMEM;
  x->impl = impl, x->campaign = id, x->diag = diag, x->kind = -1;
  st = eml_stored_campaign_rows(c, save_row, x);
  if (x->kind >= 0)
    st = eml_pg_copy_end(&x->copy, st);
  free(x);
  return st == EML_ERR_NOMEM ? st : st ? EML_ERR_STORE : EML_OK;
}

/* The rows of the campaign numbered id, kind after kind, to its builder;
 * every cell as text (eml_stored_feed_row parses the numbers). */
static eml_status feed_rows(void *impl, const char *id, const eml_campaign_builder *c,
                            const char *name, eml_diag *diag) {
  static const char *const sql[EML_CAMPAIGN_KINDS] = EML_CAMPAIGN_SELECTS("seq");
  eml_pg_params q = {0};
  eml_pg_text_empty(&q, id);
  eml_stored_feed feed;
  eml_status result = eml_stored_feed_begin(&feed, c);
  for (int k = 0; k < EML_CAMPAIGN_KINDS && !result; k++) {
    PGresult *r;
    result = eml_pg_query(impl, sql[k], &q, diag, "cannot read the campaign", &r);
    for (int i = 0; !result && i < PQntuples(r); i++) {
      eml_stored_value v[EML_CAMPAIGN_VALUES_MAX];
      for (int j = 0; j < PQnfields(r) && j < EML_CAMPAIGN_VALUES_MAX; j++) {
        const char *cell = eml_pg_cell(r, i, j);
        v[j] = cell ? (eml_stored_value){EML_VALUE_TEXT, 0, 0, cell} : (eml_stored_value){0};
      }
      result = eml_stored_feed_row(&feed, k, v);
    }
    PQclear(r);
  }
  return eml_stored_feed_end(&feed, result, eml_pg_path(impl), name, diag);
}

static eml_status load_rows(void *impl, const char *name, const eml_campaign_builder *c,
                            eml_diag *diag) {
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, name);
  PGresult *r;
  eml_status st = eml_pg_query(impl, "SELECT id, load_counts FROM imaging_campaign WHERE name = $1",
                               &p, diag, "cannot read the campaign", &r);
  if (st)
    return st;
  if (PQntuples(r) == 0) {
    PQclear(r);
    return eml_stored_campaign_unknown(eml_pg_path(impl), name, diag);
  }
  char id[32];
  snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
  eml_stored_counts_parse(c, eml_pg_cell(r, 0, 1));
  PQclear(r);
  return feed_rows(impl, id, c, name, diag);
}

static eml_status imaging_load(void *impl, const char *name, const eml_campaign_builder *c,
                               eml_diag *diag) {
  int began;
  eml_status st = eml_pg_read_begin(impl, &began, diag);
  if (!st)
    st = load_rows(impl, name, c, diag);
  eml_pg_read_end(impl, began);
  return st;
}

static eml_status imaging_each(void *impl, eml_campaign_fn fn, void *ctx, eml_diag *diag) {
  PGresult *r;
  eml_status result = eml_pg_query(impl,
                                   "SELECT name, imported_at, machines, sessions, exams"
                                   " FROM imaging_campaign ORDER BY name COLLATE \"C\"",
                                   NULL, diag, "cannot list the campaigns", &r);
  for (int i = 0; !result && i < PQntuples(r); i++)
    result = fn(ctx, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), atol(PQgetvalue(r, i, 2)),
                atol(PQgetvalue(r, i, 3)), atol(PQgetvalue(r, i, 4)));
  PQclear(r);
  return result;
}

const eml_store_imaging_ops eml_pg_imaging_ops = {imaging_save, imaging_load, imaging_each};
