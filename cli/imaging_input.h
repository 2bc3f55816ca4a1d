/*
 * imaging_input.h — the inputs of the imaging commands, parsed and loaded
 * in one place (spec imaging.md "Inputs", issue 4 "Two ways in"): used by
 * `eml imaging compute|report|machine|import` and `eml report imaging`.
 * Files: --equipment, exactly one of --sessions / --schedule (expanded over
 * --from/--to, required then, with --holidays skip|keep), --exams, optional
 * --sites and --appointments; or a stored campaign (--campaign NAME --db PATH). Options:
 * --from/--to, --min-exam-minutes, --er-share, --rejects, --timing.
 */
#ifndef EML_CLI_IMAGING_INPUT_H
#define EML_CLI_IMAGING_INPUT_H

#include "cli.h"

typedef struct imaging_input {
  const char *equipment, *sessions, *schedule, *exams, *sites_path, *appointments_path;
  const char *campaign, *db; /* a campaign stored by eml imaging import */
  const char *rejects;
  eml_imaging_options opts;
  int has_from, has_to, skip_holidays, has_holidays;
  int timing; /* --timing: phase times on stderr (for bench/) */
  /* loaded: the sites of --sites or of the store (has_sites = some) */
  eml_register sites;
  int has_sites;
  eml_appointments *appointments; /* --appointments: figures 1 and 2 */
} imaging_input;

void imaging_input_init(imaging_input *in);
void imaging_input_free(imaging_input *in); /* the sites loaded */
/* Reads the inputs from the options the command declares (the rows
 * IMG_* of commands.c): those it does not declare stay unset. */
void imaging_input_from_args(imaging_input *in, const cli_args *a);
/* Checks the combination after parsing: -1 fine, or an exit code. */
int imaging_input_check(imaging_input *in);
/* Loads the files (or the stored campaign) into c, and the sites: -1 or an
 * exit code. Any bad row stops everything unless --rejects FILE. */
int imaging_input_load(imaging_input *in, eml_imaging_campaign *c);
/* Loads and computes: -1 with *out, or an exit code (*out NULL). With keep,
 * *keep is the campaign loaded (the caller frees it) when *out is set: the
 * machine sheets read its exams again for the hour-by-weekday activity. */
int imaging_input_compute(imaging_input *in, eml_imaging_result **out,
                          eml_imaging_campaign **keep);
/* The national summary: the seed's figures, the counts, and with sites
 * (--sites, or the register's sites of the store with --campaign) the
 * breakdowns by legal status and territory. -1 or an exit code. */
int imaging_input_summary(const imaging_input *in, const eml_imaging_result *r,
                          eml_table ***tables, size_t *count);

#endif
