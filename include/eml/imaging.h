/*
 * eml/imaging.h — the CT/MRI benchmark of seed 001 (spec imaging.md): load a
 * campaign (equipment, sessions, exams), compute every machine's indicators,
 * the panel distributions per modality, exam durations and report delays,
 * and build the report tables.
 *
 * Model: a campaign holds machines (CT and MRI only; other modalities are
 * counted and their rows skipped), sessions (machine, [start, end), type) and
 * exams (machine, [start, end), patient class, ICR, report time), every time
 * an absolute eml_time. Computing applies a window [from 00:00, to 00:00)
 * local time: sessions are clipped to it, exams count when their start lies
 * in it. See docs/imaging.md for the formulas and the spec lines they follow.
 *
 * Ownership: a campaign owns everything loaded into it; a result owns its
 * machines and panel rows and keeps no pointer into the campaign, so the
 * campaign may be freed first. Every *_free accepts NULL.
 *
 * Bad rows: each loader reports every bad row through the reject callback
 * (diag in the form `FILE:LINE: column NAME: what is wrong (value 'X')` and
 * the raw line) and keeps the good ones; the caller decides whether any
 * reject aborts the import (the default of the command line) or not
 * (`--rejects FILE`).
 */
#ifndef EML_IMAGING_H
#define EML_IMAGING_H

#include <stddef.h>
#include <stdint.h>

#include "campaign.h"
#include "input.h"
#include "register.h"
#include "render.h"
#include "session_type.h"
#include "status.h"
#include "table.h"
#include "time.h"

typedef struct eml_imaging_campaign eml_imaging_campaign;

/* Called once per bad row: diag says where and why, raw/raw_len are the
 * row's bytes as in the file (no line end; empty for rows not from a file):
 * the input pipeline's eml_reject_fn (eml/input.h). */
typedef eml_reject_fn eml_imaging_reject_fn;

/* A new empty campaign, read and computed with 1 thread until
 * eml_imaging_campaign_set_threads says otherwise. */
eml_imaging_campaign *eml_imaging_campaign_new(void);
void eml_imaging_campaign_free(eml_imaging_campaign *c);
/* Rows held: machines (CT, MRI and skipped ones), sessions, exams. */
void eml_imaging_campaign_sizes(const eml_imaging_campaign *c, size_t *machines, size_t *sessions,
                                size_t *exams);
/* The threads that read the campaign's sessions.csv and exams.csv (each
 * file cut in that many parts at line boundaries) and compute its
 * indicators (machines split in that many runs): n as eml_threads_resolve
 * takes it (0: the online cores). Nothing computed depends on it: the same
 * files give byte-identical results for any n (docs/architecture.md,
 * "Threads"). */
void eml_imaging_campaign_set_threads(eml_imaging_campaign *c, unsigned n);
unsigned eml_imaging_campaign_threads(const eml_imaging_campaign *c);
/* The import profile (eml/profile.h) the files of the campaign are read
 * through, its [equipment], [sessions], [schedule] and [exams] sections
 * (NULL: eml's own layout). The profile must outlive the loading; a file
 * read through one takes the generic reader, not the fast one. */
struct eml_profile;
void eml_imaging_campaign_set_profile(eml_imaging_campaign *c, const struct eml_profile *p);

/* The campaign builder and reader of eml/campaign.h over an engine's
 * campaign. open: a builder adding to c (machines at once; sessions and
 * exams kept aside until finish, which appends them to c: the exams as one
 * more segment, in the order given). finish and abandon (which drops what
 * was kept aside) end the builder; either accepts a builder never opened
 * or already ended. Several builders may be open on one campaign and
 * filled by as many threads, as long as no machine is added meanwhile;
 * they are finished in the order their rows come in the files. */
eml_status eml_imaging_builder_open(eml_imaging_campaign *c, eml_campaign_builder *out) EML_MUST_CHECK;
eml_status eml_imaging_builder_finish(eml_campaign_builder *b) EML_MUST_CHECK;
void eml_imaging_builder_abandon(eml_campaign_builder *b);
/* A reader of c (valid while c lives and is not changed). */
void eml_imaging_campaign_reader(const eml_imaging_campaign *c, eml_campaign_reader *out);

/* A campaign in the store (eml/store.h, `eml imaging import`): saves c
 * under name (replacing the campaign of that name, inside the caller's
 * transaction), or loads the campaign of that name into an empty c
 * (EML_ERR_NOT_FOUND when none has it). */
