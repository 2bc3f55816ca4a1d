/*
 * options.c — the one option parser of `eml`, and the help and man pages
 * printed from the same rows (options.h has the model).
 *
 * Parsing. argv is read left to right: "--name VALUE" or "--name=VALUE"
 * for an option that takes a value (the next word is taken whatever it is,
 * so "--seed -1" reaches the range check), "--name" for a flag, "--" ends
 * the options, any other word is a positional argument. Names are matched
 * exactly (no abbreviations: a row is the whole name). Each value is read
 * by its kind's parser (the kind table below), which prints the existing
 * messages of cli.c (`option --er-share : pas un nombre de 0 à 1 (valeur
 * « 2 »)`); the defaults are then parsed by the same code, so a default is a
 * value the user could have written. Required options and the count of
 * positional arguments are checked last.
 *
 * Help. `eml COMMAND --help` is the synopsis, the about text, the arguments,
 * then each group of options: "--name VALUE" in a column, the help wrapped
 * at 79 columns with its range, default and requiredness in parentheses.
 * The man pages say the same in roff (man(7)): non-ASCII characters as
 * \[uXXXX], option dashes as \-, lines never starting with a control
 * character.
 */
#include "options.h"

#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HELP_WIDTH 79  /* columns of the help */
#define HELP_COLUMN 24 /* where the help of an option starts, at most */

/* ---- the kinds ---- */

static int parse_number(const cli_option *o, const char *flag, const char *text, cli_value *v) {
  (void)o;
  return cli_parse_number_option(flag, text, o->lo, o->hi, &v->number);
}

static int parse_whole(const cli_option *o, const char *flag, const char *text, cli_value *v) {
  return cli_parse_whole_option(flag, text, (long)o->lo, (long)o->hi, &v->whole);
}

static int parse_date(const cli_option *o, const char *flag, const char *text, cli_value *v) {
  (void)o;
  if (strcmp(text, "today") == 0) {
    v->date = eml_paris_date((eml_time)cli_now());
    return 1;
  }
  return cli_parse_date_option(flag, text, &v->date);
}

static int parse_format(const cli_option *o, const char *flag, const char *text, cli_value *v) {
  (void)o;
  (void)flag;
  eml_format f;
  if (!cli_parse_format_option(text, &f))
    return 0;
  v->choice = (int)f;
  return 1;
}

static int parse_encoding(const cli_option *o, const char *flag, const char *text,
                          cli_value *v) {
  (void)o;
  (void)flag;
  eml_encoding e;
  if (!cli_parse_encoding_option(text, &e))
    return 0;
  v->choice = (int)e;
  return 1;
}

static int parse_modality(const cli_option *o, const char *flag, const char *text,
                          cli_value *v) {
  (void)o;
  eml_modality m;
  eml_activity act;
  if (eml_modality_parse(text, strlen(text), &m) == EML_OK) {
    v->choice = (int)m;
    return 1;
  }
  if (eml_activity_parse(text, strlen(text), &act) == EML_OK) { /* the 2023 regime */
    v->choice = EML_BALANCE_ACTIVITY(act);
    return 1;
  }
  /* "expected CT, MRI, ..., COBALT, or an activity: IMAGING, ...": the codes
   * of the register's lists */
  char message[400] = "unknown modality (expected ";
  for (int i = 0; i < EML_MODALITY_COUNT; i++) {
    size_t n = strlen(message);
    snprintf(message + n, sizeof message - n, "%s%s", i ? ", " : "",
             eml_modality_code((eml_modality)i));
  }
  for (int i = 0; i < EML_ACTIVITY_COUNT; i++) {
    size_t n = strlen(message);
    snprintf(message + n, sizeof message - n, "%s%s", i ? ", " : ", or an activity: ",
             eml_activity_code((eml_activity)i));
  }
  size_t n = strlen(message);
  snprintf(message + n, sizeof message - n, ")");
  return cli_bad_option(flag, text, message);
}

