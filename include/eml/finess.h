/*
 * eml/finess.h — loading the register from the national FINESS open-data
 * extractions (spec finess.md; issue 8): the establishments file (etalab
 * cs1100502/cs1100507, `;`-separated, UTF-8 or Windows-1252) gives the
 * sites, the heavy-equipment file (cs1400104 stock, XML, one
 * <equipmateriellourd> per authorised device) gives the devices.
 *
 * Model (docs/finess.md says it in full):
 *   - a site's legal status is derived from its category and its public
 *     service status (eml_finess_legal_status, a table of rules);
 *   - a device's modality comes from its EML code, else from its label,
 *     through a mapping table kept as data (data/finess/equipment-codes.csv);
 *   - a device is keyed by its authorisation number: `noautorarhgos`, or
 *     `noautor` when the ARHGOS number is empty; its register id is
 *     "FINESS-" followed by that key;
 *   - dateautor is the start, datemeo the installation, datefin the due
 *     date (past it the device still counts, flagged "échue"); a lapsed
 *     (indcaduc = O) or removed (indsup = O) device ends at the date the
 *     file gives (lapsed: datelimite, else datefin; removed: datefin) or, when
 *     it gives none, at the extraction's date with a flag saying so;
 *   - re-importing a newer extraction updates sites and devices, ends the
 *     FINESS devices of the scope it no longer holds (at its date), and
 *     writes every change to the audit log.
 * Both files are imported in one transaction: all-or-nothing unless a
 * rejects file is given. Counts add up: read = loaded + skipped + rejected.
 *
 * Ownership: the library copies what it keeps; strings handed to callbacks
 * are valid during the call only.
 */
#ifndef EML_FINESS_H
#define EML_FINESS_H

#include <stddef.h>

#include "csv.h"
#include "input.h"
#include "register.h"
#include "status.h"
#include "store.h"

/* ---- the mapping of equipment codes and labels to modalities ---- */

typedef struct eml_finess_codes eml_finess_codes;

/* Reads a mapping file: CSV with columns code, label, modality. A row with
 * a code maps that code; a row without a code maps every label holding the
 * label's words (case-insensitive, whole words), tried in file order when
 * the code is not mapped. Modality "-" means "not an eml modality": such
 * devices are skipped (and counted). */
eml_status eml_finess_codes_load(const char *path, const eml_csv_options *csv,
                                 eml_finess_codes **out, eml_diag *diag) EML_MUST_CHECK;
void eml_finess_codes_free(eml_finess_codes *codes); /* accepts NULL */

typedef enum {
  EML_FINESS_CODE_UNKNOWN = 0, /* neither the code nor a label is mapped */
  EML_FINESS_CODE_BY_CODE = 1,
  EML_FINESS_CODE_BY_LABEL = 2
} eml_finess_code_match;

/* Finds the modality of a device: by code, else by label, else by short
 * label (any may be NULL). *ignored is set when the mapping says "-". */
eml_finess_code_match eml_finess_codes_find(const eml_finess_codes *codes, const char *code,
                                            const char *label, const char *short_label,
                                            eml_modality *modality, int *ignored);

/* ---- the legal status of an establishment ---- */

/* One of registry.md's statuses (a static string) from the FINESS
 * category (categetab, libcategetab), public-service status (codesph,
 * libsph) and legal entity (nofinessej); any may be NULL or "". */
const char *eml_finess_legal_status(const char *categetab, const char *libcategetab,
                                    const char *codesph, const char *libsph,
                                    const char *nofinessej);

/* ---- the heavy-equipment XML file, streamed ---- */

#define EML_FINESS_DEVICE_FIELDS 22
#define EML_FINESS_VALUE_MAX 1024 /* bytes of one element's text */

/* The 22 child elements of <equipmateriellourd>, in the file's order. */
typedef enum {
  EML_FD_NOFINESSEJ, EML_FD_RSEJ, EML_FD_EML, EML_FD_LIBEML, EML_FD_LIBCOURTEML,
  EML_FD_NOAUTOR, EML_FD_NOAUTORARHGOS, EML_FD_NOIMPLARHGOS, EML_FD_DATEAUTOR,
  EML_FD_NOFINESSET, EML_FD_NUMSERIE, EML_FD_MARQUE, EML_FD_RSET, EML_FD_DATELIMITE,
  EML_FD_INDCADUC, EML_FD_INDNATLIEN, EML_FD_DATEMEO, EML_FD_DATEFIN, EML_FD_INDREMPL,
  EML_FD_NOAUTORREMPLACEMENT, EML_FD_INDSUP, EML_FD_DATEMAJ
} eml_finess_device_field;

const char *eml_finess_device_field_name(eml_finess_device_field f);

