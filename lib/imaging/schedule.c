/*
 * schedule.c — weekly session templates (schedule.csv, spec imaging.md) and
 * their expansion over a campaign (eml/schedule.h). Each occurrence is a
 * local start and end converted to absolute time with eml_paris_to_utc, so
 * its length across a daylight-saving change is the true one; holidays come
 * from eml/holidays.h. Also the reading loop of rows.h shared with
 * appointments.c.
 */
#include "rows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct eml_schedule {
  eml_schedule_row *rows;
  size_t count, capacity;
};

eml_schedule *eml_schedule_new(void) { return calloc(1, sizeof(eml_schedule)); }

void eml_schedule_clear(eml_schedule *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->count; i++)
    free((char *)(uintptr_t)s->rows[i].equipment_id);
  s->count = 0;
}

void eml_schedule_free(eml_schedule *s) {
  if (!s)
    return;
  eml_schedule_clear(s);
  free(s->rows);
  free(s);
}

size_t eml_schedule_count(const eml_schedule *s) { return s ? s->count : 0; }
const eml_schedule_row *eml_schedule_at(const eml_schedule *s, size_t i) {
  return i < s->count ? &s->rows[i] : NULL;
}

eml_status eml_schedule_add(eml_schedule *s, const eml_schedule_row *row) {
  size_t id_len = row->equipment_id ? strlen(row->equipment_id) : 0;
  if (id_len == 0 || id_len > EML_SCHEDULE_ID_MAX || row->weekday < 1 || row->weekday > 7 ||
      row->start_min < 0 || row->start_min >= 1440 || row->end_min < 0 || row->end_min > 1440 ||
      row->type >= EML_SESSION_TYPE_COUNT ||
      (row->has_valid_from && row->has_valid_until && row->valid_until < row->valid_from))
    return EML_ERR_VALUE;
  if (s->count == EML_SCHEDULE_ROWS_MAX)
    return EML_ERR_TOO_LARGE;
  void *rows = s->rows;
  eml_status st = eml_grow(&rows, &s->capacity, s->count + 1, sizeof *s->rows);
  s->rows = rows;
  if (st)
    return st;
  char *id = malloc(id_len + 1);
  if (!id)
    return EML_ERR_NOMEM;
  memcpy(id, row->equipment_id, id_len + 1);
  s->rows[s->count] = *row;
  s->rows[s->count].equipment_id = id;
  s->count++;
  return EML_OK;
}

/* ---- reading schedule.csv ---------------------------------------------- */

enum { COL_ID, COL_WEEKDAY, COL_START, COL_END, COL_TYPE, COL_FROM, COL_UNTIL };
const eml_column_spec eml_schedule_columns[] = {
    {"equipment_id", 1, EML_COL_TEXT, NULL}, {"weekday", 1, EML_COL_CODE, NULL},
    {"start_time", 1, EML_COL_TEXT, NULL},   {"end_time", 1, EML_COL_TEXT, NULL},
    {"type", 1, EML_COL_CODE, NULL},         {"valid_from", 0, EML_COL_DATE, NULL},
    {"valid_until", 0, EML_COL_DATE, NULL},  {NULL, 0, 0, NULL}};

static const char *const french_weekdays[7] = {"lundi", "mardi",    "mercredi", "jeudi",
                                               "vendredi", "samedi", "dimanche"};

static int parse_weekday(const char *s, size_t len) {
  if (len == 1 && s[0] >= '1' && s[0] <= '7')
    return s[0] - '0';
  for (int i = 0; i < 7; i++)
    if (strlen(french_weekdays[i]) == len && strncasecmp(s, french_weekdays[i], len) == 0)
      return i + 1;
  return 0;
}

eml_status eml_schedule_parse_record(const eml_row *r, eml_schedule_row *row,
                                        char id[EML_SCHEDULE_ID_MAX + 1], eml_diag *diag) {
  size_t len;
  const char *f;
  memset(row, 0, sizeof *row);
  row->line = eml_csv_line(r->csv);
  eml_status st = eml_row_text(r, COL_ID, id, EML_SCHEDULE_ID_MAX + 1, diag);
  if (st)
    return st;
  row->equipment_id = id;
  f = eml_row_field(r, COL_WEEKDAY, &len);
  if (!(row->weekday = parse_weekday(f, len)))
    return eml_row_bad(r, COL_WEEKDAY, diag,
                       "pas un jour de la semaine (1 = lundi … 7 = dimanche, ou lundi … "
                       "dimanche)");
  f = eml_row_field(r, COL_START, &len);
  if (eml_clock_parse(f, len, &row->start_min) != EML_OK || row->start_min >= 1440)
    return eml_row_bad(r, COL_START, diag, "pas une heure (HH:MM, 00:00-23:59)");
  f = eml_row_field(r, COL_END, &len);
  if (eml_clock_parse(f, len, &row->end_min) != EML_OK)
    return eml_row_bad(r, COL_END, diag, "pas une heure (HH:MM, 00:00-24:00)");
  f = eml_row_field(r, COL_TYPE, &len);
  if (eml_session_type_parse(f, len, &row->type) != EML_OK)
    return eml_row_bad(r, COL_TYPE, diag, "type de vacation inconnu");
  if ((st = eml_row_date(r, COL_FROM, &row->has_valid_from, &row->valid_from, diag)) ||
      (st = eml_row_date(r, COL_UNTIL, &row->has_valid_until, &row->valid_until, diag)))
    return st;
  if (row->has_valid_from && row->has_valid_until && row->valid_until < row->valid_from)
    return eml_row_bad(r, COL_UNTIL, diag, "avant valid_from");
  return EML_OK;
}

