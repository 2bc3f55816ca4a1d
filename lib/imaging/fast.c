/*
 * fast.c — the fast reader of exams.csv (bench/: a national year is 19.4 M
 * rows, 1.6 GB).
 *
 * Model: the header is read and checked first; a file the fast path does not
 * handle exactly like the generic CSV reader (byte-order mark, a delimiter
 * other than ',', quotes anywhere, a lone CR, invalid UTF-8) is handed back
 * (EML_ERR_USAGE) to the generic reader. Otherwise the body is cut in two at
 * a line boundary and each half is read by its own thread with pread() in
 * 8 MiB blocks (no mmap: the peak memory stays that of the exams kept, not of
 * the file), split on commas, and validated by img_exam_row — the same
 * validator as the generic path, so messages are the same. Date-times
 * YYYY-MM-DDTHH:MM:SS are parsed at fixed positions with a per-day cache of
 * the Paris offset (img_parse_time). Bad rows are kept per thread with their
 * line relative to the half and reported in file order after both threads
 * end. The two halves' exams are then joined into the campaign, copying the
 * second half from its end so that its memory is released as it goes (peak
 * about 32 bytes per exam plus one chunk).
 */
#include "imaging_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define FAST_BLOCK (8u << 20)       /* bytes read per pread */
#define FAST_MAX_LINE (1u << 20)    /* a longer line goes to the generic reader */
#define FAST_MAX_FIELDS 64
#define FAST_REJECT_RAW_MAX (256u << 20) /* raw bytes of bad rows kept per thread */

typedef struct fast_reject {
  eml_diag diag;
  size_t raw_off, raw_len;
} fast_reject;

typedef struct fast_part {
  /* input */
  const eml_imaging_campaign *c;
  const img_exam_columns *cols;
  const char *name;
  int fd;
  off_t from, to; /* byte range, starting at a line start */
  /* output */
  img_exam *exams;
  size_t n_exams, cap_exams;
  fast_reject *rejects;
  size_t n_rejects, cap_rejects;
  eml_buf raw;
  long lines; /* physical lines read */
  eml_imaging_load_counts counts;
  int fallback;      /* the layout needs the generic reader */
  eml_status status; /* EML_ERR_NOMEM / EML_ERR_IO */
} fast_part;

static int grow_array(void **data, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return 1;
  size_t ncap = *cap ? *cap * 2 : 4096;
  while (ncap < need)
    ncap *= 2;
  void *p = realloc(*data, ncap * size);
  if (!p)
    return 0;
  *data = p;
  *cap = ncap;
  return 1;
}

/* One line (without its end): returns 0 to stop (fallback or error). */
static int fast_line(fast_part *p, img_time_cache *tc, const char *s, size_t len) {
  p->lines++;
  if (len && s[len - 1] == '\r')
    len--;
  if (len == 0)
    return 1; /* blank line: skipped, as the generic reader does */
  img_field f[FAST_MAX_FIELDS];
  size_t nf = 0;
  const char *field = s;
  unsigned char high = 0;
  for (size_t i = 0; i <= len; i++) {
    char ch = i < len ? s[i] : ',';
    high |= (unsigned char)ch;
    if (ch == '"' || ch == '\r') {
      p->fallback = 1;
      return 0;
    }
    if (ch == ',') {
      if (nf < FAST_MAX_FIELDS)
        f[nf++] = (img_field){field, (size_t)(s + i - field)};
      field = s + i + 1;
    }
  }
  if ((high & 0x80) && eml_utf8_invalid_at(s, len) != len) {
    p->fallback = 1;
    return 0;
  }
  p->counts.read++;
  img_row where = {p->name, p->lines};
  img_exam e;
  int skipped = 0;
  eml_diag diag;
  eml_status st = img_exam_row(p->c, p->cols, f, nf, &where, tc, &p->counts, &e, &skipped, &diag);
  if (skipped) {
    p->counts.skipped++;
    return 1;
  }
  if (st == EML_OK) {
    if (!grow_array((void **)&p->exams, &p->cap_exams, p->n_exams + 1, sizeof e)) {
      p->status = EML_ERR_NOMEM;
      return 0;
    }
    p->exams[p->n_exams++] = e;
    p->counts.loaded++;
    return 1;
  }
  p->counts.rejected++;
  if (!grow_array((void **)&p->rejects, &p->cap_rejects, p->n_rejects + 1, sizeof(fast_reject))) {
    p->status = EML_ERR_NOMEM;
    return 0;
  }
  fast_reject *r = &p->rejects[p->n_rejects++];
  r->diag = diag;
  r->raw_off = p->raw.len;
  r->raw_len = 0;
  if (eml_buf_append(&p->raw, s, len) == EML_OK)
    r->raw_len = len;
  return 1;
}

