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
 * same model. Read-only: the store is opened read-only for each request.
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
} srv_view;

typedef void (*srv_handler)(const srv_state *s, const srv_request *r, const srv_view *view,
                            srv_response *out);

typedef struct srv_route {
  const char *method;
  const char *pattern; /* "/imaging/machine/" then "*": one segment */
  srv_handler handler;
  const srv_view *view; /* for serve_json and serve_page; NULL otherwise */
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
                                "'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
                                "base-uri 'none'"},
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
 * otherwise. */
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
  srv_page_begin(&p, "Erreur", NULL);
  srv_page_printf(&p, "<p class=\"error\">Erreur %d : ", status);
  srv_page_text(&p, fr);
  srv_page_raw(&p, "</p>\n");
  srv_page_end(&p, out, status); /* a page cut short is answered 500 */
}

/* An error about the query parameter name: "parameter 'NAME': EN" in the
 * API, "paramètre NAME : FR" on a page. */
static void respond_param_error(srv_response *out, int json, int status, const char *name,
                                const char *en, const char *fr) {
  char m_en[512], m_fr[512];
  snprintf(m_en, sizeof m_en, "parameter '%s': %s", name, en);
  snprintf(m_fr, sizeof m_fr, "paramètre %s : %s", name, fr);
  respond_error(out, json, status, m_en, m_fr);
}

/* A failure of the library while building the answer. */
static void respond_internal(srv_response *out, int json, eml_status st) {
  respond_error(out, json, 500, eml_strerror(st), "erreur interne : la réponse n'a pas pu être "
                                                  "construite");
}

/* The report as the JSON renderer writes it (the CLI's --format json). */
static void respond_report_json(srv_response *out, const eml_report *report) {
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);
  eml_status st = f ? eml_render_report(EML_FORMAT_JSON, report, eml_write_file, f)
                    : EML_ERR_NOMEM;
  if (f && fclose(f) != 0 && !st)
    st = EML_ERR_NOMEM;
  if (st) {
    free(body);
    respond_internal(out, 1, st);
    return;
  }
  out->status = 200;
  out->content_type = "application/json; charset=utf-8";
  out->body = body;
  out->len = len;
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
                  "trop de paramètres, ou un paramètre trop long");
    return 0;
  }
  for (size_t i = 0; i < r->nquery; i++) {
    const char *name = r->query[i].name;
    if (eml_utf8_invalid_at(name, strlen(name)) < strlen(name)) {
      respond_error(out, json, 400, "query parameter name not valid UTF-8",
                    "nom de paramètre qui n'est pas de l'UTF-8 valide");
      return 0;
    }
    int known = 0;
    for (const char *const *a = allowed; *a && !known; a++)
      known = strcmp(*a, r->query[i].name) == 0;
    for (size_t j = 0; j < i && known; j++)
      if (strcmp(r->query[j].name, r->query[i].name) == 0) {
        snprintf(en, sizeof en, "query parameter '%s' given twice", name);
        snprintf(fr, sizeof fr, "paramètre donné deux fois : %s", name);
        respond_error(out, json, 400, en, fr);
        return 0;
      }
    if (!known) {
      snprintf(en, sizeof en, "unknown query parameter '%s'", name);
      snprintf(fr, sizeof fr, "paramètre inconnu : %s", name);
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
    snprintf(buf, size, "%s", eml_strerror(st));
}

/* The store could not be read: said without its path. */
static void respond_store_error(srv_response *out, int json, eml_status st) {
  char en[256];
  snprintf(en, sizeof en, "the store cannot be read (%s)", eml_strerror(st));
  respond_error(out, json, 503, en, "le magasin ne peut pas être lu");
}

static const char *const balance_params[] = {"period", "at", "modality", NULL};

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
                        "pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)");
    return 0;
  }
  int modality = -1;
  const char *mod = query_get(r, "modality");
  if (mod) {
    eml_modality m;
    if (eml_modality_parse(mod, strlen(mod), &m)) {
      respond_param_error(out, json, 400, "modality",
                          "unknown modality (CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT)",
                          "modalité inconnue (CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, "
                          "COBALT)");
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
  /* the page shows the map of the modality asked, or of the first */
  long problems = 0;
  int map = !json && s->outlines;
  eml_report_balance_args args = {.reg = reg, .period = q->period, .at = q->at,
                                  .modality = modality, .flags = map ? EML_REPORT_CHARTS : 0,
                                  .outlines = s->outlines, .outlines_credit = s->outlines_credit,
                                  .problem = count_problem, .problem_ctx = &problems};
  st = eml_report_balance(&args, &q->report, &d);
  if (!st && map) {
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
      snprintf(fr, sizeof fr, "le bilan ne peut pas être calculé : le registre est incohérent "
                              "(voir eml bilan)");
    else
      snprintf(fr, sizeof fr, "paramètre period : aucun objectif pour cette période (valeur '%s')",
               q->period);
    respond_error(out, json, problems ? 422 : 404, msg, fr);
  }
  srv_cache_release(s->cache, hold);
  if (st && st != EML_ERR_BALANCE)
    respond_internal(out, json, st);
  snprintf(q->title, sizeof q->title, "Bilan des OQOS");
  return st == EML_OK;
}

static void balance_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  char at[16];
  eml_date_format(t->at, at, sizeof at);
  srv_page_balance_form(p, t->period, at);
  if (t->map)
    srv_page_balance_map(p, t->map, t->map_modality, t->map_available, t->period, at);
}

