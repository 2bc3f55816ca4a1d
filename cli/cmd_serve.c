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
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
    return cli_fail(CLI_EXIT_DATA,
                    _n("%s: %ld mauvaise ligne : le panel n'est pas servi (la corriger d'abord)",
                       "%s: %ld mauvaises lignes : le panel n'est pas servi (les corriger "
                       "d'abord)",
                       rejects.count),
                    dir, rejects.count);
  st = eml_imaging_compute(in->campaign, &src.opts, out, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  if ((st = eml_imaging_activity_compute(in->campaign, *out, -1, activity)))
    return cli_fail(cli_exit_code(st), _("%s: calcul de l'activité par heure impossible : %s"), dir,
                    eml_strerror(st));
  eml_imaging_campaign_free(in->campaign); /* the result and the grids keep what they need */
  in->campaign = NULL;
  return -1;
}

/* The whole of a PEM file (--tls-cert, --tls-key), malloc'd, or NULL with
 * the message printed. */
static char *read_pem(const char *path, const char *option) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  size_t len = 0;
  if (f) {
    FILE *m = open_memstream(&text, &len);
    char buf[4096];
    size_t n;
    while (m && (n = fread(buf, 1, sizeof buf, f)) > 0 && len < 1024 * 1024)
      fwrite(buf, 1, n, m);
    if (m)
      fclose(m);
    fclose(f);
  }
  if (!text || len == 0 || !strstr(text, "-----BEGIN ")) {
    free(text);
    cli_fail(CLI_EXIT_USAGE, _("option --%s : lecture d'un fichier PEM impossible (valeur « %s »)"),
             option, path);
    return NULL;
  }
  return text;
}

static eml_regime_rules serve_rt_rules; /* state.rt_rules: lives as long as the server */
static char *serve_tls[2];              /* state.tls_cert, tls_key: live as long as the server */

/* The rules of the 2023 regime for the radiotherapy page from 2023 on: a bad
 * --rules stops here; the shipped file missing only leaves checks 15-16
 * saying the rules were not given. Returns -1, or the exit status. */
static int load_rt_rules(const cli_args *a, eml_regime_rules *rules, srv_state *state) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_regime_rules_load(cli_text(a, "rules"), rules, &d);
  if (!st) {
    state->rt_rules = rules;
    return -1;
  }
  cli_print_diag(&d);
  if (cli_given(a, "rules"))
    return cli_fail(cli_exit_code(st),
                    _("lecture des règles du régime de 2023 impossible (--rules FICHIER)"));
  fprintf(stderr, _("eml: attention : la radiothérapie à partir de 2023 est montrée sans les "
                    "contrôles du régime de 2023\n"));
  return -1;
}

/* What main's state holds beside the server: freed at the end. */
static void free_state(srv_state *state, eml_imaging_inputs *in, eml_outlines *outlines) {
  eml_imaging_result_free(state->imaging);
  eml_imaging_activity_free(state->imaging_activity);
  eml_imaging_inputs_free(in);
  eml_outlines_free(outlines);
  eml_regime_rules_free(&serve_rt_rules);
  state->rt_rules = NULL;
  srv_cache_free(state->cache);
  state->cache = NULL;
  srv_auth_free(state->auth);
  state->auth = NULL;
  srv_uploads_free(state->uploads);
  state->uploads = NULL;
  free(serve_tls[0]);
  free(serve_tls[1]);
  serve_tls[0] = serve_tls[1] = NULL;
  state->tls_cert = state->tls_key = NULL;
}

