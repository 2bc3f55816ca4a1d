/*
 * fuzz_csv.c — libFuzzer harness of the CSV reader (eml/csv.h): any bytes,
 * read from memory with each encoding and delimiter setting. Invariants:
 * the reader never crashes; every field is NUL-terminated with the length
 * it reports and holds no NUL byte; a UTF-8 read never yields invalid
 * UTF-8; the raw record is within its cap; records read counts every
 * record returned; diagnostics format into a bounded line.
 */
#include "fuzz_common.h"

static void read_all(const uint8_t *data, size_t size, const eml_csv_options *opts) {
  eml_csv_reader *r = NULL;
  eml_diag diag;
  eml_diag_clear(&diag);
  char text[1024];
  if (eml_csv_open_memory("fuzz.csv", (const char *)data, size, opts, &r, &diag)) {
    if (r)
      fuzz_fail("open failed but returned a reader");
    eml_diag_format(&diag, text, sizeof text);
    return;
  }
  for (size_t h = 0; h < eml_csv_header_count(r); h++)
    if (!eml_csv_header(r, h))
      fuzz_fail("NULL header name");
  (void)eml_csv_column(r, "finess");
  long records = 0;
  for (;;) {
    int has = 0;
    eml_diag_clear(&diag);
    eml_status st = eml_csv_next(r, &has, &diag);
    if (st == EML_ERR_IO || st == EML_ERR_NOMEM || !has)
      break;
    records++;
    if (st) {
      eml_diag_format(&diag, text, sizeof text);
      continue;
    }
    for (size_t i = 0; i <= eml_csv_field_count(r); i++) { /* one past the end gives "" */
      size_t len;
      const char *f = eml_csv_field(r, i, &len);
      if (strlen(f) != len)
        fuzz_fail("field length differs from its NUL-terminated length");
      if (opts->encoding == EML_ENC_UTF8 && eml_utf8_invalid_at(f, len) != len)
        fuzz_fail("a UTF-8 read returned invalid UTF-8");
    }
    size_t raw_len;
    int truncated;
    (void)eml_csv_raw(r, &raw_len, &truncated);
    if (raw_len > size)
      fuzz_fail("raw record longer than the input");
    if (eml_csv_line(r) < 1)
      fuzz_fail("record line below 1");
  }
  if (eml_csv_records_read(r) != records)
    fuzz_fail("records_read differs from the records returned");
  eml_csv_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char delimiters[] = {0, ',', ';', '\t'};
  eml_csv_options opts = {0};
  for (int e = 0; e < 3; e++) {
    opts.encoding = (eml_encoding)e;
    opts.delimiter = delimiters[(size + (size_t)e) % 4];
    opts.max_field_bytes = e == 2 ? 16 : 0; /* a small cap exercises the too-large path */
    read_all(data, size, &opts);
  }
  return 0;
}
