/*
 * pseudonym.c — patient identifiers replaced by a keyed hash (spec README,
 * "Identifiers of people"; radiotherapy.md, rt_courses.patient_id).
 *
 * Model: pseudonym = hex(BLAKE2b-256(identifier bytes, key)), libsodium's
 * crypto_generichash with a 32-byte secret key. Same identifier and key give
 * the same pseudonym, so distinct-patient counts are exact; without the key
 * nobody can test a guessed identifier against the store. There is no
 * default key: the caller must give one. In the model layer because the
 * store checks with it that a data set is saved under the stored data's key
 * (lib/store/sqlite_rt.c), as the readers of lib/rt/ pseudonymise with it.
 */
#include "internal.h"

#include <sodium.h>
#include <string.h>

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

eml_status eml_rt_key_parse(const char *text, size_t len, unsigned char key[EML_RT_KEY_BYTES],
                            eml_diag *diag) {
  while (len && is_space(*text)) {
    text++;
    len--;
  }
  while (len && is_space(text[len - 1]))
    len--;
  if (len != 2 * EML_RT_KEY_BYTES) {
    /* the value is a secret: never echoed */
    eml_diag_set(diag, NULL, 0, "key", NULL, 0,
                 "la clé de pseudonymisation doit avoir %d chiffres hexadécimaux (32 octets), "
                 "pas %zu caractères",
                 2 * EML_RT_KEY_BYTES, len);
    return EML_ERR_VALUE;
  }
  for (size_t i = 0; i < EML_RT_KEY_BYTES; i++) {
    int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      eml_diag_set(diag, NULL, 0, "key", NULL, 0,
                   "la clé de pseudonymisation contient un caractère qui n'est pas hexadécimal");
      return EML_ERR_VALUE;
    }
    key[i] = (unsigned char)(hi * 16 + lo);
  }
  return EML_OK;
}

eml_status eml_rt_pseudonym(const unsigned char key[EML_RT_KEY_BYTES], const char *id,
                            size_t len, char out[EML_RT_PSEUDONYM_HEX + 1]) {
  if (sodium_init() < 0)
    return EML_ERR_NOMEM;
  unsigned char hash[EML_RT_PSEUDONYM_HEX / 2];
  if (crypto_generichash(hash, sizeof hash, (const unsigned char *)id, len, key,
                         EML_RT_KEY_BYTES) != 0)
    return EML_ERR_VALUE;
  sodium_bin2hex(out, EML_RT_PSEUDONYM_HEX + 1, hash, sizeof hash);
  sodium_memzero(hash, sizeof hash);
  return EML_OK;
}
