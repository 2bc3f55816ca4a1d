/*
 * convert.c — the conversion of the per-device register to the 2023
 * regime, `eml regime convert` (eml/convert.h states the model; spec
 * regime-2023.md "From one regime to the other"; the choices are those of
 * docs/regime-2023.md, same section).
 *
 * Three steps: the plan (pure, from the register in memory: which device
 * goes under which new authorisation), the apply (one import session: a
 * savepoint per authorisation with its devices, audit entries, the
 * conversion's own entry, all or nothing) and the report (two tables; the
 * flags are eml_regime_site_check on the counts of eml_regime_site_counts
 * over the register with the plan added, as the balance counts them).
 */
#include "balance_internal.h"
#include "import/session.h"

#include <stdlib.h>
#include <string.h>

#define CONV_PREFIX "CONV-"

/* The activity a device modality is converted into, or -1: OHB and
 * CYCLOTRON stay per device (spec). */
static int activity_of(eml_modality m) {
  switch (m) {
  case EML_MOD_CT:
  case EML_MOD_MRI:
    return EML_ACT_IMAGING;
  case EML_MOD_GAMMA:
  case EML_MOD_PET:
    return EML_ACT_NUCLEAR;
  case EML_MOD_LINAC:
  case EML_MOD_COBALT:
    return EML_ACT_RADIOTHERAPY;
  default:
    return -1;
  }
}

/* The word of a device in the report's lists (French msgids). */
static const char *device_word(eml_modality m) {
  static const char *const words[EML_MODALITY_COUNT] = {
      [EML_MOD_CT] = N_("scanner"),    [EML_MOD_MRI] = N_("IRM"),
      [EML_MOD_GAMMA] = N_("gamma caméra"), [EML_MOD_PET] = N_("TEP"),
      [EML_MOD_OHB] = N_("OHB"),       [EML_MOD_CYCLOTRON] = N_("cyclotron"),
      [EML_MOD_LINAC] = N_("accélérateur"), [EML_MOD_COBALT] = N_("cobalt")};
  return (unsigned)m < EML_MODALITY_COUNT && words[m] ? _(words[m]) : eml_modality_code(m);
}

void eml_conversion_free(eml_conversion *c) {
  for (size_t i = 0; i < c->nauthorisations; i++)
    free(c->authorisations[i].id);
  for (size_t i = 0; i < c->ndevices; i++)
    free(c->devices[i].id); /* authorisation_id points to the id of its authorisation */
  free(c->authorisations);
  free(c->devices);
  free(c->fates);
  memset(c, 0, sizeof *c);
}

static int cmp_equipment(const void *x, const void *y) {
  const eml_convert_device *a = x, *b = y;
  int c = strcmp(a->equipment->finess, b->equipment->finess);
  if (c)
    return c;
  if (a->equipment->modality != b->equipment->modality)
    return a->equipment->modality < b->equipment->modality ? -1 : 1;
  return strcmp(a->equipment->id, b->equipment->id);
}

/* For the site: no new authorisation yet; per activity, the first
 * authorisation stored for its holder (by id), in force at `at`: the
 * devices go under it, one authorisation per (site, holder). */
static void site_authorisations(const eml_register *reg, const char *finess, eml_date at,
                                long current[EML_ACTIVITY_COUNT],
                                const eml_authorisation *existing[EML_ACTIVITY_COUNT]) {
  long s = eml_register_find_site(reg, finess);
  const char *holder = s >= 0 ? reg->sites[s].finess_ej : "";
  for (int k = 0; k < EML_ACTIVITY_COUNT; k++) {
    current[k] = -1;
    existing[k] = NULL;
  }
  for (size_t i = 0; i < reg->nauthorisations; i++) {
    const eml_authorisation *a = &reg->authorisations[i];
    if (!existing[a->activity] && strcmp(a->finess, finess) == 0 &&
        strcmp(a->finess_ej, holder) == 0 && eml_authorisation_in_force(a, at))
      existing[a->activity] = a;
  }
}

