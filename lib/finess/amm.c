/*
 * amm.c — reading the FINESS AMM authorisations file (amm_arhgos_*.xml[.gz],
 * root <fluxarhgos>, one <activiteamm> per authorisation; research
 * finess_amm_format.md §2, docs/regime-2023.md "FINESS as published now";
 * issue 13 item 7), into records the import stores. Pure parsing: no store.
 *
 * Model. The file is streamed by the one FINESS XML reader (finess_xml.h):
 * children matched by name, never by position. The codes map through
 * data/finess/amm-codes.csv, read with the input pipeline (io/row.h):
 *   - `activite` rows: a code with an eml activity (IMAGING, NUCLEAR,
 *     INTERVENTIONAL, RADIOTHERAPY) is kept as an authorisation; one whose
 *     eml_activity is a modality (OHB, CYCLOTRON: QEML2, QEML3) is kept per
 *     device; one without is skipped; a code absent is rejected;
 *   - `modalite` rows that map to an activity restrict it: QA018 is
 *     RADIOTHERAPY only with MO009, another modalité is skipped;
 *   - `mention` rows give the activity's mention (ME007 → NUCLEAR A); a
 *     mention without an eml activity (ME000) is no mention; one of another
 *     activity, or absent from the file, rejects the record;
 *   - `count` and `count_meo` rows name the count elements, their modality
 *     and the schema's maximum (FINESS_AMM_V9.xsd).
 * A nil or absent count reads as 0 and is summarised once per element; a
 * count above its maximum rejects the record; a …meo above its count is
 * reported and capped. The authorisation is keyed by codeautorarhgos (the
 * stable device ids are built on it): the same code twice in one file
 * rejects the second record.
 */
#include "finess/finess_xml.h"
#include "finess/tables.h"
#include "io/row.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RECORD "activiteamm"
#define MAX_AMM_ROWS 1024
#define MAX_COUNT_VALUE 1000000

/* ---- amm-codes.csv ---- */

typedef enum { LIST_ACTIVITE, LIST_MODALITE, LIST_MENTION, LIST_PTS, LIST_DECLARATION,
               LIST_COUNT, LIST_COUNT_MEO, LIST_COUNT_OF_LISTS } amm_list;
static const char *const list_names[LIST_COUNT_OF_LISTS] = {
    "activite", "modalite", "mention", "pts", "declaration", "count", "count_meo"};

typedef struct amm_code_row {
  amm_list list;
  char code[24];
  int kind;                /* 0: no eml meaning, 1: an activity, 2: a modality (per device) */
  eml_activity activity;
  eml_modality modality;   /* kind 2; counts: the modality counted */
  char mention[4];
  int max;                 /* counts: the schema's maximum */
} amm_code_row;

struct eml_finess_amm_codes {
  amm_code_row *rows;
  size_t nrows;
};

void eml_finess_amm_codes_free(eml_finess_amm_codes *codes) {
  if (!codes)
    return;
  free(codes->rows);
  free(codes);
}

static const eml_column_spec amm_code_columns[] = {{"list", 1, EML_COL_CODE, NULL},
                                                   {"code", 1, EML_COL_TEXT, NULL},
                                                   {"label", 0, EML_COL_TEXT, NULL},
                                                   {"eml_activity", 0, EML_COL_TEXT, NULL},
                                                   {"eml_mention", 0, EML_COL_TEXT, NULL},
                                                   {"eml_modality", 0, EML_COL_TEXT, NULL},
                                                   {"max", 0, EML_COL_INT, NULL},
                                                   {NULL, 0, 0, NULL}};
enum { AC_LIST, AC_CODE, AC_LABEL, AC_ACTIVITY, AC_MENTION, AC_MODALITY, AC_MAX };

