/*
 * heatmap.c — each machine's hour-by-weekday activity (spec imaging.md,
 * "Reports": "each machine's hour-by-weekday activity heat map"; issue 6,
 * "a machine's hour-by-weekday heat map"), computed on demand from the
 * campaign a result was computed from, apart from the per-exam loops of
 * compute.c.
 *
 * Model: a slot is (local weekday 1-7, local hour 0-23) in Europe/Paris.
 * Paris is always a whole number of hours from UTC, so every UTC hour
 * [k * 3600, (k + 1) * 3600) lies in one local hour, and the window
 * [from 00:00, to 00:00) local is a run of whole UTC hours; each UTC hour
 * of the window belongs to one slot (the 25-hour day of October gives its
 * 02:00 slot two UTC hours, the 23-hour day of March gives its 02:00 slot
 * none). With X the union of the machine's kept exams (start in the
 * window, end - start >= the minimum, 3 min by default — the exams of the
 * occupancy indicator) clipped to the window:
 *   slot_h[d][h] = hours of the window in slot (d, h)
 *   busy_h[d][h] = |X ∩ those hours| / 3600
 *   share[d][h]  = busy_h / slot_h, NAN when slot_h = 0
 * so with one occurrence per week, share is the mean over the window's
 * weeks of the share of that hour occupied by exams (docs/imaging.md).
 * The grid as a table is here; as a heat map (a chart) it is drawn by the
 * report layer (lib/report/machine.c, eml_imaging_heatmap_chart).
 */
#include "imaging_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct eml_imaging_activity {
  size_t n_machines;          /* of the result */
  eml_imaging_heatmap *grids; /* indexed like the result's machines */
  unsigned char *computed;    /* 1 for the grids filled */
};

typedef struct span {
  int32_t s, e;
} span;

static int cmp_span(const void *a, const void *b) {
  const span *x = a, *y = b;
  return (x->s > y->s) - (x->s < y->s);
}

/* floor(t / 3600) for storage seconds of either sign. */
static int64_t hour_of(int64_t t) { return t >= 0 ? t / 3600 : -((-t + 3599) / 3600); }

/* Adds the union of spans (sorted by start) clipped to [w0, w1) to busy_s,
 * slot of the UTC hour k (from the window's first hour) in slot_of[k]. */
static void add_union(const span *sp, size_t n, int32_t w0, int32_t w1,
                      const unsigned char *slot_of, int64_t busy_s[7 * 24]) {
  int64_t first_hour = hour_of(w0);
  size_t i = 0;
  while (i < n) {
    int32_t s = sp[i].s, e = sp[i].e;
    for (i++; i < n && sp[i].s <= e; i++)
      if (sp[i].e > e)
        e = sp[i].e;
    if (s < w0)
      s = w0;
    if (e > w1)
      e = w1;
    for (int64_t t = s; t < e;) {
      int64_t k = hour_of(t);
      int64_t next = (k + 1) * 3600;
      int64_t end = next < e ? next : e;
      busy_s[slot_of[k - first_hour]] += end - t;
      t = end;
    }
  }
}

/* For each exam kept (start in [w0, w1), not shorter than the minimum) of
 * a wanted machine (result index i = result_of[campaign index] >= 0):
 * without spans, counts it in at[i]; with spans, stores it at at[i]++. */
static void kept_pass(const eml_imaging_campaign *c, const eml_imaging_result *r,
                      const long *result_of, int32_t w0, int32_t w1, size_t *at, span *spans) {
  double min_exam_s = r->min_exam_minutes * 60;
  for (size_t seg = 0; seg < c->n_segments; seg++)
    for (size_t k = 0; k < c->segments[seg].n; k++) {
      const img_exam *e = &img_segment_exams(&c->segments[seg])[k];
      long i = e->machine < c->n_machines ? result_of[e->machine] : -1;
      if (i < 0 || e->start < w0 || e->start >= w1 || (double)(e->end - e->start) < min_exam_s)
        continue;
      if (spans)
        spans[at[i]++] = (span){e->start, e->end};
      else
        at[i]++;
    }
}

