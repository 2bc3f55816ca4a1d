/*
 * compute.c — the indicators of each machine (spec imaging.md, "Indicators
 * of one machine", inclusion rule, machine classes, data quality).
 *
 * Model: per machine, sessions clipped to the window [w0, w1) and sorted by
 * start give the unions O_G of each group (intervals merged when they touch
 * or overlap, as the reference's "gaps and islands"): O_PROGRAMMED,
 * O_PROGRAMMED ∪ EMERGENCY, O_EXTENDED, O_TOTAL and O_{ON_CALL ∪ EMERGENCY}.
 * The exams kept (start in the window, end - start >= the minimum, 3 min by
 * default) sorted by start give X, their union. Then:
 *   occupancy = |X ∩ O| / |O|             (two-pointer sweep of two unions)
 *   icr/h     = Σ icr of kept exams starting in O / (|O| / 3600)
 *   openings  = |O| / 3600 / weeks, weeks = days / 7 (O_PROGRAMMED,
 *               O_EXTENDED, O_TOTAL, and O_PROGRAMMED ∪ EMERGENCY: the
 *               opening of seed 001 figures 17-18, open_prog_emergency_h)
 *   inclusion = Σ_{s: |X∩s| > 0.15 |s|} |s| / Σ_s |s| >= 0.95 over the
 *               PROGRAMMED sessions s as given (clipped), in doubles exactly
 *               as the reference SQL (shared/bench/duckdb/imaging.sql.tmpl)
 * Night hours are read on the local clock of the exam's start.
 *
 * Threads (the campaign's count, eml_imaging_campaign_set_threads): the
 * exam segments are grouped by machine one per thread, then the machines
 * are cut into as many runs of consecutive machines (of about equal exam
 * counts), one per thread. Why nothing depends on the count: a machine's
 * figures are computed by one thread from that machine's rows only; its
 * exams, wherever the readers' segments put them, are taken in one total
 * order (start, end, class, report delay, ICR: two exams equal in it are
 * equal in everything computed), so even the floating-point sums of ICR
 * add the same values in the same order; the distributions of durations
 * and delays are exact counts and lists merged after the threads, whose
 * quantiles do not depend on the order of merging (dist.c).
 */
#include "imaging_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct ival {
  int32_t s, e;
} ival;

typedef struct kept_exam {
  double icr;
  int32_t s, e;
  uint8_t cls;
} kept_exam;

/* Growable scratch arrays of one worker. */
typedef struct scratch {
  ival *u[8];
  size_t ucap[8];
  ival *clipped;
  uint8_t *ctype;
  size_t ccap;
  kept_exam *kept;
  size_t kcap;
} scratch;

enum { U_PROG, U_PROG_EMERG, U_EXT, U_TOT, U_ONCALL, U_G2, U_G3, U_EXAMS };

/* Offsets of Paris per UTC day of the window (0 for a day holding a change),
 * built once: the local clock of an exam's start costs one lookup. */
typedef struct clock_table {
  const int32_t *offset_s;
  int64_t first_day;
  size_t n_days;
} clock_table;

/* The non-empty slices of one machine's exams, one per segment holding
 * some, each sorted by exam_before. */
typedef struct exam_run {
  const img_exam *x;
  size_t n;
} exam_run;

typedef struct worker {
  eml_imaging_campaign *c;
  /* per machine: [off[m], off[m+1]) of each exam segment, of the sessions */
  size_t *const *exam_off;
  const size_t *sess_off;
  size_t m_from, m_to;
  int32_t w0, w1;
  double weeks, min_exam_s, er_share_min;
  long week_nights;
  const unsigned char *nights; /* 1 for the dates whose night is a week night */
  eml_date nights_first, nights_last;
  clock_table clock;
  eml_imaging_machine *out;     /* indexed by machine */
  img_int_dist durations[EML_IMAGING_MODALITY_COUNT][EML_CLASS_COUNT];
  img_int_dist delays[EML_IMAGING_MODALITY_COUNT][2];
  scratch sc;
  exam_run *slices; /* one per segment */
  eml_status status;
} worker;


/* ---- intervals ------------------------------------------------------- */

/* Appends [s, e) to a union being built from intervals sorted by start. */
static int union_push(ival **u, size_t *n, size_t *cap, int32_t s, int32_t e) {
  if (*n && s <= (*u)[*n - 1].e) {
    if (e > (*u)[*n - 1].e)
      (*u)[*n - 1].e = e;
    return 1;
  }
  if (eml_grow((void **)u, cap, *n + 1, sizeof **u))
    return 0;
  (*u)[(*n)++] = (ival){s, e};
  return 1;
}

