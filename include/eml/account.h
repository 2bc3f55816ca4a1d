/*
 * eml/account.h — the accounts of the dashboard (docs/security.md,
 * "Accounts and roles"): a name, a role (lecteur, etablissement, ars), the
 * FINESS prefixes of an etablissement's sites, an Argon2id hash of the
 * password (libsodium's crypto_pwhash_str, interactive limits), a disabled
 * flag and when it was created and last changed. Kept in the store's
 * `users` table (eml_store_account_put / _each, eml/store.h); written by
 * `eml user` (cli/cmd_user.c) through the functions below (lib/domain/
 * account.c), each change one transaction with its audit entry (entity
 * "user", the hash never written there).
 */
#ifndef EML_ACCOUNT_H
#define EML_ACCOUNT_H

#include "status.h"

#define EML_ACCOUNT_NAME_MAX 64    /* bytes of a name, with its NUL */
#define EML_ACCOUNT_FINESS_MAX 256 /* bytes of the prefixes, with the NUL */
#define EML_ACCOUNT_HASH_MAX 128   /* crypto_pwhash_STRBYTES */
#define EML_PASSWORD_MIN 8         /* characters (bytes) of a password, at least */
#define EML_PASSWORD_MAX 1024

typedef struct eml_account {
  char name[EML_ACCOUNT_NAME_MAX];
  char role[16];                       /* "lecteur", "etablissement" or "ars" */
  char finess[EML_ACCOUNT_FINESS_MAX]; /* "750,7500123" (comma-separated), "" none */
  char hash[EML_ACCOUNT_HASH_MAX];
  int disabled;
  char created[24], updated[24]; /* UTC, YYYY-MM-DDTHH:MM:SSZ; set by the store */
} eml_account;

typedef eml_status (*eml_account_fn)(void *ctx, const eml_account *a);

typedef struct eml_store eml_store;

/* Creates account name (role one of the three; finess required for an
 * etablissement, optional for the others; the password EML_PASSWORD_MIN
 * bytes at least) and writes its audit entry under user. An existing name
 * is EML_ERR_VALUE with its message. */
eml_status eml_account_add(eml_store *store, const char *name, const char *role,
                           const char *finess, const char *password, const char *user,
                           eml_diag *diag) EML_MUST_CHECK;
/* A new password for name / disables name (EML_ERR_NOT_FOUND when none). */
eml_status eml_account_passwd(eml_store *store, const char *name, const char *password,
                              const char *user, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_account_disable(eml_store *store, const char *name, const char *user,
                               eml_diag *diag) EML_MUST_CHECK;
/* The account of that name into out (*found 0: none). */
eml_status eml_account_find(eml_store *store, const char *name, eml_account *out, int *found,
                            eml_diag *diag) EML_MUST_CHECK;
/* 1 when password is the account's (crypto_pwhash_str_verify). */
int eml_account_password_ok(const eml_account *a, const char *password);
/* 1 when the account may see the site finess: an ars sees every site, an
 * etablissement the sites whose FINESS starts with one of its prefixes,
 * a lecteur none. */
int eml_account_sees_site(const eml_account *a, const char *finess);

#endif
