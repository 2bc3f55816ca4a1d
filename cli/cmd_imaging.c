/*
 * cmd_imaging.c — `eml imaging report` (the national summary of the CT/MRI
 * benchmark, spec imaging.md "Reports"; `eml imaging compute` is the same
 * code, with --machines-csv / --panel-csv writing the files compared with
 * the DuckDB reference, shared/bench/README.md), `eml imaging machine ID`
 * (one machine's sheet) and `eml imaging import|campaigns` (the store).
 * Inputs (files or stored campaign, sessions or schedule, sites) are parsed
 * by imaging_input.c and loaded by libeml (eml/imaging_source.h); the
 * summary and the sheet are libeml's reports (eml/report.h), the ones `eml
 * report` and the dashboard show.
 */
#include "cli.h"
#include "commands.h"
#include "imaging_input.h"

#include <stdlib.h>
#include <string.h>

typedef struct imaging_args {
  imaging_input in;
  const char *machines_csv, *panel_csv, *output;
  eml_format format;
} imaging_args;

/* Parses the options of compute, report, machine and import; returns -1 to
 * go on (a->in to be freed), or an exit code. */
static int parse_args(int argc, char **argv, imaging_args *a, const char *usage) {
  enum { O_MCSV = 1000, O_PCSV, O_FORMAT, O_OUTPUT, O_HELP };
  static const struct option own[] = {{"machines-csv", required_argument, NULL, O_MCSV},
                                      {"panel-csv", required_argument, NULL, O_PCSV},
                                      {"format", required_argument, NULL, O_FORMAT},
                                      {"output", required_argument, NULL, O_OUTPUT},
                                      {"help", no_argument, NULL, O_HELP},
                                      {NULL, 0, NULL, 0}};
  struct option longs[8 + IMAGING_INPUT_LONGS];
  imaging_input_longs(longs, sizeof longs / sizeof longs[0], own);
  memset(a, 0, sizeof *a);
  imaging_input_init(&a->in);
  a->format = EML_FORMAT_TEXT;
  optind = 1;
  opterr = 1;
  int ch, code;
  while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
    switch (ch) {
    case O_MCSV: a->machines_csv = optarg; break;
    case O_PCSV: a->panel_csv = optarg; break;
    case O_FORMAT:
      if (!cli_parse_format_option(optarg, &a->format))
        return CLI_EXIT_USAGE;
      break;
    case O_OUTPUT: a->output = optarg; break;
    case O_HELP: fputs(usage, stdout); return CLI_EXIT_OK;
    default:
      if ((code = imaging_input_option(&a->in, ch, optarg, usage)))
        return code;
    }
  }
  return imaging_input_check(&a->in);
}

static eml_status write_csv(const char *path,
                            eml_status (*writer)(const eml_imaging_result *, eml_write_fn, void *),
                            const eml_imaging_result *r) {
  FILE *f = fopen(path, "w");
  if (!f)
    return EML_ERR_IO;
  eml_status st = writer(r, eml_write_file, f);
  if (fclose(f) != 0 && !st)
    st = EML_ERR_IO;
  return st;
}

/* Loads and computes, writes --machines-csv / --panel-csv; *out is the
 * result, or NULL with the exit code. With keep_campaign, a->in.loaded
 * keeps the campaign when *out is set (imaging_input_compute). */
static int load_and_compute(imaging_args *a, eml_imaging_result **out, int keep_campaign) {
  int code = imaging_input_compute(&a->in, out, keep_campaign);
  if (code >= 0)
    return code;
  if (a->machines_csv && write_csv(a->machines_csv, eml_imaging_write_machines_csv, *out))
    code = cli_fail(CLI_EXIT_SYSTEM, "%s: cannot write", a->machines_csv);
  if (code < 0 && a->panel_csv && write_csv(a->panel_csv, eml_imaging_write_panel_csv, *out))
    code = cli_fail(CLI_EXIT_SYSTEM, "%s: cannot write", a->panel_csv);
  if (code >= 0) {
    eml_imaging_result_free(*out);
    *out = NULL;
  }
  return code;
}

