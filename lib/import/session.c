/*
 * session.c — the import session (session.h states the model).
 */
#include "session.h"

#include <stdlib.h>
#include <string.h>

eml_status eml_import_begin(eml_import_session *s, eml_store *store, const char *user,
                            eml_rejects *rejects, const char *unit, eml_diag *diag) {
  memset(s, 0, sizeof *s);
  s->store = store;
  s->user = user && *user ? user : "unknown";
  s->rejects = rejects;
  s->unit = unit ? unit : "row";
  eml_status st = eml_store_begin(store, diag);
  s->open = st == EML_OK;
  return st;
}

eml_status eml_import_row_begin(eml_import_session *s) { return eml_store_savepoint(s->store); }

eml_status eml_import_row_end(eml_import_session *s, eml_status st, const char *file, long line,
                              eml_diag *d) {
  if (st == EML_ERR_IO || st == EML_ERR_NOMEM) {
    /* the store cannot be written (full disk, read-only): stop, undo all;
     * no undo of the savepoint, which would fail the same way. The diag
     * names the store file, not the row. */
    s->fatal = st;
    s->fatal_diag = *d;
    return st;
  }
  if (st == EML_ERR_STORE && !d->line) {
    /* a refusal of the store (a constraint) is the row's problem */
    char message[EML_DIAG_MESSAGE_MAX];
    snprintf(message, sizeof message, "%s", d->message[0] ? d->message : _("refusé par la base"));
    d->line = line;
    snprintf(d->file, sizeof d->file, "%s", file);
    snprintf(d->message, sizeof d->message, "%s", message);
  }
  eml_status undo = st ? eml_store_rollback_to_savepoint(s->store) : eml_store_release(s->store);
  if (undo) {
    /* the unit ("row", "record", "edit": session.h) in the message's words */
    if (strcmp(s->unit, "record") == 0)
      eml_diag_set(d, file, line, NULL, NULL, 0, "la base a refusé d'annuler un enregistrement");
    else if (strcmp(s->unit, "edit") == 0)
      eml_diag_set(d, file, line, NULL, NULL, 0, "la base a refusé d'annuler une modification");
    else
      eml_diag_set(d, file, line, NULL, NULL, 0, "la base a refusé d'annuler une ligne");
    s->fatal = undo;
    s->fatal_diag = *d;
    return EML_ERR_IO; /* stops the reading; eml_import_end returns s->fatal */
  }
  return st;
}

