/*
 * load.c — the readers of the five radiotherapy input files (spec
 * radiotherapy.md, "Inputs"; README "Conventions for every input file" and
 * "Bad input") into an eml_rt_data held in memory.
 *
 * Model: one row at a time; a row that cannot be read is handed to the
 * caller's reject callback with `FILE:LINE: column NAME: what (value 'X')`
 * and left out, the others are appended. Cross-file references (centre of a
 * machine, course and machine of a session) are looked up in maps filled by
 * the files read before, which is why the files come in a fixed order. The
 * `continues` column of the courses is resolved when the whole file has
 * been read (a complement may come before its initial scheme): an unknown
 * course, a course of another patient or centre, and a chain that loops are
 * rejected, and so is every course that continues a rejected one. The
 * `replaces` column of the machines is resolved the same way at the end of
 * its file: an unknown machine, one of another centre or of another kind
 * (a LINAC or a COBALT may replace either), one that did not come into
 * service before the replacement, and one that was rejected are refused.
 *
 * Patient identifiers are pseudonymised as soon as a row is read; the
 * clear value never leaves this file: a rejected row is handed on rebuilt
 * with the pseudonym in place of the identifier.
 *
 * The columns, the header mapping and the value getters are the input
 * pipeline's (io/row.h, with the radiotherapy words), and so is the import
 * profile a file may be read through (io/profile.h: data->profile, the
 * section named after the file, whose cells are built before the row is
 * read, as for the imaging files); the reading loop is
 * this file's own, not eml_rows_read, because the rows it hands to the
 * reject hook are rebuilt with pseudonyms, never the bytes as read, and a
 * course is rejected after the whole file when its `continues` fails.
 */
#include "io/profile.h"
#include "io/row.h"
#include "rt_internal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RT_PATIENT_ID_MAX 256 /* bytes of a patient identifier in clear */
#define RT_RAW_MAX ((size_t)1 << 20)

typedef eml_column_spec col_spec;

typedef struct reader_ctx {
  eml_rt_data *data;
  eml_csv_reader *reader;
  eml_row row; /* the pipeline's view of the current record */
  eml_rt_file file;
  const col_spec *spec;
  size_t n_spec;
  int *cols; /* row.index: where each spec column is, -1 when absent */
  int decimal_comma;
  int patient_spec; /* spec index of patient_id, or -1 */
  char pseudonym[EML_RT_PSEUDONYM_HEX + 1];
  /* the last identifier hashed and its pseudonym: the passages of a patient
   * follow one another, one hash serves them (wiped when the file is read) */
  char last_id[RT_PATIENT_ID_MAX];
  size_t last_len;
  char last_pseudonym[EML_RT_PSEUDONYM_HEX + 1];
  /* the last course and machine a passage named, found in the maps: the
   * passages of a course follow one another ("" when none yet) */
  char last_course[EML_RT_ID_MAX + 1], last_machine[EML_RT_ID_MAX + 1];
  size_t last_course_index, last_machine_index;
  const eml_read_hooks *hooks;
  int stop; /* no reject hook: the first bad row stops the reading */
  eml_status fatal;
} reader_ctx;

/* A row whose link to another row of its file (a course's `continues`, a
 * machine's `replaces`) is resolved once the file is read. */
typedef struct pending_link {
  size_t item; /* index of the course or machine */
  long line;
  char target[EML_RT_ID_MAX + 1];
  char *raw;
} pending_link;

static const char *const file_names[EML_RT_FILE_COUNT] = {
    "rt_centres.csv", "rt_machines.csv", "rt_staff.csv", "rt_courses.csv", "rt_sessions.csv"};

const char *eml_rt_file_name(eml_rt_file file) {
  return file < EML_RT_FILE_COUNT ? file_names[file] : "?";
}

/* ---- column specs (one per file, order = the row parsers' indexes) ---- */

enum { C_FINESS, C_NAME, C_TERRITORY, C_TEACHING, C_SINGLE, C_CT_SIM, C_CONV_DOSI, C_DOSI_3D,
       C_IMAGING_H, C_NETWORK, C_HDR_ONC, C_HDR_PHYS, C_COOPERATION, C_DEROGATION,
       C_DEROGATION_SOURCE };
static const col_spec centre_cols[] = {
    {"finess", 1, EML_COL_FINESS, NULL},         {"name", 1, EML_COL_TEXT, NULL},
    {"territory", 0, EML_COL_TEXT, NULL},        {"teaching", 0, EML_COL_BOOL, NULL},
    {"single_machine_case", 0, EML_COL_CODE, NULL}, {"ct_simulation", 0, EML_COL_BOOL, NULL},
    {"conventional_dosimetry", 0, EML_COL_BOOL, NULL}, {"dosimetry_3d", 0, EML_COL_CODE, NULL},
    {"imaging_access_h", 0, EML_COL_REAL, NULL}, {"network", 0, EML_COL_BOOL, NULL},
    {"hdr_oncologist", 0, EML_COL_BOOL, NULL},   {"hdr_physicist", 0, EML_COL_BOOL, NULL},
    {"cooperation_agreement", 0, EML_COL_BOOL, NULL}, {"derogation", 0, EML_COL_BOOL, NULL},
    {"derogation_source", 0, EML_COL_TEXT, NULL}, {NULL, 0, 0, NULL}};

enum { M_ID, M_FINESS, M_KIND, M_PHOTON, M_ELECTRONS, M_MLC, M_PORTAL, M_IMRT, M_IN_VIVO,
       M_PARAM, M_FROM, M_UNTIL, M_REPLACES };
