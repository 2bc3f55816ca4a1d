/*
 * fuzz_requests.c — libFuzzer harness of the applications reader and judge
 * (eml_requests_read, eml_requests_judge, eml_requests_judge_2023;
 * registry.md "Applications", spec regime-2023.md "Applications under the
 * 2023 regime"): any bytes read as requests.csv against the demo register
 * (seed 000 rows and rows of the 2023 regime, the mentions checked against
 * data/regimes/2023.csv); when the file is accepted, the requests are
 * judged against the demo balance. Invariants: no crash; a rejected file
 * returns no requests; an accepted one gives, over the two tables, one row
 * per request.
 */
#include "fuzz_common.h"

static void ignore(void *ctx, const eml_diag *d, const char *raw, size_t len) {
  (void)ctx, (void)d, (void)raw, (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const fuzz_demo *demo = fuzz_demo_get();
  const char *path = fuzz_write_input(data, size);
  eml_request *requests = NULL;
  size_t count = 0;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_csv_options csv = {0};
  eml_status st = eml_requests_read(path, &csv, &demo->reg, fuzz_rules(),
                                    &(eml_read_hooks){ignore, NULL, NULL}, &requests, &count, &diag);
  if (st == EML_OK) {
    eml_table *seed = NULL, *regime = NULL;
    if (eml_requests_judge(&demo->reg, &demo->balance, requests, count, &seed) == EML_OK &&
        eml_requests_judge_2023(&demo->reg, &demo->balance, fuzz_rules(), requests, count,
                                &regime) == EML_OK) {
      size_t rows = (seed ? eml_table_rows(seed) : 0) + (regime ? eml_table_rows(regime) : 0);
      if (rows != count)
        fuzz_fail("the judgement has not one row per request");
    }
    eml_table_free(seed);
    eml_table_free(regime);
  } else if (requests && count) {
    fuzz_fail("a rejected file returned requests");
  }
  free(requests);
  return 0;
}
