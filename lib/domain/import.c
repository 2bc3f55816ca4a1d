/*
 * import.c — the importers of the register (eml/import.h states the model).
 *
 * Each kind of file is one row of `kinds`: its columns (name, required) and
 * a function that checks one row and stores it. The loop around them is the
 * same for every kind: header check, per-row savepoint, rejects, counts,
 * audit. Checks follow registry.md (columns and codes) and the spec
 * README's "Bad input" list.
 */
#include "row.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ID_BYTES 64
#define MAX_NAME_BYTES 300

/* Checks one row and stores it; writes the row's key for the audit log. */
typedef eml_status (*row_fn)(eml_row *row, char *key, size_t key_size, eml_diag *diag);

/* ---- sites.csv ---- */
const eml_column_spec eml_site_columns[] = {
    {"finess", 1}, {"name", 1}, {"territory", 1}, {"legal_status", 1}, {"finess_ej", 0}, {NULL, 0}};

eml_status eml_row_site(const eml_row *r, eml_site *s, char *name, size_t name_size,
                        eml_diag *diag) {
  eml_status st;
  size_t len;
  memset(s, 0, sizeof *s);
  if ((st = eml_row_finess(r, 0, s->finess, diag)) ||
      (st = eml_row_text(r, 1, name, name_size, diag)) ||
      (st = eml_row_territory(r, 2, s->territory, diag)))
    return st;
  const char *ls = eml_row_field(r, 3, &len);
  if (eml_legal_status_parse(ls, len, &s->legal_status))
    return eml_row_bad(r, 3, diag,
               len ? "unknown legal status (expected CH, CHU, CHU AP-HP, CHU APHM, EPSIC, GCS, "
                     "GIE, HIA, LIBERAL, PRIVE or AUTRE)"
                   : "a value is required");
  if ((st = eml_row_finess(r, 4, s->finess_ej, diag)))
    return st;
  s->name = name;
  return EML_OK;
}