static int64_t union_length(const ival *u, size_t n) {
  int64_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += u[i].e - u[i].s;
  return len;
}

/* |A ∩ B| of two unions (sorted, disjoint). */
static int64_t intersection_length(const ival *a, size_t na, const ival *b, size_t nb) {
  int64_t len = 0;
  size_t i = 0, j = 0;
  while (i < na && j < nb) {
    int32_t s = a[i].s > b[j].s ? a[i].s : b[j].s;
    int32_t e = a[i].e < b[j].e ? a[i].e : b[j].e;
    if (e > s)
      len += e - s;
    if (a[i].e < b[j].e)
      i++;
    else
      j++;
  }
  return len;
}

/* First interval of a union whose end is after t. */
static size_t first_ending_after(const ival *u, size_t n, int32_t t) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (u[mid].e > t)
      hi = mid;
    else
      lo = mid + 1;
  }
  return lo;
}

/* |U ∩ [s, e)| */
static int64_t covered(const ival *u, size_t n, int32_t s, int32_t e) {
  int64_t len = 0;
  for (size_t i = first_ending_after(u, n, s); i < n && u[i].s < e; i++) {
    int32_t a = u[i].s > s ? u[i].s : s, b = u[i].e < e ? u[i].e : e;
    if (b > a)
      len += b - a;
  }
  return len;
}

/* ---- local clock ----------------------------------------------------- */

static int local_offset(const clock_table *ct, eml_time t) {
  int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t i = day - ct->first_day;
  if (i >= 0 && (size_t)i < ct->n_days && ct->offset_s[i])
    return ct->offset_s[i];
  return eml_paris_offset_s(t);
}

/* Whether the night starting on a local date is a week night of the
 * window (table indexed from the day before the window). */
static int week_night(const unsigned char *nights, eml_date first, eml_date last, eml_date day) {
  return day >= first && day <= last && nights[day - first];
}

/* ---- one machine ----------------------------------------------------- */

static int is_emergency(uint8_t t) { return t == EML_SESSION_EMERGENCY; }

/* The total order of a machine's exams (the top of this file): by start,
 * end, class, report delay, then ICR. */
static int exam_before(const img_exam *a, const img_exam *b) {
  if (a->start != b->start)
    return a->start < b->start;
  if (a->end != b->end)
    return a->end < b->end;
  if (a->cls != b->cls)
    return a->cls < b->cls;
  if (a->report_delay_s != b->report_delay_s)
    return a->report_delay_s < b->report_delay_s;
  return a->icr < b->icr;
}

/* Keeps exam x of machine m when it counts (start in the window, long
 * enough): appended to the kept array, added to the distributions. */
static eml_status keep_exam(worker *w, int mod, eml_imaging_machine *out, const img_exam *x,
                            size_t *nk) {
  if (x->start < w->w0 || x->start >= w->w1)
    return EML_OK;
  if ((double)(x->end - x->start) < w->min_exam_s) {
    out->short_exams++;
    return EML_OK;
  }
  w->sc.kept[(*nk)++] = (kept_exam){x->icr, x->start, x->end, x->cls};
  if (img_int_dist_add(&w->durations[mod][x->cls], x->end - x->start))
    return EML_ERR_NOMEM;
  if (x->report_delay_s != EML_IMG_NO_REPORT && x->cls != EML_CLASS_U &&
      img_int_dist_add(&w->delays[mod][x->cls != EML_CLASS_A], x->report_delay_s))
    return EML_ERR_NOMEM;
  return EML_OK;
}