int cmd_serve(const cli_args *a) {
  srv_state state;
  memset(&state, 0, sizeof state);
  state.db = cli_text(a, "db");
  state.at = cli_date(a, "at");
  state.imaging_dir = cli_text(a, "imaging-dir");
  state.period = cli_text(a, "period");
  state.now = cli_now; /* a document says the date eml report would */
  const char *listen_addr = cli_text(a, "listen");
  const char *geo =
      cli_given(a, "geo") ? cli_text(a, "geo") : NULL; /* NULL: the shipped outlines */
  long port = cli_whole(a, "port"), year = cli_given(a, "year") ? cli_whole(a, "year") : 0;
  long threads = cli_given(a, "threads") ? cli_whole(a, "threads") : 0; /* 0: the online cores */
  state.year = (int)year;
  static const char *hosts[CLI_LIST_MAX]; /* state.hosts: lives as long as the server */
  state.listen = listen_addr;
  state.hosts = hosts;
  state.nhosts = cli_list(a, "allow-host", hosts, CLI_LIST_MAX);
  unsigned deadline = (unsigned)cli_whole(a, "request-timeout");
  unsigned char addr[sizeof(struct in6_addr)];
  if (inet_pton(AF_INET, listen_addr, addr) != 1 && inet_pton(AF_INET6, listen_addr, addr) != 1)
    return cli_fail(CLI_EXIT_USAGE,
                    _("option --listen : pas une adresse IPv4 ou IPv6 (valeur « %s »)"),
                    listen_addr);
  if (cli_given(a, "tls-cert") != cli_given(a, "tls-key"))
    return cli_fail(CLI_EXIT_USAGE, _("les options --tls-cert et --tls-key vont ensemble"));
  if (strcmp(listen_addr, "127.0.0.1") != 0 && strcmp(listen_addr, "::1") != 0)
    fprintf(stderr,
            _("eml: attention : option --listen %s : le tableau de bord est joignable depuis "
              "d'autres machines (sans authentification tant qu'aucun compte n'existe : eml user "
              "add)\n"),
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
      return cli_fail(cli_exit_code(st),
                      _("lecture des contours de la carte impossible (--geo FICHIER)"));
    fprintf(stderr, _("eml: attention : la page du bilan est montrée sans sa carte\n"));
  }
  state.outlines = outlines;
  state.outlines_credit = geo ? NULL : EML_OUTLINES_SHIPPED_CREDIT;
  int code = load_rt_rules(a, &serve_rt_rules, &state);
  if (code >= 0) {
    eml_outlines_free(outlines);
    return code;
  }
  eml_imaging_inputs inputs = {0};
  if (state.imaging_dir) {
    code = load_imaging(state.imaging_dir, (unsigned)threads, &inputs, &state.imaging,
                        &state.imaging_activity);
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
  state.cache = srv_cache_new(state.db);
  state.auth = srv_auth_new();
  state.uploads = srv_uploads_new();
  if (cli_given(a, "tls-cert")) {
    state.tls_cert = serve_tls[0] = read_pem(cli_text(a, "tls-cert"), "tls-cert");
    state.tls_key = serve_tls[1] =
        serve_tls[0] ? read_pem(cli_text(a, "tls-key"), "tls-key") : NULL;
    if (!state.tls_key) {
      free_state(&state, &inputs, outlines);
      return CLI_EXIT_USAGE;
    }
    state.tls = 1;
  }
  if (!state.cache || !state.auth || !state.uploads) {
    free_state(&state, &inputs, outlines);
    return cli_fail(CLI_EXIT_SYSTEM, _("mémoire insuffisante"));
  }
  char err[256];
  unsigned bound = 0;
  srv_http *http = srv_http_start(&state, listen_addr, (unsigned)port, (unsigned)threads,
                                  deadline, &bound, err, sizeof err);
  if (!http) {
    free_state(&state, &inputs, outlines);
    return cli_fail(CLI_EXIT_SYSTEM, "%s", err);
  }
  /* tests/browser/serve_demo.sh (serve_url) reads the address from this line */
  fprintf(stderr, _("eml: en service sur %s://%s%s%s:%u/ (Ctrl-C pour arrêter)\n"),
          state.tls ? "https" : "http", strchr(listen_addr, ':') ? "[" : "", listen_addr,
          strchr(listen_addr, ':') ? "]" : "", bound);
  fflush(stderr);
  const struct timespec tick = {0, 100 * 1000 * 1000};
  while (!serve_stop)
    nanosleep(&tick, NULL);
  srv_http_stop(http);
  free_state(&state, &inputs, outlines);
  eml_chart_cleanup();
  fprintf(stderr, _("eml: arrêté\n"));
  return CLI_EXIT_OK;
}
