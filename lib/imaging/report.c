/*
 * report.c — what a computed imaging benchmark shows (spec imaging.md,
 * "Reports"): the indicator table (keys, French labels of seed 001, the
 * precision the seed prints), accessors of a result, the machines.csv /
 * panel.csv files of the DuckDB comparison (shared/bench/README.md), the
 * national summary tables (seed figures 7, 8, 11, 12, 15-18, counts, and
 * the headline shares of on-call, night activity and the two populations)
 * and one machine's sheet (indicators with percentile rank and the panel's
 * P20 / median / P80, classes, data quality).
 */
#include "imaging_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const eml_imaging_indicator_info indicators[EML_IND_COUNT] = {
    [EML_IND_OPEN_PROGRAMMED_H] = {"open_programmed_h", N_("Temps d'ouverture au programmé"),
                                   N_("h/semaine"), 1, 0, 0},
    [EML_IND_OPEN_EXTENDED_H] = {"open_extended_h", N_("Ouverture élargie"), N_("h/semaine"), 1, 0, 0},
    [EML_IND_OPEN_TOTAL_H] = {"open_total_h", N_("Ouverture totale"), N_("h/semaine"), 1, 0, 0},
    [EML_IND_OPEN_PROG_EMERGENCY_H] = {"open_prog_emergency_h",
                                       N_("Temps d'ouverture (programmé + vacations d'urgences)"),
                                       N_("h/semaine"), 1, 0, 0},
    [EML_IND_EXAMS_PER_WEEK] = {"exams_per_week", N_("Passages par semaine"), N_("/semaine"), 0, 0, 0},
    [EML_IND_OCCUPANCY_PROGRAMMED] = {"occupancy_programmed",
                                      N_("Taux d'occupation (vacations programmées)"), "%", 1, 1, 1},
    [EML_IND_OCCUPANCY_PROG_EMERGENCY] = {"occupancy_prog_emergency",
                                          N_("Taux d'occupation (programmées + urgences)"), "%", 1, 1,
                                          1},
    [EML_IND_ICR_PER_HOUR] = {"icr_per_hour", N_("ICR produits par heure d'ouverture"), N_("ICR/h"), 1, 0,
                              1},
    [EML_IND_ICR_PER_HOUR_PROG_EMERGENCY] = {"icr_per_hour_prog_emergency",
                                             N_("ICR par heure (programmées + urgences)"), N_("ICR/h"), 1,
                                             0, 1},
    [EML_IND_ER_SHARE] = {"er_share", N_("Part de patients provenant du SU"), "%", 1, 1, 0},
    [EML_IND_ON_CALL_H] = {"on_call_h", N_("Plages de permanence des soins et d'urgence"),
                           N_("h/semaine"), 1, 0, 0},
    [EML_IND_EXAMS_OUTSIDE_EXTENDED_PER_WEEK] = {"exams_outside_extended_per_week",
                                                 N_("Activité en permanence des soins"),
                                                 N_("examens/semaine"), 1, 0, 0},
    [EML_IND_NIGHT_EARLY_PER_WEEK] = {"night_early_per_week",
                                      N_("Première partie de la nuit (20h-24h)"), N_("examens/semaine"), 1,
                                      0, 0},
    [EML_IND_NIGHT_DEEP_PER_WEEK] = {"night_deep_per_week", N_("Nuit profonde (0h-7h)"),
                                     N_("examens/semaine"), 1, 0, 0},
    [EML_IND_WEEKNIGHT_MEAN] = {"weeknight_mean", N_("Patients par nuit en semaine"), N_("patients/nuit"),
                                1, 0, 0},
    [EML_IND_LATE_START_MIN] = {"late_start_min", N_("Démarrage tardif de vacation"), N_("min"), 1, 0, 0},
    [EML_IND_EARLY_END_MIN] = {"early_end_min", N_("Fin précoce de vacation"), N_("min"), 1, 0, 0},
    [EML_IND_GAP_BETWEEN_EXAMS_MIN] = {"gap_between_exams_min", N_("Temps inter examens"), N_("min"), 1, 0,
                                       0},
    [EML_IND_MEAN_DURATION_A] = {"mean_duration_A", N_("Durée moyenne d'examen, ambulatoire (A)"),
                                 N_("min"), 1, 0, 0},
    [EML_IND_MEAN_DURATION_H] = {"mean_duration_H", N_("Durée moyenne d'examen, hospitalisé (H)"),
                                 N_("min"), 1, 0, 0},
    [EML_IND_MEAN_DURATION_R] = {"mean_duration_R", N_("Durée moyenne d'examen, réanimation (R)"),
                                 N_("min"), 1, 0, 0},
    [EML_IND_MEAN_DURATION_U] = {"mean_duration_U", N_("Durée moyenne d'examen, urgences du SU (U)"),
                                 N_("min"), 1, 0, 0},
};

const eml_imaging_indicator_info *eml_imaging_indicator_get(eml_imaging_indicator ind) {
  return (unsigned)ind < EML_IND_COUNT ? &indicators[ind] : NULL;
}

