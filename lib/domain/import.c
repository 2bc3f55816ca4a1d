/*
 * import.c — the importers of the register (eml/import.h states the model).
 *
 * Each kind of file is one row of `kinds`: its columns (name, required) and
 * a function that checks one row and stores it. The loop around them is the
 * same for every kind: header check, per-row savepoint, rejects, counts,
 * audit. Checks follow registry.md (columns and codes) and the spec
 * README's "Bad input" list.
 */
#include "internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 16
#define MAX_ID_BYTES 64
#define MAX_NAME_BYTES 300

typedef struct column_spec {
  const char *name;
  int required;
} column_spec;

/* What a row checker sees: the reader, where each spec column is, and the
 * store for references. */
typedef struct row_ctx {
  eml_csv_reader *csv;
  const column_spec *columns;
  int index[MAX_COLUMNS]; /* position in the file, -1 when absent */
  eml_store *store;
  int decimal_comma;
} row_ctx;

typedef eml_status (*row_fn)(row_ctx *row, char *key, size_t key_size, eml_diag *diag);

/* The value of spec column i in the current record, trimmed. */
static const char *field(const row_ctx *r, int i, size_t *len) {
  if (r->index[i] < 0) {
    *len = 0;
    return "";
  }
  const char *s = eml_csv_field(r->csv, (size_t)r->index[i], len);
  while (*len && (*s == ' ' || *s == '\t')) {
    s++;
    (*len)--;
  }
  while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
    (*len)--;
  return s;
}

static eml_status bad(const row_ctx *r, int i, eml_diag *diag, const char *msg) {
  size_t len;
  const char *v = field(r, i, &len);
  eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), r->columns[i].name, v, len,
               "%s", msg);
  return EML_ERR_VALUE;
}

/* Copies column i into dst (size bytes, NUL-terminated); empty required
 * values and values too long are errors. */
static eml_status get_text(const row_ctx *r, int i, char *dst, size_t size, eml_diag *diag) {
  size_t len;
  const char *v = field(r, i, &len);
  if (len == 0 && r->columns[i].required)
    return bad(r, i, diag, "a value is required");
  if (len >= size) {
    char msg[64];
    snprintf(msg, sizeof msg, "value too long (at most %zu bytes)", size - 1);
    return bad(r, i, diag, msg);
  }
  memcpy(dst, v, len);
  dst[len] = '\0';
  return EML_OK;
}

static eml_status get_finess(const row_ctx *r, int i, char dst[10], eml_diag *diag) {
  size_t len;
  const char *v = field(r, i, &len);
  if (len == 0) {
    dst[0] = '\0';
    return r->columns[i].required ? bad(r, i, diag, "a value is required") : EML_OK;
  }
  eml_finess_check c = eml_finess_validate(v, len);
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return bad(r, i, diag, eml_finess_message(c));
  memcpy(dst, v, 9);
  dst[9] = '\0';
  return EML_OK;
}