eml_status eml_imaging_activity_compute(const eml_imaging_campaign *c,
                                        const eml_imaging_result *r, long machine,
                                        eml_imaging_activity **out) {
  *out = NULL;
  if (machine >= (long)r->n_machines)
    return EML_ERR_NOT_FOUND;
  eml_time w0t = eml_paris_midnight(r->from), w1t = eml_paris_midnight(r->to);
  if (!img_time_fits(w0t) || !img_time_fits(w1t) || w1t <= w0t)
    return EML_ERR_USAGE;
  int32_t w0 = (int32_t)(w0t - EML_IMG_EPOCH), w1 = (int32_t)(w1t - EML_IMG_EPOCH);
  size_t n_hours = (size_t)(hour_of(w1) - hour_of(w0));
  eml_status st = EML_ERR_NOMEM;
  eml_imaging_activity *a = calloc(1, sizeof *a);
  unsigned char *slot_of = malloc(n_hours);
  long *result_of = malloc((c->n_machines ? c->n_machines : 1) * sizeof *result_of);
  size_t *off = calloc(r->n_machines + 1, sizeof *off);
  span *spans = NULL;
  if (!a || !slot_of || !result_of || !off)
    goto done;
  a->n_machines = r->n_machines;
  a->grids = calloc(r->n_machines ? r->n_machines : 1, sizeof *a->grids);
  a->computed = calloc(r->n_machines ? r->n_machines : 1, 1);
  if (!a->grids || !a->computed)
    goto done;

  /* the slot of each UTC hour of the window, and the hours of each slot */
  double slot_h[7][24] = {{0}};
  for (size_t k = 0; k < n_hours; k++) {
    eml_civil cv;
    eml_paris_civil(EML_IMG_EPOCH + (hour_of(w0) + (int64_t)k) * 3600, &cv);
    slot_of[k] = (unsigned char)((cv.weekday - 1) * 24 + cv.hour);
    slot_h[cv.weekday - 1][cv.hour] += 1;
  }

  /* campaign machine -> result machine (-1: not wanted) */
  for (size_t m = 0; m < c->n_machines; m++)
    result_of[m] = -1;
  for (size_t i = 0; i < r->n_machines; i++) {
    if (machine >= 0 && (long)i != machine)
      continue;
    const char *id = r->machines[i].equipment_id;
    long cm = img_machine_lookup(c, id, strlen(id));
    if (cm >= 0)
      result_of[cm] = (long)i;
    a->computed[i] = 1;
  }

  /* the kept exams of each wanted machine, grouped by machine: count, then
   * fill (the exams lie in the campaign's segments, in any order) */
  kept_pass(c, r, result_of, w0, w1, off + 1, NULL);
  for (size_t i = 0; i < r->n_machines; i++)
    off[i + 1] += off[i];
  spans = malloc((off[r->n_machines] ? off[r->n_machines] : 1) * sizeof *spans);
  if (!spans)
    goto done;
  kept_pass(c, r, result_of, w0, w1, off, spans);
  /* off[i] is now the end of machine i's spans, off[i - 1] its start */
  for (size_t i = 0; i < r->n_machines; i++) {
    if (!a->computed[i])
      continue;
    size_t from = i ? off[i - 1] : 0, n = off[i] - from;
    span *sp = spans + from;
    for (size_t k = 1; k < n; k++)
      if (sp[k].s < sp[k - 1].s) {
        qsort(sp, n, sizeof *sp, cmp_span);
        break;
      }
    int64_t busy_s[7 * 24] = {0};
    add_union(sp, n, w0, w1, slot_of, busy_s);
    eml_imaging_heatmap *g = &a->grids[i];
    for (int d = 0; d < 7; d++)
      for (int h = 0; h < 24; h++) {
        g->slot_h[d][h] = slot_h[d][h];
        g->busy_h[d][h] = (double)busy_s[d * 24 + h] / 3600;
        g->share[d][h] = slot_h[d][h] > 0 ? (double)busy_s[d * 24 + h] / (slot_h[d][h] * 3600)
                                          : NAN;
      }
  }
  st = EML_OK;
done:
  free(spans);
  free(off);
  free(result_of);
  free(slot_of);
  if (st)
    eml_imaging_activity_free(a);
  else
    *out = a;
  return st;
}

void eml_imaging_activity_free(eml_imaging_activity *a) {
  if (!a)
    return;
  free(a->grids);
  free(a->computed);
  free(a);
}

const eml_imaging_heatmap *eml_imaging_activity_machine(const eml_imaging_activity *a,
                                                        size_t machine) {
  return a && machine < a->n_machines && a->computed[machine] ? &a->grids[machine] : NULL;
}

/* ---- what the sheet shows ---------------------------------------------- */

/* French msgids: translated where shown (eml_tr) */
const char *const eml_weekday_short_fr[7] = {N_("lun."), N_("mar."), N_("mer."), N_("jeu."),
                                              N_("ven."), N_("sam."), N_("dim.")};

eml_status eml_imaging_heatmap_table(const eml_imaging_heatmap *g, eml_table **out) {
  static const char *const keys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  *out = NULL;
  eml_table *t = eml_table_new("machine_activity", "Activité par heure et jour de la semaine");
  eml_table_add_column(t, NULL, "Heure", "hour");
  for (int d = 0; d < 7; d++)
    eml_table_add_column(t, NULL, eml_weekday_short_fr[d], keys[d]);
  for (int h = 0; h < 24; h++) {
    size_t row;
    char label[16];
    snprintf(label, sizeof label, "%02d h", h);
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, label);
    for (int d = 0; d < 7; d++)
      if (!isnan(g->share[d][h]))
        eml_table_set_real(t, row, (size_t)d + 1, g->share[d][h], 0, EML_CELL_PERCENT);
  }
  eml_table_add_note(t, "Part de chaque heure (heure locale de Paris) occupée par des "
                        "examens retenus, moyenne sur les jours de la période ; case vide : "
                        "heure absente de la période (passage à l'heure d'été).");
  return eml_table_finish(t, out);
}
