/*
 * scenario.c — a scenario applied to a copy of the register (spec
 * planning.md §3; the file's format in eml/plan.h, its reader in
 * scenario_read.c): the changes applied in order to eml_register_copy of
 * the register read from the store, the balance computed before and after
 * at the same date with the same rules (eml_balance_compute), the
 * applications judged against both (eml_requests_judge, _2023), and the
 * tables side by side. The store is never written here, except by
 * eml_scenario_save, which records the scenario (not its effects) through
 * the import session with an audit entry per change.
 *
 * What each change does to the copy (docs/planning.md "eml plan scenario"):
 *   grant, seed 000: a creation or an extension adds its `devices` devices
 *     at its site, authorised on D (not yet installed); a renewal or a
 *     replacement changes no count;
 *   grant, 2023: a creation adds an authorisation of its activity and
 *     mention at its site, decided and started on D; a transfer moves the
 *     site's authorisations of the activity in force to `to_finess`; a
 *     declaration declares a device under the site's IMAGING authorisation
 *     in force; a renewal changes nothing;
 *   (a request's site missing from the register is added, in the
 *   request's territory);
 *   add: a device (seed 000) authorised on DATE; CT or MRI at a site holding
 *     an IMAGING authorisation in force: a device declared under it; an
 *     activity: an authorisation decided and started on DATE;
 *   close: a device's authorisation ends on DATE (authorized_until), a
 *     declared device is removed on DATE, an authorisation ends on DATE;
 *   move: the device, or the authorisation, to the site (a declared device
 *     under the new site's IMAGING authorisation in force);
 *   target: the OQOS of the zone, modality or activity and unit for the
 *     period, replaced or added.
 */
#include "domain/balance_internal.h"
#include "import/session.h"
#include "plan_internal.h"

#include <stdlib.h>
#include <string.h>

#include "eml/balance.h"
#include "eml/requests.h"

/* ---- the changes on the copy --------------------------------------------- */

/* A new zeroed row at the end of rows[0..*n): the row, NULL when out of memory. */
static void *push(void **rows, size_t *n, size_t size) {
  void *p = realloc(*rows, (*n + 1) * size);
  if (!p)
    return NULL;
  *rows = p;
  memset((char *)p + *n * size, 0, size);
  return (char *)p + (*n)++ * size;
}
#define PUSH(reg, field, count) push((void **)&(reg)->field, &(reg)->count, sizeof *(reg)->field)

/* A site of the request's territory when the register lacks it. */
static eml_status ensure_site(eml_register *reg, const char *finess, const char *territory) {
  if (eml_register_find_site(reg, finess) >= 0)
    return EML_OK;
  eml_site *s = PUSH(reg, sites, nsites);
  if (!s)
    return EML_ERR_NOMEM;
  snprintf(s->finess, sizeof s->finess, "%s", finess);
  snprintf(s->territory, sizeof s->territory, "%s", territory);
  s->legal_status = "AUTRE";
  if (!(s->name = strdup("site de la demande")))
    return EML_ERR_NOMEM;
  eml_register_sort(reg);
  return EML_OK;
}

static const char *territory_of(const eml_register *reg, const char *finess) {
  long s = eml_register_find_site(reg, finess);
  return s >= 0 ? reg->sites[s].territory : "?";
}

static eml_status add_equipment(eml_register *reg, const char *id, const char *finess,
                                eml_modality m, int interventional, eml_date from) {
  eml_equipment *e = PUSH(reg, equipment, nequipment);
  if (!e || !(e->id = strdup(id)))
    return EML_ERR_NOMEM;
  snprintf(e->finess, sizeof e->finess, "%s", finess);
  e->modality = m;
  e->interventional = interventional;
  e->authorized_from = from;
  return EML_OK;
}

static eml_status add_authorisation(eml_register *reg, const char *id, const char *finess,
                                    eml_activity act, const char *mention, eml_date from) {
  eml_authorisation *a = PUSH(reg, authorisations, nauthorisations);
  if (!a || !(a->id = strdup(id)))
    return EML_ERR_NOMEM;
  snprintf(a->finess, sizeof a->finess, "%s", finess);
  snprintf(a->mention, sizeof a->mention, "%s", mention);
  a->activity = act;
  a->decided_on = from;
  a->has_started = 1;
  a->started_on = from;
  eml_register_sort(reg);
  return EML_OK;
}

