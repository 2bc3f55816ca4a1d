/*
 * render_xlsx.c — XLSX workbooks (libxlsxwriter), one worksheet per table
 * (spec registry.md "Outputs": one sheet per modality, footnotes under
 * their table).
 *
 * Sheet names come from the table id, made valid for Excel: the characters
 * [ ] : * ? / \ and control characters become '_', a leading or trailing
 * apostrophe too, at most 31 characters, "Feuille" when empty, and unique
 * without regard to ASCII case (" (2)", " (3)"... appended, the name cut
 * to make room).
 *
 * Sheet layout: the title (bold) in row 1, the subtitle under it when any,
 * then a row of groups when any column has one (a group is merged over its
 * consecutive columns; a column without group has its name merged over the
 * two header rows), the column names, the rows, an empty row and the
 * notes. Values stay values: INT and REAL cells are numbers, shown with the
 * table's decimals by a number format ("0.0", "0.0%" for a PERCENT real
 * stored as its fraction, "+0;-0;0" for SIGNED); a PAIR without second
 * member is a number, with one the text "66 (5)" (right-aligned); TEXT is
 * always written as a string, never as a formula. STRONG rows and cells
 * (Total) are bold. Column widths follow their longest shown value.
 * An error (a path that cannot be created, an error of libxlsxwriter)
 * becomes a diag naming the file; no workbook is left then.
 *
 * Reports, one sheet each (eml_render_reports_xlsx_file: the machine sheets
 * of `eml report machines --format xlsx`, issue 18): the report's items
 * down one sheet, tables laid out as above, a heat map as a grid of cells
 * filled with the colours the PDF draws (eml_chart_heat_cell_at), one
 * format per colour.
 */
#include "render_internal.h"
#include "eml/chart.h"
#include "eml/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#define CELL_MAX 512
#define SHEET_NAME_CHARS 31 /* Excel's limit, in characters */
#define SHEET_NAME_SIZE (SHEET_NAME_CHARS * 4 + 1)
#define DECIMALS_MAX 15
#define WIDTH_MIN 6
#define WIDTH_MAX 60

/* Style of a cell, as bits, so that one lxw_format serves each style. */
enum {
  STYLE_BOLD = 1,
  STYLE_RIGHT = 2,   /* text aligned as numbers (pairs "66 (5)") */
  STYLE_NUMBER = 4,  /* a number format follows */
  STYLE_PERCENT = 8,
  STYLE_SIGNED = 16,
  STYLE_HEADER = 32, /* column headers: bold, centred, shaded, bordered */
  STYLE_TITLE = 64,
  STYLE_ITALIC = 128,
  STYLE_DECIMALS_SHIFT = 8
};

/* Workbook formats by key, one lxw_format per key made on first use. When
 * memory runs out a format is not kept and its key's next cell makes
 * another: harmless. */
typedef struct xlsx_formats {
  struct {
    unsigned key;
    lxw_format *format;
  } *items;
  size_t n, cap;
} xlsx_formats;

typedef struct xlsx_doc {
  lxw_workbook *book;
  const char *path;
  eml_diag *diag;
  xlsx_formats formats; /* by style (xlsx_format) */
  char (*sheet_names)[SHEET_NAME_SIZE];
  size_t nsheets;
  xlsx_formats heat_formats; /* by 0xRRGGBB, dark text bit 24, share bit 25 (xlsx_heat_format) */
} xlsx_doc;

/* The format kept for key, or NULL. */
static lxw_format *formats_find(const xlsx_formats *c, unsigned key) {
  for (size_t i = 0; i < c->n; i++)
    if (c->items[i].key == key)
      return c->items[i].format;
  return NULL;
}

/* Keeps f for key (not when memory runs out); returns f. */
static lxw_format *formats_keep(xlsx_formats *c, unsigned key, lxw_format *f) {
  void *items = c->items;
  if (eml_grow(&items, &c->cap, c->n + 1, sizeof *c->items) == EML_OK) {
    c->items = items;
    c->items[c->n].key = key;
    c->items[c->n++].format = f;
  }
  return f;
}

