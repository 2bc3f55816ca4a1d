/*
 * test_cli_options.c — the command table of `eml` (cli/commands.c) read by
 * its one parser (cli/options.c), row by row: every option of every
 * command appears in the command's --help and in its man page, is accepted
 * with a value of its kind (the getter gives that value back), takes its
 * default when not given, and is refused out of its range with the message
 * naming the option and the range; an option the command does not declare
 * is refused naming the option and the command; required options and
 * positional arguments are enforced. Links the program's objects
 * (eml_cli_objects), not the program.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"

/* ---- capturing stderr, where the parser says why ---- */

static char captured[4096];
static int saved_stderr = -1;
static FILE *capture_file;

static void capture_begin(void) {
  fflush(stderr);
  capture_file = tmpfile();
  assert_non_null(capture_file);
  saved_stderr = dup(fileno(stderr));
  dup2(fileno(capture_file), fileno(stderr));
}

static const char *capture_end(void) {
  fflush(stderr);
  dup2(saved_stderr, fileno(stderr));
  close(saved_stderr);
  rewind(capture_file);
  size_t n = fread(captured, 1, sizeof captured - 1, capture_file);
  captured[n] = 0;
  fclose(capture_file);
  return captured;
}

/* ---- argv of a command: its last word, then words ---- */

typedef struct argv_buf {
  char *argv[64];
  int argc;
  char text[64][128];
} argv_buf;

static void argv_init(argv_buf *b, const cli_command *cmd) {
  memset(b, 0, sizeof *b);
  const char *last = strrchr(cmd->words, ' ');
  snprintf(b->text[0], sizeof b->text[0], "%s", last ? last + 1 : cmd->words);
  b->argv[0] = b->text[0];
  b->argc = 1;
}

static void argv_add(argv_buf *b, const char *word) {
  assert_true(b->argc < 63);
  snprintf(b->text[b->argc], sizeof b->text[0], "%s", word);
  b->argv[b->argc] = b->text[b->argc];
  b->argc++;
}

/* A value each kind accepts, and what the getter then gives. */
static const char *sample(const cli_option *o, char *buf, size_t size) {
  switch (o->kind) {
  case CLI_FLAG: return NULL;
  case CLI_NUMBER: snprintf(buf, size, "%.17g", o->hi); return buf;
  case CLI_WHOLE: snprintf(buf, size, "%.0f", o->lo); return buf;
  case CLI_DATE: return "2020-02-29";
  case CLI_FORMAT: return "csv";
  case CLI_ENCODING: return "cp1252";
  case CLI_MODALITY: return "IRM"; /* an alias of MRI */
  case CLI_ENUM: {
    size_t last = 0;
    while (o->values[last + 1])
      last++;
    return o->values[last];
  }
  default: return "some value";
  }
}

/* The options of a command, groups flattened. */
static size_t options_of(const cli_command *cmd, const cli_option **out) {
  size_t n = 0;
  for (size_t g = 0; g < CLI_GROUPS_MAX && cmd->groups[g]; g++)
    for (const cli_option *o = cmd->groups[g]->options; o->name; o++)
      out[n++] = o;
  return n;
}

/* argv with every required option (given a sample) and every required
 * positional argument, except option `skip` (NULL: none). */
static void argv_minimal(argv_buf *b, const cli_command *cmd, const cli_option *skip) {
  argv_init(b, cmd);
  const cli_option *opts[CLI_OPTIONS_MAX];
  size_t n = options_of(cmd, opts);
  char value[64];
  for (size_t i = 0; i < n; i++)
    if ((opts[i]->flags & CLI_REQUIRED) && opts[i] != skip) {
      char flag[80];
      snprintf(flag, sizeof flag, "--%s", opts[i]->name);
      argv_add(b, flag);
      argv_add(b, sample(opts[i], value, sizeof value));
    }
  for (const cli_positional *p = cmd->args; p && p->name; p++)
    if (!p->optional)
      argv_add(b, "ARG");
}

static void test_every_option_is_in_the_help_and_the_manual(void **state) {
  (void)state;
  for (size_t c = 0; c < cli_command_count; c++) {
    const cli_command *cmd = &cli_commands[c];
    char *help = NULL, *man = NULL;
    size_t help_len = 0, man_len = 0;
    FILE *f = open_memstream(&help, &help_len);
    cli_print_help(f, cmd);
    fclose(f);
    char group[64];
    snprintf(group, sizeof group, "%.*s", (int)strcspn(cmd->words, " "), cmd->words);
    f = open_memstream(&man, &man_len);
    int man_rc = cli_write_man(f, group);
    fclose(f);
    if (strcmp(cmd->words, "help") != 0)
      assert_int_equal(man_rc, 0);
    const cli_option *opts[CLI_OPTIONS_MAX];
    size_t n = options_of(cmd, opts);
    for (size_t i = 0; i < n; i++) {
      char flag[80], roff_flag[100];
      snprintf(flag, sizeof flag, "  --%s", opts[i]->name);
      snprintf(roff_flag, sizeof roff_flag, "\\fB\\-\\-%s", opts[i]->name);
      if (!strstr(help, flag))
        fail_msg("eml %s --help lacks %s", cmd->words, flag + 2);
      if (!strstr(man, roff_flag))
        fail_msg("the man page eml-%s(1) lacks --%s", group, opts[i]->name);
      assert_non_null(opts[i]->help);
    }
    assert_true(strncmp(help, "Usage : eml ", 12) == 0);
    free(help);
    free(man);
  }
}

