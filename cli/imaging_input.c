/*
 * imaging_input.c — parsing and loading the inputs of the imaging commands
 * (imaging_input.h; spec imaging.md "Inputs" and "Campaign", issue 4): the
 * options (rows of commands.c) read into one struct for `eml imaging
 * compute|report|machine|import` and `eml report imaging|machines`, turned
 * into a source that the library loads (eml_imaging_source_load, the
 * dashboard's loader too). Bad rows of every file go to one reject sink:
 * all-or-nothing by default, kept aside with --rejects FILE.
 */
#include "imaging_input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define REJECTS_PRINTED_MAX 20 /* bad rows printed on stderr without --rejects */

void imaging_input_init(imaging_input *in) {
  memset(in, 0, sizeof *in);
  eml_imaging_source_init(&in->src);
}

/* The text of an option the command may not declare. */
static const char *text_if(const cli_args *a, const char *name) {
  return cli_takes(a, name) ? cli_text(a, name) : NULL;
}

/* Whether an option the command may not declare was given. */
static int given_if(const cli_args *a, const char *name) {
  return cli_takes(a, name) && cli_given(a, name) > 0;
}

const char *cli_profile_path(const char *name, char *buf, size_t size) {
  /* a name that is no file here, such as `ris-duree`, is a profile shipped
   * in DATA/profiles/ (cli_data_file) when one is there */
  if (name && !strchr(name, '/') && access(name, F_OK) != 0) {
    size_t n = strlen(name);
    int ini = n > 4 && strcmp(name + n - 4, ".ini") == 0;
    char file[300];
    snprintf(file, sizeof file, "profiles/%s%s", name, ini ? "" : ".ini");
    cli_data_file(file, buf, size);
    if (access(buf, R_OK) == 0)
      return buf;
  }
  return name;
}

void imaging_input_from_args(imaging_input *in, const cli_args *a) {
  imaging_input_init(in);
  in->src.equipment = text_if(a, "equipment");
  in->src.sessions = text_if(a, "sessions");
  in->src.schedule = text_if(a, "schedule");
  in->src.exams = text_if(a, "exams");
  in->src.sites = text_if(a, "sites");
  in->src.appointments = text_if(a, "appointments");
  in->src.campaign = text_if(a, "campaign");
  in->src.profile = cli_profile_path(text_if(a, "profile"), in->profile, sizeof in->profile);
  if (cli_takes(a, "db"))
    in->src.db = cli_text(a, "db");
  in->rejects = text_if(a, "rejects");
  if (cli_takes(a, "holidays")) {
    in->has_holidays = cli_given(a, "holidays") > 0;
    in->src.skip_holidays = strcmp(cli_text(a, "holidays"), "skip") == 0;
  }
  if ((in->has_from = given_if(a, "from")))
    in->src.opts.from = cli_date(a, "from");
  if ((in->has_to = given_if(a, "to")))
    in->src.opts.to = cli_date(a, "to");
  in->src.threads = given_if(a, "threads") ? (unsigned)cli_whole(a, "threads") : 0;
  if (cli_takes(a, "min-exam-minutes")) {
    in->src.opts.min_exam_minutes = cli_number(a, "min-exam-minutes");
    in->src.opts.er_share_min = cli_number(a, "er-share");
  }
  in->timing = cli_takes(a, "timing") && cli_flag(a, "timing");
}

void imaging_input_free(imaging_input *in) { eml_imaging_inputs_free(&in->loaded); }

int imaging_input_check(imaging_input *in) {
  int files = in->src.equipment || in->src.sessions || in->src.schedule || in->src.exams;
  if (in->src.sessions && in->src.schedule)
    return cli_fail(CLI_EXIT_USAGE,
                    _("donner les vacations soit en intervalles (--sessions FICHIER), soit "
                      "en semaine type (--schedule FICHIER), pas les deux"));
  if (files && (!in->src.equipment || !(in->src.sessions || in->src.schedule) || !in->src.exams))
    return cli_fail(CLI_EXIT_USAGE,
                    _("les options --equipment, --sessions (ou --schedule) et --exams vont "
                      "ensemble"));
  if (!files && !in->src.campaign)
    return cli_fail(CLI_EXIT_USAGE, _("donner les fichiers (--equipment, --sessions ou --schedule, "
        "--exams) ou une campagne enregistrée (--campaign NOM)"));
  if (in->src.profile && !files)
    return cli_fail(CLI_EXIT_USAGE,
                    _("l'option --profile va avec les fichiers (--equipment, --sessions ou "
                      "--schedule, --exams)"));
  if (in->has_from != in->has_to)
    return cli_fail(CLI_EXIT_USAGE, _("les options --from et --to vont ensemble"));
  if (in->has_holidays && !in->src.schedule)
    return cli_fail(CLI_EXIT_USAGE,
                    _("l'option --holidays va avec --schedule (les vacations de --sessions "
                      "sont prises telles quelles)"));
  if (in->src.schedule && !in->has_from)
    return cli_fail(CLI_EXIT_USAGE,
                    _("l'option --schedule demande la fenêtre de la campagne : donner "
                      "--from et --to"));
  if (in->has_from && in->src.opts.to <= in->src.opts.from)
    return cli_fail(CLI_EXIT_USAGE, _("l'option --to doit être après --from"));
  in->src.opts.has_window = in->has_from;
  return -1;
}

/* ---- loading (eml_imaging_source_load) ---- */

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct reject_sink {
  eml_rejects *rejects; /* --rejects (one file per input), or NULL: print on stderr */
  long count, printed;
  const imaging_input *in;
} reject_sink;

