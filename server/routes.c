/*
 * routes.c — the route table of `eml serve` and its handlers (one row per
 * route: {method, path pattern, handler}; a '*' in a pattern matches one
 * path segment). Every page and every JSON document is a report of libeml
 * (eml/report.h), the one the command line prints: the balance
 * (eml_report_balance, registry.md), the imaging summary with its
 * breakdowns and appointment figures and a machine's sheet with its heat
 * map (eml_report_imaging, eml_report_machine, imaging.md), radiotherapy's
 * regional report and checklists (eml_report_rt, radiotherapy.md). The JSON
 * is the JSON renderer's (eml_render_report, exactly what `eml ... --format
 * json` prints: the tables, without the pictures); a page is the report's
 * HTML (eml_render_html_report: tables, headings and charts as inline SVG)
 * under what the view adds above it (a form, the machine list, the map).
 * The one table made here, the list of imaging machines, is a table of the
 * same model. A page's path with ?format=csv|xlsx|pdf|json answers its
 * report as the file the command line writes (srv_download). The scenario
 * page (POST /scenario, a form) applies a scenario to a copy of the
 * register in memory, as `eml plan scenario`. Read-only: the store is
 * opened read-only for each request.
 * Errors are 4xx/5xx with a message: {"error", "status"} in English under
 * /api (the API's documented contract, docs/api.md), an HTML page in
 * French elsewhere; neither shows a path of the server (the store's, the
 * campaign's). Before the routes, srv_handle refuses what the transport
 * flagged: a Host not allowed (421, DNS rebinding), a NUL byte (400), a
 * body (413). Paths are matched as sent, percent-encoded, and the segment
 * of a '*' decoded after, so that an id holding '/' (sent as %2F) is one
 * segment.
 */
#include "server.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pages.h"

/* The report one request asks for, and what its page shows around it. */
typedef struct srv_tables {
  eml_report *report;
  char title[SRV_VALUE_MAX + 64]; /* the page's title */
  char period[SRV_VALUE_MAX];     /* balance: the period and date shown */
  eml_date at;
  int year;                /* radiotherapy: the year shown */
  const eml_chart *map;    /* balance page: the map shown (the report's), or NULL */
  int map_modality;        /* its modality */
  unsigned map_available;  /* bit m: modality m has targets in the period */
  long machine; /* imaging machine sheet: the machine's index */
  const eml_imaging_result *imaging;      /* imaging: the panel shown, or NULL */
  const eml_imaging_activity *activity;   /* its heat maps */
  const eml_register *sites;              /* its sites, or NULL */
  const eml_appointments *appointments;   /* its survey, or NULL */
  const srv_campaign *campaign;           /* a stored campaign shown, or NULL */
  char campaign_name[SRV_VALUE_MAX];      /* its name, "" */
  srv_hold *hold;                         /* data of the cache held (released at the end) */
  int flags;    /* the report asked (set before make): 0 for the JSON and the CSV, CHARTS
                   for a page, CHARTS | DOCUMENT for a PDF or XLSX download (`eml report`) */
} srv_tables;

/* A view: one area's report, served as JSON under /api and as a page. make
 * fills t (or answers an error and returns 0); head writes what the page
 * shows above the report (a form, a list), or is NULL; tables_only: the
 * page shows the report's tables, not its charts (the head shows one). */
typedef struct srv_view {
  int (*make)(const srv_state *s, const srv_request *r, int json, srv_tables *t,
              srv_response *out);
  void (*head)(srv_page *p, const srv_state *s, const srv_tables *t);
  const char *nav; /* navigation entry of the page */
  int tables_only;
  const char *file; /* a download's name before its query's values ("bilan") */
  /* NULL, or whether the account may see the answer (else answers 403, 0),
   * checked before the answers kept, which every account shares */
  int (*allowed)(const srv_state *s, const srv_request *r, int json, srv_response *out);
} srv_view;

typedef void (*srv_handler)(const srv_state *s, const srv_request *r, const srv_view *view,
                            srv_response *out);

typedef struct srv_route {
  const char *method;
  const char *pattern; /* "/imaging/machine/" then "*": one segment */
  srv_handler handler;
  const srv_view *view; /* for serve_json and serve_page; NULL otherwise */
  srv_body body;        /* how the transport reads a POST's body (SRV_BODY_NONE: not) */
  size_t body_max;      /* its most bytes */
  int writes;           /* a POST that changes the store (auth.c: refused with no account) */
} srv_route;

/* ---- responses ---------------------------------------------------------- */

void srv_response_free(srv_response *resp) {
  if (!resp)
    return;
  free(resp->body);
  resp->body = NULL;
  resp->len = 0;
}

const srv_header srv_safety_headers[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src "
                                "'unsafe-inline'; connect-src 'self'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'"},
    {"Cache-Control", "no-store"},
    {NULL, NULL}};

static void respond_json(srv_response *out, int status, json_t *doc) {
  static const char no_memory[] = "{\n  \"error\": \"out of memory\",\n  \"status\": 500\n}";
  out->status = status;
  out->content_type = "application/json; charset=utf-8";
  out->body = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) : NULL;
  json_decref(doc);
  if (!out->body) {
    out->status = 500;
    out->body = strdup(no_memory);
  }
  out->len = out->body ? strlen(out->body) : 0;
}

/* An error: {"error": en, "status": N} for the API (en cut before its
 * first byte that is not UTF-8: JSON takes only UTF-8), a page saying fr
 * otherwise (in the page's language: the caller translated it). */
static void respond_error(srv_response *out, int json, int status, const char *en,
                          const char *fr) {
  if (json) {
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", en);
    msg[eml_utf8_invalid_at(msg, strlen(msg))] = '\0';
    respond_json(out, status, json_pack("{s:s, s:i}", "error", msg, "status", status));
    return;
  }
  srv_page p;
  srv_page_begin(&p, _("Erreur"), NULL);
  srv_page_raw(&p, "<p class=\"error\">");
  srv_page_printf(&p, _("Erreur %d : "), status);
  srv_page_text(&p, fr);
  srv_page_raw(&p, "</p>\n");
  srv_page_end(&p, out, status); /* a page cut short is answered 500 */
}

/* An error about the query parameter name: "parameter 'NAME': EN" in the
 * API, "paramètre NAME : FR" on a page (FR translated by the caller). */
static void respond_param_error(srv_response *out, int json, int status, const char *name,
                                const char *en, const char *fr) {
  char m_en[512], m_fr[512];
  snprintf(m_en, sizeof m_en, "parameter '%s': %s", name, en);
  snprintf(m_fr, sizeof m_fr, _("paramètre %s : %s"), name, fr);
  respond_error(out, json, status, m_en, m_fr);
}

/* A failure of the library while building the answer. */
static void respond_internal(srv_response *out, int json, eml_status st) {
  respond_error(out, json, 500, eml_status_api_text(st),
                _("erreur interne : la réponse n'a pas pu être "
                  "construite"));
}

/* ---- requests ------------------------------------------------------------- */

void srv_request_add_param(srv_request *req, const char *name, const char *value) {
  if (!value)
    value = "";
  if (req->nquery >= SRV_QUERY_MAX || strlen(name) >= sizeof req->query[0].name ||
      strlen(value) >= sizeof req->query[0].value) {
    req->query_overflow = 1;
    return;
  }
  srv_param *p = &req->query[req->nquery++];
  snprintf(p->name, sizeof p->name, "%s", name);
  snprintf(p->value, sizeof p->value, "%s", value);
}

static const char *query_get(const srv_request *r, const char *name) {
  for (size_t i = 0; i < r->nquery; i++)
    if (strcmp(r->query[i].name, name) == 0)
      return r->query[i].value[0] ? r->query[i].value : NULL;
  return NULL;
}

/* Every parameter must be one of `allowed` (NULL-terminated) and appear
 * once; else a 400 naming it. Returns 1 when fine. */
