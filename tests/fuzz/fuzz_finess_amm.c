/*
 * fuzz_finess_amm.c — libFuzzer harness of the FINESS AMM authorisations
 * reader (eml_finess_amm_read, lib/finess/amm.c; docs/regime-2023.md
 * "FINESS as published now"): any bytes as the amm_arhgos file, read with
 * the real code list data/finess/amm-codes.csv, with a reject hook and
 * without. Invariants: read = loaded + skipped + rejected; with the hook,
 * one reject kept per record rejected, each with its rebuilt XML; a
 * record kept has a site, an authorisation number, and no modality with
 * more in service than declared nor above the schema's maximum (18); a
 * failed reading keeps no record; without the hook, at most one record is
 * rejected (the first stops the reading). Then the file is imported into
 * a fresh store with the establishments of tests/data/finess/etab-2024.csv,
 * all-or-nothing and with a rejects file (fuzz_finess.h: counts add up, an
 * all-or-nothing import that rejected a record kept nothing, a store not
 * committed holds no authorisation, one committed those reported new).
 */
#include "fuzz_finess.h"

static void count_reject(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  (void)why, (void)raw, (void)raw_len;
  ++*(long *)ctx;
}

static eml_finess_amm_codes *amm_codes(void) {
  static eml_finess_amm_codes *codes;
  if (!codes) {
    char path[1024];
    eml_diag diag;
    eml_diag_clear(&diag);
    snprintf(path, sizeof path, "%s/data/finess/amm-codes.csv", EML_SOURCE_DIR);
    if (eml_finess_amm_codes_load(path, &codes, &diag))
      fuzz_fail("cannot read data/finess/amm-codes.csv");
  }
  return codes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_input(data, size);
  for (int with_hook = 0; with_hook < 2; with_hook++) {
    long rejected = 0;
    eml_read_hooks hooks = {count_reject, NULL, &rejected};
    eml_finess_amm_file f;
    eml_diag diag;
    eml_diag_clear(&diag);
    eml_status st = eml_finess_amm_read(path, amm_codes(), with_hook ? &hooks : NULL, &f, &diag);
    const eml_read_counts *c = &f.counts;
    if (c->read != c->loaded + c->skipped + c->rejected)
      fuzz_fail("read != loaded + skipped + rejected");
    if (st && (f.nrecords || f.records || f.nrejects))
      fuzz_fail("a failed reading kept records");
    if (!st && f.nrecords != (size_t)c->loaded)
      fuzz_fail("records kept differ from the loaded count");
    if (with_hook && !st && (rejected != c->rejected || f.nrejects != (size_t)rejected))
      fuzz_fail("rejects handed out differ from the rejected count");
    if (!with_hook && c->rejected > 1)
      fuzz_fail("the first bad record did not stop a reading without a reject hook");
    for (size_t i = 0; i < f.nrejects; i++)
      if (!f.rejects[i].xml || !f.rejects[i].why.message[0])
        fuzz_fail("a reject without its reason or its XML");
    for (size_t i = 0; i < f.nrecords; i++) {
      const eml_finess_amm_record *r = &f.records[i];
      if (!r->finess[0] || !r->authorisation[0] || r->line < 1)
        fuzz_fail("a record kept without its site, number or line");
      for (int m = 0; m < EML_MODALITY_COUNT; m++)
        if (r->in_service[m] < 0 || r->in_service[m] > r->count[m] || r->count[m] > 18)
          fuzz_fail("a count out of its bounds");
    }
    eml_finess_amm_file_free(&f);
  }
  char establishments[1024];
  snprintf(establishments, sizeof establishments, "%s/tests/data/finess/etab-2024.csv",
           EML_SOURCE_DIR);
  fuzz_finess_import_files(establishments, NULL, path, 0);
  return 0;
}