static const col_spec machine_cols[] = {
    {"machine_id", 1, EML_COL_TEXT, NULL},      {"finess", 1, EML_COL_TEXT, NULL},
    {"kind", 1, EML_COL_CODE, NULL},            {"photon_mv", 0, EML_COL_TEXT, NULL},
    {"electrons", 0, EML_COL_BOOL, NULL},       {"mlc", 0, EML_COL_BOOL, NULL},
    {"portal_imaging", 0, EML_COL_BOOL, NULL},  {"imrt", 0, EML_COL_BOOL, NULL},
    {"in_vivo_dosimetry", 0, EML_COL_BOOL, NULL}, {"parameter_control", 0, EML_COL_BOOL, NULL},
    {"in_service_from", 1, EML_COL_DATE, NULL}, {"in_service_until", 0, EML_COL_DATE, NULL},
    {"replaces", 0, EML_COL_TEXT, NULL},        {NULL, 0, 0, NULL}};

enum { S_FINESS, S_YEAR, S_ROLE, S_FTE };
static const col_spec staff_cols[] = {
    {"finess", 1, EML_COL_TEXT, NULL}, {"year", 1, EML_COL_INT, NULL},
    {"role", 1, EML_COL_CODE, NULL},   {"fte", 1, EML_COL_REAL, NULL},
    {NULL, 0, 0, NULL}};

enum { K_ID, K_PATIENT, K_FINESS, K_PATHOLOGY, K_MODALITY, K_TECHNIQUE, K_STARTED, K_CLOSED,
       K_CONTINUES };
static const col_spec course_cols[] = {
    {"course_id", 1, EML_COL_TEXT, NULL},  {"patient_id", 1, EML_COL_TEXT, NULL},
    {"finess", 1, EML_COL_TEXT, NULL},     {"pathology", 1, EML_COL_CODE, NULL},
    {"modality", 1, EML_COL_CODE, NULL},   {"technique", 0, EML_COL_CODE, NULL},
    {"started_on", 1, EML_COL_DATE, NULL}, {"closed_on", 0, EML_COL_DATE, NULL},
    {"continues", 0, EML_COL_TEXT, NULL},  {NULL, 0, 0, NULL}};

enum { P_PATIENT, P_COURSE, P_MACHINE, P_START, P_FIELDS, P_INPATIENT };
static const col_spec session_cols[] = {
    {"patient_id", 1, EML_COL_TEXT, NULL}, {"course_id", 1, EML_COL_TEXT, NULL},
    {"machine_id", 1, EML_COL_TEXT, NULL}, {"start", 1, EML_COL_DATETIME, NULL},
    {"fields", 1, EML_COL_INT, NULL},      {"inpatient", 0, EML_COL_BOOL, NULL},
    {NULL, 0, 0, NULL}};

