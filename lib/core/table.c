/*
 * table.c — the table model (eml/table.h): columns, rows of typed cells,
 * notes. Cells are stored row-major in one array that grows by rows.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct eml_table {
  char *id, *title, *subtitle;
  eml_column *columns;
  size_t ncolumns, cap_columns;
  eml_cell *cells; /* rows * ncolumns */
  int *row_flags;
  size_t nrows, cap_rows;
  char **notes;
  size_t nnotes, cap_notes;
};

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

eml_table *eml_table_new(const char *id, const char *title) {
  eml_table *t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->id = strdup(id ? id : "table");
  t->title = strdup(title ? title : "");
  if (!t->id || !t->title) {
    eml_table_free(t);
    return NULL;
  }
  return t;
}

static void cell_clear(eml_cell *c) {
  free(c->text);
  memset(c, 0, sizeof *c);
}

void eml_table_free(eml_table *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->ncolumns; i++) {
    free(t->columns[i].group);
    free(t->columns[i].name);
    free(t->columns[i].key);
  }
  for (size_t i = 0; i < t->nrows * t->ncolumns; i++)
    free(t->cells[i].text);
  for (size_t i = 0; i < t->nnotes; i++)
    free(t->notes[i]);
  free(t->columns);
  free(t->cells);
  free(t->row_flags);
  free(t->notes);
  free(t->id);
  free(t->title);
  free(t->subtitle);
  free(t);
}

eml_status eml_table_add_column(eml_table *t, const char *group, const char *name,
                                const char *key) {
  if (t->nrows > 0)
    return EML_ERR_USAGE; /* columns come before rows */
  if (t->ncolumns == t->cap_columns) {
    size_t cap = t->cap_columns ? t->cap_columns * 2 : 8;
    eml_column *c = realloc(t->columns, cap * sizeof *c);
    if (!c)
      return EML_ERR_NOMEM;
    t->columns = c;
    t->cap_columns = cap;
  }
  eml_column *c = &t->columns[t->ncolumns];
  c->group = dup_or_null(group);
  c->name = strdup(name ? name : "");
  c->key = strdup(key ? key : (name ? name : ""));
  if ((group && !c->group) || !c->name || !c->key) {
    free(c->group);
    free(c->name);
    free(c->key);
    return EML_ERR_NOMEM;
  }
  t->ncolumns++;
  return EML_OK;
}

eml_status eml_table_add_row(eml_table *t, size_t *row) {
  if (t->nrows == t->cap_rows) {
    size_t cap = t->cap_rows ? t->cap_rows * 2 : 16;
    eml_cell *cells = realloc(t->cells, cap * t->ncolumns * sizeof *cells + 1);
    if (!cells)
      return EML_ERR_NOMEM;
    t->cells = cells;
    int *flags = realloc(t->row_flags, cap * sizeof *flags);
    if (!flags)
      return EML_ERR_NOMEM;
    t->row_flags = flags;
    t->cap_rows = cap;
  }
  memset(&t->cells[t->nrows * t->ncolumns], 0, t->ncolumns * sizeof *t->cells);
  t->row_flags[t->nrows] = 0;
  if (row)
    *row = t->nrows;
  t->nrows++;
  return EML_OK;
}

static eml_cell *cell_at(eml_table *t, size_t row, size_t col) {
  if (row >= t->nrows || col >= t->ncolumns)
    return NULL;
  return &t->cells[row * t->ncolumns + col];
}

eml_status eml_table_set_text(eml_table *t, size_t row, size_t col, const char *text) {
  eml_cell *c = cell_at(t, row, col);
  if (!c)
    return EML_ERR_USAGE;
  cell_clear(c);
  if (!text)
    return EML_OK;
  c->text = strdup(text);
  if (!c->text)
    return EML_ERR_NOMEM;
  c->kind = EML_CELL_TEXT;
  return EML_OK;
}

eml_status eml_table_set_int(eml_table *t, size_t row, size_t col, int64_t v, int flags) {
  eml_cell *c = cell_at(t, row, col);
  if (!c)
    return EML_ERR_USAGE;
  cell_clear(c);
  c->kind = EML_CELL_INT;
  c->i = v;
  c->flags = flags;
  return EML_OK;
}

eml_status eml_table_set_real(eml_table *t, size_t row, size_t col, double v, int decimals,
                              int flags) {
  eml_cell *c = cell_at(t, row, col);
  if (!c)
    return EML_ERR_USAGE;
  cell_clear(c);
  if (isnan(v))
    return EML_OK; /* no value: an empty cell */
  c->kind = EML_CELL_REAL;
  c->r = v;
  c->decimals = decimals;
  c->flags = flags;
  return EML_OK;
}

