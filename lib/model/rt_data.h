/*
 * rt_data.h — the radiotherapy data set's lookups (model layer, internal
 * to libeml): a map from a copied string key to an index (open addressing,
 * linear probing, FNV-1a hash, load kept under 1/2; capacity a power of
 * two), and the three maps an eml_rt_data holds (centres by FINESS,
 * machines and courses by identifier). Used by the readers (lib/rt/) and
 * by the store that fills a data set back (lib/store/sqlite_rt.c) through
 * eml_rt_find and eml_rt_data_reindex.
 */
#ifndef EML_MODEL_RT_DATA_H
#define EML_MODEL_RT_DATA_H

#include "internal.h"

/* A map from a copied string key to an index; capacity a power of two. */
typedef struct rt_map {
  char **keys;
  size_t *values;
  size_t cap, count;
} rt_map;

/* EML_ERR_DUPLICATE when the key is there already (value left alone). */
eml_status rt_map_put(rt_map *map, const char *key, size_t value);
/* 1 and *value when found, else 0. */
int rt_map_get(const rt_map *map, const char *key, size_t *value);
void rt_map_free(rt_map *map);

struct eml_rt_index {
  rt_map centres, machines, courses;
};

#endif
