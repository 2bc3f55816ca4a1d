/*
 * test_regime_counts.c — the counts of the register under the 2023 regime
 * (eml/regime.h, lib/domain/regime_counts.c) on a register written here,
 * each figure derived beside it (docs/regime-2023.md "Dates", "Devices of
 * an activity"). D = 2025-06-30. Sites: S1 750000010 and S2 750000028 in
 * zone 75, S3 780000014 in 78. Then the checks of an imaging site on
 * counts given here (eml_regime_site_check).
 */
#include "test_helpers.h"

#include <stdlib.h>

#define D(y, m, d) eml_date_from_civil(y, m, d)

static void counts(void **state) {
  (void)state;
  eml_site sites[] = {{.finess = "750000010", .territory = "75"},
                      {.finess = "750000028", .territory = "75"},
                      {.finess = "780000014", .territory = "78"}};
  eml_authorisation auts[] = {
      /* S1: two IMAGING holders (one implantation), A2 not implemented */
      {.id = "A1", .finess = "750000010", .activity = EML_ACT_IMAGING, .decided_on = D(2023, 6, 1),
       .has_started = 1, .started_on = D(2023, 6, 1)},
      {.id = "A2", .finess = "750000010", .activity = EML_ACT_IMAGING, .decided_on = D(2025, 1, 1)},
      /* S1: INTERVENTIONAL mention B (its CT is not an imaging device) */
      {.id = "R1", .finess = "750000010", .activity = EML_ACT_INTERVENTIONAL, .mention = "B",
       .decided_on = D(2023, 6, 1), .has_started = 1, .started_on = D(2023, 6, 1)},
      /* S2: IMAGING ended on D: not in force (D < until fails) */
      {.id = "A3", .finess = "750000028", .activity = EML_ACT_IMAGING, .decided_on = D(2023, 6, 1),
       .has_until = 1, .until = D(2025, 6, 30)},
      /* S3: IMAGING decided after D: not in force */
      {.id = "A4", .finess = "780000014", .activity = EML_ACT_IMAGING, .decided_on = D(2025, 7, 1)},
  };
  eml_declared_device devs[] = {
      {.id = "C1", .authorisation_id = "A1", .modality = EML_MOD_CT, .declared_on = D(2020, 1, 1)},
      {.id = "M1", .authorisation_id = "A2", .modality = EML_MOD_MRI, .declared_on = D(2025, 6, 30),
       .justified = 1}, /* declared on D: counts */
      {.id = "M2", .authorisation_id = "A1", .modality = EML_MOD_MRI, .declared_on = D(2020, 1, 1),
       .has_removed = 1, .removed_on = D(2025, 6, 30)}, /* removed on D: not */
      {.id = "C2", .authorisation_id = "R1", .modality = EML_MOD_CT, .declared_on = D(2020, 1, 1)},
      {.id = "C3", .authorisation_id = "A3", .modality = EML_MOD_CT, .declared_on = D(2020, 1, 1)},
  };
  eml_convention conv[] = {
      {.finess = "750000028", .partner_finess = "750000010", .modality = EML_MOD_MRI,
       .from = D(2023, 9, 1)},
      {.finess = "750000010", .partner_finess = "750000028", .modality = EML_MOD_CT,
       .from = D(2023, 9, 1), .has_until = 1, .until = D(2025, 1, 31)}, /* ended */
  };
  eml_register reg = {.sites = sites, .nsites = 3, .authorisations = auts, .nauthorisations = 5,
                      .devices = devs, .ndevices = 5, .conventions = conv, .nconventions = 2};
  eml_register_sort(&reg);
  eml_date at = D(2025, 6, 30);
  eml_regime_site *c = NULL;
  assert_int_equal(eml_regime_site_counts(&reg, at, &c), EML_OK);
  /* S1: C1 (A1) + M1 (A2) = 2 devices, 1 CT, 1 MRI, 1 justified; C2 is
   * INTERVENTIONAL, M2 removed on D; its CT convention ended */
  assert_int_equal(c[0].devices, 2);
  assert_int_equal(c[0].ct, 1);
  assert_int_equal(c[0].mri, 1);
  assert_int_equal(c[0].justified, 1);
  assert_int_equal(c[0].convention_ct, 0);
  assert_int_equal(c[0].implanted[EML_ACT_IMAGING], 1);
  assert_int_equal(c[0].implanted[EML_ACT_INTERVENTIONAL], 1);
  assert_int_equal(c[0].implanted[EML_ACT_NUCLEAR], 0);
  /* S2: A3 not in force: C3 not counted, not implanted; MRI convention in force */
  assert_int_equal(c[1].devices, 0);
  assert_int_equal(c[1].implanted[EML_ACT_IMAGING], 0);
  assert_int_equal(c[1].convention_mri, 1);
  /* S3: A4 after D */
  assert_int_equal(c[2].implanted[EML_ACT_IMAGING], 0);
  free(c);

  eml_regime_zone z;
  /* 75 IMAGING: S1 only (two holders, one implantation); A1 + A2 in force, A2 not implemented */
  assert_int_equal(eml_regime_zone_implantations(&reg, at, EML_ACT_IMAGING, "", "75", &z), EML_OK);
  assert_int_equal(z.implantations, 1);
  assert_int_equal(z.authorisations, 2);
  assert_int_equal(z.not_implemented, 1);
  /* a day later A3 still ended, A4 in force at S3 (78) */
  assert_int_equal(eml_regime_zone_implantations(&reg, D(2025, 7, 1), EML_ACT_IMAGING, "", "78", &z),
                   EML_OK);
  assert_int_equal(z.implantations, 1);
  assert_int_equal(z.not_implemented, 1);
  /* INTERVENTIONAL: mention B counts for B and for every mention, not for A */
  assert_int_equal(eml_regime_zone_implantations(&reg, at, EML_ACT_INTERVENTIONAL, "B", "75", &z),
                   EML_OK);
  assert_int_equal(z.implantations, 1);
  assert_int_equal(eml_regime_zone_implantations(&reg, at, EML_ACT_INTERVENTIONAL, "", "75", &z),
                   EML_OK);
  assert_int_equal(z.implantations, 1);
  assert_int_equal(eml_regime_zone_implantations(&reg, at, EML_ACT_INTERVENTIONAL, "A", "75", &z),
                   EML_OK);
  assert_int_equal(z.implantations, 0);
  assert_int_equal(eml_register_find_authorisation(&reg, "R1"), 4); /* A1 A2 A3 A4 R1 */
  assert_int_equal(eml_register_find_authorisation(&reg, "R9"), -1);
}

