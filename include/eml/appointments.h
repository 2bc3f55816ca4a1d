/*
 * eml/appointments.h — the appointment-delay survey of seed 001 (figures 1
 * to 6; spec imaging.md, appointments.csv).
 *
 * Model: one row is one answer: for a clinical case and a patient class
 * (A ambulatoire, H hospitalisé), the earliest appointment offered
 * (offered_on) for a request made on asked_on; its delay is offered_on -
 * asked_on in whole days, never negative. Urgent requests are read but left
 * out of every figure, as in the seed ("hors cas urgents"). The modality
 * (CT or MRI) is the equipment's, found by a lookup callback (the imaging
 * engine owns the equipment), or given by the row's finess and modality.
 * Distributions are type-7 quantiles (eml/stats.h).
 *
 * Ownership: the survey owns its rows; tables returned are the caller's.
 */
#ifndef EML_APPOINTMENTS_H
#define EML_APPOINTMENTS_H

#include <stddef.h>

#include "csv.h"
#include "schedule.h"
#include "status.h"
#include "table.h"

typedef enum { EML_APPT_CT = 0, EML_APPT_MRI = 1 } eml_appt_modality;

/* Modality code ("CT", "MRI") of an equipment, or NULL when unknown. */
typedef const char *(*eml_modality_fn)(void *ctx, const char *equipment_id);

#define EML_CASE_CODE_MAX 64

typedef struct eml_appointment {
  eml_appt_modality modality;
  /* the platform that answered (seed 001 figures 3-6 plot "les sites
   * participants"): the row's finess when given, else its equipment_id */
  char site[EML_SCHEDULE_ID_MAX + 1];
  char case_code[EML_CASE_CODE_MAX + 1];
  char patient_class; /* 'A' or 'H' */
  int delay_days;     /* offered_on - asked_on, >= 0 */
  int urgent;
  long line;
} eml_appointment;

typedef struct eml_appointments eml_appointments;

eml_appointments *eml_appointments_new(void);
void eml_appointments_free(eml_appointments *a); /* accepts NULL */
/* The machines the lookup knows are those of a campaign read from the store:
 * an unknown equipment_id is then reported as absent from that campaign, not
 * from equipment.csv. */
void eml_appointments_machines_stored(eml_appointments *a);

/* Reads appointments.csv (columns `equipment_id` or `finess` + `modality`,
 * `case`, `patient_class`, `asked_on`, `offered_on`, optional `urgent`) and
 * appends its rows. Bad rows, hooks and counts as eml_schedule_read.
 * modality accepts CT/TDM/scanner and MRI/IRM. lookup may be NULL (then
 * every row must give its modality). */
eml_status eml_appointments_read(eml_appointments *a, const char *path,
                                 const eml_csv_options *csv_opts, eml_modality_fn lookup,
                                 void *lookup_ctx, const eml_read_hooks *hooks,
                                 eml_read_counts *counts, eml_diag *diag) EML_MUST_CHECK;
eml_status eml_appointments_read_memory(eml_appointments *a, const char *name, const char *data,
                                        size_t len, const eml_csv_options *csv_opts,
                                        eml_modality_fn lookup, void *lookup_ctx,
                                        const eml_read_hooks *hooks, eml_read_counts *counts,
                                        eml_diag *diag) EML_MUST_CHECK;
/* The modality of each machine of an equipment.csv (its equipment_id and
 * modality columns, as written), for `eml imaging appointments
 * --equipment`: rows without an identifier, or with one longer than
 * EML_SCHEDULE_ID_MAX bytes or a modality longer than 7, are left out
 * (the imaging engine reports them when it reads the file); of two rows
 * of one identifier, the first counts. */
typedef struct eml_equipment_modalities eml_equipment_modalities;
eml_status eml_equipment_modalities_read(const char *path, const eml_csv_options *csv_opts,
                                         eml_equipment_modalities **out, eml_diag *diag) EML_MUST_CHECK;
/* An eml_modality_fn: the modality of equipment_id, or NULL (ctx: the index). */
const char *eml_equipment_modality(void *index, const char *equipment_id);
void eml_equipment_modalities_free(eml_equipment_modalities *index); /* accepts NULL */

/* Appends one answer (e.g. from a generator or the store). */
eml_status eml_appointments_add(eml_appointments *a, const eml_appointment *row) EML_MUST_CHECK;

size_t eml_appointments_count(const eml_appointments *a);
const eml_appointment *eml_appointments_at(const eml_appointments *a, size_t i);

/* French description of a clinical case of the seed ("Scanner encéphale -
 * femme de 80 ans : chutes à répétition"), or NULL for another code. */
const char *eml_clinical_case_label(const char *code);

/* The survey's tables, for each modality with answers: the distribution per
 * patient class (figure 1 scanner, figure 2 IRM) and per clinical case
 * (figures 3 and 5 scanner, 4 and 6 IRM). *tables is an array the caller
 * frees with every table in it (eml_tables_free). */
eml_status eml_appointments_tables(const eml_appointments *a, eml_table ***tables,
                                   size_t *count) EML_MUST_CHECK;
/* (eml_tables_free of eml/table.h; the name of before stays.) */
#define eml_appointments_tables_free eml_tables_free

#endif
