/*
 * render_pdf.c — the PDF documents of eml/chart.h: reports laid out on A4
 * pages with cairo's PDF surface and pango text (spec issue 6, "Documents").
 *
 * Layout model: a cursor runs down the text column (margins 42 pt left and
 * right, 48 pt top, 50 pt bottom); every block (heading, paragraph, table
 * row, chart) measures its height first and starts a new page when it does
 * not fit. Tables: each column is as wide as its widest cell (headers wrap
 * at 90 pt); when the columns are wider than the text column together, the
 * font shrinks from 7.5 pt down to 5 pt, then headers wrap narrower. Cells
 * are the text of eml_cell_format with the French decimal comma (through
 * eml_cell_display), numbers aligned right, STRONG rows in bold, the header
 * repeated at the top of each page a table runs onto, the notes under it.
 * A report (eml_pdf_report): its title page, then its items in order — a
 * heading with new_page starts a page, a chart is as high as its kind asks
 * (chart_height) with its caption as the paragraph under it —, then the
 * annex from a new page under its title.
 */
#include "chart/chart_internal.h"
#include "render_internal.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN_X 42.0
#define MARGIN_TOP 48.0
#define MARGIN_BOTTOM 50.0
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define CELL_PAD 3.0
#define HEADER_WRAP_MAX 90.0

struct eml_pdf_doc {
  cairo_surface_t *surface;
  cairo_t *cr;
  char *path;
  double y;       /* cursor, from the top of the page */
  int page;       /* pages begun so far */
  int page_dirty; /* something drawn on the current page */
  int numbered;   /* the current page shows its number */
  eml_status error;
};

static void finish_page(eml_pdf_doc *doc) {
  if (!doc->page_dirty)
    return;
  if (doc->numbered) {
    char num[32];
    snprintf(num, sizeof num, "— %d —", doc->page);
    cairo_set_source_rgb(doc->cr, 0.4, 0.4, 0.4);
    chart_text(doc->cr, num, 8, 0, PAGE_W / 2, PAGE_H - 30, 0.5, 0);
  }
  cairo_show_page(doc->cr);
  doc->page_dirty = 0;
}

static double wrapped_height(cairo_t *cr, const char *text, double font, int bold, double width);

/* Makes room for h points: finishes the page when the block does not fit,
 * opens a new numbered page when none is open. */
static void need(eml_pdf_doc *doc, double h) {
  if (doc->page_dirty && doc->y + h > PAGE_H - MARGIN_BOTTOM)
    finish_page(doc);
  if (!doc->page_dirty) {
    doc->page++;
    doc->numbered = 1;
    doc->y = MARGIN_TOP;
    doc->page_dirty = 1;
  }
}

eml_pdf_doc *eml_pdf_doc_new(const char *path, eml_diag *diag) {
  eml_pdf_doc *doc = calloc(1, sizeof *doc);
  if (doc)
    doc->path = malloc(strlen(path) + 1);
  if (!doc || !doc->path) {
    free(doc);
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "mémoire insuffisante");
    return NULL;
  }
  strcpy(doc->path, path);
  doc->surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
  if (cairo_surface_status(doc->surface) != CAIRO_STATUS_SUCCESS) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "écriture impossible : %s",
                 cairo_status_to_string(cairo_surface_status(doc->surface)));
    cairo_surface_destroy(doc->surface);
    free(doc->path);
    free(doc);
    return NULL;
  }
  cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATOR, "eml");
  doc->cr = cairo_create(doc->surface);
  return doc;
}

eml_status eml_pdf_title_page(eml_pdf_doc *doc, const char *title, const char *subtitle,
                              const char *const *lines, size_t n_lines) {
  finish_page(doc);
  doc->page++;
  doc->numbered = 0;
  doc->page_dirty = 1;
  cairo_t *cr = doc->cr;
  cairo_set_source_rgb(cr, 0.10, 0.25, 0.45);
  cairo_rectangle(cr, MARGIN_X, 230, TEXT_W, 3);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
  double y = 250 + chart_text_wrapped(cr, title, 22, 1, MARGIN_X, 250, TEXT_W);
  if (subtitle) {
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    y += 10 + chart_text_wrapped(cr, subtitle, 13, 0, MARGIN_X, y + 10, TEXT_W);
  }
  y += 40;
  cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
  for (size_t i = 0; i < n_lines; i++)
    y += 4 + chart_text_wrapped(cr, lines[i], 10, 0, MARGIN_X, y, TEXT_W);
  finish_page(doc);
  return doc->error;
}

