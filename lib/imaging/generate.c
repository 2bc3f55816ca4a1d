/*
 * generate.c — synthetic CT/MRI campaigns calibrated on seed 001
 * (eml/generate.h has the model; docs/imaging-inputs.md the figures).
 *
 * Shape of the code: sites first (one global random stream), then each
 * machine independently from its own stream: profile -> weekly template ->
 * sessions (eml_schedule_expand) -> exams -> text in per-machine buffers.
 * Machines are generated in rounds of consecutive machines, machine k of a
 * round by thread k mod n (n = the threads asked, eml/threads.h), each
 * into its own buffers; with n > 1 the next round is generated while the
 * calling thread writes the buffers of the last one, in machine order. A
 * machine's text depends on the seed and its number only (its own random
 * stream, read-only tables shared), so the files do not depend on n.
 * Times are formatted by hand from a table of local midnights.
 */
#include "rows.h"

#include "core/parallel.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: xoshiro256** seeded by splitmix64 ------------------ */

/* the library's one xoshiro256** (lib/core/random.c), with a spare normal */
typedef struct rng {
  eml_rng core;
  double spare_gauss; /* Box-Muller gives two; the second waits here */
  int has_spare;
} rng;

/* Machine `stream` of a seed: the state splitmix64 draws from this mix. */
static void rng_seed(rng *r, uint64_t seed, uint64_t stream) {
  eml_rng_seed(&r->core, seed * 0x2545f4914f6cdd1dULL ^ (stream + 1) * 0x9e3779b97f4a7c15ULL);
  r->has_spare = 0;
}

static uint64_t rng_next(rng *r) { return eml_rng_next(&r->core); }

/* Uniform in (0, 1). */
static double rng_unit(rng *r) { return ((double)(rng_next(r) >> 11) + 0.5) * 0x1.0p-53; }
static int rng_below(rng *r, int n) { return (int)(rng_unit(r) * n); }
static double rng_gauss(rng *r) {
  if (r->has_spare) {
    r->has_spare = 0;
    return r->spare_gauss;
  }
  double radius = sqrt(-2.0 * log(rng_unit(r))), angle = 6.283185307179586 * rng_unit(r);
  r->spare_gauss = radius * sin(angle);
  r->has_spare = 1;
  return radius * cos(angle);
}
static double normal_cdf(double z) { return 0.5 * erfc(-z / sqrt(2.0)); }

/* ---- quantile functions through the seed's P20 / median / P80 ----------- */

/* Values at u = 0, 0.2, 0.5, 0.8, 0.95, 1; interpolated linearly in u, on
 * the values or on their logarithms. Inverse sampling with u uniform gives
 * a distribution whose P20, median and P80 are the seed's. */
typedef struct knots {
  double v[6];
  int log_scale;
} knots;
static const double knot_u[6] = {0, 0.2, 0.5, 0.8, 0.95, 1};

static double knots_at(const knots *k, double u) {
  int i = 0;
  while (i < 4 && u > knot_u[i + 1])
    i++;
  double f = (u - knot_u[i]) / (knot_u[i + 1] - knot_u[i]);
  if (k->log_scale)
    return exp(log(k->v[i]) + f * (log(k->v[i + 1]) - log(k->v[i])));
  return k->v[i] + f * (k->v[i + 1] - k->v[i]);
}

enum { CT = 0, MRI = 1 };
enum { CLASS_A, CLASS_H, CLASS_R, CLASS_U, CLASS_COUNT };
static const char class_letters[CLASS_COUNT] = {'A', 'H', 'R', 'U'};

/* Machine targets (imaging.md "Reference figures"). */
static const knots open_programmed_h[2] = {{{20, 37.4, 47, 56.2, 68, 80}, 0},
                                           {{30, 47, 57, 64, 72, 85}, 0}};
static const knots occupancy_programmed[2] = {{{0.25, 0.508, 0.606, 0.702, 0.80, 0.92}, 0},
                                              {{0.45, 0.74, 0.814, 0.87, 0.92, 0.97}, 0}};
static const knots icr_per_hour[2] = {{{60, 130.4, 158.8, 191.1, 240, 300}, 0},
                                      {{60, 125, 166.1, 208, 250, 320}, 0}};
/* Exam durations in minutes (figures 11, 12), per class A H R U. */
static const knots duration_min[2][CLASS_COUNT] = {
    {{{3, 5, 10, 15.8, 25, 60}, 1},
     {{3, 7.1, 12, 20, 32, 80}, 1},
     {{4, 10, 16.6, 27.9, 45, 110}, 1},
     {{3, 7, 11, 18, 28, 70}, 1}},
    {{{6, 14, 20, 30, 45, 100}, 1},
     {{8, 19.4, 28, 40, 58, 120}, 1},
     {{8, 20, 31.6, 47.9, 70, 150}, 1},
     {{7, 17, 25, 35, 50, 110}, 1}}};
/* Report delays in minutes (figures 7, 8): outpatients, inpatients (H, R),
 * emergencies (not in the seed's figures). */
static const knots report_min[2][3] = {
    {{{5, 48, 180, 1650, 4320, 14400}, 1},
     {{5, 66, 174, 1452, 4000, 10000}, 1},
     {{5, 20, 60, 240, 1440, 4320}, 1}},
    {{{5, 48, 360, 4140, 8640, 20160}, 1},
     {{5, 72, 762, 3726, 8000, 20160}, 1},
     {{5, 20, 60, 240, 1440, 4320}, 1}}};
/* Appointment delays in days (figures 1, 2): outpatients, inpatients. */
static const knots appointment_days[2][2] = {
    {{{0, 2, 7, 14, 30, 60}, 0}, {{0, 0, 2, 5, 10, 21}, 0}},
    {{{1, 11, 21, 38, 70, 120}, 0}, {{0, 3, 7, 17, 35, 60}, 0}}};

/* The logarithms of the log-scale knots of the two tables sampled for
 * every exam, computed once (knots_log_at). */
static double duration_log_min[2][CLASS_COUNT][6], report_log_min[2][3][6];

static void fill_logs(const knots *k, double (*lv)[6], size_t n) {
  for (size_t i = 0; i < n; i++)
    for (int j = 0; j < 6; j++)
      lv[i][j] = log(k[i].v[j]);
}

static void prepare_knots(void) {
  fill_logs(&duration_min[0][0], duration_log_min[0], 2 * CLASS_COUNT);
  fill_logs(&report_min[0][0], report_log_min[0], 2 * 3);
}

