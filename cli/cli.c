/*
 * cli.c — helpers shared by the subcommands: printing diagnostics, exit
 * codes, parsing common option values, rendering to stdout or a file, and
 * finding the data folder (relative to the program, never a path of the
 * machine that built it: see cli_data_file in cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EML_DATA_FROM_BIN
#define EML_DATA_FROM_BIN "../share/eml"
#endif
#ifndef EML_LOCALE_FROM_BIN
#define EML_LOCALE_FROM_BIN "../share/locale"
#endif
#define MAX_PRINTED_PROBLEMS 50
#define PATH_TEXT_MAX 4096

static int is_dir(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int is_file(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The folder of the running program in exe (0), or 1 when /proc does not
 * say. */
static int program_dir(char *exe, size_t size) {
  ssize_t n = readlink("/proc/self/exe", exe, size - 1);
  if (n <= 0)
    return 1;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (slash)
    *slash = 0; /* exe: the program's folder */
  return 0;
}

/* out = the program's folder exe + rel, a relative path the build computed
 * from its install folders ("../share/eml"): PREFIX/bin/eml ->
 * PREFIX/share/eml. */
static void installed_dir(const char *exe, const char *rel, char *out, size_t size) {
  char prefix[PATH_TEXT_MAX];
  snprintf(prefix, sizeof prefix, "%s", exe);
  char *up;
  while (strncmp(rel, "../", 3) == 0 && (up = strrchr(prefix, '/')) && up != prefix) {
    *up = 0; /* PREFIX/bin + ../share/eml: PREFIX/share/eml */
    rel += 3;
  }
  snprintf(out, size, "%s/%s", prefix, rel);
}

/* 1 when the program's folder exe is a build tree (its CMakeCache.txt). */
static int is_build_tree(const char *exe) {
  char cache[PATH_TEXT_MAX + 16];
  snprintf(cache, sizeof cache, "%s/CMakeCache.txt", exe);
  return is_file(cache);
}

/* The data folder, found on the first call (cli.h says in which order). */
static const char *data_dir(void) {
  static char dir[PATH_TEXT_MAX + 32];
  if (dir[0])
    return dir;
  const char *env = getenv("EML_DATA_DIR");
  if (env && *env) {
    snprintf(dir, sizeof dir, "%s", env);
    return dir;
  }
  char exe[PATH_TEXT_MAX];
  if (program_dir(exe, sizeof exe)) {
    snprintf(dir, sizeof dir, "share/eml"); /* no /proc: relative to the working directory */
    return dir;
  }
  installed_dir(exe, EML_DATA_FROM_BIN, dir, sizeof dir);
  if (is_dir(dir))
    return dir;
  /* the build tree: CMake links DIR/data to the source tree's data */
  char build_data[PATH_TEXT_MAX + 16];
  snprintf(build_data, sizeof build_data, "%s/data", exe);
  if (is_build_tree(exe) && is_dir(build_data))
    snprintf(dir, sizeof dir, "%s", build_data);
  return dir;
}

const char *cli_locale_dir(void) {
  static char dir[PATH_TEXT_MAX + 32];
  if (dir[0])
    return dir;
  char exe[PATH_TEXT_MAX];
  if (program_dir(exe, sizeof exe))
    return NULL; /* gettext's default folder */
  if (is_build_tree(exe))
    snprintf(dir, sizeof dir, "%s/locale", exe); /* msgfmt wrote BUILD/locale/en/... */
  else
    installed_dir(exe, EML_LOCALE_FROM_BIN, dir, sizeof dir);
  return dir;
}

