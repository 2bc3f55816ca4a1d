/*
 * import.c — loading the register from the FINESS extractions
 * (eml/finess.h states the model; finess.md; issue 8).
 *
 * One transaction for the pair of files. The establishments file is read
 * with the CSV reader (`;`, no header but its first line
 * `finess;etalab;N;DATE`, which gives the extraction date); each
 * `structureet` line is a site, each `geolocalisation` line its
 * coordinates. The heavy-equipment file is streamed (xml.c); each
 * <equipmateriellourd> is a device. Every record is checked and stored
 * under its own savepoint, like the CSV imports (lib/domain/import.c): a
 * bad one is reported `FILE:LINE: column|element NAME: what (value 'X')`
 * and undone alone; without a rejects file one bad record undoes all.
 * Records outside the --region/--territory scope are skipped and counted.
 * Devices of the scope that the store holds from an earlier extraction and
 * this one no longer holds are ended at this extraction's date.
 */
#include "domain/row.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STRUCTUREET_FIELDS (1 + EML_FINESS_SITE_FIELDS)
#define GEOLOCALISATION_FIELDS 6
#define MAX_NAME_BYTES 300
#define MAX_KEY_BYTES 48
#define ID_PREFIX "FINESS-"

/* Names of the fields of a structureet line, by position (0: line type). */
#define SITE_FIELD_NAME(name) #name,
static const char *const site_field_names[STRUCTUREET_FIELDS] = {
    "type", EML_FINESS_SITE_FIELD_LIST(SITE_FIELD_NAME)};
#undef SITE_FIELD_NAME
enum {
  SF_NOFINESSET = 1, SF_NOFINESSEJ = 2, SF_RS = 3, SF_RSLONGUE = 4, SF_DEPARTEMENT = 13,
  SF_CATEGETAB = 18, SF_LIBCATEGETAB = 19, SF_CODESPH = 26, SF_LIBSPH = 27, SF_DATEOUV = 28
};
static const char *const geo_field_names[GEOLOCALISATION_FIELDS] = {
    "type", "nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemajcoord"};

typedef struct finess_import {
  eml_store *store;
  const eml_finess_options *o;
  eml_finess_result *res;
  eml_finess_codes *codes;
  eml_date extraction;
  char region_code[8];
  eml_csv_reader *csv;
  FILE *rejects, *rejects_xml;
  char rejects_xml_path[EML_DIAG_FILE_MAX + 8];
  long missing[EML_FINESS_DEVICE_FIELDS]; /* records without that element */
  char **rejected_keys;                   /* authorisations of rejected records */
  size_t nrejected_keys;
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
                   "unknown region (expected an INSEE region code such as 11, or its name)");
      return EML_ERR_USAGE;
    }
  }
  for (size_t i = 0; i < im->o->nterritories; i++)
    if (!eml_territory_find(im->o->territories[i])) {
      const char *t = im->o->territories[i];
      eml_diag_set(diag, NULL, 0, "--territory", t, strlen(t),
                   "unknown département (expected a code such as 75, 2A or 971)");
      return EML_ERR_USAGE;
    }
  return EML_OK;
}

/* ---- encoding: UTF-8 when the whole file is valid UTF-8, else Windows-1252 ---- */

static eml_status detect_encoding(const char *path, eml_encoding *out, eml_diag *diag) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "cannot open: %s", strerror(errno));
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
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "cannot read the file");
    return EML_ERR_IO;
  }
  return EML_OK;
}

/* ---- helpers of the CSV lines ---- */

static const char *line_field(const eml_csv_reader *csv, size_t i, size_t *len) {
  return eml_trim_blanks(eml_csv_field(csv, i, len), len);
}

static eml_status line_bad(const finess_import *im, const char *const *names, size_t i,
                           eml_diag *diag, const char *msg) {
  size_t len;
  const char *v = line_field(im->csv, i, &len);
  eml_diag_set(diag, eml_csv_name(im->csv), eml_csv_line(im->csv), names[i], v, len, "%s", msg);
  return EML_ERR_VALUE;
}

