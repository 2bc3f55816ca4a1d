/*
 * eml/number.h — numbers as eml shows them to its readers (core, layer 0):
 * the one formatter behind the table cells (eml_cell_format), the
 * renderers, the charts' labels and the texts of reports and summaries.
 *
 * Model (docs/output-formats.md, docs/i18n.md): a real is printed with a
 * fixed number of decimals (printf's rounding of the binary value,
 * "%.*f"), with the decimal mark of the current language (eml_language):
 * the comma in French ("60,6"), the point in English ("60.6"); a
 * percentage is the value times 100 followed by "%", after a space in
 * French ("0.606" -> "60,6 %", "60.6%"); a signed number shows '+' when
 * it is above zero ("+3", and "+0,0" for 0.01 shown with one decimal), a
 * value that rounds to zero is never "-0" or "-0,0"; thousands are grouped,
 * only when asked, with a space in French, as the seeds print them ("270
 * 100"), with a comma in English ("270,100"). EML_NUMBER_POINT or
 * EML_NUMBER_COMMA force the French marks with that decimal mark whatever
 * the language: data, not text (the CSV of the tables keeps the seeds'
 * comma in both languages). Machine formats (JSON, the benchmark's CSV
 * files) keep every digit and the decimal point: they do not use this.
 */
#ifndef EML_NUMBER_H
#define EML_NUMBER_H

#include <stddef.h>
#include <stdint.h>

enum {
  EML_NUMBER_SIGNED = 1,    /* '+' before a number above zero */
  EML_NUMBER_PERCENT = 2,   /* a real times 100, with " %" */
  EML_NUMBER_THOUSANDS = 4, /* groups of three digits, a space between */
  EML_NUMBER_POINT = 8,     /* the decimal point, whatever the language */
  EML_NUMBER_COMMA = 16     /* the decimal comma, whatever the language */
};

/* Writes v with `decimals` decimals (0 to 60) and the flags above into
 * buf, always NUL-terminated (cut when size is too small); returns buf, for
 * use inside a printf. */
const char *eml_number_format(double v, int decimals, int flags, char *buf, size_t size);
/* v as printf's "%g" writes it (the shortest: "3", "0.25", "1e+07"), with
 * the decimal mark of the language ("0,25" in French). Returns buf. */
const char *eml_number_shortest(double v, char *buf, size_t size);
/* A whole number: SIGNED and THOUSANDS apply. Returns buf. */
const char *eml_int_format(int64_t v, int flags, char *buf, size_t size);

#endif
