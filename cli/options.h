/*
 * options.h — the declarative command line of `eml`: what a command's row
 * in the table (commands.c) says about its options and arguments, and the
 * one parser, help printer and man-page writer that read it.
 *
 * Model. A command declares its options as rows {name, kind, value word,
 * default, help, range or words, flags}, gathered in groups (the imaging
 * inputs, the radiotherapy thresholds... are one group each, shared by the
 * commands that take them), and its positional arguments. The parser
 * (cli_parse) reads argv against those rows only: an option the command
 * does not declare is refused (exit 2, naming the option and the command),
 * a value is checked by its kind (a number out of its range names the
 * option and the range), a default is parsed as if it had been given, and
 * the result is one generic keyed record (cli_args) read with typed getters
 * by option name: `cli_text(a, "db")`, `cli_number(a, "er-share")`. Asking
 * for a name the command does not declare, or with the getter of another
 * kind, is a programming error: it aborts, and the table test
 * (tests/unit/test_cli_options.c) runs every row.
 *
 * The same rows print `eml COMMAND --help` (cli_print_help) and the man
 * pages (cli_write_man): a new option is one row, and it appears in the
 * parsing, the help and the manual at once.
 */
#ifndef EML_CLI_OPTIONS_H
#define EML_CLI_OPTIONS_H

#include <stdio.h>

#include "eml/eml.h"

typedef enum cli_kind {
  CLI_FLAG,     /* no value: given or not */
  CLI_TEXT,     /* any text (a period, a name, a campaign) */
  CLI_PATH,     /* a file or folder name */
  CLI_NUMBER,   /* a decimal number within [lo, hi], decimal comma accepted */
  CLI_WHOLE,    /* a whole number within [lo, hi] */
  CLI_DATE,     /* YYYY-MM-DD or DD/MM/YYYY; the default "today" is the Paris date */
  CLI_FORMAT,   /* a table format: text, csv, json, md, html, xlsx (eml_format) */
  CLI_ENCODING, /* a CSV encoding: utf8, cp1252, latin1 (eml_encoding) */
  CLI_MODALITY, /* a modality of the register (eml_modality, its aliases accepted), or an
                   activity of the 2023 regime (EML_BALANCE_ACTIVITY) */
  CLI_ENUM,     /* one of the words of `values` (cli_choice: its index) */
  CLI_KIND_COUNT
} cli_kind;

enum {
  CLI_REQUIRED = 1 << 0,   /* the command does not run without it */
  CLI_REPEATABLE = 1 << 1, /* each occurrence kept (cli_list), instead of the last */
  CLI_IN_DATA = 1 << 2,    /* the default is a file of the data folder (cli_data_file) */
};

typedef struct cli_option {
  const char *name;          /* long name, without the dashes: "db" for --db */
  cli_kind kind;
  const char *value;         /* the value's word in the help ("PATH"); NULL: the kind's */
  const char *fallback;      /* the default, written as on the command line, or NULL */
  const char *help;          /* one sentence, wrapped by the help printer */
  double lo, hi;             /* CLI_NUMBER, CLI_WHOLE: the accepted range, inclusive */
  const char *const *values; /* CLI_ENUM: the accepted words, NULL-terminated */
  unsigned flags;            /* CLI_REQUIRED, CLI_REPEATABLE, CLI_IN_DATA */
  const char *hint;          /* CLI_REQUIRED: said after "option --X is required" */
} cli_option;

/* Options listed together in the help, under a title when they are shared. */
typedef struct cli_group {
  const char *title;         /* "Inputs"; NULL: "Options" */
  const char *about;         /* a paragraph before the options, or NULL */
  const cli_option *options; /* ended by a row of NULL name */
} cli_group;

typedef struct cli_positional {
  const char *name; /* "FILE" */
  const char *help; /* or NULL */
  int optional;     /* may be left out (only after the required ones) */
} cli_positional;