/* knots_at of a log-scale table given by its logarithms. */
static double knots_log_at(const double lv[6], double u) {
  int i = 0;
  while (i < 4 && u > knot_u[i + 1])
    i++;
  double f = (u - knot_u[i]) / (knot_u[i + 1] - knot_u[i]);
  return exp(lv[i] + f * (lv[i + 1] - lv[i]));
}
static pthread_once_t knots_prepared = PTHREAD_ONCE_INIT;

/* Class mixes: programmed sessions, emergency sessions, on-call. */
static const double programmed_mix[2][CLASS_COUNT] = {{0.44, 0.30, 0.05, 0.21},
                                                      {0.60, 0.33, 0.04, 0.03}};
static const double emergency_dedicated_mix[CLASS_COUNT] = {0.15, 0.20, 0.10, 0.55};
static const double emergency_mix[CLASS_COUNT] = {0, 0.12, 0.08, 0.80};
static const double on_call_mix[CLASS_COUNT] = {0, 0.15, 0.10, 0.75};

static const char *const clinical_case_codes[2][5] = {
    {"TDM_AP_70", "TDM_RACHIS_50", "TDM_ENC_80", "TDM_THX_50", "TDM_TAP_70"},
    {"IRM_ENC_60", "IRM_ENC_4", "IRM_GENOU_35", "IRM_RACHIS_60", "IRM_FOIE_50"}};

/* Legal statuses of seed 001 with their counts out of 301 sites. */
static const struct {
  const char *code, *name;
  int sites;
} legal_statuses[] = {
    {"CH", "Centre hospitalier", 117},  {"CHU", "Centre hospitalier universitaire", 18},
    {"CHU AP-HP", "Hôpital AP-HP", 14}, {"CHU APHM", "Hôpital AP-HM", 4},
    {"EPSIC", "Établissement privé d'intérêt collectif", 16},
    {"GCS", "Groupement de coopération sanitaire", 2},
    {"GIE", "Groupement d'intérêt économique d'imagerie", 49},
    {"HIA", "Hôpital d'instruction des armées", 1},
    {"LIBERAL", "Cabinet de radiologie libéral", 10},
    {"PRIVE", "Clinique privée", 70},
};
enum { STATUS_COUNT = sizeof legal_statuses / sizeof legal_statuses[0] };
enum { ST_CH, ST_CHU, ST_APHP, ST_APHM, ST_EPSIC, ST_GCS, ST_GIE, ST_HIA, ST_LIBERAL, ST_PRIVE };

/* ---- output buffers ------------------------------------------------------ */

typedef struct text {
  char *data;
  size_t len, cap;
  int failed;
} text;

static void text_reserve(text *t, size_t more) {
  if (t->failed || t->len + more <= t->cap)
    return;
  size_t cap = t->cap ? t->cap : 4096;
  while (cap < t->len + more)
    cap *= 2;
  char *grown = realloc(t->data, cap);
  if (!grown) {
    t->failed = 1;
    return;
  }
  t->data = grown;
  t->cap = cap;
}

static void text_put(text *t, const char *s, size_t n) {
  text_reserve(t, n);
  if (t->failed)
    return;
  memcpy(t->data + t->len, s, n);
  t->len += n;
}
static void text_str(text *t, const char *s) { text_put(t, s, strlen(s)); }
static void text_char(text *t, char c) { text_put(t, &c, 1); }

static void text_uint(text *t, uint64_t v) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  text_reserve(t, (size_t)n);
  if (t->failed)
    return;
  while (n)
    t->data[t->len++] = digits[--n];
}

/* v >= 0 with one decimal. */
static void text_decimal1(text *t, double v) {
  long long tenths = llround(v * 10);
  text_uint(t, (uint64_t)(tenths / 10));
  text_char(t, '.');
  text_char(t, (char)('0' + tenths % 10));
}

static void text_clock(text *t, int minutes) {
  char s[5] = {(char)('0' + minutes / 600), (char)('0' + minutes / 60 % 10), ':',
               (char)('0' + minutes % 60 / 10), (char)('0' + minutes % 10)};
  text_put(t, s, 5);
}

/* ---- local time formatting ----------------------------------------------- */

/* Local midnights of the days around the campaign; a day whose length is
 * not 24 h (the changes) goes through eml_paris_civil. */
typedef struct day_table {
  eml_date first;
  int count;
  eml_time *midnight; /* count + 1 entries */
  char (*date)[11];
} day_table;

static int day_table_init(day_table *d, eml_date first, int count) {
  d->first = first;
  d->count = count;
  d->midnight = malloc(((size_t)count + 1) * sizeof *d->midnight);
  d->date = malloc((size_t)count * sizeof *d->date);
  if (!d->midnight || !d->date)
    return 0;
  for (int i = 0; i <= count; i++)
    d->midnight[i] = eml_paris_midnight(first + i);
  for (int i = 0; i < count; i++)
    eml_date_format(first + i, d->date[i], sizeof d->date[i]);
  return 1;
}

static void day_table_free(day_table *d) {
  free(d->midnight);
  free(d->date);
}

/* Index of the local day holding t, or -1 when outside the table. */
static int day_of(const day_table *d, eml_time t) {
  if (t < d->midnight[0] || t >= d->midnight[d->count])
    return -1;
  int i = (int)((t - d->midnight[0]) / 86400);
  if (i >= d->count)
    i = d->count - 1;
  while (i > 0 && d->midnight[i] > t)
    i--;
  while (i + 1 < d->count && d->midnight[i + 1] <= t)
    i++;
  return i;
}

/* Writes YYYY-MM-DDTHH:MM:SS, local time. */
static void text_time(text *t, const day_table *d, eml_time instant) {
  int i = day_of(d, instant);
  char s[19];
  int hour, minute, second;
  if (i >= 0 && d->midnight[i + 1] - d->midnight[i] == 86400) {
    memcpy(s, d->date[i], 10);
    long sec = (long)(instant - d->midnight[i]);
    hour = (int)(sec / 3600);
    minute = (int)(sec / 60 % 60);
    second = (int)(sec % 60);
  } else {
    eml_civil c;
    eml_paris_civil(instant, &c);
    eml_date_format(eml_date_from_civil(c.year, c.month, c.day), s, 11);
    hour = c.hour;
    minute = c.minute;
    second = c.second;
  }
  s[10] = 'T';
  s[11] = (char)('0' + hour / 10);
  s[12] = (char)('0' + hour % 10);
  s[13] = ':';
  s[14] = (char)('0' + minute / 10);
  s[15] = (char)('0' + minute % 10);
  s[16] = ':';
  s[17] = (char)('0' + second / 10);
  s[18] = (char)('0' + second % 10);
  text_put(t, s, 19);
}

