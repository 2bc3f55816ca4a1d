/*
 * server.h — the dashboard of `eml serve` (docs/dashboard.md, docs/api.md):
 * read-only HTML pages and a JSON API over libeml's reports (eml/report.h:
 * the balance from the store, the imaging panel computed once at start,
 * radiotherapy from the store) — the reports the command line prints.
 *
 * The model: a request is (method, path, query parameters); the route table
 * of routes.c maps it to one handler, which fills a response (status,
 * content type, body). The HTTP transport (http.c, libmicrohttpd) only
 * turns connections into requests and responses into bytes, so every page
 * is built the same way whatever serves it. Internal prefix: srv_.
 */
#ifndef EML_SERVER_H
#define EML_SERVER_H

#include <stddef.h>
#include <time.h>

#include "eml/eml.h"

/* Texts in the language of the run (eml/i18n.h, docs/i18n.md): the msgids
 * are French; the command chose the language (--lang, EML_LANG, the
 * locale) before the server starts. */
#define _(msgid) eml_tr(msgid)
/* Marks a text of a table of data for xgettext, translated where used. */
#define N_(msgid) msgid
/* N_ for a text whose % is a percent sign, not a format. */
#define NF_(msgid) msgid
/* msgid or msgid_plural as the count n asks (eml_trn). */
#define _n(msgid, msgid_plural, n) eml_trn(msgid, msgid_plural, (unsigned long)(n))

/* Caps on what a client sends (bigger is refused with a 4xx). */
#define SRV_QUERY_MAX 8        /* query parameters per request */
#define SRV_VALUE_MAX 128      /* bytes of one parameter value or path segment */
#define SRV_URL_MAX 2048       /* bytes of the path */
#define SRV_DEADLINE_S 30      /* default seconds a request may take (--request-timeout) */
#define SRV_SCENARIO_MAX (256 * 1024) /* bytes of the scenario form's body (POST /scenario) */
#define SRV_FORM_FIELDS 8         /* fields of a form */
#define SRV_ADDRESS_MAX 48     /* bytes of a client's address as text */
#define SRV_FORM_MAX 8192      /* bytes of the body of a form (login, logout) */
#define SRV_UPLOAD_FILE_MAX (64 << 20) /* bytes of one file sent to /upload */
#define SRV_UPLOAD_MAX (192 << 20)     /* bytes of the body of one POST /upload */

/* What the server keeps per version of the store (cache.c): the data the
 * views read from it and the answers made. */
typedef struct srv_cache srv_cache;
typedef struct srv_hold srv_hold;
/* The sessions and the accounts read from the store (auth.c). */
typedef struct srv_auth srv_auth;
/* The files of one POST /upload being received (upload.c). */
typedef struct srv_upload srv_upload;
/* The rejects files of the uploads, kept for their sessions (upload.c). */
typedef struct srv_uploads srv_uploads;

/* What the server serves; read-only once the server runs, shared by every
 * request thread. */
typedef struct srv_state {
  const char *db;                 /* the store (balance, radiotherapy) */
  const char *period;             /* default --period of the balance, or NULL */
  eml_date at;                    /* default date of the balance */
  int year;                       /* default radiotherapy year, 0: latest stored */
  eml_imaging_result *imaging;    /* panel computed at start, or NULL */
  eml_imaging_activity *imaging_activity; /* its machines' heat maps, or NULL */
  const eml_imaging_inputs *imaging_inputs; /* its sites and survey (campaign freed), or NULL */
  const char *imaging_dir;        /* where it came from (shown on the pages) */
  const eml_outlines *outlines;   /* of the balance's map, or NULL: no map */
  const char *outlines_credit;    /* written under the map's legend, or NULL */
  const eml_regime_rules *rt_rules; /* radiotherapy from 2023: the 2023 regime's rules, or NULL */
  const char *listen;             /* the listen address: an allowed Host, with localhost */
  const char *const *hosts;       /* the other allowed Host names (--allow-host) */
  size_t nhosts;
  srv_cache *cache;               /* answers and data per store version, or NULL: none kept */
  time_t (*now)(void);            /* the clock of a document's date (the CLI's, cli_now:
                                     SOURCE_DATE_EPOCH when set), or NULL: time() */
  srv_auth *auth;                 /* logins and roles, or NULL: open to all (read-only) */
  srv_uploads *uploads;           /* the uploads' rejects files kept, or NULL: none kept */
  int tls;                        /* served over TLS (cookies get Secure) */
  char *tls_cert, *tls_key;       /* PEM texts of --tls-cert, --tls-key (the command's), or NULL */
} srv_state;

