/*
 * test_rt_conformity.c — checks 1 to 14 of radiotherapy.md against the
 * circulaire DHOS/SDO/O 1 n° 2002-299 (2.1.1.1, 2.1.1.2, 2.1.1.3, 2.2.1,
 * 2.1.2, Annex I): a fixture centre per check, passing and failing, with
 * the verdict and the figures printed. Every expected figure is worked out
 * by hand in the comment above it (2024 has 366 days).
 */
#include "test_rt_fixture.h"

#define FIN "750100000"
#define CENTRE_ROW(teaching, single, ct, conv, d3, imaging, network, hdr_o, hdr_p, coop)         \
  FIN ",Centre A,75," #teaching "," single "," #ct "," #conv "," d3 "," imaging "," #network     \
      "," #hdr_o "," #hdr_p "," #coop "\n"
#define GENERAL CENTRE_ROW(0, "", 1, 1, "on_site", "7", 1, 0, 0, 0)
#define LINAC(id, mv, electrons) id "," FIN ",LINAC," mv "," #electrons ",1,1,0,1,1,2015-01-01,\n"
#define TWO_LINACS LINAC("L1", "6;18", 1) LINAC("L2", "6;18", 1)
#define COBALT "CO," FIN ",COBALT,,0,0,0,0,1,0,1998-01-01,\n"
#define STAFF(onc, phys, rtt, dosi)                                                            \
  FIN ",2024,ONCOLOGIST," onc "\n" FIN ",2024,PHYSICIST," phys "\n" FIN ",2024,RTT," rtt "\n" FIN \
      ",2024,DOSIMETRIST," dosi "\n"

/* Centre A's data with `external` external courses (the first `special`
 * with a special technique) and `brachy` brachytherapies, one patient
 * each, all closed in June 2024; machines with their header. */
static eml_rt_data *centre_data(const char *centre, const char *machines_csv, const char *staff,
                                int external, int special, int brachy) {
  char centres[512], staff_text[512];
  snprintf(centres, sizeof centres, CENTRES_HDR "%s", centre);
  snprintf(staff_text, sizeof staff_text, STAFF_HDR "%s", staff);
  rt_text courses;
  rt_text_init(&courses, COURSES_HDR);
  rt_add_courses(&courses, FIN, external, special, "EXTERNAL");
  rt_add_courses(&courses, FIN, brachy, 0, "BRACHY");
  eml_rt_data *d = rt_load(centres, machines_csv, staff_text, courses.buf.data, NULL);
  eml_buf_free(&courses.buf);
  assert_int_equal(rt_last_rejects.count, 0);
  return d;
}

/* Conformity of centre A (the first) in year. */
static eml_rt_conformity conformity_in(const eml_rt_data *d, int year, const eml_rt_options *o) {
  eml_rt_activity *a = NULL;
  assert_int_equal(eml_rt_activity_compute(d, year, o, &a), EML_OK);
  eml_rt_conformity c;
  assert_int_equal(eml_rt_conformity_compute(d, a, 0, o, &c), EML_OK);
  eml_rt_activity_free(a);
  return c;
}

/* Conformity of centre A in 2024 (centre_data, machines without header). */
static eml_rt_conformity check(const char *centre, const char *machines, const char *staff,
                               int external, int special, int brachy, const eml_rt_options *o) {
  char machine_text[2048];
  snprintf(machine_text, sizeof machine_text, MACHINES_HDR "%s", machines);
  eml_rt_data *d = centre_data(centre, machine_text, staff, external, special, brachy);
  eml_rt_conformity c = conformity_in(d, 2024, o);
  eml_rt_data_free(d);
  return c;
}

static void expect(const eml_rt_conformity *c, int n, eml_rt_verdict verdict, const char *figures) {
  const eml_rt_check *k = &c->checks[n - 1];
  if (k->verdict != verdict || strcmp(k->figures, figures) != 0)
    fail_msg("check %d: %s, '%s'\n   expected %s, '%s'", n, eml_rt_verdict_label(k->verdict),
             k->figures, eml_rt_verdict_label(verdict), figures);
}

/* The centre: 2 accelerators 6/18 MV with electrons, 960 external
 * treatments, one oncologist. */