/* Excel number format of a style: "0", "0.00", "0.0%", "+0.0;-0.0;0.0". */
static void xlsx_number_format(int style, char *out, size_t size) {
  char base[32] = "0";
  int decimals = style >> STYLE_DECIMALS_SHIFT;
  if (decimals > 0) {
    strcat(base, ".");
    for (int i = 0; i < decimals; i++)
      strcat(base, "0");
  }
  if (style & STYLE_PERCENT)
    strcat(base, "%");
  if (style & STYLE_SIGNED)
    snprintf(out, size, "+%s;-%s;%s", base, base, base);
  else
    snprintf(out, size, "%s", base);
}

/* The workbook format of a style, created on first use (NULL: default). */
static lxw_format *xlsx_format(xlsx_doc *doc, int style) {
  if (style == 0)
    return NULL;
  lxw_format *f = formats_find(&doc->formats, (unsigned)style);
  if (f || !(f = workbook_add_format(doc->book)))
    return f;
  if (style & (STYLE_BOLD | STYLE_HEADER | STYLE_TITLE))
    format_set_bold(f);
  if (style & STYLE_ITALIC)
    format_set_italic(f);
  if (style & STYLE_TITLE)
    format_set_font_size(f, 13);
  if (style & STYLE_RIGHT)
    format_set_align(f, LXW_ALIGN_RIGHT);
  if (style & STYLE_HEADER) {
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    format_set_bg_color(f, 0xEEEEEE);
    format_set_border(f, LXW_BORDER_THIN);
  }
  if (style & STYLE_NUMBER) {
    char number_format[80];
    xlsx_number_format(style, number_format, sizeof number_format);
    format_set_num_format(f, number_format);
  }
  return formats_keep(&doc->formats, (unsigned)style, f);
}

static eml_status xlsx_fail(xlsx_doc *doc, const char *sheet, lxw_error err) {
  eml_diag_set(doc->diag, doc->path, 0, NULL, NULL, 0, "feuille « %s » : %s", sheet,
               lxw_strerror(err));
  return EML_ERR_IO;
}

static int xlsx_sheet_name_used(const xlsx_doc *doc, const char *name) {
  for (size_t i = 0; i < doc->nsheets; i++)
    if (strcasecmp(doc->sheet_names[i], name) == 0)
      return 1;
  return 0;
}

/* A valid, unique sheet name from the table id, in out. */
static eml_status xlsx_sheet_name(xlsx_doc *doc, const char *id, char *out) {
  eml_buf clean;
  eml_buf_init(&clean, EML_RENDER_VALUE_MAX);
  eml_status st = eml_utf8_append_clean(&clean, id);
  if (st) {
    eml_buf_free(&clean);
    return st;
  }
  for (char *p = clean.data; *p; p++)
    if (strchr("[]:*?/\\", *p) || (unsigned char)*p < 0x20)
      *p = '_';
  size_t len = eml_utf8_prefix_len(clean.data, SHEET_NAME_CHARS);
  char base[SHEET_NAME_SIZE];
  memcpy(base, clean.data, len);
  base[len] = '\0';
  eml_buf_free(&clean);
  if (len == 0)
    snprintf(base, sizeof base, "Feuille");
  len = strlen(base);
  if (base[0] == '\'')
    base[0] = '_';
  if (base[len - 1] == '\'')
    base[len - 1] = '_';
  snprintf(out, SHEET_NAME_SIZE, "%s", base);
  for (unsigned n = 2; xlsx_sheet_name_used(doc, out); n++) {
    char suffix[16];
    int suffix_len = snprintf(suffix, sizeof suffix, " (%u)", n);
    size_t keep = eml_utf8_prefix_len(base, SHEET_NAME_CHARS - (size_t)suffix_len);
    snprintf(out, SHEET_NAME_SIZE, "%.*s%s", (int)keep, base, suffix);
  }
  return EML_OK;
}

