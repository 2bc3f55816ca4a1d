/*
 * cmd_register.c — the register's subcommands: init, import, bilan, log
 * (registry.md). Each opens the store named by --db (default eml.db), calls
 * the library and prints; problems go to stderr as
 * `eml: FILE:LINE: column NAME: what is wrong (value 'X')`.
 */
#include "cli.h"
#include "commands.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DB "eml.db"

static int open_store(const char *path, eml_store_mode mode, eml_store **store) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_open(path, mode, store, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

static int unexpected_argument(int argc, char **argv, int expected) {
  if (optind + expected < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s' (see 'eml %s --help')",
                    argv[optind + expected], argv[0]);
  return 0;
}

/* ---- eml init ---- */
const char cmd_init_usage[] =
    "Usage: eml init [--db PATH]\n"
    "Creates the store (default eml.db) or brings an existing one to the\n"
    "current schema version.\n";

int cmd_init(int argc, char **argv) {
  static const struct option options[] = {{"db", required_argument, NULL, 'd'}, {0, 0, 0, 0}};
  const char *db = DEFAULT_DB;
  int c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    if (c == 'd')
      db = optarg;
    else
      return cli_fail(CLI_EXIT_USAGE, "see 'eml init --help'");
  }
  if (unexpected_argument(argc, argv, 0))
    return CLI_EXIT_USAGE;
  int existed = access(db, F_OK) == 0;
  eml_store *store;
  int rc = open_store(db, EML_STORE_CREATE, &store);
  if (rc)
    return rc;
  int was = eml_store_opened_version(store), now = eml_store_schema_version(store);
  if (!existed)
    printf("%s: store created (schema version %d)\n", db, now);
  else if (was < now)
    printf("%s: store migrated from schema version %d to %d\n", db, was, now);
  else
    printf("%s: store is up to date (schema version %d)\n", db, now);
  eml_store_close(store);
  return CLI_EXIT_OK;
}

/* ---- eml import ---- */
const char cmd_import_usage[] =
    "Usage: eml import sites|equipment|targets|territories|notes FILE [OPTIONS]\n"
    "Loads a CSV file into the register (formats: docs/input-files.md).\n"
    "All-or-nothing by default: one bad row and nothing is loaded.\n"
    "  --db PATH          store (default eml.db)\n"
    "  --rejects FILE     load the good rows; write the bad rows to FILE,\n"
    "                     verbatim, with the reason in a last column\n"
    "  --encoding ENC     utf8 (default), cp1252 or latin1\n"
    "  --user NAME        who makes the change, for the audit log\n";

int cmd_import(int argc, char **argv) {
  static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                          {"rejects", required_argument, NULL, 'r'},
                                          {"encoding", required_argument, NULL, 'e'},
                                          {"user", required_argument, NULL, 'u'},
                                          {0, 0, 0, 0}};
  const char *db = DEFAULT_DB, *user = NULL;
  cli_problem_report report = {0, 0};
  eml_import_options o = {.hooks = {cli_print_problem, cli_print_warning, &report}};
  int c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'd':
      db = optarg;
      break;
    case 'r':
      o.rejects_path = optarg;
      break;
    case 'e':
      if (!cli_parse_encoding_option(optarg, &o.csv.encoding))
        return CLI_EXIT_USAGE;
      break;
    case 'u':
      user = optarg;
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "see 'eml import --help'");
    }
  }
  if (argc - optind != 2)
    return cli_fail(CLI_EXIT_USAGE, "expected a kind and a file (see 'eml import --help')");
  eml_import_kind kind;
  if (eml_import_kind_parse(argv[optind], &kind))
    return cli_fail(CLI_EXIT_USAGE,
                    "unknown kind '%s' (expected sites, equipment, targets, territories or notes)",
                    argv[optind]);
  const char *path = argv[optind + 1];
  o.user = cli_user(user);
  eml_store *store;
  int rc = open_store(db, EML_STORE_OPEN_EXISTING, &store);
  if (rc)
    return rc;
  eml_import_result res;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_import_file(store, kind, path, &o, &res, &d);
  eml_store_close(store);
  if (st && st != EML_ERR_REJECTED) {
    cli_print_diag(&d);
    fprintf(stderr, "eml: %s: nothing loaded\n", path);
    return cli_exit_code(st);
  }
  if (report.suppressed)
    fprintf(stderr, "eml: %s: ... and %ld more bad rows\n", path, report.suppressed);
  printf("%s: read %ld, loaded %ld, rejected %ld\n", path, res.read, res.loaded, res.rejected);
  if (st == EML_ERR_REJECTED && !res.committed)
    fprintf(stderr,
            "eml: %s: nothing loaded: %ld bad row(s); fix them, or load the good rows with "
            "--rejects FILE\n",
            path, res.rejected);
  else if (st == EML_ERR_REJECTED)
    fprintf(stderr, "eml: %s: %ld bad row(s) written to %s\n", path, res.rejected,
            o.rejects_path);
  return st ? CLI_EXIT_DATA : CLI_EXIT_OK;
}

