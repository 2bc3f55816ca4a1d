/*
 * eml/table.h — the one table model of eml. Every report is a list of
 * tables (typed cells, column headers in optional groups, notes under the
 * table); each renderer of eml/render.h writes them in one format. Charts
 * take the same data.
 *
 * Ownership: a table owns every string given to it (copied on the way in).
 * Rows and columns are appended; cells are addressed by (row, column), both
 * 0-based; a cell never set is empty. Errors: see the setters below (a
 * table keeps its first error; one check per built table).
 */
#ifndef EML_TABLE_H
#define EML_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "number.h"
#include "status.h"

typedef enum {
  EML_CELL_EMPTY = 0,
  EML_CELL_TEXT,
  EML_CELL_INT,  /* i */
  EML_CELL_REAL, /* r, shown with `decimals` digits */
  EML_CELL_PAIR  /* i, and i2 in parentheses when has_i2: "66 (5)" */
} eml_cell_kind;

enum {
  EML_CELL_SIGNED = 1,  /* numbers > 0 shown with a '+' (gaps) */
  EML_CELL_PERCENT = 2, /* REAL shown as a percentage: 0.606 -> "60,6 %" */
  EML_CELL_STRONG = 4   /* emphasis (Total rows, verdicts) */
};

typedef struct eml_cell {
  eml_cell_kind kind;
  int flags;
  int decimals;
  int has_i2;
  int64_t i, i2;
  double r;
  char *text; /* TEXT: the text; other kinds: NULL */
} eml_cell;

typedef struct eml_column {
  char *group; /* spanning header above the column ("Appareils"), or NULL */
  char *name;  /* header shown ("Borne haute") */
  char *key;   /* stable machine name for JSON/CSV keys ("devices_high") */
} eml_column;

typedef struct eml_table eml_table;

/* id: short stable name (sheet name, JSON key), title: shown above. */
eml_table *eml_table_new(const char *id, const char *title);
void eml_table_free(eml_table *table); /* accepts NULL */
/* Frees each table of an array, then the array (accepts NULL): the
 * arrays the builders of the domains hand over. */
void eml_tables_free(eml_table **tables, size_t count);

/* Setters. A table remembers its first error: a setter that fails (out of
 * memory; a cell, row or column that does not exist; a column added after
 * the rows) records it, and every setter after it does nothing. The
 * function that builds a table checks eml_table_status once, before it
 * returns the table; every renderer refuses a table in error with its
 * status, so that a forgotten check cannot print an incomplete report.
 * A NULL table (eml_table_new failed) is a table in error: the setters
 * accept it and eml_table_status says EML_ERR_NOMEM. */
void eml_table_add_column(eml_table *t, const char *group, const char *name, const char *key);
/* A column written as data, for a table of them: group (or NULL), name, key. */
typedef struct eml_column_def {
  const char *group, *name, *key;
} eml_column_def;
/* Adds the n columns of cols, in order (eml_table_add_column each). */
void eml_table_add_columns(eml_table *t, const eml_column_def *cols, size_t n);
/* Appends an empty row; its index in *row (may be NULL). */
void eml_table_add_row(eml_table *t, size_t *row);
void eml_table_set_text(eml_table *t, size_t row, size_t col, const char *text); /* NULL: empty */
void eml_table_set_int(eml_table *t, size_t row, size_t col, int64_t v, int flags);
/* NAN leaves the cell empty. */
void eml_table_set_real(eml_table *t, size_t row, size_t col, double v, int decimals, int flags);
void eml_table_set_pair(eml_table *t, size_t row, size_t col, int64_t v, int has_v2, int64_t v2,
                        int flags);
/* Marks a row (e.g. the Total row) so renderers can emphasise it. */
void eml_table_set_row_flags(eml_table *t, size_t row, int flags);
/* A note printed under the table, in order of addition. */
void eml_table_add_note(eml_table *t, const char *note);
/* The same, composed as printf would (a note of more than 64 KiB puts the
 * table in error, EML_ERR_TOO_LARGE). */
void eml_table_add_notef(eml_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void eml_table_set_subtitle(eml_table *t, const char *subtitle);

/* Records an error of the builder itself (a value it could not compose)
 * as the table's, when it is the first: the table is then in error. */
void eml_table_fail(eml_table *t, eml_status st);
/* The first error of the table's setters, EML_OK when none; EML_ERR_NOMEM
 * for NULL. */
eml_status eml_table_status(const eml_table *t) EML_MUST_CHECK;
/* The one check of a built table: when it is in error, frees it, sets
 * *out to NULL and returns the error; otherwise hands it to *out. */
eml_status eml_table_finish(eml_table *t, eml_table **out) EML_MUST_CHECK;
/* The first error among the tables (eml_table_status of each, in order). */
eml_status eml_tables_status(eml_table *const *tables, size_t count) EML_MUST_CHECK;

const char *eml_table_id(const eml_table *t);
const char *eml_table_title(const eml_table *t);
const char *eml_table_subtitle(const eml_table *t); /* NULL when none */
size_t eml_table_rows(const eml_table *t);
size_t eml_table_columns(const eml_table *t);
const eml_column *eml_table_column(const eml_table *t, size_t col);
const eml_cell *eml_table_cell(const eml_table *t, size_t row, size_t col);
int eml_table_row_flags(const eml_table *t, size_t row);
size_t eml_table_notes(const eml_table *t);
const char *eml_table_note(const eml_table *t, size_t i);

/* A list of tables being built, sticky as a table: the first error (its
 * own allocation, or a table that could not be made) is kept, and adding
 * after it does nothing (the table given is freed). A zeroed list is
 * empty. eml_table_list_finish is the one check of the list and of every
 * table in it (eml_tables_status). */
typedef struct eml_table_list {
  eml_table **tables;
  size_t count, cap;
  eml_status st;
} eml_table_list;
/* Makes a table and appends it; returns it, or NULL (the list in error). */
eml_table *eml_table_list_add(eml_table_list *l, const char *id, const char *title);
/* Appends t, which the list then owns (NULL: the list is in error
 * EML_ERR_NOMEM). */
void eml_table_list_take(eml_table_list *l, eml_table *t);
/* Records an error of the builder itself, when it is the first. */
void eml_table_list_fail(eml_table_list *l, eml_status st);
/* When the list or one of its tables is in error: frees them all, sets
 * *tables NULL and *count 0, returns the error. Otherwise hands the array
 * over (the caller frees it with eml_tables_free). The list is left empty. */
eml_status eml_table_list_finish(eml_table_list *l, eml_table ***tables, size_t *count)
    EML_MUST_CHECK;

/* Display text of a cell (eml/number.h): the decimal mark of the language
 * ("1,4", "1.4" in English) when marks is 0, or the one marks forces
 * (EML_NUMBER_COMMA: the data of a CSV; EML_NUMBER_POINT); '+' for SIGNED
 * positives, "66 (5)" for pairs. Always NUL-terminated. */
void eml_cell_format(const eml_cell *cell, int marks, char *buf, size_t size);

#endif