static eml_status machine_compute(worker *w, size_t m) {
  eml_imaging_campaign *c = w->c;
  scratch *sc = &w->sc;
  eml_imaging_machine *out = &w->out[m];
  const img_machine *mach = &c->machines[m];
  memset(out, 0, sizeof *out);
  memcpy(out->equipment_id, mach->id, sizeof out->equipment_id);
  memcpy(out->finess, mach->finess, sizeof out->finess);
  out->modality = (eml_imaging_modality)mach->modality;

  /* sessions clipped to the window, sorted by start */
  size_t ns = 0, nu[8] = {0};
  size_t n_sess = w->sess_off[m + 1] - w->sess_off[m];
  const img_session *ss = n_sess ? c->sessions + w->sess_off[m] : NULL; /* may be NULL */
  if (eml_grow((void **)&sc->clipped, &sc->ccap, n_sess, sizeof *sc->clipped) ||
      !(sc->ctype = realloc(sc->ctype, sc->ccap ? sc->ccap : 1)))
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < n_sess; i++) {
    if (!(ss[i].end > w->w0 && ss[i].start < w->w1))
      continue;
    int32_t s = ss[i].start > w->w0 ? ss[i].start : w->w0;
    int32_t e = ss[i].end < w->w1 ? ss[i].end : w->w1;
    sc->clipped[ns] = (ival){s, e};
    sc->ctype[ns++] = ss[i].type;
  }
  for (size_t i = 0; i < ns; i++) {
    ival v = sc->clipped[i];
    uint8_t t = sc->ctype[i];
    eml_session_group g = eml_session_type_group((eml_session_type)t);
    int ok = 1;
    if (g == EML_GROUP_PROGRAMMED)
      ok &= union_push(&sc->u[U_PROG], &nu[U_PROG], &sc->ucap[U_PROG], v.s, v.e);
    if (g == EML_GROUP_PROGRAMMED || is_emergency(t))
      ok &= union_push(&sc->u[U_PROG_EMERG], &nu[U_PROG_EMERG], &sc->ucap[U_PROG_EMERG], v.s, v.e);
    if (g <= EML_GROUP_EXTENDED)
      ok &= union_push(&sc->u[U_EXT], &nu[U_EXT], &sc->ucap[U_EXT], v.s, v.e);
    ok &= union_push(&sc->u[U_TOT], &nu[U_TOT], &sc->ucap[U_TOT], v.s, v.e);
    if (t == EML_SESSION_ON_CALL || is_emergency(t))
      ok &= union_push(&sc->u[U_ONCALL], &nu[U_ONCALL], &sc->ucap[U_ONCALL], v.s, v.e);
    if (g == EML_GROUP_EXTENDED)
      ok &= union_push(&sc->u[U_G2], &nu[U_G2], &sc->ucap[U_G2], v.s, v.e);
    if (g == EML_GROUP_TOTAL)
      ok &= union_push(&sc->u[U_G3], &nu[U_G3], &sc->ucap[U_G3], v.s, v.e);
    if (!ok)
      return EML_ERR_NOMEM;
  }

  /* exams kept, sorted: each segment's slice of the machine is sorted; the
   * slices are merged, the smallest head first (ties are equal exams, so
   * which comes first does not matter), the last one copied as it is */
  size_t n_slices = 0, n_all = 0, nk = 0;
  for (size_t g = 0; g < c->n_segments; g++) {
    size_t n = w->exam_off[g][m + 1] - w->exam_off[g][m];
    if (n) {
      w->slices[n_slices++] = (exam_run){img_segment_exams(&c->segments[g]) + w->exam_off[g][m], n};
      n_all += n;
    }
  }
  if (eml_grow((void **)&sc->kept, &sc->kcap, n_all, sizeof *sc->kept))
    return EML_ERR_NOMEM;
  int mod = mach->modality;
  exam_run *sl = w->slices;
  eml_status kst = EML_OK;
  while (n_slices > 1 && !kst) {
    size_t best = 0;
    for (size_t j = 1; j < n_slices; j++)
      if (exam_before(sl[j].x, sl[best].x))
        best = j;
    kst = keep_exam(w, mod, out, sl[best].x, &nk);
    sl[best].x++;
    if (--sl[best].n == 0)
      sl[best] = sl[--n_slices];
  }
  for (size_t i = 0; n_slices == 1 && i < sl[0].n && !kst; i++)
    kst = keep_exam(w, mod, out, &sl[0].x[i], &nk);
  if (kst)
    return kst;
  const kept_exam *k = sc->kept;
  int32_t max_end = INT32_MIN;
  long n_class[EML_CLASS_COUNT] = {0};
  int64_t dur_class[EML_CLASS_COUNT] = {0};
  long night_early = 0, night_deep = 0, week_night_exams = 0, outside_ext = 0;
  double icr_prog = 0, icr_pe = 0;
  size_t ip = 0, ipe = 0, ix = 0, it = 0;
  for (size_t i = 0; i < nk; i++) {
    if (!union_push(&sc->u[U_EXAMS], &nu[U_EXAMS], &sc->ucap[U_EXAMS], k[i].s, k[i].e))
      return EML_ERR_NOMEM;
    if (k[i].s < max_end)
      out->overlapping_exams++;
    if (k[i].e > max_end)
      max_end = k[i].e;
    n_class[k[i].cls]++;
    dur_class[k[i].cls] += k[i].e - k[i].s;
    double icr = k[i].icr == EML_IMG_NO_ICR ? 0 : k[i].icr;
    if (k[i].icr == EML_IMG_NO_ICR)
      out->missing_icr++;
    /* starts are sorted: one pointer per union */
    while (ip < nu[U_PROG] && sc->u[U_PROG][ip].e <= k[i].s)
      ip++;
    if (ip < nu[U_PROG] && sc->u[U_PROG][ip].s <= k[i].s)
      icr_prog += icr;
    while (ipe < nu[U_PROG_EMERG] && sc->u[U_PROG_EMERG][ipe].e <= k[i].s)
      ipe++;
    if (ipe < nu[U_PROG_EMERG] && sc->u[U_PROG_EMERG][ipe].s <= k[i].s)
      icr_pe += icr;
    while (ix < nu[U_EXT] && sc->u[U_EXT][ix].e <= k[i].s)
      ix++;
    if (!(ix < nu[U_EXT] && sc->u[U_EXT][ix].s <= k[i].s))
      outside_ext++;
    while (it < nu[U_TOT] && sc->u[U_TOT][it].e <= k[i].s)
      it++;
    if (!(it < nu[U_TOT] && sc->u[U_TOT][it].s <= k[i].s))
      out->exams_outside_sessions++;
    eml_time t = EML_IMG_EPOCH + k[i].s;
    int64_t local = t + local_offset(&w->clock, t);
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int hour = (int)((local - day * 86400) / 3600);
    if (hour >= 20) {
      night_early++;
      if (week_night(w->nights, w->nights_first, w->nights_last, (eml_date)day))
        week_night_exams++;
    } else if (hour < 7) {
      night_deep++;
      if (week_night(w->nights, w->nights_first, w->nights_last, (eml_date)(day - 1)))
        week_night_exams++;
    }
  }
  out->exams = (long)nk;

  const ival *X = sc->u[U_EXAMS];
  size_t nx = nu[U_EXAMS];
  int64_t lp = union_length(sc->u[U_PROG], nu[U_PROG]);
  int64_t lpe = union_length(sc->u[U_PROG_EMERG], nu[U_PROG_EMERG]);
  double weeks = w->weeks;
  out->open_programmed_h = (double)lp / 3600 / weeks;
  out->open_extended_h = (double)union_length(sc->u[U_EXT], nu[U_EXT]) / 3600 / weeks;
  out->open_total_h = (double)union_length(sc->u[U_TOT], nu[U_TOT]) / 3600 / weeks;
  out->on_call_h = (double)union_length(sc->u[U_ONCALL], nu[U_ONCALL]) / 3600 / weeks;
  out->open_prog_emergency_h = (double)lpe / 3600 / weeks;
  out->exams_per_week = (double)nk / weeks;
  out->occupancy_programmed =
      lp ? (double)intersection_length(X, nx, sc->u[U_PROG], nu[U_PROG]) / (double)lp : NAN;
  out->occupancy_prog_emergency =
      lpe ? (double)intersection_length(X, nx, sc->u[U_PROG_EMERG], nu[U_PROG_EMERG]) /
                (double)lpe
          : NAN;
  out->icr_per_hour = lp ? icr_prog / ((double)lp / 3600) : NAN;
  out->icr_per_hour_prog_emergency = lpe ? icr_pe / ((double)lpe / 3600) : NAN;
  out->er_share = nk ? (double)n_class[EML_CLASS_U] / (double)nk : NAN;
  out->exams_outside_extended_per_week = (double)outside_ext / weeks;
  out->night_early_per_week = (double)night_early / weeks;
  out->night_deep_per_week = (double)night_deep / weeks;
  out->weeknight_mean = w->week_nights ? (double)week_night_exams / (double)w->week_nights : NAN;
  for (int cl = 0; cl < EML_CLASS_COUNT; cl++)
    out->mean_duration_min[cl] =
        n_class[cl] ? (double)dur_class[cl] / (double)n_class[cl] / 60 : NAN;

  /* per PROGRAMMED session as given (clipped): inclusion rule, levers */
  double len_all = 0, len_busy = 0;
  double late_sum = 0, early_sum = 0, gap_sum = 0, lever_duration = 0;
  long sessions_with_exams = 0, gap_pairs = 0, lever_exams = 0;
  for (size_t i = 0; i < ns; i++) {
    ival v = sc->clipped[i];
    eml_session_group g = eml_session_type_group((eml_session_type)sc->ctype[i]);
    const ival *other_a = g == EML_GROUP_PROGRAMMED ? sc->u[U_G2] : sc->u[U_PROG];
    size_t n_other_a = g == EML_GROUP_PROGRAMMED ? nu[U_G2] : nu[U_PROG];
    const ival *other_b = g == EML_GROUP_TOTAL ? sc->u[U_G2] : sc->u[U_G3];
    size_t n_other_b = g == EML_GROUP_TOTAL ? nu[U_G2] : nu[U_G3];
    if (covered(other_a, n_other_a, v.s, v.e) > 0 || covered(other_b, n_other_b, v.s, v.e) > 0)
      out->overlapping_sessions++;
    if (g != EML_GROUP_PROGRAMMED)
      continue;
    double len = (double)(v.e - v.s);
    double busy = (double)covered(X, nx, v.s, v.e);
    len_all += len;
    if (busy > 0.15 * len)
      len_busy += len;
    /* kept exams starting in the session: binary search of the first */
    size_t lo = 0, hi = nk;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (k[mid].s < v.s)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo >= nk || k[lo].s >= v.e)
      continue;
    sessions_with_exams++;
    late_sum += k[lo].s - v.s;
    int32_t last_end = k[lo].e;
    lever_exams++;
    lever_duration += k[lo].e - k[lo].s;
    for (size_t j = lo + 1; j < nk && k[j].s < v.e; j++) {
      gap_pairs++;
      lever_exams++;
      lever_duration += k[j].e - k[j].s;
      if (k[j].s > last_end)
        gap_sum += k[j].s - last_end;
      if (k[j].e > last_end)
        last_end = k[j].e;
    }
    if (v.e > last_end)
      early_sum += v.e - last_end;
  }
  out->included_share = len_all > 0 ? len_busy / len_all : NAN;
  out->included = len_all > 0 && len_busy / len_all >= 0.95;
  out->late_start_min = sessions_with_exams ? late_sum / sessions_with_exams / 60 : NAN;
  out->early_end_min = sessions_with_exams ? early_sum / sessions_with_exams / 60 : NAN;
  out->gap_between_exams_min = gap_pairs ? gap_sum / gap_pairs / 60 : NAN;
  out->lever_sessions_per_week = (double)sessions_with_exams / weeks;
  out->lever_exams_per_week = (double)lever_exams / weeks;
  out->lever_duration_min = lever_exams ? lever_duration / (double)lever_exams / 60 : NAN;

  out->emergency_dedicated = nk && out->er_share >= w->er_share_min;
  out->strong_night = !isnan(out->weeknight_mean) && out->weeknight_mean >= 10;
  out->low_night = out->night_early_per_week + out->night_deep_per_week <= 5;
  out->significant_on_call = out->on_call_h > 90;
  out->red_zone = out->open_extended_h > 100;
  return EML_OK;
}

