/*
 * csv.c — streaming CSV reader (eml/csv.h states the model and limits).
 *
 * The reader is a byte-at-a-time state machine over a 1 MiB input buffer:
 * FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED (a quote seen inside a
 * quoted field: either a doubled quote or the closing one). Fields of the
 * current record are appended, NUL-separated, to one growable buffer with
 * an offset per field; the raw bytes of the record are kept beside them for
 * rejects files. Transcoding from Windows-1252 / Latin-1 happens as bytes
 * are appended; UTF-8 validity is checked once per completed field.
 */
#include "io_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSV_INPUT_CHUNK (1u << 20)
#define CSV_DEFAULT_MAX_FIELD (1u << 20)
#define CSV_RAW_CAP EML_RAW_ROW_MAX
/* Caps of one record's parsed fields: past them the record is consumed
 * to its end without storing more, and reported as an error (memory stays
 * bounded: a 50 MB line of commas used to take 500 MB). */
#define CSV_MAX_FIELDS 1000000u
#define CSV_RECORD_CAP (64u << 20)

struct eml_csv_reader {
  char name[EML_DIAG_FILE_MAX];
  eml_csv_options opts;
  int fd;              /* -1 for a memory reader */
  const char *mem;     /* memory reader: the whole input */
  char *in;            /* file reader: input buffer */
  size_t in_len, in_pos;
  int eof;
  long line;           /* physical line of the next byte */
  long record_line;    /* line where the current record starts */
  long records;
  long records_shown;  /* records already counted in the progress (eml/progress.h) */
  int in_progress;     /* a file reader: one piece of work of the progress */

  eml_buf fields;      /* field bytes, each NUL-terminated */
  size_t *offsets;     /* start of each field in fields */
  size_t nfields, cap_fields;
  eml_buf raw;
  int raw_truncated;

  /* header */
  char **header;
  size_t nheader;
};

eml_status eml_encoding_parse(const char *name, eml_encoding *out) {
  static const struct {
    const char *name;
    eml_encoding enc;
  } names[] = {{"utf8", EML_ENC_UTF8},         {"utf-8", EML_ENC_UTF8},
               {"cp1252", EML_ENC_CP1252},     {"windows-1252", EML_ENC_CP1252},
               {"latin1", EML_ENC_LATIN1},     {"iso-8859-1", EML_ENC_LATIN1},
               {"iso-8859-15", EML_ENC_CP1252}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(name, names[i].name) == 0) {
      *out = names[i].enc;
      return EML_OK;
    }
  return EML_ERR_VALUE;
}

/* Windows-1252 0x80-0x9F to Unicode (0 = undefined, kept as U+FFFD). The
 * rest of the range is Latin-1, which maps byte b to U+00b. ISO-8859-15
 * differs from these only by 8 letters; files called ISO-8859-15 in France
 * are in practice read as Windows-1252 (documented in docs/input.md). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static eml_status reader_alloc(const char *name, const eml_csv_options *opts,
                               eml_csv_reader **out) {
  eml_csv_reader *r = calloc(1, sizeof *r);
  if (!r)
    return EML_ERR_NOMEM;
  snprintf(r->name, sizeof r->name, "%s", name);
  if (opts)
    r->opts = *opts;
  if (!r->opts.max_field_bytes)
    r->opts.max_field_bytes = CSV_DEFAULT_MAX_FIELD;
  r->fd = -1;
  r->line = 1;
  eml_buf_init(&r->fields, SIZE_MAX);
  eml_buf_init(&r->raw, CSV_RAW_CAP);
  *out = r;
  return EML_OK;
}

/* Makes at least one unread input byte available; returns 0 at EOF, -1 on
 * an I/O error. */
static int fill(eml_csv_reader *r) {
  if (r->in_pos < r->in_len)
    return 1;
  if (r->eof)
    return 0;
  if (r->fd < 0) {
    r->eof = 1;
    return 0;
  }
  for (;;) {
    ssize_t n = read(r->fd, r->in, CSV_INPUT_CHUNK);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    if (n == 0) {
      r->eof = 1;
      return 0;
    }
    r->in_len = (size_t)n;
    r->in_pos = 0;
    /* once per chunk (1 MiB): the bytes read, the records since the last */
    eml_progress_add(n, r->records - r->records_shown);
    r->records_shown = r->records;
    return 1;
  }
}

