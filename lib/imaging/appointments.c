/*
 * appointments.c — the appointment-delay survey (eml/appointments.h; seed
 * 001 figures 1 to 6, spec imaging.md appointments.csv): reading, and the
 * tables of P20 / median / P80 of offered_on - asked_on in days, urgent
 * requests excluded, per modality x patient class and per clinical case.
 */
#include "imaging_internal.h"
#include "rows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eml/appointments.h"

struct eml_appointments {
  eml_appointment *rows;
  size_t count, capacity;
  int machines_stored; /* eml_appointments_machines_stored */
};

#define APPOINTMENTS_MAX 50000000

eml_appointments *eml_appointments_new(void) { return calloc(1, sizeof(eml_appointments)); }

void eml_appointments_free(eml_appointments *a) {
  if (!a)
    return;
  free(a->rows);
  free(a);
}

void eml_appointments_machines_stored(eml_appointments *a) { a->machines_stored = 1; }

size_t eml_appointments_count(const eml_appointments *a) { return a ? a->count : 0; }
const eml_appointment *eml_appointments_at(const eml_appointments *a, size_t i) {
  return i < a->count ? &a->rows[i] : NULL;
}

eml_status eml_appointments_add(eml_appointments *a, const eml_appointment *row) {
  if (row->delay_days < 0 || (row->patient_class != 'A' && row->patient_class != 'H') ||
      !row->case_code[0])
    return EML_ERR_VALUE;
  if (a->count == APPOINTMENTS_MAX)
    return EML_ERR_TOO_LARGE;
  void *rows = a->rows;
  eml_status st = eml_grow(&rows, &a->capacity, a->count + 1, sizeof *a->rows);
  a->rows = rows;
  if (st)
    return st;
  a->rows[a->count++] = *row;
  return EML_OK;
}

/* The clinical cases of seed 001, in the seed's order (codes are ours). */
static const struct {
  const char *code;
  eml_appt_modality modality;
  const char *label;
} clinical_cases[] = {
    {"TDM_AP_70", EML_APPT_CT,
     "Scanner abdomino pelvien - homme de 70 ans : altération de l'état général"},
    {"TDM_RACHIS_50", EML_APPT_CT,
     "Scanner du rachis lombaire - homme de 50 ans : sciatalgie L5 invalidante"},
    {"TDM_ENC_80", EML_APPT_CT, "Scanner encéphale - femme de 80 ans : chutes à répétition"},
    {"TDM_THX_50", EML_APPT_CT,
     "Scanner thoracique - homme de 50 ans, fumeur : hémoptysie, cliché thoracique suspect"},
    {"TDM_TAP_70", EML_APPT_CT,
     "Scanner thoracico-abdomino-pelvien - homme de 70 ans : altération de l'état général"},
    {"IRM_ENC_60", EML_APPT_MRI,
     "IRM de l'encéphale - femme de 60 ans : troubles de la mémoire de constatation récente"},
    {"IRM_ENC_4", EML_APPT_MRI, "IRM de l'encéphale - fille de 4 ans : crise d'épilepsie focale"},
    {"IRM_GENOU_35", EML_APPT_MRI,
     "IRM du genou - homme de 35 ans : blocages du genou à répétition"},
    {"IRM_RACHIS_60", EML_APPT_MRI, "IRM du rachis - homme de 60 ans : tassement vertébral"},
    {"IRM_FOIE_50", EML_APPT_MRI,
     "IRM hépatique - femme de 50 ans aux antécédents d'hépatite : nodule hépatique"},
};
enum { CLINICAL_CASE_COUNT = sizeof clinical_cases / sizeof clinical_cases[0] };

const char *eml_clinical_case_label(const char *code) {
  for (size_t i = 0; i < CLINICAL_CASE_COUNT; i++)
    if (strcasecmp(code, clinical_cases[i].code) == 0)
      return clinical_cases[i].label;
  return NULL;
}

/* ---- reading ------------------------------------------------------------ */

