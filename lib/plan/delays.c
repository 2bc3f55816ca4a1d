/*
 * delays.c — appointment delays simulated against the programmed capacity
 * (spec planning.md §4; the model in eml/plan.h, eml_delay_sim).
 *
 * Model. Time is in days from a Monday 00:00. The week's slots are the
 * sessions' (session k of S: day k mod 6, Monday to Saturday, from 08:00
 * for k < 6 and from 14:00 after), each cut into floor(60 H / D) slots of
 * D minutes: a sorted array of their start times within the week, so slot
 * number n of the simulation is slot n mod W of week n / W (W slots a
 * week). Each machine keeps the number of its first free slot; requests
 * come in order of arrival, so a request arriving at t takes, on the
 * machine where it comes first, slot max(free slot, first slot at or after
 * t) — the first free slot after its arrival — and that machine's free
 * slot moves past it. A slot nobody took is lost, as in an appointment
 * book. With open_always there are no slots: the machine is taken from
 * max(t, its free time) for an exponential duration, which is the M/M/c
 * queue (FIFO, the first free server) whose mean wait is known in closed
 * form (tests/unit/test_plan.c). Interarrival times are exponential of
 * mean 1/rate (a Poisson process). One xoshiro256** stream (lib/core/
 * random.c) draws arrivals, then durations, in turn, so a seed gives one
 * output on every machine.
 */
#include "plan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MINUTES_PER_DAY 1440.0
#define REQUESTS_MAX 50000000.0 /* counted and warm-up requests: 400 MB of delays */

static int sessions_valid(const eml_delay_sim *s) {
  return s->sessions_per_week >= 1 && s->sessions_per_week <= 12 && s->session_hours > 0 &&
         s->session_hours <= 6;
}

static int slots_per_session(const eml_delay_sim *s) {
  return (int)floor(s->session_hours * 60.0 / s->exam_minutes + 1e-9);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The start times (days from Monday 00:00) of the week's slots, sorted. */
static double *week_slots(const eml_delay_sim *s, size_t *count) {
  int q = slots_per_session(s);
  size_t n = (size_t)s->sessions_per_week * (size_t)q;
  double *t = malloc(n * sizeof *t);
  if (!t)
    return NULL;
  size_t i = 0;
  for (int k = 0; k < s->sessions_per_week; k++) {
    double start = (double)(k % 6) + (k < 6 ? 8.0 : 14.0) / 24.0;
    for (int j = 0; j < q; j++)
      t[i++] = start + j * s->exam_minutes / MINUTES_PER_DAY;
  }
  qsort(t, n, sizeof *t, cmp_double);
  *count = n;
  return t;
}

static double slot_time(const double *week, size_t w, uint64_t n) {
  return (double)(n / w) * 7.0 + week[n % w];
}

/* The number of the first slot starting at or after t. */
static uint64_t first_slot_after(const double *week, size_t w, double t) {
  double weeks = floor(t / 7.0);
  double within = t - weeks * 7.0;
  size_t lo = 0, hi = w; /* first index with week[i] >= within */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (week[mid] < within)
      lo = mid + 1;
    else
      hi = mid;
  }
  return (uint64_t)weeks * w + lo;
}