/* Seconds since local midnight of the instant's day. */
static long local_second_of_day(const day_table *d, eml_time instant) {
  int i = day_of(d, instant);
  if (i >= 0 && d->midnight[i + 1] - d->midnight[i] == 86400)
    return (long)(instant - d->midnight[i]);
  eml_civil c;
  eml_paris_civil(instant, &c);
  return c.hour * 3600L + c.minute * 60L + c.second;
}

/* 1 when the instant lies in the first occurrence of the hour repeated by
 * the October change (written as local time it would be read as the
 * second one). */
static int repeated_hour_first(const day_table *d, eml_time t) {
  int i = day_of(d, t);
  if (i >= 0 && d->midnight[i + 1] - d->midnight[i] == 86400)
    return 0; /* a day of 24 hours has no change */
  return eml_paris_offset_s(t) == 7200 && eml_paris_offset_s(t + 3600) == 3600;
}

/* ---- sites ---------------------------------------------------------------- */

typedef struct site {
  char finess[10];
  char departement[3];
  int status;
} site;

static void make_site(site *s, int index, rng *r) {
  s->status = STATUS_COUNT - 1;
  int pick = rng_below(r, 301);
  for (int k = 0, acc = 0; k < STATUS_COUNT; k++) {
    acc += legal_statuses[k].sites;
    if (pick < acc) {
      s->status = k;
      break;
    }
  }
  int dep;
  if (s->status == ST_APHP) {
    static const int paris[4] = {75, 92, 93, 94};
    dep = paris[rng_below(r, 4)];
  } else if (s->status == ST_APHM) {
    dep = 13;
  } else {
    do
      dep = 1 + rng_below(r, 95);
    while (dep == 20);
  }
  /* département (2 digits), 0, a serial of 5 digits, the Luhn key */
  unsigned serial = (unsigned)index % 100000u;
  char *f = s->finess;
  f[0] = (char)('0' + dep / 10);
  f[1] = (char)('0' + dep % 10);
  f[2] = '0';
  for (int k = 7; k >= 3; k--, serial /= 10)
    f[k] = (char)('0' + serial % 10);
  f[8] = (char)('0' + eml_finess_key(f));
  f[9] = '\0';
  memcpy(s->departement, f, 2);
  s->departement[2] = '\0';
}

/* ---- one machine -------------------------------------------------------- */

typedef struct session {
  eml_time start, end;
  eml_session_type type;
} session;

typedef struct exam {
  eml_time start, end;
  eml_time session_end; /* end of the session it was made for */
  float weight;  /* relative ICR */
  int report_s;  /* report_at - end */
  char cls;      /* CLASS_* */
  char flags;
} exam;
enum { EXAM_PROGRAMMED = 1, EXAM_NO_ICR = 2, EXAM_NO_REPORT = 4 };

typedef struct machine_output {
  text sessions, exams, appointments, schedule;
  long session_count, exam_count, appointment_count, schedule_rows;
} machine_output;

typedef struct worker {
  const eml_generate_options *o;
  const day_table *days;
  const site *sites;
  const int *site_of;
  eml_schedule *schedule;
  session *sessions;
  size_t session_count, session_cap;
  exam *exams;
  size_t exam_count, exam_cap;
  double *weights;
  size_t weight_cap;
  int failed;
} worker;

static eml_status collect_session(void *ctx, const char *equipment_id, eml_time start,
                                  eml_time end, eml_session_type type, eml_diag *diag) {
  (void)equipment_id;
  (void)diag;
  worker *w = ctx;
  void *sessions = w->sessions;
  eml_status st = eml_grow(&sessions, &w->session_cap, w->session_count + 1, sizeof *w->sessions);
  w->sessions = sessions;
  if (st)
    return st;
  w->sessions[w->session_count++] = (session){start, end, type};
  return EML_OK;
}

static exam *new_exam(worker *w) {
  void *exams = w->exams;
  eml_status st = eml_grow(&exams, &w->exam_cap, w->exam_count + 1, sizeof *w->exams);
  w->exams = exams;
  if (st) {
    w->failed = 1;
    return NULL;
  }
  exam *e = &w->exams[w->exam_count++];
  memset(e, 0, sizeof *e);
  return e;
}

static int compare_sessions(const void *a, const void *b) {
  eml_time x = ((const session *)a)->start, y = ((const session *)b)->start;
  return (x > y) - (x < y);
}

typedef struct profile {
  int modality;
  int status;
  double week_h, occupancy, icr_h;
  double mix[CLASS_COUNT];
  int emergency_dedicated, low_use;
  int on_call; /* 0 none, 1 weeknights, 2 nights and weekends */
  double on_call_rate; /* exams per on-call hour (daytime and early night) */
  double emergency_h;  /* emergency hours after programmed, weekdays */
  double duration_z, duration_rho; /* the machine's pace (exam_duration_s) */
  int quality_control;
  eml_session_type morning_type, afternoon_type;
} profile;

