/*
 * rejects.c — the one rejects writer (eml/input.h, "Rejects files";
 * docs/input-files.md): every command's --rejects FILE goes through it, so
 * every command writes the same format.
 *
 * Model: a rejects file reads back as the input it came from. Its first
 * line is the input's header line as in the file (its bytes, after a UTF-8
 * byte-order mark), the delimiter and `eml_reason`; each bad row follows as
 * in the file, then the delimiter and the reason, quoted (RFC 4180: quotes
 * doubled). The writer reads the header line from the input itself, so
 * that a reader hands it only the row and the diagnostic (the shape of
 * eml_reject_fn); the delimiter is the input's (the most frequent of
 * , ; TAB of that line, as the CSV reader picks it). One input: FILE. Several:
 * one file per input with bad rows, FILE's directory and name without its
 * extension, a dot, the input's name (`rejets.csv` + `exams.csv` =
 * `rejets.exams.csv`); a FILE that is not a regular file (/dev/null) takes
 * every input's rows, each input's header line before its first row.
 */
#include "io_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEADER_LINE_MAX ((size_t)1 << 20)
#define REASON_MAX 1024
#define TRUNCATED_NOTE " [record longer than 64 MiB: only its start is copied]"

typedef struct rejects_file {
  char *input;  /* as in the diagnostics ("" for rows not from a file) */
  char *source; /* where its header line is read: input, or the file read under another name */
  char *path;   /* where its rows go */
  FILE *f;      /* NULL until its first row (several inputs); shared when r->shared */
  char delimiter;
  int header_written;
  long rows;
} rejects_file;

struct eml_rejects {
  char path[EML_DIAG_FILE_MAX];
  int several;  /* one file per input */
  FILE *shared; /* a FILE that is not a regular file: every input's rows */
  rejects_file *files;
  size_t n, cap;
  eml_status error; /* the first write error */
  char error_path[EML_DIAG_FILE_MAX];
  int error_errno;
};

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* FILE's directory and name without its extension, a dot, the input's name. */
static void per_input_path(const char *path, const char *input, char *buf, size_t size) {
  const char *name = base_name(path);
  const char *dot = strrchr(name, '.');
  size_t stem = dot && dot > name ? (size_t)(dot - path) : strlen(path);
  snprintf(buf, size, "%.*s.%s", (int)stem, path, base_name(input));
}

/* A FILE that exists and is not a regular file (/dev/null, a pipe). */
static int not_regular(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
}

void eml_rejects_path_for(const eml_rejects *r, const char *input, char *buf, size_t size) {
  if (!r->several || r->shared || !input || !*input)
    snprintf(buf, size, "%s", r->path);
  else
    per_input_path(r->path, input, buf, size);
}

void eml_rejects_path(const char *path, size_t n_inputs, const char *input, char *buf,
                      size_t size) {
  if (n_inputs < 2 || !input || !*input || not_regular(path))
    snprintf(buf, size, "%s", path);
  else
    per_input_path(path, input, buf, size);
}

/* The first line of the input, without its line end and a UTF-8 BOM, into
 * a malloc'd string (empty when the input cannot be read: a row not from a
 * file, a memory buffer). */
static char *header_line(const char *input) {
  FILE *in = *input ? fopen(input, "rb") : NULL;
  eml_buf b;
  eml_buf_init(&b, HEADER_LINE_MAX);
  int c, quoted = 0;
  while (in && (c = fgetc(in)) != EOF) {
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r'))
      break;
    if (eml_buf_putc(&b, (char)c))
      break;
  }
  if (in)
    fclose(in);
  char *line = eml_buf_take(&b);
  if (!line)
    return strdup("");
  if (strncmp(line, "\xEF\xBB\xBF", 3) == 0) /* strncmp: a line may be shorter */
    memmove(line, line + 3, strlen(line + 3) + 1);
  return line;
}

static void remember_error(eml_rejects *r, const char *path) {
  if (r->error)
    return;
  r->error = EML_ERR_IO;
  r->error_errno = errno;
  snprintf(r->error_path, sizeof r->error_path, "%s", path);
}

/* Writes the input's header line and eml_reason, the file being open. */
static void write_header(eml_rejects *r, rejects_file *file) {
  char *line = header_line(file->source);
  if (!line) {
    r->error = EML_ERR_NOMEM;
    return;
  }
  file->delimiter = eml_csv_detect_delimiter(line, strlen(line));
  fputs(line, file->f);
  if (*line)
    fputc(file->delimiter, file->f);
  if (fputs("eml_reason\n", file->f) < 0)
    remember_error(r, file->path);
  file->header_written = 1;
  free(line);
}

