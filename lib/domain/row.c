/*
 * row.c — checking rows of input CSV files against a table of columns
 * (row.h).
 */
#include "row.h"

#include <string.h>
#include <strings.h>




/* The value of spec column i in the current record, trimmed. */
const char *eml_row_field(const eml_row *r, int i, size_t *len) {
  if (r->index[i] < 0) {
    *len = 0;
    return "";
  }
  return eml_trim_blanks(eml_csv_field(r->csv, (size_t)r->index[i], len), len);
}

const char *eml_trim_blanks(const char *s, size_t *len) {
  while (*len && (*s == ' ' || *s == '\t')) {
    s++;
    (*len)--;
  }
  while (*len && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
    (*len)--;
  return s;
}

eml_status eml_row_bad(const eml_row *r, int i, eml_diag *diag, const char *msg) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), r->columns[i].name, v, len,
               "%s", msg);
  return EML_ERR_VALUE;
}

/* Copies column i into dst (size bytes, NUL-terminated); empty required
 * values and values too long are errors. */
eml_status eml_row_text(const eml_row *r, int i, char *dst, size_t size, eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  if (len == 0 && r->columns[i].required)
    return eml_row_bad(r, i, diag, "a value is required");
  if (len >= size) {
    char msg[64];
    snprintf(msg, sizeof msg, "value too long (at most %zu bytes)", size - 1);
    return eml_row_bad(r, i, diag, msg);
  }
  memcpy(dst, v, len);
  dst[len] = '\0';
  return EML_OK;
}

eml_status eml_row_finess(const eml_row *r, int i, char dst[10], eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  if (len == 0) {
    dst[0] = '\0';
    return r->columns[i].required ? eml_row_bad(r, i, diag, "a value is required") : EML_OK;
  }
  eml_finess_check c = eml_finess_validate(v, len);
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return eml_row_bad(r, i, diag, eml_finess_message(c));
  memcpy(dst, v, 9);
  dst[9] = '\0';
  return EML_OK;
}

eml_status eml_row_date(const eml_row *r, int i, int *has, eml_date *out, eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  *has = 0;
  if (len == 0)
    return r->columns[i].required ? eml_row_bad(r, i, diag, "a date is required") : EML_OK;
  if (eml_date_parse(v, len, out))
    return eml_row_bad(r, i, diag, "not a date (expected YYYY-MM-DD or DD/MM/YYYY)");
  *has = 1;
  return EML_OK;
}

eml_status eml_row_count(const eml_row *r, int i, int *has, int64_t *out, eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  *has = 0;
  if (len == 0)
    return r->columns[i].required ? eml_row_bad(r, i, diag, "a number is required") : EML_OK;
  if (eml_parse_int64(v, len, out) || *out < 0 || *out > 1000000)
    return eml_row_bad(r, i, diag, "not a whole number from 0 to 1000000");
  *has = 1;
  return EML_OK;
}

eml_status eml_row_bool(const eml_row *r, int i, int *out, eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  *out = 0;
  if (len == 0)
    return EML_OK;
  if (eml_parse_bool(v, len, out))
    return eml_row_bad(r, i, diag, "not a boolean (expected 1/0, oui/non, true/false, yes/no, o/n)");
  return EML_OK;
}

eml_status eml_row_modality(const eml_row *r, int i, eml_modality *out, eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  if (eml_modality_parse(v, len, out))
    return eml_row_bad(r, i, diag,
               len ? "unknown modality (expected CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT)"
                   : "a modality is required");
  return EML_OK;
}

eml_status eml_row_territory(const eml_row *r, int i, char dst[8], eml_diag *diag) {
  eml_status st = eml_row_text(r, i, dst, 8, diag);
  if (st || !dst[0])
    return st;
  int declared = 0;
  if (eml_register_territory_known(r->reg, dst))
    return EML_OK;
  if (r->store && (st = eml_store_has_territory(r->store, dst, &declared)))
    return st;
  if (!declared)
    return eml_row_bad(r, i, diag, "unknown territory (not a département; declare it in territories.csv)");
  return EML_OK;
}

eml_status eml_row_duplicate(const eml_row *r, int i, eml_diag *diag, const char *what) {
  char msg[128];
  snprintf(msg, sizeof msg, "duplicate %s (already in the store or earlier in the file)", what);
  return eml_row_bad(r, i, diag, msg);
}

/* Finds each spec column in the header; reports missing required columns,
 * repeated columns, and warns of unknown ones. */
eml_status eml_row_map_header(eml_row *r, eml_warning_fn on_warning, void *ctx, eml_diag *diag) {
  size_t n = eml_csv_header_count(r->csv);
  for (int i = 0; r->columns[i].name; i++) {
    r->index[i] = eml_csv_column(r->csv, r->columns[i].name);
    if (r->index[i] < 0 && r->columns[i].required) {
      eml_diag_set(diag, eml_csv_name(r->csv), 1, r->columns[i].name, NULL, 0,
                   "required column missing from the header");
      return EML_ERR_CSV;
    }
  }
  /* a known column written twice is ambiguous: an error (unknown columns
   * may repeat, they are ignored); linear in the number of columns */
  for (int i = 0; r->columns[i].name; i++) {
    if (r->index[i] < 0)
      continue;
    for (size_t h = (size_t)r->index[i] + 1; h < n; h++) {
      const char *name = eml_csv_header(r->csv, h);
      if (strcasecmp(name, r->columns[i].name) == 0) {
        eml_diag_set(diag, eml_csv_name(r->csv), 1, name, NULL, 0,
                     "column appears twice in the header");
        return EML_ERR_CSV;
      }
    }
  }
  eml_buf unknown;
  eml_buf_init(&unknown, 2048);
  size_t nunknown = 0, listed = 0;
  for (size_t h = 0; h < n; h++) {
    int known = 0;
    for (int i = 0; r->columns[i].name; i++)
      known |= r->index[i] == (int)h;
    if (known)
      continue;
    nunknown++;
    if (eml_buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", eml_csv_header(r->csv, h)) ==
        EML_OK)
      listed++;
  }
  if (nunknown && on_warning) {
    char msg[2300];
    if (listed < nunknown)
      snprintf(msg, sizeof msg, "%zu unknown columns ignored: %s and %zu more", nunknown,
               unknown.data ? unknown.data : "", nunknown - listed);
    else
      snprintf(msg, sizeof msg, "unknown columns ignored: %s", unknown.data);
    on_warning(ctx, eml_csv_name(r->csv), msg);
  }
  eml_buf_free(&unknown);
  return EML_OK;
}

/* Checks that the record has as many fields as the header. */
eml_status eml_row_check_width(const eml_row *r, eml_diag *diag) {
  size_t n = eml_csv_field_count(r->csv), h = eml_csv_header_count(r->csv);
  if (n == h)
    return EML_OK;
  if (n < h) {
    eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), eml_csv_header(r->csv, n),
                 NULL, 0, "missing: the line has %zu fields, the header %zu", n, h);
  } else {
    size_t len;
    const char *v = eml_csv_field(r->csv, h, &len);
    char name[16];
    snprintf(name, sizeof name, "%zu", h + 1);
    eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), name, v, len,
                 "extra field: the line has %zu fields, the header %zu", n, h);
  }
  return EML_ERR_CSV;
}