typedef struct srv_param {
  char name[32];
  char value[SRV_VALUE_MAX];
} srv_param;

/* A field of a form sent by POST (application/x-www-form-urlencoded or
 * multipart/form-data, decoded by the transport): a text box's value or an
 * uploaded file's content (filename: as the browser sent it, else ""). */
typedef enum srv_body {
  SRV_BODY_NONE = 0,
  SRV_BODY_FIELDS, /* a form decoded into srv_field (libmicrohttpd's post processor) */
  SRV_BODY_FILES   /* files streamed to disk (upload.c) */
} srv_body;

typedef struct srv_field {
  char name[32];
  char filename[128];
  char *data; /* NUL-terminated (a NUL inside stays: len says) */
  size_t len;
} srv_field;

typedef struct srv_request {
  const char *method; /* "GET", "HEAD"... */
  const char *path;   /* "/imaging/machine/SC%2F01", as sent (percent-encoded) */
  const char *host;   /* the Host header, or NULL */
  int nul_byte;       /* a %00 in the URI (refused) */
  int has_body;       /* a body announced (refused but on a route taking a form) */
  const srv_field *form; /* a POST's fields, in order (routes taking a form) */
  size_t nform;
  int form_error;     /* 413: the form exceeds its route's cap; 415: not a form; 400: malformed */
  srv_param query[SRV_QUERY_MAX];
  size_t nquery;
  int query_overflow;                   /* more parameters than SRV_QUERY_MAX */
  char segment[SRV_VALUE_MAX];          /* the path segment matched by '*', decoded */
  const char *route;                    /* pattern of the route matched */
  int writes;                           /* the route changes the store (a POST) */
  eml_store_stamp stamp;                /* the store's version for this request */
  int has_stamp;                        /* stamp read (else nothing is kept) */
  char client[SRV_ADDRESS_MAX];         /* the client's address ("" unknown) */
  const char *cookie;                   /* the Cookie header, or NULL */
  char account[64];                     /* the account logged in (srv_auth_gate), or "" */
  char csrf[72];                        /* its session's CSRF token (srv_auth_gate), or "" */
  srv_upload *upload;                   /* POST /upload: the files received, or NULL */
} srv_request;

typedef struct srv_response {
  int status;               /* HTTP status */
  const char *content_type; /* static string */
  char *body;               /* malloc'd, owned by the response */
  size_t len;
  char filename[96];        /* a download: Content-Disposition's file name, or "" */
  struct {
    const char *name;  /* static string */
    char value[32];
  } extra[3];               /* more headers (the cache's counters) */
  size_t nextra;
  char location[320];       /* Location of a redirection, or "" */
  char cookie[2][200];      /* Set-Cookie values, or "" */
} srv_response;

/* The headers of every answer of the dashboard (docs/security.md): frames,
 * referrer, sniffing, and a policy allowing only the page's own script
 * file (/eml.js) and inline styles. Ends with {NULL, NULL}. */
typedef struct srv_header {
  const char *name, *value;
} srv_header;
extern const srv_header srv_safety_headers[];

/* Answers one request (never fails: errors become 4xx/5xx responses).
 * Free the body with srv_response_free. */
