/*
 * cmd_imaging.c — `eml imaging report` (the national summary of the CT/MRI
 * benchmark, spec imaging.md "Reports"; `eml imaging compute` is the same
 * code, with --machines-csv / --panel-csv writing the files compared with
 * the DuckDB reference, shared/bench/README.md), `eml imaging machine ID`
 * (one machine's sheet) and `eml imaging import|campaigns` (the store).
 * Inputs (files or stored campaign, sessions or schedule, sites) are parsed
 * by imaging_input.c and loaded by libeml (eml/imaging_source.h); the
 * summary and the sheet are libeml's reports (eml/report.h), the ones `eml
 * report` and the dashboard show.
 */
#include "cli.h"
#include "commands.h"
#include "imaging_input.h"

#include <stdlib.h>
#include <string.h>

typedef struct imaging_args {
  imaging_input in;
  const char *machines_csv, *panel_csv, *output;
  eml_format format;
} imaging_args;

/* Reads the options of compute, report, machine and import; returns -1 to
 * go on (a->in to be freed), or an exit code. */
static int parse_args(const cli_args *args, imaging_args *a) {
  memset(a, 0, sizeof *a);
  imaging_input_from_args(&a->in, args);
  if (cli_takes(args, "machines-csv")) {
    a->machines_csv = cli_text(args, "machines-csv");
    a->panel_csv = cli_text(args, "panel-csv");
  }
  if (cli_takes(args, "format")) {
    a->format = (eml_format)cli_choice(args, "format");
    a->output = cli_text(args, "output");
  }
  return imaging_input_check(&a->in);
}

static eml_status write_csv(const char *path,
                            eml_status (*writer)(const eml_imaging_result *, eml_write_fn, void *),
                            const eml_imaging_result *r) {
  FILE *f = fopen(path, "w");
  if (!f)
    return EML_ERR_IO;
  eml_status st = writer(r, eml_write_file, f);
  if (fclose(f) != 0 && !st)
    st = EML_ERR_IO;
  return st;
}

/* Loads and computes, writes --machines-csv / --panel-csv; *out is the
 * result, or NULL with the exit code. With keep_campaign, a->in.loaded
 * keeps the campaign when *out is set (imaging_input_compute). */
static int load_and_compute(imaging_args *a, eml_imaging_result **out, int keep_campaign) {
  int code = imaging_input_compute(&a->in, out, keep_campaign);
  if (code >= 0)
    return code;
  if (a->machines_csv && write_csv(a->machines_csv, eml_imaging_write_machines_csv, *out))
    code = cli_fail(CLI_EXIT_SYSTEM, _("%s: écriture impossible"), a->machines_csv);
  if (code < 0 && a->panel_csv && write_csv(a->panel_csv, eml_imaging_write_panel_csv, *out))
    code = cli_fail(CLI_EXIT_SYSTEM, _("%s: écriture impossible"), a->panel_csv);
  if (code >= 0) {
    eml_imaging_result_free(*out);
    *out = NULL;
  }
  return code;
}


/* compute and report: one code, two names (report is the documented one). */
static int national_summary(const cli_args *args) {
  imaging_args a;
  int code = parse_args(args, &a);
  eml_imaging_result *r = NULL;
  if (code < 0)
    code = load_and_compute(&a, &r, 0);
  eml_report *report = NULL;
  if (code < 0)
    code = imaging_input_report(&a.in, r, 0, NULL, &report);
  code = cli_report_done(code, a.format, report, a.output);
  eml_imaging_result_free(r);
  imaging_input_free(&a.in);
  return code;
}

int cmd_imaging_compute(const cli_args *a) {
  return national_summary(a);
}

int cmd_imaging_report(const cli_args *a) {
  return national_summary(a);
}