static void on_reject(void *ctx, const eml_diag *diag, const char *raw, size_t raw_len) {
  reject_sink *sink = ctx;
  sink->count++;
  if (sink->rejects) {
    eml_rejects_hook(sink->rejects, diag, raw, raw_len); /* errors: at eml_rejects_close */
  } else if (sink->printed < REJECTS_PRINTED_MAX) {
    sink->printed++;
    cli_print_diag(diag);
  }
}

/* `eml: durée : WHAT en 0,123 s` (--timing), the seconds in the language's
 * decimal mark. */
static void print_timing(const char *what, double seconds) {
  char s[32];
  fprintf(stderr, _("eml: durée : %s en %s s\n"), what,
          eml_number_format(seconds, 3, 0, s, sizeof s));
}

/* After each file: its counts, the sessions a schedule expanded to, the
 * time it took with --timing. */
static void on_file_read(void *ctx, const char *path, const eml_imaging_load_counts *c,
                         long sessions, double seconds) {
  const imaging_input *in = ((const reject_sink *)ctx)->in;
  if (!path) { /* the stored campaign */
    if (in->timing)
      print_timing(_("campagne lue dans le stockage"), seconds);
    return;
  }
  char counts[256];
  cli_counts_text(counts, sizeof counts, c->read, c->loaded, -1, c->rejected);
  fprintf(stderr, "eml: %s: %s", path, counts);
  if (c->skipped)
    fprintf(stderr, _n(", %ld ignorée (modalité autre que scanner et IRM)",
                       ", %ld ignorées (modalité autre que scanner et IRM)", c->skipped),
            c->skipped);
  fputc('\n', stderr);
  if (sessions >= 0) {
    char from[16], to[16];
    eml_date_format(in->src.opts.from, from, sizeof from);
    eml_date_format(in->src.opts.to, to, sizeof to);
    fprintf(stderr,
            _n("eml: %s: %ld vacation datée du %s au %s (exclu)",
               "eml: %s: %ld vacations datées du %s au %s (exclu)", sessions),
            path, sessions, from, to);
    fputs(in->src.skip_holidays ? _(", jours fériés omis\n") : _(", jours fériés gardés\n"),
          stderr);
  }
  if (in->timing) {
    char what[4200];
    snprintf(what, sizeof what, _("%s lu"), path);
    print_timing(what, seconds);
  }
}

int imaging_input_load(imaging_input *in) {
  reject_sink sink = {NULL, 0, 0, in};
  /* the rejects files are written when files are read (not for a stored
   * campaign alone): one per input, in the order they are read
   * (docs/input-files.md, "Rejects files") */
  const char *paths[5];
  size_t n = 0;
  if (in->src.equipment) {
    paths[n++] = in->src.equipment;
    paths[n++] = in->src.schedule ? in->src.schedule : in->src.sessions;
    paths[n++] = in->src.exams;
  }
  if (in->src.sites)
    paths[n++] = in->src.sites;
  if (in->src.appointments)
    paths[n++] = in->src.appointments;
  eml_diag rejects_diag;
  eml_diag_clear(&rejects_diag);
  if (n && in->rejects && eml_rejects_open(in->rejects, paths, n, &sink.rejects, &rejects_diag)) {
    cli_print_diag(&rejects_diag);
    return CLI_EXIT_SYSTEM;
  }
  eml_imaging_source_hooks hooks = {on_reject, cli_print_warning, on_file_read, &sink};
  eml_diag diag;
  eml_diag_clear(&diag);
  eml_status st = eml_imaging_source_load(&in->src, &hooks, &in->loaded, &diag);
  int code = -1;
  if (st && st != EML_ERR_REJECTED) {
    cli_print_diag(&diag);
    code = cli_exit_code(st);
  }
  if (code < 0)
    cli_print_rejects_files(sink.rejects);
  if (eml_rejects_close(sink.rejects, &rejects_diag) && code < 0) {
    cli_print_diag(&rejects_diag);
    code = CLI_EXIT_SYSTEM;
  }
  if (code < 0 && sink.count && !in->rejects) {
    if (sink.count > sink.printed)
      fprintf(stderr,
              _n("eml: ... et %ld mauvaise ligne de plus\n",
                 "eml: ... et %ld mauvaises lignes de plus\n", sink.count - sink.printed),
              sink.count - sink.printed);
    code = cli_fail(CLI_EXIT_DATA,
                    _n("%ld mauvaise ligne : rien n'est calculé (la corriger, ou "
                       "--rejects FICHIER pour calculer sans elle)",
                       "%ld mauvaises lignes : rien n'est calculé (les corriger, ou "
                       "--rejects FICHIER pour calculer sans elles)",
                       sink.count),
                    sink.count);
  }
  return code;
}

int imaging_input_compute(imaging_input *in, eml_imaging_result **out, int keep_campaign) {
  *out = NULL;
  int code = imaging_input_load(in);
  if (code < 0) {
    eml_diag diag;
    eml_diag_clear(&diag);
    double t0 = now_s();
    eml_status st = eml_imaging_compute(in->loaded.campaign, &in->src.opts, out, &diag);
    if (in->timing)
      print_timing(_("indicateurs calculés"), now_s() - t0);
    if (st) {
      cli_print_diag(&diag);
      code = cli_exit_code(st);
    }
  }
  if (!keep_campaign || code >= 0) {
    eml_imaging_campaign_free(in->loaded.campaign);
    in->loaded.campaign = NULL;
  }
  return code;
}

int imaging_input_report(const imaging_input *in, const eml_imaging_result *r, int flags,
                         const char *edited, eml_report **out) {
  eml_report_imaging_args args = {r, in->loaded.has_sites ? &in->loaded.sites : NULL,
                                  in->loaded.appointments, &in->src, flags, edited};
  eml_status st = eml_report_imaging(&args, out);
  return st ? cli_fail(cli_exit_code(st), "%s", eml_strerror(st)) : -1;
}
