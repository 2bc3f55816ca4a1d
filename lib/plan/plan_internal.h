/*
 * plan_internal.h — what the files of lib/plan share (internal to libeml):
 * the notes under a table composed with printf, and a parameter written as
 * the user gave it.
 */
#ifndef EML_PLAN_INTERNAL_H
#define EML_PLAN_INTERNAL_H

#include "internal.h"
#include "io/row.h"

/* v in French without needless decimals: none when whole, else one or
 * two ("1,5", "4", "0,25"). Returns buf. */
const char *plan_number_short(double v, char *buf, size_t size);

/* The rows a reader of lib/plan collects (population.c, scenario_read.c):
 * a growing array of rows of one size. */
typedef struct plan_rows {
  void *rows;
  size_t n, cap;
} plan_rows;
/* The slot of the next row, the array grown (counted once the caller does
 * g->n++); NULL with *st set when out of memory. */
void *plan_rows_next(plan_rows *g, size_t size, eml_status *st);
/* eml_rows_read_whole (io/row.h); on failure the rows are freed and *g
 * emptied: nothing is kept. rejected and rejected_plural: literals,
 * extracted by xgettext as a msgid and its plural (scripts/update-po.sh). */
eml_status plan_rows_read_whole(eml_row *r, eml_rows_reading *reading, long empty_line,
                                const char *empty, const char *rejected,
                                const char *rejected_plural, plan_rows *g,
                                eml_diag *diag) EML_MUST_CHECK;

/* The zones of the capacity as eml_capacity_zones sums them, each
 * machine's zone (its FINESS's département, in zone) first handed to
 * zone_fn, which may change it, or return 0 to leave the machine out
 * (capacity.c; the scenario's after, scenario_data.c). */
typedef int (*plan_machine_zone_fn)(void *ctx, const eml_imaging_machine *m, char zone[4]);
eml_status plan_capacity_zones_by(const eml_imaging_result *r, const eml_capacity_args *a,
                                  plan_machine_zone_fn zone_fn, void *ctx,
                                  eml_capacity_zone **out, size_t *n) EML_MUST_CHECK;

/* The tables of the scenario with data loaded (scenario_data.c; the model
 * in eml/plan.h): the capacity and the radiotherapy saturation before and
 * after the scenario, added to list; nothing without the data. */
eml_status plan_scenario_capacity(const eml_scenario_args *a, const eml_register *after,
                                  eml_table_list *list) EML_MUST_CHECK;
eml_status plan_scenario_rt(const eml_scenario_args *a, const eml_register *after,
                            eml_table_list *list) EML_MUST_CHECK;

#endif
