/*
 * io_internal.h — what the files of lib/io/ share and nobody else needs.
 */
#ifndef EML_IO_INTERNAL_H
#define EML_IO_INTERNAL_H

#include "internal.h"

/* The delimiter of a CSV file from its first line: the most frequent of
 * , ; TAB outside quotes (',' when there is none). */
char eml_csv_detect_delimiter(const char *s, size_t len);

#endif
