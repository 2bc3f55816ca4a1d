/*
 * http.c — the HTTP transport of `eml serve` over libmicrohttpd: a daemon
 * with its own epoll thread pool (--threads of eml serve: the online cores
 * by default, eml/threads.h) turns each request into a srv_request (path, query parameters decoded by
 * libmicrohttpd, capped by SRV_QUERY_MAX/SRV_VALUE_MAX) and srv_handle's
 * response into bytes. Limits against malformed or hostile clients: 32 KiB
 * of memory per connection (a longer request line or header gets 414/431
 * from libmicrohttpd), no request body accepted (405/413), 1000 connections
 * at most, 15 s of inactivity closes a connection. srv_http_stop ends it
 * (the command calls it on SIGINT/SIGTERM), waiting for the requests in
 * progress.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define SRV_CONNECTIONS_MAX 1000
#define SRV_CONNECTION_MEMORY (32 * 1024)
#define SRV_TIMEOUT_S 15

typedef struct query_collect {
  srv_request *req;
} query_collect;

static enum MHD_Result on_query_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value) {
  (void)kind;
  query_collect *q = cls;
  srv_request_add_param(q->req, key ? key : "", value);
  return MHD_YES;
}

/* Queues resp (body copied by libmicrohttpd) with the safety headers. */
static enum MHD_Result send_response(struct MHD_Connection *conn, srv_response *resp) {
  struct MHD_Response *r = MHD_create_response_from_buffer(
      resp->len, resp->body ? resp->body : "", MHD_RESPMEM_MUST_COPY);
  if (!r)
    return MHD_NO;
  MHD_add_response_header(r, "Content-Type", resp->content_type ? resp->content_type
                                                                 : "text/plain; charset=utf-8");
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Content-Security-Policy",
                          "default-src 'none'; style-src 'unsafe-inline'; "
                          "script-src 'unsafe-inline'; form-action 'self'");
  MHD_add_response_header(r, "Cache-Control", "no-store");
  enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
  MHD_destroy_response(r);
  return ret;
}

static int request_marker; /* *req_cls once the request has been seen */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls) {
  (void)version;
  (void)upload_data;
  const srv_state *state = cls;
  srv_response resp;
  memset(&resp, 0, sizeof resp);
  if (*req_cls == NULL) {
    *req_cls = &request_marker;
    if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
      return MHD_YES; /* answered on the next call, once the headers are in */
  }
  if (*upload_data_size != 0) { /* a body: the dashboard takes none */
    *upload_data_size = 0;
    return MHD_YES; /* skipped; answered below when the body is done */
  }
  static srv_request empty_request;
  srv_request *req = malloc(sizeof *req);
  if (!req)
    return MHD_NO;
  *req = empty_request;
  req->method = method;
  req->path = url;
  query_collect q = {req};
  MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, on_query_param, &q);
  srv_handle(state, req, &resp);
  free(req);
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
                         unsigned threads, unsigned *bound_port, char *err, size_t err_size) {
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
    snprintf(err, err_size, "option --listen: not an IPv4 or IPv6 address (value '%s')",
             listen_addr);
    return NULL;
  }
  struct MHD_Daemon *d = MHD_start_daemon(
      flags, (uint16_t)port, NULL, NULL, on_request, (void *)(uintptr_t)state,
      MHD_OPTION_SOCK_ADDR, addr, MHD_OPTION_THREAD_POOL_SIZE, eml_threads_resolve(threads),
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)SRV_CONNECTIONS_MAX,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_CONNECTION_MEMORY,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SRV_TIMEOUT_S, MHD_OPTION_EXTERNAL_LOGGER,
      quiet_logger, NULL, MHD_OPTION_END);
  if (!d) {
    snprintf(err, err_size, "cannot listen on %s port %u (in use, or not allowed)", listen_addr,
             port);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  *bound_port = info ? info->port : port;
  return (srv_http *)d;
}

void srv_http_stop(srv_http *http) {
  if (http)
    MHD_stop_daemon((struct MHD_Daemon *)http);
}
