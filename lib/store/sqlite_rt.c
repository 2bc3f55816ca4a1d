/*
 * sqlite_rt.c — the radiotherapy data set in the SQLite store (tables of
 * sqlite_rt_schema.h; spec radiotherapy.md and README "Identifiers of
 * people").
 *
 * Model: the store holds one radiotherapy data set, the last one imported:
 * saving deletes the stored rows and writes data's, inside the caller's
 * transaction. Patients are written as the pseudonyms the readers made;
 * the key is not written, only a check value (the pseudonym of a fixed
 * text) so that data pseudonymised with another key cannot be mixed in:
 * distinct-patient counts would silently double. Loading reads the rows
 * back in the order they were written and rebuilds the lookups.
 */
#include "store_internal.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_CHECK_TEXT "eml radiotherapy key check"

static eml_status fail(void *impl, eml_diag *diag, const char *what) {
  eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0, "%s: %s", what,
               sqlite3_errmsg(eml_sqlite_db(impl)));
  return EML_ERR_STORE;
}

static void bind_date(sqlite3_stmt *st, int i, int has, eml_date d) {
  char buf[16];
  if (!has) {
    sqlite3_bind_null(st, i);
    return;
  }
  eml_date_format(d, buf, sizeof buf);
  sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v) {
  sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* "6;18", "1.25": the energies as the input file writes them. */
static void energies_text(const eml_rt_machine *m, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < m->photon_count && len + 1 < size; i++)
    len += (size_t)snprintf(buf + len, size - len, "%s%g", i ? ";" : "", m->photon_mv[i]);
}

/* Local time with its offset: 2024-03-04T09:00:00+01:00. */
static void start_text(eml_time t, char *buf, size_t size) {
  eml_civil c;
  eml_paris_civil(t, &c);
  snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", c.year, c.month, c.day, c.hour,
           c.minute, c.second, c.utc_offset_s / 3600);
}

/* Runs one prepared statement per row of one table. */
typedef void (*bind_fn)(sqlite3_stmt *st, const eml_rt_data *d, size_t i);

static void bind_centre(sqlite3_stmt *st, const eml_rt_data *d, size_t i) {
  const eml_rt_centre *k = &d->centres[i];
  bind_text(st, 1, k->finess);
  bind_text(st, 2, k->name);
  bind_text(st, 3, k->territory);
  const int flags[] = {k->teaching, (int)k->single_machine_case, k->ct_simulation,
                       k->conventional_dosimetry, (int)k->dosimetry_3d};
  for (int f = 0; f < 5; f++)
    sqlite3_bind_int(st, 4 + f, flags[f]);
  sqlite3_bind_double(st, 9, k->imaging_access_h);
  sqlite3_bind_int(st, 10, k->network);
  sqlite3_bind_int(st, 11, k->hdr_oncologist);
  sqlite3_bind_int(st, 12, k->hdr_physicist);
  sqlite3_bind_int(st, 13, k->cooperation_agreement);
  sqlite3_bind_int(st, 14, k->derogation);
  bind_text(st, 15, k->derogation_source);
}

static void bind_machine(sqlite3_stmt *st, const eml_rt_data *d, size_t i) {
  const eml_rt_machine *m = &d->machines[i];
  char mv[128];
  energies_text(m, mv, sizeof mv);
  bind_text(st, 1, m->machine_id);
  bind_text(st, 2, d->centres[m->centre].finess);
  sqlite3_bind_int(st, 3, (int)m->kind);
  bind_text(st, 4, mv);
  const int flags[] = {m->electrons,         m->mlc, m->portal_imaging, m->imrt,
                       m->in_vivo_dosimetry, m->parameter_control};
  for (int f = 0; f < 6; f++)
    sqlite3_bind_int(st, 5 + f, flags[f]);
  bind_date(st, 11, 1, m->in_service_from);
  bind_date(st, 12, m->has_until, m->in_service_until);
  bind_text(st, 13, m->replaces); /* column of migration 6 -> 7 */
}

static void bind_staff(sqlite3_stmt *st, const eml_rt_data *d, size_t i) {
  const eml_rt_staff *s = &d->staff[i];
  bind_text(st, 1, d->centres[s->centre].finess);
  sqlite3_bind_int(st, 2, s->year);
  sqlite3_bind_int(st, 3, (int)s->role);
  sqlite3_bind_double(st, 4, s->fte);
}

