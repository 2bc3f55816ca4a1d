/*
 * store_rows.c — the register's rows from the texts of their columns
 * (store_rows.h): what each column of the schema means, read once for
 * every backend.
 */
#include "store_rows.h"

#include <stdlib.h>
#include <string.h>

static const char *text(const char *const *col, int i) { return col[i] ? col[i] : ""; }

static void copy_code(char *dst, size_t size, const char *src) { snprintf(dst, size, "%s", src); }

int eml_stored_date(const char *t, eml_date *out) {
  return t && *t && eml_date_parse(t, strlen(t), out) == EML_OK;
}

static eml_modality modality(const char *code) {
  eml_modality m = 0;
  eml_status_ignore(eml_modality_parse(code, strlen(code), &m)); /* a code eml wrote */
  return m;
}

static eml_activity activity(const char *code) {
  eml_activity a = 0;
  eml_status_ignore(eml_activity_parse(code, strlen(code), &a)); /* a code eml wrote */
  return a;
}

eml_status eml_stored_site(const char *const *col, eml_site *x) {
  copy_code(x->finess, sizeof x->finess, text(col, 0));
  x->name = strdup(text(col, 1));
  copy_code(x->territory, sizeof x->territory, text(col, 2));
  const char *ls = text(col, 3);
  if (eml_legal_status_parse(ls, strlen(ls), &x->legal_status))
    x->legal_status = "AUTRE";
  copy_code(x->finess_ej, sizeof x->finess_ej, text(col, 4));
  return x->name ? EML_OK : EML_ERR_NOMEM;
}

eml_status eml_stored_equipment(const char *const *col, eml_equipment *x) {
  x->id = strdup(text(col, 0));
  copy_code(x->finess, sizeof x->finess, text(col, 1));
  x->modality = modality(text(col, 2));
  x->interventional = atoi(text(col, 3));
  eml_stored_date(col[4], &x->authorized_from);
  x->has_until = eml_stored_date(col[5], &x->authorized_until);
  x->has_installed = eml_stored_date(col[6], &x->installed_on);
  x->has_due = eml_stored_date(col[7], &x->due_on);
  return x->id ? EML_OK : EML_ERR_NOMEM;
}

eml_status eml_stored_authorisation(const char *const *col, eml_authorisation *x) {
  x->id = strdup(text(col, 0));
  copy_code(x->finess, sizeof x->finess, text(col, 1));
  copy_code(x->finess_ej, sizeof x->finess_ej, text(col, 2));
  x->activity = activity(text(col, 3));
  copy_code(x->mention, sizeof x->mention, text(col, 4));
  eml_stored_date(col[5], &x->decided_on);
  x->has_started = eml_stored_date(col[6], &x->started_on);
  x->has_until = eml_stored_date(col[7], &x->until);
  x->has_due = eml_stored_date(col[8], &x->due_on);
  return x->id ? EML_OK : EML_ERR_NOMEM;
}

eml_status eml_stored_declared_device(const char *const *col, eml_declared_device *x) {
  x->id = strdup(text(col, 0));
  x->authorisation_id = strdup(text(col, 1));
  x->modality = modality(text(col, 2));
  eml_stored_date(col[3], &x->declared_on);
  x->has_installed = eml_stored_date(col[4], &x->installed_on);
  x->has_removed = eml_stored_date(col[5], &x->removed_on);
  x->justified = atoi(text(col, 6));
  return x->id && x->authorisation_id ? EML_OK : EML_ERR_NOMEM;
}

static void row_target(const char *const *col, eml_target *x) {
  copy_code(x->territory, sizeof x->territory, text(col, 1));
  const char *mc = text(col, 2), *uc = text(col, 3);
  eml_activity a = 0;
  eml_unit u = 0;
  /* codes eml wrote: an activity (2023 row) or a device modality */
  x->is_activity = eml_activity_parse(mc, strlen(mc), &a) == EML_OK;
  x->activity = a;
  if (!x->is_activity)
    x->modality = modality(mc);
  eml_status_ignore(eml_unit_parse(uc, strlen(uc), &u));
  x->unit = u;
  copy_code(x->mention, sizeof x->mention, text(col, 8));
  x->has_low = col[4] != NULL;
  x->low = atoll(text(col, 4));
  x->high = atoll(text(col, 5));
  x->has_interventional_low = col[6] != NULL;
  x->interventional_low = atoll(text(col, 6));
  x->has_interventional_high = col[7] != NULL;
  x->interventional_high = atoll(text(col, 7));
}

static void row_note(const char *const *col, eml_note *x) {
  eml_unit u = 0;
  copy_code(x->territory, sizeof x->territory, text(col, 0));
  x->modality = modality(text(col, 1));
  const char *uc = text(col, 2);
  x->has_unit = *uc && eml_unit_parse(uc, strlen(uc), &u) == EML_OK;
  x->unit = u;
  copy_code(x->receivable, sizeof x->receivable, text(col, 3));
}

/* Grows an array of rows by one; returns the new row (zeroed) or NULL. */
static void *grow(void **array, size_t *count, size_t *cap, size_t size) {
  if (eml_grow(array, cap, *count + 1, size))
    return NULL;
  void *row = (char *)*array + *count * size;
  memset(row, 0, size);
  (*count)++;
  return row;
}

