/*
 * account.c — the accounts of the dashboard (eml/account.h,
 * docs/security.md "Accounts and roles"): checks a name, a role and the
 * FINESS prefixes, hashes the password with Argon2id (libsodium's
 * crypto_pwhash_str at the interactive limits: 2 passes over 64 MiB, about
 * 0.1 s on the test machine, the hash string holding its own salt and
 * parameters), and writes the account through the store with its audit
 * entry in one transaction. The audit entry holds the role, the prefixes
 * and the flag, never the hash.
 */
#include "eml/account.h"
#include "eml/store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const roles[] = {"lecteur", "etablissement", "ars", NULL};

static int name_ok(const char *name) {
  size_t len = strlen(name);
  return len >= 1 && len < EML_ACCOUNT_NAME_MAX &&
         strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@-") == len;
}

/* finess: PREFIX[,PREFIX...], each 1 to 9 of the characters of a FINESS
 * number (digits, and A or B of Corsica's 2A/2B). */
static eml_status check_prefixes(const char *finess, eml_diag *d) {
  if (strlen(finess) >= EML_ACCOUNT_FINESS_MAX) {
    eml_diag_set(d, NULL, 0, NULL, NULL, 0, "trop de préfixes FINESS (au plus %d octets)",
                 EML_ACCOUNT_FINESS_MAX - 1);
    return EML_ERR_VALUE;
  }
  for (const char *p = finess;;) {
    size_t len = strcspn(p, ",");
    if (len < 1 || len > 9 || strspn(p, "0123456789AB") < len) {
      eml_diag_set(d, NULL, 0, NULL, NULL, 0,
                   "préfixe FINESS « %.*s » : 1 à 9 chiffres (2A, 2B pour la Corse)", (int)len, p);
      return EML_ERR_VALUE;
    }
    if (!p[len])
      return EML_OK;
    p += len + 1;
  }
}

static eml_status hash_password(const char *password, char out[EML_ACCOUNT_HASH_MAX],
                                eml_diag *d) {
  size_t len = strlen(password);
  if (len < EML_PASSWORD_MIN || len > EML_PASSWORD_MAX) {
    eml_diag_set(d, NULL, 0, NULL, NULL, 0, "le mot de passe doit avoir de %d à %d caractères",
                 EML_PASSWORD_MIN, EML_PASSWORD_MAX);
    return EML_ERR_VALUE;
  }
  _Static_assert(crypto_pwhash_STRBYTES <= EML_ACCOUNT_HASH_MAX, "hash string too long");
  if (sodium_init() < 0 ||
      crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    eml_diag_set(d, NULL, 0, NULL, NULL, 0, "empreinte du mot de passe impossible (mémoire insuffisante)");
    return EML_ERR_NOMEM;
  }
  return EML_OK;
}

static eml_status copy_account(void *ctx, const eml_account *a) {
  *(eml_account *)ctx = *a;
  return EML_OK;
}

eml_status eml_account_find(eml_store *store, const char *name, eml_account *out, int *found,
                            eml_diag *diag) {
  memset(out, 0, sizeof *out);
  eml_status st = eml_store_account_each(store, name, copy_account, out, diag);
  *found = !st && out->name[0];
  return st;
}

/* The audit JSON of an account (no hash); NULL when out of memory. */
static char *audit_json(const eml_account *a) {
  json_t *o = json_pack("{s:s, s:s, s:b}", "role", a->role, "finess", a->finess, "disabled",
                        a->disabled);
  char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  json_decref(o);
  return text;
}

/* Writes a (after: what it was, or NULL for a new account) and its audit
 * entry, in one transaction. */
static eml_status write_account(eml_store *store, const eml_account *a, const eml_account *before,
                                const char *action, const char *user, eml_diag *d) {
  char *was = before ? audit_json(before) : NULL, *now = audit_json(a);
  eml_status st = (before && !was) || !now ? EML_ERR_NOMEM : eml_store_begin(store, d);
  if (!st) {
    st = eml_store_account_put(store, a, d);
    if (!st)
      st = eml_store_audit(store, user, action, "user", a->name, was, now, d);
    if (!st)
      st = eml_store_commit(store, d);
    else if (eml_store_rollback(store)) {
      /* the store's message of the first failure is kept */
    }
  }
  free(was);
  free(now);
  return st;
}

