/*
 * table.c — the table model (eml/table.h): columns, rows of typed cells,
 * notes. Cells are stored row-major in one array that grows by rows.
 *
 * Errors are sticky: the first failure of a setter (out of memory, a cell
 * that does not exist, a column after the rows) is kept in the table and
 * makes every later setter a no-op, so that builders set cells without
 * checking each call and check eml_table_status once, and renderers
 * refuse a table in error rather than print it incomplete.
 */
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct eml_table {
  char *id, *title, *subtitle;
  eml_column *columns;
  size_t ncolumns, cap_columns;
  eml_cell *cells; /* cap_rows * ncolumns, the first nrows * ncolumns in use */
  int *row_flags;
  size_t nrows, cap_rows, cap_flags;
  char **notes;
  size_t nnotes, cap_notes;
  eml_status st; /* the first error of a setter; every setter is a no-op after it */
};

static char *dup_or_null(const char *s) { return s ? eml_strdup(s) : NULL; }

eml_table *eml_table_new(const char *id, const char *title) {
  eml_table *t = eml_calloc(1, sizeof *t);
  if (!t)
    return NULL;
  t->id = eml_strdup(id ? id : "table");
  t->title = eml_strdup(title ? _(title) : "");
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
  free(t->columns);
  free(t->cells);
  free(t->row_flags);
  eml_strings_free(t->notes, t->nnotes);
  free(t->id);
  free(t->title);
  free(t->subtitle);
  free(t);
}

void eml_tables_free(eml_table **tables, size_t count) {
  if (!tables)
    return;
  for (size_t i = 0; i < count; i++)
    eml_table_free(tables[i]);
  free(tables);
}

void eml_table_list_take(eml_table_list *l, eml_table *t) {
  if (!l->st && !t)
    l->st = EML_ERR_NOMEM;
  if (!l->st) {
    void *v = l->tables;
    l->st = eml_grow(&v, &l->cap, l->count + 1, sizeof *l->tables);
    l->tables = v;
  }
  if (l->st) {
    eml_table_free(t);
    return;
  }
  l->tables[l->count++] = t;
}

eml_table *eml_table_list_add(eml_table_list *l, const char *id, const char *title) {
  if (l->st)
    return NULL;
  eml_table *t = eml_table_new(id, title);
  eml_table_list_take(l, t);
  return l->st ? NULL : t;
}

void eml_table_list_fail(eml_table_list *l, eml_status st) {
  if (!l->st)
    l->st = st;
}

eml_status eml_table_list_finish(eml_table_list *l, eml_table ***tables, size_t *count) {
  eml_status st = l->st ? l->st : eml_tables_status(l->tables, l->count);
  if (st) {
    eml_tables_free(l->tables, l->count);
    *tables = NULL;
    *count = 0;
  } else {
    *tables = l->tables;
    *count = l->count;
  }
  memset(l, 0, sizeof *l);
  return st;
}

eml_status eml_table_status(const eml_table *t) { return t ? t->st : EML_ERR_NOMEM; }

eml_status eml_table_finish(eml_table *t, eml_table **out) {
  eml_status st = eml_table_status(t);
  if (st) {
    eml_table_free(t);
    t = NULL;
  }
  *out = t;
  return st;
}

eml_status eml_tables_status(eml_table *const *tables, size_t count) {
  for (size_t i = 0; i < count; i++) {
    eml_status st = eml_table_status(tables[i]);
    if (st)
      return st;
  }
  return EML_OK;
}

/* Whether a setter may go on: not when the table is in error (or NULL). */
static int table_ok(const eml_table *t) { return t && !t->st; }

/* Records st as the table's error when it is the first. */
static void table_fail(eml_table *t, eml_status st) {
  if (!t->st)
    t->st = st;
}

void eml_table_fail(eml_table *t, eml_status st) {
  if (t && st)
    table_fail(t, st);
}

void eml_table_add_column(eml_table *t, const char *group, const char *name, const char *key) {
  if (!table_ok(t))
    return;
  if (t->nrows > 0) {
    table_fail(t, EML_ERR_USAGE); /* columns come before rows */
    return;
  }
  void *columns = t->columns;
  eml_status st = eml_grow(&columns, &t->cap_columns, t->ncolumns + 1, sizeof *t->columns);
  t->columns = columns;
  if (st) {
    table_fail(t, st);
    return;
  }
  eml_column *c = &t->columns[t->ncolumns];
  c->group = dup_or_null(group ? _(group) : NULL);
  c->name = eml_strdup(name ? _(name) : "");
  c->key = eml_strdup(key ? key : (name ? name : "")); /* the French name: keys never move */
  if ((group && !c->group) || !c->name || !c->key) {
    free(c->group);
    free(c->name);
    free(c->key);
    table_fail(t, EML_ERR_NOMEM);
    return;
  }
  t->ncolumns++;
}

void eml_table_add_columns(eml_table *t, const eml_column_def *cols, size_t n) {
  for (size_t i = 0; i < n; i++)
    eml_table_add_column(t, cols[i].group, cols[i].name, cols[i].key);
}

void eml_table_add_row(eml_table *t, size_t *row) {
  if (row)
    *row = t ? t->nrows : 0; /* in error, a row that is not there: setters ignore it */
  if (!table_ok(t))
    return;
  /* the cells grow by whole rows: cap_rows rows of ncolumns cells (one
   * cell at least, so that a table without columns still has an array) */
  size_t width = t->ncolumns ? t->ncolumns : 1, cells_cap = t->cap_rows * width;
  void *cells = t->cells, *flags = t->row_flags;
  eml_status st = eml_grow(&cells, &cells_cap, (t->nrows + 1) * width, sizeof *t->cells);
  t->cells = cells;
  t->cap_rows = cells_cap / width;
  if (!st)
    st = eml_grow(&flags, &t->cap_flags, t->nrows + 1, sizeof *t->row_flags);
  t->row_flags = flags;
  if (st) {
    table_fail(t, st);
    return;
  }
  memset(&t->cells[t->nrows * t->ncolumns], 0, t->ncolumns * sizeof *t->cells);
  t->row_flags[t->nrows] = 0;
  t->nrows++;
}

