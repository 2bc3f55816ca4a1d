/*
 * fuzz_common.h — what the libFuzzer harnesses of tests/fuzz/ share
 * (issue 7, "fuzzing"): the readers under test take a path, so each input
 * is written to one scratch file per process; importers run against a fresh
 * in-memory SQLite store that already holds a few valid sites, so that
 * equipment rows can reach the checks behind the site reference.
 *
 * A harness is one file fuzz_<target>.c defining LLVMFuzzerTestOneInput;
 * its seed corpus is tests/fuzz/corpus/<target>/ and the inputs that once
 * crashed it are in tests/fuzz/regressions/<target>/ (tests/fuzz/README.md).
 * A broken invariant calls fuzz_fail, which aborts: libFuzzer then saves
 * the input as a crash.
 */
#ifndef EML_FUZZ_COMMON_H
#define EML_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eml/eml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_fail(const char *what) {
  fprintf(stderr, "fuzz invariant broken: %s\n", what);
  abort();
}

static char fuzz_scratch_path[64];

static void fuzz_remove_scratch(void) {
  char rejects[80];
  snprintf(rejects, sizeof rejects, "%s.rejects", fuzz_scratch_path);
  unlink(fuzz_scratch_path);
  unlink(rejects);
  snprintf(rejects, sizeof rejects, "%s.rejects.xml", fuzz_scratch_path); /* FINESS XML rejects */
  unlink(rejects);
}

/* Path of this process's scratch file holding the current input (removed
 * at exit; a crash leaves it, libFuzzer keeps the input anyway). */
static inline const char *fuzz_write_input(const uint8_t *data, size_t size) {
  char *path = fuzz_scratch_path;
  if (!path[0]) {
    snprintf(path, sizeof fuzz_scratch_path, "/tmp/eml-fuzz-%ld.csv", (long)getpid());
    atexit(fuzz_remove_scratch);
  }
  FILE *f = fopen(path, "wb");
  if (!f)
    fuzz_fail("cannot write the scratch input file");
  if (size && fwrite(data, 1, size, f) != size)
    fuzz_fail("short write of the scratch input file");
  fclose(f);
  return path;
}

/* A heap copy of exactly size bytes (not NUL-terminated), so that ASan
 * sees any read past the length given to a parser. Caller frees. */
static inline char *fuzz_exact_copy(const uint8_t *data, size_t size) {
  char *s = malloc(size ? size : 1);
  if (!s)
    fuzz_fail("out of memory");
  if (size)
    memcpy(s, data, size);
  return s;
}

/* Sites preloaded in every store (FINESS keys valid: Luhn sums % 10 = 0). */
static inline eml_store *fuzz_store_with_sites(void) {
  eml_store *store = NULL;
  eml_diag diag;
  eml_diag_clear(&diag);
  if (eml_store_open(":memory:", EML_STORE_CREATE, &store, &diag))
    fuzz_fail("cannot open an in-memory store");
  static const char *const finess[] = {"750000010", "750000028", "780000014", "759900012"};
  for (size_t i = 0; i < sizeof finess / sizeof finess[0]; i++) {
    eml_site s = {.name = "Site", .territory = "75", .legal_status = "CH"};
    memcpy(s.finess, finess[i], 10);
    if (eml_store_insert_site(store, &s, &diag))
      fuzz_fail("cannot preload a site");
  }
  /* two authorisations of the 2023 regime, for devices.csv (the seeds
   * name AUT-01 and AUT-02) */
  static char aut[][8] = {"AUT-01", "AUT-02"};
  for (size_t i = 0; i < sizeof aut / sizeof aut[0]; i++) {
    eml_authorisation a = {.id = aut[i], .finess = "750000010",
                           .activity = EML_ACT_IMAGING,
                           .decided_on = eml_date_from_civil(2023, 6, 1)};
    if (eml_store_insert_authorisation(store, &a, &diag))
      fuzz_fail("cannot preload an authorisation");
  }
  return store;
}
#define FUZZ_PRELOADED_AUTHORISATIONS 2

/* The rules of the 2023 regime (data/regimes/2023.csv), loaded once per
 * process (reachable: no leak reported). */
static inline const eml_regime_rules *fuzz_rules(void) {
  static eml_regime_rules rules;
  static int loaded;
  if (!loaded) {
    eml_diag diag;
    eml_diag_clear(&diag);
    if (eml_regime_rules_load(EML_SOURCE_DIR "/data/regimes/2023.csv", &rules, &diag))
      fuzz_fail("cannot load data/regimes/2023.csv");
    loaded = 1;
  }
  return &rules;
}

static void fuzz_ignore_problem(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)ctx, (void)raw, (void)len;
  char text[1024];
  eml_diag_format(diag, text, sizeof text); /* the formatter is under test too */
}

/* For the readers of eml/schedule.h's shape (schedule, appointments):
 * counts the rows handed to the reject hook (formatting each). */
static inline void fuzz_count_row_reject(void *ctx, const eml_diag *why, const char *raw,
                                         size_t len) {
  (void)raw, (void)len;
  char text[1024];
  eml_diag_format(why, text, sizeof text);
  ++*(long *)ctx;
}

