/*
 * test_imaging_load.c — the readers of lib/imaging: the fast path and the
 * generic CSV path load the same rows from the same campaign written in
 * several layouts (LF, CRLF, no final line end, BOM, quotes, ';' with
 * decimal commas) and with 1 to 6 threads (the file in that many parts), a
 * campaign read back and built again through eml/campaign.h is the same,
 * the builder refuses rows it cannot hold, the fast helpers parse as the
 * generic ones (date-times
 * across both DST changes, decimals as strtod), and the exact quantiles of
 * dist.c equal eml_quantile on the same values (histogram and list parts,
 * negative values).
 */
#include "test_helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "imaging/imaging_internal.h"

#define FIXTURE EML_TEST_DATA "/imaging/dst_week/"

/* Writes the fixture's exams.csv transformed: crlf, no final newline, BOM,
 * quote every field of line 3, ';' with decimal comma. */
enum { V_PLAIN, V_CRLF, V_NO_FINAL_LF, V_BOM, V_QUOTED, V_SEMICOLON };

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = malloc(1 << 16);
  assert_non_null(buf);
  *len = fread(buf, 1, (1 << 16) - 1, f);
  buf[*len] = 0;
  fclose(f);
  return buf;
}

static void write_variant(const char *path, int variant) {
  size_t len;
  char *src = read_all(FIXTURE "exams.csv", &len);
  FILE *out = fopen(path, "wb");
  assert_non_null(out);
  if (variant == V_BOM)
    fputs("\xEF\xBB\xBF", out);
  int line = 1;
  for (size_t i = 0; i < len; i++) {
    char ch = src[i];
    if (ch == '\n') {
      if (variant == V_QUOTED && line == 3)
        fputc('"', out);
      if (variant == V_NO_FINAL_LF && i + 1 == len)
        break;
      if (variant == V_CRLF)
        fputc('\r', out);
      fputc('\n', out);
      line++;
      if (variant == V_QUOTED && line == 3)
        fputc('"', out);
      continue;
    }
    if (variant == V_QUOTED && line == 3 && ch == ',') {
      fputs("\",\"", out);
      continue;
    }
    if (variant == V_SEMICOLON && ch == ',')
      ch = ';';
    else if (variant == V_SEMICOLON && ch == '.')
      ch = ','; /* only the ICR column holds a '.' */
    fputc(ch, out);
  }
  fclose(out);
  free(src);
}

static eml_imaging_campaign *load_threads(const char *exams, unsigned threads) {
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  eml_imaging_campaign_set_threads(c, threads);
  assert_int_equal(eml_imaging_campaign_threads(c), threads);
  eml_diag diag;
  eml_imaging_load_counts counts;
  assert_int_equal(eml_imaging_load_equipment(c, FIXTURE "equipment.csv", NULL, NULL, &counts,
                                              &diag),
                   EML_OK);
  assert_int_equal(eml_imaging_load_sessions(c, FIXTURE "sessions.csv", NULL, NULL, &counts, &diag),
                   EML_OK);
  assert_int_equal(eml_imaging_load_exams(c, exams, NULL, NULL, &counts, &diag), EML_OK);
  assert_int_equal(counts.loaded, 13);
  assert_int_equal(counts.skipped, 1);
  assert_int_equal(counts.skipped_times, 1);
  return c;
}

static eml_imaging_campaign *load(const char *exams) { return load_threads(exams, 1); }

static void assert_same_exams(const eml_imaging_campaign *c, const eml_imaging_campaign *ref) {
  assert_int_equal(img_exam_count(c), img_exam_count(ref));
  for (size_t i = 0; i < img_exam_count(c); i++) {
    const img_exam *x = img_exam_at(c, i), *y = img_exam_at(ref, i);
    assert_int_equal(x->machine, y->machine);
    assert_int_equal(x->start, y->start);
    assert_int_equal(x->end, y->end);
    assert_int_equal(x->cls, y->cls);
    assert_int_equal(x->report_delay_s, y->report_delay_s);
    assert_true(x->icr == y->icr);
  }
}

