/*
 * eml/generate.h — synthetic imaging campaigns (`eml generate imaging`,
 * spec imaging.md "Synthetic campaigns").
 *
 * Model: N CT and M MRI at sites of the legal statuses of seed 001 (in its
 * proportions: 117 CH, 18 CHU, 14 CHU AP-HP, 4 CHU APHM, 16 EPSIC, 2 GCS,
 * 49 GIE, 1 HIA, 10 libéral, 70 privé of 301), about 1.7 machines per
 * site. Each machine draws its targets from the panel distributions of the
 * seed (imaging.md "Reference figures"): programmed opening h/week,
 * occupancy of programmed time, ICR per programmed hour, by inverse
 * sampling of piecewise-linear quantile functions through the published
 * P20 / median / P80. Its weekly template (programmed sessions, emergency
 * sessions, on-call nights and weekends, quality control) is expanded over
 * the campaign with eml_schedule_expand. Each programmed session is filled
 * with exams whose durations follow the seed's duration table (figures 11,
 * 12) until the session's occupancy target is met, the idle time being cut
 * into a late start, gaps and an early end; the ICR of the exams is scaled
 * so that the machine meets its ICR-per-hour target. Report delays and
 * appointment delays follow figures 7-8 and 1-2. docs/imaging-inputs.md
 * gives every figure and how close the output comes.
 *
 * Deterministic: one xoshiro256** stream per machine, seeded from the seed
 * and the machine's number, so the files are byte-identical for a seed
 * whatever the number of threads.
 *
 * Files written in dir (which must exist): sites.csv, equipment.csv,
 * sessions.csv, exams.csv, appointments.csv, and schedule.csv when asked.
 * Times are local Europe/Paris without offset (YYYY-MM-DDTHH:MM:SS),
 * computed from absolute time, never in the hour skipped in March; a time
 * that would fall in the first occurrence of the hour repeated in October
 * is avoided (exam dropped, report moved one hour later).
 */
#ifndef EML_GENERATE_H
#define EML_GENERATE_H

#include <stdint.h>

#include "status.h"
#include "threads.h"
#include "time.h"

#define EML_GENERATE_MACHINES_MAX 100000
#define EML_GENERATE_DAYS_MAX 3660

typedef struct eml_generate_options {
  int ct, mri;        /* machines of each modality, >= 0, sum >= 1 */
  int days;           /* campaign length in days, 1..EML_GENERATE_DAYS_MAX */
  uint64_t seed;      /* same seed, same files */
  eml_date from;      /* first local date of the campaign */
  int write_schedule; /* also write schedule.csv (the weekly templates) */
  int threads;        /* 1 ... EML_THREADS_MAX, 0: the online cores (eml/threads.h) */
} eml_generate_options;

typedef struct eml_generate_counts {
  long sites, machines, sessions, exams, appointments, schedule_rows;
} eml_generate_counts;

/* Options with defaults: 2010-02-01, 28 days, seed 1, 1 thread. */
void eml_generate_defaults(eml_generate_options *o);

eml_status eml_generate_imaging(const eml_generate_options *o, const char *dir,
                                eml_generate_counts *counts, eml_diag *diag) EML_MUST_CHECK;

#endif
