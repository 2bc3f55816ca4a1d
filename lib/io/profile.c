/*
 * profile.c — import profiles (eml/profile.h, io/profile.h;
 * docs/imaging-inputs.md, "Import profiles"): the reading of a profile and
 * the cell transformer of the input pipeline.
 *
 * Model. A profile is kept as its text, cut in place into sections of
 * (key, value, line) entries. Binding a section to a reading (row.h) maps
 * each key onto a spec column of that file; each record then gets the
 * cells of eml's own layout, built once before the row function runs:
 * dates and times rewritten as YYYY-MM-DDTHH:MM:SS (the form every
 * date-time getter and the imaging validators read), labels replaced by
 * their codes, an end computed from the start. A format is the text of a
 * date or time with JJ (or DD) the day, MM the month, AAAA (or YYYY) the
 * year, HH the hour, MM after HH the minutes, SS the seconds; every other
 * character stands for itself. A day, month, hour, minute or second may be
 * written with one digit or two, a year with four.
 */
#include "profile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PROFILE_BYTES_MAX ((size_t)1 << 20)
#define PROFILE_SECTIONS_MAX 9 /* one of each (section_names) */

struct eml_profile_entry {
  const char *key, *value;
  long line;
};

struct eml_profile_section {
  const char *name;
  long line;
  eml_profile_entry *entries;
  size_t n, cap;
};

struct eml_profile {
  char path[EML_DIAG_FILE_MAX];
  char *text;
  eml_profile_section sections[PROFILE_SECTIONS_MAX];
  size_t n;
};

/* The files a profile may describe, in the order the error lists them:
 * the imaging files, then the radiotherapy ones by their names. */
static const char *const section_names[] = {"equipment",  "sessions",    "exams",
                                            "schedule",   "rt_centres",  "rt_machines",
                                            "rt_staff",   "rt_courses",  "rt_sessions"};
#define N_SECTION_NAMES (sizeof section_names / sizeof section_names[0])

void eml_profile_free(eml_profile *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    free(p->sections[i].entries);
  free(p->text);
  free(p);
}

static eml_status profile_error(eml_profile *p, long line, eml_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static eml_status profile_error(eml_profile *p, long line, eml_diag *diag, const char *fmt, ...) {
  char msg[EML_DIAG_MESSAGE_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, _(fmt), ap); /* a French msgid */
  va_end(ap);
  eml_diag_set(diag, p->path, line, NULL, NULL, 0, "%s", msg);
  return EML_ERR_VALUE;
}

/* Reads the whole file into p->text (NUL-terminated, BOM skipped). */
static eml_status read_text(eml_profile *p, const char *path, size_t *len, eml_diag *diag) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "ouverture du profil impossible : %s",
                 eml_errno_text(errno));
    return EML_ERR_IO;
  }
  p->text = malloc(PROFILE_BYTES_MAX + 1);
  size_t n = p->text ? fread(p->text, 1, PROFILE_BYTES_MAX + 1, f) : 0;
  int failed = ferror(f);
  fclose(f);
  if (!p->text)
    return EML_ERR_NOMEM;
  if (failed) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0, "lecture du profil impossible");
    return EML_ERR_IO;
  }
  if (n > PROFILE_BYTES_MAX)
    return profile_error(p, 0, diag, "profil de plus de 1 Mio");
  p->text[n] = '\0';
  if (n >= 3 && memcmp(p->text, "\xEF\xBB\xBF", 3) == 0)
    memmove(p->text, p->text + 3, (n -= 3) + 1);
  *len = n;
  return EML_OK;
}

/* s[0..len) trimmed and NUL-terminated in place. */
static char *trim_in_place(char *s, size_t len) {
  char *t = s + (eml_trim_blanks(s, &len) - s);
  t[len] = '\0';
  return t;
}

static const char *expected_sections(void) {
  return _("[equipment], [sessions], [exams], [schedule], [rt_centres], [rt_machines], "
           "[rt_staff], [rt_courses] ou [rt_sessions]");
}

