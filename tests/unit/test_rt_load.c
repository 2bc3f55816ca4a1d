/*
 * test_rt_load.c — the readers of the five radiotherapy files (spec
 * radiotherapy.md "Inputs", README "Bad input" and "Identifiers of
 * people"): what a good row becomes, one bad-row case per line with the
 * exact `FILE:LINE: colonne NAME : message (valeur « X »)`, the resolution of
 * `continues`, and the pseudonyms (keyed BLAKE2b; expected values computed
 * by Python's hashlib, command in the comment).
 */
#include "test_rt_fixture.h"

/* python3 -c "import hashlib; print(hashlib.blake2b(b'PAT-1', digest_size=32,
 *   key=bytes(range(1,33))).hexdigest())"   (and key=bytes(range(32,0,-1))) */
#define PAT1_KEY_A "9b02be79502c8442d96dfef684c97a412c1680c608ae1f7e77dd5bf4db60e88d"
#define PAT1_KEY_B "e4d7be781df7cbd16e48b21a48ba8991d5d3d6b8cf70b8b2fc9b49c716202206"

static void pseudonym_is_keyed_blake2b(void **state) {
  (void)state;
  char out[EML_RT_PSEUDONYM_HEX + 1];
  assert_int_equal(eml_rt_pseudonym(rt_key_a, S("PAT-1"), out), EML_OK);
  assert_string_equal(out, PAT1_KEY_A);
  assert_int_equal(eml_rt_pseudonym(rt_key_b, S("PAT-1"), out), EML_OK);
  assert_string_equal(out, PAT1_KEY_B);
}

static void key_parse(void **state) {
  (void)state;
  unsigned char key[EML_RT_KEY_BYTES];
  eml_diag d;
  assert_int_equal(
      eml_rt_key_parse(S(" 0102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F20\n"),
                       key, &d),
      EML_OK);
  assert_memory_equal(key, rt_key_a, EML_RT_KEY_BYTES);
  assert_int_equal(eml_rt_key_parse(S("0102"), key, &d), EML_ERR_VALUE);
  assert_string_equal(d.message, "la clé de pseudonymisation doit avoir 64 chiffres "
                                  "hexadécimaux (32 octets), pas 4 caractères");
  assert_int_equal(d.has_value, 0); /* a key is never echoed */
  assert_int_equal(
      eml_rt_key_parse(S("zz02030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"),
                       key, &d),
      EML_ERR_VALUE);
}

static void good_rows(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(
      CENTRES_HDR CENTRE_A,
      MACHINES_HDR "L1,750100000,LINAC,18;6,1,1,1,0,1,1,2015-01-01,2030-12-31\n"
                   "CO,750100000,COBALT,,0,0,0,0,0,0,01/02/1998,\n"
                   "B,750100000,BRACHY,,0,0,0,0,0,0,2015-01-01,\n",
      STAFF_HDR "750100000,2024,ONCOLOGIST,2.5\n",
      COURSES_HDR "C2,PAT-1,750100000,C53.9,EXTERNAL,STANDARD,2024-04-25,2024-05-05,C1\n"
                  "C1,PAT-1,750100000,C53.9,external,,2024-03-01,2024-04-10,\n",
      SESSIONS_HDR "PAT-1,C1,L1,2024-03-01T09:00,4,oui\n");
  assert_int_equal(rt_last_rejects.count, 0);
  assert_int_equal(d->n_centres, 1);
  assert_int_equal(d->centres[0].dosimetry_3d, EML_RT_3D_ON_SITE);
  assert_true(d->centres[0].imaging_access_h == 7.0);
  assert_int_equal(d->n_machines, 3);
  assert_int_equal(d->machines[0].photon_count, 2); /* sorted: 6 then 18 */
  assert_true(d->machines[0].photon_mv[0] == 6 && d->machines[0].photon_mv[1] == 18);
  assert_true(d->machines[0].has_until);
  assert_int_equal(d->machines[1].photon_count, 1); /* cobalt = 1.25 MV */
  assert_true(d->machines[1].photon_mv[0] == 1.25);
  assert_int_equal(d->machines[1].in_service_from, eml_date_from_civil(1998, 2, 1));
  assert_int_equal(d->machines[2].photon_count, 0);
  assert_int_equal(d->n_staff, 1);
  assert_true(d->staff[0].fte == 2.5);
  /* the complement comes first in the file and still finds its root */
  assert_int_equal(d->n_courses, 2);
  assert_int_equal(d->courses[0].continues, 1);
  assert_int_equal(d->courses[0].root, 1);
  assert_int_equal(d->courses[1].root, 1);
  assert_int_equal(d->courses[1].technique, EML_RT_STANDARD); /* empty = STANDARD */
  assert_string_equal(d->courses[0].patient, PAT1_KEY_A);
  assert_int_equal(d->n_sessions, 1);
  assert_int_equal(d->sessions[0].fields, 4);
  assert_int_equal(d->sessions[0].inpatient, 1);
  assert_string_equal(d->courses[d->sessions[0].course].patient, PAT1_KEY_A);
  assert_int_equal(d->summary[EML_RT_FILE_COURSES].read, 2);
  assert_int_equal(d->summary[EML_RT_FILE_COURSES].loaded, 2);
  eml_rt_data_free(d);
}

