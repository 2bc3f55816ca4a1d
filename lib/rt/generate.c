/*
 * generate.c — a synthetic year of radiotherapy data (spec radiotherapy.md,
 * "Synthetic data"): the five rt_*.csv files for N centres, from a seed,
 * with the deterministic PRNG splitmix64 (same seed, same files).
 *
 * Model: each centre gets a profile, in turn, so that any N ≥ 6 holds every
 * case: 0 conforming (≈360 treatments per machine), 1 saturated (≈560, short
 * of oncologists), 2 a renewal (≈475 on three accelerators, the third of
 * which replaced an old one on 1 July: a temporary overload), 3 teaching centre (four
 * accelerators 6-20 MV, brachytherapy, ≥ 10 % special techniques, ≈1 000
 * patients), 4 non-conforming (a cobalt beside a one-energy accelerator,
 * no network, short imaging access), 5 single-machine installation (an
 * isolated accelerator with a cooperation agreement, or every second time a
 * lone cobalt). Courses start from 1 December of the year before to mid
 * December, last 5 to 30 working days, one passage a working day; some are
 * complemented (`continues`), bifractionated (two passages six hours apart),
 * given on two machines in one visit, or to inpatients; some patients have
 * a second treatment later in the year.
 */
#include "eml/progress.h"
#include "rt_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct rng {
  uint64_t state;
} rng;

