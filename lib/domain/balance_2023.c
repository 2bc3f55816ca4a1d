/*
 * balance_2023.c — the balance under the 2023 regime, "bilan quantifié de
 * l'offre de soins" (eml/balance.h states the model; spec regime-2023.md
 * "The balance under the 2023 regime"; docs/regime-2023.md "The balance"
 * and "The checks of a site"), over the counts of eml/regime.h.
 *
 * Per (activity, mention) with targets in the period, one row per zone
 * with a target, then Total (numeric columns summed, gap and verdict
 * empty, as in seed 000). The checks of a site (IMAGING), in this order,
 * each over the sites of the table's zones in FINESS order:
 *   1. devices >= imaging_mix_min_devices and CT = 0 or MRI = 0 (a
 *      convention does not lift it);
 *   2. devices not justified > imaging_devices_by_declaration_max;
 *   3. devices > imaging_devices_max_justified (not applied while empty);
 *   4. devices >= 1, CT = 0 or MRI = 0, no convention in force for the
 *      missing type (imaging_single_type_convention);
 * then, for every activity, 5. a device in force by its own dates under an
 * authorisation of the table that is not in force (not counted). Checks
 * 1-4 and their figures are eml_regime_site_check's (regime_counts.c), on
 * the rules given to eml_balance_compute_rules (data/regimes/2023.csv;
 * without one, the shipped figures); "Sites > N appareils" takes N from
 * imaging_devices_by_declaration_max.
 */
#include "balance_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void eml_balance_activity_free(eml_balance_activity *t) {
  free(t->rows);
  free(t->not_implemented);
  eml_strings_free(t->flags, t->nflags);
  memset(t, 0, sizeof *t);
}

