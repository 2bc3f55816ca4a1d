/*
 * requests.c — reading and judging applications (eml/requests.h states the
 * rules; registry.md "Applications").
 *
 * The verdict text lists every rule with its figures, in French as the
 * agency writes it: "appareils : 25 + 1 ≤ 26 respecté ; implantations :
 * 19 + 1 > 19 dépassé".
 */
#include "register_rows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const eml_column_spec request_columns[] = {
    {"request_id", 1, EML_COL_TEXT, NULL},   {"finess", 1, EML_COL_FINESS, NULL},
    {"territory", 0, EML_COL_TEXT, NULL},    {"modality", 1, EML_COL_CODE, NULL},
    {"devices", 0, EML_COL_INT, NULL},       {"interventional", 0, EML_COL_BOOL, NULL},
    {"kind", 1, EML_COL_CODE, NULL},         {"filed_on", 0, EML_COL_DATE, NULL},
    {NULL, 0, 0, NULL}};

static const struct {
  const char *words; /* accepted spellings, '|'-separated */
  const char *label; /* French label shown */
} kinds[] = {
    [EML_REQUEST_CREATION] = {"creation|création", "création"},
    [EML_REQUEST_EXTENSION] = {"extension", "extension"},
    [EML_REQUEST_RENEWAL] = {"renewal|renouvellement", "renouvellement"},
    [EML_REQUEST_REPLACEMENT] = {"replacement|remplacement", "remplacement"},
};

static int parse_kind(const char *s, size_t len, eml_request_kind *out) {
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    const char *w = kinds[k].words;
    while (*w) {
      const char *bar = strchr(w, '|');
      size_t wl = bar ? (size_t)(bar - w) : strlen(w);
      if (wl == len && strncasecmp(w, s, len) == 0) {
        *out = (eml_request_kind)k;
        return 1;
      }
      w += wl + (bar ? 1 : 0);
    }
  }
  return 0;
}

static eml_status read_row(const eml_row *r, const eml_known_territories *known, eml_request *q,
                           eml_diag *diag) {
  eml_status st;
  int has_devices;
  size_t len;
  memset(q, 0, sizeof *q);
  q->line = eml_csv_line(r->csv);
  if ((st = eml_row_text(r, 0, q->id, sizeof q->id, diag)) ||
      (st = eml_row_finess(r, 1, q->finess, diag)) ||
      (st = eml_row_territory(r, 2, known, q->territory, diag)) ||
      (st = eml_row_modality(r, 3, &q->modality, diag)) ||
      (st = eml_row_count(r, 4, &has_devices, &q->devices, diag)) ||
      (st = eml_row_bool(r, 5, &q->interventional, diag)) ||
      (st = eml_row_date(r, 7, &q->has_filed_on, &q->filed_on, diag)))
    return st;
  if (!has_devices)
    q->devices = 1;
  else if (q->devices < 1)
    return eml_row_bad(r, 4, diag, "an application is for at least one device");
  const char *k = eml_row_field(r, 6, &len);
  if (!parse_kind(k, len, &q->kind))
    return eml_row_bad(r, 6, diag,
                       "unknown kind (expected creation, extension, renewal or replacement)");
  return EML_OK;
}

/* The applications read so far, and the caller's hooks. */
typedef struct requests_reading {
  eml_known_territories known;
  eml_request *list;
  size_t n, cap;
  long bad_rows;
  const eml_read_hooks *hooks;
} requests_reading;

static eml_status request_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  requests_reading *g = ctx;
  (void)skipped;
  void *grown = g->list;
  eml_status st = eml_grow(&grown, &g->cap, g->n + 1, sizeof *g->list);
  g->list = grown;
  if (st)
    return st;
  st = read_row(r, &g->known, &g->list[g->n], diag);
  for (size_t i = 0; !st && i < g->n; i++)
    if (strcmp(g->list[i].id, g->list[g->n].id) == 0)
      st = eml_row_duplicate(r, 0, diag, "application identifier");
  if (!st)
    g->n++;
  return st;
}

/* Every bad row is counted and told to the caller; the reading goes on. */
static void bad_request(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  requests_reading *g = ctx;
  g->bad_rows++;
  eml_hooks_reject(g->hooks, why, raw, raw_len);
}

static void request_warning(void *ctx, const char *file, const char *message) {
  eml_hooks_warn(((requests_reading *)ctx)->hooks, file, message);
}

eml_status eml_requests_read(const char *path, const eml_csv_options *csv, const eml_register *reg,
                             const eml_read_hooks *hooks, eml_request **out, size_t *count,
                             eml_diag *diag) {
  *out = NULL;
  *count = 0;
  requests_reading g = {{NULL, reg}, NULL, 0, 0, 0, hooks};
  eml_row r = {.columns = request_columns};
  eml_read_hooks mine = {bad_request, request_warning, &g};
  eml_rows_reading reading = {path, NULL, 0, csv, NULL, request_row, &g, &mine};
  eml_status st = eml_rows_read(&r, &reading, NULL, diag);
  if (!st && g.n == 0 && g.bad_rows == 0) {
    eml_diag_set(diag, path, 1, NULL, NULL, 0, "no data rows after the header");
    st = EML_ERR_EMPTY;
  }
  if (!st && g.bad_rows) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "%ld bad row(s): no application judged",
                 g.bad_rows);
    st = EML_ERR_REJECTED;
  }
  if (st) {
    free(g.list);
    return st;
  }
  *out = g.list;
  *count = g.n;
  return EML_OK;
}

