/*
 * eml/i18n.h — the language of eml's texts (docs/i18n.md): French, the
 * product's language and the texts of the sources themselves, or English,
 * from the GNU gettext catalogue of the text domain "eml" (po/en.po,
 * compiled to LOCALEDIR/en/LC_MESSAGES/eml.mo). One language at a time, for
 * the whole process: the library translates the titles, headers and notes
 * of its tables and reports as it builds them.
 */
#ifndef EML_I18N_H
#define EML_I18N_H

#include "status.h"

typedef enum { EML_LANG_FR = 0, EML_LANG_EN = 1 } eml_lang;

/* The language named "fr" or "en" in *out; EML_ERR_VALUE for another name
 * (nothing written). */
eml_status eml_lang_parse(const char *name, eml_lang *out) EML_MUST_CHECK;
/* "fr" or "en". */
const char *eml_lang_name(eml_lang lang);
/* The language a locale asks for: the first of lc_all, lc_messages, lang
 * that is set and not empty (the values of LC_ALL, LC_MESSAGES and LANG,
 * in POSIX's order of precedence; NULL when unset) is English when its
 * language part is "en" ("en", "en_US.UTF-8", "en_GB"), French otherwise:
 * fr_*, C, POSIX, C.UTF-8, another language, nothing set. */
eml_lang eml_lang_from_locale(const char *lc_all, const char *lc_messages, const char *lang);

/* Sets the language of every text eml makes from now on. English binds the
 * text domain "eml" to localedir (NULL: gettext's default folder) and, so
 * that glibc reads the catalogue whatever the locale, sets LC_MESSAGES to
 * "C.UTF-8" when it is "C" or "POSIX" (LC_NUMERIC and the others are left
 * alone: numbers are formatted by eml itself) and the environment variable
 * LANGUAGE to "en". A missing catalogue is not an error: the texts stay in
 * French. EML_ERR_NOMEM when gettext cannot record the binding. */
eml_status eml_set_language(eml_lang lang, const char *localedir) EML_MUST_CHECK;
eml_lang eml_language(void);

/* msgid (a French text of eml) in the current language: msgid itself in
 * French, its translation in English (msgid itself when the catalogue has
 * none). NULL and "" are returned as they are. */
const char *eml_tr(const char *msgid) __attribute__((format_arg(1)));
/* The form for the count n: French (the msgids) takes msgid for 0 and 1,
 * msgid_plural above ("0 rejetée", "2 rejetées"); English, the
 * catalogue's (n != 1). */
const char *eml_trn(const char *msgid, const char *msgid_plural, unsigned long n)
    __attribute__((format_arg(1), format_arg(2)));

/* The system's words for errnum (errno), in the current language: the
 * French of the common values (ENOENT « fichier ou répertoire introuvable »,
 * EACCES, ENOSPC, EISDIR…; their English is the C library's), strerror's
 * text for the others. Never NULL. Use it where a message shows errno,
 * never strerror. */
const char *eml_errno_text(int errnum);

#endif
