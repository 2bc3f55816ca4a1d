/*
 * cmd_plan.c — the `plan` commands (spec planning.md, issue 15): `eml plan
 * need` (§2: the need projected from population, beside the balance of the
 * register), `eml plan scenario` (§3: changes applied to a copy of the
 * register, the balance before and after), `eml plan delays` (§4:
 * appointment delays simulated against the programmed capacity), and `eml
 * imaging capacity` (§1: the capacity held in the existing machines, from
 * the imaging inputs). Each reads its inputs, calls lib/plan and renders
 * the tables in the format asked. Options and help: commands.c.
 */
#include "cli.h"
#include "commands.h"
#include "imaging_input.h"

#include <stdlib.h>
#include <string.h>

#define METHODS_MAX 8 /* --method given at most this many times */

/* The methods of --method (repeatable, or a comma list), each once, in
 * order; 0 after the message when one is unknown. */
static int parse_methods(const cli_args *a, eml_need_method *out, size_t *n) {
  const char *given[METHODS_MAX];
  size_t ng = cli_list(a, "method", given, METHODS_MAX);
  *n = 0;
  for (size_t i = 0; i < ng; i++) {
    const char *s = given[i];
    while (*s) {
      const char *comma = strchr(s, ',');
      size_t len = comma ? (size_t)(comma - s) : strlen(s);
      char word[32];
      eml_need_method m;
      if (len >= sizeof word || (memcpy(word, s, len), word[len] = '\0',
                                 eml_need_method_parse(word, &m) != EML_OK))
        return cli_bad_option("--method", given[i],
                              _("méthode inconnue (attendu ratio, utilisation, ny-mri ou linac)"));
      size_t k = 0;
      while (k < *n && out[k] != m)
        k++;
      if (k == *n)
        out[(*n)++] = m;
      s += len + (comma ? 1 : 0);
    }
  }
  return *n > 0 || cli_bad_option("--method", "", _("aucune méthode donnée"));
}

/* --tolerance P: a percentage, "10%", "10 %" or "10" (from 0 to 99). */
static int parse_tolerance(const char *value, double *out) {
  char buf[32];
  size_t len = strlen(value);
  while (len && (value[len - 1] == '%' || value[len - 1] == ' '))
    len--;
  if (len == 0 || len >= sizeof buf)
    return cli_bad_option("--tolerance", value, _("pas un pourcentage de 0 à 99"));
  memcpy(buf, value, len);
  buf[len] = '\0';
  if (eml_parse_double(buf, len, 1, out) != EML_OK || *out < 0 || *out > 99)
    return cli_bad_option("--tolerance", value, _("pas un pourcentage de 0 à 99"));
  *out /= 100;
  return 1;
}

/* What a failed reading stops: the need (eml plan need) or the scenario. */
typedef enum { STOPS_NEED, STOPS_SCENARIO } reading_stops;

/* Prints why a reading of path failed: every bad row already printed by
 * the hooks, then one line: `FILE: N mauvaises lignes : …`. */
static int reading_failed(const char *path, eml_status st, const cli_problem_report *report,
                          const eml_diag *d, reading_stops stops) {
  if (report->suppressed)
    fprintf(stderr,
            _n("eml: %s: ... et %ld mauvaise ligne de plus\n",
               "eml: %s: ... et %ld mauvaises lignes de plus\n", report->suppressed),
            path, report->suppressed);
  long n = report->printed + report->suppressed;
  if (st != EML_ERR_REJECTED || !report->printed)
    cli_print_diag(d);
  else if (stops == STOPS_NEED)
    fprintf(stderr,
            _n("eml: %s: %ld mauvaise ligne : aucun besoin projeté\n",
               "eml: %s: %ld mauvaises lignes : aucun besoin projeté\n", n),
            path, n);
  else
    fprintf(stderr,
            _n("eml: %s: %ld mauvaise ligne : rien n'est appliqué\n",
               "eml: %s: %ld mauvaises lignes : rien n'est appliqué\n", n),
            path, n);
  return cli_exit_code(st);
}

