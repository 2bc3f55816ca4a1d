/*
 * cmd_rt.c — the radiotherapy commands (spec radiotherapy.md):
 *   eml rt activity   Annex II counts of a year, per centre and machine
 *   eml rt check      checks 1-14 of the circular, staff have/need/shortfall
 *   eml rt report     the regional report (saturated centres first)
 *   eml rt import     the data set into the store, patients as pseudonyms
 *   eml generate radiotherapy   a synthetic year of data
 * The three rt commands read the five rt_*.csv files of --dir, or the data
 * `eml rt import` stored (--db); patient identifiers are pseudonymised as
 * they are read from the files, with the key of
 * --key-file FILE or of the environment variable EML_PSEUDONYM_KEY (64
 * hexadecimal digits): the key is read here, never by the library, and
 * there is no default key.
 */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KEY_FILE_MAX 4096

#define RT_COMMON_OPTIONS                                                                     \
  "\nOptions:\n"                                                                              \
  "  --year Y                 year of activity (treatments closed 2 Jan - 31 Dec)\n"          \
  "  --dir DIR                folder holding rt_centres.csv, rt_machines.csv,\n"              \
  "                           rt_staff.csv, rt_courses.csv, rt_sessions.csv\n"                \
  "  --db PATH                instead of --dir: the data stored by 'eml rt import'\n"         \
  "  --key-file FILE          pseudonymisation key: 64 hexadecimal digits (or 32 bytes);\n"   \
  "                           default: the environment variable EML_PSEUDONYM_KEY\n"          \
  "  --encoding ENC           utf8 (default), cp1252 or latin1\n"                             \
  "  --rejects FILE           keep the good rows, write the bad ones to FILE\n"               \
  "  --visit-gap H            hours between passages that open a new venue (3)\n"             \
  "  --saturation-warn N      treatments per machine: approaching saturation above (450)\n"   \
  "  --saturation N           treatments per machine: saturated above (500)\n"                \
  "  --imaging-hours H        imaging hours a week needed per machine (3.5)\n"                \
  "  --teaching-patients N    patients a year of a teaching centre (900)\n"                   \
  "  --special-share P        % of them with special techniques (10)\n"                     \
  "  --format F               text, csv, json, md, html or xlsx (text)\n"                     \
  "  --output FILE            write there instead of stdout (required for xlsx)\n"


const char cmd_rt_activity_usage[] =
    "Usage: eml rt activity --year Y (--dir DIR | --db PATH) [OPTIONS]\n"
    "Activity of year Y counted as Annex II of the 2002 circular: treatments,\n"
    "patients, venues, PMSI sessions, machine passages and fields, per centre\n"
    "(with the region's total) and per machine.\n" RT_COMMON_OPTIONS;
const char cmd_rt_check_usage[] =
    "Usage: eml rt check --year Y (--dir DIR | --db PATH) [--centre FINESS] [OPTIONS]\n"
    "Checks 1-14 of the 2002 circular for each centre (or the one of --centre),\n"
    "with the figures behind each verdict, and the staff table (have / need /\n"
    "shortfall). The exit status is 0 whatever the verdicts.\n" RT_COMMON_OPTIONS;
const char cmd_rt_report_usage[] =
    "Usage: eml rt report --year Y (--dir DIR | --db PATH) [OPTIONS]\n"
    "Regional report: centres side by side (saturated first) with totals,\n"
    "the staff shortfall, activity per centre and per machine.\n" RT_COMMON_OPTIONS;
const char cmd_rt_import_usage[] =
    "Usage: eml rt import --dir DIR [--db PATH] [--key-file FILE] [--rejects FILE]\n"
    "                     [--encoding ENC] [--user NAME]\n"
    "Reads the five rt_*.csv files of DIR and stores them (store from 'eml init',\n"
    "default eml.db), replacing the radiotherapy data stored before. Patient\n"
    "identifiers are stored as their pseudonyms only; the key is not stored, and\n"
    "data pseudonymised with another key than the stored data is refused.\n"
    "All or nothing unless --rejects FILE. The key: --key-file FILE or\n"
    "EML_PSEUDONYM_KEY, as for 'eml rt activity'.\n";