/* Field i as a FINESS number into dst ("" when empty and optional). */
static eml_status line_finess(const finess_import *im, const char *const *names, size_t i,
                              int required, char dst[10], eml_diag *diag) {
  size_t len;
  const char *v = line_field(im->csv, i, &len);
  dst[0] = '\0';
  if (len == 0)
    return required ? line_bad(im, names, i, diag, "a value is required") : EML_OK;
  eml_finess_check c = eml_finess_validate(v, len);
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return line_bad(im, names, i, diag, eml_finess_message(c));
  memcpy(dst, v, 9);
  dst[9] = '\0';
  return EML_OK;
}

/* The line has `width` fields, or one more that is empty (a trailing `;`). */
static eml_status line_width(const finess_import *im, size_t width, const char *type,
                             eml_diag *diag) {
  size_t n = eml_csv_field_count(im->csv), len = 0;
  if (n == width + 1)
    line_field(im->csv, width, &len);
  if (n == width || (n == width + 1 && len == 0))
    return EML_OK;
  eml_diag_set(diag, eml_csv_name(im->csv), eml_csv_line(im->csv), NULL, NULL, 0,
               "a %s line has %zu fields, this one %zu", type, width, n);
  return EML_ERR_CSV;
}

/* The 30 fields of the current structureet line into the store. */
static eml_status put_site_record(const finess_import *im, eml_diag *diag) {
  char values[EML_FINESS_SITE_FIELDS][MAX_NAME_BYTES + 1];
  const char *pointers[EML_FINESS_SITE_FIELDS];
  for (size_t i = 0; i < EML_FINESS_SITE_FIELDS; i++) {
    size_t len;
    const char *v = line_field(im->csv, i + 1, &len);
    if (len > MAX_NAME_BYTES)
      return line_bad(im, site_field_names, i + 1, diag, "value too long (at most 300 bytes)");
    memcpy(values[i], v, len);
    values[i][len] = '\0';
    pointers[i] = values[i];
  }
  return eml_store_finess_put_site(im->store, pointers, diag);
}

static char *site_json(const eml_site *s) {
  json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "name", s->name, "territory", s->territory,
                        "legal_status", s->legal_status, "finess_ej", s->finess_ej);
  char *text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(o);
  return text;
}

/* ---- one structureet line: a site ---- */

static eml_status import_site(finess_import *im, record_outcome *outcome, eml_diag *diag) {
  const char *const *n = site_field_names;
  eml_site s = {0}, old = {0};
  char name[MAX_NAME_BYTES + 1];
  size_t len;
  eml_status st;
  if ((st = line_width(im, STRUCTUREET_FIELDS, "structureet", diag)) ||
      (st = line_finess(im, n, SF_NOFINESSET, 1, s.finess, diag)) ||
      (st = line_finess(im, n, SF_NOFINESSEJ, 0, s.finess_ej, diag)))
    return st;
  size_t name_field = SF_RSLONGUE;
  const char *v = line_field(im->csv, SF_RSLONGUE, &len);
  if (len == 0) {
    name_field = SF_RS;
    v = line_field(im->csv, SF_RS, &len);
  }
  if (len == 0)
    return line_bad(im, n, SF_RS, diag, "a name is required (rs or rslongue)");
  if (len > MAX_NAME_BYTES)
    return line_bad(im, n, name_field, diag, "name too long (at most 300 bytes)");
  memcpy(name, v, len);
  name[len] = '\0';
  s.name = name;
  /* the département field, else the FINESS number's first characters */
  char dep[8];
  v = line_field(im->csv, SF_DEPARTEMENT, &len);
  snprintf(dep, sizeof dep, "%.*s", (int)(len < 7 ? len : 7), v);
  if (eml_territory_from_finess(dep, s.territory) != EML_OK &&
      eml_territory_from_finess(s.finess, s.territory) != EML_OK)
    return line_bad(im, n, SF_DEPARTEMENT, diag, "unknown département");
  for (size_t i = SF_DATEOUV; i < STRUCTUREET_FIELDS; i++) {
    eml_date d;
    v = line_field(im->csv, i, &len);
    if (len && eml_date_parse(v, len, &d))
      return line_bad(im, n, i, diag, "not a date (expected YYYY-MM-DD)");
  }
  const char *f[5];
  size_t flen;
  char buf[5][MAX_NAME_BYTES + 1];
  const size_t status_fields[5] = {SF_CATEGETAB, SF_LIBCATEGETAB, SF_CODESPH, SF_LIBSPH,
                                   SF_NOFINESSEJ};
  for (int k = 0; k < 5; k++) {
    v = line_field(im->csv, status_fields[k], &flen);
    snprintf(buf[k], sizeof buf[k], "%.*s", (int)(flen < MAX_NAME_BYTES ? flen : MAX_NAME_BYTES),
             v);
    f[k] = buf[k];
  }
  s.legal_status = eml_finess_legal_status(f[0], f[1], f[2], f[3], f[4]);
  if (!in_scope(im, s.territory)) {
    *outcome = RECORD_SKIPPED;
    return EML_OK;
  }
  int exists = 0;
  if ((st = eml_store_find_site(im->store, s.finess, &old, &exists)))
    return st;
  char *before = exists ? site_json(&old) : NULL, *after = site_json(&s);
  if (!after || (exists && !before))
    st = EML_ERR_NOMEM;
  else if (!exists) {
    st = eml_store_insert_site(im->store, &s, diag);
    if (!st)
      st = eml_store_audit(im->store, im->o->user, "insert", "site", s.finess, NULL, after, diag);
    if (!st)
      im->res->sites_new++;
  } else if (strcmp(before, after) != 0) {
    st = eml_store_update_site(im->store, &s, diag);
    if (!st)
      st = eml_store_audit(im->store, im->o->user, "update", "site", s.finess, before, after,
                           diag);
    if (!st)
      im->res->sites_updated++;
  }
  if (!st)
    st = put_site_record(im, diag);
  free(before);
  free(after);
  free(old.name);
  *outcome = RECORD_LOADED;
  return st;
}

