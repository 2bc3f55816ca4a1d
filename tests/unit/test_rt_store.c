/*
 * test_rt_store.c — the radiotherapy data set through the SQLite store
 * (lib/store/sqlite_rt.c): what is loaded back is, byte for byte, what was
 * read from the files (every field given a value other than its default),
 * and a second save with another key is refused.
 */
#include "test_rt_fixture.h"

#include <unistd.h>

static eml_rt_data *fixture(const unsigned char *key) {
  eml_rt_data *d = rt_load_key(
      CENTRES_HDR CENTRE_A "920100013,CHU B,92,1,isolated,0,1,agreement,10.5,0,1,1,1\n",
      MACHINES_HDR "L1,920100013,LINAC,6;10;20,1,1,1,1,1,1,2015-01-01,2030-06-30\n"
                   "CO,750100000,COBALT,,0,0,0,0,1,0,1998-01-01,\n"
                   "B,920100013,BRACHY,,0,0,0,0,1,0,2016-02-03,\n"
                   "L2,750100000,LINAC,6.5;18,1,0,1,0,0,1,2024-07-01,\n",
      STAFF_HDR "920100013,2024,PHYSICIST,2.5\n750100000,2023,RTT,4\n",
      COURSES_HDR "K,PAT-1,920100013,C53.9,EXTERNAL,TBI,2024-04-25,,C\n"
                  "C,PAT-1,920100013,C53.9,EXTERNAL,,2024-03-01,2024-04-10,\n"
                  "D,PAT-2,920100013,C61,BRACHY,SPECIAL_BRACHY,2024-05-02,2024-05-03,\n"
                  "E,PAT-3,750100000,C50.9,EXTERNAL,,2024-10-01,2024-10-30,\n",
      SESSIONS_HDR "PAT-1,C,L1,2024-03-04T09:00,4,1\n"
                   "PAT-2,D,B,2024-10-27T02:30,1,0\n"
                   "PAT-3,E,CO,2024-10-01T08:00:30Z,2,0\n"
                   "PAT-3,E,L2,2024-10-01T08:20,3,0\n",
      key);
  assert_int_equal(rt_last_rejects.count, 0);
  return d;
}

static void save_then_load(void **state) {
  (void)state;
  char path[] = "/tmp/eml_rt_store_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  unlink(path);
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_store *store = NULL;
  assert_int_equal(eml_store_open(path, EML_STORE_CREATE, &store, &diag), EML_OK);
  eml_rt_data *d = fixture(rt_key_a);
  assert_int_equal(eml_store_begin(store, &diag), EML_OK);
  assert_int_equal(eml_store_rt_save(store, d, &diag), EML_OK);
  assert_int_equal(eml_store_commit(store, &diag), EML_OK);

  static const unsigned char no_key[EML_RT_KEY_BYTES];
  eml_rt_data *back = eml_rt_data_new(no_key);
  assert_int_equal(eml_store_rt_load(store, back, &diag), EML_OK);
  assert_int_equal(back->n_centres, d->n_centres);
  assert_int_equal(back->n_machines, d->n_machines);
  assert_int_equal(back->n_staff, d->n_staff);
  assert_int_equal(back->n_courses, d->n_courses);
  assert_int_equal(back->n_sessions, d->n_sessions);
  assert_memory_equal(back->centres, d->centres, d->n_centres * sizeof *d->centres);
  assert_memory_equal(back->machines, d->machines, d->n_machines * sizeof *d->machines);
  assert_memory_equal(back->staff, d->staff, d->n_staff * sizeof *d->staff);
  assert_memory_equal(back->courses, d->courses, d->n_courses * sizeof *d->courses);
  assert_memory_equal(back->sessions, d->sessions, d->n_sessions * sizeof *d->sessions);
  assert_int_equal(eml_rt_find(back, EML_RT_FILE_COURSES, "C"), 1);
  assert_int_equal(back->courses[0].root, 1); /* K continues C */

  /* another key: refused, the stored data left as it was */
  eml_rt_data *other = fixture(rt_key_b);
  assert_int_equal(eml_store_begin(store, &diag), EML_OK);
  assert_int_equal(eml_store_rt_save(store, other, &diag), EML_ERR_VALUE);
  assert_int_equal(eml_store_rollback(store), EML_OK);
  eml_rt_data *again = eml_rt_data_new(no_key);
  assert_int_equal(eml_store_rt_load(store, again, &diag), EML_OK);
  assert_memory_equal(again->courses, d->courses, d->n_courses * sizeof *d->courses);

  eml_rt_data_free(again);
  eml_rt_data_free(other);
  eml_rt_data_free(back);
  eml_rt_data_free(d);
  eml_store_close(store);
  unlink(path);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(save_then_load)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
