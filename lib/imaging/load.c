/*
 * load.c — loading an imaging campaign (spec imaging.md, "Inputs"):
 * equipment.csv, sessions.csv and exams.csv through the generic CSV reader,
 * the row validators shared with the fast exams reader (fast.c), and
 * eml_imaging_add_session for the weekly-schedule expansion.
 *
 * Every bad row is reported as `FILE:LINE: column NAME: what is wrong
 * (value 'X')` through the reject callback (spec README, "Bad input"); the
 * good rows are kept and the caller decides all-or-nothing. The generic
 * reader's header mapping and reading loop are the input pipeline's
 * (io/row.h, with the imaging engine's words); its value checks are the
 * validators below, shared with the fast path.
 */
#include "imaging_internal.h"
#include "io/profile.h"
#include "io/row.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IMG_MAX_FIELDS 64

/* ---- campaign storage ------------------------------------------------ */

eml_imaging_campaign *eml_imaging_campaign_new(void) {
  eml_imaging_campaign *c = calloc(1, sizeof(eml_imaging_campaign));
  if (c)
    c->threads = 1;
  return c;
}

void eml_imaging_campaign_set_threads(eml_imaging_campaign *c, unsigned n) {
  c->threads = eml_threads_resolve(n);
}

unsigned eml_imaging_campaign_threads(const eml_imaging_campaign *c) { return c->threads; }

void eml_imaging_campaign_set_profile(eml_imaging_campaign *c, const struct eml_profile *p) {
  c->profile = p;
}

void eml_imaging_campaign_sizes(const eml_imaging_campaign *c, size_t *machines, size_t *sessions,
                                size_t *exams) {
  *machines = c->n_machines;
  *sessions = c->n_sessions;
  *exams = img_exam_count(c);
}

size_t img_exam_count(const eml_imaging_campaign *c) {
  size_t n = 0;
  for (size_t k = 0; k < c->n_segments; k++)
    n += c->segments[k].n;
  return n;
}

const img_exam *img_exam_at(const eml_imaging_campaign *c, size_t i) {
  size_t k = 0;
  while (k + 1 < c->n_segments && i >= c->segments[k].n)
    i -= c->segments[k++].n;
  return &img_segment_exams(&c->segments[k])[i];
}

void eml_imaging_campaign_free(eml_imaging_campaign *c) {
  if (!c)
    return;
  free(c->machines);
  eml_strmap_free(&c->map);
  img_big_free(&c->sessions_mem);
  for (size_t k = 0; k < c->n_segments; k++)
    img_big_free(&c->segments[k].mem);
  free(c->segments);
  free(c);
}

long img_machine_lookup(const eml_imaging_campaign *c, const char *id, size_t len) {
  size_t m;
  return eml_strmap_get(&c->map, id, len, &m) ? (long)m : -1;
}

eml_status img_add_machine(eml_imaging_campaign *c, const char *id, size_t id_len,
                           const char *finess, size_t finess_len, int modality) {
  if (id_len == 0 || id_len >= sizeof c->machines[0].id || c->n_machines >= IMG_MACHINES_MAX)
    return EML_ERR_VALUE;
  eml_status st = eml_grow((void **)&c->machines, &c->cap_machines, c->n_machines + 1,
                           sizeof(img_machine));
  if (st)
    return st;
  img_machine *m = &c->machines[c->n_machines];
  memset(m, 0, sizeof *m);
  memcpy(m->id, id, id_len);
  if (finess_len < sizeof m->finess)
    memcpy(m->finess, finess, finess_len);
  m->modality = modality;
  if ((st = eml_strmap_put(&c->map, m->id, id_len, c->n_machines)))
    return st;
  c->n_machines++;
  return EML_OK;
}

eml_status img_push_session(eml_imaging_campaign *c, const img_session *s) {
  eml_status st = img_big_reserve(&c->sessions_mem, (c->n_sessions + 1) * sizeof *s);
  if (st)
    return st;
  c->sessions = c->sessions_mem.data;
  c->sessions[c->n_sessions++] = *s;
  return EML_OK;
}

