/*
 * codes.c — what a FINESS record means in eml's terms (finess.md; issue 8):
 * the modality of a heavy-equipment code or label, read from a mapping
 * file kept as data (data/finess/equipment-codes.csv: the 8 codes of the
 * nomenclature TRE_R272, then label words for codes not listed), and the
 * legal status of an establishment, from a table of rules over its
 * category, public-service status and legal entity (docs/finess.md lists
 * them with their reasons). The mapping file is read with the input
 * pipeline (io/row.h).
 */
#include "finess/tables.h"
#include "io/row.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CODE_ROWS 4096
#define MAX_CODE_BYTES 32
#define MAX_LABEL_BYTES 256

typedef struct code_row {
  char code[MAX_CODE_BYTES];   /* "" for a label row */
  char label[MAX_LABEL_BYTES]; /* words to find in a label */
  int ignored;                 /* modality "-" */
  eml_modality modality;
} code_row;

struct eml_finess_codes {
  code_row *rows;
  size_t nrows;
};

void eml_finess_codes_free(eml_finess_codes *codes) {
  if (!codes)
    return;
  free(codes->rows);
  free(codes);
}

/* Copies spec column i of the current record, trimmed (white space of any
 * kind), into dst; 0 when it does not fit. */
static int copy_field(const eml_row *r, int i, char *dst, size_t size) {
  size_t len = 0;
  const char *v = eml_row_field(r, i, &len);
  while (len && isspace((unsigned char)*v)) {
    v++;
    len--;
  }
  while (len && isspace((unsigned char)v[len - 1]))
    len--;
  if (len >= size)
    return 0;
  memcpy(dst, v, len);
  dst[len] = '\0';
  return 1;
}

static const eml_column_spec code_columns[] = {{"code", 1, EML_COL_TEXT, NULL},
                                               {"label", 1, EML_COL_TEXT, NULL},
                                               {"modality", 1, EML_COL_CODE, NULL},
                                               {NULL, 0, 0, NULL}};

static eml_status code_row_read(void *ctx, const eml_row *row, int *skipped, eml_diag *diag) {
  eml_finess_codes *codes = ctx;
  const char *path = eml_csv_name(row->csv);
  long line = eml_csv_line(row->csv);
  (void)skipped;
  if (codes->nrows == MAX_CODE_ROWS) {
    eml_diag_set(diag, path, line, NULL, NULL, 0, "plus de %d lignes", MAX_CODE_ROWS);
    return EML_ERR_TOO_LARGE;
  }
  code_row *r = &codes->rows[codes->nrows];
  char modality[32];
  if (!copy_field(row, 0, r->code, sizeof r->code) ||
      !copy_field(row, 1, r->label, sizeof r->label) ||
      !copy_field(row, 2, modality, sizeof modality)) {
    eml_diag_set(diag, path, line, NULL, NULL, 0, "valeur trop longue");
    return EML_ERR_VALUE;
  }
  if (!r->code[0] && !r->label[0]) {
    eml_diag_set(diag, path, line, "label", NULL, 0, "un code ou un libellé est obligatoire");
    return EML_ERR_VALUE;
  }
  r->ignored = strcmp(modality, "-") == 0;
  if (!r->ignored && eml_modality_parse(modality, strlen(modality), &r->modality)) {
    eml_diag_set(diag, path, line, "modality", modality, strlen(modality),
                 "modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, "
                 "COBALT, ou - pour un appareil qu'eml ne compte pas)");
    return EML_ERR_VALUE;
  }
  codes->nrows++;
  return EML_OK;
}

eml_status eml_finess_codes_load(const char *path, const eml_csv_options *csv_opts,
                                 eml_finess_codes **out, eml_diag *diag) {
  eml_finess_codes *codes = calloc(1, sizeof *codes);
  eml_status st = codes ? eml_finess_table_load(path, csv_opts, code_columns, code_row_read, codes,
                                                (void **)&codes->rows, MAX_CODE_ROWS,
                                                sizeof *codes->rows, diag)
                        : EML_ERR_NOMEM;
  if (st)
    eml_finess_codes_free(codes);
  *out = st ? NULL : codes;
  return st;
}

eml_status eml_finess_table_load(const char *path, const eml_csv_options *csv,
                                 const eml_column_spec *columns, eml_row_fn row_fn, void *table,
                                 void **rows, size_t max, size_t size, eml_diag *diag) {
  if (!(*rows = calloc(max, size)))
    return EML_ERR_NOMEM;
  /* reference data: no reject hook, the first bad row fails the load */
  eml_row r = {.columns = columns};
  eml_rows_reading reading = {path, NULL, 0, csv, NULL, row_fn, table, NULL};
  return eml_rows_read(&r, &reading, NULL, diag);
}

static int is_word_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* Does text hold the words of pattern, case-insensitively (ASCII), starting
 * and ending at word boundaries? */