static const char *input(const eml_csv_reader *r) { return r->fd >= 0 ? r->in : r->mem; }

static eml_status start_field(eml_csv_reader *r) {
  void *offsets = r->offsets;
  eml_status st = eml_grow(&offsets, &r->cap_fields, r->nfields + 1, sizeof *r->offsets);
  r->offsets = offsets;
  if (st)
    return st;
  r->offsets[r->nfields++] = r->fields.len;
  return EML_OK;
}

/* Appends one input byte to the current field, transcoding when asked. */
static eml_status append_byte(eml_csv_reader *r, unsigned char c) {
  if (c < 0x80 || r->opts.encoding == EML_ENC_UTF8)
    return eml_buf_putc(&r->fields, (char)c);
  uint32_t cp = c;
  if (r->opts.encoding == EML_ENC_CP1252 && c < 0xA0)
    cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
  char u[3];
  size_t n;
  if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  }
  return eml_buf_append(&r->fields, u, n);
}

static const char *column_name(const eml_csv_reader *r, size_t index, char *tmp, size_t size) {
  if (index < r->nheader)
    return r->header[index];
  snprintf(tmp, size, "#%zu", index + 1);
  return tmp;
}

/* A delimiter: ends the current field and starts the next one, unless the
 * line already has CSV_MAX_FIELDS fields: then the problem is noted and
 * the rest of the line goes to the last field (capped by max_field). */
static eml_status next_field(eml_csv_reader *r, const char **problem, long *problem_line,
                             size_t *problem_field, size_t *field_len) {
  if (r->nfields >= CSV_MAX_FIELDS) {
    if (!*problem) {
      *problem = "more than 1000000 fields in the line";
      *problem_line = r->line;
      *problem_field = r->nfields - 1;
    }
    return EML_OK;
  }
  eml_status st = eml_buf_putc(&r->fields, '\0');
  if (!st)
    st = start_field(r);
  *field_len = 0;
  return st;
}

enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

/* The fast path of unquoted fields: from in_pos in the chunk read, the
 * plain bytes (no quote, line end or NUL), the delimiters that end the
 * fields (not for words: a run of blanks is one) and, in a Windows-1252 /
 * Latin-1 input, the bytes >= 0x80 transcoded, taken as the byte-by-byte
 * path below would take them: each within the field's and the record's
 * caps, a delimiter only under CSV_MAX_FIELDS; what it does not take (a
 * quote, a line end, a cap reached, the chunk's end) is left to that path.
 * A FINESS line is ~190 bytes of ~30 fields with accented capitals: taking
 * only runs of ASCII, the slow path ran at every delimiter and accent, a
 * fifth of a FINESS import (issue 17). The raw bytes go to raw once, at
 * the end. *taken: 0 when nothing was taken; *state: FIELD_START after a
 * delimiter, else UNQUOTED. Returns the error of a buffer. */