typedef struct eml_finess_device_record {
  const char *file;
  long line;     /* line of the <equipmateriellourd> start tag */
  long position; /* 1-based rank of the record in the file */
  const char *value[EML_FINESS_DEVICE_FIELDS]; /* "" when empty or nil */
  int present[EML_FINESS_DEVICE_FIELDS];       /* the element was there */
  long field_line[EML_FINESS_DEVICE_FIELDS];   /* its line (0 when absent) */
  /* set when the record itself is malformed (nested or repeated element,
   * value too long): the record must be rejected with this reason */
  const eml_diag *problem;
  /* a line of the flat file cs1100504 (its fields are columns, named
   * `column NAME` in diagnostics), not an XML element */
  int from_line;
} eml_finess_device_record;

typedef eml_status (*eml_finess_device_fn)(void *ctx, const eml_finess_device_record *rec);
/* Warning about the layout: unknown child elements (once per name). */
typedef void (*eml_finess_warning_fn)(void *ctx, const char *file, const char *message);

/* Streams the file with libxml2's reader and calls fn for every
 * <equipmateriellourd> element, wherever it is (the root is not read).
 * A malformed document stops the reading: diag says where (records before
 * it may have been handed out: libxml2 reads ahead, so maybe none). fn's
 * error stops it too. */
eml_status eml_finess_xml_each(const char *path, eml_finess_device_fn fn,
                               eml_finess_warning_fn on_warning, void *ctx, eml_diag *diag)
    EML_MUST_CHECK;

/* ---- the AMM authorisations file (amm_arhgos_*.xml[.gz]), streamed ----
 *
 * The file of the 2023 regime (docs/regime-2023.md, "FINESS as published
 * now"; research finess_amm_format.md §2): root <fluxarhgos>, one
 * <activiteamm> per authorisation, children matched by name. Its codes
 * map through data/finess/amm-codes.csv (eml_finess_amm_codes): an
 * activity code without an eml activity is skipped (counted), a code
 * absent from the file is rejected; QEML2/QEML3 (caisson hyperbare,
 * cyclotron) stay per device. Dates: dateautor = decided, datemeo =
 * started (nil: not implemented), datefin = a due date (not an end),
 * datecaducite = until. The counts scanner, irm, tep, temp, cyclotron,
 * caissonhyperbare give the declared devices per modality (nil or absent:
 * 0; above the schema's maximum: the record is rejected); their …meo the
 * first of them in service (nil or absent: 0; above the count: reported
 * to on_warning, capped). Children not in the description are tolerated
 * and listed once per file at its end (element, records, first line);
 * the seven seen in practice (lib_activite, …, statut_autorisation_lib)
 * are known and unused. */

typedef struct eml_finess_amm_codes eml_finess_amm_codes;

/* Reads amm-codes.csv (columns list, code, label, eml_activity,
 * eml_mention, eml_modality, max). Ownership: free with
 * eml_finess_amm_codes_free (accepts NULL). */
eml_status eml_finess_amm_codes_load(const char *path, eml_finess_amm_codes **out,
                                     eml_diag *diag) EML_MUST_CHECK;
void eml_finess_amm_codes_free(eml_finess_amm_codes *codes);

#define EML_FINESS_AMM_KEY_MAX 48   /* bytes of codeautorarhgos */
#define EML_FINESS_AMM_CODE_MAX 8   /* bytes of an AMM code (schema: 2 to 6) */
#define EML_FINESS_AMM_COUNTS 16    /* count elements of amm-codes.csv, at most */
#define EML_FINESS_AMM_UNKNOWN 32   /* unknown element names listed, at most */

/* One <activiteamm> kept: an authorisation of an activity (per_device 0)
 * or, for QEML2/QEML3, per-device authorisations of one modality. */
typedef struct eml_finess_amm_record {
  long line; /* of the <activiteamm> start tag */
  char authorisation[EML_FINESS_AMM_KEY_MAX + 1]; /* codeautorarhgos */
  char finess[10];                                /* nofinesset: the site */
  char finess_ej[10];                             /* nofinessej: the holder, "" when empty */
  char activite[EML_FINESS_AMM_CODE_MAX], modalite[EML_FINESS_AMM_CODE_MAX],
      mention_code[EML_FINESS_AMM_CODE_MAX], pts[EML_FINESS_AMM_CODE_MAX],
      declaration[EML_FINESS_AMM_CODE_MAX]; /* the AMM codes as read */
  int per_device;
  eml_activity activity;  /* per_device 0 */
  eml_modality modality;  /* per_device 1: OHB or CYCLOTRON */
  char mention[4];        /* "" or the activity's mention (A, B, C1, …) */
  eml_date decided_on;    /* dateautor */
  int has_started;
  eml_date started_on;    /* datemeo */
  int has_due;
  eml_date due_on;        /* datefin */
  int has_until;
  eml_date until;         /* datecaducite */
  int count[EML_MODALITY_COUNT];      /* declared devices */
  int in_service[EML_MODALITY_COUNT]; /* the first of them in service, <= count */
  long site_line; /* line of <nofinesset> */
  char *xml; /* its children rebuilt as XML lines (a rejects file); owned by the file */
} eml_finess_amm_record;

/* A record rejected, for a rejects file: why, and its children rebuilt as
 * XML lines (nil elements as xsi:nil). */