double eml_imaging_machine_value(const eml_imaging_machine *m, eml_imaging_indicator ind) {
  switch (ind) {
  case EML_IND_OPEN_PROGRAMMED_H: return m->open_programmed_h;
  case EML_IND_OPEN_EXTENDED_H: return m->open_extended_h;
  case EML_IND_OPEN_TOTAL_H: return m->open_total_h;
  case EML_IND_OPEN_PROG_EMERGENCY_H: return m->open_prog_emergency_h;
  case EML_IND_EXAMS_PER_WEEK: return m->exams_per_week;
  case EML_IND_OCCUPANCY_PROGRAMMED: return m->occupancy_programmed;
  case EML_IND_OCCUPANCY_PROG_EMERGENCY: return m->occupancy_prog_emergency;
  case EML_IND_ICR_PER_HOUR: return m->icr_per_hour;
  case EML_IND_ICR_PER_HOUR_PROG_EMERGENCY: return m->icr_per_hour_prog_emergency;
  case EML_IND_ER_SHARE: return m->er_share;
  case EML_IND_ON_CALL_H: return m->on_call_h;
  case EML_IND_EXAMS_OUTSIDE_EXTENDED_PER_WEEK: return m->exams_outside_extended_per_week;
  case EML_IND_NIGHT_EARLY_PER_WEEK: return m->night_early_per_week;
  case EML_IND_NIGHT_DEEP_PER_WEEK: return m->night_deep_per_week;
  case EML_IND_WEEKNIGHT_MEAN: return m->weeknight_mean;
  case EML_IND_LATE_START_MIN: return m->late_start_min;
  case EML_IND_EARLY_END_MIN: return m->early_end_min;
  case EML_IND_GAP_BETWEEN_EXAMS_MIN: return m->gap_between_exams_min;
  case EML_IND_MEAN_DURATION_A: return m->mean_duration_min[EML_CLASS_A];
  case EML_IND_MEAN_DURATION_H: return m->mean_duration_min[EML_CLASS_H];
  case EML_IND_MEAN_DURATION_R: return m->mean_duration_min[EML_CLASS_R];
  case EML_IND_MEAN_DURATION_U: return m->mean_duration_min[EML_CLASS_U];
  default: return NAN;
  }
}

static const char *modality_label(int mod) { return mod == EML_IMAGING_CT ? _("Scanner") : _("IRM"); }

/* ---- accessors ------------------------------------------------------- */

eml_date eml_imaging_result_from(const eml_imaging_result *r) { return r->from; }
eml_date eml_imaging_result_to(const eml_imaging_result *r) { return r->to; }
double eml_imaging_result_weeks(const eml_imaging_result *r) { return r->weeks; }
size_t eml_imaging_machine_count(const eml_imaging_result *r) { return r->n_machines; }

const char *eml_imaging_campaign_modality(const eml_imaging_campaign *c,
                                          const char *equipment_id) {
  long m = img_machine_lookup(c, equipment_id, strlen(equipment_id));
  return m < 0 || c->machines[m].modality < 0
             ? NULL
             : eml_imaging_modality_code((eml_imaging_modality)c->machines[m].modality);
}

const eml_imaging_machine *eml_imaging_machine_at(const eml_imaging_result *r, size_t i) {
  return i < r->n_machines ? &r->machines[i] : NULL;
}

/* bsearch's comparison of an id with a machine */
static int id_vs_machine(const void *id, const void *m) {
  return strcmp(id, ((const eml_imaging_machine *)m)->equipment_id);
}

long eml_imaging_machine_find(const eml_imaging_result *r, const char *equipment_id) {
  /* the result's machines are sorted by id (compute.c, cmp_machine) */
  const eml_imaging_machine *m =
      r->n_machines ? bsearch(equipment_id, r->machines, r->n_machines, sizeof *m, id_vs_machine)
                    : NULL;
  return m ? (long)(m - r->machines) : -1;
}

const eml_imaging_dist *eml_imaging_panel(const eml_imaging_result *r, eml_imaging_modality mod,
                                          eml_imaging_indicator ind) {
  return (unsigned)mod < EML_IMAGING_MODALITY_COUNT && (unsigned)ind < EML_IND_COUNT ? &r->panel[mod][ind]
                                                                               : NULL;
}

const double *eml_imaging_panel_values(const eml_imaging_result *r, eml_imaging_modality mod,
                                       eml_imaging_indicator ind, size_t *n) {
  if ((unsigned)mod >= EML_IMAGING_MODALITY_COUNT || (unsigned)ind >= EML_IND_COUNT) {
    *n = 0;
    return NULL;
  }
  *n = r->panel_n[mod][ind];
  return r->panel_values[mod][ind];
}

const eml_imaging_dist *eml_imaging_durations(const eml_imaging_result *r, eml_imaging_modality mod,
                                              eml_patient_class cls) {
  return (unsigned)mod < EML_IMAGING_MODALITY_COUNT && (unsigned)cls < EML_CLASS_COUNT
             ? &r->durations[mod][cls]
             : NULL;
}

const eml_imaging_dist *eml_imaging_report_delays(const eml_imaging_result *r, eml_imaging_modality mod,
                                                  int inpatients) {
  return (unsigned)mod < EML_IMAGING_MODALITY_COUNT ? &r->report_delays[mod][inpatients ? 1 : 0] : NULL;
}

/* ---- CSV files of the DuckDB comparison ------------------------------ */

static eml_status put(eml_buf *b, eml_write_fn write, void *ctx, int flush) {
  eml_status st = EML_OK;
  if (b->len && (flush || b->len > 60000)) {
    st = write(ctx, b->data, b->len);
    b->len = 0;
  }
  return st;
}

