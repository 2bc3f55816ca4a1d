/*
 * test_finess.c — the parts of the FINESS import that are pure functions
 * or readers: the legal-status rules, the code/label mapping of
 * data/finess/equipment-codes.csv, the XML stream reader, and the
 * `element NAME:` form of diagnostics.
 *
 * Expected values come from the descriptions, not from the code: the 8
 * codes and their modalities are finess.md's table; "04101 is not MRI" is
 * finess.md's warning; the statuses are docs/finess.md's rules applied by
 * hand to each case (the AP-HP / AP-HM legal entities 750712184 /
 * 130786049 are real numbers); the XML line numbers are counted by hand in
 * the literal below (line 1 is the declaration).
 */
#include <stdio.h>
#include <stdlib.h>

#include "test_helpers.h"

static void legal_status_rules(void **state) {
  (void)state;
  static const struct {
    const char *cat, *libcat, *sph, *libsph, *ej, *expected;
  } cases[] = {
      {"101", "Centre Hospitalier Régional (C.H.R.)", "1", "Etablissement public de santé",
       "750712184", "CHU AP-HP"},
      {"101", "Centre Hospitalier Régional (C.H.R.)", "1", "Etablissement public de santé",
       "130786049", "CHU APHM"},
      {"101", "Centre Hospitalier Régional (C.H.R.)", "1", "Etablissement public de santé",
       "690781810", "CHU"},
      {"355", "Centre Hospitalier (C.H.)", "1", "Etablissement public de santé", "330000027", "CH"},
      {"106", "Centre hospitalier, ex Hôpital local", "", "", "", "CH"},
      {"114", "Hôpital des armées", "", "", "", "HIA"},
      {"131", "Centre de Lutte Contre Cancer", "6", "Etablissement de santé privé d'intérêt collectif",
       "", "EPSIC"},
      {"365", "Etab. Soins Suite Réadaptation", "6", "", "", "EPSIC"},
      {"696", "Groupement de coopération sanitaire", "", "", "", "GCS"},
      {"697", "Groupement d'intérêt économique", "", "", "", "GIE"},
      {"128", "Etablissement de Soins Chirurgicaux", "", "", "", "PRIVE"},
      {"999", "Cabinet de radiologie", "", "", "", "LIBERAL"},
      {"999", "Centre d'imagerie médicale", "", "", "", "LIBERAL"},
      {"999", "Autre", "7", "Etablissement privé non lucratif", "", "PRIVE"},
      {"", "", "", "", "", "AUTRE"},
      {NULL, NULL, NULL, NULL, NULL, "AUTRE"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *got = eml_finess_legal_status(cases[i].cat, cases[i].libcat, cases[i].sph,
                                              cases[i].libsph, cases[i].ej);
    if (strcmp(got, cases[i].expected) != 0)
      fail_msg("case %zu (%s): got %s, expected %s", i, cases[i].libcat ? cases[i].libcat : "NULL",
               got, cases[i].expected);
    /* every status is one registry.md accepts */
    const char *canonical;
    assert_int_equal(eml_legal_status_parse(got, strlen(got), &canonical), EML_OK);
  }
}

static void codes_of_the_data_file(void **state) {
  (void)state;
  eml_finess_codes *codes;
  eml_diag d;
  eml_diag_clear(&d);
  assert_int_equal(
      eml_finess_codes_load(EML_SOURCE_DIR "/data/finess/equipment-codes.csv", NULL, &codes, &d),
      EML_OK);
  static const struct {
    const char *code, *label, *short_label;
    eml_finess_code_match match;
    eml_modality modality;
  } cases[] = {
      /* finess.md's 8 codes */
      {"05602", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_CT},
      {"05701", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_GAMMA},
      {"05702", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_GAMMA},
      {"05705", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_PET},
      {"05706", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_PET},
      {"06201", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_MRI},
      {"06301", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_CYCLOTRON},
      {"44901", "", "", EML_FINESS_CODE_BY_CODE, EML_MOD_OHB},
      /* the code wins over the label */
      {"05602", "Appareil d'IRM à utilisation clinique", "", EML_FINESS_CODE_BY_CODE, EML_MOD_CT},
      /* not in the mapping: recognised from the label, then the short label */
      {"99999", "Appareil d'IRM à utilisation clinique", "", EML_FINESS_CODE_BY_LABEL, EML_MOD_MRI},
      {"", "Caméra à scintillation sans détecteur d'émission de positons", "",
       EML_FINESS_CODE_BY_LABEL, EML_MOD_GAMMA},
      {"", "Tomographe à émissions", "", EML_FINESS_CODE_BY_LABEL, EML_MOD_PET},
      {"", "TEP-TDM", "", EML_FINESS_CODE_BY_LABEL, EML_MOD_PET},
      {"", "Caisson hyperbare", "", EML_FINESS_CODE_BY_LABEL, EML_MOD_OHB},
      {"", "CYCLOTRON A USAGE MEDICAL", "", EML_FINESS_CODE_BY_LABEL, EML_MOD_CYCLOTRON},
      {"", "", "Scanographe méd.", EML_FINESS_CODE_BY_LABEL, EML_MOD_CT},
      {"", "Appareil", "Cam scin sans détect", EML_FINESS_CODE_BY_LABEL, EML_MOD_GAMMA},
      /* finess.md: 04101 is not MRI */
      {"04101", "", "", EML_FINESS_CODE_UNKNOWN, EML_MOD_CT},
      /* whole words only: "STEP" holds no "TEP", "IRMA" no "IRM" */
      {"", "STEP", "IRMA", EML_FINESS_CODE_UNKNOWN, EML_MOD_CT},
      {NULL, NULL, NULL, EML_FINESS_CODE_UNKNOWN, EML_MOD_CT},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_modality m = EML_MOD_COBALT;
    int ignored = -1;
    eml_finess_code_match got =
        eml_finess_codes_find(codes, cases[i].code, cases[i].label, cases[i].short_label, &m,
                              &ignored);
    if (got != cases[i].match)
      fail_msg("case %zu: match %d, expected %d", i, got, cases[i].match);
    if (got != EML_FINESS_CODE_UNKNOWN && m != cases[i].modality)
      fail_msg("case %zu: modality %s, expected %s", i, eml_modality_code(m),
               eml_modality_code(cases[i].modality));
    assert_int_equal(ignored, 0);
  }
  eml_finess_codes_free(codes);
  eml_finess_codes_free(NULL);
}

static void codes_file_errors_and_ignored(void **state) {
  (void)state;
  eml_finess_codes *codes = NULL;
  eml_diag d;
  char msg[512];
  char *path = test_write_temp("code;label;modality\n05602;Scanographe;-\n;lithotriteur;-\n");
  assert_int_equal(eml_finess_codes_load(path, NULL, &codes, &d), EML_OK);
  eml_modality m;
  int ignored = 0;
  assert_int_equal(eml_finess_codes_find(codes, "05602", NULL, NULL, &m, &ignored),
                   EML_FINESS_CODE_BY_CODE);
  assert_int_equal(ignored, 1);
  assert_int_equal(eml_finess_codes_find(codes, "1", "Lithotriteur extracorporel", NULL, &m,
                                         &ignored),
                   EML_FINESS_CODE_BY_LABEL);
  assert_int_equal(ignored, 1);
  eml_finess_codes_free(codes);
  remove(path);
  free(path);

  path = test_write_temp("code;modality\n05602;CT\n");
  assert_int_equal(eml_finess_codes_load(path, NULL, &codes, &d), EML_ERR_CSV);
  assert_null(codes);
  eml_diag_format(&d, msg, sizeof msg);
  assert_non_null(strstr(msg, ":1: colonne label : colonne obligatoire absente de l'en-tête"));
  remove(path);
  free(path);

  path = test_write_temp("code;label;modality\n;;CT\n");
  assert_int_equal(eml_finess_codes_load(path, NULL, &codes, &d), EML_ERR_VALUE);
  eml_diag_format(&d, msg, sizeof msg);
  assert_non_null(strstr(msg, ":2: colonne label : un code ou un libellé est obligatoire"));
  remove(path);
  free(path);
}

typedef struct collected {
  int count;
  eml_finess_device_record first, second;
  char values[2][EML_FINESS_DEVICE_FIELDS][64];
  char problem[512];
} collected;

static eml_status collect(void *ctx, const eml_finess_device_record *rec) {
  collected *c = ctx;
  if (c->count < 2) {
    eml_finess_device_record *r = c->count == 0 ? &c->first : &c->second;
    *r = *rec;
    for (int i = 0; i < EML_FINESS_DEVICE_FIELDS; i++)
      snprintf(c->values[c->count][i], sizeof c->values[0][0], "%s", rec->value[i]);
    if (rec->problem)
      eml_diag_format(rec->problem, c->problem, sizeof c->problem);
  }
  c->count++;
  return EML_OK;
}

static void xml_records(void **state) {
  (void)state;
  /* line numbers: 1 declaration, 2 root, 3 wrapper, 4 first record ... */
  char *path = test_write_temp("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                     /* 1 */
                          "<racine xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n" /* 2 */
                          "<lot>\n"                                                          /* 3 */
                          "<equipmateriellourd>\n"                                           /* 4 */
                          "  <eml>05701</eml>\n"                                             /* 5 */
                          "  <libeml>Cam&#233;ra &amp; co</libeml>\n"                        /* 6 */
                          "  <noautorarhgos> 0000 </noautorarhgos>\n"                        /* 7 */
                          "  <numserie xsi:nil=\"true\"/>\n"                                 /* 8 */
                          "  <marque></marque>\n"                                            /* 9 */
                          "  <rset><![CDATA[SITE <A>]]></rset>\n"                            /* 10 */
                          "</equipmateriellourd>\n"                                          /* 11 */
                          "</lot>\n"                                                         /* 12 */
                          "<equipmateriellourd>\n"                                           /* 13 */
                          "  <eml>05602</eml>\n"                                             /* 14 */
                          "  <eml>05701</eml>\n"                                             /* 15 */
                          "</equipmateriellourd>\n"                                          /* 16 */
                          "</racine>\n");
  collected c = {0};
  eml_diag d;
  eml_diag_clear(&d);
  assert_int_equal(eml_finess_xml_each(path, collect, NULL, &c, &d), EML_OK);
  assert_int_equal(c.count, 2);
  assert_int_equal(c.first.line, 4);
  assert_int_equal(c.first.position, 1);
  assert_null(c.first.problem);
  assert_string_equal(c.values[0][EML_FD_EML], "05701"); /* a string: the leading 0 stays */
  assert_string_equal(c.values[0][EML_FD_LIBEML], "Caméra & co");
  assert_string_equal(c.values[0][EML_FD_NOAUTORARHGOS], "0000");
  assert_string_equal(c.values[0][EML_FD_NUMSERIE], ""); /* nil */
  assert_true(c.first.present[EML_FD_NUMSERIE]);
  assert_string_equal(c.values[0][EML_FD_MARQUE], ""); /* empty */
  assert_string_equal(c.values[0][EML_FD_RSET], "SITE <A>");
  assert_false(c.first.present[EML_FD_NOFINESSET]); /* missing element */
  assert_int_equal(c.first.field_line[EML_FD_LIBEML], 6);
  assert_int_equal(c.second.line, 13);
  assert_non_null(strstr(c.problem, ":15: élément eml : apparaît deux fois dans le même <equipmateriellourd>"));
  remove(path);
  free(path);

  /* not well-formed: stops with the line of the error */
  path = test_write_temp("<?xml version=\"1.0\"?>\n<r>\n<equipmateriellourd>\n<eml>1</eml>\n"
                    "</equipmateriellourd>\n<equipmateriellourd><eml>2</emk>\n</r>\n");
  memset(&c, 0, sizeof c);
  assert_int_equal(eml_finess_xml_each(path, collect, NULL, &c, &d), EML_ERR_VALUE);
  assert_true(c.count <= 1); /* libxml2 reads ahead: the error may come first */
  assert_int_equal(d.line, 6);
  assert_non_null(strstr(d.message, "XML mal formé"));
  remove(path);
  free(path);

  assert_int_equal(eml_finess_xml_each("/nonexistent/eml.xml", collect, NULL, &c, &d), EML_ERR_IO);
}

static void diag_names_elements(void **state) {
  (void)state;
  eml_diag d;
  char buf[256];
  eml_diag_set(&d, "e.xml", 12, "<datefin>", "2020-13-01", 10, "not a date");
  eml_diag_format(&d, buf, sizeof buf);
  assert_string_equal(buf, "e.xml:12: élément datefin : not a date (valeur « 2020-13-01 »)");
  eml_diag_set(&d, "e.csv", 3, "nofinesset", NULL, 0, "bad");
  eml_diag_format(&d, buf, sizeof buf);
  assert_string_equal(buf, "e.csv:3: colonne nofinesset : bad");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(legal_status_rules),    cmocka_unit_test(codes_of_the_data_file),
      cmocka_unit_test(codes_file_errors_and_ignored), cmocka_unit_test(xml_records),
      cmocka_unit_test(diag_names_elements),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
