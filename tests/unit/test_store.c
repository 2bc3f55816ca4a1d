/*
 * test_store.c — the storage interface over SQLite: creation and schema
 * version, refusal of a newer schema, foreign keys, savepoints undoing one
 * row, rollback leaving nothing, the register loaded back; the 2023
 * regime's rows (authorisations, declared devices, conventions, windows,
 * activity targets) stored, found, updated, removed and loaded sorted;
 * the store's version stamp (eml_store_version); an imaging row the
 * blocks cannot hold refused with its message; a FINESS record (schema 13)
 * joined and split back, a record of another number of fields refused.
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
  snprintf(expected, sizeof expected, "schéma du stockage en version 99, plus récente que celle de ce programme (%d)",
           EML_STORE_SCHEMA_VERSION);
  assert_non_null(strstr(msg, expected));
}

/* The stamp moves with a commit of another connection and of this one,
 * not with reads, and with the file replaced at the path. */
static void version_stamp(void **state) {
  (void)state;
  eml_store *w = open_new(), *r = NULL;
  eml_diag d;
  assert_int_equal(eml_store_open(path, EML_STORE_READ_ONLY, &r, &d), EML_OK);
  eml_store_stamp a, b;
  assert_int_equal(eml_store_version(r, &a, &d), EML_OK);
  int exists;
  assert_int_equal(eml_store_has_site(r, "750000010", &exists), EML_OK);
  assert_int_equal(eml_store_version(r, &b, &d), EML_OK);
  assert_true(eml_store_stamp_equal(&a, &b)); /* a read changes nothing */
  eml_site site = {.finess = "750000010", .name = "A", .territory = "75", .legal_status = "CH"};
  assert_int_equal(eml_store_begin(w, &d), EML_OK);
  assert_int_equal(eml_store_insert_site(w, &site, &d), EML_OK);
  assert_int_equal(eml_store_commit(w, &d), EML_OK);
  assert_int_equal(eml_store_version(r, &b, &d), EML_OK);
  assert_false(eml_store_stamp_equal(&a, &b)); /* another connection committed */
  assert_int_equal(eml_store_version(w, &a, &d), EML_OK);
  site.finess[0] = '9';
  assert_int_equal(eml_store_begin(w, &d), EML_OK);
  assert_int_equal(eml_store_insert_site(w, &site, &d), EML_OK);
  assert_int_equal(eml_store_commit(w, &d), EML_OK);
  assert_int_equal(eml_store_version(w, &b, &d), EML_OK);
  assert_false(eml_store_stamp_equal(&a, &b)); /* this connection committed */
  /* the file replaced at the path (a backup restored): another inode */
  assert_int_equal(eml_store_version(r, &a, &d), EML_OK);
  char moved[80];
  snprintf(moved, sizeof moved, "%s.old", path);
  assert_int_equal(rename(path, moved), 0);
  eml_store_close(open_new());
  assert_int_equal(eml_store_version(r, &b, &d), EML_OK);
  assert_false(eml_store_stamp_equal(&a, &b));
  /* the file gone: an error naming it */
  unlink(path);
  assert_int_equal(eml_store_version(r, &b, &d), EML_ERR_STORE);
  assert_string_equal(d.message, "le stockage a disparu : fichier ou répertoire introuvable");
  unlink(moved);
  eml_store_close(r);
  eml_store_close(w);
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


/* The 2023 regime's tables (store.h): what is inserted comes back sorted
 * by key; a device under an unknown authorisation is refused (foreign
 * key); the overlap of two windows shares a day (inclusive ends); an
 * activity target and a device target of one territory are distinct keys,
 * and so are two mentions. */
static void regime_rows(void **state) {
  (void)state;
  eml_store *s = open_new();
  eml_diag d;
  int exists = -1;
  eml_site site = {.finess = "750000010", .name = "A", .territory = "75", .legal_status = "CH"};
  eml_authorisation a2 = {.id = "AUT-2", .finess = "750000010", .finess_ej = "750000002",
                          .activity = EML_ACT_NUCLEAR, .mention = "A",
                          .decided_on = eml_date_from_civil(2024, 1, 10)};
  eml_authorisation a1 = {.id = "AUT-1", .finess = "750000010", .activity = EML_ACT_IMAGING,
                          .decided_on = eml_date_from_civil(2023, 6, 1), .has_started = 1,
                          .started_on = eml_date_from_civil(2023, 7, 1), .has_until = 1,
                          .until = eml_date_from_civil(2030, 6, 1)};
  eml_declared_device dv = {.id = "D2", .authorisation_id = "AUT-1", .modality = EML_MOD_MRI,
                            .declared_on = eml_date_from_civil(2023, 7, 1), .justified = 1};
  eml_declared_device dc = {.id = "D1", .authorisation_id = "AUT-1", .modality = EML_MOD_CT,
                            .declared_on = eml_date_from_civil(2023, 6, 1)};
  eml_declared_device orphan = {.id = "D3", .authorisation_id = "AUT-9",
                                .modality = EML_MOD_CT};
  eml_convention c = {.finess = "750000010", .partner_finess = "750000028",
                      .modality = EML_MOD_MRI, .from = eml_date_from_civil(2023, 9, 1)};
  eml_window w1 = {.activity = EML_ACT_IMAGING, .opens_on = eml_date_from_civil(2025, 9, 1),
                   .closes_on = eml_date_from_civil(2025, 10, 31), .has_published = 1,
                   .published_on = eml_date_from_civil(2025, 8, 14)};
  eml_target ti = {.period = "P", .territory = "75", .is_activity = 1,
                   .activity = EML_ACT_NUCLEAR, .mention = "A", .unit = EML_UNIT_SITES,
                   .high = 2};
  eml_target tb = ti, tc = {.period = "P", .territory = "75", .modality = EML_MOD_CT,
                            .unit = EML_UNIT_SITES, .high = 3};
  snprintf(tb.mention, sizeof tb.mention, "B");
  assert_int_equal(eml_store_begin(s, &d), EML_OK);
  assert_int_equal(eml_store_insert_site(s, &site, &d), EML_OK);
  assert_int_equal(eml_store_insert_authorisation(s, &a2, &d), EML_OK);
  assert_int_equal(eml_store_insert_authorisation(s, &a1, &d), EML_OK);
  assert_int_equal(eml_store_insert_declared_device(s, &dv, &d), EML_OK);
  assert_int_equal(eml_store_insert_declared_device(s, &dc, &d), EML_OK);
  assert_int_equal(eml_store_savepoint(s), EML_OK);
  assert_int_equal(eml_store_insert_declared_device(s, &orphan, &d), EML_ERR_STORE);
  assert_int_equal(eml_store_rollback_to_savepoint(s), EML_OK);
  assert_int_equal(eml_store_insert_convention(s, &c, &d), EML_OK);
  assert_int_equal(eml_store_insert_window(s, &w1, &d), EML_OK);
  assert_int_equal(eml_store_insert_target(s, &ti, &d), EML_OK);
  assert_int_equal(eml_store_has_target(s, &tb, &exists), EML_OK);
  assert_int_equal(exists, 0);
  assert_int_equal(eml_store_insert_target(s, &tb, &d), EML_OK);
  assert_int_equal(eml_store_has_target(s, &tc, &exists), EML_OK);
  assert_int_equal(exists, 0);
  assert_int_equal(eml_store_insert_target(s, &tc, &d), EML_OK);
  assert_int_equal(eml_store_commit(s, &d), EML_OK);

  assert_int_equal(eml_store_has_authorisation(s, "AUT-1", &exists), EML_OK);
  assert_int_equal(exists, 1);
  assert_int_equal(eml_store_has_authorisation(s, "AUT-9", &exists), EML_OK);
  assert_int_equal(exists, 0);
  assert_int_equal(eml_store_has_declared_device(s, "D3", &exists), EML_OK);
  assert_int_equal(exists, 0);
  assert_int_equal(eml_store_has_convention(s, &c, &exists), EML_OK);
  assert_int_equal(exists, 1);
  /* [2025-10-31, 2025-12-31] shares its first day with w1 */
  eml_window w2 = {.activity = EML_ACT_IMAGING, .opens_on = eml_date_from_civil(2025, 10, 31),
                   .closes_on = eml_date_from_civil(2025, 12, 31)}, other;
  int overlaps = -1;
  assert_int_equal(eml_store_window_overlaps(s, &w2, &overlaps, &other), EML_OK);
  assert_int_equal(overlaps, 1);
  assert_int_equal(other.opens_on, w1.opens_on);
  assert_int_equal(other.closes_on, w1.closes_on);
  w2.opens_on = eml_date_from_civil(2025, 11, 1);
  assert_int_equal(eml_store_window_overlaps(s, &w2, &overlaps, NULL), EML_OK);
  assert_int_equal(overlaps, 0);
  w2.activity = EML_ACT_NUCLEAR;
  w2.opens_on = w1.opens_on;
  assert_int_equal(eml_store_window_overlaps(s, &w2, &overlaps, NULL), EML_OK);
  assert_int_equal(overlaps, 0);

  /* update, find, end and remove (AMM re-extractions) */
  eml_authorisation found;
  assert_int_equal(eml_store_begin(s, &d), EML_OK);
  a2.has_until = 1;
  a2.until = eml_date_from_civil(2025, 3, 31);
  assert_int_equal(eml_store_update_authorisation(s, &a2, &d), EML_OK);
  dv.has_removed = 1;
  dv.removed_on = eml_date_from_civil(2025, 1, 1);
  assert_int_equal(eml_store_update_declared_device(s, &dv, &d), EML_OK);
  assert_int_equal(eml_store_remove_declared_device(s, "D1", &d), EML_OK);
  assert_int_equal(eml_store_commit(s, &d), EML_OK);
  assert_int_equal(eml_store_find_authorisation(s, "AUT-2", &found, &exists), EML_OK);
  assert_int_equal(exists, 1);
  assert_string_equal(found.id, "AUT-2");
  assert_string_equal(found.finess_ej, "750000002");
  assert_string_equal(found.mention, "A");
  assert_int_equal(found.activity, EML_ACT_NUCLEAR);
  assert_int_equal(found.has_until, 1);
  assert_int_equal(found.until, eml_date_from_civil(2025, 3, 31));
  free(found.id);
  eml_declared_device fd;
  assert_int_equal(eml_store_find_declared_device(s, "D2", &fd, &exists), EML_OK);
  assert_int_equal(exists, 1);
  assert_int_equal(fd.has_removed, 1);
  assert_int_equal(fd.justified, 1);
  free(fd.id);
  free(fd.authorisation_id);
  assert_int_equal(eml_store_find_declared_device(s, "D1", &fd, &exists), EML_OK);
  assert_int_equal(exists, 0);

  eml_register reg;
  assert_int_equal(eml_store_load_register(s, &reg, &d), EML_OK);
  assert_int_equal(reg.nauthorisations, 2);
  assert_string_equal(reg.authorisations[0].id, "AUT-1"); /* sorted by id */
  assert_int_equal(reg.authorisations[0].activity, EML_ACT_IMAGING);
  assert_string_equal(reg.authorisations[0].mention, "");
  assert_string_equal(reg.authorisations[0].finess_ej, "");
  assert_int_equal(reg.authorisations[0].has_started, 1);
  assert_int_equal(reg.authorisations[0].started_on, eml_date_from_civil(2023, 7, 1));
  assert_int_equal(reg.authorisations[0].until, eml_date_from_civil(2030, 6, 1));
  assert_int_equal(reg.authorisations[1].has_started, 0);
  assert_int_equal(reg.ndevices, 1);
  assert_string_equal(reg.devices[0].id, "D2");
  assert_string_equal(reg.devices[0].authorisation_id, "AUT-1");
  assert_int_equal(reg.devices[0].modality, EML_MOD_MRI);
  assert_int_equal(reg.nconventions, 1);
  assert_string_equal(reg.conventions[0].partner_finess, "750000028");
  assert_int_equal(reg.conventions[0].modality, EML_MOD_MRI);
  assert_int_equal(reg.conventions[0].has_until, 0);
  assert_int_equal(reg.nwindows, 1);
  assert_int_equal(reg.windows[0].published_on, eml_date_from_civil(2025, 8, 14));
  /* targets by (period, territory, modality column, unit, mention):
   * CT < NUCLEAR, then A < B */
  assert_int_equal(reg.ntargets, 3);
  assert_int_equal(reg.targets[0].is_activity, 0);
  assert_int_equal(reg.targets[0].modality, EML_MOD_CT);
  assert_int_equal(reg.targets[1].is_activity, 1);
  assert_int_equal(reg.targets[1].activity, EML_ACT_NUCLEAR);
  assert_string_equal(reg.targets[1].mention, "A");
  assert_string_equal(reg.targets[2].mention, "B");
  assert_int_equal(reg.targets[2].has_low, 0);
  assert_int_equal(reg.targets[2].high, 2);
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

/* A reader of one machine and one exam whose end is not after its start:
 * a row the blocks cannot hold (store_rows.h) is refused with its message,
 * nothing saved (the engine's campaigns never hold one: its builder checks
 * every row). */
static size_t one_machine(const void *impl, size_t first, eml_campaign_machine *out, size_t cap) {
  (void)impl;
  if (first > 0 || cap == 0)
    return 0;
  *out = (eml_campaign_machine){"M1", "750000010", EML_IMAGING_CT};
  return 1;
}
static size_t no_session(const void *impl, size_t first, eml_campaign_session *out, size_t cap) {
  (void)impl, (void)first, (void)out, (void)cap;
  return 0;
}
static size_t one_bad_exam(const void *impl, size_t first, eml_campaign_exam *out, size_t cap) {
  (void)impl;
  if (first > 0 || cap == 0)
    return 0;
  *out = (eml_campaign_exam){0, 1300000000, 1300000000, EML_CLASS_A, 1.5, EML_CAMPAIGN_NO_REPORT};
  return 1;
}
static void no_counts(const void *impl, eml_campaign_file file, eml_imaging_load_counts *out) {
  (void)impl, (void)file;
  memset(out, 0, sizeof *out);
}

static void campaign_row_does_not_fit(void **state) {
  (void)state;
  eml_store *s = open_new();
  eml_diag d;
  eml_diag_clear(&d);
  eml_campaign_reader r = {NULL, 1, 0, 1, one_machine, no_session, one_bad_exam, no_counts};
  assert_int_equal(eml_store_begin(s, &d), EML_OK);
  assert_int_equal(eml_store_imaging_save(s, "x", &r, &d), EML_ERR_VALUE);
  char msg[512], expected[256];
  eml_diag_format(&d, msg, sizeof msg);
  snprintf(expected, sizeof expected, "%s: campagne x : une vacation ou un examen ne tient pas dans le stockage",
           path);
  assert_string_equal(msg, expected);
  assert_int_equal(eml_store_rollback(s), EML_OK);
  eml_store_close(s);
}

/* The 29 fields after nofinesset joined by U+001F (store.h), empty ones
 * included, then split back to the same bytes. */
static void finess_record_join_split(void **state) {
  (void)state;
  const char *in[EML_FINESS_RECORD_FIELDS] = {"330000027", "CH EXEMPLE", "", "L'H\xc3\x94PITAL"};
  for (size_t i = 4; i < EML_FINESS_RECORD_FIELDS; i++)
    in[i] = i == EML_FINESS_RECORD_FIELDS - 1 ? "2020-01-01" : "";
  char rec[512], *end = rec;
  for (size_t i = 0; i < EML_FINESS_RECORD_FIELDS; i++)
    end = eml_finess_record_put(end, i, in[i], strlen(in[i]));
  *end = '\0';
  /* 9 + 10 + 0 + 10 bytes, 10 for the last, and 28 separators */
  assert_int_equal(end - rec, 9 + 10 + 0 + 10 + 10 + 28);
  assert_memory_equal(rec, "330000027\x1f" "CH EXEMPLE\x1f\x1f" "L'H\xc3\x94PITAL\x1f", 32);
  const char *f[EML_FINESS_RECORD_FIELDS];
  size_t len[EML_FINESS_RECORD_FIELDS];
  assert_int_equal(eml_finess_record_split(rec, (size_t)(end - rec), f, len), 0);
  for (size_t i = 0; i < EML_FINESS_RECORD_FIELDS; i++) {
    assert_int_equal(len[i], strlen(in[i]));
    assert_memory_equal(f[i], in[i], len[i]);
  }
  /* one separator less (28 fields), one more (30), none: not a record */
  assert_int_equal(eml_finess_record_split(rec, (size_t)(end - rec) - 11, f, len), -1);
  end[0] = '\x1f';
  assert_int_equal(eml_finess_record_split(rec, (size_t)(end - rec) + 1, f, len), -1);
  assert_int_equal(eml_finess_record_split("", 0, f, len), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(create_and_version, setup, teardown),
      cmocka_unit_test_setup_teardown(rows_savepoints_and_rollback, setup, teardown),
      cmocka_unit_test_setup_teardown(regime_rows, setup, teardown),
      cmocka_unit_test(in_force_rule),
      cmocka_unit_test_setup_teardown(version_stamp, setup, teardown),
      cmocka_unit_test(vocabulary),
      cmocka_unit_test_setup_teardown(campaign_row_does_not_fit, setup, teardown),
      cmocka_unit_test(finess_record_join_split),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