/* One line (NUL-terminated, line end removed) into the profile. */
static eml_status read_line(eml_profile *p, char *s, long line, eml_diag *diag) {
  char *t = trim_in_place(s, strlen(s));
  if (!*t || *t == '#' || *t == ';')
    return EML_OK;
  size_t len = strlen(t);
  if (*t == '[') {
    if (t[len - 1] != ']')
      return profile_error(p, line, diag, "une section s'écrit [nom]");
    char *name = trim_in_place(t + 1, len - 2);
    size_t k = 0;
    while (k < N_SECTION_NAMES && strcmp(name, section_names[k]) != 0)
      k++;
    if (k == N_SECTION_NAMES)
      return profile_error(p, line, diag, "section inconnue [%s] (attendu %s)", name,
                           expected_sections());
    for (size_t i = 0; i < p->n; i++)
      if (strcmp(p->sections[i].name, name) == 0)
        return profile_error(p, line, diag, "section [%s] répétée (première à la ligne %ld)", name,
                             p->sections[i].line);
    p->sections[p->n].name = name;
    p->sections[p->n++].line = line;
    return EML_OK;
  }
  char *eq = strchr(t, '=');
  if (!eq || eq == t)
    return profile_error(p, line, diag, "attendu « clé = valeur » ou « [section] »");
  char *key = trim_in_place(t, (size_t)(eq - t));
  char *value = trim_in_place(eq + 1, strlen(eq + 1));
  if (!p->n)
    return profile_error(p, line, diag, "clé « %s » avant toute section (commencer par %s)", key,
                         expected_sections());
  if (!*value)
    return profile_error(p, line, diag, "clé « %s » : pas de valeur", key);
  eml_profile_section *sec = &p->sections[p->n - 1];
  for (size_t i = 0; i < sec->n; i++)
    if (strcmp(sec->entries[i].key, key) == 0)
      return profile_error(p, line, diag, "clé « %s » répétée dans [%s] (première à la ligne %ld)", key,
                           sec->name, sec->entries[i].line);
  eml_status st;
  if ((st = eml_grow((void **)&sec->entries, &sec->cap, sec->n + 1, sizeof *sec->entries)))
    return st;
  sec->entries[sec->n++] = (eml_profile_entry){key, value, line};
  return EML_OK;
}

eml_status eml_profile_read(const char *path, eml_profile **out, eml_diag *diag) {
  *out = NULL;
  eml_profile *p = calloc(1, sizeof *p);
  if (!p)
    return EML_ERR_NOMEM;
  snprintf(p->path, sizeof p->path, "%s", path);
  size_t len = 0;
  eml_status st = read_text(p, path, &len, diag);
  if (!st && eml_utf8_invalid_at(p->text, len) < len) {
    size_t at = eml_utf8_invalid_at(p->text, len);
    long line = 1;
    for (size_t i = 0; i < at; i++)
      line += p->text[i] == '\n';
    st = profile_error(p, line, diag, "pas de l'UTF-8 valide (enregistrer le profil en UTF-8)");
  }
  if (!st && memchr(p->text, '\0', len))
    st = profile_error(p, 0, diag, "un octet NUL dans le profil");
  char *s = p->text;
  for (long line = 1; !st && s && *s; line++) {
    char *nl = strchr(s, '\n');
    if (nl)
      *nl = '\0';
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r')
      s[n - 1] = '\0';
    st = read_line(p, s, line, diag);
    s = nl ? nl + 1 : NULL;
  }
  if (!st && p->n == 0)
    st = profile_error(p, 0, diag, "aucune section (attendu %s)", expected_sections());
  if (st) {
    eml_profile_free(p);
    return st;
  }
  *out = p;
  return EML_OK;
}

/* ---- formats ---------------------------------------------------------------- */

typedef enum { FMT_DATE, FMT_TIME, FMT_DATETIME } fmt_kind;

typedef struct fmt_value {
  int y, mo, d, h, mi, s;
} fmt_value;

/* What the letter at f stands for: 'd' day, 'o' month, 'y' year, 'h' hour,
 * 'i' minutes, 's' seconds, 0 a literal; *width its number of letters. */
