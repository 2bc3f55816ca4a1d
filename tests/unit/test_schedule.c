/*
 * test_schedule.c — schedule.csv reading and expansion (eml/schedule.h).
 * Expected instants come from GNU date, not from eml:
 *   TZ=Europe/Paris date -d '2024-05-06 08:00' +%s  ->  1714975200
 * and the lengths across the changes are worked out by hand below.
 */
#include "test_helpers.h"

#include "eml/schedule.h"
#include "reject_collector.h"

typedef struct collected {
  size_t n;
  char id[16][32];
  eml_time start[16], end[16];
  eml_session_type type[16];
} collected;

static eml_status collect(void *ctx, const char *equipment_id, eml_time start, eml_time end,
                          eml_session_type type, eml_diag *diag) {
  (void)diag;
  collected *c = ctx;
  if (c->n == 16)
    return EML_ERR_TOO_LARGE;
  snprintf(c->id[c->n], sizeof c->id[0], "%s", equipment_id);
  c->start[c->n] = start;
  c->end[c->n] = end;
  c->type[c->n] = type;
  c->n++;
  return EML_OK;
}

static eml_schedule *read_text(const char *text) {
  eml_schedule *s = eml_schedule_new();
  eml_diag diag;
  eml_status st =
      eml_schedule_read_memory(s, "schedule.csv", text, strlen(text), NULL, NULL, NULL, &diag);
  if (st) {
    char msg[512];
    eml_diag_format(&diag, msg, sizeof msg);
    fail_msg("%s", msg);
  }
  return s;
}

static collected expand(const eml_schedule *s, const char *from, const char *to, int skip,
                        eml_departement_fn departement) {
  collected c;
  memset(&c, 0, sizeof c);
  eml_schedule_window w = {0, 0, skip, departement, NULL};
  assert_int_equal(eml_date_parse(from, 10, &w.from), EML_OK);
  assert_int_equal(eml_date_parse(to, 10, &w.to), EML_OK);
  eml_diag diag;
  assert_int_equal(eml_schedule_expand(s, &w, collect, &c, &diag), EML_OK);
  return c;
}

static void two_weeks_with_holidays(void **state) {
  (void)state;
  /* Monday to Friday 08:00-13:00 programmed, Wednesday 13:00-15:00 emergency,
   * over 6-19 May 2024: 8 May (Wed) and 9 May (Ascension, Thu) are holidays */
  eml_schedule *s = read_text("equipment_id,weekday,start_time,end_time,type\n"
                              "CT1,1,08:00,13:00,PUBLIC_PROGRAMMED\n"
                              "CT1,2,08:00,13:00,PUBLIC_PROGRAMMED\n"
                              "CT1,3,08:00,13:00,Vacation libérale\n"
                              "CT1,jeudi,08:00,13:00,PUBLIC_PROGRAMMED\n"
                              "CT1,5,08:00,13:00,PUBLIC_PROGRAMMED\n"
                              "CT1,3,13:00,15:00,EMERGENCY\n");
  collected all = expand(s, "2024-05-06", "2024-05-20", 0, NULL);
  assert_int_equal(all.n, 12); /* 10 programmed + 2 emergency */
  assert_int_equal(all.start[0], 1714975200); /* 2024-05-06 08:00 CEST */
  assert_int_equal(all.end[0], 1714993200);   /* 13:00 */
  assert_string_equal(all.id[0], "CT1");
  collected skipped = expand(s, "2024-05-06", "2024-05-20", 1, NULL);
  assert_int_equal(skipped.n, 10); /* 8 May and 9 May programmed left out */
  /* third session: Wednesday 8 May's emergency (kept: not PROGRAMMED) */
  assert_int_equal(skipped.type[2], EML_SESSION_EMERGENCY);
  assert_int_equal(skipped.start[2], 1714975200 + 2 * 86400 + 5 * 3600);
  /* then Friday 10 May 08:00 */
  assert_int_equal(skipped.start[3], 1714975200 + 4 * 86400);
  eml_schedule_free(s);
}

static const char *departement_of(void *ctx, const char *equipment_id) {
  (void)ctx;
  return strcmp(equipment_id, "STRASBOURG") == 0 ? "67" : "75";
}

static void alsace_moselle_good_friday(void **state) {
  (void)state;
  /* 14-21 April 2025: Good Friday 18 April (Alsace-Moselle only); Easter
   * Monday 21 April is outside [14, 21) */
  eml_schedule *s = read_text("equipment_id,weekday,start_time,end_time,type\n"
                              "PARIS,5,08:00,12:00,PRIVATE\n"
                              "STRASBOURG,5,08:00,12:00,PRIVATE\n");
  collected c = expand(s, "2025-04-14", "2025-04-21", 1, departement_of);
  assert_int_equal(c.n, 1);
  assert_string_equal(c.id[0], "PARIS");
  eml_schedule_free(s);
}