int img_time_fits(eml_time t) {
  eml_time d = t - EML_IMG_EPOCH;
  return d > INT32_MIN + 86400 && d < INT32_MAX - 86400;
}

/* ---- date-times ------------------------------------------------------ */

void img_time_cache_init(img_time_cache *tc) { memset(tc, 0, sizeof *tc); }

static int two_digits(const char *s, int *out) {
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
    return 0;
  *out = (s[0] - '0') * 10 + (s[1] - '0');
  return 1;
}

/* The cache entry of the date in s[0..10), filled on a miss. The slot is
 * (day + 31 × month) mod 512 of the text's digits, one per day of the
 * year: files sorted by machine go through the same year again for each
 * machine (a national year: 2,500 times), and an exam's report a few days
 * later does not evict its start. */
static const img_day_entry *day_entry(img_time_cache *tc, const char *s) {
  unsigned key = (unsigned)(s[8] * 10 + s[9]) + 31u * (unsigned)(s[5] * 10 + s[6]);
  img_day_entry *e = &tc->e[key % IMG_DAY_CACHE];
  if (memcmp(e->date, s, 10) == 0)
    return e;
  memcpy(e->date, s, 10);
  int y1, y2, mo, d;
  e->valid = s[4] == '-' && s[7] == '-' && two_digits(s, &y1) && two_digits(s + 2, &y2) &&
             two_digits(s + 5, &mo) && two_digits(s + 8, &d) && mo >= 1 && mo <= 12 && d >= 1 &&
             d <= eml_days_in_month(y1 * 100 + y2, mo);
  e->regular = 0;
  if (e->valid) {
    e->day = eml_date_from_civil(y1 * 100 + y2, mo, d);
    eml_time midnight = eml_paris_to_utc(e->day * 86400, NULL);
    eml_time next = eml_paris_to_utc((e->day + 1) * 86400, NULL);
    e->base = midnight - EML_IMG_EPOCH;
    e->regular = next - midnight == 86400 && img_time_fits(midnight) && img_time_fits(next);
  }
  return e;
}

/* Seconds of day of HH:MM:SS at s, or -1. */
static int clock_of(const char *s) {
  int h, mi, se;
  if (s[2] != ':' || s[5] != ':' || !two_digits(s, &h) || !two_digits(s + 3, &mi) ||
      !two_digits(s + 6, &se) || h > 23 || mi > 59 || se > 59)
    return -1;
  return h * 3600 + mi * 60 + se;
}

int img_fast_time(img_time_cache *tc, const char *s, size_t len, int32_t *out) {
  if (len != 19 || (s[10] != 'T' && s[10] != ' '))
    return 0;
  const img_day_entry *e = day_entry(tc, s);
  int sec = e->regular ? clock_of(s + 11) : -1;
  if (sec < 0)
    return 0;
  *out = (int32_t)(e->base + sec);
  return 1;
}

eml_status img_parse_time(img_time_cache *tc, const char *s, size_t len, eml_time *out,
                          int *flags) {
  int32_t stored;
  if (img_fast_time(tc, s, len, &stored)) {
    *out = EML_IMG_EPOCH + stored;
    *flags = 0;
    return EML_OK;
  }
  return eml_datetime_parse(s, len, out, flags);
}

int img_fast_decimal(const char *s, size_t len, double *out) {
  static const double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  uint64_t mantissa = 0;
  int digits = 0, decimals = -1;
  for (size_t i = 0; i < len; i++) {
    if (s[i] >= '0' && s[i] <= '9') {
      mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
      if (++digits > 15)
        return 0;
      if (decimals >= 0)
        decimals++;
    } else if (s[i] == '.' && decimals < 0 && i > 0 && i + 1 < len) {
      decimals = 0;
    } else {
      return 0;
    }
  }
  if (!digits)
    return 0;
  /* both exact doubles: one correctly rounded division, as strtod (Clinger) */
  *out = (double)mantissa / pow10[decimals > 0 ? decimals : 0];
  return 1;
}

/* ---- row validators -------------------------------------------------- */

static const img_field empty_field = {"", 0};