static int declared_in(const eml_register *reg, const char *id) {
  for (size_t i = 0; i < reg->ndevices; i++)
    if (strcmp(reg->devices[i].id, id) == 0)
      return 1;
  return 0;
}

/* A new authorisation of activity at the site of e, decided on `at`. */
static eml_status add_authorisation(eml_conversion *c, const eml_register *reg,
                                    const eml_equipment *e, eml_activity activity, size_t *cap,
                                    long *index) {
  if (eml_grow((void **)&c->authorisations, cap, c->nauthorisations + 1,
               sizeof *c->authorisations))
    return EML_ERR_NOMEM;
  eml_authorisation *a = &c->authorisations[c->nauthorisations];
  memset(a, 0, sizeof *a);
  char date[16];
  eml_date_format(c->at, date, sizeof date);
  size_t len = strlen(CONV_PREFIX) + strlen(date) + strlen(eml_activity_code(activity)) +
               strlen(e->finess) + 3;
  if (!(a->id = malloc(len)))
    return EML_ERR_NOMEM;
  snprintf(a->id, len, CONV_PREFIX "%s-%s-%s", date, eml_activity_code(activity), e->finess);
  snprintf(a->finess, sizeof a->finess, "%s", e->finess);
  long s = eml_register_find_site(reg, e->finess);
  if (s >= 0) /* the holder: the site's finess_ej (docs/regime-2023.md) */
    snprintf(a->finess_ej, sizeof a->finess_ej, "%s", reg->sites[s].finess_ej);
  a->activity = activity;
  a->decided_on = c->at;
  *index = (long)c->nauthorisations++;
  return EML_OK;
}

/* The audit entry of a conversion: entity "conversion", key its date. */
#define CONV_ENTITY "conversion"

typedef struct {
  const char *date;
  int found;
} done_search;

static eml_status find_done(void *ctx, const eml_audit_entry *e) {
  done_search *q = ctx;
  q->found |= e->key && strcmp(e->key, q->date) == 0;
  return EML_OK;
}

eml_status eml_regime_convert_check(eml_store *store, eml_date at, eml_diag *diag) {
  char date[16];
  eml_date_format(at, date, sizeof date);
  done_search q = {date, 0};
  eml_status st = eml_store_each_audit(store, CONV_ENTITY, 0, find_done, &q, diag);
  if (!st && q.found) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0,
                 "le registre a déjà été converti au %s (voir « eml log --entity "
                 "conversion ») ; rien n'est écrit",
                 date);
    st = EML_ERR_DUPLICATE;
  }
  return st;
}

