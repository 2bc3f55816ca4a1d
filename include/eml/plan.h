/*
 * eml/plan.h — planning ahead (spec planning.md, issue 15): the population
 * file and the need projected from it (§2), scenarios applied to a copy
 * of the register (§3), the simulation of appointment
 * delays against capacity (§4).
 *
 * Model of the need (§2). For a zone (a territory of the balance) and a
 * modality: population now P0 (the file's latest year not after the year
 * of the balance's date, else its earliest year) and in year Y, PY; growth
 * g = PY / P0. Each method gives a need in devices (a real number):
 *   ratio        PY × R / 100 000, R given or the region's current ratio
 *                (devices now of the table ÷ population now of its zones
 *                × 100 000);
 *   utilisation  exams × g ÷ threshold (exams: annual exams of the zone,
 *                column `exams`; threshold 3 494, 10A NCAC 14C .2703);
 *   ny-mri       ct_scans × g × 0.85 × 0.60 × 0.55 × 1.30 ÷ 3 200
 *                (10 NYCRR 709.12);
 *   linac        treatments × g ÷ 450 (ESTRO-QUARTS), or, without
 *                treatments, cancer_cases × g × 0.60 ÷ 320 (12VAC5-230-290).
 * The proposed bounds are floor(min need × (1 − t)) and
 * ceil(max need × (1 + t)) over the methods that gave a need, t the
 * tolerance. A method that lacks its column for a zone leaves the cell
 * empty and says so under the table.
 *
 * Model of a scenario (§3): see eml_scenario_read and eml_scenario_tables.
 * Model of the delays (§4): see eml_delay_sim below.
 *
 * Ownership: eml_population_free frees what eml_population_read filled;
 * tables handed over are freed with eml_tables_free.
 */
#ifndef EML_PLAN_H
#define EML_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "imaging.h"
#include "input.h"
#include "register.h"
#include "requests.h"
#include "rt.h"
#include "status.h"
#include "store.h"
#include "table.h"

/* ---- population.csv ------------------------------------------------------ */

/* One row: zone, year, population (population municipale); the optional
 * columns of the activity the methods use, -1 when absent or empty. */
typedef struct eml_population_row {
  char zone[8];
  char region[8]; /* INSEE region code, "" when absent */
  int year;
  int64_t population, age_65_plus;
  int64_t exams, ct_scans, treatments, cancer_cases;
  long line;
} eml_population_row;

typedef struct eml_population {
  const char *path; /* as given to eml_population_read (not copied) */
  eml_population_row *rows;
  size_t count;
} eml_population;

/* Reads population.csv (columns: docs/planning.md; the files of
 * data/population/ as they are): zone, year, population required; name,
 * region, population_total, source, age_65_plus, exams, ct_scans,
 * treatments, cancer_cases optional. A zone given twice for a year is an
 * error. Every bad row goes to hooks->reject (may be NULL); any bad row
 * makes the call fail with EML_ERR_REJECTED, nothing kept. */
eml_status eml_population_read(const char *path, const eml_csv_options *csv,
                               const eml_read_hooks *hooks, eml_population *out,
                               eml_diag *diag) EML_MUST_CHECK;
void eml_population_free(eml_population *p); /* accepts NULL */
/* The row of zone for year, or NULL. */
const eml_population_row *eml_population_find(const eml_population *p, const char *zone,
                                              int year);

/* ---- need (§2) ------------------------------------------------------------ */

typedef enum {
  EML_NEED_RATIO = 0,
  EML_NEED_UTILISATION,
  EML_NEED_NY_MRI,
  EML_NEED_LINAC,
  EML_NEED_METHOD_COUNT
} eml_need_method;

/* "ratio", "utilisation", "ny-mri", "linac"; EML_ERR_VALUE when unknown. */
eml_status eml_need_method_parse(const char *s, eml_need_method *out) EML_MUST_CHECK;
const char *eml_need_method_name(eml_need_method m);

/* The pure formulas (the model above); NAN when an input is negative. */
double eml_need_ratio(int64_t population, double per_100k);
double eml_need_utilisation(double exams, double growth, double threshold);
double eml_need_ny_mri(double ct_scans, double growth);
double eml_need_linac_treatments(double treatments, double growth);
double eml_need_linac_cancer(double cancer_cases, double growth);

typedef struct eml_need_args {
  const eml_register *reg; /* sorted (eml_register_sort) */
  const char *period;
  eml_date at;
  int modality; /* < 0: every modality with targets in the period */
  const eml_population *population;
  int year;                       /* Y */
  const eml_need_method *methods; /* in the order asked, each once */
  size_t nmethods;
  int has_per_100k;
  double per_100k;   /* ratio: R */
  double threshold;  /* utilisation: exams per device; <= 0: 3 494 */
  double tolerance;  /* of the proposed bounds, 0.10 for 10 % */
} eml_need_args;