static const srv_view balance_view = {balance_make, balance_head, "/bilan", 1};


/* ---- imaging (imaging.md) ------------------------------------------------- */

static const char *const no_params[] = {NULL};

/* The campaign is loaded and the request has no parameter. */
static int imaging_ready(const srv_state *s, const srv_request *r, int json,
                         srv_response *out) {
  if (!query_check(r, no_params, json, out))
    return 0;
  if (!s->imaging) {
    respond_error(out, json, 404, "no imaging data (start eml serve with --imaging-dir DIR)",
                  "aucune campagne d'imagerie chargée (lancer eml serve avec --imaging-dir DIR)");
    return 0;
  }
  return 1;
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
    snprintf(name, sizeof name, info->unit[0] ? "%s (%s)" : "%s", info->label, info->unit);
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
    eml_table_set_text(t, row, col, m->included ? "OUI" : "NON");
  }
  char note[256];
  char from[16], to[16];
  eml_date_format(eml_imaging_result_from(res), from, sizeof from);
  eml_date_format(eml_imaging_result_to(res) - 1, to, sizeof to);
  snprintf(note, sizeof note, "Campagne du %s au %s ; valeurs par semaine de campagne.", from, to);
  eml_table_add_note(t, note);
  return eml_table_finish(t, out);
}

/* The national summary: with the breakdowns and the appointment figures
 * when the directory had sites.csv and appointments.csv, and on the page
 * the charts of `eml report imaging`. */
static int imaging_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                        srv_response *out) {
  if (!imaging_ready(s, r, json, out))
    return 0;
  const eml_imaging_inputs *in = s->imaging_inputs;
  eml_report_imaging_args args = {s->imaging, in && in->has_sites ? &in->sites : NULL,
                                  in ? in->appointments : NULL, NULL,
                                  json ? 0 : EML_REPORT_CHARTS, NULL};
  eml_status st = eml_report_imaging(&args, &t->report);
  if (st)
    respond_internal(out, json, st);
  snprintf(t->title, sizeof t->title, "Imagerie : panel des scanners et IRM");
  return !st;
}

/* Above the summary: the list of machines, filterable and sortable. */
static void imaging_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)t;
  eml_table *list = NULL;
  srv_page_keep(p, machine_list_table(s->imaging, &list));
  if (!p->st)
    srv_page_machine_list(p, list, "/imaging/machine/");
  eml_table_free(list);
  srv_page_raw(p, "<h2>Synthèse nationale</h2>\n");
}

static const srv_view imaging_view = {imaging_make, imaging_head, "/imaging", 0};

