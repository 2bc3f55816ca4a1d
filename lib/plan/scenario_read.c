/*
 * scenario_read.c — the reader of a scenario file (spec planning.md §3;
 * the format in eml/plan.h, docs/planning.md "eml plan scenario") through
 * the input pipeline (io/row.h): a file without a header, one change a
 * line, its words separated by blanks (eml_csv_options.headerless with
 * delimiter ' '). The first word names the change; each change has its
 * own table of column specs, so that a bad word is reported by the name
 * of what it is (`FILE:LINE: column request: …`). Each line is checked
 * against the register and the applications as they are before the
 * scenario: what a line names must exist there. Bad lines are all read
 * and handed to the caller's hooks; any makes the reading fail (nothing
 * is applied from a partly read file).
 */
#include "domain/register_rows.h"
#include "plan_internal.h"

#include <stdlib.h>
#include <string.h>


/* The columns of the file: positions only, named by each change below. */
static const eml_column_spec any_columns[] = {
    {"change", 1, EML_COL_CODE, NULL}, {"2", 0, EML_COL_TEXT, NULL},
    {"3", 0, EML_COL_TEXT, NULL},      {"4", 0, EML_COL_TEXT, NULL},
    {"5", 0, EML_COL_TEXT, NULL},      {"6", 0, EML_COL_TEXT, NULL},
    {NULL, 0, 0, NULL}};

static const eml_column_spec grant_columns[] = {
    {"change", 1, EML_COL_CODE, NULL}, {"request", 1, EML_COL_TEXT, NULL}, {NULL, 0, 0, NULL}};
static const eml_column_spec add_columns[] = {{"change", 1, EML_COL_CODE, NULL},
                                              {"modality", 1, EML_COL_CODE, NULL},
                                              {"finess", 1, EML_COL_FINESS, NULL},
                                              {"date", 0, EML_COL_DATE, NULL},
                                              {NULL, 0, 0, NULL}};
static const eml_column_spec close_columns[] = {{"change", 1, EML_COL_CODE, NULL},
                                                {"equipment", 1, EML_COL_TEXT, NULL},
                                                {"date", 0, EML_COL_DATE, NULL},
                                                {NULL, 0, 0, NULL}};
static const eml_column_spec move_columns[] = {{"change", 1, EML_COL_CODE, NULL},
                                               {"equipment", 1, EML_COL_TEXT, NULL},
                                               {"finess", 1, EML_COL_FINESS, NULL},
                                               {NULL, 0, 0, NULL}};
static const eml_column_spec target_columns[] = {
    {"change", 1, EML_COL_CODE, NULL}, {"zone", 1, EML_COL_TEXT, NULL},
    {"modality", 1, EML_COL_CODE, NULL}, {"low", 1, EML_COL_INT, NULL},
    {"high", 1, EML_COL_INT, NULL},    {"unit", 0, EML_COL_CODE, NULL},
    {NULL, 0, 0, NULL}};

/* One row per change: its word, its columns, how many words it takes. */
static const struct {
  const char *word;
  const eml_column_spec *columns;
  size_t min_words, max_words;
  const char *usage;
} changes[] = {
    [EML_CHANGE_GRANT] = {"grant", grant_columns, 2, 2, "grant REQUEST_ID"},
    [EML_CHANGE_ADD] = {"add", add_columns, 3, 4, "add MODALITY FINESS [DATE]"},
    [EML_CHANGE_CLOSE] = {"close", close_columns, 2, 3, "close ID [DATE]"},
    [EML_CHANGE_MOVE] = {"move", move_columns, 3, 3, "move ID FINESS"},
    [EML_CHANGE_TARGET] = {"target", target_columns, 5, 6,
                           "target ZONE MODALITY LOW HIGH [UNIT]"},
};
#define NCHANGES (sizeof changes / sizeof changes[0])

typedef struct scenario_reading {
  plan_rows rows; /* of eml_scenario_change */
  const eml_register *reg;
  const eml_request *requests;
  size_t nrequests;
} scenario_reading;

static int find_request(const scenario_reading *g, const char *id) {
  for (size_t i = 0; i < g->nrequests; i++)
    if (strcmp(g->requests[i].id, id) == 0)
      return 1;
  return 0;
}

/* Is id a device (seed 000), a declared device or an authorisation? */
static int find_id(const eml_register *reg, const char *id) {
  for (size_t i = 0; i < reg->nequipment; i++)
    if (strcmp(reg->equipment[i].id, id) == 0)
      return 1;
  for (size_t i = 0; i < reg->ndevices; i++)
    if (strcmp(reg->devices[i].id, id) == 0)
      return 1;
  return eml_register_find_authorisation(reg, id) >= 0;
}

/* A FINESS of the register's sites. */
static eml_status known_site(const eml_row *r, int i, const eml_register *reg, char dst[10],
                             eml_diag *diag) {
  eml_status st = eml_row_finess(r, i, dst, diag);
  if (!st && eml_register_find_site(reg, dst) < 0)
    st = eml_row_bad(r, i, diag, "site absent du registre");
  return st;
}