static char fmt_token(const char *f, int hour_seen, size_t *run) {
  size_t n = 1;
  while (f[n] == f[0])
    n++;
  *run = n;
  switch (f[0]) {
  case 'J': case 'D': return 'd';
  case 'M': return hour_seen ? 'i' : 'o';
  case 'A': case 'Y': return 'y';
  case 'H': return 'h';
  case 'S': return 's';
  default: return 0;
  }
}

/* Whether f is a format of that kind: each token once, with its width. */
static int fmt_valid(const char *f, fmt_kind kind) {
  int seen[128] = {0}, hour = 0;
  for (size_t i = 0; f[i];) {
    size_t run;
    char t = fmt_token(f + i, hour, &run);
    if (t) {
      if (seen[(int)t]++ || run != (t == 'y' ? 4u : 2u))
        return 0;
      hour |= t == 'h';
    } else {
      run = 1;
    }
    i += run;
  }
  int date = seen['d'] && seen['o'] && seen['y'], any_date = seen['d'] || seen['o'] || seen['y'];
  int time = seen['h'] && seen['i'], any_time = time || seen['h'] || seen['i'] || seen['s'];
  switch (kind) {
  case FMT_DATE: return date && !any_time;
  case FMT_TIME: return time && !any_date;
  case FMT_DATETIME: return date && time;
  }
  return 0;
}

/* Reads s[0..len) in format f; 1 when it matches and is a real date/time. */
static int fmt_match(const char *f, const char *s, size_t len, fmt_value *v) {
  *v = (fmt_value){0, 1, 1, 0, 0, 0};
  size_t j = 0;
  int hour = 0;
  for (size_t i = 0; f[i];) {
    size_t run;
    char t = fmt_token(f + i, hour, &run);
    if (!t) {
      if (j >= len || s[j] != f[i])
        return 0;
      i++, j++;
      continue;
    }
    size_t max = t == 'y' ? 4 : 2, min = t == 'y' ? 4 : 1, k = 0;
    int n = 0;
    while (k < max && j + k < len && s[j + k] >= '0' && s[j + k] <= '9')
      n = n * 10 + (s[j + k++] - '0');
    if (k < min)
      return 0;
    j += k;
    i += run;
    switch (t) {
    case 'd': v->d = n; break;
    case 'o': v->mo = n; break;
    case 'y': v->y = n; break;
    case 'h': v->h = n, hour = 1; break;
    case 'i': v->mi = n; break;
    default: v->s = n; break;
    }
  }
  return j == len && v->mo >= 1 && v->mo <= 12 && v->d >= 1 &&
         v->d <= eml_days_in_month(v->y, v->mo) && v->h <= 23 && v->mi <= 59 && v->s <= 59;
}

/* eml's own forms where the profile gives no format. */
static const char *const default_dates[] = {"AAAA-MM-JJ", "JJ/MM/AAAA", NULL};
static const char *const default_times[] = {"HH:MM:SS", "HH:MM", NULL};

static int match_any(const char *fmt, const char *const *defaults, const char *s, size_t len,
                     fmt_value *v) {
  if (fmt)
    return fmt_match(fmt, s, len, v);
  for (size_t i = 0; defaults[i]; i++)
    if (fmt_match(defaults[i], s, len, v))
      return 1;
  return 0;
}

static void format_canonical(const fmt_value *v, char *buf, size_t size) {
  snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", v->y, v->mo, v->d, v->h, v->mi, v->s);
}

/* The local date and clock of an instant. */
static fmt_value value_of_instant(eml_time t, int *offset) {
  eml_civil c;
  eml_paris_civil(t, &c);
  *offset = c.utc_offset_s;
  return (fmt_value){c.year, c.month, c.day, c.hour, c.minute, c.second};
}

/* ---- binding ------------------------------------------------------------------ */

void eml_profile_bind(eml_profile_binding *b, const eml_profile *p, const char *section) {
  memset(b, 0, sizeof *b);
  b->profile = p;
  b->start = b->end = -1;
  for (size_t i = 0; p && i < p->n; i++)
    if (strcmp(p->sections[i].name, section) == 0)
      b->section = &p->sections[i];
}