int cli_set_language(const char *name) {
  /* --lang, else EML_LANG, else the locale */
  const char *env = getenv("EML_LANG");
  eml_lang lang;
  if (name) {
    if (eml_lang_parse(name, &lang))
      return cli_fail(CLI_EXIT_USAGE, _("option --lang : ni fr ni en (valeur « %s »)"), name);
  } else if (env && *env) {
    if (eml_lang_parse(env, &lang))
      return cli_fail(CLI_EXIT_USAGE, _("EML_LANG : ni fr ni en (valeur « %s »)"), env);
  } else {
    lang = eml_lang_from_locale(getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG"));
  }
  eml_status st = eml_set_language(lang, lang == EML_LANG_EN ? cli_locale_dir() : NULL);
  if (st)
    return cli_fail(CLI_EXIT_SYSTEM, "%s", eml_strerror(st));
  return -1;
}

void cli_counts_text(char *buf, size_t size, long read, long loaded, long skipped, long rejected) {
  char r[64], l[64], s[64] = "", j[64];
  snprintf(r, sizeof r, _n("%ld ligne lue", "%ld lignes lues", read), read);
  snprintf(l, sizeof l, _n("%ld chargée", "%ld chargées", loaded), loaded);
  if (skipped >= 0)
    snprintf(s, sizeof s, _n(", %ld ignorée", ", %ld ignorées", skipped), skipped);
  snprintf(j, sizeof j, _n("%ld rejetée", "%ld rejetées", rejected), rejected);
  snprintf(buf, size, "%s, %s%s, %s", r, l, s, j);
}

time_t cli_now(void) {
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (epoch && *epoch) {
    char *end;
    errno = 0;
    long long v = strtoll(epoch, &end, 10);
    if (*end == '\0' && errno == 0 && v >= 0)
      return (time_t)v;
  }
  return time(NULL);
}

void cli_today_text(char *buf, size_t size) {
  time_t now = cli_now();
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(buf, size, "%d/%m/%Y", &tm);
}

void cli_data_file(const char *name, char *buf, size_t size) {
  snprintf(buf, size, "%s/%s", data_dir(), name);
}

int cli_regime_rules(eml_regime_rules *rules) {
  char path[PATH_TEXT_MAX + 64];
  cli_data_file("regimes/2023.csv", path, sizeof path);
  eml_diag d;
  eml_diag_clear(&d);
  /* the loader frees the rules it filled when it fails */
  return cli_status(eml_regime_rules_load(path, rules, &d), &d);
}

int cli_register_read(const char *db, eml_register *reg) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_report_register_read(db, reg, &d);
  if (st)
    eml_register_free(reg);
  return cli_status(st, &d);
}

int cli_rules_and_register(const char *db, eml_regime_rules *rules, eml_register *reg) {
  int rc = cli_regime_rules(rules);
  if (!rc && (rc = cli_register_read(db, reg)))
    eml_regime_rules_free(rules);
  return rc;
}

void cli_print_diag(const eml_diag *diag) {
  char msg[1024];
  eml_diag_format(diag, msg, sizeof msg);
  cli_progress_clear();
  fprintf(stderr, "eml: %s\n", msg);
}

const char *cli_user(const char *given) {
  if (given && *given)
    return given;
  const char *u = getenv("USER");
  if (u && *u)
    return u;
  struct passwd *pw = getpwuid(getuid());
  return pw && pw->pw_name ? pw->pw_name : "unknown";
}

void cli_print_problem(void *report, const eml_diag *diag, const char *raw, size_t raw_len) {
  cli_problem_report *r = report;
  (void)raw, (void)raw_len;
  if (r->printed < MAX_PRINTED_PROBLEMS) {
    cli_print_diag(diag);
    r->printed++;
  } else {
    r->suppressed++;
  }
}

void cli_print_rejects_files(const eml_rejects *rejects) {
  cli_progress_clear();
  for (size_t i = 0; i < eml_rejects_count(rejects); i++) {
    long rows;
    const char *path = eml_rejects_file(rejects, i, &rows);
    if (rows)
      fprintf(stderr,
              _n("eml: %ld mauvaise ligne écrite dans %s\n",
                 "eml: %ld mauvaises lignes écrites dans %s\n", rows),
              rows, path);
  }
}

void cli_print_warning(void *ctx, const char *file, const char *message) {
  (void)ctx;
  cli_progress_clear();
  fprintf(stderr, _("eml: %s: attention : %s\n"), file, message);
}