void srv_handle(const srv_state *state, const srv_request *req, srv_response *resp);
void srv_response_free(srv_response *resp); /* accepts NULL */
/* How the transport reads the body of a request to the route of method
 * and path (as sent), from the route table: not at all (SRV_BODY_NONE:
 * answered before it), its fields by libmicrohttpd's post processor
 * (SRV_BODY_FIELDS: the scenario, the login and logout forms) or its files
 * streamed to disk (SRV_BODY_FILES: upload.c); *max: its most bytes. */
srv_body srv_route_body(const char *method, const char *path, size_t *max);
/* The field name of the request's form (the first of that name), or NULL. */
const srv_field *srv_form_field(const srv_request *r, const char *name);

/* Adds a query parameter to req (names/values longer than their cap, or
 * more than SRV_QUERY_MAX, set query_overflow). */
void srv_request_add_param(srv_request *req, const char *name, const char *value);

/* Adds a header to resp (name static, value at most 31 bytes; beyond
 * three, dropped). */
void srv_response_add_header(srv_response *resp, const char *name, const char *value);
/* An error answer: {"error": en, "status"} for the API (json: its
 * documented English, docs/api.md), else a page saying fr, which the caller
 * gives in the page's language (a msgid translated by _(), docs/i18n.md). */
void srv_respond_error(srv_response *out, int json, int status, const char *en, const char *fr);
/* The store could not be read: 503, without its path. */
void srv_respond_store_error(srv_response *out, int json, eml_status st);
/* A file's bytes in memory (malloc'd, NUL-terminated, *len bytes); NULL
 * when it cannot be read. */
char *srv_file_read(const char *path, size_t *len);

/* Logins (auth.c; docs/security.md "Accounts and roles"). srv_auth_new:
 * NULL when out of memory. srv_auth_gate lets the request through (1,
 * the account's name in who, "" when no account exists) or answers it (0):
 * redirection to /login, 401, 403 (role, CSRF token). The pages of /login
 * and /logout. */
srv_auth *srv_auth_new(void);
void srv_auth_free(srv_auth *a); /* accepts NULL */
int srv_auth_gate(const srv_state *s, srv_request *r, int json, srv_response *out);
/* 1 when cookie (the Cookie header) holds a live session of an enabled
 * account: a POST /upload without one is refused before its body is read. */
int srv_auth_session_ok(const srv_state *s, const char *cookie);
/* 1 when the account may see or send the site finess (eml_account_sees_site). */
int srv_auth_sees_site(const srv_state *s, const char *account, const char *finess);
struct srv_view; /* routes.c's: handlers of the route table take one (NULL here) */
void srv_auth_login_page(const srv_state *s, const srv_request *r, const struct srv_view *v,
                         srv_response *out);
void srv_auth_login_post(const srv_state *s, const srv_request *r, const struct srv_view *v,
                         srv_response *out);
void srv_auth_logout_page(const srv_state *s, const srv_request *r, const struct srv_view *v,
                          srv_response *out);
void srv_auth_logout_post(const srv_state *s, const srv_request *r, const struct srv_view *v,
                          srv_response *out);

/* Uploads (upload.c; docs/dashboard.md "Sending a campaign"): begin when
 * the request starts (NULL: not a multipart form, or no temporary
 * directory), feed each piece of the body, form gives the fields the gate
 * reads ("csrf=TOKEN") once the body is in, end removes the files. The
 * pages of GET and POST /upload. */
struct MHD_Connection;
srv_upload *srv_upload_begin(struct MHD_Connection *conn);
void srv_upload_feed(srv_upload *u, const char *data, size_t len);
const char *srv_upload_form(srv_upload *u);
void srv_upload_end(srv_upload *u); /* accepts NULL */
/* The rejects files kept (GET /upload?rejets=TOKEN); NULL when out of memory. */
srv_uploads *srv_uploads_new(void);
void srv_uploads_free(srv_uploads *k); /* accepts NULL; once no request runs */
void srv_upload_page(const srv_state *s, const srv_request *r, const struct srv_view *v,
                     srv_response *out);
