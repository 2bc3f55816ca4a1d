/*
 * number.c — the number formatter (eml/number.h): the model is written
 * there. printf does the rounding ("%.*f": the binary value rounded half
 * to even at the last decimal, the rule every output of eml has followed,
 * golden files included); this file only rewrites its text: the sign, the
 * decimal mark and the thousands groups of the language (or the ones the
 * flags force), the percent sign.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Rewrites digits (a printf'd number, sign included, no suffix) into buf
 * with the flags: '+' for SIGNED when the value is above zero (positive;
 * "+0,0" for 0.01 with one decimal, as eml has always shown a gap), no
 * '-' when every digit is 0, groups of thousands, the decimal comma. */
static void rewrite(const char *digits, int positive, int flags, const char *suffix, char *buf,
                    size_t size) {
  /* the marks: forced (data), else the language's: French "1 234,5",
   * English "1,234.5" */
  int english = !(flags & (EML_NUMBER_POINT | EML_NUMBER_COMMA)) && eml_language() == EML_LANG_EN;
  char decimal_mark = (flags & EML_NUMBER_POINT) || english ? '.' : ',';
  char group_mark = english ? ',' : ' ';
  const char *p = digits;
  int negative = *p == '-';
  if (negative)
    p++;
  int nonzero = strpbrk(p, "123456789") != NULL;
  size_t whole = strcspn(p, ".");
  char out[192]; /* 100 characters and their thousands spaces */
  size_t o = 0;
  if (negative && nonzero)
    out[o++] = '-';
  else if (positive && (flags & EML_NUMBER_SIGNED))
    out[o++] = '+';
  for (size_t i = 0; p[i] && o + 2 < sizeof out; i++) {
    if (i == whole) {
      out[o++] = decimal_mark;
      continue;
    }
    out[o++] = p[i];
    /* a space after a digit whose rank (from the decimal mark) is a
     * multiple of three, but the last */
    if ((flags & EML_NUMBER_THOUSANDS) && i + 1 < whole && (whole - i - 1) % 3 == 0)
      out[o++] = group_mark;
  }
  out[o] = '\0';
  snprintf(buf, size, "%s%s", out, suffix);
}

const char *eml_number_format(double v, int decimals, int flags, char *buf, size_t size) {
  if (decimals > 60)
    decimals = 60; /* (a negative count is printf's: 6 decimals) */
  if (flags & EML_NUMBER_PERCENT)
    v *= 100.0;
  char digits[400]; /* "%.60f" of DBL_MAX: 309 digits, a sign, a point, 60 */
  snprintf(digits, sizeof digits, "%.*f", decimals, v);
  if (strpbrk(digits, "0123456789") == NULL) { /* inf, nan: as printf says */
    snprintf(buf, size, "%s", digits);
    return buf;
  }
  if (strlen(digits) > 100) { /* beyond what a report shows: no rewriting */
    snprintf(buf, size, "%s", digits);
    return buf;
  }
  /* "60,6 %" in French (a space before %, as the seeds), "60.6%" in English */
  int english = !(flags & (EML_NUMBER_POINT | EML_NUMBER_COMMA)) && eml_language() == EML_LANG_EN;
  const char *percent = english ? "%" : " %";
  rewrite(digits, v > 0, flags, (flags & EML_NUMBER_PERCENT) ? percent : "", buf, size);
  return buf;
}

const char *eml_number_shortest(double v, char *buf, size_t size) {
  char g[64];
  snprintf(g, sizeof g, "%g", v);
  const char *point = strchr(g, '.');
  if (!point || strpbrk(g, "eEn")) { /* whole, an exponent, inf, nan: as printf */
    snprintf(buf, size, "%s", g);
    return buf;
  }
  return eml_number_format(v, (int)strlen(point + 1), 0, buf, size); /* its decimals */
}

const char *eml_int_format(int64_t v, int flags, char *buf, size_t size) {
  char digits[32];
  snprintf(digits, sizeof digits, "%lld", (long long)v);
  rewrite(digits, v > 0, flags & ~EML_NUMBER_PERCENT, "", buf, size);
  return buf;
}
