/*
 * fast.c — the fast reader of exams.csv and sessions.csv (bench/: a
 * national year is 19.4 M exams, 1.6 GB, and 2.0 M sessions).
 *
 * Model: the header is read and checked first; a file the fast path does not
 * read exactly like the generic CSV reader (byte-order mark, a delimiter
 * other than ',', quotes anywhere, a lone CR, a NUL byte, invalid UTF-8, a line over
 * 64 KiB) is handed back (EML_ERR_USAGE, nothing kept) to the generic
 * reader. Otherwise the body is cut in as many parts as the campaign has
 * threads, at line boundaries, and each part is read by its own thread
 * with pread() in 1.5 MiB blocks (no mmap: the peak memory stays that of
 * the rows kept, not of the file). Each block of
 * complete lines is checked at once (one vector pass for '"', '\r', NUL
 * and bytes >= 0x80, then UTF-8 validation if it holds any). A file in the
 * generator's column order has its lines parsed in place, field after
 * field; other lines are split on commas first. Both take the happy path only
 * (fixed-position date-times YYYY-MM-DDTHH:MM:SS with a per-day cache of
 * the Paris offset, decimals without strtod, the last machine id and
 * session type remembered); any row they do not accept goes to
 * img_exam_row / img_session_row, the validators of the generic path, so
 * messages are the same. Bad rows are kept per thread with
 * their line relative to the part and reported in file order after every
 * thread has ended. Each part fills its own builder (imaging_internal.h),
 * finished in file order: its exams become one segment of the campaign as
 * they are, its sessions are appended to the campaign's.
 *
 * Why the result does not depend on the number of parts: every part
 * starts at a line start, so each line is read whole by one part, with
 * the same code whatever the part (the caches — day offsets, last machine,
 * last session type — change the speed only); a layout the fast path does
 * not take is refused by whichever part meets it, so the whole file goes
 * to the generic reader for any cut; rejects come out in file order with
 * their file line; the parts' rows, finished in order, are the file's rows
 * in order. The one cut-dependent thing, the 1.5 MiB block a line falls
 * in, is why a line over 64 KiB is refused by its length itself, not by
 * whether it crosses a block.
 */
#include "imaging_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define FAST_BLOCK ((1u << 20) + (1u << 19)) /* bytes read per pread */
#define FAST_MAX_LINE (1u << 16)         /* a longer line goes to the generic reader */
#define FAST_MAX_FIELDS 64
#define FAST_REJECT_RAW_MAX (256u << 20) /* raw bytes of bad rows kept per thread */

typedef struct fast_reject {
  eml_diag diag;
  size_t raw_off, raw_len;
} fast_reject;

typedef struct fast_layout {
  img_fast_kind kind;
  int canonical; /* the generator's column order: lines parsed in place */
  img_exam_columns exam;
  img_session_columns session;
} fast_layout;

typedef struct fast_part {
  /* input */
  const eml_imaging_campaign *c;
  const fast_layout *layout;
  const char *name;
  int fd;
  off_t from, to; /* byte range, starting at a line start */
  /* state */
  img_time_cache tc;
  const char *last_id; /* machine id of the previous row (in c->machines) */
  size_t last_id_len;
  uint32_t last_machine;
  int has_cr; /* the current block holds a CR: strip it before LF */
  const char *last_type; /* session type text of the previous row */
  size_t last_type_len;
  uint8_t last_type_value;
  /* output */
  img_builder rows;
  fast_reject *rejects;
  size_t n_rejects, cap_rejects;
  eml_buf raw;
  long lines; /* physical lines read */
  eml_imaging_load_counts counts;
  int fallback;      /* the layout needs the generic reader */
  eml_status status; /* EML_ERR_NOMEM / EML_ERR_IO */
} fast_part;


/* Machine index of a known CT/MRI machine, or 0 to leave the row to the
 * full validator (unknown, ignored modality, empty). */
static int fast_machine(fast_part *p, const img_field *f, uint32_t *out) {
  if (p->last_id && f->len == p->last_id_len && memcmp(f->s, p->last_id, f->len) == 0) {
    *out = p->last_machine;
    return 1;
  }
  if (!f->len)
    return 0;
  long m = img_machine_lookup(p->c, f->s, f->len);
  if (m < 0 || p->c->machines[m].modality < 0)
    return 0;
  p->last_id = p->c->machines[m].id;
  p->last_id_len = f->len;
  p->last_machine = (uint32_t)m;
  *out = (uint32_t)m;
  return 1;
}

