/*
 * eml/progress.h — a sign of life during long work (issue 18, item 2).
 *
 * Model: the library never prints. A program that wants progress installs
 * one process-wide sink {fn, ctx} (eml_progress_set); long work then
 * announces a piece of work, its kind and its size when known
 * (eml_progress_begin: the bytes of a file read, the machines of a
 * campaign generated or computed), adds the units and rows done as it goes
 * (eml_progress_add: the readers about once per MiB read, the generator
 * once per round of machines, the benchmark once per machine; from any
 * thread), and ends it (eml_progress_end). The sink is called with the running totals after
 * each addition and once with `finished` set when the outermost piece of
 * work ends; it decides itself whether and how often to show anything
 * (the CLI: only on a terminal, after a second, four times a second).
 * With no sink installed every call is a few loads and returns.
 *
 * Threads: additions are atomic; the sink is called by one thread at a
 * time (a call that would overlap another is skipped, the next one carries
 * the totals). Pieces of work may nest (the PDF of a machine sheet inside
 * the sheets of a site): only the outermost piece counts, its begin resets
 * the totals, the additions of inner pieces are left out, and only its end
 * calls `finished`.
 */
#ifndef EML_PROGRESS_H
#define EML_PROGRESS_H

#include <stdint.h>

typedef enum eml_progress_kind {
  EML_PROGRESS_READ,    /* units: bytes of input files; rows: records */
  EML_PROGRESS_WRITE,   /* units: machines generated; rows: exams written */
  EML_PROGRESS_COMPUTE, /* units: machines computed; rows: exams counted */
  EML_PROGRESS_DRAW,    /* units: items (tables, charts) of a PDF report laid out */
  EML_PROGRESS_SHEETS,  /* units: machine sheets written */
  EML_PROGRESS_RT_WRITE, /* units: radiotherapy centres generated; rows: passages written */
  EML_PROGRESS_RT_LOAD,  /* units: passages loaded from a store */
  EML_PROGRESS_RT_COUNT, /* units: passages counted (eml_rt_activity_compute) */
} eml_progress_kind;

typedef struct eml_progress_state {
  eml_progress_kind kind;
  int64_t done;  /* units done so far */
  int64_t total; /* units of the work, 0 when unknown */
  int64_t rows;  /* rows so far */
  int finished;  /* 1 on the last call of a piece of work */
} eml_progress_state;

typedef struct eml_progress {
  void (*fn)(void *ctx, const eml_progress_state *state);
  void *ctx;
} eml_progress;

/* Installs the sink (copied); NULL or a NULL fn removes it. Not to be
 * called while work is in progress. */
void eml_progress_set(const eml_progress *sink);
/* A piece of work of `total` units of its kind (0: unknown) begins. */
void eml_progress_begin(eml_progress_kind kind, int64_t total);
/* units and rows more are done. */
void eml_progress_add(int64_t units, int64_t rows);
/* The piece of work begun last ends. */
void eml_progress_end(void);

#endif
