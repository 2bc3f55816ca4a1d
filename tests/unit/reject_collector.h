/*
 * reject_collector.h — for the unit tests of the imaging readers
 * (test_schedule.c, test_appointments.c): a reject callback that keeps the
 * formatted message of the first bad rows, to compare with the expected
 * `FILE:LINE: colonne NAME : ... (valeur « X »)` lines.
 */
#ifndef EML_REJECT_COLLECTOR_H
#define EML_REJECT_COLLECTOR_H

#include "eml/schedule.h"

typedef struct rejects {
  int n;
  char messages[8][512];
} rejects;

static void keep_reject(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  (void)raw, (void)raw_len;
  rejects *r = ctx;
  if (r->n < 8)
    eml_diag_format(why, r->messages[r->n++], sizeof r->messages[0]);
}

#endif
