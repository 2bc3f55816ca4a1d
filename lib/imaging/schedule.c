/*
 * schedule.c — weekly session templates (schedule.csv, spec imaging.md) and
 * their expansion over a campaign (eml/schedule.h). Each occurrence is a
 * local start and end converted to absolute time with eml_paris_to_utc, so
 * its length across a daylight-saving change is the true one; holidays come
 * from eml/holidays.h. Also the row helpers of rows.h shared with
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
  if (s->count == s->capacity) {
    size_t cap = s->capacity ? s->capacity * 2 : 64;
    eml_schedule_row *grown = realloc(s->rows, cap * sizeof *grown);
    if (!grown)
      return EML_ERR_NOMEM;
    s->rows = grown;
    s->capacity = cap;
  }
  char *id = malloc(id_len + 1);
  if (!id)
    return EML_ERR_NOMEM;
  memcpy(id, row->equipment_id, id_len + 1);
  s->rows[s->count] = *row;
  s->rows[s->count].equipment_id = id;
  s->count++;
  return EML_OK;
}

/* ---- row helpers (rows.h) ---------------------------------------------- */

const char *eml_imaging_field(const eml_csv_reader *r, int col, size_t *len) {
  if (col < 0) {
    *len = 0;
    return "";
  }
  size_t n;
  const char *f = eml_csv_field(r, (size_t)col, &n);
  while (n && (*f == ' ' || *f == '\t')) {
    f++;
    n--;
  }
  while (n && (f[n - 1] == ' ' || f[n - 1] == '\t'))
    n--;
  *len = n;
  return f;
}

eml_status eml_row_columns(const eml_csv_reader *r, const char *const *names, const int *optional,
                           int *idx, size_t n, eml_diag *diag) {
  for (size_t i = 0; i < n; i++) {
    idx[i] = eml_csv_column(r, names[i]);
    if (idx[i] < 0 && !(optional && optional[i])) {
      eml_diag_set(diag, eml_csv_name(r), 1, names[i], NULL, 0, "missing column");
      return EML_ERR_CSV;
    }
  }
  return EML_OK;
}

int eml_row_width_ok(const eml_csv_reader *r, eml_diag *diag) {
  size_t fields = eml_csv_field_count(r), columns = eml_csv_header_count(r);
  if (fields == columns)
    return 1;
  size_t raw_len;
  int truncated;
  const char *raw = eml_csv_raw(r, &raw_len, &truncated);
  eml_diag_set(diag, eml_csv_name(r), eml_csv_line(r), NULL, raw, raw_len,
               "%zu fields where the header has %zu columns", fields, columns);
  return 0;
}

void eml_row_error(const eml_csv_reader *r, eml_diag *diag, int col, const char *name,
                   const char *message) {
  size_t len;
  const char *value = eml_imaging_field(r, col, &len);
  eml_diag_set(diag, eml_csv_name(r), eml_csv_line(r), name, value, len, "%s", message);
}

eml_status eml_row_reject(const eml_csv_reader *r, eml_status st, eml_row_reject_fn reject,
                          void *reject_ctx, eml_read_counts *counts, const eml_diag *diag) {
  if (!reject)
    return st;
  size_t raw_len;
  int truncated;
  const char *raw = eml_csv_raw(r, &raw_len, &truncated);
  reject(reject_ctx, raw, raw_len, diag);
  counts->rejected++;
  return EML_OK;
}

eml_status eml_row_read_all(eml_csv_reader *r, eml_row_fn row_fn, void *ctx,
                            eml_row_reject_fn reject, void *reject_ctx, eml_read_counts *counts,
                            eml_diag *diag) {
  eml_status st = EML_OK;
  for (;;) {
    int has_record;
    st = eml_csv_next(r, &has_record, diag);
    if (st == EML_ERR_IO || (st == EML_OK && !has_record))
      break;
    counts->read++;
    if (st == EML_OK && eml_row_width_ok(r, diag))
      st = row_fn(ctx, r, diag);
    else if (st == EML_OK)
      st = EML_ERR_CSV;
    if (st == EML_OK)
      counts->loaded++;
    else if (st == EML_ERR_NOMEM || st == EML_ERR_TOO_LARGE)
      break;
    else if ((st = eml_row_reject(r, st, reject, reject_ctx, counts, diag)) != EML_OK)
      break;
  }
  eml_csv_close(r);
  return st;
}

eml_read_counts *eml_row_counts(eml_read_counts *counts, eml_read_counts *local) {
  if (!counts)
    counts = local;
  memset(counts, 0, sizeof *counts);
  return counts;
}

eml_status eml_row_open(const char *name, const char *data, size_t len,
                        const eml_csv_options *csv_opts, eml_csv_reader **r, eml_diag *diag) {
  return data ? eml_csv_open_memory(name, data, len, csv_opts, r, diag)
              : eml_csv_open(name, csv_opts, r, diag);
}

/* ---- reading schedule.csv ---------------------------------------------- */

enum { COL_ID, COL_WEEKDAY, COL_START, COL_END, COL_TYPE, COL_FROM, COL_UNTIL, COL_COUNT };
static const char *const schedule_columns[COL_COUNT] = {
    "equipment_id", "weekday", "start_time", "end_time", "type", "valid_from", "valid_until"};
static const int schedule_optional[COL_COUNT] = {0, 0, 0, 0, 0, 1, 1};

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

