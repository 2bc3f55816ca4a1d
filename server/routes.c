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
 * same model. Read-only: the store is opened read-only for each request.
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

typedef void (*srv_handler)(const srv_state *s, const srv_request *r, srv_response *out);

typedef struct srv_route {
  const char *method;
  const char *pattern; /* "/imaging/machine/" then "*": one segment */
  srv_handler handler;
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
  if (srv_page_begin(&p, "Erreur", NULL) == EML_OK) {
    char code[64];
    snprintf(code, sizeof code, "<p class=\"error\">Erreur %d : ", status);
    srv_page_raw(&p, code);
    srv_page_text(&p, message);
    srv_page_raw(&p, "</p>\n");
  }
  srv_page_end(&p, out, status);
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

/* ---- balance (registry.md) ------------------------------------------------ */

typedef struct balance_query {
  char period[SRV_VALUE_MAX];
  eml_date at;
} balance_query;

static const char *const balance_params[] = {"period", "at", "modality", NULL};

/* Computes the balance tables asked for; 0 and a response on failure. */
static int balance_tables(const srv_state *s, const srv_request *r, int json,
                          eml_table ***tables, size_t *n, balance_query *q, srv_response *out) {
  char msg[1024];
  *tables = NULL;
  *n = 0;
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
    st = eml_balance_tables(&balance, tables, n);
  else if (st == EML_ERR_BALANCE) {
    diag_message(&d, st, msg, sizeof msg);
    respond_error(out, json, balance.nproblems ? 422 : 404, msg);
  }
  eml_balance_free(&balance);
  eml_register_free(&reg);
  if (st && st != EML_ERR_BALANCE)
    respond_error(out, json, 500, eml_strerror(st));
  return st == EML_OK;
}

static void free_tables(eml_table **tables, size_t n) {
  for (size_t i = 0; i < n; i++)
    eml_table_free(tables[i]);
  free(tables);
}

static void h_api_bilan(const srv_state *s, const srv_request *r, srv_response *out) {
  eml_table **tables;
  size_t n;
  balance_query q;
  if (balance_tables(s, r, 1, &tables, &n, &q, out))
    respond_tables_json(out, tables, n);
  free_tables(tables, n);
}

static void h_bilan(const srv_state *s, const srv_request *r, srv_response *out) {
  eml_table **tables;
  size_t n;
  balance_query q;
  if (!balance_tables(s, r, 0, &tables, &n, &q, out))
    return;
  srv_page p;
  char at[16];
  eml_date_format(q.at, at, sizeof at);
  eml_status st = srv_page_begin(&p, "Bilan des OQOS", "/bilan");
  if (!st)
    st = srv_page_balance_form(&p, q.period, at);
  if (!st)
    st = eml_render_html_tables(tables, n, eml_write_file, p.f);
  free_tables(tables, n);
  srv_page_api_link(&p, "/api/bilan", r);
  srv_page_end(&p, out, st ? 500 : 200);
}

/* ---- imaging (imaging.md) ------------------------------------------------- */

static const char *const no_params[] = {NULL};

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
  if (!t)
    return EML_ERR_NOMEM;
  eml_status st = eml_table_add_column(t, NULL, "Équipement", "equipment_id");
  if (!st)
    st = eml_table_add_column(t, NULL, "FINESS", "finess");
  if (!st)
    st = eml_table_add_column(t, NULL, "Modalité", "modality");
  if (!st)
    st = eml_table_add_column(t, NULL, "Examens", "exams");
  for (size_t k = 0; k < MACHINE_LIST_INDICATORS && !st; k++) {
    const eml_imaging_indicator_info *info = eml_imaging_indicator_get(machine_list_indicators[k]);
    char name[160];
    snprintf(name, sizeof name, info->unit[0] ? "%s (%s)" : "%s", info->label, info->unit);
    st = eml_table_add_column(t, NULL, name, info->key);
  }
  if (!st)
    st = eml_table_add_column(t, NULL, "Retenue (occupation, ICR)", "included");
  size_t n = eml_imaging_machine_count(res);
  for (size_t i = 0; i < n && !st; i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(res, i);
    size_t row, col = 0;
    st = eml_table_add_row(t, &row);
    if (!st)
      st = eml_table_set_text(t, row, col++, m->equipment_id);
    if (!st)
      st = eml_table_set_text(t, row, col++, m->finess);
    if (!st)
      st = eml_table_set_text(t, row, col++, eml_imaging_modality_code(m->modality));
    if (!st)
      st = eml_table_set_int(t, row, col++, m->exams, 0);
    for (size_t k = 0; k < MACHINE_LIST_INDICATORS && !st; k++, col++) {
      const eml_imaging_indicator_info *info =
          eml_imaging_indicator_get(machine_list_indicators[k]);
      double v = eml_imaging_machine_value(m, machine_list_indicators[k]);
      if (isfinite(v)) /* an indicator without meaning stays empty */
        st = eml_table_set_real(t, row, col, v, info->decimals,
                                info->percent ? EML_CELL_PERCENT : 0);
    }
    if (!st)
      st = eml_table_set_text(t, row, col, m->included ? "OUI" : "NON");
  }
  if (!st) {
    char note[256];
    char from[16], to[16];
    eml_date_format(eml_imaging_result_from(res), from, sizeof from);
    eml_date_format(eml_imaging_result_to(res) - 1, to, sizeof to);
    snprintf(note, sizeof note, "Campagne du %s au %s ; valeurs par semaine de campagne.", from,
             to);
    st = eml_table_add_note(t, note);
  }
  if (st) {
    eml_table_free(t);
    return st;
  }
  *out = t;
  return EML_OK;
}

