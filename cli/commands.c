/*
 * commands.c — the command table of `eml`: one row per subcommand, in the
 * order `eml help` lists them, each with its options and arguments
 * (options.h describes a row). The rows drive the parsing (options.c: an
 * option a command does not list is refused), `eml COMMAND --help`, and the
 * man pages (eml(1), eml-GROUP(1) for the commands of one first word).
 *
 * To add an option: one row in the command's option array (or in a shared
 * group), then read it in the command's run function with the getter of
 * its kind, cli_text(a, "name") etc. To add a command: its run function
 * in a cli/cmd_*.c file (declared in commands.h), its option array here
 * and its row in cli_commands[]. Options shared by several commands are
 * macros (OPT_DB...) or groups (the imaging inputs), so that a default or a
 * help text is written once.
 */
#include "cli.h"
#include "commands.h"

/* ---- how a row is written ---- */

/* an option: name, kind, value word (NULL: the kind's), default (NULL:
 * none), help */
#define OPT(n, k, v, d, h) {.name = n, .kind = k, .value = v, .fallback = d, .help = h}
/* with flags (CLI_REPEATABLE, CLI_IN_DATA) */
#define OPTF(n, k, v, d, h, f) {.name = n, .kind = k, .value = v, .fallback = d, .help = h, .flags = f}
/* required; hint: said after "option --X is required" (NULL: nothing) */
#define REQ(n, k, v, h, hint_)                                                               \
  {.name = n, .kind = k, .value = v, .help = h, .flags = CLI_REQUIRED, .hint = hint_}
/* a number (CLI_NUMBER) or whole number (CLI_WHOLE) within [lo, hi] */
#define RANGE(n, k, v, d, lo_, hi_, h)                                                       \
  {.name = n, .kind = k, .value = v, .fallback = d, .help = h, .lo = lo_, .hi = hi_}
/* one of the words of an array ended by NULL */
#define WORDS(n, words, d, h) {.name = n, .kind = CLI_ENUM, .values = words, .fallback = d, .help = h}
#define OPT_END {.name = NULL}

/* ---- options shared by several commands ---- */

#define DB_DEFAULT "eml.db" /* the store when --db is not given: its one copy */
#define OPT_DB OPT("db", CLI_PATH, "PATH", DB_DEFAULT, "the store, made by 'eml init'")
#define OPT_FORMAT OPT("format", CLI_FORMAT, "F", "text", "text, csv, json, md, html or xlsx")
#define OPT_OUTPUT                                                                           \
  OPT("output", CLI_PATH, "FILE", NULL,                                                      \
      "write to FILE instead of the standard output (required for xlsx)")
#define OPT_ENCODING                                                                         \
  OPT("encoding", CLI_ENCODING, "ENC", "utf8", "encoding of the CSV files: utf8, cp1252 or latin1")
#define OPT_USER                                                                             \
  OPT("user", CLI_TEXT, "NAME", NULL,                                                        \
      "who makes the change, for the audit log; by default the environment's USER")
#define OPT_PERIOD                                                                           \
  REQ("period", CLI_TEXT, "P", "planning period of the targets (e.g. SROS3-PRS)",            \
      N_("par exemple --period SROS3-PRS"))

/* ---- register and balance (registry.md): cmd_register.c ---- */

static const cli_option db_options[] = {OPT_DB, OPT_END};
static const cli_group db_group = {NULL, NULL, db_options}; /* init, imaging campaigns */

static const cli_option import_options[] = {
    OPT_DB,
    OPT("rejects", CLI_PATH, "FILE", NULL,
        "load the good rows; write the bad rows to FILE, verbatim, with the reason in a last "
        "column"),
    OPT_ENCODING,
    OPT_USER,
    OPT_END};
static const cli_group import_group = {NULL, NULL, import_options};
static const cli_positional import_args[] = {
    {"KIND",
     "sites, equipment, targets, territories or notes; for the 2023 regime authorisations, "
     "devices, conventions or windows",
     0},
    {"FILE", "the CSV file (formats: docs/input-files.md)", 0},
    {NULL, NULL, 0}};

/* ---- FINESS extractions (finess.md): cmd_finess.c ---- */

