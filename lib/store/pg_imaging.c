/*
 * pg_imaging.c — imaging campaigns in the PostgreSQL store (the model of
 * sqlite_imaging.c: the campaign as the engine holds it, rows through the
 * reader and builder of eml/campaign.h, saved inside the caller's
 * transaction, loaded back in the order written: machines by idx, then the
 * blocks of sessions and exams (bytea, migration 11 -> 12 in pg.c) by kind
 * and seq; the rows' values, the blocks and their reading back:
 * store_rows.c). Tables of migrations 3 -> 4 and 11 -> 12 in pg.c.
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

/* The campaign's id (text) while its rows are saved. */
typedef struct save_ctx {
  void *impl;
  const char *campaign;
  eml_diag *diag;
} save_ctx;

/* Inserts one machine of the campaign (eml_stored_row_fn). */
static eml_status save_machine(void *ctx, int kind, const eml_stored_value *v, int n) {
  const save_ctx *x = ctx;
  (void)kind;
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, x->campaign);
  for (int i = 0; i < n; i++)
    param_value(&p, &v[i]);
  return eml_pg_command(x->impl, EML_CAMPAIGN_MACHINE_INSERT, &p, x->diag,
                        N_("enregistrement de la campagne impossible"), NULL);
}

/* Inserts one block of sessions or exams (eml_stored_block_fn). */
static eml_status save_block(void *ctx, int kind, size_t seq, size_t rows,
                             const unsigned char *data, size_t bytes) {
  const save_ctx *x = ctx;
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, x->campaign);
  eml_pg_int(&p, 1, kind);
  eml_pg_int(&p, 1, (int64_t)seq);
  eml_pg_int(&p, 1, EML_CAMPAIGN_BLOCK_FORMAT);
  eml_pg_int(&p, 1, (int64_t)rows);
  eml_pg_bytes(&p, data, bytes);
  return eml_pg_command(x->impl, EML_CAMPAIGN_BLOCK_INSERT, &p, x->diag,
                        N_("enregistrement de la campagne impossible"), NULL);
}

static eml_status imaging_save(void *impl, const char *name, const eml_campaign_reader *c,
                               eml_diag *diag) {
  static const char what[] = N_("enregistrement de la campagne impossible");
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
  save_ctx x = {impl, id, diag};
  st = eml_stored_campaign_rows(c, save_machine, &x);
  if (!st)
    st = eml_stored_campaign_blocks(c, save_block, &x);
  if (st == EML_ERR_VALUE)
    eml_diag_set(diag, eml_pg_path(impl), 0, NULL, NULL, 0,
                 "campagne %s : une vacation ou un examen ne tient pas dans le stockage", name);
  return st == EML_ERR_NOMEM || st == EML_ERR_VALUE ? st : st ? EML_ERR_STORE : EML_OK;
}

/* The machines of the campaign numbered id, then its blocks, to its
 * builder; every cell as text (a block's bytea as its hex text). */
static eml_status feed_rows(void *impl, const char *id, int64_t sessions, int64_t exams,
                            const eml_campaign_builder *c, const char *name, eml_diag *diag) {
  static const char *const sql[2] = {EML_CAMPAIGN_MACHINE_SELECT, EML_CAMPAIGN_BLOCK_SELECT};
  eml_pg_params q = {0};
  eml_pg_text_empty(&q, id);
  eml_stored_feed feed;
  eml_status result = eml_stored_feed_begin(&feed, c, sessions, exams);
  for (int k = 0; k < 2 && !result; k++) {
    PGresult *r;
    result = eml_pg_query(impl, sql[k], &q, diag, N_("lecture de la campagne impossible"), &r);
    for (int i = 0; !result && i < PQntuples(r); i++) {
      if (k == 0) {
        eml_stored_value v[3];
        for (int j = 0; j < 3; j++) {
          const char *cell = eml_pg_cell(r, i, j);
          v[j] = cell ? (eml_stored_value){EML_VALUE_TEXT, 0, 0, cell} : (eml_stored_value){0};
        }
        result = eml_stored_feed_row(&feed, EML_CAMPAIGN_MACHINE, v);
        continue;
      }
      size_t bytes = 0;
      unsigned char *data = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 3), &bytes);
      if (!data) {
        result = EML_ERR_NOMEM;
        break;
      }
      result = eml_stored_feed_block(&feed, atoi(PQgetvalue(r, i, 0)), atoll(PQgetvalue(r, i, 1)),
                                     atoll(PQgetvalue(r, i, 2)), data, bytes);
      PQfreemem(data);
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
  eml_status st = eml_pg_query(impl,
                               "SELECT id, load_counts, sessions, exams FROM imaging_campaign"
                               " WHERE name = $1",
                               &p, diag, N_("lecture de la campagne impossible"), &r);
  if (st)
    return st;
  if (PQntuples(r) == 0) {
    PQclear(r);
    return eml_stored_campaign_unknown(eml_pg_path(impl), name, diag);
  }
  char id[32];
  snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
  int64_t sessions = atoll(PQgetvalue(r, 0, 2)), exams = atoll(PQgetvalue(r, 0, 3));
  eml_stored_counts_parse(c, eml_pg_cell(r, 0, 1));
  PQclear(r);
  return feed_rows(impl, id, sessions, exams, c, name, diag);
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
                                   NULL, diag, N_("liste des campagnes impossible"), &r);
  for (int i = 0; !result && i < PQntuples(r); i++)
    result = fn(ctx, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), atol(PQgetvalue(r, i, 2)),
                atol(PQgetvalue(r, i, 3)), atol(PQgetvalue(r, i, 4)));
  PQclear(r);
  return result;
}

const eml_store_imaging_ops eml_pg_imaging_ops = {imaging_save, imaging_load, imaging_each};
