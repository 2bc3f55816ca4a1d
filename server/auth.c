/*
 * auth.c — logins, sessions and roles of the dashboard (issue 16 item 3;
 * docs/security.md "Accounts and roles", docs/dashboard.md "Logging in").
 *
 * Model. The accounts are the store's (eml/account.h), read again whenever
 * the store's version changes (an `eml user disable` is seen at the next
 * request). With no account at all the dashboard stays open, read-only, as
 * before accounts existed. Once one exists every route but /login and
 * /eml.js needs a session: an id of 32 random bytes (libsodium
 * randombytes_buf) in the cookie eml_session (HttpOnly; SameSite=Strict;
 * Path=/; Secure under TLS), kept in memory with the account's name and a
 * CSRF token of 32 random bytes; a session ends 8 h after the login, 30
 * min after its last request, at /logout, or when its account is disabled
 * or removed. Every POST carries the token in its form (field csrf): the
 * session's, or for the login form the one of its cookie eml_login (set
 * with the form); without it the POST is refused (403).
 *
 * Roles (srv_auth_gate): a lecteur reads the balances and the regional
 * summaries (/, /bilan, /imaging with the machine list, /rt and their
 * JSON); an etablissement also the machine sheets of its sites (the
 * machine's FINESS starts with one of its prefixes) and sends campaign
 * files; an ars reads everything. Not logged in: a page redirects (302) to
 * /login?next=PATH, the API answers 401; a role without the right gets 403.
 *
 * Slowing down guessing: per client address, the failed logins in a row
 * are counted; from the fifth on, the address must wait 2^(n-5) s (1, 2,
 * 4... at most 300 s) after its last failure before its next try is even
 * checked: earlier tries get 429 with Retry-After. A success resets the
 * count. At most SRV_VERIFY_MAX password checks run at once (each takes
 * 64 MiB: crypto_pwhash's interactive limits), and an unknown name is
 * checked against a dummy hash, so that the answer takes as long.
 */
#include "server.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pages.h"

#define SRV_SESSIONS_MAX 1024
#define SRV_SESSION_LIFE_S (8 * 3600)
#define SRV_SESSION_IDLE_S (30 * 60)
#define SRV_ADDRESSES_MAX 256 /* addresses whose failed logins are counted */
#define SRV_FAILURES_FREE 4   /* failures in a row before the waits */
#define SRV_WAIT_MAX_S 300
#define SRV_VERIFY_MAX 4
#define TOKEN_HEX 64 /* 32 random bytes */

typedef struct srv_session {
  char id[TOKEN_HEX + 1], csrf[TOKEN_HEX + 1];
  char name[EML_ACCOUNT_NAME_MAX];
  time_t created, last;
} srv_session;

typedef struct srv_attempts {
  char address[SRV_ADDRESS_MAX];
  int failures;
  double last; /* of the last failure: seconds of CLOCK_MONOTONIC */
} srv_attempts;

struct srv_auth {
  pthread_mutex_t lock;
  /* the accounts, as read at version stamp */
  eml_account *accounts;
  size_t naccounts;
  eml_store_stamp stamp;
  int loaded;
  srv_session sessions[SRV_SESSIONS_MAX];
  srv_attempts attempts[SRV_ADDRESSES_MAX];
  pthread_mutex_t verify_lock;
  pthread_cond_t verify_free;
  int verifying;
  char dummy_hash[crypto_pwhash_STRBYTES];
};

srv_auth *srv_auth_new(void) {
  if (sodium_init() < 0)
    return NULL;
  srv_auth *a = calloc(1, sizeof *a);
  if (!a)
    return NULL;
  pthread_mutex_init(&a->lock, NULL);
  pthread_mutex_init(&a->verify_lock, NULL);
  pthread_cond_init(&a->verify_free, NULL);
  return a;
}

/* The hash an unknown name is checked against (a random password's),
 * made at the first such login: a dashboard without accounts, or whose
 * logins all name accounts, never pays for it. "" when out of memory. */
