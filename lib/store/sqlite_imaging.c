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
 * section reads the same from the store as from the files. Saving replaces
 * the campaign of that name inside the caller's transaction; loading pushes
 * the rows back into an empty campaign in the same order, so computing from
 * the store gives the very figures computing from the files gave.
 */
#include "imaging/imaging_internal.h"
#include "store_internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define EXAM_BATCH 4096

static eml_status fail(void *impl, eml_diag *diag, const char *what) {
  eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0, "%s: %s", what,
               sqlite3_errmsg(eml_sqlite_db(impl)));
  return EML_ERR_STORE;
}

static const eml_imaging_load_counts *counts_of(const eml_imaging_campaign *c, int k) {
  return k == 0 ? &c->equipment_counts : k == 1 ? &c->sessions_counts : &c->exams_counts;
}

/* The three files' counts as one text: 7 numbers per file. */
static void counts_text(const eml_imaging_campaign *c, char *buf, size_t size) {
  size_t o = 0;
  for (int k = 0; k < 3 && o < size; k++) {
    const eml_imaging_load_counts *n = counts_of(c, k);
    o += (size_t)snprintf(buf + o, size - o, "%s%ld %ld %ld %ld %ld %ld %ld", k ? " " : "",
                          n->read, n->loaded, n->rejected, n->skipped, n->ambiguous_times,
                          n->skipped_times, n->missing_icr);
  }
}

static void counts_parse(eml_imaging_campaign *c, const char *text) {
  eml_imaging_load_counts *n[3] = {&c->equipment_counts, &c->sessions_counts, &c->exams_counts};
  for (int k = 0; k < 3 && text; k++) {
    long v[7] = {0};
    char *end;
    for (int i = 0; i < 7; i++) {
      v[i] = strtol(text, &end, 10);
      text = end;
    }
    *n[k] = (eml_imaging_load_counts){v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
  }
}

eml_status eml_sqlite_imaging_save(void *impl, const char *name, const eml_imaging_campaign *c,
                                   eml_diag *diag) {
  sqlite3 *db = eml_sqlite_db(impl);
  sqlite3_stmt *st = NULL;
  eml_status result = EML_OK;
  char counts[512];
  counts_text(c, counts, sizeof counts);
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
  sqlite3_bind_int64(st, 2, (sqlite3_int64)c->n_machines);
  sqlite3_bind_int64(st, 3, (sqlite3_int64)c->n_sessions);
  sqlite3_bind_int64(st, 4, (sqlite3_int64)img_exam_count(c));
  sqlite3_bind_text(st, 5, counts, -1, SQLITE_TRANSIENT);
  STEP();
  sqlite3_int64 id = sqlite3_last_insert_rowid(db);

  PREPARE("INSERT INTO imaging_machine(campaign, idx, equipment_id, finess, modality)"
          " VALUES(?1, ?2, ?3, ?4, ?5)");
  for (size_t i = 0; i < c->n_machines; i++) {
    const img_machine *m = &c->machines[i];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    sqlite3_bind_text(st, 3, m->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, m->finess, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, m->modality < 0 ? "OTHER"
                             : eml_imaging_modality_code((eml_imaging_modality)m->modality),
                      -1, SQLITE_STATIC);
    STEP();
  }
  PREPARE("INSERT INTO imaging_session(campaign, machine, start, end, type)"
          " VALUES(?1, ?2, ?3, ?4, ?5)");
  for (size_t i = 0; i < c->n_sessions; i++) {
    const img_session *x = &c->sessions[i];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, x->machine);
    sqlite3_bind_int64(st, 3, EML_IMG_EPOCH + x->start);
    sqlite3_bind_int64(st, 4, EML_IMG_EPOCH + x->end);
    sqlite3_bind_text(st, 5, eml_session_type_code((eml_session_type)x->type), -1,
                      SQLITE_STATIC);
    STEP();
  }
  PREPARE("INSERT INTO imaging_exam(campaign, machine, start, end, class, icr, report_delay_s)"
          " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (size_t i = 0, n = img_exam_count(c); i < n; i++) {
    const img_exam *x = img_exam_at(c, i);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, x->machine);
    sqlite3_bind_int64(st, 3, EML_IMG_EPOCH + x->start);
    sqlite3_bind_int64(st, 4, EML_IMG_EPOCH + x->end);
    sqlite3_bind_text(st, 5, eml_patient_class_code((eml_patient_class)x->cls), -1,
                      SQLITE_STATIC);
    if (x->icr == EML_IMG_NO_ICR)
      sqlite3_bind_null(st, 6);
    else
      sqlite3_bind_double(st, 6, x->icr);
    if (x->report_delay_s == EML_IMG_NO_REPORT)
      sqlite3_bind_null(st, 7);
    else
      sqlite3_bind_int64(st, 7, x->report_delay_s);
    STEP();
  }
