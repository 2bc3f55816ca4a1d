/*
 * cmd_imaging.c — `eml imaging compute` (the national summary of the CT/MRI
 * benchmark, spec imaging.md "Reports") and `eml imaging machine ID` (one
 * machine's sheet). Both load equipment.csv, sessions.csv and exams.csv
 * (all-or-nothing unless --rejects FILE), compute with libeml
 * (eml/imaging.h) and render tables; --machines-csv / --panel-csv write the
 * files compared with the DuckDB reference (shared/bench/README.md).
 */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REJECTS_PRINTED_MAX 20 /* bad rows printed on stderr without --rejects */

typedef struct imaging_args {
  const char *equipment, *sessions, *exams, *sites;
  const char *campaign, *db; /* a campaign stored by eml imaging import */
  const char *machines_csv, *panel_csv, *rejects, *output;
  eml_format format;
  eml_imaging_options opts;
  int has_from, has_to;
  int timing; /* --timing: phase times on stderr (for bench/) */
} imaging_args;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct reject_sink {
  FILE *file; /* --rejects, or NULL: print on stderr */
  long count, printed;
} reject_sink;

static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t raw_len) {
  reject_sink *sink = ctx;
  char msg[1024];
  eml_diag_format(diag, msg, sizeof msg);
  sink->count++;
  if (sink->file) {
    fprintf(sink->file, "%s\t", msg);
    fwrite(raw, 1, raw_len, sink->file);
    fputc('\n', sink->file);
  } else if (sink->printed < REJECTS_PRINTED_MAX) {
    sink->printed++;
    fprintf(stderr, "eml: %s\n", msg);
  }
}

static int parse_number_option(const char *option, const char *value, double lo, double hi,
                               double *out) {
  if (eml_parse_double(value, strlen(value), 1, out) == EML_OK && *out >= lo && *out <= hi)
    return 1;
  eml_diag d;
  eml_diag_set(&d, NULL, 0, option, value, strlen(value), "not a number between %g and %g", lo,
               hi);
  cli_print_diag(&d);
  return 0;
}

/* Parses the options shared by compute and machine; returns -1 to go on, or
 * an exit code. */
static int parse_args(int argc, char **argv, imaging_args *a, const char *usage) {
  enum { O_EQUIPMENT = 1000, O_SESSIONS, O_EXAMS, O_SITES, O_FROM, O_TO, O_MIN, O_ER, O_MCSV,
         O_PCSV, O_REJECTS, O_FORMAT, O_OUTPUT, O_TIMING, O_HELP, O_CAMPAIGN, O_DB };
  static const struct option longs[] = {
      {"equipment", required_argument, NULL, O_EQUIPMENT},
      {"sessions", required_argument, NULL, O_SESSIONS},
      {"exams", required_argument, NULL, O_EXAMS},
      {"sites", required_argument, NULL, O_SITES},
      {"from", required_argument, NULL, O_FROM},
      {"to", required_argument, NULL, O_TO},
      {"min-exam-minutes", required_argument, NULL, O_MIN},
      {"er-share", required_argument, NULL, O_ER},
      {"machines-csv", required_argument, NULL, O_MCSV},
      {"panel-csv", required_argument, NULL, O_PCSV},
      {"rejects", required_argument, NULL, O_REJECTS},
      {"format", required_argument, NULL, O_FORMAT},
      {"output", required_argument, NULL, O_OUTPUT},
      {"timing", no_argument, NULL, O_TIMING},
      {"help", no_argument, NULL, O_HELP},
      {"campaign", required_argument, NULL, O_CAMPAIGN},
      {"db", required_argument, NULL, O_DB},
      {NULL, 0, NULL, 0}};
  memset(a, 0, sizeof *a);
  eml_imaging_options_default(&a->opts);
  a->format = EML_FORMAT_TEXT;
  a->db = "eml.db";
  optind = 1;
  opterr = 1;
  int ch;
  while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
    switch (ch) {
    case O_EQUIPMENT: a->equipment = optarg; break;
    case O_SESSIONS: a->sessions = optarg; break;
    case O_EXAMS: a->exams = optarg; break;
    case O_SITES: a->sites = optarg; break;
    case O_FROM:
      if (!cli_parse_date_option("--from", optarg, &a->opts.from))
        return CLI_EXIT_USAGE;
      a->has_from = 1;
      break;
    case O_TO:
      if (!cli_parse_date_option("--to", optarg, &a->opts.to))
        return CLI_EXIT_USAGE;
      a->has_to = 1;
      break;
    case O_MIN:
      if (!parse_number_option("--min-exam-minutes", optarg, 0, 1440, &a->opts.min_exam_minutes))
        return CLI_EXIT_USAGE;
      break;
    case O_ER:
      if (!parse_number_option("--er-share", optarg, 0, 1, &a->opts.er_share_min))
        return CLI_EXIT_USAGE;
      break;
    case O_MCSV: a->machines_csv = optarg; break;
    case O_PCSV: a->panel_csv = optarg; break;
    case O_REJECTS: a->rejects = optarg; break;
    case O_FORMAT:
      if (!cli_parse_format_option(optarg, &a->format))
        return CLI_EXIT_USAGE;
      break;
    case O_OUTPUT: a->output = optarg; break;
    case O_TIMING: a->timing = 1; break;
    case O_HELP: fputs(usage, stdout); return CLI_EXIT_OK;
    case O_CAMPAIGN: a->campaign = optarg; break;
    case O_DB: a->db = optarg; break;
    default: fputs(usage, stderr); return CLI_EXIT_USAGE;
    }
  }
  int files = a->equipment || a->sessions || a->exams;
  if (files && (!a->equipment || !a->sessions || !a->exams))
    return cli_fail(CLI_EXIT_USAGE, "options --equipment, --sessions and --exams go together");
  if (!files && !a->campaign)
    return cli_fail(CLI_EXIT_USAGE, "give the files (--equipment, --sessions, --exams) or a "
                                    "stored campaign (--campaign NAME)");
  if (a->has_from != a->has_to)
    return cli_fail(CLI_EXIT_USAGE, "options --from and --to go together");
  if (a->has_from && a->opts.to <= a->opts.from)
    return cli_fail(CLI_EXIT_USAGE, "option --to must be after --from");
  a->opts.has_window = a->has_from;
  return -1;
}

