/*
 * cmd_serve.c — `eml serve`: the read-only web dashboard (server/, docs/
 * dashboard.md, docs/api.md). Parses the options, computes the imaging
 * panel once from --imaging-dir (equipment.csv, sessions.csv, exams.csv,
 * and sites.csv, appointments.csv when there; loaded by the library's one
 * loader of imaging inputs, eml_imaging_source_load, all-or-nothing as
 * `eml imaging compute`), starts the HTTP server on 127.0.0.1 (or --listen)
 * and serves until SIGINT or SIGTERM, then stops cleanly (requests in
 * progress end, everything is freed, exit 0).
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
#include <unistd.h>

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
    "                     campaign (and sites.csv, appointments.csv when there),\n"
    "                     computed once at start\n"
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

/* DIR/NAME into path when that file exists. */
static const char *optional_file(const char *dir, const char *name, char *path, size_t size) {
  snprintf(path, size, "%s/%s", dir, name);
  return access(path, F_OK) == 0 ? path : NULL;
}

/* Loads DIR's files (eml_imaging_source_load, as `eml imaging compute`:
 * equipment.csv, sessions.csv, exams.csv, and sites.csv and
 * appointments.csv when there) and computes the panel and the machines'
 * activity; -1 when done, else the exit status (messages printed). The
 * panel is all-or-nothing: a bad row and nothing is served. */
static int load_imaging(const char *dir, unsigned threads, eml_imaging_inputs *in,
                        eml_imaging_result **out,
                        eml_imaging_activity **activity) {
  char paths[5][4096];
  eml_imaging_source src;
  eml_imaging_source_init(&src);
  snprintf(paths[0], sizeof paths[0], "%s/equipment.csv", dir);
  snprintf(paths[1], sizeof paths[1], "%s/sessions.csv", dir);
  snprintf(paths[2], sizeof paths[2], "%s/exams.csv", dir);
  src.equipment = paths[0];
  src.sessions = paths[1];
  src.exams = paths[2];
  src.sites = optional_file(dir, "sites.csv", paths[3], sizeof paths[3]);
  src.appointments = optional_file(dir, "appointments.csv", paths[4], sizeof paths[4]);
  src.threads = threads;
  imaging_rejects rejects = {0, 0};
  eml_imaging_source_hooks hooks = {on_imaging_reject, cli_print_warning, NULL, &rejects};
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_imaging_source_load(&src, &hooks, in, &d);
  if (st && st != EML_ERR_REJECTED) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  if (rejects.count)
    return cli_fail(CLI_EXIT_DATA, "%s: %ld bad rows: the panel is not served (fix them first)",
                    dir, rejects.count);
  st = eml_imaging_compute(in->campaign, &src.opts, out, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  if ((st = eml_imaging_activity_compute(in->campaign, *out, -1, activity)))
    return cli_fail(cli_exit_code(st), "%s: cannot compute the activity by hour: %s", dir,
                    eml_strerror(st));
  eml_imaging_campaign_free(in->campaign); /* the result and the grids keep what they need */
  in->campaign = NULL;
  return -1;
}

/* What main's state holds beside the server: freed at the end. */
static void free_state(srv_state *state, eml_imaging_inputs *in, eml_outlines *outlines) {
  eml_imaging_result_free(state->imaging);
  eml_imaging_activity_free(state->imaging_activity);
  eml_imaging_inputs_free(in);
  eml_outlines_free(outlines);
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
  eml_imaging_inputs inputs = {0};
  if (state.imaging_dir) {
    int code = load_imaging(state.imaging_dir, (unsigned)threads, &inputs, &state.imaging, &state.imaging_activity);
    if (code >= 0) {
      free_state(&state, &inputs, outlines);
      return code;
    }
    state.imaging_inputs = &inputs;
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
    free_state(&state, &inputs, outlines);
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
  free_state(&state, &inputs, outlines);
  eml_chart_cleanup();
  fprintf(stderr, "eml: stopped\n");
  return CLI_EXIT_OK;
}