int cli_fail(int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cli_progress_clear();
  fputs("eml: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return code;
}

int cli_exit_code(eml_status status) {
  switch (status) {
  case EML_OK:
    return CLI_EXIT_OK;
  case EML_ERR_USAGE:
    return CLI_EXIT_USAGE;
  case EML_ERR_NOMEM:
  case EML_ERR_IO:
  case EML_ERR_STORE:
  case EML_ERR_SCHEMA:
    return CLI_EXIT_SYSTEM;
  default:
    return CLI_EXIT_DATA;
  }
}

int cli_status(eml_status st, const eml_diag *diag) {
  if (st == EML_OK)
    return CLI_EXIT_OK;
  cli_print_diag(diag);
  return cli_exit_code(st);
}

int cli_bad_option(const char *option, const char *value, const char *message) {
  eml_diag d;
  eml_diag_set(&d, NULL, 0, option, value, strlen(value), "%s", message);
  cli_print_diag(&d);
  return 0;
}

int cli_parse_number_option(const char *option, const char *value, double lo, double hi,
                            double *out) {
  if (eml_parse_double(value, strlen(value), 1, out) == EML_OK && *out >= lo && *out <= hi)
    return 1;
  eml_diag d;
  eml_diag_set(&d, NULL, 0, option, value, strlen(value), "pas un nombre de %g à %g", lo, hi);
  cli_print_diag(&d);
  return 0;
}

int cli_parse_whole_option(const char *option, const char *value, long lo, long hi, long *out) {
  int64_t v;
  if (eml_parse_int64(value, strlen(value), &v) == EML_OK && v >= lo && v <= hi) {
    *out = (long)v;
    return 1;
  }
  eml_diag d;
  eml_diag_set(&d, NULL, 0, option, value, strlen(value), "pas un nombre entier de %ld à %ld", lo,
               hi);
  cli_print_diag(&d);
  return 0;
}

int cli_parse_date_option(const char *option, const char *value, eml_date *out) {
  return eml_date_parse(value, strlen(value), out) == EML_OK ||
         cli_bad_option(option, value, _("pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"));
}

int cli_parse_format_option(const char *value, eml_format *out) {
  return eml_format_parse(value, out) == EML_OK ||
         cli_bad_option("--format", value,
                        _("format inconnu (attendu text, csv, json, md, html ou xlsx)"));
}

int cli_parse_encoding_option(const char *value, eml_encoding *out) {
  return eml_encoding_parse(value, out) == EML_OK ||
         cli_bad_option("--encoding", value, _("codage inconnu (attendu utf8, cp1252 ou latin1)"));
}

/* What cli_render and cli_render_report write: tables, or a report. */
typedef struct render_job {
  eml_format format;
  eml_table *const *tables;
  size_t count;
  const eml_report *report; /* when set, instead of the tables */
} render_job;

static int render_job_run(const render_job *j, const char *out_path) {
  eml_diag d;
  eml_diag_clear(&d);
  if (j->format == EML_FORMAT_XLSX) {
    if (!out_path)
      return cli_fail(CLI_EXIT_USAGE, _("l'option --format xlsx demande --output FICHIER"));
    eml_status st = j->report ? eml_render_report_xlsx_file(j->report, out_path, &d)
                              : eml_render_xlsx_file(j->tables, j->count, out_path, &d);
    if (st) {
      cli_print_diag(&d);
      return cli_exit_code(st);
    }
    return CLI_EXIT_OK;
  }
  FILE *f = stdout;
  if (out_path && !(f = fopen(out_path, "w")))
    return cli_fail(CLI_EXIT_SYSTEM, _("%s: écriture impossible : %s"), out_path,
                    eml_errno_text(errno));
  eml_status st = j->report ? eml_render_report(j->format, j->report, eml_write_file, f)
                            : eml_render_tables(j->format, j->tables, j->count, eml_write_file, f);
  if (f != stdout && fclose(f) != 0 && !st)
    st = EML_ERR_IO;
  if (st)
    return cli_fail(cli_exit_code(st), _("%s: écriture du rapport impossible : %s"),
                    out_path ? out_path : "stdout", eml_strerror(st));
  return CLI_EXIT_OK;
}

int cli_render(eml_format format, eml_table *const *tables, size_t count, const char *out_path) {
  render_job j = {format, tables, count, NULL};
  return render_job_run(&j, out_path);
}

int cli_render_report(eml_format format, const eml_report *report, const char *out_path) {
  render_job j = {format, NULL, 0, report};
  return render_job_run(&j, out_path);
}

int cli_report_done(int code, eml_format format, eml_report *report, const char *out_path) {
  if (code < 0)
    code = cli_render_report(format, report, out_path);
  eml_report_free(report);
  return code;
}