static eml_status get_date(const row_ctx *r, int i, int *has, eml_date *out, eml_diag *diag) {
  size_t len;
  const char *v = field(r, i, &len);
  *has = 0;
  if (len == 0)
    return r->columns[i].required ? bad(r, i, diag, "a date is required") : EML_OK;
  if (eml_date_parse(v, len, out))
    return bad(r, i, diag, "not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
  *has = 1;
  return EML_OK;
}

static eml_status get_count(const row_ctx *r, int i, int *has, int64_t *out, eml_diag *diag) {
  size_t len;
  const char *v = field(r, i, &len);
  *has = 0;
  if (len == 0)
    return r->columns[i].required ? bad(r, i, diag, "a number is required") : EML_OK;
  if (eml_parse_int64(v, len, out) || *out < 0 || *out > 1000000)
    return bad(r, i, diag, "not a whole number from 0 to 1000000");
  *has = 1;
  return EML_OK;
}

static eml_status get_bool(const row_ctx *r, int i, int *out, eml_diag *diag) {
  size_t len;
  const char *v = field(r, i, &len);
  *out = 0;
  if (len == 0)
    return EML_OK;
  if (eml_parse_bool(v, len, out))
    return bad(r, i, diag, "not a boolean (expected 1/0, oui/non, true/false, yes/no, o/n)");
  return EML_OK;
}

static eml_status get_modality(const row_ctx *r, int i, eml_modality *out, eml_diag *diag) {
  size_t len;
  const char *v = field(r, i, &len);
  if (eml_modality_parse(v, len, out))
    return bad(r, i, diag,
               len ? "unknown modality (expected CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT)"
                   : "a modality is required");
  return EML_OK;
}

static eml_status get_territory(const row_ctx *r, int i, char dst[8], eml_diag *diag) {
  eml_status st = get_text(r, i, dst, 8, diag);
  if (st || !dst[0])
    return st;
  int declared = 0;
  if (eml_register_territory_known(NULL, dst))
    return EML_OK;
  if ((st = eml_store_has_territory(r->store, dst, &declared)))
    return st;
  if (!declared)
    return bad(r, i, diag, "unknown territory (not a département; declare it in territories.csv)");
  return EML_OK;
}

static eml_status duplicate(const row_ctx *r, int i, eml_diag *diag, const char *what) {
  char msg[128];
  snprintf(msg, sizeof msg, "duplicate %s (already in the store or earlier in the file)", what);
  return bad(r, i, diag, msg);
}

/* ---- sites.csv ---- */
static const column_spec site_columns[] = {
    {"finess", 1}, {"name", 1}, {"territory", 1}, {"legal_status", 1}, {"finess_ej", 0}, {NULL, 0}};

static eml_status import_site(row_ctx *r, char *key, size_t key_size, eml_diag *diag) {
  eml_site s = {0};
  char name[MAX_NAME_BYTES + 1];
  eml_status st;
  size_t len;
  int exists = 0;
  if ((st = get_finess(r, 0, s.finess, diag)) || (st = get_text(r, 1, name, sizeof name, diag)) ||
      (st = get_territory(r, 2, s.territory, diag)))
    return st;
  const char *ls = field(r, 3, &len);
  if (eml_legal_status_parse(ls, len, &s.legal_status))
    return bad(r, 3, diag,
               len ? "unknown legal status (expected CH, CHU, CHU AP-HP, CHU APHM, EPSIC, GCS, "
                     "GIE, HIA, LIBERAL, PRIVE or AUTRE)"
                   : "a value is required");
  if ((st = get_finess(r, 4, s.finess_ej, diag)))
    return st;
  if ((st = eml_store_has_site(r->store, s.finess, &exists)))
    return st;
  if (exists)
    return duplicate(r, 0, diag, "FINESS number");
  s.name = name;
  snprintf(key, key_size, "%s", s.finess);
  return eml_store_insert_site(r->store, &s, diag);
}

/* ---- equipment.csv ---- */
static const column_spec equipment_columns[] = {
    {"equipment_id", 1},    {"finess", 1},           {"modality", 1},     {"interventional", 0},
    {"authorized_from", 1}, {"authorized_until", 0}, {"installed_on", 0}, {NULL, 0}};

static eml_status import_equipment(row_ctx *r, char *key, size_t key_size, eml_diag *diag) {
  eml_equipment e = {0};
  char id[MAX_ID_BYTES + 1];
  int has_from, exists = 0;
  eml_status st;
  if ((st = get_text(r, 0, id, sizeof id, diag)) || (st = get_finess(r, 1, e.finess, diag)) ||
      (st = get_modality(r, 2, &e.modality, diag)) ||
      (st = get_bool(r, 3, &e.interventional, diag)) ||
      (st = get_date(r, 4, &has_from, &e.authorized_from, diag)) ||
      (st = get_date(r, 5, &e.has_until, &e.authorized_until, diag)) ||
      (st = get_date(r, 6, &e.has_installed, &e.installed_on, diag)))
    return st;
  if (e.has_until && e.authorized_until <= e.authorized_from)
    return bad(r, 5, diag, "the authorisation ends before it starts");
  if (e.interventional && e.modality != EML_MOD_CT && e.modality != EML_MOD_MRI)
    return bad(r, 3, diag, "only CT and MRI devices can be dedicated to interventional imaging");
  if ((st = eml_store_has_equipment(r->store, id, &exists)))
    return st;
  if (exists)
    return duplicate(r, 0, diag, "equipment identifier");
  if ((st = eml_store_has_site(r->store, e.finess, &exists)))
    return st;
  if (!exists)
    return bad(r, 1, diag, "unknown site (not in the register: import sites.csv first)");
  e.id = id;
  snprintf(key, key_size, "%s", id);
  return eml_store_insert_equipment(r->store, &e, diag);
}

/* ---- targets.csv ---- */
static const column_spec target_columns[] = {
    {"period", 1}, {"territory", 1},          {"modality", 1},           {"unit", 1},
    {"low", 0},    {"high", 1},               {"interventional_low", 0}, {"interventional_high", 0},
    {NULL, 0}};

static eml_status import_target(row_ctx *r, char *key, size_t key_size, eml_diag *diag) {
  eml_target t = {0};
  char period[MAX_ID_BYTES + 1];
  int has_high, exists = 0;
  size_t len;
  eml_status st;
  if ((st = get_text(r, 0, period, sizeof period, diag)) ||
      (st = get_territory(r, 1, t.territory, diag)) ||
      (st = get_modality(r, 2, &t.modality, diag)))
    return st;
  const char *u = field(r, 3, &len);
  if (eml_unit_parse(u, len, &t.unit))
    return bad(r, 3, diag, "unknown unit (expected devices or sites)");
  if ((st = get_count(r, 4, &t.has_low, &t.low, diag)) ||
      (st = get_count(r, 5, &has_high, &t.high, diag)) ||
      (st = get_count(r, 6, &t.has_interventional_low, &t.interventional_low, diag)) ||
      (st = get_count(r, 7, &t.has_interventional_high, &t.interventional_high, diag)))
    return st;
  if (t.has_low && t.low > t.high)
    return bad(r, 4, diag, "the lower bound is above the upper bound");
  if (t.has_interventional_low && t.has_interventional_high &&
      t.interventional_low > t.interventional_high)
    return bad(r, 6, diag, "the lower interventional bound is above the upper one");
  if ((t.has_interventional_low || t.has_interventional_high) && t.unit != EML_UNIT_DEVICES)
    return bad(r, 7, diag, "interventional bounds apply to devices only");
  t.period = period;
  if ((st = eml_store_has_target(r->store, &t, &exists)))
    return st;
  if (exists)
    return duplicate(r, 1, diag, "target (same period, territory, modality and unit)");
  snprintf(key, key_size, "%s/%s/%s/%s", period, t.territory, eml_modality_code(t.modality),
           eml_unit_code(t.unit));
  return eml_store_insert_target(r->store, &t, diag);
}

/* ---- territories.csv ---- */
static const column_spec territory_columns[] = {{"code", 1}, {"name", 1}, {"region", 0}, {NULL, 0}};

static eml_status import_territory(row_ctx *r, char *key, size_t key_size, eml_diag *diag) {
  eml_territory_row t = {0};
  char name[MAX_NAME_BYTES + 1], region[MAX_NAME_BYTES + 1];
  int exists = 0;
  eml_status st;
  if ((st = get_text(r, 0, t.code, sizeof t.code, diag)) ||
      (st = get_text(r, 1, name, sizeof name, diag)) ||
      (st = get_text(r, 2, region, sizeof region, diag)))
    return st;
  if ((st = eml_store_has_territory(r->store, t.code, &exists)))
    return st;
  if (exists)
    return duplicate(r, 0, diag, "territory code");
  t.name = name;
  t.region = region;
  snprintf(key, key_size, "%s", t.code);
  return eml_store_insert_territory(r->store, &t, diag);
}

/* ---- notes.csv ---- */
static const column_spec note_columns[] = {{"territory", 0}, {"modality", 1}, {"unit", 0},
                                           {"receivable", 0}, {"mark", 0},    {"note", 0},
                                           {NULL, 0}};

static eml_status import_note(row_ctx *r, char *key, size_t key_size, eml_diag *diag) {
  eml_note n = {0};
  char mark[16], text[2048];
  int exists = 0;
  size_t len;
  eml_status st;
  if ((st = get_territory(r, 0, n.territory, diag)) ||
      (st = get_modality(r, 1, &n.modality, diag)))
    return st;
  const char *u = field(r, 2, &len);
  if (len) {
    if (eml_unit_parse(u, len, &n.unit))
      return bad(r, 2, diag, "unknown unit (expected devices or sites)");
    n.has_unit = 1;
  }
  const char *rv = field(r, 3, &len);
  if (len) {
    int yes;
    if (eml_parse_bool(rv, len, &yes))
      return bad(r, 3, diag, "expected OUI or NON");
    snprintf(n.receivable, sizeof n.receivable, "%s", yes ? "OUI" : "NON");
  }
  if ((st = get_text(r, 4, mark, sizeof mark, diag)) ||
      (st = get_text(r, 5, text, sizeof text, diag)))
    return st;
  if (!text[0] && !n.receivable[0])
    return bad(r, 5, diag, "a note needs a text or a receivable verdict");
  if (n.territory[0] && !n.has_unit)
    return bad(r, 2, diag, "a note about a territory needs its unit (devices or sites)");
  n.mark = mark;
  n.text = text;
  if ((st = eml_store_has_note(r->store, &n, &exists)))
    return st;
  if (exists)
    return duplicate(r, 5, diag, "note");
  snprintf(key, key_size, "%s/%s/%s", n.territory[0] ? n.territory : "région",
           eml_modality_code(n.modality), n.has_unit ? eml_unit_code(n.unit) : "");
  return eml_store_insert_note(r->store, &n, diag);
}

static const struct {
  const char *name; /* command-line word, audit entity */
  const column_spec *columns;
  row_fn import_row;
} kinds[EML_IMPORT_KIND_COUNT] = {
    [EML_IMPORT_SITES] = {"sites", site_columns, import_site},
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

/* Finds each spec column in the header; reports missing required columns,
 * repeated columns, and warns of unknown ones. */
static eml_status map_header(row_ctx *r, const eml_import_options *o, eml_diag *diag) {
  size_t n = eml_csv_header_count(r->csv);
  for (int i = 0; r->columns[i].name; i++) {
    r->index[i] = eml_csv_column(r->csv, r->columns[i].name);
    if (r->index[i] < 0 && r->columns[i].required) {
      eml_diag_set(diag, eml_csv_name(r->csv), 1, r->columns[i].name, NULL, 0,
                   "required column missing from the header");
      return EML_ERR_CSV;
    }
  }
  for (size_t h = 0; h < n; h++)
    for (size_t k = h + 1; k < n; k++)
      if (eml_csv_column(r->csv, eml_csv_header(r->csv, k)) == (int)h) {
        eml_diag_set(diag, eml_csv_name(r->csv), 1, eml_csv_header(r->csv, k), NULL, 0,
                     "column appears twice in the header");
        return EML_ERR_CSV;
      }
  eml_buf unknown;
  eml_buf_init(&unknown, 4096);
  for (size_t h = 0; h < n; h++) {
    int known = 0;
    for (int i = 0; r->columns[i].name; i++)
      known |= r->index[i] == (int)h;
    if (!known)
      eml_buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", eml_csv_header(r->csv, h));
  }
  if (unknown.len && o->on_warning) {
    char msg[4200];
    snprintf(msg, sizeof msg, "unknown columns ignored: %s", unknown.data);
    o->on_warning(o->ctx, eml_csv_name(r->csv), msg);
  }
  eml_buf_free(&unknown);
  return EML_OK;
}

/* Checks that the record has as many fields as the header. */
static eml_status check_width(const row_ctx *r, eml_diag *diag) {
  size_t n = eml_csv_field_count(r->csv), h = eml_csv_header_count(r->csv);
  if (n == h)
    return EML_OK;
  if (n < h) {
    eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), eml_csv_header(r->csv, n),
                 NULL, 0, "missing: the line has %zu fields, the header %zu", n, h);
  } else {
    size_t len;
    const char *v = eml_csv_field(r->csv, h, &len);
    char name[16];
    snprintf(name, sizeof name, "%zu", h + 1);
    eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), name, v, len,
                 "extra field: the line has %zu fields, the header %zu", n, h);
  }
  return EML_ERR_CSV;
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

static char *audit_row_json(const row_ctx *r) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  for (int i = 0; r->columns[i].name; i++) {
    size_t len;
    const char *v = field(r, i, &len);
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
  row_ctx r = {.columns = kinds[kind].columns, .store = store};
  FILE *rejects = NULL;
  eml_status st = eml_csv_open(path, &o->csv, &r.csv, diag);
  if (st)
    return st;
  r.decimal_comma = eml_csv_delimiter(r.csv) == ';';
  if ((st = map_header(&r, o, diag)))
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
      rs = check_width(&r, &row_diag);
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
    eml_store_rollback(store);
    st = EML_ERR_REJECTED;
    goto done;
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
    eml_store_rollback(store);
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
