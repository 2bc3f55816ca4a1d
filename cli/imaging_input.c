/*
 * imaging_input.c — parsing and loading the inputs of the imaging commands
 * (imaging_input.h; spec imaging.md "Inputs" and "Campaign", issue 4): the
 * options (rows of commands.c) read into one struct, and one loader, for
 * `eml imaging compute|report|machine|import` and `eml report imaging|
 * machines`. Bad rows of every file go to one reject
 * sink: all-or-nothing by default, kept aside with --rejects FILE.
 */
#include "imaging_input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REJECTS_PRINTED_MAX 20 /* bad rows printed on stderr without --rejects */

void imaging_input_init(imaging_input *in) {
  memset(in, 0, sizeof *in);
  eml_imaging_options_default(&in->opts);
}

/* The text of an option the command may not declare. */
static const char *text_if(const cli_args *a, const char *name) {
  return cli_takes(a, name) ? cli_text(a, name) : NULL;
}

/* Whether an option the command may not declare was given. */
static int given_if(const cli_args *a, const char *name) {
  return cli_takes(a, name) && cli_given(a, name) > 0;
}

void imaging_input_from_args(imaging_input *in, const cli_args *a) {
  imaging_input_init(in);
  in->equipment = text_if(a, "equipment");
  in->sessions = text_if(a, "sessions");
  in->schedule = text_if(a, "schedule");
  in->exams = text_if(a, "exams");
  in->sites_path = text_if(a, "sites");
  in->appointments_path = text_if(a, "appointments");
  in->campaign = text_if(a, "campaign");
  if (cli_takes(a, "db"))
    in->db = cli_text(a, "db");
  in->rejects = text_if(a, "rejects");
  if (cli_takes(a, "holidays")) {
    in->has_holidays = cli_given(a, "holidays") > 0;
    in->skip_holidays = strcmp(cli_text(a, "holidays"), "skip") == 0;
  }
  if ((in->has_from = given_if(a, "from")))
    in->opts.from = cli_date(a, "from");
  if ((in->has_to = given_if(a, "to")))
    in->opts.to = cli_date(a, "to");
  if (cli_takes(a, "min-exam-minutes")) {
    in->opts.min_exam_minutes = cli_number(a, "min-exam-minutes");
    in->opts.er_share_min = cli_number(a, "er-share");
  }
  in->timing = cli_takes(a, "timing") && cli_flag(a, "timing");
}

void imaging_input_free(imaging_input *in) {
  eml_register_free(&in->sites);
  memset(&in->sites, 0, sizeof in->sites);
  in->has_sites = 0;
  eml_appointments_free(in->appointments);
  in->appointments = NULL;
}

int imaging_input_check(imaging_input *in) {
  int files = in->equipment || in->sessions || in->schedule || in->exams;
  if (in->sessions && in->schedule)
    return cli_fail(CLI_EXIT_USAGE, "give the sessions either as intervals (--sessions FILE) or "
                                    "as a weekly template (--schedule FILE), not both");
  if (files && (!in->equipment || !(in->sessions || in->schedule) || !in->exams))
    return cli_fail(CLI_EXIT_USAGE, "options --equipment, --sessions (or --schedule) and "
                                    "--exams go together");
  if (!files && !in->campaign)
    return cli_fail(CLI_EXIT_USAGE, "give the files (--equipment, --sessions or --schedule, "
                                    "--exams) or a stored campaign (--campaign NAME)");
  if (in->has_from != in->has_to)
    return cli_fail(CLI_EXIT_USAGE, "options --from and --to go together");
  if (in->has_holidays && !in->schedule)
    return cli_fail(CLI_EXIT_USAGE, "option --holidays goes with --schedule (the sessions of "
                                    "--sessions are taken as they are)");
  if (in->schedule && !in->has_from)
    return cli_fail(CLI_EXIT_USAGE, "option --schedule needs the campaign window: give --from "
                                    "and --to");
  if (in->has_from && in->opts.to <= in->opts.from)
    return cli_fail(CLI_EXIT_USAGE, "option --to must be after --from");
  in->opts.has_window = in->has_from;
  return -1;
}

/* ---- loading ---- */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct reject_sink {
  FILE *file; /* --rejects, or NULL: print on stderr */
  long count, printed;
} reject_sink;

static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t raw_len) {
  reject_sink *sink = ctx;
  char msg[1024];
  eml_diag_format(diag, msg, sizeof msg);
  sink->count++;
  if (sink->file) {
    fprintf(sink->file, "%s\t", msg);
    fwrite(raw, 1, raw_len, sink->file);
    fputc('\n', sink->file);
  } else if (sink->printed < REJECTS_PRINTED_MAX) {
    sink->printed++;
    fprintf(stderr, "eml: %s\n", msg);
  }
}

static void print_counts(const char *path, const eml_imaging_load_counts *c) {
  fprintf(stderr, "eml: %s: read %ld, loaded %ld, rejected %ld", path, c->read, c->loaded,
          c->rejected);
  if (c->skipped)
    fprintf(stderr, ", skipped %ld (modality other than CT and MRI)", c->skipped);
  fputc('\n', stderr);
}

