/*
 * pg_rt.c — the radiotherapy data set in the PostgreSQL store (the model of
 * sqlite_rt.c: one data set, the last imported, replaced inside the
 * caller's transaction; patients as pseudonyms, the key only as a check
 * value; loaded back in the order written — by the identity column `seq`
 * of each table — and the lookups rebuilt). Tables of migrations 1 -> 2 and
 * 5 -> 6 in pg.c; codes as in sqlite_rt_schema.h.
 */
#include "pg_internal.h"
#include "store_rows.h"
#include "store_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parameters of row i of one table; buf holds texts they point to. */
typedef struct rt_row {
  eml_pg_params p;
  char buf[2][128];
} rt_row;
typedef void (*params_fn)(rt_row *r, const eml_rt_data *d, size_t i);

static void centre_params(rt_row *r, const eml_rt_data *d, size_t i) {
  const eml_rt_centre *k = &d->centres[i];
  eml_pg_params *p = &r->p;
  eml_pg_text_empty(p, k->finess);
  eml_pg_text_empty(p, k->name);
  eml_pg_text_empty(p, k->territory);
  const int flags[] = {k->teaching, (int)k->single_machine_case, k->ct_simulation,
                       k->conventional_dosimetry, (int)k->dosimetry_3d};
  for (int f = 0; f < 5; f++)
    eml_pg_int(p, 1, flags[f]);
  eml_pg_double(p, k->imaging_access_h);
  eml_pg_int(p, 1, k->network);
  eml_pg_int(p, 1, k->hdr_oncologist);
  eml_pg_int(p, 1, k->hdr_physicist);
  eml_pg_int(p, 1, k->cooperation_agreement);
  eml_pg_int(p, 1, k->derogation);
  eml_pg_text_empty(p, k->derogation_source);
}

static void machine_params(rt_row *r, const eml_rt_data *d, size_t i) {
  const eml_rt_machine *m = &d->machines[i];
  eml_pg_params *p = &r->p;
  eml_rt_energies_stored(m, r->buf[0], sizeof r->buf[0]);
  eml_pg_text_empty(p, m->machine_id);
  eml_pg_text_empty(p, d->centres[m->centre].finess);
  eml_pg_int(p, 1, (int)m->kind);
  eml_pg_text_empty(p, r->buf[0]);
  const int flags[] = {m->electrons,         m->mlc, m->portal_imaging, m->imrt,
                       m->in_vivo_dosimetry, m->parameter_control};
  for (int f = 0; f < 6; f++)
    eml_pg_int(p, 1, flags[f]);
  eml_pg_date(p, 1, m->in_service_from);
  eml_pg_date(p, m->has_until, m->in_service_until);
  eml_pg_text_empty(p, m->replaces); /* column of migration 6 -> 7 */
}

static void staff_params(rt_row *r, const eml_rt_data *d, size_t i) {
  const eml_rt_staff *s = &d->staff[i];
  eml_pg_text_empty(&r->p, d->centres[s->centre].finess);
  eml_pg_int(&r->p, 1, s->year);
  eml_pg_int(&r->p, 1, (int)s->role);
  eml_pg_double(&r->p, s->fte);
}

static void course_params(rt_row *r, const eml_rt_data *d, size_t i) {
  const eml_rt_course *k = &d->courses[i];
  eml_pg_params *p = &r->p;
  eml_pg_text_empty(p, k->course_id);
  eml_pg_text_empty(p, k->patient);
  eml_pg_text_empty(p, d->centres[k->centre].finess);
  eml_pg_text_empty(p, k->pathology);
  eml_pg_int(p, 1, (int)k->modality);
  eml_pg_int(p, 1, (int)k->technique);
  eml_pg_date(p, 1, k->started_on);
  eml_pg_date(p, k->closed, k->closed_on);
}

/* $1 the course, $2 the course it continues */
static void continues_params(rt_row *r, const eml_rt_data *d, size_t i) {
  const eml_rt_course *k = &d->courses[i];
  eml_pg_text_empty(&r->p, k->course_id);
  eml_pg_text(&r->p, k->continues >= 0 ? d->courses[k->continues].course_id : NULL);
}