/* eml_regime_site_check, one case per line: counts {devices, ct, mri,
 * justified, convention_ct, convention_mri}, the check, whether it trips
 * (docs/regime-2023.md "The checks of a site": 1 >= 3 devices lacking a
 * type, a convention does not lift it; 2 more than 3 not justified; 3 not
 * applied; 4 a single type without a convention for the missing one). */
static void site_checks(void **state) {
  (void)state;
  static const struct {
    eml_regime_site k;
    int check, trips;
  } cases[] = {
      {{0, 0, 0, 0, 0, 0, {0}}, 1, 0}, /* no imaging device: not checked */
      {{0, 0, 0, 0, 0, 0, {0}}, 4, 0},
      {{3, 3, 0, 0, 0, 1, {0}}, 1, 1}, /* 3 CT, MRI by convention: still 1 */
      {{3, 3, 0, 0, 0, 1, {0}}, 4, 0}, /* ... but not 4 */
      {{3, 2, 1, 0, 0, 0, {0}}, 1, 0}, /* both types */
      {{2, 2, 0, 0, 0, 0, {0}}, 1, 0}, /* 2 < 3 */
      {{2, 2, 0, 0, 0, 0, {0}}, 4, 1},
      {{1, 0, 1, 0, 1, 0, {0}}, 4, 0}, /* MRI only, CT by convention */
      {{1, 0, 1, 0, 0, 1, {0}}, 4, 1}, /* the convention is for the wrong type */
      {{4, 2, 2, 0, 0, 0, {0}}, 2, 1}, /* 4 - 0 > 3 */
      {{4, 2, 2, 1, 0, 0, {0}}, 2, 0}, /* 4 - 1 = 3 */
      {{5, 2, 3, 1, 0, 0, {0}}, 2, 1}, /* 5 - 1 > 3 */
      {{9, 4, 5, 0, 0, 0, {0}}, 3, 0}, /* no maximum in the sources: never */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char why[256] = "";
    int trips = eml_regime_site_check(NULL, &cases[i].k, cases[i].check, why, sizeof why);
    if (trips != cases[i].trips)
      fail_msg("case %zu: check %d gave %d (%s)", i, cases[i].check, trips, why);
  }
  char why[256];
  eml_regime_site k = {3, 3, 0, 0, 0, 0, {0}};
  assert_int_equal(eml_regime_site_check(NULL, &k, 1, why, sizeof why), 1);
  assert_string_equal(why, "3 appareils, 3 scanners, 0 IRM — site de 3 appareils ou plus sans "
                           "IRM (une convention ne lève pas cette règle).");
  k = (eml_regime_site){5, 2, 3, 1, 0, 0, {0}};
  assert_int_equal(eml_regime_site_check(NULL, &k, 2, why, sizeof why), 1);
  assert_string_equal(why, "5 appareils, 1 justifié — plus de 3 appareils sans demande "
                           "justifiée pour ceux au-delà du 3e.");
  k = (eml_regime_site){1, 0, 1, 0, 0, 0, {0}};
  assert_int_equal(eml_regime_site_check(NULL, &k, 4, why, sizeof why), 1);
  assert_string_equal(why, "0 scanner, 1 IRM, aucune convention en vigueur pour un scanner — "
                           "site d'un seul type sans convention.");
}