/* ---- one geolocalisation line: the coordinates of a site ---- */

static eml_status import_location(finess_import *im, record_outcome *outcome, eml_diag *diag) {
  const char *const *n = geo_field_names;
  char finess[10], source[MAX_NAME_BYTES + 1], updated[16] = "";
  double xy[2];
  size_t len;
  eml_status st;
  if ((st = line_width(im, GEOLOCALISATION_FIELDS, "geolocalisation", diag)) ||
      (st = line_finess(im, n, 1, 1, finess, diag)))
    return st;
  for (int k = 0; k < 2; k++) {
    const char *v = line_field(im->csv, 2 + (size_t)k, &len);
    if (eml_parse_double(v, len, 1, &xy[k]))
      return line_bad(im, n, 2 + (size_t)k, diag, len ? "not a number" : "a value is required");
  }
  const char *v = line_field(im->csv, 4, &len);
  snprintf(source, sizeof source, "%.*s", (int)(len < MAX_NAME_BYTES ? len : MAX_NAME_BYTES), v);
  v = line_field(im->csv, 5, &len);
  eml_date d;
  if (len) {
    if (eml_date_parse(v, len, &d))
      return line_bad(im, n, 5, diag, "not a date (expected YYYY-MM-DD)");
    eml_date_format(d, updated, sizeof updated);
  }
  int found = 0;
  if ((st = eml_store_finess_put_location(im->store, finess, xy[0], xy[1], source, updated, &found,
                                          diag)))
    return st;
  /* no site: outside the scope, or not in this file */
  *outcome = found ? RECORD_LOADED : RECORD_SKIPPED;
  if (found)
    im->res->locations++;
  return EML_OK;
}

/* ---- the outcome of one record, for both files ---- */

static eml_status write_csv_reject(finess_import *im, const eml_diag *d) {
  size_t len;
  int truncated;
  const char *raw = eml_csv_raw(im->csv, &len, &truncated);
  char reason[1024];
  eml_diag_format(d, reason, sizeof reason);
  fwrite(raw, 1, len, im->rejects);
  fputs(";\"", im->rejects);
  for (const char *p = reason; *p; p++) {
    if (*p == '"')
      fputc('"', im->rejects);
    fputc(*p, im->rejects);
  }
  fputs("\"\n", im->rejects);
  return ferror(im->rejects) ? EML_ERR_IO : EML_OK;
}

