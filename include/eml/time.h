/*
 * eml/time.h — dates and date-times of eml.
 *
 * Model (as SQLite's date.c states its own): a date-time is an absolute
 * instant, eml_time = seconds since 1970-01-01T00:00:00Z. Every duration is a
 * difference of eml_time, so an interval across a daylight-saving change has
 * its true length. A date is eml_date = days since 1970-01-01 (proleptic
 * Gregorian calendar, algorithm of H. Hinnant, "chrono-compatible low-level
 * date algorithms").
 *
 * Local time is that of Europe/Paris, computed from the rules in force, not
 * from the system's tz database: CET (UTC+1) and, from 1981 on, CEST (UTC+2)
 * from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC (EU directive 2000/84/EC; before 1996, the last Sunday of
 * September). Before 1981 the table assumes standard time all year.
 *
 * Reading a local time (spec README, "Conventions for every input file"):
 * a time repeated by the October change is its second occurrence (UTC+1),
 * and a time skipped by the March change (02:00-02:59) is read with the
 * offset in force before the change (02:30 becomes 03:30 CEST). Both are
 * reported through the flags so they can be counted. One exception, for an
 * interval (an exam, a session): when its start and its end both lie in the
 * repeated hour and the end is not after the start, the start is its first
 * occurrence (UTC+2) — eml_interval_resolve_october, the one place that
 * applies it for every reader of intervals.
 */
#ifndef EML_TIME_H
#define EML_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef int64_t eml_time; /* seconds since 1970-01-01T00:00:00Z */
typedef int32_t eml_date; /* days since 1970-01-01 */

enum {
  EML_TIME_AMBIGUOUS = 1, /* local time in the hour repeated in October */
  EML_TIME_SKIPPED = 2,   /* local time in the hour skipped in March */
  EML_TIME_EXPLICIT = 4   /* an explicit offset (Z, +01:00) was given */
};

typedef struct eml_civil {
  int year, month, day;       /* month 1-12, day 1-31 */
  int hour, minute, second;   /* local clock */
  int weekday;                /* 1 = Monday ... 7 = Sunday */
  int utc_offset_s;           /* 3600 or 7200 in Europe/Paris */
} eml_civil;

eml_date eml_date_from_civil(int year, int month, int day);
void eml_date_to_civil(eml_date date, int *year, int *month, int *day);
/* 1 = Monday ... 7 = Sunday */
int eml_date_weekday(eml_date date);
int eml_days_in_month(int year, int month);

/* Offset of Europe/Paris from UTC at instant t, in seconds (3600 or 7200). */
int eml_paris_offset_s(eml_time t);
/* Instant of a Europe/Paris wall-clock time given as seconds since the epoch
 * of the local calendar (date * 86400 + seconds of day); sets *flags to
 * EML_TIME_AMBIGUOUS or EML_TIME_SKIPPED (or 0). flags may be NULL. */
eml_time eml_paris_to_utc(int64_t local_s, int *flags);
/* Instant of local midnight starting the given date. */
eml_time eml_paris_midnight(eml_date date);
/* Splits an instant into Europe/Paris civil time. */
void eml_paris_civil(eml_time t, eml_civil *out);
/* The date (local) of an instant. */
eml_date eml_paris_date(eml_time t);

/* Parses YYYY-MM-DD or DD/MM/YYYY (exactly; no spaces). Returns EML_OK or
 * EML_ERR_VALUE. */
eml_status eml_date_parse(const char *s, size_t len, eml_date *out) EML_MUST_CHECK;
/* Parses YYYY-MM-DDTHH:MM[:SS], YYYY-MM-DD HH:MM[:SS] or DD/MM/YYYY HH:MM[:SS],
 * optionally followed by Z or an offset +HH:MM / -HH:MM / +HHMM. Without an
 * offset the time is local Europe/Paris time. *flags as eml_paris_to_utc plus
 * EML_TIME_EXPLICIT (flags may be NULL). */
eml_status eml_datetime_parse(const char *s, size_t len, eml_time *out, int *flags) EML_MUST_CHECK;
/* The spec's rule for the two local times of one interval (spec README,
 * "Conventions for every input file"): when the start and the end were both
 * read in the hour repeated in October (both flags EML_TIME_AMBIGUOUS, so
 * both as its second occurrence, UTC+1) and the end is not after the start,
 * the start is its first occurrence (UTC+2, one hour earlier), the only
 * reading that makes the interval real: 02:50 -> 02:10 lasts 20 minutes,
 * 02:10 -> 02:10 one hour; 02:10 -> 02:50 stays 40 minutes. Returns 1 when
 * it moved *start (the caller counts it as resolved), 0 otherwise (also
 * when even the first occurrence would not end after the start, as for
 * times of two different Octobers). */
int eml_interval_resolve_october(eml_time *start, int start_flags, eml_time end, int end_flags);
/* Parses HH:MM (00:00-24:00) into minutes since midnight. */
eml_status eml_clock_parse(const char *s, size_t len, int *minutes) EML_MUST_CHECK;

/* Writes YYYY-MM-DD (buf of at least 11 bytes). */
void eml_date_format(eml_date date, char *buf, size_t size);
/* Writes DD/MM/YYYY, the French form of the reports and pages (11 bytes). */
void eml_date_format_fr(eml_date date, char *buf, size_t size);
/* Writes the local time as YYYY-MM-DD HH:MM:SS (at least 20 bytes). */
void eml_time_format_local(eml_time t, char *buf, size_t size);

#endif
