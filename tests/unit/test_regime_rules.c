/*
 * test_regime_rules.c — the 2023 regime's vocabulary and rules file
 * (eml/regime.h): activity codes, data/regimes/2023.csv read as shipped,
 * the lookup by (rule, activity) with its fallback to the row without an
 * activity, empty values not applied, mentions, and the errors of a bad
 * rules file to the byte.
 *
 * Expected values are those written in data/regimes/2023.csv (rows
 * imaging_devices_by_declaration_max = 3, imaging_devices_max_justified
 * empty, balance_published_min_days_before_window = 15 without activity,
 * rt_min_patients_per_year = 600, mentions NUCLEAR "A B", INTERVENTIONAL
 * "A B C D", RADIOTHERAPY "A B C1 C2"; 15 rows).
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_helpers.h"

static void activity_codes(void **state) {
  (void)state;
  eml_activity a;
  CHECK_OK(eml_activity_parse(S(" imaging "), &a));
  assert_int_equal(a, EML_ACT_IMAGING);
  CHECK_OK(eml_activity_parse(S("RADIOTHERAPY"), &a));
  assert_int_equal(a, EML_ACT_RADIOTHERAPY);
  assert_int_equal(eml_activity_parse(S("CT"), &a), EML_ERR_VALUE);
  assert_int_equal(eml_activity_parse(S(""), &a), EML_ERR_VALUE);
  assert_string_equal(eml_activity_code(EML_ACT_NUCLEAR), "NUCLEAR");
  assert_string_equal(eml_activity_title(EML_ACT_NUCLEAR), "Médecine nucléaire");
  assert_string_equal(eml_activity_code((eml_activity)99), "?");
}

static void shipped_rules(void **state) {
  (void)state;
  eml_regime_rules rules;
  eml_diag diag;
  CHECK_OK(eml_regime_rules_load(EML_SOURCE_DIR "/data/regimes/2023.csv", &rules, &diag));
  assert_int_equal(rules.n, 15);
  int64_t v = -1;
  assert_true(eml_regime_rule_int(&rules, "imaging_devices_by_declaration_max", EML_ACT_IMAGING, &v));
  assert_int_equal(v, 3);
  /* empty value: not applied */
  assert_false(eml_regime_rule_int(&rules, "imaging_devices_max_justified", EML_ACT_IMAGING, &v));
  assert_non_null(eml_regime_rule_find(&rules, "imaging_devices_max_justified", EML_ACT_IMAGING));
  /* a rule without an activity serves every activity */
  assert_true(eml_regime_rule_int(&rules, "balance_published_min_days_before_window",
                                  EML_ACT_NUCLEAR, &v));
  assert_int_equal(v, 15);
  assert_true(eml_regime_rule_int(&rules, "rt_min_patients_per_year", EML_ACT_RADIOTHERAPY, &v));
  assert_int_equal(v, 600);
  /* a rule of another activity does not serve */
  assert_null(eml_regime_rule_find(&rules, "rt_min_patients_per_year", EML_ACT_IMAGING));
  assert_null(eml_regime_rule_find(&rules, "no_such_rule", EML_ACT_IMAGING));
  const eml_regime_rule *r =
      eml_regime_rule_find(&rules, "rt_min_accelerators_per_site", EML_ACT_RADIOTHERAPY);
  assert_non_null(r);
  assert_string_equal(r->source, "Code de la santé publique R. 6123-93-2 (spec regime-2023.md)");
  assert_true(eml_regime_mention_allowed(&rules, EML_ACT_NUCLEAR, "B"));
  assert_false(eml_regime_mention_allowed(&rules, EML_ACT_NUCLEAR, "C"));
  assert_true(eml_regime_mention_allowed(&rules, EML_ACT_INTERVENTIONAL, "d"));
  assert_true(eml_regime_mention_allowed(&rules, EML_ACT_RADIOTHERAPY, "C2"));
  assert_false(eml_regime_mention_allowed(&rules, EML_ACT_RADIOTHERAPY, "C"));
  assert_false(eml_regime_mention_allowed(&rules, EML_ACT_IMAGING, "A"));
  eml_regime_rules_free(&rules);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void expect_error(const char *text, const char *message) {
  char path[] = "/tmp/eml_rules_XXXXXX";
  test_temp_file(path);
  write_file(path, text);
  eml_regime_rules rules;
  eml_diag diag;
  assert_int_not_equal(eml_regime_rules_load(path, &rules, &diag), EML_OK);
  assert_int_equal(rules.n, 0);
  char buf[512], want[512];
  eml_diag_format(&diag, buf, sizeof buf);
  snprintf(want, sizeof want, "%s:%s", path, message);
  assert_string_equal(buf, want);
  remove(path);
}

static void bad_rules(void **state) {
  (void)state;
  expect_error("rule,activity,value,source\nx,CT,1,s\n",
               "2: colonne activity : activité inconnue (IMAGING, NUCLEAR, INTERVENTIONAL ou "
               "RADIOTHERAPY) (valeur « CT »)");
  expect_error("rule,activity,value,source\nx,,1,s\nx,,2,s\n",
               "3: colonne rule : règle donnée deux fois pour cette activité (valeur « x »)");
  expect_error("rule,activity,value\nx,,1\n", "1: colonne source : colonne obligatoire absente de l'en-tête");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(activity_codes),
      cmocka_unit_test(shipped_rules),
      cmocka_unit_test(bad_rules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