static void bind_course(sqlite3_stmt *st, const eml_rt_data *d, size_t i) {
  const eml_rt_course *k = &d->courses[i];
  bind_text(st, 1, k->course_id);
  bind_text(st, 2, k->patient);
  bind_text(st, 3, d->centres[k->centre].finess);
  bind_text(st, 4, k->pathology);
  sqlite3_bind_int(st, 5, (int)k->modality);
  sqlite3_bind_int(st, 6, (int)k->technique);
  bind_date(st, 7, 1, k->started_on);
  bind_date(st, 8, k->closed, k->closed_on);
  if (k->continues >= 0)
    bind_text(st, 9, d->courses[k->continues].course_id);
  else
    sqlite3_bind_null(st, 9);
}

static void bind_session(sqlite3_stmt *st, const eml_rt_data *d, size_t i) {
  const eml_rt_session *s = &d->sessions[i];
  char start[40];
  start_text(s->start, start, sizeof start);
  bind_text(st, 1, s->patient);
  bind_text(st, 2, d->courses[s->course].course_id);
  bind_text(st, 3, d->machines[s->machine].machine_id);
  bind_text(st, 4, start);
  sqlite3_bind_int64(st, 5, s->fields);
  sqlite3_bind_int(st, 6, s->inpatient);
  sqlite3_bind_int(st, 7, s->time_flags);
}

static eml_status insert_all(void *impl, const char *sql, const eml_rt_data *d, size_t n,
                             bind_fn bind, eml_diag *diag) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql, -1, &st, NULL) != SQLITE_OK)
    return fail(impl, diag, "cannot prepare the radiotherapy tables");
  eml_status status = EML_OK;
  for (size_t i = 0; i < n && !status; i++) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    bind(st, d, i);
    if (sqlite3_step(st) != SQLITE_DONE)
      status = fail(impl, diag, "cannot store the radiotherapy data");
  }
  sqlite3_finalize(st);
  return status;
}

/* The stored key check into out (empty when none). */
static eml_status stored_key_check(void *impl, char *out, size_t size, eml_diag *diag) {
  sqlite3_stmt *st = NULL;
  out[0] = '\0';
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), "SELECT key_check FROM rt_key", -1, &st, NULL) !=
      SQLITE_OK)
    return fail(impl, diag, "cannot read the radiotherapy key check");
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? EML_OK
                                               : fail(impl, diag, "cannot read the key check");
}

eml_status eml_sqlite_rt_save(void *impl, const eml_rt_data *d, eml_diag *diag) {
  char check[EML_RT_PSEUDONYM_HEX + 1], stored[EML_RT_PSEUDONYM_HEX + 8];
  eml_status st = eml_rt_pseudonym(d->key, KEY_CHECK_TEXT, strlen(KEY_CHECK_TEXT), check);
  if (!st)
    st = stored_key_check(impl, stored, sizeof stored, diag);
  if (st)
    return st;
  if (stored[0] && strcmp(stored, check) != 0) {
    eml_diag_set(diag, eml_sqlite_path(impl), 0, "key", NULL, 0,
                 "the radiotherapy data of this store was pseudonymised with another key: "
                 "import with that key, or into another store");
    return EML_ERR_VALUE;
  }
  static const char *const clear =
      "DELETE FROM rt_session; DELETE FROM rt_course; DELETE FROM rt_staff;"
      "DELETE FROM rt_machine; DELETE FROM rt_centre; DELETE FROM rt_key;";
  if (sqlite3_exec(eml_sqlite_db(impl), clear, NULL, NULL, NULL) != SQLITE_OK)
    return fail(impl, diag, "cannot replace the radiotherapy data");
  sqlite3_stmt *k = NULL;
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), "INSERT INTO rt_key(key_check) VALUES(?1)", -1, &k,
                         NULL) != SQLITE_OK)
    return fail(impl, diag, "cannot store the key check");
  bind_text(k, 1, check);
  int rc = sqlite3_step(k);
  sqlite3_finalize(k);
  if (rc != SQLITE_DONE)
    return fail(impl, diag, "cannot store the key check");
  /* courses before their complements would break the references of
   * `continues`: courses go in without it, then it is set */
  st = insert_all(impl,
                  "INSERT INTO rt_centre VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                  " ?13, ?14, ?15)",
                  d, d->n_centres, bind_centre, diag);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_machine VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                    " ?12, ?13)",
                    d, d->n_machines, bind_machine, diag);
  if (!st)
    st = insert_all(impl, "INSERT INTO rt_staff VALUES(?1, ?2, ?3, ?4)", d, d->n_staff,
                    bind_staff, diag);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_course VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)", d,
                    d->n_courses, bind_course, diag);
  if (!st)
    st = insert_all(impl, "UPDATE rt_course SET continues = ?9 WHERE course_id = ?1", d,
                    d->n_courses, bind_course, diag);
  if (!st)
    st = insert_all(impl, "INSERT INTO rt_session VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)", d,
                    d->n_sessions, bind_session, diag);
  return st;
}