static void test_layouts_load_the_same_rows(void **state) {
  (void)state;
  eml_imaging_campaign *ref = load(FIXTURE "exams.csv");
  const int variants[] = {V_CRLF, V_NO_FINAL_LF, V_BOM, V_QUOTED, V_SEMICOLON};
  char path[] = "/tmp/eml_test_imaging_XXXXXX";
  test_temp_file(path);
  for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
    write_variant(path, variants[v]);
    eml_imaging_campaign *c = load(path);
    assert_same_exams(c, ref);
    eml_imaging_campaign_free(c);
  }
  /* the fast path with the file in 2 to 6 parts (13 exams: parts of a few
   * lines, some empty), LF and CRLF: the same rows in the same order */
  for (int v = 0; v < 2; v++) {
    write_variant(path, v ? V_CRLF : V_PLAIN);
    for (unsigned t = 2; t <= 6; t++) {
      eml_imaging_campaign *c = load_threads(path, t);
      assert_same_exams(c, ref);
      size_t m, n_sessions, n_ref_sessions, e;
      eml_imaging_campaign_sizes(c, &m, &n_sessions, &e);
      eml_imaging_campaign_sizes(ref, &m, &n_ref_sessions, &e);
      assert_int_equal(n_sessions, n_ref_sessions);
      eml_imaging_campaign_free(c);
    }
  }
  remove(path);
  eml_imaging_campaign_free(ref);
}

/* A campaign read back through its reader and given to a builder of an
 * empty campaign is the same campaign (what the store does); the builder
 * refuses the rows a campaign cannot hold, keeping nothing of that call. */