static int holds_words(const char *text, const char *pattern) {
  size_t n = strlen(pattern), len = strlen(text);
  if (n == 0 || n > len)
    return 0;
  for (size_t i = 0; i + n <= len; i++) {
    if (i > 0 && is_word_byte((unsigned char)text[i - 1]))
      continue;
    if (strncasecmp(text + i, pattern, n) != 0)
      continue;
    if (i + n == len || !is_word_byte((unsigned char)text[i + n]))
      return 1;
  }
  return 0;
}

eml_finess_code_match eml_finess_codes_find(const eml_finess_codes *codes, const char *code,
                                            const char *label, const char *short_label,
                                            eml_modality *modality, int *ignored) {
  *ignored = 0;
  if (code && *code)
    for (size_t i = 0; i < codes->nrows; i++)
      if (codes->rows[i].code[0] && strcmp(codes->rows[i].code, code) == 0) {
        *modality = codes->rows[i].modality;
        *ignored = codes->rows[i].ignored;
        return EML_FINESS_CODE_BY_CODE;
      }
  const char *labels[2] = {label, short_label};
  for (int k = 0; k < 2; k++) {
    if (!labels[k] || !*labels[k])
      continue;
    for (size_t i = 0; i < codes->nrows; i++)
      if (!codes->rows[i].code[0] && holds_words(labels[k], codes->rows[i].label)) {
        *modality = codes->rows[i].modality;
        *ignored = codes->rows[i].ignored;
        return EML_FINESS_CODE_BY_LABEL;
      }
  }
  return EML_FINESS_CODE_UNKNOWN;
}

/* ---- legal status: the first rule that matches wins ---- */

typedef enum { BY_EJ, BY_CATEGORY, BY_CATEGORY_LABEL, BY_SPH, BY_SPH_LABEL } rule_field;

static const struct {
  rule_field field;
  const char *value; /* exact code, or words of a label */
  const char *status;
} status_rules[] = {
    /* the two university hospitals registry.md names apart, by legal entity */
    {BY_EJ, "750712184", "CHU AP-HP"},   /* Assistance publique - Hôpitaux de Paris */
    {BY_EJ, "130786049", "CHU APHM"},    /* Assistance publique - Hôpitaux de Marseille */
    {BY_CATEGORY, "101", "CHU"},         /* Centre Hospitalier Régional (C.H.R.) */
    {BY_CATEGORY_LABEL, "C.H.R.", "CHU"},
    {BY_CATEGORY_LABEL, "universitaire", "CHU"},
    {BY_CATEGORY, "114", "HIA"},         /* Hôpital des armées */
    {BY_CATEGORY_LABEL, "armées", "HIA"},
    {BY_CATEGORY_LABEL, "coopération sanitaire", "GCS"},
    {BY_CATEGORY_LABEL, "G.C.S.", "GCS"},
    {BY_CATEGORY_LABEL, "intérêt économique", "GIE"},
    {BY_CATEGORY_LABEL, "G.I.E.", "GIE"},
    {BY_CATEGORY, "131", "EPSIC"},       /* Centre de lutte contre le cancer */
    {BY_SPH, "6", "EPSIC"},              /* établissement privé d'intérêt collectif */
    {BY_SPH_LABEL, "intérêt collectif", "EPSIC"},
    {BY_SPH, "1", "CH"},                 /* établissement public de santé */
    {BY_SPH_LABEL, "public", "CH"},
    {BY_CATEGORY, "355", "CH"},          /* Centre Hospitalier (C.H.) */
    {BY_CATEGORY, "106", "CH"},          /* Centre hospitalier, ex Hôpital local */
    {BY_CATEGORY_LABEL, "radiologie", "LIBERAL"},
    {BY_CATEGORY_LABEL, "imagerie", "LIBERAL"},
    {BY_CATEGORY_LABEL, "cabinet", "LIBERAL"},
    {BY_SPH_LABEL, "privé", "PRIVE"},
    {BY_CATEGORY, "365", "PRIVE"},       /* Établissement de santé privé autorisé en SSR */
    {BY_CATEGORY, "128", "PRIVE"},       /* Établissement de soins chirurgicaux */
    {BY_CATEGORY, "129", "PRIVE"},       /* Établissement de soins médicaux */
    {BY_CATEGORY_LABEL, "clinique", "PRIVE"},
};

const char *eml_finess_legal_status(const char *categetab, const char *libcategetab,
                                    const char *codesph, const char *libsph,
                                    const char *nofinessej) {
  const char *by[5] = {nofinessej, categetab, libcategetab, codesph, libsph};
  for (size_t i = 0; i < sizeof status_rules / sizeof status_rules[0]; i++) {
    const char *v = by[status_rules[i].field];
    if (!v || !*v)
      continue;
    rule_field f = status_rules[i].field;
    int label = f == BY_CATEGORY_LABEL || f == BY_SPH_LABEL;
    if (label ? holds_words(v, status_rules[i].value) : strcmp(v, status_rules[i].value) == 0)
      return status_rules[i].status;
  }
  return "AUTRE";
}
