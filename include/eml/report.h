/*
 * eml/report.h — reports as library objects (issue 12, "the report as a
 * library object"): what `eml bilan`, `eml imaging report|machine`, `eml rt
 * activity|check|report`, `eml report ...` and the dashboard of `eml serve`
 * show, built once here from the domains (balance, imaging benchmark,
 * radiotherapy) and written by every renderer (eml_render_report and its
 * file forms in eml/render.h, eml_pdf_report in eml/chart.h).
 *
 * Model. A report is
 *   - a title page: title (NULL: the report has none), subtitle, lines
 *     (period, sources, method), the date it was edited;
 *   - an ordered list of items: tables of the table model (eml/table.h),
 *     charts of the chart model (eml/chart.h), headings (the title of what
 *     follows; `new_page`: it starts a page of a paged document) and
 *     paragraphs (a chart's caption is the paragraph under it);
 *   - an annex: a title and items of the same kinds, after the body.
 * Tabular renderers (text, csv, json, md, xlsx) write the tables only, body
 * then annex, exactly as eml_render_tables writes the same tables; HTML adds
 * headings, paragraphs and charts (inline SVG); PDF lays out everything on A4
 * pages, the title page first.
 *
 * What a builder puts in a report depends on what it is for (flags):
 *   0                    the tables of the command line's --format output;
 *   EML_REPORT_CHARTS    the same tables, and the charts (with the heading
 *                        "Graphiques" before them): the dashboard's pages;
 *   EML_REPORT_DOCUMENT  a document to send (with CHARTS: `eml report`):
 *                        the title page's lines, the section headings, the
 *                        annex; a table that a chart already shows (a
 *                        machine's hour-by-weekday grid) is left out.
 * So the JSON of a dashboard page (flags CHARTS) is the command line's JSON
 * (flags 0): the same report, without its pictures.
 *
 * Ownership: a report owns everything given to it. Strings are copied;
 * tables and charts are taken — freed with the report, or at once when
 * adding them fails — so a builder never frees what it added. Pointers
 * returned by the accessors are borrowed until the report is freed.
 * eml_report_free accepts NULL.
 */
#ifndef EML_REPORT_H
#define EML_REPORT_H

#include <stddef.h>

#include "appointments.h"
#include "balance.h"
#include "chart.h"
#include "geo.h"
#include "imaging.h"
#include "imaging_source.h"
#include "plan.h"
#include "register.h"
#include "rt.h"
#include "status.h"
#include "table.h"

typedef struct eml_report eml_report;

typedef enum {
  EML_REPORT_TABLE = 0,
  EML_REPORT_CHART,
  EML_REPORT_HEADING,
  EML_REPORT_TEXT
} eml_report_item_kind;

/* One item: the member of its kind is set, the others are NULL. */
typedef struct eml_report_item {
  eml_report_item_kind kind;
  eml_table *table;
  eml_chart *chart;
  char *name;    /* CHART: file name of the chart alone ("carte_CT": --charts DIR) */
  char *caption; /* CHART: the paragraph under it, or NULL */
  char *text;    /* HEADING, TEXT */
  int new_page;        /* HEADING: starts a new page in a paged document */
} eml_report_item;

enum {
  EML_REPORT_CHARTS = 1,  /* the charts after the tables */
  EML_REPORT_DOCUMENT = 2 /* a document: title page lines, headings, annex */
};

#define EML_REPORT_LINES_MAX 8    /* lines of the title page */
#define EML_REPORT_ITEMS_MAX 4096 /* items of the body, and of the annex */

/* A report titled title (NULL: no title page); NULL when out of memory. */
eml_report *eml_report_new(const char *title);
void eml_report_free(eml_report *r);

/* The title page. The edition date is text ("02/12/2026"): the library
 * does not read the clock; the PDF's title page ends with "Document édité
 * le DATE par eml VERSION" when it is set. */
eml_status eml_report_set_subtitle(eml_report *r, const char *subtitle) EML_MUST_CHECK;
eml_status eml_report_add_line(eml_report *r, const char *line) EML_MUST_CHECK;
eml_status eml_report_set_edited(eml_report *r, const char *date) EML_MUST_CHECK;
/* The annex's heading (on a new page in a PDF). */
eml_status eml_report_set_annex_title(eml_report *r, const char *title) EML_MUST_CHECK;

/* Items of the body (annex = 0) or of the annex (annex = 1), in order.
 * table and chart are taken (see Ownership); name and caption may be NULL. */