static void night_and_whole_day(void **state) {
  (void)state;
  eml_schedule *s = read_text("equipment_id;weekday;start_time;end_time;type\n"
                              "M;2;20:00;08:00;ON_CALL\n"
                              "M;7;00:00;00:00;Permanence des soins\n");
  /* week of Monday 8 January 2024 */
  collected c = expand(s, "2024-01-08", "2024-01-15", 0, NULL);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.start[0], 1704826800); /* Tue 9 Jan 20:00 */
  assert_int_equal(c.end[0], 1704870000);   /* Wed 10 Jan 08:00: 12 h */
  assert_int_equal(c.end[1] - c.start[1], 86400);
  eml_schedule_free(s);
}

static void daylight_saving_changes(void **state) {
  (void)state;
  eml_schedule *s = read_text("equipment_id,weekday,start_time,end_time,type\n"
                              "M,6,20:00,08:00,ON_CALL\n"
                              "M,7,00:00,00:00,MAINTENANCE\n");
  /* October: Sat 26 Oct 2024 20:00 CEST (18:00Z) to Sun 08:00 CET (07:00Z)
   * is 13 h = 46800 s; Sunday 27 Oct has 25 h = 90000 s */
  collected oct = expand(s, "2024-10-26", "2024-10-28", 0, NULL);
  assert_int_equal(oct.n, 2);
  assert_int_equal(oct.start[0], 1729965600);
  assert_int_equal(oct.end[0] - oct.start[0], 46800);
  assert_int_equal(oct.start[1], 1729980000);
  assert_int_equal(oct.end[1] - oct.start[1], 90000);
  /* March: Sat 30 Mar 2024 20:00 CET (19:00Z) to Sun 08:00 CEST (06:00Z) is
   * 11 h = 39600 s; Sunday 31 March has 23 h = 82800 s */
  collected mar = expand(s, "2024-03-30", "2024-04-01", 0, NULL);
  assert_int_equal(mar.n, 2);
  assert_int_equal(mar.end[0] - mar.start[0], 39600);
  assert_int_equal(mar.end[0], 1711864800);
  assert_int_equal(mar.end[1] - mar.start[1], 82800);
  eml_schedule_free(s);
}

static void clipped_to_window(void **state) {
  (void)state;
  /* Sunday 20:00-08:00: the Sunday before Monday 8 January 2024 reaches into
   * the window for 8 h (00:00-08:00); the last Sunday (14 Jan) is cut at the
   * window's end (Mon 15 Jan 00:00): 4 h */
  eml_schedule *s = read_text("equipment_id,weekday,start_time,end_time,type\n"
                              "M,7,20:00,08:00,ON_CALL\n");
  collected c = expand(s, "2024-01-08", "2024-01-15", 0, NULL);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.start[0], 1704668400); /* Mon 8 Jan 00:00 */
  assert_int_equal(c.end[0], 1704697200);   /* 08:00 */
  assert_int_equal(c.end[1] - c.start[1], 4 * 3600);
  eml_schedule_free(s);
}

static void validity_bounds(void **state) {
  (void)state;
  /* Tuesdays 2, 9, 16 Jan 2024; valid 9 to 16 January, both inclusive */
  eml_schedule *s = read_text("equipment_id,weekday,start_time,end_time,type,valid_from,valid_until\n"
                              "M,2,08:00,12:00,PRIVATE,2024-01-09,16/01/2024\n"
                              "M,3,08:00,24:00,PRIVATE,,2024-01-03\n");
  collected c = expand(s, "2024-01-01", "2024-01-22", 0, NULL);
  assert_int_equal(c.n, 3);
  /* Wed 3 Jan 08:00-24:00 = 16 h, then Tue 9 Jan and Tue 16 Jan */
  assert_int_equal(c.end[0] - c.start[0], 16 * 3600);
  assert_int_equal(c.start[1], 1704697200 + 86400); /* 9 Jan 08:00 */
  assert_int_equal(c.start[2], 1704697200 + 8 * 86400);
  eml_schedule_free(s);
}

