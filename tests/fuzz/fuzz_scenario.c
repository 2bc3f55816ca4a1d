/*
 * fuzz_scenario.c — libFuzzer harness of the scenario reader
 * (eml_scenario_read, spec planning.md §3) and the scenario applied on it:
 * any bytes read as a scenario file against the demo register and its
 * applications (data/idf-2017/requests.csv); when the file is accepted,
 * the scenario is applied to a copy of the register at the demo's date.
 * Invariants: no crash; a rejected file keeps no change; an accepted one
 * has changes, each with its line; the scenario either fails with a
 * diagnostic and no tables, or gives the changes, one table per modality
 * of the balance, the zones and the applications; the register it was
 * given is never changed (its row counts and its first device's site).
 */
#include "fuzz_common.h"

static void ignore(void *ctx, const eml_diag *d, const char *raw, size_t len) {
  (void)ctx, (void)d, (void)raw, (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const fuzz_demo *demo = fuzz_demo_get();
  static eml_request *requests;
  static size_t nrequests;
  eml_diag diag;
  eml_diag_clear(&diag);
  if (!requests) {
    char path[1024];
    snprintf(path, sizeof path, "%s/data/idf-2017/requests.csv", EML_SOURCE_DIR);
    if (eml_requests_read(path, NULL, &demo->reg, NULL, NULL, &requests, &nrequests, &diag))
      fuzz_fail("cannot read the demo's requests");
  }
  const char *path = fuzz_write_input(data, size);
  eml_scenario sc;
  eml_status st = eml_scenario_read(path, NULL, &demo->reg, requests, nrequests,
                                    &(eml_read_hooks){ignore, NULL, NULL}, &sc, &diag);
  if (st != EML_OK) {
    if (sc.changes || sc.count)
      fuzz_fail("a rejected file kept changes");
    return 0;
  }
  if (!sc.count)
    fuzz_fail("an accepted file has no change");
  for (size_t i = 0; i < sc.count; i++)
    if (sc.changes[i].line < 1)
      fuzz_fail("a change without its line");
  size_t nequipment = demo->reg.nequipment, ntargets = demo->reg.ntargets;
  char first[10];
  snprintf(first, sizeof first, "%s", nequipment ? demo->reg.equipment[0].finess : "");
  eml_scenario_args a = {.reg = &demo->reg, .period = "SROS3-PRS", .at = demo->balance.at,
                         .modality = -1, .scenario = &sc, .requests = requests,
                         .nrequests = nrequests};
  eml_table **tables = NULL;
  size_t count = 0;
  st = eml_scenario_tables(&a, &tables, &count, &diag);
  if (st != EML_OK && tables)
    fuzz_fail("a failed scenario returned tables");
  if (st == EML_OK && count != demo->balance.ntables + 3)
    fuzz_fail("the scenario has not its changes, one table per modality, zones, applications");
  if (st != EML_OK && !diag.message[0])
    fuzz_fail("a failed scenario without a diagnostic");
  if (demo->reg.nequipment != nequipment || demo->reg.ntargets != ntargets ||
      (nequipment && strcmp(demo->reg.equipment[0].finess, first) != 0))
    fuzz_fail("the scenario changed the register it was given");
  eml_tables_free(tables, count);
  eml_scenario_free(&sc);
  return 0;
}
