/*
 * fuzz_population.c — libFuzzer harness of the population reader
 * (eml_population_read, spec planning.md §2) and the need built on it:
 * any bytes read as population.csv; when the file is accepted, the need by
 * every method is computed against the demo register for 2021. Invariants:
 * no crash; a rejected file keeps no rows; an accepted one has rows, each
 * with a year from 1900 to 2200 and a population from 0; the need either
 * fails with a diagnostic or gives one table per modality of the balance.
 */
#include "fuzz_common.h"

static void ignore(void *ctx, const eml_diag *d, const char *raw, size_t len) {
  (void)ctx, (void)d, (void)raw, (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const fuzz_demo *demo = fuzz_demo_get();
  const char *path = fuzz_write_input(data, size);
  eml_population pop;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_population_read(path, NULL, &(eml_read_hooks){ignore, NULL, NULL}, &pop,
                                      &diag);
  if (st != EML_OK) {
    if (pop.rows || pop.count)
      fuzz_fail("a rejected file kept rows");
    return 0;
  }
  if (!pop.count)
    fuzz_fail("an accepted file has no rows");
  for (size_t i = 0; i < pop.count; i++)
    if (pop.rows[i].year < 1900 || pop.rows[i].year > 2200 || pop.rows[i].population < 0)
      fuzz_fail("a row out of range was accepted");
  static const eml_need_method all[] = {EML_NEED_RATIO, EML_NEED_UTILISATION, EML_NEED_NY_MRI,
                                        EML_NEED_LINAC};
  eml_need_args a = {.reg = &demo->reg, .period = "SROS3-PRS", .at = demo->balance.at,
                     .modality = -1, .population = &pop, .year = 2021, .methods = all,
                     .nmethods = 4, .tolerance = 0.1};
  eml_table **tables = NULL;
  size_t count = 0;
  st = eml_need_tables(&a, &tables, &count, &diag);
  if (st == EML_OK && count != demo->balance.ntables)
    fuzz_fail("the need has not one table per modality of the balance");
  if (st != EML_OK && tables)
    fuzz_fail("a failed need returned tables");
  eml_tables_free(tables, count);
  eml_population_free(&pop);
  return 0;
}