/* The site's IMAGING authorisation in force at D, or -1. */
static long imaging_authorisation(const eml_register *reg, const char *finess, eml_date at) {
  for (size_t i = 0; i < reg->nauthorisations; i++) {
    const eml_authorisation *a = &reg->authorisations[i];
    if (a->activity == EML_ACT_IMAGING && strcmp(a->finess, finess) == 0 &&
        eml_authorisation_in_force(a, at))
      return (long)i;
  }
  return -1;
}

static eml_status declare_device(eml_register *reg, const char *id, long auth, eml_modality m,
                                 eml_date from) {
  char *auth_id = strdup(reg->authorisations[auth].id);
  eml_declared_device *d = auth_id ? PUSH(reg, devices, ndevices) : NULL;
  if (!d) {
    free(auth_id);
    return EML_ERR_NOMEM;
  }
  d->authorisation_id = auth_id;
  if (!(d->id = strdup(id)))
    return EML_ERR_NOMEM;
  d->modality = m;
  d->declared_on = from;
  return EML_OK;
}

/* An id for a row the scenario adds: "BASE", or "BASE-K" from the second. */
static void new_id(char *buf, size_t size, const char *base, int64_t k) {
  if (k == 0)
    snprintf(buf, size, "%s", base);
  else
    snprintf(buf, size, "%s-%lld", base, (long long)k + 1);
}

typedef struct apply_ctx {
  eml_register *reg;
  const eml_scenario_args *a;
  eml_diag *diag;
  char effect[512];
} apply_ctx;

/* msg: a French msgid marked N_() where it is written, translated here */
static eml_status line_error(apply_ctx *x, const eml_scenario_change *c, const char *msg) {
  eml_diag_set(x->diag, x->a->scenario->path, c->line, NULL, NULL, 0, "%s : %s", c->text, _(msg));
  return EML_ERR_VALUE;
}

static const eml_request *request_of(const eml_scenario_args *a, const char *id) {
  for (size_t i = 0; i < a->nrequests; i++)
    if (strcmp(a->requests[i].id, id) == 0)
      return &a->requests[i];
  return NULL;
}

static eml_status apply_grant(apply_ctx *x, const eml_scenario_change *c) {
  eml_register *reg = x->reg;
  const eml_request *q = request_of(x->a, c->id);
  char date[16];
  eml_date_format_fr(x->a->at, date, sizeof date);
  if (!q)
    return line_error(x, c, N_("demande absente du fichier des demandes"));
  eml_status st = ensure_site(reg, q->finess, q->territory[0] ? q->territory : "?");
  if (st)
    return st;
  const char *zone = territory_of(reg, q->finess);
  if (!q->is_activity) {
    if (q->kind != EML_REQUEST_CREATION && q->kind != EML_REQUEST_EXTENSION) {
      snprintf(x->effect, sizeof x->effect, _("%s accordée : sans effet sur les appareils"), q->id);
      return EML_OK;
    }
    for (int64_t k = 0; k < q->devices && !st; k++) {
      char id[96];
      new_id(id, sizeof id, q->id, k);
      st = add_equipment(reg, id, q->finess, q->modality, q->interventional, x->a->at);
    }
    /* the effect's formats are msgids: the data (ids, codes, sites) stay */
    snprintf(x->effect, sizeof x->effect,
             q->interventional
                 ? _n("%s accordée : %lld appareil %s interventionnel au site %s (%s), autorisé "
                      "le %s",
                      "%s accordée : %lld appareils %s interventionnels au site %s (%s), "
                      "autorisés le %s",
                      q->devices)
                 : _n("%s accordée : %lld appareil %s au site %s (%s), autorisé le %s",
                      "%s accordée : %lld appareils %s au site %s (%s), autorisés le %s",
                      q->devices),
             q->id, (long long)q->devices, eml_modality_code(q->modality), q->finess, zone, date);
    return st;
  }
  switch (q->kind) {
  case EML_REQUEST_CREATION:
    if ((st = add_authorisation(reg, q->id, q->finess, q->activity, q->mention, x->a->at)))
      return st;
    if (q->mention[0])
      snprintf(x->effect, sizeof x->effect,
               _("%s accordée : autorisation %s mention %s au site %s (%s), décidée le %s"), q->id,
               eml_activity_code(q->activity), q->mention, q->finess, zone, date);
    else
      snprintf(x->effect, sizeof x->effect,
               _("%s accordée : autorisation %s au site %s (%s), décidée le %s"), q->id,
               eml_activity_code(q->activity), q->finess, zone, date);
    return EML_OK;
  case EML_REQUEST_TRANSFER: {
    if ((st = ensure_site(reg, q->to_finess, "?")))
      return st;
    int moved = 0;
    for (size_t i = 0; i < reg->nauthorisations; i++) {
      eml_authorisation *au = &reg->authorisations[i];
      if (strcmp(au->finess, q->finess) == 0 &&
          eml_regime_authorisation_counts(au, q->activity, q->mention, x->a->at)) {
        snprintf(au->finess, sizeof au->finess, "%s", q->to_finess);
        moved++;
      }
    }
    if (!moved)
      return line_error(x, c, N_("le site n'a aucune autorisation de l'activité en vigueur"));
    snprintf(x->effect, sizeof x->effect,
             _n("%s accordée : %d autorisation %s transférée du site %s (%s) au site %s (%s)",
                "%s accordée : %d autorisations %s transférées du site %s (%s) au site %s (%s)",
                moved),
             q->id, moved, eml_activity_code(q->activity), q->finess, zone, q->to_finess,
             territory_of(reg, q->to_finess));
    return EML_OK;
  }
  case EML_REQUEST_DECLARATION: {
    long auth = imaging_authorisation(reg, q->finess, x->a->at);
    if (auth < 0)
      return line_error(x, c, N_("le site n'a aucune autorisation IMAGING en vigueur"));
    if ((st = declare_device(reg, q->id, auth, q->device_modality, x->a->at)))
      return st;
    snprintf(x->effect, sizeof x->effect,
             _("%s accordée : appareil %s déclaré au site %s (%s) sous l'autorisation %s le %s"),
             q->id, eml_modality_code(q->device_modality), q->finess, zone,
             reg->authorisations[auth].id, date);
    return EML_OK;
  }
  default:
    snprintf(x->effect, sizeof x->effect, _("%s accordée : sans effet sur les implantations"),
             q->id);
    return EML_OK;
  }
}

