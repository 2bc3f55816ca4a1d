/*
 * cmd_generate.c — `eml generate imaging` (a synthetic CT/MRI campaign,
 * eml/generate.h) and `eml imaging appointments` (the appointment-delay
 * survey of seed 001 figures 1-6, eml/appointments.h). Thin layers: options
 * in, library call, summary or tables out.
 */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int cmd_generate_imaging(const cli_args *a) {
  eml_generate_options o;
  eml_generate_defaults(&o);
  o.ct = (int)cli_whole(a, "ct");
  o.mri = (int)cli_whole(a, "mri");
  o.days = (int)cli_whole(a, "days");
  o.threads = cli_given(a, "threads") ? (int)cli_whole(a, "threads") : 0; /* 0: the online cores */
  o.seed = (uint64_t)cli_whole(a, "seed");
  o.from = cli_date(a, "from");
  o.write_schedule = cli_flag(a, "schedule");
  const char *dir = cli_text(a, "out");
  if (o.ct + o.mri < 1)
    return cli_fail(CLI_EXIT_USAGE,
                    _("generate imaging : donner --ct N et/ou --mri M (au moins 1)"));
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return cli_fail(CLI_EXIT_SYSTEM, _("%s: création du dossier impossible : %s"), dir,
                    eml_errno_text(errno));
  eml_generate_counts counts;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_generate_imaging(&o, dir, &counts, &diag);
  if (st) {
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  printf(_("%s : "), dir);
  printf(_n("%ld site, ", "%ld sites, ", counts.sites), counts.sites);
  printf(_n("%ld équipement, ", "%ld équipements, ", counts.machines), counts.machines);
  printf(_n("%ld vacation, ", "%ld vacations, ", counts.sessions), counts.sessions);
  printf(_n("%ld examen, ", "%ld examens, ", counts.exams), counts.exams);
  printf(_n("%ld réponse à l'enquête de délais de rendez-vous",
            "%ld réponses à l'enquête de délais de rendez-vous", counts.appointments),
         counts.appointments);
  if (o.write_schedule)
    printf(_n(", %ld ligne de planning hebdomadaire", ", %ld lignes de planning hebdomadaire",
              counts.schedule_rows),
           counts.schedule_rows);
  printf("\n");
  return CLI_EXIT_OK;
}

/* ---- eml imaging appointments -------------------------------------------- */

int cmd_imaging_appointments(const cli_args *a) {
  const char *equipment_path = cli_text(a, "equipment"), *output = cli_text(a, "output");
  const char *rejects_path = cli_text(a, "rejects"), *survey_path = a->arg[0];
  eml_format format = (eml_format)cli_choice(a, "format");
  eml_csv_options csv = {.encoding = (eml_encoding)cli_choice(a, "encoding")};
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_equipment_modalities *index = NULL;
  eml_status st =
      equipment_path ? eml_equipment_modalities_read(equipment_path, &csv, &index, &diag) : EML_OK;
  if (st) {
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  eml_rejects *rejects = NULL;
  if (rejects_path && (st = eml_rejects_open(rejects_path, &survey_path, 1,
                                             &rejects, &diag))) {
    eml_equipment_modalities_free(index);
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  eml_read_hooks hooks = {rejects ? eml_rejects_hook : NULL, cli_print_warning, rejects};
  eml_appointments *survey = eml_appointments_new();
  eml_read_counts counts;
  st = survey ? eml_appointments_read(survey, survey_path, &csv, eml_equipment_modality, index,
                                      &hooks, &counts, &diag)
              : EML_ERR_NOMEM;
  eml_status closed = eml_rejects_close(rejects, st == EML_OK ? &diag : NULL);
  if (closed && st == EML_OK)
    st = closed;
  eml_equipment_modalities_free(index);
  int code = CLI_EXIT_OK;
  if (st) {
    cli_print_diag(&diag);
    code = cli_exit_code(st);
  } else {
    eml_table **tables;
    size_t n;
    st = eml_appointments_tables(survey, &tables, &n);
    code = st ? cli_exit_code(st) : cli_render(format, tables, n, output);
    if (!st)
      eml_appointments_tables_free(tables, n);
    char text[256];
    cli_counts_text(text, sizeof text, counts.read, counts.loaded, -1, counts.rejected);
    fprintf(stderr, "eml: %s: %s\n", survey_path, text);
    if (code == CLI_EXIT_OK && counts.rejected)
      code = CLI_EXIT_DATA;
  }
  eml_appointments_free(survey);
  return code;
}
