/*
 * store_rows.c — the register's rows from the texts of their columns
 * (store_rows.h): what each column of the schema means, read once for
 * every backend. Also an imaging campaign's rows both ways, for both
 * backends: the values each row binds, the batches from the reader, the
 * stored values back into the builder's structs.
 */
#include "store_rows.h"

#include <stdlib.h>
#include <string.h>

static const char *text(const char *const *col, int i) { return col[i] ? col[i] : ""; }

static void copy_code(char *dst, size_t size, const char *src) { snprintf(dst, size, "%s", src); }

int eml_stored_date(const char *t, eml_date *out) {
  return t && *t && eml_date_parse(t, strlen(t), out) == EML_OK;
}

static eml_modality modality(const char *code) {
  eml_modality m = 0;
  eml_status_ignore(eml_modality_parse(code, strlen(code), &m)); /* a code eml wrote */
  return m;
}

static eml_activity activity(const char *code) {
  eml_activity a = 0;
  eml_status_ignore(eml_activity_parse(code, strlen(code), &a)); /* a code eml wrote */
  return a;
}

eml_status eml_stored_site(const char *const *col, eml_site *x) {
  copy_code(x->finess, sizeof x->finess, text(col, 0));
  x->name = strdup(text(col, 1));
  copy_code(x->territory, sizeof x->territory, text(col, 2));
  const char *ls = text(col, 3);
  if (eml_legal_status_parse(ls, strlen(ls), &x->legal_status))
    x->legal_status = "AUTRE";
  copy_code(x->finess_ej, sizeof x->finess_ej, text(col, 4));
  return x->name ? EML_OK : EML_ERR_NOMEM;
}

eml_status eml_stored_equipment(const char *const *col, eml_equipment *x) {
  x->id = strdup(text(col, 0));
  copy_code(x->finess, sizeof x->finess, text(col, 1));
  x->modality = modality(text(col, 2));
  x->interventional = atoi(text(col, 3));
  eml_stored_date(col[4], &x->authorized_from);
  x->has_until = eml_stored_date(col[5], &x->authorized_until);
  x->has_installed = eml_stored_date(col[6], &x->installed_on);
  x->has_due = eml_stored_date(col[7], &x->due_on);
  return x->id ? EML_OK : EML_ERR_NOMEM;
}

eml_status eml_stored_authorisation(const char *const *col, eml_authorisation *x) {
  x->id = strdup(text(col, 0));
  copy_code(x->finess, sizeof x->finess, text(col, 1));
  copy_code(x->finess_ej, sizeof x->finess_ej, text(col, 2));
  x->activity = activity(text(col, 3));
  copy_code(x->mention, sizeof x->mention, text(col, 4));
  eml_stored_date(col[5], &x->decided_on);
  x->has_started = eml_stored_date(col[6], &x->started_on);
  x->has_until = eml_stored_date(col[7], &x->until);
  x->has_due = eml_stored_date(col[8], &x->due_on);
  return x->id ? EML_OK : EML_ERR_NOMEM;
}

eml_status eml_stored_declared_device(const char *const *col, eml_declared_device *x) {
  x->id = strdup(text(col, 0));
  x->authorisation_id = strdup(text(col, 1));
  x->modality = modality(text(col, 2));
  eml_stored_date(col[3], &x->declared_on);
  x->has_installed = eml_stored_date(col[4], &x->installed_on);
  x->has_removed = eml_stored_date(col[5], &x->removed_on);
  x->justified = atoi(text(col, 6));
  return x->id && x->authorisation_id ? EML_OK : EML_ERR_NOMEM;
}

static void row_target(const char *const *col, eml_target *x) {
  copy_code(x->territory, sizeof x->territory, text(col, 1));
  const char *mc = text(col, 2), *uc = text(col, 3);
  eml_activity a = 0;
  eml_unit u = 0;
  /* codes eml wrote: an activity (2023 row) or a device modality */
  x->is_activity = eml_activity_parse(mc, strlen(mc), &a) == EML_OK;
  x->activity = a;
  if (!x->is_activity)
    x->modality = modality(mc);
  eml_status_ignore(eml_unit_parse(uc, strlen(uc), &u));
  x->unit = u;
  copy_code(x->mention, sizeof x->mention, text(col, 8));
  x->has_low = col[4] != NULL;
  x->low = atoll(text(col, 4));
  x->high = atoll(text(col, 5));
  x->has_interventional_low = col[6] != NULL;
  x->interventional_low = atoll(text(col, 6));
  x->has_interventional_high = col[7] != NULL;
  x->interventional_high = atoll(text(col, 7));
}

