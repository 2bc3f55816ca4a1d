/*
 * rt_data.h — the radiotherapy data set's lookups (model layer, internal
 * to libeml): the three maps (core's eml_strmap, from a key to an index)
 * an eml_rt_data holds (centres by FINESS,
 * machines and courses by identifier). Used by the readers (lib/rt/) and
 * by the store that fills a data set back (lib/store/sqlite_rt.c) through
 * eml_rt_find and eml_rt_data_reindex.
 */
#ifndef EML_MODEL_RT_DATA_H
#define EML_MODEL_RT_DATA_H

#include "internal.h"

/* A NUL-terminated key in one of the maps (core's eml_strmap). */
eml_status rt_map_put(eml_strmap *map, const char *key, size_t value) EML_MUST_CHECK;
int rt_map_get(const eml_strmap *map, const char *key, size_t *value);

struct eml_rt_index {
  eml_strmap centres, machines, courses;
};

#endif