static void *worker_run(void *arg) {
  worker *w = arg;
  for (size_t m = w->m_from; m < w->m_to && !w->status; m++)
    if (w->c->machines[m].modality >= 0) {
      w->status = machine_compute(w, m);
      eml_progress_add(1, w->out[m].exams); /* eml/progress.h */
    }
  return NULL;
}

static void worker_free(worker *w) {
  for (int i = 0; i < 8; i++)
    free(w->sc.u[i]);
  free(w->sc.clipped);
  free(w->sc.ctype);
  free(w->sc.kept);
  free(w->slices);
  for (int m = 0; m < EML_IMAGING_MODALITY_COUNT; m++) {
    for (int c = 0; c < EML_CLASS_COUNT; c++)
      img_int_dist_free(&w->durations[m][c]);
    img_int_dist_free(&w->delays[m][0]);
    img_int_dist_free(&w->delays[m][1]);
  }
}

/* ---- grouping by machine --------------------------------------------- */

static int cmp_exam(const void *a, const void *b) {
  const img_exam *x = a, *y = b;
  return exam_before(x, y) ? -1 : exam_before(y, x) ? 1 : 0;
}
/* Sessions by start, end, then type: a total order too (sessions equal in
 * it are equal). */
static int cmp_session(const void *a, const void *b) {
  const img_session *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return (x->type > y->type) - (x->type < y->type);
}

