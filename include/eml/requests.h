/*
 * eml/requests.h — applications for new authorisations ("demandes") judged
 * against the targets (registry.md, "Applications").
 *
 * Model: each application is judged alone against the balance at date D:
 *   renewal, replacement: no change of the counts, receivable as to targets;
 *   extension (one more device at a site that has the modality): receivable
 *     when devices now + n <= upper bound of the territory;
 *   creation (a site without the modality): the same, and sites now + 1 <=
 *     upper bound of sites;
 *   interventional devices are checked against the interventional bounds too.
 * A kind that contradicts the register (a creation at a site that already
 * has the modality, an extension at one that has none) is flagged and the
 * application judged by what the register says. When the receivable
 * applications of a territory together exceed the room left, the report
 * says so ("3 demandes recevables pour 2 places").
 */
#ifndef EML_REQUESTS_H
#define EML_REQUESTS_H

#include "balance.h"
#include "csv.h"
#include "input.h"
#include "register.h"
#include "table.h"

typedef enum {
  EML_REQUEST_CREATION = 0,
  EML_REQUEST_EXTENSION,
  EML_REQUEST_RENEWAL,
  EML_REQUEST_REPLACEMENT
} eml_request_kind;

typedef struct eml_request {
  char id[65];
  char finess[10];
  char territory[8]; /* "" when not given in the file */
  eml_modality modality;
  int64_t devices;
  int interventional;
  eml_request_kind kind;
  int has_filed_on;
  eml_date filed_on;
  long line;
} eml_request;

/* Reads requests.csv. Every bad row is read and handed to hooks->reject
 * (hooks and its members may be NULL); any bad row makes the call fail
 * with EML_ERR_REJECTED (nothing is judged on a partly read file). *out is
 * malloc'ed (caller frees). */
eml_status eml_requests_read(const char *path, const eml_csv_options *csv,
                             const eml_register *reg, const eml_read_hooks *hooks,
                             eml_request **out, size_t *count, eml_diag *diag) EML_MUST_CHECK;

/* Judges the requests against the balance (computed for every modality of
 * the period at the date of the judgement) and the register; returns one
 * table (caller frees): one row per request with its verdict and every rule
 * checked with its figures, and notes for flags and oversubscription. */
eml_status eml_requests_judge(const eml_register *reg, const eml_balance *balance,
                              const eml_request *requests, size_t count, eml_table **out)
    EML_MUST_CHECK;

#endif
