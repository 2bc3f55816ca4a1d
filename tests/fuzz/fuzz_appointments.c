/*
 * fuzz_appointments.c — libFuzzer harness of the appointments survey reader
 * (eml_appointments_read_memory, imaging.md "Delays to an appointment"):
 * any bytes, read with bad rows collected and a lookup knowing CT1 and
 * IRM1, then the survey's tables. Invariants: no crash; read = loaded +
 * rejected; one reported reject per rejected row; the survey holds the rows
 * loaded, each with a delay >= 0, class A or H and a known modality.
 */
#include "fuzz_common.h"

#include "eml/appointments.h"

static const char *modality_of(void *ctx, const char *equipment_id) {
  (void)ctx;
  if (strcmp(equipment_id, "CT1") == 0)
    return "CT";
  if (strcmp(equipment_id, "IRM1") == 0)
    return "MRI";
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eml_appointments *a = eml_appointments_new();
  if (!a)
    fuzz_fail("out of memory");
  long rejected = 0;
  eml_read_hooks hooks = {.reject = fuzz_count_row_reject, .ctx = &rejected};
  eml_read_counts counts = {0, 0, 0, 0};
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_csv_options csv = {0};
  csv.encoding = (size && (data[size - 1] & 1)) ? EML_ENC_CP1252 : EML_ENC_UTF8;
  eml_status st = eml_appointments_read_memory(a, "appointments.csv", (const char *)data, size,
                                               &csv, modality_of, NULL, &hooks, &counts, &diag);
  if (!st || st == EML_ERR_REJECTED) {
    fuzz_check_read_counts(&counts, rejected, eml_appointments_count(a));
    for (size_t i = 0; i < eml_appointments_count(a); i++) {
      const eml_appointment *row = eml_appointments_at(a, i);
      if (row->delay_days < 0 || (row->patient_class != 'A' && row->patient_class != 'H') ||
          (row->modality != EML_APPT_CT && row->modality != EML_APPT_MRI))
        fuzz_fail("a row kept with a negative delay, another class or modality");
    }
    eml_table **tables = NULL;
    size_t ntables = 0;
    if (eml_appointments_tables(a, &tables, &ntables) == EML_OK)
      eml_appointments_tables_free(tables, ntables);
  }
  eml_appointments_free(a);
  return 0;
}
