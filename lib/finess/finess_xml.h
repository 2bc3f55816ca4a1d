/*
 * finess_xml.h — the one streamed reader of FINESS XML records (xml.c),
 * private to lib/finess: the heavy-equipment file cs1400104
 * (<equipmateriellourd>, eml_finess_xml_each) and the AMM authorisations
 * file amm_arhgos (<activiteamm>, amm.c) are both "records of named child
 * elements", read with libxml2's reader one node at a time.
 *
 * Model. A layout names the record elements to read (wherever they sit:
 * the root is not read) and, for each, its child elements. A record is
 * handed out with one value per child ("" when empty, nil or absent, spaces
 * around trimmed), whether it was there and its line. A child that is not
 * in the layout goes to `unknown` (every occurrence: the caller decides
 * how to list them); a child repeated, an element nested in a child that
 * is not a container, or a value over EML_FINESS_VALUE_MAX bytes makes the
 * record's `problem`. A container child (e.g. listeevenements of the AMM
 * file) may hold anything: it is marked present, its content ignored.
 * gzip is recognised by libxml2 from the file's first bytes (1f 8b), not
 * its name. A document that is not well-formed stops the reading with
 * `FILE:LINE: XML mal formé : …` (libxml2's message; records before
 * it may have been handed out); entities are not expanded, the network
 * never used.
 */
#ifndef EML_FINESS_XML_H
#define EML_FINESS_XML_H

#include "internal.h"

#define FINESS_XML_MAX_FIELDS 64

typedef struct finess_xml_layout {
  const char *record;                /* the record element's local name */
  const char *const *fields;         /* its child elements */
  int nfields;                       /* at most FINESS_XML_MAX_FIELDS */
  const char *const *containers;     /* children whose content is ignored; NULL-ended, may be NULL */
} finess_xml_layout;

typedef struct finess_xml_record {
  const char *file;
  int layout;    /* index of the layout it matched */
  long line;     /* line of the record's start tag */
  long position; /* 1-based rank among the records of its layout */
  const char *const *value; /* nfields values */
  const int *present;
  const long *field_line;   /* 0 when absent */
  const eml_diag *problem;  /* NULL, or why the record must be rejected */
} finess_xml_record;

typedef struct finess_xml_reading {
  const char *path;
  const finess_xml_layout *layouts;
  int nlayouts;
  const char *records_required; /* the record element that must appear once at least (its
                                   absence: EML_ERR_EMPTY), NULL: none */
  eml_status (*on_record)(void *ctx, const finess_xml_record *rec); /* an error stops */
  /* a child not in its layout: the layout, the record's rank, the child's
   * name and line; may be NULL */
  void (*on_unknown)(void *ctx, int layout, long position, const char *name, long line);
  void *ctx;
} finess_xml_reading;

eml_status finess_xml_read(const finess_xml_reading *r, eml_diag *diag) EML_MUST_CHECK;

#endif
