/*
 * edit.c — editing the register by hand: end a device, an authorisation or
 * a declared device; amend a device, a site or a target (eml/edit.h states
 * the model and the messages).
 *
 * Each edit opens one import session (import/session.h), reads the row as
 * stored, applies the change to a copy, checks the copy with the rules of
 * the importers (registry.md: an authorisation ends after it starts; only
 * CT and MRI can be interventional; a known site, territory, legal status;
 * low <= high), and when it differs writes it with its audit entry (before
 * and after as the importers write them). Anything refused rolls the
 * session back: the store is unchanged.
 */
#include "import/session.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void eml_edit_result_free(eml_edit_result *r) {
  if (!r)
    return;
  free(r->before);
  free(r->after);
  r->before = r->after = NULL;
}

/* A bad value of option `option` (e.g. "--on"): `option --on : what (valeur « V »)`; the
 * format is a French msgid (eml_diag_set translates it; scripts/update-po.sh
 * extracts it as bad_option's 4th argument). */
#define bad_option(diag, option, value, ...)                                                  \
  (eml_diag_set(diag, NULL, 0, option, value, strlen(value), __VA_ARGS__), EML_ERR_VALUE)

static eml_status bad_date(eml_diag *diag, const char *option, eml_date given, const char *what,
                           eml_date start) {
  char v[16], s[16];
  eml_date_format(given, v, sizeof v);
  eml_date_format(start, s, sizeof s);
  return bad_option(diag, option, v, "%s (%s)", _(what), s);
}

/* An unknown key: `ARG : what (valeur « KEY »)`, ARG the command's argument; what
 * (and bad_date's) is a French msgid marked N_() where it is written. */
static eml_status unknown(eml_diag *diag, const char *arg, const char *key, const char *what) {
  eml_diag_set(diag, arg, 0, NULL, key, strlen(key), "%s", _(what));
  return EML_ERR_NOT_FOUND;
}

/* An optional value the change sets: then present, with its new value. */
static void set_date(int set, eml_date v, int *has, eml_date *out) {
  if (set) {
    *has = 1;
    *out = v;
  }
}
static void set_bound(int set, int64_t v, int *has, int64_t *out) {
  if (set) {
    *has = 1;
    *out = v;
  }
}

typedef eml_status (*write_fn)(eml_store *store, const void *row, eml_diag *diag);

/* Writes the changed row and its audit entry when after differs from
 * before; fills res (entity, texts). before and after are taken. */
static eml_status record(eml_import_session *s, eml_edit_result *res, const char *action,
                         const char *entity, json_t *before, json_t *after, write_fn write,
                         const void *row, eml_diag *diag) {
  eml_status st = before && after ? EML_OK : EML_ERR_NOMEM;
  res->entity = entity;
  if (!st) {
    res->before = json_dumps(before, JSON_COMPACT | JSON_PRESERVE_ORDER);
    res->after = json_dumps(after, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!res->before || !res->after)
      st = EML_ERR_NOMEM;
  }
  res->changed = !st && !json_equal(before, after);
  if (!st && res->changed)
    st = write(s->store, row, diag);
  if (!st && res->changed) {
    st = eml_import_audit(s, action, entity, res->key, before, after, diag);
    before = after = NULL; /* taken */
  }
  json_decref(before);
  json_decref(after);
  return st;
}

static eml_status write_equipment(eml_store *store, const void *row, eml_diag *diag) {
  return eml_store_update_equipment(store, row, diag);
}
static eml_status write_authorisation(eml_store *store, const void *row, eml_diag *diag) {
  return eml_store_update_authorisation(store, row, diag);
}
static eml_status write_declared(eml_store *store, const void *row, eml_diag *diag) {
  return eml_store_update_declared_device(store, row, diag);
}
static eml_status write_site(eml_store *store, const void *row, eml_diag *diag) {
  return eml_store_update_site(store, row, diag);
}
static eml_status write_target(eml_store *store, const void *row, eml_diag *diag) {
  return eml_store_update_target(store, row, diag);
}

