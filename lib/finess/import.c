/*
 * import.c — loading the register from the FINESS extractions
 * (eml/finess.h states the model; finess.md; issue 8).
 *
 * One transaction for the pair of files. The establishments file is read
 * with the CSV reader (`;`, no header but its first line
 * `finess;etalab;N;DATE`, which gives the extraction date); each
 * `structureet` line is a site, each `geolocalisation` line its
 * coordinates: the whole file is checked first, then written (below,
 * "the establishments file"). The heavy-equipment file is streamed
 * (xml.c); each <equipmateriellourd> is a device, checked and stored under
 * its own savepoint of the import session (import/session.h), like the CSV
 * imports. A bad record is reported `FILE:LINE: column|element NAME: what
 * (value 'X')` and not stored; without a rejects file one bad record
 * undoes all. Bad lines of the establishments file go to the one
 * rejects writer (eml/input.h: the line as read and eml_reason); bad
 * devices, read from XML, are written back as XML records with an
 * eml_reason attribute, to the rejects file the writer names for the XML
 * input, so that both read back as extractions.
 * Records outside the --region/--territory scope are skipped and counted.
 * Devices of the scope that the store holds from an earlier extraction and
 * this one no longer holds are ended at this extraction's date.
 */
#include "domain/register_rows.h"
#include "import/session.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STRUCTUREET_FIELDS (1 + EML_FINESS_SITE_FIELDS)
#define GEOLOCALISATION_FIELDS 6
#define MAX_NAME_BYTES 300
#define MAX_KEY_BYTES 48
#define ID_PREFIX "FINESS-"

/* The fields of a structureet line, by position (0: line type): the input
 * pipeline's column specs of a file without a header (eml_row_positional). */
#define SITE_FIELD_SPEC(name) {#name, 0, EML_COL_TEXT, NULL},
static const eml_column_spec site_columns[STRUCTUREET_FIELDS + 1] = {
    {"type", 0, EML_COL_TEXT, NULL}, EML_FINESS_SITE_FIELD_LIST(SITE_FIELD_SPEC){NULL, 0, 0, NULL}};
#undef SITE_FIELD_SPEC
enum {
  SF_NOFINESSET = 1, SF_NOFINESSEJ = 2, SF_RS = 3, SF_RSLONGUE = 4, SF_DEPARTEMENT = 13,
  SF_CATEGETAB = 18, SF_LIBCATEGETAB = 19, SF_CODESPH = 26, SF_LIBSPH = 27, SF_DATEOUV = 28
};
static const eml_column_spec geo_columns[GEOLOCALISATION_FIELDS + 1] = {
    {"type", 0, EML_COL_TEXT, NULL},          {"nofinesset", 0, EML_COL_FINESS, NULL},
    {"coordxet", 0, EML_COL_REAL, NULL},      {"coordyet", 0, EML_COL_REAL, NULL},
    {"sourcecoordet", 0, EML_COL_TEXT, NULL}, {"datemajcoord", 0, EML_COL_DATE, NULL},
    {NULL, 0, 0, NULL}};

typedef struct finess_import {
  eml_import_session session;
  eml_store *store;
  const eml_finess_options *o;
  eml_finess_result *res;
  eml_finess_codes *codes;
  eml_date extraction;
  int has_reason; /* a rejects file: the last field of each line is eml_reason */
  char region_code[8];
  eml_csv_reader *csv;
  eml_row site_row, geo_row; /* the pipeline's view of a line of each type */
  struct pending_line *pending; /* the establishments' good lines, to write */
  size_t npending, cap_pending;
  eml_buf text;              /* their fields, NUL-terminated, one after the other */
  eml_strmap site_slot;      /* FINESS of a site line kept -> slot in latest */
  size_t *latest, cap_latest; /* slot -> the last line kept of that site */
  eml_register stored;       /* the store's sites before the lines are written */
  eml_strmap record_slot;    /* FINESS -> its stored FINESS record in records */
  struct stored_record *records;
  size_t nrecords, cap_records;
  eml_buf record_text;       /* their fields, laid out as the lines' in text */
  struct new_site *fresh;    /* sites new to the store, queued (flush_new_sites) */
  size_t nfresh, cap_fresh;
  eml_buf fresh_text;        /* their audit JSON, NUL-terminated, one after the other */
  eml_csv_reader *flat;      /* the flat equipment file cs1100504, when it is one */
  eml_row flat_row;
  int equipment_flat, flat_has_reason;
  FILE *rejects_amm; /* the AMM file's bad records, rebuilt as XML */
  int rejects_amm_dated; /* its <horodatage> written */
  char rejects_amm_path[EML_DIAG_FILE_MAX + 256];
  eml_date amm_date;  /* the AMM extraction's date: what it adds and ends is dated so */
  eml_register amm_reg; /* the register before the AMM records: its per-device rows */
  eml_rejects *rejects;
  FILE *rejects_xml;
  char rejects_xml_path[EML_DIAG_FILE_MAX + 256];
  long missing[EML_FINESS_DEVICE_FIELDS]; /* records without that element */
  eml_strmap rejected_keys; /* authorisations of rejected records */
  eml_status fatal;
  eml_diag *diag;
  eml_finess_result at_savepoint; /* the counts when the record began */
} finess_import;

typedef enum { RECORD_LOADED = 0, RECORD_SKIPPED = 1 } record_outcome;

/* ---- scope ---- */

static int in_scope(const finess_import *im, const char *territory) {
  if (!im->region_code[0] && im->o->nterritories == 0)
    return 1;
  for (size_t i = 0; i < im->o->nterritories; i++)
    if (strcasecmp(im->o->territories[i], territory) == 0)
      return 1;
  const eml_territory *t = eml_territory_find(territory);
  return im->region_code[0] && t && strcmp(t->region_code, im->region_code) == 0;
}

static eml_status resolve_scope(finess_import *im, eml_diag *diag) {
  const char *r = im->o->region;
  if (r) {
    for (size_t i = 0; i < eml_region_count(); i++) {
      const char *code = eml_region_code_at(i);
      if (strcmp(code, r) == 0 || strcasecmp(eml_region_name(code), r) == 0)
        snprintf(im->region_code, sizeof im->region_code, "%s", code);
    }
    if (!im->region_code[0]) {
      eml_diag_set(diag, NULL, 0, "--region", r, strlen(r),
                   "région inconnue (attendu un code de région INSEE comme 11, ou son nom)");
      return EML_ERR_USAGE;
    }
  }
  for (size_t i = 0; i < im->o->nterritories; i++)
    if (!eml_territory_find(im->o->territories[i])) {
      const char *t = im->o->territories[i];
      eml_diag_set(diag, NULL, 0, "--territory", t, strlen(t),
                   "département inconnu (attendu un code comme 75, 2A ou 971)");
      return EML_ERR_USAGE;
    }
  return EML_OK;
}

/* ---- encoding: UTF-8 when the whole file is valid UTF-8, else Windows-1252 ---- */

static eml_status detect_encoding(const char *path, eml_encoding *out, eml_diag *diag) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, _("ouverture impossible : %s"),
                 eml_errno_text(errno));
    return EML_ERR_IO;
  }
  char buf[1 << 16];
  size_t have = 0, n;
  *out = EML_ENC_UTF8;
  while ((n = fread(buf + have, 1, sizeof buf - have, f)) > 0 || have > 0) {
    size_t len = have + n;
    int at_end = n == 0;
    size_t bad = eml_utf8_invalid_at(buf, len);
    if (bad < len && (at_end || len - bad >= 4)) {
      *out = EML_ENC_CP1252;
      break;
    }
    /* keep a sequence cut by the end of the buffer for the next round */
    have = len - bad;
    memmove(buf, buf + bad, have);
    if (at_end)
      break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "lecture du fichier impossible");
    return EML_ERR_IO;
  }
  return EML_OK;
}

/* ---- helpers of the CSV lines ---- */

/* Field i of the line (r: the line's type), trimmed. */
static const char *line_field(const eml_row *r, size_t i, size_t *len) {
  return eml_row_field(r, (int)i, len);
}

static eml_status line_bad(const eml_row *r, size_t i, eml_diag *diag, const char *msg) {
  return eml_row_bad(r, (int)i, diag, msg);
}

/* Field i as a FINESS number into dst ("" when empty and optional). */
static eml_status line_finess(const eml_row *r, size_t i, int required, char dst[10],
                              eml_diag *diag) {
  size_t len;
  line_field(r, i, &len);
  dst[0] = '\0';
  if (len == 0)
    return required ? line_bad(r, i, diag, _("une valeur est obligatoire")) : EML_OK;
  return eml_row_finess(r, (int)i, dst, diag);
}

/* The line has `width` fields, or one more that is empty (a trailing `;`);
 * in a rejects file (its first line ends with eml_reason), one more: the
 * reason, ignored, so that a rejects file reads back as an extraction. */
static eml_status line_width(const finess_import *im, size_t width, const char *type,
                             eml_diag *diag) {
  size_t n = eml_csv_field_count(im->csv), len = 0;
  if (im->has_reason && n > width)
    n--;
  if (n == width + 1)
    eml_trim_blanks(eml_csv_field(im->csv, width, &len), &len);
  if (n == width || (n == width + 1 && len == 0))
    return EML_OK;
  eml_diag_set(diag, eml_csv_name(im->csv), eml_csv_line(im->csv), NULL, NULL, 0,
               "une ligne %s a %zu champs, celle-ci %zu", type, width, n);
  return EML_ERR_CSV;
}

/* ---- the establishments file: checked first, then written ----
 *
 * Model (issue 17). Every line is checked as it is read, in memory: a bad
 * one is reported and counted then, as it always was; a good one is kept
 * (pending, in the file's order; its fields in the one text arena). Then
 * the good lines are written in that order, in the import's one
 * transaction, without a savepoint each: what reaches the store has been
 * checked, so a write that fails stops the import (full disk, read-only
 * store, or a refusal naming the line), all-or-nothing as ever. A
 * geolocalisation line whose site is a structureet line read before it in
 * this file is not kept apart: its coordinates go into that site's
 * finess_site row, written once with them; any other (a site of an
 * earlier extraction, one outside the scope, one later in the file)
 * updates the stored row when there is one, at its place in the file, as
 * when each line was written as it was read. */

typedef struct pending_line {
  long line;
  int is_site;    /* else a geolocalisation line kept apart */
  int repeated;   /* a site whose FINESS has another structureet line kept */
  eml_site site;  /* a site: its name at `name`; a location: its FINESS */
  size_t fields;  /* a site: the arena offset of its FINESS record (store.h) */
  size_t fields_len; /* its bytes, NUL excluded */
  size_t name;    /* arena offset */
  int has_location;
  double x, y;
  size_t source;  /* arena offset */
  char updated[16];
} pending_line;

