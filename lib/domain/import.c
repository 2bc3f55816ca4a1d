/*
 * import.c — the importers of the register (eml/import.h states the model).
 *
 * Each kind of file is one row of `kinds`: its columns (the input
 * pipeline's specs) and a function that checks one row and stores it. The
 * rest is shared: the pipeline's reading loop (io/row.h: header, width,
 * bad rows to the hooks) and the import session (import/session.h:
 * transaction, a savepoint per row, audit entries, all-or-nothing or
 * rejects). Checks follow registry.md (columns and codes) and the spec
 * README's "Bad input" list.
 */
#include "import/session.h"
#include "import_rows.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ID_BYTES EML_IMPORT_MAX_ID_BYTES
#define MAX_NAME_BYTES 300

/* What a row checker sees and does: import_rows.h. */
typedef eml_register_row register_row;
typedef eml_register_row_fn row_fn;

eml_status eml_import_new_id(const eml_register_row *rr, eml_store_has_id_fn has, int i,
                             const char *id, const char *what, eml_diag *diag) {
  int exists = 0;
  eml_status st = has(rr->store, id, &exists);
  if (!st && exists)
    st = eml_row_duplicate(rr->row, i, diag, what);
  return st;
}

eml_status eml_import_known_id(const eml_register_row *rr, eml_store_has_id_fn has, int i,
                               const char *id, const char *unknown, eml_diag *diag) {
  int exists = 0;
  eml_status st = has(rr->store, id, &exists);
  if (!st && !exists)
    st = eml_row_bad(rr->row, i, diag, unknown);
  return st;
}

eml_status eml_import_known_site(const eml_register_row *rr, int i, const char *finess,
                                 eml_diag *diag) {
  return eml_import_known_id(rr, eml_store_has_site, i, finess,
                             N_("site inconnu (absent du registre : importer d'abord sites.csv)"), diag);
}

/* ---- sites.csv ---- */

static eml_status import_site(const register_row *rr, char *key, size_t key_size,
                              eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_site s;
  char name[MAX_NAME_BYTES + 1];
  eml_status st = eml_row_site(r, &rr->known, &s, name, sizeof name, diag);
  if (st || (st = eml_import_new_id(rr, eml_store_has_site, 0, s.finess, N_("numéro FINESS"), diag)))
    return st;
  snprintf(key, key_size, "%s", s.finess);
  return eml_store_insert_site(rr->store, &s, diag);
}

/* ---- equipment.csv ---- */
static const eml_column_spec equipment_columns[] = {
    {"equipment_id", 1, EML_COL_TEXT, NULL},    {"finess", 1, EML_COL_FINESS, NULL},
    {"modality", 1, EML_COL_CODE, NULL},        {"interventional", 0, EML_COL_BOOL, NULL},
    {"authorized_from", 1, EML_COL_DATE, NULL}, {"authorized_until", 0, EML_COL_DATE, NULL},
    {"installed_on", 0, EML_COL_DATE, NULL},    {NULL, 0, 0, NULL}};

static eml_status import_equipment(const register_row *rr, char *key, size_t key_size,
                                   eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_equipment e = {0};
  char id[MAX_ID_BYTES + 1];
  int has_from;
  eml_status st;
  if ((st = eml_row_text(r, 0, id, sizeof id, diag)) || (st = eml_row_finess(r, 1, e.finess, diag)) ||
      (st = eml_row_modality(r, 2, &e.modality, diag)) ||
      (st = eml_row_bool(r, 3, &e.interventional, diag)) ||
      (st = eml_row_date(r, 4, &has_from, &e.authorized_from, diag)) ||
      (st = eml_row_date(r, 5, &e.has_until, &e.authorized_until, diag)) ||
      (st = eml_row_date(r, 6, &e.has_installed, &e.installed_on, diag)))
    return st;
  if (e.has_until && e.authorized_until <= e.authorized_from)
    return eml_row_bad(r, 5, diag, "l'autorisation finit avant de commencer");
  if (e.interventional && e.modality != EML_MOD_CT && e.modality != EML_MOD_MRI)
    return eml_row_bad(r, 3, diag, "seuls les appareils CT et MRI peuvent être dédiés à "
                                   "l'imagerie interventionnelle");
  if ((st = eml_import_new_id(rr, eml_store_has_equipment, 0, id, N_("identifiant d'appareil"), diag)) ||
      (st = eml_import_known_site(rr, 1, e.finess, diag)))
    return st;
  e.id = id;
  snprintf(key, key_size, "%s", id);
  return eml_store_insert_equipment(rr->store, &e, diag);
}

