/*
 * store_rows.h — a stored row of the register, given as the texts of its
 * columns (NULL for SQL NULL), into the register's structs: the one reading
 * of each kind, whatever backend the texts come from (pg.c reads every
 * column as text; a SQLite row reads the same way).
 *
 * The codes were written by eml (eml_modality_code, eml_activity_code...):
 * they parse. A store of a newer eml with more codes has a newer schema,
 * which eml_store_open refuses before anything is read.
 */
#ifndef EML_STORE_ROWS_H
#define EML_STORE_ROWS_H

#include "internal.h"

/* The kinds of rows of the register, in the order load_register reads
 * them, and the number of columns of each (the SELECTs of the backends). */
typedef enum {
  EML_STORED_SITE = 0,      /* finess, name, territory, legal_status, finess_ej */
  EML_STORED_EQUIPMENT,     /* EQUIPMENT_COLUMNS (8) */
  EML_STORED_TARGET,        /* period, territory, modality, unit, low, high,
                            interventional_low, interventional_high, mention */
  EML_STORED_TERRITORY,     /* code, name, region */
  EML_STORED_NOTE,          /* territory, modality, unit, receivable, mark, note,
                            rule, allowance */
  EML_STORED_AUTHORISATION, /* AUTHORISATION_COLUMNS (9) */
  EML_STORED_DEVICE,        /* DECLARED_DEVICE_COLUMNS (7) */
  EML_STORED_CONVENTION,    /* finess, partner_finess, modality, from_on, until */
  EML_STORED_WINDOW,        /* activity, opens_on, closes_on, published_on */
  EML_STORED_KINDS
} eml_stored_kind;

/* Capacities of the register's arrays while they are filled. */
typedef struct eml_stored_caps {
  size_t cap[EML_STORED_KINDS];
} eml_stored_caps;

/* Appends the row of that kind to the register. EML_ERR_NOMEM when a copy
 * fails (the register is freed by the caller). */
eml_status eml_stored_add(eml_register *r, eml_stored_caps *caps, eml_stored_kind kind,
                       const char *const *col) EML_MUST_CHECK;

/* One row into one struct (the lookups of one row); the strings the struct
 * owns are malloc'd, freed by the caller even on failure. */
eml_status eml_stored_site(const char *const *col, eml_site *x) EML_MUST_CHECK;
eml_status eml_stored_equipment(const char *const *col, eml_equipment *x) EML_MUST_CHECK;
eml_status eml_stored_authorisation(const char *const *col, eml_authorisation *x) EML_MUST_CHECK;
eml_status eml_stored_declared_device(const char *const *col, eml_declared_device *x)
    EML_MUST_CHECK;
/* A stored ISO date: 1 and *out when there is one, 0 for NULL. */
int eml_stored_date(const char *text, eml_date *out);

/* Imaging campaigns: the loading counts of the three files as the one
 * stored text, and back to the builder; a patient class's stored code
 * (-1: unknown). */
void eml_stored_counts_text(const eml_campaign_reader *c, char *buf, size_t size);
void eml_stored_counts_parse(const eml_campaign_builder *c, const char *text);
int eml_stored_class(const char *code);

#endif