static void *fast_run(void *arg) {
  fast_part *p = arg;
  img_time_cache tc;
  img_time_cache_init(&tc);
  char *buf = malloc(FAST_BLOCK + FAST_MAX_LINE);
  if (!buf) {
    p->status = EML_ERR_NOMEM;
    return NULL;
  }
  size_t carry = 0; /* bytes of an unfinished line at buf[0..carry) */
  off_t at = p->from;
  while (at < p->to || carry) {
    size_t want = FAST_BLOCK;
    if ((off_t)want > p->to - at)
      want = (size_t)(p->to - at);
    ssize_t got = 0;
    if (want) {
      got = pread(p->fd, buf + carry, want, at);
      if (got < 0) {
        if (errno == EINTR)
          continue;
        p->status = EML_ERR_IO;
        break;
      }
      at += got;
    }
    size_t have = carry + (size_t)got;
    int last = at >= p->to || got == 0;
    size_t line = 0;
    for (;;) {
      char *nl = memchr(buf + line, '\n', have - line);
      if (!nl)
        break;
      if (!fast_line(p, &tc, buf + line, (size_t)(nl - (buf + line))))
        goto out;
      line = (size_t)(nl - buf) + 1;
    }
    carry = have - line;
    if (carry && last) { /* the last line has no line end */
      if (!fast_line(p, &tc, buf + line, carry))
        goto out;
      carry = 0;
      break;
    }
    if (carry > FAST_MAX_LINE) {
      p->fallback = 1;
      break;
    }
    memmove(buf, buf + line, carry);
    if (last)
      break;
  }
out:
  free(buf);
  return NULL;
}

/* Reads the header line; fills cols. Returns 0 when the layout needs the
 * generic reader, -1 on I/O error. *body is the offset after the header. */
static int fast_header(int fd, img_exam_columns *cols, off_t *body) {
  char head[4096];
  ssize_t got = pread(fd, head, sizeof head - 1, 0);
  if (got < 0)
    return -1;
  head[got] = 0;
  char *nl = memchr(head, '\n', (size_t)got);
  if (!nl)
    return 0;
  size_t len = (size_t)(nl - head);
  *body = (off_t)len + 1;
  if (len && head[len - 1] == '\r')
    len--;
  head[len] = 0;
  if ((unsigned char)head[0] == 0xEF || strpbrk(head, "\";\t\r"))
    return 0;
  int *targets[] = {&cols->exam_id, &cols->equipment_id, &cols->start, &cols->end,
                    &cols->patient_class, &cols->icr, &cols->report_at};
  static const char *const names[] = {"exam_id", "equipment_id", "start", "end",
                                      "patient_class", "icr", "report_at"};
  for (size_t k = 0; k < 7; k++)
    *targets[k] = -1;
  int n = 0;
  for (char *f = head;; n++) {
    char *comma = strchr(f, ',');
    char *end = comma ? comma : f + strlen(f);
    char *a = f, *b = end;
    while (a < b && (*a == ' ' || *a == '\t'))
      a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
      b--;
    for (size_t k = 0; k < 7; k++)
      if (*targets[k] < 0 && strlen(names[k]) == (size_t)(b - a) &&
          strncasecmp(names[k], a, (size_t)(b - a)) == 0)
        *targets[k] = n;
    if (!comma)
      break;
    f = comma + 1;
  }
  cols->ncols = n + 1;
  cols->delimiter = ',';
  if (cols->ncols > FAST_MAX_FIELDS)
    return 0;
  for (size_t k = 0; k < 5; k++)
    if (*targets[k] < 0)
      return 0; /* the generic reader reports the missing column */
  return 1;
}

/* Moves the second part's exams after the first's, from the end, shrinking
 * the second part's array as it goes. */
