/*
 * test_parse.c — integers, decimals (point and comma), booleans, FINESS keys.
 * The valid FINESS numbers are real ones (AP-HP 750712184, CHU de Lyon
 * 690781810, AP-HM 130786049); their Luhn sums were checked by hand.
 */
#include "test_helpers.h"

static void integers(void **state) {
  (void)state;
  int64_t v;
  assert_int_equal(eml_parse_int64(S("42"), &v), EML_OK);
  assert_int_equal(v, 42);
  assert_int_equal(eml_parse_int64(S("-7"), &v), EML_OK);
  assert_int_equal(v, -7);
  assert_int_equal(eml_parse_int64(S("9223372036854775807"), &v), EML_OK);
  assert_int_equal(eml_parse_int64(S("9223372036854775808"), &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_int64(S("4.0"), &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_int64(S(""), &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_int64(S("-"), &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_int64(S(" 4"), &v), EML_ERR_VALUE);
}

static void decimals(void **state) {
  (void)state;
  double v;
  assert_int_equal(eml_parse_double(S("12.5"), 0, &v), EML_OK);
  assert_true(v == 12.5);
  assert_int_equal(eml_parse_double(S("12,5"), 1, &v), EML_OK);
  assert_true(v == 12.5);
  assert_int_equal(eml_parse_double(S("12,5"), 0, &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_double(S("-0.25"), 0, &v), EML_OK);
  assert_true(v == -0.25);
  assert_int_equal(eml_parse_double(S("1e3"), 0, &v), EML_OK);
  assert_true(v == 1000.0);
  assert_int_equal(eml_parse_double(S("1e999"), 0, &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_double(S("nan"), 0, &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_double(S("inf"), 0, &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_double(S("0x10"), 0, &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_double(S("1.2.3"), 0, &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_double(S("."), 0, &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_double(S("1e"), 0, &v), EML_ERR_VALUE);
}

static void booleans(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int v;
  } ok[] = {{"1", 1},    {"0", 0},  {"true", 1}, {"FALSE", 0}, {"oui", 1}, {"Non", 0},
            {"yes", 1},  {"no", 0}, {"o", 1},    {"n", 0},     {"Y", 1}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    int v = -1;
    assert_int_equal(eml_parse_bool(ok[i].s, strlen(ok[i].s), &v), EML_OK);
    assert_int_equal(v, ok[i].v);
  }
  int v;
  assert_int_equal(eml_parse_bool(S("2"), &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_bool(S("ouii"), &v), EML_ERR_VALUE);
  assert_int_equal(eml_parse_bool(S(""), &v), EML_ERR_VALUE);
}

static void finess_keys(void **state) {
  (void)state;
  assert_int_equal(eml_finess_validate(S("750712184")), EML_FINESS_VALID);
  assert_int_equal(eml_finess_validate(S("690781810")), EML_FINESS_VALID);
  assert_int_equal(eml_finess_validate(S("130786049")), EML_FINESS_VALID);
  /* 7+1*2... : changing the key digit breaks it */
  assert_int_equal(eml_finess_validate(S("750712185")), EML_FINESS_BAD_KEY);
  assert_int_equal(eml_finess_validate(S("75071218")), EML_FINESS_BAD_LENGTH);
  assert_int_equal(eml_finess_validate(S("7507121840")), EML_FINESS_BAD_LENGTH);
  assert_int_equal(eml_finess_validate(S("75O712184")), EML_FINESS_BAD_CHARACTER);
  assert_int_equal(eml_finess_validate(S("2A0000014")), EML_FINESS_KEY_UNCHECKED);
  assert_int_equal(eml_finess_validate(S("2B000001X")), EML_FINESS_BAD_CHARACTER);
  /* the key completes the first eight digits */
  assert_int_equal(eml_finess_key("75071218"), 4);
  assert_int_equal(eml_finess_key("33000001"), 9);
  assert_string_equal(eml_finess_message(EML_FINESS_BAD_KEY), "clé de contrôle FINESS fausse");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(integers),
      cmocka_unit_test(decimals),
      cmocka_unit_test(booleans),
      cmocka_unit_test(finess_keys),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
