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
 */
#ifndef EML_BALANCE_H
#define EML_BALANCE_H

#include <stddef.h>
#include <stdint.h>

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

typedef struct eml_balance {
  eml_date at;
  char period[65];
  eml_balance_table *tables;
  size_t ntables;
  char **problems; /* errors of the balance, one sentence each */
  size_t nproblems;
} eml_balance;

/* Computes the balance of `period` at date `at` for one modality, or all
 * modalities with targets when modality < 0. Returns EML_ERR_BALANCE with
 * out->problems filled when devices lie in territories without targets, or
 * when the period has no target (diag says so). The register must be
 * sorted (eml_register_sort). */
eml_status eml_balance_compute(const eml_register *reg, const char *period, eml_date at,
                               int modality, eml_balance *out, eml_diag *diag) EML_MUST_CHECK;
void eml_balance_free(eml_balance *b); /* frees the content, accepts NULL */

/* One table per modality in the seed's layout (caller frees each with
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