static const img_field *field_at(const img_field *f, size_t nf, int col) {
  return col >= 0 && (size_t)col < nf ? &f[col] : &empty_field;
}

static eml_status bad(eml_diag *diag, const img_row *where, const char *column,
                      const img_field *value, const char *message) {
  eml_diag_set(diag, where->file, where->line, column, value ? value->s : NULL,
               value ? value->len : 0, "%s", _(message)); /* an N_() msgid */
  return EML_ERR_VALUE;
}

static eml_status check_field_count(size_t nf, int ncols, const img_row *where, eml_diag *diag) {
  if (nf == (size_t)ncols)
    return EML_OK;
  eml_diag_set(diag, where->file, where->line, NULL, NULL, 0,
               _("mauvais nombre de champs (attendu %zu, trouvé %zu)"), (size_t)ncols, nf);
  return EML_ERR_CSV;
}

/* Reads a date-time field into an instant within the storage range; counts
 * DST doubts; *flags as eml_datetime_parse. */
static eml_status time_field(const img_field *v, const char *column, const img_row *where,
                             img_time_cache *tc, eml_imaging_load_counts *counts,
                             eml_time *out, int *flags_out, eml_diag *diag) {
  eml_time t;
  int flags = 0;
  if (v->len == 0)
    return bad(diag, where, column, v, N_("date-heure manquante"));
  if (img_parse_time(tc, v->s, v->len, &t, &flags) != EML_OK)
    return bad(diag, where, column, v,
               N_("pas une date-heure (attendu AAAA-MM-JJTHH:MM[:SS], AAAA-MM-JJ HH:MM[:SS] ou "
                  "JJ/MM/AAAA HH:MM[:SS])"));
  if (!img_time_fits(t))
    return bad(diag, where, column, v, N_("date-heure hors de la plage prise en charge "
                                          "(1932-2067)"));
  if (flags & EML_TIME_AMBIGUOUS)
    counts->ambiguous_times++;
  if (flags & EML_TIME_SKIPPED)
    counts->skipped_times++;
  *out = t;
  *flags_out = flags;
  return EML_OK;
}

static eml_status machine_field(const eml_imaging_campaign *c, const img_field *v,
                                const img_row *where, uint32_t *out, int *skipped,
                                eml_diag *diag) {
  if (v->len == 0)
    return bad(diag, where, "equipment_id", v, N_("equipment_id manquant"));
  long m = img_machine_lookup(c, v->s, v->len);
  if (m < 0)
    return bad(diag, where, "equipment_id", v, IMG_UNKNOWN_MACHINE);
  if (c->machines[m].modality < 0) {
    *skipped = 1;
    return EML_ERR_NOT_FOUND;
  }
  *out = (uint32_t)m;
  return EML_OK;
}

/* The machine and the [start, end) of a row, end after start; an interval
 * inside the repeated October hour that ends "before" it starts has its
 * start read as the first occurrence (eml_interval_resolve_october). The
 * fast path never sees one: a DST day is not regular, its rows come here. */
static eml_status machine_interval(const eml_imaging_campaign *c, const img_field *f, size_t nf,
                                   const int cols[3], const img_row *where, img_time_cache *tc,
                                   eml_imaging_load_counts *counts, uint32_t *machine,
                                   int32_t *start, int32_t *end, int *skipped, eml_diag *diag) {
  eml_status st;
  if ((st = machine_field(c, field_at(f, nf, cols[0]), where, machine, skipped, diag)))
    return st;
  const img_field *s = field_at(f, nf, cols[1]), *e = field_at(f, nf, cols[2]);
  eml_time t0, t1;
  int f0, f1;
  if ((st = time_field(s, "start", where, tc, counts, &t0, &f0, diag)) ||
      (st = time_field(e, "end", where, tc, counts, &t1, &f1, diag)))
    return st;
  if (t1 <= t0 && eml_interval_resolve_october(&t0, f0, t1, f1))
    counts->resolved_times++;
  if (t1 <= t0)
    return bad(diag, where, "end", e, N_("la fin (end) n'est pas après le début (start)"));
  *start = (int32_t)(t0 - EML_IMG_EPOCH);
  *end = (int32_t)(t1 - EML_IMG_EPOCH);
  return EML_OK;
}

