/*
 * test_input.c — the input pipeline (eml/input.h, lib/io/row.h): the header
 * mapper (aliases, case and spaces, a required column missing, a known one
 * repeated, unknown columns listed once, eml_reason ignored), the typed
 * getters and their words, the reading loop's counts and its stop without
 * a reject hook, and the rejects writer (the format, one file per input,
 * a FILE that is not a regular file). Expected texts written by hand from
 * the rules in row.h and rejects.c.
 */
#include "test_helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "io/row.h"

static const eml_column_spec columns[] = {
    {"finess", 1, EML_COL_FINESS, "nofinesset"}, {"opened_on", 0, EML_COL_DATE, NULL},
    {"beds", 0, EML_COL_INT, NULL},              {"public", 0, EML_COL_BOOL, NULL},
    {"kind", 0, EML_COL_CODE, NULL},             {NULL, 0, 0, NULL}};

typedef struct seen {
  int rows, rejects, warnings;
  char reject[4][256];
  char warning[256];
} seen;

static void on_reject(void *ctx, const eml_diag *why, const char *raw, size_t len) {
  seen *s = ctx;
  (void)raw, (void)len;
  if (s->rejects < 4)
    eml_diag_format(why, s->reject[s->rejects], sizeof s->reject[0]);
  s->rejects++;
}

static void on_warning(void *ctx, const char *file, const char *message) {
  seen *s = ctx;
  snprintf(s->warning, sizeof s->warning, "%s: %s", file, message);
  s->warnings++;
}

/* Reads every typed value of a row; a row of kind "skip" is left out. */
static eml_status read_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  seen *s = ctx;
  static const char *const kinds[] = {"CH", "skip"};
  char finess[10];
  eml_date opened;
  int64_t beds;
  int has, public, kind;
  eml_status st;
  if ((st = eml_row_finess(r, 0, finess, diag)) || (st = eml_row_date(r, 1, &has, &opened, diag)) ||
      (st = eml_row_count(r, 2, &has, &beds, diag)) || (st = eml_row_bool(r, 3, &public, diag)) ||
      (st = eml_row_code(r, 4, kinds, 2, 0, &kind, diag)))
    return st;
  *skipped = kind == 1;
  if (s)
    s->rows++;
  return EML_OK;
}

static eml_status read_text(const char *text, eml_row_words words, const eml_read_hooks *hooks,
                            eml_read_counts *counts, eml_diag *diag) {
  eml_row r = {.columns = columns, .words = words};
  eml_rows_reading g = {"t.csv", text, strlen(text), NULL, NULL, read_row, hooks ? hooks->ctx : NULL,
                        hooks};
  return eml_rows_read(&r, &g, counts, diag);
}