/* The register's sites of the store, when it holds some. */
static eml_status load_stored_sites(imaging_input *in, eml_store *store, eml_diag *diag) {
  eml_register reg = {0};
  eml_status st = eml_store_load_register(store, &reg, diag);
  if (st) {
    eml_register_free(&reg);
    return st;
  }
  eml_register_sort(&reg);
  in->sites = reg;
  in->has_sites = reg.nsites > 0;
  return EML_OK;
}

/* A campaign stored by `eml imaging import`; -1 or an exit code. */
static int load_stored_campaign(imaging_input *in, eml_imaging_campaign *c) {
  eml_store *store;
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_store_open(in->db, EML_STORE_READ_ONLY, &store, &diag);
  if (!st) {
    double t0 = now_s();
    st = eml_store_imaging_load(store, in->campaign, c, &diag);
    if (!st && !in->sites_path)
      st = load_stored_sites(in, store, &diag);
    eml_store_close(store);
    if (in->timing)
      fprintf(stderr, "eml: timing: campaign read from the store in %.3f s\n", now_s() - t0);
  }
  if (st) {
    cli_print_diag(&diag);
    return cli_exit_code(st);
  }
  return -1;
}

/* One input file: what reads it. */
typedef struct input_file {
  const char *path;
  int kind; /* 0 equipment, 1 sessions, 2 schedule, 3 exams, 4 sites, 5 appointments */
} input_file;

static void on_row_reject(void *ctx, const eml_csv_reader *csv, const eml_diag *why) {
  size_t len = 0;
  int truncated;
  const char *raw = eml_csv_raw(csv, &len, &truncated);
  on_reject(ctx, why, raw, len);
}

static const char *campaign_modality(void *ctx, const char *equipment_id) {
  return eml_imaging_campaign_modality(ctx, equipment_id);
}

/* appointments.csv (figures 1 and 2), its machines looked up in c. */
static eml_status load_appointments(imaging_input *in, eml_imaging_campaign *c, const char *path,
                                    reject_sink *sink, eml_imaging_load_counts *counts,
                                    eml_diag *diag) {
  if (!(in->appointments = eml_appointments_new()))
    return EML_ERR_NOMEM;
  eml_read_hooks hooks = {on_row_reject, cli_print_warning, sink};
  eml_read_counts read = {0};
  eml_status st = eml_appointments_read(in->appointments, path, NULL, campaign_modality, c,
                                        &hooks, &read, diag);
  memset(counts, 0, sizeof *counts);
  counts->read = read.read;
  counts->loaded = read.loaded;
  counts->rejected = read.rejected;
  return st;
}

/* Reads one file; *sessions: the dated sessions a schedule expanded to
 * (-1 for the other files). */
static eml_status load_file(imaging_input *in, eml_imaging_campaign *c, const input_file *f,
                            reject_sink *sink, eml_imaging_load_counts *counts, long *sessions,
                            eml_diag *diag) {
  *sessions = -1;
  switch (f->kind) {
  case 0: return eml_imaging_load_equipment(c, f->path, on_reject, sink, counts, diag);
  case 1: return eml_imaging_load_sessions(c, f->path, on_reject, sink, counts, diag);
  case 2: {
    eml_imaging_schedule_options o = {in->opts.from, in->opts.to, in->skip_holidays};
    eml_imaging_schedule_counts expanded;
    eml_status st =
        eml_imaging_load_schedule(c, f->path, &o, on_reject, sink, counts, &expanded, diag);
    *sessions = expanded.sessions;
    return st;
  }
  case 3: return eml_imaging_load_exams(c, f->path, on_reject, sink, counts, diag);
  case 4: {
    eml_status st = eml_imaging_read_sites(&in->sites, f->path, on_reject, sink, counts, diag);
    in->has_sites = in->sites.nsites > 0;
    return st;
  }
  default: return load_appointments(in, c, f->path, sink, counts, diag);
  }
}

