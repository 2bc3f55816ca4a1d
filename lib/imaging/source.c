/*
 * source.c — loading the inputs of the CT/MRI benchmark from a source
 * (eml/imaging_source.h; spec imaging.md "Inputs" and "Campaign", issue 4
 * "Two ways in"): the files, or a campaign stored by `eml imaging import`,
 * then the optional sites and appointments. One path for the command line
 * and the dashboard, so both read the same inputs the same way.
 *
 * Model: the files are read in a fixed order — equipment (the machines the
 * others refer to), sessions or schedule, exams, sites, appointments (their
 * machines looked up in the campaign) — each to its end, every bad row
 * reported and counted; a file that cannot be read stops the load. A stored
 * campaign takes the place of the first three files, the register's sites
 * of its store the place of sites.csv when that is not given.
 */
#include "eml/profile.h"
#include "imaging_internal.h"
#include "io/row.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void eml_imaging_source_init(eml_imaging_source *src) {
  memset(src, 0, sizeof *src);
  src->db = "eml.db";
  eml_imaging_options_default(&src->opts);
}

void eml_imaging_inputs_free(eml_imaging_inputs *in) {
  if (!in)
    return;
  eml_imaging_campaign_free(in->campaign);
  eml_register_free(&in->sites);
  eml_appointments_free(in->appointments);
  memset(in, 0, sizeof *in);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The caller's hooks (rows: its reject and warning functions as the
 * readers' hooks), and the count of bad rows. */
typedef struct source_sink {
  const eml_imaging_source_hooks *hooks;
  eml_read_hooks rows;
  long rejected;
} source_sink;

static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t raw_len) {
  source_sink *sink = ctx;
  sink->rejected++;
  eml_hooks_reject(&sink->rows, diag, raw, raw_len);
}

static void on_warning(void *ctx, const char *file, const char *message) {
  eml_hooks_warn(&((source_sink *)ctx)->rows, file, message);
}

static void file_read(const source_sink *sink, const char *path,
                      const eml_imaging_load_counts *counts, long sessions, double t0) {
  if (sink->hooks && sink->hooks->file_read)
    sink->hooks->file_read(sink->hooks->ctx, path, counts, sessions, now_s() - t0);
}

/* The register's sites of the store, when it holds some. */
static eml_status load_stored_sites(eml_imaging_inputs *in, eml_store *store, eml_diag *diag) {
  eml_register reg = {0};
  eml_status st = eml_store_load_register(store, &reg, diag);
  if (st) {
    eml_register_free(&reg);
    return st;
  }
  eml_register_sort(&reg);
  in->sites = reg;
  in->has_sites = reg.nsites > 0;
  return EML_OK;
}

/* A campaign stored by `eml imaging import` (and the store's sites). */
static eml_status load_stored_campaign(const eml_imaging_source *src, eml_imaging_inputs *in,
                                       const source_sink *sink, eml_diag *diag) {
  eml_store *store;
  eml_status st = eml_store_open(src->db, EML_STORE_READ_ONLY, &store, diag);
  if (st)
    return st;
  double t0 = now_s();
  st = eml_imaging_campaign_load_stored(in->campaign, store, src->campaign, diag);
  if (!st && !src->sites)
    st = load_stored_sites(in, store, diag);
  eml_store_close(store);
  if (!st)
    file_read(sink, NULL, NULL, -1, t0);
  return st;
}

static const char *campaign_modality(void *ctx, const char *equipment_id) {
  return eml_imaging_campaign_modality(ctx, equipment_id);
}

/* appointments.csv (figures 1 and 2), its machines looked up in the campaign
 * (stored: the one of --campaign, not files). */
static eml_status load_appointments(eml_imaging_inputs *in, const char *path, int stored,
                                    source_sink *sink, eml_imaging_load_counts *counts,
                                    eml_diag *diag) {
  if (!(in->appointments = eml_appointments_new()))
    return EML_ERR_NOMEM;
  if (stored)
    eml_appointments_machines_stored(in->appointments);
  eml_read_hooks hooks = {on_reject, on_warning, sink};
  eml_read_counts read = {0};
  eml_status st = eml_appointments_read(in->appointments, path, NULL, campaign_modality,
                                        in->campaign, &hooks, &read, diag);
  img_counts_from_rows(counts, &read);
  return st;
}

