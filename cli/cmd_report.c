/*
 * cmd_report.c — `eml report bilan|imaging|rt --format pdf|xlsx --output FILE`
 * (issue 6, "Documents"): the tables of `eml bilan`, `eml imaging compute`
 * and `eml rt report` as a document a planner can send. PDF: title page
 * (date, sources), the tables, the charts, the notes and a data-quality
 * annex; XLSX: one sheet per table, numbers as numbers (eml/render.h).
 * --charts DIR also writes every chart as DIR/NAME.svg and DIR/NAME.png.
 *
 * Charts: imaging — the bubble charts of seed 001 (figures 13-14, 17-18:
 * occupancy against programmed opening, bubble area = ICR per hour, shade
 * = share from the emergency department for "programmé + urgences"), the
 * panel distribution of each indicator with P20/median/P80, exam durations
 * per patient class; rt — external treatments per machine of each centre
 * against the 400/450/500 lines; bilan — per modality, the map of the
 * territories coloured by the gap to the upper bound (eml_balance_map, over
 * the outlines of --geo, default data/geo/departements.csv) and the same
 * gaps as bars.
 *
 * `eml report machines --output DIR` (issue 6, "the per-machine sheet of the
 * benchmark as a one- or two-page PDF per site"; issue 4's sheet): one PDF
 * per site, two pages per machine — the sheet's tables, then its
 * hour-by-weekday heat map (docs/charts.md).
 */
#include "cli.h"
#include "commands.h"
#include "imaging_input.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Font caches live for the process: LeakSanitizer ignores them (chart.h). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return EML_CHART_LSAN_SUPPRESSIONS; }

#define REPORT_TABLES_MAX 64
#define REPORT_CHARTS_MAX 64

typedef struct report_args {
  const char *db, *period, *output, *charts_dir, *geo;
  int geo_shipped; /* geo: the outlines of the data folder (their credit is known) */
  const char *finess; /* report machines: only the sites of these FINESS prefixes */
  eml_date at;
  int has_at, has_format, year, xlsx;
  imaging_input in; /* eml report imaging, eml report machines */
} report_args;

/* What a report holds before it is written: tables of the body and of the
 * annex, charts with their file names, the title page. All owned. */
typedef struct report_doc {
  const char *title;
  char subtitle[256];
  char lines[4][512];
  size_t n_lines;
  eml_table *tables[REPORT_TABLES_MAX], *annex[REPORT_TABLES_MAX];
  size_t n_tables, n_annex;
  eml_chart *charts[REPORT_CHARTS_MAX];
  char chart_names[REPORT_CHARTS_MAX][64];
  size_t n_charts;
  eml_outlines *outlines; /* of the maps: freed after the charts */
} report_doc;

static void report_free(report_doc *r) {
  for (size_t i = 0; i < r->n_tables; i++)
    eml_table_free(r->tables[i]);
  for (size_t i = 0; i < r->n_annex; i++)
    eml_table_free(r->annex[i]);
  for (size_t i = 0; i < r->n_charts; i++)
    eml_chart_free(r->charts[i]);
  eml_outlines_free(r->outlines);
}

/* Takes a chart made elsewhere (freed here when there is no room). */
static eml_status take_chart(report_doc *r, eml_chart *c, const char *name) {
  if (r->n_charts >= REPORT_CHARTS_MAX) {
    eml_chart_free(c);
    return EML_ERR_TOO_LARGE;
  }
  snprintf(r->chart_names[r->n_charts], sizeof r->chart_names[0], "%s", name);
  r->charts[r->n_charts++] = c;
  return EML_OK;
}

/* Takes the tables of an array (the array is freed). */
static void take_tables(report_doc *r, eml_table **tables, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (r->n_tables < REPORT_TABLES_MAX)
      r->tables[r->n_tables++] = tables[i];
    else
      eml_table_free(tables[i]);
  free(tables);
}