static void test_builder_round_trip(void **state) {
  (void)state;
  eml_imaging_campaign *ref = load_threads(FIXTURE "exams.csv", 3);
  eml_campaign_reader r;
  eml_imaging_campaign_reader(ref, &r);
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  eml_campaign_builder b;
  assert_int_equal(eml_imaging_builder_open(c, &b), EML_OK);
  eml_campaign_machine machines[64];
  eml_campaign_session sessions[2];
  eml_campaign_exam exams[5];
  size_t n, first;
  assert_true(r.machines > 0 && r.machines < 64);
  assert_int_equal(r.read_machines(r.impl, 0, machines, 64), r.machines);
  for (size_t i = 0; i < r.machines; i++)
    assert_int_equal(b.add_machine(b.impl, &machines[i]), EML_OK);
  for (first = 0; (n = r.read_sessions(r.impl, first, sessions, 2)); first += n)
    assert_int_equal(b.add_sessions(b.impl, sessions, n), EML_OK);
  assert_int_equal(first, r.sessions);
  for (first = 0; (n = r.read_exams(r.impl, first, exams, 5)); first += n)
    assert_int_equal(b.add_exams(b.impl, exams, n), EML_OK);
  assert_int_equal(first, r.exams);
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT; k++) {
    eml_imaging_load_counts counts;
    r.counts(r.impl, (eml_campaign_file)k, &counts);
    b.set_counts(b.impl, (eml_campaign_file)k, &counts);
  }

  /* refused: a machine again, an id too long, an unknown machine index,
   * end before start, a time past 2067, a class out of range, a row of a
   * machine of another modality */
  assert_int_equal(b.add_machine(b.impl, &machines[0]), EML_ERR_VALUE);
  eml_campaign_machine long_id = {"M0123456789012345678901234567890123456789012345678901234567890123",
                                  "", EML_IMAGING_CT};
  assert_int_equal(b.add_machine(b.impl, &long_id), EML_ERR_VALUE);
  eml_campaign_exam good = exams[0], bad[6];
  r.read_exams(r.impl, 0, &good, 1);
  for (int i = 0; i < 6; i++)
    bad[i] = good;
  bad[0].machine = r.machines + 5;
  bad[1].end = bad[1].start;
  bad[2].end = (eml_time)3200000000; /* 2071 */
  bad[3].cls = EML_CLASS_COUNT;
  bad[4].icr = -2;
  size_t other = r.machines;
  for (size_t i = 0; i < r.machines; i++)
    if (machines[i].modality < 0)
      other = i;
  assert_true(other < r.machines); /* the fixture holds a machine of another modality */
  bad[5].machine = other;
  for (int i = 0; i < 6; i++) {
    eml_campaign_exam pair[2] = {good, bad[i]};
    assert_int_equal(b.add_exams(b.impl, pair, 2), EML_ERR_VALUE);
  }
  eml_campaign_session s;
  assert_int_equal(r.read_sessions(r.impl, 0, &s, 1), 1);
  s.type = EML_SESSION_TYPE_COUNT;
  assert_int_equal(b.add_sessions(b.impl, &s, 1), EML_ERR_VALUE);
  assert_int_equal(eml_imaging_builder_finish(&b), EML_OK);
  assert_null(b.impl);
  assert_int_equal(eml_imaging_builder_finish(&b), EML_OK); /* ended: nothing to do */

  assert_same_exams(c, ref);
  size_t m1, s1, e1, m2, s2, e2;
  eml_imaging_campaign_sizes(c, &m1, &s1, &e1);
  eml_imaging_campaign_sizes(ref, &m2, &s2, &e2);
  assert_int_equal(m1, m2);
  assert_int_equal(s1, s2);
  eml_campaign_reader back;
  eml_imaging_campaign_reader(c, &back);
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT; k++) {
    eml_imaging_load_counts x, y;
    back.counts(back.impl, (eml_campaign_file)k, &x);
    r.counts(r.impl, (eml_campaign_file)k, &y);
    assert_memory_equal(&x, &y, sizeof x);
  }
  for (size_t i = 0; i < s1; i++) {
    eml_campaign_session x, y;
    back.read_sessions(back.impl, i, &x, 1);
    r.read_sessions(r.impl, i, &y, 1);
    assert_true(x.machine == y.machine && x.start == y.start && x.end == y.end &&
                x.type == y.type);
  }
  /* and computes the same figures */
  eml_imaging_result *ra, *rb;
  eml_diag diag;
  assert_int_equal(eml_imaging_compute(ref, NULL, &ra, &diag), EML_OK);
  assert_int_equal(eml_imaging_compute(c, NULL, &rb, &diag), EML_OK);
  assert_int_equal(eml_imaging_machine_count(ra), eml_imaging_machine_count(rb));
  for (size_t i = 0; i < eml_imaging_machine_count(ra); i++)
    assert_memory_equal(eml_imaging_machine_at(ra, i), eml_imaging_machine_at(rb, i),
                        sizeof(eml_imaging_machine));
  eml_imaging_result_free(ra);
  eml_imaging_result_free(rb);

  /* abandoned: what was kept aside is dropped */
  assert_int_equal(eml_imaging_builder_open(c, &b), EML_OK);
  assert_int_equal(b.add_exams(b.impl, &good, 1), EML_OK);
  eml_imaging_builder_abandon(&b);
  assert_int_equal(img_exam_count(c), img_exam_count(ref));
  eml_imaging_campaign_free(c);
  eml_imaging_campaign_free(ref);
}

/* Inputs where the fast path once read differently from the generic reader
 * (found by tests/fuzz/fuzz_imaging_sessions and fuzz_imaging_exams; the
 * inputs are in tests/fuzz/regressions/): a NUL byte in a row, and a header
 * holding a NUL byte, invalid UTF-8 or an empty name, now go to the generic reader and get
 * its message. And a campaign without any exam or session computes (it
 * once offset a NULL pointer: UBSan). */
