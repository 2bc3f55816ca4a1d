/*
 * row.c — the input pipeline's row checker and reading loop (row.h states
 * the model; eml/input.h the public half).
 */
#include "row.h"
#include "profile.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>

/* The words of each family of readers (row.h, "Words"). NULL: the
 * register's. Messages with a number are formatted by the code below.
 * French msgids, translated where they are used (eml_row_bad). */
static const struct {
  const char *column_missing; /* header */
  eml_status column_status;
  const char *required_text, *required_date, *required_number;
  const char *bool_expected;
} words[] = {
    [EML_WORDS_REGISTER] = {N_("colonne obligatoire absente de l'en-tête"), EML_ERR_CSV,
                            N_("une valeur est obligatoire"), N_("une date est obligatoire"),
                            N_("un nombre est obligatoire"),
                            N_("pas un booléen (attendu 1/0, oui/non, true/false, yes/no, o/n)")},
    [EML_WORDS_RT] = {N_("colonne absente de l'en-tête"), EML_ERR_VALUE, N_("valeur manquante"),
                      N_("valeur manquante"), N_("valeur manquante"),
                      N_("pas un booléen (attendu 1/0, oui/non, true/false, yes/no, o/n, y/n)")},
    [EML_WORDS_IMAGING] = {N_("colonne absente"), EML_ERR_CSV, N_("une valeur est obligatoire"),
                           N_("une date est obligatoire"), N_("un nombre est obligatoire"),
                           N_("pas un booléen (attendu 1/0, oui/non, true/false, yes/no, o/n)")},
};

/* The value of spec column i in the current record, trimmed. */
/* Whether spec column i of r is built by a profile. */
static int profiled(const eml_row *r, int i) {
  return r->profile && r->profile->section &&
         (r->profile->col[i].mode != EML_PC_DEFAULT || r->profile->col[i].labels);
}

const char *eml_row_field(const eml_row *r, int i, size_t *len) {
  if (i >= 0 && profiled(r, i)) {
    *len = r->profile->col[i].len;
    return r->profile->col[i].cell;
  }
  if (i < 0 || r->index[i] < 0) {
    *len = 0;
    return "";
  }
  return eml_trim_blanks(eml_csv_field(r->csv, (size_t)r->index[i], len), len);
}

/* The diagnostic of column i, its message as given (already translated). */
static eml_status row_bad_text(const eml_row *r, int i, eml_diag *diag, const char *msg) {
  size_t len = 0;
  const char *v = NULL;
  if (i >= 0 && i + 1 != r->secret) {
    v = eml_row_field(r, i, &len);
    /* the radiotherapy readers show no value for an empty one */
    if (r->words == EML_WORDS_RT && !len)
      v = NULL;
  }
  char label[EML_DIAG_FIELD_MAX];
  if (i >= 0 && profiled(r, i))
    eml_profile_column_label(r, i, label, sizeof label); /* the column of the user's file */
  else
    snprintf(label, sizeof label, "%s", i >= 0 ? r->columns[i].name : "");
  eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), label, v, len, "%s", msg);
  return EML_ERR_VALUE;
}

void eml_row_name_column(const eml_row *r, eml_diag *diag) {
  if (!diag->field[0] || !r->profile || !r->profile->section)
    return;
  for (int i = 0; r->columns[i].name; i++)
    if (strcmp(diag->field, r->columns[i].name) == 0) {
      if (profiled(r, i))
        eml_profile_column_label(r, i, diag->field, sizeof diag->field);
      return;
    }
}

eml_status eml_row_bad(const eml_row *r, int i, eml_diag *diag, const char *msg) {
  return row_bad_text(r, i, diag, _(msg));
}

eml_status eml_row_badf(const eml_row *r, int i, eml_diag *diag, const char *fmt, ...) {
  char msg[EML_DIAG_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, _(fmt), ap);
  va_end(ap);
  return row_bad_text(r, i, diag, msg);
}

