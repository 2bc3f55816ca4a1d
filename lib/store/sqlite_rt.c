/*
 * sqlite_rt.c — the radiotherapy data set in the SQLite store (tables of
 * sqlite_rt_schema.h; spec radiotherapy.md and README "Identifiers of
 * people").
 *
 * Model: the store holds one radiotherapy data set, the last one imported:
 * saving deletes the stored rows and writes data's, inside the caller's
 * transaction, one prepared statement per table, in the compact form of
 * migration 6 -> 7 (sqlite_rt_schema.h: rows name each other by their index,
 * dates are integers). Patients are written as the pseudonyms the readers
 * made, once each in rt_patient (numbered in the order of their first
 * course), and courses hold their number; the key is not written, only a
 * check value (the pseudonym of a fixed text) so that data pseudonymised
 * with another key cannot be mixed in: distinct-patient counts would
 * silently double. Loading reads the rows back by id (the order written),
 * checks each reference is in range and rebuilds the lookups.
 */
#include "eml/progress.h"
#include "store_rt.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A date as days since 1970 (NULL when has is 0). */
static void bind_date(sqlite3_stmt *st, int i, int has, eml_date d) {
  if (has)
    sqlite3_bind_int(st, i, d);
  else
    sqlite3_bind_null(st, i);
}

/* The text lives in the data set until the statement is stepped. */
static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void bind_index(sqlite3_stmt *st, int i, size_t v) { sqlite3_bind_int64(st, i, (sqlite3_int64)v); }

/* ---- passages, packed (migration 9 -> 10, sqlite_rt_schema.h) ---------
 * A passage is PASSAGE_BYTES little-endian bytes: course (4), machine (4),
 * start (8, seconds since 1970, signed), fields (4), inpatient (1),
 * time_flags (1); rt_passages holds them by blocks of BLOCK_PASSAGES, in
 * the order of the file. One row per block instead of one per passage: the
 * per-row work of SQLite (a national year: 3.8 M rows) was most of the
 * import and of the loading (issue 17). */
#define PASSAGE_BYTES 22
#define BLOCK_PASSAGES 65536

static void put_le(unsigned char *p, uint64_t v, int bytes) {
  for (int b = 0; b < bytes; b++)
    p[b] = (unsigned char)(v >> (8 * b));
}

static uint64_t get_le(const unsigned char *p, int bytes) {
  uint64_t v = 0;
  for (int b = bytes - 1; b >= 0; b--)
    v = v << 8 | p[b];
  return v;
}

static void pack_passage(unsigned char *p, const eml_rt_session *s) {
  put_le(p, s->course, 4);
  put_le(p + 4, s->machine, 4);
  put_le(p + 8, (uint64_t)s->start, 8);
  put_le(p + 16, (uint64_t)s->fields, 4);
  p[20] = (unsigned char)s->inpatient;
  p[21] = (unsigned char)s->time_flags;
}

static void unpack_passage(const unsigned char *p, eml_rt_session *s) {
  s->course = (uint32_t)get_le(p, 4);
  s->machine = (uint32_t)get_le(p + 4, 4);
  s->start = (eml_time)(int64_t)get_le(p + 8, 8);
  s->fields = (int32_t)get_le(p + 16, 4);
  s->inpatient = p[20];
  s->time_flags = p[21];
}

/* eml_rt_pack(course, machine, start, fields, inpatient, time_flags): the
 * aggregate that packs the rows of the old rt_session, in the order given,
 * for migration 9 -> 10 (registered by sqlite.c on every open). */
static void pack_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  eml_buf *b = sqlite3_aggregate_context(ctx, sizeof *b);
  unsigned char p[PASSAGE_BYTES];
  if (!b || argc != 6) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (!b->data)
    eml_buf_init(b, SIZE_MAX);
  eml_rt_session s = {.course = (uint32_t)sqlite3_value_int64(argv[0]),
                      .machine = (uint32_t)sqlite3_value_int64(argv[1]),
                      .start = sqlite3_value_int64(argv[2]),
                      .fields = (int32_t)sqlite3_value_int64(argv[3]),
                      .inpatient = (uint8_t)sqlite3_value_int(argv[4]),
                      .time_flags = (uint8_t)sqlite3_value_int(argv[5])};
  pack_passage(p, &s);
  if (eml_buf_append(b, (const char *)p, sizeof p))
    sqlite3_result_error_nomem(ctx);
}

