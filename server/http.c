/*
 * http.c — the HTTP transport of `eml serve` over libmicrohttpd: a daemon
 * with its own epoll thread pool (--threads of eml serve: the online cores
 * by default, eml/threads.h) turns each request into a srv_request (the raw
 * path, the Host header, the query parameters decoded by libmicrohttpd,
 * capped by SRV_QUERY_MAX/SRV_VALUE_MAX) and srv_handle's response into
 * bytes with the safety headers (docs/security.md, "The dashboard").
 *
 * Limits against malformed or hostile clients (the probe of issue 16):
 * 32 KiB of memory per connection (a longer request line or header gets
 * 414/431 from libmicrohttpd); 1000 connections, 64 from one address; a
 * connection idle for 15 s is closed, and a request not answered within
 * its deadline (--request-timeout, 30 s by default, from the end of the
 * previous request on the connection) has its socket shut by the reaper
 * thread, however busy the client keeps it (one byte at a time). The query
 * is counted on the raw URI before libmicrohttpd stores its parameters in
 * the connection's memory: beyond SRV_QUERY_MAX it is cut there (the
 * request then answered 400), so that no count of parameters exhausts that
 * memory (456 closed the connection, 1200 hung 15 s). A %00 anywhere in the
 * URI is kept as a flag (libmicrohttpd's decoding would cut the path at it).
 * A GET or HEAD announcing a body (Content-Length > 0, Transfer-Encoding) is
 * answered 413 before its body is read; other methods 405 at once, but a
 * POST to a route taking a form (srv_route_body: /scenario, /login,
 * /logout), whose form (urlencoded or multipart) is read by libmicrohttpd's
 * post processor into the request's fields: a Content-Length above the
 * route's cap, or none, is answered 413 before the body is read, more on the
 * way cuts the form; and POST /upload, whose files go to disk (upload.c).
 * srv_http_stop ends it (the command calls it on SIGINT/SIGTERM), waiting
 * for the requests in progress.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#define SRV_CONNECTIONS_MAX 1000
#define SRV_CONNECTIONS_PER_ADDRESS 64
#define SRV_CONNECTION_MEMORY (32 * 1024)
#define SRV_IDLE_S 15
#define SRV_REAPER_TICK_MS 100

/* One TCP connection, known to the reaper from its start to its close. */
typedef struct srv_conn {
  MHD_socket fd;
  atomic_llong since_ns; /* start of the request in progress (or of the wait for one) */
  int cut;               /* shut by the reaper */
  struct srv_conn *prev, *next;
} srv_conn;

/* One request, made by the URI callback before libmicrohttpd parses the
 * query, freed when the request completes. */
typedef struct srv_exchange {
  srv_upload *upload; /* POST /upload: its files, streamed to disk */
  int body_over;  /* the upload's Content-Length above its cap: 413 */
  int nul;        /* %00 somewhere in the URI */
  int too_many;   /* more than SRV_QUERY_MAX parameters: query cut */
  int seen;       /* the access handler was called once */
  int answered;   /* the answer is queued */
  struct MHD_PostProcessor *post; /* a form being read (SRV_BODY_FIELDS), or NULL */
  srv_field form[SRV_FORM_FIELDS];
  size_t nform, form_bytes, form_max; /* form_max: the route's cap */
  int form_error; /* srv_request.form_error */
  char raw_path[]; /* the path as sent, percent-encoded (before '?') */
} srv_exchange;

struct srv_http {
  struct MHD_Daemon *daemon;
  const srv_state *state;
  unsigned deadline_s;
  pthread_mutex_t lock; /* conns */
  srv_conn *conns;
  pthread_t reaper;
  int reaper_started;
  atomic_int stopping;
};

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* ---- connections and the deadline ---------------------------------------- */

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe) {
  srv_http *h = cls;
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    srv_conn *c = calloc(1, sizeof *c);
    if (!c || !info) {
      free(c);
      return; /* not watched: the idle limit still holds */
    }
    c->fd = info->connect_fd;
    atomic_store(&c->since_ns, now_ns());
    pthread_mutex_lock(&h->lock);
    c->next = h->conns;
    if (h->conns)
      h->conns->prev = c;
    h->conns = c;
    pthread_mutex_unlock(&h->lock);
    *socket_context = c;
  } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
    /* called before libmicrohttpd closes the socket: the reaper never
     * shuts a descriptor that another connection reuses */
    srv_conn *c = *socket_context;
    pthread_mutex_lock(&h->lock);
    if (c->prev)
      c->prev->next = c->next;
    else
      h->conns = c->next;
    if (c->next)
      c->next->prev = c->prev;
    pthread_mutex_unlock(&h->lock);
    free(c);
    *socket_context = NULL;
  }
}

