/*
 * main.c — entry of the `eml` program: finds the subcommand in the command
 * table (commands.c) by its words, longest match first, and runs it.
 * `eml help`, `eml --help`, `eml COMMAND --help` and `eml --version` are
 * answered here from the same table.
 */
#include "cli.h"
#include "commands.h"

#include <string.h>

static void print_help(FILE *out) {
  fprintf(out, "eml %s — observatoire des équipements matériels lourds\n\n", eml_version());
  fprintf(out, "Usage: eml COMMAND [OPTIONS]\n\nCommands:\n");
  int width = 0; /* the longest command's words set the column */
  for (size_t i = 0; i < cli_command_count; i++)
    if ((int)strlen(cli_commands[i].words) > width)
      width = (int)strlen(cli_commands[i].words);
  for (size_t i = 0; i < cli_command_count; i++)
    fprintf(out, "  %-*s  %s\n", width, cli_commands[i].words, cli_commands[i].summary);
  fprintf(out, "\nRun 'eml COMMAND --help' for the options of a command.\n"
               "Exit status: 0 ok, 1 rejected data or differences, 2 usage error,\n"
               "3 store or input/output error.\n");
}

int cmd_help(int argc, char **argv) {
  (void)argc;
  (void)argv;
  print_help(stdout);
  return CLI_EXIT_OK;
}

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

int main(int argc, char **argv) {
  if (argc < 2) {
    print_help(stderr);
    return CLI_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
    printf("eml %s\n", eml_version());
    return CLI_EXIT_OK;
  }
  if (strcmp(argv[1], "help") == 0 || is_help(argv[1])) {
    if (argc >= 3) {
      for (size_t i = 0; i < cli_command_count; i++)
        if (words_match(cli_commands[i].words, argc - 1, argv + 1)) {
          fputs(cli_commands[i].usage, stdout);
          return CLI_EXIT_OK;
        }
      return cli_fail(CLI_EXIT_USAGE, "unknown command '%s' (see 'eml help')", argv[2]);
    }
    print_help(stdout);
    return CLI_EXIT_OK;
  }
  const cli_command *best = NULL;
  size_t best_words = 0;
  for (size_t i = 0; i < cli_command_count; i++) {
    size_t n = words_match(cli_commands[i].words, argc, argv);
    if (n > best_words) {
      best = &cli_commands[i];
      best_words = n;
    }
  }
  if (!best)
    return cli_fail(CLI_EXIT_USAGE, "unknown command '%s' (see 'eml help')", argv[1]);
  for (int i = (int)best_words + 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0)
      break;
    if (is_help(argv[i])) {
      fputs(best->usage, stdout);
      return CLI_EXIT_OK;
    }
  }
  /* the command sees argv from its last word on, as getopt expects */
  return best->run(argc - (int)best_words, argv + best_words);
}
