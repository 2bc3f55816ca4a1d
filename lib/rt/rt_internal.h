/*
 * rt_internal.h — what the radiotherapy files of libeml share (lib/rt/):
 * the data set's lookups (model/rt_data.h: the string-to-index maps behind
 * eml_rt_data), French number formatting for the figures of the checks,
 * and the machine-in-service helpers. Names start with rt_.
 */
#ifndef EML_RT_INTERNAL_H
#define EML_RT_INTERNAL_H

#include "internal.h"
#include "eml/rt.h"
#include "model/rt_data.h"

/* An energy in MV: whole ("18") or with two decimals ("1,25"). */
void rt_format_mv(char *buf, size_t size, double mv);
/* The photon energies of a machine, "6/18" ("" for none). */
void rt_energies_text(const eml_rt_machine *m, char *buf, size_t size);
/* OUI or NON in the run's language, the yes/no cells and figures. */
const char *rt_yes_no(int b);

/* Days of year `year` during which machine m is in service (0 to 365/366). */
int rt_days_in_service(const eml_rt_machine *m, int year);
/* Whether m is in service on date d. */
int rt_in_service_on(const eml_rt_machine *m, eml_date d);
/* A high-energy machine: LINAC or COBALT (spec). */
int rt_is_high_energy(const eml_rt_machine *m);
int rt_days_in_year(int year);

#endif