/* A request is done: its connection's clock starts again for the next
 * (no lock: the connection lives until its CLOSED notice, after this). */
static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)toe;
  srv_http *h = cls;
  srv_exchange *x = *req_cls;
  (void)h;
  if (x) {
    if (x->post)
      MHD_destroy_post_processor(x->post);
    for (size_t i = 0; i < x->nform; i++)
      free(x->form[i].data);
    srv_upload_end(x->upload);
  }
  free(x);
  *req_cls = NULL;
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  srv_conn *c = info ? info->socket_context : NULL;
  if (c)
    atomic_store(&c->since_ns, now_ns());
}

/* Every tick, shuts the sockets of the requests past their deadline:
 * libmicrohttpd then sees the connection end and closes it. */
static void *reaper_run(void *arg) {
  srv_http *h = arg;
  const struct timespec tick = {0, SRV_REAPER_TICK_MS * 1000 * 1000};
  while (!h->stopping) {
    nanosleep(&tick, NULL);
    long long now = now_ns(), limit = (long long)h->deadline_s * 1000000000LL;
    pthread_mutex_lock(&h->lock);
    for (srv_conn *c = h->conns; c; c = c->next)
      if (!c->cut && now - atomic_load(&c->since_ns) > limit) {
        shutdown(c->fd, SHUT_RDWR);
        c->cut = 1;
      }
    pthread_mutex_unlock(&h->lock);
  }
  return NULL;
}

/* ---- requests --------------------------------------------------------------- */

/* Called with the request line's URI, before libmicrohttpd decodes the
 * path and stores the query: keeps the raw path, notes %00, and cuts a
 * query of too many parameters (writing a NUL after its '?': the URI is the
 * connection's own buffer, which libmicrohttpd parses next, from there). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn) {
  (void)cls;
  (void)conn;
  size_t path_len = strcspn(uri, "?");
  if (path_len > SRV_URL_MAX)
    path_len = SRV_URL_MAX + 1; /* refused as too long, whatever follows */
  srv_exchange *x = calloc(1, sizeof *x + path_len + 1);
  if (!x)
    return NULL;
  memcpy(x->raw_path, uri, path_len);
  x->nul = strstr(uri, "%00") != NULL;
  char *query = strchr(uri, '?');
  if (query) {
    size_t params = 0;
    for (const char *p = query + 1; *p;) {
      size_t len = strcspn(p, "&");
      params += len > 0;
      p += len + (p[len] == '&');
    }
    if (params > SRV_QUERY_MAX) {
      x->too_many = 1;
      query[1] = '\0';
    }
  }
  return x;
}

static enum MHD_Result on_query_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value) {
  (void)kind;
  srv_request_add_param(cls, key ? key : "", value);
  return MHD_YES;
}

/* Queues resp (body copied by libmicrohttpd) with the safety headers. */
static enum MHD_Result send_response(struct MHD_Connection *conn, const srv_response *resp) {
  struct MHD_Response *r = MHD_create_response_from_buffer(
      resp->len, resp->body ? resp->body : "", MHD_RESPMEM_MUST_COPY);
  if (!r)
    return MHD_NO;
  MHD_add_response_header(r, "Content-Type", resp->content_type ? resp->content_type
                                                                 : "text/plain; charset=utf-8");
  for (size_t i = 0; srv_safety_headers[i].name; i++)
    MHD_add_response_header(r, srv_safety_headers[i].name, srv_safety_headers[i].value);
  if (resp->location[0])
    MHD_add_response_header(r, "Location", resp->location);
  for (size_t i = 0; i < sizeof resp->cookie / sizeof resp->cookie[0]; i++)
    if (resp->cookie[i][0])
      MHD_add_response_header(r, "Set-Cookie", resp->cookie[i]);
  for (size_t i = 0; i < resp->nextra; i++)
    MHD_add_response_header(r, resp->extra[i].name, resp->extra[i].value);
  if (resp->filename[0]) { /* a download (its name made of [A-Za-z0-9._-] by the handler) */
    char disposition[sizeof resp->filename + 32];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", resp->filename);
    MHD_add_response_header(r, "Content-Disposition", disposition);
  }
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  return ret;
}

/* One piece of a form's field (libmicrohttpd calls it piece by piece, at
 * offset off): appended to the field of that name begun last, else to a
 * new one; beyond the route's cap in all (form_max), or SRV_FORM_FIELDS
 * fields, the form is refused (413). */