eml_status img_exam_row(const eml_imaging_campaign *c, const img_exam_columns *cols,
                        const img_field *f, size_t nf, const img_row *where,
                        img_time_cache *tc, eml_imaging_load_counts *counts, img_exam *out,
                        int *skipped, eml_diag *diag) {
  eml_status st;
  *skipped = 0;
  if ((st = check_field_count(nf, cols->ncols, where, diag)))
    return st;
  const img_field *id = field_at(f, nf, cols->exam_id);
  if (id->len == 0)
    return bad(diag, where, "exam_id", id, N_("exam_id manquant"));
  const int interval[3] = {cols->equipment_id, cols->start, cols->end};
  uint32_t machine;
  if ((st = machine_interval(c, f, nf, interval, where, tc, counts, &machine, &out->start,
                             &out->end, skipped, diag)))
    return st;
  out->machine = machine;
  const img_field *cls = field_at(f, nf, cols->patient_class);
  static const char codes[] = "AHRU";
  const char *at = cls->len == 1 ? strchr(codes, cls->s[0] & ~0x20) : NULL;
  if (!at || !*at)
    return bad(diag, where, "patient_class", cls, N_("classe de patient inconnue (attendu A, "
                                                     "H, R ou U)"));
  out->cls = (uint8_t)(at - codes);
  const img_field *icr = field_at(f, nf, cols->icr);
  out->icr = EML_IMG_NO_ICR;
  if (icr->len) {
    if (eml_parse_double(icr->s, icr->len, cols->delimiter == ';', &out->icr) != EML_OK)
      return bad(diag, where, "icr", icr, N_("pas un nombre"));
    if (out->icr < 0)
      return bad(diag, where, "icr", icr, N_("ICR négatif"));
  }
  const img_field *report = field_at(f, nf, cols->report_at);
  out->report_delay_s = EML_IMG_NO_REPORT;
  if (report->len) {
    eml_time report_t;
    int flags;
    if ((st = time_field(report, "report_at", where, tc, counts, &report_t, &flags, diag)))
      return st;
    out->report_delay_s = (int32_t)(report_t - EML_IMG_EPOCH) - out->end;
  }
  if (!icr->len)
    counts->missing_icr++;
  return EML_OK;
}

eml_status img_session_row(const eml_imaging_campaign *c, const img_session_columns *cols,
                           const img_field *f, size_t nf, const img_row *where,
                           img_time_cache *tc, eml_imaging_load_counts *counts,
                           img_session *out, int *skipped, eml_diag *diag) {
  eml_status st;
  *skipped = 0;
  if ((st = check_field_count(nf, cols->ncols, where, diag)))
    return st;
  const int interval[3] = {cols->equipment_id, cols->start, cols->end};
  if ((st = machine_interval(c, f, nf, interval, where, tc, counts, &out->machine, &out->start,
                             &out->end, skipped, diag)))
    return st;
  const img_field *type = field_at(f, nf, cols->type);
  eml_session_type t;
  if (eml_session_type_parse(type->s, type->len, &t) != EML_OK)
    return bad(diag, where, "type", type,
               N_("type de vacation inconnu (attendu un code comme PUBLIC_PROGRAMMED ou son "
                  "libellé en français)"));
  out->type = (uint8_t)t;
  return EML_OK;
}

eml_status eml_imaging_add_session(eml_imaging_campaign *c, const char *equipment_id,
                                   eml_time start, eml_time end, eml_session_type type,
                                   eml_diag *diag) {
  size_t len = strlen(equipment_id);
  long m = img_machine_lookup(c, equipment_id, len);
  if (m < 0) {
    eml_diag_set(diag, NULL, 0, "equipment_id", equipment_id, len,
                 IMG_UNKNOWN_MACHINE);
    return EML_ERR_NOT_FOUND;
  }
  if (end <= start || !img_time_fits(start) || !img_time_fits(end) ||
      (unsigned)type >= EML_SESSION_TYPE_COUNT) {
    eml_diag_set(diag, NULL, 0, "end", NULL, 0,
                 end <= start ? N_("la fin (end) n'est pas après le début (start)")
                              : N_("date-heure ou type hors limites"));
    return EML_ERR_VALUE;
  }
  if (c->machines[m].modality < 0) {
    c->sessions_counts.skipped++;
    return EML_OK;
  }
  img_session s = {(uint32_t)m, (int32_t)(start - EML_IMG_EPOCH), (int32_t)(end - EML_IMG_EPOCH),
                   (uint8_t)type};
  eml_status st = img_push_session(c, &s);
  if (!st)
    c->sessions_counts.loaded++;
  return st;
}