static eml_status apply_add(apply_ctx *x, const eml_scenario_change *c, size_t index) {
  eml_register *reg = x->reg;
  eml_date on = c->has_date ? c->date : x->a->at;
  char date[16], id[64];
  eml_date_format_fr(on, date, sizeof date);
  snprintf(id, sizeof id, "SCENARIO-%zu", index + 1);
  const char *zone = territory_of(reg, c->finess);
  eml_status st;
  if (c->is_activity) {
    if ((st = add_authorisation(reg, id, c->finess, c->activity, "", on)))
      return st;
    snprintf(x->effect, sizeof x->effect, _("autorisation %s %s au site %s (%s), décidée le %s"), id,
             eml_activity_code(c->activity), c->finess, zone, date);
    return EML_OK;
  }
  long auth = c->modality == EML_MOD_CT || c->modality == EML_MOD_MRI
                  ? imaging_authorisation(reg, c->finess, on)
                  : -1;
  if (auth >= 0) {
    if ((st = declare_device(reg, id, auth, c->modality, on)))
      return st;
    snprintf(x->effect, sizeof x->effect,
             _("appareil %s %s déclaré au site %s (%s) sous l'autorisation %s le %s"), id,
             eml_modality_code(c->modality), c->finess, zone, reg->authorisations[auth].id, date);
    return EML_OK;
  }
  if ((st = add_equipment(reg, id, c->finess, c->modality, 0, on)))
    return st;
  snprintf(x->effect, sizeof x->effect, _("appareil %s %s autorisé au site %s (%s) le %s"), id,
           eml_modality_code(c->modality), c->finess, zone, date);
  return EML_OK;
}

/* Close or move one device or authorisation (`device` or not, its id and its
 * modality or activity `code`, on the site `finess`): its end on `on`, or
 * its site becomes c->finess (in `to_zone`); the effect line is written
 * first, from the site it leaves. */
static void close_or_move(apply_ctx *x, const eml_scenario_change *c, int device,
                          const char *id, const char *code, eml_date on, const char *date,
                          const char *to_zone, int *has_until, eml_date *until, char *finess,
                          size_t finess_size) {
  const char *from_zone = territory_of(x->reg, finess);
  if (c->kind == EML_CHANGE_CLOSE) {
    snprintf(x->effect, sizeof x->effect,
             device ? _("appareil %s %s du site %s (%s) : fin le %s")
                    : _("autorisation %s %s du site %s (%s) : fin le %s"),
             id, code, finess, from_zone, date);
    *has_until = 1;
    *until = on;
  } else {
    snprintf(x->effect, sizeof x->effect,
             device ? _("appareil %s %s : du site %s (%s) au site %s (%s)")
                    : _("autorisation %s %s : du site %s (%s) au site %s (%s)"),
             id, code, finess, from_zone, c->finess, to_zone);
    snprintf(finess, finess_size, "%s", c->finess);
  }
}

