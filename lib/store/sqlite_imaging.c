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
 * the files gave. A row the builder refuses is a damaged store.
 */
#include "store_internal.h"
#include "store_rows.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define ROW_BATCH 4096 /* rows copied from the reader / given to the builder at once */

static eml_status fail(void *impl, eml_diag *diag, const char *what) {
  eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0, "%s: %s", what,
               sqlite3_errmsg(eml_sqlite_db(impl)));
  return EML_ERR_STORE;
}

/* The rows of one kind, batch after batch from the reader. */
typedef union row_batch {
  eml_campaign_machine machines[ROW_BATCH];
  eml_campaign_session sessions[ROW_BATCH];
  eml_campaign_exam exams[ROW_BATCH];
} row_batch;

/* The inserts of machines (k 0), sessions (1) and exams (2); ?1 is the
 * campaign. */
static const char *const insert_sql[3] = {
    "INSERT INTO imaging_machine(campaign, idx, equipment_id, finess, modality)"
    " VALUES(?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO imaging_session(campaign, machine, start, end, type) VALUES(?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO imaging_exam(campaign, machine, start, end, class, icr, report_delay_s)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"};

/* Copies up to ROW_BATCH rows of kind k from row first on into the batch;
 * how many (0: no more). */
static size_t read_rows(const eml_campaign_reader *c, int k, size_t first, row_batch *batch) {
  return k == 0   ? c->read_machines(c->impl, first, batch->machines, ROW_BATCH)
         : k == 1 ? c->read_sessions(c->impl, first, batch->sessions, ROW_BATCH)
                  : c->read_exams(c->impl, first, batch->exams, ROW_BATCH);
}

/* Columns 2 to 5 of a session or an exam: machine, start, end, its code. */
static void bind_timed(sqlite3_stmt *st, size_t machine, eml_time start, eml_time end,
                       const char *code) {
  sqlite3_bind_int64(st, 2, (sqlite3_int64)machine);
  sqlite3_bind_int64(st, 3, start);
  sqlite3_bind_int64(st, 4, end);
  sqlite3_bind_text(st, 5, code, -1, SQLITE_STATIC);
}

/* Binds row i of the batch, of kind k and number idx in the campaign, to
 * the insert of its kind. The codes of modalities, session types and
 * patient classes are the model layer's tables (lib/model/vocabulary.c). */
static void bind_row(sqlite3_stmt *st, sqlite3_int64 campaign, int k, const row_batch *batch,
                     size_t i, size_t idx) {
  sqlite3_bind_int64(st, 1, campaign);
  if (k == 0) {
    const eml_campaign_machine *m = &batch->machines[i];
    sqlite3_bind_int64(st, 2, (sqlite3_int64)idx);
    sqlite3_bind_text(st, 3, m->equipment_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, m->finess, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, m->modality < 0 ? "OTHER"
                             : eml_imaging_modality_code((eml_imaging_modality)m->modality),
                      -1, SQLITE_STATIC);
    return;
  }
  if (k == 1) {
    const eml_campaign_session *x = &batch->sessions[i];
    bind_timed(st, x->machine, x->start, x->end, eml_session_type_code(x->type));
    return;
  }
  const eml_campaign_exam *x = &batch->exams[i];
  bind_timed(st, x->machine, x->start, x->end, eml_patient_class_code(x->cls));
  if (x->icr == EML_CAMPAIGN_NO_ICR)
    sqlite3_bind_null(st, 6);
  else
    sqlite3_bind_double(st, 6, x->icr);
  if (x->report_delay_s == EML_CAMPAIGN_NO_REPORT)
    sqlite3_bind_null(st, 7);
  else
    sqlite3_bind_int64(st, 7, x->report_delay_s);
}

eml_status eml_sqlite_imaging_save(void *impl, const char *name, const eml_campaign_reader *c,
                                   eml_diag *diag) {
  sqlite3 *db = eml_sqlite_db(impl);
  sqlite3_stmt *st = NULL;
  eml_status result = EML_OK;
  char counts[512];
  eml_stored_counts_text(c, counts, sizeof counts);
  row_batch *batch = malloc(sizeof *batch);
  if (!batch)
    return EML_ERR_NOMEM;
#define PREPARE(sql)                                                                          \
  do {                                                                                        \
    sqlite3_finalize(st);                                                                     \
    st = NULL;                                                                                \
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {                            \
      result = fail(impl, diag, "cannot store the campaign");                                 \
      goto done;                                                                              \
    }                                                                                         \
  } while (0)
#define STEP()                                                                                \
  do {                                                                                        \
    if (sqlite3_step(st) != SQLITE_DONE) {                                                    \
      result = fail(impl, diag, "cannot store the campaign");                                 \
      goto done;                                                                              \
    }                                                                                         \
    sqlite3_reset(st);                                                                        \
  } while (0)
  PREPARE("DELETE FROM imaging_campaign WHERE name = ?1");
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  STEP();
  PREPARE("INSERT INTO imaging_campaign(name, imported_at, machines, sessions, exams,"
          " load_counts) VALUES(?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3, ?4, ?5)");
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)c->machines);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)c->sessions);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)c->exams);
  sqlite3_bind_text(st, 5, counts, -1, SQLITE_TRANSIENT);
  STEP();
  sqlite3_int64 id = sqlite3_last_insert_rowid(db);

  /* machines, sessions, exams: batch after batch from the reader, one
   * prepared insert per kind */
  for (int k = 0; k < 3; k++) {
    PREPARE(insert_sql[k]);
    for (size_t first = 0, n; (n = read_rows(c, k, first, batch)); first += n)
      for (size_t i = 0; i < n; i++) {
        bind_row(st, id, k, batch, i, first + i);
        STEP();
      }
  }
