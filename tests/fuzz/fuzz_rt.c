/*
 * fuzz_rt.c — libFuzzer harness of the radiotherapy readers (eml_rt_read,
 * radiotherapy.md "Inputs"): the first byte of the input chooses the file
 * ('0' rt_centres ... '4' rt_sessions, any other byte modulo 5), the rest is
 * that file; the files before it are the real ones of tests/data/rt/annex,
 * so that courses and sessions can reach the checks behind their references.
 * When the file reads, the year 2024 is computed (activity, then each
 * centre's checklist and the regional report, checks 15-16 with the rules
 * of data/regimes/2023.csv, read once). Invariants: no crash;
 * read = loaded + rejected in every file's summary; one reported reject per
 * rejected row; rows held = rows loaded.
 */
#include "fuzz_common.h"

static void count_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)raw;
  (void)len;
  char text[1024];
  eml_diag_format(diag, text, sizeof text);
  ++*(long *)ctx;
}

static size_t rows_held(const eml_rt_data *d, eml_rt_file f) {
  switch (f) {
  case EML_RT_FILE_CENTRES: return d->n_centres;
  case EML_RT_FILE_MACHINES: return d->n_machines;
  case EML_RT_FILE_STAFF: return d->n_staff;
  case EML_RT_FILE_COURSES: return d->n_courses;
  default: return d->n_sessions;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  static const unsigned char key[EML_RT_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};
  int choice = data[0] >= '0' ? data[0] - '0' : data[0];
  eml_rt_file fuzzed = (eml_rt_file)(choice % EML_RT_FILE_COUNT);
  eml_rt_data *d = eml_rt_data_new(key);
  if (!d)
    fuzz_fail("out of memory");
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = EML_OK;
  long rejected = 0;
  for (int f = 0; f <= (int)fuzzed && !st; f++) {
    eml_csv_reader *r = NULL;
    eml_csv_options csv = {0};
    if (f < (int)fuzzed) {
      char path[1024];
      snprintf(path, sizeof path, "%s/tests/data/rt/annex/%s", EML_SOURCE_DIR,
               eml_rt_file_name((eml_rt_file)f));
      if (eml_csv_open(path, &csv, &r, &diag) ||
          eml_rt_read(d, (eml_rt_file)f, r, NULL, &diag))
        fuzz_fail("cannot read the radiotherapy fixture");
    } else {
      csv.encoding = (data[0] & 0x40) ? EML_ENC_CP1252 : EML_ENC_UTF8;
      st = eml_csv_open_memory(eml_rt_file_name(fuzzed), (const char *)data + 1, size - 1, &csv,
                               &r, &diag);
      if (!st)
        st = eml_rt_read(d, fuzzed, r, &(eml_read_hooks){count_reject, NULL, &rejected}, &diag);
    }
    eml_csv_close(r);
  }
  const eml_rt_file_summary *sum = &d->summary[fuzzed];
  if (!st) {
    if (sum->read != sum->loaded + sum->rejected)
      fuzz_fail("read != loaded + rejected");
    if (sum->rejected != rejected)
      fuzz_fail("rejected differs from the rows reported");
    if (rows_held(d, fuzzed) != (size_t)sum->loaded)
      fuzz_fail("rows held differ from the rows loaded");
    eml_rt_options opts;
    eml_rt_options_default(&opts);
    static eml_regime_rules rules; /* the 2023 regime's, kept for the run */
    static int rules_read;
    if (!rules_read++) {
      char path[1024];
      snprintf(path, sizeof path, "%s/data/regimes/2023.csv", EML_SOURCE_DIR);
      if (eml_regime_rules_load(path, &rules, &diag))
        fuzz_fail("cannot read data/regimes/2023.csv");
    }
    opts.rules = &rules;
    eml_rt_activity *activity = NULL;
    if (eml_rt_data_reindex(d) == EML_OK &&
        eml_rt_activity_compute(d, 2024, &opts, &activity) == EML_OK) {
      eml_table **tables = NULL;
      size_t n = 0;
      for (long c = 0; c < (long)d->n_centres && c < 4; c++)
        if (eml_rt_tables_check(d, activity, c, &opts, &tables, &n) == EML_OK)
          eml_rt_tables_free(tables, n);
      if (eml_rt_tables_report(d, activity, &opts, &tables, &n) == EML_OK)
        eml_rt_tables_free(tables, n);
      eml_rt_activity_free(activity);
    }
  }
  eml_rt_data_free(d);
  return 0;
}