static void print_counts(const char *path, const eml_imaging_load_counts *c) {
  fprintf(stderr, "eml: %s: read %ld, loaded %ld, rejected %ld", path, c->read, c->loaded,
          c->rejected);
  if (c->skipped)
    fprintf(stderr, ", skipped %ld (modality other than CT and MRI)", c->skipped);
  fputc('\n', stderr);
}

/* Loads a campaign stored by `eml imaging import`; -1 or an exit code. */
static int load_stored_campaign(const imaging_args *a, eml_imaging_campaign *c) {
  eml_store *store;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(a->db, EML_STORE_READ_ONLY, &store, &diag);
  if (!st) {
    double t0 = now_s();
    st = eml_store_imaging_load(store, a->campaign, c, &diag);
    eml_store_close(store);
    if (a->timing)
      fprintf(stderr, "eml: timing: campaign read from the store in %.3f s\n", now_s() - t0);
  }
  if (st) {
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  return -1;
}

/* Loads the three files, or the stored campaign when no file is given;
 * returns -1 on success or an exit code. */
static int load_campaign(const imaging_args *a, eml_imaging_campaign *c) {
  if (!a->equipment)
    return load_stored_campaign(a, c);
  reject_sink sink = {0};
  if (a->rejects && !(sink.file = fopen(a->rejects, "w")))
    return cli_fail(CLI_EXIT_SYSTEM, "%s: cannot write: %s", a->rejects, strerror(errno));
  if (sink.file)
    fputs("# rejected rows: reason<TAB>row as read\n", sink.file);
  typedef eml_status (*loader)(eml_imaging_campaign *, const char *, eml_imaging_reject_fn,
                               void *, eml_imaging_load_counts *, eml_diag *);
  const loader loaders[3] = {eml_imaging_load_equipment, eml_imaging_load_sessions,
                             eml_imaging_load_exams};
  const char *paths[3] = {a->equipment, a->sessions, a->exams};
  int code = -1;
  for (int i = 0; i < 3 && code < 0; i++) {
    double t0 = now_s();
    eml_imaging_load_counts counts;
    eml_diag diag;
    eml_diag_clear(&diag);
    eml_status st = loaders[i](c, paths[i], on_reject, &sink, &counts, &diag);
    if (st && st != EML_ERR_REJECTED) {
      cli_print_diag(&diag);
      code = cli_exit_code(st);
      break;
    }
    print_counts(paths[i], &counts);
    if (a->timing)
      fprintf(stderr, "eml: timing: %s read in %.3f s\n", paths[i], now_s() - t0);
  }
  if (sink.file && fclose(sink.file) != 0 && code < 0)
    code = cli_fail(CLI_EXIT_SYSTEM, "%s: cannot write", a->rejects);
  if (code < 0 && sink.count && !a->rejects) {
    if (sink.count > sink.printed)
      fprintf(stderr, "eml: ... and %ld more bad rows\n", sink.count - sink.printed);
    code = cli_fail(CLI_EXIT_DATA,
                    "%ld bad rows: nothing computed (fix them, or use --rejects FILE to "
                    "compute without them)",
                    sink.count);
  }
  return code;
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

/* Loads and computes; *out is the result, or NULL with the exit code. With
 * keep, *keep is the campaign (the caller frees it) when *out is set. */
static int load_and_compute(const imaging_args *a, eml_imaging_result **out,
                            eml_imaging_campaign **keep) {
  *out = NULL;
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  if (!c)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  int code = load_campaign(a, c);
  if (code < 0) {
    eml_diag diag;
    eml_diag_clear(&diag);
    double t0 = now_s();
    eml_status st = eml_imaging_compute(c, &a->opts, out, &diag);
    if (a->timing)
      fprintf(stderr, "eml: timing: indicators computed in %.3f s\n", now_s() - t0);
    if (st) {
      cli_print_diag(&diag);
      code = cli_exit_code(st);
    }
  }
  if (keep && code < 0)
    *keep = c;
  else
    eml_imaging_campaign_free(c);
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

const char cmd_imaging_compute_usage[] =
    "Usage: eml imaging compute --equipment FILE --sessions FILE --exams FILE\n"
    "                           [--sites FILE] [--from DATE --to DATE]\n"
    "                           [--min-exam-minutes 3] [--er-share 0.5] [--rejects FILE]\n"
    "                           [--machines-csv OUT] [--panel-csv OUT]\n"
    "                           [--format text|csv|json|md|html|xlsx] [--output FILE]\n"
    "\n"
    "Computes the CT/MRI benchmark (spec imaging.md) and prints the national summary:\n"
    "counts and data quality, opening/occupancy/ICR per hour (figures 15, 16), exam\n"
    "durations (11, 12), report delays (7, 8) and every indicator's distribution.\n"
    "  --from, --to        campaign window [from 00:00, to 00:00) local time\n"
    "                      (default: the whole days spanned by the exams)\n"
    "  --min-exam-minutes  shorter exams are excluded and counted (default 3)\n"
    "  --er-share          share of ER patients making a machine emergency-dedicated\n"
    "  --rejects FILE      keep the good rows, write the bad ones there with the reason\n"
    "                      (default: any bad row stops everything, exit status 1)\n"
    "  --machines-csv OUT  one row per machine, every indicator (the DuckDB columns first)\n"
    "  --panel-csv OUT     one row per modality and indicator: n, p20, p50, p80\n"
    "  --sites FILE        accepted; legal-status breakdowns are not computed yet\n"
    "  --timing            print the time of each phase on stderr\n"
    "  --campaign NAME     compute a campaign stored by 'eml imaging import' instead of\n"
    "                      the files (with --db PATH, default eml.db)\n";

const char cmd_imaging_machine_usage[] =
    "Usage: eml imaging machine EQUIPMENT_ID --equipment FILE --sessions FILE --exams FILE\n"
    "                           [same options as eml imaging compute]\n"
    "\n"
    "Prints one machine's sheet: every indicator with its percentile rank in the panel\n"
    "of its modality and the panel's P20, median and P80, its classes, its data\n"
    "quality counts, and its activity by hour and weekday (share of each local hour\n"
    "occupied by exams, averaged over the window's days; docs/imaging.md).\n";

static int render(const imaging_args *a, eml_table **tables, size_t n) {
  return cli_render(a->format, tables, n, a->output);
}

int cmd_imaging_compute(int argc, char **argv) {
  imaging_args a;
  int code = parse_args(argc, argv, &a, cmd_imaging_compute_usage);
  if (code >= 0)
    return code;
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
  eml_imaging_result *r;
  if ((code = load_and_compute(&a, &r, NULL)) >= 0)
    return code;
  eml_table **tables = NULL;
  size_t n = 0;
  eml_status st = eml_imaging_summary_tables(r, &tables, &n);
  code = st ? cli_fail(cli_exit_code(st), "%s", eml_strerror(st)) : render(&a, tables, n);
  eml_imaging_tables_free(tables, n);
  eml_imaging_result_free(r);
  return code;
}

int cmd_imaging_machine(int argc, char **argv) {
  imaging_args a;
  int code = parse_args(argc, argv, &a, cmd_imaging_machine_usage);
  if (code >= 0)
    return code;
  if (optind + 1 != argc)
    return cli_fail(CLI_EXIT_USAGE, "give exactly one EQUIPMENT_ID");
  const char *id = argv[optind];
  eml_imaging_result *r;
  eml_imaging_campaign *c = NULL;
  if ((code = load_and_compute(&a, &r, &c)) >= 0)
    return code;
  long at = eml_imaging_machine_find(r, id);
  if (at < 0) {
    eml_imaging_result_free(r);
    eml_imaging_campaign_free(c);
    eml_diag d;
    eml_diag_set(&d, NULL, 0, "EQUIPMENT_ID", id, strlen(id),
                 "no CT or MRI machine with this id in the equipment file");
    cli_print_diag(&d);
    return CLI_EXIT_DATA;
  }
  eml_table **tables = NULL;
  size_t n = 0;
  eml_imaging_activity *act = NULL;
  eml_status st = eml_imaging_machine_tables(r, (size_t)at, &tables, &n);
  if (!st)
    st = eml_imaging_activity_compute(c, r, at, &act);
  eml_imaging_campaign_free(c);
  /* the sheet's last table: the hour-by-weekday activity */
  eml_table **more = st ? NULL : realloc(tables, (n + 1) * sizeof *tables);
  if (!st && !more)
    st = EML_ERR_NOMEM;
  if (!st) {
    tables = more;
    st = eml_imaging_heatmap_table(eml_imaging_activity_machine(act, (size_t)at), &tables[n]);
    if (!st)
      n++;
  }
  code = st ? cli_fail(cli_exit_code(st), "%s", eml_strerror(st)) : render(&a, tables, n);
  eml_imaging_activity_free(act);
  eml_imaging_tables_free(tables, n);
  eml_imaging_result_free(r);
  return code;
}

/* ---- eml imaging import / eml imaging campaigns ---- */
const char cmd_imaging_import_usage[] =
    "Usage: eml imaging import --campaign NAME --equipment FILE --sessions FILE --exams FILE\n"
    "                          [--db PATH] [--rejects FILE]\n"
    "\n"
    "Stores a campaign in the store (default eml.db), replacing one of the same name;\n"
    "then 'eml imaging compute --campaign NAME' and 'eml imaging machine ID --campaign\n"
    "NAME' report from it with the same figures as from the files. The files are\n"
    "checked as by 'eml imaging compute': any bad row stops the import unless\n"
    "--rejects FILE is given.\n";

int cmd_imaging_import(int argc, char **argv) {
  imaging_args a;
  int code = parse_args(argc, argv, &a, cmd_imaging_import_usage);
  if (code >= 0)
    return code;
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
  if (!a.campaign || !a.equipment)
    return cli_fail(CLI_EXIT_USAGE,
                    "options --campaign, --equipment, --sessions and --exams are required");
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  if (!c)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  if ((code = load_campaign(&a, c)) >= 0) {
    eml_imaging_campaign_free(c);
    return code;
  }
  eml_store *store;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(a.db, EML_STORE_OPEN_EXISTING, &store, &diag);
  if (!st) {
    char after[160];
    size_t machines, sessions, exams;
    eml_imaging_campaign_sizes(c, &machines, &sessions, &exams);
    snprintf(after, sizeof after, "{\"machines\":%zu,\"sessions\":%zu,\"exams\":%zu}",
             machines, sessions, exams);
    st = eml_store_begin(store, &diag);
    if (!st)
      st = eml_store_imaging_save(store, a.campaign, c, &diag);
    if (!st)
      st = eml_store_audit(store, cli_user(NULL), "import", "imaging", a.campaign, NULL, after,
                           &diag);
    if (!st)
      st = eml_store_commit(store, &diag);
    if (st)
      eml_store_rollback(store);
    else
      printf("campaign %s stored in %s: %zu machines, %zu sessions, %zu exams\n", a.campaign,
             a.db, machines, sessions, exams);
    eml_store_close(store);
  }
  eml_imaging_campaign_free(c);
  if (st) {
    cli_print_diag(&diag);
    fprintf(stderr, "eml: campaign %s not stored\n", a.campaign);
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
