/*
 * time.c — civil dates, Europe/Paris local time and parsing of the date and
 * date-time forms of the spec. The model is stated in eml/time.h.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* H. Hinnant's days_from_civil: days since 1970-01-01 of a proleptic
 * Gregorian date, valid for every year representable here. */
eml_date eml_date_from_civil(int year, int month, int day) {
  int y = year - (month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (unsigned)((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1);
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (eml_date)(era * 146097 + (int)doe - 719468);
}

/* H. Hinnant's civil_from_days, inverse of the above. */
void eml_date_to_civil(eml_date date, int *year, int *month, int *day) {
  int z = date + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = (int)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (m <= 2);
  *month = (int)m;
  *day = (int)d;
}

int eml_date_weekday(eml_date date) {
  /* 1970-01-01 was a Thursday (4) */
  int w = (int)((date % 7 + 7 + 3) % 7); /* 0 = Monday */
  return w + 1;
}

int eml_days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12)
    return 0;
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;
  return days[month - 1];
}

/* Last Sunday of a month, as a date. */
static eml_date last_sunday(int year, int month) {
  eml_date last = eml_date_from_civil(year, month, eml_days_in_month(year, month));
  return last - (eml_date_weekday(last) % 7); /* Sunday is 7 -> 0 back */
}

/* The summer-time window of a year, [start, end) in UTC seconds; returns 0
 * when the year has none (before 1981 in this table). */
static int summer_window(int year, eml_time *start, eml_time *end) {
  if (year < 1981)
    return 0;
  int end_month = year >= 1996 ? 10 : 9;
  *start = (eml_time)last_sunday(year, 3) * 86400 + 3600;
  *end = (eml_time)last_sunday(year, end_month) * 86400 + 3600;
  return 1;
}

static int year_of_instant(eml_time t) {
  int y, m, d;
  eml_time days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  eml_date_to_civil((eml_date)days, &y, &m, &d);
  return y;
}

/* The summer window of the UTC year of the last instant asked, per thread:
 * the instants of a data set mostly fall in one year (a national year of
 * passages or exams asks it millions of times). */
typedef struct year_window {
  eml_time lo, hi; /* the UTC year, [lo, hi) */
  int summer;      /* it has a summer window [start, end) */
  eml_time start, end;
} year_window;

int eml_paris_offset_s(eml_time t) {
  static _Thread_local year_window w = {1, 0, 0, 0, 0}; /* empty: lo > hi */
  if (t < w.lo || t >= w.hi) {
    /* the transitions lie in March and October: the UTC year is the right one */
    int y = year_of_instant(t);
    w.lo = (eml_time)eml_date_from_civil(y, 1, 1) * 86400;
    w.hi = (eml_time)eml_date_from_civil(y + 1, 1, 1) * 86400;
    w.summer = summer_window(y, &w.start, &w.end);
  }
  return w.summer && t >= w.start && t < w.end ? 7200 : 3600;
}

eml_time eml_paris_to_utc(int64_t local_s, int *flags) {
  eml_time as_standard = local_s - 3600;
  eml_time as_summer = local_s - 7200;
  int off_standard = eml_paris_offset_s(as_standard);
  int off_summer = eml_paris_offset_s(as_summer);
  if (flags)
    *flags = 0;
  if (off_standard == 3600 && off_summer == 3600)
    return as_standard;
  if (off_standard == 7200 && off_summer == 7200)
    return as_summer;
  if (off_summer == 7200 && off_standard == 3600) {
    /* October: the wall time exists twice; the spec takes the second (UTC+1) */
    if (flags)
      *flags = EML_TIME_AMBIGUOUS;
    return as_standard;
  }
  /* March: the wall time does not exist; read with the offset before the
   * change (UTC+1), which lands one hour later on the summer clock */
  if (flags)
    *flags = EML_TIME_SKIPPED;
  return as_standard;
}

int eml_interval_resolve_october(eml_time *start, int start_flags, eml_time end,
                                 int end_flags) {
  /* both read as the second occurrence (UTC+1): the first is 3600 s earlier */
  if (!(start_flags & EML_TIME_AMBIGUOUS) || !(end_flags & EML_TIME_AMBIGUOUS) || end > *start ||
      *start - 3600 >= end)
    return 0;
  *start -= 3600;
  return 1;
}

eml_time eml_paris_midnight(eml_date date) {
  return eml_paris_to_utc((int64_t)date * 86400, NULL);
}

void eml_paris_civil(eml_time t, eml_civil *out) {
  int off = eml_paris_offset_s(t);
  int64_t local = t + off;
  int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
  int64_t sec = local - days * 86400;
  eml_date_to_civil((eml_date)days, &out->year, &out->month, &out->day);
  out->hour = (int)(sec / 3600);
  out->minute = (int)(sec / 60 % 60);
  out->second = (int)(sec % 60);
  out->weekday = eml_date_weekday((eml_date)days);
  out->utc_offset_s = off;
}