static eml_chart *add_chart(report_doc *r, eml_chart_kind kind, const char *name,
                            const char *title) {
  if (r->n_charts >= REPORT_CHARTS_MAX)
    return NULL;
  eml_chart *c = eml_chart_new(kind, title);
  if (c) {
    snprintf(r->chart_names[r->n_charts], sizeof r->chart_names[0], "%s", name);
    r->charts[r->n_charts++] = c;
  }
  return c;
}

/* The options the command declares (commands.c) into *a; the imaging
 * inputs too for report imaging and report machines. */
static void parse_args(const cli_args *args, report_args *a) {
  memset(a, 0, sizeof *a);
  imaging_input_from_args(&a->in, args);
  a->db = cli_text(args, "db");
  a->output = cli_text(args, "output");
  if (cli_takes(args, "at") && (a->has_at = cli_given(args, "at") > 0))
    a->at = cli_date(args, "at");
  if (cli_takes(args, "period"))
    a->period = cli_text(args, "period");
  if (cli_takes(args, "year"))
    a->year = (int)cli_whole(args, "year");
  a->has_format = cli_given(args, "format") > 0;
  a->xlsx = strcmp(cli_text(args, "format"), "xlsx") == 0;
  if (cli_takes(args, "charts"))
    a->charts_dir = cli_text(args, "charts");
  if (cli_takes(args, "geo")) {
    a->geo = cli_text(args, "geo");
    a->geo_shipped = !cli_given(args, "geo");
  }
  if (cli_takes(args, "finess"))
    a->finess = cli_text(args, "finess");
}

static void today_text(char *buf, size_t size) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  strftime(buf, size, "%d/%m/%Y", &tm);
}

static void date_text(eml_date d, char *buf, size_t size) {
  int y, m, day;
  eml_date_to_civil(d, &y, &m, &day);
  snprintf(buf, size, "%02d/%02d/%04d", day, m, y);
}

/* ---- imaging ---- */

