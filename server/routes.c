/*
 * routes.c — the route table of `eml serve` and its handlers (one row per
 * route: {method, path pattern, handler}; a '*' in a pattern matches one
 * path segment). Every page and every JSON document is built from libeml's
 * tables — the balance (eml_balance_tables, registry.md), the imaging panel
 * (eml_imaging_summary_tables and eml_imaging_machine_tables, imaging.md),
 * radiotherapy (eml_rt_tables_report and eml_rt_tables_check,
 * radiotherapy.md) — so the numbers are the command line's: HTML through
 * the HTML renderer (eml_render_html_tables, eml_html_escape), JSON through
 * the JSON renderer (jansson), exactly what `eml ... --format json` prints.
 * The one table made here, the list of imaging machines, is a table of the
 * same model. A machine's sheet adds its activity grid (eml_imaging_heatmap_table
 * from the activity computed at start) and, on the page, the same grid as
 * an inline SVG heat map (eml_chart_heat_svg). Read-only: the store is opened read-only for each request.
 * Errors are 4xx/5xx with a message (HTML page, or {"error", "status"}).
 */
#include "server.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"

/* The tables one request asks for, and what its page shows around them. */
typedef struct srv_tables {
  eml_table **tables;
  size_t n;
  char title[SRV_VALUE_MAX + 64]; /* the page's title */
  char period[SRV_VALUE_MAX];     /* balance: the period and date shown */
  eml_date at;
  int year; /* radiotherapy: the year shown */
  eml_chart *map;          /* balance page: the map shown, or NULL */
  int map_modality;        /* its modality */
  unsigned map_available;  /* bit m: modality m has targets in the period */
  long machine; /* imaging machine sheet: the machine's index */
} srv_tables;

/* A view: one area's tables, served as JSON under /api and as a page. make
 * fills t (or answers an error and returns 0); head writes what the page
 * shows above the tables (a form, a list), or is NULL. */
typedef struct srv_view {
  int (*make)(const srv_state *s, const srv_request *r, int json, srv_tables *t,
              srv_response *out);
  eml_status (*head)(srv_page *p, const srv_state *s, const srv_tables *t);
  const char *nav; /* navigation entry of the page */
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

static void respond_json(srv_response *out, int status, json_t *doc) {
  out->status = status;
  out->content_type = "application/json; charset=utf-8";
  out->body = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) : NULL;
  json_decref(doc);
  if (!out->body) {
    out->status = 500;
    out->content_type = "text/plain; charset=utf-8";
    out->body = strdup("out of memory\n");
  }
  out->len = out->body ? strlen(out->body) : 0;
}

/* An error: {"error": message, "status": N} for the API, a page otherwise. */
static void respond_error(srv_response *out, int json, int status, const char *message) {
  if (json) {
    respond_json(out, status, json_pack("{s:s, s:i}", "error", message, "status", status));
    return;
  }
  srv_page p;
  eml_status st = srv_page_begin(&p, "Erreur", NULL);
  char code[64];
  snprintf(code, sizeof code, "<p class=\"error\">Erreur %d : ", status);
  if (!st)
    st = srv_page_raw(&p, code);
  if (!st)
    st = srv_page_text(&p, message);
  if (!st)
    st = srv_page_raw(&p, "</p>\n");
  srv_page_end(&p, out, st ? 500 : status); /* a page cut short is answered 500 */
}

/* The tables as the JSON renderer writes them (the CLI's --format json). */
static void respond_tables_json(srv_response *out, eml_table *const *tables, size_t n) {
  char *body = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&body, &len);
  eml_status st = f ? eml_render_tables(EML_FORMAT_JSON, tables, n, eml_write_file, f)
                    : EML_ERR_NOMEM;
  if (f && fclose(f) != 0 && !st)
    st = EML_ERR_NOMEM;
  if (st) {
    free(body);
    respond_error(out, 1, 500, eml_strerror(st));
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
  char msg[256];
  if (r->query_overflow) {
    respond_error(out, json, 400, "too many or too long query parameters");
    return 0;
  }
  for (size_t i = 0; i < r->nquery; i++) {
    int known = 0;
    for (const char *const *a = allowed; *a && !known; a++)
      known = strcmp(*a, r->query[i].name) == 0;
    for (size_t j = 0; j < i && known; j++)
      if (strcmp(r->query[j].name, r->query[i].name) == 0) {
        snprintf(msg, sizeof msg, "query parameter '%s' given twice", r->query[i].name);
        respond_error(out, json, 400, msg);
        return 0;
      }
    if (!known) {
      snprintf(msg, sizeof msg, "unknown query parameter '%s'", r->query[i].name);
      respond_error(out, json, 400, msg);
      return 0;
    }
  }
  return 1;
}

