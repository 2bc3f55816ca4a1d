/* fuzz_import_sites.c — libFuzzer harness of the sites.csv importer
 * (eml_import_file, registry.md Inputs): any bytes, imported all-or-nothing
 * and with a rejects file; invariants in fuzz_common.h (fuzz_import). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_import(EML_IMPORT_SITES, data, size);
}
