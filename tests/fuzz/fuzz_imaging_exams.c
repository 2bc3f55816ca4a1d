/* fuzz_imaging_exams.c — libFuzzer harness of the imaging exams.csv
 * readers (imaging.md "Inputs"): the fast path and the generic reader
 * (fuzz_imaging.h, same invariants), loaded after the machines and
 * sessions of tests/data/imaging/dst_week; the campaign is then computed
 * over that fixture's week (a fixed window, so that a date in the year 9999
 * does not make a long panel) and every machine's indicators must be
 * there. */
#include "fuzz_imaging.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eml_imaging_campaign *c = fuzz_imaging_differential(2, eml_imaging_load_exams, data, size);
  eml_imaging_options opts;
  eml_imaging_options_default(&opts);
  opts.has_window = 1;
  opts.from = eml_date_from_civil(2010, 3, 22);
  opts.to = eml_date_from_civil(2010, 3, 29);
  eml_imaging_result *res = NULL;
  eml_diag diag;
  eml_diag_clear(&diag);
  if (eml_imaging_compute(c, &opts, &res, &diag) == EML_OK) {
    if (eml_imaging_machine_count(res) != 2) /* TDM1 and IRM1 */
      fuzz_fail("the panel lost a machine");
    eml_imaging_result_free(res);
  }
  eml_imaging_campaign_free(c);
  return 0;
}