/* read = loaded + rejected + skipped, one reported reject per rejected
 * row, and the reader holds the rows loaded. */
static inline void fuzz_check_read_counts(const eml_read_counts *counts, long reported,
                                          size_t held) {
  if (counts->read != counts->loaded + counts->rejected + counts->skipped)
    fuzz_fail("read != loaded + rejected + skipped");
  if (counts->rejected != reported)
    fuzz_fail("rejected differs from the rows reported");
  if (held != (size_t)counts->loaded)
    fuzz_fail("rows held differ from the rows loaded");
}

/* Imports the input as `kind` twice: all-or-nothing, then with a rejects
 * file; checks read = loaded + rejected and that an all-or-nothing import
 * that rejected a row kept nothing. */
static inline int fuzz_import(eml_import_kind kind, const uint8_t *data, size_t size) {
  const char *path = fuzz_write_input(data, size);
  char rejects[80];
  snprintf(rejects, sizeof rejects, "%s.rejects", path);
  for (int with_rejects = 0; with_rejects < 2; with_rejects++) {
    eml_store *store = fuzz_store_with_sites();
    eml_import_options opts = {.user = "fuzz",
                               .rejects_path = with_rejects ? rejects : NULL,
                               .hooks = {fuzz_ignore_problem, NULL, NULL},
                               .rules = fuzz_rules()};
    opts.csv.encoding = (size && (data[0] & 1)) ? EML_ENC_CP1252 : EML_ENC_UTF8;
    eml_import_result res;
    eml_diag diag;
    eml_diag_clear(&diag);
    eml_status st = eml_import_file(store, kind, path, &opts, &res, &diag);
    if (res.read != res.loaded + res.rejected && res.committed)
      fuzz_fail("read != loaded + rejected");
    if (!with_rejects && res.rejected > 0 && (res.committed || st != EML_ERR_REJECTED))
      fuzz_fail("all-or-nothing import kept rows despite a rejected one");
    eml_register reg;
    if (eml_store_load_register(store, &reg, &diag) != EML_OK)
      fuzz_fail("cannot load the register back");
    /* every loaded row is in the store, and nothing else (4 preloaded
     * sites, 2 preloaded authorisations) */
    size_t stored[EML_IMPORT_KIND_COUNT] = {
        reg.nsites - 4,   reg.nequipment,
        reg.ntargets,     reg.nterritories,
        reg.nnotes,       reg.nauthorisations - FUZZ_PRELOADED_AUTHORISATIONS,
        reg.ndevices,     reg.nconventions,
        reg.nwindows};
    long expected = res.committed ? res.loaded : 0;
    for (int k = 0; k < EML_IMPORT_KIND_COUNT; k++)
      if ((long)stored[k] != (k == (int)kind ? expected : 0))
        fuzz_fail("rows in the store differ from the rows reported loaded");
    eml_register_free(&reg);
    eml_store_close(store);
  }
  return 0;
}

/* The demo register of data/idf-2017 (sites, equipment, targets, notes),
 * loaded once per process, and its balance at 2017-10-01 (scripts/demo.sh).
 * Kept for the life of the process (reachable: no leak is reported). */
typedef struct fuzz_demo {
  eml_register reg;
  eml_balance balance;
  eml_table **tables;
  size_t ntables;
} fuzz_demo;

/* Imports the demo register of data/idf-2017 (sites, equipment, targets,
 * notes) into store. */
static inline void fuzz_import_demo(eml_store *store) {
  static const char *const kinds[] = {"sites", "equipment", "targets", "notes"};
  eml_diag diag;
  eml_diag_clear(&diag);
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    char path[1024];
    eml_import_kind kind;
    snprintf(path, sizeof path, "%s/data/idf-2017/%s.csv", EML_SOURCE_DIR, kinds[k]);
    eml_import_result res;
    eml_import_options opts = {.user = "fuzz"};
    if (eml_import_kind_parse(kinds[k], &kind) ||
        eml_import_file(store, kind, path, &opts, &res, &diag))
      fuzz_fail("cannot import the demo register");
  }
}

static inline const fuzz_demo *fuzz_demo_get(void) {
  static fuzz_demo demo;
  static int loaded;
  if (loaded)
    return &demo;
  eml_store *store = NULL;
  eml_diag diag;
  eml_diag_clear(&diag);
  if (eml_store_open(":memory:", EML_STORE_CREATE, &store, &diag))
    fuzz_fail("cannot open an in-memory store");
  fuzz_import_demo(store);
  if (eml_store_load_register(store, &demo.reg, &diag))
    fuzz_fail("cannot load the demo register");
  eml_store_close(store);
  eml_register_sort(&demo.reg);
  if (eml_balance_compute(&demo.reg, "SROS3-PRS", eml_date_from_civil(2017, 10, 1), -1,
                          &demo.balance, &diag) ||
      eml_balance_tables(&demo.balance, &demo.tables, &demo.ntables))
    fuzz_fail("cannot compute the demo balance");
  loaded = 1;
  return &demo;
}

#endif