static eml_status plain_run(eml_csv_reader *r, size_t *field_len, int *state, int *taken) {
  const unsigned char *in = (const unsigned char *)input(r);
  const unsigned char delim = (unsigned char)r->opts.delimiter;
  const int utf8 = r->opts.encoding == EML_ENC_UTF8;
  const int fields_end = delim != ' ';
  const size_t first = r->in_pos, end = r->in_len;
  size_t k = first;
  eml_status st = EML_OK;
  while (k < end && !st) {
    /* a run of plain bytes within the caps of the field and the record */
    if (*field_len >= r->opts.max_field_bytes || r->fields.len >= CSV_RECORD_CAP)
      break;
    size_t room = r->opts.max_field_bytes - *field_len;
    if (CSV_RECORD_CAP - r->fields.len < room)
      room = CSV_RECORD_CAP - r->fields.len;
    size_t stop = end - k > room ? k + room : end, pos = k;
    while (k < stop) {
      unsigned char c = in[k];
      if (c == delim || c == '"' || c == '\n' || c == '\r' || c == 0 || (c >= 0x80 && !utf8))
        break;
      k++;
    }
    if (k > pos) {
      if ((st = eml_buf_append(&r->fields, in + pos, k - pos)))
        break;
      *field_len += k - pos;
      *state = UNQUOTED;
    }
    if (k == end)
      break;
    unsigned char c = in[k];
    if (c == delim && fields_end && r->nfields < CSV_MAX_FIELDS) {
      if (!(st = eml_buf_putc(&r->fields, '\0')) && !(st = start_field(r))) {
        *field_len = 0;
        *state = FIELD_START;
        k++;
      }
    } else if (c >= 0x80 && !utf8 && r->fields.len < CSV_RECORD_CAP &&
               *field_len < r->opts.max_field_bytes) {
      if (!(st = append_byte(r, c))) {
        ++*field_len;
        *state = UNQUOTED;
        k++;
      }
    } else
      break; /* a quote, a line end, a NUL, a cap: the byte-by-byte path */
  }
  size_t run = k - first;
  *taken = run > 0;
  if (run) {
    const char *bytes = (const char *)in + first;
    if (r->raw.len + run <= r->raw.max) {
      if (eml_buf_append(&r->raw, bytes, run) != EML_OK)
        r->raw_truncated = 1;
    } else {
      for (size_t i = 0; i < run; i++)
        if (eml_buf_putc(&r->raw, bytes[i]) != EML_OK)
          r->raw_truncated = 1;
    }
    r->in_pos = k;
  }
  return st;
}

/* Reads one record into fields/raw. *has_record = 0 at EOF with nothing
 * read. Problems of the record are reported after it is fully consumed. */
