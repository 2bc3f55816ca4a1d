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

/* One row of a code table: the code the store writes, the French text
 * shown, the other words a reader accepts ('|'-separated, NULL: none) and,
 * for session types, the opening group. */
typedef struct vocab_row {
  const char *code, *text, *aliases;
  int group;
} vocab_row;

/* The row of rows[0..n) that (s, len), trimmed, names by its code or one
 * of its aliases; -1 when none. */
static int vocab_find(const vocab_row *rows, int n, const char *s, size_t len) {
  s = eml_trim_blanks(s, &len);
  for (int i = 0; i < n; i++)
    if (word_equal(s, len, rows[i].code, strlen(rows[i].code)) ||
        (rows[i].aliases && in_word_list(s, len, rows[i].aliases)))
      return i;
  return -1;
}

/* The code, or the French text, of row i of rows[0..n); "?" when i is out
 * of range. */
static const char *vocab_code(const vocab_row *rows, int n, unsigned i) {
  return i < (unsigned)n ? rows[i].code : "?";
}
static const char *vocab_text(const vocab_row *rows, int n, unsigned i) {
  return i < (unsigned)n ? rows[i].text : "?";
}

/* Defines the parser of a vocabulary, eml_status FN(const char *s, size_t
 * len, TYPE *out): the row that s names by its code or an alias, or
 * EML_ERR_VALUE. Used for eml_modality_parse, eml_unit_parse and
 * eml_session_type_parse. */
#define VOCAB_PARSER(fn, type, rows, n)                                                       \
  eml_status fn(const char *s, size_t len, type *out) {                                       \
    int i = vocab_find(rows, n, s, len);                                                      \
    if (i < 0)                                                                                \
      return EML_ERR_VALUE;                                                                   \
    *out = (type)i;                                                                           \
    return EML_OK;                                                                            \
  }

/* ---- the register: modalities, units, legal statuses ------------------- */

static const vocab_row modalities[EML_MODALITY_COUNT] = {
#define EML_MODALITY_ROW(id, code, title, aliases) [id] = {code, title, aliases, 0},
    EML_MODALITY_LIST(EML_MODALITY_ROW)
#undef EML_MODALITY_ROW
};

static const vocab_row units[] = {
    [EML_UNIT_DEVICES] = {"devices", NULL, "device|appareils|appareil", 0},
    [EML_UNIT_SITES] = {"sites", NULL, "site|implantations|implantation", 0},
};

static const vocab_row legal_statuses[] = {
    {"CH", 0, 0, 0},      {"CHU", 0, 0, 0},     {"CHU AP-HP", 0, 0, 0}, {"CHU APHM", 0, 0, 0},
    {"EPSIC", 0, 0, 0},   {"GCS", 0, 0, 0},     {"GIE", 0, 0, 0},       {"HIA", 0, 0, 0},
    {"LIBERAL", 0, 0, 0}, {"PRIVE", 0, 0, 0},   {"AUTRE", 0, 0, 0},
};

#define NROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

VOCAB_PARSER(eml_modality_parse, eml_modality, modalities, EML_MODALITY_COUNT)

const char *eml_modality_code(eml_modality m) {
  return vocab_code(modalities, EML_MODALITY_COUNT, m);
}

const char *eml_modality_title(eml_modality m) {
  return _(vocab_text(modalities, EML_MODALITY_COUNT, m)); /* msgids: eml/register.h */
}

VOCAB_PARSER(eml_unit_parse, eml_unit, units, NROWS(units))

const char *eml_unit_code(eml_unit unit) { return units[unit == EML_UNIT_SITES].code; }

static const vocab_row note_rules[] = {
    [EML_NOTE_NO_RULE] = {"", NULL, NULL, 0},
    [EML_NOTE_INTERVENTIONAL_ONLY] = {"interventional_only", NULL, NULL, 0},
    [EML_NOTE_INTERVENTIONAL_ALLOWANCE] = {"interventional_allowance", NULL, NULL, 0},
};

VOCAB_PARSER(eml_note_rule_parse, eml_note_rule, note_rules, NROWS(note_rules))

const char *eml_note_rule_code(eml_note_rule r) { return vocab_code(note_rules, NROWS(note_rules), r); }

eml_status eml_legal_status_parse(const char *s, size_t len, const char **canonical) {
  int i = vocab_find(legal_statuses, NROWS(legal_statuses), s, len);
  if (i >= 0)
    *canonical = legal_statuses[i].code;
  return i >= 0 ? EML_OK : EML_ERR_VALUE;
}

/* ---- imaging: session types, patient classes, modalities --------------- */

/* a session type is read by its code or its French label */
static const vocab_row session_types[EML_SESSION_TYPE_COUNT] = {
#define EML_SESSION_ROW(id, code, label, group) [id] = {code, label, label, group},
    EML_SESSION_TYPE_LIST(EML_SESSION_ROW)
#undef EML_SESSION_ROW
};

VOCAB_PARSER(eml_session_type_parse, eml_session_type, session_types,
             EML_SESSION_TYPE_COUNT)

const char *eml_session_type_code(eml_session_type t) {
  return vocab_code(session_types, EML_SESSION_TYPE_COUNT, t);
}
const char *eml_session_type_label(eml_session_type t) {
  return vocab_text(session_types, EML_SESSION_TYPE_COUNT, t);
}
eml_session_group eml_session_type_group(eml_session_type t) {
  return t < EML_SESSION_TYPE_COUNT ? (eml_session_group)session_types[t].group : EML_GROUP_TOTAL;
}

const char *eml_patient_class_code(eml_patient_class cls) {
  static const char *const codes[EML_CLASS_COUNT] = {"A", "H", "R", "U"};
  return (unsigned)cls < EML_CLASS_COUNT ? codes[cls] : "?";
}

const char *eml_imaging_modality_code(eml_imaging_modality mod) {
  return mod == EML_IMAGING_CT ? "CT" : mod == EML_IMAGING_MRI ? "MRI" : "?";
}
