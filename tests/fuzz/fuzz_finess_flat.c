/*
 * fuzz_finess_flat.c — libFuzzer harness of the flat FINESS equipment file
 * (etalab cs1100504, `equipmateriellourd` lines, `;` or tab; finess.md,
 * docs/finess.md "The flat equipment file"): any bytes as the --equipment
 * file, imported with the real establishments of
 * tests/data/finess/etab-2024.csv and the real code mapping, all-or-nothing
 * then with a rejects file (invariants in fuzz_finess.h: counts add up, an
 * all-or-nothing import that rejected a record kept nothing, one that did
 * not commit left the store empty). Inputs starting with '<' or gzip's
 * bytes take the XML path (fuzz_finess_xml's), the others this one.
 */
#include "fuzz_finess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_input(data, size);
  char establishments[1024];
  snprintf(establishments, sizeof establishments, "%s/tests/data/finess/etab-2024.csv",
           EML_SOURCE_DIR);
  fuzz_finess_import(establishments, path, 0);
  fuzz_finess_import(establishments, path, 1); /* forced Windows-1252 */
  return 0;
}