static const char *const kind_names[] = {"LINAC", "COBALT", "BRACHY", "SIMULATOR"};
static const char *const role_names[] = {"ONCOLOGIST", "PHYSICIST", "RTT", "DOSIMETRIST"};
static const char *const single_names[] = {"", "legacy", "transitional", "isolated"};
static const char *const dosi3d_names[] = {"none", "on_site", "agreement"};
static const char *const modality_names[] = {"EXTERNAL", "BRACHY"};
static const char *const technique_names[] = {"STANDARD", "TBI",  "TSEI",      "SRS",
                                              "SRT",      "IORT", "PEDIATRIC", "SPECIAL_BRACHY"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define SPEC_COUNT(a) (COUNT(a) - 1) /* without the closing row */

/* ---- rows: fields, rejects -------------------------------------------- */

static const char *field(const reader_ctx *c, int which, size_t *len) {
  return eml_row_field(&c->row, which, len);
}

/* Where the patient identifier is in the file: its header, or the one a
 * profile names for it (-1: none, or no patient in this file). */
static int patient_position(const reader_ctx *c) {
  if (c->patient_spec < 0)
    return -1;
  const eml_profile_binding *b = c->row.profile;
  if (b && b->section && b->col[c->patient_spec].mode == EML_PC_RENAMED)
    return b->col[c->patient_spec].src;
  return c->cols[c->patient_spec];
}

/* The row as in the file, but with the patient identifier replaced by its
 * pseudonym; returns NULL when out of memory. Caller frees. */
static char *row_redacted(const reader_ctx *c) {
  size_t len;
  int truncated = 0;
  int patient = patient_position(c);
  if (patient < 0) {
    const char *raw = eml_csv_raw(c->reader, &len, &truncated);
    return eml_strndup(raw, len);
  }
  eml_buf b;
  eml_buf_init(&b, RT_RAW_MAX);
  char delim = eml_csv_delimiter(c->reader);
  eml_status st = EML_OK;
  for (size_t i = 0; i < eml_csv_field_count(c->reader) && !st; i++) {
    const char *f = (int)i == patient ? c->pseudonym : eml_csv_field(c->reader, i, &len);
    len = strlen(f);
    if (i > 0)
      st = eml_buf_putc(&b, delim);
    int quote = strchr(f, delim) || strchr(f, '"') || strchr(f, '\n') || strchr(f, '\r');
    if (!st && quote)
      st = eml_buf_putc(&b, '"');
    for (size_t k = 0; k < len && !st; k++)
      st = f[k] == '"' ? eml_buf_append(&b, "\"\"", 2) : eml_buf_putc(&b, f[k]);
    if (!st && quote)
      st = eml_buf_putc(&b, '"');
  }
  if (!st)
    st = eml_buf_putc(&b, '\0');
  if (st) {
    eml_buf_free(&b);
    return NULL;
  }
  return eml_buf_take(&b);
}

/* Hands a diagnostic and a raw row to the caller; counts the reject.
 * Without a reject hook the reading stops at this row. */
static void reject_row(reader_ctx *c, const eml_diag *d, const char *raw) {
  c->data->summary[c->file].rejected++;
  if (c->hooks && c->hooks->reject)
    c->hooks->reject(c->hooks->ctx, d, raw ? raw : "", raw ? strlen(raw) : 0);
  else
    c->stop = 1;
}

/* Rejects the current row with the diagnostic a getter filled: the row
 * handed on is rebuilt with the pseudonym. Returns EML_ERR_VALUE. */
static eml_status reject_current(reader_ctx *c, const eml_diag *d) {
  char *raw = row_redacted(c);
  if (!raw)
    c->fatal = EML_ERR_NOMEM;
  reject_row(c, d, raw);
  free(raw);
  return EML_ERR_VALUE;
}

/* Rejects the current row: column `which` (or none when < 0), its value
 * shown unless it is the patient identifier (the row's secret column).
 * Returns EML_ERR_VALUE. */
static eml_status row_error(reader_ctx *c, int which, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static eml_status row_error(reader_ctx *c, int which, const char *fmt, ...) {
  char message[EML_DIAG_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, _(fmt), ap); /* a French msgid */
  va_end(ap);
  eml_diag d;
  /* eml_row_bad only fills d (and says EML_ERR_VALUE): the rejection is
   * reject_current's */
  eml_status_ignore(eml_row_bad(&c->row, which, &d, message));
  return reject_current(c, &d);
}

/* The pipeline's getters (radiotherapy words); a bad value rejects the row. */
static eml_status get_text(reader_ctx *c, int which, char *out, size_t max) {
  eml_diag d;
  return eml_row_text(&c->row, which, out, max, &d) ? reject_current(c, &d) : EML_OK;
}

/* An empty boolean is false. */
static eml_status get_bool(reader_ctx *c, int which, int *out) {
  eml_diag d;
  return eml_row_bool(&c->row, which, out, &d) ? reject_current(c, &d) : EML_OK;
}

static eml_status get_real(reader_ctx *c, int which, double min, double max, double *out) {
  eml_diag d;
  int has;
  return eml_row_real(&c->row, which, min, max, &has, out, &d) ? reject_current(c, &d) : EML_OK;
}

static eml_status get_date(reader_ctx *c, int which, eml_date *out, int *present) {
  eml_diag d;
  return eml_row_date(&c->row, which, present, out, &d) ? reject_current(c, &d) : EML_OK;
}

/* A code among names (case-insensitive); empty gives fallback when the
 * column is optional. */
static eml_status get_code(reader_ctx *c, int which, const char *const *names, size_t n,
                           int fallback, int *out) {
  eml_diag d;
  return eml_row_code(&c->row, which, names, n, fallback, out, &d) ? reject_current(c, &d)
                                                                     : EML_OK;
}

/* The index of a known centre named in column `which`. */
static eml_status get_centre(reader_ctx *c, int which, size_t *centre) {
  char finess[16];
  if (get_text(c, which, finess, sizeof finess))
    return EML_ERR_VALUE;
  if (!rt_map_get(&c->data->index->centres, finess, centre))
    return row_error(c, which, "centre inconnu (absent de rt_centres.csv)");
  return EML_OK;
}

static eml_status pseudonymise(reader_ctx *c, const char *s, size_t len);

static eml_status get_patient(reader_ctx *c, int which) {
  size_t len;
  const char *s = field(c, which, &len);
  c->pseudonym[0] = '\0';
  if (!len)
    return row_error(c, which, "valeur manquante");
  if (len > RT_PATIENT_ID_MAX)
    return row_error(c, which, "trop long (au plus %d octets)", RT_PATIENT_ID_MAX);
  return pseudonymise(c, s, len);
}

/* c->pseudonym of the identifier s[0..len) (1 to RT_PATIENT_ID_MAX bytes). */
static eml_status pseudonymise(reader_ctx *c, const char *s, size_t len) {
  if (len == c->last_len && memcmp(s, c->last_id, len) == 0) {
    memcpy(c->pseudonym, c->last_pseudonym, sizeof c->pseudonym);
    return EML_OK;
  }
  eml_status st = eml_rt_pseudonym(c->data->key, s, len, c->pseudonym);
  if (st) {
    c->fatal = st;
    return st;
  }
  memcpy(c->last_id, s, len);
  c->last_len = len;
  memcpy(c->last_pseudonym, c->pseudonym, sizeof c->pseudonym);
  return EML_OK;
}

/* Makes room for one more item after count. The loader's arrays keep no
 * capacity: it is the count rounded up to a power of two, EML_GROW_INITIAL
 * at least (eml_grow doubles from there), so it is computed back here. */
static void *grow(void *array, size_t count, size_t elem) {
  _Static_assert((EML_GROW_INITIAL & (EML_GROW_INITIAL - 1)) == 0,
                 "EML_GROW_INITIAL is a power of two");
  /* full only at 0 and at a power of two from EML_GROW_INITIAL on: the
   * other counts (nearly every row) need no work */
  if (count && (count < EML_GROW_INITIAL || (count & (count - 1)) != 0))
    return array;
  size_t cap = count;
  return eml_grow(&array, &cap, count + 1, elem) ? NULL : array;
}

/* Files the key of a new row in map (at index n) and makes room in array
 * for it. Returns the array (maybe moved); NULL with *duplicate set when
 * the key is there already, NULL with c->fatal set when out of memory. */
static void *add_keyed(reader_ctx *c, eml_strmap *map, const char *key, void *array, size_t n,
                       size_t elem, int *duplicate) {
  eml_status st = rt_map_put(map, key, n);
  *duplicate = st == EML_ERR_DUPLICATE;
  void *grown = st ? NULL : grow(array, n, elem);
  if (!grown && !*duplicate)
    c->fatal = EML_ERR_NOMEM;
  return grown;
}

/* ---- one row of each file ---------------------------------------------- */

static eml_status read_centre(reader_ctx *c) {
  eml_rt_centre k;
  memset(&k, 0, sizeof k);
  int single = 0, dosi = 0;
  if (get_text(c, C_FINESS, k.finess, sizeof k.finess) || get_text(c, C_NAME, k.name, sizeof k.name) ||
      get_text(c, C_TERRITORY, k.territory, sizeof k.territory) ||
      get_bool(c, C_TEACHING, &k.teaching) ||
      get_code(c, C_SINGLE, single_names, COUNT(single_names), 0, &single) ||
      get_bool(c, C_CT_SIM, &k.ct_simulation) || get_bool(c, C_CONV_DOSI, &k.conventional_dosimetry) ||
      get_code(c, C_DOSI_3D, dosi3d_names, COUNT(dosi3d_names), EML_RT_3D_NONE, &dosi) ||
      get_real(c, C_IMAGING_H, 0, 168, &k.imaging_access_h) || get_bool(c, C_NETWORK, &k.network) ||
      get_bool(c, C_HDR_ONC, &k.hdr_oncologist) || get_bool(c, C_HDR_PHYS, &k.hdr_physicist) ||
      get_bool(c, C_COOPERATION, &k.cooperation_agreement) ||
      get_bool(c, C_DEROGATION, &k.derogation) ||
      get_text(c, C_DEROGATION_SOURCE, k.derogation_source, sizeof k.derogation_source))
    return EML_ERR_VALUE;
  if (k.derogation_source[0] && !k.derogation)
    return row_error(c, C_DEROGATION_SOURCE,
                     "une référence de dérogation, mais derogation n'est pas vrai");
  eml_finess_check fc = eml_finess_validate(k.finess, strlen(k.finess));
  if (fc != EML_FINESS_VALID && fc != EML_FINESS_KEY_UNCHECKED)
    return row_error(c, C_FINESS, "%s", eml_finess_message(fc));
  k.single_machine_case = (eml_rt_single_case)single;
  k.dosimetry_3d = (eml_rt_dosimetry_3d)dosi;
  eml_rt_data *d = c->data;
  int duplicate;
  eml_rt_centre *a =
      add_keyed(c, &d->index->centres, k.finess, d->centres, d->n_centres, sizeof k, &duplicate);
  if (!a)
    return duplicate ? row_error(c, C_FINESS, "centre en double") : c->fatal;
  d->centres = a;
  d->centres[d->n_centres++] = k;
  return EML_OK;
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* photon_mv: energies in MV separated by ';' ("6;18"; in a file delimited
 * by ';' the value is quoted). Kept in ascending order. */
static eml_status get_energies(reader_ctx *c, eml_rt_machine *m) {
  size_t len;
  const char *s = field(c, M_PHOTON, &len);
  m->photon_count = 0;
  if (m->kind == EML_RT_COBALT) {
    double mv;
    if (len && (eml_parse_double(s, len, 1, &mv) != EML_OK || mv != EML_RT_COBALT_MV))
      return row_error(c, M_PHOTON, "un cobalt délivre une seule énergie, comptée 1,25 MV");
    m->photon_mv[m->photon_count++] = EML_RT_COBALT_MV;
    return EML_OK;
  }
  if (m->kind != EML_RT_LINAC) {
    if (len)
      return row_error(c, M_PHOTON, "des énergies de photons pour LINAC et COBALT seulement");
    return EML_OK;
  }
  if (!len)
    return row_error(c, M_PHOTON, N_("valeur manquante (un accélérateur a des énergies de photons)"));
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != ';')
      continue;
    const char *item = s + start;
    size_t n = i - start;
    while (n && *item == ' ') {
      item++;
      n--;
    }
    while (n && item[n - 1] == ' ')
      n--;
    double mv;
    if (!n || eml_parse_double(item, n, c->decimal_comma, &mv) != EML_OK)
      return row_error(c, M_PHOTON,
                       "pas une liste d'énergies en MV séparées par « ; » (par exemple 6;18)");
    if (mv <= 0 || mv > 50)
      return row_error(c, M_PHOTON, "énergie hors limites (0 à 50 MV)");
    if (m->photon_count == EML_RT_MAX_ENERGIES)
      return row_error(c, M_PHOTON, "plus de %d énergies", EML_RT_MAX_ENERGIES);
    m->photon_mv[m->photon_count++] = mv;
    start = i + 1;
  }
  qsort(m->photon_mv, m->photon_count, sizeof m->photon_mv[0], compare_double);
  for (size_t i = 1; i < m->photon_count; i++)
    if (m->photon_mv[i] == m->photon_mv[i - 1])
      return row_error(c, M_PHOTON, "énergie donnée deux fois");
  return EML_OK;
}

/* Files a row whose link (column which, value target) is resolved at the
 * end of the file; the row is kept as a reject would show it. */
static eml_status add_pending(reader_ctx *c, pending_link **pending, size_t *n_pending,
                              size_t item, const char *target) {
  pending_link *p = grow(*pending, *n_pending, sizeof *p);
  if (!p)
    return c->fatal = EML_ERR_NOMEM;
  *pending = p;
  p[*n_pending].item = item;
  p[*n_pending].line = eml_csv_line(c->reader);
  snprintf(p[*n_pending].target, sizeof p[*n_pending].target, "%s", target);
  if (!(p[*n_pending].raw = row_redacted(c)))
    return c->fatal = EML_ERR_NOMEM;
  (*n_pending)++;
  return EML_OK;
}

static eml_status read_machine(reader_ctx *c, pending_link **pending, size_t *n_pending) {
  eml_rt_machine m;
  memset(&m, 0, sizeof m);
  int kind = 0, present = 0;
  if (get_text(c, M_ID, m.machine_id, sizeof m.machine_id) || get_centre(c, M_FINESS, &m.centre) ||
      get_code(c, M_KIND, kind_names, COUNT(kind_names), 0, &kind))
    return EML_ERR_VALUE;
  m.kind = (eml_rt_machine_kind)kind;
  if (get_energies(c, &m) || get_bool(c, M_ELECTRONS, &m.electrons) || get_bool(c, M_MLC, &m.mlc) ||
      get_bool(c, M_PORTAL, &m.portal_imaging) || get_bool(c, M_IMRT, &m.imrt) ||
      get_bool(c, M_IN_VIVO, &m.in_vivo_dosimetry) || get_bool(c, M_PARAM, &m.parameter_control) ||
      get_date(c, M_FROM, &m.in_service_from, &present) ||
      get_date(c, M_UNTIL, &m.in_service_until, &m.has_until) ||
      get_text(c, M_REPLACES, m.replaces, sizeof m.replaces))
    return EML_ERR_VALUE;
  if (strcmp(m.replaces, m.machine_id) == 0)
    return row_error(c, M_REPLACES, "une machine ne peut pas se remplacer elle-même");
  if (m.electrons && m.kind != EML_RT_LINAC)
    return row_error(c, M_ELECTRONS, "seul un accélérateur (LINAC) délivre des électrons");
  if (m.has_until && m.in_service_until < m.in_service_from)
    return row_error(c, M_UNTIL, "hors service avant sa mise en service");
  eml_rt_data *d = c->data;
  int duplicate;
  eml_rt_machine *a = add_keyed(c, &d->index->machines, m.machine_id, d->machines, d->n_machines,
                                sizeof m, &duplicate);
  if (!a)
    return duplicate ? row_error(c, M_ID, "machine en double") : c->fatal;
  d->machines = a;
  if (m.replaces[0] && add_pending(c, pending, n_pending, d->n_machines, m.replaces))
    return c->fatal;
  d->machines[d->n_machines++] = m;
  return EML_OK;
}

static eml_status read_staff(reader_ctx *c) {
  eml_rt_staff s;
  memset(&s, 0, sizeof s);
  int role = 0;
  double year = 0;
  if (get_centre(c, S_FINESS, &s.centre) || get_real(c, S_YEAR, 1900, 2200, &year) ||
      get_code(c, S_ROLE, role_names, COUNT(role_names), 0, &role) ||
      get_real(c, S_FTE, 0, 1000, &s.fte))
    return EML_ERR_VALUE;
  if (year != (int)year)
    return row_error(c, S_YEAR, "pas une année");
  s.year = (int)year;
  s.role = (eml_rt_role)role;
  eml_rt_data *d = c->data;
  eml_rt_staff *a = grow(d->staff, d->n_staff, sizeof *a);
  if (!a)
    return c->fatal = EML_ERR_NOMEM;
  d->staff = a;
  d->staff[d->n_staff++] = s;
  return EML_OK;
}

/* ICD-10: a letter, two digits, then optionally '.' and up to 4 more. */
static int is_icd10(const char *s) {
  size_t n = strlen(s);
  if (n < 3 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) ||
      s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
    return 0;
  size_t i = 3;
  if (i < n && s[i] == '.')
    i++;
  if (n - i > 4)
    return 0;
  for (; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || (s[i] >= 'A' && s[i] <= 'Z')))
      return 0;
  return 1;
}