/* "skip or keep", "pdf, xlsx or svg", "pdf only" */
static void words_text(const char *const *values, char *buf, size_t size) {
  size_t n = 0, o = 0;
  while (values[n])
    n++;
  buf[0] = 0;
  for (size_t i = 0; i < n && o < size; i++) {
    const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
    int w = snprintf(buf + o, size - o, "%s%s", sep, values[i]);
    o += w > 0 ? (size_t)w : 0;
  }
  if (n == 1 && o < size)
    snprintf(buf + o, size - o, " only");
}

static int parse_enum(const cli_option *o, const char *flag, const char *text, cli_value *v) {
  for (int i = 0; o->values[i]; i++)
    if (strcmp(o->values[i], text) == 0) {
      v->choice = i;
      return 1;
    }
  char expected[256];
  words_text(o->values, expected, sizeof expected);
  return cli_bad_option(flag, text, expected);
}

/* What a kind reads: its value's word in the help, and its parser (NULL:
 * the text is the value). */
static const struct cli_kind_row {
  const char *value; /* NULL: takes no value */
  int (*parse)(const cli_option *o, const char *flag, const char *text, cli_value *v);
} kinds[CLI_KIND_COUNT] = {
    [CLI_FLAG] = {NULL, NULL},
    [CLI_TEXT] = {"TEXT", NULL},
    [CLI_PATH] = {"FILE", NULL},
    [CLI_NUMBER] = {"N", parse_number},
    [CLI_WHOLE] = {"N", parse_whole},
    [CLI_DATE] = {"DATE", parse_date},
    [CLI_FORMAT] = {"F", parse_format},
    [CLI_ENCODING] = {"ENC", parse_encoding},
    [CLI_MODALITY] = {"M", parse_modality},
    [CLI_ENUM] = {"WORD", parse_enum},
};

/* ---- parsing ---- */

/* The command's name as the user writes it: "eml report bilan". */
static const char *command_name(const cli_command *cmd, char *buf, size_t size) {
  snprintf(buf, size, "eml %s", cmd->words);
  return buf;
}

static int usage_error(const cli_command *cmd, const char *what) {
  char name[128];
  return cli_fail(CLI_EXIT_USAGE, _("%s (voir « %s --help »)"), what,
                  command_name(cmd, name, sizeof name));
}

static long find_option(const cli_args *a, const char *name, size_t len) {
  for (size_t i = 0; i < a->n_options; i++)
    if (strlen(a->option[i]->name) == len && strncmp(a->option[i]->name, name, len) == 0)
      return (long)i;
  return -1;
}

/* Reads one value (given or default) of option i; 1 or 0 (printed). */
static int read_value(cli_args *a, size_t i, const char *text) {
  const cli_option *o = a->option[i];
  cli_value *v = &a->value[i];
  char flag[80];
  snprintf(flag, sizeof flag, "--%s", o->name);
  if (kinds[o->kind].parse && !kinds[o->kind].parse(o, flag, text, v))
    return 0;
  v->text = text;
  if (o->flags & CLI_REPEATABLE) {
    if (a->n_list == CLI_LIST_MAX)
      return cli_fail(0, _("option %s : donnée plus de %d fois"), flag, CLI_LIST_MAX);
    a->list[a->n_list].option = i;
    a->list[a->n_list++].text = text;
  }
  return 1;
}

