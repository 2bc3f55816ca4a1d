/*
 * test_time.c — civil dates, Europe/Paris offsets and DST, date parsing.
 * Expected instants were computed with GNU date (TZ=Europe/Paris date -d
 * '2017-10-01 00:00' +%s gives 1506808800), independently of eml.
 */
#include "test_helpers.h"

static eml_time dt(const char *s) {
  eml_time t = 0;
  assert_int_equal(eml_datetime_parse(s, strlen(s), &t, NULL), EML_OK);
  return t;
}

static void civil_round_trip(void **state) {
  (void)state;
  assert_int_equal(eml_date_from_civil(1970, 1, 1), 0);
  assert_int_equal(eml_date_from_civil(2000, 3, 1), 11017);
  int y, m, d;
  eml_date_to_civil(eml_date_from_civil(2016, 2, 29), &y, &m, &d);
  assert_int_equal(y, 2016);
  assert_int_equal(m, 2);
  assert_int_equal(d, 29);
  for (eml_date x = -800000; x < 800000; x += 997) {
    eml_date_to_civil(x, &y, &m, &d);
    assert_int_equal(eml_date_from_civil(y, m, d), x);
  }
  assert_int_equal(eml_date_weekday(eml_date_from_civil(2017, 10, 1)), 7); /* Sunday */
  assert_int_equal(eml_date_weekday(eml_date_from_civil(2017, 10, 2)), 1); /* Monday */
}

static void paris_offsets(void **state) {
  (void)state;
  /* 2017: summer time from 26 March 01:00Z to 29 October 01:00Z */
  assert_int_equal(dt("2017-10-01 00:00"), 1506808800);
  assert_int_equal(dt("2017-01-15T12:00"), dt("2017-01-15T11:00Z"));
  assert_int_equal(dt("2017-07-15T12:00"), dt("2017-07-15T10:00Z"));
  assert_int_equal(eml_paris_offset_s(dt("2017-03-26T00:59:59Z")), 3600);
  assert_int_equal(eml_paris_offset_s(dt("2017-03-26T01:00Z")), 7200);
  assert_int_equal(eml_paris_offset_s(dt("2017-10-29T00:59:59Z")), 7200);
  assert_int_equal(eml_paris_offset_s(dt("2017-10-29T01:00Z")), 3600);
  /* before 1996 summer time ended on the last Sunday of September */
  assert_int_equal(eml_paris_offset_s(dt("1995-09-24T00:59Z")), 7200);
  assert_int_equal(eml_paris_offset_s(dt("1995-09-24T01:00Z")), 3600);
}

static void dst_reading_rules(void **state) {
  (void)state;
  eml_time t;
  int flags;
  /* skipped hour: 02:30 on 26 March 2017 is read at +01:00, i.e. 03:30 CEST
   * (GNU date: '2017-03-26 03:30' Europe/Paris = 1490491800) */
  assert_int_equal(eml_datetime_parse(S("2017-03-26 02:30"), &t, &flags), EML_OK);
  assert_int_equal(t, 1490491800);
  assert_int_equal(flags, EML_TIME_SKIPPED);
  assert_int_equal(dt("2017-03-26 03:30"), 1490491800);
  /* repeated hour: 02:30 on 29 October 2017 is the second one, 01:30Z */
  assert_int_equal(eml_datetime_parse(S("2017-10-29 02:30"), &t, &flags), EML_OK);
  assert_int_equal(t, dt("2017-10-29T01:30:00Z"));
  assert_int_equal(flags, EML_TIME_AMBIGUOUS);
  assert_int_equal(eml_datetime_parse(S("2017-10-29T02:30+02:00"), &t, &flags), EML_OK);
  assert_int_equal(t, dt("2017-10-29T00:30:00Z"));
  assert_int_equal(flags, EML_TIME_EXPLICIT);
  assert_int_equal(eml_datetime_parse(S("2017-10-29 03:30"), &t, &flags), EML_OK);
  assert_int_equal(flags, 0);
}

