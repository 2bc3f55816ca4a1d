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
  /* "attendu CT, MRI, ..., COBALT, ou une activité : IMAGING, ...": the
   * codes of the register's lists */
  char modalities[200] = "", activities[200] = "", message[500];
  for (int i = 0; i < EML_MODALITY_COUNT; i++) {
    size_t n = strlen(modalities);
    snprintf(modalities + n, sizeof modalities - n, "%s%s", i ? ", " : "",
             eml_modality_code((eml_modality)i));
  }
  for (int i = 0; i < EML_ACTIVITY_COUNT; i++) {
    size_t n = strlen(activities);
    snprintf(activities + n, sizeof activities - n, "%s%s", i ? ", " : "",
             eml_activity_code((eml_activity)i));
  }
  snprintf(message, sizeof message, _("modalité inconnue (attendu %s, ou une activité : %s)"),
           modalities, activities);
  return cli_bad_option(flag, text, message);
}

/* "attendu skip ou keep", "attendu pdf, xlsx ou svg", "attendu pdf seulement" */
static void words_text(const char *const *values, char *buf, size_t size) {
  size_t n = 0, o = 0;
  char list[200];
  while (values[n])
    n++;
  list[0] = 0;
  for (size_t i = 0; i < n && o < sizeof list; i++) {
    const char *sep = i == 0 ? "" : i + 1 == n ? _(" ou ") : ", ";
    int w = snprintf(list + o, sizeof list - o, "%s%s", sep, values[i]);
    o += w > 0 ? (size_t)w : 0;
  }
  snprintf(buf, size, n == 1 ? _("attendu %s seulement") : _("attendu %s"), list);
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
    [CLI_TEXT] = {N_("TEXTE"), NULL},
    [CLI_PATH] = {N_("FICHIER"), NULL},
    [CLI_NUMBER] = {"N", parse_number},
    [CLI_WHOLE] = {"N", parse_whole},
    [CLI_DATE] = {"DATE", parse_date},
    [CLI_FORMAT] = {"F", parse_format},
    [CLI_ENCODING] = {N_("CODAGE"), parse_encoding},
    [CLI_MODALITY] = {"M", parse_modality},
    [CLI_ENUM] = {N_("MOT"), parse_enum},
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
        fprintf(stderr, _("eml: erreur interne : « eml %s » a plus de %d options\n"), cmd->words,
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
        return cli_fail(CLI_EXIT_USAGE, _("l'option --%s est obligatoire (%s)"), o->name,
                        _(o->hint));
      return cli_fail(CLI_EXIT_USAGE, _("l'option --%s est obligatoire"), o->name);
    }
  }
  if (a->n_args < required_args) {
    size_t o = 0;
    what[0] = 0;
    for (const cli_positional *p = cmd->args + a->n_args; p->name && !p->optional; p++) {
      int w = snprintf(what + o, sizeof what - o, "%s%s", o ? " " : _("argument manquant : "),
                       _(p->name));
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
    fprintf(stderr,
            i < 0 ? _("eml: erreur interne : « eml %s » n'a pas d'option --%s\n")
                  : _("eml: erreur interne : « eml %s » lit son option --%s avec l'accesseur "
                      "d'une autre sorte\n"),
            a->command->words, name);
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

/* A bound of a range: whole numbers without an exponent (4294967294, 1e7),
 * others as %g with the language's mark ("0,25"). */
static void bound_text(double x, char *buf, size_t size) {
  if (x == floor(x) && fabs(x) < 1e15)
    snprintf(buf, size, "%.0f", x);
  else
    eml_number_shortest(x, buf, size);
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
    value = words; /* the words themselves, never translated */
  } else {
    if (!value)
      value = kinds[o->kind].value;
    if (value)
      value = _(value); /* "FICHIER", "FILE" in English */
  }
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
      int w_ = snprintf(parts + n, sizeof parts - n, "%s", n ? _(" ; ") : "");              \
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
    PART(_("de %s à %s"), lo, hi);
  }
  /* the default as written on the command line, but the date "today" and
   * a number in the language ("0,5": the parser takes both marks) */
  const char *fallback = o->fallback && o->kind == CLI_DATE && strcmp(o->fallback, "today") == 0
                             ? _("aujourd'hui")
                             : o->fallback;
  char number[32];
  if (fallback && o->kind == CLI_NUMBER) {
    char *end;
    double v = strtod(fallback, &end);
    if (*end == '\0' && end != fallback)
      fallback = eml_number_shortest(v, number, sizeof number);
  }
  if (fallback && (o->flags & CLI_IN_DATA))
    PART(_("par défaut : %s dans le dossier des données"), fallback);
  else if (fallback)
    PART(_("par défaut %s"), fallback);
  if (o->flags & CLI_REQUIRED)
    PART("%s", _("obligatoire"));
  if (o->flags & CLI_REPEATABLE)
    PART("%s", _("répétable"));
#undef PART
  if (n)
    snprintf(buf, size, "%s [%s]", _(o->help), parts);
  else
    snprintf(buf, size, "%s", _(o->help));
}