static eml_status read_record(eml_csv_reader *r, int *has_record, eml_diag *diag) {
  int state = FIELD_START;
  int got_any = 0;
  size_t field_len = 0;          /* bytes of input in the current field */
  long problem_line = 0;         /* first problem of the record, if any */
  size_t problem_field = 0;
  const char *problem = NULL;
  const size_t max_field = r->opts.max_field_bytes;

  r->fields.len = 0;
  r->nfields = 0;
  r->raw.len = 0;
  r->raw_truncated = 0;
  *has_record = 0;

  for (;;) {
    /* skip blank lines before a record */
    int f = fill(r);
    if (f < 0) {
      eml_diag_set(diag, r->name, r->line, NULL, NULL, 0, "erreur de lecture : %s",
                   eml_errno_text(errno));
      return EML_ERR_IO;
    }
    if (f == 0)
      return EML_OK;
    char c = input(r)[r->in_pos];
    if (c == '\n' || c == '\r') {
      r->in_pos++;
      if (c == '\r') {
        if (fill(r) > 0 && input(r)[r->in_pos] == '\n')
          r->in_pos++;
      }
      r->line++;
      continue;
    }
    break;
  }
  r->record_line = r->line;
  eml_status st = start_field(r);
  if (st)
    return st;

  for (;;) {
    int f = fill(r);
    if (f < 0) {
      eml_diag_set(diag, r->name, r->line, NULL, NULL, 0, "erreur de lecture : %s",
                   eml_errno_text(errno));
      return EML_ERR_IO;
    }
    if (f == 0) {
      if (state == QUOTED && !problem) {
        problem = N_("champ entre guillemets non fermé en fin de fichier");
        problem_line = r->line;
        problem_field = r->nfields - 1;
      }
      break;
    }
    got_any = 1;
    if (state == FIELD_START || state == UNQUOTED) {
      int taken = 0;
      if ((st = plain_run(r, &field_len, &state, &taken)))
        return st;
      if (taken)
        continue;
    }
    unsigned char c = (unsigned char)input(r)[r->in_pos++];
    int end_of_record = 0;

    if (state != QUOTED && (c == '\n' || c == '\r')) {
      if (c == '\r' && fill(r) > 0 && input(r)[r->in_pos] == '\n')
        r->in_pos++;
      r->line++;
      end_of_record = 1;
    } else {
      if (eml_buf_putc(&r->raw, (char)c) != EML_OK)
        r->raw_truncated = 1;
    }
    if (end_of_record)
      break;

    if (c == '\n')
      r->line++; /* inside quotes */

    /* words (delimiter ' '): a run of blanks is one delimiter, blanks
     * starting the line are skipped */
    int blank_words = r->opts.delimiter == ' ' && (c == ' ' || c == '\t');
    if (blank_words && state == FIELD_START)
      continue;
    switch (state) {
    case FIELD_START:
    case UNQUOTED:
      if (c == (unsigned char)r->opts.delimiter || blank_words) {
        if ((st = next_field(r, &problem, &problem_line, &problem_field, &field_len)))
          return st;
        state = FIELD_START;
        continue;
      }
      if (c == '"' && state == FIELD_START) {
        state = QUOTED;
        continue;
      }
      if (c == '"' && !problem) {
        problem = N_("guillemet dans un champ sans guillemets");
        problem_line = r->line;
        problem_field = r->nfields - 1;
      }
      state = UNQUOTED;
      break;
    case QUOTED:
      if (c == '"') {
        state = QUOTE_IN_QUOTED;
        continue;
      }
      break;
    case QUOTE_IN_QUOTED:
      if (c == '"') {
        state = QUOTED; /* doubled quote: one quote in the field */
        break;
      }
      if (c == (unsigned char)r->opts.delimiter || blank_words) {
        if ((st = next_field(r, &problem, &problem_line, &problem_field, &field_len)))
          return st;
        state = FIELD_START;
        continue;
      }
      if (!problem) {
        problem = N_("caractère inattendu après un guillemet fermant");
        problem_line = r->line;
        problem_field = r->nfields - 1;
      }
      state = UNQUOTED;
      break;
    }
    /* the byte belongs to the field */
    if (c == 0 && !problem) {
      problem = N_("octet NUL dans un champ");
      problem_line = r->line;
      problem_field = r->nfields - 1;
    }
    if (r->fields.len >= CSV_RECORD_CAP) {
      if (!problem) {
        problem = N_("ligne de plus de 64 Mio");
        problem_line = r->line;
        problem_field = r->nfields - 1;
      }
      continue;
    }
    if (++field_len > max_field) {
      if (!problem) {
        problem = N_("champ trop grand");
        problem_line = r->line;
        problem_field = r->nfields - 1;
      }
      continue; /* keep consuming the record, not storing the field */
    }
    if ((st = append_byte(r, c)))
      return st;
  }
  if (r->opts.delimiter == ' ' && r->nfields > 1 && state == FIELD_START)
    r->nfields--; /* words: the blanks ending the line start no field */
  if ((st = eml_buf_putc(&r->fields, '\0')))
    return st;
  if (!got_any)
    return EML_OK;
  *has_record = 1;
  r->records++;

  char tmp[32];
  if (problem) {
    const char *name = column_name(r, problem_field, tmp, sizeof tmp);
    if (strcmp(problem, "champ trop grand") == 0) {
      /* the start of the field that was kept (at most max_field bytes) */
      size_t kept;
      const char *start = eml_csv_field(r, problem_field, &kept);
      eml_diag_set(diag, r->name, problem_line, name, start, kept < 40 ? kept : 40,
                   "champ de plus de %zu octets", max_field);
      return EML_ERR_TOO_LARGE;
    }
    eml_diag_set(diag, r->name, problem_line, name, NULL, 0, "%s", _(problem));
    return EML_ERR_CSV;
  }
  if (r->opts.encoding == EML_ENC_UTF8) {
    for (size_t i = 0; i < r->nfields; i++) {
      size_t len;
      const char *s = eml_csv_field(r, i, &len);
      size_t bad = eml_utf8_invalid_at(s, len);
      if (bad < len) {
        size_t show = len - bad < 8 ? len - bad : 8;
        eml_diag_set(diag, r->name, r->record_line, column_name(r, i, tmp, sizeof tmp), s + bad,
                     show, "pas de l'UTF-8 valide ; pour un fichier Windows-1252, utiliser --encoding cp1252");
        return EML_ERR_ENCODING;
      }
    }
  }
  return EML_OK;
}