#undef PREPARE
#undef STEP
done:
  sqlite3_finalize(st);
  return result;
}

static int parse_class(const char *s) {
  for (int k = 0; k < EML_CLASS_COUNT; k++)
    if (strcmp(s, eml_patient_class_code((eml_patient_class)k)) == 0)
      return k;
  return -1;
}

/* A stored time back in the engine's storage seconds; 0 when it does not
 * fit (a damaged store), reported by the caller. */
static int stored_time(sqlite3_stmt *st, int col, int32_t *out) {
  eml_time t = sqlite3_column_int64(st, col);
  if (!img_time_fits(t))
    return 0;
  *out = (int32_t)(t - EML_IMG_EPOCH);
  return 1;
}

eml_status eml_sqlite_imaging_load(void *impl, const char *name, eml_imaging_campaign *c,
                                   eml_diag *diag) {
  sqlite3 *db = eml_sqlite_db(impl);
  sqlite3_stmt *st = NULL;
  eml_status result = EML_OK;
  img_exam *batch = NULL;
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
  counts_parse(c, (const char *)sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  st = NULL;

  static const char *const sql[3] = {
      "SELECT equipment_id, finess, modality FROM imaging_machine WHERE campaign = ?1 ORDER BY idx",
      "SELECT machine, start, end, type FROM imaging_session WHERE campaign = ?1 ORDER BY rowid",
      ("SELECT machine, start, end, class, icr, report_delay_s FROM imaging_exam"
       " WHERE campaign = ?1 ORDER BY rowid")};
  batch = malloc(EXAM_BATCH * sizeof *batch);
  if (!batch)
    return EML_ERR_NOMEM;
  size_t nbatch = 0;
  for (int k = 0; k < 3 && !result; k++) {
    if (sqlite3_prepare_v2(db, sql[k], -1, &st, NULL) != SQLITE_OK) {
      result = fail(impl, diag, "cannot read the campaign");
      break;
    }
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (k == 0) {
        const char *eid = (const char *)sqlite3_column_text(st, 0);
        const char *finess = (const char *)sqlite3_column_text(st, 1);
        const char *mod = (const char *)sqlite3_column_text(st, 2);
        int modality = strcmp(mod, "CT") == 0 ? EML_IMAGING_CT
                       : strcmp(mod, "MRI") == 0 ? EML_IMAGING_MRI
                                                 : -1;
        result = img_add_machine(c, eid, strlen(eid), finess ? finess : "",
                                 finess ? strlen(finess) : 0, modality);
        continue;
      }
      uint32_t machine = (uint32_t)sqlite3_column_int64(st, 0);
      int32_t start, end;
      if (machine >= c->n_machines || !stored_time(st, 1, &start) || !stored_time(st, 2, &end)) {
        eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0,
                     "campaign %s: a stored row is damaged", name);
        result = EML_ERR_STORE;
        break;
      }
      const char *code = (const char *)sqlite3_column_text(st, 3);
      if (k == 1) {
        eml_session_type type;
        if (!code || eml_session_type_parse(code, strlen(code), &type)) {
          result = EML_ERR_STORE;
          break;
        }
        img_session s = {machine, start, end, (uint8_t)type};
        result = img_push_session(c, &s);
      } else {
        int cls = code ? parse_class(code) : -1;
        if (cls < 0) {
          result = EML_ERR_STORE;
          break;
        }
        img_exam *x = &batch[nbatch++];
        memset(x, 0, sizeof *x);
        x->machine = machine;
        x->start = start;
        x->end = end;
        x->cls = (uint8_t)cls;
        x->icr = sqlite3_column_type(st, 4) == SQLITE_NULL ? EML_IMG_NO_ICR
                                                           : sqlite3_column_double(st, 4);
        x->report_delay_s = sqlite3_column_type(st, 5) == SQLITE_NULL
                                ? EML_IMG_NO_REPORT
                                : (int32_t)sqlite3_column_int64(st, 5);
        if (nbatch == EXAM_BATCH) {
          result = img_push_exams(c, batch, nbatch);
          nbatch = 0;
        }
      }
    }
    if (!result && rc != SQLITE_DONE)
      result = fail(impl, diag, "cannot read the campaign");
    sqlite3_finalize(st);
    st = NULL;
  }
  if (!result && nbatch)
    result = img_push_exams(c, batch, nbatch);
  if (result == EML_ERR_STORE && !diag->message[0])
    eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0,
                 "campaign %s: a stored row is damaged", name);
  free(batch);
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