enum { COL_ID, COL_FINESS, COL_MODALITY, COL_CASE, COL_CLASS, COL_ASKED, COL_OFFERED, COL_URGENT };
static const eml_column_spec appointment_columns[] = {
    {"equipment_id", 0, EML_COL_TEXT, NULL}, {"finess", 0, EML_COL_FINESS, NULL},
    {"modality", 0, EML_COL_CODE, NULL},     {"case", 1, EML_COL_CODE, NULL},
    {"patient_class", 1, EML_COL_CODE, NULL}, {"asked_on", 1, EML_COL_DATE, NULL},
    {"offered_on", 1, EML_COL_DATE, NULL},   {"urgent", 0, EML_COL_BOOL, NULL},
    {NULL, 0, 0, NULL}};

typedef struct appointment_reading {
  eml_appointments *survey;
  eml_modality_fn lookup;
  void *lookup_ctx;
} appointment_reading;

/* CT or MRI from a modality code or alias (eml_modality_parse). */
static int imaging_modality(const char *s, size_t len, eml_appt_modality *out) {
  eml_modality m;
  if (eml_modality_parse(s, len, &m) != EML_OK || (m != EML_MOD_CT && m != EML_MOD_MRI))
    return 0;
  *out = m == EML_MOD_CT ? EML_APPT_CT : EML_APPT_MRI;
  return 1;
}

/* The modality of the row: its modality column, else its equipment's. */
static eml_status row_modality(const appointment_reading *reading, const eml_row *r,
                               eml_appt_modality *out, eml_diag *diag) {
  size_t len;
  const char *f = eml_row_field(r, COL_MODALITY, &len);
  if (len)
    return imaging_modality(f, len, out)
               ? EML_OK
               : eml_row_bad(r, COL_MODALITY, diag,
                             "pas une modalité d'imagerie de l'enquête (CT/TDM/scanner ou "
                             "MRI/IRM)");
  char key[EML_SCHEDULE_ID_MAX + 1];
  eml_status st = eml_row_text(r, COL_ID, key, sizeof key, diag);
  if (st)
    return st;
  if (!key[0])
    return eml_row_bad(r, COL_ID, diag, "ni equipment_id ni modality");
  const char *code = reading->lookup ? reading->lookup(reading->lookup_ctx, key) : NULL;
  if (!code) {
    /* eml_row_bad fills diag; the status is NOT_FOUND, which tells the
     * caller an unknown machine from a bad value */
    eml_status_ignore(eml_row_bad(r, COL_ID, diag,
                                  reading->survey->machines_stored ? IMG_UNKNOWN_STORED_MACHINE
                                                                   : IMG_UNKNOWN_MACHINE));
    return EML_ERR_NOT_FOUND;
  }
  if (!imaging_modality(code, strlen(code), out))
    return eml_row_bad(r, COL_ID, diag, "l'équipement n'est ni un scanner (CT) ni une IRM (MRI)");
  return EML_OK;
}

static eml_status appointment_record(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  appointment_reading *reading = ctx;
  (void)skipped;
  eml_appointment row;
  memset(&row, 0, sizeof row);
  row.line = eml_csv_line(r->csv);
  char finess[10];
  eml_status st = eml_row_finess(r, COL_FINESS, finess, diag);
  if (!st)
    st = row_modality(reading, r, &row.modality, diag);
  if (!st)
    st = eml_row_text(r, COL_CASE, row.case_code, sizeof row.case_code, diag);
  if (!st && finess[0])
    snprintf(row.site, sizeof row.site, "%s", finess);
  else if (!st)
    st = eml_row_text(r, COL_ID, row.site, sizeof row.site, diag);
  if (st)
    return st;
  size_t len;
  const char *f = eml_row_field(r, COL_CLASS, &len);
  if (len != 1 || (f[0] != 'A' && f[0] != 'a' && f[0] != 'H' && f[0] != 'h'))
    return eml_row_bad(r, COL_CLASS, diag, "pas une classe de patient (A ambulatoire ou H "
                                           "hospitalisé)");
  row.patient_class = (char)(f[0] & ~0x20);
  eml_date asked, offered;
  int has;
  if ((st = eml_row_date(r, COL_ASKED, &has, &asked, diag)) ||
      (st = eml_row_date(r, COL_OFFERED, &has, &offered, diag)))
    return st;
  if (offered < asked)
    return eml_row_bad(r, COL_OFFERED, diag, "avant asked_on");
  row.delay_days = offered - asked;
  if ((st = eml_row_bool(r, COL_URGENT, &row.urgent, diag)))
    return st;
  st = eml_appointments_add(reading->survey, &row);
  if (st == EML_ERR_TOO_LARGE)
    eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), NULL, NULL, 0,
                 "plus de %d réponses", APPOINTMENTS_MAX);
  return st;
}