/* ",v" with every digit, "," for NAN; the first error is kept in *st. */
static void num(eml_buf *b, double v, eml_status *st) {
  eml_status_keep(st, isnan(v) ? eml_buf_putc(b, ',') : eml_buf_printf(b, ",%.17g", v));
}

/* The columns of machines.csv, in order: name, kind ('t' text, 'm' the
 * modality's code, 'r' a real with every digit, empty for NAN, 'b' true or
 * false, 'l' a whole number) and where the value lies in a machine. */
typedef struct machine_column {
  const char *name;
  char kind;
  size_t offset;
} machine_column;

#define MCOL(name, kind, member) {name, kind, offsetof(eml_imaging_machine, member)}
#define TEXT(m) MCOL(#m, 't', m)
#define REAL(m) MCOL(#m, 'r', m)
#define BOOL(m) MCOL(#m, 'b', m)
#define LONG(m) MCOL(#m, 'l', m)
static const machine_column machine_columns[] = {
    TEXT(equipment_id), MCOL("modality", 'm', modality), REAL(open_programmed_h),
    REAL(open_extended_h), REAL(open_total_h), REAL(on_call_h), REAL(exams_per_week),
    REAL(occupancy_programmed), REAL(icr_per_hour), REAL(er_share), REAL(night_early_per_week),
    REAL(night_deep_per_week), BOOL(included), REAL(open_prog_emergency_h), TEXT(finess), REAL(occupancy_prog_emergency),
    REAL(icr_per_hour_prog_emergency), REAL(exams_outside_extended_per_week),
    REAL(weeknight_mean), REAL(late_start_min), REAL(early_end_min), REAL(gap_between_exams_min),
    MCOL("mean_duration_A", 'r', mean_duration_min[EML_CLASS_A]),
    MCOL("mean_duration_H", 'r', mean_duration_min[EML_CLASS_H]),
    MCOL("mean_duration_R", 'r', mean_duration_min[EML_CLASS_R]),
    MCOL("mean_duration_U", 'r', mean_duration_min[EML_CLASS_U]), REAL(included_share),
    BOOL(emergency_dedicated), BOOL(strong_night), BOOL(low_night), BOOL(significant_on_call),
    BOOL(red_zone),
    LONG(exams), LONG(short_exams), LONG(overlapping_exams), LONG(exams_outside_sessions),
    LONG(overlapping_sessions), LONG(missing_icr),
};
#undef MCOL
#undef TEXT
#undef REAL
#undef BOOL
#undef LONG
#define N_MACHINE_COLUMNS (sizeof machine_columns / sizeof machine_columns[0])

/* One value of a machine's line, with the comma before it (none first). */
static void machine_value(eml_buf *b, const eml_imaging_machine *m, size_t k, eml_status *st) {
  const machine_column *col = &machine_columns[k];
  const char *at = (const char *)m + col->offset, *sep = k ? "," : "";
  const char *text = at;
  switch (col->kind) {
  case 'r':
    num(b, *(const double *)at, st);
    return;
  case 'l':
    eml_status_keep(st, eml_buf_printf(b, "%s%ld", sep, *(const long *)at));
    return;
  case 'm':
    text = eml_imaging_modality_code(*(const eml_imaging_modality *)at);
    break;
  case 'b':
    text = *(const int *)at ? "true" : "false";
    break;
  }
  eml_status_keep(st, eml_buf_printf(b, "%s%s", sep, text));
}

eml_status eml_imaging_write_machines_csv(const eml_imaging_result *r, eml_write_fn write,
                                          void *ctx) {
  eml_buf b;
  eml_buf_init(&b, 1 << 20);
  eml_status st = EML_OK;
  for (size_t k = 0; k < N_MACHINE_COLUMNS; k++)
    eml_status_keep(&st, eml_buf_printf(&b, "%s%s", k ? "," : "", machine_columns[k].name));
  eml_status_keep(&st, eml_buf_putc(&b, '\n'));
  for (size_t i = 0; i < r->n_machines && !st; i++) {
    for (size_t k = 0; k < N_MACHINE_COLUMNS; k++)
      machine_value(&b, &r->machines[i], k, &st);
    eml_status_keep(&st, eml_buf_putc(&b, '\n'));
    if (!st)
      st = put(&b, write, ctx, 0);
  }
  if (!st)
    st = put(&b, write, ctx, 1);
  eml_buf_free(&b);
  return st;
}

typedef struct panel_line {
  int modality;
  char indicator[48];
  const eml_imaging_dist *d;
} panel_line;

static int cmp_panel_line(const void *a, const void *b) {
  const panel_line *x = a, *y = b;
  if (x->modality != y->modality)
    return strcmp(eml_imaging_modality_code(x->modality), eml_imaging_modality_code(y->modality));
  return strcmp(x->indicator, y->indicator);
}