static eml_status add_flag(eml_balance_activity *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static eml_status add_flag(eml_balance_activity *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  eml_status st = eml_balance_vappend(&t->flags, &t->nflags, fmt, ap);
  va_end(ap);
  return st;
}

eml_balance_zone *eml_balance_activity_zone(const eml_balance_activity *t, const char *zone) {
  for (size_t i = 0; i < t->nrows; i++)
    if (strcmp(t->rows[i].territory, zone) == 0)
      return &t->rows[i];
  return NULL;
}

static int cmp_zone(const void *a, const void *b) {
  return eml_balance_territory_order(((const eml_balance_zone *)a)->territory,
                                     ((const eml_balance_zone *)b)->territory);
}

/* "911000040 Centre d'imagerie fictif S4 (91)": the "%s %s (%s)" that opens
 * each flag */
#define SITE_ARGS(s) (s)->finess, (s)->name, (s)->territory

/* Checks 1-4 of the file's comment, on the sites of the table's zones. */
static eml_status imaging_checks(const eml_register *reg, const eml_regime_rules *rules,
                                 const eml_regime_site *c, eml_balance_activity *t) {
  eml_status st = EML_OK;
  for (int check = 1; check <= EML_REGIME_SITE_CHECKS && !st; check++)
    for (size_t s = 0; s < reg->nsites && !st; s++) {
      const eml_site *site = &reg->sites[s];
      const eml_regime_site *k = &c[s];
      if (!k->devices || !eml_balance_activity_zone(t, site->territory))
        continue;
      char why[256];
      if (eml_regime_site_check(rules, k, check, why, sizeof why))
        st = add_flag(t, _("%s %s (%s) : %s"), SITE_ARGS(site), why);
    }
  return st;
}

/* Check 5: devices in force by their own dates under an authorisation of
 * the table (activity, mention) at a site of its zones, not in force. */
static eml_status device_checks(const eml_register *reg, eml_date at, eml_balance_activity *t) {
  eml_status st = EML_OK;
  for (size_t i = 0; i < reg->ndevices && !st; i++) {
    const eml_declared_device *d = &reg->devices[i];
    long k = eml_register_find_authorisation(reg, d->authorisation_id);
    if (k < 0 || !eml_declared_device_in_force(d, at))
      continue;
    const eml_authorisation *a = &reg->authorisations[k];
    long s = eml_register_find_site(reg, a->finess);
    if (s < 0 || a->activity != t->activity || (t->mention[0] && strcmp(a->mention, t->mention)) ||
        eml_authorisation_in_force(a, at) || !eml_balance_activity_zone(t, reg->sites[s].territory))
      continue;
    char declared[16], when[16];
    eml_date_format_fr(d->declared_on, declared, sizeof declared);
    int later = a->decided_on > at; /* decided after D, else ended */
    eml_date_format_fr(later ? a->decided_on : a->until, when, sizeof when);
    st = add_flag(t,
                  later ? _("%s %s (%s) : appareil %s (%s, déclaré le %s) sous l'autorisation "
                            "%s, qui n'est pas en vigueur (décidée le %s) — non compté.")
                        : _("%s %s (%s) : appareil %s (%s, déclaré le %s) sous l'autorisation "
                            "%s, qui n'est pas en vigueur (fin le %s) — non compté."),
                  SITE_ARGS(&reg->sites[s]), d->id,
                  d->modality == EML_MOD_CT    ? _("scanner")
                  : d->modality == EML_MOD_MRI ? _("IRM")
                                               : eml_modality_code(d->modality),
                  declared, a->id, when);
  }
  return st;
}

/* "AUT-08 (921000071, décidée le 15/02/2025), …": the authorisations in
 * force, not implemented, of the table's zones. */
static eml_status list_not_implemented(const eml_register *reg, eml_date at,
                                       eml_balance_activity *t) {
  eml_buf buf;
  eml_buf_init(&buf, 1 << 16);
  eml_status st = EML_OK;
  int first = 1;
  for (size_t i = 0; i < reg->nauthorisations && !st; i++) {
    const eml_authorisation *a = &reg->authorisations[i];
    long s = eml_register_find_site(reg, a->finess);
    if (s < 0 || !eml_regime_authorisation_counts(a, t->activity, t->mention, at) ||
        eml_authorisation_implemented(a, at) || !eml_balance_activity_zone(t, reg->sites[s].territory))
      continue;
    char decided[16];
    eml_date_format_fr(a->decided_on, decided, sizeof decided);
    st = eml_buf_printf(&buf, _("%s%s (%s, décidée le %s)"), first ? "" : ", ", a->id, a->finess,
                        decided);
    first = 0;
  }
  if (!st && !first)
    t->not_implemented = eml_buf_take(&buf);
  eml_buf_free(&buf);
  return st;
}

static eml_status compute_activity(const eml_register *reg, const char *period, eml_date at,
                                   const eml_regime_rules *rules, const eml_regime_site *counts, eml_balance_activity *t,
                                   eml_balance *b) {
  for (size_t i = 0; i < reg->ntargets; i++) {
    const eml_target *g = &reg->targets[i];
    if (!g->is_activity || g->activity != t->activity || strcmp(g->mention, t->mention) ||
        strcmp(g->period, period))
      continue;
    eml_balance_zone *z = eml_append_zeroed((void **)&t->rows, &t->nrows, sizeof *t->rows);
    if (!z)
      return EML_ERR_NOMEM;
    snprintf(z->territory, sizeof z->territory, "%s", g->territory);
    z->has_low = g->has_low;
    z->low = g->low;
    z->high = g->high;
    t->two_bounds |= g->has_low;
  }
  if (t->nrows > 1)
    qsort(t->rows, t->nrows, sizeof *t->rows, cmp_zone);
  eml_status st = EML_OK;
  for (size_t i = 0; i < t->nrows && !st; i++) {
    eml_balance_zone *z = &t->rows[i];
    eml_regime_zone n;
    if ((st = eml_regime_zone_implantations(reg, at, t->activity, t->mention, z->territory, &n)))
      break;
    z->implantations = n.implantations;
    z->authorisations = n.authorisations;
    z->not_implemented = n.not_implemented;
    z->gap = z->implantations - z->high;
    snprintf(z->receivable, sizeof z->receivable, "%s", z->gap < 0 ? "OUI" : "NON");
  }
  /* the site columns (IMAGING) */
  for (size_t s = 0; !st && t->activity == EML_ACT_IMAGING && s < reg->nsites; s++) {
    const eml_regime_site *k = &counts[s];
    eml_balance_zone *z = eml_balance_activity_zone(t, reg->sites[s].territory);
    if (!z || !k->devices)
      continue;
    z->ct += k->ct;
    z->mri += k->mri;
    z->sites_over_3 += t->declaration_max && k->devices > t->declaration_max;
    if (k->ct == 0 || k->mri == 0) {
      z->sites_lacking++;
      z->sites_lacking_no_convention += !(k->ct == 0 ? k->convention_ct : k->convention_mri);
    }
  }
  /* implantations in zones without a target: an error of the balance */
  size_t unplaced = 0;
  char list[512] = "";
  for (size_t s = 0; !st && s < reg->nsites; s++) {
    const eml_site *site = &reg->sites[s];
    if (eml_regime_site_implanted(reg, site->finess, t->activity, t->mention, at) &&
        !eml_balance_activity_zone(t, site->territory)) {
      size_t len = strlen(list);
      if (len < sizeof list - 32)
        snprintf(list + len, sizeof list - len, "%s%s (%s)", unplaced ? ", " : "", site->finess,
                 site->territory);
      unplaced++;
    }
  }
  if (!st && unplaced) {
    char date[16];
    eml_date_format(at, date, sizeof date);
    st = eml_balance_add_problem(b,
                                 _n("%s%s%s : %zu implantation au %s est dans une zone sans "
                                    "objectif pour la période %s : %s",
                                    "%s%s%s : %zu implantations au %s sont dans des zones sans "
                                    "objectif pour la période %s : %s",
                                    unplaced),
                                 eml_activity_code(t->activity), t->mention[0] ? " mention " : "",
                                 t->mention, unplaced, date, period, list);
  }
  for (size_t i = 0; i < t->nrows && !st; i++) {
    const eml_balance_zone *z = &t->rows[i];
    t->total.implantations += z->implantations;
    t->total.low += z->low;
    t->total.high += z->high;
    t->total.authorisations += z->authorisations;
    t->total.not_implemented += z->not_implemented;
    t->total.ct += z->ct;
    t->total.mri += z->mri;
    t->total.sites_over_3 += z->sites_over_3;
    t->total.sites_lacking += z->sites_lacking;
    t->total.sites_lacking_no_convention += z->sites_lacking_no_convention;
  }
  snprintf(t->total.territory, sizeof t->total.territory, "Total");
  if (!st)
    st = list_not_implemented(reg, at, t);
  if (!st && t->activity == EML_ACT_IMAGING)
    st = imaging_checks(reg, rules, counts, t);
  if (!st)
    st = device_checks(reg, at, t);
  return st;
}

/* Is (activity, mention) already a table of b? */
static int has_table(const eml_balance *b, const eml_target *g) {
  for (size_t i = 0; i < b->nactivities; i++)
    if (b->activities[i].activity == g->activity && !strcmp(b->activities[i].mention, g->mention))
      return 1;
  return 0;
}

static int cmp_activity(const void *x, const void *y) {
  const eml_balance_activity *a = x, *b = y;
  if (a->activity != b->activity)
    return a->activity < b->activity ? -1 : 1;
  return strcmp(a->mention, b->mention); /* "" (every mention) first */
}

eml_status eml_balance_compute_activities(const eml_register *reg, const char *period,
                                          eml_date at, int only,
                                          const eml_regime_rules *rules, eml_balance *b) {
  for (size_t i = 0; i < reg->ntargets; i++) {
    const eml_target *g = &reg->targets[i];
    if (!g->is_activity || strcmp(g->period, period) || (only >= 0 && (int)g->activity != only) ||
        has_table(b, g))
      continue;
    eml_balance_activity *t =
        eml_append_zeroed((void **)&b->activities, &b->nactivities, sizeof *b->activities);
    if (!t)
      return EML_ERR_NOMEM;
    t->activity = g->activity;
    eml_regime_site_figures f = eml_regime_site_figures_of(rules);
    t->declaration_max = f.has_declaration_max ? f.declaration_max : 0;
    snprintf(t->mention, sizeof t->mention, "%s", g->mention);
  }
  if (!b->nactivities)
    return EML_OK;
  qsort(b->activities, b->nactivities, sizeof *b->activities, cmp_activity);
  eml_regime_site *counts = NULL;
  eml_status st = eml_regime_site_counts(reg, at, &counts);
  for (size_t i = 0; i < b->nactivities && !st; i++)
    st = compute_activity(reg, period, at, rules, counts, &b->activities[i], b);
  free(counts);
  return st;
}

/* ---- the table model ---- */

eml_table *eml_balance_activity_table(const eml_balance *b, const eml_balance_activity *bt) {
  char id[32], title[200], subtitle[200], date[16];
  int imaging = bt->activity == EML_ACT_IMAGING;
  eml_date_format_fr(b->at, date, sizeof date);
  snprintf(id, sizeof id, "%s%s%s", eml_activity_code(bt->activity), bt->mention[0] ? "_" : "",
           bt->mention);
  snprintf(title, sizeof title, "%s%s%s", eml_activity_title(bt->activity),
           bt->mention[0] ? " — mention " : "", bt->mention);
  snprintf(subtitle, sizeof subtitle,
           _("Bilan quantifié de l'offre de soins en implantations au %s, période %s"), date,
           b->period);
  eml_table *t = eml_table_new(id, title);
  eml_table_set_subtitle(t, subtitle);
  eml_table_add_column(t, NULL, "Zone", "zone");
  eml_table_add_column(t, NULL, "Implantations autorisées", "implantations");
  if (bt->two_bounds) {
    eml_table_add_column(t, NULL, "OQOS min", "low");
    eml_table_add_column(t, NULL, "OQOS max", "high");
    eml_table_add_column(t, NULL, "Écart / OQOS max", "gap");
  } else {
    eml_table_add_column(t, NULL, "OQOS", "target");
    eml_table_add_column(t, NULL, "Écart / OQOS", "gap");
  }
  eml_table_add_column(t, NULL, "Demandes nouvelles recevables", "receivable");
  if (imaging) {
    eml_table_add_column(t, NULL, "Appareils CT", "ct");
    eml_table_add_column(t, NULL, "Appareils IRM", "mri");
    char over[64];
    snprintf(over, sizeof over, _n("Sites > %lld appareil", "Sites > %lld appareils",
                                   bt->declaration_max),
             (long long)bt->declaration_max);
    eml_table_add_column(t, NULL, over, "sites_over_3");
    eml_table_add_column(t, NULL, "Sites sans scanner ou sans IRM (dont sans convention)",
                         "sites_lacking");
  }
  for (size_t i = 0; i <= bt->nrows; i++) {
    int is_total = i == bt->nrows;
    const eml_balance_zone *z = is_total ? &bt->total : &bt->rows[i];
    size_t row, col = 0;
    eml_table_add_row(t, &row);
    if (is_total)
      eml_table_set_row_flags(t, row, EML_CELL_STRONG);
    eml_table_set_text(t, row, col++, z->territory);
    eml_table_set_int(t, row, col++, z->implantations, 0);
    if (bt->two_bounds) {
      if (z->has_low || is_total)
        eml_table_set_int(t, row, col, z->low, 0);
      col++;
    }
    eml_table_set_int(t, row, col++, z->high, 0);
    if (!is_total) {
      eml_table_set_int(t, row, col, z->gap, EML_CELL_SIGNED);
      eml_table_set_text(t, row, col + 1, _(z->receivable));
    }
    col += 2;
    if (imaging) {
      eml_table_set_int(t, row, col++, z->ct, 0);
      eml_table_set_int(t, row, col++, z->mri, 0);
      eml_table_set_int(t, row, col++, z->sites_over_3, 0);
      eml_table_set_pair(t, row, col++, z->sites_lacking, 1, z->sites_lacking_no_convention, 0);
    }
  }
  /* under the table: the authorisations in force, those not implemented
   * (counted above), then every site the checks flag */
  char line[256];
  snprintf(line, sizeof line,
           _n("Autorisations en vigueur au %s : %lld sur %lld site.",
              "Autorisations en vigueur au %s : %lld sur %lld sites.", bt->total.implantations),
           date, (long long)bt->total.authorisations, (long long)bt->total.implantations);
  eml_table_add_note(t, line);
  if (bt->not_implemented) {
    eml_buf tail;
    eml_buf_init(&tail, 1 << 16);
    eml_status st = eml_buf_printf(&tail, _(" : %s"), bt->not_implemented);
    if (st)
      eml_table_fail(t, st);
    else
      eml_balance_count_note(t, N_("Autorisations accordées pas encore mises en œuvre"),
                             N_("comptées"),
                             date,
                             bt->rows, bt->nrows, sizeof *bt->rows,
                             offsetof(eml_balance_zone, territory),
                             offsetof(eml_balance_zone, not_implemented),
                             bt->total.not_implemented, tail.data);
    eml_buf_free(&tail);
  }
  /* the zones below their OQOS min (issue 14 item 2) */
  eml_balance_below_note below;
  eml_balance_below_begin(&below, _("Sous l'OQOS min au %s : "), date);
  for (size_t i = 0; i < bt->nrows; i++) {
    const eml_balance_zone *z = &bt->rows[i];
    const eml_balance_below part = {N_("implantations"), z->has_low && z->implantations < z->low,
                                    z->implantations, z->low};
    eml_balance_below_item(&below, z->territory, &part, 1);
  }
  eml_balance_below_finish(t, &below);
  if (bt->nflags) {
    snprintf(line, sizeof line, _("Sites signalés par les règles au %s : %zu."), date,
             bt->nflags);
    eml_table_add_note(t, line);
  }
  for (size_t i = 0; i < bt->nflags; i++)
    eml_table_add_note(t, bt->flags[i]);
  return t;
}
