/*
 * eml/table.h — the one table model of eml. Every report is a list of
 * tables (typed cells, column headers in optional groups, notes under the
 * table); each renderer of eml/render.h writes them in one format. Charts
 * take the same data.
 *
 * Ownership: a table owns every string given to it (copied on the way in).
 * Rows and columns are appended; cells are addressed by (row, column), both
 * 0-based; a cell never set is empty.
 */
#ifndef EML_TABLE_H
#define EML_TABLE_H

#include <stddef.h>
#include <stdint.h>

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

eml_status eml_table_add_column(eml_table *t, const char *group, const char *name,
                                const char *key);
/* Appends an empty row; returns its index in *row (may be NULL). */
eml_status eml_table_add_row(eml_table *t, size_t *row);
eml_status eml_table_set_text(eml_table *t, size_t row, size_t col, const char *text);
eml_status eml_table_set_int(eml_table *t, size_t row, size_t col, int64_t v, int flags);
eml_status eml_table_set_real(eml_table *t, size_t row, size_t col, double v, int decimals,
                              int flags);
eml_status eml_table_set_pair(eml_table *t, size_t row, size_t col, int64_t v, int has_v2,
                              int64_t v2, int flags);
/* Marks a row (e.g. the Total row) so renderers can emphasise it. */
eml_status eml_table_set_row_flags(eml_table *t, size_t row, int flags);
/* A note printed under the table, in order of addition. */
eml_status eml_table_add_note(eml_table *t, const char *note);
eml_status eml_table_set_subtitle(eml_table *t, const char *subtitle);

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

/* Display text of a cell: French decimal comma when decimal_comma, '+' for
 * SIGNED positives, "66 (5)" for pairs. Always NUL-terminated. */
void eml_cell_format(const eml_cell *cell, int decimal_comma, char *buf, size_t size);

#endif
