/*
 * render_html.c — one self-contained HTML5 document (no external asset:
 * a small inline style) holding every table of the report, in French
 * (lang="fr"). Each table: <caption> with the title (and the subtitle in a
 * <span class="subtitle">), a <thead> of one row, or of two when columns
 * have groups — the group spans its consecutive columns (colspan) and a
 * column without group spans both rows (rowspan="2") —, a <tbody> where
 * numbers are <td class="num"> (right-aligned) shown as in text (decimal
 * comma, the seeds' decimals), STRONG rows (Total) are <tr class="total">
 * and STRONG values are in <strong>; then the notes as <p class="note">.
 * Every value is escaped (& < > " ') and repaired to valid UTF-8; control
 * bytes other than TAB, LF and CR become U+FFFD.
 */
#include "render_internal.h"

#include <stdio.h>

#define CELL_MAX 512

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"fr\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>";

const char eml_html_table_css[] =
    "table{border-collapse:collapse;margin:1.5em 0 .5em}\n"
    "caption{font-weight:bold;text-align:left;padding-bottom:.4em}\n"
    "caption .subtitle{display:block;font-weight:normal}\n"
    "th,td{border:1px solid #bbb;padding:.2em .6em}\n"
    "th{background:#eee}\n"
    ".num{text-align:right;white-space:nowrap}\n"
    "tr.total td{border-top:2px solid #555}\n"
    "p.note{margin:.3em 0;font-size:.9em}\n";

static const char html_style_open[] = "</title>\n"
                                      "<style>\n"
                                      "body{font-family:sans-serif;margin:1.5em;color:#222}\n";
static const char html_style_close[] = "</style>\n"
                                       "</head>\n"
                                       "<body>\n";

/* Writes open, the escaped value, close. */
static eml_status html_element(eml_write_fn write, void *ctx, const char *open,
                               const char *value, const char *close) {
  eml_status st = eml_emit(write, ctx, open);
  if (!st)
    st = eml_html_escape(write, ctx, value);
  return st ? st : eml_emit(write, ctx, close);
}

/* A header cell: <th> with its span and alignment, the escaped label. */
static eml_status html_th(eml_write_fn write, void *ctx, const char *label, const char *scope,
                          size_t colspan, int rowspan2, int numeric) {
  char open[128];
  char colspan_attr[40] = "";
  if (colspan > 1)
    snprintf(colspan_attr, sizeof colspan_attr, " colspan=\"%zu\"", colspan);
  snprintf(open, sizeof open, "<th scope=\"%s\"%s%s%s>", scope, colspan_attr,
           rowspan2 ? " rowspan=\"2\"" : "", numeric ? " class=\"num\"" : "");
  return html_element(write, ctx, open, label, "</th>");
}

static eml_status html_thead(const eml_table *t, eml_write_fn write, void *ctx) {
  size_t nc = eml_table_columns(t);
  int groups = eml_table_has_groups(t);
  eml_status st = eml_emit(write, ctx, "<thead>\n<tr>");
  for (size_t c = 0; c < nc && !st;) { /* first row: groups, ungrouped names */
    const eml_column *col = eml_table_column(t, c);
    size_t end = eml_group_end(t, c);
    if (col->group)
      st = html_th(write, ctx, col->group, "colgroup", end - c, 0, 0);
    else
      st = html_th(write, ctx, col->name, "col", 1, groups, eml_column_is_numeric(t, c));
    c = end;
  }
  if (!st && groups) { /* second row: the names under the groups */
    st = eml_emit(write, ctx, "</tr>\n<tr>");
    for (size_t c = 0; c < nc && !st; c++)
      if (eml_table_column(t, c)->group)
        st = html_th(write, ctx, eml_table_column(t, c)->name, "col", 1, 0,
                     eml_column_is_numeric(t, c));
  }
  return st ? st : eml_emit(write, ctx, "</tr>\n</thead>\n");
}

static eml_status html_tbody(const eml_table *t, eml_write_fn write, void *ctx) {
  char buf[CELL_MAX];
  eml_status st = eml_emit(write, ctx, "<tbody>\n");
  for (size_t r = 0; r < eml_table_rows(t) && !st; r++) {
    int total = (eml_table_row_flags(t, r) & EML_CELL_STRONG) != 0;
    st = eml_emit(write, ctx, total ? "<tr class=\"total\">" : "<tr>");
    for (size_t c = 0; c < eml_table_columns(t) && !st; c++) {
      const eml_cell *cell = eml_table_cell(t, r, c);
      const char *value = eml_cell_display(cell, buf, sizeof buf);
      int strong = eml_cell_is_strong(t, r, c) && *value;
      char open[40];
      snprintf(open, sizeof open, "<td%s>%s", eml_cell_is_numeric(cell) ? " class=\"num\"" : "",
               strong ? "<strong>" : "");
      st = html_element(write, ctx, open, value, strong ? "</strong></td>" : "</td>");
    }
    if (!st)
      st = eml_emit(write, ctx, "</tr>\n");
  }
  return st ? st : eml_emit(write, ctx, "</tbody>\n");
}

static eml_status html_table(const eml_table *t, eml_write_fn write, void *ctx) {
  eml_status st = html_element(write, ctx, "<table>\n<caption>", eml_table_title(t), "");
  if (!st && eml_table_subtitle(t))
    st = html_element(write, ctx, "<span class=\"subtitle\">", eml_table_subtitle(t), "</span>");
  if (!st)
    st = eml_emit(write, ctx, "</caption>\n");
  if (!st && eml_table_columns(t) > 0)
    st = html_thead(t, write, ctx);
  if (!st)
    st = html_tbody(t, write, ctx);
  if (!st)
    st = eml_emit(write, ctx, "</table>\n");
  for (size_t i = 0; i < eml_table_notes(t) && !st; i++)
    st = html_element(write, ctx, "<p class=\"note\">", eml_table_note(t, i), "</p>\n");
  return st;
}

eml_status eml_render_html_tables(eml_table *const *tables, size_t count, eml_write_fn write,
                                  void *ctx) {
  eml_status st = EML_OK;
  for (size_t i = 0; i < count && !st; i++)
    st = html_table(tables[i], write, ctx);
  return st;
}

eml_status eml_render_html(eml_table *const *tables, size_t count, eml_write_fn write,
                           void *ctx) {
  eml_status st = eml_emit(write, ctx, html_head);
  /* the document is named after its first table */
  if (!st)
    st = eml_html_escape(write, ctx, count > 0 ? eml_table_title(tables[0]) : "eml");
  if (!st)
    st = eml_emit(write, ctx, html_style_open);
  if (!st)
    st = eml_emit(write, ctx, eml_html_table_css);
  if (!st)
    st = eml_emit(write, ctx, html_style_close);
  if (!st)
    st = eml_render_html_tables(tables, count, write, ctx);
  return st ? st : eml_emit(write, ctx, "</body>\n</html>\n");
}
