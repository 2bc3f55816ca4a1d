/*
 * activity.c — the activity of a year as Annex II of the circulaire
 * DHOS/SDO/O 1 n° 2002-299 defines it (spec radiotherapy.md, "Activity of
 * year Y").
 *
 * Model:
 * - Traitement = the initial scheme: a course and every course that
 *   `continues` it (the chain is followed to its root). The treatment is
 *   closed when all its courses are closed, on the latest closed_on; it
 *   counts in Y when that date lies in [2 January Y, 31 December Y] ("clos
 *   entre le 2 janvier et le 31 décembre de l'année considérée"). Its centre
 *   and modality are those of the root; it is a special technique when any
 *   of its courses uses one (2.1.1.2). Two edges are counted for the
 *   data-quality table, since no year counts them: a treatment closed on
 *   1 January of Y (in no year), and one started by 31 December of Y, open
 *   that day and closed after it (in the year it closes, not in Y).
 * - Malade (file active) = distinct patients (pseudonyms) with a treatment
 *   counted in Y; per centre, and distinct across the region; those with
 *   an external-beam treatment apart (the 2023 regime's minimum activity).
 * - Venue = a patient's passages on one local day at one centre, split when
 *   a passage starts more than visit_gap after the previous passage's
 *   start (bifractionated: 2 a day, trifractionated: 3; cobalt then
 *   accelerator in one visit: 1).
 * - Séance PMSI = a venue whose passages are all outpatient.
 * - Passage machine = one per machine used within a venue.
 * - Champ = the sum of the fields of the passages.
 * Venues, séances, passages and fields count by their local date in Y.
 */
#include "core/parallel.h"
#include "eml/progress.h"
#include "rt_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void eml_rt_options_default(eml_rt_options *o) {
  /* the fields not named are zero: no regime rules, threads from the cores */
  *o = (eml_rt_options){.visit_gap_s = 3 * 3600,
                        .reference_per_machine = 400,
                        .saturation_warn = 450,
                        .saturation = 500,
                        .imaging_h_per_machine = 3.5,
                        .teaching_min_patients = 900,
                        .teaching_special_share = 0.10,
                        .replace_age_years = 15};
}

void eml_rt_activity_free(eml_rt_activity *a) {
  if (!a)
    return;
  free(a->centre);
  free(a->machine);
  free(a->treatment_counted);
  free(a);
}

/* A pseudonym's first 8 bytes as a big-endian number (0 past its end):
 * two pseudonyms' prefixes compare as strcmp compares those bytes, so
 * (prefix, then strcmp) is strcmp's order, with the sorts' comparisons
 * settled without reading the course (bench/RESULTS.md, 2026-12-06: the
 * sorts by pseudonym were a quarter of `eml rt activity`). */
static uint64_t pseudonym_prefix(const char *p) {
  uint64_t v = 0;
  int ended = 0;
  for (int i = 0; i < 8; i++) {
    unsigned char c = ended ? 0 : (unsigned char)p[i];
    ended |= c == 0;
    v = v << 8 | c;
  }
  return v;
}

/* A patient in a sort: the pseudonym and its prefix. */
typedef struct sort_patient {
  uint64_t prefix;
  const char *pseudonym;
} sort_patient;

static sort_patient sort_patient_of(const char *pseudonym) {
  return (sort_patient){pseudonym_prefix(pseudonym), pseudonym};
}

static int patient_order(sort_patient a, sort_patient b) {
  if (a.prefix != b.prefix)
    return a.prefix < b.prefix ? -1 : 1;
  return strcmp(a.pseudonym, b.pseudonym);
}

/* (centre, patient, special) of a counted treatment, for distinct counts. */
typedef struct treated {
  size_t centre;
  sort_patient patient;
  int special, external;
} treated;

/* The one order of (centre, patient) pairs: by centre, then pseudonym. */
static int centre_patient_order(size_t centre_a, sort_patient patient_a, size_t centre_b,
                                sort_patient patient_b) {
  if (centre_a != centre_b)
    return centre_a < centre_b ? -1 : 1;
  return patient_order(patient_a, patient_b);
}

static int by_centre_patient(const void *a, const void *b) {
  const treated *x = a, *y = b;
  return centre_patient_order(x->centre, x->patient, y->centre, y->patient);
}