typedef enum { RT_COMPUTE, RT_CHECK, RT_IMPORT } rt_mode;

typedef struct rt_cli {
  int year;
  const char *dir, *db, *user, *key_file, *rejects_path, *output, *centre;
  eml_format format;
  eml_csv_options csv;
  eml_rt_options opts;
  eml_rejects *rejects;
  long printed;
} rt_cli;

enum { OPT_YEAR = 256, OPT_DIR, OPT_KEY_FILE, OPT_ENCODING, OPT_REJECTS, OPT_GAP, OPT_SAT_WARN,
       OPT_SAT, OPT_IMAGING, OPT_TEACHING, OPT_SPECIAL, OPT_FORMAT, OPT_OUTPUT, OPT_CENTRE,
       OPT_DB, OPT_USER };

/* A whole number option into an int. */
static int whole_option(const char *option, const char *value, int min, int max, int *out) {
  long v;
  if (!cli_parse_whole_option(option, value, min, max, &v))
    return 0;
  *out = (int)v;
  return 1;
}

/* Parses the options; returns -1 when fine, else the exit status. */
static int parse_options(int argc, char **argv, rt_mode mode, rt_cli *c) {
  static const struct option longopts[] = {
      {"year", required_argument, NULL, OPT_YEAR},
      {"dir", required_argument, NULL, OPT_DIR},
      {"key-file", required_argument, NULL, OPT_KEY_FILE},
      {"encoding", required_argument, NULL, OPT_ENCODING},
      {"rejects", required_argument, NULL, OPT_REJECTS},
      {"visit-gap", required_argument, NULL, OPT_GAP},
      {"saturation-warn", required_argument, NULL, OPT_SAT_WARN},
      {"saturation", required_argument, NULL, OPT_SAT},
      {"imaging-hours", required_argument, NULL, OPT_IMAGING},
      {"teaching-patients", required_argument, NULL, OPT_TEACHING},
      {"special-share", required_argument, NULL, OPT_SPECIAL},
      {"format", required_argument, NULL, OPT_FORMAT},
      {"output", required_argument, NULL, OPT_OUTPUT},
      {"centre", required_argument, NULL, OPT_CENTRE},
      {"db", required_argument, NULL, OPT_DB},
      {"user", required_argument, NULL, OPT_USER},
      {NULL, 0, NULL, 0}};
  memset(c, 0, sizeof *c);
  eml_rt_options_default(&c->opts);
  c->format = EML_FORMAT_TEXT;
  double v;
  int opt;
  optind = 1;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
    switch (opt) {
    case OPT_YEAR:
      if (!whole_option("--year", optarg, 1900, 2200, &c->year))
        return CLI_EXIT_USAGE;
      break;
    case OPT_DIR: c->dir = optarg; break;
    case OPT_DB: c->db = optarg; break;
    case OPT_USER:
      if (mode != RT_IMPORT)
        return cli_fail(CLI_EXIT_USAGE, "option --user belongs to 'eml rt import'");
      c->user = optarg;
      break;
    case OPT_KEY_FILE: c->key_file = optarg; break;
    case OPT_REJECTS: c->rejects_path = optarg; break;
    case OPT_OUTPUT: c->output = optarg; break;
    case OPT_CENTRE:
      if (mode != RT_CHECK)
        return cli_fail(CLI_EXIT_USAGE, "option --centre belongs to 'eml rt check'");
      c->centre = optarg;
      break;
    case OPT_ENCODING:
      if (!cli_parse_encoding_option(optarg, &c->csv.encoding))
        return CLI_EXIT_USAGE;
      break;
    case OPT_GAP:
      if (!cli_parse_number_option("--visit-gap", optarg, 0, 24, &v))
        return CLI_EXIT_USAGE;
      c->opts.visit_gap_s = (int)(v * 3600 + 0.5);
      break;
    case OPT_SAT_WARN:
      if (!cli_parse_number_option("--saturation-warn", optarg, 0, 100000, &c->opts.saturation_warn))
        return CLI_EXIT_USAGE;
      break;
    case OPT_SAT:
      if (!cli_parse_number_option("--saturation", optarg, 0, 100000, &c->opts.saturation))
        return CLI_EXIT_USAGE;
      break;
    case OPT_IMAGING:
      if (!cli_parse_number_option("--imaging-hours", optarg, 0, 168, &c->opts.imaging_h_per_machine))
        return CLI_EXIT_USAGE;
      break;
    case OPT_TEACHING:
      if (!cli_parse_number_option("--teaching-patients", optarg, 0, 1e7, &v))
        return CLI_EXIT_USAGE;
      c->opts.teaching_min_patients = (long)v;
      break;
    case OPT_SPECIAL:
      if (!cli_parse_number_option("--special-share", optarg, 0, 100, &v))
        return CLI_EXIT_USAGE;
      c->opts.teaching_special_share = v / 100;
      break;
    case OPT_FORMAT:
      if (!cli_parse_format_option(optarg, &c->format))
        return CLI_EXIT_USAGE;
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "unknown or incomplete option '%s' (see 'eml %s --help')",
                      argv[optind - 1], argv[0]);
    }
  }
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
  if (mode == RT_IMPORT) {
    if (!c->dir)
      return cli_fail(CLI_EXIT_USAGE, "option --dir is required");
    if (!c->db)
      c->db = "eml.db";
    return -1;
  }
  if (!c->year)
    return cli_fail(CLI_EXIT_USAGE, "option --year is required");
  if (!c->dir == !c->db)
    return cli_fail(CLI_EXIT_USAGE, "give --dir DIR (the files) or --db PATH (the store), "
                                    "one of them");
  if (c->opts.saturation_warn > c->opts.saturation)
    return cli_fail(CLI_EXIT_USAGE, "option --saturation-warn must not exceed --saturation");
  return -1;
}

