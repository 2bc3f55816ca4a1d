/*
 * eml/imaging_source.h — where the inputs of the CT/MRI benchmark come from,
 * and their loading in one place (spec imaging.md "Inputs" and "Campaign";
 * lib/imaging/source.c): the one loading path of `eml imaging
 * compute|report|machine|import`, `eml report imaging|machines` and the
 * dashboard of `eml serve`. The command line parses its options into a
 * source; the server makes one from its --imaging-dir.
 *
 * A source is either files — equipment, exactly one of sessions (intervals)
 * or schedule (a weekly template expanded over [opts.from, opts.to), then
 * required, public holidays skipped or kept), exams — or a campaign stored
 * by `eml imaging import` (equipment NULL: campaign in the store db, with
 * the register's sites of that store when it holds some and no sites file
 * is given); then optionally sites.csv (the breakdowns by legal status and
 * département) and appointments.csv (figures 1 and 2).
 *
 * Loading reads every file in that order and reports each bad row through
 * hooks->reject (diag `FILE:LINE: column NAME: ... (value 'X')` and the raw
 * row), keeping the good ones: the caller decides whether any bad row stops
 * everything (the command line without --rejects, the dashboard) or not.
 *
 * Ownership: eml_imaging_inputs_free frees what a load put in the inputs
 * (accepts inputs never loaded, zeroed); the campaign may be freed earlier
 * by the caller (then set the member to NULL).
 */
#ifndef EML_IMAGING_SOURCE_H
#define EML_IMAGING_SOURCE_H

#include "appointments.h"
#include "imaging.h"
#include "register.h"
#include "status.h"

typedef struct eml_imaging_source {
  const char *equipment, *sessions, *schedule, *exams; /* the files, or equipment NULL */
  const char *campaign, *db;                           /* a stored campaign */
  const char *sites, *appointments;                    /* optional files, or NULL */
  const char *profile; /* an import profile (eml/profile.h) for the files, or NULL */
  int skip_holidays;                                   /* schedule: leave public holidays out */
  unsigned threads; /* reading and computing threads (eml_threads_resolve: 0 = the online cores) */
  eml_imaging_options opts; /* the window (the schedule's expansion too) and the rules */
} eml_imaging_source;

/* What loading tells besides the bad rows; any member may be NULL. */
typedef struct eml_imaging_source_hooks {
  eml_imaging_reject_fn reject;
  void (*warning)(void *ctx, const char *file, const char *message);
  /* After each file: path (NULL for the stored campaign, counts NULL then),
   * its counts, the dated sessions a schedule expanded to (-1 for the other
   * files), the seconds the reading took. */
  void (*file_read)(void *ctx, const char *path, const eml_imaging_load_counts *counts,
                    long sessions, double seconds);
  void *ctx;
} eml_imaging_source_hooks;

/* What a source loaded. */
typedef struct eml_imaging_inputs {
  eml_imaging_campaign *campaign;
  eml_register sites;             /* sorted by FINESS; has_sites: some */
  int has_sites;
  eml_appointments *appointments; /* NULL without appointments.csv */
  long rejected;                  /* bad rows reported */
} eml_imaging_inputs;

/* Defaults: no file, db "eml.db", eml_imaging_options_default. */
void eml_imaging_source_init(eml_imaging_source *src);
/* Loads every input of src into *out (zeroed first). Returns EML_OK,
 * EML_ERR_REJECTED when bad rows were reported (every file was still read:
 * the good rows are loaded), or another error at once when a file or the
 * store cannot be read (diag says why). Free *out with
 * eml_imaging_inputs_free whatever the result. */
eml_status eml_imaging_source_load(const eml_imaging_source *src,
                                   const eml_imaging_source_hooks *hooks, eml_imaging_inputs *out,
                                   eml_diag *diag) EML_MUST_CHECK;
void eml_imaging_inputs_free(eml_imaging_inputs *in);

#endif