/* The checks read the rules, not built-in figures: an edited rules file
 * (declaration maximum 4, mix minimum 4, a maximum of 6, no convention
 * required) moves each check's edge by its figure. */
static void site_checks_rules(void **state) {
  (void)state;
  eml_regime_rule rows[] = {
      {"imaging_devices_by_declaration_max", 1, EML_ACT_IMAGING, "4", "", "", "", ""},
      {"imaging_mix_min_devices", 1, EML_ACT_IMAGING, "4", "", "", "", ""},
      {"imaging_devices_max_justified", 1, EML_ACT_IMAGING, "6", "", "", "", ""},
      {"imaging_single_type_convention", 1, EML_ACT_IMAGING, "0", "", "", "", ""},
  };
  eml_regime_rules rules = {rows, sizeof rows / sizeof rows[0]};
  static const struct {
    eml_regime_site k;
    int check, trips;
  } cases[] = {
      {{4, 2, 2, 0, 0, 0, {0}}, 2, 0}, /* 4 - 0 = 4, not > 4 (shipped: trips) */
      {{5, 2, 3, 0, 0, 0, {0}}, 2, 1}, /* 5 - 0 > 4 */
      {{3, 3, 0, 0, 0, 0, {0}}, 1, 0}, /* 3 < 4 (shipped: trips) */
      {{4, 4, 0, 0, 0, 0, {0}}, 1, 1}, /* 4 >= 4, no MRI */
      {{6, 3, 3, 2, 0, 0, {0}}, 3, 0}, /* 6, not > 6 */
      {{7, 3, 4, 3, 0, 0, {0}}, 3, 1}, /* 7 > 6 */
      {{2, 2, 0, 0, 0, 0, {0}}, 4, 0}, /* no convention required (shipped: trips) */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char why[256] = "";
    int trips = eml_regime_site_check(&rules, &cases[i].k, cases[i].check, why, sizeof why);
    if (trips != cases[i].trips)
      fail_msg("case %zu: check %d gave %d (%s)", i, cases[i].check, trips, why);
  }
  char why[256];
  eml_regime_site k = {5, 2, 3, 0, 0, 0, {0}};
  assert_int_equal(eml_regime_site_check(&rules, &k, 2, why, sizeof why), 1);
  assert_string_equal(why, "5 appareils, 0 justifié — plus de 4 appareils sans demande "
                           "justifiée pour ceux au-delà du 4e.");
  k = (eml_regime_site){4, 4, 0, 0, 0, 0, {0}};
  assert_int_equal(eml_regime_site_check(&rules, &k, 1, why, sizeof why), 1);
  assert_string_equal(why, "4 appareils, 4 scanners, 0 IRM — site de 4 appareils ou plus sans "
                           "IRM (une convention ne lève pas cette règle).");
  k = (eml_regime_site){7, 3, 4, 3, 0, 0, {0}};
  assert_int_equal(eml_regime_site_check(&rules, &k, 3, why, sizeof why), 1);
  assert_string_equal(why, "7 appareils — au-delà du maximum de 6 appareils par site.");
  /* the shipped file gives the built-in figures */
  eml_regime_site_figures f = eml_regime_site_figures_of(NULL);
  assert_int_equal(f.declaration_max, 3);
  assert_int_equal(f.mix_min, 3);
  assert_int_equal(f.has_max, 0);
  f = eml_regime_site_figures_of(&rules);
  assert_int_equal(f.declaration_max, 4);
  assert_int_equal(f.max, 6);
  assert_int_equal(f.convention_required, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(counts), cmocka_unit_test(site_checks),
                                     cmocka_unit_test(site_checks_rules)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