/* The key: --key-file (64 hex digits, or exactly 32 raw bytes), else
 * EML_PSEUDONYM_KEY. Returns -1 when found, else the exit status. */
static int load_key(const rt_cli *c, unsigned char key[EML_RT_KEY_BYTES]) {
  eml_diag d;
  eml_diag_clear(&d);
  if (c->key_file) {
    FILE *f = fopen(c->key_file, "rb");
    if (!f)
      return cli_fail(CLI_EXIT_SYSTEM, "%s: cannot read the key file: %s", c->key_file,
                      strerror(errno));
    char text[KEY_FILE_MAX];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    /* 64 hexadecimal digits, or else exactly 32 raw bytes */
    int ok = eml_rt_key_parse(text, len, key, &d) == EML_OK;
    if (!ok && len == EML_RT_KEY_BYTES) {
      memcpy(key, text, EML_RT_KEY_BYTES);
      ok = 1;
    }
    memset(text, 0, sizeof text);
    if (!ok) {
      snprintf(d.file, sizeof d.file, "%s", c->key_file);
      cli_print_diag(&d);
      return CLI_EXIT_USAGE;
    }
    return -1;
  }
  const char *env = getenv("EML_PSEUDONYM_KEY");
  if (!env || !*env)
    return cli_fail(CLI_EXIT_USAGE,
                    "no pseudonymisation key: give --key-file FILE or set EML_PSEUDONYM_KEY "
                    "(64 hexadecimal digits); patient identifiers are never read without one");
  if (eml_rt_key_parse(env, strlen(env), key, &d) != EML_OK) {
    snprintf(d.field, sizeof d.field, "EML_PSEUDONYM_KEY");
    cli_print_diag(&d);
    return CLI_EXIT_USAGE;
  }
  return -1;
}

/* A bad row (patient identifiers already replaced by pseudonyms): to the
 * rejects files, or printed (the first 50). */
static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  rt_cli *c = ctx;
  if (c->rejects)
    eml_rejects_hook(c->rejects, diag, raw, len); /* errors: at eml_rejects_close */
  else if (c->printed++ < 50)
    cli_print_diag(diag);
}

/* Reads the data `eml rt import` stored; no key is needed, the data holds
 * pseudonyms already. */