void eml_hooks_reject(const eml_read_hooks *hooks, const eml_diag *why, const char *raw,
                      size_t raw_len) {
  if (hooks && hooks->reject)
    hooks->reject(hooks->ctx, why, raw, raw_len);
}

void eml_hooks_warn(const eml_read_hooks *hooks, const char *file, const char *message) {
  if (hooks && hooks->on_warning)
    hooks->on_warning(hooks->ctx, file, message);
}

/* A required value is empty: the family's words for it, or EML_OK. */
static eml_status required(const eml_row *r, int i, const char *what, eml_diag *diag) {
  return r->columns[i].required ? eml_row_bad(r, i, diag, what) : EML_OK;
}

/* The start of every typed getter: the value of column i (s, len) and,
 * when it is empty, st: the family's words `what` for a required column,
 * else EML_OK. *has (when not NULL) is set to 0 until the getter succeeds. */
typedef struct row_value {
  const char *s;
  size_t len;
  eml_status st;
} row_value;

static row_value typed_value(const eml_row *r, int i, int *has, const char *what,
                             eml_diag *diag) {
  row_value v = {NULL, 0, EML_OK};
  v.s = eml_row_field(r, i, &v.len);
  if (has)
    *has = 0;
  if (!v.len)
    v.st = required(r, i, what, diag);
  return v;
}

/* Copies column i into dst (size bytes, NUL-terminated); empty required
 * values and values too long are errors. */
eml_status eml_row_text(const eml_row *r, int i, char *dst, size_t size, eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  if (len == 0 && r->columns[i].required)
    return eml_row_bad(r, i, diag, words[r->words].required_text);
  if (len >= size)
    return eml_row_badf(r, i, diag, r->words == EML_WORDS_RT ? N_("trop long (au plus %zu octets)")
                                                              : N_("valeur trop longue (au plus %zu octets)"),
                        size - 1);
  memcpy(dst, v, len);
  dst[len] = '\0';
  return EML_OK;
}

eml_status eml_row_finess(const eml_row *r, int i, char dst[10], eml_diag *diag) {
  row_value v = typed_value(r, i, NULL, words[r->words].required_text, diag);
  dst[0] = '\0';
  if (!v.len)
    return v.st;
  eml_finess_check c = eml_finess_validate(v.s, v.len);
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return eml_row_bad(r, i, diag, eml_finess_message(c));
  memcpy(dst, v.s, 9);
  dst[9] = '\0';
  return EML_OK;
}

eml_status eml_row_date(const eml_row *r, int i, int *has, eml_date *out, eml_diag *diag) {
  row_value v = typed_value(r, i, has, words[r->words].required_date, diag);
  if (!v.len)
    return v.st;
  if (eml_date_parse(v.s, v.len, out))
    return eml_row_bad(r, i, diag, "pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA)");
  *has = 1;
  return EML_OK;
}

eml_status eml_row_datetime(const eml_row *r, int i, int *has, eml_time *out, int *flags,
                            eml_diag *diag) {
  row_value v = typed_value(r, i, has, words[r->words].required_date, diag);
  if (!v.len)
    return v.st;
  if (eml_datetime_parse(v.s, v.len, out, flags))
    return eml_row_bad(r, i, diag,
                       "pas une date-heure (attendu AAAA-MM-JJTHH:MM[:SS], AAAA-MM-JJ HH:MM[:SS] "
                       "ou JJ/MM/AAAA HH:MM[:SS])");
  *has = 1;
  return EML_OK;
}

eml_status eml_row_whole(const eml_row *r, int i, int64_t lo, int64_t hi, int *has, int64_t *out,
                         eml_diag *diag) {
  row_value v = typed_value(r, i, has, words[r->words].required_number, diag);
  if (!v.len)
    return v.st;
  if (eml_parse_int64(v.s, v.len, out) || *out < lo || *out > hi)
    return eml_row_badf(r, i, diag, "pas un nombre entier de %lld à %lld", (long long)lo,
                        (long long)hi);
  *has = 1;
  return EML_OK;
}

