/*
 * fuzz_datetime.c — libFuzzer harness of the date and time parsers
 * (eml/time.h): dates, date-times with or without offsets, clock times.
 * Invariants: no crash, no read past len (exact-size copy); a parsed date
 * formats back to YYYY-MM-DD and parses again to the same day; a parsed
 * date-time splits into a valid Paris civil time whose offset is 1 h or
 * 2 h; a clock time is within 00:00-24:00.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = fuzz_exact_copy(data, size);
  eml_date d;
  if (eml_date_parse(s, size, &d) == EML_OK) {
    char back[16];
    eml_date_format(d, back, sizeof back);
    eml_date again;
    if (eml_date_parse(back, strlen(back), &again) != EML_OK || again != d)
      fuzz_fail("a date written back does not parse to itself");
  }
  eml_time t;
  int flags = 0;
  if (eml_datetime_parse(s, size, &t, &flags) == EML_OK) {
    eml_civil c;
    eml_paris_civil(t, &c);
    if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour < 0 || c.hour > 23 ||
        c.minute < 0 || c.minute > 59 || c.weekday < 1 || c.weekday > 7)
      fuzz_fail("a parsed date-time splits into an impossible civil time");
    if (c.utc_offset_s != 3600 && c.utc_offset_s != 7200)
      fuzz_fail("Paris offset is neither 1 h nor 2 h");
    char local[32];
    eml_time_format_local(t, local, sizeof local);
  }
  int minutes;
  if (eml_clock_parse(s, size, &minutes) == EML_OK && (minutes < 0 || minutes > 24 * 60))
    fuzz_fail("a clock time outside 00:00-24:00");
  free(s);
  return 0;
}