/* A device's audit JSON: the importers' one, with its interventional flag. */
static json_t *equipment_json(const eml_equipment *e) {
  json_t *o = eml_import_equipment_json(e);
  if (o && json_object_set_new(o, "interventional", json_boolean(e->interventional))) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* Begins the session and loads the register as stored. */
static eml_status edit_begin(eml_import_session *s, eml_store *store, const char *user,
                             eml_register *reg, eml_edit_result *res, const char *key,
                             eml_diag *diag) {
  memset(res, 0, sizeof *res);
  memset(reg, 0, sizeof *reg);
  snprintf(res->key, sizeof res->key, "%s", key);
  eml_status st = eml_import_begin(s, store, user, NULL, "edit", diag);
  if (!st)
    st = eml_store_load_register(store, reg, diag);
  return st;
}

static eml_status edit_end(eml_import_session *s, eml_register *reg, eml_edit_result *res,
                           eml_status st, eml_diag *diag) {
  eml_register_free(reg);
  st = s->open ? eml_import_finish(s, st, diag) : st;
  if (st)
    eml_edit_result_free(res);
  return st;
}

/* ---- end ---- */

static const char ENDS_BEFORE[] = N_("la fin n'est pas après le début de l'autorisation");

/* An end on `on` of a row that starts on `start`: refused with not_after
 * when it is not after the start, recorded otherwise. before and after
 * (the row's JSON, after: with its end) are taken. */
static eml_status record_end(eml_import_session *s, eml_edit_result *res, const char *entity,
                             eml_date on, eml_date start, const char *not_after, json_t *before,
                             json_t *after, write_fn write, const void *row, eml_diag *diag) {
  if (on <= start) {
    json_decref(before);
    json_decref(after);
    return bad_date(diag, "--on", on, not_after, start);
  }
  return record(s, res, "end", entity, before, after, write, row, diag);
}

eml_status eml_register_end(eml_store *store, const char *id, eml_date on, const char *user,
                            eml_edit_result *res, eml_diag *diag) {
  eml_import_session s;
  eml_register reg;
  eml_status st = edit_begin(&s, store, user, &reg, res, id, diag);
  long e = -1, a = -1, d = -1; /* a device, else an authorisation, else a declared device */
  if (!st && (e = eml_register_find_equipment(&reg, id)) < 0 &&
      (a = eml_register_find_authorisation(&reg, id)) < 0 &&
      (d = eml_register_find_declared_device(&reg, id)) < 0)
    st = unknown(diag, "ID", id, N_("appareil ou autorisation inconnu"));
  if (!st && e >= 0) {
    eml_equipment x = reg.equipment[e];
    x.has_until = 1;
    x.authorized_until = on;
    st = record_end(&s, res, "equipment", on, x.authorized_from, ENDS_BEFORE,
                    equipment_json(&reg.equipment[e]), equipment_json(&x), write_equipment, &x,
                    diag);
  } else if (!st && a >= 0) {
    eml_authorisation x = reg.authorisations[a];
    x.has_until = 1;
    x.until = on;
    st = record_end(&s, res, "authorisation", on, x.decided_on,
                    N_("la fin n'est pas après la décision de l'autorisation"),
                    eml_import_authorisation_json(&reg.authorisations[a]),
                    eml_import_authorisation_json(&x), write_authorisation, &x, diag);
  } else if (!st) {
    eml_declared_device x = reg.devices[d];
    x.has_removed = 1;
    x.removed_on = on;
    st = record_end(&s, res, "device", on, x.declared_on,
                    N_("la fin n'est pas après la déclaration de l'appareil"),
                    eml_import_declared_json(&reg.devices[d]), eml_import_declared_json(&x),
                    write_declared, &x, diag);
  }
  return edit_end(&s, &reg, res, st, diag);
}

/* ---- amend a device ---- */

/* The site of a device or of a change: a valid FINESS number, in the register. */
static eml_status known_site(eml_store *store, const char *option, const char *finess,
                             eml_diag *diag) {
  eml_finess_check c = eml_finess_validate(finess, strlen(finess));
  if (c != EML_FINESS_VALID && c != EML_FINESS_KEY_UNCHECKED)
    return bad_option(diag, option, finess, "%s", eml_finess_message(c));
  int exists = 0;
  eml_status st = eml_store_has_site(store, finess, &exists);
  if (!st && !exists)
    st = bad_option(diag, option, finess,
                    "site inconnu (absent du registre : importer d'abord sites.csv)");
  return st;
}

eml_status eml_register_amend_equipment(eml_store *store, const char *id,
                                        const eml_equipment_change *c, const char *user,
                                        eml_edit_result *res, eml_diag *diag) {
  eml_import_session s;
  eml_register reg;
  eml_status st = edit_begin(&s, store, user, &reg, res, id, diag);
  long i = st ? -1 : eml_register_find_equipment(&reg, id);
  const eml_equipment *old = i >= 0 ? &reg.equipment[i] : NULL;
  if (!st && !old)
    st = unknown(diag, "EQUIPMENT_ID", id, N_("appareil inconnu"));
  if (!st) {
    eml_equipment e = *old;
    if (c->set_from)
      e.authorized_from = c->from;
    set_date(c->set_until, c->until, &e.has_until, &e.authorized_until);
    set_date(c->set_installed, c->installed, &e.has_installed, &e.installed_on);
    if (c->set_interventional)
      e.interventional = c->interventional;
    if (c->finess)
      snprintf(e.finess, sizeof e.finess, "%s", c->finess);
    if (e.has_until && e.authorized_until <= e.authorized_from)
      st = c->set_until ? bad_date(diag, "--authorized-until", e.authorized_until,
                                   N_("l'autorisation finit avant de commencer"), e.authorized_from)
                        : bad_date(diag, "--authorized-from", e.authorized_from,
                                   N_("l'autorisation commencerait après sa fin"),
                                   e.authorized_until);
    else if (e.interventional && e.modality != EML_MOD_CT && e.modality != EML_MOD_MRI)
      st = bad_option(diag, "--interventional", "yes",
                      "seuls les scanners et les IRM peuvent être dédiés à l'imagerie interventionnelle");
    else if (c->finess)
      st = known_site(store, "--site", c->finess, diag);
    if (!st)
      st = record(&s, res, "amend", "equipment", equipment_json(old), equipment_json(&e),
                  write_equipment, &e, diag);
  }
  return edit_end(&s, &reg, res, st, diag);
}

/* ---- amend a site ---- */

eml_status eml_register_amend_site(eml_store *store, const char *finess,
                                   const eml_site_change *c, const char *user,
                                   eml_edit_result *res, eml_diag *diag) {
  eml_import_session s;
  eml_register reg;
  eml_status st = edit_begin(&s, store, user, &reg, res, finess, diag);
  long i = st ? -1 : eml_register_find_site(&reg, finess);
  if (!st && i < 0)
    st = unknown(diag, "FINESS", finess, N_("site inconnu"));
  if (!st) {
    eml_site e = reg.sites[i];
    int declared = 0;
    char *name = c->name ? strdup(c->name) : NULL;
    if (name)
      e.name = name;
    if (c->name && !name)
      st = EML_ERR_NOMEM;
    else if (c->name && !*c->name)
      st = bad_option(diag, "--name", c->name, _("une valeur est obligatoire"));
    else if (c->name && strlen(c->name) > 300)
      st = bad_option(diag, "--name", c->name, _("valeur trop longue (au plus 300 octets)"));
    if (!st && c->territory) {
      if (strlen(c->territory) >= sizeof e.territory)
        st = bad_option(diag, "--territory", c->territory, _("valeur trop longue (au plus 7 octets)"));
      else if (!eml_register_territory_known(&reg, c->territory) &&
               !(st = eml_store_has_territory(store, c->territory, &declared)) && !declared)
        st = bad_option(diag, "--territory", c->territory,
                        "territoire inconnu (pas un département ; le déclarer dans territories.csv)");
      if (!st)
        snprintf(e.territory, sizeof e.territory, "%s", c->territory);
    }
    if (!st && c->legal_status &&
        eml_legal_status_parse(c->legal_status, strlen(c->legal_status), &e.legal_status))
      st = bad_option(diag, "--legal-status", c->legal_status,
                      "statut juridique inconnu (attendu CH, CHU, CHU AP-HP, CHU APHM, EPSIC, "
                      "GCS, GIE, HIA, LIBERAL, PRIVE ou AUTRE)");
    if (!st && c->finess_ej && *c->finess_ej) {
      eml_finess_check k = eml_finess_validate(c->finess_ej, strlen(c->finess_ej));
      if (k != EML_FINESS_VALID && k != EML_FINESS_KEY_UNCHECKED)
        st = bad_option(diag, "--finess-ej", c->finess_ej, "%s", eml_finess_message(k));
    }
    if (!st && c->finess_ej)
      snprintf(e.finess_ej, sizeof e.finess_ej, "%s", c->finess_ej);
    if (!st)
      st = record(&s, res, "amend", "site", eml_import_site_json(&reg.sites[i]),
                  eml_import_site_json(&e), write_site, &e, diag);
    free(name);
  }
  return edit_end(&s, &reg, res, st, diag);
}

/* ---- amend a target ---- */

static json_t *bound(int has, int64_t v) { return has ? json_integer(v) : json_null(); }

static json_t *target_json(const eml_target *t) {
  return json_pack("{s:o, s:I, s:o, s:o}", "low", bound(t->has_low, t->low), "high",
                   (json_int_t)t->high, "interventional_low",
                   bound(t->has_interventional_low, t->interventional_low),
                   "interventional_high",
                   bound(t->has_interventional_high, t->interventional_high));
}

/* The target with the key's values in reg, or NULL (diag says why; key:
 * the key as one text, for the message). */
static const eml_target *find_target(const eml_register *reg, const eml_target_key *k,
                                     const char *key, eml_status *st, eml_diag *diag) {
  eml_target t = {0};
  size_t len = strlen(k->modality);
  if (!eml_modality_parse(k->modality, len, &t.modality))
    ;
  else if (!eml_activity_parse(k->modality, len, &t.activity))
    t.is_activity = 1;
  else {
    *st = unknown(diag, "MODALITY", k->modality,
                  N_("modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, LINAC, "
                     "COBALT, ou une activité du régime de 2023)"));
    return NULL;
  }
  if (eml_unit_parse(k->unit, strlen(k->unit), &t.unit)) {
    *st = unknown(diag, "UNIT", k->unit, N_("unité inconnue (attendu devices ou sites)"));
    return NULL;
  }
  const char *mention = k->mention ? k->mention : "";
  for (size_t i = 0; i < reg->ntargets; i++) {
    const eml_target *r = &reg->targets[i];
    if (strcmp(r->period, k->period) == 0 && strcmp(r->territory, k->territory) == 0 &&
        r->is_activity == t.is_activity && r->unit == t.unit &&
        (t.is_activity ? r->activity == t.activity && strcasecmp(r->mention, mention) == 0
                       : r->modality == t.modality))
      return r;
  }
  *st = unknown(diag, "TARGET", key, N_("objectif inconnu (période, territoire, modalité, unité)"));
  return NULL;
}

eml_status eml_register_amend_target(eml_store *store, const eml_target_key *k,
                                     const eml_target_change *c, const char *user,
                                     eml_edit_result *res, eml_diag *diag) {
  eml_import_session s;
  eml_register reg;
  char key[128];
  const char *mention = k->mention ? k->mention : "";
  snprintf(key, sizeof key, "%s/%s/%s/%s%s%s", k->period, k->territory, k->modality, k->unit,
           *mention ? "/" : "", mention);
  eml_status st = edit_begin(&s, store, user, &reg, res, key, diag);
  const eml_target *old = st ? NULL : find_target(&reg, k, key, &st, diag);
  if (!st) {
    eml_target t = *old;
    char v[32];
    set_bound(c->set_low, c->low, &t.has_low, &t.low);
    if (c->set_high)
      t.high = c->high;
    set_bound(c->set_interventional_low, c->interventional_low, &t.has_interventional_low,
              &t.interventional_low);
    set_bound(c->set_interventional_high, c->interventional_high, &t.has_interventional_high,
              &t.interventional_high);
    if (t.has_low && t.low > t.high) {
      snprintf(v, sizeof v, "%lld", (long long)(c->set_low ? t.low : t.high));
      st = bad_option(diag, c->set_low ? "--low" : "--high", v,
                      "la borne basse dépasse la borne haute (%lld > %lld)",
                      (long long)t.low, (long long)t.high);
    } else if ((c->set_interventional_low || c->set_interventional_high) &&
               t.unit != EML_UNIT_DEVICES) {
      snprintf(v, sizeof v, "%lld",
               (long long)(c->set_interventional_low ? c->interventional_low
                                                     : c->interventional_high));
      st = bad_option(diag,
                      c->set_interventional_low ? "--interventional-low" : "--interventional-high",
                      v, "les bornes interventionnelles ne valent que pour les appareils");
    } else if (t.has_interventional_low && t.has_interventional_high &&
               t.interventional_low > t.interventional_high) {
      snprintf(v, sizeof v, "%lld", (long long)t.interventional_low);
      st = bad_option(diag, "--interventional-low", v,
                      "la borne basse interventionnelle dépasse la borne haute (%lld > %lld)",
                      (long long)t.interventional_low, (long long)t.interventional_high);
    }
    if (!st)
      st = record(&s, res, "amend", "target", target_json(old), target_json(&t), write_target,
                  &t, diag);
  }
  return edit_end(&s, &reg, res, st, diag);
}
