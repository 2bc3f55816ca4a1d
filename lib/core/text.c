/*
 * text.c — eml's UTF-8 and escaping (eml/text.h, and the internal helpers
 * declared in internal.h): the validity check of readers, the cleaning of
 * writers, counting characters for alignment and truncation, writing text
 * escaped for HTML/XML or Markdown through a write callback, and the
 * control characters the text renderer neutralises, and the one trim of
 * spaces and tabs around a value.
 *
 * Model: text is UTF-8 (RFC 3629). A sequence is valid when its lead byte
 * announces 1-3 continuation bytes (C2-DF, E0-EF, F0-F4) that all follow,
 * and the code point it spells is neither overlong, nor a surrogate
 * (D800-DFFF), nor past U+10FFFF. A "character" for widths is a code point
 * (one lead byte): eml's tables hold French text, where that is the width.
 */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *eml_trim_blanks(const char *s, size_t *len) {
  while (*len && (*s == ' ' || *s == '\t')) {
    s++;
    (*len)--;
  }
  while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
    (*len)--;
  return s;
}

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

eml_status eml_write_file(void *ctx, const char *data, size_t len) {
  return fwrite(data, 1, len, (FILE *)ctx) == len ? EML_OK : EML_ERR_IO;
}

eml_status eml_emit(eml_write_fn write, void *ctx, const char *s) {
  return write(ctx, s, strlen(s));
}

/* Writes s (valid UTF-8), each byte of specials replaced. */
static eml_status emit_runs(eml_write_fn write, void *ctx, const char *s, const char *specials,
                            const char *(*replace)(char c)) {
  eml_status st = EML_OK;
  while (!st && *s) {
    size_t run = strcspn(s, specials);
    st = write(ctx, s, run);
    s += run;
    if (!st && *s)
      st = eml_emit(write, ctx, replace(*s++));
  }
  return st;
}

eml_status eml_emit_escaped(eml_write_fn write, void *ctx, const char *value,
                            const char *specials, const char *(*replace)(char c)) {
  size_t len = strlen(value);
  if (eml_utf8_invalid_at(value, len) == len) /* valid already: no cleaned copy (issue 17) */
    return emit_runs(write, ctx, value, specials, replace);
  eml_buf clean;
  eml_buf_init(&clean, EML_TEXT_VALUE_MAX);
  eml_status st = eml_utf8_append_clean(&clean, value);
  if (!st)
    st = emit_runs(write, ctx, clean.data, specials, replace);
  eml_buf_free(&clean);
  return st;
}

/* The C0 controls but TAB, LF and CR (and NUL, which ends a string): the
 * bytes every escaper below rewrites. */
#define C0_BUT_TAB_LF_CR                                                                \
  "\x01\x02\x03\x04\x05\x06\x07\x08\x0B\x0C\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18" \
  "\x19\x1A\x1B\x1C\x1D\x1E\x1F"

/* Characters that need an entity, and the C0 controls HTML and XML 1.0
 * forbid (all but TAB, LF, CR), shown as U+FFFD. */
static const char html_special[] = "&<>\"'" C0_BUT_TAB_LF_CR;

static const char *html_entity(char c) {
  switch (c) {
  case '&':
    return "&amp;";
  case '<':
    return "&lt;";
  case '>':
    return "&gt;";
  case '"':
    return "&quot;";
  case '\'':
    return "&#39;";
  default:
    return EML_UTF8_REPLACEMENT; /* a control byte */
  }
}

eml_status eml_html_escape(eml_write_fn write, void *ctx, const char *text) {
  return eml_emit_escaped(write, ctx, text, html_special, html_entity);
}

/* The bytes md_replacement rewrites (C0 controls but TAB, and DEL). */
static const char md_special[] = "|\r\n&<>\\`[]" C0_BUT_TAB_LF_CR "\x7F";

static const char *md_replacement(char c) {
  switch (c) {
  case '|': return "\\|";
  case '\r':
  case '\n': return " ";
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '\\': return "\\\\";
  case '`': return "\\`";
  case '[': return "\\[";
  case ']': return "\\]";
  default: return EML_UTF8_REPLACEMENT; /* a control byte */
  }
}

eml_status eml_md_escape(eml_write_fn write, void *ctx, const char *text) {
  return eml_emit_escaped(write, ctx, text, md_special, md_replacement);
}

/* What JSON (RFC 8259) must escape in a string: '"', '\' and the C0
 * controls; written as jansson's json_dumps writes them (\b \f \n \r \t,
 * else \u00XX in upper-case hex), so that a JSON text built here is
 * byte-for-byte the one jansson would dump (the audit entries). */
static const char json_special[] = "\"\\\t\n\r" C0_BUT_TAB_LF_CR;

static const char *json_replacement(char c) {
  static const char *const control[32] = {
      "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
      "\\b",     "\\t",     "\\n",     "\\u000B", "\\f",     "\\r",     "\\u000E", "\\u000F",
      "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
      "\\u0018", "\\u0019", "\\u001A", "\\u001B", "\\u001C", "\\u001D", "\\u001E", "\\u001F"};
  if (c == '"')
    return "\\\"";
  if (c == '\\')
    return "\\\\";
  return control[(unsigned char)c & 31];
}

eml_status eml_json_escape(eml_write_fn write, void *ctx, const char *text) {
  return eml_emit_escaped(write, ctx, text, json_special, json_replacement);
}

size_t eml_control_len(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  if ((s[0] < 0x20 && s[0] != '\t' && s[0] != '\n') || s[0] == 0x7F)
    return 1;
  return len >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F ? 2 : 0;
}