eml_status eml_pdf_page_break(eml_pdf_doc *doc) {
  finish_page(doc);
  return doc->error;
}

eml_status eml_pdf_heading(eml_pdf_doc *doc, const char *text) {
  double w, h;
  chart_text_size(doc->cr, text, 14, 1, &w, &h);
  need(doc, h + 8 + 120); /* keep a heading with what follows it */
  if (doc->y > MARGIN_TOP)
    doc->y += 8;
  cairo_set_source_rgb(doc->cr, 0.10, 0.25, 0.45);
  doc->y += chart_text_wrapped(doc->cr, text, 14, 1, MARGIN_X, doc->y, TEXT_W) + 6;
  return doc->error;
}

eml_status eml_pdf_paragraph(eml_pdf_doc *doc, const char *text) {
  need(doc, wrapped_height(doc->cr, text, 9, 0, TEXT_W));
  cairo_set_source_rgb(doc->cr, 0.1, 0.1, 0.1);
  doc->y += chart_text_wrapped(doc->cr, text, 9, 0, MARGIN_X, doc->y, TEXT_W) + 6;
  return doc->error;
}

eml_status eml_pdf_chart(eml_pdf_doc *doc, const eml_chart *chart, double height) {
  need(doc, height + 8);
  cairo_save(doc->cr);
  cairo_translate(doc->cr, MARGIN_X, doc->y);
  eml_status st = eml_chart_draw(chart, doc->cr, TEXT_W, height);
  cairo_restore(doc->cr);
  if (st && !doc->error)
    doc->error = st;
  doc->y += height + 8;
  return doc->error;
}

/* ---- tables ------------------------------------------------------------ */

typedef struct table_layout {
  double font;        /* pt */
  double header_wrap; /* max header width before wrapping */
  double *width;      /* per column */
  double header_h, group_h;
  double total_w;
} table_layout;

static const char *cell_text(const eml_table *t, size_t r, size_t c, char *buf, size_t size) {
  const eml_cell *cell = eml_table_cell(t, r, c);
  return cell ? eml_cell_display(cell, buf, size) : "";
}

/* Height of text wrapped at width. */
static double wrapped_height(cairo_t *cr, const char *text, double font, int bold, double width) {
  PangoLayout *layout = chart_layout(cr, text, font, bold);
  pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  int iw, ih;
  pango_layout_get_size(layout, &iw, &ih);
  g_object_unref(layout);
  return (double)ih / PANGO_SCALE;
}

static void measure(cairo_t *cr, const eml_table *t, table_layout *lay) {
  size_t cols = eml_table_columns(t), rows = eml_table_rows(t);
  char buf[256];
  lay->total_w = 0;
  lay->header_h = 0;
  lay->group_h = eml_table_has_groups(t) ? lay->font * 1.6 + 2 * CELL_PAD : 0;
  for (size_t c = 0; c < cols; c++) {
    double w = 0, h;
    for (size_t r = 0; r < rows; r++) {
      double cw;
      chart_text_size(cr, cell_text(t, r, c, buf, sizeof buf), lay->font,
                      eml_cell_is_strong(t, r, c), &cw, &h);
      w = fmax(w, cw);
    }
    double hw;
    chart_text_size(cr, eml_table_column(t, c)->name, lay->font, 1, &hw, &h);
    w = fmax(w, fmin(hw, lay->header_wrap)) + 2 * CELL_PAD;
    lay->width[c] = w;
    lay->total_w += w;
  }
  for (size_t c = 0; c < cols; c++)
    lay->header_h =
        fmax(lay->header_h, wrapped_height(cr, eml_table_column(t, c)->name, lay->font, 1,
                                           lay->width[c] - 2 * CELL_PAD) +
                                2 * CELL_PAD);
}