static int machines_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                         srv_response *out) {
  if (!imaging_ready(s, r, json, out))
    return 0;
  eml_table *list = NULL;
  eml_status st = machine_list_table(s->imaging, &list);
  if (!st && !(t->report = eml_report_new(NULL)))
    st = EML_ERR_NOMEM;
  if (!st)
    st = eml_report_add_table(t->report, 0, list);
  else
    eml_table_free(list);
  if (st)
    respond_internal(out, json, st);
  snprintf(t->title, sizeof t->title, "Machines du panel");
  return !st;
}

static const srv_view machines_view = {machines_make, NULL, "/imaging", 0};

/* The sheet of the machine named by the path's last segment. */
static int machine_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                        srv_response *out) {
  if (!imaging_ready(s, r, json, out))
    return 0;
  long at = eml_imaging_machine_find(s->imaging, r->segment);
  if (at < 0) {
    respond_error(out, json, 404, "no CT or MRI machine with this id in the panel",
                  "aucun scanner ni IRM de cet identifiant dans le panel");
    return 0;
  }
  /* the sheet, its heat map first on the page, its grid as the last table */
  const eml_imaging_heatmap *g = eml_imaging_activity_machine(s->imaging_activity, (size_t)at);
  const eml_imaging_inputs *in = s->imaging_inputs; /* with sites.csv: region and nation */
  eml_status st = eml_report_machine_sites(s->imaging, (size_t)at, g,
                                           in && in->has_sites ? &in->sites : NULL,
                                           json ? 0 : EML_REPORT_CHARTS, &t->report);
  if (st)
    respond_internal(out, json, st);
  snprintf(t->title, sizeof t->title, "Fiche machine %s", r->segment);
  t->machine = at;
  return !st;
}

static void machine_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  (void)t;
  srv_page_raw(p, "<p><a href=\"/imaging\">← Retour au panel</a></p>\n");
}

static const srv_view machine_view = {machine_make, machine_head, "/imaging", 0};

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
                          "pas une année de 1900 à 2200");
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
                  "aucune donnée de radiothérapie dans le magasin (voir eml rt import)");
  } else {
    if (!t->year)
      t->year = srv_hold_rt_year(hold);
    eml_rt_options opts;
    eml_rt_options_default(&opts);
    opts.rules = s->rt_rules; /* checks 15-16 from 2023 */
    eml_report_rt_args args = {.data = data, .year = t->year, .opts = &opts,
                               .parts = EML_REPORT_RT_REGIONAL | EML_REPORT_RT_CHECKS,
                               .centre = -1, .flags = json ? 0 : EML_REPORT_CHARTS};
    st = eml_report_rt(&args, &t->report);
    if (st)
      respond_internal(out, json, st);
    ok = !st;
  }
  srv_cache_release(s->cache, hold);
  snprintf(t->title, sizeof t->title, "Radiothérapie %d : centres et conformité", t->year);
  return ok;
}

static void rt_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  srv_page_year_form(p, t->year);
}

static const srv_view rt_view = {rt_make, rt_head, "/rt", 0};


/* ---- serving a view ------------------------------------------------------- */

/* The view's report as the JSON renderer writes it. */
static void serve_json(const srv_state *s, const srv_request *r, const srv_view *view,
                       srv_response *out) {
  srv_tables t;
  memset(&t, 0, sizeof t);
  if (view->make(s, r, 1, &t, out))
    respond_report_json(out, t.report);
  eml_report_free(t.report);
}

/* The view's page: title, head, the report through the HTML renderer (its
 * tables only for a view that says so), the link to the same data in JSON
 * (/api + the page's path). */