static eml_status import_site(eml_row *r, char *key, size_t key_size, eml_diag *diag) {
  eml_site s;
  char name[MAX_NAME_BYTES + 1];
  int exists = 0;
  eml_status st = eml_row_site(r, &s, name, sizeof name, diag);
  if (st)
    return st;
  if ((st = eml_store_has_site(r->store, s.finess, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 0, diag, "FINESS number");
  snprintf(key, key_size, "%s", s.finess);
  return eml_store_insert_site(r->store, &s, diag);
}

/* ---- equipment.csv ---- */
static const eml_column_spec equipment_columns[] = {
    {"equipment_id", 1},    {"finess", 1},           {"modality", 1},     {"interventional", 0},
    {"authorized_from", 1}, {"authorized_until", 0}, {"installed_on", 0}, {NULL, 0}};

static eml_status import_equipment(eml_row *r, char *key, size_t key_size, eml_diag *diag) {
  eml_equipment e = {0};
  char id[MAX_ID_BYTES + 1];
  int has_from, exists = 0;
  eml_status st;
  if ((st = eml_row_text(r, 0, id, sizeof id, diag)) || (st = eml_row_finess(r, 1, e.finess, diag)) ||
      (st = eml_row_modality(r, 2, &e.modality, diag)) ||
      (st = eml_row_bool(r, 3, &e.interventional, diag)) ||
      (st = eml_row_date(r, 4, &has_from, &e.authorized_from, diag)) ||
      (st = eml_row_date(r, 5, &e.has_until, &e.authorized_until, diag)) ||
      (st = eml_row_date(r, 6, &e.has_installed, &e.installed_on, diag)))
    return st;
  if (e.has_until && e.authorized_until <= e.authorized_from)
    return eml_row_bad(r, 5, diag, "the authorisation ends before it starts");
  if (e.interventional && e.modality != EML_MOD_CT && e.modality != EML_MOD_MRI)
    return eml_row_bad(r, 3, diag, "only CT and MRI devices can be dedicated to interventional imaging");
  if ((st = eml_store_has_equipment(r->store, id, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 0, diag, "equipment identifier");
  if ((st = eml_store_has_site(r->store, e.finess, &exists)))
    return st;
  if (!exists)
    return eml_row_bad(r, 1, diag, "unknown site (not in the register: import sites.csv first)");
  e.id = id;
  snprintf(key, key_size, "%s", id);
  return eml_store_insert_equipment(r->store, &e, diag);
}

/* ---- targets.csv ---- */
static const eml_column_spec target_columns[] = {
    {"period", 1}, {"territory", 1},          {"modality", 1},           {"unit", 1},
    {"low", 0},    {"high", 1},               {"interventional_low", 0}, {"interventional_high", 0},
    {NULL, 0}};

static eml_status import_target(eml_row *r, char *key, size_t key_size, eml_diag *diag) {
  eml_target t = {0};
  char period[MAX_ID_BYTES + 1];
  int has_high, exists = 0;
  size_t len;
  eml_status st;
  if ((st = eml_row_text(r, 0, period, sizeof period, diag)) ||
      (st = eml_row_territory(r, 1, t.territory, diag)) ||
      (st = eml_row_modality(r, 2, &t.modality, diag)))
    return st;
  const char *u = eml_row_field(r, 3, &len);
  if (eml_unit_parse(u, len, &t.unit))
    return eml_row_bad(r, 3, diag, "unknown unit (expected devices or sites)");
  if ((st = eml_row_count(r, 4, &t.has_low, &t.low, diag)) ||
      (st = eml_row_count(r, 5, &has_high, &t.high, diag)) ||
      (st = eml_row_count(r, 6, &t.has_interventional_low, &t.interventional_low, diag)) ||
      (st = eml_row_count(r, 7, &t.has_interventional_high, &t.interventional_high, diag)))
    return st;
  if (t.has_low && t.low > t.high)
    return eml_row_bad(r, 4, diag, "the lower bound is above the upper bound");
  if (t.has_interventional_low && t.has_interventional_high &&
      t.interventional_low > t.interventional_high)
    return eml_row_bad(r, 6, diag, "the lower interventional bound is above the upper one");
  if ((t.has_interventional_low || t.has_interventional_high) && t.unit != EML_UNIT_DEVICES)
    return eml_row_bad(r, 7, diag, "interventional bounds apply to devices only");
  t.period = period;
  if ((st = eml_store_has_target(r->store, &t, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 1, diag, "target (same period, territory, modality and unit)");
  snprintf(key, key_size, "%s/%s/%s/%s", period, t.territory, eml_modality_code(t.modality),
           eml_unit_code(t.unit));
  return eml_store_insert_target(r->store, &t, diag);
}

/* ---- territories.csv ---- */
static const eml_column_spec territory_columns[] = {{"code", 1}, {"name", 1}, {"region", 0}, {NULL, 0}};

static eml_status import_territory(eml_row *r, char *key, size_t key_size, eml_diag *diag) {
  eml_territory_row t = {0};
  char name[MAX_NAME_BYTES + 1], region[MAX_NAME_BYTES + 1];
  int exists = 0;
  eml_status st;
  if ((st = eml_row_text(r, 0, t.code, sizeof t.code, diag)) ||
      (st = eml_row_text(r, 1, name, sizeof name, diag)) ||
      (st = eml_row_text(r, 2, region, sizeof region, diag)))
    return st;
  if ((st = eml_store_has_territory(r->store, t.code, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 0, diag, "territory code");
  t.name = name;
  t.region = region;
  snprintf(key, key_size, "%s", t.code);
  return eml_store_insert_territory(r->store, &t, diag);
}

/* ---- notes.csv ---- */
static const eml_column_spec note_columns[] = {{"territory", 0}, {"modality", 1}, {"unit", 0},
                                           {"receivable", 0}, {"mark", 0},    {"note", 0},
                                           {NULL, 0}};

static eml_status import_note(eml_row *r, char *key, size_t key_size, eml_diag *diag) {
  eml_note n = {0};
  char mark[16], text[2048];
  int exists = 0;
  size_t len;
  eml_status st;
  if ((st = eml_row_territory(r, 0, n.territory, diag)) ||
      (st = eml_row_modality(r, 1, &n.modality, diag)))
    return st;
  const char *u = eml_row_field(r, 2, &len);
  if (len) {
    if (eml_unit_parse(u, len, &n.unit))
      return eml_row_bad(r, 2, diag, "unknown unit (expected devices or sites)");
    n.has_unit = 1;
  }
  const char *rv = eml_row_field(r, 3, &len);
  if (len) {
    int yes;
    if (eml_parse_bool(rv, len, &yes))
      return eml_row_bad(r, 3, diag, "expected OUI or NON");
    snprintf(n.receivable, sizeof n.receivable, "%s", yes ? "OUI" : "NON");
  }
  if ((st = eml_row_text(r, 4, mark, sizeof mark, diag)) ||
      (st = eml_row_text(r, 5, text, sizeof text, diag)))
    return st;
  if (!text[0] && !n.receivable[0])
    return eml_row_bad(r, 5, diag, "a note needs a text or a receivable verdict");
  if (n.territory[0] && !n.has_unit)
    return eml_row_bad(r, 2, diag, "a note about a territory needs its unit (devices or sites)");
  n.mark = mark;
  n.text = text;
  if ((st = eml_store_has_note(r->store, &n, &exists)))
    return st;
  if (exists)
    return eml_row_duplicate(r, 5, diag, "note");
  snprintf(key, key_size, "%s/%s/%s", n.territory[0] ? n.territory : "région",
           eml_modality_code(n.modality), n.has_unit ? eml_unit_code(n.unit) : "");
  return eml_store_insert_note(r->store, &n, diag);
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

/* Writes a bad row to the rejects file: its bytes as read, then the
 * reason as one more quoted field. */
static eml_status write_reject(FILE *f, const eml_csv_reader *csv, const eml_diag *diag) {
  size_t len;
  int truncated;
  const char *raw = eml_csv_raw(csv, &len, &truncated);
  char reason[1024];
  eml_diag_format(diag, reason, sizeof reason);
  fwrite(raw, 1, len, f);
  fputc(eml_csv_delimiter(csv), f);
  fputc('"', f);
  for (const char *p = reason; *p; p++) {
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  if (truncated)
    fputs(" [record longer than 64 MiB: only its start is copied]", f);
  fputs("\"\n", f);
  return ferror(f) ? EML_ERR_IO : EML_OK;
}

static char *audit_row_json(const eml_row *r) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  for (int i = 0; r->columns[i].name; i++) {
    size_t len;
    const char *v = eml_row_field(r, i, &len);
    if (r->index[i] >= 0)
      json_object_set_new(o, r->columns[i].name, json_stringn(v, len));
  }
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}

eml_status eml_import_file(eml_store *store, eml_import_kind kind, const char *path,
                           const eml_import_options *o, eml_import_result *res, eml_diag *diag) {
  memset(res, 0, sizeof *res);
  if (kind >= EML_IMPORT_KIND_COUNT)
    return EML_ERR_USAGE;
  eml_row r = {.columns = kinds[kind].columns, .store = store};
  FILE *rejects = NULL;
  eml_status st = eml_csv_open(path, &o->csv, &r.csv, diag);
  if (st)
    return st;
  if ((st = eml_row_map_header(&r, o->on_warning, o->ctx, diag)))
    goto done;
  if (o->rejects_path) {
    rejects = fopen(o->rejects_path, "w");
    if (!rejects) {
      eml_diag_set(diag, o->rejects_path, 0, "--rejects", NULL, 0, "cannot write: %s",
                   strerror(errno));
      st = EML_ERR_IO;
      goto done;
    }
    for (size_t h = 0; h < eml_csv_header_count(r.csv); h++)
      fprintf(rejects, "%s%c", eml_csv_header(r.csv, h), eml_csv_delimiter(r.csv));
    fputs("eml_reason\n", rejects);
  }
  if ((st = eml_store_begin(store, diag)))
    goto done;

  for (;;) {
    int has = 0;
    eml_diag row_diag;
    eml_diag_clear(&row_diag);
    eml_status rs = eml_csv_next(r.csv, &has, &row_diag);
    if (rs == EML_ERR_IO || rs == EML_ERR_NOMEM) {
      *diag = row_diag;
      st = rs;
      break;
    }
    if (!has)
      break;
    res->read++;
    char key[256] = "";
    if (!rs)
      rs = eml_row_check_width(&r, &row_diag);
    if (!rs) {
      if ((rs = eml_store_savepoint(store)))
        break;
      rs = kinds[kind].import_row(&r, key, sizeof key, &row_diag);
      if (!rs) {
        char *after = audit_row_json(&r);
        rs = after ? eml_store_audit(store, o->user, "insert", kinds[kind].name, key, NULL,
                                     after, &row_diag)
                   : EML_ERR_NOMEM;
        free(after);
      }
      if (rs == EML_ERR_IO) {
        /* the store cannot be written (full disk, read-only): stop, undo all;
         * the diag names the store file, not the row */
        *diag = row_diag;
        st = rs;
        break;
      }
      if (rs == EML_ERR_STORE && !row_diag.line) {
        /* a refusal of the store (constraint) is the row's problem */
        row_diag.line = eml_csv_line(r.csv);
        snprintf(row_diag.file, sizeof row_diag.file, "%s", path);
      }
      eml_status undo = rs ? eml_store_rollback_to_savepoint(store) : eml_store_release(store);
      if (undo) {
        eml_diag_set(diag, path, eml_csv_line(r.csv), NULL, NULL, 0,
                     "the store refused to undo a row");
        st = undo;
        break;
      }
    }
    if (rs == EML_ERR_NOMEM) {
      st = rs;
      break;
    }
    if (rs) {
      res->rejected++;
      if (o->on_problem)
        o->on_problem(o->ctx, &row_diag);
      if (rejects && write_reject(rejects, r.csv, &row_diag)) {
        eml_diag_set(diag, o->rejects_path, 0, "--rejects", NULL, 0, "cannot write");
        st = EML_ERR_IO;
        break;
      }
    } else {
      res->loaded++;
    }
  }
  if (!st && res->read == 0) {
    eml_diag_set(diag, path, 1, NULL, NULL, 0, "no data rows after the header");
    st = EML_ERR_EMPTY;
  }
  if (!st && res->rejected > 0 && !rejects) {
    /* all-or-nothing: nothing of this file is kept */
    res->loaded = 0;
    /* the import fails whatever the rollback says: a transaction left open
     * is undone when the store closes */
    eml_status_ignore(eml_store_rollback(store));
    st = EML_ERR_REJECTED;
    goto done;
  }
  if (!st && rejects && (fflush(rejects) != 0 || ferror(rejects))) {
    /* the rejects must be safe on disk before the good rows are committed:
     * a full disk here used to leave the rows stored and say "nothing loaded" */
    eml_diag_set(diag, o->rejects_path, 0, "--rejects", NULL, 0, "cannot write: %s",
                 strerror(errno));
    st = EML_ERR_IO;
  }
  if (!st) {
    char summary[160];
    snprintf(summary, sizeof summary, "{\"read\":%ld,\"loaded\":%ld,\"rejected\":%ld}", res->read,
             res->loaded, res->rejected);
    st = eml_store_audit(store, o->user, "import", kinds[kind].name, path, NULL, summary, diag);
  }
  if (!st)
    st = eml_store_commit(store, diag);
  if (st) {
    eml_status_ignore(eml_store_rollback(store)); /* st says it failed, as above */
    res->loaded = 0;
  } else {
    res->committed = 1;
    if (res->rejected > 0)
      st = EML_ERR_REJECTED;
  }
done:
  if (rejects && fclose(rejects) != 0 && (!st || st == EML_ERR_REJECTED)) {
    eml_diag_set(diag, o->rejects_path, 0, "--rejects", NULL, 0, "cannot write");
    st = EML_ERR_IO;
  }
  eml_csv_close(r.csv);
  return st;
}