/* close and move: the device, declared device or authorisation c->id. */
static eml_status apply_id(apply_ctx *x, const eml_scenario_change *c) {
  eml_register *reg = x->reg;
  eml_date on = c->has_date ? c->date : x->a->at;
  char date[16];
  eml_date_format_fr(on, date, sizeof date);
  int close = c->kind == EML_CHANGE_CLOSE;
  const char *to_zone = close ? "" : territory_of(reg, c->finess);
  for (size_t i = 0; i < reg->nequipment; i++) {
    eml_equipment *e = &reg->equipment[i];
    if (strcmp(e->id, c->id) != 0)
      continue;
    close_or_move(x, c, 1, e->id, eml_modality_code(e->modality), on, date, to_zone,
                  &e->has_until, &e->authorized_until, e->finess, sizeof e->finess);
    return EML_OK;
  }
  for (size_t i = 0; i < reg->ndevices; i++) {
    eml_declared_device *d = &reg->devices[i];
    if (strcmp(d->id, c->id) != 0)
      continue;
    long from = eml_register_find_authorisation(reg, d->authorisation_id);
    const char *finess = from >= 0 ? reg->authorisations[from].finess : "?";
    if (close) {
      d->has_removed = 1;
      d->removed_on = on;
      snprintf(x->effect, sizeof x->effect, _("appareil %s %s du site %s (%s) : retiré le %s"),
               d->id, eml_modality_code(d->modality), finess, territory_of(reg, finess), date);
      return EML_OK;
    }
    long auth = imaging_authorisation(reg, c->finess, x->a->at);
    if (auth < 0)
      return line_error(x, c, N_("le site n'a aucune autorisation IMAGING en vigueur"));
    char *id = strdup(reg->authorisations[auth].id);
    if (!id)
      return EML_ERR_NOMEM;
    snprintf(x->effect, sizeof x->effect,
             _("appareil %s %s : du site %s (%s) au site %s (%s), sous l'autorisation %s"), d->id,
             eml_modality_code(d->modality), finess, territory_of(reg, finess), c->finess,
             to_zone, id);
    free(d->authorisation_id);
    d->authorisation_id = id;
    return EML_OK;
  }
  long i = eml_register_find_authorisation(reg, c->id);
  if (i < 0)
    return line_error(x, c, N_("appareil ou autorisation absent du registre"));
  eml_authorisation *au = &reg->authorisations[i];
  close_or_move(x, c, 0, au->id, eml_activity_code(au->activity), on, date, to_zone,
                &au->has_until, &au->until, au->finess, sizeof au->finess);
  return EML_OK;
}

static eml_status apply_target(apply_ctx *x, const eml_scenario_change *c) {
  eml_register *reg = x->reg;
  const char *period = x->a->period;
  eml_target *g = NULL;
  for (size_t i = 0; i < reg->ntargets && !g; i++) {
    eml_target *t = &reg->targets[i];
    if (strcmp(t->period, period) == 0 && strcmp(t->territory, c->zone) == 0 &&
        t->is_activity == c->is_activity && t->unit == c->unit &&
        (c->is_activity ? t->activity == c->activity && !t->mention[0]
                        : t->modality == c->modality))
      g = t;
  }
  char before[64] = "";
  if (g) {
    if (g->has_low)
      snprintf(before, sizeof before, "%lld–%lld", (long long)g->low, (long long)g->high);
    else
      snprintf(before, sizeof before, "%lld", (long long)g->high);
  } else {
    g = PUSH(reg, targets, ntargets);
    if (!g || !(g->period = strdup(period)))
      return EML_ERR_NOMEM;
    snprintf(g->territory, sizeof g->territory, "%s", c->zone);
    g->is_activity = c->is_activity;
    g->activity = c->activity;
    g->modality = c->modality;
    g->unit = c->unit;
    snprintf(before, sizeof before, "%s", _("aucun"));
  }
  g->has_low = c->has_low;
  g->low = c->has_low ? c->low : 0;
  g->high = c->high;
  char after[64];
  if (c->has_low)
    snprintf(after, sizeof after, "%lld–%lld", (long long)c->low, (long long)c->high);
  else
    snprintf(after, sizeof after, "%lld", (long long)c->high);
  snprintf(x->effect, sizeof x->effect,
           c->unit == EML_UNIT_SITES ? _("OQOS %s %s en implantations, période %s : %s → %s")
                                     : _("OQOS %s %s en appareils, période %s : %s → %s"),
           c->zone, c->is_activity ? eml_activity_code(c->activity) : eml_modality_code(c->modality),
           period, before, after);
  return EML_OK;
}