static int query_check(const srv_request *r, const char *const *allowed, int json,
                       srv_response *out) {
  char en[256], fr[256];
  if (r->query_overflow) {
    respond_error(out, json, 400, "too many or too long query parameters",
                  _("trop de paramètres, ou un paramètre trop long"));
    return 0;
  }
  for (size_t i = 0; i < r->nquery; i++) {
    const char *name = r->query[i].name;
    if (eml_utf8_invalid_at(name, strlen(name)) < strlen(name)) {
      respond_error(out, json, 400, "query parameter name not valid UTF-8",
                    _("nom de paramètre qui n'est pas de l'UTF-8 valide"));
      return 0;
    }
    int known = 0;
    for (const char *const *a = allowed; *a && !known; a++)
      known = strcmp(*a, r->query[i].name) == 0;
    for (size_t j = 0; j < i && known; j++)
      if (strcmp(r->query[j].name, r->query[i].name) == 0) {
        snprintf(en, sizeof en, "query parameter '%s' given twice", name);
        snprintf(fr, sizeof fr, _("paramètre donné deux fois : %s"), name);
        respond_error(out, json, 400, en, fr);
        return 0;
      }
    if (!known) {
      snprintf(en, sizeof en, "unknown query parameter '%s'", name);
      snprintf(fr, sizeof fr, _("paramètre inconnu : %s"), name);
      respond_error(out, json, 400, en, fr);
      return 0;
    }
  }
  return 1;
}

/* A diag as one line for the API; the library's messages about an option
 * ("--period") are about the query parameter of the same name. Only the
 * message and the value: the diag's file (the store's path) is never shown
 * to a client. */
static void diag_message(const eml_diag *d, eml_status st, char *buf, size_t size) {
  if (d->message[0] && strncmp(d->field, "--", 2) == 0)
    snprintf(buf, size, "parameter '%s': %s%s%s%s", d->field + 2, d->message,
             d->has_value ? " (value '" : "", d->has_value ? d->value : "",
             d->has_value ? "')" : "");
  else if (d->message[0])
    snprintf(buf, size, "%s%s%s%s", d->message, d->has_value ? " (value '" : "",
             d->has_value ? d->value : "", d->has_value ? "')" : "");
  else
    snprintf(buf, size, "%s", eml_status_api_text(st));
}

/* The store could not be read: said without its path. */
static void respond_store_error(srv_response *out, int json, eml_status st) {
  char en[256];
  snprintf(en, sizeof en, "the store cannot be read (%s)", eml_status_api_text(st));
  respond_error(out, json, 503, en, _("le stockage ne peut pas être lu"));
}

static const char *const balance_params[] = {"period", "at", "modality", NULL};

/* Today as DD/MM/YYYY, by the server's clock (srv_state.now: the CLI's,
 * so that a document says the date `eml report` would). */
static void srv_today(const srv_state *s, char *buf, size_t size) {
  time_t now = s->now ? s->now() : time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(buf, size, "%d/%m/%Y", &tm);
}

/* A period without targets: the API's message (en, the library's, with
 * the value) and the page's (fr), both followed by the periods that have
 * targets, in alphabetical order, each once. */
static void period_unknown(const eml_register *reg, const char *period, char *en, size_t en_size,
                           char *fr, size_t fr_size) {
  char list[512] = "";
  size_t len = 0, n = 0;
  const char *last = NULL;
  for (;;) { /* the next period after last, alphabetically */
    const char *next = NULL;
    for (size_t i = 0; i < reg->ntargets; i++) {
      const char *p = reg->targets[i].period;
      if ((!last || strcmp(p, last) > 0) && (!next || strcmp(p, next) < 0))
        next = p;
    }
    if (!next)
      break;
    len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0, "%s%s",
                            n++ ? ", " : "", next);
    last = next;
  }
  size_t e = strlen(en);
  if (n)
    snprintf(en + e, en_size > e ? en_size - e : 0, "; periods with targets: %s", list);
  else
    snprintf(en + e, en_size > e ? en_size - e : 0, "; no period has targets (import targets.csv)");
  if (n)
    snprintf(fr, fr_size, _("paramètre period : aucun objectif pour cette période (valeur '%s') ; "
             "périodes existantes : %s"), period, list);
  else
    snprintf(fr, fr_size, _("paramètre period : aucun objectif pour cette période (valeur '%s') ; "
             "aucune période n'a d'objectifs (importer targets.csv)"), period);
}

/* The capacity held in the served campaign's machines (planning.md §1, at
 * the reference of `eml bilan --campaign`'s default, the panel's P20) as
 * notes under the CT and MRI tables of q's balance, named by the
 * campaign's folder name. */
static eml_status capacity_notes(const srv_state *s, const eml_register *reg,
                                 const srv_tables *q, int modality, eml_diag *d) {
  eml_capacity_args ca;
  eml_status st = eml_capacity_reference_parse("p20", &ca);
  eml_table **tables = NULL;
  size_t n = 0;
  if (!st)
    st = eml_report_tables(q->report, &tables, &n);
  const char *dir = s->imaging_dir ? s->imaging_dir : "";
  size_t dl = strlen(dir);
  while (dl > 1 && dir[dl - 1] == '/')
    dl--;
  size_t from = dl;
  while (from > 0 && dir[from - 1] != '/')
    from--;
  char name[SRV_VALUE_MAX];
  snprintf(name, sizeof name, "%.*s", (int)(dl - from), dir + from);
  if (!st)
    st = eml_capacity_beside_balance(s->imaging, &ca, reg, q->period, q->at, modality, name,
                                     tables, n, d);
  free(tables);
  return st;
}

static void count_problem(void *ctx, const char *problem) {
  (void)problem;
  (*(long *)ctx)++;
}

/* The balance asked for (period, at, modality). */
static int balance_make(const srv_state *s, const srv_request *r, int json, srv_tables *q,
                        srv_response *out) {
  char msg[1024];
  if (!query_check(r, balance_params, json, out))
    return 0;
  q->at = s->at;
  const char *at = query_get(r, "at");
  if (at && eml_date_parse(at, strlen(at), &q->at)) {
    respond_param_error(out, json, 400, "at", "not a date (YYYY-MM-DD or DD/MM/YYYY)",
                        _("pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)"));
    return 0;
  }
  int modality = -1;
  const char *mod = query_get(r, "modality");
  if (mod) {
    eml_modality m;
    if (eml_modality_parse(mod, strlen(mod), &m)) {
      respond_param_error(out, json, 400, "modality",
                          "unknown modality (CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT)",
                          _("modalité inconnue (CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, "
                          "COBALT)"));
      return 0;
    }
    modality = (int)m;
  }
  eml_diag d;
  eml_diag_clear(&d);
  srv_hold *hold = NULL; /* the register, read once per store version */
  eml_status st =
      srv_cache_data(s->cache, s->db, r->has_stamp ? &r->stamp : NULL, 0, &hold, &d);
  if (st) {
    respond_store_error(out, json, st);
    return 0;
  }
  const eml_register *reg = srv_hold_register(hold);
  const char *period = query_get(r, "period");
  if (!period)
    period = s->period;
  if (!period && reg->ntargets > 0) /* the first period of the targets */
    for (size_t i = 0; i < reg->ntargets; i++)
      if (!period || strcmp(reg->targets[i].period, period) < 0)
        period = reg->targets[i].period;
  snprintf(q->period, sizeof q->period, "%s", period ? period : "");
  /* the page shows the map of the modality asked, or of the first; a
   * document (PDF, XLSX) is `eml report bilan`'s, every map, its title page
   * naming the store by its file's name alone (no path of the server) */
  long problems = 0;
  int document = (q->flags & EML_REPORT_DOCUMENT) != 0;
  int page = (q->flags & EML_REPORT_CHARTS) && !document;
  int map = (q->flags & EML_REPORT_CHARTS) && s->outlines;
  char edited[16];
  srv_today(s, edited, sizeof edited);
  const char *base = strrchr(s->db, '/');
  eml_report_balance_args args = {.reg = reg, .period = q->period, .at = q->at,
                                  .modality = modality,
                                  .flags = map || document ? q->flags : 0,
                                  .outlines = s->outlines, .outlines_credit = s->outlines_credit,
                                  .problem = count_problem, .problem_ctx = &problems,
                                  .rules = s->rt_rules, /* as eml bilan: data/regimes/2023.csv */
                                  .source = document ? (base ? base + 1 : s->db) : NULL,
                                  .edited = document ? edited : NULL};
  st = eml_report_balance(&args, &q->report, &d);
  if (!st && page && s->imaging) /* the capacity beside each zone's room left */
    st = capacity_notes(s, reg, q, modality, &d);
  if (!st && page && map) {
    for (size_t i = 0; i < reg->ntargets; i++)
      if (strcmp(reg->targets[i].period, q->period) == 0)
        q->map_available |= 1u << reg->targets[i].modality;
    eml_table **tables = NULL;
    size_t n = 0;
    eml_modality first;
    st = eml_report_tables(q->report, &tables, &n);
    if (!st && n && !eml_modality_parse(eml_table_id(tables[0]), strlen(eml_table_id(tables[0])),
                                        &first))
      q->map_modality = (int)first; /* a balance table's id is its modality */
    free(tables);
    q->map = eml_report_find_chart(q->report, EML_CHART_MAP);
  } else if (st == EML_ERR_BALANCE) {
    char fr[512];
    diag_message(&d, st, msg, sizeof msg);
    if (problems)
      snprintf(fr, sizeof fr, "%s", _("le bilan ne peut pas être calculé : le registre est "
                                      "incohérent (voir eml bilan)"));
    else { /* the API's message is English in both languages (docs/api.md), the
            * library's diagnostic is in the run's */
      if (modality >= 0)
        snprintf(msg, sizeof msg, "parameter 'modality': no %s target for period %s",
                 eml_modality_code((eml_modality)modality), q->period);
      else
        snprintf(msg, sizeof msg,
                 "parameter 'period': no target for this period (import targets.csv first) "
                 "(value '%s')", q->period);
      period_unknown(reg, q->period, msg, sizeof msg, fr, sizeof fr);
    }
    respond_error(out, json, problems ? 422 : 404, msg, fr);
  }
  srv_cache_release(s->cache, hold);
  if (st && st != EML_ERR_BALANCE)
    respond_internal(out, json, st);
  snprintf(q->title, sizeof q->title, "%s", _("Bilan des OQOS"));
  return st == EML_OK;
}

