/*
 * pg_imaging.c — imaging campaigns in the PostgreSQL store (the model of
 * sqlite_imaging.c: the campaign as the engine holds it, rows through the
 * reader and builder of eml/campaign.h, saved inside the caller's
 * transaction, loaded back in the order written: sessions and exams by
 * their identity column `seq`, machines by idx). Tables of migration 3 -> 4
 * in pg.c.
 */
#include "pg_internal.h"
#include "store_rows.h"

#include <stdlib.h>
#include <string.h>

#define ROW_BATCH 4096 /* rows copied from the reader at once */

typedef union row_batch {
  eml_campaign_machine machines[ROW_BATCH];
  eml_campaign_session sessions[ROW_BATCH];
  eml_campaign_exam exams[ROW_BATCH];
} row_batch;

/* The inserts of machines (k 0), sessions (1) and exams (2); $1 is the
 * campaign. */
static const char *const insert_sql[3] = {
    "INSERT INTO imaging_machine(campaign, idx, equipment_id, finess, modality)"
    " VALUES($1, $2, $3, $4, $5)",
    "INSERT INTO imaging_session(campaign, machine, start, \"end\", type)"
    " VALUES($1, $2, $3, $4, $5)",
    "INSERT INTO imaging_exam(campaign, machine, start, \"end\", class, icr, report_delay_s)"
    " VALUES($1, $2, $3, $4, $5, $6, $7)"};

static size_t read_rows(const eml_campaign_reader *c, int k, size_t first, row_batch *batch) {
  return k == 0   ? c->read_machines(c->impl, first, batch->machines, ROW_BATCH)
         : k == 1 ? c->read_sessions(c->impl, first, batch->sessions, ROW_BATCH)
                  : c->read_exams(c->impl, first, batch->exams, ROW_BATCH);
}

/* $2..$5 of a session or an exam: machine, start, end, its code. */
static void timed_params(eml_pg_params *p, size_t machine, eml_time start, eml_time end,
                         const char *code) {
  eml_pg_int(p, 1, (int64_t)machine);
  eml_pg_int(p, 1, start);
  eml_pg_int(p, 1, end);
  eml_pg_text_empty(p, code);
}

/* The parameters of row i of the batch, of kind k and number idx. */
static void row_params(eml_pg_params *p, const char *campaign, int k, const row_batch *batch,
                       size_t i, size_t idx) {
  eml_pg_text_empty(p, campaign);
  if (k == 0) {
    const eml_campaign_machine *m = &batch->machines[i];
    eml_pg_int(p, 1, (int64_t)idx);
    eml_pg_text_empty(p, m->equipment_id);
    eml_pg_text_empty(p, m->finess);
    eml_pg_text_empty(p, m->modality < 0 ? "OTHER"
                         : eml_imaging_modality_code((eml_imaging_modality)m->modality));
    return;
  }
  if (k == 1) {
    const eml_campaign_session *x = &batch->sessions[i];
    timed_params(p, x->machine, x->start, x->end, eml_session_type_code(x->type));
    return;
  }
  const eml_campaign_exam *x = &batch->exams[i];
  timed_params(p, x->machine, x->start, x->end, eml_patient_class_code(x->cls));
  if (x->icr == EML_CAMPAIGN_NO_ICR)
    eml_pg_text(p, NULL);
  else
    eml_pg_double(p, x->icr);
  eml_pg_int(p, x->report_delay_s != EML_CAMPAIGN_NO_REPORT, x->report_delay_s);
}

eml_status eml_pg_imaging_save(void *impl, const char *name, const eml_campaign_reader *c,
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
  row_batch *batch = malloc(sizeof *batch);
  if (!batch)
    return EML_ERR_NOMEM;
  for (int k = 0; k < 3 && !st; k++)
    for (size_t first = 0, n; !st && (n = read_rows(c, k, first, batch)); first += n)
      for (size_t i = 0; i < n && !st; i++) {
        eml_pg_params row = {0};
        row_params(&row, id, k, batch, i, first + i);
        st = eml_pg_command(impl, insert_sql[k], &row, diag, what, NULL);
      }
  free(batch);
  return st ? EML_ERR_STORE : EML_OK;
}

/* Gives the batch's n rows of kind k (1 sessions, 2 exams) to the builder. */
static eml_status give_rows(const eml_campaign_builder *c, int k, const row_batch *batch,
                            size_t n) {
  if (!n)
    return EML_OK;
  return k == 1 ? c->add_sessions(c->impl, batch->sessions, n)
                : c->add_exams(c->impl, batch->exams, n);
}

/* Row i of a session (k 1) or exam (2) result into the batch; EML_ERR_VALUE
 * when a code is unknown (a damaged store). */
