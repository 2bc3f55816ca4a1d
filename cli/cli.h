/*
 * cli.h — what the subcommands of the `eml` program share: the command
 * table (its rows are described in options.h), the way errors are printed,
 * the parsing of common option values, the data folder.
 *
 * A subcommand is one row of the table in commands.c: its words ("bilan",
 * "imaging compute"), a one-line summary, its options and arguments, and
 * its run function, which gets the parsed options (cli_args) and returns
 * the exit status:
 *   0 ok, 1 data rejected or differences found, 2 usage error,
 *   3 store or I/O error.
 */
#ifndef EML_CLI_H
#define EML_CLI_H

#include <time.h>
#include <stdio.h>

#include "eml/eml.h"
#include "options.h"

/* Texts in the current language (docs/i18n.md): msgids are French. */
#define _(msgid) eml_tr(msgid)
#define N_(msgid) msgid
/* N_ for a text whose % is a percent sign, not a format */
#define NF_(msgid) msgid
/* msgid or msgid_plural as the count n asks (eml_trn). */
#define _n(msgid, msgid_plural, n) eml_trn(msgid, msgid_plural, (unsigned long)(n))

enum { CLI_EXIT_OK = 0, CLI_EXIT_DATA = 1, CLI_EXIT_USAGE = 2, CLI_EXIT_SYSTEM = 3 };

extern const cli_command cli_commands[];
extern const size_t cli_command_count;
extern const cli_topic cli_topics[];
extern const size_t cli_topic_count;

/* The data folder of eml (FINESS codes, outlines of the maps), found once:
 * $EML_DATA_DIR when set; else PREFIX/share/eml beside the program when it
 * is PREFIX/bin/eml (installed: BIN/../share/eml); else DIR/data when the
 * program is DIR/eml and DIR is a build tree (its CMakeCache.txt and its
 * link to the source data); else BIN/../share/eml all the same, so that a
 * message names where the file was looked for. Writes the path of file `name` of the
 * folder into buf. */
void cli_data_file(const char *name, char *buf, size_t size);
/* The profile of --profile NAME: NAME itself, or, when no such file is here
 * and NAME has no '/', the shipped DATA/profiles/NAME[.ini] written into buf
 * (cli/imaging_input.c). NULL stays NULL. */
const char *cli_profile_path(const char *name, char *buf, size_t size);
/* The folder of the message catalogues (docs/i18n.md): DIR/locale when the
 * program is DIR/eml in a build tree (msgfmt's output), else
 * PREFIX/share/locale beside PREFIX/bin/eml; NULL when /proc cannot say
 * (gettext's default folder). */
const char *cli_locale_dir(void);
/* Chooses the language of the run: name, the value of the global option
 * `--lang fr|en` (main.c takes it out of argv), else $EML_LANG, else the
 * locale (eml_lang_from_locale of LC_ALL, LC_MESSAGES, LANG). -1 when set;
 * else the exit code, the message printed. */
int cli_set_language(const char *name);
/* Loads the rules of the 2023 regime, DATA/regimes/2023.csv (eml/regime.h);
 * on failure prints why and returns the exit code (rules freed). */
int cli_regime_rules(eml_regime_rules *rules);
/* Reads the register of the store db, opened read-only
 * (eml_report_register_read); on failure prints why and returns the exit
 * code (reg freed), else CLI_EXIT_OK. */
int cli_register_read(const char *db, eml_register *reg);
/* The rules of the 2023 regime then the register of db, as the two calls
 * above; on failure nothing is left to free. */
int cli_rules_and_register(const char *db, eml_regime_rules *rules, eml_register *reg);

/* Now, for "today" and the edition date of documents: $SOURCE_DATE_EPOCH
 * (seconds since 1970, the reproducible-builds convention) when set to a
 * whole number, else the clock. The golden tests set it so that a
 * document's "édité le" does not move with the day the suite runs. */
time_t cli_now(void);
/* Each chart of report r alone as DIR/NAME.svg and DIR/NAME.png (600 x
 * 400 points; --charts DIR; cmd_report.c). */
eml_status cli_write_charts(const eml_report *r, const char *dir, eml_diag *d);
/* cli_now as "DD/MM/YYYY" in local time: a document's edition date. */
void cli_today_text(char *buf, size_t size);

/* The counts of an import in the current language into buf: "517 lignes
 * lues, 517 chargées, 0 rejetée" ("517 rows read, 517 loaded, 0 rejected"),
 * with "N ignorée(s)" before the rejected when skipped >= 0. */
void cli_counts_text(char *buf, size_t size, long read, long loaded, long skipped, long rejected);
/* The progress line of long work (progress.c): installed when stderr is
 * a terminal and quiet is 0; cleared before a message is printed. */
void cli_progress_init(int quiet);
void cli_progress_clear(void);

/* Prints `eml: <diag formatted>` on stderr. */
void cli_print_diag(const eml_diag *diag);
/* Prints `eml: <message>` on stderr; returns code (for `return cli_fail(...)`). */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Exit code for a library status. */
int cli_exit_code(eml_status status);
/* CLI_EXIT_OK when st is EML_OK; else prints diag and returns st's exit code. */
int cli_status(eml_status st, const eml_diag *diag);
/* Parses an option value of a given form, printing
 * `eml: option --at: not a date ... (value 'X')` and returning 0 on failure. */
/* Prints `eml: option OPTION: MESSAGE (value 'X')`; returns 0. */
int cli_bad_option(const char *option, const char *value, const char *message);
/* A number option within [lo, hi] (decimal comma accepted): 1, or 0 after
 * printing `option NAME: not a number from LO to HI (value 'X')`. */
int cli_parse_number_option(const char *option, const char *value, double lo, double hi,
                            double *out);
/* A whole number option within [lo, hi]: 1, or 0 after printing
 * `option NAME: not a whole number from LO to HI (value 'X')`. */
int cli_parse_whole_option(const char *option, const char *value, long lo, long hi, long *out);
int cli_parse_date_option(const char *option, const char *value, eml_date *out);
int cli_parse_format_option(const char *value, eml_format *out);
int cli_parse_encoding_option(const char *value, eml_encoding *out);
/* Who makes a change, for the audit log: given (--user), else $USER, else
 * the system user. */
const char *cli_user(const char *given);
/* The bad rows of an import, as reject hooks (eml/input.h): the first 50
 * are printed, the others counted in `suppressed`. */
typedef struct cli_problem_report {
  long printed, suppressed;
} cli_problem_report;
void cli_print_problem(void *report, const eml_diag *diag, const char *raw, size_t raw_len);
/* `eml: N bad row(s) written to PATH` for each rejects file that has rows. */
void cli_print_rejects_files(const eml_rejects *rejects);
/* `eml: FILE: warning: MESSAGE` (an on_warning callback; ctx unused). */
void cli_print_warning(void *ctx, const char *file, const char *message);
/* Renders tables to stdout, or to path for xlsx (path required then). */
int cli_render(eml_format format, eml_table *const *tables, size_t count, const char *out_path);
/* The same for a report (eml/report.h): its tables, or for html the
 * document with its charts. */
int cli_render_report(eml_format format, const eml_report *report, const char *out_path);
/* The end of a command that built a report: renders it when code is still
 * -1 (all went well), frees it (NULL accepted); the exit code. */
int cli_report_done(int code, eml_format format, eml_report *report, const char *out_path);

#endif