/* Applies every change to reg, the effect of each to the table. */
static eml_status apply_all(eml_register *reg, const eml_scenario_args *a, eml_table *t,
                            eml_diag *diag) {
  apply_ctx x = {reg, a, diag, ""};
  eml_status st = EML_OK;
  for (size_t i = 0; i < a->scenario->count && !st; i++) {
    const eml_scenario_change *c = &a->scenario->changes[i];
    x.effect[0] = '\0';
    switch (c->kind) {
    case EML_CHANGE_GRANT:
      st = apply_grant(&x, c);
      break;
    case EML_CHANGE_ADD:
      st = apply_add(&x, c, i);
      break;
    case EML_CHANGE_CLOSE:
    case EML_CHANGE_MOVE:
      st = apply_id(&x, c);
      break;
    case EML_CHANGE_TARGET:
      st = apply_target(&x, c);
      break;
    }
    if (st)
      break;
    size_t row;
    eml_table_add_row(t, &row);
    eml_table_set_int(t, row, 0, c->line, 0);
    eml_table_set_text(t, row, 1, c->text);
    eml_table_set_text(t, row, 2, x.effect);
  }
  eml_register_sort(reg);
  return st;
}

/* ---- the tables side by side ---------------------------------------------- */

/* One unit of one zone, before or after. */
typedef struct side {
  int has;
  int64_t now, high, gap;
  char verdict[32];
} side;

typedef struct zone_pair {
  char zone[8];
  side units[2][2]; /* [devices, sites][before, after] */
  int64_t devices[2]; /* 2023 IMAGING: CT + MRI */
} zone_pair;

static void side_of_part(side *s, const eml_balance_part *p) {
  s->has = p->has_target;
  s->now = p->now;
  s->high = p->high;
  s->gap = p->gap;
  snprintf(s->verdict, sizeof s->verdict, "%s%s", _(p->receivable), p->mark ? p->mark : "");
}

static void side_of_zone(side *s, const eml_balance_zone *z) {
  s->has = 1;
  s->now = z->implantations;
  s->high = z->high;
  s->gap = z->gap;
  snprintf(s->verdict, sizeof s->verdict, "%s", _(z->receivable));
}

static zone_pair *pair_of(zone_pair *pairs, size_t *n, const char *zone) {
  for (size_t i = 0; i < *n; i++)
    if (strcmp(pairs[i].zone, zone) == 0)
      return &pairs[i];
  zone_pair *p = &pairs[(*n)++];
  memset(p, 0, sizeof *p);
  snprintf(p->zone, sizeof p->zone, "%s", zone);
  return p;
}

/* The unit's group of columns: now, bound, gap, verdict, before and after. */
static void unit_columns(eml_table *t, const char *group, const char *key, const char *bound) {
  static const char *const cols[][2] = {
      {N_("Avant"), "before"},           {N_("Après"), "after"},
      {N_(" avant"), "high_before"}, {N_(" après"), "high_after"},
      {N_("Écart avant"), "gap_before"}, {N_("Écart après"), "gap_after"},
      {N_("Recevable avant"), "receivable_before"}, {N_("Recevable après"), "receivable_after"}};
  char k[64];
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
    char name[64];
    snprintf(k, sizeof k, "%s_%s", key, cols[i][1]);
    /* in the run's language: " avant" follows the bound's name */
    snprintf(name, sizeof name, "%s%s", cols[i][0][0] == ' ' ? _(bound) : "", _(cols[i][0]));
    eml_table_add_column(t, group, name, k);
  }
}

static void unit_cells(eml_table *t, size_t row, size_t col, const side s[2]) {
  for (int k = 0; k < 2; k++) {
    eml_table_set_int(t, row, col + (size_t)k, s[k].now, 0);
    if (!s[k].has)
      continue;
    eml_table_set_int(t, row, col + 2 + (size_t)k, s[k].high, 0);
    eml_table_set_int(t, row, col + 4 + (size_t)k, s[k].gap, EML_CELL_SIGNED);
    eml_table_set_text(t, row, col + 6 + (size_t)k, s[k].verdict);
  }
}

/* The side-by-side table of one balance table (a modality of seed 000 or
 * an activity of 2023), and the zones whose verdict changes appended to
 * the zones table z. */
