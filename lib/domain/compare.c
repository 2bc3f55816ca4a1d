/*
 * compare.c — checks computed balance tables against a published file in
 * the seed's layout (eml/balance.h, eml_balance_compare; registry.md:
 * "`eml bilan --compare PUBLISHED.tsv` ... lists every cell that differs").
 *
 * The published file is read line by line, tab-separated: a line whose
 * text is a modality title ("Scanners (TDM)") opens that table; a line whose
 * first field is one of the table's row labels (territory or "Total") is a
 * row, compared cell by cell, by position, after trimming spaces; every
 * other line (headers, notes, titles of the report) is ignored. Rows of the
 * computed table absent from the file are differences too.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PUBLISHED_MAX_BYTES (64u << 20)
#define MAX_FIELDS 64

static void trim(const char **s, size_t *len) {
  while (*len && (**s == ' ' || **s == '\t' || **s == '\r')) {
    (*s)++;
    (*len)--;
  }
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
    (*len)--;
}

static int text_equal(const char *s, size_t len, const char *t) {
  return strlen(t) == len && memcmp(s, t, len) == 0;
}

static void column_label(const eml_table *t, size_t col, char *buf, size_t size) {
  const eml_column *c = eml_table_column(t, col);
  if (c->group)
    snprintf(buf, size, "%s — %s", c->group, c->name);
  else
    snprintf(buf, size, "%s", c->name);
}

/* Compares one published row with computed row r of table t. */
static void compare_row(const eml_table *t, size_t r, char **fields, size_t nfields,
                        const char *path, long line, eml_compare_fn fn, void *ctx,
                        eml_compare_result *res) {
  size_t ncols = eml_table_columns(t);
  const char *label = eml_table_cell(t, r, 0)->text;
  size_t last = nfields > ncols ? nfields : ncols;
  for (size_t c = 1; c < last; c++) {
    char computed[256] = "", column[256];
    if (c < ncols)
      eml_cell_format(eml_table_cell(t, r, c), EML_NUMBER_COMMA, computed,
                      sizeof computed); /* the published tables' comma */
    const char *pub = c < nfields ? fields[c] : "";
    size_t plen = strlen(pub);
    trim(&pub, &plen);
    char published[256];
    snprintf(published, sizeof published, "%.*s", (int)plen, pub);
    res->cells++;
    if (strcmp(published, computed) == 0)
      continue;
    res->differences++;
    if (c < ncols)
      column_label(t, c, column, sizeof column);
    else
      snprintf(column, sizeof column, _("colonne %zu (en trop)"), c + 1);
    eml_compare_difference d = {path,  line,    eml_table_title(t), label ? label : "",
                                column, published, computed};
    fn(ctx, &d);
  }
}

eml_status eml_balance_compare(eml_table *const *tables, size_t count, const char *path,
                               eml_compare_fn fn, void *ctx, eml_compare_result *res,
                               eml_diag *diag) {
  memset(res, 0, sizeof *res);
  FILE *f = fopen(path, "rb");
  if (!f) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, _("ouverture impossible : %s"),
                 eml_errno_text(errno));
    return EML_ERR_IO;
  }
  eml_buf text;
  eml_buf_init(&text, PUBLISHED_MAX_BYTES);
  char chunk[65536];
  size_t n;
  eml_status st = EML_OK;
  while (!st && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
    st = eml_buf_append(&text, chunk, n);
  fclose(f);
  if (st) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "fichier publié de plus de 64 Mio");
    eml_buf_free(&text);
    return st;
  }
  if (!text.data || eml_utf8_invalid_at(text.data, text.len) < text.len) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0,
                 text.data ? N_("pas de l'UTF-8 valide (convertir le fichier publié en UTF-8)")
                           : N_("fichier vide"));
    eml_buf_free(&text);
    return text.data ? EML_ERR_ENCODING : EML_ERR_EMPTY;
  }
  /* seen[t][r]: computed row r of table t was found in the file */
  char **seen = calloc(count ? count : 1, sizeof *seen);
  for (size_t t = 0; seen && t < count; t++)
    if (!(seen[t] = calloc(eml_table_rows(tables[t]) + 1, 1)))
      st = EML_ERR_NOMEM;
  if (!seen)
    st = EML_ERR_NOMEM;

  const eml_table *current = NULL;
  size_t current_index = 0;
  long line = 0;
  char *p = text.data, *end = text.data + text.len;
  while (!st && p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *eol = nl ? nl : end;
    line++;
    const char *s = p;
    size_t len = (size_t)(eol - p);
    trim(&s, &len);
    /* a title line opens a table */
    int is_title = 0;
    for (size_t t = 0; t < count && len; t++)
      if (text_equal(s, len, eml_table_title(tables[t]))) {
        current = tables[t];
        current_index = t;
        is_title = 1;
        res->tables++;
      }
    if (!is_title && current && len) {
      char *fields[MAX_FIELDS];
      size_t nfields = 0;
      *eol = '\0';
      for (char *q = p; nfields < MAX_FIELDS;) {
        fields[nfields++] = q;
        char *tab = strchr(q, '\t');
        if (!tab)
          break;
        *tab = '\0';
        q = tab + 1;
      }
      const char *label = fields[0];
      size_t llen = strlen(label);
      trim(&label, &llen);
      for (size_t r = 0; r < eml_table_rows(current); r++) {
        const eml_cell *c = eml_table_cell(current, r, 0);
        if (c->text && text_equal(label, llen, c->text)) {
          res->rows++;
          seen[current_index][r] = 1;
          compare_row(current, r, fields, nfields, path, line, fn, ctx, res);
          break;
        }
      }
    }
    p = nl ? nl + 1 : end;
  }
  /* rows absent from the file are differences, once the file holds at
   * least one table (else it is not a published balance at all: no noise) */
  for (size_t t = 0; !st && res->tables && t < count; t++) {
    for (size_t r = 0; r < eml_table_rows(tables[t]); r++) {
      if (seen[t][r])
        continue;
      res->differences++;
      const char *label = eml_table_cell(tables[t], r, 0)->text;
      eml_compare_difference d = {path, 0, eml_table_title(tables[t]), label ? label : "",
                                  _("ligne"), _("(absente)"), _("(calculée)")};
      fn(ctx, &d);
    }
  }
  for (size_t t = 0; seen && t < count; t++)
    free(seen[t]);
  free(seen);
  eml_buf_free(&text);
  if (!st && res->tables == 0) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0,
                 "aucun tableau du bilan trouvé (une ligne doit porter un titre tel que "
                 "« Scanners (TDM) »)");
    return EML_ERR_VALUE;
  }
  if (!st && res->differences)
    st = EML_ERR_DIFFERS;
  return st;
}