static void draw_header(eml_pdf_doc *doc, const eml_table *t, const table_layout *lay) {
  cairo_t *cr = doc->cr;
  size_t cols = eml_table_columns(t);
  double x = MARGIN_X;
  if (lay->group_h > 0) {
    for (size_t c = 0; c < cols;) {
      size_t end = eml_group_end(t, c);
      double w = 0;
      for (size_t k = c; k < end; k++)
        w += lay->width[k];
      const char *group = eml_table_column(t, c)->group;
      if (group) {
        cairo_set_source_rgb(cr, 0.80, 0.86, 0.93);
        cairo_rectangle(cr, x + 1, doc->y, w - 2, lay->group_h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        chart_text(cr, group, lay->font, 1, x + w / 2, doc->y + CELL_PAD, 0.5, 0);
      }
      x += w;
      c = end;
    }
    doc->y += lay->group_h;
  }
  cairo_set_source_rgb(cr, 0.10, 0.25, 0.45);
  cairo_rectangle(cr, MARGIN_X, doc->y, lay->total_w, lay->header_h);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  x = MARGIN_X;
  for (size_t c = 0; c < cols; c++) {
    PangoLayout *layout = chart_layout(cr, eml_table_column(t, c)->name, lay->font, 1);
    pango_layout_set_width(layout, (int)((lay->width[c] - 2 * CELL_PAD) * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, eml_column_is_numeric(t, c) ? PANGO_ALIGN_RIGHT
                                                                   : PANGO_ALIGN_LEFT);
    cairo_move_to(cr, x + CELL_PAD, doc->y + CELL_PAD);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    x += lay->width[c];
  }
  doc->y += lay->header_h;
}

eml_status eml_pdf_table(eml_pdf_doc *doc, const eml_table *t) {
  eml_status incomplete = eml_table_status(t);
  if (incomplete) /* a table in error is refused, and the document with it */
    return doc->error ? doc->error : (doc->error = incomplete);
  size_t cols = eml_table_columns(t), rows = eml_table_rows(t);
  if (cols == 0)
    return doc->error;
  cairo_t *cr = doc->cr;
  table_layout lay = {7.5, HEADER_WRAP_MAX, calloc(cols, sizeof(double)), 0, 0, 0};
  if (!lay.width)
    return doc->error = EML_ERR_NOMEM;
  measure(cr, t, &lay);
  while (lay.total_w > TEXT_W && lay.font > 5.01) {
    lay.font = fmax(5, lay.font - 0.5);
    measure(cr, t, &lay);
  }
  while (lay.total_w > TEXT_W && lay.header_wrap > 30) {
    lay.header_wrap -= 10;
    measure(cr, t, &lay);
  }
  double row_h = lay.font * 1.35 + 2 * CELL_PAD;
  /* title, subtitle, header and two rows stay together */
  double title_h = 0, w;
  chart_text_size(cr, eml_table_title(t), 10, 1, &w, &title_h);
  need(doc, title_h + lay.group_h + lay.header_h + 2 * row_h + 12);
  doc->y += 4;
  cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
  doc->y += chart_text_wrapped(cr, eml_table_title(t), 10, 1, MARGIN_X, doc->y, TEXT_W) + 2;
  if (eml_table_subtitle(t)) {
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    doc->y += chart_text_wrapped(cr, eml_table_subtitle(t), 8, 0, MARGIN_X, doc->y, TEXT_W) + 2;
  }
  draw_header(doc, t, &lay);
  char buf[256];
  for (size_t r = 0; r < rows; r++) {
    if (doc->y + row_h > PAGE_H - MARGIN_BOTTOM) {
      finish_page(doc);
      need(doc, row_h);
      draw_header(doc, t, &lay);
    }
    if (r % 2 == 1) {
      cairo_set_source_rgb(cr, 0.95, 0.96, 0.98);
      cairo_rectangle(cr, MARGIN_X, doc->y, lay.total_w, row_h);
      cairo_fill(cr);
    }
    double x = MARGIN_X;
    for (size_t c = 0; c < cols; c++) {
      const eml_cell *cell = eml_table_cell(t, r, c);
      const char *text = cell_text(t, r, c, buf, sizeof buf);
      int numeric = cell && eml_cell_is_numeric(cell);
      cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
      chart_text(cr, text, lay.font, eml_cell_is_strong(t, r, c),
                 numeric ? x + lay.width[c] - CELL_PAD : x + CELL_PAD, doc->y + CELL_PAD,
                 numeric ? 1 : 0, 0);
      x += lay.width[c];
    }
    doc->y += row_h;
  }
  cairo_set_source_rgb(cr, 0.10, 0.25, 0.45);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, MARGIN_X, doc->y);
  cairo_line_to(cr, MARGIN_X + lay.total_w, doc->y);
  cairo_stroke(cr);
  doc->y += 3;
  for (size_t i = 0; i < eml_table_notes(t); i++) {
    double h = wrapped_height(cr, eml_table_note(t, i), 7, 0, TEXT_W);
    need(doc, h + 2);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    doc->y += chart_text_wrapped(cr, eml_table_note(t, i), 7, 0, MARGIN_X, doc->y, TEXT_W) + 1;
  }
  doc->y += 10;
  free(lay.width);
  return doc->error;
}

int eml_pdf_doc_pages(const eml_pdf_doc *doc) { return doc->page; }

eml_status eml_pdf_doc_close(eml_pdf_doc *doc, eml_diag *diag) {
  if (!doc)
    return EML_OK;
  finish_page(doc);
  if (doc->page == 0) /* an empty document still has one page */
    cairo_show_page(doc->cr);
  cairo_destroy(doc->cr);
  cairo_surface_finish(doc->surface);
  eml_status st = doc->error;
  if (!st && cairo_surface_status(doc->surface) != CAIRO_STATUS_SUCCESS)
    st = EML_ERR_IO;
  if (st)
    eml_diag_set(diag, doc->path, 0, NULL, NULL, 0, "écriture du PDF impossible (%s)",
                 eml_strerror(st));
  cairo_surface_destroy(doc->surface);
  free(doc->path);
  free(doc);
  return st;
}

eml_status eml_render_pdf_file(eml_table *const *tables, size_t count, const char *title,
                               const char *path, eml_diag *diag) {
  eml_status incomplete = eml_tables_status(tables, count);
  if (incomplete) { /* refused before the file is made */
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "une table est incomplète : %s",
                 eml_strerror(incomplete));
    return incomplete;
  }
  eml_pdf_doc *doc = eml_pdf_doc_new(path, diag);
  if (!doc)
    return EML_ERR_IO;
  /* the document keeps its first error, and eml_pdf_doc_close returns it */
  if (title)
    eml_pdf_heading(doc, title);
  for (size_t i = 0; i < count; i++)
    eml_pdf_table(doc, tables[i]);
  return eml_pdf_doc_close(doc, diag);
}