eml_status eml_import_audit(eml_import_session *s, const char *action, const char *entity,
                            const char *key, json_t *before, json_t *after, eml_diag *diag) {
  char *b = before ? json_dumps(before, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  char *a = after ? json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  eml_status st = (before && !b) || (after && !a)
                      ? EML_ERR_NOMEM
                      : eml_store_audit(s->store, s->user, action, entity, key, b, a, diag);
  json_decref(before);
  json_decref(after);
  free(b);
  free(a);
  return st;
}

json_t *eml_import_row_json(const eml_row *r) {
  json_t *o = json_object();
  for (int i = 0; o && r->columns[i].name; i++) {
    size_t len;
    const char *v = eml_row_field(r, i, &len);
    if (r->index[i] >= 0 && json_object_set_new(o, r->columns[i].name, json_stringn(v, len))) {
      json_decref(o);
      return NULL;
    }
  }
  return o;
}

void eml_import_json_date(json_t *o, const char *key, int has, eml_date d) {
  char buf[16];
  eml_date_format(d, buf, sizeof buf);
  json_object_set_new(o, key, has ? json_string(buf) : json_null());
}

eml_status eml_import_json_pair(eml_buf *out, int first, const char *key, const char *value) {
  eml_status st; /* appended, not printed: printf was a tenth of a FINESS import (issue 17) */
  if ((st = eml_buf_putc(out, first ? '{' : ',')) || (st = eml_buf_putc(out, '"')) ||
      (st = eml_buf_append(out, key, strlen(key))) || (st = eml_buf_append(out, "\":\"", 3)) ||
      (st = eml_json_escape(eml_buf_write, out, value)))
    return st;
  return eml_buf_putc(out, '"');
}

eml_status eml_import_site_text(const eml_site *s, eml_buf *out) {
  const char *const key[4] = {"name", "territory", "legal_status", "finess_ej"};
  const char *const value[4] = {s->name, s->territory, s->legal_status, s->finess_ej};
  eml_status st = EML_OK;
  for (int i = 0; i < 4 && !st; i++)
    st = eml_import_json_pair(out, i == 0, key[i], value[i]);
  return st ? st : eml_buf_putc(out, '}');
}

json_t *eml_import_site_json(const eml_site *s) {
  eml_buf b;
  eml_buf_init(&b, EML_TEXT_VALUE_MAX);
  json_t *o = eml_import_site_text(s, &b) ? NULL : json_loads(b.data, 0, NULL);
  eml_buf_free(&b);
  return o;
}

json_t *eml_import_equipment_json(const eml_equipment *e) {
  json_t *o = json_pack("{s:s, s:s}", "finess", e->finess, "modality",
                        eml_modality_code(e->modality));
  if (!o)
    return NULL;
  eml_import_json_date(o, "authorized_from", 1, e->authorized_from);
  eml_import_json_date(o, "authorized_until", e->has_until, e->authorized_until);
  eml_import_json_date(o, "installed_on", e->has_installed, e->installed_on);
  eml_import_json_date(o, "due_on", e->has_due, e->due_on);
  return o;
}

json_t *eml_import_authorisation_json(const eml_authorisation *a) {
  json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "finess", a->finess, "finess_ej", a->finess_ej,
                        "activity", eml_activity_code(a->activity), "mention", a->mention);
  if (!o)
    return NULL;
  eml_import_json_date(o, "decided_on", 1, a->decided_on);
  eml_import_json_date(o, "started_on", a->has_started, a->started_on);
  eml_import_json_date(o, "until", a->has_until, a->until);
  eml_import_json_date(o, "due_on", a->has_due, a->due_on);
  return o;
}

json_t *eml_import_declared_json(const eml_declared_device *d) {
  json_t *o = json_pack("{s:s, s:s}", "authorisation_id", d->authorisation_id, "modality",
                        eml_modality_code(d->modality));
  if (!o)
    return NULL;
  eml_import_json_date(o, "declared_on", 1, d->declared_on);
  eml_import_json_date(o, "installed_on", d->has_installed, d->installed_on);
  eml_import_json_date(o, "removed_on", d->has_removed, d->removed_on);
  return o;
}

eml_status eml_import_end(eml_import_session *s, eml_status st, long rejected, const char *entity,
                          const char *source, json_t *summary, eml_diag *diag) {
  if (s->fatal) {
    st = s->fatal;
    *diag = s->fatal_diag;
  }
  if (!st && rejected > 0 && !s->rejects) {
    /* all-or-nothing: nothing of this import is kept */
    st = EML_ERR_REJECTED;
    json_decref(summary);
    summary = NULL;
    /* the import fails whatever the rollback says: a transaction left open
     * is undone when the store closes */
    eml_status_ignore(eml_store_rollback(s->store));
    s->open = 0;
    return st;
  }
  /* the rejects must be safe on disk before the good rows are committed:
   * a full disk here used to leave the rows stored and say "nothing loaded" */
  if (!st && s->rejects)
    st = eml_rejects_flush(s->rejects, diag);
  if (!st)
    st = eml_import_audit(s, "import", entity, source, NULL, summary, diag);
  else
    json_decref(summary);
  if (!st)
    st = eml_store_commit(s->store, diag);
  if (st) {
    if (s->open)
      eml_status_ignore(eml_store_rollback(s->store)); /* st says it failed, as above */
  } else {
    s->committed = 1;
    if (rejected > 0)
      st = EML_ERR_REJECTED;
  }
  s->open = 0;
  return st;
}

eml_status eml_import_finish(eml_import_session *s, eml_status st, eml_diag *diag) {
  if (!st)
    st = eml_store_commit(s->store, diag);
  if (st && s->open)
    eml_status_ignore(eml_store_rollback(s->store)); /* st says it failed */
  s->open = 0;
  s->committed = st == EML_OK;
  return st;
}
