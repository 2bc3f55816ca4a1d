/*
 * imaging_internal.h — what the files of lib/imaging share: the campaign's
 * storage, the engine's builder behind eml_campaign_builder, and the row
 * validators used by both the generic and the fast readers (so both report
 * the same messages).
 *
 * Storage (spec imaging.md inputs; bench/ targets < 64 bytes per exam):
 * times are int32 seconds from EML_IMG_EPOCH (2000-01-01T00:00:00Z), which
 * covers 1932-2068; an exam is 24 bytes (ICR as a double so sums stay exact
 * to 1e-9, start, end, report delay, machine index and class in one word).
 * The exams lie in segments: arrays of any order, one per builder that
 * added exams (the fast reader's threads each fill one, the generic reader
 * and the store one each), in the order the builders were finished, which
 * is the order of the rows in the files. A segment is kept where its
 * builder wrote it: a national year's parts (300 MB each with two threads)
 * are never copied nor their pages zeroed twice (bench/RESULTS.md).
 * compute.c groups each segment by machine and merges a machine's slices
 * under a total order of exams, so nothing depends on how the exams were
 * cut into segments (docs/architecture.md, "Threads").
 */
#ifndef EML_IMAGING_INTERNAL_H
#define EML_IMAGING_INTERNAL_H

#include <stdint.h>

#include "core/parallel.h"
#include "internal.h"

#define EML_IMG_EPOCH ((eml_time)946684800)     /* 2000-01-01T00:00:00Z */
#define EML_IMG_NO_REPORT EML_CAMPAIGN_NO_REPORT /* report_delay_s when none */
#define EML_IMG_NO_ICR EML_CAMPAIGN_NO_ICR       /* icr when the cell is empty */

/* The one message of an equipment_id that equipment.csv does not list, for
 * every reader that looks a machine up (exams, sessions, schedule,
 * appointments); the second when the machines are those of a campaign read
 * from the store (`--campaign`: there is no equipment.csv to name) */
#define IMG_UNKNOWN_MACHINE N_("équipement inconnu (absent de equipment.csv)")
#define IMG_UNKNOWN_STORED_MACHINE N_("équipement inconnu (absent de la campagne enregistrée)")

typedef struct img_machine {
  char id[EML_CAMPAIGN_ID_MAX + 1];
  char finess[16];
  int modality; /* eml_imaging_modality, or -1 for an ignored modality */
} img_machine;

typedef struct img_session {
  uint32_t machine;
  int32_t start, end; /* seconds from EML_IMG_EPOCH */
  uint8_t type;       /* eml_session_type */
} img_session;

/* 24 bytes: a national year holds 19.4 M of them (spec: under 64 bytes of
 * memory per exam; each byte less is also less memory to zero and fill). */
#define IMG_MACHINES_MAX ((1u << 24) - 1) /* machines of a campaign */
typedef struct img_exam {
  double icr;                /* EML_IMG_NO_ICR when empty */
  int32_t start, end;        /* seconds from EML_IMG_EPOCH */
  int32_t report_delay_s;    /* report_at - end, or EML_IMG_NO_REPORT */
  unsigned int machine : 24; /* index in the campaign's machines */
  unsigned int cls : 8;      /* eml_patient_class */
} img_exam;
_Static_assert(sizeof(img_exam) == 24, "img_exam holds 24 bytes");

/* A large array in its own mapping (bigmem.c): grows without copying. */
typedef struct img_big {
  void *data;
  size_t cap; /* bytes mapped */
} img_big;
eml_status img_big_reserve(img_big *b, size_t bytes) EML_MUST_CHECK;
/* Faults in the first bytes of b's mapping on a thread of its own while the
 * caller fills it (the kernel zeroes a page before its first write: a
 * stored national year's 466 MB of exams, issue 17): the kernel's
 * MADV_POPULATE_WRITE, which leaves alone a page already written. NULL when
 * nothing was started; img_big_populate_wait before b is grown or freed. */
struct img_populate *img_big_populate_start(const img_big *b, size_t bytes);
void img_big_populate_wait(struct img_populate *p); /* accepts NULL */
void img_big_shrink(img_big *b, size_t bytes); /* releases the pages past bytes */
void img_big_free(img_big *b);

/* One array of exams (img_exam *)mem.data, n of them. */
typedef struct img_segment {
  img_big mem;
  size_t n;
} img_segment;