/* Appends len bytes at v and a NUL to the arena; *at: where they start. */
static eml_status keep_text(finess_import *im, const char *v, size_t len, size_t *at) {
  *at = im->text.len;
  eml_status st = eml_buf_append(&im->text, v, len);
  return st ? st : eml_buf_putc(&im->text, '\0');
}

static pending_line *new_pending(finess_import *im, eml_status *st) {
  pending_line *p = eml_grow_one(im->pending, &im->cap_pending, im->npending, sizeof *p, st);
  im->pending = p;
  if (*st)
    return NULL;
  p[im->npending].line = eml_csv_line(im->csv);
  return &p[im->npending];
}

/* The last site line kept with that FINESS (NULL: none). */
static pending_line *kept_site(const finess_import *im, const char *finess) {
  size_t slot;
  if (!eml_strmap_get(&im->site_slot, finess, strlen(finess), &slot))
    return NULL;
  return &im->pending[im->latest[slot]];
}

static void free_pending(finess_import *im) {
  free(im->pending);
  im->pending = NULL;
  im->npending = im->cap_pending = 0;
  eml_buf_free(&im->text);
  eml_strmap_free(&im->site_slot);
  free(im->latest);
  im->latest = NULL;
  im->cap_latest = 0;
  eml_register_free(&im->stored);
  eml_strmap_free(&im->record_slot);
  free(im->records);
  im->records = NULL;
  im->nrecords = im->cap_records = 0;
  eml_buf_free(&im->record_text);
  free(im->fresh);
  im->fresh = NULL;
  im->nfresh = im->cap_fresh = 0;
  eml_buf_free(&im->fresh_text);
}

/* ---- one structureet line: a site ---- */

/* The first size - 1 bytes at most of the len at v, NUL-terminated (a
 * copy, not snprintf's "%.*s": 3% of a national import, issue 17). */
static void cut_field(char *dst, size_t size, const char *v, size_t len) {
  if (len > size - 1)
    len = size - 1;
  memcpy(dst, v, len);
  dst[len] = '\0';
}

static eml_status check_site(finess_import *im, record_outcome *outcome, eml_diag *diag) {
  const eml_row *n = &im->site_row;
  eml_site s = {0};
  size_t len;
  eml_status st;
  if ((st = line_width(im, STRUCTUREET_FIELDS, "structureet", diag)) ||
      (st = line_finess(n, SF_NOFINESSET, 1, s.finess, diag)) ||
      (st = line_finess(n, SF_NOFINESSEJ, 0, s.finess_ej, diag)))
    return st;
  size_t name_field = SF_RSLONGUE;
  const char *v = line_field(n, SF_RSLONGUE, &len);
  if (len == 0) {
    name_field = SF_RS;
    v = line_field(n, SF_RS, &len);
  }
  if (len == 0)
    return line_bad(n, SF_RS, diag, _("un nom est obligatoire (rs ou rslongue)"));
  if (len > MAX_NAME_BYTES)
    return line_bad(n, name_field, diag, _("nom trop long (au plus 300 octets)"));
  /* the département field, else the FINESS number's first characters */
  char dep[8];
  v = line_field(n, SF_DEPARTEMENT, &len);
  cut_field(dep, sizeof dep, v, len);
  if (eml_territory_from_finess(dep, s.territory) != EML_OK &&
      eml_territory_from_finess(s.finess, s.territory) != EML_OK)
    return line_bad(n, SF_DEPARTEMENT, diag, _("département inconnu"));
  for (size_t i = SF_DATEOUV; i < STRUCTUREET_FIELDS; i++) {
    eml_date d;
    v = line_field(n, i, &len);
    if (len && eml_date_parse(v, len, &d))
      return line_bad(n, i, diag, _("pas une date (attendu AAAA-MM-JJ)"));
  }
  const char *f[5];
  size_t flen;
  char buf[5][MAX_NAME_BYTES + 1];
  const size_t status_fields[5] = {SF_CATEGETAB, SF_LIBCATEGETAB, SF_CODESPH, SF_LIBSPH,
                                   SF_NOFINESSEJ};
  for (int k = 0; k < 5; k++) {
    v = line_field(n, status_fields[k], &flen);
    cut_field(buf[k], sizeof buf[k], v, flen);
    f[k] = buf[k];
  }
  s.legal_status = eml_finess_legal_status(f[0], f[1], f[2], f[3], f[4]);
  if (!in_scope(im, s.territory)) {
    *outcome = RECORD_SKIPPED;
    return EML_OK;
  }
  /* kept: the 30 fields, each at most 300 bytes and without the record's
   * separator (checked as they are copied: one reading of each), the 29
   * after nofinesset joined as the store keeps them (its record, store.h),
   * the name apart, the site, its slot; the pending line counts once
   * npending grows, at the end */
  pending_line *p = new_pending(im, &st);
  if (!p)
    return st;
  char fields[EML_FINESS_SITE_FIELDS * (MAX_NAME_BYTES + 1)], *end = fields;
  const char *name = NULL;
  size_t name_len = 0;
  for (size_t i = 1; i < STRUCTUREET_FIELDS; i++) {
    v = line_field(n, i, &len);
    if (len > MAX_NAME_BYTES)
      return line_bad(n, i, diag, _("valeur trop longue (au plus 300 octets)"));
    if (memchr(v, EML_FINESS_RECORD_SEP, len))
      return line_bad(n, i, diag, _("caractère de contrôle interdit (U+001F)"));
    if (i == name_field) {
      name = v;
      name_len = len;
    }
    if (i > SF_NOFINESSET)
      end = eml_finess_record_put(end, i - SF_NOFINESSEJ, v, len);
  }
  p->fields_len = (size_t)(end - fields);
  if ((st = keep_text(im, fields, p->fields_len, &p->fields)) ||
      (st = keep_text(im, name, name_len, &p->name)))
    return st;
  p->is_site = 1;
  p->site = s;
  size_t slot = im->site_slot.count;
  if ((st = eml_grow((void **)&im->latest, &im->cap_latest, slot + 1, sizeof *im->latest)))
    return st;
  st = eml_strmap_put(&im->site_slot, s.finess, strlen(s.finess), slot);
  if (st == EML_ERR_DUPLICATE) { /* the same site again: this line is its last */
    st = eml_strmap_get(&im->site_slot, s.finess, strlen(s.finess), &slot) ? EML_OK
                                                                          : EML_ERR_NOMEM;
    if (!st)
      p->repeated = im->pending[im->latest[slot]].repeated = 1;
  }
  if (st)
    return st;
  im->latest[slot] = im->npending++;
  *outcome = RECORD_LOADED;
  return EML_OK;
}

/* A site new to the store, queued to be written with others
 * (eml_store_finess_insert_sites): its line, its JSON at `after` in
 * fresh_text, its fields in the arena, its coordinates. */
typedef struct new_site {
  long line;
  eml_site site;
  size_t after;
  const char *record;
  eml_finess_location loc;
  int has_loc;
} new_site;

#define NEW_SITES_QUEUED 1024

/* A refusal of the store that names no line names the line written (as
 * the session does). */
static void name_line(const finess_import *im, eml_status st, eml_diag *d, long line) {
  if (st != EML_ERR_STORE || d->line)
    return;
  char message[EML_DIAG_MESSAGE_MAX];
  snprintf(message, sizeof message, "%s", d->message[0] ? d->message : _("refusé par la base"));
  eml_diag_set(d, im->o->establishments_path, line, NULL, NULL, 0, "%s", message);
}

/* Writes the sites queued, in their order; a refusal names its line. */
static eml_status flush_new_sites(finess_import *im, eml_diag *diag) {
  if (!im->nfresh)
    return EML_OK;
  eml_finess_new_site *rows = calloc(im->nfresh, sizeof *rows);
  if (!rows)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < im->nfresh; i++) {
    const new_site *f = &im->fresh[i];
    rows[i] = (eml_finess_new_site){&f->site, im->fresh_text.data + f->after, f->record,
                                    f->has_loc ? &f->loc : NULL};
  }
  size_t failed = 0;
  eml_status st =
      eml_store_finess_insert_sites(im->store, im->session.user, rows, im->nfresh, &failed, diag);
  free(rows);
  if (st)
    name_line(im, st, diag, im->fresh[failed].line);
  im->nfresh = 0;
  im->fresh_text.len = 0;
  return st;
}

/* Queues a site new to the store (s: its name in the arena). */
static eml_status queue_new_site(finess_import *im, const pending_line *p, const eml_site *s,
                                 const eml_finess_location *loc, eml_diag *diag) {
  eml_status st;
  new_site *f = eml_grow_one(im->fresh, &im->cap_fresh, im->nfresh, sizeof *f, &st);
  if (!f)
    return st;
  im->fresh = f;
  f += im->nfresh;
  f->line = p->line;
  f->site = *s;
  f->after = im->fresh_text.len;
  if ((st = eml_import_site_text(s, &im->fresh_text)) ||
      (st = eml_buf_putc(&im->fresh_text, '\0')))
    return st;
  f->record = im->text.data + p->fields;
  f->has_loc = loc != NULL;
  if (loc)
    f->loc = *loc;
  im->res->sites_new++;
  return ++im->nfresh < NEW_SITES_QUEUED ? EML_OK : flush_new_sites(im, diag);
}

/* ---- the stored FINESS records, compared in memory ----
 *
 * Model (issue 17): a re-import's lines are mostly the stored records
 * again, and SQLite's upsert comparing 34 columns was most of its time.
 * The records are read once (eml_store_finess_each_site) and a site line
 * equal to its record, coordinates included when the line has some, runs
 * no statement: what the upsert's WHERE would have decided, since a NULL
 * column reads "" here and a row the upsert would read otherwise (an empty
 * text, a number: not exact) is always written. A record written by a
 * geolocalisation line of this file is no longer trusted; a site the file
 * holds twice is always written (its earlier line may change it). */
typedef struct stored_record {
  size_t fields, len; /* in record_text: the record (store.h) */
  int exact, has_loc;
  double x, y;
  size_t source, updated;
} stored_record;

/* Appends v and its NUL to record_text; *at: where it starts. */
static eml_status keep_stored(finess_import *im, const char *v, size_t *at) {
  *at = im->record_text.len;
  return eml_buf_append(&im->record_text, v, strlen(v) + 1);
}

