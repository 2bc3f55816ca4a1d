/*
 * eml/rt.h — radiotherapy centres: their data, their yearly activity counted
 * as Annex II of the circulaire DHOS/SDO/O 1 n° 2002-299 defines it, and
 * their conformity to the circular's norms (spec radiotherapy.md, seed 002).
 *
 * Model. The five input files (rt_centres, rt_machines, rt_staff,
 * rt_courses, rt_sessions) are read into one eml_rt_data held in memory;
 * every count is computed from it, so the same computation serves files
 * today and the store later. Patient identifiers never enter the data in
 * clear: each reader replaces them, as it reads, by a keyed BLAKE2b hash
 * (libsodium crypto_generichash, 32-byte key, 64 hex digits). The library
 * takes the key bytes; where the key comes from is the caller's business.
 *
 * Ownership: an eml_rt_data owns its arrays and strings; the results of
 * eml_rt_activity_compute are owned by the eml_rt_activity they are in;
 * tables returned by the eml_rt_tables_* functions are owned by the caller
 * (free each with eml_table_free, then the array with free). Every free
 * function accepts NULL.
 */
#ifndef EML_RT_H
#define EML_RT_H

#include <stddef.h>
#include <stdint.h>

#include "csv.h"
#include "input.h"
#include "regime.h"
#include "status.h"
#include "table.h"
#include "threads.h"
#include "time.h"

/* ---- pseudonyms ------------------------------------------------------- */

#define EML_RT_KEY_BYTES 32
#define EML_RT_PSEUDONYM_HEX 64 /* hex digits of a pseudonym (BLAKE2b-256) */

/* Parses a key written as 64 hexadecimal digits (surrounding white space
 * allowed). Returns EML_ERR_VALUE with diag filled when it is not one. */
eml_status eml_rt_key_parse(const char *text, size_t len, unsigned char key[EML_RT_KEY_BYTES],
                            eml_diag *diag) EML_MUST_CHECK;
/* out = hex(BLAKE2b-256 keyed by key, over the identifier's bytes),
 * NUL-terminated (out holds EML_RT_PSEUDONYM_HEX + 1 bytes). */
eml_status eml_rt_pseudonym(const unsigned char key[EML_RT_KEY_BYTES], const char *id,
                            size_t len, char out[EML_RT_PSEUDONYM_HEX + 1]) EML_MUST_CHECK;

/* ---- the data --------------------------------------------------------- */

#define EML_RT_ID_MAX 64 /* bytes of a course or machine identifier */
#define EML_RT_TEXT_MAX 128
#define EML_RT_MAX_ENERGIES 8

typedef enum { EML_RT_LINAC = 0, EML_RT_COBALT, EML_RT_BRACHY, EML_RT_SIMULATOR } eml_rt_machine_kind;
typedef enum { EML_RT_ONCOLOGIST = 0, EML_RT_PHYSICIST, EML_RT_RTT, EML_RT_DOSIMETRIST, EML_RT_ROLE_COUNT } eml_rt_role;
typedef enum { EML_RT_SINGLE_NONE = 0, EML_RT_SINGLE_LEGACY, EML_RT_SINGLE_TRANSITIONAL, EML_RT_SINGLE_ISOLATED } eml_rt_single_case;
typedef enum { EML_RT_3D_NONE = 0, EML_RT_3D_ON_SITE, EML_RT_3D_AGREEMENT } eml_rt_dosimetry_3d;
typedef enum { EML_RT_EXTERNAL = 0, EML_RT_BRACHYTHERAPY } eml_rt_modality;
typedef enum {
  EML_RT_STANDARD = 0, EML_RT_TBI, EML_RT_TSEI, EML_RT_SRS, EML_RT_SRT, EML_RT_IORT,
  EML_RT_PEDIATRIC, EML_RT_SPECIAL_BRACHY
} eml_rt_technique;

/* Cobalt delivers one photon energy, counted as 1.25 MV (spec). */
#define EML_RT_COBALT_MV 1.25

