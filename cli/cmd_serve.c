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
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REJECTS_PRINTED_MAX 20

const char cmd_serve_usage[] =
    "Usage: eml serve [--db PATH] [--port 8080] [--listen 127.0.0.1]\n"
    "                 [--imaging-dir DIR] [--period P] [--at DATE] [--year Y]\n"
    "                 [--geo OUTLINES.csv] [--threads N]\n"
    "Serves the dashboard (read-only HTML pages and a JSON API, docs/api.md):\n"
    "the balance and radiotherapy from the store, the imaging panel of DIR.\n"
    "  --db PATH          store (default eml.db), opened read-only per request\n"
    "  --port N           TCP port (default 8080; 0: any free port, printed)\n"
    "  --listen ADDR      address to listen on (default 127.0.0.1, loopback only)\n"
    "  --imaging-dir DIR  equipment.csv, sessions.csv, exams.csv of an imaging\n"
    "                     campaign, computed once at start\n"
    "  --period P         default period of the balance (default: the first stored)\n"
    "  --at DATE          default date of the balance (default: today)\n"
    "  --year Y           default radiotherapy year (default: the latest stored)\n"
    "  --geo FILE         département outlines of the balance's map\n"
    "                     (default data/geo/departements.csv)\n"
    "  --threads N        threads answering requests and computing the imaging panel,\n"
    "                     1 to 256 (default: the online cores)\n"
    "Stops on SIGINT (Ctrl-C) or SIGTERM.\n";

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
static int load_imaging(const char *dir, unsigned threads, eml_imaging_result **out,
                        eml_imaging_activity **activity) {
  typedef eml_status (*loader)(eml_imaging_campaign *, const char *, eml_imaging_reject_fn,
                               void *, eml_imaging_load_counts *, eml_diag *);
  static const loader loaders[3] = {eml_imaging_load_equipment, eml_imaging_load_sessions,
                                    eml_imaging_load_exams};
  static const char *const files[3] = {"equipment.csv", "sessions.csv", "exams.csv"};
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  if (!c)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  eml_imaging_campaign_set_threads(c, threads);
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

int cmd_serve(int argc, char **argv) {
  enum { O_DB = 1000, O_PORT, O_LISTEN, O_IMAGING, O_PERIOD, O_AT, O_YEAR, O_GEO, O_THREADS,
         O_HELP };
  static const struct option longs[] = {{"db", required_argument, NULL, O_DB},
                                        {"port", required_argument, NULL, O_PORT},
                                        {"listen", required_argument, NULL, O_LISTEN},
                                        {"imaging-dir", required_argument, NULL, O_IMAGING},
                                        {"period", required_argument, NULL, O_PERIOD},
                                        {"at", required_argument, NULL, O_AT},
                                        {"year", required_argument, NULL, O_YEAR},
                                        {"geo", required_argument, NULL, O_GEO},
                                        {"threads", required_argument, NULL, O_THREADS},
                                        {"help", no_argument, NULL, O_HELP},
                                        {NULL, 0, NULL, 0}};
  srv_state state;
  memset(&state, 0, sizeof state);
  state.db = "eml.db";
  state.at = eml_paris_date((eml_time)time(NULL));
  const char *listen_addr = "127.0.0.1";
  const char *geo = NULL; /* --geo, or NULL: the shipped outlines */
  long port = 8080, year = 0, threads = 0; /* 0: the online cores */
  optind = 1;
  int ch;
  while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
    switch (ch) {
    case O_DB: state.db = optarg; break;
    case O_PORT:
      if (!cli_parse_whole_option("--port", optarg, 0, 65535, &port))
        return CLI_EXIT_USAGE;
      break;
    case O_LISTEN: listen_addr = optarg; break;
    case O_IMAGING: state.imaging_dir = optarg; break;
    case O_PERIOD: state.period = optarg; break;
    case O_AT:
      if (!cli_parse_date_option("--at", optarg, &state.at))
        return CLI_EXIT_USAGE;
      break;
    case O_YEAR:
      if (!cli_parse_whole_option("--year", optarg, 1900, 2200, &year))
        return CLI_EXIT_USAGE;
      break;
    case O_GEO: geo = optarg; break;
    case O_THREADS:
      if (!cli_parse_whole_option("--threads", optarg, 1, EML_THREADS_MAX, &threads))
        return CLI_EXIT_USAGE;
      break;
    case O_HELP: fputs(cmd_serve_usage, stdout); return CLI_EXIT_OK;
    default: return cli_fail(CLI_EXIT_USAGE, "see 'eml serve --help'");
    }
  }
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "unexpected argument '%s' (see 'eml serve --help')",
                    argv[optind]);
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
  st = eml_outlines_load(geo ? geo : EML_DATA_DIR "/" EML_OUTLINES_SHIPPED_FILE, &outlines, &d);
  if (st) {
    cli_print_diag(&d);
    if (geo)
      return cli_fail(cli_exit_code(st), "cannot read the outlines of the map (--geo FILE)");
    fprintf(stderr, "eml: warning: the balance page is shown without its map\n");
  }
  state.outlines = outlines;
  state.outlines_credit = geo ? NULL : EML_OUTLINES_SHIPPED_CREDIT;
  if (state.imaging_dir) {
    int code = load_imaging(state.imaging_dir, (unsigned)threads, &state.imaging,
                            &state.imaging_activity);
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
  srv_http *http = srv_http_start(&state, listen_addr, (unsigned)port, (unsigned)threads, &bound, err,
                                  sizeof err);
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
