/*
 * parse.c — strict scalar parsers (eml/parse.h). Numbers are parsed with
 * strtod in the "C" locale (the library never changes the locale) on a
 * bounded copy, so a decimal comma is turned into a point first.
 */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

eml_status eml_parse_int64(const char *s, size_t len, int64_t *out) {
  size_t i = 0;
  int negative = 0;
  uint64_t v = 0;
  if (len == 0)
    return EML_ERR_VALUE;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    i = 1;
    if (len == 1)
      return EML_ERR_VALUE;
  }
  for (; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return EML_ERR_VALUE;
    if (v > (UINT64_MAX - 9) / 10)
      return EML_ERR_VALUE;
    v = v * 10 + (uint64_t)(s[i] - '0');
    if (v > (uint64_t)INT64_MAX + (uint64_t)negative)
      return EML_ERR_VALUE;
  }
  *out = negative ? (int64_t)(0 - v) : (int64_t)v;
  return EML_OK;
}

eml_status eml_parse_double(const char *s, size_t len, int decimal_comma, double *out) {
  char buf[64];
  int seen_digit = 0, seen_sep = 0;
  if (len == 0 || len >= sizeof buf)
    return EML_ERR_VALUE;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      seen_digit = 1;
    } else if (c == '.' || (c == ',' && decimal_comma)) {
      if (seen_sep)
        return EML_ERR_VALUE;
      seen_sep = 1;
      c = '.';
    } else if ((c == '-' || c == '+') && i == 0) {
    } else if ((c == 'e' || c == 'E') && seen_digit && i + 1 < len) {
      /* exponent: digits with an optional sign must follow */
      size_t j = i + 1;
      if (s[j] == '-' || s[j] == '+')
        j++;
      if (j == len)
        return EML_ERR_VALUE;
      for (size_t k = j; k < len; k++)
        if (s[k] < '0' || s[k] > '9')
          return EML_ERR_VALUE;
      memcpy(buf + i, s + i, len - i);
      i = len;
      break;
    } else {
      return EML_ERR_VALUE;
    }
    buf[i] = c;
  }
  if (!seen_digit)
    return EML_ERR_VALUE;
  buf[len] = '\0';
  errno = 0;
  char *end;
  double v = strtod(buf, &end);
  if (end != buf + len || errno == ERANGE || !isfinite(v))
    return EML_ERR_VALUE;
  *out = v;
  return EML_OK;
}

eml_status eml_parse_bool(const char *s, size_t len, int *out) {
  static const struct {
    const char *word;
    int value;
  } words[] = {{"1", 1},   {"0", 0},     {"true", 1}, {"false", 0}, {"oui", 1}, {"non", 0},
               {"yes", 1}, {"no", 0},    {"o", 1},    {"n", 0},     {"y", 1},   {"vrai", 1},
               {"faux", 0}};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    if (strlen(words[i].word) == len && strncasecmp(words[i].word, s, len) == 0) {
      *out = words[i].value;
      return EML_OK;
    }
  }
  return EML_ERR_VALUE;
}

/* Luhn: from the rightmost digit, every second digit is doubled (minus 9
 * when above 9); the sum of all must be a multiple of 10. */
int eml_finess_key(const char digits8[8]) {
  int sum = 0;
  for (int i = 7, dbl = 1; i >= 0; i--, dbl = !dbl) {
    int d = digits8[i] - '0';
    if (dbl) {
      d *= 2;
      if (d > 9)
        d -= 9;
    }
    sum += d;
  }
  return (10 - sum % 10) % 10;
}

eml_finess_check eml_finess_validate(const char *s, size_t len) {
  if (len != 9)
    return EML_FINESS_BAD_LENGTH;
  int corsica = s[0] == '2' && (s[1] == 'A' || s[1] == 'B' || s[1] == 'a' || s[1] == 'b');
  for (size_t i = corsica ? 2 : 0; i < 9; i++)
    if (s[i] < '0' || s[i] > '9')
      return EML_FINESS_BAD_CHARACTER;
  if (corsica)
    return EML_FINESS_KEY_UNCHECKED;
  if (eml_finess_key(s) != s[8] - '0')
    return EML_FINESS_BAD_KEY;
  return EML_FINESS_VALID;
}

const char *eml_finess_message(eml_finess_check check) {
  switch (check) {
  case EML_FINESS_VALID:
    return _("valide");
  case EML_FINESS_KEY_UNCHECKED:
    return _("numéro corse : clé de contrôle non vérifiée");
  case EML_FINESS_BAD_LENGTH:
    return _("un numéro FINESS a 9 caractères");
  case EML_FINESS_BAD_CHARACTER:
    return _("un numéro FINESS n'a que des chiffres (2A/2B pour la Corse)");
  case EML_FINESS_BAD_KEY:
    return _("clé de contrôle FINESS fausse");
  }
  return _("numéro FINESS invalide");
}