int imaging_input_load(imaging_input *in, eml_imaging_campaign *c) {
  if (!in->equipment) {
    int code = load_stored_campaign(in, c);
    if (code >= 0 || !(in->sites_path || in->appointments_path))
      return code;
  }
  reject_sink sink = {0};
  if (in->rejects && !(sink.file = fopen(in->rejects, "w")))
    return cli_fail(CLI_EXIT_SYSTEM, "%s: cannot write: %s", in->rejects, strerror(errno));
  if (sink.file)
    fputs("# rejected rows: reason<TAB>row as read\n", sink.file);
  input_file files[5];
  size_t n = 0;
  if (in->equipment) {
    files[n++] = (input_file){in->equipment, 0};
    files[n++] = in->schedule ? (input_file){in->schedule, 2} : (input_file){in->sessions, 1};
    files[n++] = (input_file){in->exams, 3};
  }
  if (in->sites_path)
    files[n++] = (input_file){in->sites_path, 4};
  if (in->appointments_path)
    files[n++] = (input_file){in->appointments_path, 5};
  int code = -1;
  for (size_t i = 0; i < n && code < 0; i++) {
    double t0 = now_s();
    eml_imaging_load_counts counts;
    eml_diag diag;
    eml_diag_clear(&diag);
    long sessions;
    eml_status st = load_file(in, c, &files[i], &sink, &counts, &sessions, &diag);
    if (st && st != EML_ERR_REJECTED) {
      cli_print_diag(&diag);
      code = cli_exit_code(st);
      break;
    }
    print_counts(files[i].path, &counts);
    if (sessions >= 0) {
      char from[16], to[16];
      eml_date_format(in->opts.from, from, sizeof from);
      eml_date_format(in->opts.to, to, sizeof to);
      fprintf(stderr, "eml: %s: %ld dated sessions from %s to %s (exclusive), public holidays "
                      "%s\n",
              files[i].path, sessions, from, to, in->skip_holidays ? "skipped" : "kept");
    }
    if (in->timing)
      fprintf(stderr, "eml: timing: %s read in %.3f s\n", files[i].path, now_s() - t0);
  }
  if (sink.file && fclose(sink.file) != 0 && code < 0)
    code = cli_fail(CLI_EXIT_SYSTEM, "%s: cannot write", in->rejects);
  if (code < 0 && sink.count && !in->rejects) {
    if (sink.count > sink.printed)
      fprintf(stderr, "eml: ... and %ld more bad rows\n", sink.count - sink.printed);
    code = cli_fail(CLI_EXIT_DATA,
                    "%ld bad rows: nothing computed (fix them, or use --rejects FILE to "
                    "compute without them)",
                    sink.count);
  }
  return code;
}

int imaging_input_compute(imaging_input *in, eml_imaging_result **out,
                          eml_imaging_campaign **keep) {
  *out = NULL;
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  if (!c)
    return cli_fail(CLI_EXIT_SYSTEM, "out of memory");
  int code = imaging_input_load(in, c);
  if (code < 0) {
    eml_diag diag;
    eml_diag_clear(&diag);
    double t0 = now_s();
    eml_status st = eml_imaging_compute(c, &in->opts, out, &diag);
    if (in->timing)
      fprintf(stderr, "eml: timing: indicators computed in %.3f s\n", now_s() - t0);
    if (st) {
      cli_print_diag(&diag);
      code = cli_exit_code(st);
    }
  }
  if (keep && code < 0)
    *keep = c;
  else
    eml_imaging_campaign_free(c);
  return code;
}

int imaging_input_summary(const imaging_input *in, const eml_imaging_result *r,
                          eml_table ***tables, size_t *count) {
  eml_table **base = NULL, **sites = NULL, **appointments = NULL;
  size_t n_base = 0, n_sites = 0, n_appointments = 0;
  eml_status st = eml_imaging_summary_tables(r, &base, &n_base);
  if (!st && in->has_sites)
    st = eml_imaging_breakdown_tables(r, &in->sites, &sites, &n_sites);
  if (!st && in->appointments)
    st = eml_appointments_tables(in->appointments, &appointments, &n_appointments);
  /* in the seed's order: the counts and the files read (2 tables), the
   * counts by legal status, figures 1 and 2 (appointment delays per class;
   * the per-case figures 3-6 stay with `eml imaging appointments`), then
   * figures 7, 8, 11, 12, 15, 16, the panel, the medians by group */
  eml_table **out = NULL;
  size_t n = 0, head = n_base < 2 ? n_base : 2;
  for (size_t i = 0; i < n_appointments; i++) {
    const char *id = eml_table_id(appointments[i]);
    if (strncmp(id, "appointment_delays_", 19) != 0) {
      eml_table_free(appointments[i]);
      appointments[i] = NULL;
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < n_appointments; i++)
    if (appointments[i])
      appointments[kept++] = appointments[i];
  n_appointments = kept;
  if (!st && (out = malloc((n_base + n_sites + n_appointments + 1) * sizeof *out))) {
    if (head)
      memcpy(out, base, head * sizeof *out);
    n = head;
    if (n_sites)
      out[n++] = sites[0];
    if (n_appointments)
      memcpy(out + n, appointments, n_appointments * sizeof *out);
    n += n_appointments;
    if (n_base > head)
      memcpy(out + n, base + head, (n_base - head) * sizeof *out);
    n += n_base - head;
    if (n_sites > 1)
      memcpy(out + n, sites + 1, (n_sites - 1) * sizeof *out);
    n += n_sites ? n_sites - 1 : 0;
    free(base);
    free(sites);
    free(appointments);
  } else {
    if (!st)
      st = EML_ERR_NOMEM;
    eml_imaging_tables_free(base, n_base);
    eml_imaging_tables_free(sites, n_sites);
    eml_appointments_tables_free(appointments, n_appointments);
  }
  *tables = out;
  *count = n;
  return st ? cli_fail(cli_exit_code(st), "%s", eml_strerror(st)) : -1;
}
