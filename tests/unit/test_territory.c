/*
 * test_territory.c — the built-in départements and regions, and the
 * département of a FINESS number.
 *
 * Expected values, typed independently of the table:
 * - the 101 codes are generated here by their rule (01…95 without 20, with
 *   2A and 2B in its place, then 971…974 and 976);
 * - the number of départements per 2016 region is the known one
 *   (Île-de-France 8, Occitanie 13, Nouvelle-Aquitaine 12,
 *   Auvergne-Rhône-Alpes 12, Grand Est 10, Bourgogne-Franche-Comté 8,
 *   Centre-Val de Loire 6, Provence-Alpes-Côte d'Azur 6, Hauts-de-France 5,
 *   Normandie 5, Pays de la Loire 5, Bretagne 4, Corse 2, and 1 for each of
 *   the 5 overseas regions: 101 in all);
 * - the FINESS numbers are real: AP-HP 750712184, CHU de Lyon 690781810,
 *   AP-HM 130786049, and overseas establishments from the etalab extraction
 *   cs1100502 (970100012 Polyclinique de la Guadeloupe, 970210126 CMPP Aloès
 *   Martinique, 970300026 CH de Cayenne, 970400024 CHU Félix Guyon La
 *   Réunion, 980501506 a lieu de vie in Mayotte, 980600027 Hôpital de Sia,
 *   Wallis-et-Futuna: no département).
 * - the demo sites (data/idf-2017/sites.csv, read with eml's CSV reader):
 *   each FINESS is valid and names the département of its territory
 *   column, one of the 8 of Île-de-France (region 11); 204 sites, as
 *   make_demo.py reports.
 */
#include <stdio.h>

#include "test_helpers.h"

static void every_code_found(void **state) {
  (void)state;
  char codes[101][4];
  size_t n = 0;
  for (int d = 1; d <= 95; d++) {
    if (d == 20) {
      snprintf(codes[n++], 4, "2A");
      snprintf(codes[n++], 4, "2B");
    } else {
      snprintf(codes[n++], 4, "%02d", d);
    }
  }
  static const char *const overseas[] = {"971", "972", "973", "974", "976"};
  for (size_t i = 0; i < 5; i++)
    snprintf(codes[n++], 4, "%s", overseas[i]);
  assert_int_equal(n, 101);
  assert_int_equal(eml_territory_count(), 101);
  for (size_t i = 0; i < n; i++) {
    const eml_territory *t = eml_territory_find(codes[i]);
    assert_non_null(t);
    assert_string_equal(t->code, codes[i]);
    assert_ptr_equal(eml_territory_at(i), t); /* table in code order */
    assert_true(strlen(t->name) > 2);
    assert_non_null(t->region_name);
    assert_string_equal(eml_region_name(t->region_code), t->region_name);
  }
  assert_null(eml_territory_at(101));
}

