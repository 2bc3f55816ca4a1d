/*
 * rt_data.c — the radiotherapy data set as plain data (model layer): its
 * creation and freeing, its lookups by identifier and their rebuilding
 * (rt_data.h). The readers of lib/rt/ fill a data set from the files, the
 * store (lib/store/sqlite_rt.c) fills one back from its tables; both find
 * centres, machines and courses through these maps.
 *
 * Ownership (eml/rt.h): an eml_rt_data owns its arrays and its maps, and
 * the maps own copies of their keys. Freeing a data set wipes its key.
 */
#include "rt_data.h"

#include <stdlib.h>
#include <string.h>

/* ---- the maps ------------------------------------------------------- */

eml_status rt_map_put(eml_strmap *map, const char *key, size_t value) {
  return eml_strmap_put(map, key, strlen(key), value);
}

int rt_map_get(const eml_strmap *map, const char *key, size_t *value) {
  return eml_strmap_get(map, key, strlen(key), value);
}

/* ---- the data set --------------------------------------------------- */

eml_rt_data *eml_rt_data_new(const unsigned char key[EML_RT_KEY_BYTES]) {
  eml_rt_data *d = calloc(1, sizeof *d);
  if (!d || !(d->index = calloc(1, sizeof *d->index))) {
    free(d);
    return NULL;
  }
  memcpy(d->key, key, EML_RT_KEY_BYTES);
  return d;
}

/* The index emptied: its three maps freed. */
static void index_clear(struct eml_rt_index *x) {
  eml_strmap_free(&x->centres);
  eml_strmap_free(&x->machines);
  eml_strmap_free(&x->courses);
}

void eml_rt_data_free(eml_rt_data *d) {
  if (!d)
    return;
  if (d->index) {
    index_clear(d->index);
    free(d->index);
  }
  free(d->centres);
  free(d->machines);
  free(d->staff);
  free(d->courses);
  free(d->sessions);
  memset(d->key, 0, sizeof d->key);
  free(d);
}

long eml_rt_centre_find(const eml_rt_data *d, const char *finess) {
  return eml_rt_find(d, EML_RT_FILE_CENTRES, finess);
}

long eml_rt_find(const eml_rt_data *d, eml_rt_file file, const char *id) {
  const eml_strmap *map = file == EML_RT_FILE_CENTRES    ? &d->index->centres
                      : file == EML_RT_FILE_MACHINES ? &d->index->machines
                      : file == EML_RT_FILE_COURSES  ? &d->index->courses
                                                     : NULL;
  size_t i;
  return map && rt_map_get(map, id, &i) ? (long)i : -1;
}

eml_status eml_rt_data_reindex(eml_rt_data *d) {
  struct eml_rt_index *x = d->index;
  index_clear(x);
  eml_status st = EML_OK;
  for (size_t i = 0; i < d->n_centres && !st; i++)
    st = rt_map_put(&x->centres, d->centres[i].finess, i);
  for (size_t i = 0; i < d->n_machines && !st; i++)
    st = rt_map_put(&x->machines, d->machines[i].machine_id, i);
  for (size_t i = 0; i < d->n_courses && !st; i++)
    st = rt_map_put(&x->courses, d->courses[i].course_id, i);
  for (size_t i = 0; i < d->n_courses && !st; i++) {
    size_t r = i, steps = 0;
    while (d->courses[r].continues >= 0 && steps++ <= d->n_courses)
      r = (size_t)d->courses[r].continues;
    if (steps > d->n_courses)
      st = EML_ERR_VALUE;
    d->courses[i].root = r;
  }
  return st;
}