/* A diag as one line, for a response; the library's messages about an
 * option ("--period") are about the query parameter of the same name. */
static void diag_message(const eml_diag *d, eml_status st, char *buf, size_t size) {
  if (d->message[0] && strncmp(d->field, "--", 2) == 0)
    snprintf(buf, size, "parameter '%s': %s%s%s%s", d->field + 2, d->message,
             d->has_value ? " (value '" : "", d->has_value ? d->value : "",
             d->has_value ? "')" : "");
  else if (d->message[0])
    eml_diag_format(d, buf, size);
  else
    snprintf(buf, size, "%s", eml_strerror(st));
}

static const char *const balance_params[] = {"period", "at", "modality", NULL};

/* The balance asked for (period, at, modality). */
static int balance_make(const srv_state *s, const srv_request *r, int json, srv_tables *q,
                        srv_response *out) {
  char msg[1024];
  if (!query_check(r, balance_params, json, out))
    return 0;
  q->at = s->at;
  const char *at = query_get(r, "at");
  if (at && eml_date_parse(at, strlen(at), &q->at)) {
    respond_error(out, json, 400, "parameter 'at': not a date (YYYY-MM-DD or DD/MM/YYYY)");
    return 0;
  }
  int modality = -1;
  const char *mod = query_get(r, "modality");
  if (mod) {
    eml_modality m;
    if (eml_modality_parse(mod, strlen(mod), &m)) {
      respond_error(out, json, 400, "parameter 'modality': unknown modality (CT, MRI, GAMMA, "
                                    "PET, OHB, CYCLOTRON, LINAC, COBALT)");
      return 0;
    }
    modality = (int)m;
  }
  eml_diag d;
  eml_diag_clear(&d);
  eml_store *store = NULL;
  eml_register reg;
  memset(&reg, 0, sizeof reg);
  eml_status st = eml_store_open(s->db, EML_STORE_READ_ONLY, &store, &d);
  if (!st)
    st = eml_store_load_register(store, &reg, &d);
  eml_store_close(store);
  if (st) {
    diag_message(&d, st, msg, sizeof msg);
    respond_error(out, json, 503, msg);
    return 0;
  }
  eml_register_sort(&reg);
  const char *period = query_get(r, "period");
  if (!period)
    period = s->period;
  if (!period && reg.ntargets > 0) /* the first period of the targets */
    for (size_t i = 0; i < reg.ntargets; i++)
      if (!period || strcmp(reg.targets[i].period, period) < 0)
        period = reg.targets[i].period;
  snprintf(q->period, sizeof q->period, "%s", period ? period : "");
  eml_balance balance;
  memset(&balance, 0, sizeof balance);
  st = eml_balance_compute(&reg, q->period, q->at, modality, &balance, &d);
  if (!st)
    st = eml_balance_tables(&balance, &q->tables, &q->n);
  if (!st && !json && s->outlines && balance.ntables) { /* the map of the modality asked, or the first */
    for (size_t i = 0; i < reg.ntargets; i++)
      if (strcmp(reg.targets[i].period, q->period) == 0)
        q->map_available |= 1u << reg.targets[i].modality;
    q->map_modality = (int)balance.tables[0].modality;
    st = eml_balance_map(&balance.tables[0], &reg, s->outlines, s->outlines_credit, &q->map);
  }
  else if (st == EML_ERR_BALANCE) {
    diag_message(&d, st, msg, sizeof msg);
    respond_error(out, json, balance.nproblems ? 422 : 404, msg);
  }
  eml_balance_free(&balance);
  eml_register_free(&reg);
  if (st && st != EML_ERR_BALANCE)
    respond_error(out, json, 500, eml_strerror(st));
  snprintf(q->title, sizeof q->title, "Bilan des OQOS");
  return st == EML_OK;
}