static void session_params(rt_row *r, const eml_rt_data *d, size_t i) {
  const eml_rt_session *s = &d->sessions[i];
  eml_civil c;
  eml_paris_civil(s->start, &c);
  /* local time with its offset: 2024-03-04T09:00:00+01:00 (sqlite_rt.c) */
  snprintf(r->buf[0], sizeof r->buf[0], "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", c.year, c.month,
           c.day, c.hour, c.minute, c.second, c.utc_offset_s / 3600);
  /* a passage's patient is its course's (eml/rt.h): stored beside it */
  eml_pg_text_empty(&r->p, d->courses[s->course].patient);
  eml_pg_text_empty(&r->p, d->courses[s->course].course_id);
  eml_pg_text_empty(&r->p, d->machines[s->machine].machine_id);
  eml_pg_text_empty(&r->p, r->buf[0]);
  eml_pg_int(&r->p, 1, s->fields);
  eml_pg_int(&r->p, 1, s->inpatient);
  eml_pg_int(&r->p, 1, s->time_flags);
}

/* Writes the n rows of one table: by COPY when sql is an INSERT (pg.c's
 * eml_pg_copy, one statement for the table), else one statement per row;
 * skip (may be NULL) leaves out the rows it says. */
static eml_status insert_all(void *impl, const char *sql, const eml_rt_data *d, size_t n,
                             params_fn params, int (*skip)(const eml_rt_data *, size_t),
                             eml_diag *diag) {
  static const char what[] = N_("enregistrement des données de radiothérapie impossible");
  eml_pg_copy *copy = NULL;
  eml_status st = EML_OK;
  if (strncmp(sql, "INSERT ", 7) == 0) {
    if (!(copy = malloc(sizeof *copy)))
      return EML_ERR_NOMEM;
    if ((st = eml_pg_copy_begin(impl, copy, sql, diag, what))) {
      free(copy);
      return st;
    }
  }
  for (size_t i = 0; i < n && !st; i++) {
    if (skip && skip(d, i))
      continue;
    rt_row r;
    r.p.n = 0;
    params(&r, d, i);
    st = copy ? eml_pg_copy_row(copy, &r.p) : eml_pg_command(impl, sql, &r.p, diag, what, NULL);
  }
  if (copy)
    st = eml_pg_copy_end(copy, st);
  free(copy);
  return st == EML_ERR_NOMEM ? st : st ? EML_ERR_STORE : EML_OK;
}

/* a course that continues none: its `continues` stays NULL */
static int continues_none(const eml_rt_data *d, size_t i) { return d->courses[i].continues < 0; }

eml_status eml_pg_rt_save(void *impl, const eml_rt_data *d, eml_diag *diag) {
  char check[EML_RT_PSEUDONYM_HEX + 1];
  PGresult *r = eml_pg_exec(impl, "SELECT key_check FROM rt_key", NULL);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    return eml_pg_fail(impl, r, diag, N_("lecture du contrôle de clé de radiothérapie impossible"));
  eml_status st = eml_rt_key_verify(d, PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : NULL,
                                    eml_pg_path(impl), check, diag);
  PQclear(r);
  if (st)
    return st;
  if (eml_pg_command(impl,
                     "DELETE FROM rt_session; DELETE FROM rt_course; DELETE FROM rt_staff;"
                     "DELETE FROM rt_machine; DELETE FROM rt_centre; DELETE FROM rt_key;",
                     NULL, diag, N_("remplacement des données de radiothérapie impossible"), NULL))
    return EML_ERR_STORE;
  eml_pg_params p = {0};
  eml_pg_text_empty(&p, check);
  if (eml_pg_command(impl, "INSERT INTO rt_key(key_check) VALUES($1)", &p, diag,
                     N_("enregistrement du contrôle de clé impossible"), NULL))
    return EML_ERR_STORE;
  /* courses before their complements would break the references of
   * `continues`: courses go in without it, then it is set */
  st = insert_all(impl,
                  "INSERT INTO rt_centre(finess, name, territory, teaching, single_machine_case,"
                  " ct_simulation, conventional_dosimetry, dosimetry_3d, imaging_access_h,"
                  " network, hdr_oncologist, hdr_physicist, cooperation_agreement, derogation,"
                  " derogation_source) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
                  " $12, $13, $14, $15)",
                  d, d->n_centres, centre_params, NULL, diag);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_machine(machine_id, finess, kind, photon_mv, electrons, mlc,"
                    " portal_imaging, imrt, in_vivo_dosimetry, parameter_control,"
                    " in_service_from, in_service_until, replaces) VALUES($1, $2, $3, $4, $5,"
                    " $6, $7, $8, $9, $10, $11, $12, $13)",
                    d, d->n_machines, machine_params, NULL, diag);
  if (!st)
    st = insert_all(impl, "INSERT INTO rt_staff(finess, year, role, fte) VALUES($1, $2, $3, $4)",
                    d, d->n_staff, staff_params, NULL, diag);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_course(course_id, patient, finess, pathology, modality,"
                    " technique, started_on, closed_on) VALUES($1, $2, $3, $4, $5, $6, $7, $8)",
                    d, d->n_courses, course_params, NULL, diag);
  if (!st)
    st = insert_all(impl, "UPDATE rt_course SET continues = $2 WHERE course_id = $1", d,
                    d->n_courses, continues_params, continues_none, diag);
  if (!st)
    st = insert_all(impl,
                    "INSERT INTO rt_session(patient, course_id, machine_id, start, fields,"
                    " inpatient, time_flags) VALUES($1, $2, $3, $4, $5, $6, $7)",
                    d, d->n_sessions, session_params, NULL, diag);
  return st;
}