#define IMAGING_INPUT_USAGE                                                                  \
  "Inputs: the files (--equipment, --sessions or --schedule, --exams), or a campaign\n"     \
  "stored by 'eml imaging import' (--campaign NAME [--db PATH], default eml.db).\n"          \
  "  --sessions FILE     the sessions as intervals (sessions.csv)\n"                          \
  "  --schedule FILE     or as a weekly template (schedule.csv), expanded over the\n"         \
  "                      campaign window: --from and --to are required then\n"                \
  "  --holidays skip|keep  with --schedule: leave out the programmed sessions on French\n"   \
  "                      public holidays (Alsace-Moselle ones by the machine's FINESS),\n"   \
  "                      or keep them (default keep)\n"                                       \
  "  --from, --to        campaign window [from 00:00, to 00:00) local time\n"                 \
  "                      (default: the whole days spanned by the exams)\n"                    \
  "  --sites FILE        sites.csv: adds the counts by legal status and the medians by\n"     \
  "                      legal status and by département (with --campaign, the sites of\n"   \
  "                      the store are used when it holds some)\n"                            \
  "  --appointments FILE appointments.csv: adds figures 1 and 2 (appointment delays)\n"       \
  "  --min-exam-minutes  shorter exams are excluded and counted (default 3)\n"                \
  "  --er-share          share of ER patients making a machine emergency-dedicated\n"         \
  "  --rejects FILE      keep the good rows, write the bad ones there with the reason\n"      \
  "                      (default: any bad row stops everything, exit status 1)\n"            \
  "  --timing            print the time of each phase on stderr\n"                           \
  "  --threads N         threads reading and computing, 1 to 256 (default: the online\n"     \
  "                      cores); the results do not depend on it\n"

const char cmd_imaging_report_usage[] =
    "Usage: eml imaging report --equipment FILE (--sessions FILE | --schedule FILE\n"
    "                          [--holidays skip|keep]) --exams FILE [--sites FILE]\n"
    "                          [--appointments FILE]\n"
    "                          [--from DATE --to DATE] [--min-exam-minutes 3] [--er-share 0.5]\n"
    "                          [--rejects FILE] [--format text|csv|json|md|html|xlsx]\n"
    "                          [--output FILE]\n"
    "       eml imaging report --campaign NAME [--db PATH] [--sites FILE] [...]\n"
    "\n"
    "Prints the national summary of the CT/MRI benchmark (spec imaging.md, seed 001):\n"
    "counts and data quality, opening/occupancy/ICR per hour (figures 15, 16), exam\n"
    "durations (11, 12), report delays (7, 8), every indicator's distribution, and with\n"
    "sites the breakdowns by legal status and by département; with the appointment\n"
    "survey, figures 1 and 2 (per clinical case: 'eml imaging appointments').\n"
    IMAGING_INPUT_USAGE;

const char cmd_imaging_compute_usage[] =
    "Usage: eml imaging compute [the inputs and options of eml imaging report]\n"
    "                           [--machines-csv OUT] [--panel-csv OUT]\n"
    "\n"
    "The same national summary as 'eml imaging report', plus the files compared with\n"
    "the DuckDB reference (the fast benchmark path):\n"
    "  --machines-csv OUT  one row per machine, every indicator (the DuckDB columns first)\n"
    "  --panel-csv OUT     one row per modality and indicator: n, p20, p50, p80\n"
    IMAGING_INPUT_USAGE;

const char cmd_imaging_machine_usage[] =
    "Usage: eml imaging machine EQUIPMENT_ID [the inputs and options of eml imaging report]\n"
    "\n"
    "Prints one machine's sheet: every indicator with its percentile rank in the panel\n"
    "of its modality and the panel's P20, median and P80, its classes, its data\n"
    "quality counts, and its activity by hour and weekday (share of each local hour\n"
    "occupied by exams, averaged over the window's days; docs/imaging.md).\n"
    IMAGING_INPUT_USAGE;

/* compute and report: one code, two names (report is the documented one). */
static int national_summary(int argc, char **argv, const char *usage) {
  imaging_args a;
  int code = parse_args(argc, argv, &a, usage);
  if (code < 0 && optind < argc)
    code = cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
  eml_imaging_result *r = NULL;
  if (code < 0)
    code = load_and_compute(&a, &r, 0);
  eml_report *report = NULL;
  if (code < 0)
    code = imaging_input_report(&a.in, r, 0, NULL, &report);
  if (code < 0)
    code = cli_render_report(a.format, report, a.output);
  eml_report_free(report);
  eml_imaging_result_free(r);
  imaging_input_free(&a.in);
  return code;
}

int cmd_imaging_compute(int argc, char **argv) {
  return national_summary(argc, argv, cmd_imaging_compute_usage);
}

int cmd_imaging_report(int argc, char **argv) {
  return national_summary(argc, argv, cmd_imaging_report_usage);
}

