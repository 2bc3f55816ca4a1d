/*
 * cmd_finess.c — `eml import finess`: loads sites and devices from the
 * national FINESS extractions (finess.md; issue 8) through
 * eml_finess_import, then prints what was read, loaded, skipped (outside
 * the region) and rejected, and what changed in the register.
 */
#include "cli.h"
#include "commands.h"

#include <getopt.h>
#include <string.h>

#define MAX_TERRITORIES 128

const char cmd_import_finess_usage[] =
    "Usage: eml import finess --establishments FILE [--equipment FILE] [OPTIONS]\n"
    "Loads the sites (etalab cs1100502/cs1100507, ';'-separated) and the heavy\n"
    "equipment (cs1400104, XML) of the national FINESS extractions into the\n"
    "register. Re-importing a newer extraction updates it: new authorisations are\n"
    "added, those it no longer holds are ended at its date (see 'eml log').\n"
    "All-or-nothing by default: one bad record and nothing is loaded.\n"
    "  --region R         keep the sites of one region (INSEE code, e.g. 11, or name)\n"
    "  --territory T      keep the sites of a département (repeatable)\n"
    "  --codes FILE       equipment code mapping (default data/finess/equipment-codes.csv)\n"
    "  --encoding ENC     establishments file: utf8 or cp1252 (default: detected)\n"
    "  --rejects FILE     load the good records; bad lines go to FILE, bad devices\n"
    "                     to FILE.xml, each with its reason\n"
    "  --user NAME        who makes the change, for the audit log\n"
    "  --db PATH          store (default eml.db)\n";

static void print_counts(const char *path, const eml_finess_counts *c) {
  printf("%s: read %ld, loaded %ld, skipped %ld, rejected %ld\n", path, c->read, c->loaded,
         c->skipped, c->rejected);
}

int cmd_import_finess(int argc, char **argv) {
  static const struct option options[] = {
      {"establishments", required_argument, NULL, 'E'}, {"equipment", required_argument, NULL, 'Q'},
      {"region", required_argument, NULL, 'R'},         {"territory", required_argument, NULL, 'T'},
      {"codes", required_argument, NULL, 'C'},          {"encoding", required_argument, NULL, 'e'},
      {"rejects", required_argument, NULL, 'r'},        {"user", required_argument, NULL, 'u'},
      {"db", required_argument, NULL, 'd'},             {0, 0, 0, 0}};
  const char *db = "eml.db", *user = NULL, *territories[MAX_TERRITORIES];
  cli_problem_report report = {0, 0};
  eml_finess_options o = {.codes_path = EML_DATA_DIR "/finess/equipment-codes.csv",
                          .territories = territories,
                          .hooks = {cli_print_problem, cli_print_warning, &report}};
  int c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'E':
      o.establishments_path = optarg;
      break;
    case 'Q':
      o.equipment_path = optarg;
      break;
    case 'R':
      o.region = optarg;
      break;
    case 'T':
      if (o.nterritories == MAX_TERRITORIES)
        return cli_fail(CLI_EXIT_USAGE, "option --territory: at most %d", MAX_TERRITORIES);
      territories[o.nterritories++] = optarg;
      break;
    case 'C':
      o.codes_path = optarg;
      break;
    case 'e':
      if (!cli_parse_encoding_option(optarg, &o.encoding))
        return CLI_EXIT_USAGE;
      o.encoding_given = 1;
      break;
    case 'r':
      o.rejects_path = optarg;
      break;
    case 'u':
      user = optarg;
      break;
    case 'd':
      db = optarg;
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "see 'eml import finess --help'");
    }
  }
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s' (see 'eml import finess --help')",
                    argv[optind]);
  if (!o.establishments_path)
    return cli_fail(CLI_EXIT_USAGE, "option --establishments is required (see 'eml import finess "
                                    "--help')");
  o.user = cli_user(user);
  eml_store *store;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_open(db, EML_STORE_OPEN_EXISTING, &store, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  eml_finess_result res;
  st = eml_finess_import(store, &o, &res, &d);
  eml_store_close(store);
  if (st && st != EML_ERR_REJECTED) {
    cli_print_diag(&d);
    fprintf(stderr, "eml: %s: nothing loaded\n", o.establishments_path);
    return cli_exit_code(st);
  }
  if (report.suppressed)
    fprintf(stderr, "eml: ... and %ld more bad records\n", report.suppressed);
  printf("%s: extraction du %s, lu en %s\n", o.establishments_path, res.extraction_date,
         res.encoding_read == EML_ENC_UTF8 ? "UTF-8" : "Windows-1252");
  print_counts(o.establishments_path, &res.establishments);
  if (o.equipment_path)
    print_counts(o.equipment_path, &res.equipment);
  if (!res.committed) {
    fprintf(stderr,
            "eml: nothing loaded: %ld bad record(s); fix them, or load the good ones with "
            "--rejects FILE\n",
            res.establishments.rejected + res.equipment.rejected);
    return CLI_EXIT_DATA;
  }
  printf("register: sites new %ld, updated %ld, with coordinates %ld; devices new %ld, "
         "updated %ld, ended %ld\n",
         res.sites_new, res.sites_updated, res.locations, res.devices_new, res.devices_updated,
         res.devices_ended);
  if (res.devices_ignored_code)
    printf("register: %ld device(s) of codes mapped to '-' (not counted by eml) skipped\n",
           res.devices_ignored_code);
  if (res.devices_flagged)
    printf("register: %ld lapsed or removed device(s) without a date, ended at the extraction's "
           "date (flagged)\n",
           res.devices_flagged);
  const char *inputs[2] = {o.establishments_path, o.equipment_path};
  const long rejected[2] = {res.establishments.rejected, res.equipment.rejected};
  for (int i = 0; st == EML_ERR_REJECTED && i < 2; i++) {
    char path[4096];
    eml_rejects_path(o.rejects_path, o.equipment_path ? 2 : 1, inputs[i], path, sizeof path);
    if (rejected[i])
      fprintf(stderr, "eml: %ld bad record(s) written to %s\n", rejected[i], path);
  }
  return st ? CLI_EXIT_DATA : CLI_EXIT_OK;
}