/* Columns a UTF-8 text takes (one per character). */
static size_t text_columns(const char *s, size_t len) {
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

static size_t columns_of(const char *s) { return text_columns(s, strlen(s)); }

/* "  TEXT" padded with spaces to column (a UTF-8 text: "PÉRIODE"). */
static void print_padded(FILE *out, const char *text, size_t column) {
  size_t used = 2 + columns_of(text);
  fprintf(out, "  %s%*s", text, (int)(used < column ? column - used : 0), "");
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
    snprintf(buf, size, "%s", _(cmd->synopsis));
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
    ADD(p->optional ? " [%s]" : " %s", _(p->name));
#undef ADD
}

void cli_print_help(FILE *out, const cli_command *cmd) {
  char synopsis[2048];
  synopsis_text(cmd, synopsis, sizeof synopsis);
  /* later lines of the synopsis are indented as printed after "Usage: " */
  const char *usage = _("Usage : ");
  fputs(usage, out);
  for (const char *p = synopsis; *p;) {
    size_t len = strcspn(p, "\n");
    fprintf(out, "%*s%.*s\n", p == synopsis ? 0 : (int)text_columns(usage, strlen(usage)), "",
            (int)len, p);
    p += len + (p[len] == '\n');
  }
  const char *about = cmd->about ? _(cmd->about) : NULL;
  if (about)
    fprintf(out, "%s%s", about, about[strlen(about) - 1] == '\n' ? "" : "\n");
  /* the column of the help: the longest label, at most HELP_COLUMN */
  size_t column = 0;
  for (const cli_positional *p = cmd->args; p && p->name; p++)
    if (p->help && columns_of(_(p->name)) + 4 > column)
      column = columns_of(_(p->name)) + 4;
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++)
    for (const cli_option *o = cmd->groups[g]->options; o->name; o++) {
      char label[128];
      option_label(o, label, sizeof label);
      if (columns_of(label) + 4 > column)
        column = columns_of(label) + 4;
    }
  if (column > HELP_COLUMN)
    column = HELP_COLUMN;
  int args_title = 0;
  for (const cli_positional *p = cmd->args; p && p->name; p++) {
    if (!p->help)
      continue;
    if (!args_title++)
      fprintf(out, "\n%s\n", _("Arguments :"));
    print_padded(out, _(p->name), column);
    print_wrapped(out, _(p->help), column, column);
  }
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++) {
    const cli_group *group = cmd->groups[g];
    if (!group->options->name)
      continue;
    fputc('\n', out);
    fprintf(out, _("%s :"), group->title ? _(group->title) : _("Options"));
    fputc('\n', out);
    if (group->about)
      print_wrapped(out, _(group->about), 0, 0);
    for (const cli_option *o = group->options; o->name; o++) {
      char label[128], help[1024];
      option_label(o, label, sizeof label);
      option_help(o, help, sizeof help);
      if (columns_of(label) + 4 > column)
        fprintf(out, "  %s\n%*s", label, (int)column, "");
      else
        print_padded(out, label, column);
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

/* ".SH TITLE" (a title of the current language: "VOIR AUSSI"). */
static void man_section(FILE *out, const char *title) {
  fputs(".SH ", out);
  roff(out, title);
  fputc('\n', out);
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
  const char *about = cmd->about ? _(cmd->about) : _(cmd->summary);
  roff(out, about);
  if (about[strlen(about) - 1] != '\n')
    fputc('\n', out);
  for (const cli_positional *p = cmd->args; p && p->name; p++)
    if (p->help) {
      fputs(".TP\n\\fI", out);
      roff(out, _(p->name));
      fputs("\\fR\n", out);
      roff(out, _(p->help));
      fputc('\n', out);
    }
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++) {
    const cli_group *group = cmd->groups[g];
    if (!group->options->name)
      continue;
    fputs(".PP\n\\fB", out);
    roff(out, group->title ? _(group->title) : _("Options"));
    fputs("\\fR\n", out);
    if (group->about) {
      fputs(".br\n", out);
      roff(out, _(group->about));
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
  fputs(".\\\" generated by 'eml help --man' from the command table of eml (cli/commands.c)\n",
        out);
  fputs(".TH ", out);
  roff(out, upper);
  fprintf(out, " 1 \"\" \"eml %s\" \"", eml_version());
  roff(out, _("manuel d'eml"));
  fputs("\"\n", out);
  man_section(out, _("NOM"));
  roff(out, page);
  fputs(" \\- ", out);
  roff(out, title);
  fputc('\n', out);
}

/* ".TP", then a term in bold (NULL: plain) and its text, each in roff. */
static void man_item(FILE *out, const char *term, const char *text) {
  fputs(".TP\n", out);
  roff(out, term);
  fputc('\n', out);
  roff(out, text);
  fputc('\n', out);
}

static void man_exit_status(FILE *out) {
  man_section(out, _("CODE DE RETOUR"));
  man_item(out, "0", _("succès"));
  man_item(out, "1", _("données rejetées, ou différences trouvées"));
  man_item(out, "2", _("erreur d'usage : une option inconnue, une mauvaise valeur, un argument "
                       "manquant"));
  man_item(out, "3", _("erreur du stockage ou d'entrée-sortie"));
}

static void man_see_also(FILE *out, const char *except) {
  const char *groups[64];
  size_t n = cli_man_groups(groups, 64);
  man_section(out, _("VOIR AUSSI"));
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

/* ".B NAME" (an environment variable, a global option) then its text. */
static void man_bold_item(FILE *out, const char *name, const char *text) {
  fputs(".TP\n.B ", out);
  roff(out, name);
  fputc('\n', out);
  roff(out, text);
  fputc('\n', out);
}

/* eml(1): every command with its summary, the exit status, the
 * environment, the data folder. */
static void man_main(FILE *out) {
  man_header(out, "eml", _("observatoire des équipements matériels lourds"));
  man_section(out, "SYNOPSIS");
  fprintf(out, "\\fBeml\\fR \\fI%s\\fR [\\fIOPTIONS\\fR]\n.br\n", _("COMMANDE"));
  fprintf(out, "\\fBeml help\\fR [\\fI%s\\fR]\n.br\n\\fBeml\\fR \\fI%s\\fR \\fB\\-\\-help\\fR\n",
          _("COMMANDE"), _("COMMANDE"));
  man_section(out, "DESCRIPTION");
  roff(out, _("eml tient le registre des équipements matériels lourds d'une agence régionale de "
              "santé (scanners, IRM, gamma-caméras, TEP, caissons hyperbares, cyclotrons, "
              "appareils de radiothérapie), publie le bilan face aux objectifs régionaux "
              "(OQOS), juge les demandes d'autorisation, compare les scanners et IRM à partir "
              "de leurs journaux d'examens, compte l'activité de radiothérapie et sert un "
              "tableau de bord en lecture seule. Chaque commande est décrite dans la page de "
              "son premier mot, par exemple eml-imaging(1) pour « eml imaging report ».\n"));
  man_section(out, _("COMMANDES"));
  for (size_t i = 0; i < cli_command_count; i++) {
    fputs(".TP\n\\fBeml ", out);
    roff(out, cli_commands[i].words);
    fputs("\\fR\n", out);
    roff(out, _(cli_commands[i].summary));
    fputc('\n', out);
  }
  man_section(out, _("OPTIONS GLOBALES"));
  man_bold_item(out, "--quiet",
                _("n'importe où sur la ligne : pas de ligne de progression sur la sortie "
                  "d'erreur. Sans elle, un long travail (imports, calculs, générateurs, "
                  "rapports PDF) en montre une quand la sortie d'erreur est un terminal et que "
                  "le travail dure plus d'une seconde."));
  man_bold_item(out, "--lang fr|en",
                _("n'importe où sur la ligne : la langue des messages, de l'aide et des "
                  "rapports (par défaut : EML_LANG, sinon la locale ; docs/i18n.md)."));
  man_exit_status(out);
  man_section(out, _("ENVIRONNEMENT"));
  man_bold_item(out, "EML_LANG",
                _("fr ou en : la langue quand --lang n'est pas donné ; sans elle, l'anglais "
                  "quand LC_ALL, LC_MESSAGES ou LANG le nomme (en_US.UTF-8), le français "
                  "sinon."));
  man_bold_item(out, "EML_DATA_DIR",
                _("le dossier des données (codes d'équipement FINESS, contours des "
                  "départements) ; par défaut PREFIX/share/eml à côté du programme installé "
                  "PREFIX/bin/eml, ou le data/ des sources quand eml tourne depuis son arbre "
                  "de compilation."));
  man_bold_item(out, "EML_PSEUDONYM_KEY",
                _("la clé de pseudonymisation de la radiothérapie (64 chiffres hexadécimaux) "
                  "quand --key-file n'est pas donné ; il n'y a pas de clé par défaut."));
  man_bold_item(out, "SOURCE_DATE_EPOCH",
                _("secondes depuis le 1970-01-01 UTC prises pour maintenant : la date "
                  "« today » et la date d'édition des documents (sorties reproductibles) ; "
                  "par défaut l'horloge."));
  man_bold_item(out, "EML_PROGRESS_AFTER_MS",
                _("pour les tests : le délai avant la ligne de progression, en millisecondes "
                  "(par défaut 1000)."));
  man_bold_item(out, "USER",
                _("qui fait une modification, pour le journal, quand --user n'est pas donné."));
  man_section(out, _("FICHIERS"));
  fputs(".TP\n.I PREFIX/share/eml/finess/equipment-codes.csv\n", out);
  roff(out, _("la correspondance des codes d'équipement FINESS avec les modalités d'eml (eml "
              "import finess --codes).\n"));
  fputs(".TP\n.I PREFIX/share/eml/finess/amm-codes.csv\n", out);
  roff(out, _("la liste des codes AMM (activités, mentions, nombres d'appareils et leurs "
              "maxima) du fichier des autorisations AMM de FINESS (eml import finess "
              "--amm-codes).\n"));
  fputs(".TP\n.I PREFIX/share/eml/geo/departements.csv\n", out);
  roff(out, _("les contours des départements, pour les cartes du bilan (--geo).\n"));
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
  man_header(out, page, _(title));
  man_section(out, "SYNOPSIS");
  fputs(".nf\n", out);
  for (size_t i = 0; i < cli_command_count; i++)
    if (strcmp(first_word(cli_commands[i].words, word, sizeof word), group) == 0) {
      char synopsis[2048];
      synopsis_text(&cli_commands[i], synopsis, sizeof synopsis);
      roff(out, synopsis);
      fputc('\n', out);
    }
  fputs(".fi\n", out);
  man_section(out, "DESCRIPTION");
  for (size_t i = 0; i < cli_command_count; i++)
    if (strcmp(first_word(cli_commands[i].words, word, sizeof word), group) == 0)
      man_command(out, &cli_commands[i]);
  man_exit_status(out);
  man_see_also(out, group);
  return 0;
}

void cli_print_commands(FILE *out) {
  fprintf(out, "eml %s — %s\n\n", eml_version(),
          _("observatoire des équipements matériels lourds"));
  fprintf(out, "%s\n\n%s\n", _("Usage : eml COMMANDE [OPTIONS]"), _("Commandes :"));
  size_t width = 0; /* the longest command's words set the column */
  for (size_t i = 0; i < cli_command_count; i++)
    if (strlen(cli_commands[i].words) > width)
      width = strlen(cli_commands[i].words);
  for (size_t i = 0; i < cli_command_count; i++)
    fprintf(out, "  %-*s  %s\n", (int)width, cli_commands[i].words, _(cli_commands[i].summary));
  fprintf(out, "\n%s",
          _("« eml COMMANDE --help » donne les options d'une commande.\n"
            "Options globales : --quiet, pas de ligne de progression sur le terminal ;\n"
            "--lang fr|en, la langue (par défaut : EML_LANG, sinon la locale).\n"
            "Code de retour : 0 succès, 1 données rejetées ou différences, 2 erreur\n"
            "d'usage, 3 erreur du stockage ou d'entrée-sortie.\n"));
}