/* ---- the generic readers --------------------------------------------- */

typedef enum { FILE_EQUIPMENT, FILE_SESSIONS, FILE_EXAMS } img_file_kind;

/* Equipment rows: id unique, FINESS valid, modality CT or MRI (others skipped). */
static eml_status equipment_row(eml_imaging_campaign *c, const int *col, const img_field *f,
                                size_t nf, int ncols, const img_row *where, int *skipped,
                                eml_diag *diag) {
  eml_status st;
  *skipped = 0;
  if ((st = check_field_count(nf, ncols, where, diag)))
    return st;
  const img_field *id = field_at(f, nf, col[0]), *finess = field_at(f, nf, col[1]),
                  *mod = field_at(f, nf, col[2]);
  if (id->len == 0)
    return bad(diag, where, "equipment_id", id, N_("equipment_id manquant"));
  if (id->len >= sizeof c->machines[0].id)
    return bad(diag, where, "equipment_id", id, N_("equipment_id de plus de 63 octets"));
  if (img_machine_lookup(c, id->s, id->len) >= 0)
    return bad(diag, where, "equipment_id", id, N_("equipment_id en double"));
  if (c->n_machines >= IMG_MACHINES_MAX)
    return bad(diag, where, "equipment_id", id, N_("plus de 16 777 215 équipements dans une "
                                                   "campagne"));
  if (finess->len) {
    eml_finess_check fc = eml_finess_validate(finess->s, finess->len);
    if (fc != EML_FINESS_VALID && fc != EML_FINESS_KEY_UNCHECKED)
      return bad(diag, where, "finess", finess, eml_finess_message(fc));
  }
  if (mod->len == 0)
    return bad(diag, where, "modality", mod, N_("modality manquante"));
  /* the register's modality names and aliases (registry.md): CT and MRI are
   * benchmarked; another modality, or an unknown name, is kept in the map
   * and its rows skipped */
  eml_modality parsed;
  int modality = -1;
  if (eml_modality_parse(mod->s, mod->len, &parsed) == EML_OK)
    modality = parsed == EML_MOD_CT ? EML_IMAGING_CT : parsed == EML_MOD_MRI ? EML_IMAGING_MRI : -1;
  if (modality < 0)
    *skipped = 1;
  return img_add_machine(c, id->s, id->len, finess->s, finess->len, modality);
}

/* The columns of the three files (imaging.md, "Inputs"), in the order of
 * the indexes the row validators take. */
static const eml_column_spec file_columns[3][8] = {
    [FILE_EQUIPMENT] = {{"equipment_id", 1, EML_COL_TEXT, NULL},
                        {"finess", 0, EML_COL_FINESS, NULL},
                        {"modality", 1, EML_COL_CODE, NULL},
                        {NULL, 0, 0, NULL}},
    [FILE_SESSIONS] = {{"equipment_id", 1, EML_COL_TEXT, NULL},
                       {"start", 1, EML_COL_DATETIME, NULL},
                       {"end", 1, EML_COL_DATETIME, NULL},
                       {"type", 1, EML_COL_CODE, NULL},
                       {NULL, 0, 0, NULL}},
    [FILE_EXAMS] = {{"exam_id", 1, EML_COL_TEXT, NULL},
                    {"equipment_id", 1, EML_COL_TEXT, NULL},
                    {"start", 1, EML_COL_DATETIME, NULL},
                    {"end", 1, EML_COL_DATETIME, NULL},
                    {"patient_class", 1, EML_COL_CODE, NULL},
                    {"icr", 0, EML_COL_REAL, NULL},
                    {"report_at", 0, EML_COL_DATETIME, NULL},
                    {NULL, 0, 0, NULL}},
};