static void pack_final(sqlite3_context *ctx) {
  eml_buf *b = sqlite3_aggregate_context(ctx, 0);
  if (b && b->data)
    sqlite3_result_blob64(ctx, b->data, b->len, SQLITE_TRANSIENT);
  else
    sqlite3_result_zeroblob(ctx, 0);
  if (b)
    eml_buf_free(b);
}

eml_status eml_sqlite_rt_functions(struct sqlite3 *db) {
  return sqlite3_create_function(db, "eml_rt_pack", 6, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                 NULL, pack_step, pack_final) == SQLITE_OK
             ? EML_OK
             : EML_ERR_STORE;
}

/* The passages of d in blocks (rt_passages). */
static eml_status save_passages(void *impl, const eml_rt_data *d, eml_diag *diag) {
  if (d->n_courses > UINT32_MAX || d->n_machines > UINT32_MAX) {
    eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0,
                 "trop de traitements ou d'appareils pour le stockage");
    return EML_ERR_VALUE;
  }
  sqlite3_stmt *st = NULL;
  unsigned char *block = malloc((size_t)BLOCK_PASSAGES * PASSAGE_BYTES);
  if (!block)
    return EML_ERR_NOMEM;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), "INSERT INTO rt_passages VALUES(?1, ?2, ?3)", -1,
                         &st, NULL) != SQLITE_OK) {
    free(block);
    return eml_sqlite_error(impl, diag, N_("préparation des tables de radiothérapie impossible"));
  }
  eml_status status = EML_OK;
  for (size_t first = 0, id = 0; first < d->n_sessions && !status; first += BLOCK_PASSAGES, id++) {
    size_t n = d->n_sessions - first < BLOCK_PASSAGES ? d->n_sessions - first : BLOCK_PASSAGES;
    for (size_t i = 0; i < n; i++)
      pack_passage(block + i * PASSAGE_BYTES, &d->sessions[first + i]);
    bind_index(st, 1, id);
    bind_index(st, 2, n);
    sqlite3_bind_blob64(st, 3, block, (sqlite3_uint64)n * PASSAGE_BYTES, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
      status = eml_sqlite_error(impl, diag,
                                N_("enregistrement des données de radiothérapie impossible"));
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  free(block);
  return status;
}

/* One saving: the data set, and the patient key of each course (its index
 * in rt_patient). Runs one prepared statement per row of one table. */
typedef struct rt_saving {
  const eml_rt_data *d;
  uint32_t *patient; /* per course */
  const char **pseudonyms; /* per patient key: the pseudonym (a course's) */
} rt_saving;

typedef void (*bind_fn)(sqlite3_stmt *st, const rt_saving *sv, size_t i);

static void bind_centre(sqlite3_stmt *st, const rt_saving *sv, size_t i) {
  const eml_rt_centre *k = &sv->d->centres[i];
  bind_index(st, 1, i);
  bind_text(st, 2, k->finess);
  bind_text(st, 3, k->name);
  bind_text(st, 4, k->territory);
  const int flags[] = {k->teaching, (int)k->single_machine_case, k->ct_simulation,
                       k->conventional_dosimetry, (int)k->dosimetry_3d};
  for (int f = 0; f < 5; f++)
    sqlite3_bind_int(st, 5 + f, flags[f]);
  sqlite3_bind_double(st, 10, k->imaging_access_h);
  sqlite3_bind_int(st, 11, k->network);
  sqlite3_bind_int(st, 12, k->hdr_oncologist);
  sqlite3_bind_int(st, 13, k->hdr_physicist);
  sqlite3_bind_int(st, 14, k->cooperation_agreement);
  sqlite3_bind_int(st, 15, k->derogation);
  bind_text(st, 16, k->derogation_source);
}

static void bind_machine(sqlite3_stmt *st, const rt_saving *sv, size_t i) {
  const eml_rt_machine *m = &sv->d->machines[i];
  char mv[128];
  eml_rt_energies_stored(m, mv, sizeof mv);
  bind_index(st, 1, i);
  bind_text(st, 2, m->machine_id);
  bind_index(st, 3, m->centre);
  sqlite3_bind_int(st, 4, (int)m->kind);
  sqlite3_bind_text(st, 5, mv, -1, SQLITE_TRANSIENT);
  const int flags[] = {m->electrons,         m->mlc, m->portal_imaging, m->imrt,
                       m->in_vivo_dosimetry, m->parameter_control};
  for (int f = 0; f < 6; f++)
    sqlite3_bind_int(st, 6 + f, flags[f]);
  bind_date(st, 12, 1, m->in_service_from);
  bind_date(st, 13, m->has_until, m->in_service_until);
  bind_text(st, 14, m->replaces); /* column of migration 6 -> 7 */
}

static void bind_staff(sqlite3_stmt *st, const rt_saving *sv, size_t i) {
  const eml_rt_staff *s = &sv->d->staff[i];
  bind_index(st, 1, s->centre);
  sqlite3_bind_int(st, 2, s->year);
  sqlite3_bind_int(st, 3, (int)s->role);
  sqlite3_bind_double(st, 4, s->fte);
}

static void bind_patient(sqlite3_stmt *st, const rt_saving *sv, size_t i) {
  bind_index(st, 1, i);
  bind_text(st, 2, sv->pseudonyms[i]);
}

static void bind_course(sqlite3_stmt *st, const rt_saving *sv, size_t i) {
  const eml_rt_course *k = &sv->d->courses[i];
  bind_index(st, 1, i);
  bind_text(st, 2, k->course_id);
  bind_index(st, 3, sv->patient[i]);
  bind_index(st, 4, k->centre);
  bind_text(st, 5, k->pathology);
  sqlite3_bind_int(st, 6, (int)k->modality);
  sqlite3_bind_int(st, 7, (int)k->technique);
  bind_date(st, 8, 1, k->started_on);
  bind_date(st, 9, k->closed, k->closed_on);
  if (k->continues >= 0)
    sqlite3_bind_int64(st, 10, k->continues);
  else
    sqlite3_bind_null(st, 10);
}

/* Every parameter is bound for each row: no clearing of the bindings. */
static eml_status insert_all(void *impl, const char *sql, const rt_saving *sv, size_t n,
                             bind_fn bind, eml_diag *diag) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql, -1, &st, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("préparation des tables de radiothérapie impossible"));
  eml_status status = EML_OK;
  for (size_t i = 0; i < n && !status; i++) {
    bind(st, sv, i);
    if (sqlite3_step(st) != SQLITE_DONE)
      status = eml_sqlite_error(impl, diag,
                                N_("enregistrement des données de radiothérapie impossible"));
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return status;
}