static eml_status join_parts(eml_imaging_campaign *c, fast_part *a, fast_part *b) {
  size_t total = a->n_exams + b->n_exams;
  if (c->n_exams == 0 && !c->exams) {
    c->exams = a->exams;
    c->cap_exams = a->cap_exams;
    c->n_exams = a->n_exams;
    a->exams = NULL;
  } else {
    if (img_push_exams(c, a->exams, a->n_exams))
      return EML_ERR_NOMEM;
    free(a->exams);
    a->exams = NULL;
  }
  size_t need = c->n_exams + b->n_exams;
  if (need > c->cap_exams) {
    img_exam *grown = realloc(c->exams, need * sizeof *grown);
    if (!grown && need)
      return EML_ERR_NOMEM;
    c->exams = grown;
    c->cap_exams = need;
  }
  const size_t chunk = 1u << 20;
  size_t left = b->n_exams;
  while (left) {
    size_t n = left < chunk ? left : chunk;
    left -= n;
    memcpy(c->exams + c->n_exams + left, b->exams + left, n * sizeof *b->exams);
    if (left) {
      img_exam *shrunk = realloc(b->exams, left * sizeof *shrunk);
      if (shrunk)
        b->exams = shrunk;
    }
  }
  c->n_exams += b->n_exams;
  (void)total;
  free(b->exams);
  b->exams = NULL;
  return EML_OK;
}

static void part_free(fast_part *p) {
  free(p->exams);
  free(p->rejects);
  eml_buf_free(&p->raw);
}

eml_status img_fast_load_exams(eml_imaging_campaign *c, const char *path,
                               eml_imaging_reject_fn reject, void *ctx,
                               eml_imaging_load_counts *counts, eml_diag *diag) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return EML_ERR_USAGE; /* the generic reader reports why */
  struct stat sb;
  img_exam_columns cols;
  off_t body = 0;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || fast_header(fd, &cols, &body) != 1) {
    close(fd);
    return EML_ERR_USAGE;
  }
  off_t size = sb.st_size, mid = body + (size - body) / 2;
  if (mid < size) { /* move mid after the next line end */
    char probe[4096];
    off_t at = mid;
    for (;;) {
      ssize_t got = pread(fd, probe, sizeof probe, at);
      if (got <= 0) {
        mid = size;
        break;
      }
      char *nl = memchr(probe, '\n', (size_t)got);
      if (nl) {
        mid = at + (nl - probe) + 1;
        break;
      }
      at += got;
    }
  }
  fast_part parts[2];
  memset(parts, 0, sizeof parts);
  for (int i = 0; i < 2; i++) {
    parts[i].c = c;
    parts[i].cols = &cols;
    parts[i].name = path;
    parts[i].fd = fd;
    parts[i].from = i == 0 ? body : mid;
    parts[i].to = i == 0 ? mid : size;
    eml_buf_init(&parts[i].raw, FAST_REJECT_RAW_MAX);
  }
  parts[0].lines = 1; /* the header */
  pthread_t second;
  int threaded = pthread_create(&second, NULL, fast_run, &parts[1]) == 0;
  fast_run(&parts[0]);
  if (threaded)
    pthread_join(second, NULL);
  else
    fast_run(&parts[1]);
  close(fd);

  eml_status st = EML_OK;
  if (parts[0].fallback || parts[1].fallback) {
    st = EML_ERR_USAGE;
    goto done;
  }
  for (int i = 0; i < 2; i++)
    if (parts[i].status) {
      st = parts[i].status;
      eml_diag_set(diag, path, 0, NULL, NULL, 0, "%s", eml_strerror(st));
      goto done;
    }
  /* lines of the second half are relative to its start */
  for (size_t k = 0; k < parts[1].n_rejects; k++)
    parts[1].rejects[k].diag.line += parts[0].lines;
  for (int i = 0; i < 2; i++)
    for (size_t k = 0; k < parts[i].n_rejects; k++)
      if (reject)
        reject(ctx, &parts[i].rejects[k].diag, parts[i].raw.data + parts[i].rejects[k].raw_off,
               parts[i].rejects[k].raw_len);
  if ((st = join_parts(c, &parts[0], &parts[1])))
    goto done;
  eml_imaging_load_counts *a = &parts[0].counts, *b = &parts[1].counts;
  counts->read = a->read + b->read;
  counts->loaded = a->loaded + b->loaded;
  counts->rejected = a->rejected + b->rejected;
  counts->skipped = a->skipped + b->skipped;
  counts->ambiguous_times = a->ambiguous_times + b->ambiguous_times;
  counts->skipped_times = a->skipped_times + b->skipped_times;
  counts->missing_icr = a->missing_icr + b->missing_icr;
  st = counts->rejected ? EML_ERR_REJECTED : EML_OK;
done:
  part_free(&parts[0]);
  part_free(&parts[1]);
  return st;
}