eml_status eml_row_count(const eml_row *r, int i, int *has, int64_t *out, eml_diag *diag) {
  return eml_row_whole(r, i, 0, 1000000, has, out, diag);
}

eml_status eml_row_real(const eml_row *r, int i, double min, double max, int *has, double *out,
                        eml_diag *diag) {
  row_value v = typed_value(r, i, has, words[r->words].required_number, diag);
  *out = 0;
  if (!v.len)
    return v.st;
  if (eml_parse_double(v.s, v.len, eml_csv_delimiter(r->csv) == ';', out))
    return eml_row_bad(r, i, diag, "pas un nombre");
  if (*out < min || *out > max)
    return eml_row_badf(r, i, diag, "hors limites (%g à %g)", min, max);
  *has = 1;
  return EML_OK;
}

eml_status eml_row_bool(const eml_row *r, int i, int *out, eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  *out = 0;
  if (len == 0)
    return EML_OK;
  if (eml_parse_bool(v, len, out))
    return eml_row_bad(r, i, diag, words[r->words].bool_expected);
  return EML_OK;
}

eml_status eml_row_code(const eml_row *r, int i, const char *const *names, size_t n,
                        int fallback, int *out, eml_diag *diag) {
  row_value v = typed_value(r, i, NULL, words[r->words].required_text, diag);
  *out = fallback;
  if (!v.len)
    return v.st;
  for (size_t k = 0; k < n; k++)
    if (strlen(names[k]) == v.len && strncasecmp(v.s, names[k], v.len) == 0) {
      *out = (int)k;
      return EML_OK;
    }
  char expected[160] = "";
  for (size_t k = 0; k < n; k++)
    if (names[k][0]) {
      strncat(expected, expected[0] ? ", " : "", sizeof expected - strlen(expected) - 1);
      strncat(expected, names[k], sizeof expected - strlen(expected) - 1);
    }
  return eml_row_badf(r, i, diag, "code inconnu (attendu %s)", expected);
}

eml_status eml_row_duplicate(const eml_row *r, int i, eml_diag *diag, const char *what) {
  char msg[EML_DIAG_MESSAGE_MAX];
  /* `what` is a French msgid (a noun: "site", "appareil") */
  snprintf(msg, sizeof msg, _("doublon : %s (déjà dans la base ou plus haut dans le fichier)"),
           _(what));
  return row_bad_text(r, i, diag, msg);
}

/* ---- the header ---------------------------------------------------------- */

void eml_row_positional(eml_row *r, eml_csv_reader *csv, const eml_column_spec *columns) {
  memset(r, 0, sizeof *r);
  r->csv = csv;
  r->columns = columns;
  for (int i = 0; columns[i].name && i < EML_ROW_MAX_COLUMNS; i++)
    r->index[i] = i;
}

/* Does header name h match spec column c (its name or an alias)? */
static int column_matches(const eml_column_spec *c, const char *h) {
  if (strcasecmp(h, c->name) == 0)
    return 1;
  for (const char *a = c->aliases; a && *a;) {
    const char *bar = strchr(a, '|');
    size_t n = bar ? (size_t)(bar - a) : strlen(a);
    if (strlen(h) == n && strncasecmp(h, a, n) == 0)
      return 1;
    a += n + (bar ? 1 : 0);
  }
  return 0;
}

/* Finds each spec column in the header; reports missing required columns,
 * repeated columns, and warns of unknown ones. */
