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
#define OPTF(n, k, v, d, h, f) \
  {.name = n, .kind = k, .value = v, .fallback = d, .help = h, .flags = f}
/* required; hint: said after "option --X is required" (NULL: nothing) */
#define REQ(n, k, v, h, hint_)                                                               \
  {.name = n, .kind = k, .value = v, .help = h, .flags = CLI_REQUIRED, .hint = hint_}
/* a number (CLI_NUMBER) or whole number (CLI_WHOLE) within [lo, hi] */
#define RANGE(n, k, v, d, lo_, hi_, h)                                                       \
  {.name = n, .kind = k, .value = v, .fallback = d, .help = h, .lo = lo_, .hi = hi_}
/* one of the words of an array ended by NULL */
#define WORDS(n, words, d, h) \
  {.name = n, .kind = CLI_ENUM, .values = words, .fallback = d, .help = h}
#define OPT_END {.name = NULL}

/* ---- options shared by several commands ---- */

#define DB_DEFAULT "eml.db" /* the store when --db is not given: its one copy */
#define OPT_DB \
  OPT("db", CLI_PATH, N_("CHEMIN"), DB_DEFAULT, N_("le stockage, créé par « eml init »"))
#define OPT_FORMAT OPT("format", CLI_FORMAT, "F", "text", N_("text, csv, json, md, html ou xlsx"))
#define OPT_OUTPUT                             \
  OPT("output", CLI_PATH, N_("FICHIER"), NULL, \
      N_("écrire dans FICHIER au lieu de la sortie standard (obligatoire pour xlsx)"))
#define OPT_ENCODING                                                                         \
  OPT("encoding", CLI_ENCODING, N_("CODAGE"), "utf8", N_("codage des fichiers CSV : utf8, cp1252 " \
                                                  "ou latin1"))
#define OPT_USER                                                                             \
  OPT("user", CLI_TEXT, N_("NOM"), NULL,                                                        \
      N_("qui fait la modification, pour le journal ; par défaut la variable USER de " \
         "l'environnement"))
#define OPT_PERIOD                                                                           \
  REQ("period", CLI_TEXT, "P", N_("période de planification des objectifs (par exemple " \
                                  "SROS3-PRS)"),            \
      N_("par exemple --period SROS3-PRS"))

/* ---- register and balance (registry.md): cmd_register.c ---- */

static const cli_option db_options[] = {OPT_DB, OPT_END};
static const cli_group db_group = {NULL, NULL, db_options}; /* init, imaging campaigns */

static const cli_option import_options[] = {
    OPT_DB,
    OPT("rejects", CLI_PATH, N_("FICHIER"), NULL,
        N_("charger les bonnes lignes ; écrire les mauvaises dans FICHIER, telles "
           "quelles, avec la raison dans une dernière colonne")),
    OPT_ENCODING,
    OPT_USER,
    OPT_END};
static const cli_group import_group = {NULL, NULL, import_options};
static const cli_positional import_args[] = {
    {N_("TYPE"),
     N_("sites, equipment, targets, territories ou notes ; pour le régime de 2023 "
        "authorisations, devices, conventions ou windows"),
     0},
    {N_("FICHIER"), N_("le fichier CSV (formats : docs/input-files.md)"), 0},
    {NULL, NULL, 0}};

/* ---- FINESS extractions (finess.md): cmd_finess.c ---- */

