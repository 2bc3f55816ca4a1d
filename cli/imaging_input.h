/*
 * imaging_input.h — the inputs of the imaging commands, parsed and loaded
 * in one place (spec imaging.md "Inputs", issue 4 "Two ways in"): used by
 * `eml imaging compute|report|machine|import` and `eml report imaging`.
 * Files: --equipment, exactly one of --sessions / --schedule (expanded over
 * --from/--to, required then, with --holidays skip|keep), --exams, optional
 * --sites and --appointments; or a stored campaign (--campaign NAME --db PATH). Options:
 * --from/--to, --min-exam-minutes, --er-share, --rejects, --timing, --threads.
 */
#ifndef EML_CLI_IMAGING_INPUT_H
#define EML_CLI_IMAGING_INPUT_H

#include "cli.h"

typedef struct imaging_input {
  /* what the options name: the files or the stored campaign, the sites and
   * the survey, the window and the rules, --holidays, --threads N (0, the
   * default: the online cores) */
  eml_imaging_source src;
  const char *rejects;
  int has_from, has_to, has_holidays;
  int timing; /* --timing: phase times on stderr (for bench/) */
  char profile[1024]; /* --profile NAME: a shipped profile's path (src.profile) */
  /* what imaging_input_load read: the campaign, the sites of --sites or of
   * the store, the survey of --appointments (eml/imaging_source.h) */
  eml_imaging_inputs loaded;
} imaging_input;

void imaging_input_init(imaging_input *in);
void imaging_input_free(imaging_input *in); /* what was loaded */
/* Reads the inputs from the options the command declares (the rows
 * IMG_* of commands.c): those it does not declare stay unset. */
void imaging_input_from_args(imaging_input *in, const cli_args *a);
/* Checks the combination after parsing: -1 fine, or an exit code. */
int imaging_input_check(imaging_input *in);
/* Loads the files (or the stored campaign), the sites and the survey into
 * in->loaded (eml_imaging_source_load), printing each file's counts: -1 or
 * an exit code. Any bad row stops everything unless --rejects FILE. */
int imaging_input_load(imaging_input *in);
/* Loads and computes: -1 with *out, or an exit code (*out NULL). With
 * keep_campaign, in->loaded.campaign stays for the caller (the machine
 * sheets read its exams again for the hour-by-weekday activity); else it
 * is freed once the indicators are computed. */
int imaging_input_compute(imaging_input *in, eml_imaging_result **out, int keep_campaign);
/* The national summary as a report (eml_report_imaging, flags of
 * eml/report.h), with the sites and the survey loaded and the sources of
 * the options: -1 with *out, or an exit code. */
int imaging_input_report(const imaging_input *in, const eml_imaging_result *r, int flags,
                         const char *edited, eml_report **out);

#endif
