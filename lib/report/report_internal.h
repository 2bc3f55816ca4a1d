/*
 * report_internal.h — what the files of lib/report share: the library's
 * umbrella header and small helpers of the builders.
 */
#ifndef EML_REPORT_INTERNAL_H
#define EML_REPORT_INTERNAL_H

#include "internal.h"

/* "DD/MM/YYYY", as the title pages and sheets write a date. */
void eml_report_date_text(eml_date d, char *buf, size_t size);
/* The start of a document (flags DOCUMENT): the title page's subtitle,
 * lines (NULL ones left out) and edition date, then the heading "Tableaux"
 * of the tables that follow. */
eml_status eml_report_begin_document(eml_report *r, const char *subtitle,
                                     const char *const *lines, size_t n, const char *edited) EML_MUST_CHECK;

#endif