static void balance_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  char at[16], shown[16]; /* in links, YYYY-MM-DD; shown, DD/MM/YYYY whatever the browser */
  eml_date_format(t->at, at, sizeof at);
  eml_date_format_fr(t->at, shown, sizeof shown);
  srv_page_balance_form(p, t->period, shown);
  if (t->map)
    srv_page_balance_map(p, t->map, t->map_modality, t->map_available, t->period, at);
}

static const srv_view balance_view = {balance_make, balance_head, "/bilan", 1, "bilan", NULL};


/* ---- imaging (imaging.md) ------------------------------------------------- */

static const char *const no_params[] = {NULL};
static const char *const imaging_params[] = {"campaign", NULL};

/* The panel a request shows: the stored campaign of ?campaign=NAME
 * (computed once per store version, cache.c: what `eml imaging report
 * --campaign NAME` computes), else the panel of --imaging-dir computed at
 * start. Neither: with list_ok, t->imaging stays NULL and the page lists
 * the stored campaigns; else 404. 0 with an answer on failure. */
static int imaging_select(const srv_state *s, const srv_request *r, int json, int list_ok,
                          srv_tables *t, srv_response *out) {
  if (!query_check(r, imaging_params, json, out))
    return 0;
  const char *name = query_get(r, "campaign");
  eml_diag d;
  eml_diag_clear(&d);
  const eml_store_stamp *v = r->has_stamp ? &r->stamp : NULL;
  if (name) {
    const srv_campaign *k = NULL;
    eml_status st = srv_cache_campaign(s->cache, s->db, v, name, &t->hold, &k, &d);
    if (st) {
      respond_store_error(out, json, st);
      return 0;
    }
    if (!k) {
      respond_param_error(out, json, 404, "campaign", "no campaign of this name in the store",
                          _("aucune campagne de ce nom dans le stockage"));
      return 0;
    }
    t->campaign = k;
    t->imaging = k->result;
    t->activity = k->activity;
    t->sites = k->in.has_sites ? &k->in.sites : NULL;
    snprintf(t->campaign_name, sizeof t->campaign_name, "%s", k->name);
    return 1;
  }
  if (s->imaging) {
    const eml_imaging_inputs *in = s->imaging_inputs;
    t->imaging = s->imaging;
    t->activity = s->imaging_activity;
    t->sites = in && in->has_sites ? &in->sites : NULL;
    t->appointments = in ? in->appointments : NULL;
  }
  /* the list of the stored campaigns, shown above the panel */
  eml_status st = srv_cache_campaigns(s->cache, s->db, v, &t->hold, &d);
  size_t n = 0;
  if (!st)
    srv_hold_campaigns(t->hold, &n);
  if (st && s->imaging) { /* the panel of --imaging-dir is shown without the list */
    srv_cache_release(s->cache, t->hold);
    t->hold = NULL;
    return 1;
  }
  if (st) {
    respond_store_error(out, json, st);
    return 0;
  }
  if (!t->imaging && (!list_ok || n == 0)) {
    respond_error(out, json, 404, "no imaging data (start eml serve with --imaging-dir DIR, or "
                  "store a campaign: eml imaging import, /upload)",
                  _("aucune campagne d'imagerie chargée (lancer eml serve avec --imaging-dir DIR, "
                    "ou enregistrer une campagne : eml imaging import, /upload)"));
    return 0;
  }
  return 1;
}

/* ?campaign=NAME (encoded) for the links of a stored campaign's pages, ""
 * for the panel of --imaging-dir. */
static void campaign_query(const srv_tables *t, char *buf, size_t size) {
  buf[0] = '\0';
  if (t->campaign) {
    size_t len = (size_t)snprintf(buf, size, "?campaign=");
    srv_url_encode(t->campaign_name, buf + len, size - len);
  }
}

/* The indicators shown in the list of machines, in order. */
static const eml_imaging_indicator machine_list_indicators[] = {
    EML_IND_EXAMS_PER_WEEK,      EML_IND_OPEN_PROGRAMMED_H, EML_IND_OCCUPANCY_PROGRAMMED,
    EML_IND_ICR_PER_HOUR,        EML_IND_ER_SHARE,          EML_IND_NIGHT_DEEP_PER_WEEK,
    EML_IND_GAP_BETWEEN_EXAMS_MIN};
#define MACHINE_LIST_INDICATORS \
  (sizeof machine_list_indicators / sizeof machine_list_indicators[0])
/* One row per machine: id, FINESS, modality, exams, a few indicators
 * (decimals and percentages of the seed), whether the panel keeps it. */
static eml_status machine_list_table(const eml_imaging_result *res, eml_table **out) {
  eml_table *t = eml_table_new("machines", "Machines du panel");
  eml_table_add_column(t, NULL, "Équipement", "equipment_id");
  eml_table_add_column(t, NULL, "FINESS", "finess");
  eml_table_add_column(t, NULL, "Modalité", "modality");
  eml_table_add_column(t, NULL, "Examens", "exams");
  for (size_t k = 0; k < MACHINE_LIST_INDICATORS; k++) {
    const eml_imaging_indicator_info *info = eml_imaging_indicator_get(machine_list_indicators[k]);
    char name[160];
    snprintf(name, sizeof name, info->unit[0] ? "%s (%s)" : "%s", _(info->label), _(info->unit));
    eml_table_add_column(t, NULL, name, info->key);
  }
  eml_table_add_column(t, NULL, "Retenue (occupation, ICR)", "included");
  size_t n = eml_imaging_machine_count(res);
  for (size_t i = 0; i < n; i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(res, i);
    size_t row, col = 0;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, col++, m->equipment_id);
    eml_table_set_text(t, row, col++, m->finess);
    eml_table_set_text(t, row, col++, eml_imaging_modality_code(m->modality));
    eml_table_set_int(t, row, col++, m->exams, 0);
    for (size_t k = 0; k < MACHINE_LIST_INDICATORS; k++, col++) {
      const eml_imaging_indicator_info *info =
          eml_imaging_indicator_get(machine_list_indicators[k]);
      double v = eml_imaging_machine_value(m, machine_list_indicators[k]);
      if (isfinite(v)) /* an indicator without meaning stays empty */
        eml_table_set_real(t, row, col, v, info->decimals, info->percent ? EML_CELL_PERCENT : 0);
    }
    eml_table_set_text(t, row, col, m->included ? _("OUI") : _("NON"));
  }
  char note[256];
  char from[16], to[16];
  eml_date_format_fr(eml_imaging_result_from(res), from, sizeof from);
  eml_date_format_fr(eml_imaging_result_to(res) - 1, to, sizeof to);
  snprintf(note, sizeof note, _("Campagne du %s au %s ; valeurs par semaine de campagne."), from,
           to);
  eml_table_add_note(t, note);
  return eml_table_finish(t, out);
}

/* The stored campaigns (`eml imaging campaigns`): name, import time,
 * machines, sessions, exams. */
static eml_status campaigns_table(const srv_campaign_info *k, size_t n, eml_table **out) {
  eml_table *t = eml_table_new("campagnes", "Campagnes enregistrées");
  eml_table_add_column(t, NULL, "Campagne", "campaign");
  eml_table_add_column(t, NULL, "Enregistrée le", "imported_at");
  eml_table_add_column(t, NULL, "Machines", "machines");
  eml_table_add_column(t, NULL, "Sessions", "sessions");
  eml_table_add_column(t, NULL, "Examens", "exams");
  for (size_t i = 0; i < n; i++) {
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, k[i].name);
    eml_table_set_text(t, row, 1, k[i].imported_at);
    eml_table_set_int(t, row, 2, k[i].machines, 0);
    eml_table_set_int(t, row, 3, k[i].sessions, 0);
    eml_table_set_int(t, row, 4, k[i].exams, 0);
  }
  return eml_table_finish(t, out);
}