static eml_status imaging_bubbles(report_doc *r, const eml_imaging_result *res,
                                  eml_imaging_modality mod, int with_emergency) {
  static const char *const names[2] = {"Scanner", "IRM"};
  char title[160], name[64];
  snprintf(title, sizeof title, "%s : occupation et ouverture programmée%s", names[mod],
           with_emergency ? " (programmé + urgences)" : " (programmé)");
  snprintf(name, sizeof name, "bulles_%s%s", eml_imaging_modality_code(mod),
           with_emergency ? "_urgences" : "");
  eml_chart *c = add_chart(r, EML_CHART_BUBBLE, name, title);
  if (!c)
    return EML_ERR_NOMEM;
  eml_status st = eml_chart_set_axis(c, 0, "Ouverture programmée (h/sem.)", NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_axis(c, 1, with_emergency ? "Taux d'occupation, programmé + urgences"
                                                 : "Taux d'occupation, vacations programmées",
                            NAN, NAN, 1);
  if (!st)
    st = eml_chart_set_note(c, with_emergency
                                   ? "Surface = ICR par heure ; couleur foncée = part des "
                                     "patients venant des urgences"
                                   : "Surface = ICR par heure ; appareils retenus par la règle "
                                     "d'inclusion");
  for (size_t i = 0; !st && i < eml_imaging_machine_count(res); i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(res, i);
    if (m->modality != mod || !m->included)
      continue;
    st = eml_chart_add_point(
        c, m->equipment_id, m->open_programmed_h,
        with_emergency ? m->occupancy_prog_emergency : m->occupancy_programmed,
        with_emergency ? m->icr_per_hour_prog_emergency : m->icr_per_hour,
        with_emergency ? m->er_share : NAN);
  }
  return st;
}

static eml_status imaging_charts(report_doc *r, const eml_imaging_result *res) {
  eml_status st = EML_OK;
  for (int mod = 0; !st && mod < EML_IMAGING_MODALITY_COUNT; mod++)
    for (int er = 0; !st && er < 2; er++)
      st = imaging_bubbles(r, res, (eml_imaging_modality)mod, er);
  static const char *const mod_labels[2] = {"Scanner", "IRM"};
  for (int ind = 0; !st && ind < EML_IND_COUNT; ind++) {
    const eml_imaging_indicator_info *info = eml_imaging_indicator_get((eml_imaging_indicator)ind);
    char name[64], axis[160];
    snprintf(name, sizeof name, "panel_%s", info->key);
    eml_chart *c = add_chart(r, EML_CHART_DIST, name, info->label);
    if (!c)
      return EML_ERR_NOMEM;
    snprintf(axis, sizeof axis, "%s%s%s%s", info->label, *info->unit ? " (" : "", info->unit,
             *info->unit ? ")" : "");
    st = eml_chart_set_axis(c, 1, info->percent ? info->label : axis, NAN, NAN, info->percent);
    if (!st)
      st = eml_chart_set_note(c, "Points : appareils ; boîte : P20 à P80 ; trait rouge : médiane");
    for (int mod = 0; !st && mod < EML_IMAGING_MODALITY_COUNT; mod++) {
      size_t n = 0;
      const double *v = eml_imaging_panel_values(res, (eml_imaging_modality)mod,
                                                 (eml_imaging_indicator)ind, &n);
      st = eml_chart_add_group(c, mod_labels[mod], v, v ? n : 0);
    }
  }
  static const char *const class_labels[EML_CLASS_COUNT] = {"Ambulatoire", "Hospitalisé",
                                                            "Réanimation", "Urgences"};
  for (int mod = 0; !st && mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    char name[64], title[128];
    snprintf(name, sizeof name, "durees_%s", eml_imaging_modality_code((eml_imaging_modality)mod));
    snprintf(title, sizeof title, "%s : durée des examens par classe de patients", mod_labels[mod]);
    eml_chart *c = add_chart(r, EML_CHART_DIST, name, title);
    if (!c)
      return EML_ERR_NOMEM;
    st = eml_chart_set_axis(c, 1, "Durée de l'examen (min)", NAN, NAN, 0);
    if (!st)
      st = eml_chart_set_note(c, "Boîte : P20 à P80 des examens ; trait rouge : médiane");
    for (int cls = 0; !st && cls < EML_CLASS_COUNT; cls++) {
      const eml_imaging_dist *d =
          eml_imaging_durations(res, (eml_imaging_modality)mod, (eml_patient_class)cls);
      st = eml_chart_add_group_quantiles(c, class_labels[cls], d->p20, d->p50, d->p80, d->n);
    }
  }
  return st;
}

/* The data-quality annex: one row per machine with its suspicious counts. */
static eml_status imaging_quality(report_doc *r, const eml_imaging_result *res) {
  eml_table *t = eml_table_new("qualite", "Annexe : qualité des données par appareil");
  if (!t)
    return EML_ERR_NOMEM;
  r->annex[r->n_annex++] = t;
  static const char *const cols[][2] = {
      {"Appareil", "equipment_id"}, {"Modalité", "modality"}, {"Examens retenus", "exams"},
      {"Examens trop courts", "short_exams"}, {"Examens chevauchants", "overlapping_exams"},
      {"Hors vacation", "exams_outside_sessions"}, {"Vacations chevauchantes", "overlapping_sessions"},
      {"Sans ICR", "missing_icr"}};
  eml_status st = EML_OK;
  for (size_t c = 0; !st && c < sizeof cols / sizeof cols[0]; c++)
    st = eml_table_add_column(t, NULL, cols[c][0], cols[c][1]);
  for (size_t i = 0; !st && i < eml_imaging_machine_count(res); i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(res, i);
    size_t row;
    const long counts[6] = {m->exams, m->short_exams, m->overlapping_exams,
                            m->exams_outside_sessions, m->overlapping_sessions, m->missing_icr};
    st = eml_table_add_row(t, &row);
    if (!st)
      st = eml_table_set_text(t, row, 0, m->equipment_id);
    if (!st)
      st = eml_table_set_text(t, row, 1, m->modality == EML_IMAGING_CT ? "Scanner" : "IRM");
    for (int k = 0; !st && k < 6; k++)
      st = eml_table_set_int(t, row, (size_t)k + 2, counts[k], 0);
  }
  if (!st)
    st = eml_table_add_note(t, "Examens trop courts : moins de 3 minutes, exclus des indicateurs. "
                               "Hors vacation : début en dehors de toute vacation déclarée.");
  return st;
}

static int report_imaging(const report_args *a, report_doc *r) {
  imaging_input in = a->in;
  int rc = imaging_input_check(&in);
  eml_imaging_result *res = NULL;
  if (rc < 0)
    rc = imaging_input_compute(&in, &res, NULL);
  eml_table **tables = NULL;
  size_t count = 0;
  if (rc < 0)
    rc = imaging_input_summary(&in, res, &tables, &count);
  imaging_input_free(&in);
  if (rc >= 0) {
    eml_imaging_result_free(res);
    return rc;
  }
  take_tables(r, tables, count);
  eml_status st = imaging_charts(r, res);
  if (!st)
    st = imaging_quality(r, res);
  r->title = "Parangonnage de l'imagerie en coupe (scanner, IRM)";
  char from[16], to[16];
  date_text(eml_imaging_result_from(res), from, sizeof from);
  date_text(eml_imaging_result_to(res) - 1, to, sizeof to);
  snprintf(r->subtitle, sizeof r->subtitle, "Période du %s au %s (%.1f semaines), %zu appareils",
           from, to, eml_imaging_result_weeks(res), eml_imaging_machine_count(res));
  if (in.equipment)
    snprintf(r->lines[r->n_lines++], sizeof r->lines[0], "Sources : %s, %s, %s%s%s",
             in.equipment, in.schedule ? in.schedule : in.sessions, in.exams,
             in.sites_path ? ", " : "", in.sites_path ? in.sites_path : "");
  else
    snprintf(r->lines[r->n_lines++], sizeof r->lines[0], "Source : campagne %s de %s",
             in.campaign, in.db);
  snprintf(r->lines[r->n_lines++], sizeof r->lines[0],
           "Méthode : indicateurs et règle d'inclusion de l'étude ANAP/MeaH (seed 001), "
           "quantiles de type 7.");
  eml_imaging_result_free(res);
  return st ? cli_fail(cli_exit_code(st), "cannot build the report: %s", eml_strerror(st)) : -1;
}

/* ---- radiotherapy ---- */

static int report_rt(const report_args *a, report_doc *r) {
  if (!a->db || !a->year)
    return cli_fail(CLI_EXIT_USAGE, "options --db and --year are required");
  static const unsigned char no_key[EML_RT_KEY_BYTES];
  eml_rt_data *data = eml_rt_data_new(no_key);
  if (!data)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_rt_read(a->db, data, &d);
  if (st) {
    cli_print_diag(&d);
    eml_rt_data_free(data);
    return cli_exit_code(st);
  }
  eml_rt_options opts;
  eml_rt_options_default(&opts);
  eml_rt_activity *act = NULL;
  eml_table **tables = NULL;
  size_t count = 0;
  st = eml_rt_activity_compute(data, a->year, &opts, &act);
  if (!st)
    st = eml_rt_tables_report(data, act, &opts, &tables, &count);
  if (!st)
    take_tables(r, tables, count);
  eml_chart *c = st ? NULL : add_chart(r, EML_CHART_BARS, "rt_traitements_par_appareil",
                                       "Traitements externes par appareil et par an");
  if (!st && !c)
    st = EML_ERR_NOMEM;
  if (!st)
    st = eml_chart_set_axis(c, 1, "Traitements par appareil", NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_note(c, "Référence 400, saturation approchée au-delà de 450, "
                               "saturé au-delà de 500 (circulaire de 2002)");
  for (size_t i = 0; !st && i < data->n_centres; i++) {
    eml_rt_conformity conf;
    st = eml_rt_conformity_compute(data, act, i, &opts, &conf);
    if (!st)
      st = eml_chart_add_point(c, data->centres[i].name, (double)i, conf.treatments_per_machine, 0,
                               conf.saturation == EML_RT_SATURATED     ? 1
                               : conf.saturation == EML_RT_APPROACHING ? 0.7
                                                                       : 0.4);
  }
  const double lines[3] = {opts.reference_per_machine, opts.saturation_warn, opts.saturation};
  for (int k = 0; !st && k < 3; k++) {
    char label[32];
    snprintf(label, sizeof label, "%.0f", lines[k]);
    st = eml_chart_add_line(c, lines[k], label);
  }
  r->title = "Radiothérapie : activité et conformité des centres";
  snprintf(r->subtitle, sizeof r->subtitle, "Année %d, %zu centres, %zu appareils", a->year,
           data->n_centres, data->n_machines);
  snprintf(r->lines[r->n_lines++], sizeof r->lines[0], "Source : base %s (données pseudonymisées)",
           a->db);
  snprintf(r->lines[r->n_lines++], sizeof r->lines[0],
           "Méthode : annexe II (activité) et circulaire du 3 mars 2002 (conformité).");
  eml_rt_activity_free(act);
  eml_rt_data_free(data);
  return st ? cli_fail(cli_exit_code(st), "cannot build the report: %s", eml_strerror(st)) : -1;
}

/* ---- bilan ---- */

static int report_bilan(const report_args *a, report_doc *r) {
  if (!a->db || !a->has_at || !a->period)
    return cli_fail(CLI_EXIT_USAGE, "options --db, --at and --period are required");
  eml_diag geo_diag;
  eml_diag_clear(&geo_diag);
  eml_status geo_st = eml_outlines_load(a->geo, &r->outlines, &geo_diag);
  if (geo_st) {
    cli_print_diag(&geo_diag);
    return cli_fail(cli_exit_code(geo_st), "cannot read the outlines of the maps (--geo FILE)");
  }
  eml_store *store = NULL;
  eml_register reg;
  memset(&reg, 0, sizeof reg);
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_open(a->db, EML_STORE_READ_ONLY, &store, &d);
  if (!st)
    st = eml_store_load_register(store, &reg, &d);
  eml_store_close(store);
  eml_balance balance;
  memset(&balance, 0, sizeof balance);
  if (!st) {
    eml_register_sort(&reg);
    st = eml_balance_compute(&reg, a->period, a->at, -1, &balance, &d);
    for (size_t i = 0; i < balance.nproblems; i++)
      fprintf(stderr, "eml: bilan: %s\n", balance.problems[i]);
  }
  if (st) {
    if (!balance.nproblems)
      cli_print_diag(&d);
    eml_balance_free(&balance);
    eml_register_free(&reg);
    return cli_exit_code(st);
  }
  eml_table **tables = NULL;
  size_t count = 0;
  st = eml_balance_tables(&balance, &tables, &count);
  if (!st)
    take_tables(r, tables, count);
  for (size_t m = 0; !st && m < balance.ntables; m++) {
    const eml_balance_table *bt = &balance.tables[m];
    char name[64], title[200];
    eml_chart *map = NULL;
    snprintf(name, sizeof name, "carte_%s", eml_modality_code(bt->modality));
    st = eml_balance_map(bt, &reg, r->outlines,
                         a->geo_shipped ? EML_OUTLINES_SHIPPED_CREDIT : NULL,
                         &map);
    if (!st)
      st = take_chart(r, map, name);
    if (st)
      break;
    snprintf(name, sizeof name, "ecart_%s", eml_modality_code(bt->modality));
    snprintf(title, sizeof title, "%s : écart à la borne haute par territoire",
             eml_modality_title(bt->modality));
    eml_chart *c = add_chart(r, EML_CHART_BARS, name, title);
    if (!c) {
      st = EML_ERR_NOMEM;
      break;
    }
    st = eml_chart_set_axis(c, 1, "Appareils autorisés − borne haute", NAN, NAN, 0);
    if (!st)
      st = eml_chart_set_note(c, "Négatif : appareils encore autorisables ; positif : au-delà de "
                                 "la borne haute");
    for (size_t i = 0; !st && i < bt->nrows; i++) {
      const eml_balance_part *p = &bt->rows[i].devices;
      st = eml_chart_add_point(c, bt->rows[i].territory, (double)i,
                               p->has_target ? (double)(p->now - p->high) : NAN, 0,
                               p->has_target && p->now > p->high ? 1 : 0.4);
    }
    if (!st)
      st = eml_chart_add_line(c, 0, NULL);
  }
  r->title = "Bilan des objectifs quantifiés (OQOS) des équipements lourds";
  char at[16], today[16];
  date_text(a->at, at, sizeof at);
  today_text(today, sizeof today);
  snprintf(r->subtitle, sizeof r->subtitle, "Situation au %s, période %s", at, a->period);
  snprintf(r->lines[r->n_lines++], sizeof r->lines[0], "Source : registre %s, édité le %s", a->db,
           today);
  eml_balance_free(&balance);
  eml_register_free(&reg);
  return st ? cli_fail(cli_exit_code(st), "cannot build the report: %s", eml_strerror(st)) : -1;
}

/* ---- writing ---- */

static eml_status write_pdf(const report_doc *r, const char *path, eml_diag *d) {
  eml_pdf_doc *doc = eml_pdf_doc_new(path, d);
  if (!doc)
    return EML_ERR_IO;
  char today[16], edited[64];
  today_text(today, sizeof today);
  snprintf(edited, sizeof edited, "Document édité le %s par eml %s", today, EML_VERSION);
  const char *lines[6];
  size_t n = 0;
  for (size_t i = 0; i < r->n_lines; i++)
    lines[n++] = r->lines[i];
  lines[n++] = edited;
  eml_pdf_title_page(doc, r->title, r->subtitle, lines, n);
  eml_pdf_heading(doc, "Tableaux");
  for (size_t i = 0; i < r->n_tables; i++)
    eml_pdf_table(doc, r->tables[i]);
  if (r->n_charts) {
    eml_pdf_page_break(doc);
    eml_pdf_heading(doc, "Graphiques");
    for (size_t i = 0; i < r->n_charts; i++)
      eml_pdf_chart(doc, r->charts[i],
                    eml_chart_get_kind(r->charts[i]) == EML_CHART_MAP      ? 400
                    : eml_chart_get_kind(r->charts[i]) == EML_CHART_BUBBLE ? 350
                                                                           : 235);
  }
  if (r->n_annex) {
    eml_pdf_page_break(doc);
    eml_pdf_heading(doc, "Annexe : qualité des données");
    for (size_t i = 0; i < r->n_annex; i++)
      eml_pdf_table(doc, r->annex[i]);
  }
  return eml_pdf_doc_close(doc, d);
}

static int write_report(const report_args *a, const report_doc *r) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st;
  if (a->xlsx) {
    eml_table *all[2 * REPORT_TABLES_MAX];
    size_t n = 0;
    for (size_t i = 0; i < r->n_tables; i++)
      all[n++] = r->tables[i];
    for (size_t i = 0; i < r->n_annex; i++)
      all[n++] = r->annex[i];
    st = eml_render_xlsx_file(all, n, a->output, &d);
  } else {
    st = write_pdf(r, a->output, &d);
  }
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  if (a->charts_dir) {
    mkdir(a->charts_dir, 0777);
    for (size_t i = 0; !st && i < r->n_charts; i++)
      for (int f = 0; !st && f < 2; f++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.%s", a->charts_dir, r->chart_names[i],
                 f ? "png" : "svg");
        st = eml_chart_write(r->charts[i], f ? EML_CHART_PNG : EML_CHART_SVG, path, 600, 400, &d);
      }
    if (st) {
      cli_print_diag(&d);
      return cli_exit_code(st);
    }
  }
  return CLI_EXIT_OK;
}

