/*
 * plan_internal.h — what the files of lib/plan share (internal to libeml):
 * the notes under a table composed with printf, and a parameter written as
 * the user gave it.
 */
#ifndef EML_PLAN_INTERNAL_H
#define EML_PLAN_INTERNAL_H

#include "internal.h"

/* v in French without needless decimals: none when whole, else one or
 * two ("1,5", "4", "0,25"). Returns buf. */
const char *plan_number_short(double v, char *buf, size_t size);

#endif
