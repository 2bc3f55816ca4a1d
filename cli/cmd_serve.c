/*
 * cmd_serve.c — `eml serve`: the read-only web dashboard (server/, docs/
 * dashboard.md, docs/api.md). Parses the options, computes the imaging
 * panel once from --imaging-dir (equipment.csv, sessions.csv, exams.csv,
 * with the engine of eml/imaging.h, all-or-nothing as `eml imaging
 * compute`), starts the HTTP server on 127.0.0.1 (or --listen) and serves
 * until SIGINT or SIGTERM, then stops cleanly (requests in progress end,
 * everything is freed, exit 0).
 */
#include "cli.h"
#include "commands.h"
#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REJECTS_PRINTED_MAX 20

static volatile sig_atomic_t serve_stop;

static void on_stop_signal(int sig) {
  (void)sig;
  serve_stop = 1;
}

typedef struct imaging_rejects {
  long count, printed;
} imaging_rejects;

static void on_imaging_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)raw;
  (void)len;
  imaging_rejects *r = ctx;
  if (r->printed++ < REJECTS_PRINTED_MAX)
    cli_print_diag(diag);
  r->count++;
}

/* Loads DIR's three files and computes the panel; -1 when done, else the
 * exit status (messages printed). */
static int load_imaging(const char *dir, eml_imaging_result **out,
                        eml_imaging_activity **activity) {
  typedef eml_status (*loader)(eml_imaging_campaign *, const char *, eml_imaging_reject_fn,
                               void *, eml_imaging_load_counts *, eml_diag *);
  static const loader loaders[3] = {eml_imaging_load_equipment, eml_imaging_load_sessions,
                                    eml_imaging_load_exams};
  static const char *const files[3] = {"equipment.csv", "sessions.csv", "exams.csv"};
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  if (!c)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  imaging_rejects rejects = {0, 0};
  int code = -1;
  for (int i = 0; i < 3 && code < 0; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    eml_imaging_load_counts counts;
    eml_diag d;
    eml_diag_clear(&d);
    eml_status st = loaders[i](c, path, on_imaging_reject, &rejects, &counts, &d);
    if (st && st != EML_ERR_REJECTED) {
      cli_print_diag(&d);
      code = cli_exit_code(st);
    }
  }
  if (code < 0 && rejects.count)
    code = cli_fail(CLI_EXIT_DATA, "%s: %ld bad rows: the panel is not served (fix them first)",
                    dir, rejects.count);
  if (code < 0) {
    eml_imaging_options opts;
    eml_imaging_options_default(&opts);
    eml_diag d;
    eml_diag_clear(&d);
    eml_status st = eml_imaging_compute(c, &opts, out, &d);
    if (st) {
      cli_print_diag(&d);
      code = cli_exit_code(st);
    } else if ((st = eml_imaging_activity_compute(c, *out, -1, activity))) {
      code = cli_fail(cli_exit_code(st), "%s: cannot compute the activity by hour: %s", dir,
                      eml_strerror(st));
    }
  }
  eml_imaging_campaign_free(c);
  return code;
}

int cmd_serve(const cli_args *a) {
  srv_state state;
  memset(&state, 0, sizeof state);
  state.db = cli_text(a, "db");
  state.at = cli_date(a, "at");
  state.imaging_dir = cli_text(a, "imaging-dir");
  state.period = cli_text(a, "period");
  const char *listen_addr = cli_text(a, "listen");
  const char *geo = cli_given(a, "geo") ? cli_text(a, "geo") : NULL; /* NULL: the shipped outlines */
  long port = cli_whole(a, "port"), year = cli_given(a, "year") ? cli_whole(a, "year") : 0;
  state.year = (int)year;
  unsigned char addr[sizeof(struct in6_addr)];
  if (inet_pton(AF_INET, listen_addr, addr) != 1 && inet_pton(AF_INET6, listen_addr, addr) != 1)
    return cli_fail(CLI_EXIT_USAGE, "option --listen: not an IPv4 or IPv6 address (value '%s')",
                    listen_addr);
  if (strcmp(listen_addr, "127.0.0.1") != 0 && strcmp(listen_addr, "::1") != 0)
    fprintf(stderr, "eml: warning: --listen %s: the dashboard is reachable from other "
                    "machines, without authentication\n",
            listen_addr);
  /* the store must open now, so that a wrong --db is said at once */
  eml_store *store = NULL;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_open(state.db, EML_STORE_READ_ONLY, &store, &d);
  eml_store_close(store);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  /* the outlines of the map: a bad --geo stops here; the shipped file
   * missing (eml installed without its data) only loses the map */
  eml_outlines *outlines = NULL;
  eml_diag_clear(&d);
  st = eml_outlines_load(cli_text(a, "geo"), &outlines, &d);
  if (st) {
    cli_print_diag(&d);
    if (geo)
      return cli_fail(cli_exit_code(st), "cannot read the outlines of the map (--geo FILE)");
    fprintf(stderr, "eml: warning: the balance page is shown without its map\n");
  }
  state.outlines = outlines;
  state.outlines_credit = geo ? NULL : EML_OUTLINES_SHIPPED_CREDIT;
  if (state.imaging_dir) {
    int code = load_imaging(state.imaging_dir, &state.imaging, &state.imaging_activity);
    if (code >= 0) {
      eml_imaging_result_free(state.imaging);
      eml_outlines_free(outlines);
      return code;
    }
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  char err[256];
  unsigned bound = 0;
  srv_http *http = srv_http_start(&state, listen_addr, (unsigned)port, &bound, err, sizeof err);
  if (!http) {
    eml_imaging_result_free(state.imaging);
    eml_outlines_free(outlines);
    eml_imaging_activity_free(state.imaging_activity);
    return cli_fail(CLI_EXIT_SYSTEM, "%s", err);
  }
  fprintf(stderr, "eml: serving http://%s%s%s:%u/ (Ctrl-C to stop)\n",
          strchr(listen_addr, ':') ? "[" : "", listen_addr, strchr(listen_addr, ':') ? "]" : "",
          bound);
  fflush(stderr);
  const struct timespec tick = {0, 100 * 1000 * 1000};
  while (!serve_stop)
    nanosleep(&tick, NULL);
  srv_http_stop(http);
  eml_imaging_result_free(state.imaging);
  eml_imaging_activity_free(state.imaging_activity);
  eml_outlines_free(outlines);
  eml_chart_cleanup();
  fprintf(stderr, "eml: stopped\n");
  return CLI_EXIT_OK;
}
