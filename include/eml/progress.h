/*
 * eml/progress.h — a sign of life during long work (issue 18, item 2).
 *
 * Model: the library never prints. A program that wants progress installs
 * one process-wide sink {fn, ctx} (eml_progress_set); the readers of input
 * files then announce a piece of work with its size in bytes when known
 * (eml_progress_begin), add the bytes and rows done as they go
 * (eml_progress_add, about once per MiB read, from any thread), and end it
 * (eml_progress_end). The sink is called with the running totals after
 * each addition and once with `finished` set when the outermost piece of
 * work ends; it decides itself whether and how often to show anything
 * (the CLI: only on a terminal, after a second, four times a second).
 * With no sink installed every call is a few loads and returns.
 *
 * Threads: additions are atomic; the sink is called by one thread at a
 * time (a call that would overlap another is skipped, the next one carries
 * the totals). Pieces of work may nest (a reader inside a loader): only the
 * outermost begin resets the totals and only its end calls `finished`.
 */
#ifndef EML_PROGRESS_H
#define EML_PROGRESS_H

#include <stdint.h>

typedef struct eml_progress_state {
  int64_t bytes_done;  /* input bytes read so far */
  int64_t bytes_total; /* bytes of the work, 0 when unknown */
  int64_t rows;        /* rows (records, exams, lines written) so far */
  int finished;        /* 1 on the last call of a piece of work */
} eml_progress_state;

typedef struct eml_progress {
  void (*fn)(void *ctx, const eml_progress_state *state);
  void *ctx;
} eml_progress;

/* Installs the sink (copied); NULL or a NULL fn removes it. Not to be
 * called while work is in progress. */
void eml_progress_set(const eml_progress *sink);
/* A piece of work of bytes_total bytes (0: unknown) begins. */
void eml_progress_begin(int64_t bytes_total);
/* bytes and rows more are done. */
void eml_progress_add(int64_t bytes, int64_t rows);
/* The piece of work begun last ends. */
void eml_progress_end(void);

#endif
