/*
 * rows.h — what the imaging readers over the input pipeline share
 * (schedule.c, schedule_load.c, appointments.c, sites.c): the pipeline
 * (io/row.h: header mapping, width check, typed getters, the reading loop
 * eml_rows_read), the register's getters (sites.csv), and schedule.csv's
 * columns and record parser.
 */
#ifndef EML_IMAGING_ROWS_H
#define EML_IMAGING_ROWS_H

#include "domain/register_rows.h"
#include "eml/imaging.h"
#include "eml/schedule.h"

/* The columns of schedule.csv, and the parser of one of its records into
 * row (id copied into id; diag on error), for the readers that load a
 * schedule into a campaign (schedule_load.c). */
extern const eml_column_spec eml_schedule_columns[];
eml_status eml_schedule_parse_record(const eml_row *r, eml_schedule_row *row,
                                     char id[EML_SCHEDULE_ID_MAX + 1], eml_diag *diag)
    EML_MUST_CHECK;

#endif