static void two_linacs_960(void **state) {
  (void)state;
  eml_rt_conformity c = check(GENERAL, TWO_LINACS, STAFF("1", "2", "5", "1"), 960, 0, 0, NULL);
  expect(&c, 1, EML_RT_CONFORME, "2 appareils de haute énergie en service au 31/12/2024");
  expect(&c, 2, EML_RT_CONFORME, "photons : OUI ; électrons : OUI");
  expect(&c, 3, EML_RT_SANS_OBJET, "pas de cobalt");
  expect(&c, 4, EML_RT_CONFORME, "gamme de 6 à 18 MV (6 à 15 MV requis)");
  /* 960 / 2 machine-years = 480 > 450: saturated, within the circular's
   * band "au-delà de 450 à 500" (issue 14 item 8: not "proche") */
  expect(&c, 6, EML_RT_NON_CONFORME,
         "960 traitements de radiothérapie externe / 2,00 machine-années = 480 par appareil ; "
         "saturé (plus de 450, dans la fourchette de 450 à 500 de la circulaire) : à renforcer "
         "en priorité");
  assert_false(c.checks[5].warning);
  assert_int_equal(c.saturation, EML_RT_SATURATED);
  assert_float_equal(c.treatments_per_machine, 480.0, 1e-9);
  /* oncologists 960/400 = 2,4 to 960/300 = 3,2, have 1: short of 1,4;
   * physicists 960/500 = 1,92 to 960/350 = 2,74, have 2; RTT 2 x 2 + 1 = 5 */
  expect(&c, 7, EML_RT_NON_CONFORME,
         "Radiothérapeutes 1,0 ETP pour 2,4 à 3,2 requis ; manque 1,4 ETP ; Radiophysiciens 2,0 "
         "ETP pour 1,9 à 2,7 requis ; Manipulateurs 5,0 ETP pour 5,0 requis ; Dosimétristes 1,0 "
         "ETP pour 1,0 requis ; 960 traitements");
  assert_float_equal(c.staff[EML_RT_ONCOLOGIST].need_low, 2.4, 1e-9);
  assert_float_equal(c.staff[EML_RT_ONCOLOGIST].need_high, 3.2, 1e-9);
  assert_float_equal(c.staff[EML_RT_ONCOLOGIST].shortfall, 1.4, 1e-9);
  assert_float_equal(c.shortfall_fte, 1.4, 1e-9);
  /* 3,5 h x 2 machines = 7 h, the centre has 7 */
  expect(&c, 8, EML_RT_CONFORME, "7,0 h par semaine pour 2 appareils (7,0 h requises)");
  expect(&c, 9, EML_RT_CONFORME, "membre d'un réseau de cancérologie : OUI");
  for (int n = 10; n <= 14; n++)
    expect(&c, n, EML_RT_SANS_OBJET, "centre sans mission d'enseignement et de recherche");
  assert_int_equal(c.non_conforming, 2); /* 6 and 7 */
}