eml_status eml_table_set_pair(eml_table *t, size_t row, size_t col, int64_t v, int has_v2,
                              int64_t v2, int flags) {
  eml_cell *c = cell_at(t, row, col);
  if (!c)
    return EML_ERR_USAGE;
  cell_clear(c);
  c->kind = EML_CELL_PAIR;
  c->i = v;
  c->has_i2 = has_v2;
  c->i2 = v2;
  c->flags = flags;
  return EML_OK;
}

eml_status eml_table_set_row_flags(eml_table *t, size_t row, int flags) {
  if (row >= t->nrows)
    return EML_ERR_USAGE;
  t->row_flags[row] = flags;
  return EML_OK;
}

eml_status eml_table_add_note(eml_table *t, const char *note) {
  if (t->nnotes == t->cap_notes) {
    size_t cap = t->cap_notes ? t->cap_notes * 2 : 4;
    char **n = realloc(t->notes, cap * sizeof *n);
    if (!n)
      return EML_ERR_NOMEM;
    t->notes = n;
    t->cap_notes = cap;
  }
  t->notes[t->nnotes] = strdup(note);
  if (!t->notes[t->nnotes])
    return EML_ERR_NOMEM;
  t->nnotes++;
  return EML_OK;
}

eml_status eml_table_set_subtitle(eml_table *t, const char *subtitle) {
  free(t->subtitle);
  t->subtitle = dup_or_null(subtitle);
  return (subtitle && !t->subtitle) ? EML_ERR_NOMEM : EML_OK;
}

const char *eml_table_id(const eml_table *t) { return t->id; }
const char *eml_table_title(const eml_table *t) { return t->title; }
const char *eml_table_subtitle(const eml_table *t) { return t->subtitle; }
size_t eml_table_rows(const eml_table *t) { return t->nrows; }
size_t eml_table_columns(const eml_table *t) { return t->ncolumns; }
const eml_column *eml_table_column(const eml_table *t, size_t col) {
  return col < t->ncolumns ? &t->columns[col] : NULL;
}
const eml_cell *eml_table_cell(const eml_table *t, size_t row, size_t col) {
  static const eml_cell empty;
  if (row >= t->nrows || col >= t->ncolumns)
    return &empty;
  return &t->cells[row * t->ncolumns + col];
}
int eml_table_row_flags(const eml_table *t, size_t row) {
  return row < t->nrows ? t->row_flags[row] : 0;
}
size_t eml_table_notes(const eml_table *t) { return t->nnotes; }
const char *eml_table_note(const eml_table *t, size_t i) {
  return i < t->nnotes ? t->notes[i] : "";
}

static void format_signed_int(int64_t v, int flags, char *buf, size_t size) {
  snprintf(buf, size, "%s%lld", (flags & EML_CELL_SIGNED) && v > 0 ? "+" : "", (long long)v);
}

void eml_cell_format(const eml_cell *c, int decimal_comma, char *buf, size_t size) {
  buf[0] = '\0';
  switch (c->kind) {
  case EML_CELL_EMPTY:
    return;
  case EML_CELL_TEXT:
    snprintf(buf, size, "%s", c->text);
    return;
  case EML_CELL_INT:
    format_signed_int(c->i, c->flags, buf, size);
    return;
  case EML_CELL_PAIR: {
    char a[32], b[32];
    format_signed_int(c->i, c->flags, a, sizeof a);
    if (!c->has_i2) {
      snprintf(buf, size, "%s", a);
      return;
    }
    format_signed_int(c->i2, c->flags, b, sizeof b);
    snprintf(buf, size, "%s (%s)", a, b);
    return;
  }
  case EML_CELL_REAL: {
    double v = (c->flags & EML_CELL_PERCENT) ? c->r * 100.0 : c->r;
    snprintf(buf, size, "%s%.*f%s", (c->flags & EML_CELL_SIGNED) && v > 0 ? "+" : "",
             c->decimals, v, (c->flags & EML_CELL_PERCENT) ? " %" : "");
    if (decimal_comma)
      for (char *p = buf; *p; p++)
        if (*p == '.')
          *p = ',';
    /* "-0,0" reads badly: a value that rounds to zero is shown unsigned */
    if (buf[0] == '-') {
      int zero = 1;
      for (const char *p = buf + 1; *p && *p != ' '; p++)
        if (*p >= '1' && *p <= '9')
          zero = 0;
      if (zero)
        memmove(buf, buf + 1, strlen(buf));
    }
    return;
  }
  }
}
