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
  o.threads = (int)cli_whole(a, "threads");
  o.seed = (uint64_t)cli_whole(a, "seed");
  o.from = cli_date(a, "from");
  o.write_schedule = cli_flag(a, "schedule");
  const char *dir = cli_text(a, "out");
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

/* equipment_id -> modality, read from equipment.csv (sorted for lookup). */
typedef struct equipment_entry {
  char *id;
  char modality[8];
} equipment_entry;

typedef struct equipment_index {
  equipment_entry *entries;
  size_t count;
} equipment_index;

static int compare_entries(const void *a, const void *b) {
  return strcmp(((const equipment_entry *)a)->id, ((const equipment_entry *)b)->id);
}

static const char *modality_of(void *ctx, const char *equipment_id) {
  const equipment_index *index = ctx;
  if (!index->count)
    return NULL;
  equipment_entry key = {(char *)(uintptr_t)equipment_id, ""};
  const equipment_entry *found =
      bsearch(&key, index->entries, index->count, sizeof key, compare_entries);
  return found ? found->modality : NULL;
}

static void free_equipment(equipment_index *index) {
  for (size_t i = 0; i < index->count; i++)
    free(index->entries[i].id);
  free(index->entries);
}

static eml_status read_equipment(const char *path, const eml_csv_options *csv,
                                 equipment_index *index, eml_diag *diag) {
  eml_csv_reader *r;
  eml_status st = eml_csv_open(path, csv, &r, diag);
  if (st)
    return st;
  int id_col = eml_csv_column(r, "equipment_id"), modality_col = eml_csv_column(r, "modality");
  if (id_col < 0 || modality_col < 0) {
    eml_diag_set(diag, path, 1, id_col < 0 ? "equipment_id" : "modality", NULL, 0,
                 "missing column");
    eml_csv_close(r);
    return EML_ERR_CSV;
  }
  size_t cap = 0;
  for (;;) {
    int has_record;
    if ((st = eml_csv_next(r, &has_record, diag)) || !has_record)
      break;
    size_t id_len, modality_len;
    const char *id = eml_csv_field(r, (size_t)id_col, &id_len);
    const char *modality = eml_csv_field(r, (size_t)modality_col, &modality_len);
    if (!id_len || id_len > EML_SCHEDULE_ID_MAX || modality_len >= sizeof index->entries->modality)
      continue; /* not a CT or MRI row the survey can use; the engine reports it */
    if (index->count == cap) {
      cap = cap ? cap * 2 : 256;
      equipment_entry *grown = realloc(index->entries, cap * sizeof *grown);
      if (!grown) {
        st = EML_ERR_NOMEM;
        break;
      }
      index->entries = grown;
    }
    equipment_entry *e = &index->entries[index->count];
    if (!(e->id = strdup(id))) {
      st = EML_ERR_NOMEM;
      break;
    }
    memcpy(e->modality, modality, modality_len + 1);
    index->count++;
  }
  eml_csv_close(r);
  if (!st && index->count)
    qsort(index->entries, index->count, sizeof *index->entries, compare_entries);
  return st;
}

/* The rejects file of `eml import`: the header plus eml_reason, then each
 * bad row as read with its reason as one more quoted field. */
typedef struct rejects_file {
  FILE *f;
  int header_written;
} rejects_file;

static void write_reject(void *ctx, const eml_csv_reader *csv, const eml_diag *why) {
  rejects_file *out = ctx;
  char delimiter = eml_csv_delimiter(csv);
  if (!out->header_written) {
    for (size_t h = 0; h < eml_csv_header_count(csv); h++)
      fprintf(out->f, "%s%c", eml_csv_header(csv, h), delimiter);
    fputs("eml_reason\n", out->f);
    out->header_written = 1;
  }
  size_t len;
  int truncated;
  const char *raw = eml_csv_raw(csv, &len, &truncated);
  char reason[1024];
  eml_diag_format(why, reason, sizeof reason);
  fwrite(raw, 1, len, out->f);
  fprintf(out->f, "%c\"", delimiter);
  for (const char *p = reason; *p; p++) {
    if (*p == '"')
      fputc('"', out->f);
    fputc(*p, out->f);
  }
  if (truncated)
    fputs(" [record longer than 64 MiB: only its start is copied]", out->f);
  fputs("\"\n", out->f);
}

int cmd_imaging_appointments(const cli_args *a) {
  const char *equipment_path = cli_text(a, "equipment"), *output = cli_text(a, "output");
  const char *rejects_path = cli_text(a, "rejects"), *survey_path = a->arg[0];
  eml_format format = (eml_format)cli_choice(a, "format");
  eml_csv_options csv = {(eml_encoding)cli_choice(a, "encoding"), 0, 0};
  eml_diag diag;
  eml_diag_clear(&diag);
  equipment_index index = {NULL, 0};
  eml_status st = equipment_path ? read_equipment(equipment_path, &csv, &index, &diag) : EML_OK;
  if (st) {
    cli_print_diag(&diag);
    free_equipment(&index);
    return cli_exit_code(st);
  }
  rejects_file rejects = {NULL, 0};
  eml_read_hooks hooks = {NULL, cli_print_warning, &rejects};
  if (rejects_path && !(rejects.f = fopen(rejects_path, "w"))) {
    free_equipment(&index);
    return cli_fail(CLI_EXIT_SYSTEM, "%s: cannot write: %s", rejects_path, strerror(errno));
  }
  if (rejects.f)
    hooks.reject = write_reject;
  eml_appointments *survey = eml_appointments_new();
  eml_read_counts counts;
  st = survey ? eml_appointments_read(survey, survey_path, &csv, modality_of, &index,
                                      &hooks, &counts, &diag)
              : EML_ERR_NOMEM;
  if (rejects.f && fclose(rejects.f) != 0 && st == EML_OK) {
    st = EML_ERR_IO;
    eml_diag_set(&diag, rejects_path, 0, "--rejects", NULL, 0, "cannot write");
  }
  free_equipment(&index);
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
    fprintf(stderr, "eml: %s: %ld lignes lues, %ld chargées, %ld rejetées\n", survey_path,
            counts.read, counts.loaded, counts.rejected);
    if (code == CLI_EXIT_OK && counts.rejected)
      code = CLI_EXIT_DATA;
  }
  eml_appointments_free(survey);
  return code;
}