/* XML text or attribute value: the one HTML/XML escaping of core. A write
 * error shows in ferror(f), checked once the record is written. */
static void xml_escaped(FILE *f, const char *s) { (void)eml_html_escape(eml_write_file, f, s); }

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
  if (im->o->on_problem)
    im->o->on_problem(im->o->ctx, d);
  eml_status st = EML_OK;
  if (rec && im->rejects_xml)
    st = write_xml_reject(im, rec, d);
  else if (!rec && im->rejects)
    st = write_csv_reject(im, d);
  if (st)
    eml_diag_set(im->diag, im->o->rejects_path, 0, "--rejects", NULL, 0, "cannot write");
  return st;
}

/* Runs fn under a savepoint; a refusal of the store is the record's. A
 * store that cannot be written (full disk, read-only: EML_ERR_IO) or no
 * memory stops the import at once with the store's message, as the
 * register importers do (lib/domain/import.c): not a rejected record, and
 * no undo of the savepoint, which would fail the same way; the caller
 * rolls the whole import back. */
static eml_status in_savepoint(finess_import *im, eml_status rs, const char *file, long line,
                               eml_diag *d) {
  if (rs == EML_ERR_IO || rs == EML_ERR_NOMEM) {
    *im->diag = *d;
    im->fatal = rs;
    return rs;
  }
  if (rs == EML_ERR_STORE && !d->line) {
    char message[EML_DIAG_MESSAGE_MAX];
    snprintf(message, sizeof message, "%s", d->message[0] ? d->message : "refused by the store");
    eml_diag_set(d, file, line, NULL, NULL, 0, "%s", message);
  }
  eml_status undo = rs ? eml_store_rollback_to_savepoint(im->store) : eml_store_release(im->store);
  if (undo) {
    eml_diag_set(im->diag, file, line, NULL, NULL, 0, "the store refused to undo a record");
    im->fatal = undo;
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
  }
  return rs;
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
                 "not a FINESS establishments extraction (the first line should be "
                 "finess;etalab;N;DATE)");
    return EML_ERR_CSV;
  }
  if (eml_date_parse(date_text, strlen(date_text), &date)) {
    eml_diag_set(im->diag, path, 1, NULL, date_text, strlen(date_text),
                 "the extraction date of the first line is not a date (expected YYYY-MM-DD)");
    return EML_ERR_CSV;
  }
  im->extraction = date;
  eml_date_format(date, res->extraction_date, sizeof res->extraction_date);
  if (im->rejects) { /* the first line, so the rejects file reads as an extraction */
    for (size_t h = 0; h < eml_csv_header_count(im->csv); h++)
      fprintf(im->rejects, "%s%s", h ? ";" : "", eml_csv_header(im->csv, h));
    fputc('\n', im->rejects);
  }
  for (;;) {
    int has = 0;
    eml_diag d;
    eml_diag_clear(&d);
    eml_status rs = eml_csv_next(im->csv, &has, &d);
    if (rs == EML_ERR_IO || rs == EML_ERR_NOMEM) {
      *im->diag = d;
      return rs;
    }
    if (!has)
      break;
    res->establishments.read++;
    record_outcome outcome = RECORD_LOADED;
    if (!rs) {
      if ((st = eml_store_savepoint(im->store)))
        return st;
      im->at_savepoint = *res;
      size_t len;
      const char *type = line_field(im->csv, 0, &len);
      if (len == 11 && memcmp(type, "structureet", 11) == 0)
        rs = import_site(im, &outcome, &d);
      else if (len == 15 && memcmp(type, "geolocalisation", 15) == 0)
        rs = import_location(im, &outcome, &d);
      else
        rs = line_bad(im, site_field_names, 0, &d,
                      "unknown record type (expected structureet or geolocalisation)");
      rs = in_savepoint(im, rs, path, eml_csv_line(im->csv), &d);
      if (im->fatal)
        return im->fatal;
    }
    if ((st = count_record(im, &res->establishments, rs, outcome, &d, NULL)))
      return st;
  }
  if (res->establishments.read == 0) {
    eml_diag_set(im->diag, path, 1, NULL, NULL, 0, "no record after the first line");
    return EML_ERR_EMPTY;
  }
  return EML_OK;
}

