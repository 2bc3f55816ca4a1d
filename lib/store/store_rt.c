/*
 * store_rt.c — the radiotherapy rows both backends read and write the same
 * way (store_rt.h has the model): one copy of the key check, of the
 * energies as text and of the reading of a centre, machine, staff row and
 * course from its cells.
 */
#include "store_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_CHECK_TEXT "eml radiotherapy key check"

eml_status eml_rt_key_verify(const eml_rt_data *d, const char *stored, const char *path,
                             char check[EML_RT_PSEUDONYM_HEX + 1], eml_diag *diag) {
  eml_status st = eml_rt_pseudonym(d->key, KEY_CHECK_TEXT, strlen(KEY_CHECK_TEXT), check);
  if (st)
    return st;
  if (stored && stored[0] && strcmp(stored, check) != 0) {
    eml_diag_set(diag, path, 0, "key", NULL, 0,
                 "les données de radiothérapie de ce stockage ont été pseudonymisées avec une "
                 "autre clé : importer avec cette clé, ou dans un autre stockage");
    return EML_ERR_VALUE;
  }
  return EML_OK;
}

void eml_rt_energies_stored(const eml_rt_machine *m, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < m->photon_count && len + 1 < size; i++)
    len += (size_t)snprintf(buf + len, size - len, "%s%g", i ? ";" : "", m->photon_mv[i]);
}

static void copy_text(char *dst, size_t size, const char *src) { snprintf(dst, size, "%s", src); }

static int cell_int(const eml_rt_cells *c, int col) { return (int)c->whole(c->src, col); }

void eml_rt_stored_centre(const eml_rt_cells *c, eml_rt_centre *k) {
  copy_text(k->finess, sizeof k->finess, c->text(c->src, 0));
  copy_text(k->name, sizeof k->name, c->text(c->src, 1));
  copy_text(k->territory, sizeof k->territory, c->text(c->src, 2));
  k->teaching = cell_int(c, 3);
  k->single_machine_case = (eml_rt_single_case)cell_int(c, 4);
  k->ct_simulation = cell_int(c, 5);
  k->conventional_dosimetry = cell_int(c, 6);
  k->dosimetry_3d = (eml_rt_dosimetry_3d)cell_int(c, 7);
  k->imaging_access_h = c->real(c->src, 8);
  int *flags[] = {&k->network, &k->hdr_oncologist, &k->hdr_physicist, &k->cooperation_agreement,
                  &k->derogation};
  for (int f = 0; f < 5; f++)
    *flags[f] = cell_int(c, 9 + f);
  copy_text(k->derogation_source, sizeof k->derogation_source, c->text(c->src, 14));
}

int eml_rt_stored_machine(const eml_rt_cells *c, eml_rt_machine *m) {
  copy_text(m->machine_id, sizeof m->machine_id, c->text(c->src, 0));
  m->kind = (eml_rt_machine_kind)cell_int(c, 2);
  const char *mv = c->text(c->src, 3);
  while (*mv && m->photon_count < EML_RT_MAX_ENERGIES) {
    char *end;
    m->photon_mv[m->photon_count++] = strtod(mv, &end);
    mv = *end == ';' ? end + 1 : end + strlen(end);
  }
  int *flags[] = {&m->electrons,         &m->mlc, &m->portal_imaging, &m->imrt,
                  &m->in_vivo_dosimetry, &m->parameter_control};
  for (int f = 0; f < 6; f++)
    *flags[f] = cell_int(c, 4 + f);
  if (!c->date(c->src, 10, &m->in_service_from))
    return 0;
  m->has_until = c->date(c->src, 11, &m->in_service_until);
  copy_text(m->replaces, sizeof m->replaces, c->text(c->src, 12)); /* migration 6 -> 7 */
  return 1;
}

void eml_rt_stored_staff(const eml_rt_cells *c, eml_rt_staff *s) {
  s->year = cell_int(c, 1);
  s->role = (eml_rt_role)cell_int(c, 2);
  s->fte = c->real(c->src, 3);
}

int eml_rt_stored_course(const eml_rt_cells *c, eml_rt_course *k) {
  copy_text(k->course_id, sizeof k->course_id, c->text(c->src, 0));
  copy_text(k->pathology, sizeof k->pathology, c->text(c->src, 3));
  k->modality = (eml_rt_modality)cell_int(c, 4);
  k->technique = (eml_rt_technique)cell_int(c, 5);
  k->continues = -1;
  if (!c->date(c->src, 6, &k->started_on))
    return 0;
  k->closed = c->date(c->src, 7, &k->closed_on);
  return 1;
}

eml_status eml_rt_load_end(eml_rt_data *d, eml_status st, const char *path, eml_diag *diag) {
  if (st && !diag->message[0])
    eml_diag_set(diag, path, 0, NULL, NULL, 0,
                 "les données de radiothérapie du stockage sont incohérentes (%s)",
                 eml_strerror(st));
  const size_t counts[EML_RT_FILE_COUNT] = {d->n_centres, d->n_machines, d->n_staff,
                                            d->n_courses, d->n_sessions};
  for (int f = 0; f < EML_RT_FILE_COUNT; f++)
    d->summary[f].read = d->summary[f].loaded = (long)counts[f];
  return st;
}