/* Header check beyond the required columns: equipment_id or modality. */
static eml_status appointment_header(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  (void)ctx, (void)skipped;
  if (r->index[COL_ID] < 0 && r->index[COL_MODALITY] < 0) {
    eml_diag_set(diag, eml_csv_name(r->csv), 1, "equipment_id", NULL, 0,
                 "colonne obligatoire absente de l'en-tête (ou donner finess et modality)");
    return EML_ERR_CSV;
  }
  return EML_OK;
}

eml_status eml_appointments_read_memory(eml_appointments *a, const char *name, const char *data,
                                        size_t len, const eml_csv_options *csv_opts,
                                        eml_modality_fn lookup, void *lookup_ctx,
                                        const eml_read_hooks *hooks, eml_read_counts *counts,
                                        eml_diag *diag) {
  appointment_reading reading = {a, lookup, lookup_ctx};
  eml_row r = {.columns = appointment_columns};
  eml_rows_reading g = {name,       data,      len, csv_opts, appointment_header,
                        appointment_record, &reading, hooks};
  return eml_rows_read(&r, &g, counts, diag);
}

eml_status eml_appointments_read(eml_appointments *a, const char *path,
                                 const eml_csv_options *csv_opts, eml_modality_fn lookup,
                                 void *lookup_ctx, const eml_read_hooks *hooks,
                                 eml_read_counts *counts, eml_diag *diag) {
  return eml_appointments_read_memory(a, path, NULL, 0, csv_opts, lookup, lookup_ctx, hooks,
                                      counts, diag);
}

/* ---- the machines of equipment.csv and their modality -------------------- */

struct eml_equipment_modalities {
  char (*modalities)[8]; /* one per equipment kept, in the order of the file */
  size_t count, cap;
  eml_strmap ids; /* equipment_id -> its modality's index; the first row of an id wins */
};

static const eml_column_spec equipment_columns[] = {
    {"equipment_id", 1, EML_COL_TEXT, NULL}, {"modality", 1, EML_COL_CODE, NULL},
    {NULL, 0, 0, NULL}};

static eml_status equipment_entry_row(void *ctx, const eml_row *r, int *skipped,
                                      eml_diag *diag) {
  eml_equipment_modalities *index = ctx;
  (void)diag;
  size_t id_len, modality_len;
  const char *id = eml_csv_field(r->csv, (size_t)r->index[0], &id_len);
  const char *modality = eml_csv_field(r->csv, (size_t)r->index[1], &modality_len);
  if (!id_len || id_len > EML_SCHEDULE_ID_MAX || modality_len >= sizeof *index->modalities) {
    *skipped = 1; /* not a CT or MRI row the survey can use; the engine reports it */
    return EML_OK;
  }
  eml_status st = eml_grow((void **)&index->modalities, &index->cap, index->count + 1,
                           sizeof *index->modalities);
  if (!st && (st = eml_strmap_put(&index->ids, id, id_len, index->count)) == EML_OK) {
    char *m = index->modalities[index->count++];
    memcpy(m, modality, modality_len);
    m[modality_len] = '\0';
  }
  return st == EML_ERR_DUPLICATE ? EML_OK : st;
}

eml_status eml_equipment_modalities_read(const char *path, const eml_csv_options *csv_opts,
                                         eml_equipment_modalities **out, eml_diag *diag) {
  eml_equipment_modalities *index = calloc(1, sizeof *index);
  *out = NULL;
  if (!index)
    return EML_ERR_NOMEM;
  /* a row of the wrong width is left out too: the engine's words */
  eml_row r = {.columns = equipment_columns, .words = EML_WORDS_IMAGING};
  eml_read_hooks hooks = {eml_rows_drop, NULL, NULL};
  eml_rows_reading g = {path, NULL, 0, csv_opts, NULL, equipment_entry_row, index, &hooks};
  eml_status st = eml_rows_read(&r, &g, NULL, diag);
  if (st) {
    eml_equipment_modalities_free(index);
    return st;
  }
  *out = index;
  return EML_OK;
}