static eml_status read_course(reader_ctx *c, pending_link **pending, size_t *n_pending) {
  eml_rt_course k;
  memset(&k, 0, sizeof k);
  int modality = 0, technique = 0, present = 0;
  char continues[EML_RT_ID_MAX + 1];
  if (get_patient(c, K_PATIENT) || get_text(c, K_ID, k.course_id, sizeof k.course_id) ||
      get_centre(c, K_FINESS, &k.centre) || get_text(c, K_PATHOLOGY, k.pathology, sizeof k.pathology) ||
      get_code(c, K_MODALITY, modality_names, COUNT(modality_names), 0, &modality) ||
      get_code(c, K_TECHNIQUE, technique_names, COUNT(technique_names), 0, &technique) ||
      get_date(c, K_STARTED, &k.started_on, &present) ||
      get_date(c, K_CLOSED, &k.closed_on, &k.closed) ||
      get_text(c, K_CONTINUES, continues, sizeof continues))
    return EML_ERR_VALUE;
  if (!is_icd10(k.pathology))
    return row_error(c, K_PATHOLOGY, "pas un code CIM-10 (par exemple C50.9)");
  if (k.closed && k.closed_on < k.started_on)
    return row_error(c, K_CLOSED, "clos avant son début");
  if (strcmp(continues, k.course_id) == 0)
    return row_error(c, K_CONTINUES, "un traitement ne peut pas se continuer lui-même");
  memcpy(k.patient, c->pseudonym, sizeof k.patient);
  k.modality = (eml_rt_modality)modality;
  k.technique = (eml_rt_technique)technique;
  k.continues = -1;
  eml_rt_data *d = c->data;
  int duplicate;
  eml_rt_course *a = add_keyed(c, &d->index->courses, k.course_id, d->courses, d->n_courses,
                               sizeof k, &duplicate);
  if (!a)
    return duplicate ? row_error(c, K_ID, "traitement en double") : c->fatal;
  d->courses = a;
  if (continues[0] && add_pending(c, pending, n_pending, d->n_courses, continues))
    return c->fatal;
  d->courses[d->n_courses++] = k;
  return EML_OK;
}