static void bad_rows(void **state) {
  (void)state;
  static const char text[] = "equipment_id,weekday,start_time,end_time,type,valid_from,valid_until\n"
                             "M,8,08:00,12:00,PRIVATE,,\n"
                             "M,1,25:00,12:00,PRIVATE,,\n"
                             "M,1,08:00,12:60,PRIVATE,,\n"
                             "M,1,08:00,12:00,Vacation,,\n"
                             ",1,08:00,12:00,PRIVATE,,\n"
                             "M,1,08:00,12:00,PRIVATE,2024-02-01,2024-01-01\n"
                             "M,1,08:00,12:00\n"
                             "M,1,24:00,12:00,PRIVATE,,\n"
                             "M,1,08:00,12:00,PRIVATE,2024-02-30,\n"
                             "M,1,08:00,12:00,PRIVATE,,\n";
  static const char *const expected[8] = {
      ("schedule.csv:2: colonne weekday : pas un jour de la semaine (1 = lundi … 7 = dimanche, "
       "ou lundi … dimanche) (valeur « 8 »)"),
      "schedule.csv:3: colonne start_time : pas une heure (HH:MM, 00:00-23:59) (valeur « 25:00 »)",
      "schedule.csv:4: colonne end_time : pas une heure (HH:MM, 00:00-24:00) (valeur « 12:60 »)",
      "schedule.csv:5: colonne type : type de vacation inconnu (valeur « Vacation »)",
      "schedule.csv:6: colonne equipment_id : une valeur est obligatoire (valeur «  »)",
      "schedule.csv:7: colonne valid_until : avant valid_from (valeur « 2024-01-01 »)",
      "schedule.csv:8: colonne type : absente : la ligne a 4 champs, l'en-tête 7",
      "schedule.csv:9: colonne start_time : pas une heure (HH:MM, 00:00-23:59) (valeur « 24:00 »)",
  };
  /* without a reject callback the first bad row stops the reading */
  eml_schedule *s = eml_schedule_new();
  eml_diag diag;
  char msg[512];
  assert_int_equal(eml_schedule_read_memory(s, "schedule.csv", S(text), NULL, NULL, NULL, &diag),
                   EML_ERR_VALUE);
  eml_diag_format(&diag, msg, sizeof msg);
  assert_string_equal(msg, expected[0]);
  eml_schedule_clear(s);
  /* with one, every bad row is handed over and the good one is kept */
  rejects r;
  memset(&r, 0, sizeof r);
  eml_read_counts counts;
  eml_read_hooks hooks = {keep_reject, NULL, &r};
  assert_int_equal(eml_schedule_read_memory(s, "schedule.csv", S(text), NULL, &hooks, &counts,
                                            &diag),
                   EML_OK);
  assert_int_equal(counts.read, 10);
  assert_int_equal(counts.loaded, 1);
  assert_int_equal(counts.rejected, 9);
  for (int i = 0; i < 8; i++)
    assert_string_equal(r.messages[i], expected[i]);
  assert_int_equal(eml_schedule_count(s), 1);
  assert_int_equal(eml_schedule_at(s, 0)->line, 11);
  eml_schedule_free(s);
  /* a missing column is an error of the header */
  s = eml_schedule_new();
  assert_int_equal(eml_schedule_read_memory(s, "schedule.csv", S("equipment_id,weekday,type\n"),
                                            NULL, NULL, NULL, &diag),
                   EML_ERR_CSV);
  eml_diag_format(&diag, msg, sizeof msg);
  assert_string_equal(msg, "schedule.csv:1: colonne start_time : colonne obligatoire absente de l'en-tête");
  eml_schedule_free(s);
  eml_schedule_free(NULL);
}

static void note_warning(void *ctx, const char *file, const char *message) {
  snprintf(ctx, 256, "%s: %s", file, message);
}

static void unknown_columns_warned(void **state) {
  (void)state;
  char warning[256] = "";
  eml_read_hooks hooks = {NULL, note_warning, warning};
  eml_schedule *s = eml_schedule_new();
  eml_diag diag;
  assert_int_equal(
      eml_schedule_read_memory(
          s, "schedule.csv",
          S("equipment_id,weekday,start_time,end_time,type,commentaire\nM,1,08:00,12:00,PRIVATE,x\n"),
          NULL, &hooks, NULL, &diag),
      EML_OK);
  assert_string_equal(warning, "schedule.csv: colonnes inconnues ignorées : commentaire");
  assert_int_equal(eml_schedule_count(s), 1);
  eml_schedule_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(two_weeks_with_holidays),  cmocka_unit_test(alsace_moselle_good_friday),
      cmocka_unit_test(night_and_whole_day),      cmocka_unit_test(daylight_saving_changes),
      cmocka_unit_test(clipped_to_window),        cmocka_unit_test(validity_bounds),
      cmocka_unit_test(bad_rows),                 cmocka_unit_test(unknown_columns_warned),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
