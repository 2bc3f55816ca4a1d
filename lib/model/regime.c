/*
 * regime.c — the vocabulary and the rules of the 2023 authorisation regime
 * (model layer; spec regime-2023.md): the activity codes, and the rules
 * file data/regimes/2023.csv read into eml_regime_rules (eml/regime.h).
 *
 * Model: the rules file is read through the input pipeline (io) like every
 * input; a lookup of (rule, activity) prefers the row of the activity and
 * falls back to the row without one. An empty value is a rule not applied.
 */
#include "internal.h"
#include "io/row.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
  const char *code, *title;
} activities[EML_ACTIVITY_COUNT] = {
#define EML_ACTIVITY_ROW(id, code, title) [id] = {code, title},
    EML_ACTIVITY_LIST(EML_ACTIVITY_ROW)
#undef EML_ACTIVITY_ROW
};

eml_status eml_activity_parse(const char *s, size_t len, eml_activity *out) {
  s = eml_trim_blanks(s, &len);
  for (int i = 0; i < EML_ACTIVITY_COUNT; i++)
    if (strlen(activities[i].code) == len && strncasecmp(s, activities[i].code, len) == 0) {
      *out = (eml_activity)i;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_activity_code(eml_activity a) {
  return (unsigned)a < EML_ACTIVITY_COUNT ? activities[a].code : "?";
}

const char *eml_activity_title(eml_activity a) {
  return (unsigned)a < EML_ACTIVITY_COUNT ? _(activities[a].title) : "?"; /* eml/register.h */
}

/* ---- the rules file ------------------------------------------------------ */

enum { COL_RULE, COL_ACTIVITY, COL_VALUE, COL_UNIT, COL_SOURCE, COL_STATUS, COL_NOTE };

static const eml_column_spec rule_columns[] = {
    [COL_RULE] = {"rule", 1, EML_COL_TEXT, NULL},
    [COL_ACTIVITY] = {"activity", 0, EML_COL_CODE, NULL},
    [COL_VALUE] = {"value", 0, EML_COL_TEXT, NULL},
    [COL_UNIT] = {"unit", 0, EML_COL_TEXT, NULL},
    [COL_SOURCE] = {"source", 1, EML_COL_TEXT, NULL},
    [COL_STATUS] = {"source_status", 0, EML_COL_TEXT, NULL},
    [COL_NOTE] = {"note", 0, EML_COL_TEXT, NULL},
    {NULL, 0, 0, NULL},
};

typedef struct {
  eml_regime_rules *rules;
  size_t cap;
} rules_reading;

static char *field_dup(const eml_row *r, int i) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  return eml_strndup(v, len);
}

/* A rule's texts (each its own string), in the order of the columns they
 * are read from. */
static const int text_columns[] = {COL_RULE, COL_VALUE, COL_UNIT, COL_SOURCE, COL_STATUS, COL_NOTE};
#define RULE_TEXTS (sizeof text_columns / sizeof text_columns[0])

static void rule_texts(eml_regime_rule *row, char **texts[RULE_TEXTS]) {
  char **t[RULE_TEXTS] = {&row->rule,   &row->value,         &row->unit,
                          &row->source, &row->source_status, &row->note};
  memcpy(texts, t, sizeof t);
}

static void rule_free(eml_regime_rule *row) {
  char **texts[RULE_TEXTS];
  rule_texts(row, texts);
  for (size_t k = 0; k < RULE_TEXTS; k++)
    free(*texts[k]);
}

static eml_status rule_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  rules_reading *rd = ctx;
  (void)skipped;
  eml_regime_rule row = {0};
  size_t len;
  const char *v = eml_row_field(r, COL_RULE, &len);
  if (len == 0)
    return eml_row_bad(r, COL_RULE, diag, _("une valeur est obligatoire"));
  v = eml_row_field(r, COL_ACTIVITY, &len);
  if (len) {
    if (eml_activity_parse(v, len, &row.activity) != EML_OK)
      return eml_row_bad(r, COL_ACTIVITY, diag,
                         "activité inconnue (IMAGING, NUCLEAR, INTERVENTIONAL ou RADIOTHERAPY)");
    row.has_activity = 1;
  }
  char **texts[RULE_TEXTS];
  int failed = 0;
  rule_texts(&row, texts);
  for (size_t k = 0; k < RULE_TEXTS; k++) {
    *texts[k] = field_dup(r, text_columns[k]);
    failed |= !*texts[k];
  }
  if (failed) {
    rule_free(&row);
    return EML_ERR_NOMEM;
  }
  for (size_t i = 0; i < rd->rules->n; i++) {
    const eml_regime_rule *o = &rd->rules->rows[i];
    if (strcmp(o->rule, row.rule) == 0 && o->has_activity == row.has_activity &&
        (!row.has_activity || o->activity == row.activity)) {
      rule_free(&row);
      return eml_row_bad(r, COL_RULE, diag, "règle donnée deux fois pour cette activité");
    }
  }
  eml_status st;
  rd->rules->rows = eml_grow_one(rd->rules->rows, &rd->cap, rd->rules->n, sizeof row, &st);
  if (st != EML_OK) {
    rule_free(&row);
    return st;
  }
  rd->rules->rows[rd->rules->n++] = row;
  return EML_OK;
}

eml_status eml_regime_rules_load(const char *path, eml_regime_rules *out, eml_diag *diag) {
  memset(out, 0, sizeof *out);
  rules_reading rd = {out, 0};
  eml_row r = {0};
  r.columns = rule_columns;
  eml_rows_reading reading = {0};
  reading.name = path;
  reading.row_fn = rule_row;
  reading.ctx = &rd;
  eml_status st = eml_rows_read(&r, &reading, NULL, diag);
  if (st != EML_OK)
    eml_regime_rules_free(out);
  return st;
}

void eml_regime_rules_free(eml_regime_rules *rules) {
  if (!rules)
    return;
  for (size_t i = 0; i < rules->n; i++)
    rule_free(&rules->rows[i]);
  free(rules->rows);
  memset(rules, 0, sizeof *rules);
}

const eml_regime_rule *eml_regime_rule_find(const eml_regime_rules *rules, const char *rule,
                                            eml_activity activity) {
  const eml_regime_rule *general = NULL;
  for (size_t i = 0; rules && i < rules->n; i++) {
    const eml_regime_rule *row = &rules->rows[i];
    if (strcmp(row->rule, rule) != 0)
      continue;
    if (row->has_activity && row->activity == activity)
      return row;
    if (!row->has_activity)
      general = row;
  }
  return general;
}

int eml_regime_rule_int(const eml_regime_rules *rules, const char *rule, eml_activity activity,
                        int64_t *value) {
  const eml_regime_rule *row = eml_regime_rule_find(rules, rule, activity);
  if (!row || !row->value[0])
    return 0;
  char *end;
  long long v = strtoll(row->value, &end, 10);
  if (*end != '\0')
    return 0;
  *value = v;
  return 1;
}

int eml_regime_mention_allowed(const eml_regime_rules *rules, eml_activity activity,
                               const char *mention) {
  const eml_regime_rule *row = eml_regime_rule_find(rules, "mentions", activity);
  size_t mlen = strlen(mention);
  if (!row || !row->has_activity || mlen == 0)
    return 0;
  for (const char *p = row->value; *p;) {
    while (*p == ' ')
      p++;
    size_t w = strcspn(p, " ");
    if (w == mlen && strncasecmp(p, mention, w) == 0)
      return 1;
    p += w;
  }
  return 0;
}