/* The patient key of each course: pseudonyms numbered in the order of
 * their first course. *n: the number of patients. */
static eml_status number_patients(rt_saving *sv, size_t *n) {
  const eml_rt_data *d = sv->d;
  eml_strmap seen = {0};
  eml_status st = EML_OK;
  *n = 0;
  sv->patient = malloc((d->n_courses ? d->n_courses : 1) * sizeof *sv->patient);
  sv->pseudonyms = malloc((d->n_courses ? d->n_courses : 1) * sizeof *sv->pseudonyms);
  if (!sv->patient || !sv->pseudonyms)
    st = EML_ERR_NOMEM;
  for (size_t i = 0; i < d->n_courses && !st; i++) {
    const char *p = d->courses[i].patient;
    size_t key;
    if (!eml_strmap_get(&seen, p, strlen(p), &key)) {
      key = *n;
      st = eml_strmap_put(&seen, p, strlen(p), key);
      sv->pseudonyms[(*n)++] = p;
    }
    sv->patient[i] = (uint32_t)key;
  }
  eml_strmap_free(&seen);
  return st;
}

/* The stored key check into out (empty when none). */
static eml_status stored_key_check(void *impl, char *out, size_t size, eml_diag *diag) {
  sqlite3_stmt *st = NULL;
  out[0] = '\0';
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), "SELECT key_check FROM rt_key", -1, &st, NULL) !=
      SQLITE_OK)
    return eml_sqlite_error(impl, diag,
                            N_("lecture du contrôle de clé de radiothérapie impossible"));
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return EML_OK;
  return eml_sqlite_error(impl, diag, N_("lecture du contrôle de clé impossible"));
}

