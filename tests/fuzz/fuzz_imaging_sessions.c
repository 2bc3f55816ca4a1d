/* fuzz_imaging_sessions.c — libFuzzer harness of the imaging sessions.csv
 * readers (imaging.md "Inputs"): the fast path of lib/imaging/fast.c and
 * the generic CSV reader it falls back to, over any bytes loaded after the
 * machines of tests/data/imaging/dst_week. Invariants (fuzz_imaging.h):
 * read = loaded + rejected + skipped, and both readers give the same
 * status, counts, rows and rejects. */
#include "fuzz_imaging.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eml_imaging_campaign *c = fuzz_imaging_differential(1, eml_imaging_load_sessions, data, size);
  eml_imaging_campaign_free(c);
  return 0;
}