/* The national summary of the panel shown: with the breakdowns (sites.csv
 * of --imaging-dir, or the register's sites for a stored campaign, as `eml
 * imaging report --campaign`) and the appointment figures when the
 * directory had appointments.csv, and on the page the charts of `eml
 * report imaging`. Without a panel, the list of the stored campaigns. */
static int imaging_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                        srv_response *out) {
  if (!imaging_select(s, r, json, 1, t, out))
    return 0;
  eml_status st;
  if (!t->imaging) {
    size_t n;
    const srv_campaign_info *k = srv_hold_campaigns(t->hold, &n);
    eml_table *list = NULL;
    st = campaigns_table(k, n, &list);
    if (!st && !(t->report = eml_report_new(NULL)))
      st = EML_ERR_NOMEM;
    if (!st)
      st = eml_report_add_table(t->report, 0, list);
    else
      eml_table_free(list);
    snprintf(t->title, sizeof t->title, "%s", _("Imagerie : campagnes enregistrées"));
  } else {
    char edited[16];
    srv_today(s, edited, sizeof edited);
    /* a document's title page names the campaign and the store by its
     * file's name alone (no path of the server) */
    const char *base = strrchr(s->db, '/');
    eml_imaging_source src;
    eml_imaging_source_init(&src);
    src.campaign = t->campaign_name;
    src.db = base ? base + 1 : s->db;
    eml_report_imaging_args args = {t->imaging, t->sites, t->appointments,
                                    t->campaign && (t->flags & EML_REPORT_DOCUMENT) ? &src : NULL,
                                    t->flags, t->flags & EML_REPORT_DOCUMENT ? edited : NULL};
    st = eml_report_imaging(&args, &t->report);
    if (t->campaign)
      snprintf(t->title, sizeof t->title, _("Imagerie : campagne %s"), t->campaign_name);
    else
      snprintf(t->title, sizeof t->title, "%s", _("Imagerie : panel des scanners et IRM"));
  }
  if (st)
    respond_internal(out, json, st);
  return !st;
}

/* The campaigns to choose from: the panel of --imaging-dir (else the list
 * of the stored campaigns), then each stored campaign, the one shown
 * marked. */
static void campaign_links(srv_page *p, const srv_state *s, const srv_tables *t) {
  size_t n = 0;
  const srv_campaign_info *k = t->hold ? srv_hold_campaigns(t->hold, &n) : NULL;
  if (!t->campaign && !n)
    return;
  srv_page_printf(p, "<p class=\"carte\">%s<a href=\"/imaging\"%s>%s</a>", _("Campagne : "),
                  t->campaign ? "" : " class=\"active\"",
                  s->imaging ? _("panel servi") : _("campagnes enregistrées"));
  for (size_t i = 0; i < n; i++) {
    char href[SRV_VALUE_MAX * 3 + 32] = "/imaging?campaign=";
    srv_url_encode(k[i].name, href + strlen(href), sizeof href - strlen(href));
    srv_page_raw(p, " · <a href=\"");
    srv_page_text(p, href);
    srv_page_raw(p, t->campaign && strcmp(k[i].name, t->campaign_name) == 0
                        ? "\" class=\"active\">" : "\">");
    srv_page_text(p, k[i].name);
    srv_page_raw(p, "</a>");
  }
  srv_page_raw(p, "</p>\n");
}

/* Above the summary: the campaigns, the list of machines, filterable and
 * sortable, each linking to its sheet (of the same campaign). */
static void imaging_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  campaign_links(p, s, t);
  if (!t->imaging)
    return;
  eml_table *list = NULL;
  char query[SRV_VALUE_MAX * 3 + 16];
  campaign_query(t, query, sizeof query);
  srv_page_keep(p, machine_list_table(t->imaging, &list));
  if (!p->st)
    srv_page_machine_list(p, list, "/imaging/machine/", query);
  eml_table_free(list);
  srv_page_printf(p, "<h2>%s</h2>\n", _("Synthèse nationale"));
}

static const srv_view imaging_view = {imaging_make, imaging_head, "/imaging", 0, "imagerie",
                                      NULL};

static int machines_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                         srv_response *out) {
  if (!imaging_select(s, r, json, 0, t, out))
    return 0;
  eml_table *list = NULL;
  eml_status st = machine_list_table(t->imaging, &list);
  if (!st && !(t->report = eml_report_new(NULL)))
    st = EML_ERR_NOMEM;
  if (!st)
    st = eml_report_add_table(t->report, 0, list);
  else
    eml_table_free(list);
  if (st)
    respond_internal(out, json, st);
  snprintf(t->title, sizeof t->title, "%s", _("Machines du panel"));
  return !st;
}

static const srv_view machines_view = {machines_make, NULL, "/imaging", 0, "machines", NULL};

/* The sheet of the machine named by the path's last segment. */
static int machine_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                        srv_response *out) {
  if (!imaging_select(s, r, json, 0, t, out))
    return 0;
  long at = eml_imaging_machine_find(t->imaging, r->segment);
  if (at < 0) {
    respond_error(out, json, 404, "no CT or MRI machine with this id in the panel",
                  _("aucun scanner ni IRM de cet identifiant dans le panel"));
    return 0;
  }
  /* the sheet, its heat map first on the page, its grid as the last table;
   * with sites (sites.csv, the store's register): region and nation */
  const eml_imaging_heatmap *g = eml_imaging_activity_machine(t->activity, (size_t)at);
  eml_status st = eml_report_machine_sites(t->imaging, (size_t)at, g, t->sites, t->flags,
                                           &t->report);
  if (st)
    respond_internal(out, json, st);
  if (t->campaign)
    snprintf(t->title, sizeof t->title, _("Fiche équipement %.100s (campagne %.40s)"), r->segment,
             t->campaign_name);
  else
    snprintf(t->title, sizeof t->title, _("Fiche équipement %s"), r->segment);
  t->machine = at;
  return !st;
}

static void machine_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  char query[SRV_VALUE_MAX * 3 + 16];
  campaign_query(t, query, sizeof query);
  srv_page_raw(p, "<p><a href=\"/imaging");
  srv_page_text(p, query);
  srv_page_printf(p, "\">%s</a></p>\n", _("← Retour au panel"));
}

/* Under accounts, the sheet of a stored campaign's machine is for the
 * accounts that see its site (auth.c lets an etablissement through to
 * here: its machines are in the campaign, not in the served panel);
 * checked before the cache, whose answers are shared by every account. */
static int machine_allowed(const srv_state *s, const srv_request *r, int json,
                           srv_response *out) {
  const char *name = query_get(r, "campaign");
  if (!name || !r->account[0])
    return 1;
  srv_hold *hold = NULL;
  const srv_campaign *k = NULL;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = srv_cache_campaign(s->cache, s->db, r->has_stamp ? &r->stamp : NULL, name,
                                     &hold, &k, &d);
  long at = k ? eml_imaging_machine_find(k->result, r->segment) : -1;
  int ok = st || at < 0 || /* the view answers */
           srv_auth_sees_site(s, r->account, eml_imaging_machine_at(k->result, (size_t)at)->finess);
  srv_cache_release(s->cache, hold);
  if (!ok)
    srv_respond_error(out, json, 403, "this account may not see this",
                      _("ce compte n'a pas accès à cette page"));
  return ok;
}

static const srv_view machine_view = {machine_make, machine_head, "/imaging", 0, "fiche",
                                      machine_allowed};

/* ---- radiotherapy (radiotherapy.md) --------------------------------------- */

static const char *const rt_params[] = {"year", NULL};

/* Report and checklist tables of the year asked; 0 and a response on
 * failure. */