static int spec_index(const eml_column_spec *cols, const char *name, size_t len) {
  for (int i = 0; cols[i].name; i++)
    if (strlen(cols[i].name) == len && strncmp(cols[i].name, name, len) == 0)
      return i;
  return -1;
}

/* The columns of the file, for the error on an unknown key. */
static void list_columns(const eml_column_spec *cols, char *buf, size_t size) {
  size_t at = 0;
  buf[0] = '\0';
  for (int i = 0; cols[i].name && at < size; i++)
    at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? ", " : "", cols[i].name);
}

/* The position of the header a key names. */
static eml_status find_header(const eml_row *r, const eml_profile *p, const eml_profile_entry *e,
                              int *out, eml_diag *diag) {
  *out = eml_csv_column(r->csv, e->value);
  if (*out >= 0)
    return EML_OK;
  eml_diag_set(diag, eml_csv_name(r->csv), 1, NULL, NULL, 0,
               "la colonne « %s » (profil %s:%ld) n'est pas dans le fichier", e->value, p->path, e->line);
  return EML_ERR_CSV;
}

/* Marks spec column i as built by the key at e; a column given twice is an
 * error. */
static eml_status claim(eml_profile_binding *b, const eml_row *r, int i, long *first,
                        const eml_profile_entry *e, eml_diag *diag) {
  if (first[i]) {
    eml_diag_set(diag, b->profile->path, e->line, NULL, NULL, 0,
                 "la clé « %s » donne à nouveau la colonne %s (ligne %ld)", e->key, r->columns[i].name,
                 first[i]);
    return EML_ERR_VALUE;
  }
  first[i] = e->line;
  return EML_OK;
}

static eml_status check_format(const eml_profile *p, const eml_profile_entry *e, fmt_kind kind,
                               const char **out, eml_diag *diag) {
  static const char *const expected[] = {
      [FMT_DATE] = N_("le jour (JJ), le mois (MM) et l'année (AAAA), avec des séparateurs"),
      [FMT_TIME] = N_("l'heure (HH) et les minutes (MM), les secondes (SS) facultatives"),
      [FMT_DATETIME] = N_("une date (JJ, MM, AAAA) et une heure (HH, MM, SS facultatives)")};
  if (!fmt_valid(e->value, kind)) {
    eml_diag_set(diag, p->path, e->line, NULL, NULL, 0, "%s « %s » : attendu %s", e->key,
                 e->value, _(expected[kind]));
    return EML_ERR_VALUE;
  }
  *out = e->value;
  return EML_OK;
}

/* One key of the section; dates[i] / times[i]: the entries of COLUMN_date
 * and COLUMN_time, resolved after every key is read. */
