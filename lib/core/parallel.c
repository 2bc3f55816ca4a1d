/*
 * parallel.c — the thread count of eml/threads.h and the fork-join runner
 * of parallel.h (their models are there).
 */
#include "core/parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

unsigned eml_threads_resolve(unsigned n) {
  if (n >= 1)
    return n > EML_THREADS_MAX ? EML_THREADS_MAX : n;
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (online < 1)
    return 1;
  return online > EML_THREADS_DEFAULT_MAX ? EML_THREADS_DEFAULT_MAX : (unsigned)online;
}

struct eml_parallel {
  size_t n;
  pthread_t *threads;
  unsigned char *started; /* 1: threads[i] runs job i, to be joined */
};

eml_parallel *eml_parallel_start(size_t n, void *(*fn)(void *job), void *jobs, size_t stride) {
  char *base = jobs;
  eml_parallel *p = n ? malloc(sizeof *p) : NULL;
  if (p) {
    p->n = n;
    p->threads = malloc(n * sizeof *p->threads);
    p->started = calloc(n, 1);
  }
  if (!p || !p->threads || !p->started) { /* no memory for the handles: one after the other */
    if (p) {
      free(p->threads);
      free(p->started);
      free(p);
    }
    for (size_t i = 0; i < n; i++)
      fn(base + i * stride);
    return NULL;
  }
  for (size_t i = 0; i < n; i++)
    if (!(p->started[i] = pthread_create(&p->threads[i], NULL, fn, base + i * stride) == 0))
      fn(base + i * stride);
  return p;
}

void eml_parallel_wait(eml_parallel *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    if (p->started[i])
      pthread_join(p->threads[i], NULL);
  free(p->threads);
  free(p->started);
  free(p);
}

void eml_parallel_run(size_t n, void *(*fn)(void *job), void *jobs, size_t stride) {
  if (n == 0)
    return;
  char *base = jobs;
  eml_parallel *others = eml_parallel_start(n - 1, fn, base + stride, stride);
  fn(base);
  eml_parallel_wait(others);
}