/* Picks the delimiter: the most frequent of , ; TAB outside quotes in the
 * first line of the input (io_internal.h; the rejects writer reads the
 * header line of an input with it too). */
char eml_csv_detect_delimiter(const char *s, size_t len) {
  size_t counts[3] = {0, 0, 0};
  static const char delims[3] = {',', ';', '\t'};
  int quoted = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r'))
      break;
    else if (!quoted)
      for (int k = 0; k < 3; k++)
        if (c == delims[k])
          counts[k]++;
  }
  int best = 0;
  for (int k = 1; k < 3; k++)
    if (counts[k] > counts[best])
      best = k;
  return delims[best];
}

/* "little-endian" or "big-endian" when the start of the input is UTF-16
 * (spec README, "Conventions for every input file": files are UTF-8 or
 * Windows-1252; Excel's "Unicode text" is UTF-16 LE): a byte-order mark
 * FF FE or FE FF, or, without one, a NUL byte every other byte over the
 * first bytes (up to 16; at least 4) — ASCII text in UTF-16. NULL
 * otherwise. */
static const char *utf16_kind(const unsigned char *s, size_t len) {
  if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
    return "little-endian";
  if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
    return "big-endian";
  size_t n = (len < 16 ? len : 16) & ~(size_t)1;
  if (n < 4)
    return NULL;
  int le = 1, be = 1;
  for (size_t i = 0; i < n; i += 2) {
    le &= s[i] != 0 && s[i + 1] == 0;
    be &= s[i] == 0 && s[i + 1] != 0;
  }
  return le ? "little-endian" : be ? "big-endian" : NULL;
}

/* Skips the UTF-8 mark, refuses UTF-16, detects the delimiter, reads the header. */
static eml_status reader_start(eml_csv_reader *r, eml_diag *diag) {
  int f = fill(r);
  if (f < 0) {
    eml_diag_set(diag, r->name, 0, NULL, NULL, 0, "erreur de lecture : %s", eml_errno_text(errno));
    return EML_ERR_IO;
  }
  const char *in = input(r);
  size_t avail = r->in_len - r->in_pos;
  /* the UTF-8 mark first: text in UTF-16 behind it (a tool that prepended
   * the mark to a UTF-16 file) is refused as UTF-16, the same verdict as
   * the same bytes without the mark */
  if (avail >= 3 && memcmp(in + r->in_pos, "\xEF\xBB\xBF", 3) == 0) {
    r->in_pos += 3;
    avail -= 3;
  }
  const char *utf16 = utf16_kind((const unsigned char *)in + r->in_pos, avail);
  if (utf16) {
    eml_diag_set(diag, r->name, 1, NULL, NULL, 0,
                 "le fichier est en UTF-16 (%s), ni UTF-8 ni Windows-1252 : l'enregistrer à "
                 "nouveau en « CSV UTF-8 » (Excel) ou en texte UTF-8 et importer ce fichier",
                 utf16);
    return EML_ERR_ENCODING;
  }
  if (!r->opts.delimiter)
    r->opts.delimiter = eml_csv_detect_delimiter(in + r->in_pos, avail);
  if (r->opts.headerless)
    return EML_OK; /* the first line is a record, its fields named by position */

  int has = 0;
  eml_status st = read_record(r, &has, diag);
  if (st)
    return st;
  if (!has) {
    eml_diag_set(diag, r->name, 0, NULL, NULL, 0, "fichier vide (une ligne d'en-tête est attendue)");
    return EML_ERR_EMPTY;
  }
  r->records = 0;
  r->header = calloc(r->nfields, sizeof *r->header);
  if (!r->header)
    return EML_ERR_NOMEM;
  r->nheader = r->nfields;
  for (size_t i = 0; i < r->nfields; i++) {
    size_t len;
    const char *s = eml_csv_field(r, i, &len);
    s = eml_trim_blanks(s, &len);
    if (len == 0) {
      eml_diag_set(diag, r->name, r->record_line, NULL, NULL, 0,
                   "en-tête : la colonne %zu n'a pas de nom", i + 1);
      return EML_ERR_CSV;
    }
    r->header[i] = strndup(s, len);
    if (!r->header[i])
      return EML_ERR_NOMEM;
  }
  return EML_OK;
}