/* ---- reports (eml/report.h) ------------------------------------------- */

/* Height of a chart across the text width, by kind. */
static double chart_height(const eml_chart *chart) {
  switch (eml_chart_get_kind(chart)) {
  case EML_CHART_MAP: return 400;
  case EML_CHART_BUBBLE: return 350;
  case EML_CHART_HEAT: return 300; /* 7 rows of 26 points */
  default: return 235;
  }
}

static eml_status pdf_item(eml_pdf_doc *doc, const eml_report_item *it) {
  switch (it->kind) {
  case EML_REPORT_TABLE: return eml_pdf_table(doc, it->table);
  case EML_REPORT_TEXT: return eml_pdf_paragraph(doc, it->text);
  case EML_REPORT_HEADING:
    if (it->new_page)
      eml_pdf_page_break(doc);
    return eml_pdf_heading(doc, it->text);
  case EML_REPORT_CHART:
    eml_pdf_chart(doc, it->chart, chart_height(it->chart));
    return it->caption ? eml_pdf_paragraph(doc, it->caption) : doc->error;
  }
  return doc->error;
}

eml_status eml_pdf_report(eml_pdf_doc *doc, const eml_report *r) {
  if (eml_report_title(r)) {
    const char *lines[EML_REPORT_LINES_MAX + 1];
    size_t n = 0;
    for (; n < eml_report_lines(r); n++)
      lines[n] = eml_report_line(r, n);
    char edited[128];
    if (eml_report_edited(r)) {
      snprintf(edited, sizeof edited, _("Document édité le %s par eml %s"), eml_report_edited(r),
               eml_version());
      lines[n++] = edited;
    }
    eml_pdf_title_page(doc, eml_report_title(r), eml_report_subtitle(r), lines, n);
  }
  /* progress (eml/progress.h): one unit per table or chart laid out */
  eml_progress_begin(EML_PROGRESS_DRAW, (int64_t)(eml_report_items(r, 0) + eml_report_items(r, 1)));
  for (size_t i = 0; i < eml_report_items(r, 0); i++) {
    pdf_item(doc, eml_report_item_at(r, 0, i));
    eml_progress_add(1, 0);
  }
  if (eml_report_items(r, 1)) {
    eml_pdf_page_break(doc);
    if (eml_report_annex_title(r))
      eml_pdf_heading(doc, eml_report_annex_title(r));
    for (size_t i = 0; i < eml_report_items(r, 1); i++) {
      pdf_item(doc, eml_report_item_at(r, 1, i));
      eml_progress_add(1, 0);
    }
  }
  eml_progress_end();
  return doc->error;
}

eml_status eml_render_report_pdf_file(const eml_report *r, const char *path, eml_diag *diag) {
  eml_pdf_doc *doc = eml_pdf_doc_new(path, diag);
  if (!doc)
    return EML_ERR_IO;
  eml_pdf_report(doc, r);
  return eml_pdf_doc_close(doc, diag);
}