static int by_patient(const void *a, const void *b) {
  const treated *x = a, *y = b;
  return patient_order(x->patient, y->patient);
}

/* Counts the runs of a sorted list that `same` calls equal: patients, and
 * patients with a special treatment, into counts[centre] (per_centre) or
 * counts[0]. */
static void count_distinct(const treated *list, size_t n, int (*same)(const void *, const void *),
                           eml_rt_counts *counts, int per_centre) {
  for (size_t i = 0; i < n;) {
    size_t j = i;
    int any_special = 0, any_external = 0;
    for (; j < n && same(&list[j], &list[i]) == 0; j++) {
      any_special |= list[j].special;
      any_external |= list[j].external;
    }
    eml_rt_counts *c = &counts[per_centre ? list[i].centre : 0];
    c->patients++;
    c->patients_special += any_special;
    c->patients_external += any_external;
    i = j;
  }
}

/* Treatments and patients (malades). */
static eml_status count_treatments(const eml_rt_data *d, eml_rt_activity *a) {
  size_t n = d->n_courses;
  eml_date first = eml_date_from_civil(a->year, 1, 2), last = eml_date_from_civil(a->year, 12, 31);
  eml_date jan1 = first - 1;
  unsigned char *open = calloc(n ? n : 1, 1), *special = calloc(n ? n : 1, 1);
  eml_date *closed_on = calloc(n ? n : 1, sizeof *closed_on);
  treated *list = malloc((n ? n : 1) * sizeof *list);
  if (!open || !special || !closed_on || !list) {
    free(open), free(special), free(closed_on), free(list);
    return EML_ERR_NOMEM;
  }
  for (size_t i = 0; i < n; i++) {
    const eml_rt_course *k = &d->courses[i];
    size_t r = k->root;
    if (!k->closed)
      open[r] = 1;
    else if (k->closed_on > closed_on[r] || !closed_on[r])
      closed_on[r] = k->closed_on;
    if (k->technique != EML_RT_STANDARD)
      special[r] = 1;
  }
  size_t n_list = 0;
  for (size_t r = 0; r < n; r++) {
    const eml_rt_course *k = &d->courses[r];
    if (k->root == r && open[r] && k->started_on <= last)
      a->quality.open_treatments++;
    /* the window's two edges (data quality): closed on 1 January, in no
     * year; open on 31 December and closed after it, in the next year */
    if (k->root == r && !open[r] && closed_on[r] == jan1)
      a->quality.closed_jan1++;
    if (k->root == r && !open[r] && k->started_on <= last && closed_on[r] > last)
      a->quality.open_closed_later++;
    if (k->root != r || open[r] || closed_on[r] < first || closed_on[r] > last)
      continue;
    a->treatment_counted[r] = 1;
    eml_rt_counts *c = &a->centre[k->centre];
    c->treatments++;
    if (k->modality == EML_RT_EXTERNAL)
      c->treatments_external++;
    else
      c->treatments_brachy++;
    c->treatments_special += special[r];
    list[n_list++] = (treated){k->centre, sort_patient_of(k->patient), special[r],
                                k->modality == EML_RT_EXTERNAL};
  }
  /* distinct patients per centre, then across the region */
  qsort(list, n_list, sizeof *list, by_centre_patient);
  count_distinct(list, n_list, by_centre_patient, a->centre, 1);
  qsort(list, n_list, sizeof *list, by_patient);
  count_distinct(list, n_list, by_patient, &a->region, 0);
  free(open), free(special), free(closed_on), free(list);
  return EML_OK;
}

/* A passage of one group of visits, to put the group in time order: by
 * start, then as read. The groups are ordered one at a time, each in its
 * job's scratch array (as long as the largest group), so that the whole
 * year is held as one 4-byte index a passage (issue 17 item 2: 16 bytes a
 * passage for the whole year before, 60 MB of a national year's 3.8 M). */
typedef struct passage_key {
  eml_time start;
  size_t session;
} passage_key;

static int by_start(const void *a, const void *b) {
  const passage_key *x = a, *y = b;
  int c = EML_CMP(x->start, y->start);
  return c ? c : EML_CMP(x->session, y->session);
}

/* A course's (centre, patient), to number the groups of visits. */
typedef struct course_key {
  size_t centre;
  sort_patient patient;
  size_t course;
} course_key;

