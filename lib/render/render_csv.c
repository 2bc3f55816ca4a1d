/*
 * render_csv.c — CSV for French spreadsheets (spec README "Outputs"):
 * UTF-8 with a byte-order mark, ';' between fields, CRLF line ends, numbers
 * as they are shown in text (decimal comma, the seeds' decimals: "60,6 %",
 * "66 (5)"), RFC 4180 quoting of a field holding ';', '"', CR or LF.
 *
 * Layout of each table: its title as a one-field line, its subtitle (when
 * any) likewise, the header line (column names, "Groupe - Nom" for a column
 * in a group), the rows, then each note as a one-field line. Tables are
 * separated by an empty line; the byte-order mark starts the document once.
 *
 * Formula injection (OWASP "CSV Injection"): a text field — cell, title,
 * header or note — starting with '=', '+', '-', '@', TAB or CR gets a
 * leading "'" so that a spreadsheet shows it as text. Numbers (INT, REAL,
 * PAIR cells) are never touched: an INT -2 stays the number -2.
 */
#include "render_internal.h"

#include <string.h>

#define CSV_BOM "\xEF\xBB\xBF"
#define CSV_EOL "\r\n"
#define CELL_MAX 512

static int csv_is_formula_like(const char *s) {
  return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static const char *csv_quote_doubled(char c) {
  (void)c; /* only '"' is special inside a quoted field */
  return "\"\"";
}

/* Writes one field; text fields are guarded against formula injection.
 * (Repairing UTF-8 only changes bytes >= 0x80: the tests on the first
 * byte and on ; " CR LF give the same answer before and after.) */
static eml_status csv_field(eml_write_fn write, void *ctx, const char *value, int is_text) {
  int quote = strpbrk(value, ";\"\r\n") != NULL;
  eml_status st = quote ? eml_emit(write, ctx, "\"") : EML_OK;
  if (!st && is_text && csv_is_formula_like(value))
    st = eml_emit(write, ctx, "'");
  if (!st)
    st = eml_emit_escaped(write, ctx, value, quote ? "\"" : "", csv_quote_doubled);
  if (!st && quote)
    st = eml_emit(write, ctx, "\"");
  return st;
}

static eml_status csv_line(eml_write_fn write, void *ctx, const char *text) {
  eml_status st = csv_field(write, ctx, text, 1);
  return st ? st : eml_emit(write, ctx, CSV_EOL);
}

static eml_status csv_header(const eml_table *t, eml_write_fn write, void *ctx) {
  eml_status st = EML_OK;
  for (size_t c = 0; c < eml_table_columns(t) && !st; c++) {
    eml_buf header;
    eml_buf_init(&header, EML_RENDER_VALUE_MAX);
    st = eml_column_header(eml_table_column(t, c), " - ", &header);
    if (!st && c > 0)
      st = eml_emit(write, ctx, ";");
    if (!st)
      st = csv_field(write, ctx, header.data, 1);
    eml_buf_free(&header);
  }
  return st ? st : eml_emit(write, ctx, CSV_EOL);
}

static eml_status csv_table(const eml_table *t, eml_write_fn write, void *ctx) {
  eml_status st = csv_line(write, ctx, eml_table_title(t));
  if (!st && eml_table_subtitle(t))
    st = csv_line(write, ctx, eml_table_subtitle(t));
  if (!st)
    st = csv_header(t, write, ctx);
  char buf[CELL_MAX];
  for (size_t r = 0; r < eml_table_rows(t) && !st; r++) {
    for (size_t c = 0; c < eml_table_columns(t) && !st; c++) {
      const eml_cell *cell = eml_table_cell(t, r, c);
      if (c > 0)
        st = eml_emit(write, ctx, ";");
      /* numbers are data: the seeds' decimal comma in both languages */
      if (!st && cell->kind == EML_CELL_TEXT)
        st = csv_field(write, ctx, cell->text, 1);
      else if (!st) {
        eml_cell_format(cell, EML_NUMBER_COMMA, buf, sizeof buf);
        st = csv_field(write, ctx, buf, 0);
      }
    }
    if (!st)
      st = eml_emit(write, ctx, CSV_EOL);
  }
  for (size_t i = 0; i < eml_table_notes(t) && !st; i++)
    st = csv_line(write, ctx, eml_table_note(t, i));
  return st;
}

eml_status eml_render_csv(eml_table *const *tables, size_t count, eml_write_fn write,
                          void *ctx) {
  eml_status st = eml_emit(write, ctx, CSV_BOM);
  for (size_t i = 0; i < count && !st; i++) {
    if (i > 0)
      st = eml_emit(write, ctx, CSV_EOL);
    if (!st)
      st = csv_table(tables[i], write, ctx);
  }
  return st;
}