static void h_api_imaging(const srv_state *s, const srv_request *r, srv_response *out) {
  if (!imaging_ready(s, r, 1, out))
    return;
  eml_table **tables = NULL;
  size_t n = 0;
  eml_status st = eml_imaging_summary_tables(s->imaging, &tables, &n);
  if (st)
    respond_error(out, 1, 500, eml_strerror(st));
  else
    respond_tables_json(out, tables, n);
  eml_imaging_tables_free(tables, n);
}

static void h_api_machines(const srv_state *s, const srv_request *r, srv_response *out) {
  if (!imaging_ready(s, r, 1, out))
    return;
  eml_table *t = NULL;
  eml_status st = machine_list_table(s->imaging, &t);
  if (st)
    respond_error(out, 1, 500, eml_strerror(st));
  else
    respond_tables_json(out, &t, 1);
  eml_table_free(t);
}

static void h_imaging(const srv_state *s, const srv_request *r, srv_response *out) {
  if (!imaging_ready(s, r, 0, out))
    return;
  eml_table *list = NULL;
  eml_table **tables = NULL;
  size_t n = 0;
  srv_page p;
  eml_status st = machine_list_table(s->imaging, &list);
  if (!st)
    st = eml_imaging_summary_tables(s->imaging, &tables, &n);
  if (!st)
    st = srv_page_begin(&p, "Imagerie : panel des scanners et IRM", "/imaging");
  else
    p.f = NULL;
  if (!st)
    st = srv_page_machine_list(&p, list, "/imaging/machine/");
  if (!st)
    st = srv_page_raw(&p, "<h2>Synthèse nationale</h2>\n");
  if (!st)
    st = eml_render_html_tables(tables, n, eml_write_file, p.f);
  eml_table_free(list);
  eml_imaging_tables_free(tables, n);
  if (!p.f) {
    respond_error(out, 0, 500, eml_strerror(st));
    return;
  }
  srv_page_api_link(&p, "/api/imaging", r);
  srv_page_api_link(&p, "/api/imaging/machines", r);
  srv_page_end(&p, out, st ? 500 : 200);
}

/* The machine named by the path's last segment; -1 and a 404 when none. */
static long machine_of_path(const srv_state *s, const srv_request *r, int json,
                            srv_response *out) {
  if (!imaging_ready(s, r, json, out))
    return -1;
  long at = eml_imaging_machine_find(s->imaging, r->segment);
  if (at < 0)
    respond_error(out, json, 404, "no CT or MRI machine with this id in the panel");
  return at;
}

static void h_api_machine(const srv_state *s, const srv_request *r, srv_response *out) {
  long at = machine_of_path(s, r, 1, out);
  if (at < 0)
    return;
  eml_table **tables = NULL;
  size_t n = 0;
  eml_status st = eml_imaging_machine_tables(s->imaging, (size_t)at, &tables, &n);
  if (st)
    respond_error(out, 1, 500, eml_strerror(st));
  else
    respond_tables_json(out, tables, n);
  eml_imaging_tables_free(tables, n);
}