/* ---- one <equipmateriellourd>: a device ---- */

static eml_status device_bad(const eml_finess_device_record *rec, eml_finess_device_field f,
                             eml_diag *d, const char *msg) {
  char field[EML_DIAG_FIELD_MAX];
  snprintf(field, sizeof field, "<%s>", eml_finess_device_field_name(f));
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
    return device_bad(rec, f, d, "not a date (expected YYYY-MM-DD)");
  *has = 1;
  return EML_OK;
}

/* indcaduc / indsup: O (yes), N or empty (no). */
static eml_status device_flag(const eml_finess_device_record *rec, eml_finess_device_field f,
                              int *yes, eml_diag *d) {
  const char *v = rec->value[f];
  *yes = strcasecmp(v, "O") == 0;
  if (*v && !*yes && strcasecmp(v, "N") != 0)
    return device_bad(rec, f, d, "expected O or N");
  return EML_OK;
}

static char *device_json(const eml_finess_device_record *rec, const eml_equipment *e) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
    if (rec->present[i])
      json_object_set_new(o, eml_finess_device_field_name((eml_finess_device_field)i),
                          json_string(rec->value[i]));
  if (e)
    json_object_set_new(o, "modality", json_string(eml_modality_code(e->modality)));
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}

static void set_date(json_t *o, const char *key, int has, eml_date d) {
  char buf[16];
  eml_date_format(d, buf, sizeof buf);
  json_object_set_new(o, key, has ? json_string(buf) : json_null());
}

/* The register's view of a device, for the audit log. */
static char *equipment_json(const eml_equipment *e) {
  json_t *o = json_pack("{s:s, s:s}", "finess", e->finess, "modality",
                        eml_modality_code(e->modality));
  if (!o)
    return NULL;
  set_date(o, "authorized_from", 1, e->authorized_from);
  set_date(o, "authorized_until", e->has_until, e->authorized_until);
  set_date(o, "installed_on", e->has_installed, e->installed_on);
  set_date(o, "due_on", e->has_due, e->due_on);
  char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  return s;
}

/* Stores the change of a known device (or nothing when it is the same). */
static eml_status update_device(finess_import *im, const char *key, const eml_equipment *old,
                                const eml_equipment *e, eml_diag *d) {
  char *before = equipment_json(old), *after = equipment_json(e);
  eml_status st = before && after ? EML_OK : EML_ERR_NOMEM;
  if (!st && strcmp(before, after) != 0) {
    int ended = e->has_until && !old->has_until;
    st = eml_store_update_equipment(im->store, e, d);
    if (!st)
      st = eml_store_audit(im->store, im->o->user, ended ? "end" : "update", "equipment", key,
                           before, after, d);
    if (!st && ended)
      im->res->devices_ended++;
    else if (!st)
      im->res->devices_updated++;
  }
  free(before);
  free(after);
  return st;
}

