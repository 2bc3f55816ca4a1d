/*
 * import_regime.c — the row checkers of the 2023 regime's files (spec
 * regime-2023.md "Inputs", docs/regime-2023.md): authorisations.csv,
 * devices.csv, conventions.csv, windows.csv. Rows of import.c's table of
 * kinds: the reading, the session (one transaction, a savepoint per row,
 * audit entries) and the rejects are import.c's.
 *
 * Model: every reference must be stored before the row that names it
 * (a site before its authorisations, an authorisation before its
 * devices); a mention must be one the activity has in the rules file; a
 * window's ends are both inclusive, and two windows of one activity share
 * no day (the store is asked, so a window of the same file counts too).
 */
#include "import_rows.h"

#include <string.h>

/* ---- authorisations.csv ---- */
const eml_column_spec eml_authorisation_columns[] = {
    {"authorisation_id", 1, EML_COL_TEXT, NULL}, {"finess", 1, EML_COL_FINESS, NULL},
    {"finess_ej", 0, EML_COL_FINESS, NULL},      {"activity", 1, EML_COL_CODE, NULL},
    {"mention", 0, EML_COL_CODE, NULL},          {"decided_on", 1, EML_COL_DATE, NULL},
    {"started_on", 0, EML_COL_DATE, NULL},       {"until", 0, EML_COL_DATE, NULL},
    {NULL, 0, 0, NULL}};

eml_status eml_import_authorisation(const eml_register_row *rr, char *key, size_t key_size,
                                    eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_authorisation a = {0};
  char id[EML_IMPORT_MAX_ID_BYTES + 1];
  int has_decided;
  eml_status st;
  if ((st = eml_row_text(r, 0, id, sizeof id, diag)) ||
      (st = eml_row_finess(r, 1, a.finess, diag)) ||
      (st = eml_row_finess(r, 2, a.finess_ej, diag)) ||
      (st = eml_row_activity(r, 3, &a.activity, diag)) ||
      (st = eml_row_mention(r, 4, rr->rules, a.activity, a.mention, diag)) ||
      (st = eml_row_date(r, 5, &has_decided, &a.decided_on, diag)) ||
      (st = eml_row_date(r, 6, &a.has_started, &a.started_on, diag)) ||
      (st = eml_row_date(r, 7, &a.has_until, &a.until, diag)))
    return st;
  if (a.has_until && a.until <= a.decided_on)
    return eml_row_bad(r, 7, diag, "l'autorisation finit avant d'être décidée");
  if (a.has_started && a.started_on < a.decided_on)
    return eml_row_bad(r, 6, diag, "l'autorisation est mise en œuvre avant d'être décidée");
  if ((st = eml_import_new_id(rr, eml_store_has_authorisation, 0, id, N_("identifiant d'autorisation"),
                              diag)) ||
      (st = eml_import_known_site(rr, 1, a.finess, diag)))
    return st;
  a.id = id;
  snprintf(key, key_size, "%s", id);
  return eml_store_insert_authorisation(rr->store, &a, diag);
}

/* ---- devices.csv ---- */
const eml_column_spec eml_declared_device_columns[] = {
    {"equipment_id", 1, EML_COL_TEXT, NULL}, {"authorisation_id", 1, EML_COL_TEXT, NULL},
    {"modality", 1, EML_COL_CODE, NULL},     {"declared_on", 1, EML_COL_DATE, NULL},
    {"installed_on", 0, EML_COL_DATE, NULL}, {"removed_on", 0, EML_COL_DATE, NULL},
    {"justified", 0, EML_COL_BOOL, NULL},    {NULL, 0, 0, NULL}};

eml_status eml_import_declared_device(const eml_register_row *rr, char *key, size_t key_size,
                                      eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_declared_device d = {0};
  char id[EML_IMPORT_MAX_ID_BYTES + 1], aut[EML_IMPORT_MAX_ID_BYTES + 1];
  int has_declared;
  eml_status st;
  if ((st = eml_row_text(r, 0, id, sizeof id, diag)) ||
      (st = eml_row_text(r, 1, aut, sizeof aut, diag)) ||
      (st = eml_row_modality(r, 2, &d.modality, diag)) ||
      (st = eml_row_date(r, 3, &has_declared, &d.declared_on, diag)) ||
      (st = eml_row_date(r, 4, &d.has_installed, &d.installed_on, diag)) ||
      (st = eml_row_date(r, 5, &d.has_removed, &d.removed_on, diag)) ||
      (st = eml_row_bool(r, 6, &d.justified, diag)))
    return st;
  if (d.has_removed && d.removed_on <= d.declared_on)
    return eml_row_bad(r, 5, diag, "l'appareil est retiré avant d'être déclaré");
  if ((st = eml_import_new_id(rr, eml_store_has_declared_device, 0, id, N_("identifiant d'appareil"),
                              diag)) ||
      (st = eml_import_known_id(rr, eml_store_has_authorisation, 1, aut,
                                N_("autorisation inconnue (absente du registre : importer "
                                   "d'abord authorisations.csv)"),
                                diag)))
    return st;
  d.id = id;
  d.authorisation_id = aut;
  snprintf(key, key_size, "%s", id);
  return eml_store_insert_declared_device(rr->store, &d, diag);
}