eml_status eml_regime_convert_plan(const eml_register *reg, eml_date at, eml_conversion *c) {
  memset(c, 0, sizeof *c);
  c->at = at;
  if (reg->nequipment && !(c->fates = calloc(reg->nequipment, sizeof *c->fates)))
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < reg->nequipment; i++)
    c->fates[i].equipment = &reg->equipment[i];
  c->nfates = reg->nequipment;
  if (c->nfates)
    qsort(c->fates, c->nfates, sizeof *c->fates, cmp_equipment);
  size_t acap = 0, dcap = 0;
  long current[EML_ACTIVITY_COUNT] = {-1, -1, -1, -1}; /* the site's new ones */
  const eml_authorisation *existing[EML_ACTIVITY_COUNT] = {NULL}; /* and those it holds */
  eml_status st = EML_OK;
  for (size_t i = 0; i < c->nfates && !st; i++) {
    eml_convert_device *f = &c->fates[i];
    const eml_equipment *e = f->equipment;
    if (i == 0 || strcmp(e->finess, c->fates[i - 1].equipment->finess) != 0)
      site_authorisations(reg, e->finess, at, current, existing);
    int activity = activity_of(e->modality);
    f->authorisation = -1;
    f->existing = NULL;
    if (!eml_equipment_in_force(e, at)) {
      f->fate = EML_CONVERT_NOT_IN_FORCE;
      continue;
    }
    if (activity < 0) {
      f->fate = EML_CONVERT_KEPT;
      continue;
    }
    if (declared_in(reg, e->id)) {
      f->fate = EML_CONVERT_ALREADY;
      continue;
    }
    if (!existing[activity] && current[activity] < 0 &&
        (st = add_authorisation(c, reg, e, (eml_activity)activity, &acap, &current[activity])))
      break;
    f->fate = EML_CONVERT_DECLARED;
    f->authorisation = existing[activity] ? -1 : current[activity];
    f->existing = existing[activity];
    eml_authorisation *a = f->existing ? NULL : &c->authorisations[current[activity]];
    if (eml_grow((void **)&c->devices, &dcap, c->ndevices + 1, sizeof *c->devices)) {
      st = EML_ERR_NOMEM;
      break;
    }
    eml_declared_device *d = &c->devices[c->ndevices];
    memset(d, 0, sizeof *d);
    if (!(d->id = strdup(e->id))) {
      st = EML_ERR_NOMEM;
      break;
    }
    c->ndevices++;
    d->authorisation_id = a ? a->id : f->existing->id;
    d->modality = e->modality;
    d->declared_on = e->authorized_from;
    d->has_installed = e->has_installed;
    d->installed_on = e->installed_on;
    d->has_removed = e->has_until;
    d->removed_on = e->authorized_until;
    /* implemented on D when one of its devices is installed by D (an
     * authorisation already stored is left as it is) */
    if (a && e->has_installed && e->installed_on <= at) {
      a->has_started = 1;
      a->started_on = at;
    }
  }
  if (st)
    eml_conversion_free(c);
  return st;
}

/* ---- writing it ---- */

/* n[fate]: the per-device rows of each fate. */
static void tally(const eml_conversion *c, size_t n[4]) {
  memset(n, 0, 4 * sizeof *n);
  for (size_t i = 0; i < c->nfates; i++)
    n[c->fates[i].fate]++;
}

static eml_status audit_row(eml_import_session *s, const char *entity, const char *key,
                            json_t *after, const char *source, eml_diag *diag) {
  if (!after || json_object_set_new(after, "source", json_string(source))) {
    json_decref(after);
    return EML_ERR_NOMEM;
  }
  return eml_import_audit(s, "insert", entity, key, NULL, after, diag);
}

eml_status eml_regime_convert_apply(eml_store *store, const eml_conversion *c, const char *user,
                                    eml_diag *diag) {
  char date[16], source[32];
  eml_date_format(c->at, date, sizeof date);
  snprintf(source, sizeof source, "conversion %s", date);
  eml_import_session s;
  eml_status st = eml_import_begin(&s, store, user, NULL, "row", diag);
  if (st)
    return st;
  st = eml_regime_convert_check(store, c->at, diag); /* in the transaction: no race */
  for (size_t i = 0; i < c->nauthorisations && !st; i++) {
    const eml_authorisation *a = &c->authorisations[i];
    if ((st = eml_import_row_begin(&s)))
      break;
    eml_status rs = eml_store_insert_authorisation(store, a, diag);
    if (!rs)
      rs = audit_row(&s, "authorisation", a->id, eml_import_authorisation_json(a), source, diag);
    for (size_t j = 0; j < c->ndevices && !rs; j++) {
      const eml_declared_device *d = &c->devices[j];
      if (d->authorisation_id != a->id)
        continue;
      rs = eml_store_insert_declared_device(store, d, diag);
      if (!rs)
        rs = audit_row(&s, "declared_device", d->id, eml_import_declared_json(d), source, diag);
    }
    /* a row refused: the conversion stops, all or nothing */
    st = eml_import_row_end(&s, rs, a->id, 0, diag);
  }
  for (size_t i = 0; i < c->nfates && !st; i++) { /* under authorisations stored before */
    const eml_convert_device *f = &c->fates[i];
    if (!f->existing)
      continue;
    const eml_declared_device *d = NULL;
    for (size_t j = 0; j < c->ndevices && !d; j++)
      if (strcmp(c->devices[j].id, f->equipment->id) == 0)
        d = &c->devices[j];
    if (!d || (st = eml_import_row_begin(&s)))
      break;
    eml_status rs = eml_store_insert_declared_device(store, d, diag);
    if (!rs)
      rs = audit_row(&s, "declared_device", d->id, eml_import_declared_json(d), source, diag);
    st = eml_import_row_end(&s, rs, d->id, 0, diag);
  }
  size_t n[4];
  tally(c, n);
  json_t *summary =
      json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "at", date, "authorisations",
                (json_int_t)c->nauthorisations, "devices", (json_int_t)c->ndevices,
                "kept_per_device", (json_int_t)n[EML_CONVERT_KEPT], "already_declared",
                (json_int_t)n[EML_CONVERT_ALREADY], "not_in_force",
                (json_int_t)n[EML_CONVERT_NOT_IN_FORCE]);
  if (!summary && !st)
    st = EML_ERR_NOMEM;
  return eml_import_end(&s, st, 0, CONV_ENTITY, date, summary, diag);
}