#define GROW(array, count, k) grow((void **)&r->array, &r->count, &caps->cap[k], sizeof *r->array)

eml_status eml_stored_add(eml_register *r, eml_stored_caps *caps, eml_stored_kind kind,
                       const char *const *col) {
  switch (kind) {
  case EML_STORED_SITE: {
    eml_site *x = GROW(sites, nsites, kind);
    return x ? eml_stored_site(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_EQUIPMENT: {
    eml_equipment *x = GROW(equipment, nequipment, kind);
    return x ? eml_stored_equipment(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_TARGET: {
    eml_target *x = GROW(targets, ntargets, kind);
    if (!x)
      return EML_ERR_NOMEM;
    row_target(col, x);
    return (x->period = strdup(text(col, 0))) ? EML_OK : EML_ERR_NOMEM;
  }
  case EML_STORED_TERRITORY: {
    eml_territory_row *x = GROW(territories, nterritories, kind);
    if (!x)
      return EML_ERR_NOMEM;
    copy_code(x->code, sizeof x->code, text(col, 0));
    x->name = strdup(text(col, 1));
    x->region = strdup(text(col, 2));
    return x->name && x->region ? EML_OK : EML_ERR_NOMEM;
  }
  case EML_STORED_NOTE: {
    eml_note *x = GROW(notes, nnotes, kind);
    if (!x)
      return EML_ERR_NOMEM;
    row_note(col, x);
    x->mark = strdup(text(col, 4));
    x->text = strdup(text(col, 5));
    return x->mark && x->text ? EML_OK : EML_ERR_NOMEM;
  }
  case EML_STORED_AUTHORISATION: {
    eml_authorisation *x = GROW(authorisations, nauthorisations, kind);
    return x ? eml_stored_authorisation(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_DEVICE: {
    eml_declared_device *x = GROW(devices, ndevices, kind);
    return x ? eml_stored_declared_device(col, x) : EML_ERR_NOMEM;
  }
  case EML_STORED_CONVENTION: {
    eml_convention *x = GROW(conventions, nconventions, kind);
    if (!x)
      return EML_ERR_NOMEM;
    copy_code(x->finess, sizeof x->finess, text(col, 0));
    copy_code(x->partner_finess, sizeof x->partner_finess, text(col, 1));
    x->modality = modality(text(col, 2));
    eml_stored_date(col[3], &x->from);
    x->has_until = eml_stored_date(col[4], &x->until);
    return EML_OK;
  }
  case EML_STORED_WINDOW: {
    eml_window *x = GROW(windows, nwindows, kind);
    if (!x)
      return EML_ERR_NOMEM;
    x->activity = activity(text(col, 0));
    eml_stored_date(col[1], &x->opens_on);
    eml_stored_date(col[2], &x->closes_on);
    x->has_published = eml_stored_date(col[3], &x->published_on);
    return EML_OK;
  }
  case EML_STORED_KINDS:
    break;
  }
  return EML_ERR_USAGE;
}

/* ---- imaging campaigns (sqlite_imaging.c, pg_imaging.c) ---- */

/* The three files' counts as one text: 7 numbers per file, then the three
 * files' resolved_times (issue 17; a store written before has none, read
 * as 0). */
void eml_stored_counts_text(const eml_campaign_reader *c, char *buf, size_t size) {
  size_t o = 0;
  long resolved[EML_CAMPAIGN_FILE_COUNT];
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT && o < size; k++) {
    eml_imaging_load_counts n;
    c->counts(c->impl, (eml_campaign_file)k, &n);
    o += (size_t)snprintf(buf + o, size - o, "%s%ld %ld %ld %ld %ld %ld %ld", k ? " " : "",
                          n.read, n.loaded, n.rejected, n.skipped, n.ambiguous_times,
                          n.skipped_times, n.missing_icr);
    resolved[k] = n.resolved_times;
  }
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT && o < size; k++)
    o += (size_t)snprintf(buf + o, size - o, " %ld", resolved[k]);
}

void eml_stored_counts_parse(const eml_campaign_builder *c, const char *text) {
  long v[EML_CAMPAIGN_FILE_COUNT][8] = {{0}};
  char *end;
  if (!text)
    return;
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT; k++)
    for (int i = 0; i < 7; i++) {
      v[k][i] = strtol(text, &end, 10);
      text = end;
    }
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT && text; k++) {
    v[k][7] = strtol(text, &end, 10);
    text = end;
  }
  for (int k = 0; k < EML_CAMPAIGN_FILE_COUNT; k++) {
    eml_imaging_load_counts n = {v[k][0], v[k][1], v[k][2], v[k][3],
                                 v[k][4], v[k][5], v[k][6], v[k][7]};
    c->set_counts(c->impl, (eml_campaign_file)k, &n);
  }
}

int eml_stored_class(const char *s) {
  for (int k = 0; k < EML_CLASS_COUNT; k++)
    if (strcmp(s, eml_patient_class_code((eml_patient_class)k)) == 0)
      return k;
  return -1;
}

