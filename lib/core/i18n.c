/*
 * i18n.c — the language of eml's texts (eml/i18n.h, docs/i18n.md). The
 * msgids are the French texts, so French needs no catalogue: eml_tr returns
 * its argument. English goes through dgettext of the domain "eml" (never
 * the program's own domain: a program that embeds libeml keeps its
 * textdomain).
 *
 * Why LANGUAGE and C.UTF-8: glibc's gettext picks the catalogue from the
 * LANGUAGE variable, but ignores it while LC_MESSAGES is "C" (the state of
 * every program that never called setlocale, and of LANG=C or env -i);
 * "C.UTF-8", built into glibc since 2.35, is not "C" for that test and is
 * always present, unlike en_US.UTF-8 which may not be installed. So
 * English = LC_MESSAGES "C.UTF-8" (when it was C) + LANGUAGE=en.
 */
#include "internal.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#define EML_TEXT_DOMAIN "eml"

static eml_lang current_lang = EML_LANG_FR;

eml_status eml_lang_parse(const char *name, eml_lang *out) {
  if (name && strcmp(name, "fr") == 0)
    *out = EML_LANG_FR;
  else if (name && strcmp(name, "en") == 0)
    *out = EML_LANG_EN;
  else
    return EML_ERR_VALUE;
  return EML_OK;
}

const char *eml_lang_name(eml_lang lang) { return lang == EML_LANG_EN ? "en" : "fr"; }

eml_lang eml_lang_from_locale(const char *lc_all, const char *lc_messages, const char *lang) {
  const char *names[] = {lc_all, lc_messages, lang};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    const char *s = names[i];
    if (!s || !*s)
      continue;
    /* the language part: up to '_', '.' or '@' ("en_US.UTF-8" -> "en") */
    size_t len = strcspn(s, "_.@");
    return len == 2 && strncmp(s, "en", 2) == 0 ? EML_LANG_EN : EML_LANG_FR;
  }
  return EML_LANG_FR;
}

eml_status eml_set_language(eml_lang lang, const char *localedir) {
  if (lang == EML_LANG_EN) {
    if (localedir && !bindtextdomain(EML_TEXT_DOMAIN, localedir))
      return EML_ERR_NOMEM;
    if (!bind_textdomain_codeset(EML_TEXT_DOMAIN, "UTF-8"))
      return EML_ERR_NOMEM;
    const char *cur = setlocale(LC_MESSAGES, NULL);
    if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
      (void)setlocale(LC_MESSAGES, "C.UTF-8"); /* when absent, gettext stays French */
    if (setenv("LANGUAGE", "en", 1) != 0)
      return EML_ERR_NOMEM;
  }
  current_lang = lang == EML_LANG_EN ? EML_LANG_EN : EML_LANG_FR;
  return EML_OK;
}

eml_lang eml_language(void) { return current_lang; }

const char *eml_trn(const char *msgid, const char *msgid_plural, unsigned long n) {
  if (current_lang == EML_LANG_FR)
    return n > 1 ? msgid_plural : msgid;
  return dngettext(EML_TEXT_DOMAIN, msgid, msgid_plural, n);
}

const char *eml_tr(const char *msgid) {
  /* "" is the msgid of the catalogue's header: never looked up */
  if (!msgid || !*msgid || current_lang == EML_LANG_FR)
    return msgid;
  return dgettext(EML_TEXT_DOMAIN, msgid);
}

/* The system's words: the French msgid of the common errno values, so that
 * a French message does not end in "No such file or directory"; the
 * English of po/en.po is glibc's own text. Another value: strerror's text
 * (the C locale's English: eml never sets LC_MESSAGES to French). */
const char *eml_errno_text(int errnum) {
  switch (errnum) {
  case ENOENT:
    return _("fichier ou répertoire introuvable");
  case EACCES:
  case EPERM:
    return _("permission refusée");
  case EISDIR:
    return _("c'est un répertoire");
  case ENOTDIR:
    return _("pas un répertoire");
  case ENOSPC:
    return _("plus de place sur le disque");
  case EDQUOT:
    return _("quota de disque dépassé");
  case EEXIST:
    return _("le fichier existe déjà");
  case EROFS:
    return _("système de fichiers en lecture seule");
  case EMFILE:
  case ENFILE:
    return _("trop de fichiers ouverts");
  case ENOMEM:
    return _("mémoire insuffisante");
  case EIO:
    return _("erreur d'entrée-sortie");
  case EINVAL:
    return _("argument invalide");
  case ENAMETOOLONG:
    return _("nom de fichier trop long");
  case ELOOP:
    return _("trop de niveaux de liens symboliques");
  case EFBIG:
    return _("fichier trop gros");
  case EAGAIN:
    return _("ressource temporairement indisponible");
  case EBUSY:
    return _("périphérique ou ressource occupé");
  case EPIPE:
    return _("tube cassé");
  case ENXIO:
    return _("périphérique ou adresse inexistant");
  case ETXTBSY:
    return _("fichier texte occupé");
  default:
    return strerror(errnum);
  }
}