static uint64_t next_u64(rng *r) {
  uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static long below(rng *r, long n) { return n > 0 ? (long)(next_u64(r) % (uint64_t)n) : 0; }
/* True with probability pct %. */
static int chance(rng *r, int pct) { return below(r, 100) < pct; }

typedef enum { P_CONFORMING, P_SATURATED, P_RENEWAL, P_TEACHING, P_NONCONFORMING, P_SINGLE,
               P_COUNT } profile;

/* A machine that passages go to; a renewal is one slot: the old machine
 * (old_id) before the day the new one came into service (renewed_on). */
typedef struct gen_machine {
  char id[40], old_id[40];
  int high_energy, brachy;
  eml_date renewed_on;
} gen_machine;

/* The machine of slot m in service on day. */
static const char *machine_on(const gen_machine *m, eml_date day) {
  return m->old_id[0] && day < m->renewed_on ? m->old_id : m->id;
}

typedef struct gen_files {
  FILE *f[EML_RT_FILE_COUNT];
  int64_t passages; /* written so far, for the progress line */
} gen_files;

static const char *const role_codes[] = {"ONCOLOGIST", "PHYSICIST", "RTT", "DOSIMETRIST"};
static const char *const specials[] = {"TBI", "TSEI", "SRS", "SRT", "IORT", "PEDIATRIC"};
static const char *const pathologies[] = {"C50.9", "C61", "C34.1", "C53.9", "C20", "C15.9",
                                          "C32.9", "C81.9", "C79.5", "C71.9"};

/* Next working day on or after d. */
static eml_date working_day(eml_date d) {
  while (eml_date_weekday(d) >= 6)
    d++;
  return d;
}

static void session_line(gen_files *g, const char *patient, const char *course, const char *machine,
                         eml_date day, int minute, int fields, int inpatient) {
  char date[16];
  FILE *f = g->f[EML_RT_FILE_SESSIONS];
  eml_date_format(day, date, sizeof date);
  g->passages++;
  fprintf(f, "%s,%s,%s,%sT%02d:%02d,%d,%d\n", patient, course, machine, date, minute / 60,
          minute % 60, fields, inpatient);
}

/* One course and its passages; returns the date of its last passage. */
static eml_date write_course(gen_files *g, rng *r, const char *course, const char *patient,
                             const char *finess, const char *pathology, int brachy,
                             const char *technique, eml_date start, int fractions,
                             const char *continues, const gen_machine *machines, size_t n_machines,
                             int year) {
  /* the machine(s): brachytherapy on the projector, else one or two
   * high-energy machines */
  size_t he[8] = {0}, n_he = 0, projector = 0;
  for (size_t i = 0; i < n_machines; i++) {
    if (machines[i].high_energy && n_he < 8)
      he[n_he++] = i;
    if (machines[i].brachy)
      projector = i;
  }
  size_t first = brachy ? projector : he[below(r, (long)n_he)];
  int two_machines = !brachy && n_he >= 2 && chance(r, 6);
  size_t second = two_machines ? he[(size_t)(below(r, (long)n_he - 1) + 1 + (long)first) % n_he] : first;
  if (second == first)
    two_machines = 0;
  int bifractionated = !brachy && chance(r, 5);
  int inpatient = chance(r, 10);
  int minute = 8 * 60 + 10 * (int)below(r, 54); /* 08:00 to 16:50 */
  eml_date day = working_day(start);
  for (int k = 0; k < fractions; k++) {
    int fields = brachy ? 1 : 2 + (int)below(r, 6);
    session_line(g, patient, course, machine_on(&machines[first], day),
                 day, minute, fields, inpatient);
    if (two_machines)
      session_line(g, patient, course,
                   machine_on(&machines[second], day), day, minute + 15, 2, inpatient);
    if (bifractionated)
      session_line(g, patient, course, machine_on(&machines[first], day), day,
                   minute < 12 * 60 ? minute + 6 * 60 : minute - 4 * 60, fields, inpatient);
    if (k + 1 < fractions)
      day = working_day(day + 1);
  }
  char started[16], closed[16] = "";
  eml_date_format(working_day(start), started, sizeof started);
  /* a course still under way at the end of the year is open */
  if (day <= eml_date_from_civil(year, 12, 31))
    eml_date_format(day, closed, sizeof closed);
  fprintf(g->f[EML_RT_FILE_COURSES], "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", course, patient, finess,
          pathology, brachy ? "BRACHY" : "EXTERNAL", technique, started, closed,
          continues ? continues : "");
  return day;
}

static void write_centre(gen_files *g, rng *r, int index, int year) {
  profile p = (profile)(index % P_COUNT);
  int lone_cobalt = p == P_SINGLE && (index / P_COUNT) % 2 == 1;
  static const char *const departements[] = {"75", "92", "93", "94"};
  char digits[16], finess[32];
  snprintf(digits, sizeof digits, "%s0%05d", departements[index % 4], 10000 + index);
  snprintf(finess, sizeof finess, "%.8s%d", digits, eml_finess_key(digits) % 10);
  static const char *const names[P_COUNT] = {"Centre de radiothérapie", "Institut de radiothérapie",
                                             "Clinique de cancérologie", "CHU - radiothérapie",
                                             "Centre de rayons", "Radiothérapie de proximité"};
  int n_linacs = p == P_TEACHING ? 4 : p == P_RENEWAL ? 3 : p == P_SINGLE ? !lone_cobalt
                 : p == P_NONCONFORMING ? 1 : 2;
  int cobalt = p == P_NONCONFORMING || lone_cobalt;
  int he = n_linacs + cobalt;
  double per_machine = p == P_SATURATED ? 560 : p == P_RENEWAL ? 475
                       : p == P_TEACHING ? 255 : p == P_SINGLE ? 330 : 360;
  long treatments = (long)(per_machine * he);
  int teaching = p == P_TEACHING, good = p != P_NONCONFORMING;
  double imaging = good ? 3.5 * he + 2 : 2;
  fprintf(g->f[EML_RT_FILE_CENTRES], "%s,%s %d,%s,%d,%s,%d,%d,%s,%.1f,%d,%d,%d,%d\n", finess,
          names[p], index + 1, departements[index % 4], teaching,
          p == P_SINGLE ? "isolated" : "", good, 1, good ? "on_site" : "none", imaging, good,
          teaching, teaching, p == P_SINGLE);

  gen_machine machines[8];
  size_t n = 0;
  char from[16];
  eml_date_format(eml_date_from_civil(year - 6 + (int)below(r, 4), 3, 1), from, sizeof from);
  for (int i = 0; i < n_linacs; i++, n++) {
    memset(&machines[n], 0, sizeof machines[n]);
    snprintf(machines[n].id, sizeof machines[n].id, "%.9s-L%d", finess, i + 1);
    machines[n].high_energy = 1;
    const char *mv = teaching ? (i % 2 ? "6;10;20" : "6;18") : p == P_NONCONFORMING ? "6" : "6;18";
    int modern = teaching || i == 0;
    char since[16];
    snprintf(since, sizeof since, "%s", from);
    if (p == P_RENEWAL && i == n_linacs - 1) {
      /* the old accelerator L0 until 30 June, replaced by this one */
      machines[n].renewed_on = eml_date_from_civil(year, 7, 1);
      snprintf(machines[n].old_id, sizeof machines[n].old_id, "%.9s-L0", finess);
      eml_date_format(machines[n].renewed_on, since, sizeof since);
      fprintf(g->f[EML_RT_FILE_MACHINES], "%s,%s,LINAC,6;18,1,0,0,0,1,0,2005-03-01,%d-06-30,\n",
              machines[n].old_id, finess, year);
      modern = 1;
    }
    fprintf(g->f[EML_RT_FILE_MACHINES], "%s,%s,LINAC,%s,%d,%d,%d,%d,%d,%d,%s,,%s\n",
            machines[n].id, finess, mv, p != P_NONCONFORMING, modern, modern,
            (teaching && i < 2) || machines[n].old_id[0], teaching || good, teaching || modern,
            since, machines[n].old_id);
  }
  if (cobalt) {
    memset(&machines[n], 0, sizeof machines[n]);
    snprintf(machines[n].id, sizeof machines[n].id, "%.9s-CO", finess);
    machines[n].high_energy = 1;
    fprintf(g->f[EML_RT_FILE_MACHINES], "%s,%s,COBALT,1.25,0,0,0,0,0,0,1998-01-01,,\n",
            machines[n].id, finess);
    n++;
  }
  if (teaching) {
    memset(&machines[n], 0, sizeof machines[n]);
    snprintf(machines[n].id, sizeof machines[n].id, "%.9s-B", finess);
    machines[n].brachy = 1;
    fprintf(g->f[EML_RT_FILE_MACHINES], "%s,%s,BRACHY,,0,0,0,0,1,0,%s,,\n", machines[n].id, finess,
            from);
    n++;
  }
  fprintf(g->f[EML_RT_FILE_MACHINES], "%s-SIM,%s,SIMULATOR,,0,0,0,0,0,0,%s,,\n", finess, finess,
          from);

  /* staff for the year: enough, except where the profile says short */
  double onc = p == P_SATURATED ? 1 : treatments / (teaching ? 200.0 : 330.0);
  double phys = p == P_NONCONFORMING ? 0.5 : treatments / (teaching ? 280.0 : 450.0);
  double rtt = 2.0 * he + 1 + (teaching ? 2 : 0);
  double dosi = teaching ? treatments / 400.0 : 1;
  const double fte[] = {onc < 1 ? 1 : onc + 0.2, phys < 0.5 ? 0.5 : phys + 0.2, rtt, dosi + 0.5};
  for (int k = 0; k < EML_RT_ROLE_COUNT; k++)
    fprintf(g->f[EML_RT_FILE_STAFF], "%s,%d,%s,%.1f\n", finess, year, role_codes[k], fte[k]);

  /* courses from 1 December of the year before to 15 December */
  eml_date window_start = eml_date_from_civil(year - 1, 12, 1);
  long window = eml_date_from_civil(year, 12, 15) - window_start;
  long n_treatments = treatments + treatments / 12; /* those that will not close in the year */
  for (long t = 0; t < n_treatments; t++) {
    char patient[64], course[64], complement[80];
    /* about one patient in twelve comes back for a second treatment
     * (Annex II example 2) */
    long who = t >= 50 && chance(r, 8) ? t - 1 - below(r, 49) : t;
    snprintf(patient, sizeof patient, "PAT-%.9s-%05ld", finess, who);
    snprintf(course, sizeof course, "C-%.9s-%05ld", finess, t);
    int brachy = teaching && chance(r, 8);
    const char *technique = "STANDARD";
    if (brachy && chance(r, 40))
      technique = "SPECIAL_BRACHY";
    else if (!brachy && chance(r, teaching ? 12 : 2))
      technique = specials[below(r, 6)];
    int fractions = brachy ? 2 + (int)below(r, 4) : chance(r, 30) ? 5 + (int)below(r, 6)
                                                                 : 20 + (int)below(r, 11);
    eml_date start = window_start + (eml_date)below(r, window);
    const char *pathology = pathologies[below(r, 10)];
    eml_date end = write_course(g, r, course, patient, finess, pathology, brachy, technique, start,
                                fractions, NULL, machines, n, year);
    if (!brachy && chance(r, 15)) { /* a complement: same treatment (Annex II example 1) */
      snprintf(complement, sizeof complement, "%s-b", course);
      write_course(g, r, complement, patient, finess, pathology, 0, "STANDARD", end + 10,
                   3 + (int)below(r, 6), course, machines, n, year);
    }
  }
}

eml_status eml_rt_generate(const eml_rt_generate_options *o, const char *dir, eml_diag *diag) {
  static const char *const headers[EML_RT_FILE_COUNT] = {
      "finess,name,territory,teaching,single_machine_case,ct_simulation,conventional_dosimetry,"
      "dosimetry_3d,imaging_access_h,network,hdr_oncologist,hdr_physicist,cooperation_agreement",
      "machine_id,finess,kind,photon_mv,electrons,mlc,portal_imaging,imrt,in_vivo_dosimetry,"
      "parameter_control,in_service_from,in_service_until,replaces",
      "finess,year,role,fte",
      "course_id,patient_id,finess,pathology,modality,technique,started_on,closed_on,continues",
      "patient_id,course_id,machine_id,start,fields,inpatient"};
  if (!o || o->centres < 1 || o->centres > 200 || o->year < 1990 || o->year > 2200) {
    eml_diag_set(diag, NULL, 0, "--centres", NULL, 0, "de 1 à 200 centres, année de 1990 à 2200");
    return EML_ERR_USAGE;
  }
  gen_files g;
  memset(&g, 0, sizeof g);
  eml_status st = EML_OK;
  for (int f = 0; f < EML_RT_FILE_COUNT && !st; f++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, eml_rt_file_name((eml_rt_file)f));
    if (!(g.f[f] = fopen(path, "w"))) {
      eml_diag_set(diag, path, 0, NULL, NULL, 0, "écriture impossible : %s", eml_errno_text(errno));
      st = EML_ERR_IO;
    } else {
      fprintf(g.f[f], "%s\n", headers[f]);
    }
  }
  rng r = {o->seed};
  eml_progress_begin(EML_PROGRESS_RT_WRITE, o->centres); /* eml/progress.h */
  for (int c = 0; c < o->centres && !st; c++) {
    int64_t before = g.passages;
    write_centre(&g, &r, c, o->year);
    eml_progress_add(1, g.passages - before);
  }
  eml_progress_end();
  for (int f = 0; f < EML_RT_FILE_COUNT; f++)
    if (g.f[f] && (ferror(g.f[f]) | fclose(g.f[f])) && !st) {
      eml_diag_set(diag, eml_rt_file_name((eml_rt_file)f), 0, NULL, NULL, 0, "erreur d'écriture");
      st = EML_ERR_IO;
    }
  return st;
}