struct eml_imaging_campaign {
  img_machine *machines;
  size_t n_machines, cap_machines;
  eml_strmap map; /* equipment_id -> index in machines */
  img_big sessions_mem; /* holds the array below */
  img_session *sessions;
  size_t n_sessions;
  img_segment *segments; /* the exams (see the top of this file) */
  size_t n_segments, cap_segments;
  eml_imaging_load_counts equipment_counts, sessions_counts, exams_counts;
  int sessions_from_schedule; /* the sessions counted are schedule.csv's rows */
  unsigned threads;           /* resolved: 1 ... EML_THREADS_MAX */
  const struct eml_profile *profile; /* the files' import profile, or NULL */
};

static inline const img_exam *img_segment_exams(const img_segment *s) {
  return (const img_exam *)s->mem.data;
}
/* Adds every count of from to to. */
void img_counts_add(eml_imaging_load_counts *to, const eml_imaging_load_counts *from);
/* The reading loop's counts of a file (eml_rows_read) as its load counts:
 * read, loaded, rejected, skipped; the time and ICR counts are left. */
void img_counts_from_rows(eml_imaging_load_counts *to, const eml_read_counts *read);

/* Appends a machine (modality: eml_imaging_modality, or -1 for one whose
 * rows are skipped); the caller has checked the id is new. */
eml_status img_add_machine(eml_imaging_campaign *c, const char *id, size_t id_len,
                           const char *finess, size_t finess_len, int modality) EML_MUST_CHECK;
/* Machine index of an id (len bytes), or -1. */
long img_machine_lookup(const eml_imaging_campaign *c, const char *id, size_t len);
/* Appends one session to the campaign at once (the schedule's expansion). */
eml_status img_push_session(eml_imaging_campaign *c, const img_session *s) EML_MUST_CHECK;
/* Exams of every segment, and the i-th of them (segment 0 first). */
size_t img_exam_count(const eml_imaging_campaign *c);
const img_exam *img_exam_at(const eml_imaging_campaign *c, size_t i);
/* eml_time <-> int32 storage; 0 when out of range. */
int img_time_fits(eml_time t);

/* The engine's builder (eml_imaging_builder_open wraps one): sessions and
 * exams kept aside, appended to the campaign by img_builder_finish (the
 * exams as one more segment, taken as they are; the sessions after the
 * campaign's, copied from their end while their pages are released, so
 * that the peak is one array and one chunk). Several builders of one
 * campaign may be filled at once by as many threads. */
typedef struct img_builder {
  eml_imaging_campaign *c;
  img_big exams, sessions;
  size_t n_exams, n_sessions;
  struct img_populate *populate; /* the exams' pages readied (reserve hint) */
} img_builder;
void img_builder_init(img_builder *b, eml_imaging_campaign *c);
eml_status img_builder_push_session(img_builder *b, const img_session *s) EML_MUST_CHECK;
static inline eml_status img_builder_push_exam(img_builder *b, const img_exam *e) {
  if ((b->n_exams + 1) * sizeof *e > b->exams.cap &&
      img_big_reserve(&b->exams, (b->n_exams + 1) * sizeof *e))
    return EML_ERR_NOMEM;
  ((img_exam *)b->exams.data)[b->n_exams++] = *e;
  return EML_OK;
}
/* Appends what b kept to its campaign and empties b (EML_ERR_NOMEM: b
 * keeps it; img_builder_free drops it). */
eml_status img_builder_finish(img_builder *b) EML_MUST_CHECK;
void img_builder_free(img_builder *b);

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

/* Per-reader cache of the days read last (keyed by the 10 bytes of the
 * date text): for a day without DST change, storage seconds = base + time
 * of day, base = local midnight in storage seconds. */
#define IMG_DAY_CACHE 512 /* direct-mapped: see day_entry in load.c */
typedef struct img_day_entry {
  char date[10];
  int valid;    /* the text is a valid date */
  int regular;  /* the day has no DST change and fits the storage range */
  int64_t day;  /* days since 1970-01-01 */
  int64_t base; /* storage seconds of local midnight (regular days) */
} img_day_entry;
typedef struct img_time_cache {
  img_day_entry e[IMG_DAY_CACHE]; /* date[0] == 0: empty */
} img_time_cache;
void img_time_cache_init(img_time_cache *tc);
/* Parses a date-time like eml_datetime_parse, fast for YYYY-MM-DDTHH:MM:SS
 * (or with a space); *flags as eml_datetime_parse. */
eml_status img_parse_time(img_time_cache *tc, const char *s, size_t len, eml_time *out,
                          int *flags) EML_MUST_CHECK;