static eml_status amm_code_row_read(void *ctx, const eml_row *row, int *skipped, eml_diag *diag) {
  eml_finess_amm_codes *codes = ctx;
  (void)skipped;
  if (codes->nrows == MAX_AMM_ROWS)
    return eml_row_badf(row, -1, diag, "plus de %d lignes", MAX_AMM_ROWS);
  amm_code_row *r = &codes->rows[codes->nrows];
  memset(r, 0, sizeof *r);
  int list;
  char text[32];
  size_t len;
  eml_status st;
  if ((st = eml_row_code(row, AC_LIST, list_names, LIST_COUNT_OF_LISTS, 0, &list, diag)) ||
      (st = eml_row_text(row, AC_CODE, r->code, sizeof r->code, diag)) ||
      (st = eml_row_text(row, AC_MENTION, r->mention, sizeof r->mention, diag)))
    return st;
  r->list = (amm_list)list;
  if (!r->code[0])
    return eml_row_bad(row, AC_CODE, diag, _("une valeur est obligatoire"));
  const char *v = eml_row_field(row, AC_ACTIVITY, &len);
  if (len) {
    if (eml_activity_parse(v, len, &r->activity) == EML_OK)
      r->kind = 1;
    else if (eml_modality_parse(v, len, &r->modality) == EML_OK)
      r->kind = 2;
    else
      return eml_row_bad(row, AC_ACTIVITY, diag,
                         "ni une activité (IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY) "
                         "ni une modalité");
  }
  if (r->list == LIST_COUNT || r->list == LIST_COUNT_MEO) {
    int has = 0;
    int64_t max = 0;
    if ((st = eml_row_text(row, AC_MODALITY, text, sizeof text, diag)) ||
        (st = eml_row_count(row, AC_MAX, &has, &max, diag)))
      return st;
    if (eml_modality_parse(text, strlen(text), &r->modality))
      return eml_row_bad(row, AC_MODALITY, diag, "modalité inconnue");
    if (!has)
      return eml_row_bad(row, AC_MAX, diag, "un nombre d'appareils demande son maximum");
    r->max = (int)max;
  }
  codes->nrows++;
  return EML_OK;
}

eml_status eml_finess_amm_codes_load(const char *path, eml_finess_amm_codes **out,
                                     eml_diag *diag) {
  eml_finess_amm_codes *codes = calloc(1, sizeof *codes);
  eml_status st = codes ? eml_finess_table_load(path, NULL, amm_code_columns, amm_code_row_read,
                                                codes, (void **)&codes->rows, MAX_AMM_ROWS,
                                                sizeof *codes->rows, diag)
                        : EML_ERR_NOMEM;
  if (st)
    eml_finess_amm_codes_free(codes);
  *out = st ? NULL : codes;
  return st;
}

static const amm_code_row *find_code(const eml_finess_amm_codes *c, amm_list list,
                                     const char *code) {
  for (size_t i = 0; i < c->nrows; i++)
    if (c->rows[i].list == list && strcasecmp(c->rows[i].code, code) == 0)
      return &c->rows[i];
  return NULL;
}

/* ---- the children of <activiteamm> ---- */

/* FINESS_AMM_V9.xsd's children other than the counts, then the seven seen
 * in practice and not in the schema (research §2.2: known, unused). The
 * count elements follow, from amm-codes.csv. */
static const char *const fixed_fields[] = {
    "nofinessej", "rsej", "activite", "modalite", "mention", "pts", "declaration",
    "codeautorarhgos", "dateautor", "daterenouv", "nofinesset", "rset", "datelimite", "datemeo",
    "dateeffet", "datefin", "datecaducite", "datemaj", "listecommunesHAD",
    "listeetablissementsPSY", "listeevenements",
    "lib_activite", "lib_modalite", "lib_mention", "lib_pts", "lib_declaration",
    "statut_autorisation_code", "statut_autorisation_lib"};
enum { F_NOFINESSEJ, F_RSEJ, F_ACTIVITE, F_MODALITE, F_MENTION, F_PTS, F_DECLARATION,
       F_CODEAUTORARHGOS, F_DATEAUTOR, F_DATERENOUV, F_NOFINESSET, F_RSET, F_DATELIMITE,
       F_DATEMEO, F_DATEEFFET, F_DATEFIN, F_DATECADUCITE, F_DATEMAJ,
       F_FIXED = (int)(sizeof fixed_fields / sizeof fixed_fields[0]) };
static const char *const containers[] = {"listecommunesHAD", "listeetablissementsPSY",
                                         "listeevenements", NULL};
static const char *const header_fields[] = {"emetteur", "destinataire", "versionmessage",
                                            "datemaj"};