static int rt_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                   srv_response *out) {
  if (!query_check(r, rt_params, json, out))
    return 0;
  t->year = s->year;
  const char *y = query_get(r, "year");
  if (y) {
    char *end;
    errno = 0;
    long v = strtol(y, &end, 10);
    if (errno || *end || end == y || v < 1900 || v > 2200) {
      respond_param_error(out, json, 400, "year", "not a year between 1900 and 2200",
                          _("pas une année de 1900 à 2200"));
      return 0;
    }
    t->year = (int)v;
  }
  eml_diag d;
  eml_diag_clear(&d);
  srv_hold *hold = NULL; /* the data set, read once per store version */
  eml_status st =
      srv_cache_data(s->cache, s->db, r->has_stamp ? &r->stamp : NULL, 1, &hold, &d);
  const eml_rt_data *data = st ? NULL : srv_hold_rt(hold);
  int ok = 0;
  if (st) {
    respond_store_error(out, json, st);
  } else if (!data->n_centres) {
    respond_error(out, json, 404, "no radiotherapy data stored (see 'eml rt import')",
                  _("aucune donnée de radiothérapie dans le stockage (voir eml rt import)"));
  } else {
    if (!t->year)
      t->year = srv_hold_rt_year(hold);
    eml_rt_options opts;
    eml_rt_options_default(&opts);
    opts.rules = s->rt_rules; /* checks 15-16 from 2023 */
    char edited[16];
    srv_today(s, edited, sizeof edited);
    eml_report_rt_args args = {.data = data, .year = t->year, .opts = &opts,
                               .parts = EML_REPORT_RT_REGIONAL | EML_REPORT_RT_CHECKS,
                               .centre = -1, .flags = t->flags,
                               .edited = t->flags & EML_REPORT_DOCUMENT ? edited : NULL};
    st = eml_report_rt(&args, &t->report);
    if (st)
      respond_internal(out, json, st);
    ok = !st;
  }
  srv_cache_release(s->cache, hold);
  snprintf(t->title, sizeof t->title, _("Radiothérapie %d : centres et conformité"), t->year);
  return ok;
}

static void rt_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  srv_page_year_form(p, t->year);
}

static const srv_view rt_view = {rt_make, rt_head, "/rt", 0, "radiotherapie", NULL};


/* ---- scenario (planning.md §3, `eml plan scenario`) ------------------------ */

/* The scenario page: a form (the scenario typed, or its file uploaded, with
 * an optional file of applications for `grant`, the period and the date);
 * sent (POST), the scenario is applied as `eml plan scenario` applies it,
 * to a copy of the register in memory (the store is read as for the
 * balance, never written: no --save here), and the page shows the same
 * tables. The texts are written into a private temporary folder for the
 * readers (which take files), under the name shown in the messages and
 * tables: the uploaded file's (its last path component, bytes outside
 * [A-Za-z0-9._-] made '_'), else "scenario.txt" / "demandes.csv". */
typedef struct scenario_form {
  const char *text, *requests; /* NULL when absent */
  size_t text_len, requests_len;
  char name[128], requests_name[128];
  const char *period, *at, *modality;
} scenario_form;

const srv_field *srv_form_field(const srv_request *r, const char *name) {
  for (size_t i = 0; i < r->nform; i++)
    if (strcmp(r->form[i].name, name) == 0)
      return &r->form[i];
  return NULL;
}
#define form_get srv_form_field

/* A file's name as shown: its last component, made of [A-Za-z0-9._-]. */
static void shown_name(const char *given, const char *otherwise, char *out, size_t size) {
  const char *slash = strrchr(given, '/'), *bslash = strrchr(given, '\\');
  const char *base = slash > bslash ? slash + 1 : bslash ? bslash + 1 : given;
  if (!base[0] || base[0] == '.')
    base = otherwise;
  snprintf(out, size, "%s", base);
  for (char *c = out; *c; c++)
    if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
          *c == '-' || *c == '_' || *c == '.'))
      *c = '_';
}

/* The form's fields: the uploaded scenario wins over the typed one when
 * both are given and the file is not empty. */
static void scenario_form_read(const srv_request *r, scenario_form *f) {
  memset(f, 0, sizeof *f);
  const srv_field *typed = form_get(r, "scenario"), *file = form_get(r, "file"),
                  *req = form_get(r, "requests");
  const srv_field *text = file && file->len ? file : typed && typed->len ? typed : NULL;
  if (text) {
    f->text = text->data;
    f->text_len = text->len;
  }
  shown_name(text == file && file ? file->filename : "", "scenario.txt", f->name, sizeof f->name);
  if (req && req->len) {
    f->requests = req->data;
    f->requests_len = req->len;
  }
  shown_name(req ? req->filename : "", "demandes.csv", f->requests_name, sizeof f->requests_name);
  const srv_field *v;
  f->period = (v = form_get(r, "period")) && v->len ? v->data : NULL;
  f->at = (v = form_get(r, "at")) && v->len ? v->data : NULL;
  f->modality = (v = form_get(r, "modality")) && v->len ? v->data : NULL;
}

/* The page's form, filled with what was sent. */
static void scenario_form_write(srv_page *p, const scenario_form *f, const char *period,
                                const char *at, const char *csrf) {
  srv_page_raw(p, "<form method=\"post\" action=\"/scenario\" enctype=\"multipart/form-data\" "
                  "class=\"scenario\">\n");
  if (csrf[0]) /* under accounts: the session's token (auth.c checks it) */
    srv_page_printf(p, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", csrf);
  srv_page_printf(p, "<p><label>%s<br>\n<textarea name=\"scenario\" rows=\"8\" cols=\"80\">",
                  _("Scénario (un changement par ligne : grant DEMANDE, add MODALITÉ FINESS "
                    "[DATE], close ID [DATE], move ID FINESS, target ZONE MODALITÉ BASSE HAUTE "
                    "[UNITÉ])"));
  if (f && f->text && strcmp(f->name, "scenario.txt") == 0)
    srv_page_text(p, f->text);
  srv_page_printf(p, "</textarea></label></p>\n<p><label>%s <input type=\"file\" "
                     "name=\"file\"></label> <label>%s <input type=\"file\" "
                     "name=\"requests\"></label></p>\n<p>",
                  _("ou le fichier du scénario"), _("Demandes (pour grant)"));
  srv_page_printf(p, "<label>%s <input name=\"period\" size=\"16\" value=\"", _("Période"));
  srv_page_text(p, period);
  srv_page_printf(p, "\"></label> <label>%s <input name=\"at\" size=\"10\" "
                     "placeholder=\"%s\" value=\"",
                  _("Date (JJ/MM/AAAA)"), _("JJ/MM/AAAA"));
  srv_page_text(p, at);
  srv_page_printf(p, "\"></label> <label>%s <select name=\"modality\"><option "
                     "value=\"\">%s</option>",
                  _("Modalité"), _("toutes"));
  for (int m = 0; m < EML_MODALITY_COUNT; m++) {
    const char *code = eml_modality_code((eml_modality)m);
    int chosen = f && f->modality && strcmp(f->modality, code) == 0;
    srv_page_printf(p, "<option value=\"%s\"%s>", code, chosen ? " selected" : "");
    srv_page_text(p, eml_modality_title((eml_modality)m));
    srv_page_raw(p, "</option>");
  }
  srv_page_printf(p, "</select></label> <button type=\"submit\">%s</button></p>\n"
                     "<p class=\"hint\">",
                  _("Appliquer à une copie du registre"));
  srv_page_printf(p, _("Le stockage n'est pas modifié : le scénario s'applique en mémoire (%d Kio "
                       "au plus)."),
                  SRV_SCENARIO_MAX / 1024);
  srv_page_raw(p, "</p>\n</form>\n");
}

/* Collects the bad lines of a reading, each `NAME:LINE: …` (the temporary
 * folder taken out of the file's name). */
typedef struct scenario_errors {
  const char *dir; /* the temporary folder, with its '/' */
  char text[4096];
  size_t len;
  long count;
} scenario_errors;

static void scenario_error_add(scenario_errors *e, const eml_diag *diag) {
  eml_diag d = *diag;
  size_t dl = strlen(e->dir);
  if (strncmp(d.file, e->dir, dl) == 0)
    memmove(d.file, d.file + dl, strlen(d.file + dl) + 1);
  char msg[1024];
  eml_diag_format(&d, msg, sizeof msg);
  if (e->count++ < 20 && e->len < sizeof e->text)
    e->len += (size_t)snprintf(e->text + e->len, sizeof e->text - e->len, "%s%s",
                               e->len ? "\n" : "", msg);
}

static void on_scenario_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  (void)raw, (void)len;
  scenario_error_add(ctx, diag);
}