typedef enum { F_EQUIPMENT, F_SESSIONS, F_SCHEDULE, F_EXAMS, F_SITES, F_APPOINTMENTS } file_kind;

/* Reads one file; *sessions: the dated sessions a schedule expanded to
 * (-1 for the other files). */
static eml_status load_file(const eml_imaging_source *src, eml_imaging_inputs *in,
                            file_kind kind, const char *path, source_sink *sink,
                            eml_imaging_load_counts *counts, long *sessions, eml_diag *diag) {
  eml_imaging_campaign *c = in->campaign;
  *sessions = -1;
  switch (kind) {
  case F_EQUIPMENT: return eml_imaging_load_equipment(c, path, on_reject, sink, counts, diag);
  case F_SESSIONS: return eml_imaging_load_sessions(c, path, on_reject, sink, counts, diag);
  case F_SCHEDULE: {
    eml_imaging_schedule_options o = {src->opts.from, src->opts.to, src->skip_holidays};
    eml_imaging_schedule_counts expanded = {0};
    eml_status st =
        eml_imaging_load_schedule(c, path, &o, on_reject, sink, counts, &expanded, diag);
    *sessions = expanded.sessions;
    return st;
  }
  case F_EXAMS: return eml_imaging_load_exams(c, path, on_reject, sink, counts, diag);
  case F_SITES: {
    eml_status st = eml_imaging_read_sites(&in->sites, path, on_reject, sink, counts, diag);
    in->has_sites = in->sites.nsites > 0;
    return st;
  }
  case F_APPOINTMENTS:
    return load_appointments(in, path, src->campaign != NULL, sink, counts, diag);
  }
  return EML_ERR_USAGE;
}

eml_status eml_imaging_source_load(const eml_imaging_source *src,
                                   const eml_imaging_source_hooks *hooks, eml_imaging_inputs *out,
                                   eml_diag *diag) {
  memset(out, 0, sizeof *out);
  if ((out->campaign = eml_imaging_campaign_new()))
    eml_imaging_campaign_set_threads(out->campaign, src->threads);
  if (!out->campaign)
    return EML_ERR_NOMEM;
  source_sink sink = {hooks, {NULL, NULL, NULL}, 0};
  if (hooks)
    sink.rows = (eml_read_hooks){hooks->reject, hooks->warning, hooks->ctx};
  eml_status st = EML_OK;
  if (!src->equipment && (st = load_stored_campaign(src, out, &sink, diag)))
    return st;
  eml_profile *profile = NULL;
  if (src->profile && src->equipment && (st = eml_profile_read(src->profile, &profile, diag)))
    return st;
  eml_imaging_campaign_set_profile(out->campaign, profile);
  struct {
    file_kind kind;
    const char *path;
  } files[5];
  size_t n = 0;
  if (src->equipment) {
    files[n].kind = F_EQUIPMENT, files[n++].path = src->equipment;
    if (src->schedule)
      files[n].kind = F_SCHEDULE, files[n++].path = src->schedule;
    else
      files[n].kind = F_SESSIONS, files[n++].path = src->sessions;
    files[n].kind = F_EXAMS, files[n++].path = src->exams;
  }
  if (src->sites)
    files[n].kind = F_SITES, files[n++].path = src->sites;
  if (src->appointments)
    files[n].kind = F_APPOINTMENTS, files[n++].path = src->appointments;
  for (size_t i = 0; i < n; i++) {
    double t0 = now_s();
    eml_imaging_load_counts counts;
    memset(&counts, 0, sizeof counts);
    long sessions;
    st = load_file(src, out, files[i].kind, files[i].path, &sink, &counts, &sessions, diag);
    if (st && st != EML_ERR_REJECTED)
      break;
    st = EML_OK;
    file_read(&sink, files[i].path, &counts, sessions, t0);
  }
  eml_imaging_campaign_set_profile(out->campaign, NULL);
  eml_profile_free(profile);
  if (st)
    return st;
  out->rejected = sink.rejected;
  return sink.rejected ? EML_ERR_REJECTED : EML_OK;
}
