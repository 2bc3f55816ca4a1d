/*
 * main.c — entry of the `eml` program: finds the subcommand in the command
 * table (commands.c) by its words, longest match first, parses its options
 * against its rows (options.c) and runs it. `eml help`, `eml --help`,
 * `eml COMMAND --help` and `eml --version` are answered here from the same
 * table, and so are the man pages the build writes (`eml help --man
 * [GROUP]` prints one page, `eml help --man-dir DIR` writes all of them:
 * DIR/eml.1 and DIR/eml-GROUP.1; neither is listed, they serve the build).
 */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <string.h>

/* Under LeakSanitizer (make test-san): the suppressions of cmd_report.c
 * (the font caches) are used silently, so that stderr stays what the
 * tests compare. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void) { return "print_suppressions=0"; }

/* Number of argv words (from index 1) that spell the command, or 0. */
static size_t words_match(const char *words, int argc, char **argv) {
  size_t used = 0;
  const char *p = words;
  while (*p) {
    const char *end = strchr(p, ' ');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if ((int)used + 1 >= argc)
      return 0;
    const char *arg = argv[used + 1];
    if (strlen(arg) != len || strncmp(arg, p, len) != 0)
      return 0;
    used++;
    p += len;
    while (*p == ' ')
      p++;
  }
  return used;
}

static int is_help(const char *arg) {
  return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* The command whose words are the longest match of argv, and how many. */
static const cli_command *find_command(int argc, char **argv, size_t *words) {
  const cli_command *best = NULL;
  *words = 0;
  for (size_t i = 0; i < cli_command_count; i++) {
    size_t n = words_match(cli_commands[i].words, argc, argv);
    if (n > *words) {
      best = &cli_commands[i];
      *words = n;
    }
  }
  return best;
}

/* `eml help --man-dir DIR`: every page into DIR. */
static int write_man_dir(const char *dir) {
  const char *groups[64];
  size_t n = cli_man_groups(groups, 64);
  for (size_t i = 0; i <= n && i <= 64; i++) {
    char word[64] = "", path[4096];
    if (i)
      snprintf(word, sizeof word, "%.*s", (int)strcspn(groups[i - 1], " "), groups[i - 1]);
    snprintf(path, sizeof path, "%s/eml%s%s.1", dir, i ? "-" : "", word);
    FILE *f = fopen(path, "w");
    if (!f)
      return cli_fail(CLI_EXIT_SYSTEM, _("%s: écriture impossible : %s"), path,
                      eml_errno_text(errno));
    cli_write_man(f, i ? word : NULL);
    if (fclose(f) != 0)
      return cli_fail(CLI_EXIT_SYSTEM, _("%s: écriture impossible : %s"), path,
                      eml_errno_text(errno));
  }
  return CLI_EXIT_OK;
}

static int help(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[2], "--man") == 0) {
    if (cli_write_man(stdout, argc >= 4 ? argv[3] : NULL) != 0)
      return cli_fail(CLI_EXIT_USAGE,
                      _("aucune commande ne commence par « %s » (voir « eml help »)"), argv[3]);
    return CLI_EXIT_OK;
  }
  if (argc == 4 && strcmp(argv[2], "--man-dir") == 0)
    return write_man_dir(argv[3]);
  if (argc >= 3 && is_help(argv[2]))
    argv[2] = "help"; /* eml help --help: the help of help */
  if (argc >= 3) {
    size_t words;
    const cli_command *cmd = find_command(argc - 1, argv + 1, &words);
    if (!cmd)
      return cli_fail(CLI_EXIT_USAGE, _("commande inconnue « %s » (voir « eml help »)"), argv[2]);
    cli_print_help(stdout, cmd);
    return CLI_EXIT_OK;
  }
  cli_print_commands(stdout);
  return CLI_EXIT_OK;
}

/* Takes the global options out of argv (before a "--"), wherever they
 * stand: --lang L or --lang=L, the language (cli_set_language), and
 * --quiet, no progress line on a terminal (progress.c). Returns the new
 * argc, or -1 when --lang has no value. */
static int global_options(int argc, char **argv, const char **lang, int *quiet) {
  int kept = 1;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      while (i < argc)
        argv[kept++] = argv[i++];
      break;
    }
    if (strcmp(argv[i], "--quiet") == 0)
      *quiet = 1;
    else if (strcmp(argv[i], "--lang") == 0) {
      if (i + 1 >= argc)
        return -1;
      *lang = argv[++i];
    } else if (strncmp(argv[i], "--lang=", 7) == 0)
      *lang = argv[i] + 7;
    else
      argv[kept++] = argv[i];
  }
  argv[kept] = NULL;
  return kept;
}

int main(int argc, char **argv) {
  const char *lang = NULL;
  int quiet = 0;
  argc = global_options(argc, argv, &lang, &quiet);
  if (argc < 0) /* said in French: the language is not chosen yet */
    return cli_fail(CLI_EXIT_USAGE, _("option --lang : une valeur est attendue (fr ou en)"));
  int lang_rc = cli_set_language(lang);
  if (lang_rc >= 0)
    return lang_rc;
  if (argc < 2) {
    cli_print_commands(stderr);
    return CLI_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("eml %s\n", eml_version());
    return CLI_EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0 || is_help(argv[1]))
    return help(argc, argv);
  size_t words;
  const cli_command *cmd = find_command(argc, argv, &words);
  if (!cmd)
    return cli_fail(CLI_EXIT_USAGE, _("commande inconnue « %s » (voir « eml help »)"), argv[1]);
  for (int i = (int)words + 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0)
      break;
    if (is_help(argv[i])) {
      cli_print_help(stdout, cmd);
      return CLI_EXIT_OK;
    }
  }
  /* the command sees argv from its last word on */
  cli_args args;
  int rc = cli_parse(cmd, argc - (int)words, argv + words, &args);
  if (rc >= 0)
    return rc;
  /* not for the dashboard: its requests run side by side, no line to show */
  cli_progress_init(quiet || strcmp(cmd->words, "serve") == 0);
  rc = cmd->run(&args);
  cli_progress_clear();
  return rc;
}