const char *eml_equipment_modality(void *ctx, const char *equipment_id) {
  const eml_equipment_modalities *index = ctx;
  size_t i;
  return index && eml_strmap_get(&index->ids, equipment_id, strlen(equipment_id), &i)
             ? index->modalities[i]
             : NULL;
}

void eml_equipment_modalities_free(eml_equipment_modalities *index) {
  if (!index)
    return;
  eml_strmap_free(&index->ids);
  free(index->modalities);
  free(index);
}

/* ---- tables -------------------------------------------------------------- */

static const char *const modality_names[2] = {N_("scanner"), N_("IRM")};

/* Delays of the non-urgent answers matching modality, class (0: both) and
 * case (NULL: all), into values (room for a->count); returns how many. */
static size_t select_delays(const eml_appointments *a, eml_appt_modality modality,
                            char patient_class, const char *case_code, double *values) {
  size_t n = 0;
  for (size_t i = 0; i < a->count; i++) {
    const eml_appointment *row = &a->rows[i];
    if (row->urgent || row->modality != modality || row->patient_class != patient_class ||
        (case_code && strcmp(row->case_code, case_code) != 0))
      continue;
    values[n++] = row->delay_days;
  }
  return n;
}

/* A delay in days: whole days without decimals, as the seed prints them. */
static void set_days(eml_table *t, size_t row, size_t col, double days) {
  eml_table_set_real(t, row, col, days, days == (double)(long long)days ? 0 : 1, 0);
}

static const double quantile_p[3] = {0.2, 0.5, 0.8};

/* Figure 1 / 2: rows P20, median, P80, count; columns A, H. */
static eml_status class_table(const eml_appointments *a, eml_appt_modality m, double *values,
                              long urgent, eml_table **out) {
  static const char *const row_labels[4] = {"20 % des patients", "Médiane", "80 % des patients",
                                            N_("Nombre de réponses")};
  char title[160], id[64], header[64], note[128];
  snprintf(title, sizeof title, _("Figure %d : Répartition des délais de rendez-vous %s (jours)"),
           m == EML_APPT_CT ? 1 : 2, m == EML_APPT_CT ? _("au scanner") : _("en IRM"));
  snprintf(id, sizeof id, "appointment_delays_%s", m == EML_APPT_CT ? "ct" : "mri");
  snprintf(header, sizeof header, _("Délais de RDV %s"), _(modality_names[m]));
  eml_table *t = eml_table_new(id, title);
  eml_table_add_column(t, NULL, header, "statistic");
  eml_table_add_column(t, NULL, "Patient ambulatoire", "outpatient_days");
  eml_table_add_column(t, NULL, "Patient hospitalisé", "inpatient_days");
  for (size_t r = 0; r < 4; r++) {
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, _(row_labels[r]));
  }
  static const char classes[2] = {'A', 'H'};
  for (size_t c = 0; c < 2; c++) {
    size_t n = select_delays(a, m, classes[c], NULL, values);
    for (size_t r = 0; r < 3 && n; r++)
      set_days(t, r, c + 1, eml_quantile(values, n, quantile_p[r]));
    eml_table_set_int(t, 3, c + 1, (int64_t)n, 0);
  }
  snprintf(note, sizeof note, "Hors cas urgents (%ld demande%s urgente%s exclue%s).", urgent,
           urgent > 1 ? "s" : "", urgent > 1 ? "s" : "", urgent > 1 ? "s" : "");
  eml_table_add_note(t, note);
  return eml_table_finish(t, out);
}

/* Distinct case codes of a modality: the seed's first, then others in
 * order of first appearance. Returns how many (pointers into the rows or
 * the case table). */