static void keep_message(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)raw;
  (void)len;
  eml_diag_format(diag, ctx, 512);
}

static void test_fast_path_hands_back_nul_and_bad_headers(void **state) {
  (void)state;
  char path[] = "/tmp/eml_test_imaging_XXXXXX";
  test_temp_file(path);
  char expected[600], message[512];
  /* a NUL byte inside the start of line 3: rejected as the generic reader says */
  static const char sessions[] = "equipment_id,start,end,type\n"
                                 "TDM1,2010-03-22T08:00,2010-03-22T12:00,PUBLIC_PROGRAMMED\n"
                                 "TDM1,2010-03-2\0T08:00,2010-03-22T12:00,PUBLIC_PROGRAMMED\n";
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fwrite(sessions, 1, sizeof sessions - 1, f);
  fclose(f);
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  eml_diag diag;
  eml_imaging_load_counts counts;
  assert_int_equal(eml_imaging_load_equipment(c, FIXTURE "equipment.csv", NULL, NULL, NULL, &diag),
                   EML_OK);
  message[0] = '\0';
  assert_int_equal(eml_imaging_load_sessions(c, path, keep_message, message, &counts, &diag),
                   EML_ERR_REJECTED);
  assert_int_equal(counts.read, 2);
  assert_int_equal(counts.loaded, 1);
  assert_int_equal(counts.rejected, 1);
  snprintf(expected, sizeof expected, "%s:3: colonne start : octet NUL dans un champ", path);
  assert_string_equal(message, expected);
  /* the header of exams.csv with a NUL byte, then with invalid UTF-8: the
   * whole file is refused, on line 1; and a header ending with a comma (a
   * column without a name) */
  static const char *const headers[3] = {"exam_id,equipment_id,start,end,patient_class,icr,re\0",
                                         "exam_id,equipment_id,start,end,patient_class,icr,re\xA8",
                                         "exam_id,equipment_id,start,end,patient_class,icr,re,"};
  static const size_t header_len[3] = {52, 52, 52};
  for (int h = 0; h < 3; h++) {
    f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(headers[h], 1, header_len[h], f);
    fputs("\nE1,TDM1,2010-03-22T08:10:00,2010-03-22T08:30:00,A,10,\n", f);
    fclose(f);
    eml_diag_clear(&diag);
    assert_int_not_equal(eml_imaging_load_exams(c, path, NULL, NULL, &counts, &diag), EML_OK);
    assert_int_equal(diag.line, 1);
  }
  /* no exam and no session in the window: every indicator computed, none kept */
  eml_imaging_campaign *empty = eml_imaging_campaign_new();
  assert_int_equal(eml_imaging_load_equipment(empty, FIXTURE "equipment.csv", NULL, NULL, NULL,
                                              &diag),
                   EML_OK);
  eml_imaging_options opts;
  eml_imaging_options_default(&opts);
  opts.has_window = 1;
  opts.from = eml_date_from_civil(2010, 3, 22);
  opts.to = eml_date_from_civil(2010, 3, 29);
  eml_imaging_result *res = NULL;
  assert_int_equal(eml_imaging_compute(empty, &opts, &res, &diag), EML_OK);
  assert_int_equal(eml_imaging_machine_count(res), 2); /* TDM1 and IRM1 (the third is not CT/MRI) */
  assert_int_equal(eml_imaging_machine_at(res, 0)->exams, 0);
  eml_imaging_result_free(res);
  eml_imaging_campaign_free(empty);
  eml_imaging_campaign_free(c);
  remove(path);
}

/* The block check of the fast path (region_ok in fast.c: 32 bytes at a
 * time, then a byte-wise tail) sees a quote, a lone CR, a CR before LF, a
 * NUL byte, an invalid byte >= 0x80 and a valid UTF-8 "é" wherever it
 * falls: at each position of the body of a sessions.csv, the file as
 * given (fast path) and behind a byte-order mark (the generic reader)
 * give the same status, counts and messages. */