eml_status eml_imaging_write_panel_csv(const eml_imaging_result *r, eml_write_fn write, void *ctx) {
  panel_line lines[EML_IMAGING_MODALITY_COUNT * (EML_IND_COUNT + EML_CLASS_COUNT)];
  size_t n = 0;
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    if (!r->machines_per_modality[mod])
      continue;
    for (int ind = 0; ind < EML_IND_COUNT; ind++) {
      lines[n] = (panel_line){mod, "", &r->panel[mod][ind]};
      snprintf(lines[n++].indicator, sizeof lines[0].indicator, "%s", indicators[ind].key);
    }
    for (int c = 0; c < EML_CLASS_COUNT; c++)
      if (r->durations[mod][c].n) {
        lines[n] = (panel_line){mod, "", &r->durations[mod][c]};
        snprintf(lines[n++].indicator, sizeof lines[0].indicator, "duration_min_%s",
                 eml_patient_class_code((eml_patient_class)c));
      }
  }
  qsort(lines, n, sizeof lines[0], cmp_panel_line);
  eml_buf b;
  eml_buf_init(&b, 1 << 20);
  eml_status st = eml_buf_printf(&b, "modality,indicator,n,p20,p50,p80\n");
  for (size_t i = 0; i < n && !st; i++) {
    eml_status_keep(&st,
                    eml_buf_printf(&b, "%s,%s,%ld", eml_imaging_modality_code(lines[i].modality),
                                   lines[i].indicator, lines[i].d->n));
    num(&b, lines[i].d->p20, &st);
    num(&b, lines[i].d->p50, &st);
    num(&b, lines[i].d->p80, &st);
    eml_status_keep(&st, eml_buf_putc(&b, '\n'));
  }
  if (!st)
    st = put(&b, write, ctx, 1);
  eml_buf_free(&b);
  return st;
}

/* ---- tables ---------------------------------------------------------- */

/* A real cell, or empty for NAN. */
static void set_value(eml_table *t, size_t row, size_t col, double v, int decimals, int percent) {
  if (!isnan(v))
    eml_table_set_real(t, row, col, v, decimals, percent ? EML_CELL_PERCENT : 0);
}

static size_t new_row(eml_table *t) {
  size_t row = 0;
  eml_table_add_row(t, &row);
  return row;
}

/* One file's row of "Fichiers lus"; resolved: the table has the column of
 * the resolved October hours. */
static void counts_row(eml_table *t, const char *file, const eml_imaging_load_counts *c,
                       int resolved) {
  size_t row = new_row(t);
  eml_table_set_text(t, row, 0, file);
  eml_table_set_int(t, row, 1, c->read, 0);
  eml_table_set_int(t, row, 2, c->loaded, 0);
  eml_table_set_int(t, row, 3, c->rejected, 0);
  eml_table_set_int(t, row, 4, c->skipped, 0);
  eml_table_set_int(t, row, 5, c->ambiguous_times, 0);
  eml_table_set_int(t, row, 6, c->skipped_times, 0);
  if (resolved)
    eml_table_set_int(t, row, 7, c->resolved_times, 0);
}

static void summary_counts(eml_table_list *l, const eml_imaging_result *r) {
  char from[16], to[16], sub[160], weeks[32];
  eml_date_format_fr(r->from, from, sizeof from);
  eml_date_format_fr(r->to, to, sizeof to);
  eml_table *t = eml_table_list_add(l, "imaging_counts", "Panel : équipements, examens et qualité des données");
  if (!t)
    return;
  snprintf(sub, sizeof sub, _("Campagne du %s au %s (exclu), %s semaines"), from, to,
           eml_number_format(r->weeks, 1, 0, weeks, sizeof weeks));
  eml_table_set_subtitle(t, sub);
  eml_table_add_column(t, NULL, "", "item");
  eml_table_add_column(t, NULL, "Scanner", "ct");
  eml_table_add_column(t, NULL, "IRM", "mri");
  long quality[EML_IMAGING_MODALITY_COUNT][6] = {{0}};
  for (size_t i = 0; i < r->n_machines; i++) {
    const eml_imaging_machine *m = &r->machines[i];
    long *q = quality[m->modality];
    q[0] += m->short_exams;
    q[1] += m->overlapping_exams;
    q[2] += m->exams_outside_sessions;
    q[3] += m->overlapping_sessions;
    q[4] += m->missing_icr;
    q[5] += m->emergency_dedicated;
  }
  struct {
    const char *label;
    long v[2];
  } rows[] = {
      {N_("Équipements"), {r->machines_per_modality[0], r->machines_per_modality[1]}},
      {N_("Équipements retenus (règle d'inclusion)"),
       {r->included_per_modality[0], r->included_per_modality[1]}},
      {N_("Équipements dédiés aux urgences"), {quality[0][5], quality[1][5]}},
      {N_("Examens retenus"), {r->exams_per_modality[0], r->exams_per_modality[1]}},
      {N_("Examens de moins de 3 min (exclus)"), {quality[0][0], quality[1][0]}},
      {N_("Examens chevauchant un autre examen"), {quality[0][1], quality[1][1]}},
      {N_("Examens hors de toute vacation"), {quality[0][2], quality[1][2]}},
      {N_("Vacations chevauchant une vacation d'un autre groupe"), {quality[0][3], quality[1][3]}},
      {N_("Examens sans ICR"), {quality[0][4], quality[1][4]}},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    size_t row = new_row(t);
    char label[96], minutes[32];
    if (i == 4)
      snprintf(label, sizeof label, _("Examens de moins de %s min (exclus)"),
               eml_number_shortest(r->min_exam_minutes, minutes, sizeof minutes)); /* "2,5" */
    eml_table_set_text(t, row, 0, i == 4 ? label : _(rows[i].label));
    eml_table_set_int(t, row, 1, rows[i].v[0], 0);
    eml_table_set_int(t, row, 2, rows[i].v[1], 0);
  }

  eml_table *f = eml_table_list_add(l, "imaging_files", "Fichiers lus");
  if (!f)
    return;
  const char *heads[] = {N_("Fichier"), N_("Lues"), N_("Chargées"), N_("Rejetées"),
                         N_("Ignorées (autre modalité)"), N_("Heures ambiguës (octobre)"),
                         N_("Heures inexistantes (mars)"), N_("Heures ambiguës résolues")};
  const char *keys[] = {"file", "read", "loaded", "rejected", "skipped", "ambiguous_times",
                        "skipped_times", "resolved_times"};
  /* the resolved column only when a file had such an interval: campaigns
   * without one keep the table they always had */
  int resolved = r->equipment_counts.resolved_times || r->sessions_counts.resolved_times ||
                 r->exams_counts.resolved_times;
  for (size_t i = 0; i < 7u + (resolved != 0); i++)
    eml_table_add_column(f, NULL, heads[i], keys[i]);
  counts_row(f, "equipment.csv", &r->equipment_counts, resolved);
  counts_row(f, r->sessions_from_schedule ? "schedule.csv" : "sessions.csv", &r->sessions_counts,
             resolved);
  counts_row(f, "exams.csv", &r->exams_counts, resolved);
  if (resolved)
    eml_table_add_note(f, "Heures ambiguës résolues : examens ou vacations dont le début et la "
                          "fin sont tous deux dans l'heure répétée du changement d'heure "
                          "d'octobre, la fin avant le début ; le début est lu à sa première "
                          "occurrence (heure d'été), la fin à la seconde (heure d'hiver), seule "
                          "lecture qui donne une durée réelle. Ils sont gardés, non rejetés.");
}

