/*
 * imaging_internal.h — what the files of lib/imaging share: the campaign's
 * storage and the row validators used by both the generic and the fast
 * readers (so both report the same messages).
 *
 * Storage (spec imaging.md inputs; bench/ targets < 64 bytes per exam):
 * times are int32 seconds from EML_IMG_EPOCH (2000-01-01T00:00:00Z), which
 * covers 1932-2068; an exam is 32 bytes (machine index, start, end, report
 * delay, class, ICR as a double so sums stay exact to 1e-9).
 */
#ifndef EML_IMAGING_INTERNAL_H
#define EML_IMAGING_INTERNAL_H

#include <stdint.h>

#include "internal.h"

#define EML_IMG_EPOCH ((eml_time)946684800) /* 2000-01-01T00:00:00Z */
#define EML_IMG_NO_REPORT INT32_MIN         /* report_delay_s when none */
#define EML_IMG_NO_ICR (-1.0)               /* icr when the cell is empty */

typedef struct img_machine {
  char id[64];
  char finess[16];
  int modality; /* eml_modality, or -1 for an ignored modality */
} img_machine;

typedef struct img_session {
  uint32_t machine;
  int32_t start, end; /* seconds from EML_IMG_EPOCH */
  uint8_t type;       /* eml_session_type */
} img_session;

typedef struct img_exam {
  double icr;             /* EML_IMG_NO_ICR when empty */
  uint32_t machine;
  int32_t start, end;     /* seconds from EML_IMG_EPOCH */
  int32_t report_delay_s; /* report_at - end, or EML_IMG_NO_REPORT */
  uint8_t cls;            /* eml_patient_class */
} img_exam;

/* Open-addressing map from equipment_id to machine index. */
typedef struct img_map {
  uint32_t *slots; /* index + 1, 0 = empty */
  size_t cap;
} img_map;

struct eml_imaging_campaign {
  img_machine *machines;
  size_t n_machines, cap_machines;
  img_map map;
  img_session *sessions;
  size_t n_sessions, cap_sessions;
  img_exam *exams;
  size_t n_exams, cap_exams;
  eml_imaging_load_counts equipment_counts, sessions_counts, exams_counts;
};

/* Machine index of an id (len bytes), or -1. */
long img_machine_lookup(const eml_imaging_campaign *c, const char *id, size_t len);
eml_status img_push_session(eml_imaging_campaign *c, const img_session *s);
eml_status img_push_exams(eml_imaging_campaign *c, const img_exam *e, size_t n);
/* eml_time <-> int32 storage; 0 when out of range. */
int img_time_fits(eml_time t);

/* Where a row comes from, for diags. */
typedef struct img_row {
  const char *file;
  long line;
} img_row;

/* Column indexes of a file's header (-1 when absent). */
typedef struct img_exam_columns {
  int ncols;  /* fields in the header */
  char delimiter;
  int exam_id, equipment_id, start, end, patient_class, icr, report_at;
} img_exam_columns;
typedef struct img_session_columns {
  int ncols;
  int equipment_id, start, end, type;
} img_session_columns;

/* A field as (pointer, length). */
typedef struct img_field {
  const char *s;
  size_t len;
} img_field;

/* Per-reader cache of the Paris offset of the last local day read. */
typedef struct img_time_cache {
  int64_t day;  /* local day (days since epoch) cached, or INT64_MIN */
  int regular;  /* the day has no DST change: utc = local - offset */
  int offset_s;
} img_time_cache;
void img_time_cache_init(img_time_cache *tc);
/* Parses a date-time like eml_datetime_parse, fast for YYYY-MM-DDTHH:MM:SS
 * (or with a space); adds 1 to *ambiguous / *skipped as flags say. */
eml_status img_parse_time(img_time_cache *tc, const char *s, size_t len, eml_time *out,
                          int *flags);

/* Validates one exams.csv row given as fields (indexed by the header's
 * column positions). On success fills *out and returns EML_OK (or
 * EML_ERR_NOT_FOUND with *skipped = 1 for a machine of an ignored
 * modality); else fills diag with `column NAME: message (value 'X')`. */
eml_status img_exam_row(const eml_imaging_campaign *c, const img_exam_columns *cols,
                        const img_field *f, size_t nf, const img_row *where,
                        img_time_cache *tc, eml_imaging_load_counts *counts, img_exam *out,
                        int *skipped, eml_diag *diag);
eml_status img_session_row(const eml_imaging_campaign *c, const img_session_columns *cols,
                           const img_field *f, size_t nf, const img_row *where,
                           img_time_cache *tc, eml_imaging_load_counts *counts,
                           img_session *out, int *skipped, eml_diag *diag);

/* The fast reader of exams.csv (fast.c): returns EML_ERR_USAGE without
 * reading anything when the file's layout needs the generic reader. */
eml_status img_fast_load_exams(eml_imaging_campaign *c, const char *path,
                               eml_imaging_reject_fn reject, void *ctx,
                               eml_imaging_load_counts *counts, eml_diag *diag);

/* Distribution of integer seconds (exam durations, report delays): a
 * histogram for values in [base, base + IMG_HIST_MAX), the rest in a list;
 * gives exact type-7 quantiles without keeping one value per exam. */
#define IMG_HIST_MAX (8u << 20)
typedef struct img_int_dist {
  int64_t base;
  uint32_t *counts;
  size_t cap;
  int32_t *over;
  size_t n_over, cap_over;
  long n;
} img_int_dist;
void img_int_dist_init(img_int_dist *d, int64_t base);
void img_int_dist_free(img_int_dist *d);
eml_status img_int_dist_add(img_int_dist *d, int32_t v);
eml_status img_int_dist_merge(img_int_dist *into, const img_int_dist *from);
/* Quantiles of value / divisor; NAN when empty. Sorts the list in place. */
eml_imaging_dist img_int_dist_quantiles(img_int_dist *d, double divisor);

struct eml_imaging_result {
  eml_date from, to;
  double weeks;
  long week_nights;
  eml_imaging_machine *machines; /* sorted by equipment_id */
  size_t n_machines;
  long machines_per_modality[EML_MODALITY_COUNT];
  long included_per_modality[EML_MODALITY_COUNT];
  long exams_per_modality[EML_MODALITY_COUNT];
  eml_imaging_dist panel[EML_MODALITY_COUNT][EML_IND_COUNT];
  double *panel_values[EML_MODALITY_COUNT][EML_IND_COUNT]; /* sorted */
  size_t panel_n[EML_MODALITY_COUNT][EML_IND_COUNT];
  eml_imaging_dist durations[EML_MODALITY_COUNT][EML_CLASS_COUNT];
  eml_imaging_dist report_delays[EML_MODALITY_COUNT][2];
  eml_imaging_load_counts equipment_counts, sessions_counts, exams_counts;
  double min_exam_minutes, er_share_min;
};

#endif
