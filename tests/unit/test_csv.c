/*
 * test_csv.c — the CSV reader against the spec's conventions: delimiter
 * detection, RFC 4180 quoting, CRLF and CR, BOM, encodings, limits, and the
 * diagnostics of malformed records.
 */
#include "test_helpers.h"

#include <stdlib.h>
#include <unistd.h>

static eml_csv_reader *open_mem(const char *data, size_t len, const eml_csv_options *o) {
  eml_csv_reader *r = NULL;
  eml_diag d;
  assert_int_equal(eml_csv_open_memory("t.csv", data, len, o, &r, &d), EML_OK);
  return r;
}

static void next_ok(eml_csv_reader *r) {
  int has = 0;
  eml_diag d;
  assert_int_equal(eml_csv_next(r, &has, &d), EML_OK);
  assert_int_equal(has, 1);
}

static void at_end(eml_csv_reader *r) {
  int has = 1;
  eml_diag d;
  assert_int_equal(eml_csv_next(r, &has, &d), EML_OK);
  assert_int_equal(has, 0);
}

static void delimiters(void **state) {
  (void)state;
  static const struct {
    const char *data;
    char delim;
  } cases[] = {{"a,b,c\n1,2,3\n", ','},
               {"a;b;c\n1;2,5;3\n", ';'},
               {"a\tb\tc\n1\t2\t3\n", '\t'},
               {"\"x;y\",b,c\n1,2,3\n", ','}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_csv_reader *r = open_mem(cases[i].data, strlen(cases[i].data), NULL);
    assert_int_equal(eml_csv_delimiter(r), cases[i].delim);
    assert_int_equal(eml_csv_header_count(r), 3);
    next_ok(r);
    assert_int_equal(eml_csv_field_count(r), 3);
    at_end(r);
    eml_csv_close(r);
  }
}

static void quoting(void **state) {
  (void)state;
  const char data[] = "id,text,n\r\n"
                      "1,\"a,b\",2\r\n"
                      "2,\"say \"\"hi\"\"\",3\r\n"
                      "3,\"two\nlines\",4\r\n"
                      "4,,\"\"\r\n";
  eml_csv_reader *r = open_mem(data, strlen(data), NULL);
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 1, NULL), "a,b");
  assert_int_equal(eml_csv_line(r), 2);
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 1, NULL), "say \"hi\"");
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 1, NULL), "two\nlines");
  assert_int_equal(eml_csv_line(r), 4);
  size_t raw_len;
  const char *raw = eml_csv_raw(r, &raw_len, NULL);
  assert_int_equal(raw_len, strlen("3,\"two\nlines\",4"));
  assert_memory_equal(raw, "3,\"two\nlines\",4", raw_len);
  next_ok(r);
  assert_int_equal(eml_csv_line(r), 6); /* the quoted newline counted */
  assert_string_equal(eml_csv_field(r, 1, NULL), "");
  assert_string_equal(eml_csv_field(r, 2, NULL), "");
  assert_int_equal(eml_csv_field_count(r), 3);
  at_end(r);
  assert_int_equal(eml_csv_records_read(r), 4);
  eml_csv_close(r);
}

static void bom_blank_lines_cr(void **state) {
  (void)state;
  const char data[] = "\xEF\xBB\xBF Name ;Territory\r\rA;75\r\n\nB;77";
  eml_csv_reader *r = open_mem(data, strlen(data), NULL);
  assert_string_equal(eml_csv_header(r, 0), "Name");
  assert_int_equal(eml_csv_column(r, "name"), 0);
  assert_int_equal(eml_csv_column(r, " TERRITORY "), 1);
  assert_int_equal(eml_csv_column(r, "finess"), -1);
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 0, NULL), "A");
  assert_int_equal(eml_csv_line(r), 3);
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 1, NULL), "77"); /* no final newline */
  assert_int_equal(eml_csv_line(r), 5);
  at_end(r);
  eml_csv_close(r);
}

