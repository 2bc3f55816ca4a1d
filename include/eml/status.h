/*
 * eml/status.h — status codes and diagnostics of libeml.
 *
 * Every fallible function of the library returns an eml_status, declared
 * EML_MUST_CHECK (below) so that no caller drops it. The list
 * below is the one source of the enum, its name (eml_status_name) and its
 * messages (eml_strerror, eml_status_api_text): numbers are fixed and never reused.
 *
 * Readers of outside data fill an eml_diag with where and what went wrong;
 * the command line prints it as `FILE:LINE: column NAME: message (value 'X')`
 * (eml_diag_format). A field written "<name>" is an XML element and prints
 * as `element name:`, one starting with '-' an option (`option --at:`).
 * The library itself never prints and never exits.
 */
#ifndef EML_STATUS_H
#define EML_STATUS_H

#include <stddef.h>

/* On every function that returns an eml_status: the compiler warns when a
 * caller drops it (an error under -Werror). A status that is right to
 * ignore goes through eml_status_ignore (below) with the reason beside it. */
#if defined(__GNUC__) || defined(__clang__)
#define EML_MUST_CHECK __attribute__((warn_unused_result))
#else
#define EML_MUST_CHECK
#endif

/* X(name, number, French message (a msgid, translated by eml_strerror),
 * English message of the JSON API (eml_status_api_text, never translated)) */
#define EML_STATUS_LIST(X)                                                     \
  X(EML_OK, 0, "succès", "success")                                            \
  X(EML_ERR_NOMEM, 1, "mémoire insuffisante", "out of memory")                 \
  X(EML_ERR_IO, 2, "erreur d'entrée-sortie", "input/output error")             \
  X(EML_ERR_USAGE, 3, "argument invalide", "invalid argument")                 \
  X(EML_ERR_CSV, 4, "CSV mal formé", "malformed CSV")                          \
  X(EML_ERR_ENCODING, 5, "texte en UTF-8 non valide",                          \
    "text is not valid UTF-8")                                                 \
  X(EML_ERR_VALUE, 6, "valeur non valide", "invalid value")                    \
  X(EML_ERR_TOO_LARGE, 7, "champ ou ligne trop long",                          \
    "field or line too large")                                                 \
  X(EML_ERR_STORE, 8, "erreur du stockage", "store error")                      \
  X(EML_ERR_SCHEMA, 9, "schéma du stockage plus récent que ce programme",       \
    "store schema is newer than this program")                                 \
  X(EML_ERR_NOT_FOUND, 10, "introuvable", "not found")                         \
  X(EML_ERR_DUPLICATE, 11, "identifiant en double", "duplicate identifier")    \
  X(EML_ERR_REJECTED, 12, "des lignes ont été rejetées", "rows were rejected") \
  X(EML_ERR_BALANCE, 13, "le bilan ne peut pas être calculé",                  \
    "the balance cannot be computed")                                          \
  X(EML_ERR_EMPTY, 14, "aucune donnée", "no data")                             \
  X(EML_ERR_DIFFERS, 15, "la table publiée diffère", "published table differs")

typedef enum {
#define EML_STATUS_ENUM(name, num, msg, api) name = num,
  EML_STATUS_LIST(EML_STATUS_ENUM)
#undef EML_STATUS_ENUM
} eml_status;

/* Drops a status on purpose, where ignoring it is right (a rollback on a
 * path that already failed): the reason is written beside the call. gcc
 * does not take a (void) cast as a use of an EML_MUST_CHECK result. */
static inline void eml_status_ignore(eml_status st) { (void)st; }

/* Keeps the first error of a sequence of calls: *first takes st unless it
 * holds an error already. For steps that go on after a failure (writing
 * text into a buffer) and are checked once at the end. */
static inline void eml_status_keep(eml_status *first, eml_status st) {
  if (*first == EML_OK)
    *first = st;
}

/* Message of a status, in the current language (eml/i18n.h); never NULL. */
const char *eml_strerror(eml_status status);
/* Message of a status in English whatever the language: the documented
 * texts of the dashboard's JSON API (docs/api.md); never NULL. */
const char *eml_status_api_text(eml_status status);
/* Symbolic name of a status ("EML_ERR_CSV"); never NULL. */
const char *eml_status_name(eml_status status);

/* Where and what: filled by readers. Strings are owned by the diag (fixed
 * buffers, truncated with "..." when longer). */
#define EML_DIAG_FILE_MAX 256
#define EML_DIAG_FIELD_MAX 64
#define EML_DIAG_MESSAGE_MAX 256
#define EML_DIAG_VALUE_MAX 64

typedef struct eml_diag {
  char file[EML_DIAG_FILE_MAX];       /* "" when not about a file */
  long line;                          /* 1-based; 0 when unknown */
  char field[EML_DIAG_FIELD_MAX];     /* column or option name; "" when none */
  char message[EML_DIAG_MESSAGE_MAX]; /* what is wrong */
  char value[EML_DIAG_VALUE_MAX];     /* offending value, shortened */
  int has_value;
} eml_diag;

void eml_diag_clear(eml_diag *diag);
/* Sets where/what; any of file, field, value may be NULL. The value is
 * shortened to EML_DIAG_VALUE_MAX with a "..." and non-printable bytes are
 * shown as \xHH. */
void eml_diag_set(eml_diag *diag, const char *file, long line, const char *field,
                  const char *value, size_t value_len, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* Writes `FILE:LINE: column NAME: message (value 'X')` into buf (always
 * NUL-terminated). Parts that are empty are left out. */
void eml_diag_format(const eml_diag *diag, char *buf, size_t size);

#endif
