/*
 * eml/balance.h — the balance ("bilan") of authorised equipment against the
 * regional targets (registry.md, "The balance"), as the seed 000 publishes
 * it, and the check of a balance against a published table.
 *
 * Model, per modality that has targets in the period, per territory that
 * has a target of the modality:
 *   devices now = devices in force at D in the territory;
 *   sites now   = distinct sites of the territory with one such device;
 *   interventional devices counted apart (the parenthesised figures);
 *   gap = now − upper bound (negative: room left);
 *   receivable = OUI when gap < 0, else NON, unless a note overrides it.
 * Devices in force in a territory without a target are an error of the
 * balance (listed in `problems`), never dropped.
 *
 * Under the 2023 regime (spec regime-2023.md, docs/regime-2023.md "The
 * balance"), per activity and mention that has targets in the period, per
 * zone that has such a target: implantations = distinct sites of the zone
 * holding an authorisation of the activity (and mention; none = every
 * mention) in force at D, the not-implemented ones counted and listed
 * apart; gap and verdict as above; for IMAGING the CT and MRI devices in
 * force, the sites above 3 devices, the sites lacking CT or MRI (and of
 * them those without a convention in force); every site the rules flag,
 * one sentence each. The counts are eml/regime.h's.
 */
#ifndef EML_BALANCE_H
#define EML_BALANCE_H

#include <stddef.h>
#include <stdint.h>

#include "regime.h"
#include "register.h"
#include "status.h"
#include "table.h"

typedef struct eml_balance_part {
  int has_target;
  int has_low;
  int64_t now, low, high, gap;
  /* interventional figures (devices only) */
  int show_interventional;
  int has_interventional_target;
  int64_t interventional_now, interventional_low, interventional_high, interventional_gap;
  char receivable[4]; /* "OUI" / "NON" ("" without target) */
  const char *mark;   /* note mark, "" when none */
} eml_balance_part;

typedef struct eml_balance_row {
  char territory[8];
  eml_balance_part devices, sites;
  int64_t devices_not_installed; /* in force, not yet installed at D */
  int64_t devices_past_due;      /* in force, FINESS due date passed: "échue" */
} eml_balance_row;

typedef struct eml_balance_table {
  eml_modality modality;
  eml_balance_row *rows;
  size_t nrows;
  eml_balance_row total; /* sums of now, low, high (gap and verdict empty) */
  int devices_two_bounds, sites_two_bounds; /* else one "situation future" */
  int devices_interventional;               /* some row shows parentheses */
  const eml_note **notes;                   /* notes of this modality, in order */
  size_t nnotes;
} eml_balance_table;

/* One zone of a 2023 table. */
typedef struct eml_balance_zone {
  char territory[8]; /* the zone; "Total" for the total row */
  int has_low;
  int64_t implantations, low, high, gap;
  char receivable[4];
  int64_t authorisations, not_implemented;
  /* IMAGING only */
  int64_t ct, mri, sites_over_3, sites_lacking, sites_lacking_no_convention;
} eml_balance_zone;

typedef struct eml_balance_activity {
  eml_activity activity;
  char mention[4]; /* "" = every mention */
  eml_balance_zone *rows;
  size_t nrows;
  eml_balance_zone total; /* sums (gap and verdict empty) */
  int two_bounds;         /* else the one-column layout "OQOS" */
  char *not_implemented;  /* "AUT-08 (921000071, décidée le 15/02/2025), …" or NULL */
  char **flags;           /* every site the checks flag, one French sentence each */
  int64_t declaration_max; /* "Sites > N appareils" (the rules' declaration maximum) */
  size_t nflags;
} eml_balance_activity;

/* The `modality` argument of eml_balance_compute for one activity. */
#define EML_BALANCE_ACTIVITY(a) (EML_MODALITY_COUNT + (int)(a))

typedef struct eml_balance {
  eml_date at;
  char period[65];
  eml_balance_table *tables;
  size_t ntables;
  eml_balance_activity *activities; /* the 2023 regime's tables */
  size_t nactivities;
  char **problems; /* errors of the balance, one sentence each */
  size_t nproblems;
} eml_balance;

/* Computes the balance of `period` at date `at` for one modality, one
 * activity (EML_BALANCE_ACTIVITY), or every modality and activity with
 * targets when modality < 0. Returns EML_ERR_BALANCE with
 * out->problems filled when devices lie in territories without targets, or
 * when the period has no target (diag says so). The register must be
 * sorted (eml_register_sort). */
eml_status eml_balance_compute(const eml_register *reg, const char *period, eml_date at,
                               int modality, eml_balance *out, eml_diag *diag) EML_MUST_CHECK;
/* The same with the rules of the 2023 regime (data/regimes/2023.csv,
 * borrowed) for the checks of a site; rules NULL: the shipped figures
 * (what eml_balance_compute uses). */
eml_status eml_balance_compute_rules(const eml_register *reg, const char *period, eml_date at,
                                     int modality, const eml_regime_rules *rules, eml_balance *out,
                                     eml_diag *diag) EML_MUST_CHECK;
void eml_balance_free(eml_balance *b); /* frees the content, accepts NULL */

/* One table per modality in the seed's layout, then one per activity (and
 * mention) in the layout of docs/regime-2023.md (caller frees each with
 * eml_table_free and the array with free). */
eml_status eml_balance_tables(const eml_balance *b, eml_table ***tables, size_t *count)
    EML_MUST_CHECK;

/* Compares computed tables with a published file in the seed's layout:
 * tab-separated, a line holding a modality's title ("Scanners (TDM)")
 * starts its table, lines whose first field is a territory of that table
 * or "Total" are its rows, any other line is ignored. Each differing cell
 * is reported through fn; counts are returned. */
typedef struct eml_compare_difference {
  const char *file;
  long line;
  const char *table;     /* the modality title */
  const char *territory; /* row label */
  const char *column;    /* "Appareils — Borne haute" */
  const char *published, *computed;
} eml_compare_difference;
typedef void (*eml_compare_fn)(void *ctx, const eml_compare_difference *d);
typedef struct eml_compare_result {
  long tables, rows, cells, differences;
} eml_compare_result;
eml_status eml_balance_compare(eml_table *const *tables, size_t count, const char *path,
                               eml_compare_fn fn, void *ctx, eml_compare_result *result,
                               eml_diag *diag) EML_MUST_CHECK;

#endif