static void encodings(void **state) {
  (void)state;
  const char cp1252[] = "name\nH\xF4pital \x80\x9C\n"; /* "Hôpital €œ" */
  eml_csv_reader *r = NULL;
  eml_diag d;
  int has;
  /* as UTF-8: an error naming the option, and the line */
  assert_int_equal(eml_csv_open_memory("f.csv", cp1252, strlen(cp1252), NULL, &r, &d), EML_OK);
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_ENCODING);
  char msg[512];
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "f.csv:2: colonne name : pas de l'UTF-8 valide ; pour un fichier Windows-1252, "
                           "utiliser --encoding cp1252 (valeur « \\xF4pital \\x80 »)");
  eml_csv_close(r);
  eml_csv_options o = {.encoding = EML_ENC_CP1252};
  r = open_mem(cp1252, strlen(cp1252), &o);
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 0, NULL), "H\xC3\xB4pital \xE2\x82\xAC\xC5\x93");
  eml_csv_close(r);
  o.encoding = EML_ENC_LATIN1;
  r = open_mem(cp1252, strlen(cp1252), &o);
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 0, NULL), "H\xC3\xB4pital \xC2\x80\xC2\x9C");
  eml_csv_close(r);
  eml_encoding e;
  assert_int_equal(eml_encoding_parse("Windows-1252", &e), EML_OK);
  assert_int_equal(e, EML_ENC_CP1252);
  assert_int_equal(eml_encoding_parse("ebcdic", &e), EML_ERR_VALUE);
}

/* Windows-1252 fields taken whole (issue 17: accents and delimiters in the
 * reader's fast path): each field transcoded, a quoted field and an empty
 * one between them, the raw line as read; an accent past the field's cap is
 * "field too large" as a plain byte is. */
static void cp1252_fields(void **state) {
  (void)state;
  const char data[] = "a;b;c;d;e\n"
                      "\xC9TAB;H\xD4PITAL \x80;\"a;\xE9\";;x\xE9\n";
  eml_csv_options o = {.encoding = EML_ENC_CP1252, .delimiter = ';'};
  eml_csv_reader *r = open_mem(data, strlen(data), &o);
  next_ok(r);
  assert_int_equal(eml_csv_field_count(r), 5);
  assert_string_equal(eml_csv_field(r, 0, NULL), "\xC3\x89TAB");
  assert_string_equal(eml_csv_field(r, 1, NULL), "H\xC3\x94PITAL \xE2\x82\xAC");
  assert_string_equal(eml_csv_field(r, 2, NULL), "a;\xC3\xA9");
  assert_string_equal(eml_csv_field(r, 3, NULL), "");
  assert_string_equal(eml_csv_field(r, 4, NULL), "x\xC3\xA9");
  size_t len;
  int truncated;
  const char *raw = eml_csv_raw(r, &len, &truncated);
  /* ÉTAB; (5) HÔPITAL €; (10) "a;é"; (6) ; (1) xé (2): 24 bytes */
  assert_int_equal(len, 24);
  assert_memory_equal(raw, data + 10, len);
  assert_int_equal(truncated, 0);
  at_end(r);
  eml_csv_close(r);
  /* a cap of 3 input bytes: "ab\xE9" fits, "abc\xE9" does not */
  const char capped[] = "a;b\nab\xE9;abc\xE9\n";
  o.max_field_bytes = 3;
  r = open_mem(capped, strlen(capped), &o);
  eml_diag d;
  int has;
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_TOO_LARGE);
  char msg[256];
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:2: colonne b : champ de plus de 3 octets (valeur « abc »)");
  eml_csv_close(r);
}

static void utf8_validation(void **state) {
  (void)state;
  assert_int_equal(eml_utf8_invalid_at(S("abc")), 3);
  assert_int_equal(eml_utf8_invalid_at(S("\xC3\xA9t\xC3\xA9")), 5);
  assert_int_equal(eml_utf8_invalid_at(S("a\xC3")), 1);         /* truncated */
  assert_int_equal(eml_utf8_invalid_at(S("a\xC0\xAF")), 1);     /* overlong */
  assert_int_equal(eml_utf8_invalid_at(S("\xED\xA0\x80")), 0);  /* surrogate */
  assert_int_equal(eml_utf8_invalid_at(S("\xF4\x90\x80\x80")), 0); /* > U+10FFFF */
  assert_int_equal(eml_utf8_invalid_at(S("\xF0\x9F\x98\x80")), 4); /* emoji */
}

