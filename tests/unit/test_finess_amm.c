/*
 * test_finess_amm.c — the reader of the FINESS AMM authorisations file
 * (eml_finess_amm_read, lib/finess/amm.c) on every fixture of
 * tests/data/finess (amm-*.xml[.gz]) and on a few hand-written records.
 *
 * Expected values are those of tests/data/finess/README.md, derived there
 * by hand from each fixture (and from the research note's §2.2 record);
 * the messages are docs/regime-2023.md's ("FINESS as published now"). The
 * line numbers are those of the fixtures (counted in the README) or of the
 * literals below (line 1: the XML declaration).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_helpers.h"

#define FIXTURE(name) EML_SOURCE_DIR "/tests/data/finess/" name

typedef struct seen {
  int nrejects, nwarnings;
  char reject[4][512];
  char warning[8][512];
} seen;

static void keep_reject(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  seen *s = ctx;
  (void)raw, (void)raw_len;
  if (s->nrejects < 4)
    eml_diag_format(why, s->reject[s->nrejects++], sizeof s->reject[0]);
}

static void keep_warning(void *ctx, const char *file, const char *message) {
  seen *s = ctx;
  (void)file;
  if (s->nwarnings < 8)
    snprintf(s->warning[s->nwarnings++], sizeof s->warning[0], "%s", message);
}

static eml_finess_amm_codes *codes;

static int load_codes(void **state) {
  (void)state;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_finess_amm_codes_load(EML_SOURCE_DIR "/data/finess/amm-codes.csv", &codes, &d);
  if (st) {
    char msg[512];
    eml_diag_format(&d, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
  }
  return st;
}

static int free_codes(void **state) {
  (void)state;
  eml_finess_amm_codes_free(codes);
  return 0;
}

/* Reads path with both hooks; returns the status. */
static eml_status read_amm(const char *path, eml_finess_amm_file *f, seen *s, eml_diag *d) {
  eml_read_hooks hooks = {keep_reject, keep_warning, s};
  memset(s, 0, sizeof *s);
  eml_diag_clear(d);
  return eml_finess_amm_read(path, codes, &hooks, f, d);
}

static void assert_counts(const eml_finess_amm_file *f, long read, long loaded, long skipped,
                          long rejected) {
  assert_int_equal(f->counts.read, read);
  assert_int_equal(f->counts.loaded, loaded);
  assert_int_equal(f->counts.skipped, skipped);
  assert_int_equal(f->counts.rejected, rejected);
  assert_int_equal(f->nrecords, (size_t)loaded);
}

static eml_date date(const char *s) {
  eml_date d = 0;
  CHECK_OK(eml_date_parse(s, strlen(s), &d));
  return d;
}

static long nil_of(const eml_finess_amm_file *f, const char *element) {
  for (size_t i = 0; i < f->ncounts; i++)
    if (strcmp(f->count_element[i], element) == 0)
      return f->nil_or_absent[i];
  fail_msg("no count element %s", element);
  return -1;
}

/* §2.2 of the research note, verbatim: QA050 (SMR) is known, not kept. */
static void research_record_is_skipped(void **state) {
  (void)state;
  const char *paths[2] = {FIXTURE("amm-2.2.xml"), FIXTURE("amm-2.2.xml.gz")};
  for (int i = 0; i < 2; i++) {
    eml_finess_amm_file f;
    seen s;
    eml_diag d;
    assert_int_equal(read_amm(paths[i], &f, &s, &d), EML_OK);
    assert_counts(&f, 1, 0, 1, 0);
    /* the seven extra elements (lib_*, statut_autorisation_*) are known */
    assert_int_equal(f.nunknown, 0);
    assert_int_equal(s.nwarnings, 0);
    assert_true(f.has_date);
    assert_int_equal(f.extraction, date("2025-08-12"));
    eml_finess_amm_file_free(&f);
  }
}