/* The fast path of a count: a field of 1 to 4 digits, at most max, into
 * *out (0); anything else (blanks, signs, decimals, too large) is left to
 * the pipeline's getter, whose messages the tests fix (1). */
static int plain_count(const reader_ctx *c, int which, long max, long *out) {
  size_t len;
  const char *f = field(c, which, &len);
  long v = 0;
  if (len < 1 || len > 4)
    return 1;
  for (size_t i = 0; i < len; i++) {
    if (f[i] < '0' || f[i] > '9')
      return 1;
    v = v * 10 + (f[i] - '0');
  }
  if (v > max)
    return 1;
  *out = v;
  return 0;
}

/* rt_map_get, with the last identifier found and its index kept in
 * last / *last_index. */
static int cached_find(const eml_strmap *map, const char *id, char last[EML_RT_ID_MAX + 1],
                       size_t *last_index, size_t *out) {
  if (last[0] && strcmp(id, last) == 0) {
    *out = *last_index;
    return 1;
  }
  if (!rt_map_get(map, id, out))
    return 0;
  snprintf(last, EML_RT_ID_MAX + 1, "%s", id);
  *last_index = *out;
  return 1;
}

static eml_status read_session(reader_ctx *c) {
  eml_rt_session s;
  memset(&s, 0, sizeof s);
  char course[EML_RT_ID_MAX + 1], machine[EML_RT_ID_MAX + 1];
  double fields = 0;
  int flags = 0, inpatient = 0;
  size_t course_index, machine_index;
  long count;
  if (get_patient(c, P_PATIENT) || get_text(c, P_COURSE, course, sizeof course) ||
      get_text(c, P_MACHINE, machine, sizeof machine))
    return EML_ERR_VALUE;
  eml_rt_data *d = c->data;
  if (!cached_find(&d->index->courses, course, c->last_course, &c->last_course_index,
                   &course_index))
    return row_error(c, P_COURSE, "traitement inconnu (absent de rt_courses.csv)");
  if (!cached_find(&d->index->machines, machine, c->last_machine, &c->last_machine_index,
                   &machine_index))
    return row_error(c, P_MACHINE, "machine inconnue (absente de rt_machines.csv)");
  /* a passage keeps them in 32 bits (eml_rt_session) */
  if (course_index > UINT32_MAX || machine_index > UINT32_MAX || d->n_sessions >= UINT32_MAX)
    return c->fatal = EML_ERR_TOO_LARGE;
  s.course = (uint32_t)course_index;
  s.machine = (uint32_t)machine_index;
  if (strcmp(d->courses[s.course].patient, c->pseudonym) != 0)
    return row_error(c, P_PATIENT, "pas le patient du traitement %s", course);
  if (d->machines[s.machine].centre != d->courses[s.course].centre)
    return row_error(c, P_MACHINE, "machine d'un autre centre que le traitement %s", course);
  if (d->machines[s.machine].kind == EML_RT_SIMULATOR)
    return row_error(c, P_MACHINE, "un simulateur n'est pas une machine de traitement");
  size_t len;
  const char *start = field(c, P_START, &len);
  if (!len)
    return row_error(c, P_START, "valeur manquante");
  if (eml_datetime_parse(start, len, &s.start, &flags) != EML_OK)
    return row_error(c, P_START, "pas une date-heure (attendu AAAA-MM-JJTHH:MM[:SS])");
  s.time_flags = (uint8_t)(flags & (EML_TIME_AMBIGUOUS | EML_TIME_SKIPPED));
  if (plain_count(c, P_FIELDS, 1000, &count)) {
    /* anything but 1 to 4 digits: the pipeline's reading and messages */
    if (get_real(c, P_FIELDS, 0, 1000, &fields))
      return EML_ERR_VALUE;
    if (fields != (long)fields)
      return row_error(c, P_FIELDS, "pas un nombre entier de champs");
    count = (long)fields;
  }
  s.fields = (int32_t)count; /* 0 to 1000 */
  if (get_bool(c, P_INPATIENT, &inpatient))
    return EML_ERR_VALUE;
  s.inpatient = (uint8_t)inpatient;
  eml_rt_session *a = grow(d->sessions, d->n_sessions, sizeof *a);
  if (!a)
    return c->fatal = EML_ERR_NOMEM;
  d->sessions = a;
  d->sessions[d->n_sessions++] = s;
  return EML_OK;
}