/* The defaults of the options not given, read as if given. */
static int read_defaults(cli_args *a) {
  for (size_t i = 0; i < a->n_options; i++) {
    const cli_option *o = a->option[i];
    if (a->value[i].given || !o->fallback)
      continue;
    const char *text = o->fallback;
    if ((o->flags & CLI_IN_DATA) && a->n_data_paths < 2) {
      char *path = a->data_paths[a->n_data_paths++];
      cli_data_file(o->fallback, path, sizeof a->data_paths[0]);
      text = path;
    }
    /* not a list entry: a repeatable option's default is its text only */
    if (o->flags & CLI_REPEATABLE) {
      a->value[i].text = text;
      continue;
    }
    if (!read_value(a, i, text))
      return 0;
  }
  return 1;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a) {
  memset(a, 0, sizeof *a);
  a->command = cmd;
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++)
    for (const cli_option *o = cmd->groups[g]->options; o->name; o++) {
      if (a->n_options == CLI_OPTIONS_MAX) {
        fprintf(stderr, "eml: internal error: '%s' has more than %d options\n", cmd->words,
                CLI_OPTIONS_MAX);
        abort();
      }
      a->option[a->n_options++] = o;
    }
  size_t required_args = 0, max_args = 0;
  for (const cli_positional *p = cmd->args; p && p->name; p++) {
    max_args++;
    required_args += !p->optional;
  }
  char what[512];
  int options_end = 0;
  for (int k = 1; k < argc; k++) {
    const char *word = argv[k];
    if (options_end || word[0] != '-' || strcmp(word, "-") == 0) {
      if (a->n_args == max_args || a->n_args == CLI_ARGS_MAX) {
        snprintf(what, sizeof what, _("argument inattendu « %s »"), word);
        return usage_error(cmd, what);
      }
      a->arg[a->n_args++] = word;
      continue;
    }
    if (strcmp(word, "--") == 0) {
      options_end = 1;
      continue;
    }
    const char *name = word + (word[1] == '-' ? 2 : 1);
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    long i = word[1] == '-' ? find_option(a, name, len) : -1;
    if (i < 0) {
      char cmd_name[128];
      command_name(cmd, cmd_name, sizeof cmd_name);
      snprintf(what, sizeof what, _("%.*s n'est pas une option de « %s »"),
               (int)(len + (size_t)(name - word)), word, cmd_name);
      return usage_error(cmd, what);
    }
    const cli_option *o = a->option[i];
    const char *text;
    if (o->kind == CLI_FLAG) {
      if (eq) {
        snprintf(what, sizeof what, _("l'option --%s ne prend pas de valeur"), o->name);
        return usage_error(cmd, what);
      }
      text = "";
    } else if (eq) {
      text = eq + 1;
    } else if (k + 1 < argc) {
      text = argv[++k];
    } else {
      snprintf(what, sizeof what, _("l'option --%s attend une valeur"), o->name);
      return usage_error(cmd, what);
    }
    a->value[i].given++;
    if (!read_value(a, (size_t)i, text))
      return CLI_EXIT_USAGE;
  }
  if (!read_defaults(a))
    return CLI_EXIT_USAGE;
  for (size_t i = 0; i < a->n_options; i++) {
    const cli_option *o = a->option[i];
    if ((o->flags & CLI_REQUIRED) && !a->value[i].given) {
      if (o->hint)
        return cli_fail(CLI_EXIT_USAGE, _("l'option --%s est obligatoire (%s)"), o->name, _(o->hint));
      return cli_fail(CLI_EXIT_USAGE, _("l'option --%s est obligatoire"), o->name);
    }
  }
  if (a->n_args < required_args) {
    size_t o = 0;
    what[0] = 0;
    for (const cli_positional *p = cmd->args + a->n_args; p->name && !p->optional; p++) {
      int w = snprintf(what + o, sizeof what - o, "%s%s", o ? " " : _("argument manquant : "), p->name);
      o += w > 0 && (size_t)w < sizeof what - o ? (size_t)w : 0;
    }
    return usage_error(cmd, what);
  }
  return -1;
}

/* ---- getters ---- */

/* The value of a declared option: a name the command does not declare, or
 * read with the getter of another kind, is a bug of the command's code. */
static const cli_value *lookup(const cli_args *a, const char *name, int kind, size_t *index) {
  long i = find_option(a, name, strlen(name));
  if (i < 0 || (kind >= 0 && a->option[i]->kind != (cli_kind)kind)) {
    fprintf(stderr, "eml: internal error: 'eml %s' %s option --%s%s\n", a->command->words,
            i < 0 ? "has no" : "reads its", name, i < 0 ? "" : " with the getter of another kind");
    abort();
  }
  if (index)
    *index = (size_t)i;
  return &a->value[i];
}