static void header_mapping(void **state) {
  (void)state;
  seen s = {0};
  eml_read_hooks hooks = {on_reject, on_warning, &s};
  eml_read_counts c;
  eml_diag d;
  /* an alias, another case, spaces; two unknown columns listed once, not eml_reason */
  assert_int_equal(read_text(" NoFinessEt ;Beds;note;eml_reason;other\n750000028;3;x;y;z\n",
                             EML_WORDS_REGISTER, &hooks, &c, &d),
                   EML_OK);
  assert_int_equal(s.warnings, 1);
  assert_string_equal(s.warning, "t.csv: colonnes inconnues ignorées : note, other");
  assert_int_equal(c.read, 1);
  assert_int_equal(c.loaded, 1);
  char msg[256];
  /* a required colonne missing : the family's words and status */
  assert_int_equal(read_text("beds\n1\n", EML_WORDS_REGISTER, NULL, &c, &d), EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:1: colonne finess : colonne obligatoire absente de l'en-tête");
  assert_int_equal(read_text("beds\n1\n", EML_WORDS_RT, NULL, &c, &d), EML_ERR_VALUE);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:1: colonne finess : colonne absente de l'en-tête");
  /* a known column twice, through its alias */
  assert_int_equal(read_text("finess,nofinesset\n750000028,750000028\n", EML_WORDS_REGISTER, NULL,
                             &c, &d),
                   EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:1: colonne nofinesset : colonne présente deux fois dans l'en-tête");
}

static void getters_and_counts(void **state) {
  (void)state;
  seen s = {0};
  eml_read_hooks hooks = {on_reject, NULL, &s};
  eml_read_counts c;
  eml_diag d;
  const char text[] = "finess,opened_on,beds,public,kind\n"
                      "750000028,2020-01-31,3,oui,CH\n"   /* loaded */
                      "750000011,,,,\n"                   /* bad key */
                      "750000028,2020-02-30,,,\n"         /* not a date */
                      "750000028,,2000000,,\n"            /* out of range */
                      "750000028,,,peut-être,\n"          /* not a boolean */
                      "750000028,,,,skip\n"               /* skipped */
                      "750000028,,\n";                    /* width */
  assert_int_equal(read_text(text, EML_WORDS_REGISTER, &hooks, &c, &d), EML_OK);
  assert_int_equal(c.read, 7);
  assert_int_equal(c.loaded, 1);
  assert_int_equal(c.skipped, 1);
  assert_int_equal(c.rejected, 5);
  assert_int_equal(c.read, c.loaded + c.rejected + c.skipped);
  assert_string_equal(s.reject[0], "t.csv:3: colonne finess : clé de contrôle FINESS fausse (valeur « 750000011 »)");
  assert_string_equal(s.reject[1], "t.csv:4: colonne opened_on : pas une date (attendu AAAA-MM-JJ ou "
                                   "JJ/MM/AAAA) (valeur « 2020-02-30 »)");
  assert_string_equal(s.reject[2], "t.csv:5: colonne beds : pas un nombre entier de 0 à 1000000 "
                                   "(valeur « 2000000 »)");
  assert_string_equal(s.reject[3], "t.csv:6: colonne public : pas un booléen (attendu 1/0, oui/non, "
                                   "true/false, yes/no, o/n) (valeur « peut-être »)");
  /* without a reject hook the first bad row stops the reading with its status */
  memset(&s, 0, sizeof s);
  assert_int_equal(read_text(text, EML_WORDS_REGISTER, NULL, &c, &d), EML_ERR_VALUE);
  assert_int_equal(d.line, 3);
  assert_int_equal(c.read, 2);
  /* the radiotherapy words: no value shown for an empty one */
  assert_int_equal(read_text("finess\n\n", EML_WORDS_RT, NULL, &c, &d), EML_OK); /* blank line */
  assert_int_equal(read_text("finess,beds\n,1\n", EML_WORDS_RT, NULL, &c, &d), EML_ERR_VALUE);
  char msg[256];
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:2: colonne finess : valeur manquante");
  assert_int_equal(read_text("finess,beds\n750000028\n", EML_WORDS_RT, NULL, &c, &d), EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:2: 1 champs là où l'en-tête en a 2");
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  static char buf[4096];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void rejects_writer(void **state) {
  (void)state;
  char dir[] = "/tmp/eml_test_input_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char a[256], b[256], file[256], path[512];
  snprintf(a, sizeof a, "%s/sites.csv", dir);
  snprintf(b, sizeof b, "%s/exams.csv", dir);
  snprintf(file, sizeof file, "%s/rej.csv", dir);
  write_file(a, "\xEF\xBB\xBF" "finess;name\n750000011;Bad \"one\"\n");
  write_file(b, "exam_id,start\nE1,x\n");
  eml_diag why, d;
  /* one input: FILE, created with the header at once */
  eml_rejects *r;
  const char *one[1] = {a};
  assert_int_equal(eml_rejects_open(file, one, 1, &r, &d), EML_OK);
  assert_string_equal(slurp(file) ? "exists" : "", "exists");
  eml_diag_set(&why, a, 2, "finess", "750000011", 9, "clé de contrôle FINESS fausse");
  assert_int_equal(eml_rejects_write(r, &why, "750000011;Bad \"one\"", 19), EML_OK);
  assert_int_equal(eml_rejects_close(r, &d), EML_OK);
  char expected[1024];
  snprintf(expected, sizeof expected,
           "finess;name;eml_reason\n750000011;Bad \"one\";\"%s:2: colonne finess : clé de contrôle FINESS "
           "fausse (valeur « 750000011 »)\"\n",
           a);
  assert_string_equal(slurp(file), expected);
  unlink(file);
  /* several inputs: one file per input with bad rows, named after FILE */
  const char *two[2] = {a, b};
  assert_int_equal(eml_rejects_open(file, two, 2, &r, &d), EML_OK);
  eml_diag_set(&why, b, 2, "start", "x", 1, "not a date-time");
  assert_int_equal(eml_rejects_write(r, &why, "E1,x", 4), EML_OK);
  eml_rejects_path_for(r, b, path, sizeof path);
  char named[512];
  snprintf(named, sizeof named, "%s/rej.exams.csv", dir);
  assert_string_equal(path, named);
  assert_int_equal(eml_rejects_count(r), 1);
  long rows = 0;
  assert_string_equal(eml_rejects_file(r, 0, &rows), named);
  assert_int_equal(rows, 1);
  assert_int_equal(eml_rejects_close(r, &d), EML_OK);
  snprintf(expected, sizeof expected,
           "exam_id,start,eml_reason\nE1,x,\"%s:2: colonne start : not a date-time (valeur « x »)\"\n",
           b);
  assert_string_equal(slurp(named), expected);
  assert_null(slurp(file));
  eml_rejects_path(file, 2, a, path, sizeof path);
  snprintf(named, sizeof named, "%s/rej.sites.csv", dir);
  assert_string_equal(path, named);
  eml_rejects_path(file, 1, a, path, sizeof path);
  assert_string_equal(path, file);
  /* a file read under another name than its rows give (a file sent to the
   * dashboard, kept in a temporary file): the rows under that name, the
   * header line read from the file read */
  const char *shown[2] = {"equipement.csv", "examens.csv"};
  assert_int_equal(eml_rejects_open(file, shown, 2, &r, &d), EML_OK);
  eml_diag_set(&why, "examens.csv", 2, "start", "x", 1, "not a date-time");
  assert_int_equal(eml_rejects_write_from(r, &why, b, "E1,x", 4), EML_OK);
  assert_int_equal(eml_rejects_close(r, &d), EML_OK);
  snprintf(named, sizeof named, "%s/rej.examens.csv", dir);
  assert_string_equal(slurp(named), "exam_id,start,eml_reason\nE1,x,\"examens.csv:2: colonne start : "
                                    "not a date-time (valeur « x »)\"\n");
  unlink(named);
  /* a header line shorter than a byte-order mark (found by fuzz_import_sites) */
  write_file(a, "a\nx\n");
  assert_int_equal(eml_rejects_open(file, one, 1, &r, &d), EML_OK);
  eml_diag_set(&why, a, 2, "a", "x", 1, "bad");
  assert_int_equal(eml_rejects_write(r, &why, "x", 1), EML_OK);
  assert_int_equal(eml_rejects_close(r, &d), EML_OK);
  snprintf(expected, sizeof expected, "a,eml_reason\nx,\"%s:2: colonne a : bad (valeur « x »)\"\n", a);
  assert_string_equal(slurp(file), expected);
  unlink(file);
  /* a FILE that is not a regular file takes every input's rows */
  eml_rejects_path("/dev/null", 2, a, path, sizeof path);
  assert_string_equal(path, "/dev/null");
  assert_int_equal(eml_rejects_open("/dev/null", two, 2, &r, &d), EML_OK);
  assert_int_equal(eml_rejects_write(r, &why, "E1,x", 4), EML_OK);
  assert_int_equal(eml_rejects_close(r, &d), EML_OK);
  /* a file that cannot be written: the error names it and --rejects */
  assert_int_equal(eml_rejects_open("/nonexistent/rej.csv", one, 1, &r, &d), EML_ERR_IO);
  char msg[512];
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "/nonexistent/rej.csv: option --rejects : écriture impossible : fichier ou "
                           "répertoire introuvable");
  unlink(a);
  unlink(b);
  unlink(named);
  snprintf(named, sizeof named, "%s/rej.exams.csv", dir);
  unlink(named);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(header_mapping),
      cmocka_unit_test(getters_and_counts),
      cmocka_unit_test(rejects_writer),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