static int run(const cli_args *args, int (*build)(const report_args *, report_doc *)) {
  report_args a;
  parse_args(args, &a);
  report_doc r;
  memset(&r, 0, sizeof r);
  int rc = build(&a, &r);
  if (rc < 0)
    rc = write_report(&a, &r);
  report_free(&r);
  eml_chart_cleanup();
  return rc;
}

int cmd_report_bilan(const cli_args *a) { return run(a, report_bilan); }
int cmd_report_imaging(const cli_args *a) { return run(a, report_imaging); }
int cmd_report_rt(const cli_args *a) { return run(a, report_rt); }

/* ---- the per-machine sheets, one PDF per site (issue 6; issue 4's sheet) ----
 * For each site (FINESS of equipment.csv) DIR/fiches_FINESS.pdf holds one
 * sheet per machine of the site, in the order of equipment_id, each
 * starting a page: a heading, the indicators with their percentile rank and
 * the panel's P20 / median / P80, the activity heat map, the classes, the
 * data-quality counts (eml_imaging_machine_tables), then on a second page
 * the activity heat map (eml_imaging_heatmap_chart) and how to read it: two
 * A4 pages per machine (the three tables fill the first). */

#define SHEET_HEAT_HEIGHT 300.0 /* points: 7 rows of 26 points */