/* ---- eml bilan ---- */
const char cmd_bilan_usage[] =
    "Usage: eml bilan --period P [--at DATE] [OPTIONS]\n"
    "Prints the balance of authorised equipment against the targets (OQOS):\n"
    "one table per modality, as the ARS publishes it.\n"
    "  --at DATE          date of the balance (default: today)\n"
    "  --period P         planning period of the targets (e.g. SROS3-PRS)\n"
    "  --modality M       one modality only (CT, MRI, GAMMA, PET, OHB, CYCLOTRON...)\n"
    "  --format F         text (default), csv, json, md, html, xlsx\n"
    "  --output FILE      write to FILE (required for xlsx)\n"
    "  --compare FILE     compare with a published table (seed layout) and list\n"
    "                     every cell that differs; exit 1 when any differs\n"
    "  --db PATH          store (default eml.db)\n";

static void print_difference(void *ctx, const eml_compare_difference *d) {
  (void)ctx;
  if (d->line)
    printf("%s:%ld: %s, %s, %s: publié '%s', calculé '%s'\n", d->file, d->line, d->table,
           d->territory, d->column, d->published, d->computed);
  else
    printf("%s: %s, %s: ligne absente du tableau publié\n", d->file, d->table, d->territory);
}

static eml_date today(void) {
  return eml_paris_date((eml_time)time(NULL));
}