/* One table per modality of the balance (eml_balance_compute's rules: its
 * problems are an EML_ERR_BALANCE with diag saying the first): per zone,
 * population now and in Y, devices and sites now, the OQOS bounds, the
 * need by each method, proposed bounds, a Total row; the parameters and
 * their sources as notes. A zone of the balance without a population for
 * year Y is EML_ERR_VALUE with diag `FILE: zone Z: no population for Y`. */
eml_status eml_need_tables(const eml_need_args *a, eml_table ***tables, size_t *count,
                           eml_diag *diag) EML_MUST_CHECK;

/* ---- capacity held in the existing machines (§1) ------------------------- */

/* For machine m: S, n, d = its lever sessions per week, their exams per
 * week, those exams' mean duration (eml_imaging_machine); L, E, G its
 * late start, early end and gap between exams (minutes); r_L, r_E, r_G
 * the reference:
 *   R = S × (max(0, L − r_L) + max(0, E − r_E)) + max(0, n − S) × max(0, G − r_G)
 *       recoverable minutes per week (n − S gaps between the n exams of S sessions);
 *   X = R / (d + r_G) extra exams per week;
 *   machine-equivalents = X / the panel median of exams per week of the modality.
 * A machine without lever sessions recovers nothing (R = X = 0). Zones are
 * the machines' départements (the first two characters of the FINESS,
 * eml_territory_from_finess; "?" when none). */
typedef enum {
  EML_CAPACITY_P20 = 0, /* the panel's P20 of the modality (the best fifth) */
  EML_CAPACITY_MEDIAN,  /* the panel's median */
  EML_CAPACITY_FIXED    /* fixed minutes */
} eml_capacity_reference;

typedef struct eml_capacity_args {
  eml_capacity_reference reference;
  double fixed_l, fixed_e, fixed_g; /* EML_CAPACITY_FIXED: minutes */
} eml_capacity_args;

/* Parses --reference: "p20", "median" or "L,E,G" (minutes, decimal point;
 * each from 0 to 1440). EML_ERR_VALUE otherwise. */
eml_status eml_capacity_reference_parse(const char *s, eml_capacity_args *out) EML_MUST_CHECK;

/* The sums of one zone × modality: its machines and the sums of their R
 * (minutes a week), X and machine-equivalents (a machine whose panel has no
 * median adds none). */
typedef struct eml_capacity_zone {
  char zone[4];
  eml_imaging_modality modality;
  long machines;
  double recoverable_min, extra_exams, equivalents;
} eml_capacity_zone;

/* The zones of r, sorted by modality then zone (*out malloc'd, the caller
 * frees it; *n may be 0). What the zone table, the chart of the capacity
 * report, the notes beside the balance and the scenarios sum. */
eml_status eml_capacity_zones(const eml_imaging_result *r, const eml_capacity_args *a,
                              eml_capacity_zone **out, size_t *n) EML_MUST_CHECK;
/* The zone × modality of zones[0..n), or NULL. */
const eml_capacity_zone *eml_capacity_zone_find(const eml_capacity_zone *zones, size_t n,
                                                const char *zone, eml_imaging_modality modality);

/* Two tables: per machine (machine, FINESS, zone, modality, S, n, d, L, E,
 * G, R in hours, X, machine-equivalents), and per zone × modality with the
 * sums of R, X and machine-equivalents of its machines and a Total row per
 * modality; the reference values and the formula as notes. */
eml_status eml_capacity_tables(const eml_imaging_result *r, const eml_capacity_args *a,
                               eml_table ***tables, size_t *count) EML_MUST_CHECK;

/* Beside the balance (planning.md §1: "91, IRM : 3 places, capacité
 * mobilisable ≈ 1,4 appareil"): under each table of b's CT and MRI
 * (tables[i] whose id is the modality's code, eml_balance_tables), one
 * note naming the campaign (source) and the reference, then one note per
 * zone of the table with machines in r: "ZONE, scanner|IRM : N places ;
 * capacité mobilisable ≈ X appareil(s)." (N = the room left, −gap when
 * the gap is negative, else "aucune place"; X the zone's sum of
 * machine-equivalents, one decimal). Under the 2023 regime, under b's
 * IMAGING table: "ZONE, imagerie : N implantations possibles ; capacité
 * mobilisable ≈ X appareil(s) (scanner C ; IRM M)." (N = −gap to the OQOS
 * max, "aucune implantation possible" when none; X = C + M). */
