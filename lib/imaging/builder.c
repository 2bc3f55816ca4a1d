/*
 * builder.c — the campaign builder and reader (eml/campaign.h) over the
 * engine's campaign, and the campaign in the store through them.
 *
 * Model: every row that enters a campaign, from the fast reader's threads,
 * the generic reader or the store, goes through an img_builder
 * (imaging_internal.h): machines are added to the campaign at once (later
 * rows look them up), sessions and exams are kept in the builder's own
 * arrays and appended by img_builder_finish — the exams as one more
 * segment, taken as they are (no copy), the sessions after the campaign's.
 * Builders are finished in the order of the rows in the files, so the
 * campaign's rows, read back by the reader, are in file order. The public
 * builder (eml_imaging_builder_open) checks each row the way the readers
 * do before keeping it, since its rows come from outside the engine (a
 * store that might be damaged); the readers' rows are checked already.
 * The store fills and reads campaigns through the function pointers of
 * eml/campaign.h only, so that it sits below the engine (lib/README.md).
 */
#include "imaging_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- the engine's builder ------------------------------------------------ */

void img_builder_init(img_builder *b, eml_imaging_campaign *c) {
  memset(b, 0, sizeof *b);
  b->c = c;
}

void img_builder_free(img_builder *b) {
  img_big_populate_wait(b->populate);
  b->populate = NULL;
  img_big_free(&b->exams);
  img_big_free(&b->sessions);
  b->n_exams = b->n_sessions = 0;
}

eml_status img_builder_push_session(img_builder *b, const img_session *s) {
  if ((b->n_sessions + 1) * sizeof *s > b->sessions.cap &&
      img_big_reserve(&b->sessions, (b->n_sessions + 1) * sizeof *s))
    return EML_ERR_NOMEM;
  ((img_session *)b->sessions.data)[b->n_sessions++] = *s;
  return EML_OK;
}

/* Appends the builder's sessions to the campaign's: the first array is
 * taken over; a later one is copied from its end in chunks, each chunk's
 * pages released once copied (peak: one array and one chunk). */
static eml_status append_sessions(img_builder *b) {
  eml_imaging_campaign *c = b->c;
  if (c->n_sessions == 0) {
    img_big_free(&c->sessions_mem);
    c->sessions_mem = b->sessions;
    c->n_sessions = b->n_sessions;
  } else {
    const size_t size = sizeof(img_session), chunk = (size_t)1 << 16;
    if (img_big_reserve(&c->sessions_mem, (c->n_sessions + b->n_sessions) * size))
      return EML_ERR_NOMEM;
    char *to = (char *)c->sessions_mem.data + c->n_sessions * size;
    size_t left = b->n_sessions;
    while (left) {
      size_t k = left < chunk ? left : chunk;
      left -= k;
      memcpy(to + left * size, (char *)b->sessions.data + left * size, k * size);
      img_big_shrink(&b->sessions, left * size);
    }
    c->n_sessions += b->n_sessions;
    img_big_free(&b->sessions);
  }
  c->sessions = c->sessions_mem.data;
  b->sessions = (img_big){0};
  b->n_sessions = 0;
  return EML_OK;
}

eml_status img_builder_finish(img_builder *b) {
  eml_imaging_campaign *c = b->c;
  img_big_populate_wait(b->populate);
  b->populate = NULL;
  if (b->n_exams) {
    if (eml_grow((void **)&c->segments, &c->cap_segments, c->n_segments + 1, sizeof(img_segment)))
      return EML_ERR_NOMEM;
    c->segments[c->n_segments++] = (img_segment){b->exams, b->n_exams};
    b->exams = (img_big){0};
    b->n_exams = 0;
  }
  if (b->n_sessions)
    return append_sessions(b);
  return EML_OK;
}

/* ---- the public builder: rows from outside the engine, checked ------------- */

static int machine_of_rows(const eml_imaging_campaign *c, size_t machine) {
  return machine < c->n_machines && c->machines[machine].modality >= 0;
}

static eml_status stored_seconds(eml_time t, int32_t *out) {
  if (!img_time_fits(t))
    return EML_ERR_VALUE;
  *out = (int32_t)(t - EML_IMG_EPOCH);
  return EML_OK;
}