/* The fast path only: YYYY-MM-DDTHH:MM:SS on a day without DST change,
 * into storage seconds; returns 0 when the text needs img_parse_time. */
int img_fast_time(img_time_cache *tc, const char *s, size_t len, int32_t *out);
/* A decimal number digits[.digits] (at most 15 digits), as strtod would
 * round it; returns 0 when the text needs eml_parse_double. */
int img_fast_decimal(const char *s, size_t len, double *out);

/* Validates one exams.csv row given as fields (indexed by the header's
 * column positions). On success fills *out and returns EML_OK (or
 * EML_ERR_NOT_FOUND with *skipped = 1 for a machine of an ignored
 * modality); else fills diag with `column NAME: message (value 'X')`. */
eml_status img_exam_row(const eml_imaging_campaign *c, const img_exam_columns *cols,
                        const img_field *f, size_t nf, const img_row *where,
                        img_time_cache *tc, eml_imaging_load_counts *counts, img_exam *out,
                        int *skipped, eml_diag *diag) EML_MUST_CHECK;
eml_status img_session_row(const eml_imaging_campaign *c, const img_session_columns *cols,
                           const img_field *f, size_t nf, const img_row *where,
                           img_time_cache *tc, eml_imaging_load_counts *counts,
                           img_session *out, int *skipped, eml_diag *diag) EML_MUST_CHECK;

/* The fast reader of exams.csv and sessions.csv (fast.c): returns
 * EML_ERR_USAGE, having kept nothing, when the file's layout needs the
 * generic reader. */
typedef enum { IMG_FILE_SESSIONS = 1, IMG_FILE_EXAMS = 2 } img_fast_kind;
eml_status img_fast_load(eml_imaging_campaign *c, img_fast_kind kind, const char *path,
                         eml_imaging_reject_fn reject, void *ctx, eml_imaging_load_counts *counts,
                         eml_diag *diag) EML_MUST_CHECK;

/* Distribution of integer seconds (exam durations, report delays), exact
 * without sorting one value per exam (dist.c): a histogram of the values in
 * [base, base + IMG_HIST_SPAN), the others in a list where order statistics
 * are found by selection. */
#define IMG_HIST_SPAN (1u << 16)
typedef struct img_int_dist {
  int64_t base;
  uint32_t *counts; /* IMG_HIST_SPAN counters, allocated on the first value */
  img_big over;     /* int32 values outside the histogram */
  size_t n_over;
  long n;
} img_int_dist;
void img_int_dist_init(img_int_dist *d, int64_t base);
void img_int_dist_free(img_int_dist *d);
eml_status img_int_dist_add_slow(img_int_dist *d, int32_t v) EML_MUST_CHECK;
static inline eml_status img_int_dist_add(img_int_dist *d, int32_t v) {
  int64_t idx = (int64_t)v - d->base;
  if (d->counts && idx >= 0 && idx < (int64_t)IMG_HIST_SPAN) {
    d->counts[idx]++;
    d->n++;
    return EML_OK;
  }
  return img_int_dist_add_slow(d, v);
}
eml_status img_int_dist_merge(img_int_dist *into, img_int_dist *from) EML_MUST_CHECK;
/* Type-7 quantiles of value / divisor; NAN when empty. Reorders the list. */
eml_imaging_dist img_int_dist_quantiles(img_int_dist *d, double divisor);

struct eml_imaging_result {
  eml_date from, to;
  double weeks;
  long week_nights;
  eml_imaging_machine *machines; /* sorted by equipment_id */
  size_t n_machines;
  long machines_per_modality[EML_IMAGING_MODALITY_COUNT];
  long included_per_modality[EML_IMAGING_MODALITY_COUNT];
  long exams_per_modality[EML_IMAGING_MODALITY_COUNT];
  eml_imaging_dist panel[EML_IMAGING_MODALITY_COUNT][EML_IND_COUNT];
  double *panel_values[EML_IMAGING_MODALITY_COUNT][EML_IND_COUNT]; /* sorted */
  size_t panel_n[EML_IMAGING_MODALITY_COUNT][EML_IND_COUNT];
  eml_imaging_dist durations[EML_IMAGING_MODALITY_COUNT][EML_CLASS_COUNT];
  eml_imaging_dist report_delays[EML_IMAGING_MODALITY_COUNT][2];
  eml_imaging_load_counts equipment_counts, sessions_counts, exams_counts;
  int sessions_from_schedule; /* the sessions counted are schedule.csv's rows */
  double min_exam_minutes, er_share_min;
};

#endif