static const cli_option finess_options[] = {
    OPT("establishments", CLI_PATH, "FILE", NULL,
        "the sites: etalab cs1100502 or cs1100507 extraction, ';'-separated (required unless "
        "FILE, the AMM file, is given and its sites are in the register)"),
    OPT("equipment", CLI_PATH, "FILE", NULL,
        "the heavy equipment: cs1400104 extraction (XML, gzip or not) or the flat etalab "
        "cs1100504 (';' or tab)"),
    OPT("region", CLI_TEXT, "R", NULL, "keep the sites of one region (INSEE code, e.g. 11, or name)"),
    OPTF("territory", CLI_TEXT, "T", NULL, "keep the sites of a département", CLI_REPEATABLE),
    OPTF("codes", CLI_PATH, "FILE", "finess/equipment-codes.csv", "equipment code mapping",
         CLI_IN_DATA),
    OPTF("amm-codes", CLI_PATH, "FILE", "finess/amm-codes.csv",
         "AMM code list (activities, mentions, device counts) of the AMM file", CLI_IN_DATA),
    OPT("encoding", CLI_ENCODING, "ENC", NULL,
        "encoding of the establishments file: utf8 or cp1252 (default: detected)"),
    OPT("rejects", CLI_PATH, "FILE", NULL,
        "load the good records; the bad ones go to a file per input named after FILE, each "
        "with its reason (docs/input-files.md)"),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group finess_group = {NULL, NULL, finess_options};
static const cli_positional finess_args[] = {
    {"FILE", "the AMM authorisations file amm_arhgos_*.xml[.gz] (root <fluxarhgos>)", 1},
    {NULL, NULL, 0}};

/* the reference of the capacity held in the machines (planning.md §1):
 * eml imaging capacity, and eml bilan with a campaign */
#define OPT_CAPACITY_REFERENCE                                                               \
  OPT("reference", CLI_TEXT, "p20|median|L,E,G", "p20",                                      \
      "the levers' reference: the panel's P20 or median of the modality, or fixed minutes "  \
      "of late start, early end and gap")

static const cli_option bilan_options[] = {
    OPT("at", CLI_DATE, "DATE", "today", "date of the balance"),
    OPT_PERIOD,
    OPT("modality", CLI_MODALITY, "M", NULL,
        "one modality only (CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT), or one "
        "activity of the 2023 regime (IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY)"),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT("compare", CLI_PATH, "FILE", NULL,
        "compare with a published table (seed layout) and list every cell that differs; exit 1 "
        "when any differs"),
    OPT("campaign", CLI_TEXT, "NAME", NULL,
        "an imaging campaign of the store ('eml imaging import'): beside each zone's room "
        "left, the capacity held in its CT and MRI (planning.md section 1)"),
    OPT_CAPACITY_REFERENCE,
    OPT_DB,
    OPT_END};
static const cli_group bilan_group = {NULL, NULL, bilan_options};

static const cli_option requests_options[] = {
    OPT("at", CLI_DATE, "DATE", "today", "date of the register"),
    OPT_PERIOD,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_ENCODING,
    OPT_DB,
    OPT_END};
static const cli_group requests_group = {NULL, NULL, requests_options};
static const cli_positional requests_args[] = {
    {"REQUESTS.csv", "the applications (docs/input-files.md)", 0}, {NULL, NULL, 0}};

static const cli_option regime_convert_options[] = {
    REQ("at", CLI_DATE, "DATE", "date of the conversion (the reform: 2023-06-01)",
        N_("par exemple --at 2023-06-01")),
    OPT("dry-run", CLI_FLAG, NULL, NULL, "print the report, write nothing (the store is opened read-only)"),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group regime_convert_group = {NULL, NULL, regime_convert_options};

static const cli_option log_options[] = {
    OPT_DB,
    OPT("entity", CLI_TEXT, "E", NULL, "sites, equipment, targets, territories or notes only"),
    RANGE("limit", CLI_WHOLE, "N", "100", 0, 1e9, "the last N entries, 0 for all"),
    OPT_END};
static const cli_group log_group = {NULL, NULL, log_options};

/* editing the register by hand (eml/edit.h, docs/register.md "Editing") */
static const cli_option register_end_options[] = {
    REQ("on", CLI_DATE, "DATE",
        "the end date: the device counts up to the day before (in force while from <= D < on)",
        N_("par exemple --on 2024-06-30")),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_end_group = {NULL, NULL, register_end_options};
static const cli_positional register_end_args[] = {
    {"ID",
     "the device (equipment_id), else the authorisation (authorisation_id) or the declared "
     "device of the 2023 regime",
     0},
    {NULL, NULL, 0}};

static const char *const yes_no[] = {"yes", "no", NULL};
static const cli_option register_amend_options[] = {
    OPT("authorized-from", CLI_DATE, "DATE", NULL, "the date the authorisation starts"),
    OPT("authorized-until", CLI_DATE, "DATE", NULL, "the date it ends (as 'eml register end')"),
    OPT("installed-on", CLI_DATE, "DATE", NULL, "the date the device was put in service"),
    WORDS("interventional", yes_no, NULL,
          "yes: dedicated to interventional imaging (CT and MRI only); no: not"),
    OPT("site", CLI_TEXT, "FINESS", NULL, "the site that holds it (a site of the register)"),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_amend_group = {NULL, NULL, register_amend_options};
static const cli_positional register_amend_args[] = {
    {"EQUIPMENT_ID", "the device, as in equipment.csv", 0}, {NULL, NULL, 0}};

static const cli_option register_amend_site_options[] = {
    OPT("name", CLI_TEXT, "NAME", NULL, "the establishment's name"),
    OPT("territory", CLI_TEXT, "T", NULL,
        "its territory: a département or a territory of territories.csv"),
    OPT("legal-status", CLI_TEXT, "S", NULL,
        "CH, CHU, CHU AP-HP, CHU APHM, EPSIC, GCS, GIE, HIA, LIBERAL, PRIVE or AUTRE"),
    OPT("finess-ej", CLI_TEXT, "FINESS", NULL, "the legal entity's FINESS (\"\" to remove it)"),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_amend_site_group = {NULL, NULL, register_amend_site_options};
static const cli_positional register_amend_site_args[] = {
    {"FINESS", "the site (FINESS géographique)", 0}, {NULL, NULL, 0}};

static const cli_option register_amend_target_options[] = {
    RANGE("low", CLI_WHOLE, "N", NULL, 0, 1e9, "the lower bound (borne basse)"),
    RANGE("high", CLI_WHOLE, "N", NULL, 0, 1e9, "the upper bound (borne haute)"),
    RANGE("interventional-low", CLI_WHOLE, "N", NULL, 0, 1e9,
          "the lower bound of the interventional devices"),
    RANGE("interventional-high", CLI_WHOLE, "N", NULL, 0, 1e9,
          "the upper bound of the interventional devices"),
    OPT("mention", CLI_TEXT, "M", NULL, "the mention of a target of the 2023 regime"),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_amend_target_group = {NULL, NULL, register_amend_target_options};
static const cli_positional register_amend_target_args[] = {
    {"PERIOD", "the planning period (e.g. SROS3-PRS)", 0},
    {"TERRITORY", "the territory (or the zone of the 2023 regime)", 0},
    {"MODALITY", "the modality, or an activity of the 2023 regime", 0},
    {"UNIT", "devices or sites", 0},
    {NULL, NULL, 0}};

/* ---- imaging benchmark (imaging.md): cmd_imaging.c, imaging_input.c ---- */

/* the inputs, one macro a row: the commands take different subsets */
#define IMG_EQUIPMENT OPT("equipment", CLI_PATH, "FILE", NULL, "the machines (equipment.csv)")
#define IMG_SESSIONS                                                                         \
  OPT("sessions", CLI_PATH, "FILE", NULL, "the sessions as intervals (sessions.csv)")
#define IMG_SCHEDULE                                                                         \
  OPT("schedule", CLI_PATH, "FILE", NULL,                                                    \
      "or as a weekly template (schedule.csv), expanded over the campaign window: --from "   \
      "and --to are required then")
#define IMG_HOLIDAYS                                                                         \
  WORDS("holidays", skip_keep, "keep",                                                       \
        "with --schedule: leave out the programmed sessions on French public holidays "      \
        "(Alsace-Moselle ones by the machine's FINESS), or keep them")
#define IMG_EXAMS OPT("exams", CLI_PATH, "FILE", NULL, "the exams (exams.csv)")
#define IMG_SITES                                                                            \
  OPT("sites", CLI_PATH, "FILE", NULL,                                                       \
      "sites.csv: adds the counts by legal status and the medians by legal status and by "   \
      "département (with --campaign, the sites of the store are used when it holds some)")
#define IMG_APPOINTMENTS                                                                     \
  OPT("appointments", CLI_PATH, "FILE", NULL,                                                \
      "appointments.csv: adds figures 1 and 2 (appointment delays)")
#define IMG_FROM                                                                             \
  OPT("from", CLI_DATE, "DATE", NULL,                                                        \
      "campaign window [from 00:00, to 00:00) local time (default: the whole days spanned "  \
      "by the exams)")
#define IMG_TO OPT("to", CLI_DATE, "DATE", NULL, "the end of the campaign window, with --from")
#define IMG_CAMPAIGN                                                                         \
  OPT("campaign", CLI_TEXT, "NAME", NULL, "a campaign stored by 'eml imaging import'")
#define IMG_REJECTS                                                                          \
  OPT("rejects", CLI_PATH, "FILE", NULL,                                                     \
      "keep the good rows, write the bad ones there with the reason (default: any bad row "  \
      "stops everything, exit status 1)")
#define IMG_PROFILE                                                                          \
  OPT("profile", CLI_PATH, "FILE", NULL,                                                     \
      "read the files in a foreign layout (a RIS export): the columns, date and time "       \
      "formats and labels of the import profile FILE, or of a shipped one by its name "      \
      "(ris-duree, ris-horodatage; docs/imaging-inputs.md)")
#define IMG_TIMING OPT("timing", CLI_FLAG, NULL, NULL, "print the time of each phase on stderr")
#define IMG_THREADS                                                                          \
  {.name = "threads", .kind = CLI_WHOLE, .value = "N", .lo = 1, .hi = EML_THREADS_MAX,        \
   .help = "threads reading and computing (default: the online cores); the results do not "  \
           "depend on it"}

static const char *const skip_keep[] = {"skip", "keep", NULL};

static const cli_option imaging_input_options[] = {
    IMG_EQUIPMENT, IMG_SESSIONS, IMG_SCHEDULE, IMG_HOLIDAYS, IMG_EXAMS, IMG_SITES,
    IMG_APPOINTMENTS, IMG_PROFILE, IMG_FROM, IMG_TO, IMG_CAMPAIGN, OPT_DB, OPT_END};
static const cli_group imaging_inputs = {
    "Inputs",
    "the files (--equipment, --sessions or --schedule, --exams), or a campaign stored by 'eml "
    "imaging import' (--campaign NAME, --db PATH).",
    imaging_input_options};

static const cli_option imaging_compute_options[] = {
    RANGE("min-exam-minutes", CLI_NUMBER, "N", "3", 0, 1440,
          "shorter exams are excluded and counted"),
    RANGE("er-share", CLI_NUMBER, "N", "0.5", 0, 1,
          "share of ER patients making a machine emergency-dedicated"),
    IMG_REJECTS,
    IMG_TIMING,
    IMG_THREADS,
    OPT_END};
static const cli_group imaging_computation = {"Computation", NULL, imaging_compute_options};

static const cli_option imaging_report_options[] = {OPT_FORMAT, OPT_OUTPUT, OPT_END};
static const cli_group imaging_report_group = {NULL, NULL, imaging_report_options};

static const cli_option imaging_csv_options[] = {
    OPT("machines-csv", CLI_PATH, "OUT", NULL,
        "one row per machine, every indicator (the DuckDB columns first)"),
    OPT("panel-csv", CLI_PATH, "OUT", NULL,
        "one row per modality and indicator: n, p20, p50, p80"),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_END};
static const cli_group imaging_csv_group = {NULL, NULL, imaging_csv_options};

/* the formats of eml_format in its order, then pdf (cmd_plan.c) */
static const char *const capacity_formats[] = {"text", "csv", "json", "md", "html", "xlsx",
                                               "pdf", NULL};
static const cli_option imaging_capacity_options[] = {
    OPT_CAPACITY_REFERENCE,
    WORDS("format", capacity_formats, "text",
          "text, csv, json, md, html, xlsx, or pdf (a report with the chart of the zones' "
          "machine-equivalents; needs --output)"),
    OPT("output", CLI_PATH, "FILE", NULL,
        "write to FILE instead of the standard output (required for xlsx and pdf)"),
    OPT("charts", CLI_PATH, "DIR", NULL,
        "with --format pdf, also write each chart as DIR/NAME.svg and DIR/NAME.png"),
    OPT_END};
static const cli_group imaging_capacity_group = {NULL, NULL, imaging_capacity_options};

static const cli_positional imaging_machine_args[] = {
    {"EQUIPMENT_ID", "the machine, as in equipment.csv", 0}, {NULL, NULL, 0}};

static const cli_option imaging_import_options[] = {
    IMG_CAMPAIGN, IMG_EQUIPMENT, IMG_SESSIONS, IMG_SCHEDULE, IMG_HOLIDAYS, IMG_EXAMS,
    IMG_FROM,     IMG_TO,        OPT_DB,       IMG_REJECTS,  IMG_TIMING,   IMG_THREADS, OPT_END};
static const cli_group imaging_import_group = {NULL, NULL, imaging_import_options};

/* rt check, rt report, report rt: the checks of the 2023 regime (regime-2023.md), from --year 2023 on */
#define RT_RULES                                                                             \
  OPTF("rules", CLI_PATH, "FILE", EML_REGIME_SHIPPED_FILE,                                   \
       "rules and thresholds of the 2023 regime, read from --year 2023 on (checks 15-16)",   \
       CLI_IN_DATA)

/* ---- reports as documents (charts.md): cmd_report.c ---- */

static const char *const pdf_xlsx[] = {"pdf", "xlsx", NULL};
#define DOC_FORMAT                                                                           \
  {.name = "format", .kind = CLI_ENUM, .values = pdf_xlsx, .flags = CLI_REQUIRED,            \
   .hint = N_("pdf ou xlsx"),                                                                    \
   .help = "a PDF (title page, tables, charts, notes, data-quality annex) or an XLSX "       \
           "workbook (one sheet per table, numbers as numbers)"}
#define DOC_OUTPUT REQ("output", CLI_PATH, "FILE", "the file written", NULL)
#define DOC_CHARTS                                                                           \
  OPT("charts", CLI_PATH, "DIR", NULL, "also write each chart as DIR/NAME.svg and DIR/NAME.png")
#define DOC_DB REQ("db", CLI_PATH, "PATH", "the store, made by 'eml init'", NULL)

static const cli_option report_bilan_options[] = {
    DOC_DB,
    REQ("at", CLI_DATE, "DATE", "date of the balance", NULL),
    OPT_PERIOD,
    DOC_FORMAT,
    DOC_OUTPUT,
    DOC_CHARTS,
    OPTF("geo", CLI_PATH, "FILE", EML_OUTLINES_SHIPPED_FILE, "département outlines of the maps",
         CLI_IN_DATA),
    OPT_END};
static const cli_group report_bilan_group = {NULL, NULL, report_bilan_options};

static const cli_option report_rt_options[] = {
    DOC_DB,
    {.name = "year", .kind = CLI_WHOLE, .value = "Y", .lo = 1900, .hi = 2200,
     .flags = CLI_REQUIRED, .help = "year of activity"},
    DOC_FORMAT,
    DOC_OUTPUT,
    DOC_CHARTS,
    RT_RULES,
    OPT_END};
static const cli_group report_rt_group = {NULL, NULL, report_rt_options};

static const cli_option report_imaging_options[] = {DOC_FORMAT, DOC_OUTPUT, DOC_CHARTS, OPT_END};
static const cli_group report_imaging_group = {NULL, NULL, report_imaging_options};

static const cli_option report_machines_options[] = {
    REQ("output", CLI_PATH, "DIR", "the folder of the files, one per site", NULL),
    OPT("finess", CLI_TEXT, "PREFIX[,PREFIX...]", NULL,
        "only the sites whose FINESS begins with one of these: a whole FINESS, or a "
        "département (--finess 75,77,78,91,92,93,94,95)"),
    WORDS("format", pdf_xlsx, "pdf",
          "pdf: two A4 pages per machine; xlsx: one workbook per site, one sheet per machine"),
    OPT_END};
static const cli_group report_machines_group = {NULL, NULL, report_machines_options};

/* ---- radiotherapy (radiotherapy.md): cmd_rt.c ---- */

#define RT_YEAR                                                                              \
  {.name = "year", .kind = CLI_WHOLE, .value = "Y", .lo = 1900, .hi = 2200,                   \
   .flags = CLI_REQUIRED, .help = "year of activity (treatments closed 2 Jan - 31 Dec)"}
#define RT_DIR                                                                               \
  OPT("dir", CLI_PATH, "DIR", NULL,                                                          \
      "folder holding rt_centres.csv, rt_machines.csv, rt_staff.csv, rt_courses.csv, "       \
      "rt_sessions.csv")
#define RT_KEY_FILE                                                                          \
  OPT("key-file", CLI_PATH, "FILE", NULL,                                                    \
      "pseudonymisation key: 64 hexadecimal digits (or 32 bytes); by default the "           \
      "environment variable EML_PSEUDONYM_KEY")
#define RT_REJECTS                                                                           \
  OPT("rejects", CLI_PATH, "FILE", NULL, "keep the good rows, write the bad ones to FILE")
#define RT_PROFILE                                                                           \
  OPT("profile", CLI_PATH, "FILE", NULL,                                                     \
      "read the files of --dir in a foreign layout (a radiotherapy information system's "    \
      "export): the columns, date formats and labels of the import profile FILE, or of a "   \
      "shipped one by its name (rt-export; docs/radiotherapy.md)")

static const cli_option rt_data_options[] = {
    RT_YEAR,
    RT_DIR,
    OPT("db", CLI_PATH, "PATH", NULL, "instead of --dir: the data stored by 'eml rt import'"),
    RT_KEY_FILE,
    OPT_ENCODING,
    RT_REJECTS,
    RT_PROFILE,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_END};
static const cli_group rt_data_group = {NULL, NULL, rt_data_options};

static const cli_option rt_threshold_options[] = {
    RANGE("visit-gap", CLI_NUMBER, "H", "3", 0, 24, "hours between passages that open a new venue"),
    RANGE("saturation-warn", CLI_NUMBER, "N", "450", 0, 100000,
          "treatments per machine: saturated above (low end of the circular's 450-500 band)"),
    RANGE("saturation", CLI_NUMBER, "N", "500", 0, 100000,
          "treatments per machine: high end of the band (beyond it above)"),
    RANGE("imaging-hours", CLI_NUMBER, "H", "3.5", 0, 168,
          "imaging hours a week needed per machine"),
    RANGE("teaching-patients", CLI_NUMBER, "N", "900", 0, 1e7,
          "patients a year of a teaching centre"),
    RANGE("special-share", CLI_NUMBER, "P", "10", 0, 100,
          "% of them with special techniques"),
    {.name = "threads", .kind = CLI_WHOLE, .value = "N", .lo = 1, .hi = EML_THREADS_MAX,
     .help = "threads counting the passages, split by centre (default: the online cores); "
             "the results do not depend on it"},
    OPT_END};
static const cli_group rt_thresholds = {"Thresholds of the circular", NULL, rt_threshold_options};

static const cli_option rt_rules_options[] = {RT_RULES, OPT_END};
static const cli_group rt_rules_group = {NULL, NULL, rt_rules_options};

static const cli_option rt_check_options[] = {
    OPT("centre", CLI_TEXT, "FINESS", NULL, "only this centre (its FINESS in rt_centres.csv)"),
    RT_RULES,
    OPT_END};
static const cli_group rt_check_group = {NULL, NULL, rt_check_options};

static const cli_option rt_import_options[] = {
    REQ("dir", CLI_PATH, "DIR",
        "folder holding rt_centres.csv, rt_machines.csv, rt_staff.csv, rt_courses.csv, "
        "rt_sessions.csv",
        NULL),
    OPT_DB,
    RT_KEY_FILE,
    RT_REJECTS,
    RT_PROFILE,
    OPT_ENCODING,
    OPT_USER,
    OPT_END};
static const cli_group rt_import_group = {NULL, NULL, rt_import_options};

static const cli_option generate_rt_options[] = {
    RANGE("centres", CLI_WHOLE, "N", "5", 1, 200, "number of centres"),
    {.name = "year", .kind = CLI_WHOLE, .value = "Y", .lo = 1990, .hi = 2200,
     .flags = CLI_REQUIRED, .help = "year of the data"},
    RANGE("seed", CLI_WHOLE, "S", "1", 0, 4294967294.0, "random seed: same seed, same files"),
    REQ("out", CLI_PATH, "DIR", "output folder (created if missing)", NULL),
    OPT_END};
static const cli_group generate_rt_group = {NULL, NULL, generate_rt_options};

/* ---- planning ahead (planning.md): cmd_plan.c ---- */

static const cli_option plan_need_options[] = {
    REQ("population", CLI_PATH, "FILE",
        "population.csv: zone, year, population (data/population/departements-2021.csv as it "
        "is), optional exams, ct_scans, treatments, cancer_cases",
        NULL),
    {.name = "year", .kind = CLI_WHOLE, .value = "Y", .lo = 1900, .hi = 2200,
     .flags = CLI_REQUIRED, .help = "the year of the projection (its rows in FILE)"},
    {.name = "method", .kind = CLI_TEXT, .value = "M[,M...]",
     .flags = CLI_REQUIRED | CLI_REPEATABLE, .hint = N_("ratio, utilisation, ny-mri ou linac"),
     .help = "ratio, utilisation, ny-mri or linac (repeat or separate by commas: one column "
             "each)"},
    RANGE("per-100k", CLI_NUMBER, "R", NULL, 0, 1000,
          "ratio: devices per 100,000 inhabitants (default: the region's current ratio)"),
    RANGE("threshold", CLI_NUMBER, "N", "3494", 1, 1e7,
          "utilisation: annual exams per device (North Carolina 10A NCAC 14C .2703)"),
    OPT("tolerance", CLI_TEXT, "P", "10%", "the proposed bounds: the need minus and plus P %"),
    OPT("at", CLI_DATE, "DATE", "today", "date of the balance (devices, sites, OQOS now)"),
    OPT_PERIOD,
    OPT("modality", CLI_MODALITY, "M", NULL,
        "one modality only (default: every modality with targets in the period)"),
    OPT_ENCODING,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_DB,
    OPT_END};
static const cli_group plan_need_group = {NULL, NULL, plan_need_options};

static const cli_option plan_scenario_options[] = {
    OPT("at", CLI_DATE, "DATE", "today", "date of the balance before and after"),
    OPT_PERIOD,
    OPT("requests", CLI_PATH, "FILE",
        NULL, "the applications (requests.csv) that `grant` names, judged before and after"),
    OPT("modality", CLI_MODALITY, "M", NULL,
        "one modality only (default: every modality with targets in the period)"),
    OPT("save", CLI_TEXT, "NAME", NULL,
        "record the scenario in the store's audit log under NAME (the register is not changed)"),
    OPT("campaign", CLI_TEXT, "NAME", NULL,
        "an imaging campaign of the store: the capacity of its machines per zone before and "
        "after (planning.md section 1)"),
    OPT_CAPACITY_REFERENCE,
    {.name = "rt-year", .kind = CLI_WHOLE, .value = "Y", .lo = 1900, .hi = 2200,
     .help = "the radiotherapy data of the store ('eml rt import'): each centre's treatments "
             "per machine and saturation of year Y before and after"},
    OPT_USER,
    OPT_ENCODING,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_DB,
    OPT_END};
static const cli_group plan_scenario_group = {NULL, NULL, plan_scenario_options};
static const cli_positional plan_scenario_args[] = {
    {"SCENARIO", "the changes, one a line (docs/planning.md)", 0}, {NULL, NULL, 0}};

static const cli_option plan_delays_options[] = {
    {.name = "rate", .kind = CLI_NUMBER, .value = "N", .lo = 0.001, .hi = 100000,
     .flags = CLI_REQUIRED, .help = "requests a day (Poisson), urgent ones left out"},
    RANGE("machines", CLI_WHOLE, "C", "1", 1, 64, "machines pooled (one zone's)"),
    RANGE("sessions", CLI_WHOLE, "S", "10", 1, 12,
          "programmed sessions a week per machine (Monday to Saturday, 08:00 then 14:00)"),
    RANGE("session-hours", CLI_NUMBER, "H", "4", 0.25, 6, "hours of a session"),
    RANGE("exam-minutes", CLI_NUMBER, "D", "20", 1, 1e6, "the mean duration of an exam, a slot"),
    OPTF("change", CLI_TEXT, "WHAT", NULL,
         "also simulate a change: machine (one more), session (one more a week per machine), "
         "late-start (late starts cut by --late-cut-minutes)",
         CLI_REPEATABLE),
    RANGE("late-cut-minutes", CLI_NUMBER, "MIN", "15", 0, 120,
          "late-start: minutes gained per session (late start minus the reference)"),
    OPT("open-always", CLI_FLAG, NULL, NULL,
        "queueing check: open at all hours, exponential durations (the M/M/c queue)"),
    RANGE("warmup-days", CLI_WHOLE, "D", "365", 0, 100000, "days simulated and not counted"),
    RANGE("days", CLI_WHOLE, "D", "3650", 1, 1000000, "days counted after the warm-up"),
    RANGE("seed", CLI_WHOLE, "S", "1", 0, 4294967294.0, "random seed: same seed, same output"),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_END};
static const cli_group plan_delays_group = {NULL, NULL, plan_delays_options};

/* ---- generators and the appointment survey: cmd_generate.c ---- */

static const cli_option generate_imaging_options[] = {
    RANGE("ct", CLI_WHOLE, "N", "0", 0, EML_GENERATE_MACHINES_MAX, "number of CT scanners"),
    RANGE("mri", CLI_WHOLE, "M", "0", 0, EML_GENERATE_MACHINES_MAX, "number of MRI machines"),
    RANGE("days", CLI_WHOLE, "D", "28", 1, EML_GENERATE_DAYS_MAX, "campaign length in days"),
    OPT("from", CLI_DATE, "DATE", "2010-02-01", "first day"),
    RANGE("seed", CLI_WHOLE, "S", "1", 0, 4294967294.0, "random seed: same seed, same files"),
    REQ("out", CLI_PATH, "DIR", "output folder (created if missing)", NULL),
    OPT("schedule", CLI_FLAG, NULL, NULL,
        "also write schedule.csv, the weekly templates of the sessions"),
    {.name = "threads", .kind = CLI_WHOLE, .value = "N", .lo = 1, .hi = EML_THREADS_MAX,
     .help = "threads writing (default: the online cores); the files do not depend on it"},

    OPT_END};
static const cli_group generate_imaging_group = {NULL, NULL, generate_imaging_options};

static const cli_option appointments_options[] = {
    OPT("equipment", CLI_PATH, "FILE", NULL, "equipment.csv giving the modality of each equipment_id"),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_ENCODING,
    OPT("rejects", CLI_PATH, "FILE", NULL,
        "keep the good rows, write the bad ones there with the reason"),
    OPT_END};
static const cli_group appointments_group = {NULL, NULL, appointments_options};
static const cli_positional appointments_args[] = {
    {"APPOINTMENTS.csv", "the answers of the survey (docs/imaging-inputs.md)", 0},
    {NULL, NULL, 0}};

/* ---- dashboard (docs/dashboard.md): cmd_serve.c, server/ ---- */

static const cli_option serve_options[] = {
    OPT("db", CLI_PATH, "PATH", DB_DEFAULT, "the store, opened read-only per request"),
    RANGE("port", CLI_WHOLE, "N", "8080", 0, 65535, "TCP port (0: any free port, printed)"),
    OPT("listen", CLI_TEXT, "ADDR", "127.0.0.1", "address to listen on (loopback only by default)"),
    OPT("imaging-dir", CLI_PATH, "DIR", NULL,
        "equipment.csv, sessions.csv, exams.csv of an imaging campaign (and sites.csv, "
        "appointments.csv when there), computed once at start"),
    OPT("period", CLI_TEXT, "P", NULL, "default period of the balance (default: the first stored)"),
    OPT("at", CLI_DATE, "DATE", "today", "default date of the balance"),
    {.name = "year", .kind = CLI_WHOLE, .value = "Y", .lo = 1900, .hi = 2200,
     .help = "default radiotherapy year (default: the latest stored)"},
    RT_RULES,
    OPTF("geo", CLI_PATH, "FILE", EML_OUTLINES_SHIPPED_FILE, "département outlines of the balance's map",
         CLI_IN_DATA),
    {.name = "threads", .kind = CLI_WHOLE, .value = "N", .lo = 1, .hi = EML_THREADS_MAX,
     .help = "threads answering requests and computing the imaging panel (default: the online cores); the results do not depend on it"},
    OPTF("allow-host", CLI_TEXT, "NAME", NULL,
         "a name the browser may use to reach the dashboard (the Host header); the listen "
         "address and localhost always may, any other gets 421",
         CLI_REPEATABLE),
    RANGE("request-timeout", CLI_WHOLE, "S", "30", 1, 3600,
          "seconds a client has to send a request and read the answer before its connection "
          "is closed"),
    OPT("tls-cert", CLI_PATH, "FILE", NULL,
        "serve HTTPS with this certificate (PEM; with --tls-key); session cookies get Secure"),
    OPT("tls-key", CLI_PATH, "FILE", NULL, "the private key of --tls-cert (PEM)"),
    OPT_END};
static const cli_group serve_group = {NULL, NULL, serve_options};

/* ---- accounts of the dashboard (docs/security.md): cmd_user.c ---- */

static const cli_option user_add_options[] = {
    REQ("role", CLI_TEXT, "ROLE",
        "lecteur (balances and summaries), etablissement (also its sites' machine sheets and "
        "campaign uploads) or ars (everything)",
        N_("par exemple --role lecteur")),
    OPT("finess", CLI_TEXT, "PREFIXES", NULL,
        "an etablissement's sites: FINESS prefixes separated by commas (e.g. 750,9200123)"),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group user_add_group = {NULL, NULL, user_add_options};
static const cli_option user_change_options[] = {OPT_USER, OPT_DB, OPT_END};
static const cli_group user_change_group = {NULL, NULL, user_change_options};
static const cli_positional user_args[] = {
    {"NAME", "the account's name (letters, digits, '.', '_', '-', '@')", 0}, {NULL, NULL, 0}};

/* ---- the table ---- */

int cmd_help(const cli_args *a) {
  (void)a;
  cli_print_commands(stdout);
  return CLI_EXIT_OK;
}


const cli_command cli_commands[] = {
    {.words = "help",
     .summary = "list the commands, or show the options of one",
     .synopsis = "eml help [COMMAND]",
     .run = cmd_help},

    /* register and balance (registry.md) */
    {.words = "init",
     .summary = "create the store, or bring it to the current schema",
     .about = "Creates the store or brings an existing one to the current schema version.\n",
     .groups = {&db_group},
     .run = cmd_init},
    {.words = "import",
     .summary = "load sites, equipment, targets, territories, notes, authorisations, devices, "
                "conventions or windows from CSV",
     .synopsis = "eml import sites|equipment|targets|territories|notes FILE [OPTIONS]\n"
                 "eml import authorisations|devices|conventions|windows FILE [OPTIONS]",
     .about = "Loads a CSV file into the register (formats: docs/input-files.md).\n"
              "All-or-nothing by default: one bad row and nothing is loaded.\n",
     .groups = {&import_group},
     .args = import_args,
     .run = cmd_import},
    {.words = "import finess",
     .summary = "load sites and devices from the national FINESS extractions",
     .synopsis = "eml import finess [FILE] [--establishments FILE] [--equipment FILE] [OPTIONS]",
     .about = "Loads the sites (etalab cs1100502/cs1100507, ';'-separated) and the heavy\n"
              "equipment (cs1400104, XML, or the flat etalab cs1100504) of the national\n"
              "FINESS extractions into the register, and FILE, the AMM authorisations file\n"
              "of the 2023 regime (amm_arhgos_*.xml[.gz]), as site authorisations with\n"
              "their declared devices.\n"
              "Re-importing a newer extraction updates it: new authorisations are\n"
              "added, those it no longer holds are ended at its date (see 'eml log').\n"
              "All-or-nothing by default: one bad record and nothing is loaded.\n",
     .groups = {&finess_group},
     .args = finess_args,
     .run = cmd_import_finess},
    {.words = "bilan",
     .summary = "balance of equipment against the regional targets (OQOS)",
     .synopsis = "eml bilan --period P [--at DATE] [OPTIONS]",
     .about = "Prints the balance of authorised equipment against the targets (OQOS):\n"
              "one table per modality, as the ARS publishes it.\n",
     .groups = {&bilan_group},
     .run = cmd_bilan},
    {.words = "requests",
     .summary = "judge applications against the targets (recevable or not)",
     .synopsis = "eml requests --period P [--at DATE] [OPTIONS] REQUESTS.csv",
     .about = "Says for each application whether it is receivable against the targets,\n"
              "with every rule checked and its figures. A row with a device modality\n"
              "(CT, MRI...) is judged in devices and sites (seed 000); a row with an\n"
              "activity (IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY) under the 2023\n"
              "regime: creation, renewal, declaration (device_modality) or transfer\n"
              "(to_finess), against the implantations per zone and the filing windows\n"
              "(docs/regime-2023.md).\n",
     .groups = {&requests_group},
     .args = requests_args,
     .run = cmd_requests},
    {.words = "regime convert",
     .summary = "convert the per-device register to the 2023 regime (site authorisations)",
     .synopsis = "eml regime convert --at DATE [--dry-run] [--db PATH] [--user NAME] [--format F]",
     .about = "Turns the devices in force at DATE into authorisations of the 2023 regime, one\n"
              "per site and holder (the site's FINESS EJ) and activity: CT and MRI into\n"
              "IMAGING, GAMMA and PET into NUCLEAR, LINAC and COBALT into RADIOTHERAPY, each\n"
              "device declared under it with its dates; OHB and cyclotrons stay per device.\n"
              "One transaction, audit-logged ('eml log'). Prints every site and what became\n"
              "of its devices, then every site the rules of 2023 flag. A second conversion\n"
              "at the same date is refused; devices already declared are not declared again\n"
              "(docs/regime-2023.md).\n",
     .groups = {&regime_convert_group},
     .run = cmd_regime_convert},
    {.words = "log",
     .summary = "audit log of the changes of the register",
     .about = "Prints the audit log of the register: when, who, what, values after.\n",
     .groups = {&log_group},
     .run = cmd_log},
    {.words = "register end",
     .summary = "end a device, an authorisation or a declared device at a date",
     .synopsis = "eml register end ID --on DATE [--user NAME] [--db PATH]",
     .about = "Ends the device ID of the register on DATE (its authorized_until): it counts\n"
              "in the balance up to the day before. An ID that is no device is looked up\n"
              "among the authorisations of the 2023 regime (until), then their declared\n"
              "devices (removed_on). The end must come after the start. The change and the\n"
              "values before and after go to the audit log ('eml log'); a refusal leaves\n"
              "the store unchanged (docs/register.md, \"Editing the register\").\n",
     .groups = {&register_end_group},
     .args = register_end_args,
     .run = cmd_register_end},
    {.words = "register amend",
     .summary = "change a device's dates, interventional flag or site",
     .synopsis = "eml register amend EQUIPMENT_ID [--authorized-from DATE]\n"
                 "                   [--authorized-until DATE] [--installed-on DATE]\n"
                 "                   [--interventional yes|no] [--site FINESS] [--user NAME]",
     .about = "Changes the fields given of the device EQUIPMENT_ID, checked as 'eml import\n"
              "equipment' checks a row (the end after the start, interventional CT or MRI\n"
              "only, a site of the register); audit-logged with the values before and after.\n",
     .groups = {&register_amend_group},
     .args = register_amend_args,
     .run = cmd_register_amend},
    {.words = "register amend-site",
     .summary = "change a site's name, territory, legal status or legal entity",
     .synopsis = "eml register amend-site FINESS [--name NAME] [--territory T]\n"
                 "                        [--legal-status S] [--finess-ej FINESS] [--user NAME]",
     .about = "Changes the fields given of the site FINESS, checked as 'eml import sites'\n"
              "checks a row; audit-logged with the values before and after.\n",
     .groups = {&register_amend_site_group},
     .args = register_amend_site_args,
     .run = cmd_register_amend_site},
    {.words = "register amend-target",
     .summary = "change the bounds of a target (OQOS)",
     .synopsis = "eml register amend-target PERIOD TERRITORY MODALITY UNIT [--low N] [--high N]\n"
                 "                          [--interventional-low N] [--interventional-high N]\n"
                 "                          [--mention M] [--user NAME]",
     .about = "Changes the bounds given of the target of PERIOD, TERRITORY, MODALITY (or\n"
              "activity) and UNIT, checked as 'eml import targets' checks a row (low <= high,\n"
              "interventional bounds on devices only); audit-logged before and after.\n",
     .groups = {&register_amend_target_group},
     .args = register_amend_target_args,
     .run = cmd_register_amend_target},

    /* imaging benchmark (imaging.md) */
    {.words = "imaging report",
     .summary = "CT/MRI benchmark: national summary, breakdowns by legal status and territory",
     .synopsis = "eml imaging report --equipment FILE (--sessions FILE | --schedule FILE\n"
                 "                   [--holidays skip|keep]) --exams FILE [--sites FILE]\n"
                 "                   [--appointments FILE]\n"
                 "                   [--from DATE --to DATE] [--min-exam-minutes 3] [--er-share 0.5]\n"
                 "                   [--rejects FILE] [--format text|csv|json|md|html|xlsx]\n"
                 "                   [--output FILE]\n"
                 "eml imaging report --campaign NAME [--db PATH] [--sites FILE] [...]",
     .about = "Prints the national summary of the CT/MRI benchmark (spec imaging.md, seed 001):\n"
              "counts and data quality, opening/occupancy/ICR per hour (figures 15, 16), exam\n"
              "durations (11, 12), report delays (7, 8), every indicator's distribution, and\n"
              "with sites the breakdowns by legal status and by département; with the\n"
              "appointment survey, figures 1 and 2 (per clinical case: 'eml imaging\n"
              "appointments').\n",
     .groups = {&imaging_inputs, &imaging_computation, &imaging_report_group},
     .run = cmd_imaging_report},
    {.words = "imaging compute",
     .summary = "CT/MRI benchmark: the national summary and the machines/panel CSV files",
     .synopsis = "eml imaging compute [the inputs and options of eml imaging report]\n"
                 "                    [--machines-csv OUT] [--panel-csv OUT]",
     .about = "The same national summary as 'eml imaging report', plus the files compared\n"
              "with the DuckDB reference (the fast benchmark path).\n",
     .groups = {&imaging_inputs, &imaging_computation, &imaging_csv_group},
     .run = cmd_imaging_compute},
    {.words = "imaging machine",
     .summary = "CT/MRI benchmark: one machine's sheet with its panel position",
     .synopsis = "eml imaging machine EQUIPMENT_ID [the inputs and options of eml imaging report]",
     .about = "Prints one machine's sheet: every indicator with its percentile rank in the\n"
              "panel of its modality and the panel's P20, median and P80, its classes, its\n"
              "data quality counts, and its activity by hour and weekday (share of each local\n"
              "hour occupied by exams, averaged over the window's days; docs/imaging.md).\n",
     .groups = {&imaging_inputs, &imaging_computation, &imaging_report_group},
     .args = imaging_machine_args,
     .run = cmd_imaging_machine},
    {.words = "imaging capacity",
     .summary = "CT/MRI: the capacity held in the existing machines, per machine and zone",
     .synopsis = "eml imaging capacity [the inputs and options of eml imaging report]\n"
                 "                     [--reference p20|median|L,E,G]",
     .about = "Per machine and per zone (the FINESS's departement) and modality: the hours a\n"
              "week that cutting late starts, early ends and gaps between exams to the\n"
              "reference would free, the exams they would hold, and the machines they are\n"
              "worth (spec planning.md section 1, docs/planning.md).\n",
     .groups = {&imaging_inputs, &imaging_computation, &imaging_capacity_group},
     .run = cmd_imaging_capacity},
    {.words = "imaging import",
     .summary = "CT/MRI benchmark: store a campaign, to report from the store later",
     .synopsis = "eml imaging import --campaign NAME --equipment FILE\n"
                 "                   (--sessions FILE | --schedule FILE --from DATE --to DATE\n"
                 "                   [--holidays skip|keep]) --exams FILE [--db PATH]\n"
                 "                   [--rejects FILE]",
     .about = "Stores a campaign in the store, replacing one of the same name; then 'eml\n"
              "imaging report --campaign NAME' and 'eml imaging machine ID --campaign NAME'\n"
              "report from it with the same figures as from the files. A schedule is stored\n"
              "as the dated sessions it expands to. The files are checked as by 'eml imaging\n"
              "report': any bad row stops the import unless --rejects FILE is given. Sites\n"
              "are imported into the register with 'eml import sites FILE'; the appointment\n"
              "survey is not stored (give it to 'eml imaging report --campaign').\n",
     .groups = {&imaging_import_group},
     .run = cmd_imaging_import},
    {.words = "imaging campaigns",
     .summary = "CT/MRI benchmark: the campaigns of the store",
     .about = "Lists the imaging campaigns of the store.\n",
     .groups = {&db_group},
     .run = cmd_imaging_campaigns},
    {.words = "imaging appointments",
     .summary = "appointment delays of the survey, per class and clinical case",
     .synopsis = "eml imaging appointments APPOINTMENTS.csv [--equipment EQUIPMENT.csv] [OPTIONS]",
     .about = "Appointment delays of the survey (seed 001, figures 1 to 6): P20, median and\n"
              "P80 in days per modality and patient class, and per clinical case; urgent\n"
              "requests are left out.\n",
     .groups = {&appointments_group},
     .args = appointments_args,
     .run = cmd_imaging_appointments},

    /* radiotherapy (radiotherapy.md) */
    {.words = "rt import",
     .summary = "store radiotherapy files, patients as pseudonyms only",
     .synopsis = "eml rt import --dir DIR [--db PATH] [--key-file FILE] [--rejects FILE]\n"
                 "              [--profile FILE] [--encoding ENC] [--user NAME]",
     .about = "Reads the five rt_*.csv files of DIR and stores them (store from 'eml init'),\n"
              "replacing the radiotherapy data stored before. Patient identifiers are stored\n"
              "as their pseudonyms only; the key is not stored, and data pseudonymised with\n"
              "another key than the stored data is refused. All or nothing unless --rejects\n"
              "FILE. The key: --key-file FILE or EML_PSEUDONYM_KEY, as for 'eml rt activity'.\n",
     .groups = {&rt_import_group},
     .run = cmd_rt_import},
    {.words = "rt activity",
     .summary = "activity of a year per Annex II (treatments, venues, passages...)",
     .synopsis = "eml rt activity --year Y (--dir DIR | --db PATH) [OPTIONS]",
     .about = "Activity of year Y counted as Annex II of the 2002 circular: treatments,\n"
              "patients, venues, PMSI sessions, machine passages and fields, per centre\n"
              "(with the region's total) and per machine.\n",
     .groups = {&rt_data_group, &rt_thresholds},
     .run = cmd_rt_activity},
    {.words = "rt check",
     .summary = "conformity of each centre to the 2002 circular, staff shortfall",
     .synopsis = "eml rt check --year Y (--dir DIR | --db PATH) [--centre FINESS] [OPTIONS]",
     .about = "Checks 1-14 of the 2002 circular for each centre (or the one of --centre),\n"
              "with the figures behind each verdict, and the staff table (have / need /\n"
              "shortfall). From --year 2023 on, checks 15-16 of the 2023 regime: at least\n"
              "two accelerators on the site (or one with the derogation declared in\n"
              "rt_centres.csv), and the minimum of patients a year, with the rules of\n"
              "--rules FILE, each verdict naming its rule and source. The exit status is 0\n"
              "whatever the verdicts.\n",
     .groups = {&rt_data_group, &rt_check_group, &rt_thresholds},
     .run = cmd_rt_check},
    {.words = "rt report",
     .summary = "regional radiotherapy report, saturated centres first",
     .synopsis = "eml rt report --year Y (--dir DIR | --db PATH) [OPTIONS]",
     .about = "Regional report: centres side by side (saturated first) with totals,\n"
              "the staff shortfall, activity per centre and per machine. From --year 2023\n"
              "on, the non-conforming checks include 15-16 of the 2023 regime (--rules).\n",
     .groups = {&rt_data_group, &rt_rules_group, &rt_thresholds},
     .run = cmd_rt_report},

    /* planning ahead (planning.md) */
    {.words = "plan need",
     .summary = "need projected from population, by ratio, utilisation, ny-mri or linac",
     .synopsis = "eml plan need --population FILE --year Y --method M[,M...] --period P\n"
                 "              [--at DATE] [--per-100k R] [--threshold N] [--tolerance P]\n"
                 "              [--modality M] [--db PATH] [--format F] [--output FILE]",
     .about = "Per zone of the balance: the population now and in year Y, the devices and\n"
              "sites now, the OQOS bounds, the need in devices by each method asked, and\n"
              "proposed bounds (the need minus and plus the tolerance); every parameter and\n"
              "its source under the table (spec planning.md section 2, docs/planning.md).\n",
     .groups = {&plan_need_group},
     .run = cmd_plan_need},
    {.words = "plan scenario",
     .summary = "a scenario of changes applied to a copy of the register, before and after",
     .synopsis = "eml plan scenario SCENARIO --period P [--at DATE] [--requests FILE]\n"
                 "                  [--modality M] [--save NAME] [--db PATH] [--format F]\n"
                 "                  [--campaign NAME [--reference R]] [--rt-year Y]",
     .about = "Applies the changes of SCENARIO (grant REQUEST_ID, add MODALITY FINESS [DATE],\n"
              "close ID [DATE], move ID FINESS, target ZONE MODALITY LOW HIGH [UNIT], one a\n"
              "line) to a copy of the register in memory and prints the balance before and\n"
              "after side by side, the zones and the applications whose verdict changes\n"
              "(spec planning.md section 3, docs/planning.md); with --campaign, the capacity\n"
              "of the campaign's machines per zone before and after; with --rt-year, each\n"
              "radiotherapy centre's treatments per machine and saturation before and after.\n"
              "A bad line is reported FILE:LINE and nothing is applied. The store is not\n"
              "changed; --save records the scenario in its audit log.\n",
     .groups = {&plan_scenario_group},
     .args = plan_scenario_args,
     .run = cmd_plan_scenario},
    {.words = "plan delays",
     .summary = "appointment delays simulated against the programmed capacity",
     .synopsis = "eml plan delays --rate N [--machines C] [--sessions S] [--session-hours H]\n"
                 "                [--exam-minutes D] [--change machine|session|late-start]\n"
                 "                [--seed S] [--days D] [--warmup-days D] [--format F]",
     .about = "Simulates requests arriving each day (Poisson) booked in the first free slot\n"
              "of the machines' programmed sessions; prints P20, median and P80 of the delay\n"
              "in days, as it is and after each change asked (spec planning.md section 4,\n"
              "docs/planning.md). The same seed gives the same output.\n",
     .groups = {&plan_delays_group},
     .run = cmd_plan_delays},

    /* reports as documents (charts.md) */
    {.words = "report bilan",
     .summary = "the balance as a PDF report with charts, or an XLSX workbook",
     .synopsis = "eml report bilan --db PATH --at DATE --period P --format pdf|xlsx --output FILE\n"
                 "                 [--geo OUTLINES.csv] [--charts DIR]",
     .about = "Writes the balance as a PDF report (title page, the tables, per modality the map\n"
              "of the territories coloured by the gap to the upper bound and the same gaps as\n"
              "bars) or an XLSX workbook.\n",
     .groups = {&report_bilan_group},
     .run = cmd_report_bilan},
    {.words = "report imaging",
     .summary = "the CT/MRI benchmark as a PDF report with charts, or XLSX",
     .synopsis = "eml report imaging --equipment F (--sessions F | --schedule F --from D --to D\n"
                 "                   [--holidays skip|keep]) --exams F [--sites F] [--from D --to D]\n"
                 "                   --format pdf|xlsx --output FILE\n"
                 "eml report imaging --campaign NAME [--db PATH] --format pdf|xlsx --output FILE",
     .about = "Writes the national summary of 'eml imaging report' as a PDF report with the\n"
              "bubble charts of seed 001 (occupancy against programmed opening), the panel\n"
              "distribution of each indicator and the exam durations per patient class, and a\n"
              "data-quality annex; or as an XLSX workbook.\n",
     .groups = {&imaging_inputs, &imaging_computation, &report_imaging_group},
     .run = cmd_report_imaging},
    {.words = "report rt",
     .summary = "the radiotherapy report as a PDF with charts, or XLSX",
     .synopsis = "eml report rt --db PATH --year Y --format pdf|xlsx --output FILE [--charts DIR]",
     .about = "Writes the regional radiotherapy report of the data stored by 'eml rt import'\n"
              "as a PDF, with the external treatments per machine of each centre against the\n"
              "400/450/500 lines, or as an XLSX workbook.\n",
     .groups = {&report_rt_group},
     .run = cmd_report_rt},
    {.words = "report machines",
     .summary = "the sheet of each CT/MRI machine, one PDF or XLSX file per site",
     .synopsis = "eml report machines [the inputs of eml imaging report] --output DIR\n"
                 "                    [--finess PREFIX[,PREFIX...]] [--format pdf|xlsx]",
     .about = "Writes the sheet of every CT and MRI machine, one file per site:\n"
              "DIR/fiches_FINESS.pdf (fiches_sans_finess.pdf for machines without one), two\n"
              "pages per machine: indicators with their percentile rank and the panel's P20,\n"
              "median and P80, classes, data-quality counts, and the activity by hour and\n"
              "weekday as a heat map. With --format xlsx, DIR/fiches_FINESS.xlsx: one sheet\n"
              "per machine with the same tables and the heat map as a grid of coloured cells.\n"
              "Prints one line per file with its machines and pages (sheets).\n",
     .groups = {&imaging_inputs, &imaging_computation, &report_machines_group},
     .run = cmd_report_machines},

    /* dashboard (docs/dashboard.md) */
    {.words = "serve",
     .summary = "read-only web dashboard and JSON API (balance, imaging, radiotherapy)",
     .synopsis = "eml serve [--db PATH] [--port 8080] [--listen 127.0.0.1]\n"
                 "          [--imaging-dir DIR] [--period P] [--at DATE] [--year Y]\n"
                 "          [--geo OUTLINES.csv] [--allow-host NAME]... [--request-timeout 30]\n"
                 "          [--tls-cert FILE --tls-key FILE]",
     .about = "Serves the dashboard (read-only HTML pages and a JSON API, docs/api.md):\n"
              "the balance and radiotherapy from the store, the imaging panel of DIR.\n"
              "Once an account exists ('eml user add'), it asks for a login and each role\n"
              "sees its pages (docs/security.md).\n"
              "Stops on SIGINT (Ctrl-C) or SIGTERM.\n",
     .groups = {&serve_group},
     .run = cmd_serve},

    /* accounts of the dashboard (docs/security.md) */
    {.words = "user add",
     .summary = "create an account of the dashboard",
     .synopsis = "eml user add NAME --role lecteur|etablissement|ars [--finess PREFIXES]\n"
                 "             [--user NAME] [--db PATH]",
     .about = "Creates the account NAME of the dashboard (eml serve). The password is read\n"
              "twice from the standard input, one line each, without echo on a terminal;\n"
              "8 characters at least. It is kept as an Argon2id hash. Once any account\n"
              "exists, the dashboard asks for a login (docs/security.md).\n",
     .groups = {&user_add_group},
     .args = user_args,
     .run = cmd_user_add},
    {.words = "user list",
     .summary = "list the accounts of the dashboard",
     .synopsis = "eml user list [--db PATH]",
     .about = "Prints each account: name, role, FINESS prefixes, state, created, updated.\n",
     .groups = {&db_group},
     .run = cmd_user_list},
    {.words = "user disable",
     .summary = "disable an account of the dashboard",
     .synopsis = "eml user disable NAME [--user NAME] [--db PATH]",
     .about = "Disables the account NAME: it can no longer log in, and its open sessions\n"
              "are refused at their next request.\n",
     .groups = {&user_change_group},
     .args = user_args,
     .run = cmd_user_disable},
    {.words = "user passwd",
     .summary = "change the password of an account of the dashboard",
     .synopsis = "eml user passwd NAME [--user NAME] [--db PATH]",
     .about = "Reads the new password of NAME twice from the standard input (as 'eml user\n"
              "add').\n",
     .groups = {&user_change_group},
     .args = user_args,
     .run = cmd_user_passwd},

    /* generators */
    {.words = "generate imaging",
     .summary = "write a synthetic CT/MRI campaign calibrated on the benchmark",
     .synopsis = "eml generate imaging --ct N --mri M --out DIR [OPTIONS]",
     .about = "Writes a synthetic imaging campaign (sites.csv, equipment.csv, sessions.csv,\n"
              "exams.csv, appointments.csv) calibrated on the national benchmark (seed 001).\n",
     .groups = {&generate_imaging_group},
     .run = cmd_generate_imaging},
    {.words = "generate radiotherapy",
     .summary = "write a synthetic year of radiotherapy data",
     .synopsis = "eml generate radiotherapy --centres N --year Y --seed S --out DIR",
     .about = "Writes DIR/rt_*.csv: a consistent synthetic year for N centres: complements\n"
              "(continues), special techniques, bifractionation, multi-machine visits,\n"
              "inpatients, and a mix of conforming, saturated and non-conforming centres.\n"
              "The same seed gives the same files.\n",
     .groups = {&generate_rt_group},
     .run = cmd_generate_radiotherapy},
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

/* The titles of the man pages of the groups of several commands. */
const cli_topic cli_topics[] = {
    {"import", "load the register from CSV files and from the FINESS extractions"},
    {"imaging", "the CT/MRI benchmark from exam logs (seed 001)"},
    {"register", "editing the register by hand: end or amend a device, a site, a target"},
    {"regime", "the authorisation regime of 2023: conversion of the per-device register"},
    {"rt", "radiotherapy activity and conformity (circular of 2002)"},
    {"plan", "planning ahead: need from population, delays against capacity"},
    {"user", "the accounts of the dashboard"},
    {"report", "reports as documents: PDF with charts, or XLSX"},
    {"generate", "synthetic data sets for tests and benchmarks"},
};
const size_t cli_topic_count = sizeof cli_topics / sizeof cli_topics[0];