static const cli_option finess_options[] = {
    OPT("establishments", CLI_PATH, N_("FICHIER"), NULL,
        N_("les sites : extraction etalab cs1100502 ou cs1100507, séparée par des « ; » "
           "(obligatoire sauf si FICHIER, le fichier AMM, est donné et que ses sites "
           "sont au registre)")),
    OPT("equipment", CLI_PATH, N_("FICHIER"), NULL,
        N_("les équipements lourds : extraction cs1400104 (XML, compressé par gzip ou "
           "non) ou l'extraction plate etalab cs1100504 (« ; » ou tabulation)")),
    OPT("region", CLI_TEXT, "R", NULL,
        N_("garder les sites d'une région (code INSEE, par "
           "exemple 11, ou nom)")),
    OPTF("territory", CLI_TEXT, "T", NULL, N_("garder les sites d'un département"), CLI_REPEATABLE),
    OPTF("codes", CLI_PATH, N_("FICHIER"), "finess/equipment-codes.csv",
         N_("correspondance des codes d'équipement"), CLI_IN_DATA),
    OPTF("amm-codes", CLI_PATH, N_("FICHIER"), "finess/amm-codes.csv",
         N_("liste des codes AMM (activités, mentions, nombres d'appareils) du fichier "
            "AMM"),
         CLI_IN_DATA),
    OPT("encoding", CLI_ENCODING, N_("CODAGE"), NULL,
        N_("codage du fichier des établissements : utf8 ou cp1252 (par défaut : détecté)")),
    OPT("rejects", CLI_PATH, N_("FICHIER"), NULL,
        N_("charger les bons enregistrements ; les mauvais vont dans un fichier par "
           "entrée nommé d'après FICHIER, chacun avec sa raison (docs/input-files.md)")),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group finess_group = {NULL, NULL, finess_options};
static const cli_positional finess_args[] = {
    {N_("FICHIER"), N_("le fichier des autorisations AMM amm_arhgos_*.xml[.gz] (racine "
                "<fluxarhgos>)"), 1},
    {NULL, NULL, 0}};

/* the reference of the capacity held in the machines (planning.md §1):
 * eml imaging capacity, and eml bilan with a campaign */
#define OPT_CAPACITY_REFERENCE                                                               \
  OPT("reference", CLI_TEXT, N_("p20|median|R,A,I"), "p20",                                      \
      N_("la référence des leviers : le P20 ou la médiane du panel de la modalité, ou " \
         "des minutes fixes de retard au démarrage (R), d'arrêt anticipé (A) et " \
         "d'intervalle entre examens (I)"))

static const cli_option bilan_options[] = {
    OPT("at", CLI_DATE, "DATE", "today", N_("date du bilan")),
    OPT_PERIOD,
    OPT("modality", CLI_MODALITY, "M", NULL,
        N_("une seule modalité (CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, COBALT), ou "
           "une activité du régime de 2023 (IMAGING, NUCLEAR, INTERVENTIONAL, "
           "RADIOTHERAPY)")),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT("compare", CLI_PATH, N_("FICHIER"), NULL,
        N_("comparer à un tableau publié (mise en page des seeds) et lister chaque "
           "cellule qui diffère ; code de retour 1 si l'une diffère")),
    OPT("campaign", CLI_TEXT, N_("NOM"), NULL,
        N_("une campagne d'imagerie du stockage (« eml imaging import ») : à côté de la "
           "marge de chaque zone, la capacité que recèlent ses scanners et IRM "
           "(planning.md section 1)")),
    OPT_CAPACITY_REFERENCE,
    OPT_DB,
    OPT_END};
static const cli_group bilan_group = {NULL, NULL, bilan_options};

static const cli_option requests_options[] = {
    OPT("at", CLI_DATE, "DATE", "today", N_("date du registre")),
    OPT_PERIOD,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_ENCODING,
    OPT_DB,
    OPT_END};
static const cli_group requests_group = {NULL, NULL, requests_options};
static const cli_positional requests_args[] = {
    {N_("DEMANDES.csv"), N_("les demandes d'autorisation (docs/input-files.md)"), 0},
    {NULL, NULL, 0}};

static const cli_option regime_convert_options[] = {
    REQ("at", CLI_DATE, "DATE", N_("date de la conversion (la réforme : 2023-06-01)"),
        N_("par exemple --at 2023-06-01")),
    OPT("dry-run", CLI_FLAG, NULL, NULL, N_("afficher le rapport sans rien écrire (le "
                                            "stockage est ouvert en lecture seule)")),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group regime_convert_group = {NULL, NULL, regime_convert_options};

static const cli_option log_options[] = {
    OPT_DB,
    OPT("entity", CLI_TEXT, "E", NULL, N_("sites, equipment, targets, territories ou notes "
                                          "seulement")),
    RANGE("limit", CLI_WHOLE, "N", "100", 0, 1e9, N_("les N dernières entrées, 0 pour toutes")),
    OPT_END};
static const cli_group log_group = {NULL, NULL, log_options};

/* editing the register by hand (eml/edit.h, docs/register.md "Editing") */
static const cli_option register_end_options[] = {
    REQ("on", CLI_DATE, "DATE",
        N_("la date de fin : l'appareil compte jusqu'à la veille (en vigueur tant que "
           "début <= J < fin)"),
        N_("par exemple --on 2024-06-30")),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_end_group = {NULL, NULL, register_end_options};
static const cli_positional register_end_args[] = {
    {"ID",
     N_("l'appareil (equipment_id), sinon l'autorisation (authorisation_id) ou "
        "l'appareil déclaré du régime de 2023"),
     0},
    {NULL, NULL, 0}};

static const char *const yes_no[] = {"yes", "no", NULL};
static const cli_option register_amend_options[] = {
    OPT("authorized-from", CLI_DATE, "DATE", NULL, N_("la date de début de l'autorisation")),
    OPT("authorized-until", CLI_DATE, "DATE", NULL, N_("la date de sa fin (comme « eml register "
                                                       "end »)")),
    OPT("installed-on", CLI_DATE, "DATE", NULL, N_("la date de mise en service de l'appareil")),
    WORDS("interventional", yes_no, NULL,
          N_("yes : dédié à l'imagerie interventionnelle (scanner et IRM seulement) ; "
             "no : non dédié")),
    OPT("site", CLI_TEXT, "FINESS", NULL, N_("le site qui le détient (un site du registre)")),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_amend_group = {NULL, NULL, register_amend_options};
static const cli_positional register_amend_args[] = {
    {"EQUIPMENT_ID", N_("l'appareil, comme dans equipment.csv"), 0}, {NULL, NULL, 0}};

static const cli_option register_amend_site_options[] = {
    OPT("name", CLI_TEXT, N_("NOM"), NULL, N_("le nom de l'établissement")),
    OPT("territory", CLI_TEXT, "T", NULL,
        N_("son territoire : un département ou un territoire de territories.csv")),
    OPT("legal-status", CLI_TEXT, "S", NULL,
        N_("CH, CHU, CHU AP-HP, CHU APHM, EPSIC, GCS, GIE, HIA, LIBERAL, PRIVE ou AUTRE")),
    OPT("finess-ej", CLI_TEXT, "FINESS", NULL, N_("le FINESS de l'entité juridique (\"\" "
                                                  "pour l'enlever)")),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_amend_site_group = {NULL, NULL, register_amend_site_options};
static const cli_positional register_amend_site_args[] = {
    {"FINESS", N_("le site (FINESS géographique)"), 0}, {NULL, NULL, 0}};

static const cli_option register_amend_target_options[] = {
    RANGE("low", CLI_WHOLE, "N", NULL, 0, 1e9, N_("la borne basse")),
    RANGE("high", CLI_WHOLE, "N", NULL, 0, 1e9, N_("la borne haute")),
    RANGE("interventional-low", CLI_WHOLE, "N", NULL, 0, 1e9,
          N_("la borne basse des appareils interventionnels")),
    RANGE("interventional-high", CLI_WHOLE, "N", NULL, 0, 1e9,
          N_("la borne haute des appareils interventionnels")),
    OPT("mention", CLI_TEXT, "M", NULL, N_("la mention d'un objectif du régime de 2023")),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group register_amend_target_group = {NULL, NULL, register_amend_target_options};
static const cli_positional register_amend_target_args[] = {
    {N_("PÉRIODE"), N_("la période de planification (par exemple SROS3-PRS)"), 0},
    {N_("TERRITOIRE"), N_("le territoire (ou la zone du régime de 2023)"), 0},
    {N_("MODALITÉ"), N_("la modalité, ou une activité du régime de 2023"), 0},
    {N_("UNITÉ"), N_("devices (appareils) ou sites (implantations)"), 0},
    {NULL, NULL, 0}};

/* ---- imaging benchmark (imaging.md): cmd_imaging.c, imaging_input.c ---- */

/* the inputs, one macro a row: the commands take different subsets */
#define IMG_EQUIPMENT \
  OPT("equipment", CLI_PATH, N_("FICHIER"), NULL, N_("les équipements (equipment.csv)"))
#define IMG_SESSIONS                                                                         \
  OPT("sessions", CLI_PATH, N_("FICHIER"), NULL, N_("les vacations sous forme d'intervalles " \
                                             "(sessions.csv)"))
#define IMG_SCHEDULE                                                                         \
  OPT("schedule", CLI_PATH, N_("FICHIER"), NULL,                                             \
      N_("ou sous forme de semaine type (schedule.csv), développée sur la fenêtre de la " \
         "campagne : --from et --to sont alors obligatoires"))
#define IMG_HOLIDAYS                                                                         \
  WORDS("holidays", skip_keep, "keep",                                                       \
        N_("avec --schedule : omettre les vacations programmées des jours fériés " \
           "français (ceux d'Alsace-Moselle selon le FINESS de l'équipement), ou les " \
           "garder"))
#define IMG_EXAMS OPT("exams", CLI_PATH, N_("FICHIER"), NULL, N_("les examens (exams.csv)"))
#define IMG_SITES                                                                        \
  OPT("sites", CLI_PATH, N_("FICHIER"), NULL,                                            \
      N_("sites.csv : ajoute les effectifs par statut juridique et les médianes par "   \
         "statut juridique et par département (avec --campaign, les sites du stockage " \
         "sont pris quand il en contient)"))
#define IMG_APPOINTMENTS                             \
  OPT("appointments", CLI_PATH, N_("FICHIER"), NULL, \
      N_("appointments.csv : ajoute les figures 1 et 2 (délais de rendez-vous)"))
#define IMG_FROM                                                                             \
  OPT("from", CLI_DATE, "DATE", NULL,                                                        \
      N_("fenêtre de la campagne [début 00:00, fin 00:00) en heure locale (par défaut : " \
         "les jours entiers couverts par les examens)"))
#define IMG_TO OPT("to", CLI_DATE, "DATE", NULL, N_("la fin de la fenêtre de la campagne, " \
                                                    "avec --from"))
#define IMG_CAMPAIGN                                                                         \
  OPT("campaign", CLI_TEXT, N_("NOM"), NULL, N_("une campagne enregistrée par « eml imaging " \
                                             "import »"))
#define IMG_REJECTS                                                                        \
  OPT("rejects", CLI_PATH, N_("FICHIER"), NULL,                                            \
      N_("garder les bonnes lignes, écrire les mauvaises dans ce fichier avec la raison " \
         "(par défaut : une seule mauvaise ligne arrête tout, code de retour 1)"))
#define IMG_PROFILE                                                                       \
  OPT("profile", CLI_PATH, N_("FICHIER"), NULL,                                           \
      N_("lire des fichiers d'une autre mise en page (un export de RIS) : les colonnes, " \
         "formats de date et d'heure et libellés du profil d'import FICHIER, ou d'un "   \
         "profil livré désigné par son nom (ris-duree, ris-horodatage ; "              \
         "docs/imaging-inputs.md)"))
#define IMG_TIMING OPT("timing", CLI_FLAG, NULL, NULL, N_("afficher la durée de chaque phase sur " \
                                                          "la sortie d'erreur"))
#define IMG_THREADS                                                                          \
  {.name = "threads", .kind = CLI_WHOLE, .value = "N", .lo = 1, .hi = EML_THREADS_MAX,        \
   .help = N_("fils d'exécution de lecture et de calcul (par défaut : les cœurs en ligne) ; " \
              "les résultats n'en dépendent pas")}

static const char *const skip_keep[] = {"skip", "keep", NULL};

static const cli_option imaging_input_options[] = {
    IMG_EQUIPMENT, IMG_SESSIONS, IMG_SCHEDULE, IMG_HOLIDAYS, IMG_EXAMS, IMG_SITES,
    IMG_APPOINTMENTS, IMG_PROFILE, IMG_FROM, IMG_TO, IMG_CAMPAIGN, OPT_DB, OPT_END};
static const cli_group imaging_inputs = {
    N_("Entrées"),
    N_("les fichiers (--equipment, --sessions ou --schedule, --exams), ou une campagne "
       "enregistrée par « eml imaging import » (--campaign NOM, --db CHEMIN)."),
    imaging_input_options};

static const cli_option imaging_compute_options[] = {
    RANGE("min-exam-minutes", CLI_NUMBER, "N", "3", 0, 1440,
          N_("les examens plus courts sont exclus et comptés")),
    RANGE("er-share", CLI_NUMBER, "N", "0.5", 0, 1,
          N_("part de patients des urgences qui rend un équipement dédié aux urgences")),
    IMG_REJECTS,
    IMG_TIMING,
    IMG_THREADS,
    OPT_END};
static const cli_group imaging_computation = {N_("Calcul"), NULL, imaging_compute_options};

static const cli_option imaging_report_options[] = {OPT_FORMAT, OPT_OUTPUT, OPT_END};
static const cli_group imaging_report_group = {NULL, NULL, imaging_report_options};

static const cli_option imaging_csv_options[] = {
    OPT("machines-csv", CLI_PATH, N_("SORTIE"), NULL,
        N_("une ligne par équipement, tous les indicateurs (les colonnes de DuckDB "
           "d'abord)")),
    OPT("panel-csv", CLI_PATH, N_("SORTIE"), NULL,
        N_("une ligne par modalité et indicateur : n, p20, p50, p80")),
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
          N_("text, csv, json, md, html, xlsx, ou pdf (un rapport avec le graphique des "
             "équivalents-équipements des zones ; demande --output)")),
    OPT("output", CLI_PATH, N_("FICHIER"), NULL,
        N_("écrire dans FICHIER au lieu de la sortie standard (obligatoire pour xlsx et "
           "pdf)")),
    OPT("charts", CLI_PATH, N_("DOSSIER"), NULL,
        N_("avec --format pdf, écrire aussi chaque graphique en DOSSIER/NOM.svg et "
           "DOSSIER/NOM.png")),
    OPT_END};
static const cli_group imaging_capacity_group = {NULL, NULL, imaging_capacity_options};

static const cli_positional imaging_machine_args[] = {
    {"EQUIPMENT_ID", N_("l'équipement, comme dans equipment.csv"), 0}, {NULL, NULL, 0}};

static const cli_option imaging_import_options[] = {
    IMG_CAMPAIGN, IMG_EQUIPMENT, IMG_SESSIONS, IMG_SCHEDULE, IMG_HOLIDAYS, IMG_EXAMS,
    IMG_FROM,     IMG_TO,        OPT_DB,       IMG_REJECTS,  IMG_TIMING,   IMG_THREADS, OPT_END};
static const cli_group imaging_import_group = {NULL, NULL, imaging_import_options};

/* rt check, rt report, report rt: the checks of the 2023 regime (regime-2023.md), from
 * --year 2023 on */
#define RT_RULES                                                                            \
  OPTF("rules", CLI_PATH, N_("FICHIER"), EML_REGIME_SHIPPED_FILE,                           \
       N_("règles et seuils du régime de 2023, lus à partir de --year 2023 (contrôles " \
          "15-16)"),                                                                        \
       CLI_IN_DATA)

/* ---- reports as documents (charts.md): cmd_report.c ---- */

static const char *const pdf_xlsx[] = {"pdf", "xlsx", NULL};
#define DOC_FORMAT                                                                           \
  {.name = "format", .kind = CLI_ENUM, .values = pdf_xlsx, .flags = CLI_REQUIRED,            \
   .hint = N_("pdf ou xlsx"),                                                                    \
   .help = N_("un PDF (page de titre, tableaux, graphiques, notes, annexe de qualité des " \
              "données) ou un classeur XLSX (une feuille par tableau, les nombres en " \
              "nombres)")}
#define DOC_OUTPUT REQ("output", CLI_PATH, N_("FICHIER"), N_("le fichier écrit"), NULL)
#define DOC_CHARTS                                            \
  OPT("charts", CLI_PATH, N_("DOSSIER"), NULL,                \
      N_("écrire aussi chaque graphique en DOSSIER/NOM.svg " \
         "et DOSSIER/NOM.png"))
#define DOC_DB REQ("db", CLI_PATH, N_("CHEMIN"), N_("le stockage, créé par « eml init »"), NULL)

static const cli_option report_bilan_options[] = {
    DOC_DB,
    REQ("at", CLI_DATE, "DATE", N_("date du bilan"), NULL),
    OPT_PERIOD,
    DOC_FORMAT,
    DOC_OUTPUT,
    DOC_CHARTS,
    OPTF("geo", CLI_PATH, N_("FICHIER"), EML_OUTLINES_SHIPPED_FILE,
         N_("contours des départements pour les "
            "cartes"),
         CLI_IN_DATA),
    OPT_END};
static const cli_group report_bilan_group = {NULL, NULL, report_bilan_options};

static const cli_option report_rt_options[] = {
    DOC_DB,
    {.name = "year", .kind = CLI_WHOLE, .value = N_("A"), .lo = 1900, .hi = 2200,
     .flags = CLI_REQUIRED, .help = N_("année d'activité")},
    DOC_FORMAT,
    DOC_OUTPUT,
    DOC_CHARTS,
    RT_RULES,
    OPT_END};
static const cli_group report_rt_group = {NULL, NULL, report_rt_options};

static const cli_option report_imaging_options[] = {DOC_FORMAT, DOC_OUTPUT, DOC_CHARTS, OPT_END};
static const cli_group report_imaging_group = {NULL, NULL, report_imaging_options};

static const cli_option report_machines_options[] = {
    REQ("output", CLI_PATH, N_("DOSSIER"), N_("le dossier des fichiers, un par site"), NULL),
    OPT("finess", CLI_TEXT, N_("PRÉFIXE[,PRÉFIXE...]"), NULL,
        N_("seulement les sites dont le FINESS commence par l'un de ceux-ci : un FINESS "
           "entier, ou un département (--finess 75,77,78,91,92,93,94,95)")),
    WORDS("format", pdf_xlsx, "pdf",
          N_("pdf : deux pages A4 par équipement ; xlsx : un classeur par site, une "
             "feuille par équipement")),
    OPT_END};
static const cli_group report_machines_group = {NULL, NULL, report_machines_options};

/* ---- radiotherapy (radiotherapy.md): cmd_rt.c ---- */

#define RT_YEAR                                                                              \
  {.name = "year", .kind = CLI_WHOLE, .value = N_("A"), .lo = 1900, .hi = 2200,                   \
   .flags = CLI_REQUIRED, .help = N_("année d'activité (traitements clos du 2 janvier au 31 " \
                                     "décembre)")}
#define RT_DIR                                                               \
  OPT("dir", CLI_PATH, N_("DOSSIER"), NULL,                                  \
      N_("dossier contenant rt_centres.csv, rt_machines.csv, rt_staff.csv, " \
         "rt_courses.csv, rt_sessions.csv"))
#define RT_KEY_FILE                                                                   \
  OPT("key-file", CLI_PATH, N_("FICHIER"), NULL,                                      \
      N_("clé de pseudonymisation : 64 chiffres hexadécimaux (ou 32 octets) ; par " \
         "défaut la variable d'environnement EML_PSEUDONYM_KEY"))
#define RT_REJECTS                                          \
  OPT("rejects", CLI_PATH, N_("FICHIER"), NULL,             \
      N_("garder les bonnes lignes, écrire les mauvaises " \
         "dans FICHIER"))
#define RT_PROFILE                                                                           \
  OPT("profile", CLI_PATH, N_("FICHIER"), NULL,                                              \
      N_("lire les fichiers de --dir d'une autre mise en page (un export de système "        \
         "d'information de radiothérapie) : les colonnes, formats de date et d'heure et "    \
         "libellés du profil d'import FICHIER, ou d'un profil livré désigné par son nom "    \
         "(rt-export ; docs/radiotherapy.md)"))

static const cli_option rt_data_options[] = {
    RT_YEAR,
    RT_DIR,
    OPT("db", CLI_PATH, N_("CHEMIN"), NULL, N_("au lieu de --dir : les données enregistrées par « "
                                         "eml rt import »")),
    RT_KEY_FILE,
    OPT_ENCODING,
    RT_REJECTS,
    RT_PROFILE,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_END};
static const cli_group rt_data_group = {NULL, NULL, rt_data_options};

static const cli_option rt_threshold_options[] = {
    RANGE("visit-gap", CLI_NUMBER, "H", "3", 0, 24, N_("heures entre passages qui ouvrent une "
                                                       "nouvelle venue")),
    RANGE("saturation-warn", CLI_NUMBER, "N", "450", 0, 100000,
          N_("traitements par appareil : saturé au-delà (bas de la fourchette 450-500 "
             "de la circulaire)")),
    RANGE("saturation", CLI_NUMBER, "N", "500", 0, 100000,
          N_("traitements par appareil : haut de la fourchette (au-delà au-dessus)")),
    RANGE("imaging-hours", CLI_NUMBER, "H", "3.5", 0, 168,
          N_("heures d'imagerie par semaine nécessaires par appareil")),
    RANGE("teaching-patients", CLI_NUMBER, "N", "900", 0, 1e7,
          N_("malades par an d'un centre universitaire")),
    RANGE("special-share", CLI_NUMBER, "P", "10", 0, 100,
          NF_("% d'entre eux traités par techniques spéciales")),
    {.name = "threads", .kind = CLI_WHOLE, .value = "N", .lo = 1, .hi = EML_THREADS_MAX,
     .help = N_("fils d'exécution comptant les passages, répartis par centre (par défaut : "
                "les cœurs en ligne) ; les résultats n'en dépendent pas")},
    OPT_END};
static const cli_group rt_thresholds = {N_("Seuils de la circulaire"), NULL, rt_threshold_options};

static const cli_option rt_rules_options[] = {RT_RULES, OPT_END};
static const cli_group rt_rules_group = {NULL, NULL, rt_rules_options};

static const cli_option rt_check_options[] = {
    OPT("centre", CLI_TEXT, "FINESS", NULL, N_("seulement ce centre (son FINESS dans "
                                               "rt_centres.csv)")),
    RT_RULES,
    OPT_END};
static const cli_group rt_check_group = {NULL, NULL, rt_check_options};

static const cli_option rt_import_options[] = {
    REQ("dir", CLI_PATH, N_("DOSSIER"),
        N_("dossier contenant rt_centres.csv, rt_machines.csv, rt_staff.csv, "
           "rt_courses.csv, rt_sessions.csv"),
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
    RANGE("centres", CLI_WHOLE, "N", "5", 1, 200, N_("nombre de centres")),
    {.name = "year", .kind = CLI_WHOLE, .value = N_("A"), .lo = 1990, .hi = 2200,
     .flags = CLI_REQUIRED, .help = N_("année des données")},
    RANGE("seed", CLI_WHOLE, "S", "1", 0, 4294967294.0, N_("graine aléatoire : même graine, mêmes "
                                                           "fichiers")),
    REQ("out", CLI_PATH, N_("DOSSIER"), N_("dossier de sortie (créé s'il manque)"), NULL),
    OPT_END};
static const cli_group generate_rt_group = {NULL, NULL, generate_rt_options};

/* ---- planning ahead (planning.md): cmd_plan.c ---- */

static const cli_option plan_need_options[] = {
    REQ("population", CLI_PATH, N_("FICHIER"),
        N_("population.csv : zone, year, population "
           "(data/population/departements-2021.csv tel quel), et en option exams, "
           "ct_scans, treatments, cancer_cases"),
        NULL),
    {.name = "year", .kind = CLI_WHOLE, .value = N_("A"), .lo = 1900, .hi = 2200,
     .flags = CLI_REQUIRED, .help = N_("l'année de la projection (ses lignes dans FICHIER)")},
    {.name = "method", .kind = CLI_TEXT, .value = "M[,M...]",
     .flags = CLI_REQUIRED | CLI_REPEATABLE, .hint = N_("ratio, utilisation, ny-mri ou linac"),
     .help = N_("ratio, utilisation, ny-mri ou linac (répéter l'option ou séparer par des "
                "virgules : une colonne chacune)")},
    RANGE("per-100k", CLI_NUMBER, "R", NULL, 0, 1000,
          N_("ratio : appareils pour 100 000 habitants (par défaut : le ratio actuel de "
             "la région)")),
    RANGE("threshold", CLI_NUMBER, "N", "3494", 1, 1e7,
          N_("utilisation : examens annuels par appareil (Caroline du Nord 10A NCAC 14C "
             ".2703)")),
    OPT("tolerance", CLI_TEXT, "P", "10%", N_("les bornes proposées : le besoin moins et "
                                              "plus P %")),
    OPT("at", CLI_DATE, "DATE", "today", N_("date du bilan (appareils, implantations, OQOS "
                                            "actuels)")),
    OPT_PERIOD,
    OPT("modality", CLI_MODALITY, "M", NULL,
        N_("une seule modalité (par défaut : chaque modalité ayant des objectifs dans "
           "la période)")),
    OPT_ENCODING,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_DB,
    OPT_END};
static const cli_group plan_need_group = {NULL, NULL, plan_need_options};

static const cli_option plan_scenario_options[] = {
    OPT("at", CLI_DATE, "DATE", "today", N_("date du bilan avant et après")),
    OPT_PERIOD,
    OPT("requests", CLI_PATH, N_("FICHIER"),
        NULL, N_("les demandes (requests.csv) que nomme `grant`, jugées avant et après")),
    OPT("modality", CLI_MODALITY, "M", NULL,
        N_("une seule modalité (par défaut : chaque modalité ayant des objectifs dans "
           "la période)")),
    OPT("save", CLI_TEXT, N_("NOM"), NULL,
        N_("inscrire le scénario au journal du stockage sous NOM (le registre n'est pas "
           "modifié)")),
    OPT("campaign", CLI_TEXT, N_("NOM"), NULL,
        N_("une campagne d'imagerie du stockage : la capacité de ses équipements par "
           "zone avant et après (planning.md section 1)")),
    OPT_CAPACITY_REFERENCE,
    {.name = "rt-year", .kind = CLI_WHOLE, .value = N_("A"), .lo = 1900, .hi = 2200,
     .help = N_("les données de radiothérapie du stockage (« eml rt import ») : les "
                "traitements par appareil et la saturation de chaque centre pour l'année A, "
                "avant et après")},
    OPT_USER,
    OPT_ENCODING,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_DB,
    OPT_END};
static const cli_group plan_scenario_group = {NULL, NULL, plan_scenario_options};
static const cli_positional plan_scenario_args[] = {
    {N_("SCÉNARIO"), N_("les modifications, une par ligne (docs/planning.md)"), 0},
    {NULL, NULL, 0}};

static const cli_option plan_delays_options[] = {
    {.name = "rate",
     .kind = CLI_NUMBER,
     .value = "N",
     .lo = 0.001,
     .hi = 100000,
     .flags = CLI_REQUIRED,
     .help = N_("demandes par jour (loi de Poisson), hors urgences")},
    RANGE("machines", CLI_WHOLE, "C", "1", 1, 64,
          N_("équipements mis en commun (ceux d'une "
             "zone)")),
    RANGE("sessions", CLI_WHOLE, "S", "10", 1, 12,
          N_("vacations programmées par semaine et par équipement (du lundi au samedi, "
             "08:00 puis 14:00)")),
    RANGE("session-hours", CLI_NUMBER, "H", "4", 0.25, 6, N_("heures d'une vacation")),
    RANGE("exam-minutes", CLI_NUMBER, "D", "20", 1, 1e6,
          N_("la durée moyenne d'un examen, un créneau")),
    OPTF("change", CLI_TEXT, N_("QUOI"), NULL,
         N_("simuler aussi une modification : machine (un équipement de plus), session "
            "(une vacation de plus par semaine et par équipement), late-start (retards "
            "au démarrage réduits de --late-cut-minutes)"),
         CLI_REPEATABLE),
    RANGE("late-cut-minutes", CLI_NUMBER, "MIN", "15", 0, 120,
          N_("late-start : minutes gagnées par vacation (retard au démarrage moins la "
             "référence)")),
    OPT("open-always", CLI_FLAG, NULL, NULL,
        N_("vérification par la théorie des files d'attente : ouvert à toute heure, "
           "durées exponentielles (la file M/M/c)")),
    RANGE("warmup-days", CLI_WHOLE, "D", "365", 0, 100000, N_("jours simulés et non comptés")),
    RANGE("days", CLI_WHOLE, "D", "3650", 1, 1000000, N_("jours comptés après la mise en route")),
    RANGE("seed", CLI_WHOLE, "S", "1", 0, 4294967294.0,
          N_("graine aléatoire : même graine, même "
             "sortie")),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_END};
static const cli_group plan_delays_group = {NULL, NULL, plan_delays_options};

/* ---- generators and the appointment survey: cmd_generate.c ---- */

static const cli_option generate_imaging_options[] = {
    RANGE("ct", CLI_WHOLE, "N", "0", 0, EML_GENERATE_MACHINES_MAX, N_("nombre de scanners")),
    RANGE("mri", CLI_WHOLE, "M", "0", 0, EML_GENERATE_MACHINES_MAX, N_("nombre d'IRM")),
    RANGE("days", CLI_WHOLE, "D", "28", 1, EML_GENERATE_DAYS_MAX,
          N_("durée de la campagne en jours")),
    OPT("from", CLI_DATE, "DATE", "2010-02-01", N_("premier jour")),
    RANGE("seed", CLI_WHOLE, "S", "1", 0, 4294967294.0,
          N_("graine aléatoire : même graine, mêmes "
             "fichiers")),
    REQ("out", CLI_PATH, N_("DOSSIER"), N_("dossier de sortie (créé s'il manque)"), NULL),
    OPT("schedule", CLI_FLAG, NULL, NULL,
        N_("écrire aussi schedule.csv, les semaines types des vacations")),
    {.name = "threads",
     .kind = CLI_WHOLE,
     .value = "N",
     .lo = 1,
     .hi = EML_THREADS_MAX,
     .help = N_("fils d'exécution d'écriture (par défaut : les cœurs en ligne) ; les "
                "fichiers n'en dépendent pas")},

    OPT_END};
static const cli_group generate_imaging_group = {NULL, NULL, generate_imaging_options};

static const cli_option appointments_options[] = {
    OPT("equipment", CLI_PATH, N_("FICHIER"), NULL, N_("equipment.csv, qui donne la modalité de "
                                                "chaque equipment_id")),
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_ENCODING,
    OPT("rejects", CLI_PATH, N_("FICHIER"), NULL,
        N_("garder les bonnes lignes, écrire les mauvaises dans ce fichier avec la "
           "raison")),
    OPT_END};
static const cli_group appointments_group = {NULL, NULL, appointments_options};
static const cli_positional appointments_args[] = {
    {N_("RENDEZ-VOUS.csv"), N_("les réponses à l'enquête (docs/imaging-inputs.md)"), 0},
    {NULL, NULL, 0}};

/* ---- dashboard (docs/dashboard.md): cmd_serve.c, server/ ---- */

static const cli_option serve_options[] = {
    OPT("db", CLI_PATH, N_("CHEMIN"), DB_DEFAULT,
        N_("le stockage, ouvert en lecture seule à "
           "chaque requête")),
    RANGE("port", CLI_WHOLE, "N", "8080", 0, 65535,
          N_("port TCP (0 : n'importe quel port "
             "libre, affiché)")),
    OPT("listen", CLI_TEXT, N_("ADRESSE"), "127.0.0.1",
        N_("adresse d'écoute (boucle locale "
           "seulement par défaut)")),
    OPT("imaging-dir", CLI_PATH, N_("DOSSIER"), NULL,
        N_("equipment.csv, sessions.csv, exams.csv d'une campagne d'imagerie (et "
           "sites.csv, appointments.csv s'ils y sont), calculés une fois au démarrage")),
    OPT("period", CLI_TEXT, "P", NULL,
        N_("période par défaut du bilan (par défaut : la "
           "première enregistrée)")),
    OPT("at", CLI_DATE, "DATE", "today", N_("date par défaut du bilan")),
    {.name = "year",
     .kind = CLI_WHOLE,
     .value = N_("A"),
     .lo = 1900,
     .hi = 2200,
     .help = N_("année de radiothérapie par défaut (par défaut : la dernière enregistrée)")},
    RT_RULES,
    OPTF("geo", CLI_PATH, N_("FICHIER"), EML_OUTLINES_SHIPPED_FILE,
         N_("contours des départements pour la carte "
            "du bilan"),
         CLI_IN_DATA),
    {.name = "threads",
     .kind = CLI_WHOLE,
     .value = "N",
     .lo = 1,
     .hi = EML_THREADS_MAX,
     .help = N_("fils d'exécution répondant aux requêtes et calculant le panel d'imagerie "
                "(par défaut : les cœurs en ligne) ; les résultats n'en dépendent pas")},
    OPTF("allow-host", CLI_TEXT, N_("NOM"), NULL,
         N_("un nom que le navigateur peut employer pour joindre le tableau de bord "
            "(l'en-tête Host) ; l'adresse d'écoute et localhost le peuvent toujours, "
            "tout autre reçoit 421"),
         CLI_REPEATABLE),
    RANGE("request-timeout", CLI_WHOLE, "S", "30", 1, 3600,
          N_("secondes dont dispose un client pour envoyer une requête et lire la "
             "réponse avant que sa connexion soit fermée")),
    OPT("tls-cert", CLI_PATH, N_("FICHIER"), NULL,
        N_("servir en HTTPS avec ce certificat (PEM ; avec --tls-key) ; les cookies de "
           "session reçoivent Secure")),
    OPT("tls-key", CLI_PATH, N_("FICHIER"), NULL, N_("la clé privée de --tls-cert (PEM)")),
    OPT_END};
static const cli_group serve_group = {NULL, NULL, serve_options};

/* ---- accounts of the dashboard (docs/security.md): cmd_user.c ---- */

static const cli_option user_add_options[] = {
    REQ("role", CLI_TEXT, N_("RÔLE"),
        N_("lecteur (bilans et synthèses), etablissement (aussi les fiches d'équipement "
           "et les dépôts de campagne de ses sites) ou ars (tout)"),
        N_("par exemple --role lecteur")),
    OPT("finess", CLI_TEXT, N_("PRÉFIXES"), NULL,
        N_("les sites d'un etablissement : préfixes FINESS séparés par des virgules "
           "(par exemple 750,9200123)")),
    OPT_USER,
    OPT_DB,
    OPT_END};
static const cli_group user_add_group = {NULL, NULL, user_add_options};
static const cli_option user_change_options[] = {OPT_USER, OPT_DB, OPT_END};
static const cli_group user_change_group = {NULL, NULL, user_change_options};
static const cli_positional user_args[] = {
    {N_("NOM"), N_("le nom du compte (lettres, chiffres, « . », « _ », « - », « @ »)"), 0},
    {NULL, NULL, 0}};

/* ---- the table ---- */

int cmd_help(const cli_args *a) {
  (void)a;
  cli_print_commands(stdout);
  return CLI_EXIT_OK;
}

const cli_command cli_commands[] = {
    {.words = "help",
     .summary = N_("lister les commandes, ou montrer les options de l'une"),
     .synopsis = N_("eml help [COMMANDE]"),
     .run = cmd_help},

    /* register and balance (registry.md) */
    {.words = "init",
     .summary = N_("créer le stockage, ou le mettre au schéma actuel"),
     .about = N_("Crée le stockage ou met un stockage existant à la version actuelle du "
                 "schéma.\n"),
     .groups = {&db_group},
     .run = cmd_init},
    {.words = "import",
     .summary = N_("charger sites, appareils, objectifs, territoires, notes, autorisations, "
                   "appareils déclarés, conventions ou fenêtres depuis un CSV"),
     .synopsis = N_("eml import sites|equipment|targets|territories|notes FICHIER [OPTIONS]\n"
                    "eml import authorisations|devices|conventions|windows FICHIER [OPTIONS]"),
     .about = N_("Charge un fichier CSV dans le registre (formats : docs/input-files.md). Tout\n"
                 "ou rien par défaut : une seule mauvaise ligne et rien n'est chargé.\n"),
     .groups = {&import_group},
     .args = import_args,
     .run = cmd_import},
    {.words = "import finess",
     .summary = N_("charger sites et appareils depuis les extractions nationales FINESS"),
     .synopsis = N_("eml import finess [FICHIER] [--establishments FICHIER] [--equipment "
                    "FICHIER] [OPTIONS]"),
     .about =
         N_("Charge dans le registre les sites (etalab cs1100502/cs1100507, séparés par des\n"
            "« ; ») et les équipements lourds (cs1400104, XML, ou l'extraction plate etalab\n"
            "cs1100504) des extractions nationales FINESS, et FICHIER, le fichier des\n"
            "autorisations AMM du régime de 2023 (amm_arhgos_*.xml[.gz]), en autorisations\n"
            "de site avec leurs appareils déclarés.\n"
            "Réimporter une extraction plus récente met le registre à jour : les nouvelles\n"
            "autorisations sont ajoutées, celles qu'elle ne contient plus prennent fin à sa\n"
            "date (voir « eml log »).\n"
            "Tout ou rien par défaut : un seul mauvais enregistrement et rien n'est chargé.\n"),
     .groups = {&finess_group},
     .args = finess_args,
     .run = cmd_import_finess},
    {.words = "bilan",
     .summary = N_("bilan des appareils face aux objectifs régionaux (OQOS)"),
     .synopsis = N_("eml bilan --period P [--at DATE] [OPTIONS]"),
     .about = N_("Affiche le bilan des appareils autorisés face aux objectifs (OQOS) : un\n"
                 "tableau par modalité, comme l'ARS le publie.\n"),
     .groups = {&bilan_group},
     .run = cmd_bilan},
    {.words = "requests",
     .summary = N_("juger les demandes face aux objectifs (recevables ou non)"),
     .synopsis = N_("eml requests --period P [--at DATE] [OPTIONS] DEMANDES.csv"),
     .about = N_("Dit pour chaque demande si elle est recevable face aux objectifs, avec chaque\n"
                 "règle vérifiée et ses chiffres. Une ligne avec une modalité d'appareil (CT,\n"
                 "MRI...) est jugée en appareils et en implantations (seed 000) ; une ligne avec\n"
                 "une activité (IMAGING, NUCLEAR, INTERVENTIONAL, RADIOTHERAPY) selon le régime\n"
                 "de 2023 : création, renouvellement, déclaration (device_modality) ou transfert\n"
                 "(to_finess), face aux implantations par zone et aux fenêtres de dépôt\n"
                 "(docs/regime-2023.md).\n"),
     .groups = {&requests_group},
     .args = requests_args,
     .run = cmd_requests},
    {.words = "regime convert",
     .summary = N_("convertir le registre par appareil au régime de 2023 (autorisations de "
                   "site)"),
     .synopsis = N_("eml regime convert --at DATE [--dry-run] [--db CHEMIN] [--user NOM] "
                    "[--format F]"),
     .about = N_("Change les appareils en vigueur à DATE en autorisations du régime de 2023, une\n"
                 "par site, titulaire (le FINESS EJ du site) et activité : CT et MRI en IMAGING,\n"
                 "GAMMA et PET en NUCLEAR, LINAC et COBALT en RADIOTHERAPY, chaque appareil\n"
                 "déclaré sous l'autorisation avec ses dates ; OHB et cyclotrons restent par\n"
                 "appareil. Une seule transaction, inscrite au journal (« eml log »). Affiche\n"
                 "chaque site et ce que sont devenus ses appareils, puis chaque site que\n"
                 "signalent les règles de 2023. Une seconde conversion à la même date est\n"
                 "refusée ; les appareils déjà déclarés ne sont pas déclarés à nouveau\n"
                 "(docs/regime-2023.md).\n"),
     .groups = {&regime_convert_group},
     .run = cmd_regime_convert},
    {.words = "log",
     .summary = N_("journal des modifications du registre"),
     .about = N_("Affiche le journal des modifications du registre : quand, qui, quoi, valeurs\n"
                 "après.\n"),
     .groups = {&log_group},
     .run = cmd_log},
    {.words = "register end",
     .summary = N_("mettre fin à un appareil, une autorisation ou un appareil déclaré à une "
                   "date"),
     .synopsis = N_("eml register end ID --on DATE [--user NOM] [--db CHEMIN]"),
     .about = N_("Met fin à l'appareil ID du registre le DATE (son authorized_until) : il compte\n"
                 "dans le bilan jusqu'à la veille. Un ID qui n'est pas un appareil est cherché\n"
                 "parmi les autorisations du régime de 2023 (until), puis leurs appareils\n"
                 "déclarés (removed_on). La fin doit venir après le début. La modification et\n"
                 "les valeurs avant et après vont au journal (« eml log ») ; un refus laisse le\n"
                 "stockage inchangé (docs/register.md, « Editing the register »).\n"),
     .groups = {&register_end_group},
     .args = register_end_args,
     .run = cmd_register_end},
    {.words = "register amend",
     .summary = N_("modifier les dates, le caractère interventionnel ou le site d'un "
                   "appareil"),
     .synopsis = N_("eml register amend EQUIPMENT_ID [--authorized-from DATE]\n"
                    "                   [--authorized-until DATE] [--installed-on DATE]\n"
                    "                   [--interventional yes|no] [--site FINESS] [--user NOM]"),
     .about = N_("Modifie les champs donnés de l'appareil EQUIPMENT_ID, vérifiés comme « eml\n"
                 "import equipment » vérifie une ligne (la fin après le début, interventionnel\n"
                 "pour scanner ou IRM seulement, un site du registre) ; inscrit au journal avec\n"
                 "les valeurs avant et après.\n"),
     .groups = {&register_amend_group},
     .args = register_amend_args,
     .run = cmd_register_amend},
    {.words = "register amend-site",
     .summary = N_("modifier le nom, le territoire, le statut juridique ou l'entité "
                   "juridique d'un site"),
     .synopsis = N_("eml register amend-site FINESS [--name NOM] [--territory T]\n"
                    "                        [--legal-status S] [--finess-ej FINESS] [--user NOM]"),
     .about = N_("Modifie les champs donnés du site FINESS, vérifiés comme « eml import sites »\n"
                 "vérifie une ligne ; inscrit au journal avec les valeurs avant et après.\n"),
     .groups = {&register_amend_site_group},
     .args = register_amend_site_args,
     .run = cmd_register_amend_site},
    {.words = "register amend-target",
     .summary = N_("modifier les bornes d'un objectif (OQOS)"),
     .synopsis =
         N_("eml register amend-target PÉRIODE TERRITOIRE MODALITÉ UNITÉ [--low N] [--high N]\n"
            "                          [--interventional-low N] [--interventional-high N]\n"
            "                          [--mention M] [--user NOM]"),
     .about = N_("Modifie les bornes données de l'objectif de PÉRIODE, TERRITOIRE, MODALITÉ (ou\n"
                 "activité) et UNITÉ, vérifiées comme « eml import targets » vérifie une ligne\n"
                 "(basse <= haute, bornes interventionnelles en appareils seulement) ; inscrit\n"
                 "au journal avant et après.\n"),
     .groups = {&register_amend_target_group},
     .args = register_amend_target_args,
     .run = cmd_register_amend_target},

    /* imaging benchmark (imaging.md) */
    {.words = "imaging report",
     .summary = N_("parangonnage scanner/IRM : synthèse nationale, ventilations par statut "
                   "juridique et territoire"),
     .synopsis =
         N_("eml imaging report --equipment FICHIER (--sessions FICHIER | --schedule FICHIER\n"
            "                   [--holidays skip|keep]) --exams FICHIER [--sites FICHIER]\n"
            "                   [--appointments FICHIER]\n"
            "                   [--from DATE --to DATE] [--min-exam-minutes 3] [--er-share 0.5]\n"
            "                   [--rejects FICHIER] [--format text|csv|json|md|html|xlsx]\n"
            "                   [--output FICHIER]\n"
            "eml imaging report --campaign NOM [--db CHEMIN] [--sites FICHIER] [...]"),
     .about = N_("Affiche la synthèse nationale du parangonnage scanner/IRM (spec imaging.md,\n"
                 "seed 001) : effectifs et qualité des données, ouverture/occupation/ICR par\n"
                 "heure (figures 15, 16), durées d'examen (11, 12), délais de compte rendu (7,\n"
                 "8), la distribution de chaque indicateur et, avec les sites, les ventilations\n"
                 "par statut juridique et par département ; avec l'enquête de rendez-vous, les\n"
                 "figures 1 et 2 (par cas clinique : « eml imaging appointments »).\n"),
     .groups = {&imaging_inputs, &imaging_computation, &imaging_report_group},
     .run = cmd_imaging_report},
    {.words = "imaging compute",
     .summary = N_("parangonnage scanner/IRM : la synthèse nationale et les fichiers CSV "
                   "des équipements et du panel"),
     .synopsis = N_("eml imaging compute [les entrées et options de eml imaging report]\n"
                    "                    [--machines-csv SORTIE] [--panel-csv SORTIE]"),
     .about = N_("La même synthèse nationale que « eml imaging report », plus les fichiers\n"
                 "comparés à la référence DuckDB (le chemin rapide du parangonnage).\n"),
     .groups = {&imaging_inputs, &imaging_computation, &imaging_csv_group},
     .run = cmd_imaging_compute},
    {.words = "imaging machine",
     .summary = N_("parangonnage scanner/IRM : la fiche d'un équipement avec sa position "
                   "dans le panel"),
     .synopsis = N_("eml imaging machine EQUIPMENT_ID [les entrées et options de eml "
                    "imaging report]"),
     .about = N_("Affiche la fiche d'un équipement : chaque indicateur avec son rang centile\n"
                 "dans le panel de sa modalité et les P20, médiane et P80 du panel, ses classes,\n"
                 "ses effectifs de qualité des données, et son activité par heure et jour de la\n"
                 "semaine (part de chaque heure locale occupée par des examens, en moyenne sur\n"
                 "les jours de la fenêtre ; docs/imaging.md).\n"),
     .groups = {&imaging_inputs, &imaging_computation, &imaging_report_group},
     .args = imaging_machine_args,
     .run = cmd_imaging_machine},
    {.words = "imaging capacity",
     .summary = N_("scanner/IRM : la capacité que recèlent les équipements existants, par "
                   "équipement et par zone"),
     .synopsis = N_("eml imaging capacity [les entrées et options de eml imaging report]\n"
                    "                     [--reference p20|median|R,A,I]"),
     .about = N_("Par équipement et par zone (le département du FINESS) et modalité : les heures\n"
                 "par semaine que libérerait la réduction à la référence des retards au\n"
                 "démarrage, des arrêts anticipés et des intervalles entre examens, les examens\n"
                 "qu'elles accueilleraient, et les équipements qu'elles valent (spec planning.md\n"
                 "section 1, docs/planning.md).\n"),
     .groups = {&imaging_inputs, &imaging_computation, &imaging_capacity_group},
     .run = cmd_imaging_capacity},
    {.words = "imaging import",
     .summary = N_("parangonnage scanner/IRM : enregistrer une campagne, pour en faire le "
                   "rapport plus tard depuis le stockage"),
     .synopsis =
         N_("eml imaging import --campaign NOM --equipment FICHIER\n"
            "                   (--sessions FICHIER | --schedule FICHIER --from DATE --to DATE\n"
            "                   [--holidays skip|keep]) --exams FICHIER [--db CHEMIN]\n"
            "                   [--rejects FICHIER]"),
     .about = N_("Enregistre une campagne dans le stockage, en remplaçant celle du même nom ; «\n"
                 "eml imaging report --campaign NOM » et « eml imaging machine ID --campaign NOM\n"
                 "» en font ensuite le rapport avec les mêmes chiffres que depuis les fichiers.\n"
                 "Une semaine type est enregistrée sous forme des vacations datées qu'elle\n"
                 "donne. Les fichiers sont vérifiés comme par « eml imaging report » : une seule\n"
                 "mauvaise ligne arrête l'import sauf si --rejects FICHIER est donné. Les sites\n"
                 "s'importent au registre avec « eml import sites FICHIER » ; l'enquête de\n"
                 "rendez-vous n'est pas enregistrée (la donner à « eml imaging report --campaign\n"
                 "»).\n"),
     .groups = {&imaging_import_group},
     .run = cmd_imaging_import},
    {.words = "imaging campaigns",
     .summary = N_("parangonnage scanner/IRM : les campagnes du stockage"),
     .about = N_("Liste les campagnes d'imagerie du stockage.\n"),
     .groups = {&db_group},
     .run = cmd_imaging_campaigns},
    {.words = "imaging appointments",
     .summary = N_("délais de rendez-vous de l'enquête, par classe et par cas clinique"),
     .synopsis = N_("eml imaging appointments RENDEZ-VOUS.csv [--equipment EQUIPMENT.csv] "
                    "[OPTIONS]"),
     .about = N_("Délais de rendez-vous de l'enquête (seed 001, figures 1 à 6) : P20, médiane et\n"
                 "P80 en jours par modalité et classe de patients, et par cas clinique ; les\n"
                 "demandes urgentes sont exclues.\n"),
     .groups = {&appointments_group},
     .args = appointments_args,
     .run = cmd_imaging_appointments},

    /* radiotherapy (radiotherapy.md) */
    {.words = "rt import",
     .summary = N_("enregistrer les fichiers de radiothérapie, les malades sous pseudonyme "
                   "seulement"),
     .synopsis =
         N_("eml rt import --dir DOSSIER [--db CHEMIN] [--key-file FICHIER] [--rejects FICHIER]\n"
            "              [--profile FICHIER] [--encoding CODAGE] [--user NOM]"),
     .about = N_("Lit les cinq fichiers rt_*.csv de DOSSIER et les enregistre (stockage créé par\n"
                 "« eml init »), en remplaçant les données de radiothérapie enregistrées avant.\n"
                 "Les identifiants des malades ne sont enregistrés que sous leur pseudonyme ; la\n"
                 "clé n'est pas enregistrée, et des données pseudonymisées avec une autre clé\n"
                 "que les données enregistrées sont refusées. Tout ou rien sauf avec --rejects\n"
                 "FICHIER. La clé : --key-file FICHIER ou EML_PSEUDONYM_KEY, comme pour « eml rt\n"
                 "activity ».\n"),
     .groups = {&rt_import_group},
     .run = cmd_rt_import},
    {.words = "rt activity",
     .summary = N_("activité d'une année selon l'annexe II (traitements, venues, "
                   "passages...)"),
     .synopsis = N_("eml rt activity --year A (--dir DOSSIER | --db CHEMIN) [OPTIONS]"),
     .about = N_("Activité de l'année A comptée selon l'annexe II de la circulaire de 2002 :\n"
                 "traitements, malades, venues, séances PMSI, passages et champs, par centre\n"
                 "(avec le total de la région) et par appareil.\n"),
     .groups = {&rt_data_group, &rt_thresholds},
     .run = cmd_rt_activity},
    {.words = "rt check",
     .summary = N_("conformité de chaque centre à la circulaire de 2002, manque de personnel"),
     .synopsis = N_("eml rt check --year A (--dir DOSSIER | --db CHEMIN) [--centre FINESS] "
                    "[OPTIONS]"),
     .about = N_("Contrôles 1-14 de la circulaire de 2002 pour chaque centre (ou celui de\n"
                 "--centre), avec les chiffres derrière chaque verdict, et le tableau du\n"
                 "personnel (présent / nécessaire / manque). À partir de --year 2023, les\n"
                 "contrôles 15-16 du régime de 2023 : au moins deux accélérateurs sur le site\n"
                 "(ou un seul avec la dérogation déclarée dans rt_centres.csv), et le minimum de\n"
                 "malades par an, avec les règles de --rules FICHIER, chaque verdict nommant sa\n"
                 "règle et sa source. Le code de retour est 0 quels que soient les verdicts.\n"),
     .groups = {&rt_data_group, &rt_check_group, &rt_thresholds},
     .run = cmd_rt_check},
    {.words = "rt report",
     .summary = N_("rapport régional de radiothérapie, centres saturés d'abord"),
     .synopsis = N_("eml rt report --year A (--dir DOSSIER | --db CHEMIN) [OPTIONS]"),
     .about = N_("Rapport régional : les centres côte à côte (saturés d'abord) avec les totaux,\n"
                 "le manque de personnel, l'activité par centre et par appareil. À partir de\n"
                 "--year 2023, les contrôles non conformes comprennent les 15-16 du régime de\n"
                 "2023 (--rules).\n"),
     .groups = {&rt_data_group, &rt_rules_group, &rt_thresholds},
     .run = cmd_rt_report},

    /* planning ahead (planning.md) */
    {.words = "plan need",
     .summary = N_("besoin projeté à partir de la population, par ratio, utilisation, "
                   "ny-mri ou linac"),
     .synopsis = N_("eml plan need --population FICHIER --year A --method M[,M...] --period P\n"
                    "              [--at DATE] [--per-100k R] [--threshold N] [--tolerance P]\n"
                    "              [--modality M] [--db CHEMIN] [--format F] [--output FICHIER]"),
     .about = N_("Par zone du bilan : la population actuelle et celle de l'année A, les\n"
                 "appareils et implantations actuels, les bornes des OQOS, le besoin en\n"
                 "appareils selon chaque méthode demandée, et des bornes proposées (le besoin\n"
                 "moins et plus la tolérance) ; chaque paramètre et sa source sous le tableau\n"
                 "(spec planning.md section 2, docs/planning.md).\n"),
     .groups = {&plan_need_group},
     .run = cmd_plan_need},
    {.words = "plan scenario",
     .summary = N_("un scénario de modifications appliquées à une copie du registre, avant "
                   "et après"),
     .synopsis = N_("eml plan scenario SCÉNARIO --period P [--at DATE] [--requests FICHIER]\n"
                    "                  [--modality M] [--save NOM] [--db CHEMIN] [--format F]\n"
                    "                  [--campaign NOM [--reference R]] [--rt-year A]"),
     .about = N_("Applique les modifications de SCÉNARIO (grant REQUEST_ID, add MODALITY FINESS\n"
                 "[DATE], close ID [DATE], move ID FINESS, target ZONE MODALITY LOW HIGH [UNIT],\n"
                 "une par ligne) à une copie du registre en mémoire et affiche côte à côte le\n"
                 "bilan avant et après, les zones et les demandes dont le verdict change (spec\n"
                 "planning.md section 3, docs/planning.md) ; avec --campaign, la capacité des\n"
                 "équipements de la campagne par zone avant et après ; avec --rt-year, les\n"
                 "traitements par appareil et la saturation de chaque centre de radiothérapie\n"
                 "avant et après. Une mauvaise ligne est signalée FICHIER:LIGNE et rien n'est\n"
                 "appliqué. Le stockage n'est pas modifié ; --save inscrit le scénario à son\n"
                 "journal.\n"),
     .groups = {&plan_scenario_group},
     .args = plan_scenario_args,
     .run = cmd_plan_scenario},
    {.words = "plan delays",
     .summary = N_("délais de rendez-vous simulés face à la capacité programmée"),
     .synopsis = N_("eml plan delays --rate N [--machines C] [--sessions S] [--session-hours H]\n"
                    "                [--exam-minutes D] [--change machine|session|late-start]\n"
                    "                [--seed S] [--days D] [--warmup-days D] [--format F]"),
     .about = N_("Simule des demandes arrivant chaque jour (loi de Poisson) placées dans le\n"
                 "premier créneau libre des vacations programmées des équipements ; affiche P20,\n"
                 "médiane et P80 du délai en jours, en l'état et après chaque modification\n"
                 "demandée (spec planning.md section 4, docs/planning.md). La même graine donne\n"
                 "la même sortie.\n"),
     .groups = {&plan_delays_group},
     .run = cmd_plan_delays},

    /* reports as documents (charts.md) */
    {.words = "report bilan",
     .summary = N_("le bilan en rapport PDF avec graphiques, ou en classeur XLSX"),
     .synopsis =
         N_("eml report bilan --db CHEMIN --at DATE --period P --format pdf|xlsx --output FICHIER\n"
            "                 [--geo CONTOURS.csv] [--charts DOSSIER]"),
     .about = N_("Écrit le bilan en rapport PDF (page de titre, les tableaux, par modalité la\n"
                 "carte des territoires colorés selon l'écart à la borne haute et les mêmes\n"
                 "écarts en barres) ou en classeur XLSX.\n"),
     .groups = {&report_bilan_group},
     .run = cmd_report_bilan},
    {.words = "report imaging",
     .summary = N_("le parangonnage scanner/IRM en rapport PDF avec graphiques, ou en XLSX"),
     .synopsis =
         N_("eml report imaging --equipment F (--sessions F | --schedule F --from D --to D\n"
            "                   [--holidays skip|keep]) --exams F [--sites F] [--from D --to D]\n"
            "                   --format pdf|xlsx --output FICHIER\n"
            "eml report imaging --campaign NOM [--db CHEMIN] --format pdf|xlsx --output FICHIER"),
     .about = N_("Écrit la synthèse nationale de « eml imaging report » en rapport PDF avec les\n"
                 "graphiques à bulles du seed 001 (occupation face à l'ouverture programmée), la\n"
                 "distribution dans le panel de chaque indicateur et les durées d'examen par\n"
                 "classe de patients, et une annexe de qualité des données ; ou en classeur\n"
                 "XLSX.\n"),
     .groups = {&imaging_inputs, &imaging_computation, &report_imaging_group},
     .run = cmd_report_imaging},
    {.words = "report rt",
     .summary = N_("le rapport de radiothérapie en PDF avec graphiques, ou en XLSX"),
     .synopsis = N_("eml report rt --db CHEMIN --year A --format pdf|xlsx --output FICHIER "
                    "[--charts DOSSIER]"),
     .about = N_("Écrit le rapport régional de radiothérapie des données enregistrées par « eml\n"
                 "rt import » en PDF, avec les traitements externes par appareil de chaque\n"
                 "centre face aux lignes 400/450/500, ou en classeur XLSX.\n"),
     .groups = {&report_rt_group},
     .run = cmd_report_rt},
    {.words = "report machines",
     .summary = N_("la fiche de chaque équipement scanner/IRM, un fichier PDF ou XLSX par "
                   "site"),
     .synopsis = N_("eml report machines [les entrées de eml imaging report] --output DOSSIER\n"
                    "                    [--finess PRÉFIXE[,PRÉFIXE...]] [--format pdf|xlsx]"),
     .about = N_("Écrit la fiche de chaque équipement scanner et IRM, un fichier par site :\n"
                 "DOSSIER/fiches_FINESS.pdf (fiches_sans_finess.pdf pour les équipements sans\n"
                 "FINESS), deux pages par équipement : les indicateurs avec leur rang centile et\n"
                 "les P20, médiane et P80 du panel, les classes, les effectifs de qualité des\n"
                 "données, et l'activité par heure et jour de la semaine en carte de chaleur.\n"
                 "Avec --format xlsx, DOSSIER/fiches_FINESS.xlsx : une feuille par équipement\n"
                 "avec les mêmes tableaux et la carte de chaleur en grille de cellules colorées.\n"
                 "Affiche une ligne par fichier avec ses équipements et ses pages (feuilles).\n"),
     .groups = {&imaging_inputs, &imaging_computation, &report_machines_group},
     .run = cmd_report_machines},

    /* dashboard (docs/dashboard.md) */
    {.words = "serve",
     .summary = N_("tableau de bord web en lecture seule et API JSON (bilan, imagerie, "
                   "radiothérapie)"),
     .synopsis = N_("eml serve [--db CHEMIN] [--port 8080] [--listen 127.0.0.1]\n"
                    "          [--imaging-dir DOSSIER] [--period P] [--at DATE] [--year A]\n"
                    "          [--geo CONTOURS.csv] [--allow-host NOM]... [--request-timeout 30]\n"
                    "          [--tls-cert FICHIER --tls-key FICHIER]"),
     .about = N_("Sert le tableau de bord (pages HTML en lecture seule et une API JSON,\n"
                 "docs/api.md) : le bilan et la radiothérapie depuis le stockage, le panel\n"
                 "d'imagerie de DOSSIER. Dès qu'un compte existe (« eml user add »), il demande\n"
                 "une connexion et chaque rôle voit ses pages (docs/security.md).\n"
                 "S'arrête sur SIGINT (Ctrl-C) ou SIGTERM.\n"),
     .groups = {&serve_group},
     .run = cmd_serve},

    /* accounts of the dashboard (docs/security.md) */
    {.words = "user add",
     .summary = N_("créer un compte du tableau de bord"),
     .synopsis = N_("eml user add NOM --role lecteur|etablissement|ars [--finess PRÉFIXES]\n"
                    "             [--user NOM] [--db CHEMIN]"),
     .about = N_("Crée le compte NOM du tableau de bord (eml serve). Le mot de passe est lu deux\n"
                 "fois sur l'entrée standard, une ligne chaque fois, sans écho sur un terminal ;\n"
                 "8 caractères au moins. Il est gardé sous forme d'empreinte Argon2id. Dès qu'un\n"
                 "compte existe, le tableau de bord demande une connexion (docs/security.md).\n"),
     .groups = {&user_add_group},
     .args = user_args,
     .run = cmd_user_add},
    {.words = "user list",
     .summary = N_("lister les comptes du tableau de bord"),
     .synopsis = N_("eml user list [--db CHEMIN]"),
     .about = N_("Affiche chaque compte : nom, rôle, préfixes FINESS, état, création, mise à\n"
                 "jour.\n"),
     .groups = {&db_group},
     .run = cmd_user_list},
    {.words = "user disable",
     .summary = N_("désactiver un compte du tableau de bord"),
     .synopsis = N_("eml user disable NOM [--user NOM] [--db CHEMIN]"),
     .about = N_("Désactive le compte NOM : il ne peut plus se connecter, et ses sessions\n"
                 "ouvertes sont refusées à leur prochaine requête.\n"),
     .groups = {&user_change_group},
     .args = user_args,
     .run = cmd_user_disable},
    {.words = "user passwd",
     .summary = N_("changer le mot de passe d'un compte du tableau de bord"),
     .synopsis = N_("eml user passwd NOM [--user NOM] [--db CHEMIN]"),
     .about = N_("Lit le nouveau mot de passe de NOM deux fois sur l'entrée standard (comme «\n"
                 "eml user add »).\n"),
     .groups = {&user_change_group},
     .args = user_args,
     .run = cmd_user_passwd},

    /* generators */
    {.words = "generate imaging",
     .summary = N_("écrire une campagne scanner/IRM synthétique calibrée sur le parangonnage"),
     .synopsis = N_("eml generate imaging --ct N --mri M --out DOSSIER [OPTIONS]"),
     .about = N_("Écrit une campagne d'imagerie synthétique (sites.csv, equipment.csv,\n"
                 "sessions.csv, exams.csv, appointments.csv) calibrée sur le parangonnage\n"
                 "national (seed 001).\n"),
     .groups = {&generate_imaging_group},
     .run = cmd_generate_imaging},
    {.words = "generate radiotherapy",
     .summary = N_("écrire une année synthétique de données de radiothérapie"),
     .synopsis = N_("eml generate radiotherapy --centres N --year A --seed S --out DOSSIER"),
     .about = N_("Écrit DOSSIER/rt_*.csv : une année synthétique cohérente pour N centres :\n"
                 "compléments (suites), techniques spéciales, bifractionnement, venues sur\n"
                 "plusieurs appareils, malades hospitalisés, et un mélange de centres conformes,\n"
                 "saturés et non conformes. La même graine donne les mêmes fichiers.\n"),
     .groups = {&generate_rt_group},
     .run = cmd_generate_radiotherapy},
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];

/* The titles of the man pages of the groups of several commands. */
const cli_topic cli_topics[] = {
    {"import", N_("charger le registre depuis des fichiers CSV et depuis les extractions "
                  "FINESS")},
    {"imaging", N_("le parangonnage scanner/IRM à partir des journaux d'examens (seed 001)")},
    {"register", N_("modifier le registre à la main : fin ou modification d'un appareil, "
                    "d'un site, d'un objectif")},
    {"regime", N_("le régime d'autorisation de 2023 : conversion du registre par appareil")},
    {"rt", N_("activité et conformité de la radiothérapie (circulaire de 2002)")},
    {"plan", N_("planifier : besoin selon la population, délais face à la capacité")},
    {"user", N_("les comptes du tableau de bord")},
    {"report", N_("les rapports en documents : PDF avec graphiques, ou XLSX")},
    {"generate", N_("jeux de données synthétiques pour les tests et les mesures de "
                    "performance")},
};
const size_t cli_topic_count = sizeof cli_topics / sizeof cli_topics[0];