/* The hand-made imaging record: scanner 2, irm 1, scannermeo 1. */
static void imaging_record(void **state) {
  (void)state;
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  assert_int_equal(read_amm(FIXTURE("amm-imaging.xml"), &f, &s, &d), EML_OK);
  assert_counts(&f, 1, 1, 0, 0);
  const eml_finess_amm_record *r = &f.records[0];
  assert_string_equal(r->authorisation, "11-24-0042");
  assert_string_equal(r->finess, "750000010");
  assert_string_equal(r->finess_ej, "750712184");
  assert_string_equal(r->activite, "QEML1");
  assert_false(r->per_device);
  assert_int_equal(r->activity, EML_ACT_IMAGING);
  assert_string_equal(r->mention, "");
  assert_int_equal(r->line, 9);
  assert_int_equal(r->decided_on, date("2024-01-15"));
  assert_true(r->has_started);
  assert_int_equal(r->started_on, date("2024-03-04"));
  assert_true(r->has_due);
  assert_int_equal(r->due_on, date("2031-01-15"));
  assert_false(r->has_until); /* datecaducite nil */
  assert_int_equal(r->count[EML_MOD_CT], 2);
  assert_int_equal(r->count[EML_MOD_MRI], 1);
  assert_int_equal(r->in_service[EML_MOD_CT], 1);
  assert_int_equal(r->in_service[EML_MOD_MRI], 0); /* irmmeo nil = 0 */
  for (int m = EML_MOD_GAMMA; m < EML_MODALITY_COUNT; m++)
    assert_int_equal(r->count[m] + r->in_service[m], 0);
  /* nil counts, once per element: tep, temp, cyclotron, caissonhyperbare
   * and the …meo but scannermeo */
  assert_int_equal(f.ncounts, 12);
  assert_int_equal(nil_of(&f, "tep"), 1);
  assert_int_equal(nil_of(&f, "scanner"), 0);
  assert_int_equal(nil_of(&f, "irm"), 0);
  assert_int_equal(nil_of(&f, "irmmeo"), 1);
  assert_int_equal(nil_of(&f, "scannermeo"), 0);
  assert_int_equal(f.capped, 0);
  eml_finess_amm_file_free(&f);
}