/* Check 6: saturated above 500, the thresholds as options, reference 400. */
static void check6_saturation(void **state) {
  (void)state;
  /* 1020 / 2 = 510 > 500 */
  eml_rt_conformity c = check(GENERAL, TWO_LINACS, STAFF("4", "3", "5", "1"), 1020, 0, 0, NULL);
  expect(&c, 6, EML_RT_NON_CONFORME,
         "1020 traitements de radiothérapie externe / 2,00 machine-années = 510 par appareil ; "
         "saturé (plus de 500) : à renforcer en priorité");
  assert_int_equal(c.saturation, EML_RT_SATURATED);
  /* --saturation 520: 510 is within the band 450-520, still saturated;
   * --saturation-warn 515 too: 510 is under the band */
  eml_rt_options o;
  eml_rt_options_default(&o);
  o.saturation = 520;
  c = check(GENERAL, TWO_LINACS, STAFF("4", "3", "5", "1"), 1020, 0, 0, &o);
  expect(&c, 6, EML_RT_NON_CONFORME,
         "1020 traitements de radiothérapie externe / 2,00 machine-années = 510 par appareil ; "
         "saturé (plus de 450, dans la fourchette de 450 à 520 de la circulaire) : à renforcer "
         "en priorité");
  assert_int_equal(c.saturation, EML_RT_SATURATED);
  o.saturation_warn = 515;
  c = check(GENERAL, TWO_LINACS, STAFF("4", "3", "5", "1"), 1020, 0, 0, &o);
  assert_int_equal(c.checks[5].verdict, EML_RT_CONFORME);
  assert_int_equal(c.saturation, EML_RT_UNDER);
  /* 800 / 2 = 400: the reference */
  c = check(GENERAL, TWO_LINACS, STAFF("4", "3", "5", "1"), 800, 0, 0, NULL);
  expect(&c, 6, EML_RT_CONFORME,
         "800 traitements de radiothérapie externe / 2,00 machine-années = 400 par appareil ; "
         "référence 400 par appareil");
  assert_false(c.checks[5].warning);
  /* a machine in service from 1 July: 1 + 184/366 = 1,5027 machine-years;
   * 600 / 1,5027 = 399,27 */
  c = check(GENERAL,
            LINAC("L1", "6;18", 1) "L2," FIN ",LINAC,6;18,1,1,1,0,1,1,2024-07-01,\n",
            STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 6, EML_RT_CONFORME,
         "600 traitements de radiothérapie externe / 1,50 machine-années = 399 par appareil ; "
         "référence 400 par appareil");
  assert_float_equal(c.machine_years, 1 + 184.0 / 366, 1e-12);
  /* brachytherapies do not count per machine: 700 external + 300 brachy = 350 */
  c = check(GENERAL, TWO_LINACS, STAFF("4", "3", "5", "1"), 700, 0, 300, NULL);
  assert_float_equal(c.treatments_per_machine, 350.0, 1e-9);
}

/* Check 6, 2.1.1.1: "Au delà de 450 à 500 traitements par an et par
 * appareil, hors surcharge temporaire liée à un renouvellement d'appareil,
 * un centre de radiothérapie est considéré comme saturé" (issue 14 item 8).
 * A centre at 470 per machine is saturated; the same centre whose L2 was
 * replaced by L3 on 1 July is not: the overload is temporary. */
#define MACHINES_REPLACES_HDR                                                                  \
  "machine_id,finess,kind,photon_mv,electrons,mlc,portal_imaging,imrt,in_vivo_dosimetry,"     \
  "parameter_control,in_service_from,in_service_until,replaces\n"
static void check6_renewal(void **state) {
  (void)state;
  /* 940 / 2 = 470: in the band, saturated */
  eml_rt_conformity c = check(GENERAL, TWO_LINACS, STAFF("4", "3", "5", "1"), 940, 0, 0, NULL);
  expect(&c, 6, EML_RT_NON_CONFORME,
         "940 traitements de radiothérapie externe / 2,00 machine-années = 470 par appareil ; "
         "saturé (plus de 450, dans la fourchette de 450 à 500 de la circulaire) : à renforcer "
         "en priorité");
  assert_int_equal(c.saturation, EML_RT_SATURATED);
  assert_int_equal(c.renewal, -1);
  /* L2 until 30 June (182 days of 2024), L3 replaces it from 1 July (184
   * days): 1 + 182/366 + 184/366 = 2,00 machine-years, 940 / 2 = 470 again,
   * but the overload of a renewal is temporary */
  eml_rt_data *d = centre_data(GENERAL,
                               MACHINES_REPLACES_HDR
                               "L1," FIN ",LINAC,6;18,1,1,1,0,1,1,2015-01-01,,\n"
                               "L2," FIN ",LINAC,6;18,1,1,1,0,1,1,2010-01-01,2024-06-30,\n"
                               "L3," FIN ",LINAC,6;18,1,1,1,1,1,1,2024-07-01,,L2\n",
                               STAFF("4", "3", "5", "1"), 940, 0, 0);
  assert_string_equal(d->machines[2].replaces, "L2");
  c = conformity_in(d, 2024, NULL);
  assert_float_equal(c.machine_years, 2.0, 1e-12);
  expect(&c, 6, EML_RT_CONFORME,
         "940 traitements de radiothérapie externe / 2,00 machine-années = 470 par appareil ; "
         "plus de 450 : surcharge temporaire liée au renouvellement d'un appareil (L3 remplace "
         "L2, en service le 01/07/2024), non comptée comme saturation");
  assert_true(c.checks[5].warning);
  assert_int_equal(c.saturation, EML_RT_TEMPORARY);
  assert_int_equal(c.renewal, 2);
  /* the year after, the renewal is over: 2025 has no treatment, and a
   * replacement of an earlier year makes no overload temporary */
  c = conformity_in(d, 2025, NULL);
  assert_int_equal(c.renewal, -1);
  eml_rt_data_free(d);
}