#undef PREPARE
#undef STEP
done:
  sqlite3_finalize(st);
  free(batch);
  return result;
}

/* Gives the batch's n rows of kind k (1 sessions, 2 exams) to the builder. */
static eml_status give_rows(const eml_campaign_builder *c, int k, const row_batch *batch,
                            size_t n) {
  if (!n)
    return EML_OK;
  return k == 1 ? c->add_sessions(c->impl, batch->sessions, n)
                : c->add_exams(c->impl, batch->exams, n);
}

eml_status eml_sqlite_imaging_load(void *impl, const char *name, const eml_campaign_builder *c,
                                   eml_diag *diag) {
  sqlite3 *db = eml_sqlite_db(impl);
  sqlite3_stmt *st = NULL;
  eml_status result = EML_OK;
  if (sqlite3_prepare_v2(db, "SELECT id, load_counts FROM imaging_campaign WHERE name = ?1", -1,
                         &st, NULL) != SQLITE_OK)
    return fail(impl, diag, "cannot read the campaign");
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    eml_diag_set(diag, eml_sqlite_path(impl), 0, "--campaign", name, strlen(name),
                 "no imaging campaign of that name in the store (eml imaging campaigns lists them)");
    return EML_ERR_NOT_FOUND;
  }
  sqlite3_int64 id = sqlite3_column_int64(st, 0);
  eml_stored_counts_parse(c, (const char *)sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  st = NULL;

  static const char *const sql[3] = {
      "SELECT equipment_id, finess, modality FROM imaging_machine WHERE campaign = ?1 ORDER BY idx",
      "SELECT machine, start, end, type FROM imaging_session WHERE campaign = ?1 ORDER BY rowid",
      ("SELECT machine, start, end, class, icr, report_delay_s FROM imaging_exam"
       " WHERE campaign = ?1 ORDER BY rowid")};
  row_batch *batch = malloc(sizeof *batch);
  if (!batch)
    return EML_ERR_NOMEM;
  for (int k = 0; k < 3 && !result; k++) {
    if (sqlite3_prepare_v2(db, sql[k], -1, &st, NULL) != SQLITE_OK) {
      result = fail(impl, diag, "cannot read the campaign");
      break;
    }
    sqlite3_bind_int64(st, 1, id);
    size_t nbatch = 0;
    int rc;
    while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (k == 0) {
        const char *eid = (const char *)sqlite3_column_text(st, 0);
        const char *finess = (const char *)sqlite3_column_text(st, 1);
        const char *mod = (const char *)sqlite3_column_text(st, 2);
        int modality = !mod                    ? -2 /* damaged */
                       : strcmp(mod, "CT") == 0  ? EML_IMAGING_CT
                       : strcmp(mod, "MRI") == 0 ? EML_IMAGING_MRI
                                                 : -1;
        eml_campaign_machine m = {eid, finess ? finess : "", modality};
        result = c->add_machine(c->impl, &m);
        continue;
      }
      sqlite3_int64 machine = sqlite3_column_int64(st, 0);
      const char *code = (const char *)sqlite3_column_text(st, 3);
      if (machine < 0 || !code) {
        result = EML_ERR_VALUE;
        break;
      }
      if (k == 1) {
        eml_session_type type;
        if (eml_session_type_parse(code, strlen(code), &type)) {
          result = EML_ERR_VALUE;
          break;
        }
        batch->sessions[nbatch++] = (eml_campaign_session){
            (size_t)machine, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2), type};
      } else {
        int cls = eml_stored_class(code);
        if (cls < 0) {
          result = EML_ERR_VALUE;
          break;
        }
        batch->exams[nbatch++] = (eml_campaign_exam){
            (size_t)machine,
            sqlite3_column_int64(st, 1),
            sqlite3_column_int64(st, 2),
            (eml_patient_class)cls,
            sqlite3_column_type(st, 4) == SQLITE_NULL ? EML_CAMPAIGN_NO_ICR
                                                      : sqlite3_column_double(st, 4),
            sqlite3_column_type(st, 5) == SQLITE_NULL ? EML_CAMPAIGN_NO_REPORT
                                                      : (int32_t)sqlite3_column_int64(st, 5)};
      }
      if (nbatch == ROW_BATCH) {
        result = give_rows(c, k, batch, nbatch);
        nbatch = 0;
      }
    }
    if (!result && rc != SQLITE_DONE)
      result = fail(impl, diag, "cannot read the campaign");
    if (!result)
      result = give_rows(c, k, batch, nbatch);
    sqlite3_finalize(st);
    st = NULL;
  }
  free(batch);
  if (result == EML_ERR_VALUE) { /* a row the builder or the code tables refused */
    eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0,
                 "campaign %s: a stored row is damaged", name);
    result = EML_ERR_STORE;
  }
  return result;
}

eml_status eml_sqlite_imaging_each(void *impl, eml_campaign_fn fn, void *ctx, eml_diag *diag) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl),
                         "SELECT name, imported_at, machines, sessions, exams FROM imaging_campaign"
                         " ORDER BY name",
                         -1, &st, NULL) != SQLITE_OK)
    return fail(impl, diag, "cannot list the campaigns");
  eml_status result = EML_OK;
  int rc;
  while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW)
    result = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                (const char *)sqlite3_column_text(st, 1), (long)sqlite3_column_int64(st, 2),
                (long)sqlite3_column_int64(st, 3), (long)sqlite3_column_int64(st, 4));
  if (!result && rc != SQLITE_DONE)
    result = fail(impl, diag, "cannot list the campaigns");
  sqlite3_finalize(st);
  return result;
}