static enum MHD_Result on_form_data(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data, uint64_t off,
                                    size_t size) {
  (void)kind, (void)content_type, (void)transfer_encoding;
  srv_exchange *x = cls;
  if (x->form_error)
    return MHD_NO;
  srv_field *f = x->nform ? &x->form[x->nform - 1] : NULL;
  if (!f || off == 0 || strcmp(f->name, key ? key : "") != 0) {
    if (x->nform == SRV_FORM_FIELDS || strlen(key ? key : "") >= sizeof f->name) {
      x->form_error = 413;
      return MHD_NO;
    }
    f = &x->form[x->nform++];
    snprintf(f->name, sizeof f->name, "%s", key ? key : "");
    snprintf(f->filename, sizeof f->filename, "%s", filename ? filename : "");
  }
  if (x->form_bytes + size > x->form_max) {
    x->form_error = 413;
    return MHD_NO;
  }
  char *grown = realloc(f->data, f->len + size + 1);
  if (!grown) {
    x->form_error = 413;
    return MHD_NO;
  }
  memcpy(grown + f->len, data, size);
  f->data = grown;
  f->len += size;
  f->data[f->len] = '\0';
  x->form_bytes += size;
  return MHD_YES;
}

/* The request announces a body (a GET or HEAD has none). */
static int has_body(struct MHD_Connection *conn) {
  const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
  const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
  return te || (len && strspn(len, "0") != strlen(len));
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls) {
  (void)version;
  (void)upload_data;
  (void)url; /* decoded by libmicrohttpd, cut at a %00: the raw path is matched */
  const srv_http *h = cls;
  srv_exchange *x = *req_cls;
  if (!x) /* the URI callback could not allocate */
    return MHD_NO;
  if (!x->seen) {
    x->seen = 1;
    int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (get && !has_body(conn))
      return MHD_YES; /* answered at the next call: the connection is kept alive */
    size_t max;
    const char *len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    switch (get ? SRV_BODY_NONE : srv_route_body(method, x->raw_path, &max)) {
    case SRV_BODY_FIELDS: { /* a form: its Content-Length said, up to max */
      char *end = NULL;
      unsigned long long n = len ? strtoull(len, &end, 10) : 0;
      x->form_max = max;
      if (!len || *end || n > max) /* said before the body is read */
        x->form_error = 413;
      else if (!(x->post = MHD_create_post_processor(conn, 4096, on_form_data, x)))
        x->form_error = 415; /* neither urlencoded nor multipart */
      if (!x->form_error)
        return MHD_YES;
      break;
    }
    case SRV_BODY_FILES: /* files: to disk, once a session is shown */
      if (!srv_auth_session_ok(h->state,
                               MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie")))
        break; /* answered now: the gate says why */
      if (len && strtoull(len, NULL, 10) > max)
        x->body_over = 1;
      else if ((x->upload = srv_upload_begin(conn)) != NULL)
        return MHD_YES;
      break;
    case SRV_BODY_NONE:
      break;
    }
    x->answered = 1; /* another method or a body: answered now, before any body is read */
  } else if (x->answered) { /* a body arriving after the answer was queued: dropped */
    *upload_data_size = 0;
    return MHD_YES;
  } else if (x->post && *upload_data_size) { /* a piece of a form */
    if (MHD_post_process(x->post, upload_data, *upload_data_size) != MHD_YES && !x->form_error)
      x->form_error = 400;
    *upload_data_size = 0;
    return MHD_YES;
  } else if (x->upload && *upload_data_size) { /* a piece of the files */
    srv_upload_feed(x->upload, upload_data, *upload_data_size);
    *upload_data_size = 0;
    return MHD_YES;
  } else {
    x->answered = 1;
    if (x->post) { /* the end of the form: the processor gives its last value when freed
                      (its status, about trailing bytes, is ignored as is usual) */
      (void)MHD_destroy_post_processor(x->post);
      x->post = NULL;
    }
  }
  srv_response resp;
  memset(&resp, 0, sizeof resp);
  static srv_request empty_request;
  srv_request *req = malloc(sizeof *req);
  if (!req)
    return MHD_NO;
  *req = empty_request;
  req->method = method;
  req->path = x->raw_path;
  req->host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
  req->nul_byte = x->nul;
  req->has_body = has_body(conn);
  req->query_overflow = x->too_many;
  req->form = x->form;
  req->nform = x->nform;
  req->form_error = x->form_error;
  req->cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie");
  const union MHD_ConnectionInfo *client =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (client && client->client_addr) {
    const struct sockaddr *sa = client->client_addr;
    if (sa->sa_family == AF_INET)
      inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, req->client,
                sizeof req->client);
    else if (sa->sa_family == AF_INET6)
      inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, req->client,
                sizeof req->client);
  }
  if (x->upload) { /* the fields the gate reads, "csrf=TOKEN", as the form's field */
    const char *form = srv_upload_form(x->upload);
    srv_field *f = &x->form[x->nform];
    if (x->nform < SRV_FORM_FIELDS && strncmp(form, "csrf=", 5) == 0 &&
        (f->data = strdup(form + 5)) != NULL) {
      snprintf(f->name, sizeof f->name, "csrf");
      f->len = strlen(f->data);
      req->nform = ++x->nform;
    }
    req->upload = x->upload;
  }
  MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, on_query_param, req);
  if (x->body_over)
    srv_respond_error(&resp, 0, 413, "request body too large", _("corps de requête trop grand"));
  else
    srv_handle(h->state, req, &resp);
  free(req);
  /* a request with a body is answered at the first call, before the body
   * is read: libmicrohttpd then closes the connection after the answer */
  enum MHD_Result ret = send_response(conn, &resp);
  srv_response_free(&resp);
  return ret;
}