/* Check 1 and 2.1.1.3: single-machine installations. */
static void check1_single_machine(void **state) {
  (void)state;
  /* a lone cobalt: non-conforming whatever is declared */
  eml_rt_conformity c = check(CENTRE_ROW(0, "isolated", 1, 1, "on_site", "7", 1, 0, 0, 1),
                              COBALT, STAFF("1", "1", "3", "1"), 300, 0, 0, NULL);
  expect(&c, 1, EML_RT_NON_CONFORME,
         "un seul appareil, un cobalt : cobalt isolé non conforme, remplacement par un "
         "accélérateur à envisager très rapidement");
  expect(&c, 2, EML_RT_NON_CONFORME, "photons : OUI ; électrons : NON");
  expect(&c, 3, EML_RT_NON_CONFORME,
         "1 cobalt parmi 1 appareil de haute énergie, dont 0 à deux énergies photons ou "
         "plus ; cobalt isolé");
  expect(&c, 4, EML_RT_NON_CONFORME, "gamme de 1,25 à 1,25 MV (6 à 15 MV requis)");
  /* an isolated accelerator 6/18 MV with a cooperation agreement: conforming */
  c = check(CENTRE_ROW(0, "isolated", 1, 1, "on_site", "7", 1, 0, 0, 1), LINAC("L1", "6;18", 1),
            STAFF("1", "1", "3", "1"), 300, 0, 0, NULL);
  expect(&c, 1, EML_RT_CONFORME,
         "un seul appareil : accélérateur 6/18 MV (au moins deux énergies photons et 15 MV "
         "requis : OUI) ; cas particulier : isolement géographique ; coopération formalisée "
         "avec un centre : OUI");
  /* without the agreement */
  c = check(CENTRE_ROW(0, "legacy", 1, 1, "on_site", "7", 1, 0, 0, 0), LINAC("L1", "6;18", 1),
            STAFF("1", "1", "3", "1"), 300, 0, 0, NULL);
  expect(&c, 1, EML_RT_NON_CONFORME,
         "un seul appareil : accélérateur 6/18 MV (au moins deux énergies photons et 15 MV "
         "requis : OUI) ; cas particulier : installation ancienne ; coopération formalisée "
         "avec un centre : NON");
  /* no case declared */
  c = check(CENTRE_ROW(0, "", 1, 1, "on_site", "7", 1, 0, 0, 1), LINAC("L1", "6;18", 1),
            STAFF("1", "1", "3", "1"), 300, 0, 0, NULL);
  assert_int_equal(c.checks[0].verdict, EML_RT_NON_CONFORME);
  /* one energy, or a maximum under 15 MV */
  c = check(CENTRE_ROW(0, "transitional", 1, 1, "on_site", "7", 1, 0, 0, 1),
            LINAC("L1", "6;10", 1), STAFF("1", "1", "3", "1"), 300, 0, 0, NULL);
  expect(&c, 1, EML_RT_NON_CONFORME,
         "un seul appareil : accélérateur 6/10 MV (au moins deux énergies photons et 15 MV "
         "requis : NON) ; cas particulier : nouveau centre, second appareil autorisé ; "
         "coopération formalisée avec un centre : OUI");
  /* a second accelerator out of service on 30 June is not on the platform on
   * 31 December (but its half year counts in machine-years: 1 + 182/366) */
  c = check(GENERAL,
            LINAC("L1", "6;18", 1) "L2," FIN ",LINAC,6;18,1,1,1,0,1,1,2015-01-01,2024-06-30\n",
            STAFF("1", "1", "3", "1"), 300, 0, 0, NULL);
  assert_int_equal(c.he_machines, 1);
  assert_int_equal(c.checks[0].verdict, EML_RT_NON_CONFORME);
  assert_float_equal(c.machine_years, 1 + 182.0 / 366, 1e-12);
  /* no machine at all */
  c = check(GENERAL, "", STAFF("1", "1", "3", "1"), 0, 0, 0, NULL);
  expect(&c, 1, EML_RT_NON_CONFORME, "aucun appareil de haute énergie en service au 31/12/2024");
  expect(&c, 6, EML_RT_SANS_OBJET, "aucun appareil de haute énergie en service dans l'année");
}

