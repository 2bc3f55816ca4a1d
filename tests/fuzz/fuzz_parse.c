/*
 * fuzz_parse.c — libFuzzer harness of the scalar parsers (eml/parse.h) and
 * of the register's code tables: integer, decimal number (point and comma),
 * boolean, FINESS, modality, unit, legal status, encoding name. Invariants:
 * no crash, no read past len (the input is copied to an exact-size heap
 * block so ASan sees any overrun), a parsed double is finite, a FINESS
 * accepted is nine characters, an integer written back parses to itself.
 */
#include <inttypes.h>
#include <math.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = fuzz_exact_copy(data, size);
  int64_t i;
  if (eml_parse_int64(s, size, &i) == EML_OK) {
    char back[32];
    int n = snprintf(back, sizeof back, "%" PRId64, i);
    int64_t again;
    if (eml_parse_int64(back, (size_t)n, &again) != EML_OK || again != i)
      fuzz_fail("an integer written back does not parse to itself");
  }
  for (int comma = 0; comma < 2; comma++) {
    double d;
    if (eml_parse_double(s, size, comma, &d) == EML_OK && !isfinite(d))
      fuzz_fail("a parsed number is not finite");
  }
  int b;
  (void)eml_parse_bool(s, size, &b);
  eml_finess_check fc = eml_finess_validate(s, size);
  if ((fc == EML_FINESS_VALID || fc == EML_FINESS_KEY_UNCHECKED) && size != 9)
    fuzz_fail("a FINESS number accepted that is not nine characters");
  if (!eml_finess_message(fc))
    fuzz_fail("no message for a FINESS check");
  eml_modality m;
  if (eml_modality_parse(s, size, &m) == EML_OK && !eml_modality_code(m))
    fuzz_fail("modality without a code");
  eml_unit u;
  (void)eml_unit_parse(s, size, &u);
  const char *canonical;
  (void)eml_legal_status_parse(s, size, &canonical);
  (void)eml_utf8_invalid_at(s, size);
  free(s);
  return 0;
}