/* ---- loading -------------------------------------------------------------- */

/* One row of a result: its cells as texts ("" for NULL). */
typedef struct rt_cells {
  const PGresult *r;
  int row;
} rt_cells;

static const char *cell(rt_cells c, int col) {
  const char *t = eml_pg_cell(c.r, c.row, col);
  return t ? t : "";
}
static int cell_int(rt_cells c, int col) { return atoi(cell(c, col)); }

/* The getters of store_rt.h over an rt_cells. */
static const char *cells_text(void *c, int col) { return cell(*(rt_cells *)c, col); }
static long long cells_whole(void *c, int col) { return atoll(cells_text(c, col)); }
static double cells_real(void *c, int col) { return strtod(cells_text(c, col), NULL); }
static int cells_date(void *c, int col, eml_date *out) { return eml_stored_date(cells_text(c, col), out); }
#define CELLS(c) (&(eml_rt_cells){&(c), cells_text, cells_whole, cells_real, cells_date})

typedef struct rt_loading {
  eml_rt_data *d;
  char (*continues)[EML_RT_ID_MAX + 1];
} rt_loading;

/* Row i into the data; 0 when it refers to nothing known or holds a bad date. */
typedef int (*row_fn)(rt_cells c, rt_loading *l, size_t i);

static int stored_ref(rt_cells c, int col, const eml_rt_data *d, eml_rt_file f, size_t *out) {
  long k = eml_rt_find(d, f, cell(c, col));
  *out = k < 0 ? 0 : (size_t)k;
  return k >= 0;
}

static int row_centre(rt_cells c, rt_loading *l, size_t i) {
  eml_rt_stored_centre(CELLS(c), &l->d->centres[i]);
  return 1;
}

static int row_machine(rt_cells c, rt_loading *l, size_t i) {
  eml_rt_machine *m = &l->d->machines[i];
  return stored_ref(c, 1, l->d, EML_RT_FILE_CENTRES, &m->centre) &&
         eml_rt_stored_machine(CELLS(c), m);
}

static int row_staff(rt_cells c, rt_loading *l, size_t i) {
  eml_rt_staff *s = &l->d->staff[i];
  if (!stored_ref(c, 0, l->d, EML_RT_FILE_CENTRES, &s->centre))
    return 0;
  eml_rt_stored_staff(CELLS(c), s);
  return 1;
}

static int row_course(rt_cells c, rt_loading *l, size_t i) {
  eml_rt_course *k = &l->d->courses[i];
  if (!stored_ref(c, 2, l->d, EML_RT_FILE_CENTRES, &k->centre) ||
      !eml_rt_stored_course(CELLS(c), k))
    return 0;
  snprintf(k->patient, sizeof k->patient, "%s", cell(c, 1));
  snprintf(l->continues[i], sizeof l->continues[0], "%s", cell(c, 8));
  return 1;
}

static int row_session(rt_cells c, rt_loading *l, size_t i) {
  eml_rt_session *s = &l->d->sessions[i];
  const char *start = cell(c, 3);
  size_t course, machine;
  if (!stored_ref(c, 1, l->d, EML_RT_FILE_COURSES, &course) ||
      !stored_ref(c, 2, l->d, EML_RT_FILE_MACHINES, &machine) ||
      eml_datetime_parse(start, strlen(start), &s->start, NULL))
    return 0;
  s->course = (uint32_t)course; /* indexes of the data set, below 2^32 (eml/rt.h) */
  s->machine = (uint32_t)machine;
  s->fields = (int32_t)atoll(cell(c, 4));
  s->inpatient = (uint8_t)cell_int(c, 5);
  s->time_flags = (uint8_t)cell_int(c, 6);
  return 1;
}