int cli_takes(const cli_args *a, const char *name) {
  return find_option(a, name, strlen(name)) >= 0;
}

int cli_given(const cli_args *a, const char *name) {
  return lookup(a, name, -1, NULL)->given;
}

int cli_flag(const cli_args *a, const char *name) {
  return lookup(a, name, CLI_FLAG, NULL)->given > 0;
}

const char *cli_text(const cli_args *a, const char *name) {
  return lookup(a, name, -1, NULL)->text;
}

double cli_number(const cli_args *a, const char *name) {
  return lookup(a, name, CLI_NUMBER, NULL)->number;
}

long cli_whole(const cli_args *a, const char *name) {
  return lookup(a, name, CLI_WHOLE, NULL)->whole;
}

eml_date cli_date(const cli_args *a, const char *name) {
  return lookup(a, name, CLI_DATE, NULL)->date;
}

int cli_choice(const cli_args *a, const char *name) {
  size_t i;
  const cli_value *v = lookup(a, name, -1, &i);
  cli_kind k = a->option[i]->kind;
  if (k != CLI_ENUM && k != CLI_FORMAT && k != CLI_ENCODING && k != CLI_MODALITY)
    lookup(a, name, CLI_ENUM, NULL); /* aborts: not a choice */
  return v->choice;
}

size_t cli_list(const cli_args *a, const char *name, const char **out, size_t cap) {
  size_t index, n = 0;
  lookup(a, name, -1, &index);
  for (size_t k = 0; k < a->n_list; k++)
    if (a->list[k].option == index) {
      if (n < cap)
        out[n] = a->list[k].text;
      n++;
    }
  return n;
}

/* ---- what the help and the manual say of an option ---- */

/* A bound of a range: whole numbers without an exponent (4294967294, 1e7). */
static void bound_text(double x, char *buf, size_t size) {
  if (x == floor(x) && fabs(x) < 1e15)
    snprintf(buf, size, "%.0f", x);
  else
    snprintf(buf, size, "%g", x);
}

/* "--name VALUE", the value's word: the row's, an enum's words, the kind's. */
static void option_label(const cli_option *o, char *buf, size_t size) {
  char words[256];
  const char *value = o->value;
  if (!value && o->kind == CLI_ENUM) {
    size_t w = 0;
    words[0] = 0;
    for (int i = 0; o->values[i] && w < sizeof words; i++) {
      int n = snprintf(words + w, sizeof words - w, "%s%s", i ? "|" : "", o->values[i]);
      w += n > 0 ? (size_t)n : 0;
    }
    value = words;
  }
  if (!value)
    value = kinds[o->kind].value;
  if (value)
    snprintf(buf, size, "--%s %s", o->name, value);
  else
    snprintf(buf, size, "--%s", o->name);
}

/* The help sentence with its range, default and requiredness:
 * "share of ER patients ... [0 to 1; default 0.5]". */
static void option_help(const cli_option *o, char *buf, size_t size) {
  char parts[512], lo[32], hi[32];
  size_t n = 0;
  parts[0] = 0;
#define PART(...)                                                                            \
  do {                                                                                       \
    if (n < sizeof parts) {                                                                  \
      int w_ = snprintf(parts + n, sizeof parts - n, "%s", n ? "; " : "");                   \
      n += w_ > 0 ? (size_t)w_ : 0;                                                          \
    }                                                                                        \
    if (n < sizeof parts) {                                                                  \
      int w_ = snprintf(parts + n, sizeof parts - n, __VA_ARGS__);                           \
      n += w_ > 0 ? (size_t)w_ : 0;                                                          \
    }                                                                                        \
  } while (0)
  if (o->kind == CLI_NUMBER || o->kind == CLI_WHOLE) {
    bound_text(o->lo, lo, sizeof lo);
    bound_text(o->hi, hi, sizeof hi);
    PART("%s to %s", lo, hi);
  }
  if (o->fallback && (o->flags & CLI_IN_DATA))
    PART("default: %s in the data folder", o->fallback);
  else if (o->fallback)
    PART("default %s", o->fallback);
  if (o->flags & CLI_REQUIRED)
    PART("required");
  if (o->flags & CLI_REPEATABLE)
    PART("repeatable");
#undef PART
  if (n)
    snprintf(buf, size, "%s [%s]", o->help, parts);
  else
    snprintf(buf, size, "%s", o->help);
}

