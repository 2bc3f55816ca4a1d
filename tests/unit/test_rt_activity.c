/*
 * test_rt_activity.c — the activity counts of Annex II of the circulaire
 * DHOS/SDO/O 1 n° 2002-299 (seed 002), each example of the annex as a
 * fixture whose count comes out as the annex says; the sentence of the
 * annex each case encodes is quoted above it. Expected values are the
 * annex's own, or counted by hand in the comment.
 */
#include "test_rt_fixture.h"

/* Activity of 2024 at centre A (two accelerators L1, L2 and a cobalt CO). */
static eml_rt_activity *activity_of(const char *courses, const char *sessions, int gap_s,
                                    eml_rt_data **data_out) {
  eml_rt_data *d = rt_load(CENTRES_HDR CENTRE_A,
                           MACHINES_HDR LINACS_A "CO,750100000,COBALT,,0,0,0,0,1,0,2015-01-01,\n",
                           NULL, courses, sessions);
  assert_int_equal(rt_last_rejects.count, 0);
  eml_rt_options o;
  eml_rt_options_default(&o);
  if (gap_s >= 0)
    o.visit_gap_s = gap_s;
  eml_rt_activity *a = NULL;
  assert_int_equal(eml_rt_activity_compute(d, 2024, &o, &a), EML_OK);
  if (data_out)
    *data_out = d;
  else
    eml_rt_data_free(d);
  return a;
}