/* ---- the report ---- */

static int cmp_authorisation_id(const void *x, const void *y) {
  return strcmp(((const eml_authorisation *)x)->id, ((const eml_authorisation *)y)->id);
}

/* The counts of every site on the register with the plan added (a view:
 * its arrays borrow the rows of reg and c). */
static eml_status counts_after(const eml_register *reg, const eml_conversion *c,
                               eml_regime_site **counts) {
  eml_register view = *reg;
  view.nauthorisations = reg->nauthorisations + c->nauthorisations;
  view.ndevices = reg->ndevices + c->ndevices;
  view.authorisations = malloc((view.nauthorisations ? view.nauthorisations : 1) *
                               sizeof *view.authorisations);
  view.devices = malloc((view.ndevices ? view.ndevices : 1) * sizeof *view.devices);
  eml_status st = EML_ERR_NOMEM;
  if (view.authorisations && view.devices) {
    if (reg->nauthorisations)
      memcpy(view.authorisations, reg->authorisations,
             reg->nauthorisations * sizeof *view.authorisations);
    if (c->nauthorisations)
      memcpy(view.authorisations + reg->nauthorisations, c->authorisations,
             c->nauthorisations * sizeof *view.authorisations);
    if (reg->ndevices)
      memcpy(view.devices, reg->devices, reg->ndevices * sizeof *view.devices);
    if (c->ndevices)
      memcpy(view.devices + reg->ndevices, c->devices, c->ndevices * sizeof *view.devices);
    qsort(view.authorisations, view.nauthorisations, sizeof *view.authorisations,
          cmp_authorisation_id); /* eml_register_find_authorisation searches by id */
    st = eml_regime_site_counts(&view, c->at, counts);
  }
  free(view.authorisations);
  free(view.devices);
  return st;
}

/* Appends "SEP TEXT" to buf (an empty buf takes no separator). */
static void append(char *buf, size_t size, const char *sep, const char *text) {
  size_t len = strlen(buf);
  if (len < size)
    snprintf(buf + len, size - len, "%s%s", len ? sep : "", text);
}

enum { C_FINESS, C_SITE, C_ZONE, C_HOLDER, C_FATE, C_AUTH, C_COUNT, C_IDS, C_FLAGS };

/* One row of the first table: the devices of fates [from, to) of one site
 * with the given fate (and authorisation, for DECLARED). */