static void test_every_option_takes_a_value_of_its_kind(void **state) {
  (void)state;
  for (size_t c = 0; c < cli_command_count; c++) {
    const cli_command *cmd = &cli_commands[c];
    const cli_option *opts[CLI_OPTIONS_MAX];
    size_t n = options_of(cmd, opts);
    for (size_t i = 0; i < n; i++) {
      const cli_option *o = opts[i];
      argv_buf b;
      argv_minimal(&b, cmd, o);
      char flag[80], value[64];
      snprintf(flag, sizeof flag, "--%s", o->name);
      const char *v = sample(o, value, sizeof value);
      if (v && (c + i) % 2) { /* both spellings: --name VALUE and --name=VALUE */
        char joined[128];
        snprintf(joined, sizeof joined, "%s=%s", flag, v);
        argv_add(&b, joined);
      } else {
        argv_add(&b, flag);
        if (v)
          argv_add(&b, v);
      }
      cli_args a;
      capture_begin();
      int rc = cli_parse(cmd, b.argc, b.argv, &a);
      const char *err = capture_end();
      if (rc != -1)
        fail_msg("eml %s %s %s: exit %d: %s", cmd->words, flag, v ? v : "", rc, err);
      assert_int_equal(cli_given(&a, o->name), 1);
      switch (o->kind) {
      case CLI_FLAG: assert_true(cli_flag(&a, o->name)); break;
      case CLI_NUMBER: assert_true(cli_number(&a, o->name) == o->hi); break;
      case CLI_WHOLE: assert_int_equal(cli_whole(&a, o->name), (long)o->lo); break;
      case CLI_DATE: assert_int_equal(cli_date(&a, o->name), eml_date_from_civil(2020, 2, 29)); break;
      case CLI_FORMAT: assert_int_equal(cli_choice(&a, o->name), EML_FORMAT_CSV); break;
      case CLI_ENCODING: assert_int_equal(cli_choice(&a, o->name), EML_ENC_CP1252); break;
      case CLI_MODALITY: assert_int_equal(cli_choice(&a, o->name), EML_MOD_MRI); break;
      case CLI_ENUM: assert_string_equal(o->values[cli_choice(&a, o->name)], v); break;
      default: assert_string_equal(cli_text(&a, o->name), v); break;
      }
      if (o->flags & CLI_REPEATABLE) {
        const char *items[2];
        assert_int_equal(cli_list(&a, o->name, items, 2), 1);
        assert_string_equal(items[0], v);
      }
    }
  }
}

static void test_defaults_are_values(void **state) {
  (void)state;
  for (size_t c = 0; c < cli_command_count; c++) {
    const cli_command *cmd = &cli_commands[c];
    argv_buf b;
    argv_minimal(&b, cmd, NULL);
    cli_args a;
    capture_begin();
    int rc = cli_parse(cmd, b.argc, b.argv, &a);
    const char *err = capture_end();
    if (rc != -1)
      fail_msg("eml %s with its required options only: exit %d: %s", cmd->words, rc, err);
    const cli_option *opts[CLI_OPTIONS_MAX];
    size_t n = options_of(cmd, opts);
    for (size_t i = 0; i < n; i++) {
      const cli_option *o = opts[i];
      if (o->flags & CLI_REQUIRED)
        continue;
      assert_int_equal(cli_given(&a, o->name), 0);
      const char *text = cli_text(&a, o->name);
      if (!o->fallback) {
        assert_null(text);
        continue;
      }
      assert_non_null(text);
      if (o->flags & CLI_IN_DATA) { /* DATA_FOLDER/geo/departements.csv */
        size_t len = strlen(text), tail = strlen(o->fallback);
        assert_true(len > tail && text[len - tail - 1] == '/');
        assert_string_equal(text + len - tail, o->fallback);
      } else {
        assert_string_equal(text, o->fallback);
      }
    }
  }
}

static const cli_command *command(const char *words) {
  for (size_t c = 0; c < cli_command_count; c++)
    if (strcmp(cli_commands[c].words, words) == 0)
      return &cli_commands[c];
  fail_msg("no command '%s'", words);
  return NULL;
}

