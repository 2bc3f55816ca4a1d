/*
 * cmd_generate.c — `eml generate imaging` (a synthetic CT/MRI campaign,
 * eml/generate.h) and `eml imaging appointments` (the appointment-delay
 * survey of seed 001 figures 1-6, eml/appointments.h). Thin layers: options
 * in, library call, summary or tables out.
 */
#include "cli.h"
#include "commands.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char cmd_generate_imaging_usage[] =
    "Usage: eml generate imaging --ct N --mri M --out DIR [OPTIONS]\n"
    "Writes a synthetic imaging campaign (sites.csv, equipment.csv, sessions.csv,\n"
    "exams.csv, appointments.csv) calibrated on the national benchmark (seed 001).\n"
    "  --ct N          number of CT scanners (default 0)\n"
    "  --mri M         number of MRI machines (default 0)\n"
    "  --days D        campaign length in days (default 28)\n"
    "  --from DATE     first day (default 2010-02-01)\n"
    "  --seed S        random seed, a whole number (default 1): same seed, same files\n"
    "  --out DIR       output folder (created if missing)\n"
    "  --schedule      also write schedule.csv, the weekly templates of the sessions\n"
    "  --threads T     1 to 256 (default: the online cores); the files do not depend\n"
    "                  on it\n";

const char cmd_imaging_appointments_usage[] =
    "Usage: eml imaging appointments APPOINTMENTS.csv [--equipment EQUIPMENT.csv] [OPTIONS]\n"
    "Appointment delays of the survey (seed 001, figures 1 to 6): P20, median and P80\n"
    "in days per modality and patient class, and per clinical case; urgent requests\n"
    "are left out.\n"
    "  --equipment FILE  equipment.csv giving the modality of each equipment_id\n"
    "  --format F        text, csv, json, md, html or xlsx (default text)\n"
    "  --output FILE     write there instead of the terminal (needed for xlsx)\n"
    "  --encoding E      utf8 (default), cp1252 or latin1\n"
    "  --rejects FILE    keep the good rows, write the bad ones there with the reason\n";

int cmd_generate_imaging(int argc, char **argv) {
  static const struct option options[] = {
      {"ct", required_argument, NULL, 'c'},   {"mri", required_argument, NULL, 'm'},
      {"days", required_argument, NULL, 'd'}, {"from", required_argument, NULL, 'f'},
      {"seed", required_argument, NULL, 's'}, {"out", required_argument, NULL, 'o'},
      {"schedule", no_argument, NULL, 'S'},   {"threads", required_argument, NULL, 't'},
      {NULL, 0, NULL, 0}};
  eml_generate_options o;
  eml_generate_defaults(&o);
  o.threads = 0; /* the online cores */
  const char *dir = NULL;
  long v;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'c':
      if (!cli_parse_whole_option("--ct", optarg, 0, EML_GENERATE_MACHINES_MAX, &v))
        return CLI_EXIT_USAGE;
      o.ct = (int)v;
      break;
    case 'm':
      if (!cli_parse_whole_option("--mri", optarg, 0, EML_GENERATE_MACHINES_MAX, &v))
        return CLI_EXIT_USAGE;
      o.mri = (int)v;
      break;
    case 'd':
      if (!cli_parse_whole_option("--days", optarg, 1, EML_GENERATE_DAYS_MAX, &v))
        return CLI_EXIT_USAGE;
      o.days = (int)v;
      break;
    case 't':
      if (!cli_parse_whole_option("--threads", optarg, 1, EML_THREADS_MAX, &v))
        return CLI_EXIT_USAGE;
      o.threads = (int)v;
      break;
    case 's':
      if (!cli_parse_whole_option("--seed", optarg, 0, 2147483647L * 2L, &v))
        return CLI_EXIT_USAGE;
      o.seed = (uint64_t)v;
      break;
    case 'f':
      if (!cli_parse_date_option("--from", optarg, &o.from))
        return CLI_EXIT_USAGE;
      break;
    case 'o':
      dir = optarg;
      break;
    case 'S':
      o.write_schedule = 1;
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "generate imaging: unknown option '%s' (see --help)",
                      argv[optind - 1]);
    }
  }
  if (optind < argc)
    return cli_fail(CLI_EXIT_USAGE, "generate imaging: unexpected argument '%s'", argv[optind]);
  if (!dir)
    return cli_fail(CLI_EXIT_USAGE, "generate imaging: option --out DIR is required");
  if (o.ct + o.mri < 1)
    return cli_fail(CLI_EXIT_USAGE, "generate imaging: give --ct N and/or --mri M (at least 1)");
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return cli_fail(CLI_EXIT_SYSTEM, "%s: cannot create the folder: %s", dir, strerror(errno));
  eml_generate_counts counts;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_generate_imaging(&o, dir, &counts, &diag);
  if (st) {
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  printf("%s : %ld sites, %ld équipements, %ld vacations, %ld examens, %ld réponses à "
         "l'enquête de délais de rendez-vous",
         dir, counts.sites, counts.machines, counts.sessions, counts.exams, counts.appointments);
  if (o.write_schedule)
    printf(", %ld lignes de planning hebdomadaire", counts.schedule_rows);
  printf("\n");
  return CLI_EXIT_OK;
}

/* ---- eml imaging appointments -------------------------------------------- */

int cmd_imaging_appointments(int argc, char **argv) {
  static const struct option options[] = {
      {"equipment", required_argument, NULL, 'e'}, {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},    {"encoding", required_argument, NULL, 'E'},
      {"rejects", required_argument, NULL, 'r'},   {NULL, 0, NULL, 0}};
  const char *equipment_path = NULL, *output = NULL, *rejects_path = NULL;
  eml_format format = EML_FORMAT_TEXT;
  eml_csv_options csv = {EML_ENC_UTF8, 0, 0};
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
    switch (c) {
    case 'e':
      equipment_path = optarg;
      break;
    case 'f':
      if (!cli_parse_format_option(optarg, &format))
        return CLI_EXIT_USAGE;
      break;
    case 'o':
      output = optarg;
      break;
    case 'E':
      if (!cli_parse_encoding_option(optarg, &csv.encoding))
        return CLI_EXIT_USAGE;
      break;
    case 'r':
      rejects_path = optarg;
      break;
    default:
      return cli_fail(CLI_EXIT_USAGE, "imaging appointments: unknown option '%s' (see --help)",
                      argv[optind - 1]);
    }
  }
  if (optind + 1 != argc)
    return cli_fail(CLI_EXIT_USAGE, "imaging appointments: give one appointments.csv file");
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
  if (rejects_path && (st = eml_rejects_open(rejects_path, (const char *const *)&argv[optind], 1,
                                             &rejects, &diag))) {
    eml_equipment_modalities_free(index);
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  eml_read_hooks hooks = {rejects ? eml_rejects_hook : NULL, cli_print_warning, rejects};
  eml_appointments *survey = eml_appointments_new();
  eml_read_counts counts;
  st = survey ? eml_appointments_read(survey, argv[optind], &csv, eml_equipment_modality, index,
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
    fprintf(stderr, "eml: %s: %ld lignes lues, %ld chargées, %ld rejetées\n", argv[optind],
            counts.read, counts.loaded, counts.rejected);
    if (code == CLI_EXIT_OK && counts.rejected)
      code = CLI_EXIT_DATA;
  }
  eml_appointments_free(survey);
  return code;
}