static eml_status keep_record(void *ctx, const eml_finess_stored_site *r) {
  finess_import *im = ctx;
  eml_status st;
  stored_record *k = eml_grow_one(im->records, &im->cap_records, im->nrecords, sizeof *k, &st);
  if (!k)
    return st;
  im->records = k;
  k += im->nrecords;
  /* the record as it is: equal bytes are a record as a line writes it */
  *k = (stored_record){.fields = im->record_text.len, .len = r->record_len, .exact = r->exact,
                       .has_loc = !!r->loc};
  st = eml_buf_append(&im->record_text, r->record, r->record_len);
  if (!st && r->loc) {
    k->x = r->loc->x;
    k->y = r->loc->y;
    if (!(st = keep_stored(im, r->loc->source, &k->source)))
      st = keep_stored(im, r->loc->updated, &k->updated);
  }
  return st ? st : eml_strmap_put(&im->record_slot, r->finess, strlen(r->finess),
                                  im->nrecords++);
}

/* The stored record of that FINESS (NULL: none, or not to be trusted). */
static stored_record *find_record(const finess_import *im, const char *finess) {
  size_t slot;
  if (!eml_strmap_get(&im->record_slot, finess, strlen(finess), &slot) ||
      !im->records[slot].exact)
    return NULL;
  return &im->records[slot];
}

/* Whether the site line p, with its coordinates loc (NULL: none, the
 * stored ones kept), would leave its stored record as it is. */
static int record_unchanged(const finess_import *im, const pending_line *p,
                            const eml_finess_location *loc) {
  const stored_record *k = find_record(im, p->site.finess);
  if (!k || k->len != p->fields_len ||
      memcmp(im->record_text.data + k->fields, im->text.data + p->fields, k->len))
    return 0;
  if (!loc)
    return 1;
  return k->has_loc && k->x == loc->x && k->y == loc->y &&
         !strcmp(im->record_text.data + k->source, loc->source) &&
         !strcmp(im->record_text.data + k->updated, loc->updated);
}

static int same_site(const eml_site *a, const eml_site *b) {
  return !strcmp(a->name, b->name) && !strcmp(a->territory, b->territory) &&
         !strcmp(a->legal_status, b->legal_status) && !strcmp(a->finess_ej, b->finess_ej);
}

/* Writes a site line kept: the register's site (and its audit entry) when
 * new or changed, then its FINESS record with its coordinates (loc). */
static eml_status write_site(finess_import *im, const pending_line *p,
                             const eml_finess_location *loc, eml_diag *diag) {
  eml_site s = p->site, old = {0};
  s.name = im->text.data + p->name;
  int exists = 0;
  eml_status st = EML_OK;
  /* the store's site as the lines began (read once, write_establishments),
   * but for a FINESS the file holds twice: its earlier line may have
   * written it */
  long at = p->repeated ? -1 : eml_register_find_site(&im->stored, s.finess);
  if (p->repeated)
    st = eml_store_find_site(im->store, s.finess, &old, &exists);
  else if (at >= 0) {
    old = im->stored.sites[at]; /* its name is the snapshot's: not freed here */
    exists = 1;
  }
  if (!st && !exists && !p->repeated)
    return queue_new_site(im, p, &s, loc, diag);
  if (!st) /* what follows comes after the sites queued */
    st = flush_new_sites(im, diag);
  if (!st && (!exists || !same_site(&old, &s))) {
    /* the audit entry's JSON, as text (eml_import_site_text) */
    eml_buf before, after;
    eml_buf_init(&before, EML_TEXT_VALUE_MAX);
    eml_buf_init(&after, EML_TEXT_VALUE_MAX);
    if (!(st = exists ? eml_import_site_text(&old, &before) : EML_OK) &&
        !(st = eml_import_site_text(&s, &after)) &&
        !(st = exists ? eml_store_update_site(im->store, &s, diag)
                      : eml_store_insert_site(im->store, &s, diag)))
      st = eml_store_audit(im->store, im->session.user, exists ? "update" : "insert", "site",
                           s.finess, before.data, after.data, diag);
    if (!st && exists)
      im->res->sites_updated++;
    else if (!st)
      im->res->sites_new++;
    eml_buf_free(&before);
    eml_buf_free(&after);
  }
  if (p->repeated)
    free(old.name);
  if (st || (!p->repeated && record_unchanged(im, p, loc)))
    return st;
  return eml_store_finess_put_site(im->store, s.finess, im->text.data + p->fields, loc, diag);
}

/* ---- one geolocalisation line: the coordinates of a site ---- */

/* *later: kept apart, its outcome known once written (write_establishments). */
static eml_status check_location(finess_import *im, int *later, eml_diag *diag) {
  const eml_row *n = &im->geo_row;
  char finess[10], updated[16] = "";
  double xy[2];
  size_t len;
  eml_status st;
  if ((st = line_width(im, GEOLOCALISATION_FIELDS, "geolocalisation", diag)) ||
      (st = line_finess(n, 1, 1, finess, diag)))
    return st;
  for (int k = 0; k < 2; k++) {
    const char *v = line_field(n, 2 + (size_t)k, &len);
    if (eml_parse_double(v, len, 1, &xy[k]))
      return line_bad(n, 2 + (size_t)k, diag, len ? _("pas un nombre") : _("une valeur est obligatoire"));
  }
  const char *source = line_field(n, 4, &len);
  size_t source_len = len < MAX_NAME_BYTES ? len : MAX_NAME_BYTES;
  const char *v = line_field(n, 5, &len);
  eml_date d;
  if (len) {
    if (eml_date_parse(v, len, &d))
      return line_bad(n, 5, diag, _("pas une date (attendu AAAA-MM-JJ)"));
    eml_date_format(d, updated, sizeof updated);
  }
  pending_line *p = kept_site(im, finess);
  if (p)
    im->res->locations++; /* with its site, read before it */
  else {
    if (!(p = new_pending(im, &st)))
      return st;
    memcpy(p->site.finess, finess, sizeof finess);
    im->npending++;
    *later = 1;
  }
  if ((st = keep_text(im, source, source_len, &p->source)))
    return st;
  p->has_location = 1;
  p->x = xy[0];
  p->y = xy[1];
  memcpy(p->updated, updated, sizeof updated);
  return EML_OK;
}

/* Writes the lines kept, in the file's order; a failure stops the import
 * (a refusal of the store names the line, as the session does). */
static eml_status write_establishments(finess_import *im) {
  eml_finess_counts *counts = &im->res->establishments;
  /* the stored sites, read in one pass rather than one query per line (a
   * tenth of a national re-import, issue 17) */
  eml_status loaded = eml_store_load_register(im->store, &im->stored, im->diag);
  if (!loaded)
    loaded = eml_store_finess_each_site(im->store, keep_record, im, im->diag);
  if (loaded)
    return loaded;
  for (size_t i = 0; i < im->npending; i++) {
    const pending_line *p = &im->pending[i];
    eml_finess_location loc = {p->x, p->y, im->text.data + p->source, p->updated};
    eml_diag d;
    eml_diag_clear(&d);
    eml_status st;
    int found = 0;
    if (p->is_site)
      st = write_site(im, p, p->has_location ? &loc : NULL, &d);
    else if (!(st = flush_new_sites(im, &d)) &&
             !(st = eml_store_finess_put_location(im->store, p->site.finess, &loc, &found, &d))) {
      /* no site: outside the scope, or not in the store */
      stored_record *k = find_record(im, p->site.finess);
      if (k) /* its record has changed (record_unchanged) */
        k->exact = 0;
      counts->loaded += found;
      counts->skipped += !found;
      im->res->locations += found;
    }
    name_line(im, st, &d, p->line);
    if (st) {
      *im->diag = d;
      return st;
    }
  }
  return flush_new_sites(im, im->diag);
}

/* ---- the outcome of one record, for both files ---- */

/* XML text or attribute value: the one HTML/XML escaping of core. A write
 * error shows in ferror(f), checked once the record is written. */
static void xml_escaped(FILE *f, const char *s) {
  eml_status_ignore(eml_html_escape(eml_write_file, f, s));
}

/* A rejected device, rebuilt from its fields, with its reason. */
static eml_status write_xml_reject(finess_import *im, const eml_finess_device_record *rec,
                                   const eml_diag *d) {
  FILE *f = im->rejects_xml;
  char reason[1024];
  eml_diag_format(d, reason, sizeof reason);
  fputs("  <equipmateriellourd eml_reason=\"", f);
  xml_escaped(f, reason);
  fputs("\">\n", f);
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++) {
    const char *name = eml_finess_device_field_name((eml_finess_device_field)i);
    if (!rec->present[i])
      continue;
    if (!rec->value[i][0]) {
      fprintf(f, "    <%s xsi:nil=\"true\"/>\n", name);
      continue;
    }
    fprintf(f, "    <%s>", name);
    xml_escaped(f, rec->value[i]);
    fprintf(f, "</%s>\n", name);
  }
  fputs("  </equipmateriellourd>\n", f);
  return ferror(f) ? EML_ERR_IO : EML_OK;
}

/* Counts a record and reports it when rejected. rs: what the checker said
 * (the savepoint has been released or undone). Returns a fatal status. */
static eml_status count_record(finess_import *im, eml_finess_counts *counts, eml_status rs,
                               record_outcome outcome, eml_diag *d,
                               const eml_finess_device_record *rec) {
  if (rs == EML_ERR_NOMEM || rs == EML_ERR_IO)
    return rs;
  if (!rs) {
    if (outcome == RECORD_SKIPPED)
      counts->skipped++;
    else
      counts->loaded++;
    return EML_OK;
  }
  counts->rejected++;
  size_t raw_len = 0;
  int xml = rec && !rec->from_line; /* else a line: of the establishments or the flat file */
  const char *raw = xml ? "" : eml_csv_raw(rec ? im->flat : im->csv, &raw_len, NULL);
  if (im->o->hooks.reject)
    im->o->hooks.reject(im->o->hooks.ctx, d, raw, raw_len);
  eml_status st = EML_OK;
  if (xml && im->rejects_xml && (st = write_xml_reject(im, rec, d)))
    eml_diag_set(im->diag, im->rejects_xml_path, 0, "--rejects", NULL, 0, "écriture impossible");
  else if (!xml && im->rejects)
    eml_status_ignore(eml_rejects_write(im->rejects, d, raw, raw_len)); /* errors: at the flush before commit */
  return st;
}

/* Ends a record's savepoint (the import session: a refusal of the store
 * is the record's; a store that cannot be written, no memory or a refused
 * undo stop the import, im->fatal set, the session keeping the message). */