/* Parses one record into row (id pointing into the reader); diag on error. */
static eml_status parse_schedule_record(const eml_csv_reader *r, const int *col,
                                        eml_schedule_row *row,
                                        char id[EML_SCHEDULE_ID_MAX + 1], eml_diag *diag) {
  size_t len;
  const char *f;
  memset(row, 0, sizeof *row);
  row->line = eml_csv_line(r);
  f = eml_imaging_field(r, col[COL_ID], &len);
  if (len == 0 || len > EML_SCHEDULE_ID_MAX) {
    eml_row_error(r, diag, col[COL_ID], "equipment_id",
                  len ? "identifier longer than 128 bytes" : "empty identifier");
    return EML_ERR_VALUE;
  }
  memcpy(id, f, len);
  id[len] = '\0';
  row->equipment_id = id;
  f = eml_imaging_field(r, col[COL_WEEKDAY], &len);
  if (!(row->weekday = parse_weekday(f, len))) {
    eml_row_error(r, diag, col[COL_WEEKDAY], "weekday",
                  "not a weekday (1 = Monday ... 7 = Sunday, or lundi ... dimanche)");
    return EML_ERR_VALUE;
  }
  f = eml_imaging_field(r, col[COL_START], &len);
  if (eml_clock_parse(f, len, &row->start_min) != EML_OK || row->start_min >= 1440) {
    eml_row_error(r, diag, col[COL_START], "start_time", "not a time of day (HH:MM, 00:00-23:59)");
    return EML_ERR_VALUE;
  }
  f = eml_imaging_field(r, col[COL_END], &len);
  if (eml_clock_parse(f, len, &row->end_min) != EML_OK) {
    eml_row_error(r, diag, col[COL_END], "end_time", "not a time of day (HH:MM, 00:00-24:00)");
    return EML_ERR_VALUE;
  }
  f = eml_imaging_field(r, col[COL_TYPE], &len);
  if (eml_session_type_parse(f, len, &row->type) != EML_OK) {
    eml_row_error(r, diag, col[COL_TYPE], "type", "unknown session type");
    return EML_ERR_VALUE;
  }
  f = eml_imaging_field(r, col[COL_FROM], &len);
  if (len && eml_date_parse(f, len, &row->valid_from) != EML_OK) {
    eml_row_error(r, diag, col[COL_FROM], "valid_from", "not a date (YYYY-MM-DD or DD/MM/YYYY)");
    return EML_ERR_VALUE;
  }
  row->has_valid_from = len > 0;
  f = eml_imaging_field(r, col[COL_UNTIL], &len);
  if (len && eml_date_parse(f, len, &row->valid_until) != EML_OK) {
    eml_row_error(r, diag, col[COL_UNTIL], "valid_until", "not a date (YYYY-MM-DD or DD/MM/YYYY)");
    return EML_ERR_VALUE;
  }
  row->has_valid_until = len > 0;
  if (row->has_valid_from && row->has_valid_until && row->valid_until < row->valid_from) {
    eml_row_error(r, diag, col[COL_UNTIL], "valid_until", "before valid_from");
    return EML_ERR_VALUE;
  }
  return EML_OK;
}

typedef struct schedule_reading {
  eml_schedule *schedule;
  int col[COL_COUNT];
} schedule_reading;

static eml_status schedule_record(void *ctx, const eml_csv_reader *r, eml_diag *diag) {
  schedule_reading *reading = ctx;
  eml_schedule_row row;
  char id[EML_SCHEDULE_ID_MAX + 1];
  eml_status st = parse_schedule_record(r, reading->col, &row, id, diag);
  if (st == EML_OK && (st = eml_schedule_add(reading->schedule, &row)) == EML_ERR_TOO_LARGE)
    eml_diag_set(diag, eml_csv_name(r), eml_csv_line(r), NULL, NULL, 0,
                 "more than %d schedule rows", EML_SCHEDULE_ROWS_MAX);
  return st;
}

static eml_status read_schedule(eml_schedule *s, eml_csv_reader *r, eml_row_reject_fn reject,
                                void *reject_ctx, eml_read_counts *counts, eml_diag *diag) {
  schedule_reading reading = {s, {0}};
  eml_status st =
      eml_row_columns(r, schedule_columns, schedule_optional, reading.col, COL_COUNT, diag);
  if (st == EML_OK)
    return eml_row_read_all(r, schedule_record, &reading, reject, reject_ctx, counts, diag);
  eml_csv_close(r);
  return st;
}

eml_status eml_schedule_read(eml_schedule *s, const char *path, const eml_csv_options *csv_opts,
                             eml_row_reject_fn reject, void *reject_ctx, eml_read_counts *counts,
                             eml_diag *diag) {
  eml_read_counts local;
  eml_csv_reader *r;
  counts = eml_row_counts(counts, &local);
  eml_status st = eml_row_open(path, NULL, 0, csv_opts, &r, diag);
  return st ? st : read_schedule(s, r, reject, reject_ctx, counts, diag);
}

eml_status eml_schedule_read_memory(eml_schedule *s, const char *name, const char *data,
                                    size_t len, const eml_csv_options *csv_opts,
                                    eml_row_reject_fn reject, void *reject_ctx,
                                    eml_read_counts *counts, eml_diag *diag) {
  eml_read_counts local;
  eml_csv_reader *r;
  counts = eml_row_counts(counts, &local);
  eml_status st = eml_row_open(name, data, len, csv_opts, &r, diag);
  return st ? st : read_schedule(s, r, reject, reject_ctx, counts, diag);
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