eml_status eml_delay_simulate(const eml_delay_sim *s, eml_delay_result *out, eml_diag *diag) {
  memset(out, 0, sizeof *out);
  if (!(s->rate_per_day > 0) || s->machines < 1 || s->machines > 64 || !(s->exam_minutes > 0) ||
      !(s->days > 0) || s->warmup_days < 0) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                 "une simulation demande un taux au-dessus de 0, de 1 à 64 machines, une durée "
                 "d'examen au-dessus de 0 et des jours à compter");
    return EML_ERR_VALUE;
  }
  if (!s->open_always && (!sessions_valid(s) || slots_per_session(s) < 1)) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                 "de 1 à 12 séances par semaine d'au plus 6 heures, chacune tenant au moins un "
                 "examen");
    return EML_ERR_VALUE;
  }
  double expected = s->rate_per_day * (s->days + s->warmup_days);
  if (expected > REQUESTS_MAX) {
    eml_diag_set(diag, NULL, 0, "--days", NULL, 0,
                 "%.0f demandes à simuler, plus de %.0f : moins de jours", expected,
                 REQUESTS_MAX);
    return EML_ERR_VALUE;
  }
  size_t w = 0;
  double *week = NULL;
  double service_days = s->exam_minutes / MINUTES_PER_DAY;
  if (s->open_always) {
    out->utilisation = s->rate_per_day * service_days / s->machines;
  } else {
    week = week_slots(s, &w);
    if (!week)
      return EML_ERR_NOMEM;
    out->slots_per_week = (double)w * s->machines;
    out->utilisation = s->rate_per_day * 7.0 / out->slots_per_week;
  }
  if (out->utilisation >= 1) {
    free(week);
    /* the occupation with the language's decimal mark (docs/i18n.md) */
    char occupation[32];
    eml_number_format(out->utilisation * 100, 1, 0, occupation, sizeof occupation);
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                 "la demande atteint la capacité (occupation %s %%) : les délais croîtraient "
                 "sans fin",
                 occupation);
    return EML_ERR_VALUE;
  }
  size_t cap = (size_t)(s->rate_per_day * s->days * 1.1 + 64 + 10 * sqrt(expected));
  double *delays = malloc(cap * sizeof *delays);
  if (!delays) {
    free(week);
    return EML_ERR_NOMEM;
  }
  uint64_t free_slot[64] = {0};
  double free_at[64] = {0};
  eml_rng rng;
  eml_rng_seed(&rng, s->seed);
  double end = s->warmup_days + s->days, t = 0, sum = 0;
  size_t n = 0;
  eml_status st = EML_OK;
  for (;;) {
    t += eml_rng_exponential(&rng, 1.0 / s->rate_per_day);
    if (t >= end)
      break;
    double delay;
    if (s->open_always) {
      int best = 0;
      for (int m = 1; m < s->machines; m++)
        if (free_at[m] < free_at[best])
          best = m;
      double start = fmax(t, free_at[best]);
      free_at[best] = start + eml_rng_exponential(&rng, service_days);
      delay = start - t;
    } else {
      uint64_t first = first_slot_after(week, w, t), best_slot = 0;
      int best = -1;
      for (int m = 0; m < s->machines; m++) {
        uint64_t slot = free_slot[m] > first ? free_slot[m] : first;
        if (best < 0 || slot < best_slot) {
          best = m;
          best_slot = slot;
        }
      }
      free_slot[best] = best_slot + 1;
      delay = slot_time(week, w, best_slot) - t;
    }
    if (t < s->warmup_days)
      continue;
    delays = eml_grow_one(delays, &cap, n, sizeof *delays, &st);
    if (st)
      break;
    delays[n++] = delay;
    sum += delay;
  }
  free(week);
  if (!st && n == 0) {
    eml_diag_set(diag, NULL, 0, "--days", NULL, 0, "aucune demande n'est arrivée dans les jours comptés");
    st = EML_ERR_VALUE;
  }
  if (!st) {
    out->n = n;
    out->mean_days = sum / (double)n;
    qsort(delays, n, sizeof *delays, cmp_double);
    out->p20 = eml_quantile_sorted(delays, n, 0.2);
    out->median = eml_quantile_sorted(delays, n, 0.5);
    out->p80 = eml_quantile_sorted(delays, n, 0.8);
  }
  free(delays);
  return st;
}

/* A delay in days as the seed prints them: whole days without decimals,
 * else one (lib/imaging/appointments.c does the same for the survey). */
static void set_days(eml_table *t, size_t row, size_t col, double days) {
  double rounded = round(days * 10) / 10;
  eml_table_set_real(t, row, col, rounded, rounded == floor(rounded) ? 0 : 1, 0);
}

