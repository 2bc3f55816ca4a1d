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

/* ---- the string-to-index map ------------------------------------------ */

static uint64_t fnv1a(const char *s) {
  uint64_t h = 1469598103934665603ULL;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ULL;
  }
  return h;
}

static eml_status map_grow(rt_map *map) {
  size_t cap = map->cap ? map->cap * 2 : 64;
  char **keys = calloc(cap, sizeof *keys);
  size_t *values = calloc(cap, sizeof *values);
  if (!keys || !values) {
    free(keys);
    free(values);
    return EML_ERR_NOMEM;
  }
  for (size_t i = 0; i < map->cap; i++)
    if (map->keys[i]) {
      size_t j = (size_t)fnv1a(map->keys[i]) & (cap - 1);
      while (keys[j])
        j = (j + 1) & (cap - 1);
      keys[j] = map->keys[i];
      values[j] = map->values[i];
    }
  free(map->keys);
  free(map->values);
  map->keys = keys;
  map->values = values;
  map->cap = cap;
  return EML_OK;
}

eml_status rt_map_put(rt_map *map, const char *key, size_t value) {
  if ((map->count + 1) * 2 > map->cap) {
    eml_status st = map_grow(map);
    if (st)
      return st;
  }
  size_t j = (size_t)fnv1a(key) & (map->cap - 1);
  while (map->keys[j]) {
    if (strcmp(map->keys[j], key) == 0)
      return EML_ERR_DUPLICATE;
    j = (j + 1) & (map->cap - 1);
  }
  if (!(map->keys[j] = strdup(key)))
    return EML_ERR_NOMEM;
  map->values[j] = value;
  map->count++;
  return EML_OK;
}

int rt_map_get(const rt_map *map, const char *key, size_t *value) {
  if (!map->cap)
    return 0;
  size_t j = (size_t)fnv1a(key) & (map->cap - 1);
  while (map->keys[j]) {
    if (strcmp(map->keys[j], key) == 0) {
      *value = map->values[j];
      return 1;
    }
    j = (j + 1) & (map->cap - 1);
  }
  return 0;
}

void rt_map_free(rt_map *map) {
  if (!map)
    return;
  for (size_t i = 0; i < map->cap; i++)
    free(map->keys[i]);
  free(map->keys);
  free(map->values);
  memset(map, 0, sizeof *map);
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

void eml_rt_data_free(eml_rt_data *d) {
  if (!d)
    return;
  if (d->index) {
    rt_map_free(&d->index->centres);
    rt_map_free(&d->index->machines);
    rt_map_free(&d->index->courses);
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
  const rt_map *map = file == EML_RT_FILE_CENTRES    ? &d->index->centres
                      : file == EML_RT_FILE_MACHINES ? &d->index->machines
                      : file == EML_RT_FILE_COURSES  ? &d->index->courses
                                                     : NULL;
  size_t i;
  return map && rt_map_get(map, id, &i) ? (long)i : -1;
}

eml_status eml_rt_data_reindex(eml_rt_data *d) {
  struct eml_rt_index *x = d->index;
  rt_map_free(&x->centres);
  rt_map_free(&x->machines);
  rt_map_free(&x->courses);
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