static eml_status builder_add_machine(void *impl, const eml_campaign_machine *m) {
  img_builder *b = impl;
  size_t id_len = m->equipment_id ? strlen(m->equipment_id) : 0;
  const char *finess = m->finess ? m->finess : "";
  size_t finess_len = strlen(finess);
  if (id_len == 0 || id_len > EML_CAMPAIGN_ID_MAX || finess_len >= sizeof b->c->machines[0].finess ||
      m->modality < -1 || m->modality >= EML_IMAGING_MODALITY_COUNT ||
      img_machine_lookup(b->c, m->equipment_id, id_len) >= 0)
    return EML_ERR_VALUE;
  return img_add_machine(b->c, m->equipment_id, id_len, finess, finess_len, m->modality);
}

static eml_status builder_add_sessions(void *impl, const eml_campaign_session *s, size_t n) {
  img_builder *b = impl;
  size_t before = b->n_sessions;
  for (size_t i = 0; i < n; i++) {
    img_session x = {(uint32_t)s[i].machine, 0, 0, (uint8_t)s[i].type};
    eml_status st;
    if (!machine_of_rows(b->c, s[i].machine) || (unsigned)s[i].type >= EML_SESSION_TYPE_COUNT ||
        s[i].end <= s[i].start || stored_seconds(s[i].start, &x.start) ||
        stored_seconds(s[i].end, &x.end))
      st = EML_ERR_VALUE;
    else
      st = img_builder_push_session(b, &x);
    if (st) {
      b->n_sessions = before; /* nothing of this call kept */
      return st;
    }
  }
  return EML_OK;
}

/* Room for n more exams at once, then each checked and written in place:
 * a stored national year gives 19.4 M of them (issue 17); the count moves
 * only once all are kept. */
static eml_status builder_add_exams(void *impl, const eml_campaign_exam *e, size_t n) {
  img_builder *b = impl;
  if ((b->n_exams + n) * sizeof(img_exam) > b->exams.cap) {
    img_big_populate_wait(b->populate); /* the mapping may move */
    b->populate = NULL;
    if (img_big_reserve(&b->exams, (b->n_exams + n) * sizeof(img_exam)))
      return EML_ERR_NOMEM;
  }
  img_exam *to = (img_exam *)b->exams.data + b->n_exams;
  for (size_t i = 0; i < n; i++) {
    img_exam x;
    memset(&x, 0, sizeof x);
    x.machine = (unsigned)e[i].machine & IMG_MACHINES_MAX;
    x.cls = (unsigned)e[i].cls & 0xff;
    x.icr = e[i].icr;
    x.report_delay_s = e[i].report_delay_s;
    if (!machine_of_rows(b->c, e[i].machine) || (unsigned)e[i].cls >= EML_CLASS_COUNT ||
        !(e[i].icr >= 0 || e[i].icr == EML_IMG_NO_ICR) || e[i].end <= e[i].start ||
        stored_seconds(e[i].start, &x.start) || stored_seconds(e[i].end, &x.end))
      return EML_ERR_VALUE; /* nothing of this call kept */
    to[i] = x;
  }
  b->n_exams += n;
  return EML_OK;
}

static void builder_set_counts(void *impl, eml_campaign_file file,
                               const eml_imaging_load_counts *counts) {
  eml_imaging_campaign *c = ((img_builder *)impl)->c;
  eml_imaging_load_counts *to = file == EML_CAMPAIGN_EQUIPMENT  ? &c->equipment_counts
                                : file == EML_CAMPAIGN_SESSIONS ? &c->sessions_counts
                                : file == EML_CAMPAIGN_EXAMS    ? &c->exams_counts
                                                                : NULL;
  if (to)
    *to = *counts;
}

/* The exams' array made at its size once, its pages readied meanwhile. */
static eml_status builder_reserve(void *impl, size_t sessions, size_t exams) {
  img_builder *b = impl;
  if (b->populate || b->n_exams || exams > SIZE_MAX / sizeof(img_exam) ||
      sessions > SIZE_MAX / sizeof(img_session))
    return EML_OK; /* a hint only */
  if (img_big_reserve(&b->sessions, sessions * sizeof(img_session)) ||
      img_big_reserve(&b->exams, exams * sizeof(img_exam)))
    return EML_ERR_NOMEM;
  if (b->c->threads > 1)
    b->populate = img_big_populate_start(&b->exams, exams * sizeof(img_exam));
  return EML_OK;
}