static const char *const quantile_rows[3] = {NF_("20 % ont moins de :"),
                                             N_("Médiane"),
                                             NF_("20 % ont plus de :")};

static double dist_at(const eml_imaging_dist *d, int i) {
  return i == 0 ? d->p20 : i == 1 ? d->p50 : d->p80;
}

/* The table of figure n for modality mod: id "<id>_ct" or "<id>_mri",
 * title "Figure n : <what> au scanner" or "... <what> <at_mri>" (the seed
 * says "à l'IRM" or "en IRM"), its first column the quantile (headed
 * head); NULL when the list is in error. */
static eml_table *figure_table(eml_table_list *l, const char *id, int mod, int n,
                               const char *what, const char *at_mri, const char *head) {
  char full_id[32], title[200];
  snprintf(full_id, sizeof full_id, "%s_%s", id, mod == EML_IMAGING_CT ? "ct" : "mri");
  snprintf(title, sizeof title, _("Figure %d : %s %s"), n, _(what),
           mod == EML_IMAGING_CT ? _("au scanner") : _(at_mri));
  eml_table *t = eml_table_list_add(l, full_id, title);
  eml_table_add_column(t, NULL, head, "quantile");
  return t;
}

/* A new row of a figure's table, headed by its quantile's label. */
static size_t quantile_row(eml_table *t, const char *label) {
  size_t row = new_row(t);
  eml_table_set_text(t, row, 0, _(label));
  return row;
}

/* Figures 15 and 16 (programmed sessions) or 17 and 18 (programmed +
 * emergency sessions): opening, occupancy, ICR per hour. The seed prints
 * 15-16 as a table; for 17-18 it gives the medians in its text ("la valeur
 * médiane du taux d'occupation diminue de 60,6 à 59 % et celle du temps
 * d'ouverture hebdomadaire augmente de 47 à 53,2h"): the same three
 * quantiles here. */
static void occupancy_figure(eml_table_list *l, const eml_imaging_result *r, int mod,
                             int with_emergency) {
  eml_table *t =
      with_emergency
          ? figure_table(l, "imaging_occupancy_emergency", mod, 17 + mod,
                         N_("Taux d'occupation, temps d'ouverture (au programmé + vacations "
                            "d'urgences) et production d'ICR"),
                         N_("en IRM"), "")
          : figure_table(l, "imaging_occupancy", mod, 15 + mod,
                         N_("Représentation numérique du taux d'occupation, du temps "
                            "d'ouverture au programmé et de la production d'ICR"),
                         N_("à l'IRM"), "");
  if (!t)
    return;
  const eml_imaging_indicator cols[2][3] = {
      {EML_IND_OPEN_PROGRAMMED_H, EML_IND_OCCUPANCY_PROGRAMMED, EML_IND_ICR_PER_HOUR},
      {EML_IND_OPEN_PROG_EMERGENCY_H, EML_IND_OCCUPANCY_PROG_EMERGENCY,
       EML_IND_ICR_PER_HOUR_PROG_EMERGENCY}};
  const char *heads[2][3] = {
      {N_("Temps d'ouverture au programmé (h)"), N_("Taux d'occupation"), N_("ICR/h")},
      {N_("Temps d'ouverture, programmé + urgences (h)"), N_("Taux d'occupation"), N_("ICR/h")}};
  const eml_imaging_indicator *c3 = cols[with_emergency != 0];
  for (int c = 0; c < 3; c++)
    eml_table_add_column(t, NULL, heads[with_emergency != 0][c], indicators[c3[c]].key);
  for (int q = 0; q < 3; q++) {
    size_t row = quantile_row(t, quantile_rows[q]);
    for (int c = 0; c < 3; c++)
      set_value(t, row, (size_t)c + 1, dist_at(&r->panel[mod][c3[c]], q),
                indicators[c3[c]].decimals, indicators[c3[c]].percent);
  }
  char note[240];
  snprintf(note, sizeof note,
           _("Occupation et ICR/h calculés sur %ld équipements sur %ld (au moins 95 %% du temps "
             "de vacation programmé occupé à plus de 15 %%)."),
           r->included_per_modality[mod], r->machines_per_modality[mod]);
  eml_table_add_note(t, note);
  if (with_emergency)
    eml_table_add_note(t, "Vacations programmées et vacations d'urgence réunies (une heure "
                          "couverte par les deux compte une fois).");
}