/* Style of a data cell. */
static int xlsx_cell_style(const eml_table *t, size_t r, size_t c) {
  const eml_cell *cell = eml_table_cell(t, r, c);
  int style = eml_cell_is_strong(t, r, c) ? STYLE_BOLD : 0;
  int is_number = cell->kind == EML_CELL_INT ||
                  (cell->kind == EML_CELL_REAL && isfinite(cell->r)) ||
                  (cell->kind == EML_CELL_PAIR && !cell->has_i2);
  if (is_number) {
    style |= STYLE_NUMBER;
    if (cell->flags & EML_CELL_SIGNED)
      style |= STYLE_SIGNED;
    if (cell->kind == EML_CELL_REAL) {
      int decimals = cell->decimals < 0 ? 0 : cell->decimals;
      if (decimals > DECIMALS_MAX)
        decimals = DECIMALS_MAX;
      style |= decimals << STYLE_DECIMALS_SHIFT;
      if (cell->flags & EML_CELL_PERCENT)
        style |= STYLE_PERCENT;
    }
  } else if (eml_cell_is_numeric(cell)) {
    style |= STYLE_RIGHT; /* "66 (5)", a non-finite real */
  }
  return style;
}

/* Writes s (repaired to valid UTF-8) over the cells r1..r2 x c1..c2:
 * one cell, or a merged range. */
static lxw_error xlsx_text_range(xlsx_doc *doc, lxw_worksheet *ws, size_t r1, size_t c1,
                                 size_t r2, size_t c2, const char *s, int style) {
  eml_buf clean;
  eml_buf_init(&clean, EML_RENDER_VALUE_MAX);
  lxw_format *format = xlsx_format(doc, style);
  lxw_error err = LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED;
  if (eml_utf8_append_clean(&clean, s) == EML_OK)
    err = (r1 == r2 && c1 == c2)
              ? worksheet_write_string(ws, (lxw_row_t)r1, (lxw_col_t)c1, clean.data, format)
              : worksheet_merge_range(ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2,
                                      (lxw_col_t)c2, clean.data, format);
  eml_buf_free(&clean);
  return err;
}

static lxw_error xlsx_string(xlsx_doc *doc, lxw_worksheet *ws, size_t r, size_t c,
                             const char *s, int style) {
  return xlsx_text_range(doc, ws, r, c, r, c, s, style);
}

static lxw_error xlsx_cell(xlsx_doc *doc, lxw_worksheet *ws, const eml_table *t, size_t r,
                           size_t c, size_t sheet_row) {
  const eml_cell *cell = eml_table_cell(t, r, c);
  int style = xlsx_cell_style(t, r, c);
  lxw_format *format = xlsx_format(doc, style);
  char buf[CELL_MAX];
  if (style & STYLE_NUMBER)
    return worksheet_write_number(ws, (lxw_row_t)sheet_row, (lxw_col_t)c,
                                  cell->kind == EML_CELL_REAL ? cell->r : (double)cell->i,
                                  format);
  if (cell->kind == EML_CELL_EMPTY)
    return format ? worksheet_write_blank(ws, (lxw_row_t)sheet_row, (lxw_col_t)c, format)
                  : LXW_NO_ERROR;
  return xlsx_string(doc, ws, sheet_row, c, eml_cell_display(cell, buf, sizeof buf), style);
}

/* Group row (when any group) and names row, from sheet row `row`. */
static lxw_error xlsx_header(xlsx_doc *doc, lxw_worksheet *ws, const eml_table *t,
                             size_t row) {
  lxw_error err = LXW_NO_ERROR;
  size_t nc = eml_table_columns(t);
  if (!eml_table_has_groups(t)) {
    for (size_t c = 0; c < nc && !err; c++)
      err = xlsx_string(doc, ws, row, c, eml_table_column(t, c)->name, STYLE_HEADER);
    return err;
  }
  for (size_t c = 0; c < nc && !err;) {
    const eml_column *col = eml_table_column(t, c);
    size_t end = eml_group_end(t, c);
    if (!col->group) /* the name spans both header rows */
      err = xlsx_text_range(doc, ws, row, c, row + 1, c, col->name, STYLE_HEADER);
    else
      err = xlsx_text_range(doc, ws, row, c, row, end - 1, col->group, STYLE_HEADER);
    for (size_t k = c; k < end && col->group && !err; k++)
      err = xlsx_string(doc, ws, row + 1, k, eml_table_column(t, k)->name, STYLE_HEADER);
    c = end;
  }
  return err;
}