/* The columns of each table in the order its row function reads them. */
static const char *const select_sql[EML_RT_FILE_COUNT] = {
    "SELECT finess, name, territory, teaching, single_machine_case, ct_simulation,"
    " conventional_dosimetry, dosimetry_3d, imaging_access_h, network, hdr_oncologist,"
    " hdr_physicist, cooperation_agreement, derogation, derogation_source FROM rt_centre"
    " ORDER BY seq",
    "SELECT machine_id, finess, kind, photon_mv, electrons, mlc, portal_imaging, imrt,"
    " in_vivo_dosimetry, parameter_control, in_service_from, in_service_until, replaces"
    " FROM rt_machine"
    " ORDER BY seq",
    "SELECT finess, year, role, fte FROM rt_staff ORDER BY seq",
    "SELECT course_id, patient, finess, pathology, modality, technique, started_on, closed_on,"
    " continues FROM rt_course ORDER BY seq",
    "SELECT patient, course_id, machine_id, start, fields, inpatient, time_flags FROM rt_session"
    " ORDER BY seq",
};
static const char *const table_name[EML_RT_FILE_COUNT] = {"rt_centre", "rt_machine", "rt_staff",
                                                          "rt_course", "rt_session"};

/* Reads table f: allocates *array (its rows) and hands each row to row. */
static eml_status read_table(void *impl, rt_loading *l, int f, void **array, size_t size,
                             size_t *count, row_fn row, eml_diag *diag) {
  PGresult *r = eml_pg_exec(impl, select_sql[f], NULL);
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    return eml_pg_fail(impl, r, diag, N_("lecture des données de radiothérapie impossible"));
  size_t n = (size_t)PQntuples(r);
  eml_status st = EML_OK;
  if (!(*array = calloc(n ? n : 1, size)))
    st = EML_ERR_NOMEM;
  if (f == EML_RT_FILE_COURSES && !st && !(l->continues = calloc(n ? n : 1, sizeof *l->continues)))
    st = EML_ERR_NOMEM;
  for (size_t i = 0; i < n && !st; i++) {
    if (row((rt_cells){r, (int)i}, l, i)) {
      *count = i + 1;
    } else {
      eml_diag_set(diag, eml_pg_path(impl), 0, table_name[f], NULL, 0,
                   "la ligne %zu renvoie à une ligne absente du stockage, ou porte une date fausse",
                   i + 1);
      st = EML_ERR_STORE;
    }
  }
  PQclear(r);
  return st;
}

#define READ(f, array, count, row)                                                            \
  do {                                                                                        \
    if (!st)                                                                                  \
      st = read_table(impl, &l, f, (void **)&d->array, sizeof *d->array, &d->count, row,     \
                      diag);                                                                  \
  } while (0)

static eml_status load(void *impl, eml_rt_data *d, eml_diag *diag) {
  rt_loading l = {d, NULL};
  eml_status st = EML_OK;
  READ(EML_RT_FILE_CENTRES, centres, n_centres, row_centre);
  if (!st)
    st = eml_rt_data_reindex(d);
  READ(EML_RT_FILE_MACHINES, machines, n_machines, row_machine);
  READ(EML_RT_FILE_STAFF, staff, n_staff, row_staff);
  READ(EML_RT_FILE_COURSES, courses, n_courses, row_course);
  if (!st)
    st = eml_rt_data_reindex(d);
  for (size_t i = 0; i < d->n_courses && !st; i++)
    if (l.continues[i][0] &&
        (d->courses[i].continues = eml_rt_find(d, EML_RT_FILE_COURSES, l.continues[i])) < 0)
      st = EML_ERR_STORE;
  if (!st)
    st = eml_rt_data_reindex(d); /* the roots, now that `continues` is set */
  READ(EML_RT_FILE_SESSIONS, sessions, n_sessions, row_session);
  free(l.continues);
  return st;
}

eml_status eml_pg_rt_load(void *impl, eml_rt_data *d, eml_diag *diag) {
  int began;
  eml_status st = eml_pg_read_begin(impl, &began, diag);
  if (!st)
    st = load(impl, d, diag);
  eml_pg_read_end(impl, began);
  return eml_rt_load_end(d, st, eml_pg_path(impl), diag);
}