/* In-place bucket sort by machine (American flag sort), then each machine's
 * slice by start; off gets n_machines + 1 offsets. Sorted input costs one
 * pass. */
#define GROUP_BY_MACHINE(NAME, TYPE, CMP)                                                          \
  static eml_status NAME(TYPE *v, size_t n, size_t n_machines, size_t *off) {                     \
    memset(off, 0, (n_machines + 1) * sizeof *off);                                               \
    if (n == 0)                                                                                   \
      return EML_OK;                                                                              \
    int sorted = 1;                                                                               \
    for (size_t i = 0; i < n; i++) {                                                              \
      off[v[i].machine + 1]++;                                                                    \
      if (i && v[i].machine < v[i - 1].machine)                                                   \
        sorted = 0;                                                                               \
    }                                                                                             \
    for (size_t m = 0; m < n_machines; m++)                                                       \
      off[m + 1] += off[m];                                                                       \
    if (!sorted) {                                                                                \
      size_t *next = malloc((n_machines + 1) * sizeof *next);                                     \
      if (!next)                                                                                  \
        return EML_ERR_NOMEM;                                                                     \
      memcpy(next, off, (n_machines + 1) * sizeof *next);                                         \
      for (size_t m = 0; m < n_machines; m++)                                                     \
        while (next[m] < off[m + 1]) {                                                            \
          TYPE item = v[next[m]];                                                                 \
          while (item.machine != m) {                                                             \
            TYPE swap = v[next[item.machine]];                                                    \
            v[next[item.machine]++] = item;                                                       \
            item = swap;                                                                          \
          }                                                                                       \
          v[next[m]++] = item;                                                                    \
        }                                                                                         \
      free(next);                                                                                 \
    }                                                                                             \
    for (size_t m = 0; m < n_machines; m++) {                                                     \
      /* insertion sort: nearly sorted logs cost one pass; qsort past a budget */                \
      size_t len = off[m + 1] - off[m], moves = 0;                                                \
      if (len == 0)                                                                               \
        continue; /* v may be NULL: no offset from it (UBSan, fuzz_imaging_exams) */             \
      TYPE *slice = v + off[m];                                                                   \
      for (size_t i = 1; i < len && moves <= 8 * len; i++) {                                      \
        TYPE item = slice[i];                                                                     \
        size_t j = i;                                                                             \
        while (j > 0 && CMP(&slice[j - 1], &item) > 0) {                                          \
          slice[j] = slice[j - 1];                                                                \
          j--;                                                                                    \
          moves++;                                                                                \
        }                                                                                         \
        slice[j] = item;                                                                          \
      }                                                                                           \
      if (moves > 8 * len)                                                                        \
        qsort(slice, len, sizeof *slice, CMP);                                                    \
    }                                                                                             \
    return EML_OK;                                                                                \
  }
