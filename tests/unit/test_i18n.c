/*
 * test_i18n.c — the language of eml's texts (lib/core/i18n.c,
 * docs/i18n.md): the locale's choice (LC_ALL over LC_MESSAGES over LANG,
 * English only for "en"), the names fr/en, French plurals (0 and 1
 * singular) and French texts returned as they are, "" and NULL untouched;
 * the system's words (eml_errno_text) and the statuses' messages.
 * No catalogue is bound here: English falls back to the msgids, which
 * must not fail.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include <cmocka.h>

#include "internal.h"

static void locale_choice(void **state) {
  (void)state;
  static const struct {
    const char *lc_all, *lc_messages, *lang;
    eml_lang expected;
  } cases[] = {
      {NULL, NULL, NULL, EML_LANG_FR},                        /* env -i */
      {NULL, NULL, "C", EML_LANG_FR},                         /* LANG=C */
      {NULL, NULL, "POSIX", EML_LANG_FR},
      {NULL, NULL, "C.UTF-8", EML_LANG_FR},
      {NULL, NULL, "fr_FR.UTF-8", EML_LANG_FR},
      {NULL, NULL, "de_DE.UTF-8", EML_LANG_FR},               /* another language: French */
      {NULL, NULL, "en_US.UTF-8", EML_LANG_EN},
      {NULL, NULL, "en", EML_LANG_EN},
      {NULL, NULL, "en_GB", EML_LANG_EN},
      {NULL, NULL, "en@euro", EML_LANG_EN},
      {NULL, NULL, "eng", EML_LANG_FR},                       /* not the language "en" */
      {NULL, NULL, "", EML_LANG_FR},                          /* set but empty: unset */
      {"", "en_US.UTF-8", "fr_FR.UTF-8", EML_LANG_EN},        /* empty LC_ALL skipped */
      {"fr_FR.UTF-8", "en_US.UTF-8", "en_US.UTF-8", EML_LANG_FR}, /* LC_ALL first */
      {NULL, "en_US.UTF-8", "fr_FR.UTF-8", EML_LANG_EN},      /* then LC_MESSAGES */
      {NULL, "C", "en_US.UTF-8", EML_LANG_FR},                /* LC_MESSAGES=C wins over LANG */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    assert_int_equal(eml_lang_from_locale(cases[i].lc_all, cases[i].lc_messages, cases[i].lang),
                     cases[i].expected);
}

static void names(void **state) {
  (void)state;
  eml_lang l = EML_LANG_EN;
  assert_int_equal(eml_lang_parse("fr", &l), EML_OK);
  assert_int_equal(l, EML_LANG_FR);
  assert_int_equal(eml_lang_parse("en", &l), EML_OK);
  assert_int_equal(l, EML_LANG_EN);
  assert_int_equal(eml_lang_parse("EN", &l), EML_ERR_VALUE); /* the names exactly */
  assert_int_equal(eml_lang_parse("de", &l), EML_ERR_VALUE);
  assert_int_equal(eml_lang_parse(NULL, &l), EML_ERR_VALUE);
  assert_int_equal(l, EML_LANG_EN); /* unchanged on error */
  assert_string_equal(eml_lang_name(EML_LANG_FR), "fr");
  assert_string_equal(eml_lang_name(EML_LANG_EN), "en");
}

static void french(void **state) {
  (void)state;
  assert_int_equal(eml_set_language(EML_LANG_FR, NULL), EML_OK);
  assert_int_equal(eml_language(), EML_LANG_FR);
  assert_string_equal(eml_tr("Borne haute"), "Borne haute");
  assert_string_equal(eml_tr(""), "");
  assert_null(eml_tr(NULL));
  /* French plurals: 0 and 1 take the singular */
  assert_string_equal(eml_trn("%ld rejetée", "%ld rejetées", 0), "%ld rejetée");
  assert_string_equal(eml_trn("%ld rejetée", "%ld rejetées", 1), "%ld rejetée");
  assert_string_equal(eml_trn("%ld rejetée", "%ld rejetées", 2), "%ld rejetées");
}

static void english_without_catalogue(void **state) {
  (void)state;
  /* a folder with no eml.mo: the msgids come back (French), no error */
  assert_int_equal(eml_set_language(EML_LANG_EN, "/nonexistent"), EML_OK);
  assert_int_equal(eml_language(), EML_LANG_EN);
  assert_string_equal(eml_tr("Borne haute"), "Borne haute");
  assert_string_equal(eml_tr(""), ""); /* never the catalogue's header */
  /* English plural rule of gettext without a catalogue: n == 1 singular */
  assert_string_equal(eml_trn("%ld rejetée", "%ld rejetées", 0), "%ld rejetées");
  assert_int_equal(eml_set_language(EML_LANG_FR, NULL), EML_OK);
}

/* The system's words in French (eml_errno_text): the common errno values
 * have their French msgid, another value strerror's text; the statuses'
 * messages are French, the JSON API's English fixed. (The English of both
 * comes from the catalogue: cli/test_i18n checks it.) */
static void system_words(void **state) {
  (void)state;
  assert_int_equal(eml_set_language(EML_LANG_FR, NULL), EML_OK);
  assert_string_equal(eml_errno_text(ENOENT), "fichier ou répertoire introuvable");
  assert_string_equal(eml_errno_text(EACCES), "permission refusée");
  assert_string_equal(eml_errno_text(EPERM), "permission refusée");
  assert_string_equal(eml_errno_text(ENOSPC), "plus de place sur le disque");
  assert_string_equal(eml_errno_text(EISDIR), "c'est un répertoire");
  assert_string_equal(eml_errno_text(EROFS), "système de fichiers en lecture seule");
  assert_string_equal(eml_errno_text(EDOM), strerror(EDOM)); /* not one of the list */
  assert_string_equal(eml_strerror(EML_ERR_STORE), "erreur du stockage");
  assert_string_equal(eml_strerror(EML_ERR_NOMEM), "mémoire insuffisante");
  assert_string_equal(eml_status_api_text(EML_ERR_STORE), "store error");
  assert_string_equal(eml_status_api_text(EML_ERR_NOMEM), "out of memory");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(locale_choice),
      cmocka_unit_test(names),
      cmocka_unit_test(french),
      cmocka_unit_test(english_without_catalogue),
      cmocka_unit_test(system_words),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
