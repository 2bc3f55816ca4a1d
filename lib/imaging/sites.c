/*
 * sites.c — reading sites.csv (spec registry.md: finess, name, territory,
 * legal_status, optional finess_ej) into memory for the imaging
 * benchmark's breakdowns by legal status and territory (spec imaging.md,
 * "Reports": "sites by legal status"), with the register's own row checker
 * (eml_row_site, the one `eml import sites` uses) and the reading loop of
 * the imaging readers; a FINESS seen earlier in the file is a bad row, as
 * in the import.
 */
#include "imaging_internal.h"
#include "rows.h"

#include <stdlib.h>
#include <string.h>

#define SITE_NAME_MAX 300 /* bytes of a site name, as the register's import */

typedef struct sites_reading {
  eml_register *reg;
  size_t cap;
  eml_strmap seen; /* FINESS -> site index */
} sites_reading;

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
  if (eml_strmap_get(&l->seen, s.finess, strlen(s.finess), NULL))
    return eml_row_bad(r, 0, diag, "numéro FINESS en double (plus haut dans le fichier)");
  void *sites = l->reg->sites;
  if ((st = eml_grow(&sites, &l->cap, l->reg->nsites + 1, sizeof(eml_site))))
    return st;
  l->reg->sites = sites;
  if ((st = eml_strmap_put(&l->seen, s.finess, strlen(s.finess), l->reg->nsites)))
    return st;
  if (!(s.name = strdup(name)))
    return EML_ERR_NOMEM;
  l->reg->sites[l->reg->nsites++] = s;
  return EML_OK;
}

eml_status eml_imaging_read_sites(eml_register *reg, const char *path,
                                  eml_imaging_reject_fn reject, void *ctx,
                                  eml_imaging_load_counts *counts, eml_diag *diag) {
  sites_reading l = {reg, 0, {0}};
  eml_row r = {.columns = eml_site_columns};
  eml_read_hooks hooks = {reject ? reject : eml_rows_drop, NULL, ctx};
  eml_rows_reading g = {path, NULL, 0, NULL, NULL, site_row, &l, &hooks};
  eml_read_counts read = {0};
  eml_status st = reg->nsites ? EML_ERR_USAGE : EML_OK;
  if (!st) {
    st = eml_rows_read(&r, &g, &read, diag);
    if (st == EML_ERR_TOO_LARGE)
      eml_diag_set(diag, path, 0, NULL, NULL, 0, "plus de %d sites", EML_IMAGING_SITES_MAX);
  }
  eml_strmap_free(&l.seen);
  if (counts) {
    memset(counts, 0, sizeof *counts);
    img_counts_from_rows(counts, &read);
  }
  eml_register_sort(reg);
  if (!st && read.rejected)
    st = EML_ERR_REJECTED;
  return st;
}