eml_status eml_capacity_balance_notes(const eml_imaging_result *r, const eml_capacity_args *a,
                                      const eml_balance *b, const char *source,
                                      eml_table *const *tables, size_t count) EML_MUST_CHECK;
/* The same notes under the tables of the balance of reg for period, at and
 * modality (eml_balance_compute's arguments), the balance computed here:
 * what `eml bilan --campaign` and the dashboard's balance page show. */
eml_status eml_capacity_beside_balance(const eml_imaging_result *r, const eml_capacity_args *a,
                                       const eml_register *reg, const char *period,
                                       eml_date at, int modality, const char *source,
                                       eml_table *const *tables, size_t count,
                                       eml_diag *diag) EML_MUST_CHECK;

/* ---- scenarios (§3) --------------------------------------------------------- */

/* A scenario file: one change a line, words separated by blanks, no
 * header; blank lines and lines starting with '#' are skipped
 * (docs/planning.md, "eml plan scenario"):
 *   grant REQUEST_ID               an application of the --requests file
 *   add MODALITY FINESS [DATE]     a device (seed 000), a device declared
 *                                  under the site's IMAGING authorisation
 *                                  (CT, MRI at a site that holds one), or
 *                                  an authorisation (an activity: 2023)
 *   close ID [DATE]                a device, a declared device or an
 *                                  authorisation ends on DATE
 *   move ID FINESS                 to another site
 *   target ZONE MODALITY LOW HIGH [UNIT]   the OQOS of the period (LOW '-':
 *                                  none; UNIT devices|sites, default
 *                                  devices for a modality, sites for an
 *                                  activity)
 * DATE defaults to the scenario's date (--at). */
typedef enum {
  EML_CHANGE_GRANT = 0,
  EML_CHANGE_ADD,
  EML_CHANGE_CLOSE,
  EML_CHANGE_MOVE,
  EML_CHANGE_TARGET
} eml_change_kind;

typedef struct eml_scenario_change {
  eml_change_kind kind;
  long line;
  char id[65];  /* grant: the request; close, move: the device or authorisation */
  int is_activity;
  eml_activity activity;
  eml_modality modality; /* add, target */
  char finess[10];       /* add, move */
  int has_date;
  eml_date date;         /* add, close */
  char zone[8];          /* target */
  int has_low;
  int64_t low, high;
  eml_unit unit;
  char text[256]; /* the line's words, one space between them */
} eml_scenario_change;

typedef struct eml_scenario {
  const char *path; /* as given to eml_scenario_read (not copied) */
  eml_scenario_change *changes;
  size_t count;
} eml_scenario;

/* Reads a scenario file (the model above) through the input pipeline,
 * each line checked against the register (sorted) and the applications
 * (requests may be NULL when count is 0): an unknown request, device,
 * authorisation or site is the line's error, `FILE:LINE: column NAME: …`.
 * Every bad line goes to hooks->reject (may be NULL); any makes the call
 * fail with EML_ERR_REJECTED, nothing kept. An empty file is EML_ERR_EMPTY. */
eml_status eml_scenario_read(const char *path, const eml_csv_options *csv,
                             const eml_register *reg, const eml_request *requests,
                             size_t nrequests, const eml_read_hooks *hooks, eml_scenario *out,
                             eml_diag *diag) EML_MUST_CHECK;
void eml_scenario_free(eml_scenario *s); /* accepts NULL */

typedef struct eml_scenario_args {
  const eml_register *reg; /* sorted; never changed */
  const char *period;
  eml_date at;
  int modality; /* as eml_balance_compute's */
  const eml_scenario *scenario;
  const eml_request *requests; /* may be NULL (nrequests 0) */
  size_t nrequests;
  const eml_regime_rules *rules; /* the 2023 figures; NULL: defaults */
  /* with data loaded (spec §3), the capacity and the saturation before
   * and after (eml_scenario_tables); NULL: not shown */
  const eml_imaging_result *imaging; /* a campaign's figures */
  const eml_capacity_args *capacity; /* its reference; NULL: the panel's P20 */
  const char *campaign;              /* its name, for the notes */
  const eml_rt_data *rt;             /* the radiotherapy data of the store */
  int rt_year;                       /* the year of their activity */
  const eml_rt_options *rt_opts;     /* NULL: the defaults */
} eml_scenario_args;