void srv_upload_post(const srv_state *s, const srv_request *r, const struct srv_view *v,
                     srv_response *out);

/* The cache (cache.c). srv_cache_new keeps db (not copied); NULL when out
 * of memory. srv_cache_version gives the store's stamp now (0, or the
 * status when the store cannot be read). srv_cache_data gives, with a
 * reference to release, the data of stamp v read from db once (the
 * register, or with want_rt the radiotherapy data): c NULL or v NULL read
 * it for the caller alone. srv_cache_get copies the answer kept for key
 * at v into out (1) or says none (0); srv_cache_put keeps a copy of resp
 * (not a 5xx). srv_cache_computed adds add to the count of answers made
 * and returns it; srv_cache_reads, the count of reads of the store. */
srv_cache *srv_cache_new(const char *db);
void srv_cache_free(srv_cache *c); /* accepts NULL; once no request runs */
eml_status srv_cache_version(srv_cache *c, eml_store_stamp *out) EML_MUST_CHECK;
eml_status srv_cache_data(srv_cache *c, const char *db, const eml_store_stamp *v, int want_rt,
                          srv_hold **out, eml_diag *d) EML_MUST_CHECK;
void srv_cache_release(srv_cache *c, srv_hold *h); /* accepts NULL */
const eml_register *srv_hold_register(const srv_hold *h);
const eml_rt_data *srv_hold_rt(const srv_hold *h);
int srv_hold_rt_year(const srv_hold *h); /* the year with the most passages, 0: none */
int srv_cache_get(srv_cache *c, const eml_store_stamp *v, const char *key, srv_response *out);
void srv_cache_put(srv_cache *c, const eml_store_stamp *v, const char *key,
                   const srv_response *resp);
long srv_cache_computed(srv_cache *c, int add);
/* The stored imaging campaigns (docs/dashboard.md "Sending a campaign"):
 * srv_cache_campaigns gives, with a reference to release, the data of
 * stamp v holding the list of the campaigns of db (read once, in the
 * store's order: srv_hold_campaigns); srv_cache_campaign the same with the
 * campaign name computed (once per stamp), *campaign NULL when db holds no
 * campaign of that name. */
typedef struct srv_campaign_info {
  char name[SRV_VALUE_MAX];
  char imported_at[40];
  long machines, sessions, exams;
} srv_campaign_info;
typedef struct srv_campaign {
  char name[SRV_VALUE_MAX];
  eml_imaging_inputs in; /* the register's sites of the store (the campaign freed) */
  eml_imaging_result *result;
  eml_imaging_activity *activity; /* every machine's heat map */
} srv_campaign;
eml_status srv_cache_campaigns(srv_cache *c, const char *db, const eml_store_stamp *v,
                               srv_hold **out, eml_diag *d) EML_MUST_CHECK;
const srv_campaign_info *srv_hold_campaigns(const srv_hold *h, size_t *n);
eml_status srv_cache_campaign(srv_cache *c, const char *db, const eml_store_stamp *v,
                              const char *name, srv_hold **out, const srv_campaign **campaign,
                              eml_diag *d) EML_MUST_CHECK;
long srv_cache_reads(srv_cache *c);

/* The HTTP server (http.c): listens on listen_addr:port (port 0: any free
 * one, given back in *bound_port) and answers from its own threads (as
 * eml_threads_resolve takes them: 0 for the online cores) until
 * srv_http_stop; a request not answered deadline_s seconds after the
 * previous one on its connection ended (0: SRV_DEADLINE_S) has its
 * connection closed. NULL with a message in err when it cannot listen. */
typedef struct srv_http srv_http;
srv_http *srv_http_start(const srv_state *state, const char *listen_addr, unsigned port,
                         unsigned threads, unsigned deadline_s, unsigned *bound_port, char *err,
                         size_t err_size);
void srv_http_stop(srv_http *http); /* accepts NULL */

#endif
