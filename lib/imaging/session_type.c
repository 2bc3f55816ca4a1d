/*
 * session_type.c — the table of imaging session types (eml/session_type.h).
 */
#include "internal.h"

#include <string.h>
#include <strings.h>

static const struct {
  const char *code, *label;
  eml_session_group group;
} session_types[EML_SESSION_TYPE_COUNT] = {
#define EML_SESSION_ROW(id, code, label, group) [id] = {code, label, group},
    EML_SESSION_TYPE_LIST(EML_SESSION_ROW)
#undef EML_SESSION_ROW
};

/* ASCII case-insensitive comparison of a (s, len) with a C string. */
static int same_words(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  return alen == blen && strncasecmp(a, b, alen) == 0;
}

eml_status eml_session_type_parse(const char *s, size_t len, eml_session_type *out) {
  while (len && (*s == ' ' || *s == '\t')) {
    s++;
    len--;
  }
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    len--;
  for (int i = 0; i < EML_SESSION_TYPE_COUNT; i++)
    if (same_words(s, len, session_types[i].code) || same_words(s, len, session_types[i].label)) {
      *out = (eml_session_type)i;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_session_type_code(eml_session_type t) {
  return t < EML_SESSION_TYPE_COUNT ? session_types[t].code : "?";
}
const char *eml_session_type_label(eml_session_type t) {
  return t < EML_SESSION_TYPE_COUNT ? session_types[t].label : "?";
}
eml_session_group eml_session_type_group(eml_session_type t) {
  return t < EML_SESSION_TYPE_COUNT ? session_types[t].group : EML_GROUP_TOTAL;
}