/* Widths from the longest shown value of each column (names included):
 * width[c] raised to the widths of t's columns c < n. */
static void xlsx_table_widths(const eml_table *t, size_t *width, size_t n) {
  char buf[CELL_MAX];
  for (size_t c = 0; c < eml_table_columns(t) && c < n; c++) {
    size_t w = eml_display_width(eml_table_column(t, c)->name);
    for (size_t r = 0; r < eml_table_rows(t); r++) {
      size_t cw = eml_display_width(eml_cell_display(eml_table_cell(t, r, c), buf, sizeof buf));
      if (cw > w)
        w = cw;
    }
    if (w > width[c])
      width[c] = w;
  }
}

/* Sets the widths of columns 0..n) (each kept within WIDTH_MIN..WIDTH_MAX). */
static lxw_error xlsx_set_widths(lxw_worksheet *ws, const size_t *width, size_t n) {
  lxw_error err = LXW_NO_ERROR;
  for (size_t c = 0; c < n && !err; c++) {
    size_t w = width[c] < WIDTH_MIN ? WIDTH_MIN : width[c] > WIDTH_MAX ? WIDTH_MAX : width[c];
    err = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w + 2, NULL);
  }
  return err;
}

/* Rows a table takes on a sheet (title, subtitle, headers, rows, notes). */
static size_t xlsx_table_height(const eml_table *t, size_t *first_data) {
  size_t nc = eml_table_columns(t), nr = eml_table_rows(t);
  size_t header_rows = nc == 0 ? 0 : eml_table_has_groups(t) ? 2 : 1;
  *first_data = 1 + (eml_table_subtitle(t) ? 1 : 0) + header_rows;
  return *first_data + nr + (eml_table_notes(t) ? 1 + eml_table_notes(t) : 0);
}

/* Writes t from sheet row `row` down (see the top of this file). */
static lxw_error xlsx_table_at(xlsx_doc *doc, lxw_worksheet *ws, const eml_table *t, size_t row) {
  size_t nc = eml_table_columns(t), nr = eml_table_rows(t), first_data;
  xlsx_table_height(t, &first_data);
  lxw_error err = xlsx_string(doc, ws, row++, 0, eml_table_title(t), STYLE_TITLE);
  if (!err && eml_table_subtitle(t))
    err = xlsx_string(doc, ws, row++, 0, eml_table_subtitle(t), STYLE_ITALIC);
  if (!err && nc > 0)
    err = xlsx_header(doc, ws, t, row);
  row += first_data - 1 - (eml_table_subtitle(t) ? 1 : 0);
  for (size_t r = 0; r < nr && !err; r++, row++)
    for (size_t c = 0; c < nc && !err; c++)
      err = xlsx_cell(doc, ws, t, r, c, row);
  if (eml_table_notes(t) > 0)
    row++; /* an empty row before the notes */
  for (size_t i = 0; i < eml_table_notes(t) && !err; i++, row++)
    err = xlsx_string(doc, ws, row, 0, eml_table_note(t, i), 0);
  return err;
}

/* A valid, unique sheet name from `id` in the next slot, and the sheet. */
static eml_status xlsx_new_sheet(xlsx_doc *doc, const char *id, lxw_worksheet **ws) {
  char *name = doc->sheet_names[doc->nsheets];
  eml_status st = xlsx_sheet_name(doc, id, name);
  if (st)
    return st;
  lxw_error invalid = workbook_validate_sheet_name(doc->book, name);
  if (invalid)
    return xlsx_fail(doc, name, invalid);
  *ws = workbook_add_worksheet(doc->book, name);
  if (!*ws)
    return xlsx_fail(doc, name, LXW_ERROR_MEMORY_MALLOC_FAILED);
  doc->nsheets++;
  return EML_OK;
}