/* One reading of the generic reader: the input pipeline's loop
 * (io/row.h) maps the header and hands each record to generic_row, which
 * runs the row validators shared with the fast path (so both say the
 * same). */
typedef struct generic_reading {
  eml_imaging_campaign *c;
  img_file_kind kind;
  img_exam_columns ec;
  img_session_columns sc;
  int eqcol[3];
  img_time_cache tc;
  img_builder rows; /* the sessions or exams, appended to c at the end */
  eml_profile_binding profile; /* the file's section of c->profile */
  eml_imaging_load_counts *counts; /* the DST doubts and missing ICRs */
  img_field fields[IMG_MAX_FIELDS];
} generic_reading;

static eml_status generic_header(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  generic_reading *g = ctx;
  (void)skipped, (void)diag;
  int ncols = (int)eml_csv_header_count(r->csv);
  const int *ix = r->index;
  /* through a profile, the validators read the built cells (generic_row):
   * spec column i is field i */
  static const int identity[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  if (g->profile.section) {
    ix = identity;
    for (ncols = 0; r->columns[ncols].name;)
      ncols++;
  }
  switch (g->kind) {
  case FILE_EQUIPMENT:
    memcpy(g->eqcol, ix, sizeof g->eqcol);
    break;
  case FILE_SESSIONS:
    g->sc = (img_session_columns){.ncols = ncols, .equipment_id = ix[0], .start = ix[1],
                                  .end = ix[2], .type = ix[3]};
    break;
  case FILE_EXAMS:
    g->ec = (img_exam_columns){.ncols = ncols, .delimiter = eml_csv_delimiter(r->csv),
                               .exam_id = ix[0], .equipment_id = ix[1], .start = ix[2],
                               .end = ix[3], .patient_class = ix[4], .icr = ix[5],
                               .report_at = ix[6]};
    break;
  }
  return EML_OK;
}

static eml_status generic_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  generic_reading *g = ctx;
  size_t nf = eml_csv_field_count(r->csv);
  int ncols = (int)eml_csv_header_count(r->csv);
  if (g->profile.section) { /* the cells eml's own layout would have */
    for (nf = 0; r->columns[nf].name; nf++)
      g->fields[nf].s = eml_row_field(r, (int)nf, &g->fields[nf].len);
    ncols = (int)nf;
  }
  if (nf > IMG_MAX_FIELDS)
    nf = IMG_MAX_FIELDS;
  for (size_t i = 0; i < nf && !g->profile.section; i++)
    g->fields[i].s = eml_csv_field(r->csv, i, &g->fields[i].len);
  img_row where = {eml_csv_name(r->csv), eml_csv_line(r->csv)};
  eml_status row;
  if (g->kind == FILE_EQUIPMENT) {
    row = equipment_row(g->c, g->eqcol, g->fields, nf, ncols, &where, skipped, diag);
  } else if (g->kind == FILE_SESSIONS) {
    img_session s;
    row = img_session_row(g->c, &g->sc, g->fields, nf, &where, &g->tc, g->counts, &s, skipped,
                          diag);
    if (!row)
      row = img_builder_push_session(&g->rows, &s);
  } else {
    img_exam e;
    row = img_exam_row(g->c, &g->ec, g->fields, nf, &where, &g->tc, g->counts, &e, skipped,
                       diag);
    if (!row)
      row = img_builder_push_exam(&g->rows, &e);
  }
  if (row && !*skipped)
    eml_row_name_column(r, diag); /* the validators name eml's columns */
  /* a row of a machine of another modality: left out, whatever the
   * validator returned for it */
  return *skipped ? EML_OK : row;
}