static eml_status import_device(finess_import *im, const eml_finess_device_record *rec,
                                record_outcome *outcome, eml_diag *d) {
  static const eml_finess_device_field required[] = {EML_FD_NOFINESSET, EML_FD_DATEAUTOR};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (!rec->present[required[i]])
      return device_bad(rec, required[i], d, "missing from this <equipmateriellourd>");
  eml_equipment e = {0};
  eml_status st;
  /* key: the ARHGOS authorisation number, else the FINESS one */
  eml_finess_device_field key_field =
      rec->value[EML_FD_NOAUTORARHGOS][0] ? EML_FD_NOAUTORARHGOS : EML_FD_NOAUTOR;
  const char *key = rec->value[key_field];
  if (!*key)
    return device_bad(rec, EML_FD_NOAUTORARHGOS, d,
                      "an authorisation number is required (noautorarhgos or noautor)");
  if (strlen(key) > MAX_KEY_BYTES)
    return device_bad(rec, key_field, d, "authorisation number too long (at most 48 bytes)");
  const char *v = rec->value[EML_FD_NOFINESSET];
  eml_finess_check c = eml_finess_validate(v, strlen(v));
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return device_bad(rec, EML_FD_NOFINESSET, d, *v ? eml_finess_message(c) : "a value is required");
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
    return device_bad(rec, EML_FD_DATEAUTOR, d, "a date is required");
  int ignored = 0;
  if (eml_finess_codes_find(im->codes, rec->value[EML_FD_EML], rec->value[EML_FD_LIBEML],
                            rec->value[EML_FD_LIBCOURTEML], &e.modality,
                            &ignored) == EML_FINESS_CODE_UNKNOWN)
    return device_bad(rec, rec->value[EML_FD_EML][0] ? EML_FD_EML : EML_FD_LIBEML, d,
                      "unknown equipment code and label (add the code to "
                      "data/finess/equipment-codes.csv, or give --codes FILE)");
  char territory[4];
  if (eml_territory_from_finess(e.finess, territory))
    return device_bad(rec, EML_FD_NOFINESSET, d, "no département for this FINESS number");
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
                      "unknown site (not in the establishments file nor in the register)");
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
      flag = lapsed ? "caduque sans date : close à la date de l'extraction"
                    : "supprimée sans date : close à la date de l'extraction";
      im->res->devices_flagged++;
    }
    if (e.authorized_until < e.authorized_from)
      e.authorized_until = e.authorized_from;
  }
  char *record = device_json(rec, &e);
  if (!record)
    st = EML_ERR_NOMEM;
  else if (exists && seen)
    st = device_bad(rec, key_field, d, "the same authorisation twice in this file");
  else if (exists) {
    e.id = old.id;
    e.interventional = old.interventional; /* FINESS does not say; keep the register's */
    st = update_device(im, key, &old, &e, d);
  } else {
    int taken = 0;
    if (!(st = eml_store_has_equipment(im->store, id, &taken)) && taken)
      st = device_bad(rec, key_field, d, "a device of the register already has this identifier");
    if (!st)
      st = eml_store_insert_equipment(im->store, &e, d);
    if (!st)
      st = eml_store_audit(im->store, im->o->user, "insert", "equipment", key, NULL, record, d);
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
  char **keys = realloc(im->rejected_keys, (im->nrejected_keys + 1) * sizeof *keys);
  if (!keys)
    return EML_ERR_NOMEM;
  im->rejected_keys = keys;
  if (!(keys[im->nrejected_keys] = strdup(key)))
    return EML_ERR_NOMEM;
  im->nrejected_keys++;
  return EML_OK;
}