static eml_status balance_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  char at[16];
  eml_date_format(t->at, at, sizeof at);
  eml_status st = srv_page_balance_form(p, t->period, at);
  if (!st && t->map)
    st = srv_page_balance_map(p, t->map, t->map_modality, t->map_available, t->period, at);
  return st;
}

static const srv_view balance_view = {balance_make, balance_head, "/bilan"};


/* ---- imaging (imaging.md) ------------------------------------------------- */

static const char *const no_params[] = {NULL};

/* The campaign is loaded and the request has no parameter. */
static int imaging_ready(const srv_state *s, const srv_request *r, int json,
                         srv_response *out) {
  if (!query_check(r, no_params, json, out))
    return 0;
  if (!s->imaging) {
    respond_error(out, json, 404, "no imaging data (start eml serve with --imaging-dir DIR)");
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

static int imaging_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                        srv_response *out) {
  if (!imaging_ready(s, r, json, out))
    return 0;
  eml_status st = eml_imaging_summary_tables(s->imaging, &t->tables, &t->n);
  if (st)
    respond_error(out, json, 500, eml_strerror(st));
  snprintf(t->title, sizeof t->title, "Imagerie : panel des scanners et IRM");
  return !st;
}

/* Above the summary: the list of machines, filterable and sortable. */
static eml_status imaging_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)t;
  eml_table *list = NULL;
  eml_status st = machine_list_table(s->imaging, &list);
  if (!st)
    st = srv_page_machine_list(p, list, "/imaging/machine/");
  eml_table_free(list);
  return st ? st : srv_page_raw(p, "<h2>Synthèse nationale</h2>\n");
}

static const srv_view imaging_view = {imaging_make, imaging_head, "/imaging"};

static int machines_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                         srv_response *out) {
  if (!imaging_ready(s, r, json, out))
    return 0;
  eml_status st = EML_ERR_NOMEM;
  if ((t->tables = calloc(1, sizeof *t->tables)) != NULL)
    st = machine_list_table(s->imaging, &t->tables[0]);
  if (st)
    respond_error(out, json, 500, eml_strerror(st));
  else
    t->n = 1;
  snprintf(t->title, sizeof t->title, "Machines du panel");
  return !st;
}

static const srv_view machines_view = {machines_make, NULL, "/imaging"};

/* The sheet of the machine named by the path's last segment. */
static int machine_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                        srv_response *out) {
  if (!imaging_ready(s, r, json, out))
    return 0;
  long at = eml_imaging_machine_find(s->imaging, r->segment);
  if (at < 0) {
    respond_error(out, json, 404, "no CT or MRI machine with this id in the panel");
    return 0;
  }
  eml_status st = eml_imaging_machine_tables(s->imaging, (size_t)at, &t->tables, &t->n);
  /* the sheet's last table: the activity by hour and weekday (heatmap.c) */
  const eml_imaging_heatmap *g = eml_imaging_activity_machine(s->imaging_activity, (size_t)at);
  eml_table **more = st || !g ? NULL : realloc(t->tables, (t->n + 1) * sizeof *more);
  if (!st && g && !more)
    st = EML_ERR_NOMEM;
  if (more) {
    t->tables = more;
    if (!(st = eml_imaging_heatmap_table(g, &t->tables[t->n])))
      t->n++;
  }
  if (st)
    respond_error(out, json, 500, eml_strerror(st));
  snprintf(t->title, sizeof t->title, "Fiche machine %s", r->segment);
  t->machine = at;
  return !st;
}

/* Heat map size on the page (user units of the SVG, scaled to the width). */
#define MACHINE_HEAT_W 760.0
#define MACHINE_HEAT_H 300.0