eml_status eml_sqlite_rt_save(void *impl, const eml_rt_data *d, eml_diag *diag) {
  char check[EML_RT_PSEUDONYM_HEX + 1], stored[EML_RT_PSEUDONYM_HEX + 8];
  eml_status st = stored_key_check(impl, stored, sizeof stored, diag);
  if (!st)
    st = eml_rt_key_verify(d, stored, eml_sqlite_path(impl), check, diag);
  if (st)
    return st;
  static const char *const clear =
      "DELETE FROM rt_passages; DELETE FROM rt_course; DELETE FROM rt_patient;"
      "DELETE FROM rt_staff; DELETE FROM rt_machine; DELETE FROM rt_centre; DELETE FROM rt_key;";
  if (sqlite3_exec(eml_sqlite_db(impl), clear, NULL, NULL, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("remplacement des données de radiothérapie impossible"));
  sqlite3_stmt *k = NULL;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), "INSERT INTO rt_key(key_check) VALUES(?1)", -1, &k,
                         NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("enregistrement du contrôle de clé impossible"));
  bind_text(k, 1, check);
  int rc = sqlite3_step(k);
  sqlite3_finalize(k);
  if (rc != SQLITE_DONE)
    return eml_sqlite_error(impl, diag, N_("enregistrement du contrôle de clé impossible"));
  rt_saving sv = {d, NULL, NULL};
  size_t n_patients = 0;
  st = number_patients(&sv, &n_patients);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_centre VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                    " ?13, ?14, ?15, ?16)",
                    &sv, d->n_centres, bind_centre, diag);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_machine VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                    " ?12, ?13, ?14)",
                    &sv, d->n_machines, bind_machine, diag);
  if (!st)
    st = insert_all(impl, "INSERT INTO rt_staff VALUES(?1, ?2, ?3, ?4)", &sv, d->n_staff,
                    bind_staff, diag);
  if (!st)
    st = insert_all(impl, "INSERT INTO rt_patient VALUES(?1, ?2)", &sv, n_patients, bind_patient,
                    diag);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_course VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &sv,
                    d->n_courses, bind_course, diag);
  if (!st)
    st = save_passages(impl, d, diag);
  free(sv.patient);
  free((void *)sv.pseudonyms);
  return st;
}

/* ---- loading -------------------------------------------------------------- */

static const char *column_text(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

/* A stored date (days since 1970): 0 when NULL. */
static int column_date(sqlite3_stmt *st, int i, eml_date *out) {
  *out = sqlite3_column_int(st, i);
  return sqlite3_column_type(st, i) != SQLITE_NULL;
}

/* The getters of store_rt.h over the current row of a statement. */
static const char *cell_text(void *st, int i) { return column_text(st, i); }
static long long cell_whole(void *st, int i) { return sqlite3_column_int64(st, i); }
static double cell_real(void *st, int i) { return sqlite3_column_double(st, i); }
static int cell_date(void *st, int i, eml_date *out) { return column_date(st, i, out); }
#define CELLS(st) (&(eml_rt_cells){(st), cell_text, cell_whole, cell_real, cell_date})

/* One loading: the data being filled, and the pseudonyms of rt_patient. */
typedef struct rt_loading {
  eml_rt_data *d;
  char (*pseudonyms)[EML_RT_PSEUDONYM_HEX + 1];
  size_t n_patients;
  size_t n_courses; /* the rows of rt_course: the range of `continues` */
} rt_loading;

/* Row i of one table into the data (its array comes zeroed from LOAD's
 * calloc); returns 0 when it refers to nothing stored. */
typedef int (*row_fn)(sqlite3_stmt *st, rt_loading *l, size_t i);

/* Column col (NOT NULL) is the index of a row among n: in *out, or 0. */
static int stored_ref(sqlite3_stmt *st, int col, size_t n, size_t *out) {
  sqlite3_int64 v = sqlite3_column_int64(st, col);
  int ok = v >= 0 && (size_t)v < n;
  *out = ok ? (size_t)v : 0;
  return ok;
}

static int row_patient(sqlite3_stmt *st, rt_loading *l, size_t i) {
  snprintf(l->pseudonyms[i], sizeof l->pseudonyms[0], "%s", column_text(st, 0));
  return 1;
}

static int row_centre(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_stored_centre(CELLS(st), &l->d->centres[i]);
  return 1;
}

static int row_machine(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_machine *m = &l->d->machines[i];
  return stored_ref(st, 1, l->d->n_centres, &m->centre) && eml_rt_stored_machine(CELLS(st), m);
}

static int row_staff(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_staff *s = &l->d->staff[i];
  if (!stored_ref(st, 0, l->d->n_centres, &s->centre))
    return 0;
  eml_rt_stored_staff(CELLS(st), s);
  return 1;
}

/* `continues` names a course of the table, read before or after this one:
 * its range is checked against the count of rt_course (n_courses). */
static int row_course(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_course *k = &l->d->courses[i];
  size_t patient, continues;
  if (!stored_ref(st, 1, l->n_patients, &patient) ||
      !stored_ref(st, 2, l->d->n_centres, &k->centre) || !eml_rt_stored_course(CELLS(st), k))
    return 0;
  memcpy(k->patient, l->pseudonyms[patient], sizeof k->patient);
  if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
    if (!stored_ref(st, 8, l->n_courses, &continues))
      return 0;
    k->continues = (long)continues;
  }
  return 1;
}