/* Columns a UTF-8 text takes (one per character). */
static size_t text_columns(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* Prints text from column col, words wrapped at HELP_WIDTH, later lines
 * indented to indent. */
static void print_wrapped(FILE *out, const char *text, size_t col, size_t indent) {
  const char *p = text;
  int first = 1;
  while (*p) {
    while (*p == ' ')
      p++;
    size_t len = strcspn(p, " ");
    if (!len)
      break;
    size_t width = text_columns(p, len);
    if (!first && col + 1 + width > HELP_WIDTH) {
      fprintf(out, "\n%*s", (int)indent, "");
      col = indent;
    } else if (!first) {
      fputc(' ', out);
      col++;
    }
    fwrite(p, 1, len, out);
    col += width;
    first = 0;
    p += len;
  }
  fputc('\n', out);
}

/* The synopsis: given, or made from the rows ("eml requests --period P
 * [OPTIONS] FILE"). */
static void synopsis_text(const cli_command *cmd, char *buf, size_t size) {
  if (cmd->synopsis) {
    snprintf(buf, size, "%s", cmd->synopsis);
    return;
  }
  size_t n = 0;
#define ADD(...)                                                                             \
  do {                                                                                       \
    if (n < size) {                                                                          \
      int w_ = snprintf(buf + n, size - n, __VA_ARGS__);                                     \
      n += w_ > 0 ? (size_t)w_ : 0;                                                          \
    }                                                                                        \
  } while (0)
  ADD("eml %s", cmd->words);
  int optional = 0;
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++)
    for (const cli_option *o = cmd->groups[g]->options; o->name; o++) {
      char label[128];
      option_label(o, label, sizeof label);
      if (o->flags & CLI_REQUIRED)
        ADD(" %s", label);
      else
        optional = 1;
    }
  if (optional)
    ADD(" [OPTIONS]");
  for (const cli_positional *p = cmd->args; p && p->name; p++)
    ADD(p->optional ? " [%s]" : " %s", p->name);
#undef ADD
}

void cli_print_help(FILE *out, const cli_command *cmd) {
  char synopsis[2048];
  synopsis_text(cmd, synopsis, sizeof synopsis);
  /* later lines of the synopsis are indented as printed after "Usage: " */
  fputs("Usage: ", out);
  for (const char *p = synopsis; *p;) {
    size_t len = strcspn(p, "\n");
    fprintf(out, "%s%.*s\n", p == synopsis ? "" : "       ", (int)len, p);
    p += len + (p[len] == '\n');
  }
  if (cmd->about)
    fprintf(out, "%s%s", cmd->about, cmd->about[strlen(cmd->about) - 1] == '\n' ? "" : "\n");
  /* the column of the help: the longest label, at most HELP_COLUMN */
  size_t column = 0;
  for (const cli_positional *p = cmd->args; p && p->name; p++)
    if (p->help && strlen(p->name) + 4 > column)
      column = strlen(p->name) + 4;
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++)
    for (const cli_option *o = cmd->groups[g]->options; o->name; o++) {
      char label[128];
      option_label(o, label, sizeof label);
      if (strlen(label) + 4 > column)
        column = strlen(label) + 4;
    }
  if (column > HELP_COLUMN)
    column = HELP_COLUMN;
  int args_title = 0;
  for (const cli_positional *p = cmd->args; p && p->name; p++) {
    if (!p->help)
      continue;
    if (!args_title++)
      fputs("\nArguments:\n", out);
    fprintf(out, "  %-*s", (int)column - 2, p->name);
    print_wrapped(out, p->help, column, column);
  }
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++) {
    const cli_group *group = cmd->groups[g];
    if (!group->options->name)
      continue;
    fprintf(out, "\n%s:\n", group->title ? group->title : "Options");
    if (group->about)
      print_wrapped(out, group->about, 0, 0);
    for (const cli_option *o = group->options; o->name; o++) {
      char label[128], help[1024];
      option_label(o, label, sizeof label);
      option_help(o, help, sizeof help);
      if (strlen(label) + 4 > column)
        fprintf(out, "  %s\n%*s", label, (int)column, "");
      else
        fprintf(out, "  %-*s", (int)column - 2, label);
      print_wrapped(out, help, column, column);
    }
  }
}