/* The happy path of an exams.csv row; 0 sends the row to img_exam_row. */
static int fast_exam(fast_part *p, const img_field *f, size_t nf, img_exam *e) {
  const img_exam_columns *k = &p->layout->exam;
  uint32_t machine;
  if (nf != (size_t)k->ncols || !f[k->exam_id].len || !fast_machine(p, &f[k->equipment_id], &machine) ||
      !img_fast_time(&p->tc, f[k->start].s, f[k->start].len, &e->start) ||
      !img_fast_time(&p->tc, f[k->end].s, f[k->end].len, &e->end) || e->end <= e->start ||
      f[k->patient_class].len != 1)
    return 0;
  e->machine = machine;
  switch (f[k->patient_class].s[0]) {
  case 'A': e->cls = EML_CLASS_A; break;
  case 'H': e->cls = EML_CLASS_H; break;
  case 'R': e->cls = EML_CLASS_R; break;
  case 'U': e->cls = EML_CLASS_U; break;
  default: return 0;
  }
  e->icr = EML_IMG_NO_ICR;
  if (k->icr >= 0 && f[k->icr].len && !img_fast_decimal(f[k->icr].s, f[k->icr].len, &e->icr))
    return 0;
  e->report_delay_s = EML_IMG_NO_REPORT;
  if (k->report_at >= 0 && f[k->report_at].len) {
    int32_t at;
    if (!img_fast_time(&p->tc, f[k->report_at].s, f[k->report_at].len, &at))
      return 0;
    e->report_delay_s = at - e->end;
  }
  if (e->icr == EML_IMG_NO_ICR)
    p->counts.missing_icr++;
  return 1;
}

static int fast_session(fast_part *p, const img_field *f, size_t nf, img_session *s) {
  const img_session_columns *k = &p->layout->session;
  eml_session_type type;
  if (nf != (size_t)k->ncols || !fast_machine(p, &f[k->equipment_id], &s->machine) ||
      !img_fast_time(&p->tc, f[k->start].s, f[k->start].len, &s->start) ||
      !img_fast_time(&p->tc, f[k->end].s, f[k->end].len, &s->end) || s->end <= s->start ||
      eml_session_type_parse(f[k->type].s, f[k->type].len, &type) != EML_OK)
    return 0;
  s->type = (uint8_t)type;
  return 1;
}

/* One row of either file. */
typedef union fast_item {
  img_exam exam;
  img_session session;
} fast_item;

/* Appends a row to the part's builder; 0 when memory is short. */
static int keep_item(fast_part *p, const fast_item *item) {
  return (p->layout->kind == IMG_FILE_EXAMS ? img_builder_push_exam(&p->rows, &item->exam)
                                            : img_builder_push_session(&p->rows, &item->session)) ==
         EML_OK;
}

/* ---- lines in the generator's column order, parsed in place ---------- */

/* Length of the field at s (up to ',' or '\n'), or -1 past end. */
static long field_len(const char *s, const char *end) {
  const char *q = s;
  while (q < end && *q != ',' && *q != '\n')
    q++;
  return q < end ? (long)(q - s) : -1;
}

/* Machine of the field at *at (ending with ','), moving *at past the comma. */
static int direct_machine(fast_part *p, const char **at, const char *end, uint32_t *out) {
  const char *q = *at;
  if (p->last_id && q + p->last_id_len < end && q[p->last_id_len] == ',' &&
      memcmp(q, p->last_id, p->last_id_len) == 0) {
    *out = p->last_machine;
    *at = q + p->last_id_len + 1;
    return 1;
  }
  long len = field_len(q, end);
  if (len <= 0 || q[len] != ',')
    return 0;
  img_field f = {q, (size_t)len};
  if (!fast_machine(p, &f, out))
    return 0;
  *at = q + len + 1;
  return 1;
}

/* A date-time of 19 bytes at *at followed by `sep`. */
static int direct_time(fast_part *p, const char **at, const char *end, char sep, int32_t *out) {
  const char *q = *at;
  if (q + 19 >= end || q[19] != sep || !img_fast_time(&p->tc, q, 19, out))
    return 0;
  *at = q + 20;
  return 1;
}

