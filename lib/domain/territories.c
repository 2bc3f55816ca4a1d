/*
 * territories.c — the built-in départements and regions of France
 * (eml/territory.h).
 *
 * Model: one static row per département {code, name, region code}, in INSEE
 * code order; one row per region {code, name} (the 18 regions of the 2016
 * reform: 13 in mainland France and Corsica, 5 overseas). Names are those of
 * the INSEE Code officiel géographique, accents and apostrophes included.
 * Used for the territory codes of registry.md (sites.csv, targets.csv) and
 * by the imaging holidays (Alsace-Moselle).
 *
 * FINESS prefixes (finess.md, "the first two [characters] the département"):
 * overseas establishments have numbers starting 9701 (Guadeloupe), 9702
 * (Martinique), 9703 (Guyane), 9704 (La Réunion) and 9805 (Mayotte), while
 * the `departement` column of the FINESS extractions codes them 9A, 9B, 9C,
 * 9D and 9F (9E Saint-Pierre-et-Miquelon, 9J Wallis-et-Futuna). Both forms
 * are read. Source: lines of the etalab extraction cs1100502 (stock
 * 2026-05-12) quoted verbatim in the public repository
 * sister-software/mailwoman (FINESS overseas adapter test), and the 9A→971 …
 * 9F→976 mappings of other public FINESS readers; see docs/territories.md.
 */
#include "internal.h"

#include <string.h>

/* The 18 regions (INSEE codes of 2016): code, name. */
#define GUADELOUPE "01", "Guadeloupe"
#define MARTINIQUE "02", "Martinique"
#define GUYANE "03", "Guyane"
#define REUNION "04", "La Réunion"
#define MAYOTTE "06", "Mayotte"
#define IDF "11", "Île-de-France"
#define CVL "24", "Centre-Val de Loire"
#define BFC "27", "Bourgogne-Franche-Comté"
#define NOR "28", "Normandie"
#define HDF "32", "Hauts-de-France"
#define GES "44", "Grand Est"
#define PDL "52", "Pays de la Loire"
#define BRE "53", "Bretagne"
#define NAQ "75", "Nouvelle-Aquitaine"
#define OCC "76", "Occitanie"
#define ARA "84", "Auvergne-Rhône-Alpes"
#define PAC "93", "Provence-Alpes-Côte d'Azur"
#define COR "94", "Corse"

static const struct region_row {
  const char *code, *name;
} regions[] = {
    {GUADELOUPE}, {MARTINIQUE}, {GUYANE}, {REUNION}, {MAYOTTE}, {IDF},
    {CVL},        {BFC},        {NOR},    {HDF},     {GES},     {PDL},
    {BRE},        {NAQ},        {OCC},    {ARA},     {PAC},     {COR},
};
#define REGION_COUNT (sizeof regions / sizeof regions[0])