/* ---- the manual ---- */

/* Text for roff: backslashes escaped, option dashes as \-, non-ASCII as
 * \[uXXXX], a line never starting with '.' or '\''. */
static void roff(FILE *out, const char *s) {
  int line_start = 1;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    unsigned c = *p;
    if (line_start && (c == '.' || c == '\''))
      fputs("\\&", out);
    line_start = 0;
    if (c == '\\') {
      fputs("\\e", out);
    } else if (c == '-' && (p == (const unsigned char *)s || strchr(" -([|,=\n", p[-1]))) {
      fputs("\\-", out); /* a dash of an option, not a hyphen */
    } else if (c == '\n') {
      fputc('\n', out);
      line_start = 1;
    } else if (c < 0x80) {
      fputc((int)c, out);
    } else {
      /* UTF-8: the code point of a 2, 3 or 4 byte sequence */
      int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      unsigned cp = c & (0x3Fu >> extra);
      for (int k = 1; k <= extra && p[k]; k++)
        cp = (cp << 6) | (p[k] & 0x3Fu);
      fprintf(out, "\\[u%04X]", cp);
      for (int k = 1; k <= extra && p[1]; k++)
        p++;
    }
    p++;
  }
}

static void man_option(FILE *out, const cli_option *o) {
  char label[128], help[1024];
  option_label(o, label, sizeof label);
  option_help(o, help, sizeof help);
  char *space = strchr(label, ' ');
  if (space)
    *space = 0; /* label: the name; space + 1: the value's word */
  fputs(".TP\n\\fB", out);
  roff(out, label);
  if (space) {
    fputs("\\fR \\fI", out);
    roff(out, space + 1);
  }
  fputs("\\fR\n", out);
  roff(out, help);
  fputc('\n', out);
}

static void man_command(FILE *out, const cli_command *cmd) {
  fputs(".SS ", out);
  roff(out, "eml ");
  roff(out, cmd->words);
  fputs("\n.nf\n", out);
  char synopsis[2048];
  synopsis_text(cmd, synopsis, sizeof synopsis);
  roff(out, synopsis);
  fputs("\n.fi\n.PP\n", out);
  if (cmd->about)
    roff(out, cmd->about);
  else
    roff(out, cmd->summary);
  if (!cmd->about || cmd->about[strlen(cmd->about) - 1] != '\n')
    fputc('\n', out);
  for (const cli_positional *p = cmd->args; p && p->name; p++)
    if (p->help) {
      fputs(".TP\n\\fI", out);
      roff(out, p->name);
      fputs("\\fR\n", out);
      roff(out, p->help);
      fputc('\n', out);
    }
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++) {
    const cli_group *group = cmd->groups[g];
    if (!group->options->name)
      continue;
    fputs(".PP\n\\fB", out);
    roff(out, group->title ? group->title : "Options");
    fputs("\\fR\n", out);
    if (group->about) {
      fputs(".br\n", out);
      roff(out, group->about);
      fputc('\n', out);
    }
    for (const cli_option *o = group->options; o->name; o++)
      man_option(out, o);
  }
}

/* The first word of a command's words, in buf. */
static const char *first_word(const char *words, char *buf, size_t size) {
  size_t len = strcspn(words, " ");
  snprintf(buf, size, "%.*s", (int)len, words);
  return buf;
}