static void draw_profile(profile *p, int modality, int status, rng *r) {
  memset(p, 0, sizeof *p);
  p->modality = modality;
  p->status = status;
  p->week_h = knots_at(&open_programmed_h[modality], rng_unit(r));
  double z_occ = rng_gauss(r);
  p->occupancy = knots_at(&occupancy_programmed[modality], normal_cdf(z_occ));
  /* ICR per hour goes with occupancy (Gaussian copula, rho 0.6) */
  p->icr_h = knots_at(&icr_per_hour[modality], normal_cdf(0.6 * z_occ + 0.8 * rng_gauss(r)));
  /* the pace z is drawn around rho x 0.5 rather than 0: a faster machine
   * makes more exams, and this tilt gives back a standard normal pace over
   * the pooled exams (log-durations have a spread of about 0.5) */
  p->duration_rho = modality == CT ? 0.25 : 0.3;
  p->duration_z = rng_gauss(r) + 0.5 * p->duration_rho;
  p->emergency_dedicated = modality == CT && rng_unit(r) < 0.05;
  p->low_use = modality == CT && rng_unit(r) < 0.03;
  const double *base = p->emergency_dedicated ? emergency_dedicated_mix : programmed_mix[modality];
  double sum = 0;
  for (int c = 0; c < CLASS_COUNT; c++)
    sum += p->mix[c] = base[c] * exp(0.35 * rng_gauss(r));
  for (int c = 0; c < CLASS_COUNT; c++)
    p->mix[c] /= sum;
  double u = rng_unit(r);
  if (modality == CT)
    p->on_call = p->emergency_dedicated || u < 0.75 ? 2 : u < 0.85 ? 1 : 0;
  else
    p->on_call = u < 0.21 ? 2 : 0;
  u = rng_unit(r);
  if (modality == MRI)
    p->on_call_rate = 0.01 + 0.05 * rng_unit(r);
  else if (u < 0.70)
    p->on_call_rate = 0.005 + 0.045 * rng_unit(r);
  else if (u < 0.93)
    p->on_call_rate = 0.12 * exp(rng_unit(r) * log(1.5 / 0.12));
  else
    p->on_call_rate = 1.6 + 1.4 * rng_unit(r);
  if (modality == CT ? rng_unit(r) < 0.75 : rng_unit(r) < 0.40)
    p->emergency_h = modality == CT ? 1.25 + 1.5 * rng_unit(r) : 0.5 + 0.5 * rng_unit(r);
  p->quality_control = rng_unit(r) < 0.4;
  switch (status) {
  case ST_LIBERAL:
    p->morning_type = p->afternoon_type = EML_SESSION_LIBERAL;
    break;
  case ST_PRIVE:
    p->morning_type = p->afternoon_type =
        rng_unit(r) < 0.8 ? EML_SESSION_PRIVATE : EML_SESSION_LIBERAL;
    break;
  case ST_GIE:
    p->morning_type = EML_SESSION_PUBLIC_PROGRAMMED;
    p->afternoon_type = rng_unit(r) < 0.5 ? EML_SESSION_LIBERAL : EML_SESSION_PUBLIC_PROGRAMMED;
    break;
  default:
    p->morning_type = EML_SESSION_PUBLIC_PROGRAMMED;
    u = rng_unit(r);
    p->afternoon_type = u < 0.10   ? EML_SESSION_PUBLIC_UNPROGRAMMED
                        : u < 0.15 ? EML_SESSION_PH_OTHER
                                   : EML_SESSION_PUBLIC_PROGRAMMED;
  }
}

/* Adds one template row; the times are minutes after midnight. */
static void template_row(worker *w, const char *id, int weekday, int start_min, int end_min,
                         eml_session_type type) {
  eml_schedule_row row = {id, weekday, start_min, end_min % 1440, type, 0, 0, 0, 0, 0};
  if (eml_schedule_add(w->schedule, &row) != EML_OK)
    w->failed = 1;
}

/* The machine's weekly template: programmed hours spread over the week
 * (5 weekdays up to 55 h, then Saturday, then Sunday), split into a morning
 * and an afternoon session around a lunch break; emergency sessions after
 * them; a quality control before the Monday opening; on-call in between. */
static void build_template(worker *w, const char *id, const profile *p, rng *r) {
  int week_min = (int)lround(p->week_h * 60 / 5) * 5;
  int day_min[8] = {0};
  int weekdays_min = week_min < 55 * 60 ? week_min : 55 * 60;
  int rest = week_min - weekdays_min;
  day_min[6] = rest < 8 * 60 ? rest : 8 * 60;
  day_min[7] = rest - day_min[6] < 8 * 60 ? rest - day_min[6] : 8 * 60;
  weekdays_min += rest - day_min[6] - day_min[7];
  int base_min = weekdays_min / 25 * 5, extra_days = (weekdays_min - 5 * base_min) / 5;
  for (int d = 1; d <= 5; d++)
    day_min[d] = base_min + (d <= extra_days ? 5 : 0);
  int open_at = 7 * 60 + 30 + 15 * rng_below(r, 5);
  int lunch = rng_unit(r) < 0.3 ? 0 : rng_unit(r) < 0.5 ? 30 : 60;
  int open[8] = {0}, close[8] = {0};
  for (int d = 1; d <= 7; d++) {
    int start = d >= 6 ? 8 * 60 : open_at;
    int minutes = day_min[d];
    int first = -1, last = -1;
    if (minutes > 0) {
      if (minutes > 6 * 60) {
        int morning = minutes / 2 / 15 * 15;
        template_row(w, id, d, start, start + morning, p->morning_type);
        template_row(w, id, d, start + morning + lunch, start + minutes + lunch,
                     p->afternoon_type);
        last = start + minutes + lunch;
      } else {
        template_row(w, id, d, start, start + minutes, p->morning_type);
        last = start + minutes;
      }
      first = start;
    }
    if (p->emergency_dedicated && (last < 0 || last < 19 * 60 + 30)) {
      int from = last < 0 ? 8 * 60 : last;
      template_row(w, id, d, from, 20 * 60, EML_SESSION_EMERGENCY);
      first = first < 0 ? from : first;
      last = 20 * 60;
    } else if (p->emergency_h > 0 && d <= 5 && last >= 0 && last < 19 * 60 + 45) {
      /* emergency sessions end by 20:00: the night belongs to on-call */
      int minutes_em = (int)lround(p->emergency_h * 4) * 15;
      if (last + minutes_em > 20 * 60)
        minutes_em = 20 * 60 - last;
      template_row(w, id, d, last, last + minutes_em, EML_SESSION_EMERGENCY);
      last += minutes_em;
    }
    if (p->quality_control && d == 1 && first >= 30) {
      template_row(w, id, d, first - 30, first, EML_SESSION_QUALITY_CONTROL);
      first -= 30;
    }
    open[d] = first;
    close[d] = last;
  }
  if (!p->on_call)
    return;
  for (int d = 1; d <= 7; d++) {
    int next = d % 7 + 1, previous = (d + 5) % 7 + 1;
    if (p->on_call == 1) { /* weeknights, Monday to Thursday */
      if (d <= 4 && close[d] > 0 && open[next] >= 0 && close[d] > open[next])
        template_row(w, id, d, close[d], open[next], EML_SESSION_ON_CALL);
      continue;
    }
    if (close[d] <= 0) {
      template_row(w, id, d, 0, 0, EML_SESSION_ON_CALL); /* the whole day */
      continue;
    }
    if (close[previous] <= 0 && open[d] > 0)
      template_row(w, id, d, 0, open[d], EML_SESSION_ON_CALL);
    template_row(w, id, d, close[d], close[next] > 0 ? open[next] : 0, EML_SESSION_ON_CALL);
  }
}

static int draw_class(const double *mix, rng *r) {
  double u = rng_unit(r);
  for (int c = 0; c < CLASS_COUNT - 1; c++) {
    if (u < mix[c])
      return c;
    u -= mix[c];
  }
  return CLASS_COUNT - 1;
}