static eml_status bind_key(eml_profile_binding *b, const eml_row *r, const eml_profile_entry *e,
                           long *first, const eml_profile_entry **dates,
                           const eml_profile_entry **times, eml_diag *diag) {
  const eml_profile *p = b->profile;
  const char *key = e->key;
  size_t len = strlen(key);
  if (strcmp(key, "date_format") == 0)
    return check_format(p, e, FMT_DATE, &b->date_format, diag);
  if (strcmp(key, "time_format") == 0)
    return check_format(p, e, FMT_TIME, &b->time_format, diag);
  if (strcmp(key, "datetime_format") == 0)
    return check_format(p, e, FMT_DATETIME, &b->datetime_format, diag);
  const char *dot = strchr(key, '.');
  int i = spec_index(r->columns, key, len);
  eml_status st;
  if (i >= 0) { /* a column's name first: schedule.csv has a start_time */
    eml_profile_column *c = &b->col[i];
    if ((st = claim(b, r, i, first, e, diag)) || (st = find_header(r, p, e, &c->src, diag)))
      return st;
    c->mode = EML_PC_RENAMED;
    c->line = e->line;
    return EML_OK;
  }
  if (dot) { /* COLUMN.LABEL = CODE; `class` is patient_class */
    size_t n = (size_t)(dot - key);
    i = n == 5 && strncmp(key, "class", 5) == 0 ? spec_index(r->columns, "patient_class", 13)
                                                 : spec_index(r->columns, key, n);
    /* a code, or a boolean (a radiotherapy passage's inpatient) */
    if (i >= 0 && (r->columns[i].kind == EML_COL_CODE || r->columns[i].kind == EML_COL_BOOL) &&
        dot[1]) {
      if (b->nlabels == EML_PROFILE_LABELS_MAX) {
        eml_diag_set(diag, p->path, e->line, NULL, NULL, 0, "plus de %d libellés dans [%s]",
                     EML_PROFILE_LABELS_MAX, b->section->name);
        return EML_ERR_VALUE;
      }
      b->label[b->nlabels] = e;
      b->label_col[b->nlabels++] = i;
      b->col[i].labels = 1;
      return EML_OK;
    }
  } else if (strcmp(key, "duration_minutes") == 0 && b->start >= 0 && b->end >= 0) {
    eml_profile_column *c = &b->col[b->end];
    if ((st = claim(b, r, b->end, first, e, diag)) || (st = find_header(r, p, e, &c->src, diag)))
      return st;
    c->mode = EML_PC_DURATION;
    c->line = e->line;
    return EML_OK;
  } else if (len > 5 && (strcmp(key + len - 5, "_date") == 0 ||
                         strcmp(key + len - 5, "_time") == 0)) {
    i = spec_index(r->columns, key, len - 5);
    if (i >= 0 && r->columns[i].kind == EML_COL_DATETIME) {
      (key[len - 4] == 'd' ? dates : times)[i] = e;
      return EML_OK;
    }
  }
  char columns[160];
  list_columns(r->columns, columns, sizeof columns);
  eml_diag_set(diag, p->path, e->line, NULL, NULL, 0, "clé inconnue « %s » dans [%s] (colonnes : %s)",
               key, b->section->name, columns);
  return EML_ERR_VALUE;
}

eml_status eml_profile_map_header(eml_row *r, eml_diag *diag) {
  eml_profile_binding *b = r->profile;
  const eml_profile_section *sec = b->section;
  long first[EML_ROW_MAX_COLUMNS] = {0};
  const eml_profile_entry *dates[EML_ROW_MAX_COLUMNS] = {0}, *times[EML_ROW_MAX_COLUMNS] = {0};
  b->start = spec_index(r->columns, "start", 5);
  b->end = spec_index(r->columns, "end", 3);
  eml_status st = EML_OK;
  for (size_t k = 0; k < sec->n && !st; k++)
    st = bind_key(b, r, &sec->entries[k], first, dates, times, diag);
  for (int i = 0; r->columns[i].name && !st; i++) {
    eml_profile_column *c = &b->col[i];
    const eml_profile_entry *d = dates[i], *t = times[i];
    if (!d && !t)
      continue;
    const char *name = r->columns[i].name;
    if (!t || (!d && i != b->end)) { /* only an end may take the start's day */
      eml_diag_set(diag, b->profile->path, (d ? d : t)->line, NULL, NULL, 0,
                   "la clé « %s_%s » demande la clé « %s_%s »", name, d ? "date" : "time", name,
                   d ? "time" : "date");
      return EML_ERR_VALUE;
    }
    if ((st = claim(b, r, i, first, d ? d : t, diag)) ||
        (d && (st = find_header(r, b->profile, d, &c->src, diag))) ||
        (st = find_header(r, b->profile, t, d ? &c->src2 : &c->src, diag)))
      return st;
    c->mode = d ? EML_PC_DATE_TIME : EML_PC_END_TIME;
    c->line = (d ? d : t)->line;
  }
  return st;
}

int eml_profile_uses(const eml_profile_binding *b, size_t h) {
  for (int i = 0; i < EML_ROW_MAX_COLUMNS; i++) {
    const eml_profile_column *c = &b->col[i];
    if (c->mode != EML_PC_DEFAULT &&
        (c->src == (int)h || (c->mode == EML_PC_DATE_TIME && c->src2 == (int)h)))
      return 1;
  }
  return 0;
}