size_t cli_man_groups(const char **out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < cli_command_count; i++) {
    const char *words = cli_commands[i].words;
    size_t len = strcspn(words, " ");
    if (strncmp(words, "help", len) == 0 && len == 4)
      continue; /* eml(1) says how to get help */
    int seen = 0;
    for (size_t k = 0; k < n && k < cap; k++)
      seen |= strlen(out[k]) == len && strncmp(out[k], words, len) == 0;
    if (!seen) {
      if (n < cap)
        out[n] = words; /* its first word, up to the space */
      n++;
    }
  }
  return n;
}

static void man_header(FILE *out, const char *page, const char *title) {
  char upper[64];
  size_t i = 0;
  for (; page[i] && i + 1 < sizeof upper; i++)
    upper[i] = page[i] >= 'a' && page[i] <= 'z' ? (char)(page[i] - 'a' + 'A') : page[i];
  upper[i] = 0;
  fputs(".\\\" generated by 'eml help --man' from the command table of eml (cli/commands.c)\n", out);
  fputs(".TH ", out);
  roff(out, upper);
  fprintf(out, " 1 \"\" \"eml %s\" \"eml manual\"\n.SH NAME\n", eml_version());
  roff(out, page);
  fputs(" \\- ", out);
  roff(out, title);
  fputc('\n', out);
}

static void man_exit_status(FILE *out) {
  fputs(".SH EXIT STATUS\n"
        ".TP\n0\nsuccess\n"
        ".TP\n1\nrejected data, or differences found\n"
        ".TP\n2\nusage error: an unknown option, a bad value, a missing argument\n"
        ".TP\n3\nstore or input/output error\n",
        out);
}

static void man_see_also(FILE *out, const char *except) {
  const char *groups[64];
  size_t n = cli_man_groups(groups, 64);
  fputs(".SH SEE ALSO\n", out);
  int first = 1;
  if (except) {
    fputs("\\fBeml\\fR(1)", out);
    first = 0;
  }
  for (size_t i = 0; i < n && i < 64; i++) {
    char word[64];
    first_word(groups[i], word, sizeof word);
    if (except && strcmp(word, except) == 0)
      continue;
    fprintf(out, "%s\\fBeml\\-%s\\fR(1)", first ? "" : ",\n", word);
    first = 0;
  }
  fputc('\n', out);
}

/* eml(1): every command with its summary, the exit status, the
 * environment, the data folder. */
static void man_main(FILE *out) {
  man_header(out, "eml", "observatoire des équipements matériels lourds");
  fputs(".SH SYNOPSIS\n\\fBeml\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n"
        "\\fBeml help\\fR [\\fICOMMAND\\fR]\n.br\n\\fBeml\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR\n"
        ".SH DESCRIPTION\n", out);
  roff(out, "eml keeps the register of heavy medical equipment of a regional health agency "
            "(CT, MRI, gamma cameras, PET, hyperbaric chambers, cyclotrons, radiotherapy "
            "machines), publishes the balance against the regional targets (OQOS), judges "
            "applications, benchmarks CT and MRI from their exam logs, counts radiotherapy "
            "activity, and serves a read-only dashboard. Each command is described in the page "
            "of its first word, e.g. eml-imaging(1) for 'eml imaging report'.\n");
  fputs(".SH COMMANDS\n", out);
  for (size_t i = 0; i < cli_command_count; i++) {
    fputs(".TP\n\\fBeml ", out);
    roff(out, cli_commands[i].words);
    fputs("\\fR\n", out);
    roff(out, cli_commands[i].summary);
    fputc('\n', out);
  }
  fputs(".SH GLOBAL OPTIONS\n.TP\n.B \\-\\-quiet\n", out);
  roff(out, "anywhere on the line: no progress line on standard error. Without it, long work "
            "(imports, computations, generators, PDF reports) shows one when standard error is "
            "a terminal and the work lasts over a second.\n");
  man_exit_status(out);
  fputs(".SH ENVIRONMENT\n.TP\n.B EML_DATA_DIR\n", out);
  roff(out, "the data folder (FINESS equipment codes, département outlines); by default "
            "PREFIX/share/eml beside the installed program PREFIX/bin/eml, or the source "
            "tree's data/ when eml runs from its build tree.\n");
  fputs(".TP\n.B EML_PSEUDONYM_KEY\n", out);
  roff(out, "the radiotherapy pseudonymisation key (64 hexadecimal digits) when --key-file is "
            "not given; there is no default key.\n");
  fputs(".TP\n.B SOURCE_DATE_EPOCH\n", out);
  roff(out, "seconds since 1970-01-01 UTC taken as now: the date \"today\" and the edition "
            "date of documents (reproducible outputs); by default the clock.\n");
  fputs(".TP\n.B EML_PROGRESS_AFTER_MS\n", out);
  roff(out, "for the tests: the delay before the progress line, in milliseconds (by default "
            "1000).\n");
  fputs(".TP\n.B USER\n", out);
  roff(out, "who makes a change, for the audit log, when --user is not given.\n");
  fputs(".SH FILES\n.TP\n.I PREFIX/share/eml/finess/equipment-codes.csv\n", out);
  roff(out, "the mapping of FINESS equipment codes to eml's modalities (eml import finess "
            "--codes).\n");
  fputs(".TP\n.I PREFIX/share/eml/finess/amm-codes.csv\n", out);
  roff(out, "the AMM code list (activities, mentions, device counts and their maxima) of the "
            "FINESS AMM authorisations file (eml import finess --amm-codes).\n");
  fputs(".TP\n.I PREFIX/share/eml/geo/departements.csv\n", out);
  roff(out, "the outlines of the départements, for the maps of the balance (--geo).\n");
  man_see_also(out, NULL);
}

