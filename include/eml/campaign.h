/*
 * eml/campaign.h — an imaging campaign as rows: the vocabulary and plain
 * types through which the imaging engine (lib/imaging, eml/imaging.h) and
 * the store (lib/store, eml/store.h) hand a campaign to each other, without
 * the store calling the engine's code (model layer, lib/README.md).
 *
 * Model: a campaign is machines (in the order they were added: a session or
 * an exam names its machine by that index), sessions and exams, every time
 * absolute (eml_time, seconds since 1970 UTC), plus the loading counts of
 * its three files. Two interfaces, each a struct of function pointers over
 * the engine's campaign (so that a lower layer calls them without a link to
 * the engine):
 *   - eml_campaign_builder fills a campaign: machines first, then sessions
 *     and exams in any number of batches, then the counts. The engine makes
 *     one with eml_imaging_builder_open and ends it with
 *     eml_imaging_builder_finish (eml/imaging.h).
 *   - eml_campaign_reader reads one back in the same order (machines,
 *     sessions, exams: what a builder given them in that order rebuilds, so
 *     a stored campaign computes the very figures its files gave). The
 *     engine gives one with eml_imaging_campaign_reader.
 * Rows read back point into the campaign (equipment_id, finess): valid
 * while it lives and is not changed. Builders copy what they are given.
 */
#ifndef EML_CAMPAIGN_H
#define EML_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include "session_type.h"
#include "status.h"
#include "time.h"

typedef enum { EML_IMAGING_CT = 0, EML_IMAGING_MRI = 1, EML_IMAGING_MODALITY_COUNT = 2 } eml_imaging_modality;
/* Patient classes of exams.csv: A ambulatoire, H hospitalisé, R réanimation,
 * U urgences (from the emergency department). */
typedef enum {
  EML_CLASS_A = 0,
  EML_CLASS_H = 1,
  EML_CLASS_R = 2,
  EML_CLASS_U = 3,
  EML_CLASS_COUNT = 4
} eml_patient_class;

/* Counts of one file's loading: read = loaded + rejected + skipped, where
 * skipped are rows of a machine whose modality is neither CT nor MRI. */
typedef struct eml_imaging_load_counts {
  long read, loaded, rejected, skipped;
  long ambiguous_times; /* local times in the hour repeated in October */
  long skipped_times;   /* local times in the hour skipped in March */
  long missing_icr;     /* exams with an empty icr */
  long resolved_times;  /* starts read as the first occurrence of the repeated October hour:
                           start and end both in it, end not after start
                           (eml_interval_resolve_october); rows kept, not rejected */
} eml_imaging_load_counts;

/* The three files of a campaign, for its counts. */
typedef enum {
  EML_CAMPAIGN_EQUIPMENT = 0,
  EML_CAMPAIGN_SESSIONS = 1,
  EML_CAMPAIGN_EXAMS = 2,
  EML_CAMPAIGN_FILE_COUNT = 3
} eml_campaign_file;

#define EML_CAMPAIGN_NO_ICR (-1.0)          /* icr of an exam whose cell was empty */
#define EML_CAMPAIGN_NO_REPORT INT32_MIN    /* report_delay_s of an exam without report */
#define EML_CAMPAIGN_ID_MAX 63              /* bytes of an equipment_id */

typedef struct eml_campaign_machine {
  const char *equipment_id; /* 1 ... EML_CAMPAIGN_ID_MAX bytes */
  const char *finess;       /* "" when none */
  int modality;             /* eml_imaging_modality, or -1: another modality, rows skipped */
} eml_campaign_machine;

typedef struct eml_campaign_session {
  size_t machine;      /* index in the campaign's machines */
  eml_time start, end; /* end > start */
  eml_session_type type;
} eml_campaign_session;

typedef struct eml_campaign_exam {
  size_t machine;
  eml_time start, end;    /* end > start */
  eml_patient_class cls;
  double icr;             /* >= 0, or EML_CAMPAIGN_NO_ICR */
  int32_t report_delay_s; /* report_at - end, or EML_CAMPAIGN_NO_REPORT */
} eml_campaign_exam;

/* Fills a campaign. Each add returns EML_OK, EML_ERR_NOMEM, or EML_ERR_VALUE
 * for a row the campaign cannot hold (a machine index not yet added, an
 * equipment_id empty, too long or already added, a time outside 1932-2067,
 * end <= start, a type or class out of range, an ICR negative, a session or
 * exam of a machine of another modality — the readers skip those): nothing
 * of that call is kept then. */
typedef struct eml_campaign_builder {
  void *impl;
  eml_status (*add_machine)(void *impl, const eml_campaign_machine *m);
  eml_status (*add_sessions)(void *impl, const eml_campaign_session *s, size_t n);
  eml_status (*add_exams)(void *impl, const eml_campaign_exam *e, size_t n);
  void (*set_counts)(void *impl, eml_campaign_file file, const eml_imaging_load_counts *counts);
  /* A hint before the sessions and exams (the counts a store saved): room
   * for that many, so that the arrays are made once and their pages
   * readied meanwhile on another thread; EML_ERR_NOMEM. More rows than
   * said are still taken. */
  eml_status (*reserve)(void *impl, size_t sessions, size_t exams);
} eml_campaign_builder;

/* Reads a campaign back: how many rows of each kind, then copies of up to
 * cap rows from index first (the number copied: 0 past the end). */
typedef struct eml_campaign_reader {
  const void *impl;
  size_t machines, sessions, exams;
  size_t (*read_machines)(const void *impl, size_t first, eml_campaign_machine *out, size_t cap);
  size_t (*read_sessions)(const void *impl, size_t first, eml_campaign_session *out, size_t cap);
  size_t (*read_exams)(const void *impl, size_t first, eml_campaign_exam *out, size_t cap);
  void (*counts)(const void *impl, eml_campaign_file file, eml_imaging_load_counts *out);
} eml_campaign_reader;

#endif