/* ---- the cells of a record ------------------------------------------------- */

static const char *field_at(const eml_row *r, int pos, size_t *len) {
  if (pos < 0) {
    *len = 0;
    return "";
  }
  return eml_trim_blanks(eml_csv_field(r->csv, (size_t)pos, len), len);
}

/* The name of spec column i in a diagnostic: the header of the user's file
 * that holds its value (pos: the one at fault when two build it), with
 * eml's name in parentheses when it differs (`Date examen (start)`), so
 * that the user finds the column in the export and in eml's documentation
 * (docs/imaging-inputs.md, "Import profiles"). */
static void column_label(const eml_row *r, int i, int pos, char *buf, size_t size) {
  const char *h = pos >= 0 ? eml_csv_header(r->csv, (size_t)pos) : NULL;
  const char *name = r->columns[i].name;
  if (!h || strcasecmp(h, name) == 0)
    snprintf(buf, size, "%s", name);
  else
    snprintf(buf, size, "%s (%s)", h, name);
}

void eml_profile_column_label(const eml_row *r, int i, char *buf, size_t size) {
  const eml_profile_column *c = &r->profile->col[i];
  column_label(r, i, c->mode == EML_PC_DEFAULT ? r->index[i] : c->src, buf, size);
}

/* A cell the profile cannot read as a date, a time or a date-time (kind) in
 * format fmt (NULL: eml's defaults). */
static eml_status bad_cell(const eml_row *r, int i, int pos, const char *v, size_t len,
                           eml_diag *diag, fmt_kind kind, const char *fmt,
                           const char *const *defaults) {
  char shown[64], label[EML_DIAG_FIELD_MAX];
  if (fmt)
    snprintf(shown, sizeof shown, "%s", fmt);
  else
    snprintf(shown, sizeof shown, _("%s ou %s"), defaults[0], defaults[1]);
  column_label(r, i, pos, label, sizeof label);
  const char *file = eml_csv_name(r->csv);
  long line = eml_csv_line(r->csv);
  if (kind == FMT_DATE)
    eml_diag_set(diag, file, line, label, v, len, "pas une date au format %s", shown);
  else if (kind == FMT_TIME)
    eml_diag_set(diag, file, line, label, v, len, "pas une heure au format %s", shown);
  else
    eml_diag_set(diag, file, line, label, v, len, "pas une date-heure au format %s", shown);
  return EML_ERR_VALUE;
}

/* The local date and clock of the start's cell (0: none, or not a date-time:
 * the start's own check reports it). */
static int start_value(const eml_row *r, fmt_value *v, eml_time *t) {
  const eml_profile_binding *b = r->profile;
  size_t len;
  const char *s = eml_row_field(r, b->start, &len);
  int flags, offset;
  if (!len || eml_datetime_parse(s, len, t, &flags) != EML_OK)
    return 0;
  *v = value_of_instant(*t, &offset);
  return 1;
}