static eml_status xlsx_sheet(xlsx_doc *doc, const eml_table *t) {
  size_t nc = eml_table_columns(t), nr = eml_table_rows(t), first_data;
  if (nc > LXW_COL_MAX || xlsx_table_height(t, &first_data) > LXW_ROW_MAX) {
    char name[SHEET_NAME_SIZE];
    eml_status st = xlsx_sheet_name(doc, eml_table_id(t), name);
    char rows[48], cols[48];
    snprintf(rows, sizeof rows, _n("%zu ligne", "%zu lignes", nr), nr);
    snprintf(cols, sizeof cols, _n("%zu colonne", "%zu colonnes", nc), nc);
    if (!st)
      eml_diag_set(doc->diag, doc->path, 0, NULL, NULL, 0,
                   "table « %s » (%s, %s) trop grande pour une feuille de calcul", name, rows,
                   cols);
    return st ? st : EML_ERR_TOO_LARGE;
  }
  lxw_worksheet *ws;
  eml_status st = xlsx_new_sheet(doc, eml_table_id(t), &ws);
  if (st)
    return st;
  const char *name = doc->sheet_names[doc->nsheets - 1];
  size_t *width = calloc(nc ? nc : 1, sizeof *width);
  if (!width)
    return EML_ERR_NOMEM;
  lxw_error err = xlsx_table_at(doc, ws, t, 0);
  xlsx_table_widths(t, width, nc);
  if (!err)
    err = xlsx_set_widths(ws, width, nc);
  free(width);
  if (err)
    return xlsx_fail(doc, name, err);
  if (nc > 0)
    worksheet_freeze_panes(ws, (lxw_row_t)first_data, 0);
  return EML_OK;
}

/* Creates the file before libxlsxwriter does, so that a path that cannot
 * be written is told with the system's reason, and libxlsxwriter does not
 * print its own message on stderr (the library never prints). */
static eml_status xlsx_check_writable(const char *path, eml_diag *diag) {
  FILE *f = fopen(path, "wb");
  if (!f) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "création du classeur impossible : %s",
                 eml_errno_text(errno));
    return EML_ERR_IO;
  }
  fclose(f);
  return EML_OK;
}

/* Finishes the workbook after the sheets (st: their status): nothing
 * written on an error, else closed (no half-written file left). */
static eml_status xlsx_finish(xlsx_doc *doc, eml_status st) {
  if (!st)
    st = xlsx_check_writable(doc->path, doc->diag);
  if (st) {
    lxw_workbook_free(doc->book); /* nothing written */
  } else {
    lxw_error err = workbook_close(doc->book);
    if (err) {
      eml_diag_set(doc->diag, doc->path, 0, NULL, NULL, 0, "écriture du classeur impossible : %s",
                   lxw_strerror(err));
      remove(doc->path); /* no half-written workbook */
      st = EML_ERR_IO;
    }
  }
  free(doc->sheet_names);
  free(doc->formats.items);
  free(doc->heat_formats.items);
  return st;
}

/* A table in error is refused before the file is made. */
static eml_status xlsx_refuse_incomplete(eml_table *const *tables, size_t count, const char *path,
                                         eml_diag *diag) {
  eml_status incomplete = eml_tables_status(tables, count);
  if (incomplete)
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "une table est incomplète : %s",
                 eml_strerror(incomplete));
  return incomplete;
}

/* A workbook of `sheets` sheets at most. */
static eml_status xlsx_open(xlsx_doc *doc, size_t sheets) {
  doc->sheet_names = calloc(sheets ? sheets : 1, sizeof *doc->sheet_names);
  doc->book = doc->sheet_names ? workbook_new(doc->path) : NULL;
  if (!doc->book) {
    free(doc->sheet_names);
    return EML_ERR_NOMEM;
  }
  return EML_OK;
}