static const char *dummy_hash(srv_auth *a) {
  pthread_mutex_lock(&a->verify_lock);
  if (!a->dummy_hash[0]) {
    char random_password[TOKEN_HEX + 1];
    unsigned char bytes[TOKEN_HEX / 2];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2hex(random_password, sizeof random_password, bytes, sizeof bytes);
    if (crypto_pwhash_str(a->dummy_hash, random_password, strlen(random_password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
      a->dummy_hash[0] = '\0';
  }
  pthread_mutex_unlock(&a->verify_lock);
  return a->dummy_hash;
}

void srv_auth_free(srv_auth *a) {
  if (!a)
    return;
  free(a->accounts);
  pthread_mutex_destroy(&a->lock);
  pthread_mutex_destroy(&a->verify_lock);
  pthread_cond_destroy(&a->verify_free);
  sodium_memzero(a, sizeof *a);
  free(a);
}

static void new_token(char out[TOKEN_HEX + 1]) {
  unsigned char bytes[TOKEN_HEX / 2];
  randombytes_buf(bytes, sizeof bytes);
  sodium_bin2hex(out, TOKEN_HEX + 1, bytes, sizeof bytes);
}

/* Two tokens equal, in a time that does not depend on where they differ. */
static int same_token(const char *a, const char *b) {
  return strlen(a) == TOKEN_HEX && strlen(b) == TOKEN_HEX && sodium_memcmp(a, b, TOKEN_HEX) == 0;
}

/* ---- the accounts ---------------------------------------------------------- */

typedef struct account_list {
  eml_account *items;
  size_t n, cap;
} account_list;

static eml_status keep_account(void *ctx, const eml_account *acc) {
  account_list *l = ctx;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 16;
    eml_account *items = realloc(l->items, cap * sizeof *items);
    if (!items)
      return EML_ERR_NOMEM;
    l->items = items;
    l->cap = cap;
  }
  l->items[l->n++] = *acc;
  return EML_OK;
}

/* A name against an account's, and two accounts by name: the accounts are
 * kept in strcmp order of their names (unique: the store's key) for
 * account_named's binary search, not in the store's order (ORDER BY name
 * follows the collation of the database on PostgreSQL). */
static int name_vs_account(const void *name, const void *acc) {
  return strcmp(name, ((const eml_account *)acc)->name);
}
static int by_name(const void *x, const void *y) {
  return name_vs_account(((const eml_account *)x)->name, y);
}

/* Reads the accounts again when the store changed (lock held); the
 * library's status. */
static eml_status refresh_accounts(srv_auth *a, const srv_state *s) {
  eml_store_stamp now;
  memset(&now, 0, sizeof now);
  int have_stamp = s->cache && srv_cache_version(s->cache, &now) == EML_OK;
  if (a->loaded && have_stamp && eml_store_stamp_equal(&now, &a->stamp))
    return EML_OK;
  eml_store *store = NULL;
  eml_diag d;
  eml_diag_clear(&d);
  account_list l = {0};
  eml_status st = eml_store_open(s->db, EML_STORE_READ_ONLY, &store, &d);
  if (!st)
    st = eml_store_account_each(store, NULL, keep_account, &l, &d);
  eml_store_close(store);
  if (st) {
    free(l.items);
    return st;
  }
  if (l.n)
    qsort(l.items, l.n, sizeof *l.items, by_name);
  free(a->accounts);
  a->accounts = l.items;
  a->naccounts = l.n;
  a->stamp = now;
  a->loaded = have_stamp; /* without a stamp: read at each request */
  return EML_OK;
}

static const eml_account *account_named(const srv_auth *a, const char *name) {
  return a->naccounts ? bsearch(name, a->accounts, a->naccounts, sizeof *a->accounts,
                                name_vs_account)
                      : NULL;
}

/* ---- cookies, forms -------------------------------------------------------- */

/* The value of cookie name in the Cookie header into out ("" when none). */
static void cookie_get(const char *header, const char *name, char *out, size_t size) {
  out[0] = '\0';
  size_t nlen = strlen(name);
  for (const char *p = header; p && *p;) {
    p += strspn(p, " ;");
    size_t len = strcspn(p, ";");
    if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
      size_t vlen = len - nlen - 1;
      if (vlen < size) {
        memcpy(out, p + nlen + 1, vlen);
        out[vlen] = '\0';
      }
      return;
    }
    p += len;
  }
}

/* The text of the form's field name (decoded by the transport's post
 * processor, routes.c's srv_form_field) into out; 0, out unchanged, when
 * absent, too long, or holding a NUL byte. */
static int field_text(const srv_request *r, const char *name, char *out, size_t size) {
  const srv_field *f = srv_form_field(r, name);
  if (!f || f->len >= size || memchr(f->data, '\0', f->len))
    return 0;
  memcpy(out, f->data, f->len + 1);
  return 1;
}

/* Set-Cookie of name=value (HttpOnly; SameSite=Strict; Path=/, Secure
 * under TLS; value "" removes it). */
static void set_cookie(const srv_state *s, srv_response *out, const char *name,
                       const char *value) {
  for (size_t i = 0; i < sizeof out->cookie / sizeof out->cookie[0]; i++)
    if (!out->cookie[i][0]) {
      snprintf(out->cookie[i], sizeof out->cookie[i], "%s=%s; HttpOnly; SameSite=Strict; Path=/%s%s",
               name, value, value[0] ? "" : "; Max-Age=0", s->tls ? "; Secure" : "");
      return;
    }
}

/* A path to go back to after the login: the raw path when it is one of
 * this server's (starts with one '/', only unreserved characters, '/' and
 * '%'), else "/". */
static const char *safe_next(const char *next) {
  size_t len = strlen(next);
  if (len == 0 || len > 200 || next[0] != '/' || next[1] == '/' ||
      strspn(next, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/%") != len)
    return "/";
  return next;
}

static void redirect(srv_response *out, const char *location) {
  out->status = 302;
  out->content_type = "text/plain; charset=utf-8";
  snprintf(out->location, sizeof out->location, "%s", location);
  out->body = strdup("");
  out->len = 0;
}

/* ---- sessions -------------------------------------------------------------- */

/* The live session of the request's cookie (lock held), or NULL; an
 * expired one is forgotten. */
static srv_session *session_of(srv_auth *a, const srv_request *r, time_t now) {
  char id[TOKEN_HEX + 2];
  cookie_get(r->cookie, "eml_session", id, sizeof id);
  if (strlen(id) != TOKEN_HEX)
    return NULL;
  for (size_t i = 0; i < SRV_SESSIONS_MAX; i++) {
    srv_session *x = &a->sessions[i];
    if (x->id[0] && same_token(x->id, id)) {
      if (now - x->created > SRV_SESSION_LIFE_S || now - x->last > SRV_SESSION_IDLE_S) {
        memset(x, 0, sizeof *x);
        return NULL;
      }
      return x;
    }
  }
  return NULL;
}

/* A new session for name (lock held): a free slot, else the one idle
 * longest. */
static srv_session *session_new(srv_auth *a, const char *name, time_t now) {
  srv_session *slot = &a->sessions[0];
  for (size_t i = 0; i < SRV_SESSIONS_MAX; i++) {
    srv_session *x = &a->sessions[i];
    if (!x->id[0] || now - x->created > SRV_SESSION_LIFE_S || now - x->last > SRV_SESSION_IDLE_S) {
      slot = x;
      break;
    }
    if (x->last < slot->last)
      slot = x;
  }
  memset(slot, 0, sizeof *slot);
  new_token(slot->id);
  new_token(slot->csrf);
  snprintf(slot->name, sizeof slot->name, "%s", name);
  slot->created = slot->last = now;
  return slot;
}

/* ---- failed logins per address --------------------------------------------- */

/* The count of the address (NULL when none and not create); a new one
 * takes a free slot, else the slot whose last failure is the oldest. */
static srv_attempts *attempts_of(srv_auth *a, const char *address, int create) {
  srv_attempts *slot = NULL;
  for (size_t i = 0; i < SRV_ADDRESSES_MAX; i++) {
    srv_attempts *t = &a->attempts[i];
    if (t->address[0] && strcmp(t->address, address) == 0)
      return t;
    if (!slot || (slot->address[0] && (!t->address[0] || t->last < slot->last)))
      slot = t;
  }
  if (!create)
    return NULL;
  memset(slot, 0, sizeof *slot);
  snprintf(slot->address, sizeof slot->address, "%s", address);
  return slot;
}

static double monotonic_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Whole seconds (rounded up) the address must still wait before its next
 * try (0: none). */
static long wait_left(const srv_attempts *t, double now) {
  if (!t || t->failures <= SRV_FAILURES_FREE)
    return 0;
  int n = t->failures - SRV_FAILURES_FREE - 1; /* 5th failure: 2^0 s */
  double wait = n >= 9 ? SRV_WAIT_MAX_S : (double)(1L << n);
  if (wait > SRV_WAIT_MAX_S)
    wait = SRV_WAIT_MAX_S;
  double left = t->last + wait - now;
  return left > 0 ? (long)ceil(left) : 0;
}

/* Checks password against hash, SRV_VERIFY_MAX at most at once. */
static int verify(srv_auth *a, const char *hash, const char *password) {
  pthread_mutex_lock(&a->verify_lock);
  while (a->verifying >= SRV_VERIFY_MAX)
    pthread_cond_wait(&a->verify_free, &a->verify_lock);
  a->verifying++;
  pthread_mutex_unlock(&a->verify_lock);
  int ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
  pthread_mutex_lock(&a->verify_lock);
  a->verifying--;
  pthread_cond_signal(&a->verify_free);
  pthread_mutex_unlock(&a->verify_lock);
  return ok;
}

/* ---- pages ------------------------------------------------------------------ */

/* The login form (status: 200, or 401 after a failed try), with a new
 * login token in its cookie and its field. */
static void login_form(const srv_state *s, const char *next, const char *message, int status,
                       srv_response *out) {
  char token[TOKEN_HEX + 1];
  new_token(token);
  srv_page p;
  srv_page_begin(&p, _("Connexion"), NULL);
  if (message) {
    srv_page_raw(&p, "<p class=\"error\">");
    srv_page_text(&p, message);
    srv_page_raw(&p, "</p>\n");
  }
  srv_page_printf(&p,
                  "<form method=\"post\" action=\"/login\">\n"
                  "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                  "<input type=\"hidden\" name=\"next\" value=\"",
                  token);
  srv_page_text(&p, safe_next(next));
  srv_page_raw(&p, "\">\n<p><label>");
  srv_page_text(&p, _("Compte"));
  srv_page_raw(&p, " <input name=\"name\" autocomplete=\"username\" required></label></p>\n"
                   "<p><label>");
  srv_page_text(&p, _("Mot de passe"));
  srv_page_raw(&p, " <input type=\"password\" name=\"password\" "
                   "autocomplete=\"current-password\" required></label></p>\n"
                   "<p><button type=\"submit\">");
  srv_page_text(&p, _("Se connecter"));
  srv_page_raw(&p, "</button></p>\n</form>\n");
  srv_page_end(&p, out, status);
  set_cookie(s, out, "eml_login", token);
}

static const char *query_value(const srv_request *r, const char *name) {
  for (size_t i = 0; i < r->nquery; i++)
    if (strcmp(r->query[i].name, name) == 0)
      return r->query[i].value;
  return "";
}

void srv_auth_login_page(const srv_state *s, const srv_request *r, const struct srv_view *v,
                         srv_response *out) {
  (void)v;
  login_form(s, query_value(r, "next"), NULL, 200, out);
}

void srv_auth_login_post(const srv_state *s, const srv_request *r, const struct srv_view *v,
                         srv_response *out) {
  (void)v;
  srv_auth *a = s->auth;
  char name[EML_ACCOUNT_NAME_MAX] = "", password[EML_PASSWORD_MAX + 1] = "", csrf[TOKEN_HEX + 2] = "",
       cookie_token[TOKEN_HEX + 2], next[256] = "/";
  field_text(r, "next", next, sizeof next);
  if (!a) {
    srv_respond_error(out, 0, 403, "no accounts", _("aucun compte : le tableau de bord est ouvert "
                                                  "en lecture seule"));
    return;
  }
  cookie_get(r->cookie, "eml_login", cookie_token, sizeof cookie_token);
  if (!field_text(r, "csrf", csrf, sizeof csrf) ||
      !same_token(csrf, cookie_token)) {
    srv_respond_error(out, 0, 403, "CSRF token missing or wrong",
                      _("jeton CSRF absent ou faux : rechargez la page de connexion"));
    return;
  }
  time_t now = time(NULL);
  pthread_mutex_lock(&a->lock);
  eml_status st = refresh_accounts(a, s);
  long left = wait_left(attempts_of(a, r->client, 0), monotonic_s());
  size_t naccounts = a->naccounts;
  pthread_mutex_unlock(&a->lock);
  if (st) {
    srv_respond_store_error(out, 0, st);
    return;
  }
  if (naccounts == 0) {
    srv_respond_error(out, 0, 403, "no accounts", _("aucun compte : le tableau de bord est ouvert "
                                                  "en lecture seule"));
    return;
  }
  if (left > 0) {
    char en[160], msg[160], n[32];
    snprintf(en, sizeof en, "too many failed logins: try again in %ld s", left);
    snprintf(msg, sizeof msg, _("trop d'essais manqués : réessayez dans %ld s"), left);
    srv_respond_error(out, 0, 429, en, msg);
    snprintf(n, sizeof n, "%ld", left);
    srv_response_add_header(out, "Retry-After", n);
    return;
  }
  field_text(r, "name", name, sizeof name);
  field_text(r, "password", password, sizeof password);
  pthread_mutex_lock(&a->lock);
  const eml_account *found = account_named(a, name);
  eml_account acc;
  if (found)
    acc = *found;
  pthread_mutex_unlock(&a->lock);
  /* an unknown name costs the same check as a known one */
  int ok = verify(a, found ? acc.hash : dummy_hash(a), password) && found && !acc.disabled;
  sodium_memzero(password, sizeof password);
  pthread_mutex_lock(&a->lock);
  srv_attempts *t = attempts_of(a, r->client, 1);
  srv_session *x = NULL;
  if (ok) {
    t->failures = 0;
    x = session_new(a, acc.name, now);
  } else {
    t->failures++;
    t->last = monotonic_s();
  }
  char id[TOKEN_HEX + 1] = "";
  if (x)
    snprintf(id, sizeof id, "%s", x->id);
  pthread_mutex_unlock(&a->lock);
  if (!ok) {
    login_form(s, next, _("compte ou mot de passe faux (ou compte désactivé)"), 401, out);
    return;
  }
  redirect(out, safe_next(next));
  set_cookie(s, out, "eml_session", id);
  set_cookie(s, out, "eml_login", "");
}

void srv_auth_logout_page(const srv_state *s, const srv_request *r, const struct srv_view *v,
                          srv_response *out) {
  (void)v;
  srv_auth *a = s->auth;
  char csrf[TOKEN_HEX + 1] = "", name[EML_ACCOUNT_NAME_MAX] = "";
  if (a) {
    pthread_mutex_lock(&a->lock);
    srv_session *x = session_of(a, r, time(NULL));
    if (x) {
      snprintf(csrf, sizeof csrf, "%s", x->csrf);
      snprintf(name, sizeof name, "%s", x->name);
    }
    pthread_mutex_unlock(&a->lock);
  }
  srv_page p;
  srv_page_begin(&p, _("Déconnexion"), NULL);
  if (!csrf[0]) {
    srv_page_printf(&p, "<p>%s <a href=\"/login\">%s</a></p>\n", _("Aucune session ouverte."),
                    _("Se connecter"));
  } else {
    srv_page_printf(&p, "<p>%s", _("Connecté en tant que "));
    srv_page_text(&p, name);
    srv_page_printf(&p,
                    ".</p>\n<form method=\"post\" action=\"/logout\">\n<input type=\"hidden\" "
                    "name=\"csrf\" value=\"%s\">\n<p><button type=\"submit\">%s</button></p>\n"
                    "</form>\n",
                    csrf, _("Se déconnecter"));
  }
  srv_page_end(&p, out, 200);
}

void srv_auth_logout_post(const srv_state *s, const srv_request *r, const struct srv_view *v,
                          srv_response *out) {
  (void)v;
  srv_auth *a = s->auth;
  if (a) { /* the gate checked the session and its token */
    pthread_mutex_lock(&a->lock);
    srv_session *x = session_of(a, r, time(NULL));
    if (x)
      memset(x, 0, sizeof *x);
    pthread_mutex_unlock(&a->lock);
  }
  redirect(out, "/login");
  set_cookie(s, out, "eml_session", "");
}

/* ---- the gate ---------------------------------------------------------------- */

/* What a role may reach: 1 for every role, 2 for a machine's sheet (its
 * sites), 3 for sending files (etablissement, ars), 0 for the ars only. */
static int route_level(const char *route) {
  static const char *const everyone[] = {"/",        "/bilan",       "/imaging", "/rt",
                                         "/api",     "/api/bilan",   "/api/imaging",
                                         "/api/rt",  "/api/imaging/machines", "/logout", NULL};
  for (size_t i = 0; everyone[i]; i++)
    if (strcmp(route, everyone[i]) == 0)
      return 1;
  if (strcmp(route, "/imaging/machine/*") == 0 || strcmp(route, "/api/imaging/machine/*") == 0)
    return 2;
  if (strcmp(route, "/upload") == 0)
    return 3;
  return 0;
}

static int role_allows(const srv_state *s, const srv_request *r, const eml_account *acc) {
  if (strcmp(acc->role, "ars") == 0)
    return 1;
  switch (route_level(r->route)) {
  case 1:
    return 1;
  case 2: {
    int stored = 0; /* a stored campaign's machine: its site checked by routes.c */
    for (size_t i = 0; i < r->nquery; i++)
      stored |= strcmp(r->query[i].name, "campaign") == 0;
    long at = s->imaging && !stored ? eml_imaging_machine_find(s->imaging, r->segment) : -1;
    if (at < 0)
      return strcmp(acc->role, "etablissement") == 0; /* the view says 404 */
    return eml_account_sees_site(acc, eml_imaging_machine_at(s->imaging, (size_t)at)->finess);
  }
  case 3:
    return strcmp(acc->role, "etablissement") == 0;
  default:
    return 0;
  }
}

int srv_auth_sees_site(const srv_state *s, const char *account, const char *finess) {
  srv_auth *a = s->auth;
  if (!a)
    return 0;
  pthread_mutex_lock(&a->lock);
  const eml_account *acc = account_named(a, account);
  int ok = acc && !acc->disabled && eml_account_sees_site(acc, finess);
  pthread_mutex_unlock(&a->lock);
  return ok;
}

int srv_auth_session_ok(const srv_state *s, const char *cookie) {
  srv_auth *a = s->auth;
  if (!a)
    return 0;
  srv_request r;
  memset(&r, 0, sizeof r);
  r.cookie = cookie;
  pthread_mutex_lock(&a->lock);
  int ok = refresh_accounts(a, s) == EML_OK;
  srv_session *x = ok ? session_of(a, &r, time(NULL)) : NULL;
  const eml_account *acc = x ? account_named(a, x->name) : NULL;
  ok = acc && !acc->disabled;
  pthread_mutex_unlock(&a->lock);
  return ok;
}

int srv_auth_gate(const srv_state *s, srv_request *r, int json, srv_response *out) {
  srv_auth *a = s->auth;
  r->account[0] = r->csrf[0] = '\0';
  if (!a || strcmp(r->route, "/login") == 0 || strcmp(r->route, "/eml.js") == 0)
    return 1;
  int post = strcmp(r->method, "POST") == 0;
  /* a POST that writes nothing (the scenario, applied in memory: the route
   * table says) is open with no account as its GET is; under accounts it
   * needs its token too */
  int writes = post && r->writes;
  time_t now = time(NULL);
  pthread_mutex_lock(&a->lock);
  eml_status st = refresh_accounts(a, s);
  size_t naccounts = a->naccounts;
  srv_session *x = st ? NULL : session_of(a, r, now);
  const eml_account *acc = x ? account_named(a, x->name) : NULL;
  if (x && (!acc || acc->disabled)) { /* disabled or removed since the login */
    memset(x, 0, sizeof *x);
    x = NULL;
    acc = NULL;
  }
  eml_account copy;
  char csrf[TOKEN_HEX + 1] = "";
  if (x) {
    x->last = now;
    copy = *acc;
    snprintf(csrf, sizeof csrf, "%s", x->csrf);
  }
  pthread_mutex_unlock(&a->lock);
  if (st) { /* as the views say it (routes.c): 503, without the store's path */
    srv_respond_store_error(out, json, st);
    return 0;
  }
  if (naccounts == 0) { /* no account: open, read-only */
    if (!writes)
      return 1;
    srv_respond_error(out, json, 403, "no accounts: the dashboard is read-only",
                      _("aucun compte : le tableau de bord est en lecture seule"));
    return 0;
  }
  if (!x) {
    if (json) {
      srv_respond_error(out, 1, 401, "login required (POST /login)", _("connexion requise"));
    } else {
      char location[300];
      snprintf(location, sizeof location, "/login?next=%s", safe_next(r->path));
      redirect(out, location);
    }
    return 0;
  }
  if (post) {
    char given[TOKEN_HEX + 2];
    if (!field_text(r, "csrf", given, sizeof given) || !same_token(given, csrf)) {
      srv_respond_error(out, json, 403, "CSRF token missing or wrong",
                        _("jeton CSRF absent ou faux : rechargez la page"));
      return 0;
    }
  }
  if (!role_allows(s, r, &copy)) {
    srv_respond_error(out, json, 403, "this account may not see this",
                      _("ce compte n'a pas accès à cette page"));
    return 0;
  }
  snprintf(r->account, sizeof r->account, "%s", copy.name);
  snprintf(r->csrf, sizeof r->csrf, "%s", csrf);
  return 1;
}