static int by_course_key(const void *a, const void *b) {
  const course_key *x = a, *y = b;
  return centre_patient_order(x->centre, x->patient, y->centre, y->patient);
}

/* group[course]: the number of its (centre, patient), 0, 1, ... in the
 * order of centres then pseudonyms (a passage's centre and patient are its
 * course's); group_centre[g]: the centre of group g. *n_groups: how many.
 * NULL when out of memory. */
static uint32_t *number_groups(const eml_rt_data *d, size_t *n_groups, size_t **group_centre) {
  size_t n = d->n_courses;
  course_key *k = malloc((n ? n : 1) * sizeof *k);
  uint32_t *group = malloc((n ? n : 1) * sizeof *group);
  size_t *centre = malloc((n ? n : 1) * sizeof *centre);
  if (!k || !group || !centre) {
    free(k), free(group), free(centre);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    k[i] = (course_key){d->courses[i].centre, sort_patient_of(d->courses[i].patient), i};
  qsort(k, n, sizeof *k, by_course_key);
  size_t g = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && by_course_key(&k[i], &k[i - 1]) != 0)
      g++;
    group[k[i].course] = (uint32_t)g;
    centre[g] = k[i].centre;
  }
  *n_groups = n ? g + 1 : 0;
  *group_centre = centre;
  free(k);
  return group;
}

/* The passages by group of visits (a counting sort): first[g]..first[g+1]
 * is group g's range of the indexes returned (first has n_groups + 2
 * entries); each group is put in time order by the job that counts it.
 * *largest: the passages of the largest group. */
