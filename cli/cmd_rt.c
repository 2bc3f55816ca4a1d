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
 * there is no default key. From --year 2023 on, rt check and rt report read
 * the rules of the 2023 regime (--rules FILE, by default the data folder's
 * regimes/2023.csv) for checks 15-16 (docs/regime-2023.md).
 */
#include "cli.h"
#include "commands.h"
#include "eml/profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KEY_FILE_MAX 4096

typedef enum { RT_COMPUTE, RT_CHECK, RT_IMPORT } rt_mode;

typedef struct rt_cli {
  int year;
  const char *dir, *db, *user, *key_file, *rejects_path, *output, *centre, *rules_path;
  const char *profile_path; /* --profile, maybe a shipped one's path in profile_buf */
  char profile_buf[1024];
  eml_regime_rules rules;
  eml_format format;
  eml_csv_options csv;
  eml_rt_options opts;
  eml_rejects *rejects;
  long printed;
} rt_cli;

/* Reads the options the command declares (commands.c); returns -1 when
 * fine, else the exit status. */
static int parse_options(const cli_args *a, rt_mode mode, rt_cli *c) {
  memset(c, 0, sizeof *c);
  eml_rt_options_default(&c->opts);
  c->dir = cli_text(a, "dir");
  c->db = cli_text(a, "db");
  c->key_file = cli_text(a, "key-file");
  c->rejects_path = cli_text(a, "rejects");
  c->profile_path = cli_profile_path(cli_text(a, "profile"), c->profile_buf, sizeof c->profile_buf);
  c->csv.encoding = (eml_encoding)cli_choice(a, "encoding");
  if (c->profile_path && !c->dir)
    return cli_fail(CLI_EXIT_USAGE, _("l'option --profile va avec les fichiers (--dir)"));
  if (mode == RT_IMPORT) {
    c->user = cli_text(a, "user");
    return -1;
  }
  c->year = (int)cli_whole(a, "year");
  c->format = (eml_format)cli_choice(a, "format");
  c->output = cli_text(a, "output");
  if (mode == RT_CHECK)
    c->centre = cli_text(a, "centre");
  if (cli_takes(a, "rules"))
    c->rules_path = cli_text(a, "rules");
  c->opts.visit_gap_s = (int)(cli_number(a, "visit-gap") * 3600 + 0.5);
  c->opts.saturation_warn = cli_number(a, "saturation-warn");
  c->opts.saturation = cli_number(a, "saturation");
  c->opts.imaging_h_per_machine = cli_number(a, "imaging-hours");
  c->opts.teaching_min_patients = (long)cli_number(a, "teaching-patients");
  c->opts.teaching_special_share = cli_number(a, "special-share") / 100;
  c->opts.threads = cli_given(a, "threads") ? (unsigned)cli_whole(a, "threads") : 0; /* 0: the online cores */
  if (!c->dir == !c->db)
    return cli_fail(CLI_EXIT_USAGE, _("donner --dir DOSSIER (les fichiers) ou --db CHEMIN (le stockage), "
        "l'un des deux"));
  if (c->opts.saturation_warn > c->opts.saturation)
    return cli_fail(CLI_EXIT_USAGE, _("l'option --saturation-warn ne doit pas dépasser --saturation"));
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
      return cli_fail(CLI_EXIT_SYSTEM, _("%s: lecture du fichier de clé impossible : %s"),
                      c->key_file, eml_errno_text(errno));
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
                    _("pas de clé de pseudonymisation : donner --key-file FICHIER ou "
                      "EML_PSEUDONYM_KEY (64 chiffres hexadécimaux) ; les identifiants des "
                      "patients ne sont jamais lus sans elle"));
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
    return cli_fail(CLI_EXIT_SYSTEM, _("mémoire insuffisante"));
  eml_status st = eml_store_rt_read(c->db, *data, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  if (!(*data)->n_centres)
    return cli_fail(CLI_EXIT_DATA, _("%s: aucune donnée de radiothérapie enregistrée (voir « eml rt "
        "import »)"), c->db);
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
    return cli_fail(CLI_EXIT_SYSTEM, _("mémoire insuffisante"));
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
  eml_profile *profile = NULL; /* --profile: read before anything else */
  if (c->profile_path && (st = eml_profile_read(c->profile_path, &profile, &d))) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  if (c->rejects_path &&
      (st = eml_rejects_open(c->rejects_path, inputs, EML_RT_FILE_COUNT, &c->rejects, &d))) {
    cli_print_diag(&d);
    eml_profile_free(profile);
    return cli_exit_code(st);
  }
  eml_read_hooks hooks = {on_reject, NULL, c};
  (*data)->profile = profile;
  st = eml_rt_read_dir(*data, c->dir, &c->csv, &hooks, &d);
  (*data)->profile = NULL;
  eml_profile_free(profile);
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
      fprintf(stderr, _("eml: %s: attention : colonnes inconnues ignorées : %s\n"),
              eml_rt_file_name((eml_rt_file)f), (*data)->unknown_columns[f]);
    char counts[256];
    cli_counts_text(counts, sizeof counts, s->read, s->loaded, -1, s->rejected);
    fprintf(stderr, "eml: %s: %s\n", eml_rt_file_name((eml_rt_file)f), counts);
    rejected += s->rejected;
  }
  if (c->printed > 50)
    fprintf(stderr,
            _n("eml: ... et %ld ligne rejetée de plus\n", "eml: ... et %ld lignes rejetées de plus\n",
               c->printed - 50),
            c->printed - 50);
  if (rejected && !c->rejects_path)
    return cli_fail(CLI_EXIT_DATA,
                    _n("%ld ligne rejetée : rien n'est calculé (--rejects FICHIER pour calculer "
                       "sur les bonnes lignes)",
                       "%ld lignes rejetées : rien n'est calculé (--rejects FICHIER pour calculer "
                       "sur les bonnes lignes)",
                       rejected),
                    rejected);
  return -1;
}

