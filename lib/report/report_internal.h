/*
 * report_internal.h — what the files of lib/report share: the library's
 * umbrella header and small helpers of the builders.
 */
#ifndef EML_REPORT_INTERNAL_H
#define EML_REPORT_INTERNAL_H

#include "internal.h"

/* The start of a document (flags DOCUMENT): the title page's subtitle,
 * lines (NULL ones left out) and edition date, then the heading "Tableaux"
 * of the tables that follow. */
eml_status eml_report_begin_document(eml_report *r, const char *subtitle,
                                     const char *const *lines, size_t n, const char *edited) EML_MUST_CHECK;

/* The start of a document on an imaging campaign (eml_report_begin_document,
 * imaging.c): the subtitle "Période du … au … (N semaines), M appareils",
 * the files or the stored campaign it was read from (none without src),
 * then the method line (a msgid: the document translates its lines). */
eml_status eml_report_imaging_begin(eml_report *r, const eml_imaging_result *res,
                                    const eml_imaging_source *src, const char *method,
                                    const char *edited) EML_MUST_CHECK;

/* A territory of a balance's table and its gap (NAN: no target), for its
 * map and its bars (balance_map.c, balance.c); over: above the bound. */
typedef struct eml_balance_area {
  const char *territory;
  double gap;
  int over;
} eml_balance_area;
/* The areas of a seed-000 table (its devices' gaps) or, table NULL, of a
 * table of the 2023 regime (implantations); *out malloc'd. */
eml_status eml_balance_areas(const eml_balance_table *table, const eml_balance_activity *activity,
                             eml_balance_area **out, size_t *n) EML_MUST_CHECK;

#endif