static eml_status build_cell(eml_row *r, int i, eml_diag *diag) {
  eml_profile_binding *b = r->profile;
  eml_profile_column *c = &b->col[i];
  size_t len, len2;
  const char *v = field_at(r, c->mode == EML_PC_DEFAULT ? r->index[i] : c->src, &len);
  fmt_value x, start;
  eml_time t0;
  c->cell = v, c->len = len;
  switch (c->mode) {
  case EML_PC_DEFAULT:
    break;
  case EML_PC_RENAMED:
    if (len && b->datetime_format && r->columns[i].kind == EML_COL_DATETIME) {
      if (!fmt_match(b->datetime_format, v, len, &x))
        return bad_cell(r, i, c->src, v, len, diag, FMT_DATETIME,
                        b->datetime_format, NULL);
      format_canonical(&x, c->buf, sizeof c->buf);
      c->cell = c->buf, c->len = strlen(c->buf);
    } else if (len && b->date_format && r->columns[i].kind == EML_COL_DATE) {
      /* a date alone (a course's started_on): its day, as YYYY-MM-DD */
      if (!fmt_match(b->date_format, v, len, &x))
        return bad_cell(r, i, c->src, v, len, diag, FMT_DATE, b->date_format, NULL);
      format_canonical(&x, c->buf, sizeof c->buf);
      c->len = 10, c->cell = c->buf;
    }
    break;
  case EML_PC_DATE_TIME: {
    const char *tv = field_at(r, c->src2, &len2);
    fmt_value tx;
    if (!len && !len2)
      break;
    if (!match_any(b->date_format, default_dates, v, len, &x))
      return bad_cell(r, i, c->src, v, len, diag, FMT_DATE, b->date_format,
                      default_dates);
    if (!match_any(b->time_format, default_times, tv, len2, &tx))
      return bad_cell(r, i, c->src2, tv, len2, diag, FMT_TIME,
                      b->time_format, default_times);
    x.h = tx.h, x.mi = tx.mi, x.s = tx.s;
    format_canonical(&x, c->buf, sizeof c->buf);
    c->cell = c->buf, c->len = strlen(c->buf);
    break;
  }
  case EML_PC_END_TIME:
    if (!len)
      break;
    if (!match_any(b->time_format, default_times, v, len, &x))
      return bad_cell(r, i, c->src, v, len, diag, FMT_TIME, b->time_format,
                      default_times);
    c->len = 0;
    if (start_value(r, &start, &t0)) {
      /* **choice**: an end time before the start's is on the next day
       * (a night session 20:00-08:00) */
      eml_date day = eml_date_from_civil(start.y, start.mo, start.d);
      if (x.h * 3600 + x.mi * 60 + x.s < start.h * 3600 + start.mi * 60 + start.s)
        day++;
      eml_date_to_civil(day, &x.y, &x.mo, &x.d);
      format_canonical(&x, c->buf, sizeof c->buf);
      c->cell = c->buf, c->len = strlen(c->buf);
    }
    break;
  case EML_PC_DURATION: {
    int64_t minutes;
    char label[EML_DIAG_FIELD_MAX];
    column_label(r, i, c->src, label, sizeof label);
    if (!len) {
      eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), label, NULL, 0,
                   "durée manquante");
      return EML_ERR_VALUE;
    }
    if (eml_parse_int64(v, len, &minutes) != EML_OK || minutes < 0 || minutes > 10080) {
      eml_diag_set(diag, eml_csv_name(r->csv), eml_csv_line(r->csv), label, v, len,
                   "pas une durée (minutes entières de 0 à 10080)");
      return EML_ERR_VALUE;
    }
    c->len = 0;
    if (start_value(r, &start, &t0)) {
      /* a duration is elapsed time: the end is the start's instant plus
       * it, written as local time, with its offset only when the local
       * time alone would read as another instant (the second occurrence
       * of the hour repeated in October is what eml reads by default) */
      int offset;
      eml_time t1 = t0 + minutes * 60, back;
      x = value_of_instant(t1, &offset);
      format_canonical(&x, c->buf, sizeof c->buf);
      int flags;
      if (eml_datetime_parse(c->buf, strlen(c->buf), &back, &flags) != EML_OK || back != t1)
        snprintf(c->buf + 19, sizeof c->buf - 19, "+%02d:00", offset / 3600);
      c->cell = c->buf, c->len = strlen(c->buf);
    }
    break;
  }
  }
  if (c->labels && c->len) {
    for (size_t k = 0; k < b->nlabels; k++) {
      const char *label = strchr(b->label[k]->key, '.') + 1;
      if (b->label_col[k] == i && strlen(label) == c->len && strncasecmp(label, c->cell, c->len) == 0) {
        c->cell = b->label[k]->value, c->len = strlen(c->cell);
        break;
      }
    }
  }
  return EML_OK;
}

eml_status eml_profile_apply(eml_row *r, eml_diag *diag) {
  eml_profile_binding *b = r->profile;
  eml_status st = EML_OK;
  /* the start first: an end may be built from it */
  if (b->start >= 0)
    st = build_cell(r, b->start, diag);
  for (int i = 0; r->columns[i].name && !st; i++)
    if (i != b->start)
      st = build_cell(r, i, diag);
  return st;
}