/* Checks 2, 3, 4: electrons, the cobalt's company, the energy range. */
static void checks_2_3_4(void **state) {
  (void)state;
  eml_rt_conformity c = check(GENERAL, LINAC("L1", "6;18", 0) LINAC("L2", "6;18", 0),
                              STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 2, EML_RT_NON_CONFORME, "photons : OUI ; électrons : NON");
  /* a cobalt beside a two-energy accelerator */
  c = check(GENERAL, LINAC("L1", "6;18", 1) COBALT, STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 3, EML_RT_CONFORME,
         "1 cobalt parmi 2 appareils de haute énergie, dont 1 à deux énergies photons ou plus");
  expect(&c, 4, EML_RT_CONFORME, "gamme de 1,25 à 18 MV (6 à 15 MV requis)");
  /* a cobalt beside a one-energy accelerator: 3 and 4 both fail */
  c = check(GENERAL, LINAC("L1", "6", 1) COBALT, STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 3, EML_RT_NON_CONFORME,
         "1 cobalt parmi 2 appareils de haute énergie, dont 0 à deux énergies photons ou plus");
  expect(&c, 4, EML_RT_NON_CONFORME, "gamme de 1,25 à 6 MV (6 à 15 MV requis)");
  /* accelerators 6/10 and 10/12: top under 15 */
  c = check(GENERAL, LINAC("L1", "6;10", 1) LINAC("L2", "10;12", 1), STAFF("4", "3", "5", "1"),
            600, 0, 0, NULL);
  expect(&c, 4, EML_RT_NON_CONFORME, "gamme de 6 à 12 MV (6 à 15 MV requis)");
  /* 10/18 and 12/20: bottom over 6 */
  c = check(GENERAL, LINAC("L1", "10;18", 1) LINAC("L2", "12;20", 1), STAFF("4", "3", "5", "1"),
            600, 0, 0, NULL);
  expect(&c, 4, EML_RT_NON_CONFORME, "gamme de 10 à 20 MV (6 à 15 MV requis)");
}

