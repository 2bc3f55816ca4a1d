/*
 * test_appointments.c — the appointment-delay survey (eml/appointments.h).
 * Quantiles worked by hand with R's type 7 (h = (n - 1) p):
 *   CT outpatients 1, 3, 7, 10, 14: P20 = 1 + 0.8 * 2 = 2.6, median 7,
 *     P80 = 10 + 0.2 * 4 = 10.8
 *   CT inpatients 0, 2, 5: P20 = 0 + 0.4 * 2 = 0.8, median 2,
 *     P80 = 2 + 0.6 * 3 = 3.8
 * (R: quantile(c(1,3,7,10,14), c(.2,.5,.8)) gives 2.6 7 10.8.)
 */
#include "test_helpers.h"

#include "eml/appointments.h"
#include "reject_collector.h"

static const char *modality_of(void *ctx, const char *equipment_id) {
  (void)ctx;
  if (strcmp(equipment_id, "IRM1") == 0)
    return "MRI";
  if (strcmp(equipment_id, "TEP1") == 0)
    return "PET";
  return strcmp(equipment_id, "CT1") == 0 ? "CT" : NULL;
}

static const char survey[] =
    "equipment_id,finess,modality,case,patient_class,asked_on,offered_on,urgent\n"
    "CT1,,,TDM_ENC_80,A,2010-02-01,2010-02-02,\n"         /* 1 day */
    ",750000010,TDM,TDM_ENC_80,A,2010-02-01,2010-02-04,0\n" /* 3 */
    "CT1,,,TDM_THX_50,a,2010-02-01,08/02/2010,non\n"      /* 7 */
    "CT1,,,TDM_THX_50,A,2010-02-01,2010-02-11,\n"         /* 10 */
    "CT1,,,MY_CASE,A,2010-02-01,2010-02-15,\n"            /* 14 */
    "CT1,,,TDM_ENC_80,H,2010-02-01,2010-02-01,\n"         /* 0 */
    "CT1,,,TDM_ENC_80,H,2010-02-01,2010-02-03,\n"         /* 2 */
    "CT1,,,TDM_ENC_80,H,2010-02-01,2010-02-06,\n"         /* 5 */
    "CT1,,,TDM_ENC_80,A,2010-02-01,2010-02-01,oui\n"      /* urgent: excluded */
    "IRM1,,,IRM_ENC_4,A,2010-02-01,2010-02-20,\n";        /* 19 */

static void tables_of_a_survey(void **state) {
  (void)state;
  eml_appointments *a = eml_appointments_new();
  eml_diag diag;
  eml_read_counts counts;
  assert_int_equal(eml_appointments_read_memory(a, "appointments.csv", S(survey), NULL,
                                                modality_of, NULL, NULL, &counts, &diag),
                   EML_OK);
  assert_int_equal(counts.read, 10);
  assert_int_equal(counts.loaded, 10);
  assert_int_equal(eml_appointments_count(a), 10);
  assert_int_equal(eml_appointments_at(a, 2)->patient_class, 'A');
  assert_int_equal(eml_appointments_at(a, 8)->urgent, 1);

  eml_table **tables;
  size_t n;
  assert_int_equal(eml_appointments_tables(a, &tables, &n), EML_OK);
  assert_int_equal(n, 4); /* CT: classes, cases; MRI: classes, cases */
  eml_table *fig1 = tables[0];
  assert_string_equal(eml_table_id(fig1), "appointment_delays_ct");
  assert_string_equal(eml_table_title(fig1),
                      "Figure 1 : Répartition des délais de rendez-vous au scanner (jours)");
  assert_float_equal(eml_table_cell(fig1, 0, 1)->r, 2.6, 1e-12);
  assert_float_equal(eml_table_cell(fig1, 1, 1)->r, 7, 1e-12);
  assert_int_equal(eml_table_cell(fig1, 1, 1)->decimals, 0);
  assert_float_equal(eml_table_cell(fig1, 2, 1)->r, 10.8, 1e-12);
  assert_int_equal(eml_table_cell(fig1, 2, 1)->decimals, 1);
  assert_float_equal(eml_table_cell(fig1, 0, 2)->r, 0.8, 1e-12);
  assert_float_equal(eml_table_cell(fig1, 1, 2)->r, 2, 1e-12);
  assert_float_equal(eml_table_cell(fig1, 2, 2)->r, 3.8, 1e-12);
  assert_int_equal(eml_table_cell(fig1, 3, 1)->i, 5);
  assert_int_equal(eml_table_cell(fig1, 3, 2)->i, 3);
  assert_string_equal(eml_table_note(fig1, 0), "Hors cas urgents (1 demande urgente exclue).");

  /* per case: the 5 seed cases of CT, then MY_CASE, then all cases */
  eml_table *cases = tables[1];
  assert_int_equal(eml_table_rows(cases), 7);
  assert_string_equal(eml_table_cell(cases, 2, 0)->text, "TDM_ENC_80");
  assert_string_equal(eml_table_cell(cases, 2, 1)->text,
                      "Scanner encéphale - femme de 80 ans : chutes à répétition");
  /* TDM_ENC_80 outpatients 1 and 3: median 2; inpatients 0, 2, 5 */
  assert_int_equal(eml_table_cell(cases, 2, 2)->i, 2);
  assert_float_equal(eml_table_cell(cases, 2, 4)->r, 2, 1e-12);
  assert_int_equal(eml_table_cell(cases, 2, 6)->i, 3);
  assert_float_equal(eml_table_cell(cases, 2, 8)->r, 2, 1e-12);
  assert_string_equal(eml_table_cell(cases, 5, 0)->text, "MY_CASE");
  assert_int_equal(eml_table_cell(cases, 5, 1)->kind, EML_CELL_EMPTY);
  assert_string_equal(eml_table_cell(cases, 6, 0)->text, "Tous cas cliniques");
  assert_float_equal(eml_table_cell(cases, 6, 4)->r, 7, 1e-12);
  assert_int_equal(eml_table_cell(cases, 0, 2)->i, 0); /* TDM_AP_70: no answer */
  assert_int_equal(eml_table_cell(cases, 0, 3)->kind, EML_CELL_EMPTY);

  eml_table *fig2 = tables[2];
  assert_float_equal(eml_table_cell(fig2, 1, 1)->r, 19, 1e-12);
  assert_int_equal(eml_table_cell(fig2, 3, 2)->i, 0);
  assert_int_equal(eml_table_cell(fig2, 1, 2)->kind, EML_CELL_EMPTY);
  eml_appointments_tables_free(tables, n);
  eml_appointments_free(a);
}

