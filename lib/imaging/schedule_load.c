/*
 * schedule_load.c — loading schedule.csv (spec imaging.md, "schedule.csv —
 * vacations, as a weekly template") into a campaign: the rows are read and
 * checked (the schedule reader's messages, plus "unknown machine" against
 * the equipment already loaded), then expanded over the campaign window
 * with eml_schedule_expand (eml/schedule.h) into dated sessions, the
 * Alsace-Moselle holidays following the département of each machine's
 * FINESS (eml_territory_from_finess). Bad rows go to the same reject
 * callback as the other imaging loaders.
 */
#include "imaging_internal.h"
#include "io/profile.h"
#include "rows.h"

#include <string.h>

typedef struct schedule_loading {
  eml_imaging_campaign *campaign;
  eml_schedule *schedule;
  char departement[4];
} schedule_loading;

static eml_status schedule_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  schedule_loading *l = ctx;
  eml_schedule_row row;
  char id[EML_SCHEDULE_ID_MAX + 1];
  eml_status st = eml_schedule_parse_record(r, &row, id, diag);
  if (st)
    return st;
  long m = img_machine_lookup(l->campaign, id, strlen(id));
  if (m < 0)
    return eml_row_bad(r, 0, diag, IMG_UNKNOWN_MACHINE);
  if (l->campaign->machines[m].modality < 0) {
    *skipped = 1; /* a machine of another modality */
    return EML_OK;
  }
  return eml_schedule_add(l->schedule, &row);
}

static const char *machine_departement(void *ctx, const char *equipment_id) {
  schedule_loading *l = ctx;
  long m = img_machine_lookup(l->campaign, equipment_id, strlen(equipment_id));
  if (m < 0 || eml_territory_from_finess(l->campaign->machines[m].finess, l->departement))
    return NULL;
  return l->departement;
}

static eml_status add_session(void *ctx, const char *equipment_id, eml_time start, eml_time end,
                              eml_session_type type, eml_diag *diag) {
  return eml_imaging_add_session(ctx, equipment_id, start, end, type, diag);
}

eml_status eml_imaging_load_schedule(eml_imaging_campaign *c, const char *path,
                                     const eml_imaging_schedule_options *o,
                                     eml_imaging_reject_fn reject, void *ctx,
                                     eml_imaging_load_counts *counts,
                                     eml_imaging_schedule_counts *expanded, eml_diag *diag) {
  eml_imaging_load_counts local;
  if (!counts)
    counts = &local;
  memset(counts, 0, sizeof *counts);
  if (expanded)
    memset(expanded, 0, sizeof *expanded);
  schedule_loading l = {c, eml_schedule_new(), ""};
  if (!l.schedule)
    return EML_ERR_NOMEM;
  eml_profile_binding profile; /* the [schedule] section: names and labels */
  eml_profile_bind(&profile, c->profile, "schedule");
  eml_row r = {.columns = eml_schedule_columns, .profile = &profile};
  /* without a reject function the rows are still all read and counted (the
   * caller decides all-or-nothing), as the other imaging loaders do */
  eml_read_hooks hooks = {reject ? reject : eml_rows_drop, NULL, ctx};
  eml_rows_reading g = {path, NULL, 0, NULL, NULL, schedule_row, &l, &hooks};
  eml_read_counts read;
  eml_status st = eml_rows_read(&r, &g, &read, diag);
  img_counts_from_rows(counts, &read);
  if (!st) {
    eml_schedule_window w = {o->from, o->to, o->skip_holidays, machine_departement, &l};
    size_t before = c->n_sessions;
    long skipped_before = c->sessions_counts.skipped;
    st = eml_schedule_expand(l.schedule, &w, add_session, c, diag);
    if (st && !diag->file[0])
      snprintf(diag->file, sizeof diag->file, "%s", path);
    /* the expanded sessions are counted by the caller's counts, not as
     * rows of sessions.csv */
    c->sessions_counts.loaded -= (long)(c->n_sessions - before);
    c->sessions_counts.skipped = skipped_before;
    if (expanded)
      expanded->sessions = (long)(c->n_sessions - before);
  }
  if (!st || st == EML_ERR_REJECTED) {
    img_counts_add(&c->sessions_counts, counts);
    c->sessions_from_schedule = 1;
  }
  eml_schedule_free(l.schedule);
  if (!st && counts->rejected)
    st = EML_ERR_REJECTED;
  return st;
}
