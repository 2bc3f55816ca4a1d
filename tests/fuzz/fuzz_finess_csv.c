/* fuzz_finess_csv.c — libFuzzer harness of the FINESS establishments
 * extraction reader (eml_finess_import, finess.md "The establishments
 * file"): any bytes as the semicolon extraction, sites only; the encoding
 * detected (last byte even) or forced to Windows-1252 (odd). Invariants in
 * fuzz_finess.h. */
#include "fuzz_finess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_input(data, size);
  fuzz_finess_import(path, NULL, size && (data[size - 1] & 1));
  return 0;
}