/* Check 5: dosimetry and simulation; CT simulation only recommended. */
static void check5_dosimetry(void **state) {
  (void)state;
  eml_rt_conformity c = check(CENTRE_ROW(0, "", 0, 1, "agreement", "7", 1, 0, 0, 0), TWO_LINACS,
                              STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 5, EML_RT_CONFORME,
         "dosimétrie conventionnelle et simulation sur place : OUI ; dosimétrie 3D : par "
         "convention ; simulation scanographique : NON (recommandée)");
  assert_true(c.checks[4].warning);
  c = check(CENTRE_ROW(0, "", 1, 1, "none", "7", 1, 0, 0, 0), TWO_LINACS,
            STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 5, EML_RT_NON_CONFORME,
         "dosimétrie conventionnelle et simulation sur place : OUI ; dosimétrie 3D : aucune ; "
         "simulation scanographique : OUI");
  c = check(CENTRE_ROW(0, "", 1, 0, "on_site", "7", 1, 0, 0, 0), TWO_LINACS,
            STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  assert_int_equal(c.checks[4].verdict, EML_RT_NON_CONFORME);
}

/* Check 7: staff met, and the minimum of 1 FTE. */
static void check7_staff(void **state) {
  (void)state;
  /* 600 treatments: oncologists 1,5 to 2,0; physicists 1,2 to 1,7 */
  eml_rt_conformity c = check(GENERAL, TWO_LINACS, STAFF("1.5", "1.2", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 7, EML_RT_CONFORME,
         "Radiothérapeutes 1,5 ETP pour 1,5 à 2,0 requis ; Radiophysiciens 1,2 ETP pour 1,2 à "
         "1,7 requis ; Manipulateurs 5,0 ETP pour 5,0 requis ; Dosimétristes 1,0 ETP pour 1,0 "
         "requis ; 600 traitements");
  assert_float_equal(c.shortfall_fte, 0, 1e-12);
  /* 100 treatments: 100/400 = 0,25 but at least 1 FTE; staff of 0,5: short
   * 0,5; no RTT declared at all: short 5; staff of another year ignored */
  c = check(GENERAL, TWO_LINACS,
            FIN ",2024,ONCOLOGIST,0.5\n" FIN ",2024,PHYSICIST,1\n" FIN ",2024,DOSIMETRIST,1\n" FIN
                ",2023,RTT,5\n",
            100, 0, 0, NULL);
  assert_float_equal(c.staff[EML_RT_ONCOLOGIST].need_low, 1, 1e-12);
  assert_float_equal(c.staff[EML_RT_ONCOLOGIST].shortfall, 0.5, 1e-12);
  assert_float_equal(c.staff[EML_RT_RTT].shortfall, 5, 1e-12);
  assert_float_equal(c.shortfall_fte, 5.5, 1e-12);
  assert_int_equal(c.checks[6].verdict, EML_RT_NON_CONFORME);
}

/* Checks 8 and 9: imaging hours and network. */
static void checks_8_9(void **state) {
  (void)state;
  eml_rt_conformity c = check(CENTRE_ROW(0, "", 1, 1, "on_site", "5", 0, 0, 0, 0), TWO_LINACS,
                              STAFF("4", "3", "5", "1"), 600, 0, 0, NULL);
  expect(&c, 8, EML_RT_NON_CONFORME, "5,0 h par semaine pour 2 appareils (7,0 h requises)");
  expect(&c, 9, EML_RT_NON_CONFORME, "membre d'un réseau de cancérologie : NON");
  /* --imaging-hours 2.5: 2 x 2,5 = 5 h needed */
  eml_rt_options o;
  eml_rt_options_default(&o);
  o.imaging_h_per_machine = 2.5;
  c = check(CENTRE_ROW(0, "", 1, 1, "on_site", "5", 0, 0, 0, 0), TWO_LINACS,
            STAFF("4", "3", "5", "1"), 600, 0, 0, &o);
  expect(&c, 8, EML_RT_CONFORME, "5,0 h par semaine pour 2 appareils (5,0 h requises)");
}

#define TEACHING_CENTRE CENTRE_ROW(1, "", 1, 1, "on_site", "20", 1, 1, 1, 0)
#define TEACHING_LINACS                                                                        \
  "L1," FIN ",LINAC,6;20,1,1,1,1,1,1,2015-01-01,\n"                                            \
  "L2," FIN ",LINAC,6;20,1,1,1,0,1,1,2015-01-01,\n"                                            \
  "L3," FIN ",LINAC,6;20,1,0,0,0,1,1,2015-01-01,\n"                                            \
  "SIM," FIN ",SIMULATOR,,0,0,0,0,0,0,2015-01-01,\n"
#define TEACHING_STAFF STAFF("6", "4", "7", "4")

/* Check 10: external radiotherapy and brachytherapy ("Ces centres
 * réalisent de la radiothérapie externe [...] et de la curiethérapie",
 * 2.1.1.2; issue 14 item 9), 900 patients of whom 10 % with special
 * techniques. */
static void check10_teaching_patients(void **state) {
  (void)state;
  /* the teaching centre with 850 patients; 100/850 = 11,76 % */
  eml_rt_conformity c = check(TEACHING_CENTRE, TEACHING_LINACS, TEACHING_STAFF, 850, 100, 0, NULL);
  expect(&c, 10, EML_RT_NON_CONFORME,
         "850 patients (900 requis) ; dont 100 par techniques spéciales (11,8 %, 10 % requis) ; "
         "0 curiethérapie (au moins une requise)");
  /* 950 patients, 95 special = 10,0 % exactly, but no brachytherapy: a
   * teaching centre without brachytherapy fails its check */
  c = check(TEACHING_CENTRE, TEACHING_LINACS, TEACHING_STAFF, 950, 95, 0, NULL);
  expect(&c, 10, EML_RT_NON_CONFORME,
         "950 patients (900 requis) ; dont 95 par techniques spéciales (10,0 %, 10 % requis) ; "
         "0 curiethérapie (au moins une requise)");
  /* the same with 50 brachytherapies (one patient each): 1000 patients,
   * 100 special of them = 10,0 %, 50 brachytherapies */
  c = check(TEACHING_CENTRE, TEACHING_LINACS, TEACHING_STAFF, 950, 100, 50, NULL);
  expect(&c, 10, EML_RT_CONFORME,
         "1000 patients (900 requis) ; dont 100 par techniques spéciales (10,0 %, 10 % requis) ; "
         "50 curiethérapies (au moins une requise)");
  /* 950 patients, 90 special = 9,47 % */
  c = check(TEACHING_CENTRE, TEACHING_LINACS, TEACHING_STAFF, 950, 90, 1, NULL);
  expect(&c, 10, EML_RT_NON_CONFORME,
         "951 patients (900 requis) ; dont 90 par techniques spéciales (9,5 %, 10 % requis) ; "
         "1 curiethérapie (au moins une requise)");
}

/* Modernisation (1.4; issue 14 item 9): which machine is to be replaced
 * on 31 December 2024, and why, one case a line (MLC, portal imaging,
 * IMRT, first installation; 15 years: the default age). */
static void modernisation_rule(void **state) {
  (void)state;
  static const struct {
    eml_rt_machine_kind kind;
    int mlc, portal, imrt, from_year;
    int replace;
    const char *why;
  } cases[] = {
      {EML_RT_LINAC, 1, 1, 1, 2015, 0, ""},
      {EML_RT_LINAC, 1, 1, 1, 2010, 0, ""},               /* 2024 - 2010 = 14 years */
      {EML_RT_LINAC, 1, 1, 1, 2009, 1, "15 ans ou plus"}, /* 2024 - 2009 = 15 */
      {EML_RT_LINAC, 1, 1, 0, 2015, 1,
       "accélérateur de génération précédente (sans modulation d'intensité)"},
      {EML_RT_LINAC, 0, 0, 0, 2009, 1,
       "accélérateur de génération précédente (sans collimateur multilames, imagerie "
       "portale, modulation d'intensité) ; 15 ans ou plus"},
      {EML_RT_LINAC, 1, 0, 1, 2015, 1,
       "accélérateur de génération précédente (sans imagerie portale)"},
      {EML_RT_COBALT, 0, 0, 0, 2020, 1, "cobalt, à remplacer par un accélérateur"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_rt_machine m = {.kind = cases[i].kind, .mlc = cases[i].mlc,
                        .portal_imaging = cases[i].portal, .imrt = cases[i].imrt,
                        .in_service_from = eml_date_from_civil(cases[i].from_year, 6, 1)};
    char why[512];
    int replace = eml_rt_machine_to_replace(&m, 2024, NULL, why, sizeof why);
    if (replace != cases[i].replace || strcmp(why, cases[i].why) != 0)
      fail_msg("case %zu: %d '%s'", i, replace, why);
  }
}

/* Checks 11 to 13: equipment, energies and HDR of teaching centres. */
static void checks_11_12_13(void **state) {
  (void)state;
  eml_rt_conformity c = check(TEACHING_CENTRE, TEACHING_LINACS, TEACHING_STAFF, 950, 95, 0, NULL);
  expect(&c, 11, EML_RT_CONFORME,
         "3 accélérateurs (3 requis) ; 2 avec collimateur multilames et imagerie portale (2 "
         "requis) ; modulation d'intensité : OUI ; dosimétrie in vivo : 3 appareils sur 3 ; "
         "contrôle informatisé des paramètres : 3 accélérateurs sur 3");
  expect(&c, 12, EML_RT_CONFORME, "gamme de 6 à 20 MV (6 à 20 MV requis)");
  expect(&c, 13, EML_RT_CONFORME, "oncologue HDR : OUI ; physicien HDR : OUI");
  /* one accelerator without parameter control, one up to 18 MV only: the
   * range is 6 to 20 still; without IMRT planning */
  c = check(CENTRE_ROW(1, "", 1, 1, "on_site", "20", 1, 1, 0, 0),
            "L1," FIN ",LINAC,6;18,1,1,1,0,1,1,2015-01-01,\n"
            "L2," FIN ",LINAC,6;18,1,1,1,0,1,0,2015-01-01,\n"
            "L3," FIN ",LINAC,6;18,1,0,0,0,0,1,2015-01-01,\n",
            TEACHING_STAFF, 950, 95, 0, NULL);
  expect(&c, 11, EML_RT_NON_CONFORME,
         "3 accélérateurs (3 requis) ; 2 avec collimateur multilames et imagerie portale (2 "
         "requis) ; modulation d'intensité : NON ; dosimétrie in vivo : 2 appareils sur 3 ; "
         "contrôle informatisé des paramètres : 2 accélérateurs sur 3");
  expect(&c, 12, EML_RT_NON_CONFORME, "gamme de 6 à 18 MV (6 à 20 MV requis)");
  expect(&c, 13, EML_RT_NON_CONFORME, "oncologue HDR : OUI ; physicien HDR : NON");
  /* two accelerators only */
  c = check(TEACHING_CENTRE, LINAC("L1", "6;20", 1) LINAC("L2", "6;20", 1), TEACHING_STAFF, 950,
            95, 0, NULL);
  assert_int_equal(c.checks[10].verdict, EML_RT_NON_CONFORME);
}

/* Check 14: staff of teaching centres, external and brachytherapy apart. */
static void check14_teaching_staff(void **state) {
  (void)state;
  /* 1000 external + 100 brachy: oncologists 1000/250 + 100/200 = 4,5 to
   * 1000/200 + 0,5 = 5,5; physicists 1000/400 + 100/250 = 2,9 to
   * 1000/300 + 0,4 = 3,73; RTT 2 x 3 + 1 = 7; dosimetrists 1100/500 = 2,2
   * to 1100/300 = 3,67. Staff 4 / 3 / 7 / 2: short 0,5 + 0,2 = 0,7. */
  eml_rt_conformity c = check(TEACHING_CENTRE, TEACHING_LINACS, STAFF("4", "3", "7", "2"), 1000,
                              100, 100, NULL);
  expect(&c, 14, EML_RT_NON_CONFORME,
         "Radiothérapeutes 4,0 ETP pour 4,5 à 5,5 requis ; manque 0,5 ETP ; Radiophysiciens 3,0 "
         "ETP pour 2,9 à 3,7 requis ; Manipulateurs 7,0 ETP pour 7,0 requis ; Dosimétristes 2,0 "
         "ETP pour 2,2 à 3,7 requis ; manque 0,2 ETP ; 1000 traitements externes, 100 "
         "curiethérapies");
  assert_float_equal(c.shortfall_fte, 0.7, 1e-9);
  /* the general norm of check 7 is met by the same staff: 1100/400 = 2,75 */
  assert_int_equal(c.checks[6].verdict, EML_RT_CONFORME);
  c = check(TEACHING_CENTRE, TEACHING_LINACS, STAFF("4.5", "3", "7", "2.2"), 1000, 100, 100, NULL);
  assert_int_equal(c.checks[13].verdict, EML_RT_CONFORME);
  assert_float_equal(c.shortfall_fte, 0, 1e-9);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(two_linacs_960),          cmocka_unit_test(check6_saturation), cmocka_unit_test(check6_renewal),
      cmocka_unit_test(check1_single_machine),   cmocka_unit_test(checks_2_3_4),
      cmocka_unit_test(check5_dosimetry),        cmocka_unit_test(check7_staff),
      cmocka_unit_test(checks_8_9),              cmocka_unit_test(check10_teaching_patients), cmocka_unit_test(modernisation_rule),
      cmocka_unit_test(checks_11_12_13),         cmocka_unit_test(check14_teaching_staff),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