static int load_stored(const rt_cli *c, eml_rt_data **data) {
  static const unsigned char no_key[EML_RT_KEY_BYTES];
  eml_diag d;
  eml_diag_clear(&d);
  if (!(*data = eml_rt_data_new(no_key)))
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  eml_status st = eml_store_rt_read(c->db, *data, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  if (!(*data)->n_centres)
    return cli_fail(CLI_EXIT_DATA, "%s: no radiotherapy data stored (see 'eml rt import')", c->db);
  return -1;
}

/* Reads the five files (or the store with --db and no --dir); returns -1
 * and *data when fine, else the exit status (messages printed). */
static int load_data(rt_cli *c, eml_rt_data **data) {
  if (!c->dir)
    return load_stored(c, data);
  unsigned char key[EML_RT_KEY_BYTES];
  int rc = load_key(c, key);
  if (rc >= 0)
    return rc;
  *data = eml_rt_data_new(key);
  memset(key, 0, sizeof key);
  if (!*data)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  eml_diag d;
  eml_diag_clear(&d);
  /* the five inputs, named as the reader names them in its diagnostics */
  char paths[EML_RT_FILE_COUNT][4096];
  const char *inputs[EML_RT_FILE_COUNT];
  for (int f = 0; f < EML_RT_FILE_COUNT; f++) {
    snprintf(paths[f], sizeof paths[f], "%s/%s", c->dir, eml_rt_file_name((eml_rt_file)f));
    inputs[f] = paths[f];
  }
  eml_status st = EML_OK;
  if (c->rejects_path &&
      (st = eml_rejects_open(c->rejects_path, inputs, EML_RT_FILE_COUNT, &c->rejects, &d))) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  eml_read_hooks hooks = {on_reject, NULL, c};
  st = eml_rt_read_dir(*data, c->dir, &c->csv, &hooks, &d);
  if (!st)
    cli_print_rejects_files(c->rejects);
  eml_status closed = eml_rejects_close(c->rejects, st ? NULL : &d);
  c->rejects = NULL;
  if (closed && !st)
    st = closed;
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  long rejected = 0;
  for (int f = 0; f < EML_RT_FILE_COUNT; f++) {
    const eml_rt_file_summary *s = &(*data)->summary[f];
    if ((*data)->unknown_columns[f][0])
      fprintf(stderr, "eml: %s: warning: unknown columns ignored: %s\n",
              eml_rt_file_name((eml_rt_file)f), (*data)->unknown_columns[f]);
    fprintf(stderr, "eml: %s: %ld rows read, %ld loaded, %ld rejected\n",
            eml_rt_file_name((eml_rt_file)f), s->read, s->loaded, s->rejected);
    rejected += s->rejected;
  }
  if (c->printed > 50)
    fprintf(stderr, "eml: ... and %ld more rejected rows\n", c->printed - 50);
  if (rejected && !c->rejects_path)
    return cli_fail(CLI_EXIT_DATA, "%ld rows rejected: nothing computed (use --rejects FILE to "
                                   "compute from the good rows)", rejected);
  return -1;
}

/* The command's part of the radiotherapy report (eml_report_rt). */
static int run(int argc, char **argv, rt_mode mode, int part) {
  rt_cli c;
  int rc = parse_options(argc, argv, mode, &c);
  if (rc >= 0)
    return rc;
  eml_rt_data *data = NULL;
  eml_report *report = NULL;
  rc = load_data(&c, &data);
  long centre = rc < 0 && c.centre ? eml_rt_centre_find(data, c.centre) : -1;
  if (rc < 0 && c.centre && centre < 0)
    rc = cli_fail(CLI_EXIT_USAGE, "option --centre: no centre %s in rt_centres.csv", c.centre);
  if (rc < 0) {
    eml_report_rt_args args = {.data = data, .year = c.year, .opts = &c.opts, .parts = part,
                               .centre = centre};
    eml_status st = eml_report_rt(&args, &report);
    if (st)
      rc = cli_fail(cli_exit_code(st), "cannot compute: %s", eml_strerror(st));
  }
  if (rc < 0)
    rc = cli_render_report(c.format, report, c.output);
  eml_report_free(report);
  eml_rt_data_free(data);
  return rc;
}

int cmd_rt_activity(int argc, char **argv) {
  return run(argc, argv, RT_COMPUTE, EML_REPORT_RT_ACTIVITY);
}
int cmd_rt_check(int argc, char **argv) { return run(argc, argv, RT_CHECK, EML_REPORT_RT_CHECKS); }
int cmd_rt_report(int argc, char **argv) {
  return run(argc, argv, RT_COMPUTE, EML_REPORT_RT_REGIONAL);
}

/* Stores the data read from the files, with an audit entry, in one
 * transaction. */
static int store_data(const rt_cli *c, const eml_rt_data *data) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_store *store = NULL;
  eml_status st = eml_store_open(c->db, EML_STORE_OPEN_EXISTING, &store, &d);
  if (!st)
    st = eml_rt_import(store, data, c->user ? c->user : getenv("USER"), c->dir, &d);
  eml_store_close(store);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  printf("%s: radiotherapy data stored: %zu centres, %zu machines, %zu staff rows, %zu courses, "
         "%zu passages (patients as pseudonyms)\n",
         c->db, data->n_centres, data->n_machines, data->n_staff, data->n_courses,
         data->n_sessions);
  return CLI_EXIT_OK;
}