static eml_table *pair_table(const eml_balance *b0, const eml_balance *b1, size_t index,
                             int activity, eml_table *z) {
  const eml_balance_table *t1 = activity ? NULL : &b1->tables[index];
  const eml_balance_activity *a1 = activity ? &b1->activities[index] : NULL;
  const eml_balance_table *t0 = NULL;
  const eml_balance_activity *a0 = NULL;
  for (size_t i = 0; !activity && i < b0->ntables; i++)
    if (b0->tables[i].modality == t1->modality)
      t0 = &b0->tables[i];
  for (size_t i = 0; activity && i < b0->nactivities; i++)
    if (b0->activities[i].activity == a1->activity &&
        strcmp(b0->activities[i].mention, a1->mention) == 0)
      a0 = &b0->activities[i];
  size_t n1 = activity ? a1->nrows : t1->nrows, n0 = activity ? (a0 ? a0->nrows : 0)
                                                                 : (t0 ? t0->nrows : 0);
  zone_pair *pairs = calloc(n0 + n1 + 1, sizeof *pairs);
  char id[64], title[256], label[64];
  if (activity) {
    snprintf(label, sizeof label, "%s%s%s", eml_activity_code(a1->activity),
             a1->mention[0] ? " " : "", a1->mention);
    snprintf(id, sizeof id, "scenario_%s%s%s", eml_activity_code(a1->activity),
             a1->mention[0] ? "_" : "", a1->mention);
    snprintf(title, sizeof title, _("Scénario : bilan avant et après — %s%s%s"),
             eml_activity_title(a1->activity), a1->mention[0] ? _(" — mention ") : "", a1->mention);
  } else {
    snprintf(label, sizeof label, "%s", eml_modality_code(t1->modality));
    snprintf(id, sizeof id, "scenario_%s", eml_modality_code(t1->modality));
    snprintf(title, sizeof title, _("Scénario : bilan avant et après — %s"),
             eml_modality_title(t1->modality));
  }
  eml_table *t = eml_table_new(id, title);
  if (!pairs) {
    eml_table_fail(t, EML_ERR_NOMEM);
    return t;
  }
  size_t n = 0;
  for (int k = 0; k < 2; k++) {
    if (activity) {
      const eml_balance_activity *ba = k ? a1 : a0;
      for (size_t i = 0; ba && i < ba->nrows; i++) {
        zone_pair *p = pair_of(pairs, &n, ba->rows[i].territory);
        side_of_zone(&p->units[1][k], &ba->rows[i]);
        p->devices[k] = ba->rows[i].ct + ba->rows[i].mri;
      }
    } else {
      const eml_balance_table *bt = k ? t1 : t0;
      for (size_t i = 0; bt && i < bt->nrows; i++) {
        zone_pair *p = pair_of(pairs, &n, bt->rows[i].territory);
        side_of_part(&p->units[0][k], &bt->rows[i].devices);
        side_of_part(&p->units[1][k], &bt->rows[i].sites);
      }
    }
  }
  char date[16], subtitle[200];
  eml_date_format_fr(b1->at, date, sizeof date);
  snprintf(subtitle, sizeof subtitle, _("Situation au %s, période %s : le registre, puis le "
                                         "registre après le scénario"),
           date, b1->period);
  eml_table_set_subtitle(t, subtitle);
  eml_table_add_column(t, NULL, activity ? N_("Zone") : N_("Département"), "territory");
  int imaging = activity && a1->activity == EML_ACT_IMAGING;
  if (!activity)
    unit_columns(t, "Appareils", "devices", "Borne haute");
  unit_columns(t, N_("Implantations"), "sites", activity ? N_("OQOS max") : N_("Borne haute"));
  if (imaging) {
    eml_table_add_column(t, "Appareils (scanners et IRM)", "Avant", "devices_before");
    eml_table_add_column(t, "Appareils (scanners et IRM)", "Après", "devices_after");
  }
  for (size_t i = 0; i < n; i++) {
    const zone_pair *p = &pairs[i];
    size_t row, col = 1;
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, p->zone);
    for (int u = activity ? 1 : 0; u < 2; u++, col += 8) {
      unit_cells(t, row, col, p->units[u]);
      const side *s = p->units[u];
      if (s[0].has && s[1].has && strcmp(s[0].verdict, s[1].verdict) == 0)
        continue;
      if (!s[0].has && !s[1].has)
        continue;
      size_t zr;
      eml_table_add_row(z, &zr);
      eml_table_set_text(z, zr, 0, label);
      eml_table_set_text(z, zr, 1, p->zone);
      eml_table_set_text(z, zr, 2, u ? _("implantations") : _("appareils"));
      eml_table_set_text(z, zr, 3, s[0].has ? s[0].verdict : _("sans objectif"));
      eml_table_set_text(z, zr, 4, s[1].has ? s[1].verdict : _("sans objectif"));
    }
    if (imaging) {
      eml_table_set_int(t, row, col, p->devices[0], 0);
      eml_table_set_int(t, row, col + 1, p->devices[1], 0);
    }
  }
  free(pairs);
  return t;
}