/* The cell at (row, col) for a setter, cleared then given its kind and
 * flags; NULL (and the table in error) when the table is already in error
 * or the cell does not exist. */
static eml_cell *cell_to_set(eml_table *t, size_t row, size_t col, eml_cell_kind kind,
                             int flags) {
  if (!table_ok(t))
    return NULL;
  if (row >= t->nrows || col >= t->ncolumns) {
    table_fail(t, EML_ERR_USAGE);
    return NULL;
  }
  eml_cell *c = &t->cells[row * t->ncolumns + col];
  cell_clear(c);
  c->kind = kind;
  c->flags = flags;
  return c;
}

void eml_table_set_text(eml_table *t, size_t row, size_t col, const char *text) {
  /* NULL text: an empty cell */
  eml_cell *c = cell_to_set(t, row, col, EML_CELL_EMPTY, 0);
  if (!c || !text)
    return;
  if (!(c->text = eml_strdup(text)))
    table_fail(t, EML_ERR_NOMEM);
  else
    c->kind = EML_CELL_TEXT;
}

void eml_table_set_int(eml_table *t, size_t row, size_t col, int64_t v, int flags) {
  eml_cell *c = cell_to_set(t, row, col, EML_CELL_INT, flags);
  if (c)
    c->i = v;
}

void eml_table_set_real(eml_table *t, size_t row, size_t col, double v, int decimals,
                        int flags) {
  if (isnan(v)) { /* NAN, no value: an empty cell */
    cell_to_set(t, row, col, EML_CELL_EMPTY, 0);
    return;
  }
  eml_cell *c = cell_to_set(t, row, col, EML_CELL_REAL, flags);
  if (!c)
    return;
  c->r = v;
  c->decimals = decimals;
}

void eml_table_set_pair(eml_table *t, size_t row, size_t col, int64_t v, int has_v2, int64_t v2,
                        int flags) {
  eml_cell *c = cell_to_set(t, row, col, EML_CELL_PAIR, flags);
  if (!c)
    return;
  c->i = v;
  c->has_i2 = has_v2;
  c->i2 = v2;
}

void eml_table_set_row_flags(eml_table *t, size_t row, int flags) {
  if (!table_ok(t))
    return;
  if (row >= t->nrows) {
    table_fail(t, EML_ERR_USAGE);
    return;
  }
  t->row_flags[row] = flags;
}

/* Appends a note as it is (already in the current language). */
static void table_add_note_text(eml_table *t, const char *note) {
  if (!table_ok(t))
    return;
  void *notes = t->notes;
  eml_status st = eml_grow(&notes, &t->cap_notes, t->nnotes + 1, sizeof *t->notes);
  t->notes = notes;
  char *copy = st ? NULL : eml_strdup(note ? note : "");
  if (!copy) {
    table_fail(t, st ? st : EML_ERR_NOMEM);
    return;
  }
  t->notes[t->nnotes++] = copy;
}

void eml_table_add_note(eml_table *t, const char *note) { table_add_note_text(t, note ? _(note) : NULL); }

#define TABLE_NOTE_MAX ((size_t)64 * 1024)

void eml_table_add_notef(eml_table *t, const char *fmt, ...) {
  if (!table_ok(t))
    return;
  eml_buf b;
  eml_buf_init(&b, TABLE_NOTE_MAX);
  va_list ap;
  va_start(ap, fmt);
  eml_status st = eml_buf_vprintf(&b, _(fmt), ap);
  va_end(ap);
  if (st)
    table_fail(t, st);
  else
    table_add_note_text(t, b.data ? b.data : "");
  eml_buf_free(&b);
}

void eml_table_set_subtitle(eml_table *t, const char *subtitle) {
  if (!table_ok(t))
    return;
  char *copy = dup_or_null(subtitle ? _(subtitle) : NULL);
  if (subtitle && !copy) {
    table_fail(t, EML_ERR_NOMEM);
    return;
  }
  free(t->subtitle);
  t->subtitle = copy;
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

/* The cell flags SIGNED and PERCENT are eml/number.h's (same values). */
_Static_assert((int)EML_CELL_SIGNED == (int)EML_NUMBER_SIGNED &&
                   (int)EML_CELL_PERCENT == (int)EML_NUMBER_PERCENT,
               "cell flags are number flags");

void eml_cell_format(const eml_cell *c, int marks, char *buf, size_t size) {
  int flags = (c->flags & (EML_CELL_SIGNED | EML_CELL_PERCENT)) |
              (marks & (EML_NUMBER_POINT | EML_NUMBER_COMMA));
  buf[0] = '\0';
  switch (c->kind) {
  case EML_CELL_EMPTY:
    return;
  case EML_CELL_TEXT:
    snprintf(buf, size, "%s", c->text);
    return;
  case EML_CELL_INT:
    eml_int_format(c->i, flags, buf, size);
    return;
  case EML_CELL_PAIR: {
    char a[32], b[32];
    eml_int_format(c->i, flags, a, sizeof a);
    if (!c->has_i2) {
      snprintf(buf, size, "%s", a);
      return;
    }
    eml_int_format(c->i2, flags, b, sizeof b);
    snprintf(buf, size, "%s (%s)", a, b);
    return;
  }
  case EML_CELL_REAL:
    eml_number_format(c->r, c->decimals, flags, buf, size);
    return;
  }
}
