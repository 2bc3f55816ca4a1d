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

/* Caps on what a client sends (bigger is refused with a 4xx). */
#define SRV_QUERY_MAX 8        /* query parameters per request */
#define SRV_VALUE_MAX 128      /* bytes of one parameter value or path segment */
#define SRV_URL_MAX 2048       /* bytes of the path */
#define SRV_DEADLINE_S 30      /* default seconds a request may take (--request-timeout) */
#define SRV_FORM_MAX (256 * 1024) /* bytes of a form's body (POST /scenario: a scenario file) */
#define SRV_FORM_FIELDS 8         /* fields of a form */

/* What the server keeps per version of the store (cache.c): the data the
 * views read from it and the answers made. */
typedef struct srv_cache srv_cache;
typedef struct srv_hold srv_hold;

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
} srv_state;

typedef struct srv_param {
  char name[32];
  char value[SRV_VALUE_MAX];
} srv_param;

/* A field of a form sent by POST (application/x-www-form-urlencoded or
 * multipart/form-data, decoded by the transport): a text box's value or an
 * uploaded file's content (filename: as the browser sent it, else ""). */
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
  int form_error;     /* 413: the form exceeds SRV_FORM_MAX; 415: not a form; 400: malformed */
  srv_param query[SRV_QUERY_MAX];
  size_t nquery;
  int query_overflow;                   /* more parameters than SRV_QUERY_MAX */
  char segment[SRV_VALUE_MAX];          /* the path segment matched by '*', decoded */
  const char *route;                    /* pattern of the route matched */
  eml_store_stamp stamp;                /* the store's version for this request */
  int has_stamp;                        /* stamp read (else nothing is kept) */
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
/* The route of method and path (as sent) takes a form (POST /scenario):
 * the transport then reads the body, up to SRV_FORM_MAX. */
int srv_route_takes_form(const char *method, const char *path);

/* Adds a query parameter to req (names/values longer than their cap, or
 * more than SRV_QUERY_MAX, set query_overflow). */
void srv_request_add_param(srv_request *req, const char *name, const char *value);

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