/* The pseudonym of a row rejected before its fields are read, for the
 * redacted row only: an empty or too long identifier is not a second
 * reject of the same row (fuzz_rt). */
static void redaction_pseudonym(reader_ctx *c) {
  size_t len = 0;
  const char *id = "";
  int patient = patient_position(c);
  c->pseudonym[0] = '\0';
  /* the cell as in the file: a profile's cells are not built for this row */
  if (patient >= 0 && (size_t)patient < eml_csv_field_count(c->reader))
    id = eml_trim_blanks(eml_csv_field(c->reader, (size_t)patient, &len), &len);
  if (len && len <= RT_PATIENT_ID_MAX)
    pseudonymise(c, id, len);
}

/* ---- `continues` -------------------------------------------------------- */

static void reject_pending(reader_ctx *c, const pending_link *p, const char *message) {
  eml_diag d;
  eml_diag_set(&d, eml_csv_name(c->reader), p->line,
               c->file == EML_RT_FILE_MACHINES ? "replaces" : "continues", p->target,
               strlen(p->target), "%s", _(message)); /* an N_() msgid */
  c->data->summary[c->file].loaded--;
  reject_row(c, &d, p->raw);
}

/* Resolves every pending `continues`, rejects the bad courses and removes
 * them, then sets each course's root. */