typedef struct eml_rt_centre {
  char finess[10];
  char name[EML_RT_TEXT_MAX], territory[EML_RT_TEXT_MAX];
  int teaching;
  eml_rt_single_case single_machine_case;
  int ct_simulation, conventional_dosimetry;
  eml_rt_dosimetry_3d dosimetry_3d;
  double imaging_access_h; /* imaging hours per week */
  int network, hdr_oncologist, hdr_physicist, cooperation_agreement;
  /* 2023 regime (CSP R. 6123-93-2): the single-accelerator derogation
   * declared for the site, and its reference as given ("" when none) */
  int derogation;
  char derogation_source[EML_RT_TEXT_MAX];
} eml_rt_centre;

typedef struct eml_rt_machine {
  char machine_id[EML_RT_ID_MAX + 1];
  size_t centre; /* index in data->centres */
  eml_rt_machine_kind kind;
  double photon_mv[EML_RT_MAX_ENERGIES]; /* ascending; cobalt: {1.25} */
  size_t photon_count;
  int electrons, mlc, portal_imaging, imrt, in_vivo_dosimetry, parameter_control;
  eml_date in_service_from, in_service_until; /* in_service_from: the first installation */
  int has_until; /* 0: still in service */
  /* the machine_id of the machine of the same centre that this one replaces
   * ("" when none; column `replaces`): a replacement that comes into
   * service in year Y makes an overload of Y temporary (2.1.1.1) */
  char replaces[EML_RT_ID_MAX + 1];
} eml_rt_machine;

typedef struct eml_rt_staff {
  size_t centre;
  int year;
  eml_rt_role role;
  double fte;
} eml_rt_staff;

typedef struct eml_rt_course {
  char course_id[EML_RT_ID_MAX + 1];
  char patient[EML_RT_PSEUDONYM_HEX + 1]; /* pseudonym, never the identifier */
  size_t centre;
  char pathology[16];
  eml_rt_modality modality;
  eml_rt_technique technique;
  eml_date started_on, closed_on;
  int closed;          /* 0 while open */
  long continues;      /* index of the course it completes, or -1 */
  size_t root;         /* index of the initial scheme of its treatment */
} eml_rt_course;

/* A passage: its patient and centre are its course's (the reader checks
 * the patient named and the machine's centre). 24 bytes, the store's 22
 * (course and machine in 32 bits, fields in 0-1000) and the alignment: a
 * national year is 3.8 M of them, the largest part of what `eml rt
 * activity` holds (issue 17, item 2). */
typedef struct eml_rt_session {
  eml_time start;
  uint32_t course, machine; /* indexes in data->courses, data->machines */
  int32_t fields;
  uint8_t inpatient;
  uint8_t time_flags; /* EML_TIME_AMBIGUOUS / EML_TIME_SKIPPED of the local time read */
} eml_rt_session;

/* The input pipeline's counts (eml/input.h); skipped stays 0. */
typedef eml_read_counts eml_rt_file_summary;

typedef enum {
  EML_RT_FILE_CENTRES = 0, EML_RT_FILE_MACHINES, EML_RT_FILE_STAFF, EML_RT_FILE_COURSES,
  EML_RT_FILE_SESSIONS, EML_RT_FILE_COUNT
} eml_rt_file;

typedef struct eml_rt_data {
  eml_rt_centre *centres;
  size_t n_centres;
  eml_rt_machine *machines;
  size_t n_machines;
  eml_rt_staff *staff;
  size_t n_staff;
  eml_rt_course *courses;
  size_t n_courses;
  eml_rt_session *sessions;
  size_t n_sessions;
  eml_rt_file_summary summary[EML_RT_FILE_COUNT];
  /* header columns of each file that no spec column matched, ", "-separated
   * ("" when none; shortened with "..." past the buffer) */
  char unknown_columns[EML_RT_FILE_COUNT][256];
  struct eml_rt_index *index; /* private lookups */
  unsigned char key[EML_RT_KEY_BYTES];
  /* an import profile (eml/profile.h) the readers map each file through,
   * its section named after the file ([rt_sessions]...), or NULL: eml's
   * own layout. Not owned: the caller frees it after the reading. */
  const struct eml_profile *profile;
} eml_rt_data;

/* File name of each input ("rt_centres.csv", ...). */
const char *eml_rt_file_name(eml_rt_file file);