GROUP_BY_MACHINE(group_exams, img_exam, cmp_exam)
GROUP_BY_MACHINE(group_sessions, img_session, cmp_session)

/* Grouping of the exam segments first, first + step, ... by one thread. */
typedef struct group_job {
  eml_imaging_campaign *c;
  size_t first, step;
  size_t **off; /* one array per segment */
  eml_status status;
} group_job;

static void *group_run(void *arg) {
  group_job *g = arg;
  for (size_t k = g->first; k < g->c->n_segments && !g->status; k += g->step)
    g->status = group_exams((img_exam *)g->c->segments[k].mem.data, g->c->segments[k].n,
                            g->c->n_machines, g->off[k]);
  return NULL;
}

/* ---- result ---------------------------------------------------------- */

void eml_imaging_options_default(eml_imaging_options *opts) {
  /* the fields not named are zero */
  *opts = (eml_imaging_options){.min_exam_minutes = 3, .er_share_min = 0.5};
}

void eml_imaging_result_free(eml_imaging_result *r) {
  if (!r)
    return;
  free(r->machines);
  for (int m = 0; m < EML_IMAGING_MODALITY_COUNT; m++)
    for (int i = 0; i < EML_IND_COUNT; i++)
      free(r->panel_values[m][i]);
  free(r);
}

