/*
 * fuzz_imaging.h — what the imaging harnesses share (issue 7, "fuzzing";
 * spec imaging.md "Inputs"): a campaign built from the fixture
 * tests/data/imaging/dst_week up to the file under test, and a differential
 * load of sessions.csv / exams.csv. lib/imaging/fast.c reads a plain
 * comma-separated file itself and hands any other layout (a byte-order mark,
 * quotes, a lone CR...) back to the generic CSV reader, promising the same
 * rows and the same messages. So each input is loaded twice: as given (fast
 * path when it qualifies) and behind a UTF-8 byte-order mark (always the
 * generic reader, which skips the mark); both must give the same counts, the
 * same rows and the same rejects, in the same order.
 */
#ifndef EML_FUZZ_IMAGING_H
#define EML_FUZZ_IMAGING_H

#include "fuzz_common.h"

typedef struct fuzz_rejects {
  uint64_t hash; /* FNV-1a of every message and raw row, in order */
  long count;
} fuzz_rejects;

static void fuzz_hash_bytes(uint64_t *h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) {
    *h ^= b[i];
    *h *= 1099511628211u;
  }
}

static void fuzz_imaging_reject(void *ctx, const eml_diag *diag, const char *raw, size_t len) {
  fuzz_rejects *r = ctx;
  char text[1024];
  eml_diag_format(diag, text, sizeof text);
  /* the message names the file: both loads read the same scratch path */
  fuzz_hash_bytes(&r->hash, text, strlen(text));
  fuzz_hash_bytes(&r->hash, raw, len);
  r->count++;
}

/* A campaign holding the fixture's files before `upto` (0: none, 1:
 * equipment, 2: equipment and sessions), read with 3 threads: the fast
 * path cuts the (small) input in 3 parts of a few lines, some empty, and
 * must still agree with the generic reader. */
static inline eml_imaging_campaign *fuzz_imaging_campaign(int upto) {
  static const char *const files[2] = {"equipment.csv", "sessions.csv"};
  eml_imaging_campaign *c = eml_imaging_campaign_new();
  if (!c)
    fuzz_fail("out of memory");
  eml_imaging_campaign_set_threads(c, 3);
  for (int i = 0; i < upto; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/imaging/dst_week/%s", EML_SOURCE_DIR, files[i]);
    eml_diag diag;
    eml_diag_clear(&diag);
    eml_status st = i == 0 ? eml_imaging_load_equipment(c, path, NULL, NULL, NULL, &diag)
                           : eml_imaging_load_sessions(c, path, NULL, NULL, NULL, &diag);
    if (st)
      fuzz_fail("cannot load the imaging fixture");
  }
  return c;
}

typedef eml_status (*fuzz_imaging_loader)(eml_imaging_campaign *, const char *,
                                          eml_imaging_reject_fn, void *, eml_imaging_load_counts *,
                                          eml_diag *);

typedef struct fuzz_imaging_load {
  eml_imaging_campaign *c;
  eml_status status;
  eml_imaging_load_counts counts;
  fuzz_rejects rejects;
  size_t sizes[3];
  char message[1024]; /* the diag of a failed load */
} fuzz_imaging_load;

static inline void fuzz_imaging_load_one(fuzz_imaging_load *l, int upto, fuzz_imaging_loader load,
                                         const uint8_t *data, size_t size, int with_bom) {
  memset(l, 0, sizeof *l);
  l->rejects.hash = 14695981039346656037u;
  l->c = fuzz_imaging_campaign(upto);
  uint8_t *bytes = malloc(size + 3);
  if (!bytes)
    fuzz_fail("out of memory");
  size_t n = 0;
  if (with_bom) {
    memcpy(bytes, "\xEF\xBB\xBF", 3);
    n = 3;
  }
  if (size)
    memcpy(bytes + n, data, size);
  const char *path = fuzz_write_input(bytes, n + size);
  free(bytes);
  eml_diag diag;
  eml_diag_clear(&diag);
  l->status = load(l->c, path, fuzz_imaging_reject, &l->rejects, &l->counts, &diag);
  if (l->status && l->status != EML_ERR_REJECTED)
    eml_diag_format(&diag, l->message, sizeof l->message);
  const eml_imaging_load_counts *k = &l->counts;
  if (!l->status || l->status == EML_ERR_REJECTED) {
    if (k->read != k->loaded + k->rejected + k->skipped)
      fuzz_fail("read != loaded + rejected + skipped");
    if (k->rejected != l->rejects.count)
      fuzz_fail("rejected differs from the rows reported");
    if ((l->status == EML_ERR_REJECTED) != (k->rejected > 0))
      fuzz_fail("EML_ERR_REJECTED without a rejected row, or the reverse");
  }
  eml_imaging_campaign_sizes(l->c, &l->sizes[0], &l->sizes[1], &l->sizes[2]);
}

/* Loads the input with `load` after the fixture's first `upto` files, by
 * the fast path (when it qualifies) and by the generic reader; checks they
 * agree. Returns the campaign of the first load (caller frees it). */
static inline eml_imaging_campaign *fuzz_imaging_differential(int upto, fuzz_imaging_loader load,
                                                              const uint8_t *data, size_t size) {
  fuzz_imaging_load plain, bom;
  fuzz_imaging_load_one(&plain, upto, load, data, size, 0);
  /* an input that starts with its own mark would get two: not the same file */
  if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    return plain.c;
  fuzz_imaging_load_one(&bom, upto, load, data, size, 1);
  eml_imaging_campaign_free(bom.c);
  if (plain.status != bom.status)
    fuzz_fail("fast and generic readers return different statuses");
  if (memcmp(&plain.counts, &bom.counts, sizeof plain.counts) != 0)
    fuzz_fail("fast and generic readers count differently");
  if (memcmp(plain.sizes, bom.sizes, sizeof plain.sizes) != 0)
    fuzz_fail("fast and generic readers keep different rows");
  if (plain.rejects.count != bom.rejects.count || plain.rejects.hash != bom.rejects.hash)
    fuzz_fail("fast and generic readers reject differently");
  if (strcmp(plain.message, bom.message) != 0)
    fuzz_fail("fast and generic readers fail with different messages");
  return plain.c;
}

#endif
