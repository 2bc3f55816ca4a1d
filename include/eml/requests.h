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
 *
 * Under the 2023 regime (a row with an activity in `modality`; spec
 * regime-2023.md "Applications under the 2023 regime", docs/regime-2023.md
 * "Applications"), judged against the implantations of the balance at D
 * (eml_balance.activities, the counts of eml/regime.h) and the rules of
 * data/regimes/2023.csv:
 *   creation: implantations of the zone + 1 <= OQOS max (+ 0 at a site
 *     already implanted for the activity); the target of the request's
 *     mention, else the target without a mention (every mention counts);
 *   renewal: counts unchanged; transfer (to_finess): within the zone counts
 *     unchanged, to another zone a creation there;
 *   declaration (device_modality, IMAGING): not an application: DÉCLARATION
 *     when the site keeps <= 3 devices and at least one CT and one MRI from
 *     3 devices on, JUSTIFICATION REQUISE above 3, NON RECEVABLE when the
 *     mix would break or above the maximum (when the rules give one);
 *   filing windows (windows.csv), when the activity has some: a creation,
 *     renewal or transfer filed in none is NON RECEVABLE ("déposée hors
 *     période de dépôt"), the next window named; declarations are not
 *     subject to them. Competition per zone, activity, mention and window;
 *     windows shorter than the minimum length, or whose balance was
 *     published fewer days than the minimum before they open, reported.
 */
#ifndef EML_REQUESTS_H
#define EML_REQUESTS_H

#include "balance.h"
#include "csv.h"
#include "input.h"
#include "regime.h"
#include "register.h"
#include "table.h"

typedef enum {
  EML_REQUEST_CREATION = 0,
  EML_REQUEST_EXTENSION,
  EML_REQUEST_RENEWAL,
  EML_REQUEST_REPLACEMENT,
  EML_REQUEST_DECLARATION, /* 2023 regime only */
  EML_REQUEST_TRANSFER     /* 2023 regime only */
} eml_request_kind;

typedef struct eml_request {
  char id[65];
  char finess[10];
  char territory[8]; /* "" when not given in the file */
  eml_modality modality; /* seed 000 rows */
  /* a row of the 2023 regime: an activity in `modality` */
  int is_activity;
  eml_activity activity;
  char mention[4];              /* "" when not given */
  eml_modality device_modality; /* declaration: the device declared (CT or MRI) */
  char to_finess[10];           /* transfer: the site it goes to */
  int64_t devices;
  int interventional;
  eml_request_kind kind;
  int has_filed_on;
  eml_date filed_on;
  long line;
} eml_request;

/* Reads requests.csv (both regimes' rows; the mentions checked against
 * rules, which may be NULL: then a mention is refused). Every bad row is
 * read and handed to hooks->reject (hooks and its members may be NULL);
 * any bad row makes the call fail with EML_ERR_REJECTED (nothing is judged
 * on a partly read file). *out is malloc'ed (caller frees). */
eml_status eml_requests_read(const char *path, const eml_csv_options *csv,
                             const eml_register *reg, const eml_regime_rules *rules,
                             const eml_read_hooks *hooks, eml_request **out, size_t *count,
                             eml_diag *diag) EML_MUST_CHECK;

/* Judges the seed-000 requests (rows of the 2023 regime are left to
 * eml_requests_judge_2023) against the balance (computed for every modality
 * of the period at the date of the judgement) and the register; returns
 * one table (caller frees; NULL when no row is of seed 000): one row per
 * request with its verdict and every rule checked with its figures, and
 * notes for flags and oversubscription. */
eml_status eml_requests_judge(const eml_register *reg, const eml_balance *balance,
                              const eml_request *requests, size_t count, eml_table **out)
    EML_MUST_CHECK;

/* Judges the requests of the 2023 regime (the others are left to
 * eml_requests_judge) against the balance's implantations (eml_balance
 * computed for every activity of the period at D), the register (site
 * devices, windows) and the rules (may be NULL: the defaults of
 * data/regimes/2023.csv); one table (caller frees; NULL when no row is of
 * the 2023 regime): one row per request, its verdict and every rule with
 * its figures; notes for competition, windows and flags. */
eml_status eml_requests_judge_2023(const eml_register *reg, const eml_balance *balance,
                                   const eml_regime_rules *rules, const eml_request *requests,
                                   size_t count, eml_table **out) EML_MUST_CHECK;

#endif
