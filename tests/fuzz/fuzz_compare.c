/*
 * fuzz_compare.c — libFuzzer harness of the published-table reader of
 * `eml bilan --compare` (eml_balance_compare, registry.md): any bytes
 * compared with the demo balance. Invariants: no crash; the counts hold
 * together (each difference reported once through the callback); every
 * difference names its table, row and column; EML_ERR_DIFFERS only with
 * differences, EML_OK only without.
 */
#include "fuzz_common.h"

typedef struct seen_differences {
  long count;
} seen_differences;

static void on_difference(void *ctx, const eml_compare_difference *d) {
  seen_differences *seen = ctx;
  if (!d->table || !d->column || !d->published || !d->computed || !d->territory)
    fuzz_fail("a difference without its table, row or column");
  seen->count++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const fuzz_demo *demo = fuzz_demo_get();
  const char *path = fuzz_write_input(data, size);
  seen_differences seen = {0};
  eml_compare_result res;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_balance_compare(demo->tables, demo->ntables, path, on_difference, &seen,
                                      &res, &diag);
  if (seen.count != res.differences)
    fuzz_fail("differences reported and counted disagree");
  if ((st == EML_ERR_DIFFERS && res.differences == 0) || (st == EML_OK && res.differences != 0))
    fuzz_fail("EML_ERR_DIFFERS does not match the differences found");
  char text[1024];
  eml_diag_format(&diag, text, sizeof text);
  return 0;
}