eml_status eml_report_add_table(eml_report *r, int annex, eml_table *table) EML_MUST_CHECK;
eml_status eml_report_add_chart(eml_report *r, int annex, eml_chart *chart, const char *name,
                                const char *caption) EML_MUST_CHECK;
eml_status eml_report_add_heading(eml_report *r, int annex, const char *text, int new_page) EML_MUST_CHECK;
eml_status eml_report_add_text(eml_report *r, int annex, const char *text) EML_MUST_CHECK;
/* Takes every table of an array built by a domain (eml_balance_tables...)
 * and frees the array; on failure the tables not taken are freed too. */
eml_status eml_report_take_tables(eml_report *r, int annex, eml_table **tables, size_t count) EML_MUST_CHECK;

const char *eml_report_title(const eml_report *r);    /* NULL: no title page */
const char *eml_report_subtitle(const eml_report *r); /* NULL when none */
size_t eml_report_lines(const eml_report *r);
const char *eml_report_line(const eml_report *r, size_t i);
const char *eml_report_edited(const eml_report *r); /* NULL when not set */
const char *eml_report_annex_title(const eml_report *r); /* NULL when none */
size_t eml_report_items(const eml_report *r, int annex);
const eml_report_item *eml_report_item_at(const eml_report *r, int annex, size_t i);
/* The tables, body then annex, as an array of borrowed pointers (the
 * caller frees the array, not the tables): what tabular renderers write. */
eml_status eml_report_tables(const eml_report *r, eml_table ***tables, size_t *count) EML_MUST_CHECK;
/* The first chart of a kind in the body, or NULL. */
const eml_chart *eml_report_find_chart(const eml_report *r, eml_chart_kind kind);

/* ---- builders -------------------------------------------------------------
 * Each fills *out with a new report (the caller frees it) or leaves it NULL
 * and returns the error. */

/* The register of the store at db (opened read-only, then closed), sorted
 * for the balance (eml_register_sort): what a balance report starts from.
 * The caller frees reg with eml_register_free, also on failure. */
eml_status eml_report_register_read(const char *db, eml_register *reg, eml_diag *diag) EML_MUST_CHECK;

/* The balance of the OQOS (registry.md, "The balance"; lib/report/balance.c):
 * one table per modality (eml_balance_tables); with CHARTS, per modality the
 * map of the territories coloured by the gap to the upper bound (when
 * outlines are given) and the same gaps as bars; with DOCUMENT, the title
 * page "Situation au DATE, période P" and "Source : registre SOURCE". A
 * balance that cannot be computed returns EML_ERR_BALANCE with diag set;
 * each of its problems (devices in a territory without target) goes to
 * problem first, when given. */
typedef struct eml_report_balance_args {
  const eml_register *reg; /* sorted */
  const char *period;
  eml_date at;
  int modality; /* an eml_modality, or -1 for every modality with targets */
  int flags;
  const eml_outlines *outlines; /* the maps' (borrowed: must outlive the report); NULL: no map */
  const char *outlines_credit;  /* written at the foot of each map, or NULL */
  const char *source;           /* the title page's register (the store's path) */
  const char *edited;           /* DD/MM/YYYY */
  void (*problem)(void *ctx, const char *problem);
  void *problem_ctx;
  const eml_regime_rules *rules; /* the 2023 checks of a site (borrowed); NULL: shipped figures */
} eml_report_balance_args;
eml_status eml_report_balance(const eml_report_balance_args *a, eml_report **out,
                              eml_diag *diag) EML_MUST_CHECK;

/* The map of one modality of a balance (EML_CHART_MAP): one area per row of
 * the table, coloured by the devices' gap to the upper bound (now - high;
 * NAN without a device target), labelled with the territory's code. A
 * territory that is a département of the outlines is drawn with its
 * outline; another territory (territories.csv) with the outlines of the
 * départements of its sites' FINESS numbers (eml_territory_from_finess);
 * one with neither is listed under the legend as "sans contour". source
 * (e.g. EML_OUTLINES_SHIPPED_CREDIT; NULL: none) is written at the foot of
 * the legend. The chart borrows outlines. */
eml_status eml_balance_map(const eml_balance_table *table, const eml_register *reg,
                           const eml_outlines *outlines, const char *source, eml_chart **out) EML_MUST_CHECK;
/* The same map for a table of the 2023 regime: the zones coloured by the
 * implantations' gap to the OQOS max. */
eml_status eml_balance_activity_map(const eml_balance_activity *table, const eml_register *reg,
                                    const eml_outlines *outlines, const char *source,
                                    eml_chart **out) EML_MUST_CHECK;

