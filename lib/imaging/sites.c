/*
 * sites.c — reading sites.csv (spec registry.md: finess, name, territory,
 * legal_status, optional finess_ej) into memory for the imaging
 * benchmark's breakdowns by legal status and territory (spec imaging.md,
 * "Reports": "sites by legal status"), with the register's own row checker
 * (eml_row_site, the one `eml import sites` uses) and the reading loop of
 * the imaging readers; a FINESS seen earlier in the file is a bad row, as
 * in the import.
 */
#include "rows.h"

#include <stdlib.h>
#include <string.h>

#define SITE_NAME_MAX 300 /* bytes of a site name, as the register's import */

typedef struct sites_reading {
  eml_register *reg;
  size_t cap;
  uint32_t *slots; /* open addressing on FINESS: site index + 1, 0 = empty */
  size_t n_slots;
} sites_reading;

static size_t finess_hash(const char *s) {
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* The slot of finess: holding it, or the empty one where it goes. */
static size_t site_slot(const sites_reading *l, const char *finess) {
  size_t i = finess_hash(finess) & (l->n_slots - 1);
  while (l->slots[i] && strcmp(l->reg->sites[l->slots[i] - 1].finess, finess) != 0)
    i = (i + 1) & (l->n_slots - 1);
  return i;
}

static eml_status grow_slots(sites_reading *l) {
  size_t n = l->n_slots ? l->n_slots * 2 : 1024;
  uint32_t *slots = calloc(n, sizeof *slots);
  if (!slots)
    return EML_ERR_NOMEM;
  free(l->slots);
  l->slots = slots;
  l->n_slots = n;
  for (size_t k = 0; k < l->reg->nsites; k++)
    l->slots[site_slot(l, l->reg->sites[k].finess)] = (uint32_t)(k + 1);
  return EML_OK;
}

static eml_status site_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  sites_reading *l = ctx;
  eml_site s;
  char name[SITE_NAME_MAX + 1];
  (void)skipped;
  eml_status st = eml_row_site(r, NULL, &s, name, sizeof name, diag);
  if (st)
    return st;
  if (l->reg->nsites >= EML_IMAGING_SITES_MAX)
    return EML_ERR_TOO_LARGE;
  if ((l->reg->nsites + 1) * 2 > l->n_slots && (st = grow_slots(l)))
    return st;
  size_t slot = site_slot(l, s.finess);
  if (l->slots[slot])
    return eml_row_bad(r, 0, diag, "duplicate FINESS number (earlier in the file)");
  void *sites = l->reg->sites;
  if ((st = eml_imaging_reserve(&sites, &l->cap, l->reg->nsites + 1, sizeof(eml_site), 256)))
    return st;
  l->reg->sites = sites;
  if (!(s.name = strdup(name)))
    return EML_ERR_NOMEM;
  l->reg->sites[l->reg->nsites++] = s;
  l->slots[slot] = (uint32_t)l->reg->nsites;
  return EML_OK;
}

eml_status eml_imaging_read_sites(eml_register *reg, const char *path,
                                  eml_imaging_reject_fn reject, void *ctx,
                                  eml_imaging_load_counts *counts, eml_diag *diag) {
  sites_reading l = {reg, 0, NULL, 0};
  eml_row r = {.columns = eml_site_columns};
  eml_read_hooks hooks = {reject ? reject : eml_rows_drop, NULL, ctx};
  eml_rows_reading g = {path, NULL, 0, NULL, NULL, site_row, &l, &hooks};
  eml_read_counts read = {0};
  eml_status st = reg->nsites ? EML_ERR_USAGE : grow_slots(&l);
  if (!st) {
    st = eml_rows_read(&r, &g, &read, diag);
    if (st == EML_ERR_TOO_LARGE)
      eml_diag_set(diag, path, 0, NULL, NULL, 0, "more than %d sites", EML_IMAGING_SITES_MAX);
  }
  free(l.slots);
  if (counts) {
    memset(counts, 0, sizeof *counts);
    counts->read = read.read;
    counts->loaded = read.loaded;
    counts->rejected = read.rejected;
  }
  eml_register_sort(reg);
  if (!st && read.rejected)
    st = EML_ERR_REJECTED;
  return st;
}