static void summary_occupancy(eml_table_list *l, const eml_imaging_result *r, int mod) {
  occupancy_figure(l, r, mod, 0);
}

static void summary_occupancy_emergency(eml_table_list *l, const eml_imaging_result *r, int mod) {
  occupancy_figure(l, r, mod, 1);
}

/* Figures 11 and 12: exam durations per patient class. */
static void summary_durations(eml_table_list *l, const eml_imaging_result *r, int mod) {
  eml_table *t = figure_table(l, "imaging_durations", mod, 11 + mod,
                              N_("Répartition des durées d'examens (en minutes)"),
                              N_("en IRM"), N_("Durée maximum pour"));
  if (!t)
    return;
  const char *names[EML_CLASS_COUNT] = {"A", "H", "R", "U"};
  for (int c = 0; c < EML_CLASS_COUNT; c++)
    eml_table_add_column(t, NULL, names[c], names[c]);
  const char *rows[3] = {NF_("20 % des examens"), NF_("50 % des examens"),
                         NF_("80 % des examens")};
  for (int q = 0; q < 3; q++) {
    size_t row = quantile_row(t, rows[q]);
    for (int c = 0; c < EML_CLASS_COUNT; c++)
      set_value(t, row, (size_t)c + 1, dist_at(&r->durations[mod][c], q), 1, 0);
  }
  eml_table_add_note(t, "A (Ambulatoire), H (Hospitalisé), R (Réanimation), U (Urgences du SU)");
}

/* Figures 7 and 8: report delays, printed as the seed does. */
static void summary_reports(eml_table_list *l, const eml_imaging_result *r, int mod) {
  eml_table *t = figure_table(l, "imaging_reports", mod, 7 + mod,
                              N_("Répartition des délais de mise à disposition des comptes rendus"),
                              N_("en IRM"), "");
  if (!t)
    return;
  eml_table_add_column(t, NULL, "Patient ambulatoire", "outpatient");
  eml_table_add_column(t, NULL, "Patient hospitalisé", "inpatient");
  const char *rows[3] = {NF_("20 % sont en dessous de :"), N_("Médiane"),
                         NF_("80 % sont en dessous de :")};
  for (int q = 0; q < 3; q++) {
    size_t row = quantile_row(t, rows[q]);
    for (int g = 0; g < 2; g++) {
      /* printed as the seed prints them: "48 min", "2h et 54 min" (eml/delay.h) */
      double delay_s = dist_at(&r->report_delays[mod][g], q);
      char text[64] = "";
      if (!isnan(delay_s))
        eml_delay_format_fr(delay_s, text, sizeof text);
      eml_table_set_text(t, row, (size_t)g + 1, text[0] ? text : NULL);
    }
  }
  char note[160];
  snprintf(note, sizeof note, _("Comptes rendus : %ld ambulatoires, %ld hospitalisés (H et R)."),
           r->report_delays[mod][0].n, r->report_delays[mod][1].n);
  eml_table_add_note(t, note);
}

void eml_imaging_headlines_count(const eml_imaging_result *r, eml_imaging_modality mod,
                                 eml_imaging_headlines *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < r->n_machines; i++) {
    const eml_imaging_machine *m = &r->machines[i];
    if (m->modality != mod)
      continue;
    out->machines++;
    out->significant_on_call += m->significant_on_call;
    out->strong_night += m->strong_night;
    out->low_night += m->low_night;
    out->emergency_dedicated += m->emergency_dedicated;
    out->programmed += !m->emergency_dedicated;
    out->red_zone += m->red_zone;
    out->emergency_both += m->emergency_dedicated && m->red_zone;
  }
}

/* The seed's headline shares (issue 14 item 5): per modality a count and
 * its share of the modality's machines, the seed's figure beside it, and
 * the rules written under the table. */