static void malformed_records(void **state) {
  (void)state;
  const char data[] = "a,b\n"
                      "1,x\"y\n"        /* quote in an unquoted field */
                      "2,\"x\"y\n"      /* text after closing quote */
                      "3,ok\n"
                      "4,\"never closed\n";
  eml_csv_reader *r = open_mem(data, strlen(data), NULL);
  eml_diag d;
  int has;
  char msg[512];
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:2: colonne b : guillemet dans un champ sans guillemets");
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:3: colonne b : caractère inattendu après un guillemet fermant");
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 1, NULL), "ok");
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:6: colonne b : champ entre guillemets non fermé en fin de fichier");
  at_end(r);
  eml_csv_close(r);
}

static void limits(void **state) {
  (void)state;
  /* a 10 MB field: an error of its record, then the next record is read */
  size_t big = 10u << 20;
  char *data = malloc(big + 64);
  strcpy(data, "a,b\n1,");
  size_t o = strlen(data);
  memset(data + o, 'x', big);
  o += big;
  memcpy(data + o, "\n2,y\n", 5);
  o += 5;
  eml_csv_reader *r = open_mem(data, o, NULL);
  eml_diag d;
  int has;
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_TOO_LARGE);
  char msg[512];
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:2: colonne b : champ de plus de 1048576 octets (valeur "
                           "« xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx »)");
  next_ok(r);
  assert_string_equal(eml_csv_field(r, 1, NULL), "y");
  assert_int_equal(eml_csv_line(r), 3);
  eml_csv_close(r);
  free(data);
  /* NUL byte */
  const char nul[] = "a\nx\0y\n";
  r = open_mem(nul, sizeof nul - 1, NULL);
  assert_int_equal(eml_csv_next(r, &has, &d), EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "t.csv:2: colonne a : octet NUL dans un champ");
  eml_csv_close(r);
}

static void empty_and_missing(void **state) {
  (void)state;
  eml_csv_reader *r = NULL;
  eml_diag d;
  char msg[512];
  assert_int_equal(eml_csv_open_memory("e.csv", "", 0, NULL, &r, &d), EML_ERR_EMPTY);
  assert_null(r);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "e.csv: fichier vide (une ligne d'en-tête est attendue)");
  assert_int_equal(eml_csv_open_memory("e.csv", S("\n\n"), NULL, &r, &d), EML_ERR_EMPTY);
  assert_int_equal(eml_csv_open_memory("h.csv", S("a,,c\n"), NULL, &r, &d), EML_ERR_CSV);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "h.csv:1: en-tête : la colonne 2 n'a pas de nom");
  assert_int_equal(eml_csv_open("/nonexistent/x.csv", NULL, &r, &d), EML_ERR_IO);
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "/nonexistent/x.csv: ouverture impossible : fichier ou répertoire introuvable");
}

static void file_reader_spans_chunks(void **state) {
  (void)state;
  /* a file larger than the 1 MiB input chunk, with a quoted field across
   * the chunk boundary */
  char path[] = "/tmp/eml-csv-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("id;text\n", f);
  long rows = 0;
  for (; rows < 60000; rows++)
    fprintf(f, "%ld;\"row %ld; with \"\"quotes\"\"\"\r\n", rows, rows);
  fclose(f);
  eml_csv_reader *r = NULL;
  eml_diag d;
  assert_int_equal(eml_csv_open(path, NULL, &r, &d), EML_OK);
  int has;
  long n = 0;
  char expect[64];
  while (eml_csv_next(r, &has, &d) == EML_OK && has) {
    snprintf(expect, sizeof expect, "row %ld; with \"quotes\"", n);
    assert_string_equal(eml_csv_field(r, 1, NULL), expect);
    assert_int_equal(eml_csv_line(r), n + 2);
    n++;
  }
  assert_int_equal(n, rows);
  eml_csv_close(r);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(delimiters),        cmocka_unit_test(quoting),
      cmocka_unit_test(bom_blank_lines_cr), cmocka_unit_test(encodings),
      cmocka_unit_test(utf8_validation),   cmocka_unit_test(malformed_records),
      cmocka_unit_test(limits),            cmocka_unit_test(empty_and_missing),
      cmocka_unit_test(file_reader_spans_chunks), cmocka_unit_test(cp1252_fields),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
