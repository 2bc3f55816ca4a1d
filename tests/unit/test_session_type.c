/*
 * test_session_type.c — the session-type table of imaging.md: codes,
 * French labels of seed 001, groups.
 */
#include "test_helpers.h"

static void parse_codes_and_labels(void **state) {
  (void)state;
  static const struct {
    const char *text;
    eml_session_type type;
    eml_session_group group;
  } cases[] = {
      {"PUBLIC_PROGRAMMED", EML_SESSION_PUBLIC_PROGRAMMED, EML_GROUP_PROGRAMMED},
      {"Vacation publique - Programmée", EML_SESSION_PUBLIC_PROGRAMMED, EML_GROUP_PROGRAMMED},
      {"vacation libérale", EML_SESSION_LIBERAL, EML_GROUP_PROGRAMMED},
      {" PH_OTHER ", EML_SESSION_PH_OTHER, EML_GROUP_PROGRAMMED},
      {"Vacation urgence", EML_SESSION_EMERGENCY, EML_GROUP_EXTENDED},
      {"Panne", EML_SESSION_BREAKDOWN, EML_GROUP_EXTENDED},
      {"research", EML_SESSION_RESEARCH, EML_GROUP_EXTENDED},
      {"Permanence des soins", EML_SESSION_ON_CALL, EML_GROUP_TOTAL},
      {"Contrôle qualité", EML_SESSION_QUALITY_CONTROL, EML_GROUP_TOTAL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_session_type t;
    assert_int_equal(eml_session_type_parse(cases[i].text, strlen(cases[i].text), &t), EML_OK);
    assert_int_equal(t, cases[i].type);
    assert_int_equal(eml_session_type_group(t), cases[i].group);
  }
  eml_session_type t;
  assert_int_equal(eml_session_type_parse(S("Vacation"), &t), EML_ERR_VALUE);
  assert_int_equal(eml_session_type_parse(S(""), &t), EML_ERR_VALUE);
  assert_string_equal(eml_session_type_code(EML_SESSION_ON_CALL), "ON_CALL");
  assert_string_equal(eml_session_type_label(EML_SESSION_MAINTENANCE), "Maintenance");
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(parse_codes_and_labels)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
