/*
 * fuzz_finess.h — what the FINESS harnesses share (issue 7, "fuzzing";
 * spec finess.md): one import into a fresh in-memory store, all-or-nothing
 * then with a rejects file, and the invariants every import must keep:
 * read = loaded + skipped + rejected for every file; an all-or-nothing
 * import that rejected a record kept nothing; an import that did not commit
 * left the store empty.
 */
#ifndef EML_FUZZ_FINESS_H
#define EML_FUZZ_FINESS_H

#include "fuzz_common.h"

static inline void fuzz_finess_counts(const eml_finess_counts *k) {
  if (k->read != k->loaded + k->skipped + k->rejected)
    fuzz_fail("read != loaded + skipped + rejected");
}

/* Imports establishments (and equipment, the AMM file when not NULL, with
 * the real code lists) twice; the encoding is detected, or forced by
 * `encoding_bit`. */
static inline void fuzz_finess_import_files(const char *establishments, const char *equipment,
                                            const char *amm, int encoding_bit) {
  char codes[1024], amm_codes[1024], rejects[80];
  snprintf(codes, sizeof codes, "%s/data/finess/equipment-codes.csv", EML_SOURCE_DIR);
  snprintf(amm_codes, sizeof amm_codes, "%s/data/finess/amm-codes.csv", EML_SOURCE_DIR);
  snprintf(rejects, sizeof rejects, "%s.rejects", fuzz_scratch_path);
  for (int with_rejects = 0; with_rejects < 2; with_rejects++) {
    eml_store *store = NULL;
    eml_diag diag;
    eml_diag_clear(&diag);
    if (eml_store_open(":memory:", EML_STORE_CREATE, &store, &diag))
      fuzz_fail("cannot open an in-memory store");
    eml_finess_options opts = {.establishments_path = establishments,
                               .equipment_path = equipment,
                               .codes_path = codes,
                               .amm_path = amm,
                               .amm_codes_path = amm_codes,
                               .encoding_given = encoding_bit,
                               .encoding = EML_ENC_CP1252,
                               .user = "fuzz",
                               .rejects_path = with_rejects ? rejects : NULL,
                               .hooks = {fuzz_ignore_problem, NULL, NULL}};
    eml_finess_result res;
    memset(&res, 0, sizeof res);
    eml_status st = eml_finess_import(store, &opts, &res, &diag);
    if (!st || st == EML_ERR_REJECTED) {
      fuzz_finess_counts(&res.establishments);
      fuzz_finess_counts(&res.equipment);
      fuzz_finess_counts(&res.amm);
      long rejected = res.establishments.rejected + res.equipment.rejected + res.amm.rejected;
      if (!with_rejects && rejected > 0 && (res.committed || st != EML_ERR_REJECTED))
        fuzz_fail("all-or-nothing import kept records despite a rejected one");
    }
    eml_register reg;
    if (eml_store_load_register(store, &reg, &diag) != EML_OK)
      fuzz_fail("cannot load the register back");
    if (!res.committed && (reg.nsites || reg.nequipment))
      fuzz_fail("an import that did not commit left rows in the store");
    if (res.committed && reg.nsites != (size_t)(res.sites_new))
      fuzz_fail("sites in the store differ from the sites reported new");
    if (!res.committed && (reg.nauthorisations || reg.ndevices))
      fuzz_fail("an import that did not commit left authorisations in the store");
    if (res.committed && reg.nauthorisations != (size_t)res.authorisations_new)
      fuzz_fail("authorisations in the store differ from those reported new");
    eml_register_free(&reg);
    eml_store_close(store);
  }
}

static inline void fuzz_finess_import(const char *establishments, const char *equipment,
                                      int encoding_bit) {
  fuzz_finess_import_files(establishments, equipment, NULL, encoding_bit);
}

#endif