/* A new empty data set whose readers will pseudonymise with key. */
eml_rt_data *eml_rt_data_new(const unsigned char key[EML_RT_KEY_BYTES]);
void eml_rt_data_free(eml_rt_data *data);

/* Reads one file into data; files must come in the order of eml_rt_file
 * (a course names its centre, a session its course and machine). Bad rows
 * go to hooks->reject (eml/input.h), rebuilt with the pseudonym in place of
 * the patient identifier, and are left out; without a reject hook the first
 * bad row stops the reading (EML_ERR_REJECTED). The return is EML_OK when
 * the file could be read (rows may have been rejected: see data->summary),
 * or the error that stopped it (diag says why). Reading the courses ends by
 * resolving `continues` (unknown course, other patient or centre, cycles).
 * Unknown columns are listed in data->unknown_columns. */
eml_status eml_rt_read(eml_rt_data *data, eml_rt_file file, eml_csv_reader *reader,
                       const eml_read_hooks *hooks, eml_diag *diag) EML_MUST_CHECK;
/* Reads DIR/rt_*.csv in order with eml_rt_read. opts and hooks may be NULL. */
eml_status eml_rt_read_dir(eml_rt_data *data, const char *dir, const eml_csv_options *opts,
                           const eml_read_hooks *hooks, eml_diag *diag) EML_MUST_CHECK;
/* Stores data in the store (replacing the radiotherapy data stored; see
 * eml_store_rt_save) through an import session (lib/import): one
 * transaction, with an audit entry `import radiotherapy SOURCE` holding the
 * counts (centres, machines, staff, courses, sessions). user: who, for the
 * audit log ("unknown" when NULL or empty). */
typedef struct eml_store eml_store;
eml_status eml_rt_import(eml_store *store, const eml_rt_data *data, const char *user,
                         const char *source, eml_diag *diag) EML_MUST_CHECK;

/* Index of a centre by FINESS, or -1. */
long eml_rt_centre_find(const eml_rt_data *data, const char *finess);
/* Index of a centre (FINESS), machine or course by its identifier, in the
 * file's array; -1 when unknown or for the other files. */
long eml_rt_find(const eml_rt_data *data, eml_rt_file file, const char *id);
/* Rebuilds the lookups of data from its arrays and each course's root from
 * `continues` (for data filled by hand or from the store). EML_ERR_DUPLICATE
 * for an identifier twice, EML_ERR_VALUE for a chain that loops. */
eml_status eml_rt_data_reindex(eml_rt_data *data) EML_MUST_CHECK;

/* ---- thresholds ------------------------------------------------------- */

typedef struct eml_rt_options {
  int visit_gap_s;             /* 3 h: a passage further from the previous opens a venue */
  double reference_per_machine; /* 400 treatments per machine and year */
  /* The circular's band "au-delà de 450 à 500 traitements par an et par
   * appareil": saturated above its low end, hors surcharge temporaire liée à
   * un renouvellement d'appareil (docs/radiotherapy.md, check 6). */
  double saturation_warn;      /* 450: the band's low end, saturated above */
  double saturation;           /* 500: the band's high end, beyond the band above */
  double imaging_h_per_machine; /* 3.5 h a week */
  long teaching_min_patients;  /* 900 */
  double teaching_special_share; /* 0.10 */
  /* Modernisation (1.4): an accelerator this many years old or more on
   * 31 December is to be replaced (15: the circular gives no age; the
   * Observatoire national de la radiothérapie counted "les accélérateurs
   * de 15 ans et plus" as to replace, situation fin 2006, Cancer/
   * Radiothérapie 12 (2008) 408-496; docs/radiotherapy.md). */
  int replace_age_years;
  /* The rules of the 2023 regime (eml/regime.h, data/regimes/2023.csv),
   * read from year EML_RT_REGIME_2023_FROM on for checks 15-16; NULL: those
   * checks say the rules were not given. Borrowed: kept alive by the caller
   * while the conformity and its tables are built. */
  const eml_regime_rules *rules;
  /* Threads counting the passages of the activity, split by centre
   * (eml/threads.h: 0, the default, is the online cores); the counts do
   * not depend on it. */
  unsigned threads;
} eml_rt_options;