/* The rules of the 2023 regime, for a year from 2023 on (checks 15-16);
 * returns -1 when read or not needed, else the exit status. */
int cli_rt_rules_load(int year, const char *path, eml_regime_rules *rules,
                      eml_rt_options *opts) {
  if (year < EML_RT_REGIME_2023_FROM || !path)
    return -1;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_regime_rules_load(path, rules, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_fail(cli_exit_code(st), _("lecture des règles du régime de 2023 impossible (--rules FICHIER)"));
  }
  opts->rules = rules;
  return -1;
}

/* The command's part of the radiotherapy report (eml_report_rt). */
static int run(const cli_args *a, rt_mode mode, int part) {
  rt_cli c;
  int rc = parse_options(a, mode, &c);
  if (rc >= 0)
    return rc;
  eml_rt_data *data = NULL;
  eml_report *report = NULL;
  rc = cli_rt_rules_load(c.year, c.rules_path, &c.rules, &c.opts);
  if (rc < 0)
    rc = load_data(&c, &data);
  long centre = rc < 0 && c.centre ? eml_rt_centre_find(data, c.centre) : -1;
  if (rc < 0 && c.centre && centre < 0)
    rc = cli_fail(CLI_EXIT_USAGE, _("option --centre : aucun centre %s dans rt_centres.csv"), c.centre);
  if (rc < 0) {
    eml_report_rt_args args = {.data = data, .year = c.year, .opts = &c.opts, .parts = part,
                               .centre = centre};
    eml_status st = eml_report_rt(&args, &report);
    if (st)
      rc = cli_fail(cli_exit_code(st), _("calcul impossible : %s"), eml_strerror(st));
  }
  rc = cli_report_done(rc, c.format, report, c.output);
  eml_rt_data_free(data);
  eml_regime_rules_free(&c.rules);
  return rc;
}

int cmd_rt_activity(const cli_args *a) { return run(a, RT_COMPUTE, EML_REPORT_RT_ACTIVITY); }
int cmd_rt_check(const cli_args *a) { return run(a, RT_CHECK, EML_REPORT_RT_CHECKS); }
int cmd_rt_report(const cli_args *a) { return run(a, RT_COMPUTE, EML_REPORT_RT_REGIONAL); }

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
  /* one count a piece, each with its plural */
  char centres[64], machines[64], staff[64], courses[64], passages[64];
  snprintf(centres, sizeof centres, _n("%zu centre", "%zu centres", data->n_centres),
           data->n_centres);
  snprintf(machines, sizeof machines, _n("%zu appareil", "%zu appareils", data->n_machines),
           data->n_machines);
  snprintf(staff, sizeof staff, _n("%zu ligne d'effectifs", "%zu lignes d'effectifs", data->n_staff),
           data->n_staff);
  snprintf(courses, sizeof courses, _n("%zu traitement", "%zu traitements", data->n_courses),
           data->n_courses);
  snprintf(passages, sizeof passages, _n("%zu passage", "%zu passages", data->n_sessions),
           data->n_sessions);
  printf(_("%s: données de radiothérapie enregistrées : %s, %s, %s, %s, %s (patients sous "
           "pseudonyme)\n"),
         c->db, centres, machines, staff, courses, passages);
  return CLI_EXIT_OK;
}

int cmd_rt_import(const cli_args *a) {
  rt_cli c;
  int rc = parse_options(a, RT_IMPORT, &c);
  if (rc >= 0)
    return rc;
  eml_rt_data *data = NULL;
  rc = load_data(&c, &data);
  if (rc < 0)
    rc = store_data(&c, data);
  eml_rt_data_free(data);
  return rc;
}

int cmd_generate_radiotherapy(const cli_args *a) {
  eml_rt_generate_options g = {.centres = (int)cli_whole(a, "centres"),
                               .year = (int)cli_whole(a, "year"),
                               .seed = (uint64_t)cli_whole(a, "seed")};
  const char *out = cli_text(a, "out");
  if (mkdir(out, 0777) != 0 && errno != EEXIST)
    return cli_fail(CLI_EXIT_SYSTEM, _("%s: création du dossier impossible : %s"), out,
                    eml_errno_text(errno));
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_rt_generate(&g, out, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  fprintf(stderr,
          _n("eml: %s/rt_*.csv écrits pour %d centre, année %d, graine %llu\n",
             "eml: %s/rt_*.csv écrits pour %d centres, année %d, graine %llu\n", g.centres),
          out, g.centres, g.year, (unsigned long long)g.seed);
  return CLI_EXIT_OK;
}