/* The site part of a file name: letters and digits of the FINESS. */
static void site_file_name(const char *finess, char *buf, size_t size) {
  size_t n = 0;
  for (const char *p = finess; *p && n + 1 < size; p++)
    if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
      buf[n++] = *p;
  buf[n] = 0;
  if (!n)
    snprintf(buf, size, "sans_finess");
}

/* One machine's sheet from a new page. */
static eml_status machine_sheet(eml_pdf_doc *doc, const eml_imaging_result *res, size_t i,
                                const eml_imaging_activity *act, const char *period) {
  const eml_imaging_machine *m = eml_imaging_machine_at(res, i);
  eml_table **tables = NULL;
  size_t n = 0;
  eml_chart *heat = NULL;
  char heading[160];
  snprintf(heading, sizeof heading, "%s — %s, site FINESS %s", m->equipment_id,
           m->modality == EML_IMAGING_CT ? "scanner" : "IRM", m->finess[0] ? m->finess : "inconnu");
  eml_status st = eml_pdf_page_break(doc);
  if (!st)
    st = eml_pdf_heading(doc, heading);
  if (!st)
    st = eml_pdf_paragraph(doc, period);
  if (!st)
    st = eml_imaging_machine_tables(res, i, &tables, &n);
  if (!st)
    st = eml_imaging_heatmap_chart(eml_imaging_activity_machine(act, i), NULL, &heat);
  /* page 1: indicators, classes, data quality; page 2: the heat map */
  for (size_t k = 0; !st && k < n; k++)
    st = eml_pdf_table(doc, tables[k]);
  if (!st)
    st = eml_pdf_page_break(doc);
  if (!st)
    st = eml_pdf_heading(doc, heading);
  if (!st)
    st = eml_pdf_chart(doc, heat, SHEET_HEAT_HEIGHT);
  if (!st)
    st = eml_pdf_paragraph(doc, "Chaque case donne la part de l'heure (heure locale de Paris) "
                                "occupée par au moins un examen retenu (examens de 3 minutes ou "
                                "plus, chevauchements comptés une fois), moyenne sur les jours de "
                                "la campagne : 50 % un lundi à 8 h = en moyenne 30 minutes "
                                "d'examens entre 8 h et 9 h les lundis. Le jour du passage à "
                                "l'heure d'hiver compte ses deux heures de 2 h ; le jour du "
                                "passage à l'heure d'été n'a pas de 2 h.");
  eml_chart_free(heat);
  eml_imaging_tables_free(tables, n);
  return st;
}

