/*
 * eml/territory.h — the built-in territories of France: the 101
 * départements (codes 01…19, 2A, 2B, 21…95, 971, 972, 973, 974, 976) with
 * their official names (INSEE Code officiel géographique, with accents) and
 * their region (INSEE region code and name, the 18 regions of 2016), and the
 * département of a FINESS number (spec registry.md: territory codes;
 * finess.md: "the first two [characters] the département").
 *
 * Every string returned points into a static table: never free it.
 */
#ifndef EML_TERRITORY_H
#define EML_TERRITORY_H

#include <stddef.h>

#include "status.h"

typedef struct eml_territory {
  const char *code;        /* "75", "2A", "971" */
  const char *name;        /* "Paris", "Val-d'Oise", "Ardèche" */
  const char *region_code; /* INSEE 2016 region code: "11" */
  const char *region_name; /* "Île-de-France" */
} eml_territory;

/* The département with that code (exact, "2a" accepted for "2A"), or NULL. */
const eml_territory *eml_territory_find(const char *code);
/* Number of built-in départements (101). */
size_t eml_territory_count(void);
/* The i-th département in code order (01…19, 2A, 2B, 21…95, 971…976), or
 * NULL when i >= eml_territory_count(). */
const eml_territory *eml_territory_at(size_t i);
/* Name of an INSEE region ("11" -> "Île-de-France"), or NULL. */
const char *eml_region_name(const char *region_code);
/* Number of regions (18) and the i-th region code in code order, or NULL. */
size_t eml_region_count(void);
const char *eml_region_code_at(size_t i);
/* 1 for Moselle, Bas-Rhin and Haut-Rhin (57, 67, 68: local law, two more
 * public holidays), else 0. */
int eml_territory_alsace_moselle(const char *code);

/* The département of a FINESS number, written into out ("75", "2A", "971").
 * Reads the leading characters:
 *   - two digits 01…95 naming a département ("75…" -> "75");
 *   - Corsica "2A…" / "2B…" (either case);
 *   - overseas numbers "9701…" Guadeloupe -> 971, "9702…" -> 972,
 *     "9703…" -> 973, "9704…" -> 974, "9805…" Mayotte -> 976 (the prefixes
 *     of real FINESS numbers, e.g. 970400024 CHU Félix Guyon, La Réunion);
 *   - the FINESS département codes of the extractions "9A" -> 971,
 *     "9B" -> 972, "9C" -> 973, "9D" -> 974, "9F" -> 976.
 * Returns EML_OK, EML_ERR_VALUE when finess is NULL or shorter than two
 * characters, EML_ERR_NOT_FOUND when the prefix names no built-in
 * département (e.g. "20", "96", "9E" Saint-Pierre-et-Miquelon); out is ""
 * on failure. Only the prefix is read: the check key is eml_finess_validate's. */
eml_status eml_territory_from_finess(const char *finess, char out[4]) EML_MUST_CHECK;

#endif