/* The blocks of rt_passages into d->sessions (their count: the sum of the
 * blocks' `passages`), each reference checked in range. */
static eml_status load_passages(void *impl, eml_rt_data *d, eml_diag *diag) {
  sqlite3 *db = eml_sqlite_db(impl);
  sqlite3_stmt *st = NULL;
  size_t total = 0;
  int ok = sqlite3_prepare_v2(db, "SELECT coalesce(sum(passages), 0) FROM rt_passages", -1, &st,
                              NULL) == SQLITE_OK &&
           sqlite3_step(st) == SQLITE_ROW;
  if (ok)
    total = (size_t)sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (!ok)
    return eml_sqlite_error(impl, diag, N_("lecture des données de radiothérapie impossible"));
  if (!(d->sessions = calloc(total ? total : 1, sizeof *d->sessions)))
    return EML_ERR_NOMEM;
  if (sqlite3_prepare_v2(db, "SELECT passages, data FROM rt_passages ORDER BY id", -1, &st, NULL) !=
      SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("lecture des données de radiothérapie impossible"));
  eml_status status = EML_OK;
  int rc;
  eml_progress_begin(EML_PROGRESS_RT_LOAD, (int64_t)total); /* eml/progress.h: a block at a time */
  while (!status && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 n = sqlite3_column_int64(st, 0);
    eml_progress_add(n, 0);
    const unsigned char *p = sqlite3_column_blob(st, 1);
    if (n < 0 || (size_t)n > total - d->n_sessions ||
        (size_t)sqlite3_column_bytes(st, 1) != (size_t)n * PASSAGE_BYTES || (n && !p)) {
      status = EML_ERR_STORE;
      break;
    }
    for (sqlite3_int64 i = 0; i < n; i++, p += PASSAGE_BYTES) {
      eml_rt_session *s = &d->sessions[d->n_sessions];
      unpack_passage(p, s);
      if (s->course >= d->n_courses || s->machine >= d->n_machines) {
        eml_diag_set(diag, eml_sqlite_path(impl), 0, "rt_passages", NULL, 0,
                     "le passage %zu renvoie à une ligne absente du stockage", d->n_sessions + 1);
        status = EML_ERR_STORE;
        break;
      }
      d->n_sessions++;
    }
  }
  eml_progress_end();
  if (!status && rc != SQLITE_DONE)
    status = eml_sqlite_error(impl, diag, N_("lecture des données de radiothérapie impossible"));
  sqlite3_finalize(st);
  return status;
}

/* Number of rows of a table. */
static eml_status count_rows(void *impl, const char *table, size_t *n, eml_diag *diag) {
  char sql[128];
  sqlite3_stmt *st = NULL;
  snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
  int ok = sqlite3_prepare_v2(eml_sqlite_db(impl), sql, -1, &st, NULL) == SQLITE_OK &&
           sqlite3_step(st) == SQLITE_ROW;
  *n = ok ? (size_t)sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return ok ? EML_OK
            : eml_sqlite_error(impl, diag, N_("lecture des données de radiothérapie impossible"));
}

/* Hands each row of `select` to row, at most n, in the order of the ids
 * when the table has one (its last column, which must be the row's
 * index); *count: the rows loaded. */
static eml_status read_rows(void *impl, rt_loading *l, const char *table, const char *select,
                            int has_id, size_t n, row_fn row, size_t *count, eml_diag *diag) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), select, -1, &st, NULL) != SQLITE_OK)
    return eml_sqlite_error(impl, diag, N_("lecture des données de radiothérapie impossible"));
  eml_status status = EML_OK;
  size_t read = 0;
  while (!status && read < n && sqlite3_step(st) == SQLITE_ROW) {
    int last = sqlite3_column_count(st) - 1;
    int ok = !has_id || sqlite3_column_int64(st, last) == (sqlite3_int64)read;
    if (ok && row(st, l, read)) {
      *count = ++read;
    } else {
      read++;
      eml_diag_set(diag, eml_sqlite_path(impl), 0, table, NULL, 0,
                   "la ligne %zu renvoie à une ligne absente du stockage, ou porte une date fausse",
                   read);
      status = EML_ERR_STORE;
    }
  }
  sqlite3_finalize(st);
  return status;
}