eml_status eml_delay_table(const eml_delay_sim *s, const eml_delay_change *changes,
                           size_t nchanges, double late_cut_min, eml_table **out,
                           eml_diag *diag) {
  *out = NULL;
  eml_table *t = eml_table_new("delays", "Délais de rendez-vous simulés (jours)");
  eml_table_add_column(t, NULL, "Situation", "situation");
  eml_table_add_column(t, "Capacité", "Machines", "machines");
  eml_table_add_column(t, "Capacité", "Créneaux par semaine", "slots_per_week");
  eml_table_add_column(t, "Demande", "Demandes par semaine", "requests_per_week");
  eml_table_add_column(t, "Demande", "Taux d'occupation", "occupation");
  eml_table_add_column(t, "Délai (jours)", NF_("20 % des patients"), "p20_days");
  eml_table_add_column(t, "Délai (jours)", "Médiane", "median_days");
  eml_table_add_column(t, "Délai (jours)", NF_("80 % des patients"), "p80_days");
  eml_table_add_column(t, "Délai (jours)", "Moyenne", "mean_days");
  eml_table_add_column(t, NULL, "Nombre de demandes", "requests");
  eml_status st = EML_OK;
  for (size_t k = 0; k <= nchanges && !st; k++) {
    eml_delay_sim v = *s;
    char label[128], cut[32];
    snprintf(label, sizeof label, "%s", _("Situation actuelle"));
    if (k > 0) {
      switch (changes[k - 1]) {
      case EML_DELAY_CHANGE_MACHINE:
        v.machines++;
        snprintf(label, sizeof label, "%s", _("Une machine de plus"));
        break;
      case EML_DELAY_CHANGE_SESSION:
        v.sessions_per_week++;
        snprintf(label, sizeof label, "%s", _("Une séance de plus par semaine et par machine"));
        break;
      case EML_DELAY_CHANGE_LATE_START:
        v.session_hours += late_cut_min / 60.0;
        snprintf(label, sizeof label, _("Retards de début réduits de %s min par séance"),
                 plan_number_short(late_cut_min, cut, sizeof cut));
        break;
      default:
        st = EML_ERR_VALUE;
        eml_diag_set(diag, NULL, 0, "--change", NULL, 0, "changement inconnu");
        continue;
      }
    }
    eml_delay_result r;
    st = eml_delay_simulate(&v, &r, diag);
    if (st && k > 0) {
      char why[EML_DIAG_MESSAGE_MAX];
      snprintf(why, sizeof why, "%s", diag->message);
      eml_diag_set(diag, NULL, 0, "--change", NULL, 0, "%s : %s", label, why);
    }
    if (st)
      break;
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, label);
    eml_table_set_int(t, row, 1, v.machines, 0);
    if (!v.open_always)
      eml_table_set_int(t, row, 2, (int64_t)r.slots_per_week, 0);
    eml_table_set_real(t, row, 3, v.rate_per_day * 7.0, 1, 0);
    eml_table_set_real(t, row, 4, r.utilisation, 1, EML_CELL_PERCENT);
    set_days(t, row, 5, r.p20);
    set_days(t, row, 6, r.median);
    set_days(t, row, 7, r.p80);
    set_days(t, row, 8, r.mean_days);
    eml_table_set_int(t, row, 9, (int64_t)r.n, 0);
  }
  if (st) {
    eml_table_free(t);
    return st;
  }
  char rate[32], hours[32], minutes[32];
  plan_number_short(s->rate_per_day, rate, sizeof rate);
  plan_number_short(s->session_hours, hours, sizeof hours);
  plan_number_short(s->exam_minutes, minutes, sizeof minutes);
  eml_table_add_notef(t, "Demandes : %s par jour, tous les jours (processus de Poisson), hors cas urgents ; "
                    "chacune prend le premier créneau libre après son arrivée.", rate);
  if (s->open_always)
    eml_table_add_notef(t, "Contrôle par la théorie des files d'attente : ouvert en permanence, durées "
                      "exponentielles de moyenne %s min (file M/M/c, la première machine libre).",
                   minutes);
  else
    eml_table_add_notef(t,
                        _n("Capacité : %d séance de %s h par semaine et par machine, du lundi au "
                           "samedi (08:00, puis 14:00 au-delà de 6), en créneaux de %s min ; un "
                           "créneau non réservé est perdu.",
                           "Capacité : %d séances de %s h par semaine et par machine, du lundi "
                           "au samedi (08:00, puis 14:00 au-delà de 6), en créneaux de %s min ; "
                           "un créneau non réservé est perdu.",
                           s->sessions_per_week),
                        s->sessions_per_week, hours, minutes);
  eml_table_add_notef(t, "Simulation : %.0f jours comptés après %.0f jours de mise en route, graine %llu "
                    "(même graine, même résultat) ; quantiles de type 7 (R).",
                 s->days, s->warmup_days, (unsigned long long)s->seed);
  return eml_table_finish(t, out);
}