static void dst_crossing_intervals(void **state) {
  (void)state;
  /* October: 01:45 CEST (23:45Z) to 02:15 second occurrence (01:15Z):
   * 1 h 30 of absolute time although the clocks say 30 minutes */
  assert_int_equal(dt("2017-10-29 02:15") - dt("2017-10-29 01:45"), 5400);
  /* an exam from 02:40 CEST (00:40Z, explicit) to 02:40 CET is 1 hour */
  assert_int_equal(dt("2017-10-29 02:40") - dt("2017-10-29T02:40+02:00"), 3600);
  /* March: 01:30 CET to 03:30 CEST is one hour */
  assert_int_equal(dt("2017-03-26 03:30") - dt("2017-03-26 01:30"), 3600);
  /* the day of the March change lasts 23 h, of October 25 h */
  assert_int_equal(eml_paris_midnight(eml_date_from_civil(2017, 3, 27)) -
                       eml_paris_midnight(eml_date_from_civil(2017, 3, 26)),
                   23 * 3600);
  assert_int_equal(eml_paris_midnight(eml_date_from_civil(2017, 10, 30)) -
                       eml_paris_midnight(eml_date_from_civil(2017, 10, 29)),
                   25 * 3600);
}

/* Reads a local date-time with its flags. */
static eml_time local(const char *s, int *flags) {
  eml_time t = 0;
  assert_int_equal(eml_datetime_parse(s, strlen(s), &t, flags), EML_OK);
  return t;
}

/* The October rule for one interval (spec README; issue 17's acceptance).
 * 31 October 2010: summer time ends at 01:00Z, so 02:00-02:59 local is
 * 00:00-00:59Z (CEST, first) and 01:00-01:59Z (CET, second). */
static void october_interval_rule(void **state) {
  (void)state;
  int fs, fe;
  /* 02:50 -> 02:10: start 02:50+02:00 = 00:50Z, end 02:10+01:00 = 01:10Z,
   * 20 minutes; both times ambiguous */
  eml_time s = local("2010-10-31T02:50", &fs), e = local("2010-10-31T02:10", &fe);
  assert_int_equal(fs, EML_TIME_AMBIGUOUS);
  assert_int_equal(fe, EML_TIME_AMBIGUOUS);
  assert_int_equal(eml_interval_resolve_october(&s, fs, e, fe), 1);
  assert_int_equal(s, dt("2010-10-31T00:50:00Z"));
  assert_int_equal(e, dt("2010-10-31T01:10:00Z"));
  assert_int_equal(e - s, 20 * 60);
  /* 02:10 -> 02:50: both the second occurrence (01:10Z, 01:50Z), 40 minutes,
   * untouched; both ambiguous */
  s = local("2010-10-31T02:10", &fs), e = local("2010-10-31T02:50", &fe);
  assert_int_equal(fs & fe, EML_TIME_AMBIGUOUS);
  assert_int_equal(eml_interval_resolve_october(&s, fs, e, fe), 0);
  assert_int_equal(s, dt("2010-10-31T01:10:00Z"));
  assert_int_equal(e - s, 40 * 60);
  /* 02:10 -> 02:10: the first 02:10 to the second, one hour */
  s = local("2010-10-31T02:10", &fs), e = local("2010-10-31T02:10", &fe);
  assert_int_equal(eml_interval_resolve_october(&s, fs, e, fe), 1);
  assert_int_equal(e - s, 3600);
  /* 02:59:59 -> 02:00:00: 00:59:59Z to 01:00:00Z, one second */
  s = local("2010-10-31T02:59:59", &fs), e = local("2010-10-31T02:00:00", &fe);
  assert_int_equal(eml_interval_resolve_october(&s, fs, e, fe), 1);
  assert_int_equal(e - s, 1);
  /* only one of them in the repeated hour: no reading makes it real */
  s = local("2010-10-31T03:10", &fs), e = local("2010-10-31T02:50", &fe);
  assert_int_equal(eml_interval_resolve_october(&s, fs, e, fe), 0);
  assert_int_equal(s, dt("2010-10-31T02:10:00Z"));
  /* an explicit offset is no doubt: 02:50+01:00 -> 02:10 stays as written */
  s = local("2010-10-31T02:50+01:00", &fs), e = local("2010-10-31T02:10", &fe);
  assert_int_equal(eml_interval_resolve_october(&s, fs, e, fe), 0);
  /* two different Octobers: even the first occurrence does not help */
  s = local("2011-10-30T02:50", &fs), e = local("2010-10-31T02:10", &fe);
  assert_int_equal(fs & fe, EML_TIME_AMBIGUOUS);
  assert_int_equal(eml_interval_resolve_october(&s, fs, e, fe), 0);
  assert_int_equal(s, dt("2011-10-30T01:50:00Z"));
}