static void test_out_of_range_names_the_option_and_the_range(void **state) {
  (void)state;
  long checked = 0;
  for (size_t c = 0; c < cli_command_count; c++) {
    const cli_command *cmd = &cli_commands[c];
    const cli_option *opts[CLI_OPTIONS_MAX];
    size_t n = options_of(cmd, opts);
    for (size_t i = 0; i < n; i++) {
      const cli_option *o = opts[i];
      if (o->kind != CLI_NUMBER && o->kind != CLI_WHOLE)
        continue;
      argv_buf b;
      argv_minimal(&b, cmd, o);
      char flag[80], value[64], expected[256];
      snprintf(flag, sizeof flag, "--%s", o->name);
      snprintf(value, sizeof value, "%.0f", o->hi + 1);
      argv_add(&b, flag);
      argv_add(&b, value);
      if (o->kind == CLI_WHOLE)
        snprintf(expected, sizeof expected,
                 "eml: option %s : pas un nombre entier de %ld à %ld (valeur « %s »)\n", flag,
                 (long)o->lo, (long)o->hi, value);
      else
        snprintf(expected, sizeof expected,
                 "eml: option %s : pas un nombre de %g à %g (valeur « %s »)\n", flag, o->lo, o->hi,
                 value);
      cli_args a;
      capture_begin();
      int rc = cli_parse(cmd, b.argc, b.argv, &a);
      assert_int_equal(rc, CLI_EXIT_USAGE);
      assert_string_equal(capture_end(), expected);
      checked++;
    }
  }
  assert_true(checked >= 20); /* the rt thresholds, ports, years, generators... */
}

/* One numbered case a line: words, arguments, exit status, stderr. */
static const struct refusal {
  const char *words;
  const char *args[8];
  int rc;
  const char *err;
} refusals[] = {
    /* 1 */ {"report bilan",
             {"--db", "x.db", "--at", "2017-10-01", "--period", "P", "--year", "2020"},
             2,
             "eml: --year n'est pas une option de « eml report bilan » (voir « eml report bilan "
             "--help »)\n"},
    /* 2 */ {"bilan",
             {"--period", "P", "--sessions", "x.csv"},
             2,
             "eml: --sessions n'est pas une option de « eml bilan » (voir « eml bilan --help »)\n"},
    /* 3 */ {"bilan", {"--period=P", "--sessions=x.csv"}, 2,
             "eml: --sessions n'est pas une option de « eml bilan » (voir « eml bilan --help »)\n"},
    /* 4 */ {"bilan", {"-x"}, 2,
             "eml: -x n'est pas une option de « eml bilan » (voir « eml bilan --help »)\n"},
    /* 5 */ {"bilan", {"--per", "P"}, 2, /* no abbreviations */
             "eml: --per n'est pas une option de « eml bilan » (voir « eml bilan --help »)\n"},
    /* 6 */ {"bilan", {"--period"}, 2,
             "eml: l'option --period attend une valeur (voir « eml bilan --help »)\n"},
    /* 7 */ {"bilan", {"--db", "x.db"}, 2,
             "eml: l'option --period est obligatoire (par exemple --period SROS3-PRS)\n"},
    /* 8 */ {"bilan", {"--period", "P", "extra"}, 2,
             "eml: argument inattendu « extra » (voir « eml bilan --help »)\n"},
    /* 9 */ {"import", {"sites"}, 2, "eml: argument manquant : FICHIER (voir « eml import --help »)\n"},
    /* 10 */ {"import", {"--db", "x.db"}, 2,
              "eml: argument manquant : TYPE FICHIER (voir « eml import --help »)\n"},
    /* 11 */ {"imaging compute", {"--timing=yes"}, 2,
              "eml: l'option --timing ne prend pas de valeur (voir « eml imaging compute --help »)\n"},
    /* 12 */ {"imaging report", {"--holidays", "maybe"}, 2,
              "eml: option --holidays : attendu skip ou keep (valeur « maybe »)\n"},
    /* 13 */ {"report machines", {"--output", "d", "--format", "csv"}, 2,
              "eml: option --format : attendu pdf ou xlsx (valeur « csv »)\n"},
    /* 14 */ {"rt activity", {"--year", "2024", "--user", "me"}, 2,
              "eml: --user n'est pas une option de « eml rt activity » (voir « eml rt activity "
              "--help »)\n"},
    /* 15 */ {"imaging report", {"--machines-csv", "m.csv"}, 2,
              "eml: --machines-csv n'est pas une option de « eml imaging report » (voir « eml "
              "imaging report --help »)\n"},
    /* 16 */ {"bilan", {"--period", "P", "--", "--db"}, 2,
              "eml: argument inattendu « --db » (voir « eml bilan --help »)\n"},
    /* 17 */ {"generate radiotherapy", {"--year", "2024", "--seed", "-1", "--out", "d"}, 2,
              "eml: option --seed : pas un nombre entier de 0 à 4294967294 (valeur « -1 »)\n"},
    /* 18: --establishments is required unless the AMM FILE is given, a check of
     * cmd_finess.c (tests/cli/test_finess_amm.sh); the parser refuses a second FILE */
    /* 18 */ {"import finess", {"a.xml", "b.xml"}, 2,
              "eml: argument inattendu « b.xml » (voir « eml import finess --help »)\n"},
    /* 19 */ {"report machines", {"--equipment", "e.csv"}, 2, "eml: l'option --output est obligatoire\n"},
    /* 20 */ {"bilan", {"--period", "P", "--modality", "XRAY"}, 2,
              "eml: option --modality : modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, "
              "CYCLOTRON, LINAC, COBALT, ou une activité : IMAGING, NUCLEAR, INTERVENTIONAL, "
              "RADIOTHERAPY) (valeur « XRAY »)\n"},
};

