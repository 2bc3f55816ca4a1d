/*
 * eml/schedule.h — weekly session templates (schedule.csv of spec
 * imaging.md) and their expansion into dated sessions.
 *
 * Model: a row says "every <weekday>, from <start_time> to <end_time> local
 * time, the machine is open for <type>". An end at or before the start runs
 * past midnight into the next day; 00:00-00:00 (any start = end) is 24
 * hours. Expanding over a window [from, to) of local dates, the occurrence
 * of local date d starts at d + start_time converted to absolute time by
 * eml_paris_to_utc and ends at (d or d + 1) + end_time converted the same
 * way, so a night session across the October change lasts one hour more and
 * one across the March change one hour less. Occurrences are clipped to
 * [local midnight of from, local midnight of to): a night session starting
 * the day before the window contributes its part after midnight.
 * valid_from and valid_until (both inclusive, our choice, docs/
 * imaging-inputs.md) bound the date of the occurrence's start.
 * With skip_holidays, occurrences of PROGRAMMED-group types whose start date
 * is a French public holiday (eml/holidays.h) are left out; Alsace-Moselle
 * days apply to the machines whose département (looked up by callback) is
 * 57, 67 or 68.
 *
 * Ownership: a schedule owns its rows and their strings (copied in).
 */
#ifndef EML_SCHEDULE_H
#define EML_SCHEDULE_H

#include <stddef.h>

#include "csv.h"
#include "input.h"
#include "session_type.h"
#include "status.h"
#include "time.h"

/* Receives one dated session; the same shape as the imaging engine's
 * eml_imaging_add_session (ctx first). A status other than EML_OK stops the
 * expansion and is returned by it (diag filled by the sink). */
typedef eml_status (*eml_session_sink)(void *ctx, const char *equipment_id, eml_time start,
                                       eml_time end, eml_session_type type, eml_diag *diag);

/* Bad rows, warnings and counts of a reading: eml_read_hooks and
 * eml_read_counts of eml/input.h. */

#define EML_SCHEDULE_ID_MAX 128        /* bytes of an equipment_id */
#define EML_SCHEDULE_ROWS_MAX 10000000 /* rows of one schedule */

typedef struct eml_schedule_row {
  const char *equipment_id; /* owned by the schedule */
  int weekday;              /* 1 = Monday ... 7 = Sunday */
  int start_min, end_min;   /* minutes after local midnight; end 0..1440 */
  eml_session_type type;
  int has_valid_from, has_valid_until;
  eml_date valid_from, valid_until; /* inclusive */
  long line;                        /* line in the file, 0 when built in memory */
} eml_schedule_row;

typedef struct eml_schedule eml_schedule;

eml_schedule *eml_schedule_new(void);
void eml_schedule_free(eml_schedule *s); /* accepts NULL */
/* Removes every row, keeping the memory for reuse. */
void eml_schedule_clear(eml_schedule *s);
/* Appends a row (equipment_id copied). EML_ERR_VALUE when a field is out of
 * range (weekday, minutes, empty or too long id, valid_until < valid_from). */
eml_status eml_schedule_add(eml_schedule *s, const eml_schedule_row *row) EML_MUST_CHECK;
size_t eml_schedule_count(const eml_schedule *s);
const eml_schedule_row *eml_schedule_at(const eml_schedule *s, size_t i);

/* Reads schedule.csv (columns equipment_id, weekday, start_time, end_time,
 * type, optional valid_from, valid_until) and appends its rows to s.
 * weekday is 1-7 or a French day name (lundi ... dimanche). A bad row is an
 * error `FILE:LINE: column NAME: ... (value 'X')`: without hooks->reject
 * the reading stops at it and returns its status (s keeps the rows before
 * it, callers wanting all-or-nothing free s); with it the row is handed
 * over and the reading goes on. hooks, counts and csv_opts may be NULL. */
eml_status eml_schedule_read(eml_schedule *s, const char *path, const eml_csv_options *csv_opts,
                             const eml_read_hooks *hooks, eml_read_counts *counts,
                             eml_diag *diag) EML_MUST_CHECK;
/* Same over a memory buffer (name used in diagnostics). */
eml_status eml_schedule_read_memory(eml_schedule *s, const char *name, const char *data,
                                    size_t len, const eml_csv_options *csv_opts,
                                    const eml_read_hooks *hooks, eml_read_counts *counts,
                                    eml_diag *diag) EML_MUST_CHECK;

/* Département code ("57") of the site of an equipment, or NULL if unknown. */
typedef const char *(*eml_departement_fn)(void *ctx, const char *equipment_id);

typedef struct eml_schedule_window {
  eml_date from, to; /* [from, to): local dates */
  int skip_holidays; /* leave out PROGRAMMED sessions on public holidays */
  eml_departement_fn departement; /* NULL: national holidays only */
  void *departement_ctx;
} eml_schedule_window;

/* Calls sink for every occurrence, date by date, rows in file order within
 * a date. */
eml_status eml_schedule_expand(const eml_schedule *s, const eml_schedule_window *window,
                               eml_session_sink sink, void *sink_ctx, eml_diag *diag)
    EML_MUST_CHECK;

#endif