/* Loads the register of a store opened read-only. */
static int load_register(const char *db, eml_register *reg) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_report_register_read(db, reg, &d);
  if (st) {
    cli_print_diag(&d);
    eml_register_free(reg);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

static void print_balance_problem(void *ctx, const char *problem) {
  (*(long *)ctx)++;
  fprintf(stderr, "eml: bilan: %s\n", problem);
}

int cli_balance_report(eml_report_balance_args *a, const char *what, eml_report **out) {
  long problems = 0;
  a->problem = print_balance_problem;
  a->problem_ctx = &problems;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_report_balance(a, out, &d);
  if (st == EML_ERR_BALANCE) { /* the problems, or why there is no balance */
    if (!problems)
      cli_print_diag(&d);
    return cli_exit_code(st);
  }
  return st ? cli_fail(cli_exit_code(st), "%s: %s", what, eml_strerror(st)) : -1;
}

/* The options of the commands that read the register at a date: --db,
 * --at, --period, --format, --output. Returns 1 when the option was one of
 * them (and sets *bad on a bad value), 0 otherwise. */
typedef struct register_view_args {
  const char *db, *period, *output;
  eml_date at;
  eml_format format;
} register_view_args;

static void register_view_defaults(register_view_args *a) {
  a->db = DEFAULT_DB;
  a->period = a->output = NULL;
  a->at = today();
  a->format = EML_FORMAT_TEXT;
}

static int register_view_option(register_view_args *a, int c, const char *value, int *bad) {
  switch (c) {
  case 'd':
    a->db = value;
    return 1;
  case 'a':
    *bad = !cli_parse_date_option("--at", value, &a->at);
    return 1;
  case 'p':
    a->period = value;
    return 1;
  case 'f':
    *bad = !cli_parse_format_option(value, &a->format);
    return 1;
  case 'o':
    a->output = value;
    return 1;
  }
  return 0;
}

int cmd_bilan(int argc, char **argv) {
  static const struct option options[] = {
      {"db", required_argument, NULL, 'd'},     {"at", required_argument, NULL, 'a'},
      {"period", required_argument, NULL, 'p'}, {"modality", required_argument, NULL, 'm'},
      {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
      {"compare", required_argument, NULL, 'c'}, {0, 0, 0, 0}};
  register_view_args v;
  register_view_defaults(&v);
  const char *compare = NULL;
  int modality = -1;
  int c, bad = 0;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    if (register_view_option(&v, c, optarg, &bad)) {
      if (bad)
        return CLI_EXIT_USAGE;
      continue;
    }
    switch (c) {
    case 'm': {
      eml_modality m;
      if (eml_modality_parse(optarg, strlen(optarg), &m)) {
        cli_bad_option("--modality", optarg,
                       "unknown modality (expected CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, "
                       "COBALT)");
        return CLI_EXIT_USAGE;
      }
      modality = (int)m;
      break;
    }
    case 'c':
      compare = optarg;
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "see 'eml bilan --help'");
    }
  }
  if (unexpected_argument(argc, argv, 0))
    return CLI_EXIT_USAGE;
  if (!v.period)
    return cli_fail(CLI_EXIT_USAGE, "option --period is required (e.g. --period SROS3-PRS)");
  eml_register reg;
  int rc = load_register(v.db, &reg);
  if (rc)
    return rc;
  eml_report_balance_args args = {.reg = &reg, .period = v.period, .at = v.at,
                                  .modality = modality};
  eml_report *report = NULL;
  rc = cli_balance_report(&args, "bilan", &report);
  eml_table **tables = NULL;
  size_t count = 0;
  eml_status st = rc < 0 ? eml_report_tables(report, &tables, &count) : EML_OK;
  if (st)
    rc = cli_fail(cli_exit_code(st), "bilan: %s", eml_strerror(st));
  if (rc < 0 && compare) {
    eml_diag d;
    eml_diag_clear(&d);
    eml_compare_result res;
    st = eml_balance_compare(tables, count, compare, print_difference, NULL, &res, &d);
    if (st && st != EML_ERR_DIFFERS) {
      cli_print_diag(&d);
      rc = cli_exit_code(st);
    } else {
      printf("%s: %ld tables, %ld rows, %ld cells compared, %ld differ\n", compare, res.tables,
             res.rows, res.cells, res.differences);
      rc = st ? CLI_EXIT_DATA : CLI_EXIT_OK;
    }
  } else if (rc < 0) {
    rc = cli_render_report(v.format, report, v.output);
  }
  free(tables);
  eml_report_free(report);
  eml_register_free(&reg);
  return rc;
}

/* ---- eml log ---- */
const char cmd_log_usage[] =
    "Usage: eml log [--db PATH] [--entity E] [--limit N]\n"
    "Prints the audit log of the register: when, who, what, values after.\n"
    "  --entity E   sites, equipment, targets, territories or notes\n"
    "  --limit N    the last N entries (default 100, 0 for all)\n";

static eml_status print_audit(void *ctx, const eml_audit_entry *e) {
  (void)ctx;
  printf("%s  %-10s %-6s %-11s %s", e->at, e->user, e->action, e->entity, e->key ? e->key : "");
  if (e->before)
    printf("  avant=%s", e->before);
  if (e->after)
    printf("  après=%s", e->after);
  putchar('\n');
  return EML_OK;
}

