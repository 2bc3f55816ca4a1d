/*
 * internal.h — the private umbrella header of libeml: every public header,
 * plus the helpers shared between library files (prefix eml__ is not used:
 * internal names are plain `eml_` names declared here, not in include/).
 */
#ifndef EML_INTERNAL_H
#define EML_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "eml/eml.h"

/* Texts in the current language (lib/core/i18n.c, docs/i18n.md): the
 * msgids are French. _() translates now; N_() only marks a text for
 * xgettext (a table of column definitions), translated where it is used.
 * The table and report setters translate their titles, headers and notes
 * themselves (xgettext knows them as keywords: scripts/update-po.sh), so
 * a literal passed to them needs no mark. */
#define _(msgid) eml_tr(msgid)
#define N_(msgid) msgid
/* N_ for a text whose '%' is a percent sign, not a format ("20 % des
 * examens": "% d" would read as a conversion; xgettext is told so). */
#define NF_(msgid) msgid
/* msgid or msgid_plural as the count n asks (eml_trn; French: n > 1 is
 * plural, "0 ligne"). */
#define _n(msgid, msgid_plural, n) eml_trn(msgid, msgid_plural, (unsigned long)(n))

/* The three-way comparison of two numbers for qsort's comparators: -1, 0
 * or 1 as a is below, equal to or above b; two values that are not equal
 * but neither below the other (a NaN) give 1. Descending: EML_CMP(b, a). */
#define EML_CMP(a, b) ((a) == (b) ? 0 : (a) < (b) ? -1 : 1)

/* Allocation (lib/core/mem.c). The growth helper of every dynamic array:
 * makes *items hold at least `need` elements of `elem` bytes, doubling the
 * capacity *cap from EML_GROW_INITIAL; EML_ERR_TOO_LARGE past `max`
 * elements (eml_grow_max) or when the size in bytes would overflow,
 * EML_ERR_NOMEM when realloc fails; on error *items and *cap are as they
 * were. Use: eml_grow((void **)&list, &cap, n + 1, sizeof *list). */
#define EML_GROW_INITIAL 16
/* The hard cap of an array grown by eml_grow: 64 GiB (the national year's
 * exams take 0.5 GiB), half the address space on 32 bits. */
#define EML_GROW_MAX_BYTES (SIZE_MAX > 0xFFFFFFFFu ? (size_t)((uint64_t)1 << 36) : SIZE_MAX / 2)
eml_status eml_grow(void **items, size_t *cap, size_t need, size_t elem) EML_MUST_CHECK;
eml_status eml_grow_max(void **items, size_t *cap, size_t need, size_t elem, size_t max)
    EML_MUST_CHECK;
/* Room for element n of items (eml_grow to n + 1), that element zeroed:
 * returns the array, maybe moved, with *st EML_OK; on error the array as it
 * was (still the caller's to free) with *st set. Use:
 * list = eml_grow_one(list, &cap, n, sizeof *list, &st); */
void *eml_grow_one(void *items, size_t *cap, size_t n, size_t elem, eml_status *st)
    EML_MUST_CHECK;
/* One more element at the end of an array kept at its count (no capacity:
 * short lists such as the balance's tables and rows): *items reallocated to
 * *n + 1 elements, the new one zeroed and counted; returns it, or NULL with
 * *items and *n as they were when memory runs out. Use:
 * row = eml_append_zeroed((void **)&t->rows, &t->nrows, sizeof *t->rows); */
void *eml_append_zeroed(void **items, size_t *n, size_t elem) EML_MUST_CHECK;
/* malloc, calloc, realloc, strdup, but failing when the test hook says so:
 * core's own structures (tables, buffers, eml_grow) allocate through them. */
void *eml_malloc(size_t size);
void *eml_calloc(size_t n, size_t size);
void *eml_realloc(void *p, size_t size);
char *eml_strdup(const char *s);
/* A string of the len bytes at s (not NUL-terminated there), NUL-terminated. */
char *eml_strndup(const char *s, size_t len);
/* Frees the n strings of list, then list (NULL accepted): the owned string
 * arrays of tables (notes), the CSV header, chart labels. */
void eml_strings_free(char **list, size_t n);
/* Test hook, for unit tests only: the n-th allocation through the functions
 * above from now on fails (returns NULL); 0 disarms. */
void eml_test_fail_alloc(long n);

/* Random numbers (lib/core/random.c): xoshiro256** (Blackman and Vigna,
 * 2018) seeded by splitmix64, for simulations that must give the same
 * figures for the same seed on every machine. */
typedef struct eml_rng {
  uint64_t s[4];
} eml_rng;
void eml_rng_seed(eml_rng *r, uint64_t seed);
uint64_t eml_rng_next(eml_rng *r);
/* Uniform in (0, 1): never 0, so that -log(u) is finite. */
double eml_rng_uniform(eml_rng *r);
/* Exponential of the given mean (inverse transform, -mean × log u). */
double eml_rng_exponential(eml_rng *r, double mean);