static int report_delay_s(int modality, int cls, rng *r) {
  int kind = cls == CLASS_A ? 0 : cls == CLASS_U ? 2 : 1;
  return (int)lround(knots_log_at(report_log_min[modality][kind], rng_unit(r)) * 60);
}

/* Half the median duration of an outpatient exam, in seconds. */
static const double typical_half_exam_s[2] = {7.5 * 60, 16 * 60};

/* An exam's duration: the class's distribution (figures 11, 12) sampled at
 * u = Phi(rho z_machine + sqrt(1 - rho^2) z): u stays uniform, so the pooled
 * durations keep the seed's quantiles, while each machine is consistently
 * faster or slower (it spreads exams per week as in the seed). */
static eml_time exam_duration_s(const profile *p, int cls, rng *r) {
  double u = normal_cdf(p->duration_rho * p->duration_z +
                        sqrt(1 - p->duration_rho * p->duration_rho) * rng_gauss(r));
  return (eml_time)llround(knots_log_at(duration_log_min[p->modality][cls], u) * 60);
}

/* Fills [start, end) with exams at the given occupancy: durations drawn
 * until their sum reaches occupancy x length, the idle time cut into a late
 * start, gaps and an early end (exponential weights). */
static void fill_session(worker *w, const profile *p, const session *s, double occupancy,
                         const double *mix, int flags, rng *r) {
  double length_s = (double)(s->end - s->start), target_s = occupancy * length_s;
  size_t first = w->exam_count;
  double busy_s = 0;
  /* the decision to stop never looks at the next duration, so the kept
   * durations keep the seed's distribution: stop when the target is within
   * half a typical exam */
  while (busy_s < target_s - typical_half_exam_s[p->modality] && busy_s < length_s) {
    int cls = draw_class(mix, r);
    exam *e = new_exam(w);
    if (!e)
      return;
    e->cls = (char)cls;
    e->end = exam_duration_s(p, cls, r); /* duration for now */
    busy_s += (double)e->end;
  }
  size_t n = w->exam_count - first;
  if (!n)
    return;
  double weight_sum = 0;
  void *weights_memory = w->weights;
  eml_status st = eml_grow(&weights_memory, &w->weight_cap, n + 1, sizeof(double));
  w->weights = weights_memory;
  if (st) {
    w->failed = 1;
    return;
  }
  double *weights = w->weights;
  for (size_t i = 0; i <= n; i++)
    weight_sum += weights[i] = -log(rng_unit(r)) * (i == 0 || i == n ? 1.5 : 1.0);
  double idle_s = length_s > busy_s ? length_s - busy_s : 0, cursor = (double)s->start;
  for (size_t i = 0; i < n; i++) {
    exam *e = &w->exams[first + i];
    cursor += idle_s * weights[i] / weight_sum;
    eml_time duration = e->end;
    e->start = (eml_time)llround(cursor);
    e->end = e->start + duration;
    cursor += (double)duration;
    e->flags = (char)flags;
    e->weight = (float)((e->cls == CLASS_R ? 1.2 : e->cls == CLASS_U ? 0.9 : 1.0) *
                        exp(0.25 * rng_gauss(r)));
    e->report_s = report_delay_s(p->modality, e->cls, r);
    e->session_end = s->end;
  }
}

/* Badly recorded exams (under 3 minutes, excluded by the indicators as in
 * the seed): one in about 70, put in a gap long enough after an exam. */
static void add_short_records(worker *w, size_t first, rng *r) {
  size_t last = w->exam_count;
  for (size_t i = first; i + 1 < last; i++) {
    if (rng_unit(r) >= 0.015 || w->exams[i + 1].start - w->exams[i].end < 240)
      continue;
    exam copy = w->exams[i];
    exam *e = new_exam(w);
    if (!e)
      return;
    *e = copy;
    e->start = copy.end + 30;
    e->end = e->start + 60 + rng_below(r, 110);
  }
}

/* On-call exams: arrivals at rate_per_h (thinned to 30 % from 00:00 to
 * 07:00 local), one after the other. */
static void fill_on_call(worker *w, const profile *p, const session *s, rng *r) {
  if (p->on_call_rate <= 0)
    return;
  double t = (double)s->start;
  eml_time free_at = s->start;
  for (;;) {
    t += -log(rng_unit(r)) / p->on_call_rate * 3600.0;
    if (t >= (double)s->end)
      return;
    eml_time start = (eml_time)llround(t);
    if (local_second_of_day(w->days, start) < 7 * 3600 && rng_unit(r) >= 0.3)
      continue;
    int cls = draw_class(on_call_mix, r);
    eml_time duration = exam_duration_s(p, cls, r);
    if (start < free_at)
      start = free_at + 60;
    if (start + duration > s->end)
      return;
    if (repeated_hour_first(w->days, start) || repeated_hour_first(w->days, start + duration))
      continue;
    exam *e = new_exam(w);
    if (!e)
      return;
    e->start = start;
    e->end = start + duration;
    e->cls = (char)cls;
    e->weight = (float)(0.9 * exp(0.25 * rng_gauss(r)));
    e->report_s = report_delay_s(p->modality, cls, r);
    e->session_end = s->end;
    free_at = e->end;
    t = (double)free_at;
  }
}

/* Exams come nearly in order (sessions in order; only the short records
 * added after each session are out of place): insertion sort, stable. */
static void sort_exams(exam *exams, size_t n) {
  for (size_t i = 1; i < n; i++) {
    if (exams[i].start >= exams[i - 1].start)
      continue;
    exam moving = exams[i];
    size_t j = i;
    while (j > 0 && exams[j - 1].start > moving.start) {
      exams[j] = exams[j - 1];
      j--;
    }
    exams[j] = moving;
  }
}

static void machine_id(const eml_generate_options *o, int index, char *buf, size_t size) {
  if (index < o->ct)
    snprintf(buf, size, "CT%05d", index + 1);
  else
    snprintf(buf, size, "MRI%05d", index - o->ct + 1);
}