static eml_status in_savepoint(finess_import *im, eml_status rs, const char *file, long line,
                               eml_diag *d) {
  rs = eml_import_row_end(&im->session, rs, file, line, d);
  if (im->session.fatal) {
    im->fatal = im->session.fatal;
    *im->diag = im->session.fatal_diag;
    return rs;
  }
  if (rs) { /* what the undone record had counted is undone too (fuzz_finess_csv) */
    const eml_finess_result *b = &im->at_savepoint;
    eml_finess_result *r = im->res;
    r->sites_new = b->sites_new;
    r->sites_updated = b->sites_updated;
    r->locations = b->locations;
    r->devices_new = b->devices_new;
    r->devices_updated = b->devices_updated;
    r->devices_ended = b->devices_ended;
    r->devices_ignored_code = b->devices_ignored_code;
    r->devices_flagged = b->devices_flagged;
    r->authorisations_new = b->authorisations_new;
    r->authorisations_updated = b->authorisations_updated;
    r->declared_new = b->declared_new;
    r->declared_updated = b->declared_updated;
    r->declared_removed = b->declared_removed;
    r->amm_equipment_new = b->amm_equipment_new;
    r->amm_equipment_updated = b->amm_equipment_updated;
  }
  return rs;
}

/* A rejects file read back as an extraction: its first line has a fifth
 * field, eml_reason (and each line its reason last). */
static int has_reason_field(const eml_csv_reader *c) {
  return eml_csv_header_count(c) == 5 && strcasecmp(eml_csv_header(c, 4), "eml_reason") == 0;
}

/* The next line of c (*has = 0 at the end); *rs: what the reader says of
 * it. A read that fails (I/O, memory) is returned, im->diag saying why. */
static eml_status next_line(finess_import *im, eml_csv_reader *c, int *has, eml_status *rs,
                            eml_diag *d) {
  *has = 0;
  eml_diag_clear(d);
  *rs = eml_csv_next(c, has, d);
  if (*rs == EML_ERR_IO || *rs == EML_ERR_NOMEM) {
    *im->diag = *d;
    return *rs;
  }
  return EML_OK;
}

static eml_status read_establishments(finess_import *im) {
  const eml_finess_options *o = im->o;
  eml_finess_result *res = im->res;
  eml_csv_options copts = {.encoding = res->encoding_read, .delimiter = ';'};
  eml_status st = eml_csv_open(o->establishments_path, &copts, &im->csv, im->diag);
  if (st)
    return st;
  const char *path = o->establishments_path;
  eml_date date;
  const char *date_text = eml_csv_header_count(im->csv) >= 4 ? eml_csv_header(im->csv, 3) : "";
  if (eml_csv_header_count(im->csv) < 4 || strcasecmp(eml_csv_header(im->csv, 0), "finess") != 0 ||
      strcasecmp(eml_csv_header(im->csv, 1), "etalab") != 0) {
    eml_diag_set(im->diag, path, 1, NULL, NULL, 0,
                 "pas une extraction FINESS des établissements (la première ligne devrait être "
                 "finess;etalab;N;DATE)");
    return EML_ERR_CSV;
  }
  if (eml_date_parse(date_text, strlen(date_text), &date)) {
    eml_diag_set(im->diag, path, 1, NULL, date_text, strlen(date_text),
                 "la date d'extraction de la première ligne n'est pas une date (attendu AAAA-MM-JJ)");
    return EML_ERR_CSV;
  }
  im->extraction = date;
  eml_date_format(date, res->extraction_date, sizeof res->extraction_date);
  eml_row_positional(&im->site_row, im->csv, site_columns);
  eml_row_positional(&im->geo_row, im->csv, geo_columns);
  im->has_reason = has_reason_field(im->csv);
  for (;;) {
    int has;
    eml_diag d;
    eml_status rs;
    if ((st = next_line(im, im->csv, &has, &rs, &d)))
      return st;
    if (!has)
      break;
    res->establishments.read++;
    record_outcome outcome = RECORD_LOADED;
    int later = 0; /* counted once written */
    if (!rs) {
      size_t len;
      const char *type = line_field(&im->site_row, 0, &len);
      if (len == 11 && memcmp(type, "structureet", 11) == 0)
        rs = check_site(im, &outcome, &d);
      else if (len == 15 && memcmp(type, "geolocalisation", 15) == 0)
        rs = check_location(im, &later, &d);
      else
        rs = line_bad(&im->site_row, 0, &d,
                      _("type d'enregistrement inconnu (attendu structureet ou geolocalisation)"));
    }
    if (!later && (st = count_record(im, &res->establishments, rs, outcome, &d, NULL)))
      return st;
  }
  if (res->establishments.read == 0) {
    eml_diag_set(im->diag, path, 1, NULL, NULL, 0, "aucun enregistrement après la première ligne");
    return EML_ERR_EMPTY;
  }
  st = write_establishments(im);
  free_pending(im);
  return st;
}

/* ---- one <equipmateriellourd>: a device ---- */

static eml_status device_bad(const eml_finess_device_record *rec, eml_finess_device_field f,
                             eml_diag *d, const char *msg) {
  char field[EML_DIAG_FIELD_MAX];
  snprintf(field, sizeof field, rec->from_line ? "%s" : "<%s>", eml_finess_device_field_name(f));
  const char *v = rec->present[f] ? rec->value[f] : NULL;
  eml_diag_set(d, rec->file, rec->field_line[f] ? rec->field_line[f] : rec->line, field, v,
               v ? strlen(v) : 0, "%s", msg);
  return EML_ERR_VALUE;
}

static eml_status device_date(const eml_finess_device_record *rec, eml_finess_device_field f,
                              int *has, eml_date *out, eml_diag *d) {
  const char *v = rec->value[f];
  *has = 0;
  if (!*v)
    return EML_OK;
  if (eml_date_parse(v, strlen(v), out))
    return device_bad(rec, f, d, _("pas une date (attendu AAAA-MM-JJ)"));
  *has = 1;
  return EML_OK;
}

/* indcaduc / indsup: O (yes), N or empty (no). */
static eml_status device_flag(const eml_finess_device_record *rec, eml_finess_device_field f,
                              int *yes, eml_diag *d) {
  const char *v = rec->value[f];
  *yes = strcasecmp(v, "O") == 0;
  if (*v && !*yes && strcasecmp(v, "N") != 0)
    return device_bad(rec, f, d, _("attendu O ou N"));
  return EML_OK;
}

/* The record as read (and the modality it maps to), as JSON text: kept
 * with the device in the store and in its audit entry. */
/* The record as the JSON text jansson's json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) wrote for it, built as text (a third of a device's
 * import was jansson's, issue 17): the elements present, in their order,
 * then the modality; a value that is not UTF-8 left out, as json_string
 * refused it. */
static char *device_json(const eml_finess_device_record *rec, const eml_equipment *e) {
  eml_buf b;
  eml_buf_init(&b, EML_TEXT_VALUE_MAX);
  eml_status st = EML_OK;
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS && !st; i++) {
    const char *v = rec->value[i];
    if (rec->present[i] && eml_utf8_invalid_at(v, strlen(v)) == strlen(v))
      st = eml_import_json_pair(&b, b.len == 0,
                                eml_finess_device_field_name((eml_finess_device_field)i), v);
  }
  if (!st && e)
    st = eml_import_json_pair(&b, b.len == 0, "modality", eml_modality_code(e->modality));
  if (!st)
    st = b.len ? eml_buf_putc(&b, '}') : eml_buf_append(&b, "{}", 2);
  if (st) {
    eml_buf_free(&b);
    return NULL;
  }
  return eml_buf_take(&b);
}


/* Stores the change of a known device (or nothing when it is the same). */
static eml_status update_device(finess_import *im, const char *key, const eml_equipment *old,
                                const eml_equipment *e, eml_diag *d) {
  json_t *before = eml_import_equipment_json(old), *after = eml_import_equipment_json(e);
  eml_status st = before && after ? EML_OK : EML_ERR_NOMEM;
  if (!st && !json_equal(before, after)) {
    int ended = e->has_until && !old->has_until;
    st = eml_store_update_equipment(im->store, e, d);
    if (!st) {
      st = eml_import_audit(&im->session, ended ? "end" : "update", "equipment", key, before,
                            after, d);
      before = after = NULL; /* taken */
    }
    if (!st && ended)
      im->res->devices_ended++;
    else if (!st)
      im->res->devices_updated++;
  }
  json_decref(before);
  json_decref(after);
  return st;
}