/* libmicrohttpd's messages are not printed (the library side stays quiet;
 * bad requests are answered, not logged). */
static void quiet_logger(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  (void)fmt;
  (void)ap;
}

srv_http *srv_http_start(const srv_state *state, const char *listen_addr, unsigned port,
                         unsigned threads, unsigned deadline_s, unsigned *bound_port, char *err,
                         size_t err_size) {
  struct sockaddr_in addr4;
  struct sockaddr_in6 addr6;
  const struct sockaddr *addr;
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  memset(&addr4, 0, sizeof addr4);
  memset(&addr6, 0, sizeof addr6);
  if (inet_pton(AF_INET, listen_addr, &addr4.sin_addr) == 1) {
    addr4.sin_family = AF_INET;
    addr4.sin_port = htons((uint16_t)port);
    addr = (const struct sockaddr *)&addr4;
  } else if (inet_pton(AF_INET6, listen_addr, &addr6.sin6_addr) == 1) {
    addr6.sin6_family = AF_INET6;
    addr6.sin6_port = htons((uint16_t)port);
    addr = (const struct sockaddr *)&addr6;
    flags |= MHD_USE_IPv6;
  } else {
    snprintf(err, err_size, _("option --listen : pas une adresse IPv4 ou IPv6 (valeur « %s »)"),
             listen_addr);
    return NULL;
  }
  srv_http *h = calloc(1, sizeof *h);
  if (!h) {
    snprintf(err, err_size, "%s", _("mémoire insuffisante"));
    return NULL;
  }
  h->state = state;
  h->deadline_s = deadline_s ? deadline_s : SRV_DEADLINE_S;
  pthread_mutex_init(&h->lock, NULL);
  unsigned idle = h->deadline_s < SRV_IDLE_S ? h->deadline_s : SRV_IDLE_S;
  /* TLS (--tls-cert, --tls-key): libmicrohttpd with GnuTLS */
  struct MHD_OptionItem tls[] = {{MHD_OPTION_END, 0, NULL}, {MHD_OPTION_END, 0, NULL},
                                 {MHD_OPTION_END, 0, NULL}};
  if (state->tls_cert && state->tls_key) {
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
      snprintf(err, err_size, "%s",
               _("cette libmicrohttpd n'a pas TLS (compilée sans GnuTLS) : --tls-cert et "
                 "--tls-key ne peuvent pas servir"));
      srv_http_stop(h);
      return NULL;
    }
    flags |= MHD_USE_TLS;
    tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, state->tls_cert};
    tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, state->tls_key};
  }
  h->daemon = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, addr,
      MHD_OPTION_THREAD_POOL_SIZE, eml_threads_resolve(threads), MHD_OPTION_CONNECTION_LIMIT,
      (unsigned)SRV_CONNECTIONS_MAX, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      (unsigned)SRV_CONNECTIONS_PER_ADDRESS, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      (size_t)SRV_CONNECTION_MEMORY, MHD_OPTION_CONNECTION_TIMEOUT, idle,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, h, MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
      MHD_OPTION_NOTIFY_CONNECTION, on_connection, h, MHD_OPTION_EXTERNAL_LOGGER, quiet_logger,
      NULL, MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
  if (!h->daemon) {
    snprintf(err, err_size, _("écoute impossible sur %s port %u (déjà pris, ou interdit)"),
             listen_addr, port);
    srv_http_stop(h);
    return NULL;
  }
  if (pthread_create(&h->reaper, NULL, reaper_run, h) != 0) {
    snprintf(err, err_size, "%s", _("démarrage du fil du délai des requêtes impossible"));
    srv_http_stop(h);
    return NULL;
  }
  h->reaper_started = 1;
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
  *bound_port = info ? info->port : port;
  return h;
}

void srv_http_stop(srv_http *h) {
  if (!h)
    return;
  h->stopping = 1;
  if (h->reaper_started)
    pthread_join(h->reaper, NULL);
  if (h->daemon)
    MHD_stop_daemon(h->daemon);
  pthread_mutex_destroy(&h->lock);
  free(h);
}
