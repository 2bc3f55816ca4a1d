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
#include <string.h>

#define CELL_MAX 512
#define EML_HTML_SVG_MAX ((size_t)64 << 20) /* bytes of one chart drawn by cairo */

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
  eml_status st = eml_tables_status(tables, count); /* refuse incomplete tables */
  for (size_t i = 0; i < count && !st; i++)
    st = html_table(tables[i], write, ctx);
  return st;
}

/* The document's head, named after its first table (title), its style
 * with the charts' rules when it shows charts. */
static eml_status html_document_head(const char *title, int charts, eml_write_fn write,
                                     void *ctx) {
  eml_status st = eml_emit(write, ctx, html_head);
  if (!st)
    st = eml_html_escape(write, ctx, title ? title : "eml");
  if (!st)
    st = eml_emit(write, ctx, html_style_open);
  if (!st)
    st = eml_emit(write, ctx, eml_html_table_css);
  if (!st && charts)
    st = eml_emit(write, ctx, eml_html_chart_css);
  return st ? st : eml_emit(write, ctx, html_style_close);
}

eml_status eml_render_html(eml_table *const *tables, size_t count, eml_write_fn write,
                           void *ctx) {
  eml_status st = html_document_head(count > 0 ? eml_table_title(tables[0]) : NULL, 0, write, ctx);
  if (!st)
    st = eml_render_html_tables(tables, count, write, ctx);
  return st ? st : eml_emit(write, ctx, "</body>\n</html>\n");
}

/* ---- reports: headings, paragraphs and charts between the tables ---- */

const char eml_html_chart_css[] =
    "figure{margin:1em 0}\n"
    "figure svg{max-width:100%;height:auto}\n"
    "figure.heat{max-width:760px}\n"
    "figure.heat svg{width:100%}\n"
    "figcaption{font-size:.9em;color:#555}\n";

/* Collects a document written by cairo in memory. */
static eml_status collect(void *ctx, const char *data, size_t len) {
  return eml_buf_append(ctx, data, len);
}

/* Writes s[0..len) with every id and reference to one prefixed: id="X" as
 * id="P-X", href="#X" as href="#P-X", url(#X) as url(#P-X). */
static eml_status emit_prefixed_ids(eml_write_fn write, void *ctx, const char *s, size_t len,
                                    const char *prefix) {
  static const char *const marks[] = {" id=\"", "href=\"#", "url(#"};
  const char *end = s + len;
  eml_status st = EML_OK;
  while (!st && s < end) {
    const char *next = end, *mark = NULL;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
      const char *at = strstr(s, marks[k]);
      if (at && at < next) {
        next = at;
        mark = marks[k];
      }
    }
    if (mark)
      next += strlen(mark);
    st = write(ctx, s, (size_t)(next - s));
    if (!st && mark)
      st = eml_emit(write, ctx, prefix);
    if (!st && mark)
      st = eml_emit(write, ctx, "-");
    s = next;
  }
  return st;
}

eml_status eml_render_html_chart(const eml_chart *chart, double width, double height,
                                 const char *id_prefix, eml_write_fn write, void *ctx) {
  if (eml_chart_get_kind(chart) == EML_CHART_HEAT)
    return eml_chart_heat_svg(chart, width, height, write, ctx);
  eml_buf svg;
  eml_buf_init(&svg, EML_HTML_SVG_MAX);
  eml_status st = eml_chart_svg(chart, width, height, collect, &svg);
  /* cairo writes a whole SVG file: inline, the element alone, without its
   * xmlns attributes (HTML puts <svg> in the SVG namespace itself), so that
   * a page names no URL; its ids (glyphs, clips) prefixed, so that several
   * charts on one page do not take each other's glyphs */
  const char *root = st || !svg.data ? NULL : strstr(svg.data, "<svg");
  const char *end = root ? strchr(root, '>') : NULL;
  if (!st && !end)
    st = EML_ERR_IO;
  for (const char *p = root; !st && p < end;) {
    const char *xmlns = strstr(p, " xmlns");
    const char *stop = xmlns && xmlns < end ? xmlns : end;
    st = write(ctx, p, (size_t)(stop - p));
    p = stop;
    if (stop < end) { /* skip  xmlns...="..." */
      const char *q1 = strchr(stop, '"');
      const char *q2 = q1 && q1 < end ? strchr(q1 + 1, '"') : NULL;
      p = q2 && q2 < end ? q2 + 1 : end;
    }
  }
  if (!st)
    st = emit_prefixed_ids(write, ctx, end, strlen(end), id_prefix ? id_prefix : "svg");
  eml_buf_free(&svg);
  return st;
}