typedef struct eml_store eml_store;
eml_status eml_imaging_campaign_save_stored(const eml_imaging_campaign *c, eml_store *store,
                                            const char *name, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_imaging_campaign_load_stored(eml_imaging_campaign *c, eml_store *store,
                                            const char *name, eml_diag *diag) EML_MUST_CHECK;

/* Loads equipment.csv (equipment_id, finess, modality); must come first.
 * Modalities other than CT and MRI are counted in counts->skipped and their
 * sessions and exams are skipped later. Returns EML_ERR_REJECTED when some
 * rows were rejected (they were all reported), another error when the file
 * cannot be read at all (diag says why). counts may be NULL. */
eml_status eml_imaging_load_equipment(eml_imaging_campaign *c, const char *path,
                                      eml_imaging_reject_fn reject, void *ctx,
                                      eml_imaging_load_counts *counts, eml_diag *diag)
    EML_MUST_CHECK;
/* Loads sessions.csv (equipment_id, start, end, type: code or French label). */
eml_status eml_imaging_load_sessions(eml_imaging_campaign *c, const char *path,
                                     eml_imaging_reject_fn reject, void *ctx,
                                     eml_imaging_load_counts *counts, eml_diag *diag)
    EML_MUST_CHECK;
/* Loads exams.csv (exam_id, equipment_id, start, end, patient_class, icr
 * optional, report_at optional). A comma-separated file without quotes is
 * read by the fast path (the campaign's threads); any other layout by the
 * generic CSV reader, with the same messages. */
eml_status eml_imaging_load_exams(eml_imaging_campaign *c, const char *path,
                                  eml_imaging_reject_fn reject, void *ctx,
                                  eml_imaging_load_counts *counts, eml_diag *diag) EML_MUST_CHECK;

/* Adds one session to a campaign being loaded (for the weekly-schedule
 * expansion of schedule.csv): equipment_id must be a machine already loaded
 * from equipment.csv; [start, end) absolute times with end > start.
 * Returns EML_OK; EML_ERR_NOT_FOUND for an unknown machine, EML_ERR_VALUE for
 * end <= start or a type out of range (diag filled, without file or line:
 * the caller sets them); a session of a machine whose modality is ignored is
 * accepted and skipped (EML_OK). */
eml_status eml_imaging_add_session(eml_imaging_campaign *c, const char *equipment_id,
                                   eml_time start, eml_time end, eml_session_type type,
                                   eml_diag *diag) EML_MUST_CHECK;

/* Stores the campaign under name (replacing a campaign of that name; see
 * eml_store_imaging_save) through an import session (lib/import): one
 * transaction, with an audit entry `import imaging NAME` holding its
 * counts (machines, sessions, exams). user: who, for the audit log. */
typedef struct eml_store eml_store;
eml_status eml_imaging_import(eml_store *store, const char *name,
                              const eml_imaging_campaign *campaign, const char *user,
                              eml_diag *diag) EML_MUST_CHECK;

/* "CT" or "MRI" for a benchmarked machine of the campaign, else NULL (an
 * eml_modality_fn of eml/appointments.h, campaign as ctx). */
const char *eml_imaging_campaign_modality(const eml_imaging_campaign *c,
                                          const char *equipment_id);

/* Loads schedule.csv (a weekly template, eml/schedule.h) instead of
 * sessions.csv: its rows are checked like the other files (a machine not in
 * equipment.csv is a bad row; rows of a machine of another modality are
 * skipped), then expanded into dated sessions over [from, to); with
 * skip_holidays the PROGRAMMED sessions on French public holidays are left
 * out, Alsace-Moselle ones for the machines whose FINESS lies in 57, 67 or
 * 68. counts are the rows of the file (read = loaded + rejected + skipped);
 * expanded (may be NULL) the dated sessions added. Returns EML_ERR_REJECTED
 * when some rows were rejected (the others are expanded). */
typedef struct eml_imaging_schedule_options {
  eml_date from, to; /* local dates, [from, to) */
  int skip_holidays;
} eml_imaging_schedule_options;
typedef struct eml_imaging_schedule_counts {
  long sessions;
} eml_imaging_schedule_counts;
eml_status eml_imaging_load_schedule(eml_imaging_campaign *c, const char *path,
                                     const eml_imaging_schedule_options *o,
                                     eml_imaging_reject_fn reject, void *ctx,
                                     eml_imaging_load_counts *counts,
                                     eml_imaging_schedule_counts *expanded, eml_diag *diag)
    EML_MUST_CHECK;

typedef struct eml_imaging_options {
  int has_window;          /* 0: the whole days spanned by the exams' starts */
  eml_date from, to;       /* window [from 00:00, to 00:00) local time */
  double min_exam_minutes; /* exams shorter are excluded (default 3) */
  double er_share_min;     /* emergency-dedicated when er_share >= this (0.5) */
} eml_imaging_options;

void eml_imaging_options_default(eml_imaging_options *opts);

/* Indicators of one machine (spec imaging.md, "Indicators of one machine").
 * A value that has no meaning (no exam, no programmed time) is NAN. */
typedef struct eml_imaging_machine {
  char equipment_id[64];
  char finess[16];
  eml_imaging_modality modality;
  double open_programmed_h, open_extended_h, open_total_h, on_call_h; /* h per week */
  /* |O_PROGRAMMED ∪ O_EMERGENCY| per week: the opening "au programmé +
   * vacations d'urgences" of seed 001 figures 17-18 (issue 14 item 4) */
  double open_prog_emergency_h;
  double exams_per_week;
  double occupancy_programmed, occupancy_prog_emergency; /* 0..1 */
  double icr_per_hour, icr_per_hour_prog_emergency;
  double er_share; /* 0..1 */
  double exams_outside_extended_per_week;
  double night_early_per_week, night_deep_per_week;
  double weeknight_mean;
  double late_start_min, early_end_min, gap_between_exams_min;
  /* the sessions the levers are measured on (PROGRAMMED, holding a kept
   * exam's start), per week, their exams per week and those exams' mean
   * duration: S, n and d of planning.md §1 */
  double lever_sessions_per_week, lever_exams_per_week, lever_duration_min;
  double mean_duration_min[EML_CLASS_COUNT];
  int included; /* panel inclusion rule for occupancy and ICR per hour */
  double included_share; /* share of programmed session time occupied > 15 % */
  /* classes (spec imaging.md, "Machine classes"); red_zone: the seed's own
   * emergency criterion, open_extended_h > 100 ("zone rouge dépassant les
   * 100h", text of figures 9-10) */
  int emergency_dedicated, strong_night, low_night, significant_on_call, red_zone;
  /* data quality */
  long exams;               /* exams kept (start in window, long enough) */
  long short_exams;         /* start in window, shorter than the minimum */
  long overlapping_exams;   /* kept exams starting before an earlier one ended */
  long exams_outside_sessions; /* kept exams starting outside every session */
  long overlapping_sessions;   /* sessions overlapping one of another group */
  long missing_icr;            /* kept exams without icr */
} eml_imaging_machine;

/* The indicators of the panel, in the order of eml_imaging_indicators(). */
typedef enum {
  EML_IND_OPEN_PROGRAMMED_H = 0,
  EML_IND_OPEN_EXTENDED_H,
  EML_IND_OPEN_TOTAL_H,
  EML_IND_OPEN_PROG_EMERGENCY_H,
  EML_IND_EXAMS_PER_WEEK,
  EML_IND_OCCUPANCY_PROGRAMMED,
  EML_IND_OCCUPANCY_PROG_EMERGENCY,
  EML_IND_ICR_PER_HOUR,
  EML_IND_ICR_PER_HOUR_PROG_EMERGENCY,
  EML_IND_ER_SHARE,
  EML_IND_ON_CALL_H,
  EML_IND_EXAMS_OUTSIDE_EXTENDED_PER_WEEK,
  EML_IND_NIGHT_EARLY_PER_WEEK,
  EML_IND_NIGHT_DEEP_PER_WEEK,
  EML_IND_WEEKNIGHT_MEAN,
  EML_IND_LATE_START_MIN,
  EML_IND_EARLY_END_MIN,
  EML_IND_GAP_BETWEEN_EXAMS_MIN,
  EML_IND_MEAN_DURATION_A,
  EML_IND_MEAN_DURATION_H,
  EML_IND_MEAN_DURATION_R,
  EML_IND_MEAN_DURATION_U,
  EML_IND_COUNT
} eml_imaging_indicator;

typedef struct eml_imaging_indicator_info {
  const char *key;      /* "occupancy_programmed" */
  const char *label;    /* French label of the seed */
  const char *unit;     /* "h/sem.", "%", "" */
  int decimals;         /* as the seed prints it */
  int percent;          /* a share shown as a percentage */
  int included_only;    /* panel over machines kept by the inclusion rule */
} eml_imaging_indicator_info;

const eml_imaging_indicator_info *eml_imaging_indicator_get(eml_imaging_indicator ind);
/* Value of one indicator of a machine (NAN when none). */
double eml_imaging_machine_value(const eml_imaging_machine *m, eml_imaging_indicator ind);

/* One distribution: n values, type-7 quantiles (NAN when n == 0). */
typedef struct eml_imaging_dist {
  long n;
  double p20, p50, p80;
} eml_imaging_dist;

typedef struct eml_imaging_result eml_imaging_result;

/* Computes every indicator (sorts the campaign's sessions and exams by
 * machine and start in place). Returns EML_ERR_EMPTY when there is no exam and
 * no window was given, EML_ERR_USAGE for a window with to <= from. */
eml_status eml_imaging_compute(eml_imaging_campaign *c, const eml_imaging_options *opts,
                               eml_imaging_result **out, eml_diag *diag) EML_MUST_CHECK;
void eml_imaging_result_free(eml_imaging_result *r);

eml_date eml_imaging_result_from(const eml_imaging_result *r);
eml_date eml_imaging_result_to(const eml_imaging_result *r);
double eml_imaging_result_weeks(const eml_imaging_result *r);
size_t eml_imaging_machine_count(const eml_imaging_result *r);
/* Machines in the order of equipment_id. */
const eml_imaging_machine *eml_imaging_machine_at(const eml_imaging_result *r, size_t i);
/* Index of a machine by equipment_id, or -1. */
long eml_imaging_machine_find(const eml_imaging_result *r, const char *equipment_id);
/* Distribution of an indicator across the machines of a modality (included
 * machines only for occupancy and ICR per hour). */
const eml_imaging_dist *eml_imaging_panel(const eml_imaging_result *r, eml_imaging_modality mod,
                                          eml_imaging_indicator ind);
/* Sorted values behind a panel distribution (for percentile ranks). */
const double *eml_imaging_panel_values(const eml_imaging_result *r, eml_imaging_modality mod,
                                       eml_imaging_indicator ind, size_t *n);
/* Exam durations in minutes per modality and patient class. */
const eml_imaging_dist *eml_imaging_durations(const eml_imaging_result *r, eml_imaging_modality mod,
                                              eml_patient_class cls);
/* Report delays (report_at - end) in seconds: group 0 outpatients (A),
 * group 1 inpatients (H and R). */
const eml_imaging_dist *eml_imaging_report_delays(const eml_imaging_result *r, eml_imaging_modality mod,
                                                  int inpatients);

/* Writes machines.csv / panel.csv with the columns of the DuckDB reference
 * (shared/bench/README.md), then eml's further columns; numbers with 17
 * significant digits, '.' decimal point, empty for NAN. */
eml_status eml_imaging_write_machines_csv(const eml_imaging_result *r, eml_write_fn write,
                                          void *ctx) EML_MUST_CHECK;
eml_status eml_imaging_write_panel_csv(const eml_imaging_result *r, eml_write_fn write, void *ctx)
    EML_MUST_CHECK;

/* The national summary tables (seed figures 7, 8, 11, 12, 15 to 18, the
 * headline shares "imaging_headlines", the panel, counts).
 * *tables is an array the caller frees with eml_tables_free. */
eml_status eml_imaging_summary_tables(const eml_imaging_result *r, eml_table ***tables,
                                      size_t *count) EML_MUST_CHECK;
/* The seed's headline shares per modality (issue 14 item 5; seed 001, "La
 * permanence des soins", footnote 7, figures 9-10 and 17): machines with
 * significant on-call activity, strong and low night activity, the two
 * populations (programmed, emergency-dedicated by the ER share) and the
 * red zone (extended opening > 100 h), each a count and a share of the
 * modality's machines. In eml_imaging_summary_tables as "imaging_headlines". */
typedef struct eml_imaging_headlines {
  long machines;
  long significant_on_call, strong_night, low_night;
  long programmed, emergency_dedicated, red_zone, emergency_both;
} eml_imaging_headlines;
void eml_imaging_headlines_count(const eml_imaging_result *r, eml_imaging_modality mod,
                                 eml_imaging_headlines *out);

/* One machine's sheet: indicators with rank and panel quantiles, classes,
 * data quality. */
eml_status eml_imaging_machine_tables(const eml_imaging_result *r, size_t machine,
                                      eml_table ***tables, size_t *count) EML_MUST_CHECK;
/* The arrays of tables are freed with eml_tables_free (eml/table.h); the
 * name of before stays for the callers that use it. */
#define eml_imaging_tables_free eml_tables_free

/* Breakdowns by legal status and territory (issue 4): sites, machines and
 * exams per legal status; medians of programmed opening, occupancy, ICR/h
 * and passages per week per modality x legal status and per modality x
 * département (from the machine's FINESS). sites: sorted by FINESS
 * (eml_register_sort); a machine whose FINESS is not there is counted under
 * "Statut inconnu". */
eml_status eml_imaging_breakdown_tables(const eml_imaging_result *r, const eml_register *sites,
                                        eml_table ***tables, size_t *count) EML_MUST_CHECK;
/* Region against nation (issue 14 item 7): with sites that carry a region
 * (a site's territory that is a département), eml_imaging_breakdown_tables
 * ends with the medians per modality x region, the national panel last
 * ("imaging_region_medians_ct", "..._mri"); and a machine's sheet places it
 * in its region: every indicator's value, the median over the machines of
 * its modality and region, the national median (n beside each). *out is
 * NULL (EML_OK) when the machine has no region; the caller frees it.
 * EML_ERR_NOT_FOUND for an index out of range. */
eml_status eml_imaging_region_table(const eml_imaging_result *r, const eml_register *sites,
                                    size_t machine, eml_table **out) EML_MUST_CHECK;

/* Reads sites.csv (registry.md: finess, name, territory, legal_status,
 * finess_ej?) into an empty register's sites, checked as `eml import sites`
 * checks them (a FINESS repeated in the file is a bad row), sorted by
 * FINESS. Bad rows go to reject; EML_ERR_REJECTED when there were some. */
#define EML_IMAGING_SITES_MAX 1000000
eml_status eml_imaging_read_sites(eml_register *reg, const char *path,
                                  eml_imaging_reject_fn reject, void *ctx,
                                  eml_imaging_load_counts *counts, eml_diag *diag) EML_MUST_CHECK;

/* "A", "H", "R", "U"; "CT", "MRI". */
const char *eml_patient_class_code(eml_patient_class cls);
const char *eml_imaging_modality_code(eml_imaging_modality mod);

/* ---- hour-by-weekday activity (heatmap.c, docs/imaging.md) --------------
 * Slots are (local weekday, local hour) in Europe/Paris; index [d][h] with
 * d = 0 for Monday ... 6 for Sunday and h = 0 ... 23. Over the result's
 * window: slot_h = hours of the window in that slot (the 25-hour day's
 * repeated 02:00 counts twice, the 23-hour day has no 02:00), busy_h =
 * hours of it occupied by the union of the machine's kept exams (start in
 * the window, not shorter than the minimum, clipped to the window), share =
 * busy_h / slot_h, NAN when slot_h is 0. */
typedef struct eml_imaging_heatmap {
  double share[7][24];
  double busy_h[7][24];
  double slot_h[7][24];
} eml_imaging_heatmap;

/* "lun.", "mar.", ... "dim." */
extern const char *const eml_weekday_short_fr[7];

typedef struct eml_imaging_activity eml_imaging_activity;
/* Computes the grids of one machine of r (machine = its index in r) or of
 * every machine (machine = -1), from c, the campaign r was computed from
 * (one pass over its exams). EML_ERR_NOT_FOUND for an index out of range.
 * The caller frees *out with eml_imaging_activity_free. */
eml_status eml_imaging_activity_compute(const eml_imaging_campaign *c,
                                        const eml_imaging_result *r, long machine,
                                        eml_imaging_activity **out) EML_MUST_CHECK;
void eml_imaging_activity_free(eml_imaging_activity *a);
/* The grid of machine i of the result, or NULL when it was not computed. */
const eml_imaging_heatmap *eml_imaging_activity_machine(const eml_imaging_activity *a, size_t i);
/* The grid as a table: one row per hour ("08 h"), one column per weekday
 * (keys mon ... sun), shares as percentages; the caller frees it. */
eml_status eml_imaging_heatmap_table(const eml_imaging_heatmap *g, eml_table **out) EML_MUST_CHECK;
/* The grid as a HEAT chart: eml_imaging_heatmap_chart (eml/report.h). */

#endif