/* The national summary of the CT/MRI benchmark (imaging.md, "Reports";
 * lib/report/imaging.c), in the seed's order: the counts and the files read,
 * with sites the counts by legal status, with appointments figures 1 and 2,
 * figures 7, 8, 11, 12, 15 to 18, the headline shares, the panel, with
 * sites the medians by legal status, département and region (against the
 * national panel). CHARTS: the openings of figures 9, 10, the bubbles of
 * figures 13, 14, 17, 18, the panel distribution of every indicator, exam
 * durations per patient class, with appointments figures 3 to 6 per site. DOCUMENT: title page (period, sources of the source, method) and
 * the annex of data quality per machine. */
typedef struct eml_report_imaging_args {
  const eml_imaging_result *result;
  const eml_register *sites;             /* sorted by FINESS; NULL or none: no breakdowns */
  const eml_appointments *appointments;  /* NULL: no figures 1 and 2 */
  const eml_imaging_source *source;      /* the title page's sources, or NULL */
  int flags;
  const char *edited;
} eml_report_imaging_args;
eml_status eml_report_imaging(const eml_report_imaging_args *a, eml_report **out) EML_MUST_CHECK;

/* One machine's sheet (lib/report/machine.c): its indicators with their
 * percentile rank and the panel's P20, median and P80, classes, data
 * quality (eml_imaging_machine_tables), and with its grid (may be NULL) the
 * activity by hour and weekday. CHARTS: the grid as a heat map first, with
 * how to read it. DOCUMENT (with CHARTS): two pages, the heading "ID —
 * scanner, site FINESS F" on each, the campaign and the tables on the
 * first, the heat map on the second (the grid's table left out). */
eml_status eml_report_machine(const eml_imaging_result *res, size_t machine,
                              const eml_imaging_heatmap *grid, int flags, eml_report **out) EML_MUST_CHECK;
/* The same sheet with the sites of the campaign (sorted by FINESS; NULL:
 * none): when the machine's site carries a region, the table "Région et
 * nation" (eml_imaging_region_table) after the indicators' tables. */
eml_status eml_report_machine_sites(const eml_imaging_result *res, size_t machine,
                                    const eml_imaging_heatmap *grid, const eml_register *sites,
                                    int flags, eml_report **out) EML_MUST_CHECK;

/* A machine's hour-by-weekday grid as a HEAT chart: columns hours 0-23,
 * rows lun. to dim., values shares (y axis percent); title NULL for the
 * default French one. The caller frees it with eml_chart_free. */
eml_status eml_imaging_heatmap_chart(const eml_imaging_heatmap *g, const char *title,
                                     eml_chart **out) EML_MUST_CHECK;

/* The capacity held in the existing machines (planning.md §1;
 * lib/report/capacity.c): the tables of eml_capacity_tables; CHARTS: per
 * modality a BARS chart of the zones' machine-equivalents, one bar per
 * zone (named capacite_CT, capacite_MRI); DOCUMENT: the title page
 * (period, machines, sources, method). */
typedef struct eml_report_capacity_args {
  const eml_imaging_result *result;
  const eml_capacity_args *capacity;
  const eml_imaging_source *source; /* the title page's sources, or NULL */
  int flags;
  const char *edited;
} eml_report_capacity_args;
eml_status eml_report_capacity(const eml_report_capacity_args *a, eml_report **out) EML_MUST_CHECK;

/* Radiotherapy of a year (radiotherapy.md; lib/report/rt.c): the parts
 * asked, in this order: the regional report (centres side by side, staff
 * shortfall, activity per centre and per machine), the checklists 1-14 of
 * one centre or all, the Annex II activity. CHARTS: external treatments per
 * machine of each centre against the reference and saturation lines.
 * DOCUMENT: the title page (year, centres, machines, "Source : base
 * SOURCE"). */
enum {
  EML_REPORT_RT_REGIONAL = 1,
  EML_REPORT_RT_CHECKS = 2,
  EML_REPORT_RT_ACTIVITY = 4
};
typedef struct eml_report_rt_args {
  const eml_rt_data *data;
  int year;
  const eml_rt_options *opts; /* NULL: the defaults */
  int parts;                  /* EML_REPORT_RT_* */
  long centre;                /* checklists: a centre's index, or -1 for every centre */
  int flags;
  const char *source; /* the title page's store */
  const char *edited;
} eml_report_rt_args;
eml_status eml_report_rt(const eml_report_rt_args *a, eml_report **out) EML_MUST_CHECK;

#endif