int cmd_rt_import(int argc, char **argv) {
  rt_cli c;
  int rc = parse_options(argc, argv, RT_IMPORT, &c);
  if (rc >= 0)
    return rc;
  eml_rt_data *data = NULL;
  rc = load_data(&c, &data);
  if (rc < 0)
    rc = store_data(&c, data);
  eml_rt_data_free(data);
  return rc;
}

const char cmd_generate_radiotherapy_usage[] =
    "Usage: eml generate radiotherapy --centres N --year Y --seed S --out DIR\n"
    "Writes DIR/rt_*.csv: a consistent synthetic year for N centres (1-200):\n"
    "complements (continues), special techniques, bifractionation, multi-machine\n"
    "visits, inpatients, and a mix of conforming, saturated and non-conforming\n"
    "centres. The same seed gives the same files.\n";

int cmd_generate_radiotherapy(int argc, char **argv) {
  enum { G_CENTRES = 300, G_YEAR, G_SEED, G_OUT };
  static const struct option longopts[] = {{"centres", required_argument, NULL, G_CENTRES},
                                           {"year", required_argument, NULL, G_YEAR},
                                           {"seed", required_argument, NULL, G_SEED},
                                           {"out", required_argument, NULL, G_OUT},
                                           {NULL, 0, NULL, 0}};
  eml_rt_generate_options g = {.centres = 5, .year = 0, .seed = 1};
  const char *out = NULL;
  int opt;
  optind = 1;
  opterr = 0;
  while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
    switch (opt) {
    case G_CENTRES:
      if (!whole_option("--centres", optarg, 1, 200, &g.centres))
        return CLI_EXIT_USAGE;
      break;
    case G_YEAR:
      if (!whole_option("--year", optarg, 1990, 2200, &g.year))
        return CLI_EXIT_USAGE;
      break;
    case G_SEED: {
      long seed;
      if (!cli_parse_whole_option("--seed", optarg, 0, 2147483647L * 2L, &seed))
        return CLI_EXIT_USAGE;
      g.seed = (uint64_t)seed;
      break;
    }
    case G_OUT: out = optarg; break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "unknown or incomplete option '%s' (see 'eml generate "
                                      "radiotherapy --help')", argv[optind - 1]);
    }
  }
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
  if (!g.year || !out)
    return cli_fail(CLI_EXIT_USAGE, "options --year and --out are required");
  if (mkdir(out, 0777) != 0 && errno != EEXIST)
    return cli_fail(CLI_EXIT_SYSTEM, "%s: cannot create the folder: %s", out, strerror(errno));
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_rt_generate(&g, out, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  fprintf(stderr, "eml: wrote %s/rt_*.csv for %d centres, year %d, seed %llu\n", out, g.centres,
          g.year, (unsigned long long)g.seed);
  return CLI_EXIT_OK;
}