eml_status eml_imaging_builder_open(eml_imaging_campaign *c, eml_campaign_builder *out) {
  memset(out, 0, sizeof *out);
  img_builder *b = malloc(sizeof *b);
  if (!b)
    return EML_ERR_NOMEM;
  img_builder_init(b, c);
  *out = (eml_campaign_builder){b, builder_add_machine, builder_add_sessions, builder_add_exams,
                                builder_set_counts, builder_reserve};
  return EML_OK;
}

void eml_imaging_builder_abandon(eml_campaign_builder *b) {
  if (!b || !b->impl)
    return;
  img_builder_free(b->impl);
  free(b->impl);
  memset(b, 0, sizeof *b);
}

eml_status eml_imaging_builder_finish(eml_campaign_builder *b) {
  if (!b || !b->impl)
    return EML_OK;
  eml_status st = img_builder_finish(b->impl);
  eml_imaging_builder_abandon(b);
  return st;
}

/* ---- the reader ------------------------------------------------------------ */

static size_t read_machines(const void *impl, size_t first, eml_campaign_machine *out, size_t cap) {
  const eml_imaging_campaign *c = impl;
  size_t n = 0;
  for (size_t i = first; i < c->n_machines && n < cap; i++, n++)
    out[n] = (eml_campaign_machine){c->machines[i].id, c->machines[i].finess,
                                    c->machines[i].modality};
  return n;
}

static size_t read_sessions(const void *impl, size_t first, eml_campaign_session *out, size_t cap) {
  const eml_imaging_campaign *c = impl;
  size_t n = 0;
  for (size_t i = first; i < c->n_sessions && n < cap; i++, n++) {
    const img_session *s = &c->sessions[i];
    out[n] = (eml_campaign_session){s->machine, EML_IMG_EPOCH + s->start, EML_IMG_EPOCH + s->end,
                                    (eml_session_type)s->type};
  }
  return n;
}

static size_t read_exams(const void *impl, size_t first, eml_campaign_exam *out, size_t cap) {
  const eml_imaging_campaign *c = impl;
  size_t k = 0, n = 0;
  while (k < c->n_segments && first >= c->segments[k].n)
    first -= c->segments[k++].n;
  for (; k < c->n_segments && n < cap; k++, first = 0) {
    const img_exam *x = img_segment_exams(&c->segments[k]);
    for (size_t i = first; i < c->segments[k].n && n < cap; i++, n++)
      out[n] = (eml_campaign_exam){x[i].machine,
                                   EML_IMG_EPOCH + x[i].start,
                                   EML_IMG_EPOCH + x[i].end,
                                   (eml_patient_class)x[i].cls,
                                   x[i].icr,
                                   x[i].report_delay_s};
  }
  return n;
}

static void read_counts(const void *impl, eml_campaign_file file, eml_imaging_load_counts *out) {
  const eml_imaging_campaign *c = impl;
  static const eml_imaging_load_counts none;
  *out = file == EML_CAMPAIGN_EQUIPMENT  ? c->equipment_counts
         : file == EML_CAMPAIGN_SESSIONS ? c->sessions_counts
         : file == EML_CAMPAIGN_EXAMS    ? c->exams_counts
                                         : none;
}

void eml_imaging_campaign_reader(const eml_imaging_campaign *c, eml_campaign_reader *out) {
  *out = (eml_campaign_reader){c,           c->n_machines, c->n_sessions, img_exam_count(c),
                               read_machines, read_sessions, read_exams,    read_counts};
}

/* ---- the campaign in the store ------------------------------------------------ */

eml_status eml_imaging_campaign_save_stored(const eml_imaging_campaign *c, eml_store *store,
                                            const char *name, eml_diag *diag) {
  eml_campaign_reader r;
  eml_imaging_campaign_reader(c, &r);
  return eml_store_imaging_save(store, name, &r, diag);
}

eml_status eml_imaging_campaign_load_stored(eml_imaging_campaign *c, eml_store *store,
                                            const char *name, eml_diag *diag) {
  eml_campaign_builder b;
  eml_status st = eml_imaging_builder_open(c, &b);
  if (st)
    return st;
  st = eml_store_imaging_load(store, name, &b, diag);
  if (st) {
    eml_imaging_builder_abandon(&b);
    return st;
  }
  return eml_imaging_builder_finish(&b);
}