/* text into DIR/NAME; 0 when written. */
static int write_text(const char *dir, const char *name, const char *text, size_t len,
                      char *path, size_t size) {
  snprintf(path, size, "%s%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  int ok = fwrite(text, 1, len, f) == len;
  return fclose(f) == 0 && ok ? 0 : -1;
}

/* Reads the scenario (and the applications) and makes its tables: 0 with
 * the tables, else the HTTP status with e's messages. */
static int scenario_run(const srv_state *s, const eml_register *reg, const scenario_form *f,
                        const char *period, eml_date at, int modality, scenario_errors *e,
                        eml_table ***tables, size_t *count) {
  char dir[4096], path[4200], rpath[4200];
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/eml-scenario-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir))
    return 500;
  strcat(dir, "/");
  e->dir = dir;
  int status = 0;
  path[0] = rpath[0] = '\0';
  if (write_text(dir, f->name, f->text, f->text_len, path, sizeof path) ||
      (f->requests && write_text(dir, f->requests_name, f->requests, f->requests_len, rpath,
                                 sizeof rpath)))
    status = 500;
  eml_csv_options csv = {0};
  eml_read_hooks hooks = {on_scenario_reject, NULL, e};
  eml_request *requests = NULL;
  size_t nrequests = 0;
  eml_scenario sc = {0};
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = EML_OK;
  if (!status && f->requests &&
      (st = eml_requests_read(rpath, &csv, reg, s->rt_rules, &hooks, &requests, &nrequests, &d)))
    status = 422;
  if (!status && (st = eml_scenario_read(path, &csv, reg, requests, nrequests, &hooks, &sc, &d)))
    status = 422;
  if (!status) {
    sc.path = f->name; /* the tables name the file as the page does */
    eml_scenario_args args = {.reg = reg, .period = period, .at = at, .modality = modality,
                              .scenario = &sc, .requests = requests, .nrequests = nrequests,
                              .rules = s->rt_rules};
    if ((st = eml_scenario_tables(&args, tables, count, &d)))
      status = st == EML_ERR_NOMEM ? 500 : 422;
  }
  if (status == 422 && (st != EML_ERR_REJECTED || !e->count)) /* the one message of the diag */
    scenario_error_add(e, &d);
  eml_scenario_free(&sc);
  free(requests);
  if (rpath[0])
    unlink(rpath);
  if (path[0])
    unlink(path);
  dir[strlen(dir) - 1] = '\0';
  rmdir(dir);
  return status;
}

static void h_scenario(const srv_state *s, const srv_request *r, const srv_view *view,
                       srv_response *out) {
  (void)view;
  if (!query_check(r, no_params, 0, out))
    return;
  int post = strcmp(r->method, "POST") == 0; /* its form read (srv_handle: form_error) */
  scenario_form f;
  scenario_form_read(r, &f);
  eml_date at = s->at;
  if (f.at && eml_date_parse(f.at, strlen(f.at), &at)) {
    respond_param_error(out, 0, 400, "at", "not a date", _("pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)"));
    return;
  }
  int modality = -1;
  eml_modality m;
  if (f.modality && eml_modality_parse(f.modality, strlen(f.modality), &m) == EML_OK)
    modality = (int)m;
  else if (f.modality) {
    respond_param_error(out, 0, 400, "modality", "unknown modality",
                        _("modalité inconnue (CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT)"));
    return;
  }
  if (post && !f.text) {
    respond_error(out, 0, 400, "no scenario", _("aucun scénario : écrire les changements ou "
                                               "joindre le fichier"));
    return;
  }
  eml_diag d;
  eml_diag_clear(&d);
  srv_hold *hold = NULL; /* the register, read once per store version (never changed) */
  eml_status st =
      srv_cache_data(s->cache, s->db, r->has_stamp ? &r->stamp : NULL, 0, &hold, &d);
  if (st) {
    respond_store_error(out, 0, st);
    return;
  }
  const eml_register *reg = srv_hold_register(hold);
  const char *period = f.period ? f.period : s->period;
  if (!period) /* the balance's default: the first period of the targets */
    for (size_t i = 0; i < reg->ntargets; i++)
      if (!period || strcmp(reg->targets[i].period, period) < 0)
        period = reg->targets[i].period;
  char shown_at[16];
  eml_date_format_fr(at, shown_at, sizeof shown_at);
  scenario_errors e = {0};
  eml_table **tables = NULL;
  size_t count = 0;
  int status = post ? scenario_run(s, reg, &f, period ? period : "", at, modality, &e, &tables,
                                   &count)
                    : 0;
  srv_page p;
  srv_page_begin(&p, _("Scénario : le bilan avant et après"), "/scenario");
  scenario_form_write(&p, &f, period ? period : "", shown_at, r->csrf);
  if (status >= 500) {
    srv_page_raw(&p, "<p class=\"error\">");
    srv_page_printf(&p, _("Erreur %d : "), 500);
    srv_page_text(&p, _("le scénario n'a pas pu être appliqué"));
    srv_page_raw(&p, "</p>\n");
  } else if (status) {
    srv_page_raw(&p, "<p class=\"error\">");
    srv_page_printf(&p, _("Erreur %d : "), status);
    srv_page_text(&p, _("scénario refusé, rien n'est appliqué :"));
    srv_page_raw(&p, "</p>\n<pre class=\"error\">");
    srv_page_text(&p, e.text);
    if (e.count > 20)
      srv_page_printf(&p, _("\n… et %ld autres lignes"), e.count - 20);
    srv_page_raw(&p, "</pre>\n");
  } else if (post && !p.st) {
    srv_page_keep(&p, eml_render_html_tables(tables, count, eml_write_file, p.f));
  }
  eml_tables_free(tables, count);
  srv_cache_release(s->cache, hold);
  srv_page_end(&p, out, status ? status : 200);
}

/* ---- serving a view ------------------------------------------------------- */

/* The downloads of a page (?format=): what the command line writes for the
 * same query, from the same report. csv and json: `eml bilan --format
 * csv|json` (the tables, no chart); xlsx and pdf: the document of `eml
 * report bilan --format xlsx|pdf` (title page, every chart, annex). */
typedef struct srv_download {
  const char *name; /* the value of format= and the file's extension */
  const char *content_type;
  int flags;        /* of the report (srv_tables.flags) */
} srv_download;

static const srv_download downloads[] = {
    {"csv", "text/csv; charset=utf-8", 0},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     EML_REPORT_CHARTS | EML_REPORT_DOCUMENT},
    {"pdf", "application/pdf", EML_REPORT_CHARTS | EML_REPORT_DOCUMENT},
    {"json", "application/json; charset=utf-8", 0},
};
#define DOWNLOADS (sizeof downloads / sizeof downloads[0])

/* The file's name: the view's, then the values the page was made for (the
 * balance's period and date, the year, the machine), each byte outside
 * [A-Za-z0-9._-] made '_', then the extension. */
static void download_name(const srv_view *view, const srv_tables *t, const srv_request *r,
                          const srv_download *dl, char *name, size_t size) {
  char at[16] = "", year[16] = "";
  if (t->period[0])
    eml_date_format(t->at, at, sizeof at);
  if (t->year)
    snprintf(year, sizeof year, "%d", t->year);
  const char *parts[] = {view->file, t->campaign_name, t->period, at, year,
                         strchr(r->route, '*') ? r->segment : ""};
  size_t len = 0;
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
    if (parts[i][0] && len + 1 < size)
      len += (size_t)snprintf(name + len, size - len, "%s%s", len ? "-" : "", parts[i]);
  for (size_t i = 0; i < len; i++) {
    char c = name[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_' || c == '.'))
      name[i] = '_';
  }
  if (len + 1 < size)
    snprintf(name + len, size - len, ".%s", dl->name);
}

/* The report as the XLSX or PDF renderer writes it, into a file of its own
 * (the renderers write files: a temporary one, read back, removed). */
static eml_status render_document(const srv_download *dl, const eml_report *report,
                                  srv_response *out) {
  const char *tmp = getenv("TMPDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/eml-download-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0)
    return EML_ERR_IO;
  close(fd);
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = strcmp(dl->name, "pdf") == 0 ? eml_render_report_pdf_file(report, path, &d)
                                               : eml_render_report_xlsx_file(report, path, &d);
  if (!st && !(out->body = srv_file_read(path, &out->len)))
    st = EML_ERR_IO;
  unlink(path);
  return st;
}

char *srv_file_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *body = NULL;
  long size = -1;
  *len = 0;
  if (f && fseek(f, 0, SEEK_END) == 0)
    size = ftell(f);
  if (f && size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (body = malloc((size_t)size + 1))) {
    *len = fread(body, 1, (size_t)size, f);
    body[*len] = '\0'; /* as every body (the cache copies the NUL) */
    if (*len != (size_t)size) {
      free(body);
      body = NULL;
      *len = 0;
    }
  }
  if (f)
    fclose(f);
  return body;
}

/* The report in a stream format (JSON, CSV), as the command line prints it. */
static void respond_report(srv_response *out, eml_format format, const eml_report *report) {
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);
  eml_status st = f ? eml_render_report(format, report, eml_write_file, f) : EML_ERR_NOMEM;
  if (f && fclose(f) != 0 && !st)
    st = EML_ERR_NOMEM;
  if (st) {
    free(body);
    respond_internal(out, format == EML_FORMAT_JSON, st);
    return;
  }
  out->status = 200;
  out->content_type = format == EML_FORMAT_JSON ? "application/json; charset=utf-8"
                                                : "text/csv; charset=utf-8";
  out->body = body;
  out->len = len;
}

