/*
 * sqlite_imaging.c — imaging campaigns in the SQLite store (the second way
 * in of imaging.md: "importing a campaign into the store then reporting
 * from it"; tables of migration 3 -> 4 in sqlite.c).
 *
 * Model: a campaign is stored as the engine holds it after loading the
 * files — machines (with their order) as rows, sessions and exams packed
 * by blocks of 65,536 (imaging_block, migration 11 -> 12; the format in
 * store_rows.h: absolute times, patient class, ICR and report delay) —
 * plus the loading counts of the three files (rejected rows, DST-ambiguous
 * times...) so the data-quality section reads the same from the store as
 * from the files. The rows come
 * and go through the reader and builder of eml/campaign.h (function
 * pointers over the engine's campaign: the store calls no code of the
 * engine). Saving replaces the campaign of that name inside the caller's
 * transaction; loading gives the rows back to the builder in the same
 * order, so computing from the store gives the very figures computing from
 * the files gave. A row the builder refuses is a damaged store. The values
 * of the rows, the blocks, their statements and their reading back are
 * store_rows.c's, shared with pg_imaging.c; this file binds and steps
 * them, and gives migration 11 -> 12 its packing functions.
 */
#include "store_internal.h"
#include "store_rows.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The save's statements: the insert of a machine, of a block. */
typedef struct save_ctx {
  void *impl;
  sqlite3_int64 campaign;
  sqlite3_stmt *machine, *block;
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

/* Steps and resets a save's statement. */
static eml_status step_insert(sqlite3_stmt *st) {
  if (sqlite3_step(st) != SQLITE_DONE)
    return EML_ERR_STORE; /* the caller reads the message before the reset */
  sqlite3_reset(st);
  return EML_OK;
}

/* Inserts one machine of the campaign (eml_stored_row_fn). */
static eml_status save_machine(void *ctx, int kind, const eml_stored_value *v, int n) {
  save_ctx *x = ctx;
  (void)kind;
  sqlite3_bind_int64(x->machine, 1, x->campaign);
  for (int i = 0; i < n; i++)
    bind_value(x->machine, i + 2, &v[i]);
  return step_insert(x->machine);
}

/* Inserts one block of sessions or exams (eml_stored_block_fn). */
static eml_status save_block(void *ctx, int kind, size_t seq, size_t rows,
                             const unsigned char *data, size_t bytes) {
  save_ctx *x = ctx;
  sqlite3_bind_int64(x->block, 1, x->campaign);
  sqlite3_bind_int(x->block, 2, kind);
  sqlite3_bind_int64(x->block, 3, (sqlite3_int64)seq);
  sqlite3_bind_int(x->block, 4, EML_CAMPAIGN_BLOCK_FORMAT);
  sqlite3_bind_int64(x->block, 5, (sqlite3_int64)rows);
  sqlite3_bind_blob64(x->block, 6, data, (sqlite3_uint64)bytes, SQLITE_STATIC);
  return step_insert(x->block);
}

/* Runs one statement of the save's head: ?1 the name, then with counts
 * the campaign's sizes and the counts text. */
static eml_status run_named(void *impl, const char *sql, const char *name, const char *counts,
                            const eml_campaign_reader *c, eml_diag *diag) {
  static const char what[] = N_("enregistrement de la campagne impossible");
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
  /* the machines as rows, then the blocks of sessions and exams */
  sqlite3 *db = eml_sqlite_db(impl);
  save_ctx x = {impl, sqlite3_last_insert_rowid(db), NULL, NULL};
  if (sqlite3_prepare_v2(db, EML_CAMPAIGN_MACHINE_INSERT, -1, &x.machine, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, EML_CAMPAIGN_BLOCK_INSERT, -1, &x.block, NULL) != SQLITE_OK)
    st = EML_ERR_STORE;
  if (!st)
    st = eml_stored_campaign_rows(c, save_machine, &x);
  if (!st)
    st = eml_stored_campaign_blocks(c, save_block, &x);
  if (st == EML_ERR_STORE)
    st = eml_sqlite_error(impl, diag, N_("enregistrement de la campagne impossible"));
  else if (st == EML_ERR_VALUE)
    eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0,
                 "campagne %s : une vacation ou un examen ne tient pas dans le stockage", name);
  sqlite3_finalize(x.machine);
  sqlite3_finalize(x.block);
  return st;
}