eml_date eml_paris_date(eml_time t) {
  int64_t local = t + eml_paris_offset_s(t);
  return (eml_date)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
}

/* Reads exactly n decimal digits. */
static int read_digits(const char *s, size_t n, int *out) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

/* Parses the date part at the start of s; returns the bytes used (10) or 0. */
static size_t parse_date_prefix(const char *s, size_t len, eml_date *out) {
  int y, m, d;
  if (len < 10)
    return 0;
  if (s[4] == '-' && s[7] == '-') {
    if (!read_digits(s, 4, &y) || !read_digits(s + 5, 2, &m) || !read_digits(s + 8, 2, &d))
      return 0;
  } else if (s[2] == '/' && s[5] == '/') {
    if (!read_digits(s, 2, &d) || !read_digits(s + 3, 2, &m) || !read_digits(s + 6, 4, &y))
      return 0;
  } else {
    return 0;
  }
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > eml_days_in_month(y, m))
    return 0;
  *out = eml_date_from_civil(y, m, d);
  return 10;
}

eml_status eml_date_parse(const char *s, size_t len, eml_date *out) {
  eml_date d;
  if (len != 10 || parse_date_prefix(s, len, &d) != 10)
    return EML_ERR_VALUE;
  *out = d;
  return EML_OK;
}

eml_status eml_clock_parse(const char *s, size_t len, int *minutes) {
  int h, m;
  if (len != 5 || s[2] != ':' || !read_digits(s, 2, &h) || !read_digits(s + 3, 2, &m))
    return EML_ERR_VALUE;
  if (m > 59 || h > 24 || (h == 24 && m != 0))
    return EML_ERR_VALUE;
  *minutes = h * 60 + m;
  return EML_OK;
}

eml_status eml_datetime_parse(const char *s, size_t len, eml_time *out, int *flags) {
  eml_date date;
  int h, mi, sec = 0;
  size_t p = parse_date_prefix(s, len, &date);
  if (!p || p + 6 > len || (s[p] != 'T' && s[p] != ' '))
    return EML_ERR_VALUE;
  p++;
  if (!read_digits(s + p, 2, &h) || s[p + 2] != ':' || !read_digits(s + p + 3, 2, &mi))
    return EML_ERR_VALUE;
  p += 5;
  if (p < len && s[p] == ':') {
    if (p + 3 > len || !read_digits(s + p + 1, 2, &sec))
      return EML_ERR_VALUE;
    p += 3;
  }
  if (h > 23 || mi > 59 || sec > 59)
    return EML_ERR_VALUE;
  int64_t local = (int64_t)date * 86400 + h * 3600 + mi * 60 + sec;
  if (p == len) {
    *out = eml_paris_to_utc(local, flags);
    return EML_OK;
  }
  int offset_s;
  if (s[p] == 'Z' && p + 1 == len) {
    offset_s = 0;
  } else if (s[p] == '+' || s[p] == '-') {
    int oh, om;
    size_t rest = len - p - 1;
    const char *o = s + p + 1;
    if (rest == 5 && o[2] == ':' && read_digits(o, 2, &oh) && read_digits(o + 3, 2, &om)) {
    } else if (rest == 4 && read_digits(o, 2, &oh) && read_digits(o + 2, 2, &om)) {
    } else {
      return EML_ERR_VALUE;
    }
    if (oh > 14 || om > 59)
      return EML_ERR_VALUE;
    offset_s = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
  } else {
    return EML_ERR_VALUE;
  }
  *out = local - offset_s;
  if (flags)
    *flags = EML_TIME_EXPLICIT;
  return EML_OK;
}

void eml_date_format(eml_date date, char *buf, size_t size) {
  int y, m, d;
  eml_date_to_civil(date, &y, &m, &d);
  if (y < 0 || y > 9999 || size < 11) { /* what the digits below cannot say */
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    return;
  }
  /* "%04d-%02d-%02d" by hand: snprintf was 3% of a FINESS import (issue 17) */
  const int v[3] = {y, m, d}, width[3] = {4, 2, 2};
  size_t o = 0;
  for (int k = 0; k < 3; k++) {
    if (k)
      buf[o++] = '-';
    for (int i = width[k] - 1, x = v[k]; i >= 0; i--, x /= 10)
      buf[o + (size_t)i] = (char)('0' + x % 10);
    o += (size_t)width[k];
  }
  buf[o] = '\0';
}

void eml_date_format_fr(eml_date date, char *buf, size_t size) {
  int y, m, d;
  eml_date_to_civil(date, &y, &m, &d);
  snprintf(buf, size, "%02d/%02d/%04d", d, m, y);
}

void eml_time_format_local(eml_time t, char *buf, size_t size) {
  eml_civil c;
  eml_paris_civil(t, &c);
  snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour,
           c.minute, c.second);
}