/* Allocates the array of a table (n rows) then reads the rows into it:
 * the columns cols in the order of `order`, "id" (the id last in cols) or
 * "rowid" (a table without id: the order written). */
#define LOAD(table, cols, order, array, count, row)                                           \
  do {                                                                                        \
    size_t n_ = 0;                                                                            \
    if (!st)                                                                                  \
      st = count_rows(impl, table, &n_, diag);                                                \
    if (!st && !(array = calloc(n_ ? n_ : 1, sizeof *array)))                                 \
      st = EML_ERR_NOMEM;                                                                     \
    if (!st)                                                                                  \
      st = read_rows(impl, &l, table,                                                         \
                     "SELECT " cols " FROM " table " ORDER BY " order, order[0] == 'i', n_, row,     \
                     &(count), diag);                                                         \
  } while (0)

/* the columns of each table, its id (the row's rank, checked) last */
#define CENTRE_COLS                                                                          \
  "finess, name, territory, teaching, single_machine_case, ct_simulation,"               \
  " conventional_dosimetry, dosimetry_3d, imaging_access_h, network, hdr_oncologist,"        \
  " hdr_physicist, cooperation_agreement, derogation, derogation_source, id"
#define MACHINE_COLS                                                                         \
  "machine_id, centre, kind, photon_mv, electrons, mlc, portal_imaging, imrt,"               \
  " in_vivo_dosimetry, parameter_control, in_service_from, in_service_until, replaces, id"
#define COURSE_COLS                                                                          \
  "course_id, patient, centre, pathology, modality, technique, started_on, closed_on,"       \
  " continues, id"

/* Sets the page cache of db to `pages` (PRAGMA cache_size: negative, in
 * KiB) and returns what it was (0 when it cannot be read: left as is). */
static int cache_size_swap(sqlite3 *db, int pages) {
  sqlite3_stmt *st = NULL;
  int was = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    was = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  char sql[64];
  snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", pages);
  if (was)
    (void)sqlite3_exec(db, sql, NULL, NULL, NULL); /* a hint: the loading works either way */
  return was;
}

/* The page cache while loading: each page is read once, in order, so a
 * cache gains nothing; sqlite.c's 128 MiB would keep every page of the
 * passages' blocks (about 110 MB on a national year) beside the data set
 * they are unpacked into: 4 MiB instead (issue 17 item 2, the peak memory
 * of `eml rt activity --db`). */
#define LOAD_CACHE_KIB 4096

eml_status eml_sqlite_rt_load(void *impl, eml_rt_data *d, eml_diag *diag) {
  rt_loading l = {d, NULL, 0, 0};
  size_t n_courses = 0;
  eml_status st = EML_OK;
  int cache = cache_size_swap(eml_sqlite_db(impl), -LOAD_CACHE_KIB);
  LOAD("rt_patient", "pseudonym, id", "id", l.pseudonyms, l.n_patients, row_patient);
  LOAD("rt_centre", CENTRE_COLS, "id", d->centres, d->n_centres, row_centre);
  LOAD("rt_machine", MACHINE_COLS, "id", d->machines, d->n_machines, row_machine);
  LOAD("rt_staff", "centre, year, role, fte", "rowid", d->staff, d->n_staff, row_staff);
  if (!st)
    st = count_rows(impl, "rt_course", &n_courses, diag);
  l.n_courses = n_courses;
  LOAD("rt_course", COURSE_COLS, "id", d->courses, d->n_courses, row_course);
  if (!st && d->n_courses != n_courses)
    st = EML_ERR_STORE;
  if (!st)
    st = eml_rt_data_reindex(d); /* the lookups, and the roots from `continues` */
  if (!st)
    st = load_passages(impl, d, diag);
  if (cache)
    cache_size_swap(eml_sqlite_db(impl), cache);
  free(l.pseudonyms);
  return eml_rt_load_end(d, st, eml_sqlite_path(impl), diag);
}