static void h_machine(const srv_state *s, const srv_request *r, srv_response *out) {
  long at = machine_of_path(s, r, 0, out);
  if (at < 0)
    return;
  eml_table **tables = NULL;
  size_t n = 0;
  srv_page p;
  eml_status st = eml_imaging_machine_tables(s->imaging, (size_t)at, &tables, &n);
  if (st) {
    respond_error(out, 0, 500, eml_strerror(st));
    return;
  }
  char title[SRV_VALUE_MAX + 32];
  snprintf(title, sizeof title, "Fiche machine %s", r->segment);
  st = srv_page_begin(&p, title, "/imaging");
  if (!st)
    st = srv_page_raw(&p, "<p><a href=\"/imaging\">← Retour au panel</a></p>\n");
  if (!st)
    st = eml_render_html_tables(tables, n, eml_write_file, p.f);
  eml_imaging_tables_free(tables, n);
  char api[SRV_VALUE_MAX * 3 + 32] = "/api/imaging/machine/";
  srv_url_encode(r->segment, api + strlen(api), sizeof api - strlen(api));
  srv_page_api_link(&p, api, r);
  srv_page_end(&p, out, st ? 500 : 200);
}

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
static int rt_tables(const srv_state *s, const srv_request *r, int json, eml_table ***tables,
                     size_t *n, int *year, srv_response *out) {
  static const unsigned char no_key[EML_RT_KEY_BYTES]; /* stored data holds pseudonyms */
  char msg[1024];
  *tables = NULL;
  *n = 0;
  if (!query_check(r, rt_params, json, out))
    return 0;
  *year = s->year;
  const char *y = query_get(r, "year");
  if (y) {
    char *end;
    errno = 0;
    long v = strtol(y, &end, 10);
    if (errno || *end || end == y || v < 1900 || v > 2200) {
      respond_error(out, json, 400, "parameter 'year': not a year between 1900 and 2200");
      return 0;
    }
    *year = (int)v;
  }
  eml_rt_data *data = eml_rt_data_new(no_key);
  if (!data) {
    respond_error(out, json, 500, "out of memory");
    return 0;
  }
  eml_diag d;
  eml_diag_clear(&d);
  eml_store *store = NULL;
  eml_status st = eml_store_open(s->db, EML_STORE_READ_ONLY, &store, &d);
  if (!st)
    st = eml_store_rt_load(store, data, &d);
  eml_store_close(store);
  int ok = 0;
  if (st) {
    diag_message(&d, st, msg, sizeof msg);
    respond_error(out, json, 503, msg);
  } else if (!data->n_centres) {
    respond_error(out, json, 404, "no radiotherapy data stored (see 'eml rt import')");
  } else {
    if (!*year)
      *year = main_year(data);
    eml_rt_options opts;
    eml_rt_options_default(&opts);
    eml_rt_activity *activity = NULL;
    eml_table **report = NULL, **checks = NULL;
    size_t nreport = 0, nchecks = 0;
    st = eml_rt_activity_compute(data, *year, &opts, &activity);
    if (!st)
      st = eml_rt_tables_report(data, activity, &opts, &report, &nreport);
    if (!st)
      st = eml_rt_tables_check(data, activity, -1, &opts, &checks, &nchecks);
    eml_table **all = st ? NULL : malloc((nreport + nchecks + 1) * sizeof *all);
    if (all) { /* the report, then each centre's checklist */
      memcpy(all, report, nreport * sizeof *all);
      memcpy(all + nreport, checks, nchecks * sizeof *all);
      *tables = all;
      *n = nreport + nchecks;
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
  return ok;
}

static void h_api_rt(const srv_state *s, const srv_request *r, srv_response *out) {
  eml_table **tables;
  size_t n;
  int year;
  if (rt_tables(s, r, 1, &tables, &n, &year, out))
    respond_tables_json(out, tables, n);
  eml_rt_tables_free(tables, n);
}

static void h_rt(const srv_state *s, const srv_request *r, srv_response *out) {
  eml_table **tables;
  size_t n;
  int year;
  if (!rt_tables(s, r, 0, &tables, &n, &year, out))
    return;
  char title[64];
  snprintf(title, sizeof title, "Radiothérapie %d : centres et conformité", year);
  srv_page p;
  eml_status st = srv_page_begin(&p, title, "/rt");
  if (!st)
    st = srv_page_year_form(&p, year);
  if (!st)
    st = eml_render_html_tables(tables, n, eml_write_file, p.f);
  eml_rt_tables_free(tables, n);
  srv_page_api_link(&p, "/api/rt", r);
  srv_page_end(&p, out, st ? 500 : 200);
}

/* ---- index ------------------------------------------------------------------ */

static void h_index(const srv_state *s, const srv_request *r, srv_response *out) {
  if (!query_check(r, no_params, 0, out))
    return;
  srv_page p;
  eml_status st = srv_page_begin(&p, "Observatoire des équipements matériels lourds", "/");
  if (!st)
    st = srv_page_index(&p, s);
  srv_page_end(&p, out, st ? 500 : 200);
}

static void h_api_index(const srv_state *s, const srv_request *r, srv_response *out) {
  (void)s;
  if (!query_check(r, no_params, 1, out))
    return;
  respond_json(out, 200,
               json_pack("{s:[s,s,s,s,s]}", "endpoints", "/api/bilan", "/api/imaging",
                         "/api/imaging/machines", "/api/imaging/machine/{equipment_id}",
                         "/api/rt"));
}

/* ---- the route table ---------------------------------------------------- */

static const srv_route routes[] = {
    {"GET", "/", h_index},
    {"GET", "/bilan", h_bilan},
    {"GET", "/imaging", h_imaging},
    {"GET", "/imaging/machine/*", h_machine},
    {"GET", "/rt", h_rt},
    {"GET", "/api", h_api_index},
    {"GET", "/api/bilan", h_api_bilan},
    {"GET", "/api/imaging", h_api_imaging},
    {"GET", "/api/imaging/machines", h_api_machines},
    {"GET", "/api/imaging/machine/*", h_api_machine},
    {"GET", "/api/rt", h_api_rt},
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
      routes[i].handler(state, &r, resp);
      return;
    }
  }
  if (path_matched)
    respond_error(resp, json, 405, "method not allowed (the dashboard is read-only)");
  else
    respond_error(resp, json, 404, "no such page");
}
