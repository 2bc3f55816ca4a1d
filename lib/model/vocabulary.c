/*
 * vocabulary.c — the code tables the store and the domains share (model
 * layer, lib/README.md): the register's modalities with their aliases,
 * target units and legal statuses (registry.md); the imaging session types
 * and their opening groups (imaging.md, sessions.csv), the patient classes
 * and the benchmarked modalities (imaging.md, exams.csv).
 *
 * Model: each vocabulary is one table, spelled once in its public header
 * as an X-macro list where it has more than a code (eml/register.h,
 * eml/session_type.h). Parsing is ASCII case-insensitive and ignores the
 * spaces and tabs around the value; a code function gives the canonical
 * code the store writes ("?" for a value out of range).
 */
#include "internal.h"

#include <string.h>
#include <strings.h>

/* ASCII case-insensitive equality of (s, len) with the word [w, w + wlen). */
static int word_equal(const char *s, size_t len, const char *w, size_t wlen) {
  return len == wlen && strncasecmp(s, w, len) == 0;
}

/* Is (s, len) one of the '|'-separated words of list? */
static int in_word_list(const char *s, size_t len, const char *list) {
  while (*list) {
    const char *bar = strchr(list, '|');
    size_t wlen = bar ? (size_t)(bar - list) : strlen(list);
    if (word_equal(s, len, list, wlen))
      return 1;
    list += wlen + (bar ? 1 : 0);
  }
  return 0;
}

static void trim(const char **s, size_t *len) {
  while (*len && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*len)--;
  }
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
    (*len)--;
}

/* ---- the register: modalities, units, legal statuses ------------------- */

static const struct {
  const char *code, *title, *aliases;
} modalities[EML_MODALITY_COUNT] = {
#define EML_MODALITY_ROW(id, code, title, aliases) [id] = {code, title, aliases},
    EML_MODALITY_LIST(EML_MODALITY_ROW)
#undef EML_MODALITY_ROW
};

eml_status eml_modality_parse(const char *s, size_t len, eml_modality *out) {
  trim(&s, &len);
  for (int i = 0; i < EML_MODALITY_COUNT; i++)
    if (word_equal(s, len, modalities[i].code, strlen(modalities[i].code)) ||
        in_word_list(s, len, modalities[i].aliases)) {
      *out = (eml_modality)i;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_modality_code(eml_modality m) {
  return m < EML_MODALITY_COUNT ? modalities[m].code : "?";
}

const char *eml_modality_title(eml_modality m) {
  return m < EML_MODALITY_COUNT ? modalities[m].title : "?";
}

eml_status eml_unit_parse(const char *s, size_t len, eml_unit *out) {
  trim(&s, &len);
  if (in_word_list(s, len, "devices|device|appareils|appareil")) {
    *out = EML_UNIT_DEVICES;
    return EML_OK;
  }
  if (in_word_list(s, len, "sites|site|implantations|implantation")) {
    *out = EML_UNIT_SITES;
    return EML_OK;
  }
  return EML_ERR_VALUE;
}

const char *eml_unit_code(eml_unit unit) { return unit == EML_UNIT_SITES ? "sites" : "devices"; }

eml_status eml_legal_status_parse(const char *s, size_t len, const char **canonical) {
  static const char *const statuses[] = {"CH",     "CHU", "CHU AP-HP", "CHU APHM", "EPSIC", "GCS",
                                         "GIE",    "HIA", "LIBERAL",   "PRIVE",    "AUTRE"};
  trim(&s, &len);
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
    if (word_equal(s, len, statuses[i], strlen(statuses[i]))) {
      *canonical = statuses[i];
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

/* ---- imaging: session types, patient classes, modalities --------------- */

static const struct {
  const char *code, *label;
  eml_session_group group;
} session_types[EML_SESSION_TYPE_COUNT] = {
#define EML_SESSION_ROW(id, code, label, group) [id] = {code, label, group},
    EML_SESSION_TYPE_LIST(EML_SESSION_ROW)
#undef EML_SESSION_ROW
};

eml_status eml_session_type_parse(const char *s, size_t len, eml_session_type *out) {
  trim(&s, &len);
  for (int i = 0; i < EML_SESSION_TYPE_COUNT; i++)
    if (word_equal(s, len, session_types[i].code, strlen(session_types[i].code)) ||
        word_equal(s, len, session_types[i].label, strlen(session_types[i].label))) {
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

const char *eml_patient_class_code(eml_patient_class cls) {
  static const char *const codes[EML_CLASS_COUNT] = {"A", "H", "R", "U"};
  return (unsigned)cls < EML_CLASS_COUNT ? codes[cls] : "?";
}

const char *eml_imaging_modality_code(eml_imaging_modality mod) {
  return mod == EML_IMAGING_CT ? "CT" : mod == EML_IMAGING_MRI ? "MRI" : "?";
}