/* "Traitement" — the five examples of the annex, one line each. */
static void annex_treatment_examples(void **state) {
  (void)state;
  static const struct {
    const char *courses;
    long treatments, patients;
  } cases[] = {
      /* Exemple 1 : « cancer du col utérin traitée par une 1re mise en traitement
       * (irradiation du pelvis) puis d'une 2e mise en traitement quinze jours après
       * (complément au niveau des paramètres) : 1 seul traitement. » The
       * complement names the pelvis course in `continues`. */
      {"PELVIS,P1,750100000,C53.9,EXTERNAL,,2024-03-01,2024-04-10,\n"
       "PARAM,P1,750100000,C53.9,EXTERNAL,,2024-04-25,2024-05-03,PELVIS\n",
       1, 1},
      /* Exemple 2 : « cancer du sein traitée par radiothérapie externe en février
       * puis pour des métastases osseuses lombaires et tibiales en novembre :
       * 2 traitements différents. » Two schemes, one patient. */
      {"BREAST,P2,750100000,C50.9,EXTERNAL,,2024-02-01,2024-02-29,\n"
       "METAS,P2,750100000,C79.5,EXTERNAL,,2024-11-04,2024-11-15,\n",
       2, 1},
      /* Exemple 3 : « cancer ORL et cancer de l'oesophage traité [...] sur ses deux
       * tumeurs de façon concomitante mais dans deux volumes-cibles différents :
       * 2 traitements. » Two courses on the same dates, neither continues. */
      {"ORL,P3,750100000,C32.9,EXTERNAL,,2024-05-06,2024-06-14,\n"
       "OESO,P3,750100000,C15.9,EXTERNAL,,2024-05-06,2024-06-14,\n",
       2, 1},
      /* Exemple 4 : « maladie de Hodgkin traité [...] sur un mantelet puis sur un Y
       * inversé : 2 traitements. » The Y is a new scheme, not a complement. */
      {"MANTLE,P4,750100000,C81.9,EXTERNAL,,2024-01-08,2024-02-09,\n"
       "YINV,P4,750100000,C81.9,EXTERNAL,,2024-03-04,2024-04-05,\n",
       2, 1},
      /* Exemple 5 : « cancer de la prostate irradié simultanément sur plusieurs
       * métastases osseuses : 1 traitement. » One scheme over several volumes. */
      {"PROSTMETAS,P5,750100000,C79.5,EXTERNAL,,2024-09-02,2024-09-13,\n", 1, 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char courses[1024];
    snprintf(courses, sizeof courses, COURSES_HDR "%s", cases[i].courses);
    eml_rt_activity *a = activity_of(courses, NULL, -1, NULL);
    if (a->centre[0].treatments != cases[i].treatments || a->centre[0].patients != cases[i].patients)
      fail_msg("example %zu: %ld treatments, %ld patients", i + 1, a->centre[0].treatments,
               a->centre[0].patients);
    assert_int_equal(a->region.treatments, cases[i].treatments);
    eml_rt_activity_free(a);
  }
}

/* « clos entre le 2 janvier et le 31 décembre de l'année considérée » */
static void closing_window(void **state) {
  (void)state;
  static const struct {
    const char *courses;
    long treatments;
  } cases[] = {
      {"C,P,750100000,C61,EXTERNAL,,2023-12-01,2024-01-01,\n", 0}, /* 1 January: not in Y */
      {"C,P,750100000,C61,EXTERNAL,,2023-12-01,2024-01-02,\n", 1}, /* 2 January: in Y */
      {"C,P,750100000,C61,EXTERNAL,,2024-12-01,2024-12-31,\n", 1}, /* 31 December: in Y */
      {"C,P,750100000,C61,EXTERNAL,,2024-12-01,2025-01-02,\n", 0}, /* next year */
      {"C,P,750100000,C61,EXTERNAL,,2024-12-01,,\n", 0},           /* still open */
      /* closed when its last course is closed: the complement closes in Y */
      {"C,P,750100000,C61,EXTERNAL,,2023-11-01,2023-12-20,\n"
       "K,P,750100000,C61,EXTERNAL,,2023-12-27,2024-01-05,C\n",
       1},
      /* the initial scheme closed in Y, its complement still open: not closed */
      {"C,P,750100000,C61,EXTERNAL,,2024-11-01,2024-12-10,\n"
       "K,P,750100000,C61,EXTERNAL,,2024-12-20,,C\n",
       0},
      /* a complement of a complement: one treatment, closed on the latest */
      {"C,P,750100000,C61,EXTERNAL,,2024-03-01,2024-03-20,\n"
       "K,P,750100000,C61,EXTERNAL,,2024-03-25,2024-03-29,C\n"
       "L,P,750100000,C61,EXTERNAL,,2024-04-02,2024-04-05,K\n",
       1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char courses[1024];
    snprintf(courses, sizeof courses, COURSES_HDR "%s", cases[i].courses);
    eml_rt_activity *a = activity_of(courses, NULL, -1, NULL);
    if (a->centre[0].treatments != cases[i].treatments)
      fail_msg("case %zu: %ld treatments", i, a->centre[0].treatments);
    eml_rt_activity_free(a);
  }
}

/* Malade: « compté qu'une seule fois quel que soit le nombre de traitements » ;
 * treatments split by modality and special technique. */
static void patients_and_kinds(void **state) {
  (void)state;
  eml_rt_activity *a = activity_of(
      COURSES_HDR "A1,P1,750100000,C50.9,EXTERNAL,,2024-02-01,2024-02-29,\n"
                  "A2,P1,750100000,C79.5,EXTERNAL,SRS,2024-11-04,2024-11-04,\n"
                  "B1,P2,750100000,C53.9,BRACHY,SPECIAL_BRACHY,2024-05-02,2024-05-10,\n"
                  "C1,P3,750100000,C61,EXTERNAL,,2024-06-03,2024-07-12,\n"
                  "C2,P3,750100000,C61,EXTERNAL,IORT,2024-07-15,2024-07-15,C1\n"
                  "D1,P4,750100000,C61,EXTERNAL,,2023-06-03,2023-07-12,\n",
      NULL, -1, NULL);
  const eml_rt_counts *c = &a->centre[0];
  /* treatments: A1, A2, B1, C1(+C2) = 4 (D1 closed in 2023);
   * external 3, brachy 1; special: A2 (SRS), B1, C1 via its complement = 3;
   * patients P1, P2, P3 = 3, all three with a special treatment */
  assert_int_equal(c->treatments, 4);
  assert_int_equal(c->treatments_external, 3);
  assert_int_equal(c->treatments_brachy, 1);
  assert_int_equal(c->treatments_special, 3);
  assert_int_equal(c->patients, 3);
  assert_int_equal(c->patients_special, 3);
  eml_rt_activity_free(a);
}

#define ONE_COURSE COURSES_HDR "C,P,750100000,C61,EXTERNAL,,2024-03-01,2024-04-30,\n"

/* "Venue", "Séance PMSI", "Passage machine" and "Champ": one case a line. */
static void annex_visit_examples(void **state) {
  (void)state;
  static const struct {
    const char *what, *sessions;
    long venues, seances, passages, fields;
  } cases[] = {
      /* « Patient venant le même jour en externe pour un passage machine au cobalt
       * et un passage machine à l'accélérateur : 1 seule venue » and « 2 passages
       * machine » ; an outpatient venue is a séance PMSI. */
      {"cobalt then accelerator",
       "P,C,CO,2024-03-04T09:00,2,0\nP,C,L1,2024-03-04T09:20,3,0\n", 1, 1, 2, 5},
      /* « Patient hospitalisé venant le même jour pour un passage machine le matin
       * et un autre l'après-midi : 2 venues » and « 2 passages machine » ; an
       * inpatient's venue is not a séance PMSI. */
      {"inpatient morning and afternoon",
       "P,C,L1,2024-03-04T09:00,4,1\nP,C,L1,2024-03-04T15:00,4,1\n", 2, 0, 2, 8},
      /* « on comptera 2 venues par jour pour les bifractionnés » : 2 days */
      {"bifractionated, two days",
       "P,C,L1,2024-03-04T08:00,2,0\nP,C,L1,2024-03-04T14:00,2,0\n"
       "P,C,L1,2024-03-05T08:00,2,0\nP,C,L1,2024-03-05T14:00,2,0\n",
       4, 4, 4, 8},
      /* « et 3 pour les trifractionnés » */
      {"trifractionated",
       "P,C,L1,2024-03-04T08:00,2,0\nP,C,L1,2024-03-04T12:00,2,0\n"
       "P,C,L1,2024-03-04T16:00,2,0\n",
       3, 3, 3, 6},
      /* two passages on the same machine within one venue: one passage machine
       * (« autant de passages machine que d'appareils de traitement utilisés ») */
      {"same machine twice in a visit",
       "P,C,L1,2024-03-04T09:00,2,0\nP,C,L1,2024-03-04T09:30,3,0\n", 1, 1, 1, 5},
      /* the gap is measured from the previous passage's start: exactly 3 h stays
       * in the venue, 3 h 01 opens a new one */
      {"exactly the gap", "P,C,L1,2024-03-04T09:00,1,0\nP,C,L2,2024-03-04T12:00,1,0\n", 1, 1, 2,
       2},
      {"just over the gap", "P,C,L1,2024-03-04T09:00,1,0\nP,C,L2,2024-03-04T12:01,1,0\n", 2, 2, 2,
       2},
      /* 09:00, 11:30, 14:00: each within 3 h of the previous: one venue */
      {"chained passages",
       "P,C,L1,2024-03-04T09:00,1,0\nP,C,L2,2024-03-04T11:30,1,0\nP,C,CO,2024-03-04T14:00,1,0\n",
       1, 1, 3, 3},
      /* one venue per day even 1 h apart across midnight */
      {"two days", "P,C,L1,2024-03-04T23:30,1,0\nP,C,L1,2024-03-05T00:30,1,0\n", 2, 2, 2, 2},
      /* the March change: 01:30 CET then 04:00 CEST are 1 h 30 apart: one venue */
      {"daylight saving", "P,C,L1,2024-03-31T01:30,1,0\nP,C,L2,2024-03-31T04:00,1,0\n", 1, 1, 2,
       2},
      /* a venue with one inpatient passage is not a séance */
      {"mixed inpatient", "P,C,CO,2024-03-04T09:00,1,0\nP,C,L1,2024-03-04T09:20,1,1\n", 1, 0, 2,
       2},
      /* dated in the year before: not counted */
      {"previous year", "P,C,L1,2023-12-29T09:00,3,0\n", 0, 0, 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char sessions[1024];
    snprintf(sessions, sizeof sessions, SESSIONS_HDR "%s", cases[i].sessions);
    const char *courses = strstr(cases[i].sessions, "2023-")
                              ? COURSES_HDR "C,P,750100000,C61,EXTERNAL,,2023-12-01,2024-01-30,\n"
                              : ONE_COURSE;
    eml_rt_activity *a = activity_of(courses, sessions, -1, NULL);
    const eml_rt_counts *c = &a->centre[0];
    if (c->venues != cases[i].venues || c->seances != cases[i].seances ||
        c->passages != cases[i].passages || c->fields != cases[i].fields)
      fail_msg("%s: %ld venues, %ld séances, %ld passages, %ld fields", cases[i].what, c->venues,
               c->seances, c->passages, c->fields);
    assert_int_equal(a->region.venues, cases[i].venues);
    eml_rt_activity_free(a);
  }
}

/* --visit-gap: with 2 h, passages 2 h 30 apart are two venues; with 4 h,
 * 08:00 / 11:30 / 15:00 stay one. */
static void visit_gap_option(void **state) {
  (void)state;
  const char *sessions = SESSIONS_HDR "P,C,L1,2024-03-04T08:00,1,0\nP,C,L1,2024-03-04T10:30,1,0\n"
                                      "P,C,L1,2024-03-04T13:00,1,0\n";
  eml_rt_activity *a = activity_of(ONE_COURSE, sessions, 2 * 3600, NULL);
  assert_int_equal(a->centre[0].venues, 3);
  eml_rt_activity_free(a);
  a = activity_of(ONE_COURSE, sessions, 4 * 3600, NULL);
  assert_int_equal(a->centre[0].venues, 1);
  assert_int_equal(a->centre[0].passages, 1);
  eml_rt_activity_free(a);
}

/* Per machine: passages, fields and patients; machine-years from the days
 * in service (2024 has 366 days). */
static void per_machine(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(
      CENTRES_HDR CENTRE_A,
      MACHINES_HDR "L1,750100000,LINAC,6;18,1,1,1,0,1,1,2015-01-01,\n"
                   "L2,750100000,LINAC,6;18,1,1,1,0,1,1,2024-07-01,\n"
                   "L3,750100000,LINAC,6;18,1,1,1,0,1,1,2010-01-01,2024-03-31\n",
      NULL,
      COURSES_HDR "C,P,750100000,C61,EXTERNAL,,2024-03-01,2024-04-30,\n"
                  "D,Q,750100000,C61,EXTERNAL,,2024-03-01,2024-04-30,\n",
      SESSIONS_HDR "P,C,L1,2024-03-04T09:00,2,0\nP,C,L2,2024-03-04T09:10,3,0\n"
                   "P,C,L1,2024-03-05T09:00,2,0\nQ,D,L1,2024-03-05T10:00,5,1\n");
  eml_rt_activity *a = NULL;
  assert_int_equal(eml_rt_activity_compute(d, 2024, NULL, &a), EML_OK);
  /* L1: 3 passages (P twice, Q once), 2+2+5 = 9 fields, 2 patients */
  assert_int_equal(a->machine[0].passages, 3);
  assert_int_equal(a->machine[0].fields, 9);
  assert_int_equal(a->machine[0].patients, 2);
  assert_int_equal(a->machine[1].passages, 1);
  assert_int_equal(a->machine[1].patients, 1);
  /* L1 all year: 366 days; L2 from 1 July: 31+31+30+31+30+31 = 184 days;
   * L3 until 31 March: 31+29+31 = 91 days */
  assert_int_equal(a->machine[0].days_in_service, 366);
  assert_int_equal(a->machine[1].days_in_service, 184);
  assert_int_equal(a->machine[2].days_in_service, 91);
  assert_float_equal(a->machine[1].machine_years, 184.0 / 366.0, 1e-12);
  /* venues: P on 4 and 5 March, Q on 5 March = 3; séances: Q is an inpatient = 2 */
  assert_int_equal(a->centre[0].venues, 3);
  assert_int_equal(a->centre[0].seances, 2);
  assert_int_equal(a->centre[0].passages, 4);
  eml_rt_activity_free(a);
  eml_rt_data_free(d);
}

/* The region: counts summed, patients distinct across centres (a patient
 * treated at two centres is one malade of the region). */
static void region_totals(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(
      CENTRES_HDR CENTRE_A "920100013,Centre B,92,0,,1,1,on_site,7,1,0,0,0\n",
      MACHINES_HDR LINACS_A "M1,920100013,LINAC,6;18,1,1,1,0,1,1,2015-01-01,\n", NULL,
      COURSES_HDR "A,P1,750100000,C50.9,EXTERNAL,,2024-02-01,2024-02-29,\n"
                  "B,P1,920100013,C79.5,EXTERNAL,,2024-10-01,2024-10-10,\n"
                  "C,P2,920100013,C61,EXTERNAL,,2024-10-01,2024-10-10,\n",
      SESSIONS_HDR "P1,A,L1,2024-02-01T09:00,2,0\nP1,B,M1,2024-10-01T09:00,2,0\n");
  eml_rt_activity *a = NULL;
  assert_int_equal(eml_rt_activity_compute(d, 2024, NULL, &a), EML_OK);
  assert_int_equal(a->centre[0].patients, 1);
  assert_int_equal(a->centre[1].patients, 2);
  assert_int_equal(a->region.patients, 2); /* P1 and P2, not 1 + 2 */
  assert_int_equal(a->region.treatments, 3);
  assert_int_equal(a->region.venues, 2);
  eml_rt_activity_free(a);
  eml_rt_data_free(d);
}

/* Suspicious but valid data (spec README): kept, counted in the quality
 * table. One passage for each kind, and the counts still made. */
static void data_quality(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(
      CENTRES_HDR CENTRE_A,
      MACHINES_HDR LINACS_A "L3,750100000,LINAC,6;18,1,1,1,0,1,1,2010-01-01,2024-03-31\n", NULL,
      COURSES_HDR "C,P,750100000,C61,EXTERNAL,,2024-03-01,2024-11-30,\n"
                  "O,Q,750100000,C61,EXTERNAL,,2024-12-02,,\n"
                  "F,R,750100000,C61,EXTERNAL,,2025-01-06,,\n"
                  /* the window's edges (issue 14 item 10) */
                  "J1,S,750100000,C61,EXTERNAL,,2023-11-20,2024-01-01,\n"  /* 1 January */
                  "J2,T,750100000,C61,EXTERNAL,,2023-11-20,2024-01-02,\n"  /* 2 January: counted */
                  "K1,U,750100000,C50.9,EXTERNAL,,2024-11-04,2024-12-20,\n" /* chain K1 + K2 */
                  "K2,U,750100000,C50.9,EXTERNAL,,2024-12-23,2025-01-10,K1\n"
                  "L,V,750100000,C61,EXTERNAL,,2024-12-16,2025-01-01,\n",
      SESSIONS_HDR "P,C,L1,2024-10-27T02:30,2,0\n"  /* ambiguous: the October hour */
                   "P,C,L1,2024-03-31T02:30,2,0\n"  /* skipped: the March hour */
                   "P,C,L1,2024-02-26T09:00,2,0\n"  /* before the course started */
                   "P,C,L3,2024-04-02T09:00,2,0\n"  /* L3 out of service since 31 March */
                   "P,C,L2,2024-05-02T09:00,0,0\n"  /* no field */
                   "P,C,L2,2023-05-02T09:00,0,0\n"); /* other year: not looked at */
  eml_rt_activity *a = NULL;
  assert_int_equal(eml_rt_activity_compute(d, 2024, NULL, &a), EML_OK);
  assert_int_equal(a->quality.times_ambiguous, 1);
  assert_int_equal(a->quality.times_skipped, 1);
  assert_int_equal(a->quality.outside_course, 1);
  assert_int_equal(a->quality.outside_service, 1);
  assert_int_equal(a->quality.zero_fields, 1);
  assert_int_equal(a->quality.open_treatments, 1); /* O; F starts in 2025 */
  /* closed on 1 January 2024: J1 (in no year; J2, closed on the 2nd, is
   * counted); open on 31 December 2024 and closed after it: the chain
   * K1 + K2 (closed with K2 on 10 January 2025, though K1 closed in
   * December) and L (1 January 2025) */
  assert_int_equal(a->quality.closed_jan1, 1);
  assert_int_equal(a->quality.open_closed_later, 2);
  assert_int_equal(a->centre[0].treatments, 2); /* C and J2 */
  assert_int_equal(a->centre[0].venues, 5);
  assert_int_equal(a->centre[0].fields, 8);
  eml_rt_activity_free(a);
  /* 2025: L closed on 1 January is in no year; K (10 January) is counted;
   * nothing of 2025 is open on 31 December 2025 and closed later */
  assert_int_equal(eml_rt_activity_compute(d, 2025, NULL, &a), EML_OK);
  assert_int_equal(a->quality.closed_jan1, 1);
  assert_int_equal(a->quality.open_closed_later, 0);
  assert_int_equal(a->centre[0].treatments, 1); /* K */
  eml_rt_activity_free(a);
  eml_rt_data_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(annex_treatment_examples), cmocka_unit_test(closing_window),
      cmocka_unit_test(patients_and_kinds),       cmocka_unit_test(annex_visit_examples),
      cmocka_unit_test(visit_gap_option),         cmocka_unit_test(per_machine),
      cmocka_unit_test(region_totals),            cmocka_unit_test(data_quality),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