#define CLI_GROUPS_MAX 4

typedef struct cli_args cli_args;

typedef struct cli_command {
  const char *words;    /* "bilan", "imaging compute" */
  const char *summary;  /* one line, for `eml help` and the man page's list */
  const char *synopsis; /* "eml bilan --period P [--at DATE] [OPTIONS]", lines after the
                         * first indented as printed after "Usage: "; NULL: made from the rows */
  const char *about;    /* what the command does, lines of at most 78 characters */
  const cli_group *groups[CLI_GROUPS_MAX]; /* NULL-terminated */
  const cli_positional *args;              /* ended by a NULL name; NULL: none */
  int (*run)(const cli_args *a);           /* returns the exit status */
} cli_command;

/* A title for the man page of a group of commands (eml-imaging(1)). */
typedef struct cli_topic {
  const char *word, *title;
} cli_topic;

/* ---- the parser's result ---- */

#define CLI_OPTIONS_MAX 48 /* options of one command, all groups together */
#define CLI_ARGS_MAX 8     /* positional arguments */
#define CLI_LIST_MAX 256   /* values of the repeatable options, all together */

typedef struct cli_value {
  int given;        /* times given on the command line */
  const char *text; /* the text given last, else the default, else NULL */
  double number;    /* CLI_NUMBER */
  long whole;       /* CLI_WHOLE */
  eml_date date;    /* CLI_DATE */
  int choice;       /* CLI_ENUM index, eml_format, eml_encoding, eml_modality */
} cli_value;

struct cli_args {
  const cli_command *command;
  size_t n_options;
  const cli_option *option[CLI_OPTIONS_MAX]; /* the command's rows, groups flattened */
  cli_value value[CLI_OPTIONS_MAX];          /* parallel to option[] */
  struct {
    size_t option;
    const char *text;
  } list[CLI_LIST_MAX]; /* the occurrences of the repeatable options */
  size_t n_list;
  const char *arg[CLI_ARGS_MAX]; /* the positional arguments, in order */
  size_t n_args;
  char data_paths[2][4096]; /* the CLI_IN_DATA defaults, resolved */
  size_t n_data_paths;
};

/* Parses argv (argv[0] the command's last word, as main passes it) against
 * the command's rows into *a. Returns -1 when the command may run, else the
 * exit status after printing why (`eml: option --year is not an option of
 * 'eml report bilan' (see 'eml report bilan --help')`, a bad value, a
 * missing required option or argument). */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a);

/* Getters by option name (without the dashes). */
int cli_takes(const cli_args *a, const char *name); /* the command declares it */
int cli_given(const cli_args *a, const char *name); /* times given on the command line */
int cli_flag(const cli_args *a, const char *name);  /* CLI_FLAG given */
const char *cli_text(const cli_args *a, const char *name); /* as written, or NULL */
double cli_number(const cli_args *a, const char *name);
long cli_whole(const cli_args *a, const char *name);
eml_date cli_date(const cli_args *a, const char *name);
int cli_choice(const cli_args *a, const char *name);
/* The values of a repeatable option in order: at most cap into out; returns
 * how many were given. */
size_t cli_list(const cli_args *a, const char *name, const char **out, size_t cap);

/* ---- help and manual ---- */

/* `eml COMMAND --help`: usage, about, the arguments, each group's options
 * with their value word, help, range, default. */
void cli_print_help(FILE *out, const cli_command *cmd);
/* The man page of a group of commands in roff (man(7)): group NULL is
 * eml(1), the list of every command; else eml-GROUP(1), the commands whose
 * first word is GROUP. Returns 0, or -1 when no command has that word. */
int cli_write_man(FILE *out, const char *group);

/* `eml help`: every command with its summary. */
void cli_print_commands(FILE *out);

/* The first words of the commands (the man pages' groups), each once, in
 * the table's order; returns how many (at most cap). */
size_t cli_man_groups(const char **out, size_t cap);

#endif