static void names_and_regions(void **state) {
  (void)state;
  static const struct {
    const char *code, *name, *region_code, *region_name;
  } cases[] = {
      {"75", "Paris", "11", "Île-de-France"},
      {"93", "Seine-Saint-Denis", "11", "Île-de-France"},
      {"95", "Val-d'Oise", "11", "Île-de-France"},
      {"07", "Ardèche", "84", "Auvergne-Rhône-Alpes"},
      {"2A", "Corse-du-Sud", "94", "Corse"},
      {"2b", "Haute-Corse", "94", "Corse"},
      {"21", "Côte-d'Or", "27", "Bourgogne-Franche-Comté"},
      {"22", "Côtes-d'Armor", "53", "Bretagne"},
      {"13", "Bouches-du-Rhône", "93", "Provence-Alpes-Côte d'Azur"},
      {"57", "Moselle", "44", "Grand Est"},
      {"64", "Pyrénées-Atlantiques", "75", "Nouvelle-Aquitaine"},
      {"90", "Territoire de Belfort", "27", "Bourgogne-Franche-Comté"},
      {"974", "La Réunion", "04", "La Réunion"},
      {"976", "Mayotte", "06", "Mayotte"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const eml_territory *t = eml_territory_find(cases[i].code);
    assert_non_null(t);
    assert_string_equal(t->name, cases[i].name);
    assert_string_equal(t->region_code, cases[i].region_code);
    assert_string_equal(t->region_name, cases[i].region_name);
  }
}

static void regions_and_their_size(void **state) {
  (void)state;
  static const struct {
    const char *code, *name;
    int departements;
  } cases[] = {
      {"01", "Guadeloupe", 1},
      {"02", "Martinique", 1},
      {"03", "Guyane", 1},
      {"04", "La Réunion", 1},
      {"06", "Mayotte", 1},
      {"11", "Île-de-France", 8},
      {"24", "Centre-Val de Loire", 6},
      {"27", "Bourgogne-Franche-Comté", 8},
      {"28", "Normandie", 5},
      {"32", "Hauts-de-France", 5},
      {"44", "Grand Est", 10},
      {"52", "Pays de la Loire", 5},
      {"53", "Bretagne", 4},
      {"75", "Nouvelle-Aquitaine", 12},
      {"76", "Occitanie", 13},
      {"84", "Auvergne-Rhône-Alpes", 12},
      {"93", "Provence-Alpes-Côte d'Azur", 6},
      {"94", "Corse", 2},
  };
  assert_int_equal(eml_region_count(), 18);
  for (size_t r = 0; r < 18; r++) {
    assert_string_equal(eml_region_code_at(r), cases[r].code);
    assert_string_equal(eml_region_name(cases[r].code), cases[r].name);
    int count = 0;
    for (size_t i = 0; i < eml_territory_count(); i++)
      count += strcmp(eml_territory_at(i)->region_code, cases[r].code) == 0;
    assert_int_equal(count, cases[r].departements);
  }
  assert_null(eml_region_code_at(18));
  assert_null(eml_region_name("05"));
  assert_null(eml_region_name(NULL));
}

static void unknown_codes(void **state) {
  (void)state;
  static const char *const unknown[] = {"", "0", "00", "20", "96", "975", "977", "2C",
                                        "7", "750", "75 ", " 75", "9A", "Paris"};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
    assert_null(eml_territory_find(unknown[i]));
  assert_null(eml_territory_find(NULL));
}

static void alsace_moselle(void **state) {
  (void)state;
  assert_true(eml_territory_alsace_moselle("57"));
  assert_true(eml_territory_alsace_moselle("67"));
  assert_true(eml_territory_alsace_moselle("68"));
  assert_false(eml_territory_alsace_moselle("54"));
  assert_false(eml_territory_alsace_moselle("75"));
  assert_false(eml_territory_alsace_moselle("570"));
  assert_false(eml_territory_alsace_moselle(NULL));
}

static void departement_of_finess(void **state) {
  (void)state;
  static const struct {
    const char *finess;
    eml_status status;
    const char *departement;
  } cases[] = {
      {"750712184", EML_OK, "75"},
      {"690781810", EML_OK, "69"},
      {"130786049", EML_OK, "13"},
      {"010000024", EML_OK, "01"},
      {"2A0000014", EML_OK, "2A"},
      {"2b0000012", EML_OK, "2B"},
      {"970100012", EML_OK, "971"},
      {"970210126", EML_OK, "972"},
      {"970300026", EML_OK, "973"},
      {"970400024", EML_OK, "974"},
      {"980501506", EML_OK, "976"},
      {"9A", EML_OK, "971"},
      {"9b", EML_OK, "972"},
      {"9C0000000", EML_OK, "973"},
      {"9D", EML_OK, "974"},
      {"9F", EML_OK, "976"},
      {"75", EML_OK, "75"},
      {"9E", EML_ERR_NOT_FOUND, ""},        /* Saint-Pierre-et-Miquelon */
      {"980600027", EML_ERR_NOT_FOUND, ""}, /* Wallis-et-Futuna */
      {"970500000", EML_ERR_NOT_FOUND, ""},
      {"200000000", EML_ERR_NOT_FOUND, ""},
      {"960000000", EML_ERR_NOT_FOUND, ""},
      {"Y70100012", EML_ERR_NOT_FOUND, ""},
      {"x", EML_ERR_VALUE, ""},
      {"", EML_ERR_VALUE, ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[4] = "zz";
    assert_int_equal(eml_territory_from_finess(cases[i].finess, out), cases[i].status);
    assert_string_equal(out, cases[i].departement);
  }
  char out[4];
  assert_int_equal(eml_territory_from_finess(NULL, out), EML_ERR_VALUE);
  assert_string_equal(out, "");
}

/* Every site of the demo data: FINESS valid, its département = territory. */
static void demo_sites(void **state) {
  (void)state;
  eml_csv_reader *csv = NULL;
  eml_diag diag;
  assert_int_equal(eml_csv_open(EML_SOURCE_DIR "/data/idf-2017/sites.csv", NULL, &csv, &diag),
                   EML_OK);
  int finess_col = eml_csv_column(csv, "finess"), territory_col = eml_csv_column(csv, "territory");
  assert_true(finess_col >= 0 && territory_col >= 0);
  int sites = 0, has_record = 0;
  while (eml_csv_next(csv, &has_record, &diag) == EML_OK && has_record) {
    size_t len;
    const char *finess = eml_csv_field(csv, (size_t)finess_col, &len);
    const char *territory = eml_csv_field(csv, (size_t)territory_col, NULL);
    assert_int_equal(eml_finess_validate(finess, len), EML_FINESS_VALID);
    char departement[4];
    assert_int_equal(eml_territory_from_finess(finess, departement), EML_OK);
    assert_string_equal(departement, territory);
    const eml_territory *t = eml_territory_find(territory);
    assert_non_null(t);
    assert_string_equal(t->region_name, "Île-de-France");
    sites++;
  }
  assert_int_equal(has_record, 0);
  assert_int_equal(sites, 204);
  eml_csv_close(csv);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_code_found),       cmocka_unit_test(names_and_regions),
      cmocka_unit_test(regions_and_their_size), cmocka_unit_test(unknown_codes),
      cmocka_unit_test(alsace_moselle),         cmocka_unit_test(departement_of_finess),
      cmocka_unit_test(demo_sites),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