typedef struct amm_reading {
  const eml_finess_amm_codes *codes;
  const eml_read_hooks *hooks;
  eml_finess_amm_file *out;
  const char *names[FINESS_XML_MAX_FIELDS];
  int nfields;
  const amm_code_row *count_row[FINESS_XML_MAX_FIELDS]; /* field -> its count row, or NULL */
  int count_slot[FINESS_XML_MAX_FIELDS];                /* field -> out->count_element index */
  size_t cap_records, cap_rejects;
  eml_strmap keys; /* codeautorarhgos already read */
  eml_diag *diag;
} amm_reading;

static eml_status bad(const finess_xml_record *rec, const amm_reading *a, int f, eml_diag *d,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static eml_status bad(const finess_xml_record *rec, const amm_reading *a, int f, eml_diag *d,
                      const char *fmt, ...) {
  char field[EML_DIAG_FIELD_MAX], msg[EML_DIAG_MESSAGE_MAX];
  snprintf(field, sizeof field, "<%s>", a->names[f]);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const char *v = rec->present[f] ? rec->value[f] : NULL;
  eml_diag_set(d, rec->file, rec->field_line[f] ? rec->field_line[f] : rec->line, field, v,
               v ? strlen(v) : 0, "%s", msg);
  return EML_ERR_VALUE;
}

static eml_status required(const finess_xml_record *rec, const amm_reading *a, int f,
                           eml_diag *d) {
  if (!rec->present[f])
    return bad(rec, a, f, d, _("absent de cet <activiteamm>"));
  if (!rec->value[f][0])
    return bad(rec, a, f, d, _("une valeur est obligatoire"));
  return EML_OK;
}

static eml_status date_of(const finess_xml_record *rec, const amm_reading *a, int f, int *has,
                          eml_date *out, eml_diag *d) {
  const char *v = rec->value[f];
  *has = 0;
  if (!*v)
    return EML_OK;
  if (eml_date_parse(v, strlen(v), out))
    return bad(rec, a, f, d, _("pas une date (attendu AAAA-MM-JJ)"));
  *has = 1;
  return EML_OK;
}

static eml_status finess_of(const finess_xml_record *rec, const amm_reading *a, int f,
                            char dst[10], eml_diag *d) {
  const char *v = rec->value[f];
  dst[0] = '\0';
  if (!*v)
    return EML_OK;
  eml_finess_check c = eml_finess_validate(v, strlen(v));
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return bad(rec, a, f, d, "%s", eml_finess_message(c));
  memcpy(dst, v, 9);
  dst[9] = '\0';
  return EML_OK;
}

/* A code child copied (the schema's codes are 2 to 6 characters). */
static eml_status code_of(const finess_xml_record *rec, const amm_reading *a, int f,
                          char dst[EML_FINESS_AMM_CODE_MAX], eml_diag *d) {
  const char *v = rec->value[f];
  if (strlen(v) >= EML_FINESS_AMM_CODE_MAX)
    return bad(rec, a, f, d, _("pas un code AMM (au plus %d caractères)"),
               EML_FINESS_AMM_CODE_MAX - 1);
  snprintf(dst, EML_FINESS_AMM_CODE_MAX, "%s", v);
  return EML_OK;
}

/* A count child: "" (nil or absent) is 0 with *nil set; else a whole
 * number no greater than the schema's maximum. */
static eml_status count_of(const finess_xml_record *rec, const amm_reading *a, int f, int *out,
                           int *nil, eml_diag *d) {
  const char *v = rec->value[f];
  const amm_code_row *row = a->count_row[f];
  *out = 0;
  *nil = !*v;
  if (!*v)
    return EML_OK;
  long n = 0;
  for (const char *p = v; *p; p++) {
    if (*p < '0' || *p > '9' || n > MAX_COUNT_VALUE)
      return bad(rec, a, f, d, _("pas un nombre entier"));
    n = n * 10 + (*p - '0');
  }
  if (n > row->max)
    return bad(rec, a, f, d, _("au-delà du maximum du schéma (%d)"), row->max);
  *out = (int)n;
  return EML_OK;
}

/* The mapping of the record's codes: *keep 0 when it is skipped. */
static eml_status map_codes(const finess_xml_record *rec, const amm_reading *a,
                            eml_finess_amm_record *r, int *keep, eml_diag *d) {
  eml_status st;
  *keep = 0;
  if ((st = required(rec, a, F_ACTIVITE, d)) || (st = code_of(rec, a, F_ACTIVITE, r->activite, d)))
    return st;
  const amm_code_row *act = find_code(a->codes, LIST_ACTIVITE, r->activite);
  if (!act)
    return bad(rec, a, F_ACTIVITE, d, _("code d'activité AMM inconnu"));
  if (act->kind == 0)
    return EML_OK; /* a known activity eml does not keep */
  if ((st = code_of(rec, a, F_MODALITE, r->modalite, d)) ||
      (st = code_of(rec, a, F_MENTION, r->mention_code, d)) ||
      (st = code_of(rec, a, F_PTS, r->pts, d)) ||
      (st = code_of(rec, a, F_DECLARATION, r->declaration, d)))
    return st;
  r->per_device = act->kind == 2;
  r->activity = act->activity;
  r->modality = act->modality;
  /* modalité rows mapped to the activity restrict it (QA018 with MO009) */
  int restricted = 0, allowed = 0;
  for (size_t i = 0; i < a->codes->nrows; i++) {
    const amm_code_row *m = &a->codes->rows[i];
    if (m->list != LIST_MODALITE || m->kind != act->kind || m->activity != act->activity ||
        m->modality != act->modality)
      continue;
    restricted = 1;
    allowed |= strcasecmp(m->code, r->modalite) == 0;
  }
  if (restricted && !allowed)
    return EML_OK; /* another modalité of the activity (e.g. chirurgie oncologique) */
  if (r->mention_code[0]) {
    const amm_code_row *m = find_code(a->codes, LIST_MENTION, r->mention_code);
    if (!m || (m->kind != 0 && (m->kind != act->kind || m->activity != act->activity ||
                                m->modality != act->modality)))
      return bad(rec, a, F_MENTION, d,
                 _("pas une mention de l'activité %s dans data/finess/amm-codes.csv"), r->activite);
    if (m->kind != 0)
      snprintf(r->mention, sizeof r->mention, "%s", m->mention);
  }
  *keep = 1;
  return EML_OK;
}

/* The record rebuilt as XML lines, for a rejects file. */

static char *record_xml(const finess_xml_record *rec, const amm_reading *a) {
  eml_buf b;
  eml_buf_init(&b, (size_t)1 << 20);
  eml_status st = EML_OK;
  for (int f = 0; f < a->nfields && !st; f++) {
    if (!rec->present[f])
      continue;
    if (!rec->value[f][0]) {
      st = eml_buf_printf(&b, "    <%s xsi:nil=\"true\"/>\n", a->names[f]);
      continue;
    }
    if (!(st = eml_buf_printf(&b, "    <%s>", a->names[f])) &&
        !(st = eml_html_escape(eml_buf_write, &b, rec->value[f])))
      st = eml_buf_printf(&b, "</%s>\n", a->names[f]);
  }
  if (st) {
    eml_buf_free(&b);
    return NULL;
  }
  return b.data ? eml_buf_take(&b) : strdup(""); /* a record without children */
}

static eml_status reject(amm_reading *a, const finess_xml_record *rec, const eml_diag *why) {
  eml_finess_amm_file *out = a->out;
  out->counts.rejected++;
  if (!a->hooks || !a->hooks->reject) {
    *a->diag = *why;
    return EML_ERR_VALUE;
  }
  eml_status st = eml_grow((void **)&out->rejects, &a->cap_rejects, out->nrejects + 1,
                           sizeof *out->rejects);
  if (st)
    return st;
  eml_finess_amm_reject *r = &out->rejects[out->nrejects];
  r->why = *why;
  const char *key = rec->value[F_CODEAUTORARHGOS];
  snprintf(r->authorisation, sizeof r->authorisation, "%s",
           strlen(key) <= EML_FINESS_AMM_KEY_MAX ? key : "");
  if (!(r->xml = record_xml(rec, a)))
    return EML_ERR_NOMEM;
  out->nrejects++;
  a->hooks->reject(a->hooks->ctx, why, "", 0);
  return EML_OK;
}

static void warn(const amm_reading *a, const char *file, const char *msg) {
  if (a->hooks && a->hooks->on_warning)
    a->hooks->on_warning(a->hooks->ctx, file, msg);
}

/* One <activiteamm>: kept, skipped or rejected. */
static eml_status on_amm(amm_reading *a, const finess_xml_record *rec) {
  eml_finess_amm_file *out = a->out;
  eml_finess_amm_record r = {.line = rec->line};
  eml_diag d;
  eml_diag_clear(&d);
  out->counts.read++;
  if (rec->problem)
    return reject(a, rec, rec->problem);
  int keep = 0, has = 0;
  eml_status st = map_codes(rec, a, &r, &keep, &d);
  if (!st && !keep) {
    out->counts.skipped++;
    return EML_OK;
  }
  const char *key = rec->value[F_CODEAUTORARHGOS];
  if (!st && !(st = required(rec, a, F_CODEAUTORARHGOS, &d)) &&
      strlen(key) > EML_FINESS_AMM_KEY_MAX)
    st = bad(rec, a, F_CODEAUTORARHGOS, &d, _("numéro d'autorisation trop long (au plus %d octets)"),
             EML_FINESS_AMM_KEY_MAX);
  if (!st)
    snprintf(r.authorisation, sizeof r.authorisation, "%s", key);
  if (!st && !(st = required(rec, a, F_NOFINESSET, &d)))
    st = finess_of(rec, a, F_NOFINESSET, r.finess, &d);
  r.site_line = rec->field_line[F_NOFINESSET];
  if (!st)
    st = finess_of(rec, a, F_NOFINESSEJ, r.finess_ej, &d);
  if (!st && !(st = required(rec, a, F_DATEAUTOR, &d)))
    st = date_of(rec, a, F_DATEAUTOR, &has, &r.decided_on, &d);
  if (!st)
    st = date_of(rec, a, F_DATEMEO, &r.has_started, &r.started_on, &d);
  if (!st)
    st = date_of(rec, a, F_DATEFIN, &r.has_due, &r.due_on, &d);
  if (!st)
    st = date_of(rec, a, F_DATECADUCITE, &r.has_until, &r.until, &d);
  /* counts: the authorised first, then those in service */
  int value[FINESS_XML_MAX_FIELDS] = {0}, nil[FINESS_XML_MAX_FIELDS] = {0};
  for (int f = F_FIXED; f < a->nfields && !st; f++)
    st = count_of(rec, a, f, &value[f], &nil[f], &d);
  if (!st && eml_strmap_get(&a->keys, key, strlen(key), NULL))
    st = bad(rec, a, F_CODEAUTORARHGOS, &d, _("la même autorisation deux fois dans ce fichier"));
  if (st == EML_ERR_VALUE)
    return reject(a, rec, &d);
  if (st)
    return st;
  for (int f = F_FIXED; f < a->nfields; f++)
    if (a->count_row[f]->list == LIST_COUNT)
      r.count[a->count_row[f]->modality] += value[f];
  for (int f = F_FIXED; f < a->nfields; f++) {
    const amm_code_row *row = a->count_row[f];
    out->nil_or_absent[a->count_slot[f]] += nil[f];
    if (row->list != LIST_COUNT_MEO)
      continue;
    int authorised = r.count[row->modality], in_service = r.in_service[row->modality] + value[f];
    if (in_service > authorised) {
      char msg[256];
      snprintf(msg, sizeof msg,
               _n("ligne %ld : élément <%s> : %d en service pour %d autorisé "
                  "(codeautorarhgos %s) : ramené à %d",
                  "ligne %ld : élément <%s> : %d en service pour %d autorisés "
                  "(codeautorarhgos %s) : ramené à %d", authorised),
               rec->field_line[f], a->names[f], in_service, authorised, r.authorisation,
               authorised);
      warn(a, rec->file, msg);
      out->capped++;
      in_service = authorised;
    }
    r.in_service[row->modality] = in_service;
  }
  if ((st = eml_strmap_put(&a->keys, key, strlen(key), out->nrecords)) ||
      (st = eml_grow((void **)&out->records, &a->cap_records, out->nrecords + 1,
                     sizeof *out->records)))
    return st;
  if (!(r.xml = record_xml(rec, a)))
    return EML_ERR_NOMEM;
  out->records[out->nrecords++] = r;
  out->counts.loaded++;
  return EML_OK;
}

static eml_status on_header(amm_reading *a, const finess_xml_record *rec) {
  const char *v = rec->value[3]; /* datemaj */
  if (!*v || a->out->has_date)
    return EML_OK;
  if (eml_date_parse(v, strlen(v), &a->out->extraction)) {
    eml_diag_set(a->diag, rec->file, rec->field_line[3], "<datemaj>", v, strlen(v),
                 "la date d'extraction de <horodatage> n'est pas une date (attendu AAAA-MM-JJ)");
    return EML_ERR_VALUE;
  }
  a->out->has_date = 1;
  return EML_OK;
}

static eml_status on_record(void *ctx, const finess_xml_record *rec) {
  return rec->layout == 0 ? on_header(ctx, rec) : on_amm(ctx, rec);
}

static void on_unknown(void *ctx, int layout, long position, const char *name, long line) {
  amm_reading *a = ctx;
  eml_finess_amm_file *out = a->out;
  if (layout != 1)
    return; /* <horodatage> is not read beyond its date */
  size_t i = 0;
  while (i < out->nunknown && strcmp(out->unknown[i].name, name) != 0)
    i++;
  if (i == out->nunknown) {
    if (out->nunknown == EML_FINESS_AMM_UNKNOWN)
      return;
    out->nunknown++;
    snprintf(out->unknown[i].name, sizeof out->unknown[i].name, "%s", name);
    out->unknown[i].first_line = line;
  }
  if (out->unknown[i].last_position != position) {
    out->unknown[i].records++;
    out->unknown[i].last_position = position;
  }
}

void eml_finess_amm_file_free(eml_finess_amm_file *f) {
  if (!f)
    return;
  for (size_t i = 0; i < f->nrejects; i++)
    free(f->rejects[i].xml);
  for (size_t i = 0; i < f->nrecords; i++)
    free(f->records[i].xml);
  free(f->rejects);
  free(f->records);
  f->rejects = NULL;
  f->records = NULL;
  f->nrejects = f->nrecords = 0;
}

eml_status eml_finess_amm_read(const char *path, const eml_finess_amm_codes *codes,
                               const eml_read_hooks *hooks, eml_finess_amm_file *out,
                               eml_diag *diag) {
  memset(out, 0, sizeof *out);
  amm_reading a = {.codes = codes, .hooks = hooks, .out = out, .diag = diag};
  for (int f = 0; f < F_FIXED; f++)
    a.names[a.nfields++] = fixed_fields[f];
  for (size_t i = 0; i < codes->nrows; i++) {
    const amm_code_row *row = &codes->rows[i];
    if (row->list != LIST_COUNT && row->list != LIST_COUNT_MEO)
      continue;
    if (a.nfields == FINESS_XML_MAX_FIELDS || out->ncounts == EML_FINESS_AMM_COUNTS) {
      eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                   "amm-codes.csv: plus de %d éléments de nombres d'appareils",
                   EML_FINESS_AMM_COUNTS);
      return EML_ERR_TOO_LARGE;
    }
    a.count_row[a.nfields] = row;
    a.count_slot[a.nfields] = (int)out->ncounts;
    snprintf(out->count_element[out->ncounts++], sizeof out->count_element[0], "%s", row->code);
    a.names[a.nfields++] = row->code;
  }
  const finess_xml_layout layouts[2] = {
      {"horodatage", header_fields, (int)(sizeof header_fields / sizeof header_fields[0]), NULL},
      {RECORD, a.names, a.nfields, containers}};
  finess_xml_reading r = {.path = path,
                          .layouts = layouts,
                          .nlayouts = 2,
                          .records_required = RECORD,
                          .on_record = on_record,
                          .on_unknown = on_unknown,
                          .ctx = &a};
  eml_status st = finess_xml_read(&r, diag);
  eml_strmap_free(&a.keys);
  if (st) { /* nothing kept: the counts say what was read */
    eml_finess_amm_file_free(out);
    return st;
  }
  for (size_t i = 0; i < out->nunknown; i++) {
    char msg[256];
    snprintf(msg, sizeof msg,
             _n("élément <%s> de <activiteamm> absent de la description : ignoré "
                "(%ld enregistrement, à la ligne %ld)",
                "élément <%s> de <activiteamm> absent de la description : ignoré "
                "(%ld enregistrements, le premier à la ligne %ld)",
                out->unknown[i].records),
             out->unknown[i].name, out->unknown[i].records, out->unknown[i].first_line);
    warn(&a, path, msg);
  }
  return EML_OK;
}