eml_status eml_row_map_header(eml_row *r, eml_warning_fn on_warning, void *ctx, eml_diag *diag) {
  size_t n = eml_csv_header_count(r->csv);
  int with_profile = r->profile && r->profile->section;
  eml_status st;
  if (with_profile && (st = eml_profile_map_header(r, diag)))
    return st;
  for (int i = 0; r->columns[i].name; i++) {
    r->index[i] = -1;
    if (with_profile && r->profile->col[i].mode != EML_PC_DEFAULT)
      continue; /* the profile's headers */
    for (size_t h = 0; h < n && r->index[i] < 0; h++)
      if (column_matches(&r->columns[i], eml_csv_header(r->csv, h)))
        r->index[i] = (int)h;
    if (r->index[i] < 0 && r->columns[i].required) {
      eml_diag_set(diag, eml_csv_name(r->csv), 1, r->columns[i].name, NULL, 0, "%s",
                   _(words[r->words].column_missing));
      return words[r->words].column_status;
    }
  }
  /* a known column written twice is ambiguous: an error (unknown columns
   * may repeat, they are ignored); linear in the number of columns */
  for (int i = 0; r->columns[i].name; i++) {
    if (r->index[i] < 0)
      continue;
    for (size_t h = (size_t)r->index[i] + 1; h < n; h++) {
      const char *name = eml_csv_header(r->csv, h);
      if (column_matches(&r->columns[i], name)) {
        eml_diag_set(diag, eml_csv_name(r->csv), 1, name, NULL, 0,
                     "colonne présente deux fois dans l'en-tête");
        return EML_ERR_CSV;
      }
    }
  }
  eml_buf unknown;
  eml_buf_init(&unknown, 2048);
  size_t nunknown = 0, listed = 0;
  for (size_t h = 0; h < n; h++) {
    int known = strcasecmp(eml_csv_header(r->csv, h), "eml_reason") == 0 ||
                (with_profile && eml_profile_uses(r->profile, h));
    for (int i = 0; r->columns[i].name; i++)
      known |= r->index[i] == (int)h;
    if (known)
      continue;
    nunknown++;
    if (eml_buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", eml_csv_header(r->csv, h)) ==
        EML_OK)
      listed++;
  }
  if (nunknown && on_warning) {
    char msg[2300];
    if (listed < nunknown)
      snprintf(msg, sizeof msg, _("%zu colonnes inconnues ignorées : %s et %zu autres"), nunknown,
               unknown.data ? unknown.data : "", nunknown - listed);
    else
      snprintf(msg, sizeof msg, _("colonnes inconnues ignorées : %s"), unknown.data);
    on_warning(ctx, eml_csv_name(r->csv), msg);
  }
  eml_buf_free(&unknown);
  return EML_OK;
}

/* Checks that the record has as many fields as the header. */
eml_status eml_row_check_width(const eml_row *r, eml_diag *diag) {
  size_t n = eml_csv_field_count(r->csv), h = eml_csv_header_count(r->csv);
  const char *file = eml_csv_name(r->csv);
  long line = eml_csv_line(r->csv);
  if (n == h)
    return EML_OK;
  if (r->words == EML_WORDS_RT) {
    eml_diag_set(diag, file, line, NULL, NULL, 0, "%zu champs là où l'en-tête en a %zu", n, h);
  } else if (r->words == EML_WORDS_IMAGING) {
    eml_diag_set(diag, file, line, NULL, NULL, 0, "mauvais nombre de champs (attendu %zu, trouvé %zu)",
                 h, n);
  } else if (n < h) {
    eml_diag_set(diag, file, line, eml_csv_header(r->csv, n), NULL, 0,
                 "absente : la ligne a %zu champs, l'en-tête %zu", n, h);
  } else {
    size_t len;
    const char *v = eml_csv_field(r->csv, h, &len);
    char name[16];
    snprintf(name, sizeof name, "%zu", h + 1);
    eml_diag_set(diag, file, line, name, v, len,
                 "champ en trop : la ligne a %zu champs, l'en-tête %zu", n, h);
  }
  return EML_ERR_CSV;
}

/* ---- the reading loop ------------------------------------------------------ */

/* Stops the reading: no memory, too much data, or the input or the store
 * cannot be read or written. Any other status is the row's. */
static int fatal(eml_status st) {
  return st == EML_ERR_NOMEM || st == EML_ERR_TOO_LARGE || st == EML_ERR_IO;
}

void eml_rows_drop(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  (void)ctx, (void)why, (void)raw, (void)raw_len;
}

