/*
 * register_data.c — the in-memory register as plain data (model layer):
 * freeing and copying it, sorting its sites by FINESS (and its authorisations by id)
 * and finding one by binary search; finding a device or a declared device
 * by its identifier.
 * The store fills and frees registers (eml_store_load_register), the
 * domains and the imaging benchmark read them; what a register means (the
 * rule "in force at D", known territories) stays in lib/domain/register.c.
 *
 * Ownership (eml/register.h): a register owns every string of its rows.
 */
#include "internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* What free and copy do to each array of rows (with its count and row
 * size) and to each string a row owns; failed: set on a copy's failure. */
typedef void (*rows_fn)(void **rows, size_t *n, size_t size, int *failed);
typedef void (*string_fn)(char **s, int *failed);

/* The register's arrays, one call each. */
static void each_array(eml_register *r, rows_fn fn, int *failed) {
  fn((void **)&r->sites, &r->nsites, sizeof *r->sites, failed);
  fn((void **)&r->equipment, &r->nequipment, sizeof *r->equipment, failed);
  fn((void **)&r->targets, &r->ntargets, sizeof *r->targets, failed);
  fn((void **)&r->territories, &r->nterritories, sizeof *r->territories, failed);
  fn((void **)&r->notes, &r->nnotes, sizeof *r->notes, failed);
  fn((void **)&r->authorisations, &r->nauthorisations, sizeof *r->authorisations, failed);
  fn((void **)&r->devices, &r->ndevices, sizeof *r->devices, failed);
  fn((void **)&r->conventions, &r->nconventions, sizeof *r->conventions, failed);
  fn((void **)&r->windows, &r->nwindows, sizeof *r->windows, failed);
}

/* The strings the rows own (eml/register.h; conventions and windows own
 * none), one call each. */
static void each_string(eml_register *r, string_fn fn, int *failed) {
  for (size_t i = 0; i < r->nsites; i++)
    fn(&r->sites[i].name, failed);
  for (size_t i = 0; i < r->nequipment; i++)
    fn(&r->equipment[i].id, failed);
  for (size_t i = 0; i < r->ntargets; i++)
    fn(&r->targets[i].period, failed);
  for (size_t i = 0; i < r->nterritories; i++) {
    fn(&r->territories[i].name, failed);
    fn(&r->territories[i].region, failed);
  }
  for (size_t i = 0; i < r->nnotes; i++) {
    fn(&r->notes[i].mark, failed);
    fn(&r->notes[i].text, failed);
  }
  for (size_t i = 0; i < r->nauthorisations; i++)
    fn(&r->authorisations[i].id, failed);
  for (size_t i = 0; i < r->ndevices; i++) {
    fn(&r->devices[i].id, failed);
    fn(&r->devices[i].authorisation_id, failed);
  }
}

static void free_rows(void **rows, size_t *n, size_t size, int *failed) {
  (void)n, (void)size, (void)failed;
  free(*rows);
}

static void free_string(char **s, int *failed) {
  (void)failed;
  free(*s);
}

void eml_register_free(eml_register *r) {
  if (!r)
    return;
  each_string(r, free_string, NULL);
  each_array(r, free_rows, NULL);
  memset(r, 0, sizeof *r);
}

/* *rows replaced by its own copy of its n rows (NULL and n 0 for none, or
 * when memory runs out). */
static void own_rows(void **rows, size_t *n, size_t size, int *failed) {
  void *p = *n ? malloc(*n * size) : NULL;
  if (*n && !p)
    *failed = 1;
  if (p)
    memcpy(p, *rows, *n * size);
  else
    *n = 0;
  *rows = p;
}

/* *s replaced by its own copy (NULL stays NULL). */
static void own_string(char **s, int *failed) {
  if (!*s)
    return;
  *s = strdup(*s);
  if (!*s)
    *failed = 1;
}

eml_status eml_register_copy(const eml_register *src, eml_register *dst) {
  int failed = 0;
  /* the arrays first, their string pointers still the source's; each then
   * takes its own copy (a failed strdup leaves NULL, which free accepts) */
  *dst = *src;
  each_array(dst, own_rows, &failed);
  each_string(dst, own_string, &failed);
  if (failed) {
    eml_register_free(dst);
    return EML_ERR_NOMEM;
  }
  return EML_OK;
}

/* bsearch's comparators: the key against a row */
static int key_site(const void *key, const void *row) {
  return strcmp(key, ((const eml_site *)row)->finess);
}
static int key_authorisation(const void *key, const void *row) {
  return strcmp(key, ((const eml_authorisation *)row)->id);
}

static int cmp_site(const void *a, const void *b) {
  return strcmp(((const eml_site *)a)->finess, ((const eml_site *)b)->finess);
}

static int cmp_authorisation(const void *a, const void *b) {
  return strcmp(((const eml_authorisation *)a)->id, ((const eml_authorisation *)b)->id);
}

void eml_register_sort(eml_register *r) {
  if (r->nsites > 1)
    qsort(r->sites, r->nsites, sizeof *r->sites, cmp_site);
  if (r->nauthorisations > 1)
    qsort(r->authorisations, r->nauthorisations, sizeof *r->authorisations, cmp_authorisation);
}

long eml_register_find_authorisation(const eml_register *r, const char *id) {
  const eml_authorisation *a =
      r->nauthorisations ? bsearch(id, r->authorisations, r->nauthorisations,
                                   sizeof *r->authorisations, key_authorisation)
                         : NULL;
  return a ? (long)(a - r->authorisations) : -1;
}

long eml_register_find_site(const eml_register *r, const char *finess) {
  const eml_site *s =
      r->nsites ? bsearch(finess, r->sites, r->nsites, sizeof *r->sites, key_site) : NULL;
  return s ? (long)(s - r->sites) : -1;
}

/* The index of the row of rows[0..n) (size bytes each) whose identifier,
 * the string at offset id_at of the row, is id; -1 when none. */
static long find_by_id(const void *rows, size_t n, size_t size, size_t id_at, const char *id) {
  for (size_t i = 0; i < n; i++) {
    const char *row_id = *(const char *const *)((const char *)rows + i * size + id_at);
    if (row_id && strcmp(row_id, id) == 0)
      return (long)i;
  }
  return -1;
}

long eml_register_find_equipment(const eml_register *r, const char *id) {
  return find_by_id(r->equipment, r->nequipment, sizeof *r->equipment,
                    offsetof(eml_equipment, id), id);
}

long eml_register_find_declared_device(const eml_register *r, const char *id) {
  return find_by_id(r->devices, r->ndevices, sizeof *r->devices,
                    offsetof(eml_declared_device, id), id);
}