static eml_status resolve_continues(reader_ctx *c, pending_link *pending, size_t n_pending) {
  eml_rt_data *d = c->data;
  size_t n = d->n_courses;
  long *target = malloc((n ? n : 1) * sizeof *target);
  long *pending_of = malloc((n ? n : 1) * sizeof *pending_of);
  unsigned char *state = calloc(n ? n : 1, 1); /* 0 new, 1 on path, 2 ok, 3 bad */
  size_t *path = malloc((n ? n : 1) * sizeof *path);
  if (!target || !pending_of || !state || !path) {
    free(target), free(pending_of), free(state), free(path);
    return EML_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) { /* courses of an earlier file keep their link */
    target[i] = d->courses[i].continues;
    pending_of[i] = -1;
  }
  for (size_t p = 0; p < n_pending; p++) {
    size_t i = pending[p].item, t;
    pending_of[i] = (long)p;
    if (!rt_map_get(&d->index->courses, pending[p].target, &t)) {
      reject_pending(c, &pending[p], N_("traitement inconnu (absent de rt_courses.csv)"));
      state[i] = 3;
    } else if (strcmp(d->courses[t].patient, d->courses[i].patient) != 0) {
      reject_pending(c, &pending[p], N_("continue un traitement d'un autre patient"));
      state[i] = 3;
    } else if (d->courses[t].centre != d->courses[i].centre) {
      reject_pending(c, &pending[p], N_("continue un traitement d'un autre centre"));
      state[i] = 3;
    } else {
      target[i] = (long)t;
    }
  }
  /* chains: walk from each course to its root; a walk that meets its own
   * path is a cycle, one that meets a bad course is bad too */
  for (size_t i = 0; i < n; i++) {
    if (state[i])
      continue;
    size_t len = 0, j = i;
    int verdict = 2;
    for (;;) {
      if (state[j] == 1) {
        verdict = 4; /* cycle */
        break;
      }
      if (state[j] >= 2) {
        verdict = state[j] == 2 ? 2 : 5; /* joins a rejected course */
        break;
      }
      state[j] = 1;
      path[len++] = j;
      if (target[j] < 0)
        break;
      j = (size_t)target[j];
    }
    for (size_t k = 0; k < len; k++) {
      state[path[k]] = verdict == 2 ? 2 : 3;
      if (verdict != 2 && pending_of[path[k]] >= 0)
        reject_pending(c, &pending[pending_of[path[k]]],
                       verdict == 4 ? N_("la chaîne des `continues` fait une boucle")
                                    : N_("continue un traitement rejeté"));
    }
  }
  /* compaction: keep the good courses, renumber */
  long *renum = pending_of; /* reused */
  size_t kept = 0;
  eml_strmap_free(&d->index->courses);
  eml_status st = EML_OK;
  for (size_t i = 0; i < n && !st; i++) {
    renum[i] = state[i] == 2 ? (long)kept : -1;
    if (state[i] == 2) {
      d->courses[kept] = d->courses[i];
      st = rt_map_put(&d->index->courses, d->courses[kept].course_id, kept);
      kept++;
    }
  }
  for (size_t i = 0; i < n && !st; i++)
    if (renum[i] >= 0)
      d->courses[renum[i]].continues = target[i] >= 0 ? renum[target[i]] : -1;
  d->n_courses = kept;
  for (size_t i = 0; i < kept && !st; i++) {
    size_t r = i;
    while (d->courses[r].continues >= 0)
      r = (size_t)d->courses[r].continues;
    d->courses[i].root = r;
  }
  free(target), free(pending_of), free(state), free(path);
  return st;
}

/* ---- `replaces` ------------------------------------------------------------ */

/* Resolves every pending `replaces` (the model above), rejects the bad
 * machines and removes them. A replacement comes into service after the
 * machine it replaces, so links cannot loop. */
static eml_status resolve_replaces(reader_ctx *c, const pending_link *pending, size_t n_pending) {
  eml_rt_data *d = c->data;
  size_t n = d->n_machines;
  unsigned char *bad = calloc(n ? n : 1, 1);
  if (!bad)
    return EML_ERR_NOMEM;
  size_t n_bad = 0;
  for (size_t p = 0; p < n_pending; p++) {
    const eml_rt_machine *m = &d->machines[pending[p].item], *old;
    size_t t;
    const char *why = NULL;
    if (!rt_map_get(&d->index->machines, pending[p].target, &t))
      why = N_("machine inconnue (absente de rt_machines.csv)");
    else if ((old = &d->machines[t])->centre != m->centre)
      why = N_("remplace une machine d'un autre centre");
    else if (old->kind != m->kind && !(rt_is_high_energy(old) && rt_is_high_energy(m)))
      why = N_("remplace une machine d'un autre type (un LINAC ou un COBALT remplace un LINAC ou "
               "un COBALT, les autres machines une machine de leur type)");
    else if (old->in_service_from >= m->in_service_from)
      why = N_("remplace une machine qui n'est pas entrée en service avant elle "
               "(in_service_from)");
    if (why) {
      reject_pending(c, &pending[p], why);
      bad[pending[p].item] = 1;
      n_bad++;
    }
  }
  /* a machine that replaces a rejected one is rejected too */
  for (int changed = n_bad > 0; changed;) {
    changed = 0;
    for (size_t p = 0; p < n_pending; p++) {
      size_t t;
      if (bad[pending[p].item] || !rt_map_get(&d->index->machines, pending[p].target, &t) ||
          !bad[t])
        continue;
      reject_pending(c, &pending[p], N_("remplace une machine rejetée"));
      bad[pending[p].item] = 1;
      n_bad++;
      changed = 1;
    }
  }
  eml_status st = EML_OK;
  if (n_bad) { /* compaction: keep the good machines, refile them */
    size_t kept = 0;
    eml_strmap_free(&d->index->machines);
    for (size_t i = 0; i < n && !st; i++)
      if (!bad[i]) {
        d->machines[kept] = d->machines[i];
        st = rt_map_put(&d->index->machines, d->machines[kept].machine_id, kept);
        kept++;
      }
    d->n_machines = kept;
  }
  free(bad);
  return st;
}

/* ---- files -------------------------------------------------------------- */

/* Lists the header columns no spec column matched (README: ignored, listed
 * once as a warning, which the caller prints); kept in the data set, which
 * says what was read, rather than told to a warning hook. */
static void note_unknown_columns(reader_ctx *c) {
  char *out = c->data->unknown_columns[c->file];
  size_t size = sizeof c->data->unknown_columns[0], len = 0;
  out[0] = '\0';
  for (size_t h = 0; h < eml_csv_header_count(c->reader); h++) {
    /* eml_reason: the last column of a rejects file, which reads back */
    int known = strcasecmp(eml_csv_header(c->reader, h), "eml_reason") == 0 ||
                (c->row.profile->section && eml_profile_uses(c->row.profile, h));
    for (size_t i = 0; i < c->n_spec; i++)
      known |= c->cols[i] == (int)h;
    if (known)
      continue;
    int n = snprintf(out + len, size - len, "%s%s", len ? ", " : "", eml_csv_header(c->reader, h));
    if (n < 0 || (size_t)n >= size - len) {
      snprintf(out + size - 4, 4, "...");
      return;
    }
    len += (size_t)n;
  }
}