static size_t case_codes(const eml_appointments *a, eml_appt_modality m, const char **codes) {
  size_t n = 0;
  for (size_t i = 0; i < CLINICAL_CASE_COUNT; i++)
    if (clinical_cases[i].modality == m)
      codes[n++] = clinical_cases[i].code;
  for (size_t i = 0; i < a->count; i++) {
    if (a->rows[i].modality != m)
      continue;
    size_t k = 0;
    while (k < n && strcasecmp(codes[k], a->rows[i].case_code) != 0)
      k++;
    if (k == n)
      codes[n++] = a->rows[i].case_code;
  }
  return n;
}

/* Figures 3 to 6: one row per case and a "Tous cas cliniques" row. */
static eml_status case_table(const eml_appointments *a, eml_appt_modality m, double *values,
                             const char **codes, eml_table **out) {
  static const char *const groups[2] = {"Patient ambulatoire", "Patient hospitalisé"};
  static const char *const keys[2][4] = {
      {"outpatient_n", "outpatient_p20", "outpatient_median", "outpatient_p80"},
      {"inpatient_n", "inpatient_p20", "inpatient_median", "inpatient_p80"}};
  static const char *const stat_names[4] = {"n", "20 %", "Médiane", "80 %"};
  char title[200], id[64];
  snprintf(title, sizeof title,
           _("Figures %s : Délai de rendez-vous %s par cas clinique (jours, hors cas urgents)"),
           m == EML_APPT_CT ? _("3 et 5") : _("4 et 6"), m == EML_APPT_CT ? _("en scanner") : _("en IRM"));
  snprintf(id, sizeof id, "appointment_cases_%s", m == EML_APPT_CT ? "ct" : "mri");
  eml_table *t = eml_table_new(id, title);
  eml_table_add_column(t, NULL, "Cas clinique", "case");
  eml_table_add_column(t, NULL, "Description", "label");
  for (int g = 0; g < 2; g++)
    for (int k = 0; k < 4; k++)
      eml_table_add_column(t, groups[g], stat_names[k], keys[g][k]);
  size_t ncodes = case_codes(a, m, codes);
  static const char classes[2] = {'A', 'H'};
  for (size_t c = 0; c <= ncodes; c++) {
    const char *code = c < ncodes ? codes[c] : NULL;
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, code ? code : _("Tous cas cliniques"));
    const char *label = code ? eml_clinical_case_label(code) : NULL;
    if (label)
      eml_table_set_text(t, row, 1, label);
    if (!code)
      eml_table_set_row_flags(t, row, EML_CELL_STRONG);
    for (size_t g = 0; g < 2; g++) {
      size_t n = select_delays(a, m, classes[g], code, values);
      size_t base = 2 + 4 * g;
      eml_table_set_int(t, row, base, (int64_t)n, 0);
      for (size_t q = 0; q < 3 && n; q++)
        set_days(t, row, base + 1 + q, eml_quantile(values, n, quantile_p[q]));
    }
  }
  return eml_table_finish(t, out);
}

eml_status eml_appointments_tables(const eml_appointments *a, eml_table ***tables,
                                   size_t *count) {
  *tables = NULL;
  *count = 0;
  size_t answers[2] = {0, 0};
  long urgent[2] = {0, 0};
  for (size_t i = 0; i < a->count; i++) {
    answers[a->rows[i].modality]++;
    urgent[a->rows[i].modality] += a->rows[i].urgent != 0;
  }
  eml_table **list = calloc(4, sizeof *list);
  double *values = malloc((a->count ? a->count : 1) * sizeof *values);
  const char **codes = malloc((a->count + CLINICAL_CASE_COUNT) * sizeof *codes);
  eml_status st = list && values && codes ? EML_OK : EML_ERR_NOMEM;
  size_t n = 0;
  for (int m = EML_APPT_CT; m <= EML_APPT_MRI && !st; m++) {
    if (!answers[m])
      continue;
    st = class_table(a, (eml_appt_modality)m, values, urgent[m], &list[n]);
    if (!st)
      n++;
    if (!st)
      st = case_table(a, (eml_appt_modality)m, values, codes, &list[n]);
    if (!st)
      n++;
  }
  free(values);
  free(codes);
  if (st) {
    eml_appointments_tables_free(list, n);
    return st;
  }
  *tables = list;
  *count = n;
  return EML_OK;
}
