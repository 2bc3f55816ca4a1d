/*
 * plan_internal.h — what the files of lib/plan share (internal to libeml):
 * the notes under a table composed with printf, and a parameter written as
 * the user gave it.
 */
#ifndef EML_PLAN_INTERNAL_H
#define EML_PLAN_INTERNAL_H

#include "internal.h"

/* A note composed with printf; a note too long for 1 KiB puts the table in
 * error (EML_ERR_TOO_LARGE), as a setter would. */
void plan_add_note(eml_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v in French without needless decimals: none when whole, else one or
 * two ("1,5", "4", "0,25"). Returns buf. */
const char *plan_number_short(double v, char *buf, size_t size);

#endif