/* One record per activity eml maps (README's table of amm-activities.xml). */
static void every_activity(void **state) {
  (void)state;
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  assert_int_equal(read_amm(FIXTURE("amm-activities.xml"), &f, &s, &d), EML_OK);
  assert_counts(&f, 10, 9, 1, 0);
  static const struct {
    const char *code, *site;
    int per_device, activity, modality;
    const char *mention, *declaration;
    int started;
    int ct, ct_on, mri, mri_on, pet, pet_on, gamma, gamma_on, ohb, ohb_on, cyc, cyc_on;
  } want[9] = {
      {"11-24-0042", "750000010", 0, EML_ACT_IMAGING, 0, "", "DE000", 1, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {"11-24-0043", "920000015", 0, EML_ACT_IMAGING, 0, "", "DE000", 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {"11-24-0044", "750000010", 1, 0, EML_MOD_OHB, "", "DE000", 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0},
      {"11-24-0045", "750000010", 1, 0, EML_MOD_CYCLOTRON, "", "DE000", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1},
      {"11-24-0046", "750000010", 0, EML_ACT_NUCLEAR, 0, "B", "DE001", 1, 0, 0, 0, 0, 1, 1, 2, 2, 0, 0, 0, 0},
      {"11-24-0047", "920000015", 0, EML_ACT_NUCLEAR, 0, "A", "DE000", 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0},
      {"11-24-0048", "750000010", 0, EML_ACT_INTERVENTIONAL, 0, "D", "DE000", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {"11-24-0049", "750000010", 0, EML_ACT_RADIOTHERAPY, 0, "A", "DE000", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
      {"11-24-0050", "920000015", 0, EML_ACT_RADIOTHERAPY, 0, "A", "DE012", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
  };
  int devices = 0, in_service = 0;
  for (size_t i = 0; i < 9; i++) {
    const eml_finess_amm_record *r = &f.records[i];
    assert_string_equal(r->authorisation, want[i].code);
    assert_string_equal(r->finess, want[i].site);
    assert_int_equal(r->per_device, want[i].per_device);
    if (r->per_device)
      assert_int_equal(r->modality, want[i].modality);
    else
      assert_int_equal(r->activity, want[i].activity);
    assert_string_equal(r->mention, want[i].mention);
    assert_string_equal(r->declaration, want[i].declaration);
    assert_int_equal(r->has_started, want[i].started);
    assert_int_equal(r->count[EML_MOD_CT], want[i].ct);
    assert_int_equal(r->in_service[EML_MOD_CT], want[i].ct_on);
    assert_int_equal(r->count[EML_MOD_MRI], want[i].mri);
    assert_int_equal(r->in_service[EML_MOD_MRI], want[i].mri_on);
    assert_int_equal(r->count[EML_MOD_PET], want[i].pet);
    assert_int_equal(r->in_service[EML_MOD_PET], want[i].pet_on);
    assert_int_equal(r->count[EML_MOD_GAMMA], want[i].gamma);
    assert_int_equal(r->in_service[EML_MOD_GAMMA], want[i].gamma_on);
    assert_int_equal(r->count[EML_MOD_OHB], want[i].ohb);
    assert_int_equal(r->in_service[EML_MOD_OHB], want[i].ohb_on);
    assert_int_equal(r->count[EML_MOD_CYCLOTRON], want[i].cyc);
    assert_int_equal(r->in_service[EML_MOD_CYCLOTRON], want[i].cyc_on);
    for (int m = 0; m < EML_MODALITY_COUNT; m++) {
      devices += r->count[m];
      in_service += r->in_service[m];
    }
  }
  /* README: 11 devices (CT 3, MRI 2, PET 1, GAMMA 3, OHB 1, CYCLOTRON 1), 7 in service */
  assert_int_equal(devices, 11);
  assert_int_equal(in_service, 7);
  assert_int_equal(s.nwarnings, 0);
  eml_finess_amm_file_free(&f);
}

static void unknown_activity_code(void **state) {
  (void)state;
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  const char *path = FIXTURE("amm-bad-activity.xml");
  char want[512];
  snprintf(want, sizeof want, "%s:44: élément activite : code d'activité AMM inconnu (valeur « QZ999 »)",
           path);
  assert_int_equal(read_amm(path, &f, &s, &d), EML_OK);
  assert_counts(&f, 2, 1, 0, 1);
  assert_int_equal(s.nrejects, 1);
  assert_string_equal(s.reject[0], want);
  assert_string_equal(f.records[0].authorisation, "11-24-0042");
  assert_int_equal(f.nrejects, 1);
  assert_non_null(strstr(f.rejects[0].xml, "    <activite>QZ999</activite>\n"));
  assert_non_null(strstr(f.rejects[0].xml, "    <datecaducite xsi:nil=\"true\"/>\n"));
  eml_finess_amm_file_free(&f);
  /* without a reject hook the first bad record stops the reading */
  eml_diag_clear(&d);
  assert_int_equal(eml_finess_amm_read(path, codes, NULL, &f, &d), EML_ERR_VALUE);
  char got[512];
  eml_diag_format(&d, got, sizeof got);
  assert_string_equal(got, want);
  assert_int_equal(f.nrecords, 0);
  eml_finess_amm_file_free(&f);
}

static void unknown_element_listed_once(void **state) {
  (void)state;
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  assert_int_equal(read_amm(FIXTURE("amm-unknown-element.xml"), &f, &s, &d), EML_OK);
  assert_counts(&f, 2, 2, 0, 0);
  assert_int_equal(f.nunknown, 1);
  assert_string_equal(f.unknown[0].name, "nouveauchamp");
  assert_int_equal(f.unknown[0].records, 2);
  assert_int_equal(f.unknown[0].first_line, 17);
  assert_int_equal(s.nwarnings, 1);
  assert_string_equal(s.warning[0], "élément <nouveauchamp> de <activiteamm> absent de la "
                                    "description : ignoré (2 enregistrements, le premier à la "
                                    "ligne 17)");
  assert_string_equal(f.records[0].finess, "750000010");
  assert_int_equal(f.records[0].count[EML_MOD_MRI], 1);
  assert_int_equal(f.records[0].in_service[EML_MOD_MRI], 1);
  assert_string_equal(f.records[1].finess, "750000028");
  assert_int_equal(f.records[1].count[EML_MOD_CT], 1);
  assert_int_equal(f.records[1].in_service[EML_MOD_CT], 1);
  eml_finess_amm_file_free(&f);
}

static void nil_count_reads_as_zero(void **state) {
  (void)state;
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  assert_int_equal(read_amm(FIXTURE("amm-nil-count.xml"), &f, &s, &d), EML_OK);
  assert_counts(&f, 1, 1, 0, 0);
  assert_int_equal(f.records[0].count[EML_MOD_CT], 0);
  assert_int_equal(f.records[0].count[EML_MOD_MRI], 2);
  assert_int_equal(f.records[0].in_service[EML_MOD_MRI], 2);
  assert_int_equal(nil_of(&f, "scanner"), 1); /* line 31: <scanner xsi:nil="true"/> */
  assert_int_equal(nil_of(&f, "irm"), 0);
  eml_finess_amm_file_free(&f);
}

static void truncated_file_keeps_nothing(void **state) {
  (void)state;
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  assert_int_equal(read_amm(FIXTURE("amm-truncated.xml"), &f, &s, &d), EML_ERR_VALUE);
  assert_int_equal(f.nrecords, 0);
  assert_null(f.records);
  char got[512], want[512];
  eml_diag_format(&d, got, sizeof got);
  snprintf(want, sizeof want, "%s:63: XML mal formé : ", FIXTURE("amm-truncated.xml"));
  assert_memory_equal(got, want, strlen(want));
  eml_finess_amm_file_free(&f);
}

static void count_above_the_schema(void **state) {
  (void)state;
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  const char *path = FIXTURE("amm-count-above-max.xml");
  char want[512];
  snprintf(want, sizeof want,
           "%s:62: élément irm : au-delà du maximum du schéma (18) (valeur « 19 »)", path);
  assert_int_equal(read_amm(path, &f, &s, &d), EML_OK);
  assert_counts(&f, 2, 1, 0, 1);
  assert_string_equal(s.reject[0], want);
  assert_non_null(strstr(f.rejects[0].xml, "    <irm>19</irm>\n"));
  eml_finess_amm_file_free(&f);
}

/* An imaging record of the lines below; extra: children after dateautor. */
#define RECORD(code, activite, mention, extra)                                                 \
  "<activiteamm>\n  <nofinessej>750712184</nofinessej>\n  <activite>" activite "</activite>\n" \
  "  <modalite>MO000</modalite>\n  <mention>" mention "</mention>\n"                           \
  "  <codeautorarhgos>" code "</codeautorarhgos>\n  <dateautor>2024-01-15</dateautor>\n"       \
  "  <nofinesset>750000010</nofinesset>\n" extra "</activiteamm>\n"

/* Hand-written cases, each line counted: a …meo above its count (capped),
 * a mention of another activity, the same authorisation twice, a count
 * that is not a number, QA018 with another modalité (skipped), a list
 * container with children (ignored). */
static void hand_written_cases(void **state) {
  (void)state;
  char *path = test_write_temp(
      "<?xml version=\"1.0\"?>\n<fluxarhgos>\n"                                   /* 1-2 */
      RECORD("A-1", "QEML1", "ME000",                                             /* 3-10 */
             "  <scanner>1</scanner>\n  <scannermeo>3</scannermeo>\n")            /* 11-12, 13 */
      RECORD("A-2", "QA030", "ME007", "")                                         /* 14-21, 22 */
      RECORD("A-1", "QEML1", "ME000", "")                                         /* 23-30, 31 */
      RECORD("A-3", "QEML1", "ME000", "  <irm>deux</irm>\n")                      /* 32-39, 40, 41 */
      "<activiteamm>\n  <activite>QA018</activite>\n  <modalite>MO008</modalite>\n" /* 42-44 */
      "</activiteamm>\n"                                                          /* 45 */
      RECORD("A-4", "QA040", "ME008",                                             /* 46-53 */
             "  <listeevenements>\n    <evenement><numordre>1</numordre></evenement>\n" /* 54-55 */
             "  </listeevenements>\n  <temp>2</temp>\n")                          /* 56-57, 58 */
      "</fluxarhgos>\n");
  eml_finess_amm_file f;
  seen s;
  eml_diag d;
  assert_int_equal(read_amm(path, &f, &s, &d), EML_OK);
  assert_counts(&f, 6, 2, 1, 3);
  char want[512];
  snprintf(want, sizeof want, "ligne 12 : élément <scannermeo> : 3 en service pour 1 autorisé "
                              "(codeautorarhgos A-1) : ramené à 1");
  assert_int_equal(s.nwarnings, 1);
  assert_string_equal(s.warning[0], want);
  assert_int_equal(f.capped, 1);
  assert_int_equal(f.records[0].count[EML_MOD_CT], 1);
  assert_int_equal(f.records[0].in_service[EML_MOD_CT], 1);
  assert_false(f.records[0].has_started);
  snprintf(want, sizeof want,
           "%s:18: élément mention : pas une mention de l'activité QA030 dans "
           "data/finess/amm-codes.csv (valeur « ME007 »)",
           path);
  assert_string_equal(s.reject[0], want);
  snprintf(want, sizeof want,
           "%s:28: élément codeautorarhgos : la même autorisation deux fois dans ce fichier (valeur « A-1 »)",
           path);
  assert_string_equal(s.reject[1], want);
  snprintf(want, sizeof want, "%s:40: élément irm : pas un nombre entier (valeur « deux »)", path);
  assert_string_equal(s.reject[2], want);
  assert_string_equal(f.records[1].authorisation, "A-4");
  assert_string_equal(f.records[1].mention, "B");
  assert_int_equal(f.records[1].count[EML_MOD_GAMMA], 2);
  assert_int_equal(f.nunknown, 0); /* the container's children are not unknown elements */
  assert_false(f.has_date);        /* no <horodatage> */
  eml_finess_amm_file_free(&f);
  remove(path);
  free(path);

  /* a file without any <activiteamm> */
  path = test_write_temp("<?xml version=\"1.0\"?>\n<fluxarhgos/>\n");
  assert_int_equal(read_amm(path, &f, &s, &d), EML_ERR_EMPTY);
  assert_string_equal(d.message, "aucun élément <activiteamm> dans le fichier");
  eml_finess_amm_file_free(&f);
  remove(path);
  free(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(research_record_is_skipped),
      cmocka_unit_test(imaging_record),
      cmocka_unit_test(every_activity),
      cmocka_unit_test(unknown_activity_code),
      cmocka_unit_test(unknown_element_listed_once),
      cmocka_unit_test(nil_count_reads_as_zero),
      cmocka_unit_test(truncated_file_keeps_nothing),
      cmocka_unit_test(count_above_the_schema),
      cmocka_unit_test(hand_written_cases),
  };
  return cmocka_run_group_tests(tests, load_codes, free_codes);
}