/* One bad row a case: which file gets the row, the row, the diagnostic. */
static void bad_rows(void **state) {
  (void)state;
  static const struct {
    int file;
    const char *row, *diag;
  } cases[] = {
      {EML_RT_FILE_CENTRES, "750100001,X,75,0,,1,1,on_site,7,1,0,0,0\n",
       "rt_centres.csv:3: colonne finess : clé de contrôle FINESS fausse (valeur « 750100001 »)"},
      {EML_RT_FILE_CENTRES, "750100000,Again,75,0,,1,1,on_site,7,1,0,0,0\n",
       "rt_centres.csv:3: colonne finess : centre en double (valeur « 750100000 »)"},
      {EML_RT_FILE_CENTRES, "920100013,B,92,peut-être,,1,1,on_site,7,1,0,0,0\n",
       "rt_centres.csv:3: colonne teaching : pas un booléen (attendu 1/0, oui/non, true/false, "
       "yes/no, o/n, y/n) (valeur « peut-être »)"},
      {EML_RT_FILE_CENTRES, "920100013,B,92,0,alone,1,1,on_site,7,1,0,0,0\n",
       "rt_centres.csv:3: colonne single_machine_case : code inconnu (attendu legacy, "
       "transitional, isolated) (valeur « alone »)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,LINAC,6;;18,1,1,1,0,1,1,2015-01-01,\n",
       "rt_machines.csv:5: colonne photon_mv : pas une liste d'énergies en MV séparées par « ; » "
       "(par exemple 6;18) (valeur « 6;;18 »)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,LINAC,6;x,1,1,1,0,1,1,2015-01-01,\n",
       "rt_machines.csv:5: colonne photon_mv : pas une liste d'énergies en MV séparées par « ; » "
       "(par exemple 6;18) (valeur « 6;x »)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,LINAC,6;6,1,1,1,0,1,1,2015-01-01,\n",
       "rt_machines.csv:5: colonne photon_mv : énergie donnée deux fois (valeur « 6;6 »)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,LINAC,,1,1,1,0,1,1,2015-01-01,\n",
       "rt_machines.csv:5: colonne photon_mv : valeur manquante (un accélérateur a des énergies de photons)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,LINAC,6;18,2,1,1,0,1,1,2015-01-01,\n",
       "rt_machines.csv:5: colonne electrons : pas un booléen (attendu 1/0, oui/non, true/false, "
       "yes/no, o/n, y/n) (valeur « 2 »)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,COBALT,6,0,0,0,0,0,0,2015-01-01,\n",
       "rt_machines.csv:5: colonne photon_mv : un cobalt délivre une seule énergie, comptée 1,25 MV "
       "(valeur « 6 »)"},
      {EML_RT_FILE_MACHINES, "L1,750100000,LINAC,6;18,1,1,1,0,1,1,2015-01-01,\n",
       "rt_machines.csv:5: colonne machine_id : machine en double (valeur « L1 »)"},
      {EML_RT_FILE_MACHINES, "L3,920100013,LINAC,6;18,1,1,1,0,1,1,2015-01-01,\n",
       "rt_machines.csv:5: colonne finess : centre inconnu (absent de rt_centres.csv) (valeur "
       "« 920100013 »)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,GAMMA,,0,0,0,0,0,0,2015-01-01,\n",
       "rt_machines.csv:5: colonne kind : code inconnu (attendu LINAC, COBALT, BRACHY, "
       "SIMULATOR) (valeur « GAMMA »)"},
      {EML_RT_FILE_MACHINES, "L3,750100000,LINAC,6;18,1,1,1,0,1,1,2015-01-01,2014-12-31\n",
       "rt_machines.csv:5: colonne in_service_until : hors service avant sa mise en service (valeur "
       "« 2014-12-31 »)"},
      {EML_RT_FILE_STAFF, "750100000,2024,NURSE,1\n",
       "rt_staff.csv:2: colonne role : code inconnu (attendu ONCOLOGIST, PHYSICIST, RTT, "
       "DOSIMETRIST) (valeur « NURSE »)"},
      {EML_RT_FILE_STAFF, "750100000,2024,RTT,-1\n",
       "rt_staff.csv:2: colonne fte : hors limites (0 à 1000) (valeur « -1 »)"},
      {EML_RT_FILE_COURSES, "C1,PAT-2,750100000,C61,EXTERNAL,STANDARD,2024-01-01,2024-02-01,\n",
       "rt_courses.csv:3: colonne course_id : traitement en double (valeur « C1 »)"},
      {EML_RT_FILE_COURSES, "C3,PAT-2,750100000,C61,EXTERNAL,STANDARD,2024-03-01,2024-02-01,\n",
       "rt_courses.csv:3: colonne closed_on : clos avant son début (valeur « 2024-02-01 »)"},
      {EML_RT_FILE_COURSES, "C3,PAT-2,750100000,C61,EXTERNAL,STANDARD,2024-03-01,,C9\n",
       "rt_courses.csv:3: colonne continues : traitement inconnu (absent de rt_courses.csv) "
       "(valeur « C9 »)"},
      {EML_RT_FILE_COURSES, "C3,PAT-2,750100000,C61,EXTERNAL,STANDARD,2024-03-01,,C1\n",
       "rt_courses.csv:3: colonne continues : continue un traitement d'un autre patient "
       "(valeur « C1 »)"},
      {EML_RT_FILE_COURSES, "C3,PAT-1,750100000,C61,EXTERNAL,STANDARD,2024-03-01,,C3\n",
       "rt_courses.csv:3: colonne continues : un traitement ne peut pas se continuer lui-même "
       "(valeur « C3 »)"},
      {EML_RT_FILE_COURSES, "C3,PAT-1,750100000,C61,EXTERNAL,LASER,2024-03-01,,\n",
       "rt_courses.csv:3: colonne technique : code inconnu (attendu STANDARD, TBI, TSEI, SRS, "
       "SRT, IORT, PEDIATRIC, SPECIAL_BRACHY) (valeur « LASER »)"},
      {EML_RT_FILE_COURSES, "C3,PAT-1,750100000,cancer,EXTERNAL,,2024-03-01,,\n",
       "rt_courses.csv:3: colonne pathology : pas un code CIM-10 (par exemple C50.9) "
       "(valeur « cancer »)"},
      {EML_RT_FILE_COURSES, "C3,,750100000,C61,EXTERNAL,,2024-03-01,,\n",
       "rt_courses.csv:3: colonne patient_id : valeur manquante"},
      {EML_RT_FILE_COURSES, "C3,PAT-1,750100000,C61,EXTERNAL,,2024-03-01\n",
       "rt_courses.csv:3: 7 champs là où l'en-tête en a 9"},
      {EML_RT_FILE_SESSIONS, "PAT-1,C1,L9,2024-03-01T09:00,4,0\n",
       "rt_sessions.csv:3: colonne machine_id : machine inconnue (absente de rt_machines.csv) (valeur "
       "« L9 »)"},
      {EML_RT_FILE_SESSIONS, "PAT-1,C9,L1,2024-03-01T09:00,4,0\n",
       "rt_sessions.csv:3: colonne course_id : traitement inconnu (absent de rt_courses.csv) (valeur "
       "« C9 »)"},
      /* the patient's identifier is never shown, even when it is wrong */
      {EML_RT_FILE_SESSIONS, "PAT-2,C1,L1,2024-03-01T09:00,4,0\n",
       "rt_sessions.csv:3: colonne patient_id : pas le patient du traitement C1"},
      {EML_RT_FILE_SESSIONS, "PAT-1,C1,L1,2024-03-01 25:00,4,0\n",
       "rt_sessions.csv:3: colonne start : pas une date-heure (attendu AAAA-MM-JJTHH:MM[:SS]) "
       "(valeur « 2024-03-01 25:00 »)"},
      {EML_RT_FILE_SESSIONS, "PAT-1,C1,L1,2024-03-01T09:00,2.5,0\n",
       "rt_sessions.csv:3: colonne fields : pas un nombre entier de champs (valeur « 2.5 »)"},
      {EML_RT_FILE_SESSIONS, "PAT-1,C1,SIM,2024-03-01T09:00,2,0\n",
       "rt_sessions.csv:3: colonne machine_id : un simulateur n'est pas une machine de traitement (valeur "
       "« SIM »)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char texts[EML_RT_FILE_COUNT][512];
    snprintf(texts[0], sizeof texts[0], CENTRES_HDR CENTRE_A "%s",
             cases[i].file == EML_RT_FILE_CENTRES ? cases[i].row : "");
    snprintf(texts[1], sizeof texts[1],
             MACHINES_HDR LINACS_A "SIM,750100000,SIMULATOR,,0,0,0,0,0,0,2015-01-01,\n%s",
             cases[i].file == EML_RT_FILE_MACHINES ? cases[i].row : "");
    snprintf(texts[2], sizeof texts[2], STAFF_HDR "%s",
             cases[i].file == EML_RT_FILE_STAFF ? cases[i].row : "");
    snprintf(texts[3], sizeof texts[3],
             COURSES_HDR "C1,PAT-1,750100000,C61,EXTERNAL,STANDARD,2024-01-01,2024-02-01,\n%s",
             cases[i].file == EML_RT_FILE_COURSES ? cases[i].row : "");
    snprintf(texts[4], sizeof texts[4], SESSIONS_HDR "PAT-1,C1,L1,2024-01-02T09:00,4,0\n%s",
             cases[i].file == EML_RT_FILE_SESSIONS ? cases[i].row : "");
    eml_rt_data *d = rt_load(texts[0], texts[1], texts[2], texts[3], texts[4]);
    if (rt_last_rejects.count != 1 || strcmp(rt_last_rejects.message[0], cases[i].diag) != 0)
      fail_msg("case %zu: %d rejects, first '%s'", i, rt_last_rejects.count,
               rt_last_rejects.message[0]);
    assert_int_equal(d->summary[cases[i].file].rejected, 1);
    assert_int_equal(d->summary[cases[i].file].read,
                     d->summary[cases[i].file].loaded + d->summary[cases[i].file].rejected);
    /* a rejected row is handed on without the patient's identifier */
    assert_null(strstr(rt_last_rejects.raw[0], "PAT-"));
    eml_rt_data_free(d);
  }
}

/* `replaces` (issue 14 item 8), resolved at the end of rt_machines.csv:
 * each bad link to the byte, one case a line; a machine that replaces a
 * rejected one is rejected too; a replacement may come before the machine
 * it replaces in the file, and a LINAC may replace a COBALT. */
#define MACHINES_R_HDR                                                                         \
  "machine_id,finess,kind,photon_mv,electrons,mlc,portal_imaging,imrt,in_vivo_dosimetry,"     \
  "parameter_control,in_service_from,in_service_until,replaces\n"                             \
  "L1,750100000,LINAC,6;18,1,1,1,0,1,1,2015-01-01,,\n"                                         \
  "M1,920100013,LINAC,6;18,1,1,1,0,1,1,2015-01-01,,\n"
static void replaces_links(void **state) {
  (void)state;
  static const struct {
    const char *rows;
    int rejects;
    const char *diag[2];
  } cases[] = {
      {"L3,750100000,LINAC,6;18,1,1,1,1,1,1,2024-07-01,,L3\n", 1,
       {"rt_machines.csv:4: colonne replaces : une machine ne peut pas se remplacer elle-même "
        "(valeur « L3 »)"}},
      {"L3,750100000,LINAC,6;18,1,1,1,1,1,1,2024-07-01,,L9\n", 1,
       {"rt_machines.csv:4: colonne replaces : machine inconnue (absente de rt_machines.csv) (valeur "
        "« L9 »)"}},
      {"L3,750100000,LINAC,6;18,1,1,1,1,1,1,2024-07-01,,M1\n", 1,
       {"rt_machines.csv:4: colonne replaces : remplace une machine d'un autre centre (valeur "
        "« M1 »)"}},
      {"B1,750100000,BRACHY,,0,0,0,0,0,0,2024-07-01,,L1\n", 1,
       {"rt_machines.csv:4: colonne replaces : remplace une machine d'un autre type (un LINAC ou "
        "un COBALT remplace un LINAC ou un COBALT, les autres machines une machine de leur "
        "type) (valeur « L1 »)"}},
      {"L3,750100000,LINAC,6;18,1,1,1,1,1,1,2015-01-01,,L1\n", 1,
       {"rt_machines.csv:4: colonne replaces : remplace une machine qui n'est pas entrée en service "
        "avant elle (in_service_from) (valeur « L1 »)"}},
      {"L3,750100000,LINAC,6;18,1,1,1,1,1,1,2024-07-01,,L9\n"
       "L4,750100000,LINAC,6;18,1,1,1,1,1,1,2024-08-01,,L3\n",
       2,
       {"rt_machines.csv:4: colonne replaces : machine inconnue (absente de rt_machines.csv) (valeur "
        "« L9 »)",
        "rt_machines.csv:5: colonne replaces : remplace une machine rejetée (valeur "
        "« L3 »)"}},
      /* good: a LINAC replacing a COBALT listed after it */
      {"L3,750100000,LINAC,6;18,1,1,1,1,1,1,2024-07-01,,CO\n"
       "CO,750100000,COBALT,,0,0,0,0,1,0,1998-01-01,2024-06-30,\n",
       0,
       {NULL}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char machines[1024];
    snprintf(machines, sizeof machines, MACHINES_R_HDR "%s", cases[i].rows);
    eml_rt_data *d = rt_load(CENTRES_HDR CENTRE_A "920100013,Centre B,92,0,,1,1,on_site,7,1,0,0,0\n",
                             machines, NULL, NULL, NULL);
    if (rt_last_rejects.count != cases[i].rejects)
      fail_msg("case %zu: %d rejects, first '%s'", i, rt_last_rejects.count,
               rt_last_rejects.message[0]);
    for (int k = 0; k < cases[i].rejects; k++)
      assert_string_equal(rt_last_rejects.message[k], cases[i].diag[k]);
    const eml_rt_file_summary *sum = &d->summary[EML_RT_FILE_MACHINES];
    assert_int_equal(sum->rejected, cases[i].rejects);
    assert_int_equal(sum->read, sum->loaded + sum->rejected);
    assert_int_equal((long)d->n_machines, sum->loaded);
    /* the rejected machines are gone, the others found by their id */
    assert_int_equal(eml_rt_find(d, EML_RT_FILE_MACHINES, "L3") >= 0, cases[i].rejects == 0);
    assert_true(eml_rt_find(d, EML_RT_FILE_MACHINES, "M1") >= 0);
    if (!cases[i].rejects)
      assert_string_equal(d->machines[eml_rt_find(d, EML_RT_FILE_MACHINES, "L3")].replaces, "CO");
    eml_rt_data_free(d);
  }
}

/* Chains of `continues`: a cycle, a course that continues into the cycle,
 * and a course continuing a rejected one are all rejected; the others stay. */
static void continues_chains(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(
      CENTRES_HDR CENTRE_A, MACHINES_HDR LINACS_A, NULL,
      COURSES_HDR "A,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,B\n"
                  "B,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,A\n"
                  "C,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,A\n"
                  "D,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,X\n"
                  "E,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,D\n"
                  "F,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,\n"
                  "G,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,H\n"
                  "H,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,F\n",
      NULL);
  assert_int_equal(rt_last_rejects.count, 5);
  assert_string_equal(rt_last_rejects.message[0], "rt_courses.csv:5: colonne continues : traitement "
                                                  "inconnu (absent de rt_courses.csv) (valeur « X »)");
  assert_string_equal(rt_last_rejects.message[1], "rt_courses.csv:2: colonne continues : la "
                                                  "chaîne des `continues` fait une boucle (valeur "
                                                  "« B »)");
  assert_string_equal(rt_last_rejects.message[2], "rt_courses.csv:3: colonne continues : la "
                                                  "chaîne des `continues` fait une boucle (valeur "
                                                  "« A »)");
  assert_string_equal(rt_last_rejects.message[3], "rt_courses.csv:4: colonne continues : continue "
                                                  "un traitement rejeté (valeur « A »)");
  assert_string_equal(rt_last_rejects.message[4], "rt_courses.csv:6: colonne continues : continue "
                                                  "un traitement rejeté (valeur « D »)");
  assert_int_equal(d->summary[EML_RT_FILE_COURSES].read, 8);
  assert_int_equal(d->summary[EML_RT_FILE_COURSES].loaded, 3);
  assert_int_equal(d->summary[EML_RT_FILE_COURSES].rejected, 5);
  /* F, G, H remain; G -> H -> F: all of root F */
  assert_int_equal(d->n_courses, 3);
  assert_string_equal(d->courses[0].course_id, "F");
  assert_string_equal(d->courses[1].course_id, "G");
  assert_int_equal(d->courses[1].root, 0);
  assert_int_equal(d->courses[2].root, 0);
  eml_rt_data_free(d);
}

/* Whether the bytes [p, p + n) hold the string s anywhere. */
static int holds(const void *p, size_t n, const char *s) {
  size_t k = strlen(s);
  for (size_t i = 0; i + k <= n; i++)
    if (memcmp((const char *)p + i, s, k) == 0)
      return 1;
  return 0;
}

/* The data never holds an identifier in clear; the same key gives the same
 * pseudonyms, another key others. */
static void pseudonyms_in_data(void **state) {
  (void)state;
  const char *courses = COURSES_HDR "C1,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,\n";
  const char *sessions = SESSIONS_HDR "PAT-1,C1,L1,2024-01-03T09:00,4,0\n";
  eml_rt_data *a = rt_load_key(CENTRES_HDR CENTRE_A, MACHINES_HDR LINACS_A, NULL, courses,
                               sessions, rt_key_a);
  eml_rt_data *a2 = rt_load_key(CENTRES_HDR CENTRE_A, MACHINES_HDR LINACS_A, NULL, courses,
                                sessions, rt_key_a);
  eml_rt_data *b = rt_load_key(CENTRES_HDR CENTRE_A, MACHINES_HDR LINACS_A, NULL, courses,
                               sessions, rt_key_b);
  assert_string_equal(a->courses[0].patient, PAT1_KEY_A);
  assert_string_equal(a->courses[0].patient, a2->courses[0].patient);
  assert_string_equal(b->courses[0].patient, PAT1_KEY_B);
  assert_string_equal(b->courses[b->sessions[0].course].patient, PAT1_KEY_B);
  assert_false(holds(a->courses, a->n_courses * sizeof *a->courses, "PAT-1"));
  assert_false(holds(a->sessions, a->n_sessions * sizeof *a->sessions, "PAT-1"));
  eml_rt_data_free(a);
  eml_rt_data_free(a2);
  eml_rt_data_free(b);
}

/* Two courses files read one after the other: the links of the first stay,
 * the second may continue a course of the first. */
static void courses_in_two_files(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(CENTRES_HDR CENTRE_A, MACHINES_HDR LINACS_A, NULL,
                           COURSES_HDR "C1,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,\n"
                                       "C2,PAT-1,750100000,C61,EXTERNAL,,2024-02-05,2024-02-20,C1\n",
                           NULL);
  const char more[] = COURSES_HDR "C3,PAT-1,750100000,C61,EXTERNAL,,2024-03-01,2024-03-10,C2\n";
  eml_csv_reader *r = NULL;
  eml_diag diag;
  assert_int_equal(eml_csv_open_memory("more.csv", S(more), NULL, &r, &diag), EML_OK);
  assert_int_equal(eml_rt_read(d, EML_RT_FILE_COURSES, r, NULL, &diag), EML_OK);
  eml_csv_close(r);
  assert_int_equal(d->n_courses, 3);
  assert_int_equal(d->courses[1].continues, 0);
  assert_int_equal(d->courses[2].continues, 1);
  assert_int_equal(d->courses[2].root, 0);
  eml_rt_data_free(d);
}

/* Unknown columns are ignored and listed, once per file. */
static void unknown_columns(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(
      CENTRES_HDR CENTRE_A, MACHINES_HDR LINACS_A, NULL,
      "course_id,comment,patient_id,finess,pathology,modality,technique,started_on,closed_on,"
      "continues,Notes\n"
      "C1,hello,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,,x\n",
      NULL);
  assert_int_equal(rt_last_rejects.count, 0);
  assert_int_equal(d->n_courses, 1);
  assert_string_equal(d->unknown_columns[EML_RT_FILE_COURSES], "comment, Notes");
  assert_string_equal(d->unknown_columns[EML_RT_FILE_CENTRES], "");
  eml_rt_data_free(d);
}

static void missing_column(void **state) {
  (void)state;
  const char text[] = "finess,name\n750100000,A\n";
  eml_csv_reader *r = NULL;
  eml_diag d;
  assert_int_equal(eml_csv_open_memory("rt_machines.csv", S(text), NULL, &r, &d), EML_OK);
  eml_rt_data *data = eml_rt_data_new(rt_key_a);
  assert_int_equal(eml_rt_read(data, EML_RT_FILE_MACHINES, r, NULL, &d), EML_ERR_VALUE);
  char msg[256];
  eml_diag_format(&d, msg, sizeof msg);
  assert_string_equal(msg, "rt_machines.csv:1: colonne machine_id : colonne absente de l'en-tête");
  eml_csv_close(r);
  eml_rt_data_free(data);
}

/* A row with too few fields and an empty patient_id is one reject, not two
 * (found by tests/fuzz/fuzz_rt: read 3, loaded 1, rejected 2 broke
 * read = loaded + rejected). */
static void short_row_without_patient(void **state) {
  (void)state;
  eml_rt_data *d = rt_load(
      CENTRES_HDR CENTRE_A, MACHINES_HDR LINACS_A, NULL,
      COURSES_HDR "C1,PAT-1,750100000,C61,EXTERNAL,,2024-01-03,2024-02-01,\n",
      SESSIONS_HDR "PAT-1,C1,L1,2024-01-04T09:00,2,non\n"
                   ",C1,L1,2024-01-05T09:00\n");
  const eml_rt_file_summary *sum = &d->summary[EML_RT_FILE_SESSIONS];
  assert_int_equal(sum->read, 2);
  assert_int_equal(sum->loaded, 1);
  assert_int_equal(sum->rejected, 1);
  assert_int_equal(rt_last_rejects.count, 1);
  assert_string_equal(rt_last_rejects.message[0],
                      "rt_sessions.csv:3: 4 champs là où l'en-tête en a 6");
  eml_rt_data_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(pseudonym_is_keyed_blake2b), cmocka_unit_test(key_parse),
      cmocka_unit_test(good_rows),          cmocka_unit_test(bad_rows),
      cmocka_unit_test(continues_chains), cmocka_unit_test(replaces_links),   cmocka_unit_test(pseudonyms_in_data),
      cmocka_unit_test(courses_in_two_files), cmocka_unit_test(unknown_columns),    cmocka_unit_test(missing_column),
      cmocka_unit_test(short_row_without_patient),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