int cli_write_man(FILE *out, const char *group) {
  if (!group) {
    man_main(out);
    return 0;
  }
  const cli_command *first = NULL;
  char word[64];
  for (size_t i = 0; i < cli_command_count && !first; i++)
    if (strcmp(first_word(cli_commands[i].words, word, sizeof word), group) == 0)
      first = &cli_commands[i];
  if (!first || strcmp(group, "help") == 0)
    return -1;
  char page[80];
  snprintf(page, sizeof page, "eml-%s", group);
  const char *title = first->summary;
  for (size_t i = 0; i < cli_topic_count; i++)
    if (strcmp(cli_topics[i].word, group) == 0)
      title = cli_topics[i].title;
  man_header(out, page, title);
  fputs(".SH SYNOPSIS\n.nf\n", out);
  for (size_t i = 0; i < cli_command_count; i++)
    if (strcmp(first_word(cli_commands[i].words, word, sizeof word), group) == 0) {
      char synopsis[2048];
      synopsis_text(&cli_commands[i], synopsis, sizeof synopsis);
      roff(out, synopsis);
      fputc('\n', out);
    }
  fputs(".fi\n.SH DESCRIPTION\n", out);
  for (size_t i = 0; i < cli_command_count; i++)
    if (strcmp(first_word(cli_commands[i].words, word, sizeof word), group) == 0)
      man_command(out, &cli_commands[i]);
  man_exit_status(out);
  man_see_also(out, group);
  return 0;
}

void cli_print_commands(FILE *out) {
  fprintf(out, "eml %s — observatoire des équipements matériels lourds\n\n", eml_version());
  fprintf(out, "Usage: eml COMMAND [OPTIONS]\n\nCommands:\n");
  int width = 0; /* the longest command's words set the column */
  for (size_t i = 0; i < cli_command_count; i++)
    if ((int)strlen(cli_commands[i].words) > width)
      width = (int)strlen(cli_commands[i].words);
  for (size_t i = 0; i < cli_command_count; i++)
    fprintf(out, "  %-*s  %s\n", width, cli_commands[i].words, cli_commands[i].summary);
  fprintf(out, "\nRun 'eml COMMAND --help' for the options of a command.\n"
               "Global option: --quiet, no progress line on the terminal.\n"
               "Exit status: 0 ok, 1 rejected data or differences, 2 usage error,\n"
               "3 store or input/output error.\n");
}
