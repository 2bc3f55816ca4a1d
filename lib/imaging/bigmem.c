/*
 * bigmem.c — memory for the large arrays of a campaign (exams, sessions,
 * the fast reader's buffers): anonymous mappings in 2 MiB steps, advised
 * for transparent huge pages, grown and shrunk with mremap so that a
 * growing array is never copied and first touches fault 512 times less
 * (bench/RESULTS.md: page faults were a quarter of the load time).
 */
#define _GNU_SOURCE /* mremap */
#include "imaging_internal.h"

#include <stdlib.h>
#include <sys/mman.h>

#define BIG_STEP ((size_t)2 << 20)

static size_t round_up(size_t bytes) { return (bytes + BIG_STEP - 1) / BIG_STEP * BIG_STEP; }

eml_status img_big_reserve(img_big *b, size_t bytes) {
  if (bytes <= b->cap)
    return EML_OK;
  size_t cap = b->cap ? b->cap : BIG_STEP;
  while (cap < bytes)
    cap = cap < ((size_t)1 << 30) ? cap * 2 : cap + ((size_t)1 << 30);
  cap = round_up(cap);
  void *p = b->data ? mremap(b->data, b->cap, cap, MREMAP_MAYMOVE)
                    : mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return EML_ERR_NOMEM;
#ifdef MADV_HUGEPAGE
  madvise(p, cap, MADV_HUGEPAGE);
#endif
  b->data = p;
  b->cap = cap;
  return EML_OK;
}

void img_big_shrink(img_big *b, size_t bytes) {
  size_t cap = round_up(bytes);
  if (!b->data || cap >= b->cap)
    return;
  if (cap == 0) {
    img_big_free(b);
    return;
  }
  void *p = mremap(b->data, b->cap, cap, 0);
  if (p != MAP_FAILED) {
    b->data = p;
    b->cap = cap;
  }
}

void img_big_free(img_big *b) {
  if (b->data)
    munmap(b->data, b->cap);
  b->data = NULL;
  b->cap = 0;
}

/* The job of img_big_populate_start: the mapping in 32 MiB steps. */
struct img_populate {
  char *data;
  size_t bytes;
  eml_parallel *thread;
};

static void *populate_run(void *job) {
#ifdef MADV_POPULATE_WRITE
  struct img_populate *p = job;
  const size_t step = (size_t)32 << 20;
  for (size_t at = 0; at < p->bytes; at += step) /* an error: the rest faults as written */
    if (madvise(p->data + at, p->bytes - at < step ? p->bytes - at : step, MADV_POPULATE_WRITE))
      break;
#else
  (void)job;
#endif
  return NULL;
}

struct img_populate *img_big_populate_start(const img_big *b, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  struct img_populate *p = b->data && bytes ? malloc(sizeof *p) : NULL;
  if (!p)
    return NULL;
  *p = (struct img_populate){b->data, bytes < b->cap ? bytes : b->cap, NULL};
  p->thread = eml_parallel_start(1, populate_run, p, sizeof *p);
  return p;
#else
  (void)b;
  (void)bytes;
  return NULL;
#endif
}

void img_big_populate_wait(struct img_populate *p) {
  if (!p)
    return;
  eml_parallel_wait(p->thread);
  free(p);
}
