/*
 * eml/parse.h — strict parsers of the scalar values found in input files:
 * integers, decimal numbers (decimal point, or comma when allowed), booleans
 * (spec README: 1/0, true/false, oui/non, yes/no, o/n, y/n), and the FINESS
 * number with its check key.
 *
 * All take (s, len), need not be NUL-terminated, accept no surrounding
 * spaces (callers trim), and return EML_OK or EML_ERR_VALUE.
 */
#ifndef EML_PARSE_H
#define EML_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

eml_status eml_parse_int64(const char *s, size_t len, int64_t *out) EML_MUST_CHECK;
/* decimal_comma: accept ',' as the decimal separator (files delimited by ';').
 * Rejects NaN, infinities, hexadecimal and exponents beyond the range. */
eml_status eml_parse_double(const char *s, size_t len, int decimal_comma, double *out)
    EML_MUST_CHECK;
eml_status eml_parse_bool(const char *s, size_t len, int *out) EML_MUST_CHECK;

/* FINESS number check (spec finess.md): nine characters, the first two the
 * département; the ninth is a Luhn (mod 10) key over the nine digits.
 * Corsican numbers (2A, 2B) hold letters: their key is not checked, and
 * EML_FINESS_KEY_UNCHECKED says so. */
typedef enum {
  EML_FINESS_VALID = 0,
  EML_FINESS_KEY_UNCHECKED = 1, /* 2A/2B: accepted, key not checked */
  EML_FINESS_BAD_LENGTH = 2,
  EML_FINESS_BAD_CHARACTER = 3,
  EML_FINESS_BAD_KEY = 4
} eml_finess_check;

eml_finess_check eml_finess_validate(const char *s, size_t len);
/* Message for a failed check ("check key is wrong", ...). */
const char *eml_finess_message(eml_finess_check check);
/* Luhn key digit that completes the 8 digits given. */
int eml_finess_key(const char digits8[8]);

#endif