static eml_status change_row(scenario_reading *g, const eml_row *any, eml_scenario_change *c,
                             eml_diag *diag) {
  size_t len;
  const char *first = eml_row_field(any, 0, &len);
  if (len == 0 || first[0] == '#')
    return EML_OK; /* the caller skips it (c->line stays 0) */
  static const char *const words[] = {"grant", "add", "close", "move", "target"};
  int kind;
  eml_status st = eml_row_code(any, 0, words, NCHANGES, 0, &kind, diag);
  if (st)
    return st;
  eml_row r = *any;
  r.columns = changes[kind].columns;
  size_t nwords = eml_csv_field_count(r.csv);
  if (nwords < changes[kind].min_words || nwords > changes[kind].max_words)
    return eml_row_badf(&r, -1, diag,
                        _n("%zu mot là où « %s » en prend %s%zu (%s)",
                           "%zu mots là où « %s » en prend %s%zu (%s)", nwords),
                        nwords,
                        changes[kind].word,
                        changes[kind].min_words == changes[kind].max_words ? "" : _("au plus "),
                        changes[kind].max_words, changes[kind].usage);
  c->kind = (eml_change_kind)kind;
  c->line = eml_csv_line(r.csv);
  c->unit = EML_UNIT_DEVICES;
  for (size_t i = 0, at = 0; i < nwords; i++) {
    const char *w = eml_row_field(&r, (int)i, &len);
    if (at + len + 2 < sizeof c->text) {
      snprintf(c->text + at, sizeof c->text - at, "%s%.*s", i ? " " : "", (int)len, w);
      at += len + (i ? 1 : 0);
    }
  }
  const eml_register *reg = g->reg;
  switch (c->kind) {
  case EML_CHANGE_GRANT:
    if ((st = eml_row_text(&r, 1, c->id, sizeof c->id, diag)))
      return st;
    if (!find_request(g, c->id))
      return eml_row_bad(&r, 1, diag,
                         g->nrequests ? N_("demande absente du fichier --requests")
                                      : N_("une demande, mais aucun fichier --requests n'est "
                                           "donné"));
    return EML_OK;
  case EML_CHANGE_ADD:
    if ((st = eml_row_modality_or_activity(&r, 1, &c->is_activity, &c->activity, &c->modality,
                                           diag)) ||
        (st = known_site(&r, 2, reg, c->finess, diag)) ||
        (st = eml_row_date(&r, 3, &c->has_date, &c->date, diag)))
      return st;
    return EML_OK;
  case EML_CHANGE_CLOSE:
  case EML_CHANGE_MOVE:
    if ((st = eml_row_text(&r, 1, c->id, sizeof c->id, diag)))
      return st;
    if (!find_id(reg, c->id))
      return eml_row_bad(&r, 1, diag, "appareil ou autorisation absent du registre");
    if (c->kind == EML_CHANGE_CLOSE)
      return eml_row_date(&r, 2, &c->has_date, &c->date, diag);
    return known_site(&r, 2, reg, c->finess, diag);
  case EML_CHANGE_TARGET: {
    eml_known_territories known = {NULL, reg};
    int has, unit;
    if ((st = eml_row_territory(&r, 1, &known, c->zone, diag)) ||
        (st = eml_row_modality_or_activity(&r, 2, &c->is_activity, &c->activity, &c->modality,
                                           diag)))
      return st;
    const char *low = eml_row_field(&r, 3, &len);
    c->has_low = !(len == 1 && low[0] == '-');
    if (c->has_low && (st = eml_row_count(&r, 3, &has, &c->low, diag)))
      return st;
    if ((st = eml_row_count(&r, 4, &has, &c->high, diag)))
      return st;
    static const char *const units[] = {"devices", "sites"};
    if ((st = eml_row_code(&r, 5, units, 2, c->is_activity ? EML_UNIT_SITES : EML_UNIT_DEVICES,
                           &unit, diag)))
      return st;
    c->unit = (eml_unit)unit;
    if (c->is_activity && c->unit != EML_UNIT_SITES)
      return eml_row_bad(&r, 5, diag, "l'objectif d'une activité compte des sites");
    if (c->has_low && c->low > c->high)
      return eml_row_badf(&r, 3, diag, "au-dessus de la borne haute (%lld)", (long long)c->high);
    return EML_OK;
  }
  }
  return EML_OK;
}

static eml_status scenario_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  scenario_reading *g = ctx;
  eml_status st;
  eml_scenario_change *c = plan_rows_next(&g->rows, sizeof *c, &st);
  if (st || (st = change_row(g, r, c, diag)))
    return st;
  if (c->line == 0)
    *skipped = 1;
  else
    g->rows.n++;
  return EML_OK;
}

eml_status eml_scenario_read(const char *path, const eml_csv_options *csv,
                             const eml_register *reg, const eml_request *requests,
                             size_t nrequests, const eml_read_hooks *hooks, eml_scenario *out,
                             eml_diag *diag) {
  memset(out, 0, sizeof *out);
  scenario_reading g = {{NULL, 0, 0}, reg, requests, nrequests};
  eml_csv_options words = {0};
  if (csv)
    words = *csv;
  words.delimiter = ' ';
  words.headerless = 1;
  eml_row r = {.columns = any_columns};
  eml_rows_reading reading = {path, NULL, 0, &words, NULL, scenario_row, &g, hooks};
  eml_status st = plan_rows_read_whole(&r, &reading, 0, N_("aucun changement dans le scénario"),
                                       "ligne rejetée : rien n'est appliqué",
                                       "lignes rejetées : rien n'est appliqué", &g.rows, diag);
  *out = (eml_scenario){path, g.rows.rows, g.rows.n};
  return st;
}

void eml_scenario_free(eml_scenario *s) {
  if (s) {
    free(s->changes);
    *s = (eml_scenario){NULL, NULL, 0};
  }
}