/* What a view's make left: its report, the cache's data it held. */
static void tables_free(const srv_state *s, srv_tables *t) {
  eml_report_free(t->report);
  t->report = NULL;
  srv_cache_release(s->cache, t->hold);
  t->hold = NULL;
}

/* The view's report as the JSON renderer writes it. */
static void serve_json(const srv_state *s, const srv_request *r, const srv_view *view,
                       srv_response *out) {
  srv_tables t;
  memset(&t, 0, sizeof t);
  if (view->make(s, r, 1, &t, out))
    respond_report(out, EML_FORMAT_JSON, t.report);
  tables_free(s, &t);
}

/* ?format=F of a page: its report as the file the command line writes,
 * named (Content-Disposition); errors are the page's (French). */
static void serve_download(const srv_state *s, const srv_request *r, const srv_view *view,
                           const char *format, srv_response *out) {
  const srv_download *dl = NULL;
  for (size_t i = 0; i < DOWNLOADS && !dl; i++)
    if (strcmp(downloads[i].name, format) == 0)
      dl = &downloads[i];
  if (!dl) {
    respond_param_error(out, 0, 400, "format", "unknown format (csv, xlsx, pdf or json)",
                        _("format inconnu (csv, xlsx, pdf ou json)"));
    return;
  }
  srv_request rest = *r; /* the query of the page: format= taken out */
  rest.nquery = 0;
  for (size_t i = 0; i < r->nquery; i++)
    if (strcmp(r->query[i].name, "format") != 0)
      rest.query[rest.nquery++] = r->query[i];
  srv_tables t;
  memset(&t, 0, sizeof t);
  t.flags = dl->flags;
  if (view->make(s, &rest, 0, &t, out)) {
    if (dl->flags & EML_REPORT_DOCUMENT) {
      eml_status st = render_document(dl, t.report, out);
      if (st) {
        srv_response_free(out);
        respond_internal(out, 0, st);
      } else {
        out->status = 200;
        out->content_type = dl->content_type;
      }
    } else {
      respond_report(out, strcmp(dl->name, "csv") == 0 ? EML_FORMAT_CSV : EML_FORMAT_JSON,
                     t.report);
    }
    if (out->status == 200)
      download_name(view, &t, r, dl, out->filename, sizeof out->filename);
  }
  tables_free(s, &t);
}

/* The links of a page to its downloads, with its query. */
static void download_links(srv_page *p, const srv_request *r, const char *path) {
  srv_page_printf(p, "<p class=\"downloads\">%s", _("Télécharger :"));
  for (size_t i = 0; i < DOWNLOADS; i++) {
    char url[SRV_URL_MAX + 1];
    srv_page_query_url(path, r, "format", downloads[i].name, url, sizeof url);
    srv_page_raw(p, " <a download href=\"");
    srv_page_text(p, url);
    srv_page_printf(p, "\">%s</a>", downloads[i].name);
    srv_page_raw(p, i + 1 < DOWNLOADS ? " ·" : "");
  }
  srv_page_raw(p, "</p>\n");
}

/* The view's page: title, head, the report through the HTML renderer (its
 * tables only for a view that says so), the link to the same data in JSON
 * (/api + the page's path). With ?format=, the download instead. */
static void serve_page(const srv_state *s, const srv_request *r, const srv_view *view,
                       srv_response *out) {
  for (size_t i = 0; i < r->nquery; i++)
    if (strcmp(r->query[i].name, "format") == 0) {
      serve_download(s, r, view, r->query[i].value, out);
      return;
    }
  srv_tables t;
  memset(&t, 0, sizeof t);
  t.flags = EML_REPORT_CHARTS;
  if (!view->make(s, r, 0, &t, out)) {
    tables_free(s, &t);
    return;
  }
  srv_page p;
  srv_page_begin(&p, t.title, view->nav);
  char page_path[SRV_URL_MAX] = "";
  const char *star = strchr(r->route, '*');
  size_t prefix = star ? (size_t)(star - r->route) : strlen(r->route);
  snprintf(page_path, sizeof page_path, "%.*s", (int)prefix, r->route);
  if (star)
    srv_url_encode(r->segment, page_path + strlen(page_path),
                   sizeof page_path - strlen(page_path));
  download_links(&p, r, page_path);
  if (view->head)
    view->head(&p, s, &t);
  if (!p.st && view->tables_only) {
    eml_table **tables = NULL;
    size_t n = 0;
    srv_page_keep(&p, eml_report_tables(t.report, &tables, &n));
    if (!p.st)
      srv_page_keep(&p, eml_render_html_tables(tables, n, eml_write_file, p.f));
    free(tables);
  } else if (!p.st) {
    srv_page_keep(&p, eml_render_html_report(t.report, eml_write_file, p.f));
  }
  tables_free(s, &t);
  char api[SRV_URL_MAX + 4];
  snprintf(api, sizeof api, "/api%s", page_path);
  srv_page_api_link(&p, api, r);
  srv_page_end(&p, out, 200);
}

/* ---- index ------------------------------------------------------------------ */

static void h_index(const srv_state *s, const srv_request *r, const srv_view *view,
                    srv_response *out) {
  (void)view;
  if (!query_check(r, no_params, 0, out))
    return;
  srv_page p;
  srv_page_begin(&p, _("Observatoire des équipements matériels lourds"), "/");
  srv_page_index(&p, s);
  srv_page_end(&p, out, 200);
}

/* The pages' one script (sorting and filtering), a file of this origin:
 * the policy allows no inline script. */
static void h_script(const srv_state *s, const srv_request *r, const srv_view *view,
                     srv_response *out) {
  (void)s;
  (void)view;
  if (!query_check(r, no_params, 0, out))
    return;
  out->status = 200;
  out->content_type = "text/javascript; charset=utf-8";
  out->body = strdup(srv_page_script);
  if (!out->body)
    respond_internal(out, 0, EML_ERR_NOMEM);
  out->len = out->body ? strlen(out->body) : 0;
}

static void h_api_index(const srv_state *s, const srv_request *r, const srv_view *view,
                        srv_response *out) {
  (void)s;
  (void)view;
  if (!query_check(r, no_params, 1, out))
    return;
  respond_json(out, 200,
               json_pack("{s:[s,s,s,s,s]}", "endpoints", "/api/bilan", "/api/imaging",
                         "/api/imaging/machines", "/api/imaging/machine/{equipment_id}",
                         "/api/rt"));
}

/* ---- what auth.c uses ------------------------------------------------------- */

void srv_respond_error(srv_response *out, int json, int status, const char *en, const char *fr) {
  respond_error(out, json, status, en, fr);
}
void srv_respond_store_error(srv_response *out, int json, eml_status st) {
  respond_store_error(out, json, st);
}

/* ---- the route table ---------------------------------------------------- */

/* a route: GET(pattern, handler, view); POST(pattern, handler, how its
 * body is read, its most bytes, writes: it changes the store) */
#define GET(p, h, v) {"GET", p, h, v, SRV_BODY_NONE, 0, 0}
#define POST(p, h, body_, max, writes_) {"POST", p, h, NULL, body_, max, writes_}
static const srv_route routes[] = {
    GET("/", h_index, NULL),
    GET("/eml.js", h_script, NULL),
    GET("/bilan", serve_page, &balance_view),
    GET("/imaging", serve_page, &imaging_view),
    GET("/imaging/machine/*", serve_page, &machine_view),
    GET("/rt", serve_page, &rt_view),
    GET("/scenario", h_scenario, NULL),
    /* the scenario is applied in memory: it writes nothing */
    POST("/scenario", h_scenario, SRV_BODY_FIELDS, SRV_SCENARIO_MAX, 0),
    GET("/api", h_api_index, NULL),
    GET("/api/bilan", serve_json, &balance_view),
    GET("/api/imaging", serve_json, &imaging_view),
    GET("/api/imaging/machines", serve_json, &machines_view),
    GET("/api/imaging/machine/*", serve_json, &machine_view),
    GET("/api/rt", serve_json, &rt_view),
    GET("/login", srv_auth_login_page, NULL),
    POST("/login", srv_auth_login_post, SRV_BODY_FIELDS, SRV_FORM_MAX, 1),
    GET("/logout", srv_auth_logout_page, NULL),
    POST("/logout", srv_auth_logout_post, SRV_BODY_FIELDS, SRV_FORM_MAX, 1),
    GET("/upload", srv_upload_page, NULL),
    POST("/upload", srv_upload_post, SRV_BODY_FILES, SRV_UPLOAD_MAX, 1),
};