eml_status eml_rt_read(eml_rt_data *data, eml_rt_file file, eml_csv_reader *reader,
                       const eml_read_hooks *hooks, eml_diag *diag) {
  static const struct {
    const col_spec *spec;
    size_t n;
    int patient;
  } specs[EML_RT_FILE_COUNT] = {{centre_cols, SPEC_COUNT(centre_cols), -1},
                                {machine_cols, SPEC_COUNT(machine_cols), -1},
                                {staff_cols, SPEC_COUNT(staff_cols), -1},
                                {course_cols, SPEC_COUNT(course_cols), K_PATIENT},
                                {session_cols, SPEC_COUNT(session_cols), P_PATIENT}};
  if (file >= EML_RT_FILE_COUNT)
    return EML_ERR_USAGE;
  reader_ctx c;
  memset(&c, 0, sizeof c);
  c.data = data;
  c.reader = reader;
  c.file = file;
  c.spec = specs[file].spec;
  c.n_spec = specs[file].n;
  c.patient_spec = specs[file].patient;
  c.hooks = hooks;
  c.decimal_comma = eml_csv_delimiter(reader) == ';';
  c.row.csv = reader;
  c.row.columns = c.spec;
  c.row.words = EML_WORDS_RT;
  c.row.secret = c.patient_spec + 1;
  c.cols = c.row.index;
  eml_profile_binding profile; /* the file's section of data->profile: its name */
  char section[32];
  snprintf(section, sizeof section, "%.*s", (int)strlen(file_names[file]) - 4, file_names[file]);
  eml_profile_bind(&profile, data->profile, section);
  c.row.profile = &profile;
  /* unknown columns are kept in data->unknown_columns for the caller */
  eml_status mapped = eml_row_map_header(&c.row, NULL, NULL, diag);
  if (mapped)
    return mapped;
  note_unknown_columns(&c);
  pending_link *pending = NULL;
  size_t n_pending = 0;
  eml_status st = EML_OK;
  eml_rt_file_summary *sum = &data->summary[file];
  size_t header_count = eml_csv_header_count(reader);
  eml_diag rd; /* filled by the reader only for a record it cannot split */
  eml_diag_clear(&rd);
  for (;;) {
    int has = 0;
    eml_status rst = eml_csv_next(reader, &has, &rd);
    if (rst == EML_ERR_IO) {
      *diag = rd;
      st = rst;
      break;
    }
    if (rst == EML_OK && !has)
      break;
    sum->read++;
    if (rst != EML_OK) {
      /* a record the CSV reader could not split: no fields to redact, so
       * the raw bytes are not handed on where they may name a patient */
      size_t len;
      const char *raw = eml_csv_raw(reader, &len, NULL);
      char *copy = c.patient_spec >= 0 ? NULL : strndup(raw, len);
      reject_row(&c, &rd, copy ? copy : _("(ligne non recopiée : elle peut nommer un patient)"));
      free(copy);
      eml_diag_clear(&rd);
    } else if (eml_csv_field_count(reader) != header_count) {
      redaction_pseudonym(&c);
      row_error(&c, -1, N_("%zu champs là où l'en-tête en a %zu"), eml_csv_field_count(reader),
                header_count);
    } else if (profile.section && eml_profile_apply(&c.row, &rd) != EML_OK) {
      /* a cell the profile cannot build (a date not in its format) */
      redaction_pseudonym(&c);
      reject_current(&c, &rd);
      eml_diag_clear(&rd);
    } else {
      eml_status row = EML_OK;
      switch (file) {
      case EML_RT_FILE_CENTRES: row = read_centre(&c); break;
      case EML_RT_FILE_MACHINES: row = read_machine(&c, &pending, &n_pending); break;
      case EML_RT_FILE_STAFF: row = read_staff(&c); break;
      case EML_RT_FILE_COURSES: row = read_course(&c, &pending, &n_pending); break;
      case EML_RT_FILE_SESSIONS: row = read_session(&c); break;
      default: break;
      }
      if (row == EML_OK)
        sum->loaded++;
    }
    if (c.fatal) {
      eml_diag_set(diag, eml_csv_name(reader), eml_csv_line(reader), NULL, NULL, 0, "%s",
                   eml_strerror(c.fatal));
      st = c.fatal;
      break;
    }
    if (c.stop) {
      eml_diag_set(diag, eml_csv_name(reader), eml_csv_line(reader), NULL, NULL, 0,
                   "lecture arrêtée à une ligne rejetée");
      st = EML_ERR_REJECTED;
      break;
    }
  }
  if (!st && (file == EML_RT_FILE_COURSES || file == EML_RT_FILE_MACHINES)) {
    st = file == EML_RT_FILE_COURSES ? resolve_continues(&c, pending, n_pending)
                                     : resolve_replaces(&c, pending, n_pending);
    if (!st && c.stop) {
      eml_diag_set(diag, eml_csv_name(reader), 0,
                   file == EML_RT_FILE_COURSES ? "continues" : "replaces", NULL, 0,
                   "lecture arrêtée à une ligne rejetée");
      st = EML_ERR_REJECTED;
    }
  }
  for (size_t i = 0; i < n_pending; i++)
    free(pending[i].raw);
  free(pending);
  sodium_memzero(c.last_id, sizeof c.last_id);
  return st;
}

eml_status eml_rt_read_dir(eml_rt_data *data, const char *dir, const eml_csv_options *opts,
                           const eml_read_hooks *hooks, eml_diag *diag) {
  for (int f = 0; f < EML_RT_FILE_COUNT; f++) {
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file_names[f]) >= sizeof path) {
      eml_diag_set(diag, NULL, 0, "--dir", dir, strlen(dir), "nom de répertoire trop long");
      return EML_ERR_USAGE;
    }
    eml_csv_reader *r = NULL;
    eml_status st = eml_csv_open(path, opts, &r, diag);
    if (!st)
      st = eml_rt_read(data, (eml_rt_file)f, r, hooks, diag);
    eml_csv_close(r);
    if (st)
      return st;
  }
  return EML_OK;
}
