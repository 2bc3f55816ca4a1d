/*
 * progress.c — the process-wide progress sink (eml/progress.h states the
 * model): atomic totals, a nesting depth, and a flag so that the sink is
 * never entered by two threads at once.
 */
#include "eml/progress.h"

#include <stdatomic.h>
#include <stddef.h>

static eml_progress sink;
static _Atomic int depth;
static _Atomic int kind;
static _Atomic int64_t done, total, rows;
static atomic_flag calling = ATOMIC_FLAG_INIT;

void eml_progress_set(const eml_progress *s) {
  sink = s && s->fn ? *s : (eml_progress){NULL, NULL};
}

/* Calls the sink with the totals, unless another thread is in it. */
static void notify(int finished) {
  if (finished) {
    /* the last call waits for the thread inside the sink to leave it */
    while (atomic_flag_test_and_set(&calling))
      ;
  } else if (atomic_flag_test_and_set(&calling)) {
    return;
  }
  eml_progress_state s = {(eml_progress_kind)atomic_load(&kind), atomic_load(&done),
                          atomic_load(&total), atomic_load(&rows), finished};
  sink.fn(sink.ctx, &s);
  atomic_flag_clear(&calling);
}

void eml_progress_begin(eml_progress_kind k, int64_t units) {
  if (!sink.fn)
    return;
  if (atomic_fetch_add(&depth, 1) == 0) {
    atomic_store(&kind, (int)k);
    atomic_store(&done, 0);
    atomic_store(&total, units > 0 ? units : 0);
    atomic_store(&rows, 0);
  }
}

void eml_progress_add(int64_t units, int64_t n) {
  if (!sink.fn || atomic_load(&depth) != 1) /* none, or an inner piece */
    return;
  atomic_fetch_add(&done, units);
  atomic_fetch_add(&rows, n);
  notify(0);
}

void eml_progress_end(void) {
  if (!sink.fn || atomic_load(&depth) == 0)
    return;
  if (atomic_fetch_sub(&depth, 1) == 1)
    notify(1);
}