/* Matches the raw path against pattern; the segment matched by '*' goes
 * to segment, decoded (it must not be empty). */
static int route_match(const char *pattern, const char *path, char *segment, size_t size) {
  const char *star = strchr(pattern, '*');
  if (!star)
    return strcmp(pattern, path) == 0;
  size_t prefix = (size_t)(star - pattern);
  if (strncmp(pattern, path, prefix) != 0)
    return 0;
  const char *seg = path + prefix;
  size_t len = strcspn(seg, "/");
  if (len == 0 || seg[len] != '\0' || len >= size)
    return 0;
  return srv_url_decode(seg, segment, size) == 0 && segment[0];
}

srv_body srv_route_body(const char *method, const char *path, size_t *max) {
  char segment[SRV_VALUE_MAX];
  *max = 0;
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
    if (strcmp(routes[i].method, method) == 0 &&
        route_match(routes[i].pattern, path, segment, sizeof segment)) {
      *max = routes[i].body_max;
      return routes[i].body;
    }
  return SRV_BODY_NONE;
}

/* The key of an answer: the path and the query as sent. 0 when it does
 * not fit (the answer is then not kept). */
static int answer_key(const srv_request *r, char *key, size_t size) {
  size_t len = (size_t)snprintf(key, size, "%s", r->path);
  for (size_t i = 0; i < r->nquery && len < size; i++)
    len += (size_t)snprintf(key + len, size - len, "\n%s=%s", r->query[i].name, r->query[i].value);
  return len < size && !r->query_overflow;
}

void srv_response_add_header(srv_response *out, const char *name, const char *value) {
  if (out->nextra < sizeof out->extra / sizeof out->extra[0]) {
    out->extra[out->nextra].name = name;
    snprintf(out->extra[out->nextra++].value, sizeof out->extra[0].value, "%s", value);
  }
}
#define add_header srv_response_add_header

/* A view's answer, kept per store version (cache.c): made once, then
 * served from the copy until the store changes. The counters go in
 * headers (docs/dashboard.md): X-Eml-Cache (hit or miss), X-Eml-Computed
 * (answers made since the start), X-Eml-Store-Reads (reads of the
 * register or the radiotherapy data). */
static void serve_view(const srv_state *s, srv_request *r, const srv_route *route,
                       srv_response *out) {
  srv_cache *c = s->cache;
  char key[SRV_URL_MAX + SRV_QUERY_MAX * (32 + SRV_VALUE_MAX + 2) + 1];
  r->has_stamp = c && route->view && srv_cache_version(c, &r->stamp) == EML_OK;
  if (route->view && route->view->allowed &&
      !route->view->allowed(s, r, route->handler == serve_json, out))
    return;
  if (!c || !route->view) {
    route->handler(s, r, route->view, out);
    return;
  }
  int keep = r->has_stamp && answer_key(r, key, sizeof key);
  int hit = keep && srv_cache_get(c, &r->stamp, key, out);
  if (!hit) {
    route->handler(s, r, route->view, out);
    srv_cache_computed(c, 1);
    if (keep)
      srv_cache_put(c, &r->stamp, key, out);
  }
  char n[32];
  add_header(out, "X-Eml-Cache", hit ? "hit" : "miss");
  snprintf(n, sizeof n, "%ld", srv_cache_computed(c, 0));
  add_header(out, "X-Eml-Computed", n);
  snprintf(n, sizeof n, "%ld", srv_cache_reads(c));
  add_header(out, "X-Eml-Store-Reads", n);
}

/* A POST's form the transport could not read (status: srv_request's
 * form_error), of a route taking max bytes. */
static void respond_form_error(srv_response *out, int status, size_t max) {
  char en[96], fr[96];
  if (status == 413) {
    snprintf(en, sizeof en, "form too large (%zu KiB at most)", max / 1024);
    snprintf(fr, sizeof fr, _("formulaire trop grand (%zu Kio au plus)"), max / 1024);
    respond_error(out, 0, 413, en, fr);
  } else {
    respond_error(out, 0, status, "not a form",
                  _("corps illisible : un formulaire (urlencoded ou multipart) est attendu"));
  }
}

/* host (the Host header: a name or address, then maybe ":PORT") is the
 * listen address, localhost or one of --allow-host, in any case. */
static int host_allowed(const srv_state *s, const char *host) {
  if (!host)
    return 0;
  int bracket = host[0] == '['; /* [IPv6]:PORT */
  host += bracket;
  size_t len = strcspn(host, bracket ? "]" : ":");
  const char *rest = host + len;
  if (bracket && *rest++ != ']')
    return 0;
  if (*rest && (*rest != ':' || strspn(rest + 1, "0123456789") != strlen(rest + 1)))
    return 0;
  if (len == 9 && strncasecmp(host, "localhost", 9) == 0)
    return 1;
  if (s->listen && strlen(s->listen) == len && strncasecmp(host, s->listen, len) == 0)
    return 1;
  for (size_t i = 0; i < s->nhosts; i++)
    if (strlen(s->hosts[i]) == len && strncasecmp(host, s->hosts[i], len) == 0)
      return 1;
  return 0;
}

void srv_handle(const srv_state *state, const srv_request *req, srv_response *resp) {
  memset(resp, 0, sizeof *resp);
  const char *path = req->path;
  int json = strncmp(path, "/api", 4) == 0 && (path[4] == '\0' || path[4] == '/');
  if (!host_allowed(state, req->host)) { /* DNS rebinding: a page of elsewhere */
    respond_error(resp, json, 421, "host not allowed (see eml serve --allow-host)",
                  _("hôte non autorisé (voir eml serve --allow-host)"));
    return;
  }
  int get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
  if (req->has_body && get) { /* another method is refused (405) */
    respond_error(resp, json, 413, "a request body is not accepted",
                  _("un corps de requête n'est pas accepté"));
    return;
  }
  if (strlen(path) > SRV_URL_MAX) {
    respond_error(resp, json, 414, "path too long", _("chemin trop long"));
    return;
  }
  char decoded[SRV_URL_MAX + 1];
  int nul = req->nul_byte || srv_url_decode(path, decoded, sizeof decoded) > 0;
  if (nul) { /* refused, never cut (/bilan%00.html is no page) */
    respond_error(resp, json, 400, "NUL byte in the request", _("octet nul dans la requête"));
    return;
  }
  /* nothing is read from disk by path, but a traversal attempt is refused
   * as such rather than looked up, encoded or not */
  if (decoded[0] != '/' || strstr(decoded, "/..") || strstr(decoded, "//") ||
      strchr(decoded, '\\')) {
    respond_error(resp, json, 400, "malformed path", _("chemin mal formé"));
    return;
  }
  srv_request r = *req;
  char allow[32] = ""; /* the methods of the routes of this path (405's Allow), GET with HEAD */
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    if (!route_match(routes[i].pattern, path, r.segment, sizeof r.segment))
      continue;
    size_t used = strlen(allow);
    snprintf(allow + used, sizeof allow - used, "%s%s", used ? ", " : "",
             strcmp(routes[i].method, "GET") == 0 ? "GET, HEAD" : routes[i].method);
    /* HEAD is GET without the body (the transport drops it) */
    if (strcmp(routes[i].method, req->method) == 0 ||
        (strcmp(req->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
      r.route = routes[i].pattern;
      r.writes = routes[i].writes;
      if (r.form_error) { /* a form over its route's cap, or no form: before the gate */
        respond_form_error(resp, r.form_error, routes[i].body_max);
        return;
      }
      if (!srv_auth_gate(state, &r, json, resp))
        return; /* a login asked, or refused */
      serve_view(state, &r, &routes[i], resp);
      return;
    }
  }
  if (allow[0]) {
    respond_error(resp, json, 405, "method not allowed (the dashboard is read-only)",
                  _("méthode non autorisée (le tableau de bord est en lecture seule)"));
    add_header(resp, "Allow", allow);
  } else
    respond_error(resp, json, 404, "no such page", _("page inconnue"));
}