static eml_status machine_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  eml_status st = srv_page_raw(p, "<p><a href=\"/imaging\">← Retour au panel</a></p>\n");
  const eml_imaging_heatmap *g =
      eml_imaging_activity_machine(s->imaging_activity, (size_t)t->machine);
  if (st || !g)
    return st;
  eml_chart *chart = NULL;
  st = eml_imaging_heatmap_chart(g, NULL, &chart);
  if (!st)
    st = srv_page_raw(p, "<figure class=\"heat\">\n");
  if (!st)
    st = eml_chart_heat_svg(chart, MACHINE_HEAT_W, MACHINE_HEAT_H, eml_write_file, p->f);
  if (!st)
    st = srv_page_raw(p, "<figcaption>Part de chaque heure (heure locale) occupée par des "
                         "examens, moyenne sur les jours de la campagne ; survoler une case "
                         "pour sa valeur. Les valeurs sont dans le dernier tableau.</figcaption>\n"
                         "</figure>\n");
  eml_chart_free(chart);
  return st;
}

static const srv_view machine_view = {machine_make, machine_head, "/imaging"};

/* ---- radiotherapy (radiotherapy.md) --------------------------------------- */

static const char *const rt_params[] = {"year", NULL};

/* The default year: the one with the most stored passages (a generated or
 * exported year often spills a few passages into the next one, which is
 * not the year meant); the latest of equals; 0 when no passage. */
static int main_year(const eml_rt_data *data) {
  enum { YEARS_MAX = 64 };
  int years[YEARS_MAX];
  long counts[YEARS_MAX];
  size_t n = 0;
  for (size_t i = 0; i < data->n_sessions; i++) {
    int y, m, d;
    eml_date_to_civil(eml_paris_date(data->sessions[i].start), &y, &m, &d);
    size_t k = 0;
    while (k < n && years[k] != y)
      k++;
    if (k == n) {
      if (n == YEARS_MAX)
        continue; /* beyond 64 distinct years: not counted */
      years[n] = y;
      counts[n++] = 0;
    }
    counts[k]++;
  }
  int best = 0;
  long best_count = 0;
  for (size_t k = 0; k < n; k++)
    if (counts[k] > best_count || (counts[k] == best_count && years[k] > best)) {
      best = years[k];
      best_count = counts[k];
    }
  return best;
}

/* Report and checklist tables of the year asked; 0 and a response on
 * failure. */
static int rt_make(const srv_state *s, const srv_request *r, int json, srv_tables *t,
                   srv_response *out) {
  static const unsigned char no_key[EML_RT_KEY_BYTES]; /* stored data holds pseudonyms */
  char msg[1024];
  if (!query_check(r, rt_params, json, out))
    return 0;
  t->year = s->year;
  const char *y = query_get(r, "year");
  if (y) {
    char *end;
    errno = 0;
    long v = strtol(y, &end, 10);
    if (errno || *end || end == y || v < 1900 || v > 2200) {
      respond_error(out, json, 400, "parameter 'year': not a year between 1900 and 2200");
      return 0;
    }
    t->year = (int)v;
  }
  eml_rt_data *data = eml_rt_data_new(no_key);
  if (!data) {
    respond_error(out, json, 500, "out of memory");
    return 0;
  }
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_rt_read(s->db, data, &d);
  int ok = 0;
  if (st) {
    diag_message(&d, st, msg, sizeof msg);
    respond_error(out, json, 503, msg);
  } else if (!data->n_centres) {
    respond_error(out, json, 404, "no radiotherapy data stored (see 'eml rt import')");
  } else {
    if (!t->year)
      t->year = main_year(data);
    eml_rt_options opts;
    eml_rt_options_default(&opts);
    eml_rt_activity *activity = NULL;
    eml_table **report = NULL, **checks = NULL;
    size_t nreport = 0, nchecks = 0;
    st = eml_rt_activity_compute(data, t->year, &opts, &activity);
    if (!st)
      st = eml_rt_tables_report(data, activity, &opts, &report, &nreport);
    if (!st)
      st = eml_rt_tables_check(data, activity, -1, &opts, &checks, &nchecks);
    eml_table **all = st ? NULL : malloc((nreport + nchecks + 1) * sizeof *all);
    if (all) { /* the report, then each centre's checklist */
      memcpy(all, report, nreport * sizeof *all);
      memcpy(all + nreport, checks, nchecks * sizeof *all);
      t->tables = all;
      t->n = nreport + nchecks;
      free(report);
      free(checks);
      ok = 1;
    } else {
      eml_rt_tables_free(report, nreport);
      eml_rt_tables_free(checks, nchecks);
      respond_error(out, json, 500, eml_strerror(st ? st : EML_ERR_NOMEM));
    }
    eml_rt_activity_free(activity);
  }
  eml_rt_data_free(data);
  snprintf(t->title, sizeof t->title, "Radiothérapie %d : centres et conformité", t->year);
  return ok;
}

