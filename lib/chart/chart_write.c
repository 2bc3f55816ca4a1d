/*
 * chart_write.c — one chart alone in a file: cairo's SVG, PNG (image surface
 * at 2 pixels per point, for legibility) or PDF surface of width x height
 * points.
 */
#include "chart_internal.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <string.h>

eml_status eml_chart_file_parse(const char *name, eml_chart_file *out) {
  static const char *const names[] = {"svg", "png", "pdf"};
  for (int i = 0; i < 3; i++)
    if (strcmp(name, names[i]) == 0) {
      *out = (eml_chart_file)i;
      return EML_OK;
    }
  return EML_ERR_USAGE;
}

eml_status eml_chart_write(const eml_chart *chart, eml_chart_file file, const char *path,
                           double width, double height, eml_diag *diag) {
  cairo_surface_t *surface;
  double scale = 1;
  switch (file) {
  case EML_CHART_SVG: surface = cairo_svg_surface_create(path, width, height); break;
  case EML_CHART_PDF: surface = cairo_pdf_surface_create(path, width, height); break;
  default:
    scale = 2;
    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(width * scale),
                                         (int)(height * scale));
    break;
  }
  eml_status st = EML_OK;
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    st = EML_ERR_IO;
  } else {
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    st = eml_chart_draw(chart, cr, width, height);
    cairo_destroy(cr);
    if (!st && file == EML_CHART_PNG &&
        cairo_surface_write_to_png(surface, path) != CAIRO_STATUS_SUCCESS)
      st = EML_ERR_IO;
    cairo_surface_finish(surface);
    if (!st && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
      st = EML_ERR_IO;
  }
  cairo_surface_destroy(surface);
  if (st && diag)
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "écriture du graphique impossible (%s)",
                 eml_strerror(st));
  return st;
}

typedef struct svg_sink {
  eml_status (*write)(void *ctx, const char *data, size_t len);
  void *ctx;
  eml_status st;
} svg_sink;

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int len) {
  svg_sink *sink = closure;
  if (!sink->st)
    sink->st = sink->write(sink->ctx, (const char *)data, len);
  return sink->st ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

eml_status eml_chart_svg(const eml_chart *chart, double width, double height,
                         eml_status (*write)(void *ctx, const char *data, size_t len),
                         void *ctx) {
  svg_sink sink = {write, ctx, EML_OK};
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream(svg_write, &sink, width, height);
  eml_status st = EML_OK;
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    st = EML_ERR_NOMEM;
  } else {
    cairo_t *cr = cairo_create(surface);
    st = eml_chart_draw(chart, cr, width, height);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (!st && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
      st = sink.st ? sink.st : EML_ERR_IO;
  }
  cairo_surface_destroy(surface);
  return st;
}

void eml_chart_cleanup(void) {
  pango_cairo_font_map_set_default(NULL);
}