eml_status eml_rows_read(eml_row *r, eml_rows_reading *g, eml_read_counts *counts,
                         eml_diag *diag) {
  eml_read_counts local;
  if (!counts)
    counts = &local;
  memset(counts, 0, sizeof *counts);
  const eml_read_hooks *hooks = g->hooks;
  eml_status st = g->data ? eml_csv_open_memory(g->name, g->data, g->len, g->csv, &r->csv, diag)
                          : eml_csv_open(g->name, g->csv, &r->csv, diag);
  if (st)
    return st;
  int headerless = g->csv && g->csv->headerless;
  if (headerless) { /* spec column i is field i; the row function checks the width */
    eml_row_words family = r->words;
    eml_row_positional(r, r->csv, r->columns);
    r->words = family;
  } else {
    st = eml_row_map_header(r, hooks ? hooks->on_warning : NULL, hooks ? hooks->ctx : NULL,
                            diag);
  }
  int skipped = 0;
  if (st == EML_OK && g->header_fn)
    st = g->header_fn(g->ctx, r, &skipped, diag);
  while (st == EML_OK) {
    int has_record;
    eml_diag row_diag;
    eml_diag_clear(&row_diag);
    eml_status rs = eml_csv_next(r->csv, &has_record, &row_diag);
    /* a record the reader could not split (bad quoting, a field too large,
     * bad encoding) is the row's fault: it was consumed, the reading goes on */
    if (rs == EML_ERR_IO || rs == EML_ERR_NOMEM || (rs == EML_OK && !has_record)) {
      if (rs)
        *diag = row_diag;
      st = rs;
      break;
    }
    counts->read++;
    skipped = 0;
    int from_row_fn = 0;
    if (rs == EML_OK && (headerless || (rs = eml_row_check_width(r, &row_diag)) == EML_OK) &&
        (!r->profile || !r->profile->section || (rs = eml_profile_apply(r, &row_diag)) == EML_OK)) {
      rs = g->row_fn(g->ctx, r, &skipped, &row_diag);
      from_row_fn = 1;
    }
    if (rs == EML_OK && skipped) {
      counts->skipped++;
    } else if (rs == EML_OK) {
      counts->loaded++;
    } else if ((from_row_fn && fatal(rs)) || !hooks || !hooks->reject) {
      *diag = row_diag;
      st = rs;
    } else {
      size_t len;
      const char *raw = eml_csv_raw(r->csv, &len, NULL);
      counts->rejected++;
      hooks->reject(hooks->ctx, &row_diag, raw, len);
    }
  }
  eml_csv_close(r->csv);
  r->csv = NULL;
  return st;
}

/* The caller's hooks, behind the reject and warning functions of a whole
 * reading (ctx: a pointer to them, maybe NULL). */
static void whole_reject(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  eml_hooks_reject(*(const eml_read_hooks **)ctx, why, raw, raw_len);
}

static void whole_warn(void *ctx, const char *file, const char *message) {
  eml_hooks_warn(*(const eml_read_hooks **)ctx, file, message);
}

eml_status eml_rows_read_whole(eml_row *r, eml_rows_reading *reading, long empty_line,
                               const char *empty, const char *rejected,
                               const char *rejected_plural, eml_diag *diag) {
  const eml_read_hooks *caller = reading->hooks;
  eml_read_hooks mine = {whole_reject, whole_warn, &caller};
  eml_read_counts counts;
  reading->hooks = &mine;
  eml_status st = eml_rows_read(r, reading, &counts, diag);
  reading->hooks = caller;
  if (!st && counts.loaded == 0 && counts.rejected == 0) {
    eml_diag_set(diag, reading->name, empty_line, NULL, NULL, 0, "%s", _(empty));
    st = EML_ERR_EMPTY;
  }
  if (!st && counts.rejected) {
    eml_diag_set(diag, reading->name, 0, NULL, NULL, 0, "%ld %s", counts.rejected,
                 _n(rejected, rejected_plural, counts.rejected));
    st = EML_ERR_REJECTED;
  }
  return st;
}