static eml_status rt_head(srv_page *p, const srv_state *s, const srv_tables *t) {
  (void)s;
  return srv_page_year_form(p, t->year);
}

static const srv_view rt_view = {rt_make, rt_head, "/rt"};


/* ---- serving a view ------------------------------------------------------- */

static void free_tables(srv_tables *t) {
  for (size_t i = 0; i < t->n; i++)
    eml_table_free(t->tables[i]);
  free(t->tables);
  eml_chart_free(t->map);
}

/* The view's tables as the JSON renderer writes them. */
static void serve_json(const srv_state *s, const srv_request *r, const srv_view *view,
                       srv_response *out) {
  srv_tables t;
  memset(&t, 0, sizeof t);
  if (view->make(s, r, 1, &t, out))
    respond_tables_json(out, t.tables, t.n);
  free_tables(&t);
}

/* The view's page: title, head, the tables through the HTML renderer, the
 * link to the same data in JSON (/api + the page's path). */
static void serve_page(const srv_state *s, const srv_request *r, const srv_view *view,
                       srv_response *out) {
  srv_tables t;
  memset(&t, 0, sizeof t);
  if (!view->make(s, r, 0, &t, out)) {
    free_tables(&t);
    return;
  }
  srv_page p;
  eml_status st = srv_page_begin(&p, t.title, view->nav);
  if (!st && view->head)
    st = view->head(&p, s, &t);
  if (!st)
    st = eml_render_html_tables(t.tables, t.n, eml_write_file, p.f);
  free_tables(&t);
  char api[SRV_URL_MAX] = "/api";
  const char *star = strchr(r->route, '*');
  size_t prefix = star ? (size_t)(star - r->route) : strlen(r->route);
  snprintf(api + 4, sizeof api - 4, "%.*s", (int)prefix, r->route);
  if (star)
    srv_url_encode(r->segment, api + strlen(api), sizeof api - strlen(api));
  if (!st)
    st = srv_page_api_link(&p, api, r);
  srv_page_end(&p, out, st ? 500 : 200);
}

/* ---- index ------------------------------------------------------------------ */

static void h_index(const srv_state *s, const srv_request *r, const srv_view *view,
                    srv_response *out) {
  (void)view;
  if (!query_check(r, no_params, 0, out))
    return;
  srv_page p;
  eml_status st = srv_page_begin(&p, "Observatoire des équipements matériels lourds", "/");
  if (!st)
    st = srv_page_index(&p, s);
  srv_page_end(&p, out, st ? 500 : 200);
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

/* ---- the route table ---------------------------------------------------- */

static const srv_route routes[] = {
    {"GET", "/", h_index, NULL},
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
};

/* Matches path against pattern; the segment matched by '*' goes to
 * segment (which must not be empty). */
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
  memcpy(segment, seg, len);
  segment[len] = '\0';
  return 1;
}

void srv_handle(const srv_state *state, const srv_request *req, srv_response *resp) {
  memset(resp, 0, sizeof *resp);
  const char *path = req->path;
  int json = strncmp(path, "/api", 4) == 0 && (path[4] == '\0' || path[4] == '/');
  if (strlen(path) > SRV_URL_MAX) {
    respond_error(resp, json, 414, "path too long");
    return;
  }
  /* nothing is read from disk by path, but a traversal attempt is refused
   * as such rather than looked up */
  if (path[0] != '/' || strstr(path, "/..") || strstr(path, "//") || strchr(path, '\\')) {
    respond_error(resp, json, 400, "malformed path");
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
      routes[i].handler(state, &r, routes[i].view, resp);
      return;
    }
  }
  if (path_matched)
    respond_error(resp, json, 405, "method not allowed (the dashboard is read-only)");
  else
    respond_error(resp, json, 404, "no such page");
}