static void write_appointments(worker *w, machine_output *out, const char *id,
                               const profile *p, const site *where, rng *r) {
  const eml_generate_options *o = w->o;
  double machine_z = rng_gauss(r); /* a site answers alike for its cases (rho 0.3) */
  for (int c = 0; c < 5; c++) {
    for (int k = 0; k < 3; k++) {
      int urgent = k == 2;
      if (urgent && rng_unit(r) >= 0.1)
        continue;
      int cls = urgent ? 0 : k;
      int days;
      if (urgent) {
        days = rng_below(r, 3);
      } else {
        double u = normal_cdf(0.3 * machine_z + 0.954 * rng_gauss(r));
        double x = knots_at(&appointment_days[p->modality][cls], u);
        if (p->modality == MRI && c == 1)
          x *= 19.0 / 21.0; /* the seed's child epilepsy case: median 19 days */
        days = (int)lround(x);
      }
      eml_date asked = o->from + rng_below(r, o->days);
      char date[11];
      text *t = &out->appointments;
      text_str(t, id);
      text_char(t, ',');
      text_str(t, where->finess);
      text_str(t, p->modality == CT ? ",CT," : ",MRI,");
      text_str(t, clinical_case_codes[p->modality][c]);
      text_str(t, cls == 0 ? ",A," : ",H,");
      eml_date_format(asked, date, sizeof date);
      text_str(t, date);
      text_char(t, ',');
      eml_date_format(asked + days, date, sizeof date);
      text_str(t, date);
      text_str(t, urgent ? ",1\n" : ",0\n");
      out->appointment_count++;
    }
  }
}

static void write_machine_text(worker *w, machine_output *out, const char *id, const profile *p) {
  static const char *const weekday_digits[8] = {"", "1", "2", "3", "4", "5", "6", "7"};
  for (size_t i = 0; w->o->write_schedule && i < eml_schedule_count(w->schedule); i++) {
    const eml_schedule_row *row = eml_schedule_at(w->schedule, i);
    text *t = &out->schedule;
    text_str(t, id);
    text_char(t, ',');
    text_str(t, weekday_digits[row->weekday]);
    text_char(t, ',');
    text_clock(t, row->start_min);
    text_char(t, ',');
    text_clock(t, row->end_min);
    text_char(t, ',');
    text_str(t, eml_session_type_code(row->type));
    text_char(t, '\n');
    out->schedule_rows++;
  }
  for (size_t i = 0; i < w->session_count; i++) {
    text *t = &out->sessions;
    text_str(t, id);
    text_char(t, ',');
    text_time(t, w->days, w->sessions[i].start);
    text_char(t, ',');
    text_time(t, w->days, w->sessions[i].end);
    text_char(t, ',');
    text_str(t, eml_session_type_code(w->sessions[i].type));
    text_char(t, '\n');
  }
  out->session_count += (long)w->session_count;
  /* ICR: scaled so the programmed exams make the machine's ICR per hour */
  double programmed_s = 0, weight_sum = 0;
  for (size_t i = 0; i < w->session_count; i++)
    if (eml_session_type_group(w->sessions[i].type) == EML_GROUP_PROGRAMMED)
      programmed_s += (double)(w->sessions[i].end - w->sessions[i].start);
  for (size_t i = 0; i < w->exam_count; i++) {
    const exam *e = &w->exams[i];
    if ((e->flags & EXAM_PROGRAMMED) && !(e->flags & EXAM_NO_ICR) && e->end - e->start >= 180)
      weight_sum += e->weight;
  }
  double scale = weight_sum > 0 ? p->icr_h * programmed_s / 3600.0 / weight_sum : 50;
  for (size_t i = 0; i < w->exam_count; i++) {
    const exam *e = &w->exams[i];
    text *t = &out->exams;
    text_str(t, id);
    text_char(t, '-');
    text_uint(t, i + 1);
    text_char(t, ',');
    text_str(t, id);
    text_char(t, ',');
    text_time(t, w->days, e->start);
    text_char(t, ',');
    text_time(t, w->days, e->end);
    text_char(t, ',');
    text_char(t, class_letters[(int)e->cls]);
    text_char(t, ',');
    if (!(e->flags & EXAM_NO_ICR))
      text_decimal1(t, e->weight * scale);
    text_char(t, ',');
    if (!(e->flags & EXAM_NO_REPORT)) {
      eml_time report = e->end + e->report_s;
      if (repeated_hour_first(w->days, report))
        report += 3600;
      text_time(t, w->days, report);
    }
    text_char(t, '\n');
  }
  out->exam_count += (long)w->exam_count;
}

static void generate_machine(worker *w, int index, machine_output *out) {
  const eml_generate_options *o = w->o;
  rng r;
  rng_seed(&r, o->seed, (uint64_t)index + 1);
  char id[16];
  machine_id(o, index, id, sizeof id);
  const site *where = &w->sites[w->site_of[index]];
  profile p;
  draw_profile(&p, index < o->ct ? CT : MRI, where->status, &r);
  eml_schedule_clear(w->schedule);
  build_template(w, id, &p, &r);
  w->session_count = 0;
  w->exam_count = 0;
  eml_schedule_window window = {o->from, o->from + o->days, 0, NULL, NULL};
  eml_diag diag;
  if (eml_schedule_expand(w->schedule, &window, collect_session, w, &diag) != EML_OK) {
    w->failed = 1;
    return;
  }
  qsort(w->sessions, w->session_count, sizeof *w->sessions, compare_sessions);
  double emergency_occupancy = p.modality == CT ? 0.55 * exp(0.2 * rng_gauss(&r)) : 0.6;
  for (size_t i = 0; i < w->session_count && !w->failed; i++) {
    const session *s = &w->sessions[i];
    size_t first = w->exam_count;
    if (eml_session_type_group(s->type) == EML_GROUP_PROGRAMMED) {
      double occupancy = p.occupancy * exp(0.08 * rng_gauss(&r));
      if (p.low_use && rng_unit(&r) < 0.12)
        occupancy = 0.03 + 0.09 * rng_unit(&r);
      occupancy = occupancy < 0.05 ? 0.05 : occupancy > 0.98 ? 0.98 : occupancy;
      fill_session(w, &p, s, occupancy, p.mix, EXAM_PROGRAMMED, &r);
    } else if (s->type == EML_SESSION_EMERGENCY) {
      double occupancy = emergency_occupancy > 0.95 ? 0.95 : emergency_occupancy;
      fill_session(w, &p, s, occupancy, emergency_mix, 0, &r);
    } else if (s->type == EML_SESSION_ON_CALL) {
      fill_on_call(w, &p, s, &r);
    }
    add_short_records(w, first, &r);
  }
  for (size_t i = 0; i < w->exam_count; i++) {
    double u = rng_unit(&r);
    if (u < 0.005)
      w->exams[i].flags |= EXAM_NO_ICR;
    else if (u < 0.015)
      w->exams[i].flags |= EXAM_NO_REPORT;
  }
  sort_exams(w->exams, w->exam_count);
  /* an exam that overran its session's end pushes the next one back (one
   * patient at a time in the room); one pushed out of its own session, or
   * into the first 02:00-03:00 of the October change, is dropped */
  size_t kept = w->exam_count ? 1 : 0;
  for (size_t i = 1; i < w->exam_count; i++) {
    exam e = w->exams[i];
    eml_time previous_end = w->exams[kept - 1].end;
    if (e.start < previous_end) {
      eml_time duration = e.end - e.start;
      e.start = previous_end + 30;
      e.end = e.start + duration;
      if (e.start >= e.session_end || repeated_hour_first(w->days, e.start) ||
          repeated_hour_first(w->days, e.end))
        continue;
    }
    w->exams[kept++] = e;
  }
  w->exam_count = kept;
  write_machine_text(w, out, id, &p);
  write_appointments(w, out, id, &p, where, &r);
  if (out->sessions.failed || out->exams.failed || out->appointments.failed ||
      out->schedule.failed)
    w->failed = 1;
}

