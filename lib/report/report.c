/*
 * report.c — the report object of eml/report.h: a title page, the body's
 * items and the annex's, each an array of eml_report_item that grows by
 * doubling (capped at EML_REPORT_ITEMS_MAX). The report owns every string
 * (copied) and every table and chart (taken). The builders are in the
 * files beside this one, one per domain; the renderers in lib/render/.
 */
#include "report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct item_list {
  eml_report_item *items;
  size_t n, cap;
} item_list;

struct eml_report {
  char *title, *subtitle, *edited, *annex_title;
  char *lines[EML_REPORT_LINES_MAX];
  size_t n_lines;
  item_list body, annex;
};

eml_report *eml_report_new(const char *title) {
  eml_report *r = calloc(1, sizeof *r);
  if (r && title && !(r->title = strdup(_(title)))) {
    free(r);
    r = NULL;
  }
  return r;
}

static void item_clear(eml_report_item *it) {
  eml_table_free(it->table);
  eml_chart_free(it->chart);
  free(it->name);
  free(it->caption);
  free(it->text);
}

static void list_free(item_list *l) {
  for (size_t i = 0; i < l->n; i++)
    item_clear(&l->items[i]);
  free(l->items);
}

void eml_report_free(eml_report *r) {
  if (!r)
    return;
  list_free(&r->body);
  list_free(&r->annex);
  for (size_t i = 0; i < r->n_lines; i++)
    free(r->lines[i]);
  free(r->title);
  free(r->subtitle);
  free(r->edited);
  free(r->annex_title);
  free(r);
}

/* *slot = a copy of text in the current language (NULL stays NULL), the
 * old one freed. */
static eml_status set_text(char **slot, const char *text) {
  char *copy = NULL;
  if (text && !(copy = strdup(_(text))))
    return EML_ERR_NOMEM;
  free(*slot);
  *slot = copy;
  return EML_OK;
}

eml_status eml_report_set_subtitle(eml_report *r, const char *subtitle) {
  return set_text(&r->subtitle, subtitle);
}

eml_status eml_report_set_edited(eml_report *r, const char *date) {
  return set_text(&r->edited, date);
}

eml_status eml_report_set_annex_title(eml_report *r, const char *title) {
  return set_text(&r->annex_title, title);
}

eml_status eml_report_add_line(eml_report *r, const char *line) {
  if (r->n_lines >= EML_REPORT_LINES_MAX)
    return EML_ERR_TOO_LARGE;
  eml_status st = set_text(&r->lines[r->n_lines], line);
  if (!st)
    r->n_lines++;
  return st;
}

/* Appends it to the body or the annex; on failure what it holds is freed. */
static eml_status add_item(eml_report *r, int annex, eml_report_item *it) {
  item_list *l = annex ? &r->annex : &r->body;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 16;
    eml_report_item *grown = l->n < EML_REPORT_ITEMS_MAX ? realloc(l->items, cap * sizeof *grown)
                                                          : NULL;
    if (!grown) {
      item_clear(it);
      return l->n < EML_REPORT_ITEMS_MAX ? EML_ERR_NOMEM : EML_ERR_TOO_LARGE;
    }
    l->items = grown;
    l->cap = cap;
  }
  l->items[l->n++] = *it;
  return EML_OK;
}

/* A copy of s in the current language into *out (NULL stays NULL); 0 when
 * out of memory. */
static int copy(const char *s, char **out) {
  *out = s ? strdup(_(s)) : NULL;
  return !s || *out;
}

eml_status eml_report_add_table(eml_report *r, int annex, eml_table *table) {
  if (!table)
    return EML_ERR_NOMEM; /* a table that could not be made */
  eml_report_item it = {.kind = EML_REPORT_TABLE, .table = table};
  return add_item(r, annex, &it);
}

eml_status eml_report_add_chart(eml_report *r, int annex, eml_chart *chart, const char *name,
                                const char *caption) {
  eml_report_item it = {.kind = EML_REPORT_CHART, .chart = chart};
  it.name = name ? strdup(name) : NULL; /* a file name: not translated */
  if (!chart || (name && !it.name) || !copy(caption, &it.caption)) {
    item_clear(&it);
    return EML_ERR_NOMEM;
  }
  return add_item(r, annex, &it);
}

eml_status eml_report_add_heading(eml_report *r, int annex, const char *text, int new_page) {
  eml_report_item it = {.kind = EML_REPORT_HEADING, .new_page = new_page};
  if (!copy(text ? text : "", &it.text))
    return EML_ERR_NOMEM;
  return add_item(r, annex, &it);
}

eml_status eml_report_add_text(eml_report *r, int annex, const char *text) {
  eml_report_item it = {.kind = EML_REPORT_TEXT};
  if (!copy(text ? text : "", &it.text))
    return EML_ERR_NOMEM;
  return add_item(r, annex, &it);
}

eml_status eml_report_take_tables(eml_report *r, int annex, eml_table **tables, size_t count) {
  eml_status st = EML_OK;
  for (size_t i = 0; i < count; i++)
    if (st)
      eml_table_free(tables[i]);
    else
      st = eml_report_add_table(r, annex, tables[i]);
  free(tables);
  return st;
}

eml_status eml_report_begin_document(eml_report *r, const char *subtitle,
                                     const char *const *lines, size_t n, const char *edited) {
  eml_status st = eml_report_set_subtitle(r, subtitle);
  for (size_t i = 0; !st && i < n; i++)
    if (lines[i])
      st = eml_report_add_line(r, lines[i]);
  if (!st)
    st = eml_report_set_edited(r, edited);
  return st ? st : eml_report_add_heading(r, 0, "Tableaux", 0);
}

const char *eml_report_title(const eml_report *r) { return r->title; }
const char *eml_report_subtitle(const eml_report *r) { return r->subtitle; }
size_t eml_report_lines(const eml_report *r) { return r->n_lines; }
const char *eml_report_line(const eml_report *r, size_t i) {
  return i < r->n_lines ? r->lines[i] : NULL;
}
const char *eml_report_edited(const eml_report *r) { return r->edited; }
const char *eml_report_annex_title(const eml_report *r) { return r->annex_title; }

size_t eml_report_items(const eml_report *r, int annex) {
  return annex ? r->annex.n : r->body.n;
}

const eml_report_item *eml_report_item_at(const eml_report *r, int annex, size_t i) {
  const item_list *l = annex ? &r->annex : &r->body;
  return i < l->n ? &l->items[i] : NULL;
}

eml_status eml_report_tables(const eml_report *r, eml_table ***tables, size_t *count) {
  size_t n = 0;
  eml_table **out = malloc((r->body.n + r->annex.n + 1) * sizeof *out);
  if (!out) {
    *tables = NULL;
    *count = 0;
    return EML_ERR_NOMEM;
  }
  for (int annex = 0; annex < 2; annex++) {
    const item_list *l = annex ? &r->annex : &r->body;
    for (size_t i = 0; i < l->n; i++)
      if (l->items[i].kind == EML_REPORT_TABLE)
        out[n++] = l->items[i].table;
  }
  *tables = out;
  *count = n;
  return EML_OK;
}

const eml_chart *eml_report_find_chart(const eml_report *r, eml_chart_kind kind) {
  for (size_t i = 0; i < r->body.n; i++)
    if (r->body.items[i].kind == EML_REPORT_CHART &&
        eml_chart_get_kind(r->body.items[i].chart) == kind)
      return r->body.items[i].chart;
  return NULL;
}
