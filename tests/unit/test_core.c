/*
 * test_core.c — the small modules of core (layer 0), one case per line:
 * the French number formatter (eml/number.h), the growth helper
 * (eml_grow), UTF-8 and escaping (eml/text.h and internal.h), the
 * string-keyed map (eml_strmap), the trim of blanks (eml_trim_blanks) and
 * the free of a string array (eml_strings_free).
 *
 * Expected texts are the rules of docs/output-formats.md applied by hand:
 * 0.606 as a percentage with one decimal is 60.6 -> "60,6 %"; printf
 * rounds the binary value (2.675 is 2.67499999... -> "2,67"); 270100
 * with thousands -> "270 100" (the seed 001's "270 100 actes").
 */
#include "test_helpers.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static eml_status buf_write(void *ctx, const char *data, size_t len) {
  return eml_buf_append(ctx, data, len);
}

/* ---- numbers ------------------------------------------------------------ */

static void real_formats(void **state) {
  (void)state;
  static const struct {
    double v;
    int decimals, flags;
    const char *want;
  } cases[] = {
      {3.14159, 2, 0, "3,14"},
      {1234.5, 2, 0, "1234,50"},
      {2.675, 2, 0, "2,67"}, /* the binary value is below 2.675 */
      {0.606, 1, EML_NUMBER_PERCENT, "60,6 %"},
      {0.55, 1, EML_NUMBER_PERCENT, "55,0 %"},
      {1, 0, EML_NUMBER_PERCENT, "100 %"},
      {3, 0, EML_NUMBER_SIGNED, "+3"},
      {-2, 0, EML_NUMBER_SIGNED, "-2"},
      {0, 1, EML_NUMBER_SIGNED, "0,0"},
      {0.01, 1, EML_NUMBER_SIGNED, "+0,0"}, /* above zero: signed, as ever */
      {-0.04, 1, 0, "0,0"},                 /* never "-0,0" */
      {-0.4, 0, 0, "0"},
      {-0.0004, 1, EML_NUMBER_PERCENT, "0,0 %"},
      {-1.25, 1, 0, "-1,2"},
      {270100, 0, EML_NUMBER_THOUSANDS, "270 100"},
      {1234567.891, 2, EML_NUMBER_THOUSANDS, "1 234 567,89"},
      {-1234, 0, EML_NUMBER_THOUSANDS | EML_NUMBER_SIGNED, "-1 234"},
      {999, 0, EML_NUMBER_THOUSANDS, "999"},
      {12.5, 1, EML_NUMBER_POINT, "12.5"},
      {INFINITY, 1, 0, "inf"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[64];
    const char *got = eml_number_format(cases[i].v, cases[i].decimals, cases[i].flags, buf,
                                        sizeof buf);
    assert_ptr_equal(got, buf);
    assert_string_equal(buf, cases[i].want);
  }
}

static void int_formats(void **state) {
  (void)state;
  char buf[32];
  assert_string_equal(eml_int_format(0, EML_NUMBER_SIGNED, buf, sizeof buf), "0");
  assert_string_equal(eml_int_format(5, EML_NUMBER_SIGNED, buf, sizeof buf), "+5");
  assert_string_equal(eml_int_format(-12, EML_NUMBER_SIGNED, buf, sizeof buf), "-12");
  assert_string_equal(eml_int_format(250000, EML_NUMBER_THOUSANDS, buf, sizeof buf), "250 000");
  assert_string_equal(eml_int_format(INT64_MIN, EML_NUMBER_THOUSANDS, buf, sizeof buf),
                      "-9 223 372 036 854 775 808");
  /* cut, still terminated */
  assert_string_equal(eml_int_format(123456, 0, buf, 4), "123");
}

/* The cells show numbers through the same formatter. */
static void cells_use_the_formatter(void **state) {
  (void)state;
  char buf[32];
  eml_cell real = {.kind = EML_CELL_REAL, .r = 0.606, .decimals = 1, .flags = EML_CELL_PERCENT};
  eml_cell_format(&real, 0, buf, sizeof buf); /* the language's mark: French */
  assert_string_equal(buf, "60,6 %");
  eml_cell_format(&real, EML_NUMBER_COMMA, buf, sizeof buf);
  assert_string_equal(buf, "60,6 %");
  eml_cell_format(&real, EML_NUMBER_POINT, buf, sizeof buf);
  assert_string_equal(buf, "60.6 %");
  eml_cell pair = {.kind = EML_CELL_PAIR, .i = 3, .has_i2 = 1, .i2 = -1, .flags = EML_CELL_SIGNED};
  eml_cell_format(&pair, 0, buf, sizeof buf);
  assert_string_equal(buf, "+3 (-1)");
}

/* The marks of the language (docs/i18n.md): French "1 234,5" and "60,6 %",
 * English "1,234.5" and "60.6%"; POINT and COMMA force the French marks
 * (data) whatever the language. */
static void numbers_follow_the_language(void **state) {
  (void)state;
  char buf[32];
  assert_int_equal(eml_set_language(EML_LANG_EN, "/nonexistent"), EML_OK);
  assert_string_equal(eml_number_format(1234.5, 1, EML_NUMBER_THOUSANDS, buf, sizeof buf),
                      "1,234.5");
  assert_string_equal(eml_number_format(4.0, 1, 0, buf, sizeof buf), "4.0");
  assert_string_equal(eml_number_format(0.606, 1, EML_NUMBER_PERCENT, buf, sizeof buf), "60.6%");
  assert_string_equal(eml_int_format(270100, EML_NUMBER_THOUSANDS, buf, sizeof buf), "270,100");
  assert_string_equal(eml_number_format(1234.5, 1, EML_NUMBER_THOUSANDS | EML_NUMBER_COMMA, buf,
                                        sizeof buf),
                      "1 234,5"); /* a CSV cell: the seeds' marks in both languages */
  assert_string_equal(eml_number_format(0.606, 1, EML_NUMBER_PERCENT | EML_NUMBER_COMMA, buf,
                                        sizeof buf),
                      "60,6 %");
  assert_string_equal(eml_number_format(1.4, 1, EML_NUMBER_POINT, buf, sizeof buf), "1.4");
  assert_string_equal(eml_number_shortest(0.25, buf, sizeof buf), "0.25");
  eml_cell real = {.kind = EML_CELL_REAL, .r = 1.4, .decimals = 1};
  eml_cell_format(&real, 0, buf, sizeof buf);
  assert_string_equal(buf, "1.4");
  assert_int_equal(eml_set_language(EML_LANG_FR, NULL), EML_OK);
  assert_string_equal(eml_number_format(1234.5, 1, EML_NUMBER_THOUSANDS, buf, sizeof buf),
                      "1 234,5");
  assert_string_equal(eml_number_format(4.0, 1, 0, buf, sizeof buf), "4,0");
  /* %g's shortest form: "0,25", "3", "1e+07" */
  assert_string_equal(eml_number_shortest(0.25, buf, sizeof buf), "0,25");
  assert_string_equal(eml_number_shortest(3, buf, sizeof buf), "3");
  assert_string_equal(eml_number_shortest(1e7, buf, sizeof buf), "1e+07");
  eml_cell_format(&real, 0, buf, sizeof buf);
  assert_string_equal(buf, "1,4");
}

/* ---- growth --------------------------------------------------------------- */

static void grow_doubles(void **state) {
  (void)state;
  int *a = NULL;
  size_t cap = 0;
  void *p = a;
  assert_int_equal(eml_grow(&p, &cap, 1, sizeof *a), EML_OK);
  assert_int_equal(cap, EML_GROW_INITIAL);
  assert_int_equal(eml_grow(&p, &cap, EML_GROW_INITIAL, sizeof *a), EML_OK);
  assert_int_equal(cap, EML_GROW_INITIAL); /* enough already */
  assert_int_equal(eml_grow(&p, &cap, EML_GROW_INITIAL + 1, sizeof *a), EML_OK);
  assert_int_equal(cap, 2 * EML_GROW_INITIAL);
  assert_int_equal(eml_grow(&p, &cap, 1000, sizeof *a), EML_OK);
  assert_int_equal(cap, 1024);
  a = p;
  a[999] = 7; /* the room is there (ASan would say otherwise) */
  free(a);
}

/* eml_grow_one: the new element zeroed, the ones before kept; on failure
 * the array as it was. */
static void grow_one_zeroes_the_new_element(void **state) {
  (void)state;
  long *a = NULL;
  size_t cap = 0;
  eml_status st;
  for (size_t n = 0; n < 17; n++) { /* 17: past the first capacity (16) */
    a = eml_grow_one(a, &cap, n, sizeof *a, &st);
    assert_int_equal(st, EML_OK);
    assert_int_equal(a[n], 0);
    a[n] = (long)n * 10;
  }
  assert_int_equal(cap, 2 * EML_GROW_INITIAL);
  assert_int_equal(a[15], 150);
  assert_int_equal(a[16], 160);
  long *before = a;
  eml_test_fail_alloc(1);
  a = eml_grow_one(a, &cap, 32, sizeof *a, &st); /* needs 33 > 32: a realloc */
  eml_test_fail_alloc(0);
  assert_int_equal(st, EML_ERR_NOMEM);
  assert_ptr_equal(a, before);
  assert_int_equal(cap, 32);
  assert_int_equal(a[16], 160);
  free(a);
}

/* eml_strndup: the len bytes, not what follows, and a NUL after them. */
static void strndup_copies_len_bytes(void **state) {
  (void)state;
  char *s = eml_strndup("75056;Paris", 5);
  assert_string_equal(s, "75056");
  free(s);
  s = eml_strndup("", 0);
  assert_string_equal(s, "");
  free(s);
}

static void grow_refuses_and_keeps(void **state) {
  (void)state;
  void *p = NULL;
  size_t cap = 0;
  assert_int_equal(eml_grow(&p, &cap, 10, 8), EML_OK);
  void *before = p;
  /* a size in bytes past SIZE_MAX, past the hard cap, past the caller's max */
  assert_int_equal(eml_grow(&p, &cap, SIZE_MAX / 4, 8), EML_ERR_TOO_LARGE);
  assert_int_equal(eml_grow(&p, &cap, EML_GROW_MAX_BYTES / 8 + 1, 8), EML_ERR_TOO_LARGE);
  assert_int_equal(eml_grow_max(&p, &cap, 21, 8, 20), EML_ERR_TOO_LARGE);
  assert_ptr_equal(p, before);
  assert_int_equal(cap, EML_GROW_INITIAL);
  /* the max stops the doubling: 16 -> 20, not 32 */
  assert_int_equal(eml_grow_max(&p, &cap, 17, 8, 20), EML_OK);
  assert_int_equal(cap, 20);
  /* out of memory (the test hook): as it was */
  before = p;
  eml_test_fail_alloc(1);
  assert_int_equal(eml_grow(&p, &cap, 100, 8), EML_ERR_NOMEM);
  eml_test_fail_alloc(0);
  assert_ptr_equal(p, before);
  assert_int_equal(cap, 20);
  free(p);
}

/* ---- UTF-8 and escaping ----------------------------------------------------- */

static void utf8_validity(void **state) {
  (void)state;
  static const struct {
    const char *s;
    size_t len, want;
  } cases[] = {
      {S("Île-de-France"), 14},
      {S("abc"), 3},
      {S("a\xC3"), 1},             /* truncated sequence */
      {S("a\xC0\xAF"), 1},         /* overlong '/' */
      {S("\xE0\x80\xAF"), 0},      /* overlong, 3 bytes */
      {S("ok\xED\xA0\x80"), 2},    /* a surrogate */
      {S("\xF4\x90\x80\x80"), 0},  /* past U+10FFFF */
      {S("\xF0\x9F\x98\x80!"), 5}, /* U+1F600 */
      {S("x\x80y"), 1},            /* a stray continuation byte */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(eml_utf8_invalid_at(cases[i].s, cases[i].len), cases[i].want);
  eml_buf b;
  eml_buf_init(&b, 64);
  assert_int_equal(eml_utf8_append_clean(&b, "a\xFF" "b"), EML_OK);
  assert_string_equal(b.data, "a\xEF\xBF\xBD" "b");
  eml_buf_free(&b);
  assert_int_equal(eml_display_width("Écart"), 5);
  assert_int_equal(eml_utf8_prefix_len("Écart", 2), 3); /* "Éc": É is two bytes */
  assert_int_equal(eml_utf8_prefix_len("ab", 5), 2);
}

static void escaping(void **state) {
  (void)state;
  static const struct {
    int md;
    const char *in, *want;
  } cases[] = {
      {0, "a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;"},
      {0, "tab\tok\x01", "tab\tok\xEF\xBF\xBD"},
      {0, "bad\xC3", "bad\xEF\xBF\xBD"},
      {1, "a|b", "a\\|b"},
      {1, "two\nlines", "two lines"},
      {1, "[x](y) `z` \\", "\\[x\\](y) \\`z\\` \\\\"},
      {1, "<script>", "&lt;script&gt;"},
      {1, "del\x7F", "del\xEF\xBF\xBD"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_buf b;
    eml_buf_init(&b, 1024);
    eml_status st = cases[i].md ? eml_md_escape(buf_write, &b, cases[i].in)
                                : eml_html_escape(buf_write, &b, cases[i].in);
    assert_int_equal(st, EML_OK);
    assert_string_equal(b.data ? b.data : "", cases[i].want);
    eml_buf_free(&b);
  }
  assert_int_equal(eml_control_len("\x1B[31m", 5), 1);
  assert_int_equal(eml_control_len("\xC2\x9B", 2), 2); /* CSI, a C1 control */
  assert_int_equal(eml_control_len("\xC3\xA9", 2), 0); /* é */
  assert_int_equal(eml_control_len("\t", 1), 0);
}

/* eml_json_escape writes what jansson's json_dumps writes inside the
 * quotes (the FINESS audit entries are built with it, the others with
 * jansson): every ASCII byte 0x01-0x7F, then UTF-8 text with quotes. */
static void json_escaping_is_janssons(void **state) {
  (void)state;
  char all[128];
  for (int c = 1; c < 128; c++)
    all[c - 1] = (char)c;
  all[127] = '\0';
  const char *cases[] = {all, "HÔPITAL \"L'ÉTOILE\" \\ a/b", "", "line\r\nnext\ttab"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_buf b;
    eml_buf_init(&b, 4096);
    assert_int_equal(eml_buf_putc(&b, '"'), EML_OK);
    assert_int_equal(eml_json_escape(eml_buf_write, &b, cases[i]), EML_OK);
    assert_int_equal(eml_buf_putc(&b, '"'), EML_OK);
    json_t *j = json_string(cases[i]);
    char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    assert_non_null(want);
    assert_string_equal(b.data, want);
    free(want);
    json_decref(j);
    eml_buf_free(&b);
  }
}

/* ---- the string-keyed map -------------------------------------------------- */

static void strmap_puts_and_gets(void **state) {
  (void)state;
  eml_strmap m = {0};
  size_t v = 99;
  assert_int_equal(eml_strmap_get(&m, S("x"), &v), 0); /* empty */
  char key[16];
  for (size_t i = 0; i < 1000; i++) { /* past several doublings (64 slots first) */
    int n = snprintf(key, sizeof key, "TDM-%zu", i);
    assert_int_equal(eml_strmap_put(&m, key, (size_t)n, i), EML_OK);
  }
  assert_int_equal(m.count, 1000);
  assert_true(m.cap >= 2000); /* load at most 1/2 */
  assert_int_equal(eml_strmap_put(&m, S("TDM-7"), 5), EML_ERR_DUPLICATE);
  assert_int_equal(eml_strmap_get(&m, S("TDM-7"), &v), 1);
  assert_int_equal(v, 7); /* the duplicate left the value alone */
  assert_int_equal(eml_strmap_get(&m, S("TDM-999"), &v), 1);
  assert_int_equal(v, 999);
  /* a key is its bytes and length: a prefix or a field in a line */
  assert_int_equal(eml_strmap_get(&m, S("TDM-99"), &v), 1);
  assert_int_equal(v, 99);
  assert_int_equal(eml_strmap_get(&m, "TDM-123,2024-03-04", 7, &v), 1);
  assert_int_equal(v, 123);
  assert_int_equal(eml_strmap_get(&m, S("TDM-1000"), NULL), 0);
  assert_int_equal(eml_strmap_put(&m, "", 0, 5), EML_OK); /* the empty key is a key */
  assert_int_equal(eml_strmap_get(&m, "", 0, &v), 1);
  assert_int_equal(v, 5);
  eml_strmap_free(&m);
  assert_int_equal(m.count, 0);
  assert_int_equal(eml_strmap_get(&m, S("TDM-1"), &v), 0);
  /* out of memory on the key's copy: nothing added */
  eml_test_fail_alloc(2); /* 1: the slots, 2: the copy */
  assert_int_equal(eml_strmap_put(&m, S("IRM-1"), 1), EML_ERR_NOMEM);
  eml_test_fail_alloc(0);
  assert_int_equal(m.count, 0);
  assert_int_equal(eml_strmap_get(&m, S("IRM-1"), NULL), 0);
  eml_strmap_free(&m);
}

/* ---- trim and string arrays ------------------------------------------- */

static void trim_blanks(void **state) {
  (void)state;
  static const struct {
    const char *s;
    size_t len;
    size_t skip, want_len; /* the trimmed value is s + skip, want_len bytes */
  } cases[] = {
      {S(" \tCT \t"), 2, 2}, /* spaces and tabs on both sides */
      {S("CT"), 0, 2},         /* nothing to trim */
      {S("a b"), 0, 3},        /* inner blanks kept */
      {S("   "), 3, 0},        /* blanks only: empty */
      {S(""), 0, 0},
      {S("\nx "), 0, 2},       /* a line break is not a blank */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len = cases[i].len;
    const char *v = eml_trim_blanks(cases[i].s, &len);
    assert_ptr_equal(v, cases[i].s + cases[i].skip);
    assert_int_equal(len, cases[i].want_len);
  }
  /* a list of owned strings, freed with its strings (the sanitizer build
   * checks nothing leaks); NULL is accepted */
  char **list = malloc(2 * sizeof *list);
  assert_non_null(list);
  list[0] = strdup("Scanner");
  list[1] = strdup("IRM");
  eml_strings_free(list, 2);
  eml_strings_free(NULL, 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(real_formats),   cmocka_unit_test(int_formats),
      cmocka_unit_test(cells_use_the_formatter),
      cmocka_unit_test(numbers_follow_the_language),
      cmocka_unit_test(grow_doubles),   cmocka_unit_test(grow_refuses_and_keeps),
      cmocka_unit_test(grow_one_zeroes_the_new_element),
      cmocka_unit_test(strndup_copies_len_bytes),
      cmocka_unit_test(utf8_validity),  cmocka_unit_test(escaping),
      cmocka_unit_test(json_escaping_is_janssons),
      cmocka_unit_test(strmap_puts_and_gets), cmocka_unit_test(trim_blanks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