static void row_note(const char *const *col, eml_note *x) {
  eml_unit u = 0;
  copy_code(x->territory, sizeof x->territory, text(col, 0));
  x->modality = modality(text(col, 1));
  const char *uc = text(col, 2);
  x->has_unit = *uc && eml_unit_parse(uc, strlen(uc), &u) == EML_OK;
  x->unit = u;
  copy_code(x->receivable, sizeof x->receivable, text(col, 3));
  /* columns 6 and 7 (schema 9): the rule a note carries, its allowance */
  const char *rule = text(col, 6);
  eml_note_rule nr = EML_NOTE_NO_RULE;
  if (*rule)
    eml_status_ignore(eml_note_rule_parse(rule, strlen(rule), &nr)); /* stored by eml: valid */
  x->rule = nr;
  x->allowance = strtoll(text(col, 7), NULL, 10);
}

/* Grows an array of rows by one; returns the new row (zeroed) or NULL. */
static void *grow(void **array, size_t *count, size_t *cap, size_t size) {
  if (eml_grow(array, cap, *count + 1, size))
    return NULL;
  void *row = (char *)*array + *count * size;
  memset(row, 0, size);
  (*count)++;
  return row;
}

#define GROW(array, count, k) grow((void **)&r->array, &r->count, &caps->cap[k], sizeof *r->array)