/* An SQL value as a stored value (the texts live while the value does). */
static eml_stored_value column_value_of(sqlite3_value *x) {
  switch (sqlite3_value_type(x)) {
  case SQLITE_INTEGER: return (eml_stored_value){EML_VALUE_INT, sqlite3_value_int64(x), 0, NULL};
  case SQLITE_FLOAT: return (eml_stored_value){EML_VALUE_REAL, 0, sqlite3_value_double(x), NULL};
  case SQLITE_NULL: return (eml_stored_value){0};
  default: return (eml_stored_value){EML_VALUE_TEXT, 0, 0, (const char *)sqlite3_value_text(x)};
  }
}

/* Column i of the current row as a stored value. */
static eml_stored_value column_value(sqlite3_stmt *st, int i) {
  return column_value_of(sqlite3_column_value(st, i));
}

/* The machines of the campaign numbered id, then its blocks, to its
 * builder. */
static eml_status feed_rows(void *impl, sqlite3_int64 id, sqlite3_int64 sessions,
                            sqlite3_int64 exams, const eml_campaign_builder *c, const char *name,
                            eml_diag *diag) {
  static const char *const sql[2] = {EML_CAMPAIGN_MACHINE_SELECT, EML_CAMPAIGN_BLOCK_SELECT};
  eml_stored_feed feed;
  eml_status result = eml_stored_feed_begin(&feed, c, sessions, exams);
  for (int k = 0; k < 2 && !result; k++) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql[k], -1, &st, NULL) != SQLITE_OK) {
      result = eml_sqlite_error(impl, diag, N_("lecture de la campagne impossible"));
      break;
    }
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (k == 0) {
        eml_stored_value v[3];
        for (int i = 0; i < 3; i++)
          v[i] = column_value(st, i);
        result = eml_stored_feed_row(&feed, EML_CAMPAIGN_MACHINE, v);
      } else {
        result = eml_stored_feed_block(&feed, sqlite3_column_int(st, 0),
                                       sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                                       sqlite3_column_blob(st, 3),
                                       (size_t)sqlite3_column_bytes(st, 3));
      }
    }
    if (!result && rc != SQLITE_DONE)
      result = eml_sqlite_error(impl, diag, N_("lecture de la campagne impossible"));
    sqlite3_finalize(st);
  }
  return eml_stored_feed_end(&feed, result, eml_sqlite_path(impl), name, diag);
}

static eml_status imaging_load(void *impl, const char *name, const eml_campaign_builder *c,
                               eml_diag *diag) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl),
                         "SELECT id, load_counts, sessions, exams FROM imaging_campaign"
                         " WHERE name = ?1",
                         -1, &st,
                         NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("lecture de la campagne impossible"));
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return eml_stored_campaign_unknown(eml_sqlite_path(impl), name, diag);
  }
  sqlite3_int64 id = sqlite3_column_int64(st, 0), sessions = sqlite3_column_int64(st, 2),
                exams = sqlite3_column_int64(st, 3);
  eml_stored_counts_parse(c, (const char *)sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  return feed_rows(impl, id, sessions, exams, c, name, diag);
}

static eml_status imaging_each(void *impl, eml_campaign_fn fn, void *ctx, eml_diag *diag) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl),
                         "SELECT name, imported_at, machines, sessions, exams FROM imaging_campaign"
                         " ORDER BY name",
                         -1, &st, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("liste des campagnes impossible"));
  eml_status result = EML_OK;
  int rc;
  while (!result && (rc = sqlite3_step(st)) == SQLITE_ROW)
    result = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                (const char *)sqlite3_column_text(st, 1), (long)sqlite3_column_int64(st, 2),
                (long)sqlite3_column_int64(st, 3), (long)sqlite3_column_int64(st, 4));
  if (!result && rc != SQLITE_DONE)
    result = eml_sqlite_error(impl, diag, N_("liste des campagnes impossible"));
  sqlite3_finalize(st);
  return result;
}

