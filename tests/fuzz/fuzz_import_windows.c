/* fuzz_import_windows.c — libFuzzer harness of the windows.csv importer of the
 * 2023 regime (eml_import_file, spec regime-2023.md Inputs): any bytes,
 * imported all-or-nothing and with a rejects file; invariants in
 * fuzz_common.h (fuzz_import). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_import(EML_IMPORT_WINDOWS, data, size);
}