static void serve_page(const srv_state *s, const srv_request *r, const srv_view *view,
                       srv_response *out) {
  srv_tables t;
  memset(&t, 0, sizeof t);
  if (!view->make(s, r, 0, &t, out)) {
    eml_report_free(t.report);
    return;
  }
  srv_page p;
  srv_page_begin(&p, t.title, view->nav);
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
  eml_report_free(t.report);
  char api[SRV_URL_MAX] = "/api";
  const char *star = strchr(r->route, '*');
  size_t prefix = star ? (size_t)(star - r->route) : strlen(r->route);
  snprintf(api + 4, sizeof api - 4, "%.*s", (int)prefix, r->route);
  if (star)
    srv_url_encode(r->segment, api + strlen(api), sizeof api - strlen(api));
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
  srv_page_begin(&p, "Observatoire des équipements matériels lourds", "/");
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

static const srv_route routes[] = {
    {"GET", "/", h_index, NULL},
    {"GET", "/eml.js", h_script, NULL},
    {"GET", "/bilan", serve_page, &balance_view},
    {"GET", "/imaging", serve_page, &imaging_view},
    {"GET", "/imaging/machine/*", serve_page, &machine_view},
    {"GET", "/rt", serve_page, &rt_view},
    {"GET", "/api", h_api_index, NULL},
    {"GET", "/api/bilan", serve_json, &balance_view},
    {"GET", "/api/imaging", serve_json, &imaging_view},
    {"GET", "/api/imaging/machines", serve_json, &machines_view},
    {"GET", "/api/imaging/machine/*", serve_json, &machine_view},
    {"GET", "/api/rt", serve_json, &rt_view},
    {"GET", "/login", srv_auth_login_page, NULL},
    {"POST", "/login", srv_auth_login_post, NULL},
    {"GET", "/logout", srv_auth_logout_page, NULL},
    {"POST", "/logout", srv_auth_logout_post, NULL},
    {"GET", "/upload", srv_upload_page, NULL},
    {"POST", "/upload", srv_upload_post, NULL},
};

size_t srv_route_body_max(const char *method, const char *path) {
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
    if (strcmp(routes[i].method, method) == 0 && strcmp(method, "POST") == 0 &&
        strcmp(routes[i].pattern, path) == 0)
      return strcmp(path, "/upload") == 0 ? SRV_UPLOAD_MAX : SRV_FORM_MAX;
  return 0;
}

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
  if (!c || !route->view) {
    route->handler(s, r, route->view, out);
    return;
  }
  char key[SRV_URL_MAX + SRV_QUERY_MAX * (32 + SRV_VALUE_MAX + 2) + 1];
  r->has_stamp = srv_cache_version(c, &r->stamp) == EML_OK;
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
                  "hôte non autorisé (voir eml serve --allow-host)");
    return;
  }
  int get = strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0;
  if (req->has_body && get) { /* another method is refused (405) */
    respond_error(resp, json, 413, "a request body is not accepted",
                  "un corps de requête n'est pas accepté");
    return;
  }
  if (strlen(path) > SRV_URL_MAX) {
    respond_error(resp, json, 414, "path too long", "chemin trop long");
    return;
  }
  char decoded[SRV_URL_MAX + 1];
  int nul = req->nul_byte || srv_url_decode(path, decoded, sizeof decoded) > 0;
  if (nul) { /* refused, never cut (/bilan%00.html is no page) */
    respond_error(resp, json, 400, "NUL byte in the request", "octet nul dans la requête");
    return;
  }
  /* nothing is read from disk by path, but a traversal attempt is refused
   * as such rather than looked up, encoded or not */
  if (decoded[0] != '/' || strstr(decoded, "/..") || strstr(decoded, "//") ||
      strchr(decoded, '\\')) {
    respond_error(resp, json, 400, "malformed path", "chemin mal formé");
    return;
  }
  srv_request r = *req;
  int path_matched = 0;
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    if (!route_match(routes[i].pattern, path, r.segment, sizeof r.segment))
      continue;
    path_matched = 1;
    /* HEAD is GET without the body (the transport drops it) */
    if (strcmp(routes[i].method, req->method) == 0 ||
        (strcmp(req->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
      r.route = routes[i].pattern;
      if (!srv_auth_gate(state, &r, json, resp))
        return; /* a login asked, or refused */
      serve_view(state, &r, &routes[i], resp);
      return;
    }
  }
  if (path_matched)
    respond_error(resp, json, 405, "method not allowed (the dashboard is read-only)",
                  "méthode non autorisée (le tableau de bord est en lecture seule)");
  else
    respond_error(resp, json, 404, "no such page", "page inconnue");
}