/* The verdict of request id in a judged table (its "request_id" and
 * "verdict" columns), or NULL. */
static const char *verdict_in(const eml_table *t, const char *id) {
  if (!t)
    return NULL;
  size_t vc = 0, nc = eml_table_columns(t);
  while (vc < nc && strcmp(eml_table_column(t, vc)->key, "verdict") != 0)
    vc++;
  for (size_t r = 0; vc < nc && r < eml_table_rows(t); r++) {
    const eml_cell *idc = eml_table_cell(t, r, 0), *v = eml_table_cell(t, r, vc);
    if (idc && idc->text && strcmp(idc->text, id) == 0)
      return v && v->text ? v->text : "";
  }
  return NULL;
}

static int granted(const eml_scenario *s, const char *id) {
  for (size_t i = 0; i < s->count; i++)
    if (s->changes[i].kind == EML_CHANGE_GRANT && strcmp(s->changes[i].id, id) == 0)
      return 1;
  return 0;
}

/* Judges the requests against one register and its balance: the two
 * tables (seed 000, 2023; either may be NULL). */
static eml_status judge(const eml_scenario_args *a, const eml_register *reg,
                        const eml_balance *b, eml_table *out[2]) {
  out[0] = out[1] = NULL;
  eml_status st = eml_requests_judge(reg, b, a->requests, a->nrequests, &out[0]);
  if (!st)
    st = eml_requests_judge_2023(reg, b, a->rules, a->requests, a->nrequests, &out[1]);
  return st;
}

static eml_status requests_table(const eml_scenario_args *a, const eml_register *after,
                                 const eml_balance *b0, const eml_balance *b1,
                                 eml_table_list *list) {
  eml_table *j0[2], *j1[2];
  eml_status st = judge(a, a->reg, b0, j0);
  if (!st)
    st = judge(a, after, b1, j1);
  eml_table *t = st ? NULL
                    : eml_table_list_add(list, "scenario_demandes",
                                         "Scénario : demandes dont l'avis change");
  if (t) {
    static const char *const cols[][2] = {{N_("Demande"), "request_id"}, {N_("Zone"), "zone"},
                                          {N_("Modalité"), "modality"},  {N_("Avis avant"), "before"},
                                          {N_("Avis après"), "after"}};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
      eml_table_add_column(t, NULL, cols[c][0], cols[c][1]);
    size_t changed = 0;
    for (size_t i = 0; i < a->nrequests; i++) {
      const eml_request *q = &a->requests[i];
      int k = q->is_activity;
      const char *v0 = verdict_in(j0[k], q->id), *v1 = verdict_in(j1[k], q->id);
      if (granted(a->scenario, q->id))
        v1 = _("accordée");
      if (!v0 || !v1 || strcmp(v0, v1) == 0)
        continue;
      size_t row;
      eml_table_add_row(t, &row);
      eml_table_set_text(t, row, 0, q->id);
      long s = eml_register_find_site(a->reg, q->finess);
      eml_table_set_text(t, row, 1, q->territory[0] ? q->territory
                                    : s >= 0      ? a->reg->sites[s].territory
                                                  : "?");
      eml_table_set_text(t, row, 2, k ? eml_activity_code(q->activity)
                                      : eml_modality_code(q->modality));
      eml_table_set_text(t, row, 3, v0);
      eml_table_set_text(t, row, 4, v1);
      changed++;
    }
    if (!changed)
      eml_table_add_note(t, "Aucune demande ne change d'avis.");
    eml_table_add_note(t, "Chaque demande est jugée seule contre le bilan avant, puis après le "
                          "scénario (eml requests) ; une demande accordée par le scénario est "
                          "« accordée ».");
  }
  for (int k = 0; k < 2; k++) {
    eml_table_free(j0[k]);
    eml_table_free(j1[k]);
  }
  return st;
}

