/*
 * eml/session_type.h — the types of imaging sessions ("vacations") and the
 * opening group each belongs to (spec imaging.md, sessions.csv table):
 * PROGRAMMED = the `programmé` types; EXTENDED = PROGRAMMED + `élargie`;
 * TOTAL = EXTENDED + `totale`. One table row per type gives its code, its
 * French label (as in seed 001) and its group.
 */
#ifndef EML_SESSION_TYPE_H
#define EML_SESSION_TYPE_H

#include <stddef.h>

#include "status.h"

#define EML_SESSION_TYPE_LIST(X)                                                              \
  X(EML_SESSION_PUBLIC_PROGRAMMED, "PUBLIC_PROGRAMMED", "Vacation publique - Programmée",      \
    EML_GROUP_PROGRAMMED)                                                                     \
  X(EML_SESSION_PUBLIC_UNPROGRAMMED, "PUBLIC_UNPROGRAMMED",                                   \
    "Vacation publique - Non programmée", EML_GROUP_PROGRAMMED)                               \
  X(EML_SESSION_LIBERAL, "LIBERAL", "Vacation libérale", EML_GROUP_PROGRAMMED)                \
  X(EML_SESSION_PRIVATE, "PRIVATE", "Vacation privée", EML_GROUP_PROGRAMMED)                  \
  X(EML_SESSION_PH_OTHER, "PH_OTHER", "Vacation PH hors imagerie", EML_GROUP_PROGRAMMED)      \
  X(EML_SESSION_EMERGENCY, "EMERGENCY", "Vacation urgence", EML_GROUP_EXTENDED)               \
  X(EML_SESSION_RECONDITIONING, "RECONDITIONING", "Reconditionnement", EML_GROUP_EXTENDED)    \
  X(EML_SESSION_BREAKDOWN, "BREAKDOWN", "Panne", EML_GROUP_EXTENDED)                          \
  X(EML_SESSION_RESEARCH, "RESEARCH", "Recherche", EML_GROUP_EXTENDED)                        \
  X(EML_SESSION_ON_CALL, "ON_CALL", "Permanence des soins", EML_GROUP_TOTAL)                  \
  X(EML_SESSION_MAINTENANCE, "MAINTENANCE", "Maintenance", EML_GROUP_TOTAL)                   \
  X(EML_SESSION_QUALITY_CONTROL, "QUALITY_CONTROL", "Contrôle qualité", EML_GROUP_TOTAL)

/* The group a type adds to: PROGRAMMED ⊂ EXTENDED ⊂ TOTAL. */
typedef enum { EML_GROUP_PROGRAMMED = 1, EML_GROUP_EXTENDED = 2, EML_GROUP_TOTAL = 3 } eml_session_group;

typedef enum {
#define EML_SESSION_ENUM(id, code, label, group) id,
  EML_SESSION_TYPE_LIST(EML_SESSION_ENUM)
#undef EML_SESSION_ENUM
      EML_SESSION_TYPE_COUNT
} eml_session_type;

/* Parses a code ("EMERGENCY") or a French label ("Vacation urgence"),
 * case-insensitively, ignoring surrounding spaces. */
eml_status eml_session_type_parse(const char *s, size_t len, eml_session_type *out) EML_MUST_CHECK;
const char *eml_session_type_code(eml_session_type type);
const char *eml_session_type_label(eml_session_type type);
eml_session_group eml_session_type_group(eml_session_type type);

#endif