/* The string-keyed map (lib/core/strmap.c, its model there): a key of
 * `len` bytes (not necessarily NUL-terminated; copied) to an index. A
 * zeroed eml_strmap is an empty map; eml_strmap_free empties it again. */
struct eml_strmap_slot;
typedef struct eml_strmap {
  struct eml_strmap_slot *slots;
  size_t cap, count;
} eml_strmap;
/* EML_ERR_DUPLICATE when the key is there already (its value unchanged). */
eml_status eml_strmap_put(eml_strmap *m, const char *key, size_t len, size_t value) EML_MUST_CHECK;
/* 1 and *value (when value is not NULL) when found, else 0. */
int eml_strmap_get(const eml_strmap *m, const char *key, size_t len, size_t *value);
void eml_strmap_free(eml_strmap *m);

/* A growable byte buffer with a hard cap (curl's dynbuf). Appending past the
 * cap fails with EML_ERR_TOO_LARGE and leaves the content as it was. The
 * data is always NUL-terminated once anything was appended. */
typedef struct eml_buf {
  char *data;
  size_t len, cap, max;
} eml_buf;

void eml_buf_init(eml_buf *b, size_t max);
void eml_buf_free(eml_buf *b);
eml_status eml_buf_append(eml_buf *b, const void *data, size_t len) EML_MUST_CHECK;
eml_status eml_buf_putc(eml_buf *b, char c) EML_MUST_CHECK;
/* The eml_write_fn of an eml_buf (ctx): appends. */
eml_status eml_buf_write(void *ctx, const char *data, size_t len) EML_MUST_CHECK;
eml_status eml_buf_printf(eml_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)))
    EML_MUST_CHECK;
eml_status eml_buf_vprintf(eml_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0))) EML_MUST_CHECK;
/* Takes the data out (caller frees); the buffer is left empty. */
char *eml_buf_take(eml_buf *b);

/* UTF-8 (lib/core/text.c; eml_utf8_invalid_at is public, in eml/text.h). */
#define EML_UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD, for what is not valid UTF-8 */
/* Appends s with every byte that is not part of valid UTF-8 replaced by
 * U+FFFD, so that every writer writes valid UTF-8. */
eml_status eml_utf8_append_clean(eml_buf *out, const char *s) EML_MUST_CHECK;
/* Byte length of the first `chars` characters of UTF-8 s (all of s when
 * it has fewer): a cut that never splits a character. */
size_t eml_utf8_prefix_len(const char *s, size_t chars);

/* s[0..*len) without the spaces and tabs around it (*len updated): the one
 * trim of readers, header names and code parsers (lib/core/text.c). */
const char *eml_trim_blanks(const char *s, size_t *len);

/* Writing text through an eml_write_fn (lib/core/text.c; eml_html_escape
 * is public). */
/* Writes a NUL-terminated string through the callback. */
eml_status eml_emit(eml_write_fn write, void *ctx, const char *s) EML_MUST_CHECK;
/* Writes value (repaired as eml_utf8_append_clean) with each character
 * found in `specials` written as replace(c) instead. A value is cleaned in
 * a buffer capped at EML_TEXT_VALUE_MAX: a longer one fails with
 * EML_ERR_TOO_LARGE. */
#define EML_TEXT_VALUE_MAX ((size_t)1 << 20)
eml_status eml_emit_escaped(eml_write_fn write, void *ctx, const char *value,
                            const char *specials, const char *(*replace)(char c)) EML_MUST_CHECK;
/* Writes text escaped for a GitHub-flavoured Markdown table cell or
 * paragraph (the Markdown renderer): '|' as "\|", a line break as a space,
 * & < > as entities, \ ` [ ] backslash-escaped, control bytes (C0 but TAB,
 * and DEL) as U+FFFD; the reasons are at the top of render_md.c. */
eml_status eml_md_escape(eml_write_fn write, void *ctx, const char *text) EML_MUST_CHECK;
/* Writes text as the inside of a JSON string, escaped as jansson's
 * json_dumps escapes it ('"', '\\', the C0 controls), UTF-8 repaired. */
eml_status eml_json_escape(eml_write_fn write, void *ctx, const char *text) EML_MUST_CHECK;
/* Length of the control character at s (0 when none): a C0 byte but TAB
 * and LF, DEL, or a C1 control in UTF-8 (C2 80 - C2 9F: U+009B is CSI,
 * read by terminals like ESC [). The text renderer shows it as U+FFFD, so
 * that a value cannot drive the terminal. len > 0. */
size_t eml_control_len(const char *s, size_t len);

#endif