static eml_status import_device(finess_import *im, const eml_finess_device_record *rec,
                                record_outcome *outcome, eml_diag *d) {
  static const eml_finess_device_field required[] = {EML_FD_NOFINESSET, EML_FD_DATEAUTOR};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (!rec->present[required[i]])
      return device_bad(rec, required[i], d, _("absent de cet <equipmateriellourd>"));
  eml_equipment e = {0};
  eml_status st;
  /* key: the ARHGOS authorisation number, else the FINESS one */
  eml_finess_device_field key_field =
      rec->value[EML_FD_NOAUTORARHGOS][0] ? EML_FD_NOAUTORARHGOS : EML_FD_NOAUTOR;
  const char *key = rec->value[key_field];
  if (!*key)
    return device_bad(rec, EML_FD_NOAUTORARHGOS, d,
                      _("un numéro d'autorisation est obligatoire (noautorarhgos ou noautor)"));
  if (strlen(key) > MAX_KEY_BYTES)
    return device_bad(rec, key_field, d, _("numéro d'autorisation trop long (au plus 48 octets)"));
  const char *v = rec->value[EML_FD_NOFINESSET];
  eml_finess_check c = eml_finess_validate(v, strlen(v));
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return device_bad(rec, EML_FD_NOFINESSET, d, *v ? eml_finess_message(c) : _("une valeur est obligatoire"));
  memcpy(e.finess, v, 9);
  v = rec->value[EML_FD_NOFINESSEJ];
  c = eml_finess_validate(v, strlen(v));
  if (*v && c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return device_bad(rec, EML_FD_NOFINESSEJ, d, eml_finess_message(c));
  int has_from, has_limit, has_update, lapsed, removed;
  eml_date limit, update;
  if ((st = device_date(rec, EML_FD_DATEAUTOR, &has_from, &e.authorized_from, d)) ||
      (st = device_date(rec, EML_FD_DATEMEO, &e.has_installed, &e.installed_on, d)) ||
      (st = device_date(rec, EML_FD_DATEFIN, &e.has_due, &e.due_on, d)) ||
      (st = device_date(rec, EML_FD_DATELIMITE, &has_limit, &limit, d)) ||
      (st = device_date(rec, EML_FD_DATEMAJ, &has_update, &update, d)) ||
      (st = device_flag(rec, EML_FD_INDCADUC, &lapsed, d)) ||
      (st = device_flag(rec, EML_FD_INDSUP, &removed, d)))
    return st;
  if (!has_from)
    return device_bad(rec, EML_FD_DATEAUTOR, d, _("une date est obligatoire"));
  int ignored = 0;
  if (eml_finess_codes_find(im->codes, rec->value[EML_FD_EML], rec->value[EML_FD_LIBEML],
                            rec->value[EML_FD_LIBCOURTEML], &e.modality,
                            &ignored) == EML_FINESS_CODE_UNKNOWN)
    return device_bad(rec, rec->value[EML_FD_EML][0] ? EML_FD_EML : EML_FD_LIBEML, d,
                      _("code et libellé d'équipement inconnus (ajouter le code à "
                        "data/finess/equipment-codes.csv, ou donner --codes FICHIER)"));
  char territory[4];
  if (eml_territory_from_finess(e.finess, territory))
    return device_bad(rec, EML_FD_NOFINESSET, d, _("pas de département pour ce numéro FINESS"));
  if (ignored || !in_scope(im, territory)) {
    if (ignored)
      im->res->devices_ignored_code++;
    *outcome = RECORD_SKIPPED;
    return EML_OK;
  }
  int exists = 0;
  if ((st = eml_store_has_site(im->store, e.finess, &exists)))
    return st;
  if (!exists)
    return device_bad(rec, EML_FD_NOFINESSET, d,
                      _("site inconnu (ni dans le fichier des établissements ni dans le registre)"));
  char id[sizeof ID_PREFIX + MAX_KEY_BYTES];
  snprintf(id, sizeof id, ID_PREFIX "%s", key);
  e.id = id;
  eml_equipment old = {0};
  int seen = 0;
  if ((st = eml_store_finess_find_device(im->store, key, &old, &seen, &exists))) {
    free(old.id);
    return st;
  }
  /* lapsed or removed: ended at the date the file gives, else at the
   * extraction's date (or the end already stored) and flagged */
  const char *flag = NULL;
  if (lapsed || removed) {
    e.has_until = 1;
    if (lapsed && has_limit)
      e.authorized_until = limit;
    else if (e.has_due)
      e.authorized_until = e.due_on;
    else {
      e.authorized_until = exists && old.has_until ? old.authorized_until : im->extraction;
      flag = lapsed ? _("caduque sans date : close à la date de l'extraction")
                    : _("supprimée sans date : close à la date de l'extraction");
      im->res->devices_flagged++;
    }
    if (e.authorized_until < e.authorized_from)
      e.authorized_until = e.authorized_from;
  }
  char *record = device_json(rec, &e);
  if (!record)
    st = EML_ERR_NOMEM;
  else if (exists && seen)
    st = device_bad(rec, key_field, d, _("la même autorisation deux fois dans ce fichier"));
  else if (exists) {
    e.id = old.id;
    e.interventional = old.interventional; /* FINESS does not say; keep the register's */
    st = update_device(im, key, &old, &e, d);
  } else {
    int taken = 0;
    if (!(st = eml_store_has_equipment(im->store, id, &taken)) && taken)
      st = device_bad(rec, key_field, d, _("un appareil du registre a déjà cet identifiant"));
    if (!st)
      st = eml_store_insert_equipment(im->store, &e, d);
    if (!st)
      st = eml_store_audit(im->store, im->session.user, "insert", "equipment", key, NULL, record,
                           d);
    if (!st)
      im->res->devices_new++;
  }
  if (!st)
    st = eml_store_finess_put_device(im->store, key, e.id, record, flag, d);
  free(record);
  free(old.id);
  *outcome = RECORD_LOADED;
  return st;
}

static eml_status remember_rejected_key(finess_import *im, const eml_finess_device_record *rec) {
  const char *key = rec->value[EML_FD_NOAUTORARHGOS][0] ? rec->value[EML_FD_NOAUTORARHGOS]
                                                         : rec->value[EML_FD_NOAUTOR];
  if (!*key)
    return EML_OK;
  eml_status st = eml_strmap_put(&im->rejected_keys, key, strlen(key), 0);
  return st == EML_ERR_DUPLICATE ? EML_OK : st; /* a key rejected twice is one key */
}

static eml_status on_device(void *ctx, const eml_finess_device_record *rec) {
  finess_import *im = ctx;
  eml_diag d;
  eml_diag_clear(&d);
  im->res->equipment.read++;
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS && !rec->from_line; i++)
    im->missing[i] += !rec->present[i];
  record_outcome outcome = RECORD_LOADED;
  eml_status rs;
  if (rec->problem) {
    d = *rec->problem;
    rs = EML_ERR_VALUE;
  } else {
    if ((rs = eml_import_row_begin(&im->session)))
      return rs;
    im->at_savepoint = *im->res;
    rs = in_savepoint(im, import_device(im, rec, &outcome, &d), rec->file, rec->line, &d);
    if (im->fatal)
      return im->fatal;
  }
  /* a rejected authorisation is not ended for being absent */
  if (rs && rs != EML_ERR_NOMEM && rs != EML_ERR_IO && remember_rejected_key(im, rec))
    return EML_ERR_NOMEM;
  return count_record(im, &im->res->equipment, rs, outcome, &d, rec);
}

static void on_xml_warning(void *ctx, const char *file, const char *message) {
  finess_import *im = ctx;
  if (im->o->hooks.on_warning)
    im->o->hooks.on_warning(im->o->hooks.ctx, file, message);
}

/* ---- the flat equipment file (etalab cs1100504) ---- */

/* An `equipmateriellourd` line: 11 positions (finess.md), each the
 * element of the same name of the XML record (0: the line type). */
#define FLAT_FIELDS 11
static const eml_finess_device_field flat_fields[FLAT_FIELDS] = {
    (eml_finess_device_field)-1, EML_FD_NOFINESSEJ, EML_FD_RSEJ,         EML_FD_EML,
    EML_FD_LIBEML,               EML_FD_NOAUTOR,    EML_FD_NOAUTORARHGOS, EML_FD_NOIMPLARHGOS,
    EML_FD_DATEAUTOR,            EML_FD_NOFINESSET, EML_FD_DATEMEO};
static const eml_column_spec flat_columns[FLAT_FIELDS + 1] = {
    {"type", 0, EML_COL_TEXT, NULL},         {"nofinessej", 0, EML_COL_TEXT, NULL},
    {"rsej", 0, EML_COL_TEXT, NULL},         {"eml", 0, EML_COL_TEXT, NULL},
    {"libeml", 0, EML_COL_TEXT, NULL},       {"noautor", 0, EML_COL_TEXT, NULL},
    {"noautorarhgos", 0, EML_COL_TEXT, NULL}, {"noimplarhgos", 0, EML_COL_TEXT, NULL},
    {"dateautor", 0, EML_COL_TEXT, NULL},    {"nofinesset", 0, EML_COL_TEXT, NULL},
    {"datemeo", 0, EML_COL_TEXT, NULL},      {NULL, 0, 0, NULL}};

/* Is the equipment file XML (its first bytes: gzip's 1f 8b, or '<' after
 * a byte-order mark and blanks)? Else it is the flat file. */
static int equipment_is_xml(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return 1; /* the XML reader says it cannot open it */
  unsigned char b[64];
  size_t n = fread(b, 1, sizeof b, f), i = 0;
  fclose(f);
  if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
    return 1;
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    i = 3;
  while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
    i++;
  return i == n || b[i] == '<';
}

/* One `equipmateriellourd` line as the record of the XML reader: the same
 * checks, mapping and store path (import_device). */
static eml_status flat_device(finess_import *im, long position, eml_diag *d,
                              char values[FLAT_FIELDS][EML_FINESS_VALUE_MAX + 1]) {
  eml_finess_device_record rec = {.file = eml_csv_name(im->flat),
                                  .line = eml_csv_line(im->flat),
                                  .position = position,
                                  .from_line = 1};
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
    rec.value[i] = "";
  size_t n = eml_csv_field_count(im->flat), len = 0;
  if (im->flat_has_reason && n > FLAT_FIELDS)
    n--;
  if (n == FLAT_FIELDS + 1)
    eml_trim_blanks(eml_csv_field(im->flat, FLAT_FIELDS, &len), &len);
  if (n != FLAT_FIELDS && !(n == FLAT_FIELDS + 1 && len == 0)) {
    eml_diag_set(d, rec.file, rec.line, NULL, NULL, 0,
                 "une ligne equipmateriellourd a %d champs, celle-ci %zu", FLAT_FIELDS, n);
    im->res->equipment.read++;
    return count_record(im, &im->res->equipment, EML_ERR_CSV, RECORD_LOADED, d, &rec);
  }
  for (int i = 1; i < FLAT_FIELDS; i++) {
    const char *v = eml_row_field(&im->flat_row, i, &len);
    if (len > EML_FINESS_VALUE_MAX) {
      eml_status_ignore(eml_row_bad(&im->flat_row, i, d, _("valeur trop longue (au plus 1024 octets)")));
      im->res->equipment.read++;
      return count_record(im, &im->res->equipment, EML_ERR_VALUE, RECORD_LOADED, d, &rec);
    }
    memcpy(values[i], v, len);
    values[i][len] = '\0';
    rec.value[flat_fields[i]] = values[i];
    rec.present[flat_fields[i]] = 1;
    rec.field_line[flat_fields[i]] = rec.line;
  }
  return on_device(im, &rec);
}

/* The flat file: first line `finess;etalab;N;DATE`, whose separator (`;`
 * or tab) is the file's; `structureet` lines (the link of a site to its
 * legal entity, which the establishments file gives) are not read;
 * `equipmateriellourd` lines are devices; any other type is rejected. */