static void summary_headlines(eml_table_list *l, const eml_imaging_result *r) {
  eml_table *t = eml_table_list_add(l, "imaging_headlines",
                                    "Permanence des soins, activité de nuit et populations "
                                    "d'équipements");
  if (!t)
    return;
  eml_imaging_headlines h[EML_IMAGING_MODALITY_COUNT];
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++)
    eml_imaging_headlines_count(r, (eml_imaging_modality)mod, &h[mod]);
  char er[32], er_label[2][120];
  eml_number_format(r->er_share_min * 100, 0, 0, er, sizeof er);
  snprintf(er_label[0], sizeof er_label[0],
           _("Équipements centrés sur le programmé (part SU < %s %%)"), er);
  snprintf(er_label[1], sizeof er_label[1],
           _("Équipements dédiés aux urgences (part SU >= %s %%)"), er);
  eml_table_add_column(t, NULL, "", "item");
  static const char *const mod_keys[2][2] = {{"ct_n", "ct_share"}, {"mri_n", "mri_share"}};
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    eml_table_add_column(t, modality_label(mod), "Nombre", mod_keys[mod][0]);
    eml_table_add_column(t, modality_label(mod), "Part", mod_keys[mod][1]);
  }
  eml_table_add_column(t, NULL, "Étude 2010 (seed 001)", "seed");
  const struct {
    const char *label;
    size_t offset;
    const char *seed;
  } rows[] = {
      {N_("Permanence des soins significative (plus de 90 h par semaine de permanence des "
          "soins et d'urgence)"),
       offsetof(eml_imaging_headlines, significant_on_call),
       NF_("70 % des scanners, 21 % des IRM")},
      {N_("Forte activité de nuit (au moins 10 patients par nuit en semaine, 20h-7h)"),
       offsetof(eml_imaging_headlines, strong_night),
       NF_("une vingtaine de scanners (5 à 10 % du panel)")},
      {N_("Faible activité de nuit (5 patients de nuit par semaine ou moins)"),
       offsetof(eml_imaging_headlines, low_night), N_("deux tiers des scanners")},
      {er_label[0], offsetof(eml_imaging_headlines, programmed),
       N_("première population (figure 17)")},
      {er_label[1], offsetof(eml_imaging_headlines, emergency_dedicated),
       N_("seconde population (figure 17)")},
      {N_("Zone rouge : ouverture élargie au-delà de 100 h par semaine (critère du seed)"),
       offsetof(eml_imaging_headlines, red_zone), N_("quelques rares scanners d'urgence")},
      {N_("Dédiés aux urgences selon les deux critères (part SU et zone rouge)"),
       offsetof(eml_imaging_headlines, emergency_both), NULL},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    size_t row = new_row(t);
    eml_table_set_text(t, row, 0, _(rows[i].label));
    for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
      long n = *(const long *)((const char *)&h[mod] + rows[i].offset);
      eml_table_set_int(t, row, 1 + 2 * (size_t)mod, n, 0);
      if (h[mod].machines)
        eml_table_set_real(t, row, 2 + 2 * (size_t)mod, (double)n / (double)h[mod].machines, 1,
                           EML_CELL_PERCENT);
    }
    eml_table_set_text(t, row, 5, _(rows[i].seed));
  }
  eml_table_add_note(t, "Parts sur l'ensemble des équipements de la modalité.");
  eml_table_add_note(t, "Permanence des soins significative : note (7) du seed, « ont déclaré "
                        "plus de 90h hebdomadaires de plage de permanence de soins et "
                        "d'urgence » (vacations de permanence des soins et d'urgence réunies).");
  char note[400];
  snprintf(note, sizeof note,
           _("Deux populations (figure 17) : un équipement est dédié aux urgences quand au "
             "moins %s %% de ses patients viennent du service des urgences (SU), centré sur le "
             "programmé sinon (un équipement sans examen compte comme centré sur le "
             "programmé)."),
           er);
  eml_table_add_note(t, note);
  eml_table_add_note(t, "Critère du seed (figures 9 et 10) : zone rouge = ouverture élargie "
                        "(programmé, urgences, reconditionnement, panne, recherche) au-delà de "
                        "100 h sur les 168 h de la semaine, « scanners d'urgence dont presque la "
                        "totalité de l'activité est dédiée à la prise en charge des urgences ».");
}

/* Every indicator's distribution, both modalities side by side. */
static void summary_panel(eml_table_list *l, const eml_imaging_result *r) {
  eml_table *t = eml_table_list_add(l, "imaging_panel", "Distribution des indicateurs dans le panel");
  if (!t)
    return;
  eml_table_add_column(t, NULL, "Indicateur", "indicator");
  eml_table_add_column(t, NULL, "Unité", "unit");
  const char *qnames[4] = {"n", "P20", N_("Médiane"), "P80"};
  const char *qkeys[2][4] = {{"ct_n", "ct_p20", "ct_p50", "ct_p80"},
                             {"mri_n", "mri_p20", "mri_p50", "mri_p80"}};
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++)
    for (int q = 0; q < 4; q++)
      eml_table_add_column(t, modality_label(mod), qnames[q], qkeys[mod][q]);
  for (int ind = 0; ind < EML_IND_COUNT; ind++) {
    size_t row = new_row(t);
    eml_table_set_text(t, row, 0, _(indicators[ind].label));
    eml_table_set_text(t, row, 1, _(indicators[ind].unit));
    for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++) {
      const eml_imaging_dist *d = &r->panel[mod][ind];
      eml_table_set_int(t, row, 2 + (size_t)mod * 4, d->n, 0);
      for (int q = 0; q < 3; q++)
        set_value(t, row, 3 + (size_t)mod * 4 + (size_t)q, dist_at(d, q), indicators[ind].decimals,
                  indicators[ind].percent);
    }
  }
  eml_table_add_note(t, "Quantiles par interpolation linéaire (type 7). Occupation et ICR/h : "
                        "équipements retenus par la règle d'inclusion seulement.");
}