static const eml_balance_row *balance_row(const eml_balance *b, eml_modality m,
                                          const char *territory) {
  for (size_t t = 0; t < b->ntables; t++) {
    if (b->tables[t].modality != m)
      continue;
    for (size_t i = 0; i < b->tables[t].nrows; i++)
      if (strcmp(b->tables[t].rows[i].territory, territory) == 0)
        return &b->tables[t].rows[i];
  }
  return NULL;
}

/* Devices of modality m in force at the site at date `at`. */
static long site_devices(const eml_register *reg, const char *finess, eml_modality m,
                         eml_date at) {
  long n = 0;
  for (size_t i = 0; i < reg->nequipment; i++) {
    const eml_equipment *e = &reg->equipment[i];
    if (e->modality == m && strcmp(e->finess, finess) == 0 && eml_equipment_in_force(e, at))
      n++;
  }
  return n;
}

/* Appends "label : now + n ≤ high respecté" and returns whether it holds. */
/* printf into b; the first error is kept in *st (checked once at the end). */
static void say(eml_buf *b, eml_status *st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(eml_buf *b, eml_status *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  eml_status_keep(st, eml_buf_vprintf(b, fmt, ap));
  va_end(ap);
}

/* Writes the rule's check into rules (the first error kept in *st);
 * whether it holds. */
static int check_rule(eml_buf *rules, eml_status *st, const char *label, int64_t now, int64_t n,
                      int64_t high) {
  int ok = now + n <= high;
  say(rules, st, "%s%s : %lld + %lld %s %lld %s", rules->len ? " ; " : "", label, (long long)now,
      (long long)n, ok ? "≤" : ">", (long long)high, ok ? "respecté" : "dépassé");
  return ok;
}

/* Receivable applications counted per territory and modality, for the
 * oversubscription notes. */
typedef struct demand {
  const eml_balance_row *row;
  eml_modality modality;
  int64_t requests, devices, creations;
} demand;

eml_status eml_requests_judge(const eml_register *reg, const eml_balance *b,
                              const eml_request *req, size_t count, eml_table **out) {
  *out = NULL;
  eml_table *t = eml_table_new("demandes", "Demandes d'autorisation : recevabilité");
  char date[16], subtitle[160];
  int y, mo, d;
  eml_date_to_civil(b->at, &y, &mo, &d);
  snprintf(date, sizeof date, "%02d/%02d/%04d", d, mo, y);
  snprintf(subtitle, sizeof subtitle, "Au regard des objectifs de la période %s, situation au %s",
           b->period, date);
  static const char *const columns[][2] = {
      {"Demande", "request_id"},  {"Déposée le", "filed_on"}, {"FINESS", "finess"},
      {"Département", "territory"}, {"Modalité", "modality"}, {"Nature", "kind"},
      {"Appareils", "devices"},   {"Avis", "verdict"},       {"Règles vérifiées", "rules"}};
  eml_table_set_subtitle(t, subtitle);
  for (size_t c = 0; c < sizeof columns / sizeof columns[0]; c++)
    eml_table_add_column(t, NULL, columns[c][0], columns[c][1]);
  eml_status st = eml_table_status(t); /* stop early when the table cannot be made */
  demand *demands = calloc(count ? count : 1, sizeof *demands);
  size_t ndemands = 0;
  eml_buf rules, notes;
  /* the texts of one request's rules and of all the notes; an error
   * writing them (out of memory, past these caps) fails the judging, with
   * the table: a verdict is never shown with its reasons cut */
  eml_status text_st = EML_OK;
  eml_buf_init(&rules, 1 << 16);
  eml_buf_init(&notes, 1 << 24);
  if (!demands)
    st = EML_ERR_NOMEM;

  for (size_t i = 0; i < count && !st; i++) {
    const eml_request *q = &req[i];
    rules.len = 0;
    if (rules.data)
      rules.data[0] = '\0';
    long site = eml_register_find_site(reg, q->finess);
    char territory[8];
    if (q->territory[0])
      snprintf(territory, sizeof territory, "%s", q->territory);
    else if (site >= 0)
      snprintf(territory, sizeof territory, "%s", reg->sites[site].territory);
    else if (eml_territory_from_finess(q->finess, territory) != EML_OK)
      snprintf(territory, sizeof territory, "?");
    if (site >= 0 && q->territory[0] && strcmp(reg->sites[site].territory, q->territory) != 0)
      say(&notes, &text_st,
          "%s : le département déclaré (%s) n'est pas celui du site au registre (%s).\n", q->id,
          q->territory, reg->sites[site].territory);

    long at_site = site >= 0 ? site_devices(reg, q->finess, q->modality, b->at) : 0;
    eml_request_kind kind = q->kind;
    if (kind == EML_REQUEST_CREATION && at_site > 0) {
      say(&notes, &text_st,
          "%s : déclarée « création » mais le site a déjà %ld appareil(s) %s : jugée "
          "comme une extension.\n",
          q->id, at_site, eml_modality_code(q->modality));
      kind = EML_REQUEST_EXTENSION;
    } else if (kind == EML_REQUEST_EXTENSION && at_site == 0) {
      say(&notes, &text_st,
          "%s : déclarée « extension » mais le site n'a pas d'appareil %s en vigueur : "
          "jugée comme une création.\n",
          q->id, eml_modality_code(q->modality));
      kind = EML_REQUEST_CREATION;
    }

    const eml_balance_row *row = balance_row(b, q->modality, territory);
    int receivable = 1;
    if (kind == EML_REQUEST_RENEWAL || kind == EML_REQUEST_REPLACEMENT) {
      say(&rules, &text_st, "%s : sans effet sur le nombre d'appareils ni d'implantations",
          kinds[kind].label);
    } else if (!row || !row->devices.has_target) {
      say(&rules, &text_st, "pas d'objectif %s en appareils pour le territoire %s (période %s)",
          eml_modality_code(q->modality), territory, b->period);
      receivable = 0;
    } else {
      receivable &= check_rule(&rules, &text_st, "appareils", row->devices.now, q->devices,
                               row->devices.high);
      if (kind == EML_REQUEST_CREATION) {
        if (row->sites.has_target)
          receivable &=
              check_rule(&rules, &text_st, "implantations", row->sites.now, 1, row->sites.high);
        else {
          say(&rules, &text_st, " ; pas d'objectif en implantations");
          receivable = 0;
        }
      }
      if (q->interventional) {
        if (row->devices.has_interventional_target)
          receivable &=
              check_rule(&rules, &text_st, "interventionnel", row->devices.interventional_now,
                         q->devices, row->devices.interventional_high);
        else
          say(&rules, &text_st, " ; pas de borne pour l'imagerie interventionnelle");
      }
      if (receivable) {
        size_t k = 0;
        while (k < ndemands && !(demands[k].row == row && demands[k].modality == q->modality))
          k++;
        if (k == ndemands) {
          demands[ndemands].row = row;
          demands[ndemands].modality = q->modality;
          ndemands++;
        }
        demands[k].requests++;
        demands[k].devices += q->devices;
        demands[k].creations += kind == EML_REQUEST_CREATION;
      }
    }
    size_t r;
    char filed[16] = "";
    if (q->has_filed_on) {
      int fy, fm, fd;
      eml_date_to_civil(q->filed_on, &fy, &fm, &fd);
      snprintf(filed, sizeof filed, "%02d/%02d/%04d", fd, fm, fy);
    }
    eml_table_add_row(t, &r);
    char kind_label[64];
    snprintf(kind_label, sizeof kind_label, "%s%s", kinds[q->kind].label,
             q->interventional ? " (interventionnel)" : "");
    size_t c = 0;
    eml_table_set_text(t, r, c++, q->id);
    eml_table_set_text(t, r, c++, filed);
    eml_table_set_text(t, r, c++, q->finess);
    eml_table_set_text(t, r, c++, territory);
    eml_table_set_text(t, r, c++, eml_modality_code(q->modality));
    eml_table_set_text(t, r, c++, kind_label);
    eml_table_set_int(t, r, c++, q->devices, 0);
    eml_table_set_text(t, r, c++, receivable ? "RECEVABLE" : "NON RECEVABLE");
    eml_table_set_text(t, r, c++, rules.data ? rules.data : "");
  }
  /* oversubscription: receivable applications beyond the room left */
  for (size_t k = 0; k < ndemands && !st; k++) {
    const eml_balance_row *row = demands[k].row;
    int64_t room = row->devices.high - row->devices.now;
    if (demands[k].devices > room)
      say(&notes, &text_st, "%s, %s : %lld demandes recevables pour %lld place%s%s.\n",
          row->territory, eml_modality_code(demands[k].modality), (long long)demands[k].requests,
          (long long)room, room > 1 ? "s" : "",
          demands[k].devices != demands[k].requests ? " (en nombre d'appareils)" : "");
    int64_t site_room = row->sites.high - row->sites.now;
    if (row->sites.has_target && demands[k].creations > site_room)
      say(&notes, &text_st, "%s, %s : %lld créations recevables pour %lld implantation%s.\n",
          row->territory, eml_modality_code(demands[k].modality), (long long)demands[k].creations,
          (long long)site_room, site_room > 1 ? "s" : "");
  }
  for (char *line = notes.data; !st && line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    eml_table_add_note(t, line);
    line = nl ? nl + 1 : NULL;
  }
  eml_buf_free(&rules);
  eml_buf_free(&notes);
  free(demands);
  eml_table_fail(t, st ? st : text_st); /* an error of the judging itself, if any */
  return eml_table_finish(t, out);
}
