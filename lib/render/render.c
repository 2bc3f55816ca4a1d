/*
 * render.c — the table of renderers (one row per format) and what they
 * share. Adding a format is one row here and one file beside this one.
 */
#include "render_internal.h"

#include <string.h>
#include <strings.h>

static const struct {
  eml_format format;
  const char *name;
  eml_render_fn render; /* NULL: needs a file (xlsx) */
} renderers[] = {
    {EML_FORMAT_TEXT, "text", eml_render_text},
};

eml_status eml_format_parse(const char *name, eml_format *out) {
  for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
    if (strcasecmp(name, renderers[i].name) == 0) {
      *out = renderers[i].format;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

const char *eml_format_name(eml_format format) {
  for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
    if (renderers[i].format == format)
      return renderers[i].name;
  return "?";
}

eml_status eml_render_tables(eml_format format, eml_table *const *tables, size_t count,
                             eml_write_fn write, void *ctx) {
  for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
    if (renderers[i].format == format)
      return renderers[i].render ? renderers[i].render(tables, count, write, ctx)
                                 : EML_ERR_USAGE;
  return EML_ERR_USAGE;
}

eml_status eml_write_file(void *ctx, const char *data, size_t len) {
  return fwrite(data, 1, len, (FILE *)ctx) == len ? EML_OK : EML_ERR_IO;
}

eml_status eml_emit(eml_write_fn write, void *ctx, const char *s) {
  return write(ctx, s, strlen(s));
}

size_t eml_display_width(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      n++;
  return n;
}

int eml_cell_is_numeric(const eml_cell *c) {
  return c->kind == EML_CELL_INT || c->kind == EML_CELL_REAL || c->kind == EML_CELL_PAIR;
}