/* ---- eml plan need ---- */
int cmd_plan_need(const cli_args *a) {
  eml_need_method methods[EML_NEED_METHOD_COUNT];
  size_t nmethods;
  double tolerance;
  if (!parse_methods(a, methods, &nmethods) ||
      !parse_tolerance(cli_text(a, "tolerance"), &tolerance))
    return CLI_EXIT_USAGE;
  eml_csv_options csv = {0};
  csv.encoding = (eml_encoding)cli_choice(a, "encoding");
  cli_problem_report report = {0, 0};
  eml_read_hooks hooks = {cli_print_problem, cli_print_warning, &report};
  eml_population pop;
  eml_diag d;
  eml_diag_clear(&d);
  const char *path = cli_text(a, "population");
  eml_status st = eml_population_read(path, &csv, &hooks, &pop, &d);
  if (st)
    return reading_failed(path, st, &report, &d, STOPS_NEED);
  eml_register reg;
  int rc = cli_register_read(cli_text(a, "db"), &reg);
  if (rc) {
    eml_population_free(&pop);
    return rc;
  }
  eml_need_args args = {
      .reg = &reg,
      .period = cli_text(a, "period"),
      .at = cli_date(a, "at"),
      .modality = cli_given(a, "modality") ? cli_choice(a, "modality") : -1,
      .population = &pop,
      .year = (int)cli_whole(a, "year"),
      .methods = methods,
      .nmethods = nmethods,
      .has_per_100k = cli_given(a, "per-100k") > 0,
      .per_100k = cli_given(a, "per-100k") ? cli_number(a, "per-100k") : 0,
      .threshold = cli_given(a, "threshold") ? cli_number(a, "threshold") : 0,
      .tolerance = tolerance,
  };
  eml_table **tables = NULL;
  size_t count = 0;
  eml_diag_clear(&d);
  st = eml_need_tables(&args, &tables, &count, &d);
  rc = st ? cli_status(st, &d)
          : cli_render((eml_format)cli_choice(a, "format"), tables, count, cli_text(a, "output"));
  eml_tables_free(tables, count);
  eml_register_free(&reg);
  eml_population_free(&pop);
  return rc;
}