eml_status eml_csv_open(const char *path, const eml_csv_options *opts, eml_csv_reader **out,
                        eml_diag *diag) {
  *out = NULL;
  eml_csv_reader *r;
  eml_status st = reader_alloc(path, opts, &r);
  if (st)
    return st;
  r->fd = open(path, O_RDONLY | O_CLOEXEC);
  if (r->fd < 0) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "ouverture impossible : %s", eml_errno_text(errno));
    eml_csv_close(r);
    return EML_ERR_IO;
  }
  struct stat sb;
  eml_progress_begin(EML_PROGRESS_READ, fstat(r->fd, &sb) == 0 && S_ISREG(sb.st_mode) ? (int64_t)sb.st_size : 0);
  r->in_progress = 1;
  r->in = malloc(CSV_INPUT_CHUNK);
  if (!r->in) {
    eml_csv_close(r);
    return EML_ERR_NOMEM;
  }
  st = reader_start(r, diag);
  if (st) {
    eml_csv_close(r);
    return st;
  }
  *out = r;
  return EML_OK;
}

eml_status eml_csv_open_memory(const char *name, const char *data, size_t len,
                               const eml_csv_options *opts, eml_csv_reader **out,
                               eml_diag *diag) {
  *out = NULL;
  eml_csv_reader *r;
  eml_status st = reader_alloc(name, opts, &r);
  if (st)
    return st;
  r->mem = data;
  r->in_len = len;
  st = reader_start(r, diag);
  if (st) {
    eml_csv_close(r);
    return st;
  }
  *out = r;
  return EML_OK;
}

void eml_csv_close(eml_csv_reader *r) {
  if (!r)
    return;
  if (r->fd >= 0)
    close(r->fd);
  if (r->in_progress) {
    eml_progress_add(0, r->records - r->records_shown);
    eml_progress_end();
  }
  free(r->in);
  eml_buf_free(&r->fields);
  eml_buf_free(&r->raw);
  free(r->offsets);
  eml_strings_free(r->header, r->nheader);
  free(r);
}

const char *eml_csv_name(const eml_csv_reader *r) { return r->name; }
char eml_csv_delimiter(const eml_csv_reader *r) { return r->opts.delimiter; }
size_t eml_csv_header_count(const eml_csv_reader *r) { return r->nheader; }
const char *eml_csv_header(const eml_csv_reader *r, size_t i) {
  return i < r->nheader ? r->header[i] : "";
}

int eml_csv_column(const eml_csv_reader *r, const char *name) {
  const char *s = name;
  size_t len = strlen(name);
  s = eml_trim_blanks(s, &len);
  for (size_t i = 0; i < r->nheader; i++)
    if (strlen(r->header[i]) == len && strncasecmp(r->header[i], s, len) == 0)
      return (int)i;
  return -1;
}

eml_status eml_csv_next(eml_csv_reader *r, int *has_record, eml_diag *diag) {
  return read_record(r, has_record, diag);
}

size_t eml_csv_field_count(const eml_csv_reader *r) { return r->nfields; }

const char *eml_csv_field(const eml_csv_reader *r, size_t i, size_t *len) {
  if (i >= r->nfields) {
    if (len)
      *len = 0;
    return "";
  }
  size_t start = r->offsets[i];
  size_t end = i + 1 < r->nfields ? r->offsets[i + 1] - 1 : r->fields.len - 1;
  if (len)
    *len = end - start;
  return r->fields.data + start;
}

long eml_csv_line(const eml_csv_reader *r) { return r->record_line; }

const char *eml_csv_raw(const eml_csv_reader *r, size_t *len, int *truncated) {
  if (len)
    *len = r->raw.len;
  if (truncated)
    *truncated = r->raw_truncated;
  return r->raw.data ? r->raw.data : "";
}

long eml_csv_records_read(const eml_csv_reader *r) { return r->records; }