static int cmp_machine(const void *a, const void *b) {
  return strcmp(((const eml_imaging_machine *)a)->equipment_id,
                ((const eml_imaging_machine *)b)->equipment_id);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static eml_status build_panel(eml_imaging_result *r) {
  for (int mod = 0; mod < EML_IMAGING_MODALITY_COUNT; mod++)
    for (int ind = 0; ind < EML_IND_COUNT; ind++) {
      const eml_imaging_indicator_info *info = eml_imaging_indicator_get((eml_imaging_indicator)ind);
      double *v = malloc((r->n_machines ? r->n_machines : 1) * sizeof *v);
      if (!v)
        return EML_ERR_NOMEM;
      size_t n = 0;
      for (size_t i = 0; i < r->n_machines; i++) {
        const eml_imaging_machine *m = &r->machines[i];
        if ((int)m->modality != mod || (info->included_only && !m->included))
          continue;
        double x = eml_imaging_machine_value(m, (eml_imaging_indicator)ind);
        if (!isnan(x))
          v[n++] = x;
      }
      qsort(v, n, sizeof *v, cmp_double);
      r->panel_values[mod][ind] = v;
      r->panel_n[mod][ind] = n;
      eml_imaging_dist d = {(long)n, NAN, NAN, NAN};
      if (n) {
        d.p20 = eml_quantile_sorted(v, n, 0.2);
        d.p50 = eml_quantile_sorted(v, n, 0.5);
        d.p80 = eml_quantile_sorted(v, n, 0.8);
      }
      r->panel[mod][ind] = d;
    }
  return EML_OK;
}

eml_status eml_imaging_compute(eml_imaging_campaign *c, const eml_imaging_options *opts,
                               eml_imaging_result **out, eml_diag *diag) {
  *out = NULL;
  eml_imaging_options defaults;
  if (!opts) {
    eml_imaging_options_default(&defaults);
    opts = &defaults;
  }
  eml_date from = opts->from, to = opts->to;
  if (!opts->has_window) {
    if (img_exam_count(c) == 0) {
      eml_diag_set(diag, NULL, 0, "--from", NULL, 0,
                   "aucun examen dont tirer la fenêtre de la campagne : donner --from et --to");
      return EML_ERR_EMPTY;
    }
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t k = 0; k < c->n_segments; k++) {
      const img_exam *x = img_segment_exams(&c->segments[k]);
      for (size_t i = 0; i < c->segments[k].n; i++) {
        if (x[i].start < lo)
          lo = x[i].start;
        if (x[i].start > hi)
          hi = x[i].start;
      }
    }
    from = eml_paris_date(EML_IMG_EPOCH + lo);
    to = eml_paris_date(EML_IMG_EPOCH + hi) + 1;
  }
  eml_time w0 = eml_paris_midnight(from), w1 = eml_paris_midnight(to);
  if (to <= from || !img_time_fits(w0) || !img_time_fits(w1)) {
    eml_diag_set(diag, NULL, 0, "--to", NULL, 0,
                 "la fenêtre doit finir après son début (de 1932 à 2067)");
    return EML_ERR_USAGE;
  }
  eml_status st = EML_OK;
  size_t n_workers = c->threads ? c->threads : 1, n_segments = c->n_segments;
  size_t n_groupers = n_workers < n_segments ? n_workers : n_segments ? n_segments : 1;
  eml_imaging_result *r = calloc(1, sizeof *r);
  size_t **exam_off = calloc(n_segments ? n_segments : 1, sizeof *exam_off);
  int offsets_ok = exam_off != NULL;
  for (size_t k = 0; offsets_ok && k < n_segments; k++)
    offsets_ok = (exam_off[k] = malloc((c->n_machines + 1) * sizeof *exam_off[k])) != NULL;
  size_t *sess_off = malloc((c->n_machines + 1) * sizeof *sess_off);
  eml_imaging_machine *by_index = calloc(c->n_machines ? c->n_machines : 1, sizeof *by_index);
  unsigned char *nights = calloc((size_t)(to - from) + 1, 1);
  int64_t first_utc_day = (w0 >= 0 ? w0 / 86400 : -((-w0 + 86399) / 86400)) - 1;
  size_t n_utc_days = (size_t)(to - from) + 3;
  int32_t *utc_offsets = malloc(n_utc_days * sizeof *utc_offsets);
  worker *ws = calloc(n_workers, sizeof *ws);
  group_job *groups = calloc(n_groupers, sizeof *groups);
  if (!r || !offsets_ok || !sess_off || !by_index || !nights || !utc_offsets || !ws || !groups) {
    st = EML_ERR_NOMEM;
    goto done;
  }
  r->from = from;
  r->to = to;
  r->weeks = (double)(to - from) / 7.0;
  r->min_exam_minutes = opts->min_exam_minutes;
  r->er_share_min = opts->er_share_min;
  r->equipment_counts = c->equipment_counts;
  r->sessions_counts = c->sessions_counts;
  r->sessions_from_schedule = c->sessions_from_schedule;
  r->exams_counts = c->exams_counts;
  /* week nights: Monday..Thursday nights whose 20:00 lies in the window */
  for (size_t i = 0; i < n_utc_days; i++) {
    eml_time day_start = (first_utc_day + (int64_t)i) * 86400;
    int a = eml_paris_offset_s(day_start), b = eml_paris_offset_s(day_start + 86399);
    utc_offsets[i] = a == b ? a : 0;
  }
  for (eml_date d = from - 1; d < to; d++) {
    eml_time t = eml_paris_to_utc((int64_t)d * 86400 + 20 * 3600, NULL);
    if (eml_date_weekday(d) <= 4 && t >= w0 && t < w1) {
      nights[d - (from - 1)] = 1;
      r->week_nights++;
    }
  }
  /* the exam segments grouped by machine, segment k by thread k mod n */
  for (size_t g = 0; g < n_groupers; g++)
    groups[g] = (group_job){c, g, n_groupers, exam_off, EML_OK};
  eml_parallel_run(n_groupers, group_run, groups, sizeof *groups);
  for (size_t g = 0; g < n_groupers && !st; g++)
    st = groups[g].status;
  if (st || (st = group_sessions(c->sessions, c->n_sessions, c->n_machines, sess_off)))
    goto done;
  /* runs of consecutive machines of about n_exams / n_workers exams each:
   * run i ends at the first machine where the exams before it reach
   * (i + 1) / n of them */
  size_t n_exams = img_exam_count(c), m_at = 0, exams_before = 0;
  for (size_t i = 0; i < n_workers; i++) {
    worker *w = &ws[i];
    w->m_from = m_at;
    if (i + 1 == n_workers) {
      m_at = c->n_machines;
    } else {
      while (m_at < c->n_machines) {
        size_t of_machine = 0;
        for (size_t k = 0; k < n_segments; k++)
          of_machine += exam_off[k][m_at + 1] - exam_off[k][m_at];
        if ((exams_before + of_machine) * n_workers > n_exams * (i + 1))
          break;
        exams_before += of_machine;
        m_at++;
      }
    }
    w->m_to = m_at;
    w->c = c;
    w->exam_off = exam_off;
    w->sess_off = sess_off;
    w->w0 = (int32_t)(w0 - EML_IMG_EPOCH);
    w->w1 = (int32_t)(w1 - EML_IMG_EPOCH);
    w->weeks = r->weeks;
    w->min_exam_s = opts->min_exam_minutes * 60;
    w->er_share_min = opts->er_share_min;
    w->week_nights = r->week_nights;
    w->nights = nights;
    w->nights_first = from - 1;
    w->nights_last = to - 1;
    w->clock = (clock_table){utc_offsets, first_utc_day, n_utc_days};
    w->out = by_index;
    for (int m = 0; m < EML_IMAGING_MODALITY_COUNT; m++) {
      for (int k = 0; k < EML_CLASS_COUNT; k++)
        img_int_dist_init(&w->durations[m][k], 0);
      img_int_dist_init(&w->delays[m][0], 0);
      img_int_dist_init(&w->delays[m][1], 0);
    }
    if (!(w->slices = malloc((n_segments ? n_segments : 1) * sizeof *w->slices))) {
      st = EML_ERR_NOMEM;
      goto done;
    }
  }
  eml_progress_begin(EML_PROGRESS_COMPUTE, (int64_t)c->n_machines);
  eml_parallel_run(n_workers, worker_run, ws, sizeof *ws);
  eml_progress_end();
  for (size_t i = 0; i < n_workers && !st; i++)
    st = ws[i].status;
  if (st)
    goto done;
  /* machines of CT and MRI, sorted by id */
  r->machines = malloc((c->n_machines ? c->n_machines : 1) * sizeof *r->machines);
  if (!r->machines) {
    st = EML_ERR_NOMEM;
    goto done;
  }
  for (size_t m = 0; m < c->n_machines; m++)
    if (c->machines[m].modality >= 0) {
      r->machines[r->n_machines++] = by_index[m];
      r->machines_per_modality[c->machines[m].modality]++;
      r->exams_per_modality[c->machines[m].modality] += by_index[m].exams;
      r->included_per_modality[c->machines[m].modality] += by_index[m].included;
    }
  qsort(r->machines, r->n_machines, sizeof *r->machines, cmp_machine);
  /* the workers' distributions merged into the first one's */
  for (int m = 0; m < EML_IMAGING_MODALITY_COUNT; m++) {
    for (int k = 0; k < EML_CLASS_COUNT; k++) {
      for (size_t i = 1; i < n_workers; i++)
        if ((st = img_int_dist_merge(&ws[0].durations[m][k], &ws[i].durations[m][k])))
          goto done;
      r->durations[m][k] = img_int_dist_quantiles(&ws[0].durations[m][k], 60.0);
    }
    for (int g = 0; g < 2; g++) {
      for (size_t i = 1; i < n_workers; i++)
        if ((st = img_int_dist_merge(&ws[0].delays[m][g], &ws[i].delays[m][g])))
          goto done;
      r->report_delays[m][g] = img_int_dist_quantiles(&ws[0].delays[m][g], 1.0);
    }
  }
  st = build_panel(r);
done:
  for (size_t i = 0; ws && i < n_workers; i++)
    worker_free(&ws[i]);
  free(ws);
  free(groups);
  for (size_t k = 0; exam_off && k < n_segments; k++)
    free(exam_off[k]);
  free(exam_off);
  free(sess_off);
  free(by_index);
  free(nights);
  free(utc_offsets);
  if (st) {
    eml_imaging_result_free(r);
    if (st == EML_ERR_NOMEM)
      eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                   "mémoire insuffisante pour calculer les indicateurs");
    return st;
  }
  *out = r;
  return EML_OK;
}