typedef struct messages {
  char text[4096];
  size_t len;
} messages;

static void append_message(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)raw;
  (void)len;
  messages *m = ctx;
  if (m->len + 600 >= sizeof m->text)
    return;
  eml_diag_format(diag, m->text + m->len, sizeof m->text - m->len);
  m->len += strlen(m->text + m->len);
  m->text[m->len++] = '\n';
  m->text[m->len] = '\0';
}

static eml_status load_sessions_text(const char *path, const char *bytes, size_t len, int bom,
                                     messages *m, eml_imaging_load_counts *counts) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  if (bom)
    fwrite("\xEF\xBB\xBF", 1, 3, f);
  fwrite(bytes, 1, len, f);
  fclose(f);
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  eml_diag diag;
  assert_int_equal(eml_imaging_load_equipment(c, FIXTURE "equipment.csv", NULL, NULL, NULL, &diag),
                   EML_OK);
  m->len = 0;
  m->text[0] = '\0';
  memset(counts, 0, sizeof *counts);
  eml_status st = eml_imaging_load_sessions(c, path, append_message, m, counts, &diag);
  if (st != EML_OK && st != EML_ERR_REJECTED) /* a refusal of the whole file: its message */
    append_message(m, &diag, NULL, 0);
  eml_imaging_campaign_free(c);
  return st;
}

static void test_fast_path_block_check_at_every_position(void **state) {
  (void)state;
  char path[] = "/tmp/eml_test_imaging_XXXXXX";
  test_temp_file(path);
  static const char header[] = "equipment_id,start,end,type\n";
  static const char body[] = "TDM1,2010-03-22T08:00:00,2010-03-22T12:00:00,PUBLIC_PROGRAMMED\n"
                             "TDM1,2010-03-22T13:00:00,2010-03-22T17:00:00,PUBLIC_PROGRAMMED\n"
                             "IRM1,2010-03-23T08:00:00,2010-03-23T12:00:00,PUBLIC_PROGRAMMED\n";
  static const char *const inserts[] = {"\"", "\r", "\r\n", "\0", "\xA8", "\xC3\xA9"};
  static const size_t insert_len[] = {1, 1, 2, 1, 1, 2};
  const size_t hl = sizeof header - 1, bl = sizeof body - 1;
  char bytes[512];
  messages fast, generic;
  eml_imaging_load_counts cf, cg;
  long differ = 0, rejected_somewhere = 0;
  for (size_t k = 0; k < sizeof inserts / sizeof *inserts; k++)
    for (size_t at = 0; at <= bl; at++) {
      memcpy(bytes, header, hl);
      memcpy(bytes + hl, body, at);
      memcpy(bytes + hl + at, inserts[k], insert_len[k]);
      memcpy(bytes + hl + at + insert_len[k], body + at, bl - at);
      size_t len = hl + bl + insert_len[k];
      eml_status sf = load_sessions_text(path, bytes, len, 0, &fast, &cf);
      eml_status sg = load_sessions_text(path, bytes, len, 1, &generic, &cg);
      if (sf != sg || cf.read != cg.read || cf.loaded != cg.loaded ||
          cf.rejected != cg.rejected || strcmp(fast.text, generic.text) != 0) {
        if (differ++ < 3)
          print_error("insert %zu at %zu: fast %d (%ld read, %ld loaded) [%s], generic %d "
                      "(%ld read, %ld loaded) [%s]\n",
                      k, at, sf, cf.read, cf.loaded, fast.text, sg, cg.read, cg.loaded,
                      generic.text);
      }
      rejected_somewhere += sf != EML_OK;
    }
  assert_int_equal(differ, 0);
  assert_true(rejected_somewhere > 0); /* the inserts do break rows: the test can fail */
  remove(path);
}

/* img_parse_time (cached) agrees with eml_datetime_parse around both
 * changes of 2010 (03-28 and 10-31) and on plain days; flags too. */