void eml_rt_options_default(eml_rt_options *opts);

/* ---- activity (Annex II) --------------------------------------------- */

typedef struct eml_rt_counts {
  long treatments, treatments_external, treatments_brachy, treatments_special;
  long patients, patients_special;
  long patients_external; /* malades with an external-beam treatment counted in the year */
  long venues, seances, passages, fields;
} eml_rt_counts;

typedef struct eml_rt_machine_activity {
  long passages, fields, patients;
  int days_in_service;  /* days of the year in service */
  double machine_years; /* days_in_service / days in the year */
} eml_rt_machine_activity;

/* Suspicious but valid data of the year (spec README "Bad input"): kept,
 * counted, shown in the data-quality table. Passages count by their date. */
typedef struct eml_rt_quality {
  long times_ambiguous;   /* local time in the hour repeated in October */
  long times_skipped;     /* local time in the hour skipped in March */
  long outside_course;    /* passage before its course started or after it closed */
  long outside_service;   /* passage on a machine not in service that day */
  long zero_fields;       /* passage with no field */
  long open_treatments;   /* treatments started by 31 December and not closed */
  /* The two edges of Annex II's window [2 January, 31 December], counted
   * nowhere else (docs/radiotherapy.md, "Data quality"): */
  long closed_jan1;        /* closed on 1 January of the year: counted in no year */
  long open_closed_later;  /* started by 31 December, open that day, closed after it:
                              counted in the year they close, not in this one */
} eml_rt_quality;

typedef struct eml_rt_activity {
  int year;
  eml_rt_quality quality;
  eml_rt_counts *centre;           /* n_centres entries */
  eml_rt_counts region;            /* patients: distinct across the region */
  eml_rt_machine_activity *machine; /* n_machines entries */
  unsigned char *treatment_counted; /* per course: 1 on a root counted in the year */
  size_t n_centres, n_machines;
} eml_rt_activity;

/* Counts of year `year`. opts may be NULL (defaults). */
eml_status eml_rt_activity_compute(const eml_rt_data *data, int year, const eml_rt_options *opts,
                                   eml_rt_activity **out) EML_MUST_CHECK;
void eml_rt_activity_free(eml_rt_activity *activity);

/* ---- conformity (circular 2.1.1 and Annex I) -------------------------- */

#define EML_RT_CHECK_COUNT 14 /* the 2002 circular's checks, 1-14 */
/* From this year on, checks 15-16 of the 2023 regime (spec regime-2023.md,
 * "Radiotherapy under the 2023 regime") follow the 14 of the circular. */
#define EML_RT_REGIME_2023_FROM 2023
#define EML_RT_CHECK_MAX 16

typedef enum { EML_RT_SANS_OBJET = 0, EML_RT_CONFORME, EML_RT_NON_CONFORME } eml_rt_verdict;
/* TEMPORARY: above the band's low end in a year when one of the centre's
 * high-energy machines was replaced (a machine with `replaces` in service
 * from that year): shown, not counted as saturation. */
typedef enum { EML_RT_UNDER = 0, EML_RT_TEMPORARY, EML_RT_SATURATED } eml_rt_saturation;

typedef struct eml_rt_check {
  eml_rt_verdict verdict;
  int warning;        /* conforming with a reservation (e.g. no CT simulation) */
  int derogation;     /* conforming by the declared derogation (check 15) */
  const char *source; /* checks 15-16: the rule's source, from the rules file (borrowed
                         from opts->rules); NULL: the circular's article (eml_rt_check_article) */
  char figures[1024]; /* the figures behind the verdict, in French */
} eml_rt_check;

typedef struct eml_rt_staff_need {
  double have;      /* FTE declared for the year */
  double need_low;  /* the less demanding end of the norm (the minimum) */
  double need_high; /* the more demanding end */
  double shortfall; /* max(0, need_low - have) */
} eml_rt_staff_need;

