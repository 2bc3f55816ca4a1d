/*
 * store_rt.h — what the two backends' radiotherapy tables share
 * (sqlite_rt.c, pg_rt.c; code in store_rt.c): the check value of the key,
 * the energies as stored, and the reading of a stored centre, machine,
 * staff row and course from the cells of its row, whichever way the backend
 * gives them (SQLite's typed columns, PostgreSQL's texts).
 *
 * Model: both backends select the columns of a table in the same order
 * (the order of the input file: sqlite_rt.c CENTRE_COLS..., pg_rt.c
 * select_sql); the cells a backend resolves itself (a row's centre, a
 * course's patient and `continues`) are left to it. Internal to lib/store.
 */
#ifndef EML_STORE_RT_H
#define EML_STORE_RT_H

#include "store_internal.h"

/* One row of a result, read through the backend's getters. */
typedef struct eml_rt_cells {
  void *src;                                      /* the backend's row */
  const char *(*text)(void *src, int col);        /* "" for NULL */
  long long (*whole)(void *src, int col);
  double (*real)(void *src, int col);
  int (*date)(void *src, int col, eml_date *out); /* 0: NULL or no date */
} eml_rt_cells;

/* The check value of data's key (the pseudonym of a fixed text) into check;
 * EML_ERR_VALUE with diag filled when stored (the store's, NULL when none)
 * is another key's. */
eml_status eml_rt_key_verify(const eml_rt_data *data, const char *stored, const char *path,
                             char check[EML_RT_PSEUDONYM_HEX + 1], eml_diag *diag) EML_MUST_CHECK;
/* "6;18", "1.25": the energies as the input file writes them. */
void eml_rt_energies_stored(const eml_rt_machine *m, char *buf, size_t size);

/* Columns 0-14 of rt_centre: finess ... derogation_source. */
void eml_rt_stored_centre(const eml_rt_cells *c, eml_rt_centre *k);
/* Columns 0 and 2-12 of rt_machine (1, its centre, is the backend's);
 * 0 when in_service_from is not a date. */
int eml_rt_stored_machine(const eml_rt_cells *c, eml_rt_machine *m);
/* Columns 1-3 of rt_staff: year, role, fte (0, its centre, the backend's). */
void eml_rt_stored_staff(const eml_rt_cells *c, eml_rt_staff *s);
/* Columns 0 and 3-7 of rt_course (1 patient, 2 centre, 8 continues: the
 * backend's); continues set to -1; 0 when started_on is not a date. */
int eml_rt_stored_course(const eml_rt_cells *c, eml_rt_course *k);

/* The end of a loading: the summary of each file (read = loaded = its rows)
 * and, when st is an error diag does not explain, the message that the
 * stored data is inconsistent. Returns st. */
eml_status eml_rt_load_end(eml_rt_data *data, eml_status st, const char *path, eml_diag *diag);

#endif