/* Size on a page of a chart of each kind (user units, scaled to the width). */
static void html_chart_size(eml_chart_kind kind, double *w, double *h) {
  *w = kind == EML_CHART_HEAT ? 760 : kind == EML_CHART_MAP ? 720 : 600;
  *h = kind == EML_CHART_HEAT ? 300 : kind == EML_CHART_MAP ? 480 : 400;
}

/* An item; n: its place among the report's charts (their ids' prefix). */
static eml_status html_item(const eml_report_item *it, size_t n, eml_write_fn write, void *ctx) {
  switch (it->kind) {
  case EML_REPORT_TABLE: return html_table(it->table, write, ctx);
  case EML_REPORT_HEADING: return html_element(write, ctx, "<h2>", it->text, "</h2>\n");
  case EML_REPORT_TEXT: return html_element(write, ctx, "<p>", it->text, "</p>\n");
  case EML_REPORT_CHART: {
    eml_chart_kind kind = eml_chart_get_kind(it->chart);
    double w, h;
    html_chart_size(kind, &w, &h);
    eml_status st = eml_emit(write, ctx, kind == EML_CHART_HEAT ? "<figure class=\"heat\">\n"
                                                               : "<figure class=\"chart\">\n");
    char prefix[32];
    snprintf(prefix, sizeof prefix, "chart%zu", n);
    if (!st)
      st = eml_render_html_chart(it->chart, w, h, prefix, write, ctx);
    if (!st && it->caption)
      st = html_element(write, ctx, "\n<figcaption>", it->caption, "</figcaption>");
    return st ? st : eml_emit(write, ctx, "\n</figure>\n");
  }
  }
  return EML_ERR_USAGE;
}

eml_status eml_render_html_report(const eml_report *r, eml_write_fn write, void *ctx) {
  eml_status st = EML_OK;
  size_t charts = 0;
  for (int annex = 0; annex < 2 && !st; annex++) {
    size_t n = eml_report_items(r, annex);
    if (annex && n && eml_report_annex_title(r))
      st = html_element(write, ctx, "<h2>", eml_report_annex_title(r), "</h2>\n");
    for (size_t i = 0; i < n && !st; i++) {
      const eml_report_item *it = eml_report_item_at(r, annex, i);
      st = html_item(it, charts, write, ctx);
      charts += it->kind == EML_REPORT_CHART;
    }
  }
  return st;
}

eml_status eml_render_html_report_document(const eml_report *r, eml_write_fn write, void *ctx) {
  const char *title = NULL; /* named after its first table, as a document of tables */
  int charts = 0;
  for (int annex = 0; annex < 2; annex++)
    for (size_t i = 0; i < eml_report_items(r, annex); i++) {
      const eml_report_item *it = eml_report_item_at(r, annex, i);
      if (it->kind == EML_REPORT_TABLE && !title)
        title = eml_table_title(it->table);
      charts |= it->kind == EML_REPORT_CHART;
    }
  eml_status st = html_document_head(title, charts, write, ctx);
  if (!st)
    st = eml_render_html_report(r, write, ctx);
  return st ? st : eml_emit(write, ctx, "</body>\n</html>\n");
}
