/*
 * mem.c — core's allocation: the growth helper of dynamic arrays
 * (eml_grow, eml_grow_max) and the allocation functions core's own
 * structures use (tables, buffers, arrays grown by eml_grow), with a test
 * hook that makes one of them fail.
 *
 * Model of growth: an array of elements of `elem` bytes holds *cap of them;
 * to hold `need`, the capacity doubles from EML_GROW_INITIAL (or from need
 * when larger) until it is enough; a need past the caller's max count
 * (eml_grow: EML_GROW_MAX_BYTES in all, the hard cap of every array), or
 * whose size in bytes would pass SIZE_MAX, fails with EML_ERR_TOO_LARGE; a failed realloc with EML_ERR_NOMEM. Either way the
 * array and *cap are left as they were, so the caller's data stays whole.
 *
 * The test hook (eml_test_fail_alloc, declared in internal.h for the unit
 * tests only) counts down the allocations made through eml_malloc /
 * eml_calloc / eml_realloc / eml_strdup and fails the chosen one, so that
 * a test can walk every allocation of building a report and check the
 * error comes out. It is one relaxed atomic load per allocation when not
 * armed; only a test arms it, before building, on one thread.
 */
#include "internal.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Atomic long fail_countdown; /* 0: never; n: the n-th allocation fails */

void eml_test_fail_alloc(long n) { atomic_store(&fail_countdown, n > 0 ? n : 0); }

/* True when this allocation is the one the test hook fails. */
static int alloc_fails(void) {
  if (atomic_load_explicit(&fail_countdown, memory_order_relaxed) == 0)
    return 0;
  return atomic_fetch_sub(&fail_countdown, 1) == 1;
}

void *eml_malloc(size_t size) { return alloc_fails() ? NULL : malloc(size); }

void *eml_calloc(size_t n, size_t size) { return alloc_fails() ? NULL : calloc(n, size); }

void *eml_realloc(void *p, size_t size) { return alloc_fails() ? NULL : realloc(p, size); }

char *eml_strdup(const char *s) { return alloc_fails() ? NULL : strdup(s); }

char *eml_strndup(const char *s, size_t len) {
  char *copy = eml_malloc(len + 1);
  if (copy) {
    memcpy(copy, s, len);
    copy[len] = '\0';
  }
  return copy;
}

void eml_strings_free(char **list, size_t n) {
  for (size_t i = 0; list && i < n; i++)
    free(list[i]);
  free(list);
}

eml_status eml_grow_max(void **items, size_t *cap, size_t need, size_t elem, size_t max) {
  if (need <= *cap)
    return EML_OK;
  if (need > max || elem == 0 || need > SIZE_MAX / elem)
    return EML_ERR_TOO_LARGE;
  size_t ncap = *cap ? *cap : EML_GROW_INITIAL;
  while (ncap < need)
    ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
  if (ncap > max)
    ncap = max; /* need <= max: the last step stops at the cap */
  if (ncap > SIZE_MAX / elem)
    ncap = need; /* need * elem fits (checked above) */
  void *p = eml_realloc(*items, ncap * elem);
  if (!p)
    return EML_ERR_NOMEM;
  *items = p;
  *cap = ncap;
  return EML_OK;
}

eml_status eml_grow(void **items, size_t *cap, size_t need, size_t elem) {
  return eml_grow_max(items, cap, need, elem, elem ? EML_GROW_MAX_BYTES / elem : 0);
}

void *eml_append_zeroed(void **items, size_t *n, size_t elem) {
  if (elem == 0 || *n >= SIZE_MAX / elem)
    return NULL;
  char *p = eml_realloc(*items, (*n + 1) * elem);
  if (!p)
    return NULL;
  *items = p;
  p += (*n)++ * elem;
  memset(p, 0, elem);
  return p;
}

void *eml_grow_one(void *items, size_t *cap, size_t n, size_t elem, eml_status *st) {
  *st = eml_grow(&items, cap, n + 1, elem);
  if (*st == EML_OK)
    memset((char *)items + n * elem, 0, elem);
  return items;
}