static void fate_row(eml_table *t, const eml_register *reg, const eml_conversion *c, size_t from,
                     size_t to, eml_convert_fate fate, long authorisation,
                     const eml_authorisation *existing) {
  char ids[4096] = "", flags[4096] = "", item[256], when[16];
  int64_t n = 0;
  int installed = 0;
  for (size_t i = from; i < to; i++) {
    const eml_convert_device *f = &c->fates[i];
    const eml_equipment *e = f->equipment;
    if (f->fate != fate || f->authorisation != authorisation || f->existing != existing)
      continue;
    n++;
    installed |= e->has_installed && e->installed_on <= c->at;
    if (fate == EML_CONVERT_NOT_IN_FORCE) {
      int later = e->authorized_from > c->at;
      eml_date_format_fr(later ? e->authorized_from : e->authorized_until, when, sizeof when);
      snprintf(item, sizeof item, later ? _("%s (%s, autorisé le %s)") : _("%s (%s, fin le %s)"),
               e->id, device_word(e->modality), when);
    } else {
      snprintf(item, sizeof item, "%s (%s)", e->id, device_word(e->modality));
    }
    append(ids, sizeof ids, ", ", item);
    if (fate == EML_CONVERT_DECLARED && e->interventional &&
        (e->modality == EML_MOD_CT || e->modality == EML_MOD_MRI)) {
      snprintf(item, sizeof item,
               _("%s dédié à l'imagerie interventionnelle : à rattacher à une autorisation de "
                 "radiologie interventionnelle"),
               e->id);
      append(flags, sizeof flags, " ; ", item);
    }
  }
  if (!n)
    return;
  const eml_equipment *first = c->fates[from].equipment;
  long s = eml_register_find_site(reg, first->finess);
  const eml_site *site = s >= 0 ? &reg->sites[s] : NULL;
  char date[16];
  eml_date_format_fr(c->at, date, sizeof date);
  size_t row;
  eml_table_add_row(t, &row);
  eml_table_set_text(t, row, C_FINESS, first->finess);
  eml_table_set_text(t, row, C_SITE, site ? site->name : NULL);
  eml_table_set_text(t, row, C_ZONE, site ? site->territory : NULL);
  eml_table_set_text(t, row, C_HOLDER, site && site->finess_ej[0] ? site->finess_ej : "—");
  eml_table_set_int(t, row, C_COUNT, n, 0);
  eml_table_set_text(t, row, C_IDS, ids);
  if (fate == EML_CONVERT_DECLARED) {
    const eml_authorisation *a = existing ? existing : &c->authorisations[authorisation];
    eml_table_set_text(t, row, C_FATE, eml_activity_title(a->activity));
    eml_table_set_text(t, row, C_AUTH, a->id);
    if (existing)
      append(flags, sizeof flags, _(" ; "),
             _n("déclaré sous l'autorisation du site déjà au registre",
                "déclarés sous l'autorisation du site déjà au registre", n));
    else if (a->activity != EML_ACT_IMAGING)
      append(flags, sizeof flags, _(" ; "), _("mention inconnue : à renseigner"));
    if (!existing && !installed) {
      snprintf(item, sizeof item, _("non mise en œuvre : aucun appareil installé au %s"), date);
      append(flags, sizeof flags, _(" ; "), item);
    }
  } else {
    char fate_text[128];
    snprintf(fate_text, sizeof fate_text, "%s",
             fate == EML_CONVERT_KEPT      ? _("Reste autorisé par appareil")
             : fate == EML_CONVERT_ALREADY ? _("Déjà déclaré, non repris")
                                           : _("Non converti : pas en vigueur au "));
    if (fate == EML_CONVERT_NOT_IN_FORCE)
      append(fate_text, sizeof fate_text, "", date);
    eml_table_set_text(t, row, C_FATE, fate_text);
  }
  eml_table_set_text(t, row, C_FLAGS, flags[0] ? flags : NULL);
}