static void civil_of_instant(void **state) {
  (void)state;
  eml_civil c;
  eml_paris_civil(dt("2017-10-29T01:30Z"), &c);
  assert_int_equal(c.hour, 2);
  assert_int_equal(c.minute, 30);
  assert_int_equal(c.utc_offset_s, 3600);
  assert_int_equal(c.weekday, 7);
  eml_paris_civil(dt("2017-12-31T23:30Z"), &c); /* already 2018 in Paris */
  assert_int_equal(c.year, 2018);
  assert_int_equal(c.month, 1);
  assert_int_equal(c.day, 1);
  assert_int_equal(c.hour, 0);
  char buf[32];
  eml_time_format_local(dt("2017-03-26 02:30"), buf, sizeof buf);
  assert_string_equal(buf, "2017-03-26 03:30:00");
}

static void date_forms(void **state) {
  (void)state;
  eml_date d;
  assert_int_equal(eml_date_parse(S("2017-10-01"), &d), EML_OK);
  assert_int_equal(d, eml_date_from_civil(2017, 10, 1));
  assert_int_equal(eml_date_parse(S("01/10/2017"), &d), EML_OK);
  assert_int_equal(d, eml_date_from_civil(2017, 10, 1));
  assert_int_equal(eml_date_parse(S("29/02/2016"), &d), EML_OK);
  /* bad dates, one per line */
  assert_int_equal(eml_date_parse(S("2017-02-29"), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("2017-13-01"), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("2017-00-10"), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("2017-1-01"), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("2017-10-01 "), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("31/04/2017"), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("2017/10/01"), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("hier"), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S(""), &d), EML_ERR_VALUE);
  assert_int_equal(eml_date_parse(S("1899-12-31"), &d), EML_ERR_VALUE);
}

static void datetime_forms(void **state) {
  (void)state;
  eml_time t;
  eml_time ref = dt("2017-10-01T08:05:09");
  assert_int_equal(dt("2017-10-01 08:05:09"), ref);
  assert_int_equal(dt("01/10/2017 08:05:09"), ref);
  assert_int_equal(dt("2017-10-01T08:05") + 9, ref);
  assert_int_equal(dt("2017-10-01T06:05:09Z"), ref);
  assert_int_equal(dt("2017-10-01T08:05:09+0200"), ref);
  assert_int_equal(dt("2017-10-01T01:05:09-05:00"), ref);
  assert_int_equal(eml_datetime_parse(S("2017-10-01"), &t, NULL), EML_ERR_VALUE);
  assert_int_equal(eml_datetime_parse(S("2017-10-01 24:00"), &t, NULL), EML_ERR_VALUE);
  assert_int_equal(eml_datetime_parse(S("2017-10-01 08:60"), &t, NULL), EML_ERR_VALUE);
  assert_int_equal(eml_datetime_parse(S("2017-10-01 08:05:9"), &t, NULL), EML_ERR_VALUE);
  assert_int_equal(eml_datetime_parse(S("2017-10-01 08:05Y"), &t, NULL), EML_ERR_VALUE);
  assert_int_equal(eml_datetime_parse(S("2017-10-01T08:05+2"), &t, NULL), EML_ERR_VALUE);
  assert_int_equal(eml_datetime_parse(S("2017-10-01x08:05"), &t, NULL), EML_ERR_VALUE);
  int minutes;
  assert_int_equal(eml_clock_parse(S("07:30"), &minutes), EML_OK);
  assert_int_equal(minutes, 450);
  assert_int_equal(eml_clock_parse(S("24:00"), &minutes), EML_OK);
  assert_int_equal(minutes, 1440);
  assert_int_equal(eml_clock_parse(S("24:01"), &minutes), EML_ERR_VALUE);
  assert_int_equal(eml_clock_parse(S("7:30"), &minutes), EML_ERR_VALUE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(civil_round_trip),     cmocka_unit_test(paris_offsets),
      cmocka_unit_test(dst_reading_rules),    cmocka_unit_test(dst_crossing_intervals),
      cmocka_unit_test(civil_of_instant),     cmocka_unit_test(date_forms),
      cmocka_unit_test(datetime_forms),       cmocka_unit_test(october_interval_rule),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