static eml_status read_flat_equipment(finess_import *im) {
  const char *path = im->o->equipment_path;
  eml_encoding encoding = im->res->encoding_read;
  eml_status st;
  if (!im->o->encoding_given && (st = detect_encoding(path, &encoding, im->diag)))
    return st;
  eml_csv_options copts = {.encoding = encoding, .delimiter = 0};
  if ((st = eml_csv_open(path, &copts, &im->flat, im->diag)))
    return st;
  char sep = eml_csv_delimiter(im->flat);
  if (eml_csv_header_count(im->flat) < 4 || (sep != ';' && sep != '\t') ||
      strcasecmp(eml_csv_header(im->flat, 0), "finess") != 0 ||
      strcasecmp(eml_csv_header(im->flat, 1), "etalab") != 0) {
    eml_diag_set(im->diag, path, 1, NULL, NULL, 0,
                 "ni un fichier XML des équipements ni une extraction FINESS à plat (la première "
                 "ligne devrait être finess;etalab;N;DATE, séparée par des « ; » ou des "
                 "tabulations)");
    return EML_ERR_CSV;
  }
  eml_row_positional(&im->flat_row, im->flat, flat_columns);
  im->flat_has_reason = has_reason_field(im->flat);
  char values[FLAT_FIELDS][EML_FINESS_VALUE_MAX + 1];
  long position = 0;
  for (;;) {
    int has;
    eml_diag d;
    eml_status rs;
    if ((st = next_line(im, im->flat, &has, &rs, &d)))
      return st;
    if (!has)
      break;
    size_t len;
    const char *type = eml_row_field(&im->flat_row, 0, &len);
    if (!rs && len == 11 && memcmp(type, "structureet", 11) == 0)
      continue;
    position++;
    if (!rs && len == 18 && memcmp(type, "equipmateriellourd", 18) == 0) {
      if ((st = flat_device(im, position, &d, values)))
        return st;
      continue;
    }
    eml_finess_device_record rec = {.file = path, .line = eml_csv_line(im->flat),
                                    .from_line = 1};
    im->res->equipment.read++;
    if (!rs)
      rs = eml_row_bad(&im->flat_row, 0, &d,
                       "type d'enregistrement inconnu (attendu structureet ou equipmateriellourd)");
    if ((st = count_record(im, &im->res->equipment, rs, RECORD_LOADED, &d, &rec)))
      return st;
  }
  if (position == 0) {
    eml_diag_set(im->diag, path, 1, NULL, NULL, 0, "aucune ligne equipmateriellourd dans le fichier");
    return EML_ERR_EMPTY;
  }
  return EML_OK;
}

/* ---- ending the devices the new extraction no longer holds ---- */

typedef struct unseen_list {
  eml_equipment *devices;
  char **keys;
  size_t count;
} unseen_list;

static eml_status collect_unseen(void *ctx, const char *authorisation, const eml_equipment *e) {
  unseen_list *l = ctx;
  eml_equipment *d = realloc(l->devices, (l->count + 1) * sizeof *d);
  if (d)
    l->devices = d;
  char **k = realloc(l->keys, (l->count + 1) * sizeof *k);
  if (k)
    l->keys = k;
  if (!d || !k)
    return EML_ERR_NOMEM;
  d[l->count] = *e;
  d[l->count].id = strdup(e->id);
  k[l->count] = strdup(authorisation);
  l->count++;
  return d[l->count - 1].id && k[l->count - 1] ? EML_OK : EML_ERR_NOMEM;
}

static eml_status end_unseen(finess_import *im) {
  unseen_list l = {0};
  eml_status st = eml_store_finess_each_unseen(im->store, collect_unseen, &l, im->diag);
  for (size_t i = 0; i < l.count && !st; i++) {
    eml_equipment *e = &l.devices[i];
    char territory[4];
    int rejected = eml_strmap_get(&im->rejected_keys, l.keys[i], strlen(l.keys[i]), NULL);
    if (rejected || eml_territory_from_finess(e->finess, territory) || !in_scope(im, territory))
      continue;
    eml_equipment ended = *e;
    ended.has_until = 1;
    ended.authorized_until = im->extraction > e->authorized_from ? im->extraction
                                                                 : e->authorized_from;
    st = update_device(im, l.keys[i], e, &ended, im->diag);
  }
  for (size_t i = 0; i < l.count; i++) {
    free(l.devices[i].id);
    free(l.keys[i]);
  }
  free(l.devices);
  free(l.keys);
  return st;
}

/* ---- the AMM authorisations file (docs/regime-2023.md, "FINESS as published now") ----
 *
 * Each record kept by eml_finess_amm_read becomes, under its own savepoint:
 *   - for an activity of the 2023 regime, one authorisation (id =
 *     codeautorarhgos) and, per modality counted, N declared devices with
 *     stable ids AMM-<authorisation>-<MODALITY>-<rank>, the first M (the
 *     …meo count) installed;
 *   - for QEML2/QEML3, N per-device rows (seed-000 rules) with the same ids.
 * A device of a first extraction is declared at dateautor, one added by a
 * later extraction at that extraction's date (the file has no per-device
 * date); a device in service is installed at datemeo, else at the
 * extraction's date. A later extraction with another count adds ranks or
 * ends the highest ones (removed_on, authorized_until: its date); an
 * authorisation of an earlier AMM extraction that this one no longer holds
 * ends at its date, with its devices. Every change has its audit entry;
 * the authorisations inserted carry "source": "FINESS AMM", which is how a
 * later extraction knows them. */

#define AMM_PREFIX "AMM-"
#define AMM_SOURCE "FINESS AMM"
#define AMM_MAX_RANK 64

static void amm_device_id(char *buf, size_t size, const char *authorisation, eml_modality m,
                          int rank) {
  snprintf(buf, size, AMM_PREFIX "%s-%s-%d", authorisation, eml_modality_code(m), rank);
}

static eml_status amm_bad(const eml_finess_amm_record *r, const char *file, eml_diag *d,
                          const char *msg) {
  eml_diag_set(d, file, r->site_line ? r->site_line : r->line, "<nofinesset>", r->finess,
               strlen(r->finess), "%s", msg);
  return EML_ERR_VALUE;
}

/* An audit entry of an AMM change; after (and before) taken. */
static eml_status amm_audit(finess_import *im, const char *action, const char *entity,
                            const char *key, json_t *before, json_t *after, eml_diag *d) {
  if ((before == NULL && action[0] == 'u') || !after) {
    json_decref(before);
    json_decref(after);
    return EML_ERR_NOMEM;
  }
  if (!strcmp(action, "insert"))
    json_object_set_new(after, "source", json_string(AMM_SOURCE));
  return eml_import_audit(&im->session, action, entity, key, before, after, d);
}

/* What rank `rank` of a modality should be: in force from `from`,
 * installed at `installed` when in service. */
typedef struct rank_plan {
  int wanted;       /* rank <= count */
  int in_service;   /* rank <= in-service count */
  eml_date from;    /* declaration date of a device added now */
  eml_date installed;
} rank_plan;

static rank_plan plan_rank(finess_import *im, const eml_finess_amm_record *r, eml_modality m,
                           int rank, int new_authorisation) {
  rank_plan p = {rank <= r->count[m], rank <= r->in_service[m],
                 new_authorisation ? r->decided_on : im->amm_date,
                 r->has_started ? r->started_on : im->amm_date};
  if (p.from < r->decided_on)
    p.from = r->decided_on;
  return p;
}

static eml_date not_before(eml_date d, eml_date floor) { return d < floor ? floor : d; }

/* The declared devices of one modality of an authorisation. */
static eml_status amm_declared(finess_import *im, const eml_finess_amm_record *r, eml_modality m,
                               int new_authorisation, eml_diag *d) {
  eml_status st = EML_OK;
  char key[EML_FINESS_AMM_KEY_MAX + 1];
  snprintf(key, sizeof key, "%s", r->authorisation);
  for (int rank = 1; rank <= AMM_MAX_RANK && !st; rank++) {
    char id[EML_FINESS_AMM_KEY_MAX + 48];
    amm_device_id(id, sizeof id, r->authorisation, m, rank);
    eml_declared_device old = {0};
    int exists = 0;
    if ((st = eml_store_find_declared_device(im->store, id, &old, &exists)))
      break;
    rank_plan p = plan_rank(im, r, m, rank, new_authorisation);
    if (!exists && !p.wanted)
      break; /* ranks are contiguous: none beyond */
    eml_declared_device e = {.id = id, .authorisation_id = key, .modality = m};
    if (exists) {
      e = old;
      e.id = id;
      e.authorisation_id = key;
    }
    if (p.wanted) {
      if (!exists || old.has_removed) { /* added now, or again */
        e.declared_on = p.from;
        e.has_removed = 0;
      }
      if (p.in_service && !(exists && old.has_installed && !old.has_removed))
        e.has_installed = 1, e.installed_on = not_before(p.installed, e.declared_on);
      if (!p.in_service)
        e.has_installed = 0;
    } else if (!old.has_removed) { /* the highest ranks go */
      e.has_removed = 1;
      e.removed_on = not_before(im->amm_date, e.declared_on);
    }
    json_t *after = eml_import_declared_json(&e), *before = exists ? eml_import_declared_json(&old) : NULL;
    if (!exists) {
      if (!(st = eml_store_insert_declared_device(im->store, &e, d)))
        st = amm_audit(im, "insert", "declared_device", id, NULL, after, d);
      im->res->declared_new += !st;
    } else if (after && before && !json_equal(before, after)) {
      int removed = e.has_removed && !old.has_removed;
      if (!(st = eml_store_update_declared_device(im->store, &e, d)))
        st = amm_audit(im, removed ? "remove" : "update", "declared_device", id, before, after,
                       d);
      if (!st && removed)
        im->res->declared_removed++;
      else if (!st)
        im->res->declared_updated++;
    } else {
      json_decref(before);
      json_decref(after);
      st = before && after ? EML_OK : EML_ERR_NOMEM;
    }
    free(old.id);
    free(old.authorisation_id);
  }
  return st;
}

static int equipment_by_id(const void *key, const void *item) {
  return strcmp(key, ((const eml_equipment *)item)->id);
}

/* The per-device row `id` as the register held it before the AMM records
 * (each authorisation is in the file once: its rows are not changed before
 * its record); out->id malloc'd. */
static eml_status find_equipment(finess_import *im, const char *id, eml_equipment *out) {
  const eml_equipment *e = bsearch(id, im->amm_reg.equipment, im->amm_reg.nequipment,
                                   sizeof *e, equipment_by_id);
  if (!e)
    return EML_ERR_NOT_FOUND;
  *out = *e;
  return (out->id = strdup(e->id)) ? EML_OK : EML_ERR_NOMEM;
}