static eml_status schedule_record(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  (void)skipped;
  eml_schedule_row row;
  char id[EML_SCHEDULE_ID_MAX + 1];
  eml_status st = eml_schedule_parse_record(r, &row, id, diag);
  if (st == EML_OK && (st = eml_schedule_add(ctx, &row)) == EML_ERR_TOO_LARGE)
    eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), NULL, NULL, 0,
                 "plus de %d lignes de planning", EML_SCHEDULE_ROWS_MAX);
  return st;
}

eml_status eml_schedule_read_memory(eml_schedule *s, const char *name, const char *data,
                                    size_t len, const eml_csv_options *csv_opts,
                                    const eml_read_hooks *hooks, eml_read_counts *counts,
                                    eml_diag *diag) {
  eml_row r = {.columns = eml_schedule_columns};
  eml_rows_reading g = {name, data, len, csv_opts, NULL, schedule_record, s, hooks};
  return eml_rows_read(&r, &g, counts, diag);
}

eml_status eml_schedule_read(eml_schedule *s, const char *path, const eml_csv_options *csv_opts,
                             const eml_read_hooks *hooks, eml_read_counts *counts,
                             eml_diag *diag) {
  return eml_schedule_read_memory(s, path, NULL, 0, csv_opts, hooks, counts, diag);
}

/* ---- expansion --------------------------------------------------------- */

/* Absolute instants of the occurrence of row on local date d. */
static void occurrence(const eml_schedule_row *row, eml_date d, eml_time *start, eml_time *end) {
  int64_t local_start = (int64_t)d * 86400 + row->start_min * 60;
  int64_t end_day = row->end_min <= row->start_min ? d + 1 : d; /* past midnight; = is 24 h */
  int64_t local_end = end_day * 86400 + row->end_min * 60;
  *start = eml_paris_to_utc(local_start, NULL);
  *end = eml_paris_to_utc(local_end, NULL);
}

eml_status eml_schedule_expand(const eml_schedule *s, const eml_schedule_window *w,
                               eml_session_sink sink, void *sink_ctx, eml_diag *diag) {
  if (w->to <= w->from || !s->count)
    return EML_OK;
  /* the Alsace-Moselle rule of each row's machine, looked up once */
  unsigned char *alsace = calloc(s->count, 1);
  if (!alsace)
    return EML_ERR_NOMEM;
  if (w->skip_holidays && w->departement)
    for (size_t i = 0; i < s->count; i++)
      alsace[i] = (unsigned char)eml_departement_is_alsace_moselle(
          w->departement(w->departement_ctx, s->rows[i].equipment_id));
  eml_time window_start = eml_paris_midnight(w->from), window_end = eml_paris_midnight(w->to);
  eml_status st = EML_OK;
  /* the day before the window: its night sessions reach into it */
  for (eml_date d = w->from - 1; d < w->to && st == EML_OK; d++) {
    int weekday = eml_date_weekday(d);
    int holiday[2] = {0, 0};
    if (w->skip_holidays) {
      holiday[0] = eml_holiday_is(d, 0);
      holiday[1] = eml_holiday_is(d, 1);
    }
    for (size_t i = 0; i < s->count && st == EML_OK; i++) {
      const eml_schedule_row *row = &s->rows[i];
      if (row->weekday != weekday || (row->has_valid_from && d < row->valid_from) ||
          (row->has_valid_until && d > row->valid_until))
        continue;
      if (holiday[alsace[i]] && eml_session_type_group(row->type) == EML_GROUP_PROGRAMMED)
        continue;
      eml_time start, end;
      occurrence(row, d, &start, &end);
      if (start < window_start)
        start = window_start;
      if (end > window_end)
        end = window_end;
      if (end > start)
        st = sink(sink_ctx, row->equipment_id, start, end, row->type, diag);
    }
  }
  free(alsace);
  return st;
}