int cmd_imaging_machine(const cli_args *args) {
  imaging_args a;
  int code = parse_args(args, &a);
  eml_imaging_result *r = NULL;
  if (code < 0)
    code = load_and_compute(&a, &r, 1);
  const char *id = args->arg[0];
  long at = code < 0 ? eml_imaging_machine_find(r, id) : -1;
  if (code < 0 && at < 0) {
    eml_diag d;
    eml_diag_set(&d, NULL, 0, "EQUIPMENT_ID", id, strlen(id),
                 "aucun scanner ni IRM de cet identifiant dans le fichier des équipements");
    cli_print_diag(&d);
    code = CLI_EXIT_DATA;
  }
  /* the sheet ends with the hour-by-weekday activity (the campaign's exams
   * read again) */
  eml_imaging_activity *act = NULL;
  eml_report *report = NULL;
  eml_status st = EML_OK;
  if (code < 0)
    st = eml_imaging_activity_compute(a.in.loaded.campaign, r, at, &act);
  if (code < 0 && !st) /* with --sites, its region against the nation */
    st = eml_report_machine_sites(r, (size_t)at, eml_imaging_activity_machine(act, (size_t)at),
                                  a.in.loaded.has_sites ? &a.in.loaded.sites : NULL, 0, &report);
  imaging_input_free(&a.in);
  if (code < 0)
    code = st ? cli_fail(cli_exit_code(st), "%s", eml_strerror(st))
              : cli_render_report(a.format, report, a.output);
  eml_report_free(report);
  eml_imaging_activity_free(act);
  eml_imaging_result_free(r);
  return code;
}

/* ---- eml imaging import / eml imaging campaigns ---- */

/* "7 équipements, 7 vacations, 24 examens" ("7 machines, 7 sessions, 24
 * exams"), sep between the counts. */
static void campaign_sizes_text(char *buf, size_t size, long machines, long sessions, long exams,
                                const char *sep) {
  char m[64], s[64];
  snprintf(m, sizeof m, _n("%ld équipement", "%ld équipements", machines), machines);
  snprintf(s, sizeof s, _n("%ld vacation", "%ld vacations", sessions), sessions);
  snprintf(buf, size, "%s%s%s%s", m, sep, s, sep);
  size_t n = strlen(buf);
  snprintf(buf + n, size - n, _n("%ld examen", "%ld examens", exams), exams);
}

int cmd_imaging_import(const cli_args *args) {
  imaging_args a;
  int code = parse_args(args, &a);
  if (code >= 0)
    return code;
  if (!a.in.src.campaign || !a.in.src.equipment)
    return cli_fail(CLI_EXIT_USAGE,
                    _("les options --campaign, --equipment, --sessions (ou --schedule) et "
                      "--exams sont obligatoires"));
  if ((code = imaging_input_load(&a.in)) >= 0) {
    imaging_input_free(&a.in);
    return code;
  }
  const eml_imaging_campaign *c = a.in.loaded.campaign;
  const char *db = a.in.src.db, *campaign = a.in.src.campaign;
  eml_store *store;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(db, EML_STORE_OPEN_EXISTING, &store, &diag);
  if (!st) {
    size_t machines, sessions, exams;
    eml_imaging_campaign_sizes(c, &machines, &sessions, &exams);
    st = eml_imaging_import(store, campaign, c, cli_user(NULL), &diag);
    if (!st) {
      char sizes[200];
      campaign_sizes_text(sizes, sizeof sizes, (long)machines, (long)sessions, (long)exams, ", ");
      printf(_("campagne %s enregistrée dans %s : %s\n"), campaign, db, sizes);
    }
    eml_store_close(store);
  }
  imaging_input_free(&a.in);
  if (st) {
    cli_print_diag(&diag);
    fprintf(stderr, _("eml: campagne %s non enregistrée\n"), campaign);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

static eml_status print_campaign(void *ctx, const char *name, const char *imported_at,
                                 long machines, long sessions, long exams) {
  (void)ctx;
  char sizes[200];
  campaign_sizes_text(sizes, sizeof sizes, machines, sessions, exams, "\t");
  printf("%s\t%s\t%s\n", name, imported_at, sizes);
  return EML_OK;
}

int cmd_imaging_campaigns(const cli_args *a) {
  const char *db = cli_text(a, "db");
  eml_store *store;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(db, EML_STORE_READ_ONLY, &store, &diag);
  if (!st) {
    st = eml_store_imaging_each(store, print_campaign, NULL, &diag);
    eml_store_close(store);
  }
  if (st) {
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}