typedef struct eml_finess_amm_reject {
  eml_diag why;
  char *xml;
  char authorisation[EML_FINESS_AMM_KEY_MAX + 1]; /* codeautorarhgos, "" when none or too long */
} eml_finess_amm_reject;

typedef struct eml_finess_amm_file {
  eml_finess_amm_record *records; /* the records kept, in file order */
  size_t nrecords;
  eml_finess_amm_reject *rejects; /* in file order */
  size_t nrejects;
  eml_read_counts counts; /* records: read = loaded + skipped + rejected */
  int has_date;
  eml_date extraction; /* <horodatage><datemaj> */
  /* per count element (amm-codes.csv order): records kept where it was nil
   * or absent, read as 0 */
  size_t ncounts;
  char count_element[EML_FINESS_AMM_COUNTS][24];
  long nil_or_absent[EML_FINESS_AMM_COUNTS];
  long capped; /* …meo above its count, capped */
  /* children not in the description: name, records holding it, first line */
  size_t nunknown;
  struct {
    char name[64];
    long records, first_line, last_position;
  } unknown[EML_FINESS_AMM_UNKNOWN];
} eml_finess_amm_file;

/* Reads the file into out (zeroed first). Each bad record goes to
 * hooks->reject (its reason; raw "") and to out->rejects; without a reject
 * hook the first one stops the reading with its status. A file that is not
 * well-formed, or without <activiteamm>, returns the error with diag and
 * keeps nothing. Warnings (a …meo capped, the unknown elements once at the
 * end) go to hooks->on_warning. Ownership: free with
 * eml_finess_amm_file_free. */
eml_status eml_finess_amm_read(const char *path, const eml_finess_amm_codes *codes,
                               const eml_read_hooks *hooks, eml_finess_amm_file *out,
                               eml_diag *diag) EML_MUST_CHECK;
void eml_finess_amm_file_free(eml_finess_amm_file *f); /* frees the rows, not f */

/* The local name of the document's root element (fluxarhgos: the AMM
 * file; fluxfiness: the flux standard), gzip or not. An error when the
 * file cannot be read or has no root (diag says where). */
eml_status eml_finess_xml_root(const char *path, char *name, size_t size, eml_diag *diag)
    EML_MUST_CHECK;

/* ---- the import ---- */

typedef struct eml_finess_options {
  const char *establishments_path; /* required */
  /* NULL: sites only; the heavy-equipment file: cs1400104 (XML, gzip
   * recognised) or the flat etalab cs1100504 (`equipmateriellourd` lines,
   * `;` or tab), told apart by their first bytes */
  const char *equipment_path;
  const char *codes_path;          /* the mapping file (required with equipment) */
  /* the AMM authorisations file (amm_arhgos_*.xml[.gz]) and its code list
   * (data/finess/amm-codes.csv, required with it); establishments_path may
   * then be NULL: the sites must be in the register */
  const char *amm_path;
  const char *amm_codes_path;
  int encoding_given;              /* else detected: UTF-8 when valid, else Windows-1252 */
  eml_encoding encoding;
  const char *region;              /* INSEE region code or name; NULL: no filter */
  const char *const *territories;  /* département codes; NULL/0: no filter */
  size_t nterritories;
  const char *user;
  /* NULL: all-or-nothing; else the rejects of both files (eml/input.h,
   * one file per input): bad lines as read, bad XML records rebuilt as
   * XML with an eml_reason attribute */
  const char *rejects_path;
  eml_read_hooks hooks; /* told of each bad record (reject) and of warnings */
} eml_finess_options;

/* The input pipeline's counts (eml/input.h): read = loaded + skipped +
 * rejected. */
typedef eml_read_counts eml_finess_counts;

typedef struct eml_finess_result {
  eml_finess_counts establishments, equipment;
  long sites_new, sites_updated, locations;
  long devices_new, devices_updated, devices_ended, devices_ignored_code;
  long devices_flagged; /* lapsed/removed without a date */
  /* the AMM file: its records, what changed (authorisations of the 2023
   * regime and their declared devices; QEML2/QEML3 per-device rows), its
   * extraction date, its count elements nil or absent (read as 0) */
  eml_finess_counts amm;
  long authorisations_new, authorisations_updated, authorisations_ended;
  long declared_new, declared_updated, declared_removed;
  long amm_equipment_new, amm_equipment_updated, amm_equipment_ended;
  char amm_extraction_date[11];
  size_t amm_ncounts;
  char amm_count_element[EML_FINESS_AMM_COUNTS][24];
  long amm_nil_or_absent[EML_FINESS_AMM_COUNTS];
  eml_encoding encoding_read;
  char extraction_date[11]; /* YYYY-MM-DD, from the first line */
  int committed;
} eml_finess_result;

/* Returns EML_OK when every record was loaded or skipped, EML_ERR_REJECTED
 * when some were rejected (committed only with a rejects file), another
 * error when the files cannot be imported (nothing stored; diag says why). */
eml_status eml_finess_import(eml_store *store, const eml_finess_options *opts,
                             eml_finess_result *result, eml_diag *diag) EML_MUST_CHECK;

#endif