eml_status eml_scenario_tables(const eml_scenario_args *a, eml_table ***tables, size_t *count,
                               eml_diag *diag) {
  *tables = NULL;
  *count = 0;
  eml_balance b0 = {0}, b1 = {0};
  eml_register after;
  eml_status st = eml_balance_compute(a->reg, a->period, a->at, a->modality, &b0, diag);
  if (st) {
    eml_balance_free(&b0);
    return st;
  }
  if ((st = eml_register_copy(a->reg, &after))) {
    eml_balance_free(&b0);
    return st;
  }
  eml_table_list list = {0};
  eml_table *changes =
      eml_table_list_add(&list, "scenario_changements", "Scénario : changements appliqués");
  char date[16], subtitle[300];
  eml_date_format_fr(a->at, date, sizeof date);
  snprintf(subtitle, sizeof subtitle, _("%s, appliqué au %s à une copie du registre (le registre "
                                         "enregistré n'est pas modifié)"),
           a->scenario->path, date);
  eml_table_set_subtitle(changes, subtitle);
  eml_table_add_column(changes, NULL, "Ligne", "line");
  eml_table_add_column(changes, NULL, "Changement", "change");
  eml_table_add_column(changes, NULL, "Effet", "effect");
  st = apply_all(&after, a, changes, diag);
  if (!st) {
    eml_diag d1;
    eml_diag_clear(&d1);
    st = eml_balance_compute(&after, a->period, a->at, a->modality, &b1, &d1);
    if (st == EML_ERR_BALANCE && b1.nproblems)
      eml_diag_set(diag, a->scenario->path, 0, NULL, NULL, 0, "après le scénario : %s",
                   b1.problems[0]);
    else if (st)
      *diag = d1;
  }
  eml_table *zones = NULL;
  if (!st) {
    zones = eml_table_new("scenario_zones", "Scénario : zones dont l'avis change");
    static const char *const cols[][2] = {{N_("Tableau"), "table"}, {N_("Zone"), "zone"},
                                          {N_("Unité"), "unit"},    {N_("Avis avant"), "before"},
                                          {N_("Avis après"), "after"}};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
      eml_table_add_column(zones, NULL, cols[c][0], cols[c][1]);
    for (size_t i = 0; i < b1.ntables; i++)
      eml_table_list_take(&list, pair_table(&b0, &b1, i, 0, zones));
    for (size_t i = 0; i < b1.nactivities; i++)
      eml_table_list_take(&list, pair_table(&b0, &b1, i, 1, zones));
    if (eml_table_rows(zones) == 0)
      eml_table_add_note(zones, "Aucune zone ne change d'avis.");
    eml_table_list_take(&list, zones);
    if (a->nrequests)
      st = requests_table(a, &after, &b0, &b1, &list);
    if (!st)
      st = plan_scenario_capacity(a, &after, &list);
    if (!st)
      st = plan_scenario_rt(a, &after, &list);
  }
  if (st)
    eml_table_list_fail(&list, st);
  eml_balance_free(&b0);
  eml_balance_free(&b1);
  eml_register_free(&after);
  return eml_table_list_finish(&list, tables, count);
}

/* ---- --save ---------------------------------------------------------------- */

eml_status eml_scenario_save(eml_store *store, const char *user, const char *name,
                             const eml_scenario_args *a, eml_diag *diag) {
  const eml_scenario *sc = a->scenario;
  char date[16];
  eml_date_format(a->at, date, sizeof date);
  eml_import_session s;
  eml_status st = eml_import_begin(&s, store, user, NULL, "row", diag);
  if (st)
    return st;
  for (size_t i = 0; i < sc->count && !st; i++) {
    const eml_scenario_change *c = &sc->changes[i];
    if ((st = eml_import_row_begin(&s)))
      break;
    char key[128];
    snprintf(key, sizeof key, "%s:%ld", name, c->line);
    json_t *after = json_pack("{s:s, s:s, s:I, s:s}", "scenario", name, "file", sc->path,
                              "line", (json_int_t)c->line, "change", c->text);
    eml_status rs = after ? eml_import_audit(&s, "scenario", "scenario", key, NULL, after, diag)
                          : EML_ERR_NOMEM;
    st = eml_import_row_end(&s, rs, sc->path, c->line, diag);
  }
  json_t *summary = json_pack("{s:s, s:s, s:s, s:I}", "scenario", name, "at", date, "period",
                              a->period, "changes", (json_int_t)sc->count);
  if (!summary && !st)
    st = EML_ERR_NOMEM;
  return eml_import_end(&s, st, 0, "scenario", sc->path, summary, diag);
}