/* ---- rounds of machines, written in order ---------------------------------- */

/* Machines per round: 32, or 4 per thread past 8 threads (each thread then
 * has 4 machines to generate while the round before is written). */
static int round_size(int threads) { return threads > 8 ? 4 * threads : 32; }

typedef struct round_job {
  worker *w;
  int first, count, step, offset;
  machine_output *outputs;
} round_job;

static void *run_round(void *arg) {
  round_job *job = arg;
  for (int k = job->offset; k < job->count; k += job->step)
    generate_machine(job->w, job->first + k, &job->outputs[k]);
  return NULL;
}

static eml_status write_text(FILE *f, text *t, const char *path, eml_diag *diag) {
  if (t->len && fwrite(t->data, 1, t->len, f) != t->len) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "écriture impossible : %s", eml_errno_text(errno));
    return EML_ERR_IO;
  }
  t->len = 0;
  return EML_OK;
}

void eml_generate_defaults(eml_generate_options *o) {
  memset(o, 0, sizeof *o);
  o->days = 28;
  o->seed = 1;
  o->from = eml_date_from_civil(2010, 2, 1);
  o->threads = 1;

}

enum { F_SITES, F_EQUIPMENT, F_SESSIONS, F_EXAMS, F_APPOINTMENTS, F_SCHEDULE, F_COUNT };
static const char *const file_names[F_COUNT] = {"sites.csv",        "equipment.csv",
                                                "sessions.csv",     "exams.csv",
                                                "appointments.csv", "schedule.csv"};
static const char *const file_headers[F_COUNT] = {
    "finess,name,territory,legal_status\n",
    "equipment_id,finess,modality,authorized_from,installed_on\n",
    "equipment_id,start,end,type\n",
    "exam_id,equipment_id,start,end,patient_class,icr,report_at\n",
    "equipment_id,finess,modality,case,patient_class,asked_on,offered_on,urgent\n",
    "equipment_id,weekday,start_time,end_time,type\n"};

typedef struct generation {
  FILE *files[F_COUNT];
  char paths[F_COUNT][4096];
  site *sites;
  int *site_of;
  day_table days;
  int threads, round;     /* threads resolved, machines per round */
  worker *workers;        /* one per thread */
  round_job *jobs;        /* one per thread */
  machine_output *outputs[2]; /* round k in outputs[k % 2], round machines each */
} generation;

static eml_status open_files(generation *g, const eml_generate_options *o, const char *dir,
                             eml_diag *diag) {
  for (int f = 0; f < F_COUNT; f++) {
    if (f == F_SCHEDULE && !o->write_schedule)
      continue;
    snprintf(g->paths[f], sizeof g->paths[f], "%s/%s", dir, file_names[f]);
    g->files[f] = fopen(g->paths[f], "w");
    if (!g->files[f]) {
      eml_diag_set(diag, g->paths[f], 0, NULL, NULL, 0, "création impossible : %s",
                   eml_errno_text(errno));
      return EML_ERR_IO;
    }
    setvbuf(g->files[f], NULL, _IOFBF, 1 << 20);
    fputs(file_headers[f], g->files[f]);
  }
  return EML_OK;
}

static eml_status close_files(generation *g, eml_status st, eml_diag *diag) {
  for (int f = 0; f < F_COUNT; f++) {
    if (!g->files[f])
      continue;
    if ((ferror(g->files[f]) | fclose(g->files[f])) != 0 && st == EML_OK) {
      eml_diag_set(diag, g->paths[f], 0, NULL, NULL, 0, "écriture impossible : %s",
                   eml_errno_text(errno));
      st = EML_ERR_IO;
    }
  }
  return st;
}

/* Sites (about 1.72 machines each, as 517 machines at 301 sites in the
 * seed), sites.csv and equipment.csv, from the global stream. */
static eml_status make_sites(generation *g, const eml_generate_options *o,
                             eml_generate_counts *counts) {
  int machines = o->ct + o->mri;
  int site_count = (int)lround(machines * 301.0 / 517.0);
  site_count = site_count < 1 ? 1 : site_count > machines ? machines : site_count;
  g->sites = calloc((size_t)site_count, sizeof *g->sites);
  g->site_of = calloc((size_t)machines, sizeof *g->site_of);
  if (!g->sites || !g->site_of)
    return EML_ERR_NOMEM;
  rng r;
  rng_seed(&r, o->seed, 0);
  text t = {0};
  for (int i = 0; i < site_count; i++) {
    site *s = &g->sites[i];
    make_site(s, i + 1, &r);
    char line[256];
    snprintf(line, sizeof line, "%s,Site fictif %04d (%s),%s,%s\n", s->finess, i + 1,
             legal_statuses[s->status].name, s->departement,
             legal_statuses[s->status].code);
    text_str(&t, line);
  }
  for (int i = 0; i < machines; i++)
    g->site_of[i] = i < site_count ? i : rng_below(&r, site_count);
  for (int i = machines - 1; i > 0; i--) {
    int j = rng_below(&r, i + 1), keep = g->site_of[i];
    g->site_of[i] = g->site_of[j];
    g->site_of[j] = keep;
  }
  text e = {0};
  for (int i = 0; i < machines; i++) {
    char id[16], from[11], installed[11], line[128];
    machine_id(o, i, id, sizeof id);
    eml_date authorized = o->from - 365 - rng_below(&r, 3650);
    eml_date_format(authorized, from, sizeof from);
    eml_date_format(authorized + 60 + rng_below(&r, 300), installed, sizeof installed);
    snprintf(line, sizeof line, "%s,%s,%s,%s,%s\n", id, g->sites[g->site_of[i]].finess,
             i < o->ct ? "CT" : "MRI", from, installed);
    text_str(&e, line);
  }
  eml_status st = t.failed || e.failed ? EML_ERR_NOMEM : EML_OK;
  if (!st && (fwrite(t.data, 1, t.len, g->files[F_SITES]) != t.len ||
              fwrite(e.data, 1, e.len, g->files[F_EQUIPMENT]) != e.len))
    st = EML_ERR_IO;
  free(t.data);
  free(e.data);
  counts->sites = site_count;
  counts->machines = machines;
  return st;
}

