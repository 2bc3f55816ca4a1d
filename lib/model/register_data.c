/*
 * register_data.c — the in-memory register as plain data (model layer):
 * freeing and copying it, sorting its sites by FINESS (and its authorisations by id)
 * and finding one by binary search.
 * The store fills and frees registers (eml_store_load_register), the
 * domains and the imaging benchmark read them; what a register means (the
 * rule "in force at D", known territories) stays in lib/domain/register.c.
 *
 * Ownership (eml/register.h): a register owns every string of its rows.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void eml_register_free(eml_register *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->nsites; i++)
    free(r->sites[i].name);
  for (size_t i = 0; i < r->nequipment; i++)
    free(r->equipment[i].id);
  for (size_t i = 0; i < r->ntargets; i++)
    free(r->targets[i].period);
  for (size_t i = 0; i < r->nterritories; i++) {
    free(r->territories[i].name);
    free(r->territories[i].region);
  }
  for (size_t i = 0; i < r->nnotes; i++) {
    free(r->notes[i].mark);
    free(r->notes[i].text);
  }
  for (size_t i = 0; i < r->nauthorisations; i++)
    free(r->authorisations[i].id);
  for (size_t i = 0; i < r->ndevices; i++) {
    free(r->devices[i].id);
    free(r->devices[i].authorisation_id);
  }
  free(r->authorisations);
  free(r->devices);
  free(r->conventions);
  free(r->windows);
  free(r->sites);
  free(r->equipment);
  free(r->targets);
  free(r->territories);
  free(r->notes);
  memset(r, 0, sizeof *r);
}

/* A copy of n rows of size bytes (NULL for none). */
static void *copy_rows(const void *rows, size_t n, size_t size, int *failed) {
  if (!n)
    return NULL;
  void *p = malloc(n * size);
  if (!p)
    *failed = 1;
  else
    memcpy(p, rows, n * size);
  return p;
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
  memset(dst, 0, sizeof *dst);
  int failed = 0;
  /* the arrays first, their string pointers still the source's; each then
   * takes its own copy (a failed strdup leaves NULL, which free accepts) */
#define COPY(field, count)                                                                       \
  do {                                                                                           \
    dst->field = copy_rows(src->field, src->count, sizeof *src->field, &failed);                 \
    dst->count = dst->field ? src->count : 0;                                                    \
  } while (0)
  COPY(sites, nsites);
  COPY(equipment, nequipment);
  COPY(targets, ntargets);
  COPY(territories, nterritories);
  COPY(notes, nnotes);
  COPY(authorisations, nauthorisations);
  COPY(devices, ndevices);
  COPY(conventions, nconventions);
  COPY(windows, nwindows);
#undef COPY
  for (size_t i = 0; i < dst->nsites; i++)
    own_string(&dst->sites[i].name, &failed);
  for (size_t i = 0; i < dst->nequipment; i++)
    own_string(&dst->equipment[i].id, &failed);
  for (size_t i = 0; i < dst->ntargets; i++)
    own_string(&dst->targets[i].period, &failed);
  for (size_t i = 0; i < dst->nterritories; i++) {
    own_string(&dst->territories[i].name, &failed);
    own_string(&dst->territories[i].region, &failed);
  }
  for (size_t i = 0; i < dst->nnotes; i++) {
    own_string(&dst->notes[i].mark, &failed);
    own_string(&dst->notes[i].text, &failed);
  }
  for (size_t i = 0; i < dst->nauthorisations; i++)
    own_string(&dst->authorisations[i].id, &failed);
  for (size_t i = 0; i < dst->ndevices; i++) {
    own_string(&dst->devices[i].id, &failed);
    own_string(&dst->devices[i].authorisation_id, &failed);
  }
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