eml_status eml_imaging_summary_tables(const eml_imaging_result *r, eml_table ***tables,
                                      size_t *count) {
  eml_table_list l = {0};
  /* in the order of the seed's figures: 7-8, 11-12, 15-16, 17-18 (1-2,
   * the appointment delays, are eml/appointments.h's) */
  void (*const figures[4])(eml_table_list *, const eml_imaging_result *, int) = {
      summary_reports, summary_durations, summary_occupancy, summary_occupancy_emergency};
  summary_counts(&l, r);
  for (int f = 0; f < 4; f++)
    for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++)
      if (r->machines_per_modality[mod])
        figures[f](&l, r, mod);
  summary_headlines(&l, r);
  summary_panel(&l, r);
  return eml_table_list_finish(&l, tables, count); /* the one check of the tables */
}

static void yes_no_row(eml_table *t, const char *label, int yes) {
  size_t row = new_row(t);
  eml_table_set_text(t, row, 0, _(label));
  eml_table_set_text(t, row, 1, yes ? _("OUI") : _("NON"));
}

static void int_row(eml_table *t, const char *label, long v) {
  size_t row = new_row(t);
  eml_table_set_text(t, row, 0, _(label));
  eml_table_set_int(t, row, 1, v, 0);
}

eml_status eml_imaging_machine_tables(const eml_imaging_result *r, size_t machine,
                                      eml_table ***tables, size_t *count) {
  if (machine >= r->n_machines)
    return EML_ERR_NOT_FOUND;
  const eml_imaging_machine *m = &r->machines[machine];
  int mod = m->modality;
  eml_table_list l = {0};
  char title[160];
  snprintf(title, sizeof title, _("Fiche de l'équipement %s (%s, FINESS %s)"), m->equipment_id,
           modality_label(mod), m->finess[0] ? m->finess : _("inconnu"));
  eml_table *t = eml_table_list_add(&l, "machine_indicators", title);
  if (t) {
    static const eml_column_def columns[] = {
        {NULL, "Indicateur", "indicator"}, {NULL, "Unité", "unit"},
        {NULL, "Valeur", "value"},         {NULL, "Rang centile", "percentile_rank"},
        {"Panel", "P20", "p20"},           {"Panel", "Médiane", "p50"},
        {"Panel", "P80", "p80"}};
    eml_table_add_columns(t, columns, sizeof columns / sizeof columns[0]);
    for (int ind = 0; ind < EML_IND_COUNT; ind++) {
      const eml_imaging_indicator_info *info = &indicators[ind];
      double v = eml_imaging_machine_value(m, (eml_imaging_indicator)ind);
      size_t row = new_row(t);
      eml_table_set_text(t, row, 0, _(info->label));
      eml_table_set_text(t, row, 1, _(info->unit));
      set_value(t, row, 2, v, info->decimals, info->percent);
      size_t n = r->panel_n[mod][ind];
      if (!isnan(v) && n && (!info->included_only || m->included))
        eml_table_set_real(t, row, 3, eml_percentile_rank(r->panel_values[mod][ind], n, v), 0, 0);
      const eml_imaging_dist *d = &r->panel[mod][ind];
      for (int q = 0; q < 3; q++)
        set_value(t, row, 4 + (size_t)q, dist_at(d, q), info->decimals, info->percent);
    }
    if (!m->included)
      eml_table_add_note(t, "Équipement écarté par la règle d'inclusion : il garde ses valeurs "
                            "mais n'entre pas dans le panel de l'occupation et des ICR/h.");
  }
  eml_table *c = eml_table_list_add(&l, "machine_classes", "Classes de l'équipement");
  if (c) {
    char label[120], share[32];
    eml_table_add_column(c, NULL, "Classe", "class");
    eml_table_add_column(c, NULL, "", "value");
    snprintf(label, sizeof label, _("Retenu par la règle d'inclusion (%s %% du temps programmé "
                                    "occupé à plus de 15 %%)"),
             eml_number_format(isnan(m->included_share) ? 0.0 : m->included_share * 100, 1, 0,
                               share, sizeof share));
    yes_no_row(c, label, m->included);
    snprintf(label, sizeof label, _("Dédié aux urgences (part SU >= %s %%)"),
             eml_number_format(r->er_share_min * 100, 0, 0, share, sizeof share));
    yes_no_row(c, label, m->emergency_dedicated);
    yes_no_row(c, N_("Forte activité de nuit (>= 10 patients par nuit en semaine)"), m->strong_night);
    yes_no_row(c, N_("Faible activité de nuit (<= 5 examens de nuit par semaine)"), m->low_night);
    yes_no_row(c, N_("Permanence des soins significative (> 90 h par semaine)"),
               m->significant_on_call);
  }
  eml_table *q = eml_table_list_add(&l, "machine_quality", "Qualité des données");
  if (q) {
    char label[96], minutes[32];
    eml_table_add_column(q, NULL, "Contrôle", "check");
    eml_table_add_column(q, NULL, "Nombre", "count");
    int_row(q, N_("Examens retenus"), m->exams);
    snprintf(label, sizeof label, _("Examens de moins de %s min (exclus)"),
             eml_number_shortest(r->min_exam_minutes, minutes, sizeof minutes));
    int_row(q, label, m->short_exams);
    int_row(q, N_("Examens chevauchant un autre examen"), m->overlapping_exams);
    int_row(q, N_("Examens hors de toute vacation"), m->exams_outside_sessions);
    int_row(q, N_("Vacations chevauchant une vacation d'un autre groupe"), m->overlapping_sessions);
    int_row(q, N_("Examens sans ICR"), m->missing_icr);
  }
  return eml_table_list_finish(&l, tables, count); /* the one check of the tables */
}
