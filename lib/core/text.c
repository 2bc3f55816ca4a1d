/*
 * text.c — eml's UTF-8 (eml/text.h, and the internal helpers declared in
 * internal.h): the validity check of readers, the cleaning of writers, and
 * counting characters for alignment and truncation.
 *
 * Model: text is UTF-8 (RFC 3629). A sequence is valid when its lead byte
 * announces 1-3 continuation bytes (C2-DF, E0-EF, F0-F4) that all follow,
 * and the code point it spells is neither overlong, nor a surrogate
 * (D800-DFFF), nor past U+10FFFF. A "character" for widths is a code point
 * (one lead byte): eml's tables hold French text, where that is the width.
 */
#include "internal.h"

#include <stdint.h>
#include <string.h>

size_t eml_utf8_invalid_at(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + n >= len) /* truncated sequence */
      return i;
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    /* overlong forms, surrogates and beyond U+10FFFF */
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n + 1;
  }
  return len;
}

eml_status eml_utf8_append_clean(eml_buf *out, const char *s) {
  size_t len = strlen(s);
  eml_status st = EML_OK;
  while (len > 0 && !st) {
    size_t ok = eml_utf8_invalid_at(s, len);
    st = eml_buf_append(out, s, ok);
    if (!st && ok < len) {
      st = eml_buf_append(out, EML_UTF8_REPLACEMENT, sizeof EML_UTF8_REPLACEMENT - 1);
      ok++;
    }
    s += ok;
    len -= ok;
  }
  if (!st && !out->data)
    st = eml_buf_append(out, "", 0); /* NUL-terminated even when empty */
  return st;
}

size_t eml_display_width(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      n++;
  return n;
}

size_t eml_utf8_prefix_len(const char *s, size_t chars) {
  size_t i = 0;
  for (size_t n = 0; s[i]; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == chars)
      break;
  return i;
}