static const eml_territory departements[] = {
    {"01", "Ain", ARA},
    {"02", "Aisne", HDF},
    {"03", "Allier", ARA},
    {"04", "Alpes-de-Haute-Provence", PAC},
    {"05", "Hautes-Alpes", PAC},
    {"06", "Alpes-Maritimes", PAC},
    {"07", "Ardèche", ARA},
    {"08", "Ardennes", GES},
    {"09", "Ariège", OCC},
    {"10", "Aube", GES},
    {"11", "Aude", OCC},
    {"12", "Aveyron", OCC},
    {"13", "Bouches-du-Rhône", PAC},
    {"14", "Calvados", NOR},
    {"15", "Cantal", ARA},
    {"16", "Charente", NAQ},
    {"17", "Charente-Maritime", NAQ},
    {"18", "Cher", CVL},
    {"19", "Corrèze", NAQ},
    {"2A", "Corse-du-Sud", COR},
    {"2B", "Haute-Corse", COR},
    {"21", "Côte-d'Or", BFC},
    {"22", "Côtes-d'Armor", BRE},
    {"23", "Creuse", NAQ},
    {"24", "Dordogne", NAQ},
    {"25", "Doubs", BFC},
    {"26", "Drôme", ARA},
    {"27", "Eure", NOR},
    {"28", "Eure-et-Loir", CVL},
    {"29", "Finistère", BRE},
    {"30", "Gard", OCC},
    {"31", "Haute-Garonne", OCC},
    {"32", "Gers", OCC},
    {"33", "Gironde", NAQ},
    {"34", "Hérault", OCC},
    {"35", "Ille-et-Vilaine", BRE},
    {"36", "Indre", CVL},
    {"37", "Indre-et-Loire", CVL},
    {"38", "Isère", ARA},
    {"39", "Jura", BFC},
    {"40", "Landes", NAQ},
    {"41", "Loir-et-Cher", CVL},
    {"42", "Loire", ARA},
    {"43", "Haute-Loire", ARA},
    {"44", "Loire-Atlantique", PDL},
    {"45", "Loiret", CVL},
    {"46", "Lot", OCC},
    {"47", "Lot-et-Garonne", NAQ},
    {"48", "Lozère", OCC},
    {"49", "Maine-et-Loire", PDL},
    {"50", "Manche", NOR},
    {"51", "Marne", GES},
    {"52", "Haute-Marne", GES},
    {"53", "Mayenne", PDL},
    {"54", "Meurthe-et-Moselle", GES},
    {"55", "Meuse", GES},
    {"56", "Morbihan", BRE},
    {"57", "Moselle", GES},
    {"58", "Nièvre", BFC},
    {"59", "Nord", HDF},
    {"60", "Oise", HDF},
    {"61", "Orne", NOR},
    {"62", "Pas-de-Calais", HDF},
    {"63", "Puy-de-Dôme", ARA},
    {"64", "Pyrénées-Atlantiques", NAQ},
    {"65", "Hautes-Pyrénées", OCC},
    {"66", "Pyrénées-Orientales", OCC},
    {"67", "Bas-Rhin", GES},
    {"68", "Haut-Rhin", GES},
    {"69", "Rhône", ARA},
    {"70", "Haute-Saône", BFC},
    {"71", "Saône-et-Loire", BFC},
    {"72", "Sarthe", PDL},
    {"73", "Savoie", ARA},
    {"74", "Haute-Savoie", ARA},
    {"75", "Paris", IDF},
    {"76", "Seine-Maritime", NOR},
    {"77", "Seine-et-Marne", IDF},
    {"78", "Yvelines", IDF},
    {"79", "Deux-Sèvres", NAQ},
    {"80", "Somme", HDF},
    {"81", "Tarn", OCC},
    {"82", "Tarn-et-Garonne", OCC},
    {"83", "Var", PAC},
    {"84", "Vaucluse", PAC},
    {"85", "Vendée", PDL},
    {"86", "Vienne", NAQ},
    {"87", "Haute-Vienne", NAQ},
    {"88", "Vosges", GES},
    {"89", "Yonne", BFC},
    {"90", "Territoire de Belfort", BFC},
    {"91", "Essonne", IDF},
    {"92", "Hauts-de-Seine", IDF},
    {"93", "Seine-Saint-Denis", IDF},
    {"94", "Val-de-Marne", IDF},
    {"95", "Val-d'Oise", IDF},
    {"971", "Guadeloupe", GUADELOUPE},
    {"972", "Martinique", MARTINIQUE},
    {"973", "Guyane", GUYANE},
    {"974", "La Réunion", REUNION},
    {"976", "Mayotte", MAYOTTE},
};
#define DEPARTEMENT_COUNT (sizeof departements / sizeof departements[0])

static char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c; }

/* Codes compare exactly, except letters in either case (2a = 2A). */
static int same_code(const char *table_code, const char *code) {
  for (; *table_code && *code; table_code++, code++)
    if (ascii_upper(*code) != *table_code)
      return 0;
  return *table_code == '\0' && *code == '\0';
}

const eml_territory *eml_territory_find(const char *code) {
  if (!code)
    return NULL;
  for (size_t i = 0; i < DEPARTEMENT_COUNT; i++)
    if (same_code(departements[i].code, code))
      return &departements[i];
  return NULL;
}

size_t eml_territory_count(void) { return DEPARTEMENT_COUNT; }

const eml_territory *eml_territory_at(size_t i) {
  return i < DEPARTEMENT_COUNT ? &departements[i] : NULL;
}

const char *eml_region_name(const char *region_code) {
  if (!region_code)
    return NULL;
  for (size_t i = 0; i < REGION_COUNT; i++)
    if (strcmp(regions[i].code, region_code) == 0)
      return regions[i].name;
  return NULL;
}

size_t eml_region_count(void) { return REGION_COUNT; }

const char *eml_region_code_at(size_t i) { return i < REGION_COUNT ? regions[i].code : NULL; }

int eml_territory_alsace_moselle(const char *code) {
  return code && (strcmp(code, "57") == 0 || strcmp(code, "67") == 0 || strcmp(code, "68") == 0);
}

/* Overseas prefixes of FINESS: the numbers' own (4 characters) and the
 * extractions' département codes (2 characters). */
static const struct {
  const char *prefix, *departement;
} overseas_finess[] = {
    {"9701", "971"}, {"9702", "972"}, {"9703", "973"}, {"9704", "974"}, {"9805", "976"},
    {"9A", "971"},   {"9B", "972"},   {"9C", "973"},   {"9D", "974"},   {"9F", "976"},
};

eml_status eml_territory_from_finess(const char *finess, char out[4]) {
  out[0] = '\0';
  if (!finess || !finess[0] || !finess[1])
    return EML_ERR_VALUE;
  for (size_t i = 0; i < sizeof overseas_finess / sizeof overseas_finess[0]; i++) {
    const char *p = overseas_finess[i].prefix;
    size_t n = strlen(p), k = 0;
    while (k < n && ascii_upper(finess[k]) == p[k])
      k++;
    if (k == n) {
      memcpy(out, overseas_finess[i].departement, 4);
      return EML_OK;
    }
  }
  char two[3] = {finess[0], finess[1], '\0'};
  const eml_territory *t = eml_territory_find(two);
  if (!t)
    return EML_ERR_NOT_FOUND;
  memcpy(out, t->code, 3); /* two characters and the NUL */
  return EML_OK;
}