int cmd_imaging_machine(int argc, char **argv) {
  imaging_args a;
  int code = parse_args(argc, argv, &a, cmd_imaging_machine_usage);
  if (code < 0 && optind + 1 != argc)
    code = cli_fail(CLI_EXIT_USAGE, "give exactly one EQUIPMENT_ID");
  eml_imaging_result *r = NULL;
  if (code < 0)
    code = load_and_compute(&a, &r, 1);
  long at = code < 0 ? eml_imaging_machine_find(r, argv[optind]) : -1;
  if (code < 0 && at < 0) {
    const char *id = argv[optind];
    eml_diag d;
    eml_diag_set(&d, NULL, 0, "EQUIPMENT_ID", id, strlen(id),
                 "no CT or MRI machine with this id in the equipment file");
    cli_print_diag(&d);
    code = CLI_EXIT_DATA;
  }
  /* the sheet ends with the hour-by-weekday activity (the campaign's exams
   * read again) */
  eml_imaging_activity *act = NULL;
  eml_report *report = NULL;
  eml_status st = EML_OK;
  if (code < 0)
    st = eml_imaging_activity_compute(a.in.loaded.campaign, r, at, &act);
  imaging_input_free(&a.in);
  if (code < 0 && !st)
    st = eml_report_machine(r, (size_t)at, eml_imaging_activity_machine(act, (size_t)at), 0,
                            &report);
  if (code < 0)
    code = st ? cli_fail(cli_exit_code(st), "%s", eml_strerror(st))
              : cli_render_report(a.format, report, a.output);
  eml_report_free(report);
  eml_imaging_activity_free(act);
  eml_imaging_result_free(r);
  return code;
}

/* ---- eml imaging import / eml imaging campaigns ---- */
const char cmd_imaging_import_usage[] =
    "Usage: eml imaging import --campaign NAME --equipment FILE\n"
    "                          (--sessions FILE | --schedule FILE --from DATE --to DATE\n"
    "                          [--holidays skip|keep]) --exams FILE [--db PATH]\n"
    "                          [--rejects FILE]\n"
    "\n"
    "Stores a campaign in the store (default eml.db), replacing one of the same name;\n"
    "then 'eml imaging report --campaign NAME' and 'eml imaging machine ID --campaign\n"
    "NAME' report from it with the same figures as from the files. A schedule is stored\n"
    "as the dated sessions it expands to. The files are checked as by 'eml imaging\n"
    "report': any bad row stops the import unless --rejects FILE is given. Sites are\n"
    "imported into the register with 'eml import sites FILE'.\n";

int cmd_imaging_import(int argc, char **argv) {
  imaging_args a;
  int code = parse_args(argc, argv, &a, cmd_imaging_import_usage);
  if (code >= 0)
    return code;
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
  if (!a.in.campaign || !a.in.equipment)
    return cli_fail(CLI_EXIT_USAGE, "options --campaign, --equipment, --sessions (or "
                                    "--schedule) and --exams are required");
  if (a.in.sites_path)
    return cli_fail(CLI_EXIT_USAGE, "option --sites: the sites go to the register, with 'eml "
                                    "import sites FILE'");
  if (a.in.appointments_path)
    return cli_fail(CLI_EXIT_USAGE, "option --appointments: the survey is not stored with a "
                                    "campaign; give it to 'eml imaging report --campaign'");
  if ((code = imaging_input_load(&a.in)) >= 0) {
    imaging_input_free(&a.in);
    return code;
  }
  const eml_imaging_campaign *c = a.in.loaded.campaign;
  const char *db = a.in.db, *campaign = a.in.campaign;
  eml_store *store;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(db, EML_STORE_OPEN_EXISTING, &store, &diag);
  if (!st) {
    size_t machines, sessions, exams;
    eml_imaging_campaign_sizes(c, &machines, &sessions, &exams);
    st = eml_imaging_import(store, campaign, c, cli_user(NULL), &diag);
    if (!st)
      printf("campaign %s stored in %s: %zu machines, %zu sessions, %zu exams\n", campaign, db,
             machines, sessions, exams);
    eml_store_close(store);
  }
  imaging_input_free(&a.in);
  if (st) {
    cli_print_diag(&diag);
    fprintf(stderr, "eml: campaign %s not stored\n", campaign);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

const char cmd_imaging_campaigns_usage[] = "Usage: eml imaging campaigns [--db PATH]\n"
                                           "Lists the imaging campaigns of the store.\n";

static eml_status print_campaign(void *ctx, const char *name, const char *imported_at,
                                 long machines, long sessions, long exams) {
  (void)ctx;
  printf("%s\t%s\t%ld machines\t%ld sessions\t%ld exams\n", name, imported_at, machines,
         sessions, exams);
  return EML_OK;
}

int cmd_imaging_campaigns(int argc, char **argv) {
  static const struct option longs[] = {{"db", required_argument, NULL, 'd'}, {0, 0, 0, 0}};
  const char *db = "eml.db";
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
    if (ch != 'd')
      return cli_fail(CLI_EXIT_USAGE, "see 'eml imaging campaigns --help'");
    db = optarg;
  }
  eml_store *store;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(db, EML_STORE_READ_ONLY, &store, &diag);
  if (!st) {
    st = eml_store_imaging_each(store, print_campaign, NULL, &diag);
    eml_store_close(store);
  }
  if (st) {
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}