/* Starts generating a round: with 1 thread it is done when this returns;
 * with more, the threads run until eml_parallel_wait. */
static eml_parallel *start_round(generation *g, const eml_generate_options *o, int round) {
  int machines = o->ct + o->mri, first = round * g->round;
  int count = machines - first < g->round ? machines - first : g->round;
  for (int k = 0; k < g->threads; k++)
    g->jobs[k] = (round_job){&g->workers[k], first, count, g->threads, k, g->outputs[round % 2]};
  if (g->threads == 1) {
    run_round(&g->jobs[0]);
    return NULL;
  }
  return eml_parallel_start((size_t)g->threads, run_round, g->jobs, sizeof *g->jobs);
}

static eml_status write_round(generation *g, machine_output *outputs, int count,
                              eml_generate_counts *counts, eml_diag *diag) {
  static const int order[4] = {F_SCHEDULE, F_SESSIONS, F_EXAMS, F_APPOINTMENTS};
  eml_status st = EML_OK;
  for (int k = 0; k < count && !st; k++) {
    machine_output *out = &outputs[k];
    text *texts[4] = {&out->schedule, &out->sessions, &out->exams, &out->appointments};
    for (int f = 0; f < 4 && !st; f++)
      if (g->files[order[f]])
        st = write_text(g->files[order[f]], texts[f], g->paths[order[f]], diag);
    counts->sessions += out->session_count;
    counts->exams += out->exam_count;
    counts->appointments += out->appointment_count;
    counts->schedule_rows += out->schedule_rows;
    out->session_count = out->exam_count = out->appointment_count = out->schedule_rows = 0;
  }
  return st;
}

static void free_generation(generation *g) {
  for (int k = 0; g->workers && k < g->threads; k++) {
    eml_schedule_free(g->workers[k].schedule);
    free(g->workers[k].sessions);
    free(g->workers[k].exams);
    free(g->workers[k].weights);
  }
  for (int b = 0; b < 2; b++) {
    for (int k = 0; g->outputs[b] && k < g->round; k++) {
      free(g->outputs[b][k].sessions.data);
      free(g->outputs[b][k].exams.data);
      free(g->outputs[b][k].appointments.data);
      free(g->outputs[b][k].schedule.data);
    }
    free(g->outputs[b]);
  }
  free(g->workers);
  free(g->jobs);
  day_table_free(&g->days);
  free(g->sites);
  free(g->site_of);
  free(g);
}

static eml_status check_options(const eml_generate_options *o, eml_diag *diag) {
  const char *field = NULL, *message = NULL;
  if (o->ct < 0 || o->mri < 0 || o->ct + o->mri < 1 ||
      o->ct + o->mri > EML_GENERATE_MACHINES_MAX) {
    field = "--ct";
    message = N_("de 1 à 100 000 équipements en tout");
  } else if (o->days < 1 || o->days > EML_GENERATE_DAYS_MAX) {
    field = "--days";
    message = N_("la campagne doit durer de 1 à 3 660 jours");
  } else if (o->threads < 0 || o->threads > EML_THREADS_MAX) {
    field = "--threads";
    message = N_("de 1 à 256 fils d'exécution (0 : les cœurs en ligne)");
  }
  if (!field)
    return EML_OK;
  eml_diag_set(diag, NULL, 0, field, NULL, 0, "%s", _(message));
  return EML_ERR_USAGE;
}

eml_status eml_generate_imaging(const eml_generate_options *o, const char *dir,
                                eml_generate_counts *counts, eml_diag *diag) {
  eml_generate_counts local;
  if (!counts)
    counts = &local;
  memset(counts, 0, sizeof *counts);
  eml_status st = check_options(o, diag);
  if (st)
    return st;
  pthread_once(&knots_prepared, prepare_knots);
  generation *g = calloc(1, sizeof *g);
  if (!g)
    return EML_ERR_NOMEM;
  st = open_files(g, o, dir, diag);
  if (!st && !day_table_init(&g->days, o->from - 2, o->days + 64))
    st = EML_ERR_NOMEM;
  if (!st)
    st = make_sites(g, o, counts);
  g->threads = (int)eml_threads_resolve((unsigned)o->threads);
  g->round = round_size(g->threads);
  g->workers = calloc((size_t)g->threads, sizeof *g->workers);
  g->jobs = calloc((size_t)g->threads, sizeof *g->jobs);
  for (int b = 0; b < 2; b++)
    g->outputs[b] = calloc((size_t)g->round, sizeof *g->outputs[b]);
  if (!st && (!g->workers || !g->jobs || !g->outputs[0] || !g->outputs[1]))
    st = EML_ERR_NOMEM;
  for (int k = 0; k < g->threads && !st; k++) {
    g->workers[k] = (worker){.o = o, .days = &g->days, .sites = g->sites, .site_of = g->site_of,
                             .schedule = eml_schedule_new()};
    if (!g->workers[k].schedule)
      st = EML_ERR_NOMEM;
  }
  int machines = o->ct + o->mri, rounds = (machines + g->round - 1) / g->round;
  eml_parallel *running = NULL;
  if (!st)
    running = start_round(g, o, 0);
  eml_progress_begin(EML_PROGRESS_WRITE, machines); /* eml/progress.h */
  for (int round = 0; round < rounds && !st; round++) {
    eml_parallel_wait(running);
    running = NULL;
    for (int k = 0; k < g->threads; k++)
      if (g->workers[k].failed)
        st = EML_ERR_NOMEM;
    if (st)
      break;
    /* with threads, the next round is generated while this one is written */
    if (round + 1 < rounds)
      running = start_round(g, o, round + 1);
    int first = round * g->round, count = machines - first < g->round ? machines - first : g->round;
    int64_t exams = counts->exams;
    st = write_round(g, g->outputs[round % 2], count, counts, diag);
    eml_progress_add(count, (int64_t)counts->exams - exams);
  }
  eml_progress_end();
  eml_parallel_wait(running);
  if (st == EML_ERR_NOMEM)
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0, "mémoire insuffisante pour générer");
  st = close_files(g, st, diag);
  free_generation(g);
  return st;
}
