/*
 * progress.c — the progress line of long work on standard error (issue
 * 18, item 2), the sink of the library's progress (eml/progress.h).
 *
 * Model: installed by main only when standard error is a terminal and
 * --quiet is not given. Nothing shows during the first second of a piece
 * of work (EML_PROGRESS_AFTER_MS sets that delay, for the tests: 0 shows at
 * once); then one line, rewritten in place (\r, then erase to the end of
 * the line) at most four times a second:
 *   lecture : 42 %, 1 234 567 lignes, 45 Mo/s, reste 12 s
 *   écriture : 40 %, 400 appareils, 1 234 567 examens, 98 765 examens/s, reste 9 s
 *   calcul : 75 %, 750 appareils, 1 234 567 examens, ...
 *   mise en page : 50 %, 12 éléments, reste 3 s   (a PDF report)
 *   fiches : 10 %, 30 fiches, reste 1 min 05 s   (eml report machines)
 *   écriture : 40 %, 70 centres, 1 234 567 passages, ...   (eml generate radiotherapy)
 *   chargement : 50 %, 1 900 000 passages, reste 1 s   (rt activity|check|report --db)
 *   calcul : 50 %, 1 900 000 passages, reste 1 s   (the radiotherapy counting)
 * in English (po/en.po) "reading: 42%, 1,234,567 rows, 45 MB/s, 12 s left"
 * (the share and the time left only when the size of the work is known:
 * the file's bytes for a reader, the machines for the generator and the
 * benchmark; the rate in Mo/s for a reader, else in exams a second). The line is
 * erased when the work ends and before any message of the program
 * (cli_progress_clear), so that messages and summaries start on a clean
 * line.
 */
#include "cli.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define REFRESH_S 0.25 /* at most four lines a second */

static struct {
  double after_s;       /* the delay before the first line */
  int active;           /* a piece of work is going on */
  double t0, last;      /* its start; the last line shown */
  int shown;            /* a line is on the terminal */
} pr;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_clear(void) {
  if (!pr.shown)
    return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  pr.shown = 0;
}

/* "12 s", "3 min 05 s", "1 h 02 min" */
static void duration_text(double s, char *buf, size_t size) {
  long v = (long)(s + 0.5);
  if (v < 60)
    snprintf(buf, size, "%ld s", v);
  else if (v < 3600)
    snprintf(buf, size, "%ld min %02ld s", v / 60, v % 60);
  else
    snprintf(buf, size, "%ld h %02ld min", v / 3600, v / 60 % 60);
}

static void show(void *ctx, const eml_progress_state *s) {
  (void)ctx;
  double now = now_s();
  if (s->finished) {
    cli_progress_clear();
    pr.active = 0;
    return;
  }
  if (!pr.active) {
    pr.active = 1;
    pr.t0 = now;
    pr.last = 0;
  }
  double elapsed = now - pr.t0;
  if (elapsed < pr.after_s || (pr.last > 0 && now - pr.last < REFRESH_S))
    return;
  pr.last = now;
  /* what a kind does, and what its units are (eml/progress.h) */
  static const struct {
    const char *verb, *unit, *rows; /* unit NULL: bytes; rows NULL: none */
  } kinds[] = {[EML_PROGRESS_READ] = {N_("lecture"), NULL, N_("lignes")},
               [EML_PROGRESS_WRITE] = {N_("écriture"), N_("appareils"), N_("examens")},
               [EML_PROGRESS_COMPUTE] = {N_("calcul"), N_("appareils"), N_("examens")},
               [EML_PROGRESS_DRAW] = {N_("mise en page"), N_("éléments"), NULL},
               [EML_PROGRESS_SHEETS] = {N_("fiches"), N_("fiches"), NULL},
               [EML_PROGRESS_RT_WRITE] = {N_("écriture"), N_("centres"), N_("passages")},
               [EML_PROGRESS_RT_LOAD] = {N_("chargement"), N_("passages"), NULL},
               [EML_PROGRESS_RT_COUNT] = {N_("calcul"), N_("passages"), NULL}};
  const char *rows_word = kinds[s->kind].rows ? _(kinds[s->kind].rows) : NULL;
  int read = s->kind == EML_PROGRESS_READ;
  char line[256], num[32], rate[32], left[32];
  size_t n = (size_t)snprintf(line, sizeof line, _("%s : "), _(kinds[s->kind].verb));
  if (s->total > 0) {
    double share = (double)s->done / (double)s->total;
    eml_number_format(share < 1 ? share : 1, 0, EML_NUMBER_PERCENT, num, sizeof num); /* "42 %" */
    n += (size_t)snprintf(line + n, sizeof line - n, "%s, ", num);
  }
  if (!read) {
    eml_int_format(s->done, EML_NUMBER_THOUSANDS, num, sizeof num);
    n += (size_t)snprintf(line + n, sizeof line - n, "%s %s", num, _(kinds[s->kind].unit));
  }
  if (rows_word) {
    eml_int_format(s->rows, EML_NUMBER_THOUSANDS, num, sizeof num);
    n += (size_t)snprintf(line + n, sizeof line - n, "%s%s %s", read ? "" : ", ", num, rows_word);
  }
  if (elapsed > 0 && read && s->done > 0) {
    double mo = (double)s->done / elapsed / 1e6; /* Mo: 10^6 bytes, as file sizes are told */
    n += (size_t)snprintf(line + n, sizeof line - n, _(", %s Mo/s"),
                          eml_number_format(mo, mo < 10 ? 1 : 0, 0, rate, sizeof rate));
  } else if (elapsed > 0 && rows_word && s->rows > 0) {
    eml_int_format((int64_t)((double)s->rows / elapsed), EML_NUMBER_THOUSANDS, rate, sizeof rate);
    n += (size_t)snprintf(line + n, sizeof line - n, ", %s %s/s", rate, rows_word);
  }
  /* the time left: what remains at the pace so far */
  if (elapsed > 0 && s->done > 0 && s->total > s->done) {
    duration_text(elapsed * (double)(s->total - s->done) / (double)s->done, left, sizeof left);
    snprintf(line + n, sizeof line - n, _(", reste %s"), left);
  }
  fprintf(stderr, "\r%s\033[K", line);
  fflush(stderr);
  pr.shown = 1;
}

void cli_progress_init(int quiet) {
  if (quiet || !isatty(STDERR_FILENO))
    return;
  pr.after_s = 1.0;
  const char *after = getenv("EML_PROGRESS_AFTER_MS"); /* for the tests */
  if (after && *after)
    pr.after_s = atof(after) / 1000.0;
  eml_progress sink = {show, NULL};
  eml_progress_set(&sink);
}