static void test_fast_time(void **state) {
  (void)state;
  img_time_cache tc;
  img_time_cache_init(&tc);
  const char *cases[] = {"2010-03-27T23:59:59", "2010-03-28T01:59:59", "2010-03-28T02:30:00",
                         "2010-03-28T03:00:00", "2010-10-31T01:59:59", "2010-10-31T02:30:00",
                         "2010-10-31T03:00:00", "2010-02-01T07:44:03", "2010-02-01 07:44:03",
                         "2012-02-29T12:00:00", "2010-02-29T12:00:00", "2010-02-01T24:00:00",
                         "2010-02-01T07:44",    "01/02/2010 07:44:03", "2010-02-01T07:44:03Z"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    for (int again = 0; again < 2; again++) { /* miss then hit of the day cache */
      eml_time a = 0, b = 0;
      int fa = -1, fb = -1;
      eml_status sa = img_parse_time(&tc, cases[i], strlen(cases[i]), &a, &fa);
      eml_status sb = eml_datetime_parse(cases[i], strlen(cases[i]), &b, &fb);
      assert_int_equal(sa, sb);
      if (sa == EML_OK) {
        assert_int_equal(a, b);
        assert_int_equal(fa, fb);
      }
    }
  }
}

static void test_fast_decimal(void **state) {
  (void)state;
  const char *cases[] = {"67.2", "0.1", "158.8", "0", "12", "999999999999.999", "0.00000000000001",
                         "1.7976931348"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double fast = -1;
    assert_true(img_fast_decimal(cases[i], strlen(cases[i]), &fast));
    assert_true(fast == strtod(cases[i], NULL));
  }
  const char *refused[] = {"", "-1", "1e3", ".5", "5.", "1.2.3", "1234567890123456", "1,5"};
  double v;
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
    assert_false(img_fast_decimal(refused[i], strlen(refused[i]), &v));
}

/* dist.c against eml_quantile: values spread over the histogram, above it
 * (the list) and below zero. */
static void test_dist_quantiles(void **state) {
  (void)state;
  size_t n = 5000;
  double *values = malloc(n * sizeof *values);
  img_int_dist a, b;
  img_int_dist_init(&a, 0);
  img_int_dist_init(&b, 0);
  uint64_t seed = 42;
  for (size_t i = 0; i < n; i++) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    int32_t v = (int32_t)((seed >> 33) % 200000) - 20000; /* -20000 .. 179999 */
    if (i % 7 == 0)
      v = 600; /* ties */
    values[i] = v / 60.0;
    assert_int_equal(img_int_dist_add(i % 2 ? &a : &b, v), EML_OK);
  }
  assert_int_equal(img_int_dist_merge(&a, &b), EML_OK);
  eml_imaging_dist q = img_int_dist_quantiles(&a, 60.0);
  assert_int_equal(q.n, (long)n);
  assert_true(fabs(q.p20 - eml_quantile(values, n, 0.2)) < 1e-9);
  assert_true(fabs(q.p50 - eml_quantile(values, n, 0.5)) < 1e-9);
  assert_true(fabs(q.p80 - eml_quantile(values, n, 0.8)) < 1e-9);
  img_int_dist_free(&a);
  img_int_dist_free(&b);
  img_int_dist_init(&a, 0);
  q = img_int_dist_quantiles(&a, 1.0);
  assert_int_equal(q.n, 0);
  assert_true(isnan(q.p50));
  free(values);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_layouts_load_the_same_rows),
      cmocka_unit_test(test_builder_round_trip),
      cmocka_unit_test(test_fast_path_hands_back_nul_and_bad_headers),
      cmocka_unit_test(test_fast_path_block_check_at_every_position),
      cmocka_unit_test(test_fast_time),
      cmocka_unit_test(test_fast_decimal),
      cmocka_unit_test(test_dist_quantiles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