static void test_refusals(void **state) {
  (void)state;
  for (size_t k = 0; k < sizeof refusals / sizeof refusals[0]; k++) {
    const struct refusal *r = &refusals[k];
    const cli_command *cmd = command(r->words);
    argv_buf b;
    argv_init(&b, cmd);
    for (size_t i = 0; i < 8 && r->args[i]; i++)
      argv_add(&b, r->args[i]);
    cli_args a;
    capture_begin();
    int rc = cli_parse(cmd, b.argc, b.argv, &a);
    const char *err = capture_end();
    if (rc != r->rc || strcmp(err, r->err) != 0)
      fail_msg("case %zu: exit %d, stderr '%s'; expected exit %d, '%s'", k + 1, rc, err, r->rc,
               r->err);
  }
}

static void test_positional_and_repeated(void **state) {
  (void)state;
  const cli_command *cmd = command("import finess");
  argv_buf b;
  argv_init(&b, cmd);
  const char *words[] = {"--establishments", "e.csv", "--territory", "75",
                         "--db", "x.db", "--territory=92", "--db", "y.db"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    argv_add(&b, words[i]);
  cli_args a;
  assert_int_equal(cli_parse(cmd, b.argc, b.argv, &a), -1);
  const char *t[4];
  assert_int_equal(cli_list(&a, "territory", t, 4), 2);
  assert_string_equal(t[0], "75");
  assert_string_equal(t[1], "92");
  assert_string_equal(cli_text(&a, "db"), "y.db"); /* the last one given */
  assert_int_equal(cli_given(&a, "db"), 2);

  cmd = command("import");
  argv_init(&b, cmd);
  argv_add(&b, "sites");
  argv_add(&b, "--user");
  argv_add(&b, "planif");
  argv_add(&b, "s.csv");
  assert_int_equal(cli_parse(cmd, b.argc, b.argv, &a), -1);
  assert_int_equal(a.n_args, 2);
  assert_string_equal(a.arg[0], "sites");
  assert_string_equal(a.arg[1], "s.csv");
  assert_string_equal(cli_text(&a, "user"), "planif");
  assert_int_equal(cli_choice(&a, "encoding"), EML_ENC_UTF8); /* the default */
}

static void test_man_pages_are_roff(void **state) {
  (void)state;
  const char *groups[64];
  size_t n = cli_man_groups(groups, 64);
  assert_true(n >= 10); /* init, import, bilan, requests, log, imaging, rt, report, serve, generate */
  for (size_t i = 0; i <= n; i++) {
    char word[64] = "";
    if (i)
      snprintf(word, sizeof word, "%.*s", (int)strcspn(groups[i - 1], " "), groups[i - 1]);
    char *man = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&man, &len);
    assert_int_equal(cli_write_man(f, i ? word : NULL), 0);
    fclose(f);
    assert_true(strncmp(man, ".\\\" generated", 13) == 0);
    assert_non_null(strstr(man, "\n.TH "));
    assert_non_null(strstr(man, "\n.SH NOM\n"));
    /* ASCII only (\[uXXXX] for the others), no line starting with a quote */
    for (size_t k = 0; k < len; k++) {
      assert_true((unsigned char)man[k] < 0x80);
      if (k && man[k - 1] == '\n')
        assert_true(man[k] != '\'');
    }
    free(man);
  }
  assert_int_equal(cli_write_man(stdout, "nosuchgroup"), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_option_is_in_the_help_and_the_manual),
      cmocka_unit_test(test_every_option_takes_a_value_of_its_kind),
      cmocka_unit_test(test_defaults_are_values),
      cmocka_unit_test(test_out_of_range_names_the_option_and_the_range),
      cmocka_unit_test(test_refusals),
      cmocka_unit_test(test_positional_and_repeated),
      cmocka_unit_test(test_man_pages_are_roff),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
