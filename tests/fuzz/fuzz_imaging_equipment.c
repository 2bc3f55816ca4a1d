/* fuzz_imaging_equipment.c — libFuzzer harness of the imaging equipment.csv
 * reader (eml_imaging_load_equipment, imaging.md "Inputs"): any bytes as
 * the first file of a campaign. Invariants: no crash; read = loaded +
 * rejected + skipped; one reported reject per rejected row; then the real
 * sessions of tests/data/imaging/dst_week load against those machines
 * without breaking the counts either. */
#include "fuzz_imaging.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_imaging_load l;
  fuzz_imaging_load_one(&l, 0, eml_imaging_load_equipment, data, size, 0);
  if (!l.status || l.status == EML_ERR_REJECTED) {
    if (l.sizes[0] != (size_t)(l.counts.loaded + l.counts.skipped))
      fuzz_fail("machines held differ from the machines loaded or skipped");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/imaging/dst_week/sessions.csv", EML_SOURCE_DIR);
    fuzz_rejects rejects = {14695981039346656037u, 0};
    eml_imaging_load_counts k;
    eml_diag diag;
    eml_diag_clear(&diag);
    eml_status st = eml_imaging_load_sessions(l.c, path, fuzz_imaging_reject, &rejects, &k, &diag);
    if ((!st || st == EML_ERR_REJECTED) && k.read != k.loaded + k.rejected + k.skipped)
      fuzz_fail("sessions: read != loaded + rejected + skipped");
  }
  eml_imaging_campaign_free(l.c);
  return 0;
}