eml_status eml_account_add(eml_store *store, const char *name, const char *role,
                           const char *finess, const char *password, const char *user,
                           eml_diag *diag) {
  if (!name_ok(name)) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                 "nom de compte « %.80s » : 1 à %d lettres, chiffres, « . », « _ », « - » ou « @ »", name,
                 EML_ACCOUNT_NAME_MAX - 1);
    return EML_ERR_VALUE;
  }
  size_t r = 0;
  while (roles[r] && strcmp(roles[r], role) != 0)
    r++;
  if (!roles[r]) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0, "rôle « %.80s » : lecteur, etablissement ou ars",
                 role);
    return EML_ERR_VALUE;
  }
  if (!finess)
    finess = "";
  if (strcmp(role, "etablissement") == 0 && !*finess) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                 "un compte etablissement doit avoir les préfixes FINESS de ses sites");
    return EML_ERR_VALUE;
  }
  if (strcmp(role, "etablissement") != 0 && *finess) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                 "les préfixes FINESS sont réservés aux comptes etablissement (un compte %s n'en a pas)",
                 role);
    return EML_ERR_VALUE;
  }
  eml_status st = *finess ? check_prefixes(finess, diag) : EML_OK;
  eml_account a, old;
  int found = 0;
  if (!st)
    st = eml_account_find(store, name, &old, &found, diag);
  if (!st && found) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0, "le compte « %s » existe déjà", name);
    return EML_ERR_VALUE;
  }
  if (st)
    return st;
  memset(&a, 0, sizeof a);
  snprintf(a.name, sizeof a.name, "%s", name);
  snprintf(a.role, sizeof a.role, "%s", role);
  snprintf(a.finess, sizeof a.finess, "%s", finess);
  st = hash_password(password, a.hash, diag);
  if (!st)
    st = write_account(store, &a, NULL, "insert", user, diag);
  sodium_memzero(a.hash, sizeof a.hash);
  return st;
}

/* The account of that name, or EML_ERR_NOT_FOUND with its message. */
static eml_status existing(eml_store *store, const char *name, eml_account *out, eml_diag *d) {
  int found = 0;
  eml_status st = eml_account_find(store, name, out, &found, d);
  if (!st && !found) {
    eml_diag_set(d, NULL, 0, NULL, NULL, 0, "aucun compte « %.80s »", name);
    return EML_ERR_NOT_FOUND;
  }
  return st;
}

eml_status eml_account_passwd(eml_store *store, const char *name, const char *password,
                              const char *user, eml_diag *diag) {
  eml_account a;
  eml_status st = existing(store, name, &a, diag);
  eml_account before = a;
  if (!st)
    st = hash_password(password, a.hash, diag);
  if (!st)
    st = write_account(store, &a, &before, "passwd", user, diag);
  return st;
}

eml_status eml_account_disable(eml_store *store, const char *name, const char *user,
                               eml_diag *diag) {
  eml_account a;
  eml_status st = existing(store, name, &a, diag);
  if (st)
    return st;
  eml_account before = a;
  a.disabled = 1;
  return write_account(store, &a, &before, "disable", user, diag);
}

int eml_account_password_ok(const eml_account *a, const char *password) {
  if (sodium_init() < 0 || !a->hash[0])
    return 0;
  return crypto_pwhash_str_verify(a->hash, password, strlen(password)) == 0;
}

int eml_account_sees_site(const eml_account *a, const char *finess) {
  if (strcmp(a->role, "ars") == 0)
    return 1;
  if (strcmp(a->role, "etablissement") != 0 || !finess || !*finess)
    return 0;
  for (const char *p = a->finess; *p;) {
    size_t len = strcspn(p, ",");
    if (len && strncmp(finess, p, len) == 0)
      return 1;
    p += len + (p[len] == ',');
  }
  return 0;
}
