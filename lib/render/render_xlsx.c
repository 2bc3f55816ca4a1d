/*
 * render_xlsx.c — XLSX workbooks (libxlsxwriter), one sheet per table.
 * Placeholder until the renderer lands: refuses with a clear message.
 */
#include "render_internal.h"

eml_status eml_render_xlsx_file(eml_table *const *tables, size_t count, const char *path,
                                eml_diag *diag) {
  (void)tables;
  (void)count;
  eml_diag_set(diag, path, 0, "--format", NULL, 0, "xlsx output is not available yet");
  return EML_ERR_USAGE;
}
