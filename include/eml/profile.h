/*
 * eml/profile.h — import profiles: a foreign layout of an input file
 * mapped onto eml's columns (docs/imaging-inputs.md, "Import profiles";
 * lib/io/profile.c).
 *
 * Model. A profile is a UTF-8 text of `[section]` lines (one per kind of
 * file: `[equipment]`, `[sessions]`, `[exams]`, `[schedule]`) and
 * `key = value` lines; `#` or `;` starts a comment line. The keys say
 * which header of the foreign file holds an eml column (`start =
 * Début`), or how to build one: a date and a time in two columns
 * (`start_date`, `start_time`), an end as a duration (`duration_minutes`)
 * or as a time of the start's day (`end_time`), the formats of dates and
 * times (`date_format = JJ/MM/AAAA`, `time_format`, `datetime_format`),
 * and the labels of coded values (`class.Externe = A`). The reading
 * checks the syntax (`FILE:LINE: what is wrong`); the keys of a section
 * are checked against the columns of its file when that file is read.
 *
 * Ownership: a profile is immutable once read; free it with
 * eml_profile_free after the last reading that uses it.
 */
#ifndef EML_PROFILE_H
#define EML_PROFILE_H

#include "status.h"

typedef struct eml_profile eml_profile;

/* Reads the profile at path. On error *out is NULL and diag says why
 * (`p.ini:4: ...`; EML_ERR_IO for a file that cannot be read, else
 * EML_ERR_VALUE). */
eml_status eml_profile_read(const char *path, eml_profile **out, eml_diag *diag) EML_MUST_CHECK;
void eml_profile_free(eml_profile *p); /* accepts NULL */

#endif