static void sites_table(eml_table_list *l, const eml_register *reg, const eml_conversion *c,
                        const char *date, const char *subtitle) {
  char title[160];
  snprintf(title, sizeof title, _("Conversion du registre au régime de 2023 au %s"), date);
  eml_table *t = eml_table_list_add(l, "conversion", title);
  eml_table_set_subtitle(t, subtitle);
  const char *heads[][2] = {{"FINESS", "finess"},               {N_("Site"), "site"},
                            {N_("Zone"), "zone"},               {N_("Titulaire"), "holder"},
                            {N_("Devenir"), "fate"},            {N_("Autorisation"), "authorisation"},
                            {N_("Appareils"), "devices"},       {N_("Identifiants"), "equipment"},
                            {N_("Signalements"), "flags"}};
  for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
    eml_table_add_column(t, NULL, heads[i][0], heads[i][1]);
  size_t sites = 0;
  size_t per_activity[EML_ACTIVITY_COUNT] = {0};
  for (size_t from = 0; from < c->nfates;) {
    size_t to = from + 1;
    while (to < c->nfates &&
           strcmp(c->fates[to].equipment->finess, c->fates[from].equipment->finess) == 0)
      to++;
    sites++;
    for (size_t k = 0; k < c->nauthorisations; k++)
      if (strcmp(c->authorisations[k].finess, c->fates[from].equipment->finess) == 0)
        fate_row(t, reg, c, from, to, EML_CONVERT_DECLARED, (long)k, NULL);
    for (size_t i = from; i < to; i++) { /* each authorisation stored before, once */
      const eml_authorisation *x = c->fates[i].existing;
      size_t j = from;
      while (j < i && c->fates[j].existing != x)
        j++;
      if (x && j == i)
        fate_row(t, reg, c, from, to, EML_CONVERT_DECLARED, -1, x);
    }
    fate_row(t, reg, c, from, to, EML_CONVERT_KEPT, -1, NULL);
    fate_row(t, reg, c, from, to, EML_CONVERT_ALREADY, -1, NULL);
    fate_row(t, reg, c, from, to, EML_CONVERT_NOT_IN_FORCE, -1, NULL);
    from = to;
  }
  size_t n[4];
  tally(c, n);
  for (size_t k = 0; k < c->nauthorisations; k++)
    per_activity[c->authorisations[k].activity]++;
  /* each count with its plural (French: 0 and 1 singular) */
  char note[512], p[7][96];
  snprintf(p[0], sizeof p[0],
           _n("%zu appareil autorisé par appareil", "%zu appareils autorisés par appareil",
              c->nfates), c->nfates);
  snprintf(p[1], sizeof p[1], _n("%zu site", "%zu sites", sites), sites);
  snprintf(p[2], sizeof p[2],
           _n("%zu autorisation créée", "%zu autorisations créées", c->nauthorisations),
           c->nauthorisations);
  snprintf(p[3], sizeof p[3], _n("%zu appareil déclaré", "%zu appareils déclarés", c->ndevices),
           c->ndevices);
  snprintf(p[4], sizeof p[4],
           _n("%zu reste autorisé par appareil", "%zu restent autorisés par appareil",
              n[EML_CONVERT_KEPT]), n[EML_CONVERT_KEPT]);
  snprintf(p[5], sizeof p[5], _n("%zu déjà déclaré", "%zu déjà déclarés", n[EML_CONVERT_ALREADY]),
           n[EML_CONVERT_ALREADY]);
  snprintf(p[6], sizeof p[6],
           _n("%zu pas en vigueur", "%zu pas en vigueur", n[EML_CONVERT_NOT_IN_FORCE]),
           n[EML_CONVERT_NOT_IN_FORCE]);
  snprintf(note, sizeof note,
           _("%s sur %s : %s (imagerie en coupes : %zu, médecine nucléaire : %zu, "
             "radiothérapie : %zu), %s, %s (OHB, cyclotron), %s, %s au %s."),
           p[0], p[1], p[2], per_activity[EML_ACT_IMAGING], per_activity[EML_ACT_NUCLEAR],
           per_activity[EML_ACT_RADIOTHERAPY], p[3], p[4], p[5], p[6], date);
  eml_table_add_note(t, note);
  eml_table_add_note(t,
                     "Titulaire : le FINESS juridique du site. Chaque autorisation est décidée à "
                     "la date de la conversion, mise en œuvre à cette date quand l'un de ses "
                     "appareils est installé ; chaque appareil garde ses dates. Les "
                     "autorisations par appareil restent au registre (historique).");
}