static eml_status batch_row(const PGresult *r, int i, int k, row_batch *batch, size_t at) {
  long long machine = atoll(PQgetvalue(r, i, 0));
  const char *code = eml_pg_cell(r, i, 3);
  if (machine < 0 || !code)
    return EML_ERR_VALUE;
  eml_time start = atoll(PQgetvalue(r, i, 1)), end = atoll(PQgetvalue(r, i, 2));
  if (k == 1) {
    eml_session_type type;
    if (eml_session_type_parse(code, strlen(code), &type))
      return EML_ERR_VALUE;
    batch->sessions[at] = (eml_campaign_session){(size_t)machine, start, end, type};
    return EML_OK;
  }
  int cls = eml_stored_class(code);
  if (cls < 0)
    return EML_ERR_VALUE;
  const char *icr = eml_pg_cell(r, i, 4), *delay = eml_pg_cell(r, i, 5);
  batch->exams[at] = (eml_campaign_exam){(size_t)machine,
                                         start,
                                         end,
                                         (eml_patient_class)cls,
                                         icr ? strtod(icr, NULL) : EML_CAMPAIGN_NO_ICR,
                                         delay ? (int32_t)atol(delay) : EML_CAMPAIGN_NO_REPORT};
  return EML_OK;
}

static eml_status load_rows(void *impl, const char *name, const eml_campaign_builder *c,
                            eml_diag *diag) {
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, name);
  PGresult *r = eml_pg_exec(impl, "SELECT id, load_counts FROM imaging_campaign WHERE name = $1",
                            &p);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    return eml_pg_fail(impl, r, diag, "cannot read the campaign");
  if (PQntuples(r) == 0) {
    PQclear(r);
    eml_diag_set(diag, eml_pg_path(impl), 0, "--campaign", name, strlen(name),
                 "no imaging campaign of that name in the store (eml imaging campaigns lists them)");
    return EML_ERR_NOT_FOUND;
  }
  char id[32];
  snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
  eml_stored_counts_parse(c, eml_pg_cell(r, 0, 1));
  PQclear(r);
  static const char *const sql[3] = {
      "SELECT equipment_id, finess, modality FROM imaging_machine WHERE campaign = $1 ORDER BY idx",
      "SELECT machine, start, \"end\", type FROM imaging_session WHERE campaign = $1 ORDER BY seq",
      ("SELECT machine, start, \"end\", class, icr, report_delay_s FROM imaging_exam"
       " WHERE campaign = $1 ORDER BY seq")};
  row_batch *batch = malloc(sizeof *batch);
  if (!batch)
    return EML_ERR_NOMEM;
  eml_pg_params q = {0};
  eml_pg_text_empty(&q, id);
  eml_status result = EML_OK;
  for (int k = 0; k < 3 && !result; k++) {
    r = eml_pg_exec(impl, sql[k], &q);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      result = eml_pg_fail(impl, r, diag, "cannot read the campaign");
      break;
    }
    size_t nbatch = 0;
    for (int i = 0; i < PQntuples(r) && !result; i++) {
      if (k == 0) {
        const char *mod = eml_pg_cell(r, i, 2), *finess = eml_pg_cell(r, i, 1);
        int modality = !mod                    ? -2 /* damaged */
                       : strcmp(mod, "CT") == 0  ? EML_IMAGING_CT
                       : strcmp(mod, "MRI") == 0 ? EML_IMAGING_MRI
                                                 : -1;
        eml_campaign_machine m = {PQgetvalue(r, i, 0), finess ? finess : "", modality};
        result = c->add_machine(c->impl, &m);
        continue;
      }
      result = batch_row(r, i, k, batch, nbatch++);
      if (!result && nbatch == ROW_BATCH) {
        result = give_rows(c, k, batch, nbatch);
        nbatch = 0;
      }
    }
    if (!result)
      result = give_rows(c, k, batch, nbatch);
    PQclear(r);
  }
  free(batch);
  if (result == EML_ERR_VALUE) { /* a row the builder or the code tables refused */
    eml_diag_set(diag, eml_pg_path(impl), 0, NULL, NULL, 0,
                 "campaign %s: a stored row is damaged", name);
    result = EML_ERR_STORE;
  }
  return result;
}

eml_status eml_pg_imaging_load(void *impl, const char *name, const eml_campaign_builder *c,
                               eml_diag *diag) {
  int began;
  eml_status st = eml_pg_read_begin(impl, &began, diag);
  if (!st)
    st = load_rows(impl, name, c, diag);
  eml_pg_read_end(impl, began);
  return st;
}

eml_status eml_pg_imaging_each(void *impl, eml_campaign_fn fn, void *ctx, eml_diag *diag) {
  PGresult *r = eml_pg_exec(impl,
                            "SELECT name, imported_at, machines, sessions, exams"
                            " FROM imaging_campaign ORDER BY name COLLATE \"C\"",
                            NULL);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    return eml_pg_fail(impl, r, diag, "cannot list the campaigns");
  eml_status result = EML_OK;
  for (int i = 0; i < PQntuples(r) && !result; i++)
    result = fn(ctx, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), atol(PQgetvalue(r, i, 2)),
                atol(PQgetvalue(r, i, 3)), atol(PQgetvalue(r, i, 4)));
  PQclear(r);
  return result;
}
