/*
 * strmap.c — the one string-keyed map of eml (declared in internal.h):
 * from a key (bytes and a length, so that a field of a CSV line can be
 * looked up where it lies) to an index into the caller's array. Used for
 * the imaging campaign's machines, the sites of the benchmark, the
 * radiotherapy data set's centres, machines and courses, and the keys of
 * FINESS records.
 *
 * Model: open addressing with linear probing; FNV-1a 64-bit hash of the
 * key's bytes, kept in the slot with the key's length so that a probe
 * compares bytes only when both agree; the capacity is a power of two and
 * the load stays at most 1/2 (the table doubles before). Keys are copied
 * (owned by the map); values are the caller's.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct eml_strmap_slot {
  char *key; /* NULL: empty */
  size_t len;
  uint64_t hash;
  size_t value;
};

static uint64_t fnv1a(const char *s, size_t len) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  return h;
}

/* The slot holding key, or the empty slot where it goes. */
static struct eml_strmap_slot *find_slot(const eml_strmap *m, const char *key, size_t len,
                                         uint64_t hash) {
  size_t mask = m->cap - 1;
  for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
    struct eml_strmap_slot *s = &m->slots[i];
    if (!s->key || (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
      return s;
  }
}

static eml_status map_double(eml_strmap *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  if (cap > SIZE_MAX / sizeof *m->slots)
    return EML_ERR_TOO_LARGE;
  eml_strmap grown = {eml_calloc(cap, sizeof *m->slots), cap, m->count};
  if (!grown.slots)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < m->cap; i++)
    if (m->slots[i].key)
      *find_slot(&grown, m->slots[i].key, m->slots[i].len, m->slots[i].hash) = m->slots[i];
  free(m->slots);
  *m = grown;
  return EML_OK;
}

eml_status eml_strmap_put(eml_strmap *m, const char *key, size_t len, size_t value) {
  if ((m->count + 1) * 2 > m->cap) {
    eml_status st = map_double(m);
    if (st)
      return st;
  }
  uint64_t hash = fnv1a(key, len);
  struct eml_strmap_slot *s = find_slot(m, key, len, hash);
  if (s->key)
    return EML_ERR_DUPLICATE;
  char *copy = eml_strndup(key, len);
  if (!copy)
    return EML_ERR_NOMEM;
  *s = (struct eml_strmap_slot){copy, len, hash, value};
  m->count++;
  return EML_OK;
}

int eml_strmap_get(const eml_strmap *m, const char *key, size_t len, size_t *value) {
  if (!m->cap)
    return 0;
  const struct eml_strmap_slot *s = find_slot(m, key, len, fnv1a(key, len));
  if (!s->key)
    return 0;
  if (value)
    *value = s->value;
  return 1;
}

void eml_strmap_free(eml_strmap *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->cap; i++)
    free(m->slots[i].key);
  free(m->slots);
  memset(m, 0, sizeof *m);
}