typedef struct eml_rt_conformity {
  size_t centre;
  int he_machines, linacs, cobalts, simulators; /* in service on 31 December */
  double machine_years;
  long treatments_external;
  double treatments_per_machine; /* external treatments / machine-years */
  eml_rt_saturation saturation;
  long renewal; /* index of the machine that replaced another in the year, or -1 */
  eml_rt_check checks[EML_RT_CHECK_MAX]; /* checks[0] is check 1 */
  int n_checks;       /* 14, or 16 from EML_RT_REGIME_2023_FROM on */
  eml_rt_staff_need staff[EML_RT_ROLE_COUNT];          /* general norm (check 7) */
  eml_rt_staff_need staff_teaching[EML_RT_ROLE_COUNT]; /* teaching norm (check 14) */
  double shortfall_fte; /* of the norm that applies (teaching for teaching centres) */
  int non_conforming;   /* number of NON CONFORME checks */
} eml_rt_conformity;

/* Checks 1-14 of centre `centre` for the activity's year, and from
 * EML_RT_REGIME_2023_FROM on checks 15-16 of the 2023 regime with the rules
 * of opts->rules: 15 at least rt_min_accelerators_per_site LINAC on the
 * platform (a cobalt is not an accelerator), or one with the derogation
 * declared (rt_single_accelerator_derogation); 16 the malades of external
 * radiotherapy against rt_min_patients_per_year (SANS OBJET when the value
 * is empty). */
eml_status eml_rt_conformity_compute(const eml_rt_data *data, const eml_rt_activity *activity,
                                     size_t centre, const eml_rt_options *opts,
                                     eml_rt_conformity *out) EML_MUST_CHECK;
/* French label of check n (1-16), its article of the circular (15-16: the
 * rule row of the rules file, whose source the check carries), verdict text. */
const char *eml_rt_check_label(int n);
const char *eml_rt_check_article(int n);
const char *eml_rt_verdict_label(eml_rt_verdict verdict);
const char *eml_rt_role_label(eml_rt_role role);
const char *eml_rt_kind_label(eml_rt_machine_kind kind);

/* Modernisation of the park (circular 1.4: "le remplacement de cobalts et
 * d'accélérateurs de générations précédentes par des accélérateurs [...]
 * dotés des moyens modernes de collimation, imagerie portale et modulation
 * d'intensité"): 1 when high-energy machine m is to be replaced on
 * 31 December of year — a cobalt; an accelerator without a multileaf
 * collimator, portal imaging or intensity modulation; an accelerator of
 * opts->replace_age_years years or more (age = year − the year of
 * in_service_from, its first installation) — with the reasons in why
 * (French, "; "-separated; "" when 0). opts may be NULL (defaults). */
int eml_rt_machine_to_replace(const eml_rt_machine *m, int year, const eml_rt_options *opts,
                              char *why, size_t size);

/* ---- reports (table model) -------------------------------------------- */

/* Activity per centre with the region's total, and per machine. */
eml_status eml_rt_tables_activity(const eml_rt_data *data, const eml_rt_activity *activity,
                                  eml_table ***tables, size_t *count) EML_MUST_CHECK;
/* Checklist and staff table of one centre, or of every centre when
 * centre < 0. */
eml_status eml_rt_tables_check(const eml_rt_data *data, const eml_rt_activity *activity,
                               long centre, const eml_rt_options *opts, eml_table ***tables,
                               size_t *count) EML_MUST_CHECK;
/* Regional report: centres side by side (saturated first) with totals, the
 * staff shortfall, activity per centre and per machine. */
eml_status eml_rt_tables_report(const eml_rt_data *data, const eml_rt_activity *activity,
                                const eml_rt_options *opts, eml_table ***tables, size_t *count)
    EML_MUST_CHECK;
/* The arrays of tables are freed with eml_tables_free (eml/table.h); the
 * name of before stays for the callers that use it. */
#define eml_rt_tables_free eml_tables_free

/* ---- synthetic data ---------------------------------------------------- */

typedef struct eml_rt_generate_options {
  int centres; /* 1 to 200 */
  int year;
  uint64_t seed;
} eml_rt_generate_options;

/* Writes DIR/rt_*.csv: a consistent year (and the end of the year before,
 * so that courses straddle 1 January) for opts->centres centres. */
eml_status eml_rt_generate(const eml_rt_generate_options *opts, const char *dir, eml_diag *diag)
    EML_MUST_CHECK;

#endif