static eml_status flags_table(eml_table_list *l, const eml_register *reg,
                              const eml_conversion *c, const eml_regime_rules *rules,
                              const char *date, const char *subtitle) {
  eml_regime_site *counts = NULL;
  eml_status st = counts_after(reg, c, &counts);
  if (st)
    return st;
  char title[160];
  snprintf(title, sizeof title, _("Sites signalés par les règles de 2023 au %s, après conversion"),
           date);
  eml_table *t = eml_table_list_add(l, "conversion_flags", title);
  eml_table_set_subtitle(t, subtitle);
  const char *heads[][2] = {{"FINESS", "finess"},       {N_("Site"), "site"},
                            {N_("Zone"), "zone"},       {N_("Appareils"), "devices"},
                            {N_("Scanners"), "ct"},     {N_("IRM"), "mri"},
                            {N_("Règle"), "rule"}};
  for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
    eml_table_add_column(t, NULL, heads[i][0], heads[i][1]);
  size_t flagged = 0;
  for (size_t s = 0; s < reg->nsites; s++) {
    int any = 0;
    for (int check = 1; check <= EML_REGIME_SITE_CHECKS; check++) {
      char why[256];
      if (!eml_regime_site_check(rules, &counts[s], check, why, sizeof why))
        continue;
      any = 1;
      size_t row;
      eml_table_add_row(t, &row);
      eml_table_set_text(t, row, 0, reg->sites[s].finess);
      eml_table_set_text(t, row, 1, reg->sites[s].name);
      eml_table_set_text(t, row, 2, reg->sites[s].territory);
      eml_table_set_int(t, row, 3, counts[s].devices, 0);
      eml_table_set_int(t, row, 4, counts[s].ct, 0);
      eml_table_set_int(t, row, 5, counts[s].mri, 0);
      eml_table_set_text(t, row, 6, why);
    }
    flagged += any;
  }
  free(counts);
  eml_regime_site_figures f = eml_regime_site_figures_of(rules);
  char note[320];
  if (flagged)
    snprintf(note, sizeof note,
             _n("%zu site signalé : plus de %lld appareils sans demande justifiée, %lld "
                "appareils ou plus sans scanner ou sans IRM, un seul type sans convention "
                "(docs/regime-2023.md).",
                "%zu sites signalés : plus de %lld appareils sans demande justifiée, %lld "
                "appareils ou plus sans scanner ou sans IRM, un seul type sans convention "
                "(docs/regime-2023.md).",
                flagged),
             flagged, (long long)f.declaration_max, (long long)f.mix_min);
  else
    snprintf(note, sizeof note, "%s", _("Aucun site signalé."));
  eml_table_add_note(t, note);
  return EML_OK;
}

eml_status eml_regime_convert_tables(const eml_register *reg, const eml_conversion *c,
                                     const eml_regime_rules *rules,
                                     int dry_run, eml_table ***tables, size_t *count) {
  char date[16], subtitle[160];
  eml_date_format_fr(c->at, date, sizeof date);
  snprintf(subtitle, sizeof subtitle, "%s",
           dry_run ? N_("Simulation (--dry-run) : rien n'a été écrit dans le registre.")
                   : N_("Écrit dans le registre en une transaction, journalisée (eml log)."));
  eml_table_list l = {0};
  sites_table(&l, reg, c, date, subtitle);
  eml_status st = flags_table(&l, reg, c, rules, date, subtitle);
  if (st)
    eml_table_list_fail(&l, st);
  return eml_table_list_finish(&l, tables, count);
}