static void bad_answers(void **state) {
  (void)state;
  static const char text[] =
      "equipment_id,finess,modality,case,patient_class,asked_on,offered_on,urgent\n"
      "CT1,,,TDM_ENC_80,A,2010-02-05,2010-02-01,\n"
      "CT1,,,TDM_ENC_80,R,2010-02-01,2010-02-01,\n"
      "CT9,,,TDM_ENC_80,A,2010-02-01,2010-02-01,\n"
      ",750000011,CT,TDM_ENC_80,A,2010-02-01,2010-02-01,\n"
      "TEP1,,,TDM_ENC_80,A,2010-02-01,2010-02-01,\n"
      "CT1,,,,A,2010-02-01,2010-02-01,\n"
      "CT1,,,TDM_ENC_80,A,2010-02-01,2010-02-01,peut-être\n"
      ",,ECHO,TDM_ENC_80,A,2010-02-01,2010-02-01,\n";
  static const char *const expected[8] = {
      "appointments.csv:2: colonne offered_on : avant asked_on (valeur « 2010-02-01 »)",
      "appointments.csv:3: colonne patient_class : pas une classe de patient (A ambulatoire ou "
      "H hospitalisé) (valeur « R »)",
      "appointments.csv:4: colonne equipment_id : équipement inconnu (absent de equipment.csv) (valeur « CT9 »)",
      "appointments.csv:5: colonne finess : clé de contrôle FINESS fausse (valeur « 750000011 »)",
      "appointments.csv:6: colonne equipment_id : l'équipement n'est ni un scanner (CT) ni une IRM (MRI) "
      "(valeur « TEP1 »)",
      "appointments.csv:7: colonne case : une valeur est obligatoire (valeur «  »)",
      "appointments.csv:8: colonne urgent : pas un booléen (attendu 1/0, oui/non, true/false, "
      "yes/no, o/n) (valeur « peut-être »)",
      "appointments.csv:9: colonne modality : pas une modalité d'imagerie de l'enquête "
      "(CT/TDM/scanner ou MRI/IRM) (valeur « ECHO »)",
  };
  eml_appointments *a = eml_appointments_new();
  rejects r;
  memset(&r, 0, sizeof r);
  eml_read_counts counts;
  eml_diag diag;
  eml_read_hooks hooks = {keep_reject, NULL, &r};
  assert_int_equal(eml_appointments_read_memory(a, "appointments.csv", S(text), NULL, modality_of,
                                                NULL, &hooks, &counts, &diag),
                   EML_OK);
  assert_int_equal(counts.rejected, 8);
  assert_int_equal(counts.loaded, 0);
  for (int i = 0; i < 8; i++)
    assert_string_equal(r.messages[i], expected[i]);
  /* no answers: no tables */
  eml_table **tables;
  size_t n;
  assert_int_equal(eml_appointments_tables(a, &tables, &n), EML_OK);
  assert_int_equal(n, 0);
  eml_appointments_tables_free(tables, n);
  /* neither equipment_id nor modality column */
  assert_int_equal(eml_appointments_read_memory(a, "appointments.csv",
                                                S("case,patient_class,asked_on,offered_on\n"),
                                                NULL, NULL, NULL, NULL, NULL, &diag),
                   EML_ERR_CSV);
  eml_appointments_free(a);
  assert_null(eml_clinical_case_label("OTHER"));
  assert_non_null(eml_clinical_case_label("irm_foie_50"));
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(tables_of_a_survey),
                                     cmocka_unit_test(bad_answers)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