eml_status eml_stored_add(eml_register *r, eml_stored_caps *caps, eml_stored_kind kind,
                       const char *const *col) {
  switch (kind) {
  case EML_STORED_SITE: {
    eml_site *x = GROW(sites, nsites, kind);
    return x ? eml_stored_site(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_EQUIPMENT: {
    eml_equipment *x = GROW(equipment, nequipment, kind);
    return x ? eml_stored_equipment(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_TARGET: {
    eml_target *x = GROW(targets, ntargets, kind);
    if (!x)
      return EML_ERR_NOMEM;
    row_target(col, x);
    return (x->period = strdup(text(col, 0))) ? EML_OK : EML_ERR_NOMEM;
  }
  case EML_STORED_TERRITORY: {
    eml_territory_row *x = GROW(territories, nterritories, kind);
    if (!x)
      return EML_ERR_NOMEM;
    copy_code(x->code, sizeof x->code, text(col, 0));
    x->name = strdup(text(col, 1));
    x->region = strdup(text(col, 2));
    return x->name && x->region ? EML_OK : EML_ERR_NOMEM;
  }
  case EML_STORED_NOTE: {
    eml_note *x = GROW(notes, nnotes, kind);
    if (!x)
      return EML_ERR_NOMEM;
    row_note(col, x);
    x->mark = strdup(text(col, 4));
    x->text = strdup(text(col, 5));
    return x->mark && x->text ? EML_OK : EML_ERR_NOMEM;
  }
  case EML_STORED_AUTHORISATION: {
    eml_authorisation *x = GROW(authorisations, nauthorisations, kind);
    return x ? eml_stored_authorisation(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_DEVICE: {
    eml_declared_device *x = GROW(devices, ndevices, kind);
    return x ? eml_stored_declared_device(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_CONVENTION: {
    eml_convention *x = GROW(conventions, nconventions, kind);
    if (!x)
      return EML_ERR_NOMEM;
    copy_code(x->finess, sizeof x->finess, text(col, 0));
    copy_code(x->partner_finess, sizeof x->partner_finess, text(col, 1));
    x->modality = modality(text(col, 2));
    eml_stored_date(col[3], &x->from);
    x->has_until = eml_stored_date(col[4], &x->until);
    return EML_OK;
  }
  case EML_STORED_WINDOW: {
    eml_window *x = GROW(windows, nwindows, kind);
    if (!x)
      return EML_ERR_NOMEM;
    x->activity = activity(text(col, 0));
    eml_stored_date(col[1], &x->opens_on);
    eml_stored_date(col[2], &x->closes_on);
    x->has_published = eml_stored_date(col[3], &x->published_on);
    return EML_OK;
  }
  case EML_STORED_KINDS:
    break;
  }
  return EML_ERR_USAGE;
}

/* ---- imaging campaigns (sqlite_imaging.c, pg_imaging.c) ---- */

/* The three files' counts as one text: 7 numbers per file, then the three
 * files' resolved_times (issue 17; a store written before has none, read
 * as 0). */
void eml_stored_counts_text(const eml_campaign_reader *c, char *buf, size_t size) {
  size_t o = 0;
  long resolved[EML_CAMPAIGN_FILE_COUNT];
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT && o < size; k++) {
    eml_imaging_load_counts n;
    c->counts(c->impl, (eml_campaign_file)k, &n);
    o += (size_t)snprintf(buf + o, size - o, "%s%ld %ld %ld %ld %ld %ld %ld", k ? " " : "",
                          n.read, n.loaded, n.rejected, n.skipped, n.ambiguous_times,
                          n.skipped_times, n.missing_icr);
    resolved[k] = n.resolved_times;
  }
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT && o < size; k++)
    o += (size_t)snprintf(buf + o, size - o, " %ld", resolved[k]);
}

void eml_stored_counts_parse(const eml_campaign_builder *c, const char *text) {
  long v[EML_CAMPAIGN_FILE_COUNT][8] = {{0}};
  char *end;
  if (!text)
    return;
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT; k++)
    for (int i = 0; i < 7; i++) {
      v[k][i] = strtol(text, &end, 10);
      text = end;
    }
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT && text; k++) {
    v[k][7] = strtol(text, &end, 10);
    text = end;
  }
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT; k++) {
    eml_imaging_load_counts n = {v[k][0], v[k][1], v[k][2], v[k][3],
                                 v[k][4], v[k][5], v[k][6], v[k][7]};
    c->set_counts(c->impl, (eml_campaign_file)k, &n);
  }
}

/* A patient class's stored code; -1: unknown. */
static int stored_class(const char *s) {
  for (int k = 0; k < EML_CLASS_COUNT; k++)
    if (strcmp(s, eml_patient_class_code((eml_patient_class)k)) == 0)
      return k;
  return -1;
}

#define CAMPAIGN_BATCH 4096 /* rows copied from the reader / given to the builder at once */

typedef union eml_campaign_batch {
  eml_campaign_machine machines[CAMPAIGN_BATCH];
  eml_campaign_session sessions[CAMPAIGN_BATCH];
  eml_campaign_exam exams[CAMPAIGN_BATCH];
} eml_campaign_batch;

static eml_stored_value int_value(int64_t i) { return (eml_stored_value){EML_VALUE_INT, i, 0, NULL}; }
static eml_stored_value text_value(const char *s) {
  return (eml_stored_value){EML_VALUE_TEXT, 0, 0, s};
}

eml_status eml_stored_campaign_rows(const eml_campaign_reader *c, eml_stored_row_fn fn,
                                    void *ctx) {
  eml_campaign_batch *batch = malloc(sizeof *batch);
  if (!batch)
    return EML_ERR_NOMEM;
  eml_status st = EML_OK;
  /* the codes of modalities are the model layer's (lib/model/vocabulary.c) */
  for (size_t first = 0, n; !st && (n = c->read_machines(c->impl, first, batch->machines,
                                                         CAMPAIGN_BATCH));
       first += n)
    for (size_t i = 0; i < n && !st; i++) {
      const eml_campaign_machine *m = &batch->machines[i];
      eml_stored_value v[4] = {
          int_value((int64_t)(first + i)), text_value(m->equipment_id), text_value(m->finess),
          text_value(m->modality < 0
                         ? "OTHER"
                         : eml_imaging_modality_code((eml_imaging_modality)m->modality))};
      st = fn(ctx, EML_CAMPAIGN_MACHINE, v, 4);
    }
  free(batch);
  return st;
}

/* ---- sessions and exams by blocks (store_rows.h has the format) ---------- */

/* Big-endian reads and writes written so that compilers make one load or
 * store and a byte swap of them (a national year is 19.4 M exams). */
static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}
static void put_be64(unsigned char *p, uint64_t v) {
  put_be32(p, (uint32_t)(v >> 32));
  put_be32(p + 4, (uint32_t)v);
}

static uint32_t get_be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}
static uint64_t get_be64(const unsigned char *p) {
  return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

size_t eml_stored_row_bytes(int kind) {
  return kind == EML_CAMPAIGN_SESSION ? EML_CAMPAIGN_SESSION_BYTES : EML_CAMPAIGN_EXAM_BYTES;
}

/* machine, start, end - start: the first 16 bytes of both kinds. */
static eml_status pack_timed(unsigned char *p, size_t machine, eml_time start, eml_time end) {
  if (machine > UINT32_MAX || end <= start || end - start > (eml_time)UINT32_MAX)
    return EML_ERR_VALUE;
  put_be32(p, (uint32_t)machine);
  put_be64(p + 4, (uint64_t)start);
  put_be32(p + 12, (uint32_t)(end - start));
  return EML_OK;
}

eml_status eml_stored_pack_session(unsigned char *p, const eml_campaign_session *s) {
  if (pack_timed(p, s->machine, s->start, s->end))
    return EML_ERR_VALUE;
  p[16] = (unsigned char)s->type;
  return EML_OK;
}

eml_status eml_stored_pack_exam(unsigned char *p, const eml_campaign_exam *e) {
  if (pack_timed(p, e->machine, e->start, e->end))
    return EML_ERR_VALUE;
  uint64_t bits;
  memcpy(&bits, &e->icr, sizeof bits); /* IEEE 754 binary64, as float8send */
  p[16] = (unsigned char)e->cls;
  put_be64(p + 17, bits);
  put_be32(p + 25, (uint32_t)e->report_delay_s);
  return EML_OK;
}

static void unpack_session(const unsigned char *p, eml_campaign_session *s) {
  s->machine = get_be32(p);
  s->start = (eml_time)(int64_t)get_be64(p + 4);
  s->end = s->start + (eml_time)get_be32(p + 12);
  s->type = (eml_session_type)p[16];
}

static void unpack_exam(const unsigned char *p, eml_campaign_exam *e) {
  e->machine = get_be32(p);
  e->start = (eml_time)(int64_t)get_be64(p + 4);
  e->end = e->start + (eml_time)get_be32(p + 12);
  e->cls = (eml_patient_class)p[16];
  uint64_t bits = get_be64(p + 17);
  memcpy(&e->icr, &bits, sizeof bits);
  e->report_delay_s = (int32_t)get_be32(p + 25);
}

eml_status eml_stored_campaign_blocks(const eml_campaign_reader *c, eml_stored_block_fn fn,
                                      void *ctx) {
  eml_campaign_batch *batch = malloc(sizeof *batch);
  unsigned char *block = malloc((size_t)EML_CAMPAIGN_BLOCK_ROWS * EML_CAMPAIGN_EXAM_BYTES);
  eml_status st = batch && block ? EML_OK : EML_ERR_NOMEM;
  for (int k = EML_CAMPAIGN_SESSION; k <= EML_CAMPAIGN_EXAM && !st; k++) {
    size_t total = k == EML_CAMPAIGN_SESSION ? c->sessions : c->exams, size = eml_stored_row_bytes(k);
    for (size_t first = 0, seq = 0; first < total && !st; seq++) {
      size_t rows = 0; /* the block's rows, batch after batch from the reader */
      while (rows < EML_CAMPAIGN_BLOCK_ROWS && first < total && !st) {
        size_t want = EML_CAMPAIGN_BLOCK_ROWS - rows < CAMPAIGN_BATCH ? EML_CAMPAIGN_BLOCK_ROWS - rows
                                                                       : CAMPAIGN_BATCH;
        size_t n = k == EML_CAMPAIGN_SESSION ? c->read_sessions(c->impl, first, batch->sessions, want)
                                             : c->read_exams(c->impl, first, batch->exams, want);
        if (n == 0) { /* fewer rows than the reader said */
          st = EML_ERR_VALUE;
          break;
        }
        for (size_t i = 0; i < n && !st; i++)
          st = k == EML_CAMPAIGN_SESSION
                   ? eml_stored_pack_session(block + (rows + i) * size, &batch->sessions[i])
                   : eml_stored_pack_exam(block + (rows + i) * size, &batch->exams[i]);
        rows += n;
        first += n;
      }
      if (!st)
        st = fn(ctx, k, seq, rows, block, rows * size);
    }
  }
  free(block);
  free(batch);
  return st;
}

/* A stored number: as a number, or as the text of one (0 for NULL). */
static int64_t value_int(const eml_stored_value *v) {
  return v->type == EML_VALUE_TEXT ? strtoll(v->s, NULL, 10)
         : v->type == EML_VALUE_REAL ? (int64_t)v->d
                                     : v->i;
}
static const char *value_text(const eml_stored_value *v) {
  return v->type == EML_VALUE_TEXT ? v->s : NULL;
}

eml_status eml_stored_pack_row(int kind, const eml_stored_value *v, unsigned char *p) {
  int64_t machine = value_int(&v[0]);
  const char *code = value_text(&v[3]);
  if (machine < 0 || !code)
    return EML_ERR_VALUE;
  eml_time start = value_int(&v[1]), end = value_int(&v[2]);
  if (kind == EML_CAMPAIGN_SESSION) {
    eml_session_type type;
    if (eml_session_type_parse(code, strlen(code), &type))
      return EML_ERR_VALUE;
    eml_campaign_session s = {(size_t)machine, start, end, type};
    return eml_stored_pack_session(p, &s);
  }
  int cls = stored_class(code);
  if (cls < 0)
    return EML_ERR_VALUE;
  eml_campaign_exam e = {
      (size_t)machine,
      start,
      end,
      (eml_patient_class)cls,
      v[4].type == EML_VALUE_NULL   ? EML_CAMPAIGN_NO_ICR
      : v[4].type == EML_VALUE_TEXT ? strtod(v[4].s, NULL)
      : v[4].type == EML_VALUE_INT  ? (double)v[4].i
                                    : v[4].d,
      v[5].type == EML_VALUE_NULL ? EML_CAMPAIGN_NO_REPORT : (int32_t)value_int(&v[5])};
  return eml_stored_pack_exam(p, &e);
}

eml_status eml_stored_feed_begin(eml_stored_feed *f, const eml_campaign_builder *c,
                                 int64_t sessions, int64_t exams) {
  *f = (eml_stored_feed){c, malloc(sizeof *f->batch), EML_CAMPAIGN_MACHINE};
  if (!f->batch)
    return EML_ERR_NOMEM;
  if (c->reserve && sessions >= 0 && exams >= 0 && (uint64_t)sessions <= SIZE_MAX &&
      (uint64_t)exams <= SIZE_MAX)
    return c->reserve(c->impl, (size_t)sessions, (size_t)exams);
  return EML_OK;
}

/* EML_ERR_VALUE: a code the tables do not know, a damaged store. */
eml_status eml_stored_feed_row(eml_stored_feed *f, int kind, const eml_stored_value *v) {
  if (kind != EML_CAMPAIGN_MACHINE || f->kind != EML_CAMPAIGN_MACHINE)
    return EML_ERR_VALUE; /* the machines come first, as rows */
  const char *eid = value_text(&v[0]), *finess = value_text(&v[1]), *mod = value_text(&v[2]);
  int modality = !mod                    ? -2 /* damaged */
                 : strcmp(mod, "CT") == 0  ? EML_IMAGING_CT
                 : strcmp(mod, "MRI") == 0 ? EML_IMAGING_MRI
                                           : -1;
  eml_campaign_machine m = {eid ? eid : "", finess ? finess : "", modality};
  return f->c->add_machine(f->c->impl, &m);
}

eml_status eml_stored_feed_block(eml_stored_feed *f, int kind, int64_t format, int64_t rows,
                                 const void *data, size_t bytes) {
  if ((kind != EML_CAMPAIGN_SESSION && kind != EML_CAMPAIGN_EXAM) || kind < f->kind ||
      format != EML_CAMPAIGN_BLOCK_FORMAT || rows < 0 ||
      (uint64_t)rows > SIZE_MAX / eml_stored_row_bytes(kind) ||
      (size_t)rows * eml_stored_row_bytes(kind) != bytes || (rows && !data))
    return EML_ERR_VALUE;
  f->kind = kind;
  const unsigned char *p = data;
  eml_status st = EML_OK;
  for (size_t left = (size_t)rows; left && !st;) {
    size_t n = left < CAMPAIGN_BATCH ? left : CAMPAIGN_BATCH;
    if (kind == EML_CAMPAIGN_SESSION) {
      for (size_t i = 0; i < n; i++, p += EML_CAMPAIGN_SESSION_BYTES)
        unpack_session(p, &f->batch->sessions[i]);
      st = f->c->add_sessions(f->c->impl, f->batch->sessions, n);
    } else {
      for (size_t i = 0; i < n; i++, p += EML_CAMPAIGN_EXAM_BYTES)
        unpack_exam(p, &f->batch->exams[i]);
      st = f->c->add_exams(f->c->impl, f->batch->exams, n);
    }
    left -= n;
  }
  return st;
}

eml_status eml_stored_feed_end(eml_stored_feed *f, eml_status st, const char *path,
                               const char *name, eml_diag *diag) {
  free(f->batch);
  f->batch = NULL;
  if (st == EML_ERR_VALUE) { /* a row the builder or the code tables refused */
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "campagne %s : une ligne enregistrée est abîmée",
                 name);
    st = EML_ERR_STORE;
  }
  return st;
}

eml_status eml_stored_campaign_unknown(const char *path, const char *name, eml_diag *diag) {
  eml_diag_set(diag, path, 0, "--campaign", name, strlen(name),
               "aucune campagne d'imagerie de ce nom dans le stockage (eml imaging campaigns "
               "les liste)");
  return EML_ERR_NOT_FOUND;
}

