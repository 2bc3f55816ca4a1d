/*
 * render_json.c — JSON (jansson) of the table model, for programs and the
 * dashboard. One document:
 *   {"tables":[{"id", "title", "subtitle" (null when none),
 *               "columns":[{"key", "name", "group" (null when none)}],
 *               "rows":[{KEY: value, ...}], "notes":[...]}]}
 * Values keep their machine form, not the display one: INT as a JSON
 * integer, REAL as a number with every digit (%.17g, jansson's
 * JSON_REAL_PRECISION(17)) — a PERCENT real stays the fraction 0.606, not
 * "60,6 %" —, PAIR as {"value": 66, "interventional": 5} ("interventional"
 * only when the pair has a second member), TEXT as a string, EMPTY and a
 * non-finite REAL as null. Row keys are the column keys; a key repeated in
 * one table gets "_2", "_3"... so that no value is lost. Text that is not
 * valid UTF-8 has its bad bytes replaced by U+FFFD (jansson refuses it).
 */
#include "render_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>

#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(17))

/* A JSON string of s, repaired to valid UTF-8; NULL when out of memory. */
static json_t *json_text(const char *s) {
  eml_buf clean;
  eml_buf_init(&clean, EML_RENDER_VALUE_MAX);
  json_t *j = eml_utf8_append_clean(&clean, s) ? NULL : json_stringn(clean.data, clean.len);
  eml_buf_free(&clean);
  return j;
}

static json_t *json_text_or_null(const char *s) { return s ? json_text(s) : json_null(); }

/* Adds value under key to obj, taking the reference; fails on NULL. */
static eml_status json_put(json_t *obj, const char *key, json_t *value) {
  return value && json_object_set_new(obj, key, value) == 0 ? EML_OK : EML_ERR_NOMEM;
}

static eml_status json_push(json_t *array, json_t *value) {
  return value && json_array_append_new(array, value) == 0 ? EML_OK : EML_ERR_NOMEM;
}

static json_t *json_cell(const eml_cell *c) {
  switch (c->kind) {
  case EML_CELL_TEXT:
    return json_text(c->text);
  case EML_CELL_INT:
    return json_integer((json_int_t)c->i);
  case EML_CELL_REAL:
    return isfinite(c->r) ? json_real(c->r) : json_null();
  case EML_CELL_PAIR: {
    json_t *pair = json_object();
    if (!pair)
      return NULL;
    eml_status st = json_put(pair, "value", json_integer((json_int_t)c->i));
    if (!st && c->has_i2)
      st = json_put(pair, "interventional", json_integer((json_int_t)c->i2));
    if (st) {
      json_decref(pair);
      return NULL;
    }
    return pair;
  }
  case EML_CELL_EMPTY:
    break;
  }
  return json_null();
}

/* The column key, made unique within the table (seen holds the keys). */
static json_t *json_unique_key(json_t *seen, const char *key) {
  json_t *base = json_text(key);
  if (!base || !json_object_get(seen, json_string_value(base)))
    return base;
  eml_buf candidate;
  eml_buf_init(&candidate, EML_RENDER_VALUE_MAX);
  json_t *unique = NULL;
  for (unsigned n = 2; !unique; n++) {
    candidate.len = 0;
    if (eml_buf_printf(&candidate, "%s_%u", json_string_value(base), n))
      break;
    if (!json_object_get(seen, candidate.data))
      unique = json_stringn(candidate.data, candidate.len);
  }
  eml_buf_free(&candidate);
  json_decref(base);
  return unique;
}

static eml_status json_columns(const eml_table *t, json_t *columns) {
  json_t *seen = json_object();
  eml_status st = seen ? EML_OK : EML_ERR_NOMEM;
  for (size_t c = 0; c < eml_table_columns(t) && !st; c++) {
    const eml_column *col = eml_table_column(t, c);
    json_t *column = json_object();
    st = json_push(columns, column);
    json_t *key = st ? NULL : json_unique_key(seen, col->key);
    if (!st)
      st = json_put(column, "key", key);
    if (!st)
      st = json_put(seen, json_string_value(key), json_true());
    if (!st)
      st = json_put(column, "name", json_text(col->name));
    if (!st)
      st = json_put(column, "group", json_text_or_null(col->group));
  }
  json_decref(seen);
  return st;
}

static eml_status json_rows(const eml_table *t, json_t *columns, json_t *rows) {
  eml_status st = EML_OK;
  for (size_t r = 0; r < eml_table_rows(t) && !st; r++) {
    json_t *row = json_object();
    st = json_push(rows, row);
    for (size_t c = 0; c < eml_table_columns(t) && !st; c++) {
      const char *key = json_string_value(json_object_get(json_array_get(columns, c), "key"));
      st = json_put(row, key, json_cell(eml_table_cell(t, r, c)));
    }
  }
  return st;
}

static eml_status json_table(const eml_table *t, json_t *tables) {
  json_t *table = json_object();
  eml_status st = json_push(tables, table);
  if (!st)
    st = json_put(table, "id", json_text(eml_table_id(t)));
  if (!st)
    st = json_put(table, "title", json_text(eml_table_title(t)));
  if (!st)
    st = json_put(table, "subtitle", json_text_or_null(eml_table_subtitle(t)));
  json_t *columns = json_array(), *rows = json_array(), *notes = json_array();
  /* json_put takes each reference, also on failure paths below */
  if (!st)
    st = json_put(table, "columns", json_incref(columns));
  if (!st)
    st = json_put(table, "rows", json_incref(rows));
  if (!st)
    st = json_put(table, "notes", json_incref(notes));
  if (!st)
    st = json_columns(t, columns);
  if (!st)
    st = json_rows(t, columns, rows);
  for (size_t i = 0; i < eml_table_notes(t) && !st; i++)
    st = json_push(notes, json_text(eml_table_note(t, i)));
  json_decref(columns);
  json_decref(rows);
  json_decref(notes);
  return st;
}

typedef struct {
  eml_write_fn write;
  void *ctx;
  eml_status status; /* first error of the write callback */
} json_sink;

static int json_sink_write(const char *data, size_t len, void *sink_ptr) {
  json_sink *sink = sink_ptr;
  sink->status = sink->write(sink->ctx, data, len);
  return sink->status ? -1 : 0;
}

eml_status eml_render_json(eml_table *const *tables, size_t count, eml_write_fn write,
                           void *ctx) {
  json_t *root = json_object(), *list = json_array();
  eml_status st = root ? json_put(root, "tables", json_incref(list)) : EML_ERR_NOMEM;
  for (size_t i = 0; i < count && !st; i++)
    st = json_table(tables[i], list);
  json_decref(list);
  if (!st) {
    json_sink sink = {write, ctx, EML_OK};
    if (json_dump_callback(root, json_sink_write, &sink, JSON_FLAGS) != 0)
      st = sink.status ? sink.status : EML_ERR_NOMEM;
    if (!st)
      st = eml_emit(write, ctx, "\n");
  }
  json_decref(root);
  return st;
}