int cmd_log(int argc, char **argv) {
  static const struct option options[] = {{"db", required_argument, NULL, 'd'},
                                          {"entity", required_argument, NULL, 'e'},
                                          {"limit", required_argument, NULL, 'l'},
                                          {0, 0, 0, 0}};
  const char *db = DEFAULT_DB, *entity = NULL;
  int64_t limit = 100;
  int c;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'd':
      db = optarg;
      break;
    case 'e':
      entity = optarg;
      break;
    case 'l':
      if (eml_parse_int64(optarg, strlen(optarg), &limit) || limit < 0) {
        cli_bad_option("--limit", optarg, "not a whole number of entries");
        return CLI_EXIT_USAGE;
      }
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "see 'eml log --help'");
    }
  }
  if (unexpected_argument(argc, argv, 0))
    return CLI_EXIT_USAGE;
  eml_store *store;
  int rc = open_store(db, EML_STORE_READ_ONLY, &store);
  if (rc)
    return rc;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_each_audit(store, entity, (long)limit, print_audit, NULL, &d);
  eml_store_close(store);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

/* ---- eml requests ---- */
const char cmd_requests_usage[] =
    "Usage: eml requests --period P [--at DATE] [OPTIONS] REQUESTS.csv\n"
    "Says for each application whether it is receivable against the targets,\n"
    "with every rule checked and its figures.\n"
    "  --at DATE          date of the register (default: today)\n"
    "  --period P         planning period of the targets\n"
    "  --format F         text (default), csv, json, md, html, xlsx\n"
    "  --output FILE      write to FILE (required for xlsx)\n"
    "  --encoding ENC     utf8 (default), cp1252 or latin1\n"
    "  --db PATH          store (default eml.db)\n";

int cmd_requests(int argc, char **argv) {
  static const struct option options[] = {
      {"db", required_argument, NULL, 'd'},     {"at", required_argument, NULL, 'a'},
      {"period", required_argument, NULL, 'p'}, {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'}, {"encoding", required_argument, NULL, 'e'},
      {0, 0, 0, 0}};
  register_view_args v;
  register_view_defaults(&v);
  eml_csv_options csv = {0};
  int c, bad = 0;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    if (register_view_option(&v, c, optarg, &bad)) {
      if (bad)
        return CLI_EXIT_USAGE;
      continue;
    }
    switch (c) {
    case 'e':
      if (!cli_parse_encoding_option(optarg, &csv.encoding))
        return CLI_EXIT_USAGE;
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "see 'eml requests --help'");
    }
  }
  if (argc - optind != 1)
    return cli_fail(CLI_EXIT_USAGE, "expected one file of applications (see 'eml requests --help')");
  if (!v.period)
    return cli_fail(CLI_EXIT_USAGE, "option --period is required (e.g. --period SROS3-PRS)");
  eml_register reg;
  int rc = load_register(v.db, &reg);
  if (rc)
    return rc;
  eml_diag d;
  eml_diag_clear(&d);
  cli_problem_report report = {0, 0};
  eml_read_hooks hooks = {cli_print_problem, NULL, &report}; /* unknown columns: silent */
  eml_request *requests = NULL;
  size_t count = 0;
  eml_balance balance = {0};
  eml_table *table = NULL;
  eml_status st = eml_requests_read(argv[optind], &csv, &reg, &hooks, &requests,
                                    &count, &d);
  if (!st)
    st = eml_balance_compute(&reg, v.period, v.at, -1, &balance, &d);
  if (!st)
    st = eml_requests_judge(&reg, &balance, requests, count, &table);
  if (st) {
    for (size_t i = 0; i < balance.nproblems; i++)
      fprintf(stderr, "eml: bilan: %s\n", balance.problems[i]);
    if (!balance.nproblems)
      cli_print_diag(&d);
    rc = cli_exit_code(st);
  } else {
    rc = cli_render(v.format, &table, 1, v.output);
  }
  eml_table_free(table);
  eml_balance_free(&balance);
  free(requests);
  eml_register_free(&reg);
  return rc;
}