/* Writes the workbook of `count` sheets, sheet(doc, i, ctx) each. */
typedef eml_status (*xlsx_sheet_fn)(xlsx_doc *doc, size_t i, const void *ctx);
static eml_status xlsx_write(xlsx_doc *doc, size_t count, xlsx_sheet_fn sheet, const void *ctx) {
  eml_status st = xlsx_open(doc, count);
  if (st)
    return st;
  for (size_t i = 0; i < count && !st; i++)
    st = sheet(doc, i, ctx);
  return xlsx_finish(doc, st);
}

static eml_status table_sheet(xlsx_doc *doc, size_t i, const void *ctx) {
  return xlsx_sheet(doc, ((eml_table *const *)ctx)[i]);
}

eml_status eml_render_xlsx_file(eml_table *const *tables, size_t count, const char *path,
                                eml_diag *diag) {
  xlsx_doc doc = {.path = path, .diag = diag};
  if (count == 0) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "aucune table à écrire dans le classeur");
    return EML_ERR_EMPTY;
  }
  eml_status incomplete = xlsx_refuse_incomplete(tables, count, path, diag);
  if (incomplete)
    return incomplete;
  return xlsx_write(&doc, count, table_sheet, tables);
}

/* ---- reports, one sheet each (the machine sheets) ---- */

/* The format of a heat cell: its fill and text colours, the number shown
 * as the drawing shows it (a share in whole per cent, else one decimal),
 * centred, thin grey borders; one per colour, made on first use. */
static lxw_format *xlsx_heat_format(xlsx_doc *doc, const eml_chart_heat_cell *cell) {
  unsigned key = cell->rgb | (unsigned)cell->dark << 24 | (unsigned)cell->share << 25;
  lxw_format *f = formats_find(&doc->heat_formats, key);
  if (f || !(f = workbook_add_format(doc->book)))
    return f;
  format_set_bg_color(f, (lxw_color_t)cell->rgb);
  format_set_pattern(f, LXW_PATTERN_SOLID);
  format_set_font_color(f, cell->dark ? 0xFFFFFF : 0x262626);
  format_set_num_format(f, cell->share ? "0%" : "0.0");
  format_set_align(f, LXW_ALIGN_CENTER);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_border_color(f, 0xE0E0E0);
  return formats_keep(&doc->heat_formats, key, f);
}

/* A chart from sheet row *row down: its title; a HEAT chart then its grid
 * (the column ticks, one row per row tick, a coloured cell per point).
 * Other kinds: their title only (the drawing is the PDF's). *row: the row
 * after it. */
static lxw_error xlsx_chart_at(xlsx_doc *doc, lxw_worksheet *ws, const eml_chart *chart,
                               size_t *row) {
  const char *title = eml_chart_title(chart);
  lxw_error err = xlsx_string(doc, ws, (*row)++, 0, title ? title : "", STYLE_TITLE);
  size_t n = eml_chart_heat_cells(chart), rows = eml_chart_ticks(chart, 1);
  if (err || n == 0)
    return err;
  for (size_t c = 0; c < eml_chart_ticks(chart, 0) && !err; c++)
    err = xlsx_string(doc, ws, *row, c + 1, eml_chart_tick(chart, 0, c), STYLE_HEADER);
  for (size_t r = 0; r < rows && !err; r++)
    err = xlsx_string(doc, ws, *row + 1 + r, 0, eml_chart_tick(chart, 1, r), STYLE_HEADER);
  for (size_t i = 0; i < n && !err; i++) {
    eml_chart_heat_cell cell;
    if (eml_chart_heat_cell_at(chart, i, &cell) != EML_OK || cell.column < 0 || cell.row < 0)
      continue;
    if ((size_t)cell.row >= rows)
      rows = (size_t)cell.row + 1;
    lxw_format *format = xlsx_heat_format(doc, &cell);
    size_t at = *row + 1 + (size_t)cell.row, col = (size_t)cell.column + 1;
    err = at > LXW_ROW_MAX || col >= LXW_COL_MAX ? LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE
          : isfinite(cell.value)
              ? worksheet_write_number(ws, (lxw_row_t)at, (lxw_col_t)col, cell.value, format)
              : worksheet_write_blank(ws, (lxw_row_t)at, (lxw_col_t)col, format);
  }
  *row += 1 + rows;
  return err;
}

