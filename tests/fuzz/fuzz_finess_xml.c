/*
 * fuzz_finess_xml.c — libFuzzer harness of the FINESS heavy-equipment XML
 * reader (eml_finess_xml_each, then eml_finess_import; finess.md "The
 * equipment file"): any bytes as the XML file. First streamed alone:
 * every record handed out has its 22 values non-NULL and within
 * EML_FINESS_VALUE_MAX, and a line >= 1; then imported with the real
 * establishments of tests/data/finess/etab-2024.csv and the real code
 * mapping (invariants in fuzz_finess.h).
 */
#include "fuzz_finess.h"

static eml_status check_record(void *ctx, const eml_finess_device_record *rec) {
  ++*(long *)ctx;
  if (rec->line < 1 || rec->position != *(long *)ctx)
    fuzz_fail("a record without a line or out of rank");
  for (int f = 0; f < EML_FINESS_DEVICE_FIELDS; f++) {
    if (!rec->value[f] || strlen(rec->value[f]) > EML_FINESS_VALUE_MAX)
      fuzz_fail("a device value missing or over its cap");
    if (!rec->present[f] && rec->value[f][0])
      fuzz_fail("a value for an element that was not there");
  }
  if (rec->problem) {
    char text[1024];
    eml_diag_format(rec->problem, text, sizeof text);
  }
  return EML_OK;
}

static void ignore_warning(void *ctx, const char *file, const char *message) {
  (void)ctx;
  (void)file;
  (void)message;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_write_input(data, size);
  long records = 0;
  eml_diag diag;
  eml_diag_clear(&diag);
  (void)eml_finess_xml_each(path, check_record, ignore_warning, &records, &diag);
  char establishments[1024];
  snprintf(establishments, sizeof establishments, "%s/tests/data/finess/etab-2024.csv",
           EML_SOURCE_DIR);
  fuzz_finess_import(establishments, path, 0);
  return 0;
}