/* exam_id,equipment_id,start,end,patient_class,icr,report_at — returns the
 * line's length (without '\n') or -1 to read the line the general way. */
static long direct_exam(fast_part *p, const char *s, const char *end, img_exam *e) {
  const char *q = s;
  long len = field_len(q, end);
  if (len <= 0 || q[len] != ',')
    return -1;
  q += len + 1;
  uint32_t machine;
  if (!direct_machine(p, &q, end, &machine) || !direct_time(p, &q, end, ',', &e->start) ||
      !direct_time(p, &q, end, ',', &e->end) || e->end <= e->start || q + 2 >= end || q[1] != ',')
    return -1;
  e->machine = machine;
  switch (q[0]) {
  case 'A': e->cls = EML_CLASS_A; break;
  case 'H': e->cls = EML_CLASS_H; break;
  case 'R': e->cls = EML_CLASS_R; break;
  case 'U': e->cls = EML_CLASS_U; break;
  default: return -1;
  }
  q += 2;
  len = field_len(q, end);
  if (len < 0 || q[len] != ',')
    return -1;
  e->icr = EML_IMG_NO_ICR;
  if (len && !img_fast_decimal(q, (size_t)len, &e->icr))
    return -1;
  q += len + 1;
  e->report_delay_s = EML_IMG_NO_REPORT;
  if (q < end && *q == '\n')
    return q - s;
  int32_t at;
  if (!direct_time(p, &q, end, '\n', &at))
    return -1;
  e->report_delay_s = at - e->end;
  return q - 1 - s;
}

/* equipment_id,start,end,type */
static long direct_session(fast_part *p, const char *s, const char *end, img_session *ses) {
  const char *q = s;
  if (!direct_machine(p, &q, end, &ses->machine) || !direct_time(p, &q, end, ',', &ses->start) ||
      !direct_time(p, &q, end, ',', &ses->end) || ses->end <= ses->start)
    return -1;
  long len = field_len(q, end);
  if (len <= 0 || q[len] != '\n')
    return -1;
  if (!(p->last_type && (size_t)len == p->last_type_len && memcmp(q, p->last_type, (size_t)len) == 0)) {
    eml_session_type type;
    if (eml_session_type_parse(q, (size_t)len, &type) != EML_OK)
      return -1;
    p->last_type_value = (uint8_t)type;
    p->last_type = eml_session_type_code(type);
    p->last_type_len = strlen(p->last_type);
    if ((size_t)len != p->last_type_len || memcmp(q, p->last_type, (size_t)len) != 0)
      p->last_type = NULL; /* a label or another case: not remembered */
  }
  ses->type = p->last_type_value;
  return q + len - s;
}

/* Parses the line at s in place and keeps its row; returns the line's
 * length, or -1 when the line must go through fast_line. */
static long direct_line(fast_part *p, const char *s, const char *end) {
  fast_item item;
  long len = p->layout->kind == IMG_FILE_EXAMS ? direct_exam(p, s, end, &item.exam)
                                               : direct_session(p, s, end, &item.session);
  if (len < 0 || !keep_item(p, &item))
    return -1; /* fast_line reads it again, and reports a lack of memory */
  p->lines++;
  p->counts.read++;
  p->counts.loaded++;
  if (p->layout->kind == IMG_FILE_EXAMS && item.exam.icr == EML_IMG_NO_ICR)
    p->counts.missing_icr++;
  return len;
}