static eml_status load_generic(eml_imaging_campaign *c, img_file_kind kind, const char *path,
                               eml_imaging_reject_fn reject, void *ctx,
                               eml_imaging_load_counts *counts, eml_diag *diag) {
  generic_reading *g = calloc(1, sizeof *g);
  if (!g)
    return EML_ERR_NOMEM;
  g->c = c;
  img_builder_init(&g->rows, c);
  g->kind = kind;
  g->counts = counts;
  img_time_cache_init(&g->tc);
  /* the caller decides all-or-nothing: every row is read and counted */
  eml_read_hooks hooks = {reject ? reject : eml_rows_drop, NULL, ctx};
  static const char *const sections[] = {"equipment", "sessions", "exams"};
  eml_profile_bind(&g->profile, c->profile, sections[kind]);
  eml_row r = {.columns = file_columns[kind], .words = EML_WORDS_IMAGING,
               .profile = &g->profile};
  eml_rows_reading reading = {path, NULL, 0, NULL, generic_header, generic_row, g, &hooks};
  eml_read_counts read;
  eml_status st = eml_rows_read(&r, &reading, &read, diag);
  img_counts_from_rows(counts, &read);
  if (!st)
    st = img_builder_finish(&g->rows);
  img_builder_free(&g->rows);
  free(g);
  if (!st && counts->rejected)
    st = EML_ERR_REJECTED;
  return st;
}

eml_status eml_imaging_load_equipment(eml_imaging_campaign *c, const char *path,
                                      eml_imaging_reject_fn reject, void *ctx,
                                      eml_imaging_load_counts *counts, eml_diag *diag) {
  eml_imaging_load_counts local = {0};
  eml_status st = load_generic(c, FILE_EQUIPMENT, path, reject, ctx, &local, diag);
  c->equipment_counts = local;
  if (counts)
    *counts = local;
  return st;
}

void img_counts_from_rows(eml_imaging_load_counts *to, const eml_read_counts *read) {
  to->read = read->read;
  to->loaded = read->loaded;
  to->rejected = read->rejected;
  to->skipped = read->skipped;
}

void img_counts_add(eml_imaging_load_counts *to, const eml_imaging_load_counts *from) {
  to->read += from->read;
  to->loaded += from->loaded;
  to->rejected += from->rejected;
  to->skipped += from->skipped;
  to->ambiguous_times += from->ambiguous_times;
  to->skipped_times += from->skipped_times;
  to->missing_icr += from->missing_icr;
  to->resolved_times += from->resolved_times;
}

/* The fast reader, or the generic one when the layout needs it. */
static eml_status load_rows(eml_imaging_campaign *c, img_fast_kind fast_kind,
                            img_file_kind generic_kind, const char *path,
                            eml_imaging_reject_fn reject, void *ctx,
                            eml_imaging_load_counts *local, eml_diag *diag) {
  /* a profile's cells are built by the generic reader */
  eml_status st = c->profile ? EML_ERR_USAGE
                             : img_fast_load(c, fast_kind, path, reject, ctx, local, diag);
  if (st == EML_ERR_USAGE) {
    memset(local, 0, sizeof *local);
    eml_diag_clear(diag);
    st = load_generic(c, generic_kind, path, reject, ctx, local, diag);
  }
  return st;
}

eml_status eml_imaging_load_sessions(eml_imaging_campaign *c, const char *path,
                                     eml_imaging_reject_fn reject, void *ctx,
                                     eml_imaging_load_counts *counts, eml_diag *diag) {
  eml_imaging_load_counts local = {0};
  eml_status st =
      load_rows(c, IMG_FILE_SESSIONS, FILE_SESSIONS, path, reject, ctx, &local, diag);
  img_counts_add(&c->sessions_counts, &local);
  if (counts)
    *counts = local;
  return st;
}

eml_status eml_imaging_load_exams(eml_imaging_campaign *c, const char *path,
                                  eml_imaging_reject_fn reject, void *ctx,
                                  eml_imaging_load_counts *counts, eml_diag *diag) {
  eml_imaging_load_counts local = {0};
  eml_status st = load_rows(c, IMG_FILE_EXAMS, FILE_EXAMS, path, reject, ctx, &local, diag);
  c->exams_counts = local;
  if (counts)
    *counts = local;
  return st;
}