static uint32_t *order_visits(const eml_rt_data *d, const uint32_t *group, size_t n_groups,
                              size_t **first_out, size_t *largest) {
  size_t n = d->n_sessions;
  uint32_t *order = malloc((n ? n : 1) * sizeof *order);
  size_t *first = calloc(n_groups + 2, sizeof *first);
  if (!order || !first) {
    free(order), free(first);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    first[group[d->sessions[i].course] + 2]++;
  *largest = 0;
  for (size_t g = 2; g < n_groups + 2; g++) {
    if (first[g] > *largest)
      *largest = first[g];
    first[g] += first[g - 1];
  }
  /* first[g + 1] is now where group g begins: filling moves it to its end */
  for (size_t i = 0; i < n; i++)
    order[first[group[d->sessions[i].course] + 1]++] = (uint32_t)i;
  *first_out = first;
  return order;
}

#define VENUE_MACHINES_MAX 32

/* The suspicious things of one passage of the year, dated day. */
static void note_quality(const eml_rt_data *d, const eml_rt_session *s, eml_date day,
                         eml_rt_quality *q) {
  const eml_rt_course *k = &d->courses[s->course];
  q->times_ambiguous += (s->time_flags & EML_TIME_AMBIGUOUS) != 0;
  q->times_skipped += (s->time_flags & EML_TIME_SKIPPED) != 0;
  q->outside_course += day < k->started_on || (k->closed && day > k->closed_on);
  q->outside_service += !rt_in_service_on(&d->machines[s->machine], day);
  q->zero_fields += s->fields == 0;
}

/* One thread's share of the counting: the groups [g0, g1), whole centres
 * (a group is one centre's patient). It writes the counts of its own
 * centres in a->centre, and its machines' counts and the quality into its
 * own machine[] and quality, summed afterwards: integers, so the results
 * do not depend on the number of threads. */
typedef struct visit_job {
  const eml_rt_data *d;
  const eml_rt_options *o;
  eml_rt_activity *a;
  const uint32_t *order; /* the passages by group */
  passage_key *keys;     /* the group being counted, in time order */
  const size_t *first;
  size_t g0, g1;
  eml_rt_machine_activity *machine; /* n_machines, this job's */
  size_t *patient_machines;         /* n_machines: machines of the current patient */
  eml_rt_quality quality;
} visit_job;

/* Venues, séances, passages, fields; per machine: passages, fields and
 * distinct patients, over the groups of one job. */
static void *count_visits_run(void *arg) {
  visit_job *j = arg;
  const eml_rt_data *d = j->d;
  eml_rt_activity *a = j->a;
  passage_key *keys = j->keys;
  const size_t *first = j->first;
  size_t venue_machines[VENUE_MACHINES_MAX];
  size_t n_venue_machines = 0, n_patient_machines = 0;
  int venue_in_year = 0, venue_inpatient = 0;
  eml_rt_counts *venue_centre = NULL;
  /* the local day of each passage once, and the year as a range of days */
  const eml_date jan1 = eml_date_from_civil(a->year, 1, 1);
  const eml_date dec31 = eml_date_from_civil(a->year, 12, 31);
  eml_date previous_day = 0;
  size_t unreported = 0;
  for (size_t g = j->g0; g < j->g1; g++) {
    size_t n = first[g + 1] - first[g];
    for (size_t k = 0; k < n; k++) {
      uint32_t i = j->order[first[g] + k];
      keys[k] = (passage_key){d->sessions[i].start, i};
    }
    /* the passages of a course are mostly stored in time order already
     * (those of the order here are by index): sorted only when needed */
    size_t in_order = 1;
    while (in_order < n && keys[in_order - 1].start <= keys[in_order].start)
      in_order++;
    if (in_order < n)
      qsort(keys, n, sizeof *keys, by_start);
    /* the progress line (eml/progress.h), about every 64 Ki passages */
    if ((unreported += n) >= 65536 || g + 1 == j->g1) {
      eml_progress_add((int64_t)unreported, 0);
      unreported = 0;
    }
    n_patient_machines = 0; /* a group is one patient of one centre */
    for (size_t k = 0; k < n; k++) {
      const eml_rt_session *s = &d->sessions[keys[k].session];
      eml_date day = eml_paris_date(s->start);
      int in_year = day >= jan1 && day <= dec31;
      size_t centre = d->courses[s->course].centre;
      int new_venue =
          k == 0 || day != previous_day || keys[k].start - keys[k - 1].start > j->o->visit_gap_s;
      previous_day = day;
      if (new_venue) {
        if (venue_centre && venue_in_year && !venue_inpatient)
          venue_centre->seances++;
        n_venue_machines = 0;
        venue_inpatient = 0;
        venue_in_year = in_year;
        venue_centre = &a->centre[centre];
        if (venue_in_year)
          venue_centre->venues++;
      }
      if (!in_year)
        continue;
      note_quality(d, s, day, &j->quality);
      venue_inpatient |= s->inpatient;
      eml_rt_counts *c = &a->centre[centre];
      eml_rt_machine_activity *m = &j->machine[s->machine];
      c->fields += s->fields;
      m->fields += s->fields;
      int seen = 0;
      for (size_t v = 0; v < n_venue_machines; v++)
        seen |= venue_machines[v] == s->machine;
      if (!seen) {
        c->passages++;
        m->passages++;
        if (n_venue_machines < VENUE_MACHINES_MAX)
          venue_machines[n_venue_machines++] = s->machine;
      }
      seen = 0;
      for (size_t v = 0; v < n_patient_machines; v++)
        seen |= j->patient_machines[v] == s->machine;
      if (!seen) {
        m->patients++;
        j->patient_machines[n_patient_machines++] = s->machine;
      }
    }
  }
  if (venue_centre && venue_in_year && !venue_inpatient)
    venue_centre->seances++;
  return NULL;
}

/* The counting of the visits, split by centre over o->threads threads
 * (eml_threads_resolve): each job takes whole centres, about as many
 * passages each. */
static eml_status count_visits(const eml_rt_data *d, const eml_rt_options *o, eml_rt_activity *a) {
  if (d->n_sessions > UINT32_MAX) /* a passage's index in 32 bits (order_visits) */
    return EML_ERR_TOO_LARGE;
  size_t n_groups = 0, *first = NULL, *group_centre = NULL, largest = 0;
  uint32_t *group = number_groups(d, &n_groups, &group_centre);
  uint32_t *order = group ? order_visits(d, group, n_groups, &first, &largest) : NULL;
  free(group);
  size_t n_jobs = eml_threads_resolve(o->threads);
  if (n_jobs > d->n_centres)
    n_jobs = d->n_centres ? d->n_centres : 1;
  size_t nm = d->n_machines ? d->n_machines : 1;
  visit_job *jobs = order ? calloc(n_jobs, sizeof *jobs) : NULL;
  eml_status st = jobs ? EML_OK : EML_ERR_NOMEM;
  for (size_t t = 0; t < n_jobs && !st; t++) {
    jobs[t].machine = calloc(nm, sizeof *jobs[t].machine);
    jobs[t].patient_machines = malloc(nm * sizeof *jobs[t].patient_machines);
    jobs[t].keys = malloc((largest ? largest : 1) * sizeof *jobs[t].keys);
    if (!jobs[t].machine || !jobs[t].patient_machines || !jobs[t].keys)
      st = EML_ERR_NOMEM;
  }
  if (!st) {
    /* job t ends at the first centre boundary past (t + 1) / n_jobs of the
     * passages (the last one at the end) */
    size_t g = 0;
    for (size_t t = 0; t < n_jobs; t++) {
      visit_job *j = &jobs[t];
      j->d = d, j->o = o, j->a = a, j->order = order, j->first = first;
      j->g0 = g;
      size_t goal = t + 1 == n_jobs ? d->n_sessions : d->n_sessions / n_jobs * (t + 1);
      while (g < n_groups &&
             (first[g] < goal || (g > j->g0 && group_centre[g] == group_centre[g - 1])))
        g++;
      j->g1 = t + 1 == n_jobs ? n_groups : g;
      g = j->g1;
    }
    eml_progress_begin(EML_PROGRESS_RT_COUNT, (int64_t)d->n_sessions);
    eml_parallel_run(n_jobs, count_visits_run, jobs, sizeof *jobs);
    eml_progress_end();
    for (size_t t = 0; t < n_jobs; t++) {
      const eml_rt_quality *q = &jobs[t].quality;
      a->quality.times_ambiguous += q->times_ambiguous;
      a->quality.times_skipped += q->times_skipped;
      a->quality.outside_course += q->outside_course;
      a->quality.outside_service += q->outside_service;
      a->quality.zero_fields += q->zero_fields;
      for (size_t m = 0; m < d->n_machines; m++) {
        a->machine[m].passages += jobs[t].machine[m].passages;
        a->machine[m].fields += jobs[t].machine[m].fields;
        a->machine[m].patients += jobs[t].machine[m].patients;
      }
    }
  }
  for (size_t t = 0; jobs && t < n_jobs; t++)
    free(jobs[t].machine), free(jobs[t].patient_machines), free(jobs[t].keys);
  free(jobs);
  free(order);
  free(first);
  free(group_centre);
  return st;
}

eml_status eml_rt_activity_compute(const eml_rt_data *d, int year, const eml_rt_options *opts,
                                   eml_rt_activity **out) {
  eml_rt_options defaults;
  if (!opts) {
    eml_rt_options_default(&defaults);
    opts = &defaults;
  }
  *out = NULL;
  eml_rt_activity *a = calloc(1, sizeof *a);
  if (!a)
    return EML_ERR_NOMEM;
  a->year = year;
  a->n_centres = d->n_centres;
  a->n_machines = d->n_machines;
  a->centre = calloc(d->n_centres ? d->n_centres : 1, sizeof *a->centre);
  a->machine = calloc(d->n_machines ? d->n_machines : 1, sizeof *a->machine);
  a->treatment_counted = calloc(d->n_courses ? d->n_courses : 1, 1);
  eml_status st = a->centre && a->machine && a->treatment_counted ? EML_OK : EML_ERR_NOMEM;
  if (!st)
    st = count_treatments(d, a);
  if (!st)
    st = count_visits(d, opts, a);
  if (st) {
    eml_rt_activity_free(a);
    return st;
  }
  int days = rt_days_in_year(year);
  for (size_t m = 0; m < d->n_machines; m++) {
    a->machine[m].days_in_service = rt_days_in_service(&d->machines[m], year);
    a->machine[m].machine_years = (double)a->machine[m].days_in_service / days;
  }
  long patients = a->region.patients, patients_special = a->region.patients_special,
       patients_external = a->region.patients_external;
  for (size_t c = 0; c < d->n_centres; c++) {
    const eml_rt_counts *k = &a->centre[c];
    a->region.treatments += k->treatments;
    a->region.treatments_external += k->treatments_external;
    a->region.treatments_brachy += k->treatments_brachy;
    a->region.treatments_special += k->treatments_special;
    a->region.venues += k->venues;
    a->region.seances += k->seances;
    a->region.passages += k->passages;
    a->region.fields += k->fields;
  }
  a->region.patients = patients;
  a->region.patients_special = patients_special;
  a->region.patients_external = patients_external;
  *out = a;
  return EML_OK;
}
