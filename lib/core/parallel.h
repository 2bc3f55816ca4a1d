/*
 * parallel.h — running n jobs at once (parallel.c): the one way libeml
 * starts threads. Internal to the library (the public side is
 * eml/threads.h).
 *
 * Model: fork-join over n job structs laid out `stride` bytes apart, fn
 * called once on each. eml_parallel_run calls job 0 on the calling thread
 * and each other one on a thread of its own, and returns once every job
 * has returned. eml_parallel_start starts every job on a thread of its own
 * and returns at once (the caller works meanwhile, e.g. writes what the
 * previous jobs made); eml_parallel_wait waits for them and frees the
 * handle. A thread that cannot be started runs its job on the calling
 * thread instead (at once, or after job 0), so the jobs always all run;
 * they must not depend on running at the same time (none waits for
 * another).
 */
#ifndef EML_CORE_PARALLEL_H
#define EML_CORE_PARALLEL_H

#include <stddef.h>

void eml_parallel_run(size_t n, void *(*fn)(void *job), void *jobs, size_t stride);

typedef struct eml_parallel eml_parallel;
/* NULL when the jobs have all run already (on the calling thread). */
eml_parallel *eml_parallel_start(size_t n, void *(*fn)(void *job), void *jobs, size_t stride);
void eml_parallel_wait(eml_parallel *p); /* accepts NULL */

#endif
