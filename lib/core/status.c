/*
 * status.c — messages of eml_status and formatting of diagnostics.
 * The table comes from EML_STATUS_LIST in eml/status.h.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *eml_strerror(eml_status status) {
  switch (status) {
#define EML_STATUS_MSG(name, num, msg, api)                                    \
  case name:                                                                   \
    return _(msg);
    EML_STATUS_LIST(EML_STATUS_MSG)
#undef EML_STATUS_MSG
  }
  return _("statut inconnu");
}

const char *eml_status_api_text(eml_status status) {
  switch (status) {
#define EML_STATUS_API(name, num, msg, api)                                    \
  case name:                                                                   \
    return api;
    EML_STATUS_LIST(EML_STATUS_API)
#undef EML_STATUS_API
  }
  return "unknown status";
}

const char *eml_status_name(eml_status status) {
  switch (status) {
#define EML_STATUS_NAME(name, num, msg, api)                                   \
  case name:                                                                   \
    return #name;
    EML_STATUS_LIST(EML_STATUS_NAME)
#undef EML_STATUS_NAME
  }
  return "EML_UNKNOWN";
}

void eml_diag_clear(eml_diag *diag) {
  if (diag)
    memset(diag, 0, sizeof *diag);
}

/* Copies a value for display: non-printable bytes as \xHH, UTF-8 kept,
 * shortened with "..." when it does not fit. */
static void diag_copy_value(char *dst, size_t size, const char *src, size_t len) {
  size_t o = 0;
  const size_t room = size - 4; /* keep space for "..." and NUL */
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)src[i];
    if (c >= 0x80) {
      /* a valid UTF-8 character is kept whole; a stray byte is escaped */
      size_t rest = len - i, n = 1;
      while (n < rest && n < 4 && ((unsigned char)src[i + n] & 0xC0) == 0x80)
        n++;
      size_t ok = eml_utf8_invalid_at(src + i, n);
      if (ok > 0) {
        if (o + ok > room)
          goto cut;
        memcpy(dst + o, src + i, ok);
        o += ok;
        i += ok - 1;
        continue;
      }
    }
    if (c < 0x20 || c >= 0x7f) {
      if (o + 4 > room)
        goto cut;
      snprintf(dst + o, 5, "\\x%02X", c);
      o += 4;
    } else {
      if (o + 1 > room)
        goto cut;
      dst[o++] = (char)c;
    }
  }
  dst[o] = '\0';
  return;
cut:
  /* do not cut a UTF-8 sequence in the middle */
  while (o > 0 && ((unsigned char)dst[o] & 0xC0) == 0x80)
    o--;
  memcpy(dst + o, "...", 4);
}

void eml_diag_set(eml_diag *diag, const char *file, long line, const char *field,
                  const char *value, size_t value_len, const char *fmt, ...) {
  if (!diag)
    return;
  eml_diag_clear(diag);
  if (file)
    snprintf(diag->file, sizeof diag->file, "%s", file);
  diag->line = line;
  if (field)
    snprintf(diag->field, sizeof diag->field, "%s", field);
  if (value) {
    diag_copy_value(diag->value, sizeof diag->value, value, value_len);
    diag->has_value = 1;
  }
  /* the format is a French msgid, translated here (docs/i18n.md) */
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(diag->message, sizeof diag->message, _(fmt), ap);
  va_end(ap);
}

void eml_diag_format(const eml_diag *diag, char *buf, size_t size) {
  size_t o = 0;
  buf[0] = '\0';
#define APPEND(...)                                                            \
  do {                                                                         \
    if (o < size) {                                                            \
      int n_ = snprintf(buf + o, size - o, __VA_ARGS__);                       \
      if (n_ > 0)                                                              \
        o += (size_t)n_;                                                       \
    }                                                                          \
  } while (0)
  if (diag->file[0]) {
    APPEND("%s:", diag->file);
    if (diag->line > 0)
      APPEND("%ld:", diag->line);
    APPEND(" ");
  }
  size_t field_len = strlen(diag->field);
  /* the frame in the language: French `colonne NOM : … (valeur « X »)`,
   * an ordinary space before ':' as in the seeds (docs/i18n.md,
   * "Typography"); English `column NAME: … (value 'X')` */
  if (diag->field[0] == '-')
    APPEND(_("option %s : "), diag->field); /* a command-line option */
  else if (diag->field[0] == '<' && field_len > 2 && diag->field[field_len - 1] == '>')
    APPEND(_("élément %.*s : "), (int)(field_len - 2), diag->field + 1); /* an XML element */
  else if (diag->field[0])
    APPEND(_("colonne %s : "), diag->field);
  APPEND("%s", diag->message);
  if (diag->has_value)
    APPEND(_(" (valeur « %s »)"), diag->value);
#undef APPEND
}