/* One report as one sheet: its items down the sheet, an empty row after
 * each table and chart. */
static eml_status xlsx_report_sheet(xlsx_doc *doc, const eml_report *r, const char *name) {
  size_t columns = 1;
  for (size_t i = 0; i < eml_report_items(r, 0); i++) {
    const eml_report_item *it = eml_report_item_at(r, 0, i);
    size_t nc = it->kind == EML_REPORT_TABLE ? eml_table_columns(it->table)
                : it->kind == EML_REPORT_CHART ? 1 + eml_chart_ticks(it->chart, 0)
                                               : 1;
    if (nc > columns)
      columns = nc;
  }
  if (columns > LXW_COL_MAX) {
    char cols[48];
    snprintf(cols, sizeof cols, _n("%zu colonne", "%zu colonnes", columns), columns);
    eml_diag_set(doc->diag, doc->path, 0, NULL, NULL, 0,
                 "feuille « %s » (%s) trop large pour une feuille de calcul", name, cols);
    return EML_ERR_TOO_LARGE;
  }
  lxw_worksheet *ws;
  eml_status st = xlsx_new_sheet(doc, name, &ws);
  if (st)
    return st;
  name = doc->sheet_names[doc->nsheets - 1];
  size_t *width = calloc(columns, sizeof *width);
  if (!width)
    return EML_ERR_NOMEM;
  size_t row = 0;
  lxw_error err = LXW_NO_ERROR;
  for (size_t i = 0; i < eml_report_items(r, 0) && !err; i++) {
    const eml_report_item *it = eml_report_item_at(r, 0, i);
    size_t first_data;
    switch (it->kind) {
    case EML_REPORT_TABLE:
      err = xlsx_table_at(doc, ws, it->table, row);
      xlsx_table_widths(it->table, width, columns);
      row += xlsx_table_height(it->table, &first_data) + 1;
      break;
    case EML_REPORT_CHART:
      err = xlsx_chart_at(doc, ws, it->chart, &row);
      if (!err && it->caption)
        err = xlsx_string(doc, ws, row++, 0, it->caption, STYLE_ITALIC);
      row++;
      break;
    case EML_REPORT_HEADING:
      err = xlsx_string(doc, ws, row++, 0, it->text, STYLE_TITLE);
      break;
    case EML_REPORT_TEXT:
      err = xlsx_string(doc, ws, row++, 0, it->text, 0);
      break;
    }
  }
  if (!err)
    err = xlsx_set_widths(ws, width, columns);
  free(width);
  return err ? xlsx_fail(doc, name, err) : EML_OK;
}

typedef struct report_sheets {
  const eml_report *const *reports;
  const char *const *names;
} report_sheets;

static eml_status report_sheet(xlsx_doc *doc, size_t i, const void *ctx) {
  const report_sheets *sheets = ctx;
  return xlsx_report_sheet(doc, sheets->reports[i], sheets->names[i]);
}

eml_status eml_render_reports_xlsx_file(const eml_report *const *reports,
                                        const char *const *sheet_names, size_t count,
                                        const char *path, eml_diag *diag) {
  xlsx_doc doc = {.path = path, .diag = diag};
  if (count == 0) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "aucun rapport à écrire dans le classeur");
    return EML_ERR_EMPTY;
  }
  for (size_t i = 0; i < count; i++) {
    eml_table **tables = NULL;
    size_t n = 0;
    eml_status st = eml_report_tables(reports[i], &tables, &n);
    eml_status incomplete = st ? st : xlsx_refuse_incomplete(tables, n, path, diag);
    free(tables);
    if (incomplete)
      return incomplete;
  }
  report_sheets sheets = {reports, sheet_names};
  return xlsx_write(&doc, count, report_sheet, &sheets);
}