/* Imaging capacity before and after (with `imaging`): a campaign machine
 * whose id is a device of the register (seed 000, or declared under a 2023
 * authorisation) leaves when the device is no longer in force at D after
 * the scenario and moves with it to its new site's zone; other machines
 * stay as they are, and a device the scenario adds brings no campaign
 * figures (its own capacity is the whole machine). Table
 * "scenario_capacite": per zone × modality, machines and
 * machine-equivalents before and after.
 * Radiotherapy before and after (with `rt`): per centre of the data, its
 * machine-years of the year's activity (eml_rt_conformity_compute) plus Δ,
 * Δ = LINAC and COBALT devices in force at D at the centre's FINESS after
 * the scenario minus before (each added machine counts a whole year);
 * treatments per machine = external treatments ÷ machine-years, saturated
 * above opts->saturation_warn (450), a temporary overload of a renewal
 * kept as before when Δ = 0. Table "scenario_radiotherapie", and one line
 * per centre whose saturation changes. */
/* Applies the changes, in order, to a copy of the register (a change the
 * copy cannot take is EML_ERR_VALUE, diag `FILE:LINE: …`; a balance of
 * the copy with problems is EML_ERR_BALANCE, diag `FILE: after the
 * scenario: …`) and returns the tables: the changes applied and what each
 * did; per table of the balance, its zones before and after side by side;
 * the zones whose verdict changes; with requests, the applications whose
 * verdict changes (judged against the balance before and after; a granted
 * one is "accordée"). */
eml_status eml_scenario_tables(const eml_scenario_args *a, eml_table ***tables, size_t *count,
                               eml_diag *diag) EML_MUST_CHECK;

/* Records the scenario in the store under name through the import session
 * (one transaction; an audit entry "scenario" per change, then the
 * session's own with the file, date and period): the register is not
 * changed. */
eml_status eml_scenario_save(eml_store *store, const char *user, const char *name,
                             const eml_scenario_args *a, eml_diag *diag) EML_MUST_CHECK;

/* ---- appointment delays (§4) ---------------------------------------------- */

/* The simulation. Requests arrive as a Poisson process of `rate_per_day`
 * (the calendar's days, every day of the week); each is booked, in order of
 * arrival, on the machine whose first free slot at or after the request
 * comes first, in that slot; its delay is the slot's start minus the
 * arrival, in days. Slots: each machine is programmed `sessions_per_week`
 * sessions of `session_hours` hours, one a day Monday to Saturday from
 * 08:00 then a second one from 14:00 (at most 12 a week), cut into slots
 * of `exam_minutes`; a slot nobody booked is lost. With `open_always` the
 * calendar is open at all hours and the slots have no grid: a request
 * starts at max(arrival, the machine's free time) and holds the machine
 * for an exponential time of mean `exam_minutes` (the M/M/c queue of the
 * validation). Requests of the first `warmup_days` are not counted;
 * `days` are counted after them. One xoshiro256** stream from `seed`. */
typedef struct eml_delay_sim {
  double rate_per_day;
  int machines;
  int sessions_per_week;
  double session_hours;
  double exam_minutes;
  int open_always;
  double warmup_days, days;
  uint64_t seed;
} eml_delay_sim;

typedef struct eml_delay_result {
  size_t n;            /* requests counted */
  double mean_days;    /* mean delay */
  double p20, median, p80; /* type-7 quantiles of the delays, days */
  double slots_per_week;   /* programmed capacity, all machines (0: open_always) */
  double utilisation;      /* requests per week ÷ slots per week (open_always: λ/(cμ)) */
} eml_delay_result;

/* Runs the simulation. EML_ERR_VALUE with diag when a parameter is out of
 * its range, or when the demand reaches the capacity (utilisation ≥ 1: the
 * delays would grow without end). */
eml_status eml_delay_simulate(const eml_delay_sim *s, eml_delay_result *out, eml_diag *diag)
    EML_MUST_CHECK;

/* The changes of §4 compared with the situation as it is. */
typedef enum {
  EML_DELAY_CHANGE_MACHINE = 0, /* one more machine */
  EML_DELAY_CHANGE_SESSION,     /* one more session a week per machine */
  EML_DELAY_CHANGE_LATE_START,  /* late starts cut: session_hours + late_cut_min */
  EML_DELAY_CHANGE_COUNT
} eml_delay_change;

/* One table "Délais de rendez-vous simulés (jours)": a row for the
 * situation as it is, then one per change asked (changes[0..nchanges)),
 * each with its demand, capacity, utilisation, P20, median, P80 and mean
 * in days and the requests counted; the parameters as notes. late_cut_min
 * is used by EML_DELAY_CHANGE_LATE_START. */
eml_status eml_delay_table(const eml_delay_sim *s, const eml_delay_change *changes,
                           size_t nchanges, double late_cut_min, eml_table **out,
                           eml_diag *diag) EML_MUST_CHECK;

#endif