/* One line (without its end): returns 0 to stop (fallback or error). */
static int fast_line(fast_part *p, const char *s, size_t len) {
  p->lines++;
  if (p->has_cr && len && s[len - 1] == '\r')
    len--;
  if (len == 0)
    return 1; /* blank line: skipped, as the generic reader does */
  img_field f[FAST_MAX_FIELDS];
  size_t nf = 0;
  const char *at = s, *end = s + len;
  for (;;) {
    const char *comma = memchr(at, ',', (size_t)(end - at));
    const char *stop = comma ? comma : end;
    /* every field counted (a row of 75 fields says 75, as the generic
     * reader does: found by fuzz_imaging_sessions), the first 64 kept:
     * a row of more fields than its header is rejected before any is read */
    if (nf < FAST_MAX_FIELDS)
      f[nf] = (img_field){at, (size_t)(stop - at)};
    nf++;
    if (!comma)
      break;
    at = comma + 1;
  }
  p->counts.read++;
  fast_item item;
  int ok = p->layout->kind == IMG_FILE_EXAMS ? fast_exam(p, f, nf, &item.exam)
                                             : fast_session(p, f, nf, &item.session);
  eml_diag diag;
  eml_status st = EML_OK;
  int skipped = 0;
  if (!ok) {
    img_row where = {p->name, p->lines};
    st = p->layout->kind == IMG_FILE_EXAMS
             ? img_exam_row(p->c, &p->layout->exam, f, nf, &where, &p->tc, &p->counts, &item.exam,
                            &skipped, &diag)
             : img_session_row(p->c, &p->layout->session, f, nf, &where, &p->tc, &p->counts,
                               &item.session, &skipped, &diag);
  }
  if (skipped) {
    p->counts.skipped++;
    return 1;
  }
  if (st == EML_OK) {
    if (!keep_item(p, &item)) {
      p->status = EML_ERR_NOMEM;
      return 0;
    }
    p->counts.loaded++;
    return 1;
  }
  p->counts.rejected++;
  if (eml_grow((void **)&p->rejects, &p->cap_rejects, p->n_rejects + 1, sizeof(fast_reject))) {
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

/* 16 bytes as one vector (GCC and Clang vector extensions: SSE2 on x86-64,
 * NEON on ARM, plain words elsewhere); a comparison gives 0xFF per equal byte. */
typedef unsigned char fast_v16 __attribute__((vector_size(16)));

/* A vector of 16 bytes c. */
static fast_v16 v16_splat(unsigned char c) {
  fast_v16 v;
  memset(&v, c, sizeof v);
  return v;
}

/* Whether any byte of v is nonzero. */
static int v16_any(fast_v16 v) {
  uint64_t w[2];
  memcpy(w, &v, sizeof w);
  return (w[0] | w[1]) != 0;
}

/* Checks a region of complete lines at once; returns 0 for a layout the
 * generic reader must read. Sets p->has_cr.
 * One pass over the bytes, two 16-byte vectors a step, finds a quote, a
 * CR, a NUL byte (the generic reader rejects it with its own message:
 * fuzz_imaging_sessions) and a byte >= 0x80 (UTF-8 to check): a national
 * year's 1.6 GB were three passes (two memchr and a word loop), 7 % of the
 * time (perf, bench/RESULTS.md 2026-12-06). The last step's bytes past the
 * region are commas, which none of the four tests sees. Only the rare
 * region holding a CR (is each one before an LF?) or a high byte (is it
 * valid UTF-8?) is read again. */
static int region_ok(fast_part *p, const char *s, size_t len) {
  const fast_v16 quote = v16_splat('"'), cr = v16_splat('\r'), zero = v16_splat(0);
  fast_v16 any_quote = zero, any_cr = zero, any_nul = zero, high = zero;
  for (size_t i = 0; i < len; i += 32) {
    const char *at = s + i;
    char tail[32];
    if (len - i < 32) {
      memset(tail, ',', sizeof tail);
      memcpy(tail, at, len - i);
      at = tail;
    }
    fast_v16 a, b;
    memcpy(&a, at, 16);
    memcpy(&b, at + 16, 16);
    any_quote |= (fast_v16)((a == quote) | (b == quote));
    any_cr |= (fast_v16)((a == cr) | (b == cr));
    any_nul |= (fast_v16)((a == zero) | (b == zero));
    high |= a | b;
  }
  if (v16_any(any_quote) || v16_any(any_nul))
    return 0;
  p->has_cr = 0;
  if (v16_any(any_cr))
    for (const char *c = memchr(s, '\r', len); c; c = memchr(c + 1, '\r', len - (size_t)(c + 1 - s))) {
      if (c + 1 >= s + len || c[1] != '\n')
        return 0; /* a lone CR ends a record for the generic reader */
      p->has_cr = 1;
    }
  if (v16_any(high & v16_splat(0x80)) && eml_utf8_invalid_at(s, len) != len)
    return 0;
  return 1;
}

static void *fast_run(void *arg) {
  fast_part *p = arg;
  img_time_cache_init(&p->tc);
  img_big buffer = {0};
  if (img_big_reserve(&buffer, FAST_BLOCK + FAST_MAX_LINE + 1)) {
    p->status = EML_ERR_NOMEM;
    return NULL;
  }
  char *buf = buffer.data;
  size_t carry = 0; /* bytes of an unfinished line at buf[0..carry) */
  off_t at = p->from;
  long shown = p->lines; /* lines already counted in the progress */
  for (;;) {
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
    if (last && have && buf[have - 1] != '\n')
      buf[have++] = '\n'; /* the last line has no line end */
    size_t region = have; /* up to the last line end */
    while (region && buf[region - 1] != '\n')
      region--;
    if (region && !region_ok(p, buf, region)) {
      p->fallback = 1;
      break;
    }
    size_t line = 0;
    int direct = p->layout->canonical && !p->has_cr;
    while (line < region) {
      if (direct) {
        long len = direct_line(p, buf + line, buf + region);
        if (len >= 0 && (size_t)len <= FAST_MAX_LINE) {
          line += (size_t)len + 1;
          continue;
        }
        if (len >= 0) { /* a long line read in place: the generic reader reads the file */
          p->fallback = 1;
          goto out;
        }
      }
      char *nl = memchr(buf + line, '\n', region - line);
      if ((size_t)(nl - (buf + line)) > FAST_MAX_LINE) {
        p->fallback = 1;
        goto out;
      }
      if (!fast_line(p, buf + line, (size_t)(nl - (buf + line))))
        goto out;
      line = (size_t)(nl - buf) + 1;
    }
    /* once per block (1.5 MiB): its bytes and lines (eml/progress.h) */
    eml_progress_add(got, p->lines - shown);
    shown = p->lines;
    carry = have - region;
    if (carry > FAST_MAX_LINE) {
      p->fallback = 1;
      break;
    }
    if (last)
      break;
    memmove(buf, buf + region, carry);
  }
out:
  img_big_free(&buffer);
  return NULL;
}

/* Reads the header line and maps its columns. Returns 1 when the fast path
 * applies, 0 when the generic reader must read the file, -1 on I/O error.
 * *body is the offset after the header. */
static int fast_header(int fd, fast_layout *layout, off_t *body) {
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
  if (strpbrk(head, "\";\t\r") || memchr(head, 0, len))
    return 0; /* (a NUL byte: fuzz_imaging_exams) */
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)head[i] >= 0x80)
      return 0; /* a BOM, or names not ASCII: the generic reader checks their UTF-8 */
  img_exam_columns *e = &layout->exam;
  img_session_columns *s = &layout->session;
  int *targets[7];
  const char *const *names;
  size_t n_targets, n_required;
  static const char *const exam_names[] = {"exam_id", "equipment_id", "start", "end",
                                           "patient_class", "icr", "report_at"};
  static const char *const session_names[] = {"equipment_id", "start", "end", "type"};
  if (layout->kind == IMG_FILE_EXAMS) {
    int *t[] = {&e->exam_id, &e->equipment_id, &e->start, &e->end, &e->patient_class, &e->icr,
                &e->report_at};
    memcpy(targets, t, sizeof t);
    names = exam_names;
    n_targets = 7;
    n_required = 5;
  } else {
    int *t[] = {&s->equipment_id, &s->start, &s->end, &s->type};
    memcpy(targets, t, sizeof t);
    names = session_names;
    n_targets = n_required = 4;
  }
  for (size_t k = 0; k < n_targets; k++)
    *targets[k] = -1;
  int n = 0;
  for (char *f = head;; n++) {
    char *comma = strchr(f, ',');
    char *stop = comma ? comma : f + strlen(f);
    char *a = f, *b = stop;
    while (a < b && (*a == ' ' || *a == '\t'))
      a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
      b--;
    if (a == b)
      return 0; /* a column without a name: the generic reader refuses the header */
    for (size_t k = 0; k < n_targets; k++)
      if (strlen(names[k]) == (size_t)(b - a) && strncasecmp(names[k], a, (size_t)(b - a)) == 0) {
        if (*targets[k] >= 0)
          return 0; /* a column twice: the generic reader says which */
        *targets[k] = n;
      }
    if (!comma)
      break;
    f = comma + 1;
  }
  e->ncols = s->ncols = n + 1;
  e->delimiter = ',';
  layout->canonical = layout->kind == IMG_FILE_EXAMS
                          ? e->ncols == 7 && e->exam_id == 0 && e->equipment_id == 1 &&
                                e->start == 2 && e->end == 3 && e->patient_class == 4 &&
                                e->icr == 5 && e->report_at == 6
                          : s->ncols == 4 && s->equipment_id == 0 && s->start == 1 && s->end == 2 &&
                                s->type == 3;
  if (n + 1 > FAST_MAX_FIELDS)
    return 0;
  for (size_t k = 0; k < n_required; k++)
    if (*targets[k] < 0)
      return 0; /* the generic reader reports the missing column */
  return 1;
}

