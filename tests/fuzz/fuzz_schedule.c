/*
 * fuzz_schedule.c — libFuzzer harness of the weekly schedule reader and its
 * expansion (eml_schedule_read_memory, eml_schedule_expand; imaging.md
 * "Inputs", schedule.csv): any bytes, read with bad rows collected, then
 * expanded over two weeks around the March clock change with the holidays
 * of one département. Invariants: no crash; read = loaded + rejected; the
 * schedule holds the rows loaded; every dated session lies in the window
 * (give or take the night it started) with end > start and at most 24 h.
 */
#include "fuzz_common.h"

#include "eml/schedule.h"

static const char *departement(void *ctx, const char *equipment_id) {
  (void)ctx;
  return equipment_id[0] == 'S' ? "67" : "75"; /* Alsace-Moselle has two more holidays */
}

typedef struct window_check {
  eml_time from, to;
  long sessions;
} window_check;

static eml_status on_session(void *ctx, const char *equipment_id, eml_time start, eml_time end,
                             eml_session_type type, eml_diag *diag) {
  (void)diag;
  (void)type;
  window_check *w = ctx;
  if (!equipment_id || !equipment_id[0])
    fuzz_fail("a session without a machine");
  if (end <= start || end - start > 25 * 3600)
    fuzz_fail("a session that ends before it starts or lasts over a day");
  if (start < w->from - 86400 || start >= w->to)
    fuzz_fail("a session outside the window");
  w->sessions++;
  return EML_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  eml_schedule *s = eml_schedule_new();
  if (!s)
    fuzz_fail("out of memory");
  long rejected = 0;
  eml_read_hooks hooks = {.reject = fuzz_count_row_reject, .ctx = &rejected};
  eml_read_counts counts = {0, 0, 0, 0};
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_csv_options csv = {0};
  csv.encoding = (size && (data[size - 1] & 1)) ? EML_ENC_CP1252 : EML_ENC_UTF8;
  eml_status st = eml_schedule_read_memory(s, "schedule.csv", (const char *)data, size, &csv,
                                           &hooks, &counts, &diag);
  if (!st || st == EML_ERR_REJECTED) {
    fuzz_check_read_counts(&counts, rejected, eml_schedule_count(s));
    eml_schedule_window w = {.from = eml_date_from_civil(2024, 3, 25),
                             .to = eml_date_from_civil(2024, 4, 8),
                             .skip_holidays = 1,
                             .departement = departement};
    window_check check = {eml_paris_midnight(w.from), eml_paris_midnight(w.to), 0};
    eml_diag_clear(&diag);
    (void)eml_schedule_expand(s, &w, on_session, &check, &diag);
  }
  eml_schedule_free(s);
  return 0;
}
