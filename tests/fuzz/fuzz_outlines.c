/*
 * fuzz_outlines.c — libFuzzer harness of the département outline reader
 * (eml_outlines_load, eml/geo.h; data/geo/README.md). Invariants: no crash;
 * a failed load leaves no outlines and says why; a good one has at least
 * one département, each found again by its code, at least 3 points per
 * ring and no more points than EML_OUTLINES_POINTS_MAX.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_input(data, size);
  eml_outlines *o = (eml_outlines *)&size; /* must be reset by the load */
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_outlines_load(path, &o, &diag);
  if (st) {
    if (o)
      fuzz_fail("a failed load left outlines");
    if (!diag.message[0])
      fuzz_fail("a failed load without a message");
    return 0;
  }
  size_t n = eml_outlines_count(o);
  if (n == 0 || eml_outlines_rings(o) < n)
    fuzz_fail("outlines without a département or a ring");
  if (eml_outlines_points(o) < 3 * eml_outlines_rings(o) ||
      eml_outlines_points(o) > EML_OUTLINES_POINTS_MAX)
    fuzz_fail("points do not add up to rings of 3 points or more");
  for (size_t i = 0; i < n; i++)
    if (!eml_outlines_has(o, eml_outlines_code_at(o, i)))
      fuzz_fail("a département not found by its code");
  eml_outlines_free(o);
  return 0;
}
