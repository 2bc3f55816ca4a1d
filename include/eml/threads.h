/*
 * eml/threads.h — how many threads libeml may use: the imaging engine
 * (reading exams.csv and sessions.csv, computing the indicators), the
 * campaign generator and the dashboard take a thread count.
 *
 * Model: a count n of 1 ... EML_THREADS_MAX is used as given; 0 means "the
 * online cores" (sysconf(_SC_NPROCESSORS_ONLN)), capped at
 * EML_THREADS_DEFAULT_MAX. This is the one place where libeml asks the
 * machine anything, and only when given 0: a caller that passes a count
 * gets exactly that many. Results never depend on the count (each user
 * says why in its own file; docs/architecture.md, "Threads").
 */
#ifndef EML_THREADS_H
#define EML_THREADS_H

#define EML_THREADS_MAX 256        /* --threads 1 ... 256 */
#define EML_THREADS_DEFAULT_MAX 64 /* the online cores, but not more than this */

/* The thread count to use for a requested one: n itself for 1 ... EML_THREADS_MAX
 * (EML_THREADS_MAX above it), the online cores (1 ... EML_THREADS_DEFAULT_MAX)
 * for 0. */
unsigned eml_threads_resolve(unsigned n);

#endif