/* Whether a site is asked for: every site without --finess, else those
 * whose FINESS begins with one of the comma-separated prefixes. */
static int site_wanted(const char *prefixes, const char *finess) {
  if (!prefixes)
    return 1;
  for (const char *p = prefixes; *p;) {
    size_t len = strcspn(p, ",");
    if (len && strncmp(finess, p, len) == 0)
      return 1;
    p += len + (p[len] == ',');
  }
  return 0;
}

static int cmp_text(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes the PDF of each site; returns an exit code. */
static int write_sites(const report_args *a, const eml_imaging_result *res,
                       const eml_imaging_activity *act) {
  size_t n = eml_imaging_machine_count(res), n_sites = 0;
  const char **sites = malloc((n ? n : 1) * sizeof *sites);
  if (!sites)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  for (size_t i = 0; i < n; i++)
    if (site_wanted(a->finess, eml_imaging_machine_at(res, i)->finess))
      sites[n_sites++] = eml_imaging_machine_at(res, i)->finess;
  if (a->finess && !n_sites) {
    free(sites);
    eml_diag d;
    eml_diag_set(&d, NULL, 0, "--finess", a->finess, strlen(a->finess),
                 "no CT or MRI machine of such a site in the equipment file");
    cli_print_diag(&d);
    return CLI_EXIT_DATA;
  }
  qsort(sites, n_sites, sizeof *sites, cmp_text);
  char from[16], to[16], period[200];
  date_text(eml_imaging_result_from(res), from, sizeof from);
  date_text(eml_imaging_result_to(res) - 1, to, sizeof to);
  snprintf(period, sizeof period,
           "Campagne du %s au %s (%.1f semaines) ; rang centile, P20, médiane et P80 dans le "
           "panel de la modalité.",
           from, to, eml_imaging_result_weeks(res));
  for (char *p = period; *p; p++)
    if (*p == '.' && p[1] >= '0' && p[1] <= '9')
      *p = ','; /* decimal comma */
  int rc = CLI_EXIT_OK;
  eml_diag d;
  eml_diag_clear(&d);
  for (size_t s = 0; s < n_sites && rc == CLI_EXIT_OK; s++) {
    if (s && strcmp(sites[s], sites[s - 1]) == 0)
      continue;
    char name[64], path[4096];
    site_file_name(sites[s], name, sizeof name);
    snprintf(path, sizeof path, "%s/fiches_%s.pdf", a->output, name);
    eml_pdf_doc *doc = eml_pdf_doc_new(path, &d);
    if (!doc) {
      cli_print_diag(&d);
      rc = CLI_EXIT_SYSTEM;
      break;
    }
    eml_status st = EML_OK;
    long machines = 0;
    for (size_t i = 0; !st && i < n; i++)
      if (strcmp(eml_imaging_machine_at(res, i)->finess, sites[s]) == 0) {
        st = machine_sheet(doc, res, i, act, period);
        machines++;
      }
    int pages = eml_pdf_doc_pages(doc);
    eml_status closed = eml_pdf_doc_close(doc, &d);
    if (st || closed) {
      if (closed)
        cli_print_diag(&d);
      else
        cli_fail(cli_exit_code(st), "%s: %s", path, eml_strerror(st));
      rc = cli_exit_code(st ? st : closed);
    } else {
      printf("%s: %ld appareil%s, %d page%s\n", path, machines, machines > 1 ? "s" : "", pages,
             pages > 1 ? "s" : "");
    }
  }
  free(sites);
  return rc;
}

int cmd_report_machines(const cli_args *args) {
  report_args a;
  parse_args(args, &a);
  int rc;
  eml_imaging_campaign *c = NULL;
  eml_imaging_result *res = NULL;
  if ((rc = imaging_input_check(&a.in)) < 0)
    rc = imaging_input_compute(&a.in, &res, &c);
  imaging_input_free(&a.in);
  if (rc >= 0)
    return rc;
  eml_imaging_activity *act = NULL;
  eml_status st = eml_imaging_activity_compute(c, res, -1, &act);
  eml_imaging_campaign_free(c);
  if (st) {
    rc = cli_fail(cli_exit_code(st), "cannot compute the activity: %s", eml_strerror(st));
  } else {
    struct stat sb;
    if (stat(a.output, &sb) != 0)
      mkdir(a.output, 0777);
    rc = write_sites(&a, res, act);
  }
  eml_imaging_activity_free(act);
  eml_imaging_result_free(res);
  eml_chart_cleanup();
  return rc;
}