const eml_store_imaging_ops eml_sqlite_imaging_ops = {imaging_save, imaging_load, imaging_each};

/* ---- migration 11 -> 12 ------------------------------------------------------
 * eml_imaging_pack_sessions(rowid, machine, start, end, type) and
 * eml_imaging_pack_exams(rowid, machine, start, end, class, icr,
 * report_delay_s): the aggregates that pack the rows of one campaign of
 * the old imaging_session / imaging_exam into one block, in the order of
 * their rowid (the order they were saved in) whatever order SQLite gives
 * them in; a damaged row fails the migration. */
typedef struct pack_acc {
  eml_buf rows; /* each row: its rowid (8 bytes, native) then its packed bytes */
  int unordered;
  sqlite3_int64 last;
} pack_acc;

static void pack_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  pack_acc *a = sqlite3_aggregate_context(ctx, sizeof *a);
  if (!a) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  int kind = argc == 5 ? EML_CAMPAIGN_SESSION : EML_CAMPAIGN_EXAM;
  if (!a->rows.data)
    eml_buf_init(&a->rows, SIZE_MAX);
  sqlite3_int64 rowid = sqlite3_value_int64(argv[0]);
  if (a->rows.len && rowid < a->last)
    a->unordered = 1;
  a->last = rowid;
  eml_stored_value v[EML_CAMPAIGN_VALUES_MAX] = {{0}};
  for (int i = 1; i < argc; i++)
    v[i - 1] = column_value_of(argv[i]);
  unsigned char p[sizeof rowid + EML_CAMPAIGN_EXAM_BYTES];
  memcpy(p, &rowid, sizeof rowid);
  if (eml_stored_pack_row(kind, v, p + sizeof rowid)) {
    sqlite3_result_error(ctx, _("une ligne d'imagerie enregistrée est abîmée"), -1);
    return;
  }
  if (eml_buf_append(&a->rows, p, sizeof rowid + eml_stored_row_bytes(kind)))
    sqlite3_result_error_nomem(ctx);
}

static int by_rowid(const void *x, const void *y) {
  sqlite3_int64 a, b;
  memcpy(&a, x, sizeof a);
  memcpy(&b, y, sizeof b);
  return (a > b) - (a < b);
}

static void pack_final_kind(sqlite3_context *ctx, int kind) {
  pack_acc *a = sqlite3_aggregate_context(ctx, 0);
  if (!a || !a->rows.data) {
    sqlite3_result_zeroblob(ctx, 0);
    return;
  }
  size_t size = eml_stored_row_bytes(kind), each = sizeof(sqlite3_int64) + size;
  size_t n = a->rows.len / each;
  unsigned char *rows = (unsigned char *)a->rows.data;
  if (a->unordered)
    qsort(rows, n, each, by_rowid);
  for (size_t i = 0; i < n; i++) /* the packed bytes end to end, in place */
    memmove(rows + i * size, rows + i * each + sizeof(sqlite3_int64), size);
  sqlite3_result_blob64(ctx, rows, (sqlite3_uint64)(n * size), SQLITE_TRANSIENT);
  eml_buf_free(&a->rows);
}
static void pack_final_sessions(sqlite3_context *ctx) { pack_final_kind(ctx, EML_CAMPAIGN_SESSION); }
static void pack_final_exams(sqlite3_context *ctx) { pack_final_kind(ctx, EML_CAMPAIGN_EXAM); }

eml_status eml_sqlite_imaging_functions(struct sqlite3 *db) {
  return sqlite3_create_function(db, "eml_imaging_pack_sessions", 5, SQLITE_UTF8, NULL, NULL,
                                 pack_step, pack_final_sessions) == SQLITE_OK &&
                 sqlite3_create_function(db, "eml_imaging_pack_exams", 7, SQLITE_UTF8, NULL,
                                         NULL, pack_step, pack_final_exams) == SQLITE_OK
             ? EML_OK
             : EML_ERR_STORE;
}