/* The file of input, created (and its header written) on first use. */
static rejects_file *file_of(eml_rejects *r, const char *input, const char *source) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->files[i].input, input) == 0)
      return &r->files[i];
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 8;
    rejects_file *files = realloc(r->files, cap * sizeof *files);
    if (!files)
      return NULL;
    r->files = files;
    r->cap = cap;
  }
  rejects_file *file = &r->files[r->n];
  memset(file, 0, sizeof *file);
  char path[EML_DIAG_FILE_MAX + 256];
  eml_rejects_path_for(r, input, path, sizeof path);
  file->input = strdup(input);
  file->source = strdup(source ? source : input);
  file->path = strdup(path);
  if (!file->input || !file->source || !file->path) {
    free(file->input);
    free(file->source);
    free(file->path);
    return NULL;
  }
  r->n++;
  file->f = r->shared ? r->shared : fopen(file->path, "w");
  if (!file->f)
    remember_error(r, file->path);
  else
    write_header(r, file);
  return file;
}

eml_status eml_rejects_open(const char *path, const char *const *inputs, size_t n,
                            eml_rejects **out, eml_diag *diag) {
  *out = NULL;
  eml_rejects *r = calloc(1, sizeof *r);
  if (!r)
    return EML_ERR_NOMEM;
  snprintf(r->path, sizeof r->path, "%s", path);
  r->several = n > 1;
  if (r->several && not_regular(path) && !(r->shared = fopen(path, "w")))
    remember_error(r, path);
  if (!r->several && n == 1 && !file_of(r, inputs[0], NULL))
    r->error = r->error ? r->error : EML_ERR_NOMEM;
  if (r->error) {
    eml_status st = eml_rejects_close(r, diag);
    return st ? st : EML_ERR_IO;
  }
  *out = r;
  return EML_OK;
}

eml_status eml_rejects_write(eml_rejects *r, const eml_diag *why, const char *raw,
                             size_t raw_len) {
  return eml_rejects_write_from(r, why, NULL, raw, raw_len);
}

eml_status eml_rejects_write_from(eml_rejects *r, const eml_diag *why, const char *read_from,
                                  const char *raw, size_t raw_len) {
  /* one input: every row goes to FILE, whatever its diagnostic names */
  rejects_file *file =
      r->several ? file_of(r, why->file, read_from) : (r->n ? &r->files[0] : NULL);
  if (!file) {
    r->error = r->error ? r->error : EML_ERR_NOMEM;
    return r->error;
  }
  if (!file->f)
    return r->error;
  if (!file->header_written)
    write_header(r, file);
  char reason[REASON_MAX];
  eml_diag_format(why, reason, sizeof reason);
  FILE *f = file->f;
  fwrite(raw, 1, raw_len, f);
  fputc(file->delimiter, f);
  fputc('"', f);
  for (const char *p = reason; *p; p++) {
    if (*p == '"')
      fputc('"', f);
    fputc(*p, f);
  }
  /* the CSV reader keeps at most EML_RAW_ROW_MAX bytes of a record */
  if (raw_len >= EML_RAW_ROW_MAX)
    fputs(TRUNCATED_NOTE, f);
  fputs("\"\n", f);
  file->rows++;
  if (ferror(f))
    remember_error(r, file->path);
  return r->error;
}

void eml_rejects_hook(void *rejects, const eml_diag *why, const char *raw, size_t raw_len) {
  eml_status_ignore(eml_rejects_write(rejects, why, raw, raw_len)); /* kept; returned by flush/close */
}

/* The first error as the diagnostic `FILE: option --rejects: cannot write: why`. */
static eml_status report(const eml_rejects *r, eml_diag *diag) {
  if (r->error == EML_ERR_IO)
    eml_diag_set(diag, r->error_path, 0, "--rejects", NULL, 0, "écriture impossible : %s",
                 eml_errno_text(r->error_errno));
  return r->error;
}

eml_status eml_rejects_flush(eml_rejects *r, eml_diag *diag) {
  for (size_t i = 0; i < r->n; i++)
    if (r->files[i].f && (fflush(r->files[i].f) != 0 || ferror(r->files[i].f)))
      remember_error(r, r->files[i].path);
  return report(r, diag);
}

size_t eml_rejects_count(const eml_rejects *r) { return r ? r->n : 0; }

const char *eml_rejects_file(const eml_rejects *r, size_t i, long *rows) {
  if (rows)
    *rows = r->files[i].rows;
  return r->files[i].path;
}

eml_status eml_rejects_close(eml_rejects *r, eml_diag *diag) {
  if (!r)
    return EML_OK;
  eml_status_ignore(eml_rejects_flush(r, NULL));
  for (size_t i = 0; i < r->n; i++) {
    if (r->files[i].f && r->files[i].f != r->shared && fclose(r->files[i].f) != 0)
      remember_error(r, r->files[i].path);
    free(r->files[i].input);
    free(r->files[i].source);
    free(r->files[i].path);
  }
  if (r->shared && fclose(r->shared) != 0)
    remember_error(r, r->path);
  eml_status st = report(r, diag);
  free(r->files);
  free(r);
  return st;
}