/* ---- eml plan delays ---- */
int cmd_plan_delays(const cli_args *a) {
  static const eml_delay_change change_of[] = {EML_DELAY_CHANGE_MACHINE,
                                               EML_DELAY_CHANGE_SESSION,
                                               EML_DELAY_CHANGE_LATE_START};
  const char *given[EML_DELAY_CHANGE_COUNT * 2];
  size_t ng = cli_list(a, "change", given, sizeof given / sizeof given[0]);
  eml_delay_change changes[sizeof given / sizeof given[0]];
  static const char *const names[] = {"machine", "session", "late-start"};
  for (size_t i = 0; i < ng; i++) {
    size_t k = 0;
    while (k < 3 && strcmp(given[i], names[k]) != 0)
      k++;
    if (k == 3) {
      cli_bad_option("--change", given[i],
                     _("changement inconnu (attendu machine, session ou late-start)"));
      return CLI_EXIT_USAGE;
    }
    changes[i] = change_of[k];
  }
  eml_delay_sim s = {
      .rate_per_day = cli_number(a, "rate"),
      .machines = (int)cli_whole(a, "machines"),
      .sessions_per_week = (int)cli_whole(a, "sessions"),
      .session_hours = cli_number(a, "session-hours"),
      .exam_minutes = cli_number(a, "exam-minutes"),
      .open_always = cli_flag(a, "open-always"),
      .warmup_days = (double)cli_whole(a, "warmup-days"),
      .days = (double)cli_whole(a, "days"),
      .seed = (uint64_t)cli_whole(a, "seed"),
  };
  eml_table *t = NULL;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_delay_table(&s, changes, ng, cli_number(a, "late-cut-minutes"), &t, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  int rc = cli_render((eml_format)cli_choice(a, "format"), &t, 1, cli_text(a, "output"));
  eml_table_free(t);
  return rc;
}

/* The --reference of the capacity: 1, or 0 after the message. */
static int capacity_reference(const cli_args *a, eml_capacity_args *ca) {
  const char *reference = cli_text(a, "reference");
  if (eml_capacity_reference_parse(reference, ca) == EML_OK)
    return 1;
  return cli_bad_option("--reference", reference,
                        _("attendu p20, median ou trois minutes L,E,G (par exemple 5,5,2)"));
}

/* The reference and the imaging figures of a capacity: -1 with *r filled
 * (the caller frees it), or the exit code after the message. */
static int capacity_input(const cli_args *a, eml_capacity_args *ca, eml_imaging_result **r) {
  if (!capacity_reference(a, ca))
    return CLI_EXIT_USAGE;
  imaging_input in;
  imaging_input_from_args(&in, a);
  int code = imaging_input_check(&in);
  if (code < 0)
    code = imaging_input_compute(&in, r, 0);
  imaging_input_free(&in);
  return code;
}

int cli_capacity_beside_balance(const cli_args *a, const eml_register *reg, eml_table **tables,
                                size_t count) {
  eml_capacity_args ca;
  eml_imaging_result *r = NULL;
  int code = capacity_input(a, &ca, &r);
  if (code >= 0)
    return code;
  int modality = cli_given(a, "modality") ? cli_choice(a, "modality") : -1;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_capacity_beside_balance(r, &ca, reg, cli_text(a, "period"),
                                              cli_date(a, "at"), modality,
                                              cli_text(a, "campaign"), tables, count, &d);
  if (st)
    code = cli_fail(cli_exit_code(st), _("capacité : %s"), eml_strerror(st));
  eml_imaging_result_free(r);
  return code;
}

/* ---- eml imaging capacity ---- */

/* --format pdf: the index after the formats of eml_format (commands.c) */
#define CAPACITY_FORMAT_PDF (EML_FORMAT_XLSX + 1)

int cmd_imaging_capacity(const cli_args *a) {
  eml_capacity_args ca;
  if (!capacity_reference(a, &ca))
    return CLI_EXIT_USAGE;
  int format = cli_choice(a, "format");
  const char *output = cli_text(a, "output");
  if (format == CAPACITY_FORMAT_PDF && !output)
    return cli_fail(CLI_EXIT_USAGE, _("l'option --format pdf demande --output FICHIER"));
  imaging_input in;
  imaging_input_from_args(&in, a);
  int code = imaging_input_check(&in);
  eml_imaging_result *r = NULL;
  if (code < 0)
    code = imaging_input_compute(&in, &r, 0);
  char today[16];
  cli_today_text(today, sizeof today);
  eml_report_capacity_args args = {
      .result = r, .capacity = &ca, .source = &in.src, .edited = today,
      .flags = format == CAPACITY_FORMAT_PDF ? EML_REPORT_CHARTS | EML_REPORT_DOCUMENT : 0};
  eml_report *report = NULL;
  eml_status st = code < 0 ? eml_report_capacity(&args, &report) : EML_OK;
  if (code < 0 && st)
    code = cli_fail(cli_exit_code(st), _("capacité : %s"), eml_strerror(st));
  if (code < 0 && format == CAPACITY_FORMAT_PDF) {
    eml_diag d;
    eml_diag_clear(&d);
    st = eml_render_report_pdf_file(report, output, &d);
    if (!st && cli_given(a, "charts"))
      st = cli_write_charts(report, cli_text(a, "charts"), &d);
    if (st)
      cli_print_diag(&d);
    code = cli_exit_code(st);
  } else if (code < 0) {
    code = cli_render_report((eml_format)format, report, output);
  }
  eml_report_free(report);
  eml_imaging_result_free(r);
  imaging_input_free(&in);
  if (format == CAPACITY_FORMAT_PDF)
    eml_chart_cleanup();
  return code;
}

/* ---- eml plan scenario ---- */

int cmd_plan_scenario(const cli_args *a) {
  eml_csv_options csv = {0};
  csv.encoding = (eml_encoding)cli_choice(a, "encoding");
  eml_regime_rules rules = {0};
  eml_register reg;
  const char *db = cli_text(a, "db");
  int rc = cli_rules_and_register(db, &rules, &reg);
  if (rc)
    return rc;
  eml_diag d;
  eml_status st;
  eml_request *requests = NULL;
  size_t nrequests = 0;
  eml_scenario sc = {0};
  const char *rpath = cli_text(a, "requests"), *path = a->arg[0];
  cli_problem_report report = {0, 0};
  eml_read_hooks hooks = {cli_print_problem, NULL, &report};
  rc = -1;
  if (rpath) {
    st = eml_requests_read(rpath, &csv, &reg, &rules, &hooks, &requests, &nrequests, &d);
    if (st)
      rc = reading_failed(rpath, st, &report, &d, STOPS_SCENARIO);
  }
  if (rc < 0) {
    report.printed = report.suppressed = 0;
    eml_diag_clear(&d);
    st = eml_scenario_read(path, &csv, &reg, requests, nrequests, &hooks, &sc, &d);
    if (st)
      rc = reading_failed(path, st, &report, &d, STOPS_SCENARIO);
  }
  eml_scenario_args args = {
      .reg = &reg,
      .period = cli_text(a, "period"),
      .at = cli_date(a, "at"),
      .modality = cli_given(a, "modality") ? cli_choice(a, "modality") : -1,
      .scenario = &sc,
      .requests = requests,
      .nrequests = nrequests,
      .rules = &rules,
  };
  /* the data loaded beside the register: a campaign, the radiotherapy */
  eml_capacity_args ca;
  eml_imaging_result *imaging = NULL;
  if (rc < 0 && cli_given(a, "campaign")) {
    rc = capacity_input(a, &ca, &imaging);
    args.imaging = imaging;
    args.capacity = &ca;
    args.campaign = cli_text(a, "campaign");
  }
  static const unsigned char no_key[EML_RT_KEY_BYTES];
  eml_rt_data *rt = NULL;
  eml_rt_options rt_opts;
  eml_rt_options_default(&rt_opts);
  rt_opts.rules = &rules;
  if (rc < 0 && cli_given(a, "rt-year")) {
    if (!(rt = eml_rt_data_new(no_key))) {
      rc = cli_fail(CLI_EXIT_SYSTEM, _("mémoire insuffisante"));
    } else {
      eml_diag_clear(&d);
      if ((st = eml_store_rt_read(db, rt, &d))) {
        cli_print_diag(&d);
        rc = cli_exit_code(st);
      }
    }
    args.rt = rt;
    args.rt_year = (int)cli_whole(a, "rt-year");
    args.rt_opts = &rt_opts;
  }
  eml_table **tables = NULL;
  size_t count = 0;
  if (rc < 0) {
    eml_diag_clear(&d);
    st = eml_scenario_tables(&args, &tables, &count, &d);
    if (st) {
      cli_print_diag(&d);
      rc = cli_exit_code(st);
    }
  }
  const char *name = cli_text(a, "save");
  if (rc < 0 && name) { /* the scenario is recorded only once it applies */
    eml_store *store = NULL;
    eml_diag_clear(&d);
    st = eml_store_open(db, EML_STORE_OPEN_EXISTING, &store, &d);
    if (!st)
      st = eml_scenario_save(store, cli_user(cli_text(a, "user")), name, &args, &d);
    eml_store_close(store);
    if (st) {
      cli_print_diag(&d);
      rc = cli_exit_code(st);
    } else {
      fprintf(stderr,
              _n("eml: scénario « %s » enregistré dans %s (%zu changement, eml log --entity "
                 "scenario)\n",
                 "eml: scénario « %s » enregistré dans %s (%zu changements, eml log --entity "
                 "scenario)\n",
                 sc.count),
              name, db, sc.count);
    }
  }
  if (rc < 0)
    rc = cli_render((eml_format)cli_choice(a, "format"), tables, count, cli_text(a, "output"));
  eml_tables_free(tables, count);
  eml_imaging_result_free(imaging);
  eml_rt_data_free(rt);
  eml_scenario_free(&sc);
  free(requests);
  eml_register_free(&reg);
  eml_regime_rules_free(&rules);
  return rc;
}