static eml_status on_device(void *ctx, const eml_finess_device_record *rec) {
  finess_import *im = ctx;
  eml_diag d;
  eml_diag_clear(&d);
  im->res->equipment.read++;
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
    im->missing[i] += !rec->present[i];
  record_outcome outcome = RECORD_LOADED;
  eml_status rs;
  if (rec->problem) {
    d = *rec->problem;
    rs = EML_ERR_VALUE;
  } else {
    if ((rs = eml_store_savepoint(im->store)))
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
  if (im->o->on_warning)
    im->o->on_warning(im->o->ctx, file, message);
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
    int rejected = 0;
    for (size_t k = 0; k < im->nrejected_keys; k++)
      rejected |= strcmp(im->rejected_keys[k], l.keys[i]) == 0;
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

static eml_status open_rejects(finess_import *im) {
  const char *path = im->o->rejects_path;
  if (!path)
    return EML_OK;
  if (!(im->rejects = fopen(path, "w"))) {
    eml_diag_set(im->diag, path, 0, "--rejects", NULL, 0, "cannot write: %s", strerror(errno));
    return EML_ERR_IO;
  }
  if (!im->o->equipment_path)
    return EML_OK;
  snprintf(im->rejects_xml_path, sizeof im->rejects_xml_path, "%s.xml", path);
  if (!(im->rejects_xml = fopen(im->rejects_xml_path, "w"))) {
    eml_diag_set(im->diag, im->rejects_xml_path, 0, "--rejects", NULL, 0, "cannot write: %s",
                 strerror(errno));
    return EML_ERR_IO;
  }
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rejects "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n",
        im->rejects_xml);
  return EML_OK;
}

static eml_status close_rejects(finess_import *im) {
  int failed = 0;
  if (im->rejects_xml) {
    fputs("</rejects>\n", im->rejects_xml);
    failed |= fclose(im->rejects_xml) != 0;
  }
  if (im->rejects)
    failed |= fclose(im->rejects) != 0;
  return failed ? EML_ERR_IO : EML_OK;
}

static void warn_missing_elements(finess_import *im) {
  for (int i = 0; i < EML_FINESS_DEVICE_FIELDS && im->o->on_warning; i++) {
    if (!im->missing[i])
      continue;
    char msg[200];
    snprintf(msg, sizeof msg, "element <%s> absent from %ld record(s): read as empty",
             eml_finess_device_field_name((eml_finess_device_field)i), im->missing[i]);
    im->o->on_warning(im->o->ctx, im->o->equipment_path, msg);
  }
}

eml_status eml_finess_import(eml_store *store, const eml_finess_options *o,
                             eml_finess_result *res, eml_diag *diag) {
  memset(res, 0, sizeof *res);
  finess_import im = {.store = store, .o = o, .res = res, .diag = diag};
  if (!o->establishments_path || (o->equipment_path && !o->codes_path))
    return EML_ERR_USAGE;
  eml_status st = resolve_scope(&im, diag);
  if (st)
    return st;
  res->encoding_read = o->encoding;
  if (!o->encoding_given && (st = detect_encoding(o->establishments_path, &res->encoding_read, diag)))
    return st;
  if (o->equipment_path && (st = eml_finess_codes_load(o->codes_path, NULL, &im.codes, diag)))
    return st;
  if ((st = open_rejects(&im)))
    goto done;
  if ((st = eml_store_begin(store, diag)))
    goto done;
  if (o->equipment_path)
    st = eml_store_finess_unsee(store, diag);
  if (!st)
    st = read_establishments(&im);
  if (!st && o->equipment_path) {
    st = eml_finess_xml_each(o->equipment_path, on_device, on_xml_warning, &im, diag);
    if (!st)
      warn_missing_elements(&im);
    if (!st)
      st = end_unseen(&im);
  }
  long rejected = res->establishments.rejected + res->equipment.rejected;
  if (!st && rejected > 0 && !o->rejects_path) {
    eml_store_rollback(store); /* all-or-nothing: nothing of this import is kept */
    st = EML_ERR_REJECTED;
    goto done;
  }
  if (!st) {
    char summary[400];
    snprintf(summary, sizeof summary,
             "{\"extraction\":\"%s\",\"establishments\":{\"read\":%ld,\"loaded\":%ld,"
             "\"skipped\":%ld,\"rejected\":%ld},\"equipment\":{\"read\":%ld,\"loaded\":%ld,"
             "\"skipped\":%ld,\"rejected\":%ld},\"devices_ended\":%ld}",
             res->extraction_date, res->establishments.read, res->establishments.loaded,
             res->establishments.skipped, res->establishments.rejected, res->equipment.read,
             res->equipment.loaded, res->equipment.skipped, res->equipment.rejected,
             res->devices_ended);
    st = eml_store_audit(store, o->user, "import", "finess", o->establishments_path, NULL, summary,
                         diag);
  }
  if (!st)
    st = eml_store_commit(store, diag);
  if (st) {
    eml_store_rollback(store);
  } else {
    res->committed = 1;
    if (rejected > 0)
      st = EML_ERR_REJECTED;
  }
done:
  if (close_rejects(&im) && (!st || st == EML_ERR_REJECTED)) {
    eml_diag_set(diag, o->rejects_path, 0, "--rejects", NULL, 0, "cannot write");
    st = EML_ERR_IO;
  }
  if (!res->committed) { /* the counts of records stay: they say what was read */
    res->sites_new = res->sites_updated = res->locations = 0;
    res->devices_new = res->devices_updated = res->devices_ended = 0;
  }
  eml_csv_close(im.csv);
  eml_finess_codes_free(im.codes);
  for (size_t i = 0; i < im.nrejected_keys; i++)
    free(im.rejected_keys[i]);
  free(im.rejected_keys);
  return st;
}
