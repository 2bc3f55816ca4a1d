/*
 * balance_internal.h — what the two balances share (internal to
 * lib/domain): balance.c (seed 000, devices) and balance_2023.c (the 2023
 * regime, implantations), and the applications (requests.c): a problem of the balance, the order of
 * territories, the note counting rows of a kind under a table, and the
 * tables of the 2023 regime.
 */
#ifndef EML_DOMAIN_BALANCE_INTERNAL_H
#define EML_DOMAIN_BALANCE_INTERNAL_H

#include "internal.h"

#include <stdarg.h>

/* Appends one formatted sentence (malloc'd) to the array *list of *n. */
eml_status eml_balance_vappend(char ***list, size_t *n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0))) EML_MUST_CHECK;
/* Adds one sentence to b->problems; fmt is already in the run's language (_() or
 * _n() of a French msgid where it is written). */
eml_status eml_balance_add_problem(eml_balance *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3))) EML_MUST_CHECK;
/* Départements by number, 2A/2B after 19, overseas (3 digits) last. */
int eml_balance_territory_order(const char *x, const char *y);
/* A note under the table counting something per territory:
 * "WHAT au DATE, COUNTED ci-dessus : 3 (75 : 2, 92 : 1)TAIL." (COUNTED:
 * "comptés" or "comptées", the agreement of WHAT) — rows of
 * `stride` bytes with the territory at territory_off and the int64_t count
 * at count_off; nothing when total <= 0. */
void eml_balance_count_note(eml_table *t, const char *what, const char *counted,
                            const char *date, const void *rows,
                            size_t nrows, size_t stride, size_t territory_off, size_t count_off,
                            int64_t total, const char *tail);
/* The note of the territories below their lower bound (issue 14 item 2),
 * "HEAD au DATE : 75 (appareils : 22 < 24), 94 (…).": begin writes the
 * head, each item a territory's parts that are below (nothing when none
 * is; ", " between territories), finish the final "." and the note to t
 * when any territory was written, then frees the text. The first error
 * is kept and fails t at the finish (a note cut short would misstate the
 * list). */
typedef struct eml_balance_below {
  const char *what;
  int below;
  int64_t now, low;
} eml_balance_below;
typedef struct eml_balance_below_note {
  eml_buf buf;
  int any;
  eml_status st;
} eml_balance_below_note;
/* fmt, ...: the note's opening, dated ("Sous … au %s : ", date) */
void eml_balance_below_begin(eml_balance_below_note *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void eml_balance_below_item(eml_balance_below_note *n, const char *territory,
                            const eml_balance_below *parts, size_t count);
void eml_balance_below_finish(eml_table *t, eml_balance_below_note *n);

/* The 2023 regime (balance_2023.c): the tables of every activity with
 * targets in the period (one activity when only >= 0), and their table
 * models. */
eml_status eml_balance_compute_activities(const eml_register *reg, const char *period,
                                          eml_date at, int only,
                                          const eml_regime_rules *rules,
                                          eml_balance *b) EML_MUST_CHECK;
void eml_balance_activity_free(eml_balance_activity *t);
/* The row of zone in table t, or NULL (the applications read it too). */
eml_balance_zone *eml_balance_activity_zone(const eml_balance_activity *t, const char *zone);
eml_table *eml_balance_activity_table(const eml_balance *b, const eml_balance_activity *bt);

#endif