/* ---- targets.csv ---- */
static const eml_column_spec target_columns[] = {
    {"period", 1, EML_COL_TEXT, NULL},           {"territory", 1, EML_COL_TEXT, NULL},
    {"modality", 1, EML_COL_CODE, NULL},         {"unit", 1, EML_COL_CODE, NULL},
    {"low", 0, EML_COL_INT, NULL},               {"high", 1, EML_COL_INT, NULL},
    {"interventional_low", 0, EML_COL_INT, NULL}, {"interventional_high", 0, EML_COL_INT, NULL},
    {"mention", 0, EML_COL_CODE, NULL},           {NULL, 0, 0, NULL}};

static eml_status import_target(const register_row *rr, char *key, size_t key_size,
                                eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_target t = {0};
  char period[MAX_ID_BYTES + 1];
  int has_high, exists = 0;
  size_t len;
  eml_status st;
  if ((st = eml_row_text(r, 0, period, sizeof period, diag)) ||
      (st = eml_row_territory(r, 1, &rr->known, t.territory, diag)))
    return st;
  /* an activity in the modality column: a target of the 2023 regime, in
   * implantations, with an optional mention (spec regime-2023.md) */
  if ((st = eml_row_modality_or_activity(r, 2, &t.is_activity, &t.activity, &t.modality, diag)))
    return st;
  const char *u = eml_row_field(r, 3, &len);
  if (eml_unit_parse(u, len, &t.unit))
    return eml_row_bad(r, 3, diag, "unité inconnue (attendu devices ou sites)");
  if (t.is_activity && t.unit != EML_UNIT_SITES)
    return eml_row_bad(r, 3, diag, "l'objectif d'une activité compte des implantations (unité "
                                   "sites)");
  eml_row_field(r, 8, &len);
  if (len && !t.is_activity)
    return eml_row_bad(r, 8, diag, "une mention ne s'applique qu'à l'objectif d'une activité");
  if (t.is_activity && (st = eml_row_mention(r, 8, rr->rules, t.activity, t.mention, diag)))
    return st;
  if ((st = eml_row_count(r, 4, &t.has_low, &t.low, diag)) ||
      (st = eml_row_count(r, 5, &has_high, &t.high, diag)) ||
      (st = eml_row_count(r, 6, &t.has_interventional_low, &t.interventional_low, diag)) ||
      (st = eml_row_count(r, 7, &t.has_interventional_high, &t.interventional_high, diag)))
    return st;
  if (t.has_low && t.low > t.high)
    return eml_row_bad(r, 4, diag, "la borne basse dépasse la borne haute");
  if (t.has_interventional_low && t.has_interventional_high &&
      t.interventional_low > t.interventional_high)
    return eml_row_bad(r, 6, diag, "la borne basse interventionnelle dépasse la borne haute");
  if ((t.has_interventional_low || t.has_interventional_high) && t.unit != EML_UNIT_DEVICES)
    return eml_row_bad(r, 7, diag, "les bornes interventionnelles ne s'appliquent qu'aux "
                                   "appareils");
  t.period = period;
  if ((st = eml_store_has_target(rr->store, &t, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 1, diag,
                             t.is_activity
                                 ? N_("objectif (même période, territoire, activité et mention)")
                                 : N_("objectif (même période, territoire, modalité et unité)"));
  snprintf(key, key_size, "%s/%s/%s/%s%s%s", period, t.territory,
           t.is_activity ? eml_activity_code(t.activity) : eml_modality_code(t.modality),
           eml_unit_code(t.unit), t.mention[0] ? "/" : "", t.mention);
  return eml_store_insert_target(rr->store, &t, diag);
}

/* ---- territories.csv ---- */
static const eml_column_spec territory_columns[] = {{"code", 1, EML_COL_TEXT, NULL},
                                                    {"name", 1, EML_COL_TEXT, NULL},
                                                    {"region", 0, EML_COL_TEXT, NULL},
                                                    {NULL, 0, 0, NULL}};

static eml_status import_territory(const register_row *rr, char *key, size_t key_size,
                                   eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_territory_row t = {0};
  char name[MAX_NAME_BYTES + 1], region[MAX_NAME_BYTES + 1];
  eml_status st;
  if ((st = eml_row_text(r, 0, t.code, sizeof t.code, diag)) ||
      (st = eml_row_text(r, 1, name, sizeof name, diag)) ||
      (st = eml_row_text(r, 2, region, sizeof region, diag)) ||
      (st = eml_import_new_id(rr, eml_store_has_territory, 0, t.code, N_("code de territoire"), diag)))
    return st;
  t.name = name;
  t.region = region;
  snprintf(key, key_size, "%s", t.code);
  return eml_store_insert_territory(rr->store, &t, diag);
}

/* ---- notes.csv ---- */
static const eml_column_spec note_columns[] = {
    {"territory", 0, EML_COL_TEXT, NULL}, {"modality", 1, EML_COL_CODE, NULL},
    {"unit", 0, EML_COL_CODE, NULL},      {"receivable", 0, EML_COL_BOOL, NULL},
    {"mark", 0, EML_COL_TEXT, NULL},      {"note", 0, EML_COL_TEXT, NULL},
    {"rule", 0, EML_COL_CODE, NULL},      {"allowance", 0, EML_COL_INT, NULL},
    {NULL, 0, 0, NULL}};

static eml_status import_note(const register_row *rr, char *key, size_t key_size,
                              eml_diag *diag) {
  const eml_row *r = rr->row;
  eml_note n = {0};
  char mark[16], text[2048];
  int exists = 0;
  size_t len;
  eml_status st;
  if ((st = eml_row_territory(r, 0, &rr->known, n.territory, diag)) ||
      (st = eml_row_modality(r, 1, &n.modality, diag)))
    return st;
  const char *u = eml_row_field(r, 2, &len);
  if (len) {
    if (eml_unit_parse(u, len, &n.unit))
      return eml_row_bad(r, 2, diag, "unité inconnue (attendu devices ou sites)");
    n.has_unit = 1;
  }
  const char *rv = eml_row_field(r, 3, &len);
  if (len) {
    int yes;
    if (eml_parse_bool(rv, len, &yes))
      return eml_row_bad(r, 3, diag, "attendu OUI ou NON");
    snprintf(n.receivable, sizeof n.receivable, "%s", yes ? "OUI" : "NON");
  }
  if ((st = eml_row_text(r, 4, mark, sizeof mark, diag)) ||
      (st = eml_row_text(r, 5, text, sizeof text, diag)))
    return st;
  if (!text[0] && !n.receivable[0])
    return eml_row_bad(r, 5, diag, "une note a besoin d'un texte ou d'un avis de recevabilité");
  if (n.territory[0] && !n.has_unit)
    return eml_row_bad(r, 2, diag, "une note sur un territoire a besoin de son unité (devices "
                                   "ou sites)");
  /* the rule (docs/register.md "Notes"): interventional_only on a
   * territory's note, interventional_allowance on a regional one with its
   * allowance */
  const char *rule = eml_row_field(r, 6, &len);
  if (len && eml_note_rule_parse(rule, len, &n.rule))
    return eml_row_bad(r, 6, diag,
                       "règle inconnue (attendu interventional_only ou "
                       "interventional_allowance)");
  int has_allowance = 0;
  if ((st = eml_row_count(r, 7, &has_allowance, &n.allowance, diag)))
    return st;
  if (n.rule == EML_NOTE_INTERVENTIONAL_ONLY && !n.territory[0])
    return eml_row_bad(r, 6, diag, "interventional_only est une règle de la note d'un "
                                   "territoire");
  if (n.rule == EML_NOTE_INTERVENTIONAL_ALLOWANCE && n.territory[0])
    return eml_row_bad(r, 6, diag, "interventional_allowance est une règle d'une note "
                                   "régionale (territoire vide)");
  if (n.rule == EML_NOTE_INTERVENTIONAL_ALLOWANCE && (!has_allowance || n.allowance < 1))
    return eml_row_bad(r, 7, diag, "interventional_allowance a besoin de son allocation "
                                   "(appareils, au moins 1)");
  if (n.rule != EML_NOTE_INTERVENTIONAL_ALLOWANCE && has_allowance)
    return eml_row_bad(r, 7, diag, "une allocation va avec la règle interventional_allowance");
  n.mark = mark;
  n.text = text;
  if ((st = eml_store_has_note(rr->store, &n, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 5, diag, N_("note"));
  snprintf(key, key_size, "%s/%s/%s", n.territory[0] ? n.territory : "région",
           eml_modality_code(n.modality), n.has_unit ? eml_unit_code(n.unit) : "");
  return eml_store_insert_note(rr->store, &n, diag);
}

static const struct {
  const char *name; /* command-line word, audit entity */
  const eml_column_spec *columns;
  row_fn import_row;
} kinds[EML_IMPORT_KIND_COUNT] = {
    [EML_IMPORT_SITES] = {"sites", eml_site_columns, import_site},
    [EML_IMPORT_EQUIPMENT] = {"equipment", equipment_columns, import_equipment},
    [EML_IMPORT_TARGETS] = {"targets", target_columns, import_target},
    [EML_IMPORT_TERRITORIES] = {"territories", territory_columns, import_territory},
    [EML_IMPORT_NOTES] = {"notes", note_columns, import_note},
    /* the 2023 regime: import_regime.c */
    [EML_IMPORT_AUTHORISATIONS] = {"authorisations", eml_authorisation_columns,
                                   eml_import_authorisation},
    [EML_IMPORT_DEVICES] = {"devices", eml_declared_device_columns, eml_import_declared_device},
    [EML_IMPORT_CONVENTIONS] = {"conventions", eml_convention_columns, eml_import_convention},
    [EML_IMPORT_WINDOWS] = {"windows", eml_window_columns, eml_import_window},
};

eml_status eml_import_kind_parse(const char *name, eml_import_kind *out) {
  for (int i = 0; i < EML_IMPORT_KIND_COUNT; i++)
    if (strcmp(name, kinds[i].name) == 0) {
      *out = (eml_import_kind)i;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_import_kind_name(eml_import_kind kind) {
  return kind < EML_IMPORT_KIND_COUNT ? kinds[kind].name : "?";
}

/* The reading of one file: the session, the kind, the caller's hooks. */
typedef struct register_import {
  eml_import_session session;
  eml_import_kind kind;
  const char *path;
  const eml_read_hooks *hooks; /* the caller's: told of each bad row and warning */
  eml_read_counts *counts;
  const eml_regime_rules *rules;
} register_import;

/* A bad row: to the rejects file (when given) and to the caller. */
static void reject_row(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  register_import *im = ctx;
  if (im->session.rejects)
    /* the writer keeps its first error, returned by the flush before commit */
    eml_status_ignore(eml_rejects_write(im->session.rejects, why, raw, raw_len));
  eml_hooks_reject(im->hooks, why, raw, raw_len);
}

static void warn(void *ctx, const char *file, const char *message) {
  eml_hooks_warn(((register_import *)ctx)->hooks, file, message);
}

/* One record, under its savepoint: the kind's checks and insert, then the
 * audit entry of the row. */
static eml_status import_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  register_import *im = ctx;
  (void)skipped;
  eml_status st = eml_import_row_begin(&im->session);
  if (st)
    return st;
  register_row rr = {r, im->session.store, {im->session.store, NULL}, im->rules};
  char key[256] = "";
  st = kinds[im->kind].import_row(&rr, key, sizeof key, diag);
  if (!st) {
    json_t *after = eml_import_row_json(r);
    st = after ? eml_import_audit(&im->session, "insert", kinds[im->kind].name, key, NULL, after,
                                  diag)
               : EML_ERR_NOMEM;
  }
  return eml_import_row_end(&im->session, st, im->path, eml_csv_line(r->csv), diag);
}

eml_status eml_import_file(eml_store *store, eml_import_kind kind, const char *path,
                           const eml_import_options *o, eml_import_result *res, eml_diag *diag) {
  memset(res, 0, sizeof *res);
  if (kind >= EML_IMPORT_KIND_COUNT)
    return EML_ERR_USAGE;
  eml_read_counts counts = {0};
  register_import im = {.kind = kind, .path = path, .hooks = &o->hooks, .counts = &counts,
                        .rules = o->rules};
  eml_rejects *rejects = NULL;
  eml_status st = EML_OK;
  if (o->rejects_path && (st = eml_rejects_open(o->rejects_path, &path, 1, &rejects, diag)))
    return st;
  if ((st = eml_import_begin(&im.session, store, o->user, rejects, "row", diag))) {
    eml_status_ignore(eml_rejects_close(rejects, NULL)); /* the begin failed: its error is the one told */
    return st;
  }
  eml_row r = {.columns = kinds[kind].columns};
  eml_read_hooks hooks = {reject_row, warn, &im};
  eml_rows_reading g = {path, NULL, 0, &o->csv, NULL, import_row, &im, &hooks};
  st = eml_rows_read(&r, &g, &counts, diag);
  res->read = counts.read;
  res->loaded = counts.loaded;
  res->rejected = counts.rejected;
  if (!st && !im.session.fatal && res->read == 0) {
    eml_diag_set(diag, path, 1, NULL, NULL, 0, "aucune ligne de données après l'en-tête");
    st = EML_ERR_EMPTY;
  }
  json_t *summary = json_pack("{s:I, s:I, s:I}", "read", (json_int_t)res->read, "loaded",
                              (json_int_t)res->loaded, "rejected", (json_int_t)res->rejected);
  if (!summary && !st)
    st = EML_ERR_NOMEM;
  st = eml_import_end(&im.session, st, res->rejected, kinds[kind].name, path, summary, diag);
  res->committed = im.session.committed;
  if (!res->committed)
    res->loaded = 0;
  eml_status closed = eml_rejects_close(rejects, st && st != EML_ERR_REJECTED ? NULL : diag);
  if (closed && (!st || st == EML_ERR_REJECTED))
    st = closed;
  return st;
}
