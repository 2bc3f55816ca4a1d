/*
 * test_store.c — the storage interface over SQLite: creation and schema
 * version, refusal of a newer schema, foreign keys, savepoints undoing one
 * row, rollback leaving nothing, the register loaded back.
 */
#include "test_helpers.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static int setup(void **state) {
  (void)state;
  snprintf(path, sizeof path, "/tmp/eml-store-%d.db", (int)getpid());
  unlink(path);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  unlink(path);
  return 0;
}

static eml_store *open_new(void) {
  eml_store *s = NULL;
  eml_diag d;
  assert_int_equal(eml_store_open(path, EML_STORE_CREATE, &s, &d), EML_OK);
  return s;
}

static void create_and_version(void **state) {
  (void)state;
  eml_store *s = NULL;
  eml_diag d;
  assert_int_equal(eml_store_open(path, EML_STORE_OPEN_EXISTING, &s, &d), EML_ERR_NOT_FOUND);
  assert_null(s);
  s = open_new();
  assert_int_equal(eml_store_schema_version(s), EML_STORE_SCHEMA_VERSION);
  eml_store_close(s);
  /* a store written by a newer eml is refused, not damaged */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(eml_store_open(path, EML_STORE_OPEN_EXISTING, &s, &d), EML_ERR_SCHEMA);
  char msg[512];
  eml_diag_format(&d, msg, sizeof msg);
  char expected[128];
  snprintf(expected, sizeof expected, "store schema version 99 is newer than this program's (%d)",
           EML_STORE_SCHEMA_VERSION);
  assert_non_null(strstr(msg, expected));
}

static void rows_savepoints_and_rollback(void **state) {
  (void)state;
  eml_store *s = open_new();
  eml_diag d;
  eml_site site = {.finess = "750000010", .name = "A", .territory = "75", .legal_status = "CH"};
  eml_equipment e = {.id = "E1", .finess = "750000010", .modality = EML_MOD_CT,
                     .authorized_from = eml_date_from_civil(2015, 3, 1)};
  eml_equipment orphan = {.id = "E2", .finess = "780000014", .modality = EML_MOD_MRI};
  assert_int_equal(eml_store_begin(s, &d), EML_OK);
  assert_int_equal(eml_store_insert_site(s, &site, &d), EML_OK);
  assert_int_equal(eml_store_insert_equipment(s, &e, &d), EML_OK);
  /* foreign key: a device at an unknown site is refused; the savepoint
   * undoes that row alone */
  assert_int_equal(eml_store_savepoint(s), EML_OK);
  assert_int_equal(eml_store_insert_equipment(s, &orphan, &d), EML_ERR_STORE);
  assert_int_equal(eml_store_rollback_to_savepoint(s), EML_OK);
  assert_int_equal(eml_store_commit(s, &d), EML_OK);
  int exists = -1;
  assert_int_equal(eml_store_has_equipment(s, "E1", &exists), EML_OK);
  assert_int_equal(exists, 1);
  assert_int_equal(eml_store_has_equipment(s, "E2", &exists), EML_OK);
  assert_int_equal(exists, 0);
  /* a rolled-back transaction leaves nothing */
  eml_site other = {.finess = "780000014", .name = "C", .territory = "78", .legal_status = "CH"};
  assert_int_equal(eml_store_begin(s, &d), EML_OK);
  assert_int_equal(eml_store_insert_site(s, &other, &d), EML_OK);
  assert_int_equal(eml_store_rollback(s), EML_OK);
  assert_int_equal(eml_store_has_site(s, "780000014", &exists), EML_OK);
  assert_int_equal(exists, 0);
  /* the register comes back as stored */
  eml_register reg;
  assert_int_equal(eml_store_load_register(s, &reg, &d), EML_OK);
  assert_int_equal(reg.nsites, 1);
  assert_int_equal(reg.nequipment, 1);
  assert_string_equal(reg.equipment[0].id, "E1");
  assert_int_equal(reg.equipment[0].modality, EML_MOD_CT);
  assert_int_equal(reg.equipment[0].authorized_from, eml_date_from_civil(2015, 3, 1));
  assert_int_equal(reg.equipment[0].has_until, 0);
  assert_int_equal(eml_register_find_site(&reg, "750000010"), 0);
  assert_int_equal(eml_register_find_site(&reg, "780000014"), -1);
  eml_register_free(&reg);
  eml_store_close(s);
}

static void in_force_rule(void **state) {
  (void)state;
  /* registry.md: authorized_from <= D and (no end or D < authorized_until) */
  eml_equipment e = {.authorized_from = eml_date_from_civil(2015, 3, 1), .has_until = 1,
                     .authorized_until = eml_date_from_civil(2017, 6, 30)};
  assert_false(eml_equipment_in_force(&e, eml_date_from_civil(2015, 2, 28)));
  assert_true(eml_equipment_in_force(&e, eml_date_from_civil(2015, 3, 1)));
  assert_true(eml_equipment_in_force(&e, eml_date_from_civil(2017, 6, 29)));
  assert_false(eml_equipment_in_force(&e, eml_date_from_civil(2017, 6, 30)));
  e.has_until = 0;
  assert_true(eml_equipment_in_force(&e, eml_date_from_civil(2099, 1, 1)));
}

static void vocabulary(void **state) {
  (void)state;
  static const struct {
    const char *text;
    eml_modality m;
  } cases[] = {{"CT", EML_MOD_CT},       {"scanner", EML_MOD_CT},   {"TDM", EML_MOD_CT},
               {"IRM", EML_MOD_MRI},     {"mri", EML_MOD_MRI},      {"TEP-CT", EML_MOD_PET},
               {"gamma caméra", EML_MOD_GAMMA}, {"caisson", EML_MOD_OHB},
               {" CYCLOTRON ", EML_MOD_CYCLOTRON}, {"cobalt", EML_MOD_COBALT}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    eml_modality m;
    assert_int_equal(eml_modality_parse(cases[i].text, strlen(cases[i].text), &m), EML_OK);
    assert_int_equal(m, cases[i].m);
  }
  eml_modality m;
  assert_int_equal(eml_modality_parse(S("XRAY"), &m), EML_ERR_VALUE);
  assert_string_equal(eml_modality_title(EML_MOD_GAMMA), "Gamma caméras (Gcam)");
  eml_unit u;
  assert_int_equal(eml_unit_parse(S("implantations"), &u), EML_OK);
  assert_int_equal(u, EML_UNIT_SITES);
  const char *ls;
  assert_int_equal(eml_legal_status_parse(S("chu ap-hp"), &ls), EML_OK);
  assert_string_equal(ls, "CHU AP-HP");
  assert_int_equal(eml_legal_status_parse(S("HOPITAL"), &ls), EML_ERR_VALUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(create_and_version, setup, teardown),
      cmocka_unit_test_setup_teardown(rows_savepoints_and_rollback, setup, teardown),
      cmocka_unit_test(in_force_rule),
      cmocka_unit_test(vocabulary),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