/* ---- conventions.csv ---- */
const eml_column_spec eml_convention_columns[] = {
    {"finess", 1, EML_COL_FINESS, NULL}, {"partner_finess", 1, EML_COL_FINESS, NULL},
    {"modality", 1, EML_COL_CODE, NULL}, {"from", 1, EML_COL_DATE, NULL},
    {"until", 0, EML_COL_DATE, NULL},    {NULL, 0, 0, NULL}};

eml_status eml_import_convention(const eml_register_row *rr, char *key, size_t key_size,
                                 eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_convention c = {0};
  int has_from, exists = 0;
  eml_status st;
  if ((st = eml_row_finess(r, 0, c.finess, diag)) ||
      (st = eml_row_finess(r, 1, c.partner_finess, diag)) ||
      (st = eml_row_modality(r, 2, &c.modality, diag)) ||
      (st = eml_row_date(r, 3, &has_from, &c.from, diag)) ||
      (st = eml_row_date(r, 4, &c.has_until, &c.until, diag)))
    return st;
  if (c.modality != EML_MOD_CT && c.modality != EML_MOD_MRI)
    return eml_row_bad(r, 2, diag, "une convention donne accès à un CT ou à une MRI");
  if (strcmp(c.finess, c.partner_finess) == 0)
    return eml_row_bad(r, 1, diag, "un site ne peut pas passer une convention avec lui-même");
  if (c.has_until && c.until <= c.from)
    return eml_row_bad(r, 4, diag, "la convention finit avant de commencer");
  if ((st = eml_import_known_site(rr, 0, c.finess, diag)))
    return st;
  if ((st = eml_store_has_convention(rr->store, &c, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 3, diag, N_("convention (même site, partenaire, modalité et début)"));
  char from[16];
  eml_date_format(c.from, from, sizeof from);
  snprintf(key, key_size, "%s/%s/%s/%s", c.finess, c.partner_finess,
           eml_modality_code(c.modality), from);
  return eml_store_insert_convention(rr->store, &c, diag);
}

/* ---- windows.csv ---- */
const eml_column_spec eml_window_columns[] = {
    {"activity", 1, EML_COL_CODE, NULL},    {"opens_on", 1, EML_COL_DATE, NULL},
    {"closes_on", 1, EML_COL_DATE, NULL},   {"published_on", 0, EML_COL_DATE, NULL},
    {NULL, 0, 0, NULL}};

eml_status eml_import_window(const eml_register_row *rr, char *key, size_t key_size,
                             eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_window w = {0}, other;
  int has_opens, has_closes, overlaps = 0;
  eml_status st;
  if ((st = eml_row_activity(r, 0, &w.activity, diag)) ||
      (st = eml_row_date(r, 1, &has_opens, &w.opens_on, diag)) ||
      (st = eml_row_date(r, 2, &has_closes, &w.closes_on, diag)) ||
      (st = eml_row_date(r, 3, &w.has_published, &w.published_on, diag)))
    return st;
  if (w.closes_on < w.opens_on)
    return eml_row_bad(r, 2, diag, "la fenêtre se ferme avant de s'ouvrir");
  if ((st = eml_store_window_overlaps(rr->store, &w, &overlaps, &other)))
    return st;
  char opens[16], closes[16];
  if (overlaps) {
    eml_date_format(other.opens_on, opens, sizeof opens);
    eml_date_format(other.closes_on, closes, sizeof closes);
    return eml_row_badf(r, 1, diag, "chevauche la fenêtre %s du %s au %s",
                        eml_activity_code(w.activity), opens, closes);
  }
  eml_date_format(w.opens_on, opens, sizeof opens);
  snprintf(key, key_size, "%s/%s", eml_activity_code(w.activity), opens);
  return eml_store_insert_window(rr->store, &w, diag);
}