/* The per-device rows of a QEML2/QEML3 record (seed-000 rules). */
static eml_status amm_per_device(finess_import *im, const eml_finess_amm_record *r,
                                 eml_diag *d) {
  eml_modality m = r->modality;
  char id1[EML_FINESS_AMM_KEY_MAX + 48];
  amm_device_id(id1, sizeof id1, r->authorisation, m, 1);
  int new_authorisation = 0;
  eml_status st = eml_store_has_equipment(im->store, id1, &new_authorisation);
  new_authorisation = !new_authorisation;
  for (int rank = 1; rank <= AMM_MAX_RANK && !st; rank++) {
    char id[EML_FINESS_AMM_KEY_MAX + 48];
    amm_device_id(id, sizeof id, r->authorisation, m, rank);
    int exists = 0;
    eml_equipment old = {0};
    if ((st = eml_store_has_equipment(im->store, id, &exists)) || (exists && (st = find_equipment(im, id, &old))))
      break;
    rank_plan p = plan_rank(im, r, m, rank, new_authorisation);
    if (!exists && !p.wanted)
      break;
    eml_equipment e = exists ? old : (eml_equipment){.modality = m};
    e.id = id;
    memcpy(e.finess, r->finess, sizeof e.finess);
    e.has_due = r->has_due;
    e.due_on = r->due_on;
    if (p.wanted) {
      if (!exists || (old.has_until && !r->has_until)) {
        if (!exists)
          e.authorized_from = p.from;
        e.has_until = 0;
      }
      if (r->has_until)
        e.has_until = 1, e.authorized_until = not_before(r->until, e.authorized_from);
      if (p.in_service && !(exists && old.has_installed))
        e.has_installed = 1, e.installed_on = not_before(p.installed, e.authorized_from);
      if (!p.in_service)
        e.has_installed = 0;
    } else if (!old.has_until) {
      e.has_until = 1;
      e.authorized_until = not_before(im->amm_date, e.authorized_from);
    }
    if (!exists) {
      json_t *after = eml_import_equipment_json(&e);
      if (!(st = eml_store_insert_equipment(im->store, &e, d)))
        st = amm_audit(im, "insert", "equipment", id, NULL, after, d);
      else
        json_decref(after);
      im->res->amm_equipment_new += !st;
    } else {
      long ended = im->res->devices_ended, updated = im->res->devices_updated;
      e.id = old.id;
      st = update_device(im, id, &old, &e, d);
      im->res->amm_equipment_ended += im->res->devices_ended - ended;
      im->res->amm_equipment_updated += im->res->devices_updated - updated;
      im->res->devices_ended = ended;
      im->res->devices_updated = updated;
    }
    free(old.id);
  }
  return st;
}

static eml_status amm_record(finess_import *im, const eml_finess_amm_record *r, const char *file,
                             record_outcome *outcome, eml_diag *d) {
  char territory[4];
  int exists = 0;
  eml_status st;
  if (eml_territory_from_finess(r->finess, territory))
    return amm_bad(r, file, d, _("pas de département pour ce numéro FINESS"));
  if (!in_scope(im, territory)) {
    *outcome = RECORD_SKIPPED;
    return EML_OK;
  }
  if ((st = eml_store_has_site(im->store, r->finess, &exists)))
    return st;
  if (!exists)
    return amm_bad(r, file, d,
                   _("site inconnu (ni dans le fichier des établissements ni dans le registre)"));
  *outcome = RECORD_LOADED;
  if (r->per_device)
    return amm_per_device(im, r, d);
  char key[EML_FINESS_AMM_KEY_MAX + 1];
  snprintf(key, sizeof key, "%s", r->authorisation);
  eml_authorisation a = {.id = key, .activity = r->activity,
                         .decided_on = r->decided_on, .has_started = r->has_started,
                         .started_on = r->started_on, .has_until = r->has_until,
                         .until = not_before(r->until, r->decided_on), .has_due = r->has_due,
                         .due_on = r->due_on};
  memcpy(a.finess, r->finess, sizeof a.finess);
  memcpy(a.finess_ej, r->finess_ej, sizeof a.finess_ej);
  snprintf(a.mention, sizeof a.mention, "%s", r->mention);
  eml_authorisation old = {0};
  if ((st = eml_store_find_authorisation(im->store, a.id, &old, &exists)))
    return st;
  json_t *after = eml_import_authorisation_json(&a), *before = exists ? eml_import_authorisation_json(&old) : NULL;
  if (!exists) {
    if (!(st = eml_store_insert_authorisation(im->store, &a, d)))
      st = amm_audit(im, "insert", "authorisation", a.id, NULL, after, d);
    im->res->authorisations_new += !st;
  } else if (after && before && !json_equal(before, after)) {
    if (!(st = eml_store_update_authorisation(im->store, &a, d)))
      st = amm_audit(im, "update", "authorisation", a.id, before, after, d);
    im->res->authorisations_updated += !st;
  } else {
    st = before && after ? EML_OK : EML_ERR_NOMEM;
    json_decref(before);
    json_decref(after);
  }
  free(old.id);
  for (int m = 0; m < EML_MODALITY_COUNT && !st; m++)
    st = amm_declared(im, r, (eml_modality)m, !exists, d);
  return st;
}

/* A bad AMM record, rebuilt as XML with its reason (like the equipment's). */
static eml_status write_amm_reject(finess_import *im, const char *xml, const eml_diag *d) {
  FILE *f = im->rejects_amm;
  if (!f)
    return EML_OK;
  char reason[1024];
  eml_diag_format(d, reason, sizeof reason);
  if (!im->rejects_amm_dated) {
    char date[16];
    eml_date_format(im->amm_date, date, sizeof date);
    fprintf(f, "  <horodatage>\n    <datemaj>%s</datemaj>\n  </horodatage>\n", date);
    im->rejects_amm_dated = 1;
  }
  fputs("  <activiteamm eml_reason=\"", f);
  xml_escaped(f, reason);
  fputs("\">\n", f);
  fputs(xml, f);
  fputs("  </activiteamm>\n", f);
  if (!ferror(f))
    return EML_OK;
  eml_diag_set(im->diag, im->rejects_amm_path, 0, "--rejects", NULL, 0, "écriture impossible");
  return EML_ERR_IO;
}

typedef struct amm_earlier {
  char **keys;
  size_t count, cap;
} amm_earlier;

/* The authorisations an earlier AMM import inserted (audit "source"). */
static eml_status collect_earlier(void *ctx, const eml_audit_entry *e) {
  amm_earlier *l = ctx;
  if (strcmp(e->action, "insert") != 0 || !e->after || !e->key ||
      !strstr(e->after, "\"source\":\"" AMM_SOURCE "\""))
    return EML_OK;
  eml_status st = eml_grow((void **)&l->keys, &l->cap, l->count + 1, sizeof *l->keys);
  if (st)
    return st;
  if (!(l->keys[l->count] = strdup(e->key)))
    return EML_ERR_NOMEM;
  l->count++;
  return EML_OK;
}

/* Ends what earlier AMM extractions hold and this one does not (nor has
 * rejected): the authorisations with their declared devices, the
 * per-device rows. */
static eml_status amm_end_absent(finess_import *im, const eml_strmap *seen) {
  amm_earlier l = {0};
  eml_status st = eml_store_each_audit(im->store, "authorisation", 0, collect_earlier, &l, im->diag);
  for (size_t i = 0; i < l.count && !st; i++) {
    const char *key = l.keys[i];
    if (eml_strmap_get(seen, key, strlen(key), NULL))
      continue;
    eml_authorisation old = {0};
    int exists = 0;
    char territory[4];
    if ((st = eml_store_find_authorisation(im->store, key, &old, &exists)) || !exists ||
        old.has_until || eml_territory_from_finess(old.finess, territory) ||
        !in_scope(im, territory)) {
      free(old.id);
      continue;
    }
    eml_authorisation a = old;
    a.has_until = 1;
    a.until = not_before(im->amm_date, old.decided_on);
    json_t *before = eml_import_authorisation_json(&old), *after = eml_import_authorisation_json(&a);
    if (!(st = eml_store_update_authorisation(im->store, &a, im->diag)))
      st = amm_audit(im, "end", "authorisation", key, before, after, im->diag);
    else
      json_decref(before), json_decref(after);
    im->res->authorisations_ended += !st;
    free(old.id);
    /* its devices: every rank not removed yet */
    eml_finess_amm_record r = {.decided_on = a.decided_on};
    snprintf(r.authorisation, sizeof r.authorisation, "%s", key);
    for (int m = 0; m < EML_MODALITY_COUNT && !st; m++)
      st = amm_declared(im, &r, (eml_modality)m, 0, im->diag);
  }
  for (size_t i = 0; i < l.count; i++)
    free(l.keys[i]);
  free(l.keys);
  if (st)
    return st;
  /* per-device rows: ids AMM-<authorisation>-<MODALITY>-<rank> */
  eml_register reg;
  if ((st = eml_store_load_register(im->store, &reg, im->diag)))
    return st;
  for (size_t i = 0; i < reg.nequipment && !st; i++) {
    const eml_equipment *e = &reg.equipment[i];
    if (strncmp(e->id, AMM_PREFIX, strlen(AMM_PREFIX)) != 0 || e->has_until)
      continue;
    const char *key = e->id + strlen(AMM_PREFIX), *last = strrchr(key, '-');
    const char *mod = last;
    while (mod && mod > key && mod[-1] != '-')
      mod--;
    char territory[4];
    if (!last || mod <= key + 1 || eml_strmap_get(seen, key, (size_t)(mod - 1 - key), NULL) ||
        eml_territory_from_finess(e->finess, territory) || !in_scope(im, territory))
      continue;
    eml_equipment ended = *e;
    ended.has_until = 1;
    ended.authorized_until = not_before(im->amm_date, e->authorized_from);
    long before = im->res->devices_ended;
    st = update_device(im, e->id, e, &ended, im->diag);
    im->res->amm_equipment_ended += im->res->devices_ended - before;
    im->res->devices_ended = before;
  }
  eml_register_free(&reg);
  return st;
}

static void amm_reject_hook(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  finess_import *im = ctx;
  if (im->o->hooks.reject)
    im->o->hooks.reject(im->o->hooks.ctx, why, raw, raw_len);
}