static void part_free(fast_part *p) {
  img_builder_free(&p->rows);
  free(p->rejects);
  eml_buf_free(&p->raw);
}


/* Offset just after the first line end at or after at (size if none). */
static off_t next_line_start(int fd, off_t at, off_t size) {
  char probe[4096];
  while (at < size) {
    ssize_t got = pread(fd, probe, sizeof probe, at);
    if (got <= 0)
      return size;
    char *nl = memchr(probe, '\n', (size_t)got);
    if (nl)
      return at + (nl - probe) + 1;
    at += got;
  }
  return size;
}

eml_status img_fast_load(eml_imaging_campaign *c, img_fast_kind kind, const char *path,
                         eml_imaging_reject_fn reject, void *ctx, eml_imaging_load_counts *counts,
                         eml_diag *diag) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return EML_ERR_USAGE; /* the generic reader reports why */
  struct stat sb;
  fast_layout layout;
  memset(&layout, 0, sizeof layout);
  layout.kind = kind;
  off_t body = 0;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || fast_header(fd, &layout, &body) != 1) {
    close(fd);
    return EML_ERR_USAGE;
  }
  off_t size = sb.st_size;
  size_t n_parts = c->threads ? c->threads : 1;
  fast_part *parts = calloc(n_parts, sizeof *parts);
  if (!parts) {
    close(fd);
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "%s", eml_strerror(EML_ERR_NOMEM));
    return EML_ERR_NOMEM;
  }
  off_t from = body;
  for (size_t i = 0; i < n_parts; i++) {
    /* part i: from the line start at or after body + i/n of the body */
    off_t to = i + 1 == n_parts
                   ? size
                   : next_line_start(fd,
                                     body + (off_t)((uint64_t)(size - body) * (i + 1) / n_parts),
                                     size);
    if (to < from)
      to = from;
    parts[i].c = c;
    parts[i].layout = &layout;
    parts[i].name = path;
    parts[i].fd = fd;
    parts[i].from = from;
    parts[i].to = to;
    img_builder_init(&parts[i].rows, c);
    eml_buf_init(&parts[i].raw, FAST_REJECT_RAW_MAX);
    from = to;
  }
  parts[0].lines = 1; /* the header */
  eml_progress_begin(EML_PROGRESS_READ, size);
  eml_parallel_run(n_parts, fast_run, parts, sizeof *parts);
  eml_progress_end(); /* before a fallback: the generic reader begins its own */
  close(fd);

  eml_status st = EML_OK;
  for (size_t i = 0; i < n_parts; i++)
    if (parts[i].fallback) {
      st = EML_ERR_USAGE;
      goto done;
    }
  for (size_t i = 0; i < n_parts; i++)
    if (parts[i].status) {
      st = parts[i].status;
      eml_diag_set(diag, path, 0, NULL, NULL, 0, "%s", eml_strerror(st));
      goto done;
    }
  /* lines of a part are relative to its start */
  long before = 0;
  for (size_t i = 0; i < n_parts; i++) {
    for (size_t k = 0; k < parts[i].n_rejects; k++) {
      parts[i].rejects[k].diag.line += before;
      if (reject)
        reject(ctx, &parts[i].rejects[k].diag, parts[i].raw.data + parts[i].rejects[k].raw_off,
               parts[i].rejects[k].raw_len);
    }
    before += parts[i].lines;
  }
  for (size_t i = 0; i < n_parts && !st; i++)
    st = img_builder_finish(&parts[i].rows);
  if (st)
    goto done;
  memset(counts, 0, sizeof *counts);
  for (size_t i = 0; i < n_parts; i++)
    img_counts_add(counts, &parts[i].counts);
  st = counts->rejected ? EML_ERR_REJECTED : EML_OK;
done:
  for (size_t i = 0; i < n_parts; i++)
    part_free(&parts[i]);
  free(parts);
  return st;
}
