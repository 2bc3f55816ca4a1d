/*
 * profile.h — the cell transformer of import profiles (internal to libeml;
 * the public half is eml/profile.h). A reader that takes a profile binds
 * the profile's section of its file to its eml_row (row.h): the header
 * mapper then finds the foreign headers the section names, and each record
 * is turned, before the row function runs, into the cells eml's own layout
 * would have (dates and times as YYYY-MM-DDTHH:MM:SS, labels as codes),
 * which eml_row_field returns; the typed getters and validators are
 * unchanged.
 */
#ifndef EML_IO_PROFILE_H
#define EML_IO_PROFILE_H

#include "eml/profile.h"
#include "row.h"

#define EML_PROFILE_CELL_MAX 48 /* a built date-time, with an offset */

/* How spec column i gets its value. */
typedef enum {
  EML_PC_DEFAULT = 0, /* the profile says nothing: eml's name and aliases */
  EML_PC_RENAMED,     /* another header (src), maybe a date-time format or labels */
  EML_PC_DATE_TIME,   /* a date column (src) and a time column (src2) */
  EML_PC_END_TIME,    /* a time (src) on the day of the start (after it: the next day) */
  EML_PC_DURATION     /* the start plus a whole number of minutes (src) */
} eml_profile_cell_mode;

typedef struct eml_profile_section eml_profile_section;

typedef struct eml_profile_column {
  eml_profile_cell_mode mode;
  int src, src2;       /* positions in the file */
  long line, line2;    /* the profile's lines naming them */
  int labels;          /* the section has labels for this column */
  const char *cell;    /* the built cell of the current record */
  size_t len;
  char buf[EML_PROFILE_CELL_MAX];
} eml_profile_column;

#define EML_PROFILE_LABELS_MAX 64 /* labels of one section */

typedef struct eml_profile_entry eml_profile_entry;

typedef struct eml_profile_binding {
  const eml_profile *profile;
  const eml_profile_section *section; /* NULL: no profile for this file */
  int start, end;                     /* spec indexes of start and end, or -1 */
  const char *date_format, *time_format, *datetime_format; /* NULL: eml's own */
  eml_profile_column col[EML_ROW_MAX_COLUMNS];
  const eml_profile_entry *label[EML_PROFILE_LABELS_MAX]; /* `COLUMN.LABEL = CODE` */
  int label_col[EML_PROFILE_LABELS_MAX];
  size_t nlabels;
} eml_profile_binding;

/* Binds the section named of p (p NULL, or no such section: inactive). */
void eml_profile_bind(eml_profile_binding *b, const eml_profile *p, const char *section);
/* The header mapper's half (eml_row_map_header): checks the section's keys
 * against r->columns, finds the headers they name (`FILE:1: la colonne « X »
 * (profil P:L) n'est pas dans le fichier`). */
eml_status eml_profile_map_header(eml_row *r, eml_diag *diag) EML_MUST_CHECK;
/* Whether header h is read through the profile. */
int eml_profile_uses(const eml_profile_binding *b, size_t h);
/* The name of profiled spec column i in a diagnostic: the header of the
 * user's file, eml's name in parentheses when it differs (`Salle
 * (equipment_id)`). */
void eml_profile_column_label(const eml_row *r, int i, char *buf, size_t size);
/* Builds the cells of the current record (a bad date, time or duration is
 * the row's error, naming the foreign column). */
eml_status eml_profile_apply(eml_row *r, eml_diag *diag) EML_MUST_CHECK;

#endif
