/*
 * common.c — helpers shared by the radiotherapy files: the string-to-index
 * map (open addressing, linear probing, FNV-1a hash, load kept under 1/2),
 * French number formatting, and what "in service in year Y" means: a machine
 * is in service from in_service_from to in_service_until, both days included
 * (spec radiotherapy.md, "Machine-years").
 */
#include "rt_internal.h"

#include <stdlib.h>
#include <string.h>

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

void rt_format_real(char *buf, size_t size, double v, int decimals) {
  eml_cell cell = {.kind = EML_CELL_REAL, .decimals = decimals, .r = v};
  eml_cell_format(&cell, 1, buf, size);
}

void rt_format_mv(char *buf, size_t size, double mv) {
  rt_format_real(buf, size, mv, mv == (double)(long)mv ? 0 : 2);
}

void rt_energies_text(const eml_rt_machine *m, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < m->photon_count && len + 1 < size; i++) {
    char one[32];
    rt_format_mv(one, sizeof one, m->photon_mv[i]);
    int n = snprintf(buf + len, size - len, "%s%s", i ? "/" : "", one);
    len = n < 0 ? size : len + (size_t)n;
  }
}

int rt_days_in_year(int year) {
  return (int)(eml_date_from_civil(year + 1, 1, 1) - eml_date_from_civil(year, 1, 1));
}

int rt_in_service_on(const eml_rt_machine *m, eml_date d) {
  return d >= m->in_service_from && (!m->has_until || d <= m->in_service_until);
}

int rt_days_in_service(const eml_rt_machine *m, int year) {
  eml_date first = eml_date_from_civil(year, 1, 1);
  eml_date last = eml_date_from_civil(year, 12, 31);
  if (m->in_service_from > first)
    first = m->in_service_from;
  if (m->has_until && m->in_service_until < last)
    last = m->in_service_until;
  return last >= first ? (int)(last - first + 1) : 0;
}

int rt_is_high_energy(const eml_rt_machine *m) {
  return m->kind == EML_RT_LINAC || m->kind == EML_RT_COBALT;
}