static eml_status import_amm(finess_import *im) {
  const eml_finess_options *o = im->o;
  eml_finess_result *res = im->res;
  eml_finess_amm_codes *codes = NULL;
  eml_finess_amm_file file;
  memset(&file, 0, sizeof file);
  eml_read_hooks hooks = {amm_reject_hook, on_xml_warning, im}; /* both forward to o->hooks */
  eml_status st = eml_finess_amm_codes_load(o->amm_codes_path, &codes, im->diag);
  if (!st)
    st = eml_finess_amm_read(o->amm_path, codes, &hooks, &file, im->diag);
  eml_finess_amm_codes_free(codes);
  res->amm = file.counts;
  res->amm.loaded = 0;
  res->amm_ncounts = file.ncounts;
  memcpy(res->amm_count_element, file.count_element, sizeof file.count_element);
  memcpy(res->amm_nil_or_absent, file.nil_or_absent, sizeof file.nil_or_absent);
  if (!st && !file.has_date && !o->establishments_path) {
    eml_diag_set(im->diag, o->amm_path, 0, NULL, NULL, 0,
                 "pas de date d'extraction (<horodatage><datemaj>) : donner le fichier des "
                 "établissements (--establishments), dont la première ligne date l'extraction");
    st = EML_ERR_VALUE;
  }
  if (st) {
    eml_finess_amm_file_free(&file);
    return st;
  }
  im->amm_date = file.has_date ? file.extraction : im->extraction;
  if ((st = eml_store_load_register(im->store, &im->amm_reg, im->diag))) {
    eml_finess_amm_file_free(&file);
    return st;
  }
  eml_date_format(im->amm_date, res->amm_extraction_date, sizeof res->amm_extraction_date);
  eml_strmap seen = {0}; /* the authorisations of this file: kept or rejected */
  for (size_t i = 0; i < file.nrejects && !st; i++) {
    const char *k = file.rejects[i].authorisation;
    st = write_amm_reject(im, file.rejects[i].xml, &file.rejects[i].why);
    if (!st && *k && (st = eml_strmap_put(&seen, k, strlen(k), 0)) == EML_ERR_DUPLICATE)
      st = EML_OK;
  }
  for (size_t i = 0; i < file.nrecords && !st; i++) {
    const eml_finess_amm_record *r = &file.records[i];
    if ((st = eml_strmap_put(&seen, r->authorisation, strlen(r->authorisation), 0)) ==
        EML_ERR_DUPLICATE)
      st = EML_OK;
    if (st || (st = eml_import_row_begin(&im->session)))
      break;
    im->at_savepoint = *res;
    record_outcome outcome = RECORD_LOADED;
    eml_diag d;
    eml_diag_clear(&d);
    eml_status rs = in_savepoint(im, amm_record(im, r, o->amm_path, &outcome, &d), o->amm_path,
                                 r->line, &d);
    if (im->fatal) {
      st = im->fatal;
      break;
    }
    if (rs == EML_ERR_NOMEM || rs == EML_ERR_IO) {
      st = rs;
      break;
    }
    if (!rs) {
      res->amm.loaded += outcome == RECORD_LOADED;
      res->amm.skipped += outcome == RECORD_SKIPPED;
      continue;
    }
    res->amm.rejected++;
    amm_reject_hook(im, &d, "", 0);
    st = write_amm_reject(im, r->xml, &d);
  }
  if (!st)
    st = amm_end_absent(im, &seen);
  eml_strmap_free(&seen);
  eml_finess_amm_file_free(&file);
  eml_register_free(&im->amm_reg);
  return st;
}

/* The rejects of both files: the writer's (one file per input), and the
 * XML records' file beside it, at the path the writer names for the XML. */
/* An XML rejects file at the path the writer names for input. */
static eml_status open_xml_rejects(finess_import *im, const char *input, const char *root,
                                   FILE **f, char *path, size_t size) {
  if (input)
    eml_rejects_path_for(im->rejects, input, path, size);
  if (!(*f = fopen(path, "w"))) {
    eml_diag_set(im->diag, path, 0, "--rejects", NULL, 0, _("écriture impossible : %s"),
                 eml_errno_text(errno));
    return EML_ERR_IO;
  }
  fprintf(*f,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%s "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n",
          root);
  return EML_OK;
}

static int close_xml_rejects(FILE **f, const char *root) {
  if (!*f)
    return 0;
  fprintf(*f, "</%s>\n", root);
  int failed = fclose(*f) != 0;
  *f = NULL;
  return failed;
}

/* The rejects of the files given: the writer's (one file per input), and
 * the XML records' files beside it, at the paths the writer names for the
 * XML inputs. An AMM file alone: FILE itself is its XML rejects file (the
 * writer, with no line input, writes nothing). */
static eml_status open_rejects(finess_import *im) {
  const eml_finess_options *o = im->o;
  const char *path = o->rejects_path;
  if (!path)
    return EML_OK;
  const char *inputs[3];
  size_t n = 0;
  if (o->establishments_path)
    inputs[n++] = o->establishments_path;
  if (o->equipment_path)
    inputs[n++] = o->equipment_path;
  if (o->amm_path)
    inputs[n++] = o->amm_path;
  int amm_alone = n == 1 && o->amm_path;
  eml_status st = eml_rejects_open(path, inputs, amm_alone ? 0 : n, &im->rejects, im->diag);
  if (!st && o->equipment_path && !im->equipment_flat) /* a flat file's lines: the writer's */
    st = open_xml_rejects(im, o->equipment_path, "rejects", &im->rejects_xml,
                          im->rejects_xml_path, sizeof im->rejects_xml_path);
  if (!st && o->amm_path) {
    snprintf(im->rejects_amm_path, sizeof im->rejects_amm_path, "%s", path);
    /* an AMM file again: its root, its date (written with the first record) */
    st = open_xml_rejects(im, amm_alone ? NULL : o->amm_path, "fluxarhgos", &im->rejects_amm,
                          im->rejects_amm_path, sizeof im->rejects_amm_path);
  }
  return st;
}

static eml_status close_rejects(finess_import *im, eml_diag *diag) {
  int failed_xml = close_xml_rejects(&im->rejects_xml, "rejects");
  int failed_amm = close_xml_rejects(&im->rejects_amm, "fluxarhgos");
  eml_status st = eml_rejects_close(im->rejects, diag);
  im->rejects = NULL;
  if ((failed_xml || failed_amm) && !st) {
    eml_diag_set(diag, failed_xml ? im->rejects_xml_path : im->rejects_amm_path, 0, "--rejects",
                 NULL, 0, "écriture impossible");
    st = EML_ERR_IO;
  }
  return st;
}

static void warn_missing_elements(finess_import *im) {
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS && im->o->hooks.on_warning; i++) {
    if (!im->missing[i])
      continue;
    char msg[200];
    snprintf(msg, sizeof msg,
             _n("élément <%s> absent de %ld enregistrement : lu vide",
                "élément <%s> absent de %ld enregistrements : lu vide", im->missing[i]),
             eml_finess_device_field_name((eml_finess_device_field)i), im->missing[i]);
    im->o->hooks.on_warning(im->o->hooks.ctx, im->o->equipment_path, msg);
  }
}

eml_status eml_finess_import(eml_store *store, const eml_finess_options *o,
                             eml_finess_result *res, eml_diag *diag) {
  memset(res, 0, sizeof *res);
  finess_import im = {.store = store, .o = o, .res = res, .diag = diag};
  eml_buf_init(&im.text, EML_GROW_MAX_BYTES);
  eml_buf_init(&im.fresh_text, EML_GROW_MAX_BYTES);
  eml_buf_init(&im.record_text, EML_GROW_MAX_BYTES);
  if ((!o->establishments_path && !o->amm_path) || (o->equipment_path && !o->codes_path) ||
      (o->equipment_path && !o->establishments_path) || (o->amm_path && !o->amm_codes_path))
    return EML_ERR_USAGE;
  eml_status st = resolve_scope(&im, diag);
  if (st)
    return st;
  im.equipment_flat = o->equipment_path && !equipment_is_xml(o->equipment_path);
  res->encoding_read = o->encoding;
  if (o->establishments_path && !o->encoding_given &&
      (st = detect_encoding(o->establishments_path, &res->encoding_read, diag)))
    return st;
  if (o->equipment_path && (st = eml_finess_codes_load(o->codes_path, NULL, &im.codes, diag)))
    return st;
  if ((st = open_rejects(&im)))
    goto done;
  if ((st = eml_import_begin(&im.session, store, o->user, im.rejects, "record", diag)))
    goto done;
  if (o->equipment_path)
    st = eml_store_finess_unsee(store, diag);
  if (!st && o->establishments_path)
    st = read_establishments(&im);
  if (!st && o->equipment_path) {
    if (!im.equipment_flat)
      st = eml_finess_xml_each(o->equipment_path, on_device, on_xml_warning, &im, diag);
    else
      st = read_flat_equipment(&im);
    if (!st)
      warn_missing_elements(&im);
    if (!st)
      st = end_unseen(&im);
  }
  if (!st && o->amm_path)
    st = import_amm(&im);
  /* the XML records' files are flushed with the writer's before the commit */
  FILE *xml_rejects[2] = {im.rejects_xml, im.rejects_amm};
  const char *xml_paths[2] = {im.rejects_xml_path, im.rejects_amm_path};
  for (int i = 0; i < 2 && !st; i++)
    if (xml_rejects[i] && fflush(xml_rejects[i]) != 0) {
      eml_diag_set(diag, xml_paths[i], 0, "--rejects", NULL, 0, _("écriture impossible : %s"),
                   eml_errno_text(errno));
      st = EML_ERR_IO;
    }
  long rejected = res->establishments.rejected + res->equipment.rejected + res->amm.rejected;
  json_t *summary = json_pack(
      "{s:s, s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:I}", "extraction",
      res->extraction_date, "establishments", "read", (json_int_t)res->establishments.read,
      "loaded", (json_int_t)res->establishments.loaded, "skipped",
      (json_int_t)res->establishments.skipped, "rejected",
      (json_int_t)res->establishments.rejected, "equipment", "read",
      (json_int_t)res->equipment.read, "loaded", (json_int_t)res->equipment.loaded, "skipped",
      (json_int_t)res->equipment.skipped, "rejected", (json_int_t)res->equipment.rejected,
      "devices_ended", (json_int_t)res->devices_ended);
  if (summary && o->amm_path)
    json_object_set_new(
        summary, "amm",
        json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "extraction",
                  res->amm_extraction_date, "read", (json_int_t)res->amm.read, "loaded",
                  (json_int_t)res->amm.loaded, "skipped", (json_int_t)res->amm.skipped,
                  "rejected", (json_int_t)res->amm.rejected, "authorisations_ended",
                  (json_int_t)res->authorisations_ended, "devices_removed",
                  (json_int_t)res->declared_removed, "per_device_ended",
                  (json_int_t)res->amm_equipment_ended));
  if (!summary && !st)
    st = EML_ERR_NOMEM;
  st = eml_import_end(&im.session, st, rejected, "finess",
                      o->establishments_path ? o->establishments_path : o->amm_path, summary,
                      diag);
  res->committed = im.session.committed;
done:;
  eml_status closed = close_rejects(&im, st && st != EML_ERR_REJECTED ? NULL : diag);
  if (closed && (!st || st == EML_ERR_REJECTED))
    st = closed;
  if (!res->committed) { /* the counts of records stay: they say what was read */
    res->sites_new = res->sites_updated = res->locations = 0;
    res->devices_new = res->devices_updated = res->devices_ended = 0;
    res->authorisations_new = res->authorisations_updated = res->authorisations_ended = 0;
    res->declared_new = res->declared_updated = res->declared_removed = 0;
    res->amm_equipment_new = res->amm_equipment_updated = res->amm_equipment_ended = 0;
  }
  free_pending(&im);
  eml_csv_close(im.csv);
  eml_csv_close(im.flat);
  eml_finess_codes_free(im.codes);
  eml_strmap_free(&im.rejected_keys);
  return st;
}