/* ---- loading -------------------------------------------------------------- */

static const char *column_text(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

static void copy_text(char *dst, size_t size, const char *src) { snprintf(dst, size, "%s", src); }

static int column_date(sqlite3_stmt *st, int i, eml_date *out) {
  const char *t = column_text(st, i);
  return *t && eml_date_parse(t, strlen(t), out) == EML_OK;
}

/* One loading: the data being filled, and the `continues` of each course as
 * stored (resolved once every course is read). */
typedef struct rt_loading {
  eml_rt_data *d;
  char (*continues)[EML_RT_ID_MAX + 1];
} rt_loading;

/* Row i of one table into the data (its array comes zeroed from LOAD's
 * calloc); returns 0 when it refers to nothing known or holds a bad date. */
typedef int (*row_fn)(sqlite3_stmt *st, rt_loading *l, size_t i);

/* Column col names a stored row of file f: its index in *out, or 0. */
static int stored_ref(sqlite3_stmt *st, int col, const eml_rt_data *d, eml_rt_file f,
                      size_t *out) {
  long k = eml_rt_find(d, f, column_text(st, col));
  *out = k < 0 ? 0 : (size_t)k;
  return k >= 0;
}

static int row_centre(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_centre *k = &l->d->centres[i];
  copy_text(k->finess, sizeof k->finess, column_text(st, 0));
  copy_text(k->name, sizeof k->name, column_text(st, 1));
  copy_text(k->territory, sizeof k->territory, column_text(st, 2));
  k->teaching = sqlite3_column_int(st, 3);
  k->single_machine_case = (eml_rt_single_case)sqlite3_column_int(st, 4);
  k->ct_simulation = sqlite3_column_int(st, 5);
  k->conventional_dosimetry = sqlite3_column_int(st, 6);
  k->dosimetry_3d = (eml_rt_dosimetry_3d)sqlite3_column_int(st, 7);
  k->imaging_access_h = sqlite3_column_double(st, 8);
  k->network = sqlite3_column_int(st, 9);
  k->hdr_oncologist = sqlite3_column_int(st, 10);
  k->hdr_physicist = sqlite3_column_int(st, 11);
  k->cooperation_agreement = sqlite3_column_int(st, 12);
  k->derogation = sqlite3_column_int(st, 13); /* columns of migration 5 -> 6 */
  copy_text(k->derogation_source, sizeof k->derogation_source, column_text(st, 14));
  return 1;
}

static int row_machine(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_machine *m = &l->d->machines[i];
  if (!stored_ref(st, 1, l->d, EML_RT_FILE_CENTRES, &m->centre))
    return 0;
  copy_text(m->machine_id, sizeof m->machine_id, column_text(st, 0));
  m->kind = (eml_rt_machine_kind)sqlite3_column_int(st, 2);
  const char *mv = column_text(st, 3);
  while (*mv && m->photon_count < EML_RT_MAX_ENERGIES) {
    char *end;
    m->photon_mv[m->photon_count++] = strtod(mv, &end);
    mv = *end == ';' ? end + 1 : end + strlen(end);
  }
  int *flags[] = {&m->electrons,         &m->mlc, &m->portal_imaging, &m->imrt,
                  &m->in_vivo_dosimetry, &m->parameter_control};
  for (int f = 0; f < 6; f++)
    *flags[f] = sqlite3_column_int(st, 4 + f);
  if (!column_date(st, 10, &m->in_service_from))
    return 0;
  m->has_until = column_date(st, 11, &m->in_service_until);
  copy_text(m->replaces, sizeof m->replaces, column_text(st, 12)); /* migration 6 -> 7 */
  return 1;
}

static int row_staff(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_staff *s = &l->d->staff[i];
  if (!stored_ref(st, 0, l->d, EML_RT_FILE_CENTRES, &s->centre))
    return 0;
  s->year = sqlite3_column_int(st, 1);
  s->role = (eml_rt_role)sqlite3_column_int(st, 2);
  s->fte = sqlite3_column_double(st, 3);
  return 1;
}

static int row_course(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_course *k = &l->d->courses[i];
  if (!stored_ref(st, 2, l->d, EML_RT_FILE_CENTRES, &k->centre))
    return 0;
  copy_text(k->course_id, sizeof k->course_id, column_text(st, 0));
  copy_text(k->patient, sizeof k->patient, column_text(st, 1));
  copy_text(k->pathology, sizeof k->pathology, column_text(st, 3));
  k->modality = (eml_rt_modality)sqlite3_column_int(st, 4);
  k->technique = (eml_rt_technique)sqlite3_column_int(st, 5);
  if (!column_date(st, 6, &k->started_on))
    return 0;
  k->closed = column_date(st, 7, &k->closed_on);
  k->continues = -1;
  copy_text(l->continues[i], sizeof l->continues[0], column_text(st, 8));
  return 1;
}

static int row_session(sqlite3_stmt *st, rt_loading *l, size_t i) {
  eml_rt_session *s = &l->d->sessions[i];
  const char *start = column_text(st, 3);
  if (!stored_ref(st, 1, l->d, EML_RT_FILE_COURSES, &s->course) ||
      !stored_ref(st, 2, l->d, EML_RT_FILE_MACHINES, &s->machine) ||
      eml_datetime_parse(start, strlen(start), &s->start, NULL))
    return 0;
  copy_text(s->patient, sizeof s->patient, column_text(st, 0));
  s->fields = sqlite3_column_int64(st, 4);
  s->inpatient = sqlite3_column_int(st, 5);
  s->time_flags = sqlite3_column_int(st, 6);
  return 1;
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
  return ok ? EML_OK : fail(impl, diag, "cannot read the radiotherapy data");
}

/* Hands each row of `table`, in the order written, to row (at most n);
 * *count: the rows loaded. */
static eml_status read_rows(void *impl, rt_loading *l, const char *table, size_t n, row_fn row,
                            size_t *count, eml_diag *diag) {
  char sql[128];
  sqlite3_stmt *st = NULL;
  snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", table);
  if (sqlite3_prepare_v2(eml_sqlite_db(impl), sql, -1, &st, NULL) != SQLITE_OK)
    return fail(impl, diag, "cannot read the radiotherapy data");
  eml_status status = EML_OK;
  size_t read = 0;
  while (!status && read < n && sqlite3_step(st) == SQLITE_ROW) {
    if (row(st, l, read)) {
      *count = ++read;
    } else {
      read++;
      eml_diag_set(diag, eml_sqlite_path(impl), 0, table, NULL, 0,
                   "row %zu refers to a row that is not stored, or holds a bad date", read);
      status = EML_ERR_STORE;
    }
  }
  sqlite3_finalize(st);
  return status;
}

/* Allocates the array of a table (n rows) then reads the rows into it. */
#define LOAD(table, array, count, row)                                                       \
  do {                                                                                        \
    size_t n_ = 0;                                                                            \
    if (!st)                                                                                  \
      st = count_rows(impl, table, &n_, diag);                                                \
    if (!st && !(array = calloc(n_ ? n_ : 1, sizeof *array)))                                 \
      st = EML_ERR_NOMEM;                                                                     \
    if (!st)                                                                                  \
      st = read_rows(impl, &l, table, n_, row, &(count), diag);                               \
  } while (0)

eml_status eml_sqlite_rt_load(void *impl, eml_rt_data *d, eml_diag *diag) {
  rt_loading l = {d, NULL};
  size_t n_courses = 0;
  eml_status st = EML_OK;
  LOAD("rt_centre", d->centres, d->n_centres, row_centre);
  if (!st)
    st = eml_rt_data_reindex(d);
  LOAD("rt_machine", d->machines, d->n_machines, row_machine);
  LOAD("rt_staff", d->staff, d->n_staff, row_staff);
  if (!st)
    st = count_rows(impl, "rt_course", &n_courses, diag);
  if (!st && !(l.continues = calloc(n_courses ? n_courses : 1, sizeof *l.continues)))
    st = EML_ERR_NOMEM;
  LOAD("rt_course", d->courses, d->n_courses, row_course);
  if (!st)
    st = eml_rt_data_reindex(d);
  for (size_t i = 0; i < d->n_courses && !st; i++)
    if (l.continues[i][0] &&
        (d->courses[i].continues = eml_rt_find(d, EML_RT_FILE_COURSES, l.continues[i])) < 0)
      st = EML_ERR_STORE;
  if (!st)
    st = eml_rt_data_reindex(d); /* the roots, now that `continues` is set */
  LOAD("rt_session", d->sessions, d->n_sessions, row_session);
  free(l.continues);
  if (st && !diag->message[0])
    eml_diag_set(diag, eml_sqlite_path(impl), 0, NULL, NULL, 0,
                 "the radiotherapy data of the store is inconsistent (%s)", eml_strerror(st));
  const size_t counts[EML_RT_FILE_COUNT] = {d->n_centres, d->n_machines, d->n_staff,
                                            d->n_courses, d->n_sessions};
  for (int f = 0; f < EML_RT_FILE_COUNT; f++)
    d->summary[f].read = d->summary[f].loaded = (long)counts[f];
  return st;
}
