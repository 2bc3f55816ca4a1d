/*
 * balance.c — the balance of devices and sites against the OQOS
 * (eml/balance.h states the model; registry.md "The balance"; seed 000).
 *
 * Layout choices taken from the seed: a unit whose targets have a lower
 * bound shows "Situation actuelle | Borne basse | Borne haute | Écart /
 * borne haute | Demandes nouvelles recevables"; a unit with single target
 * values shows "Situation actuelle | Situation future | Écart constaté |
 * Demandes nouvelles recevables" (gamma-camera sites, OHB, cyclotrons).
 * The Total row sums the counts and bounds and leaves gap and verdict empty,
 * as the seed prints it. A row shows parenthesised interventional figures
 * when its territory has an interventional target or interventional devices.
 */
#include "balance_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int eml_balance_territory_order(const char *x, const char *y) {
  /* départements sort by number with 2A/2B after 19 and overseas last:
   * compare by length first for the 3-digit codes, then as text */
  size_t lx = strlen(x), ly = strlen(y);
  if (lx != ly)
    return lx < ly ? -1 : 1;
  return strcmp(x, y);
}

static int cmp_territory(const void *a, const void *b) {
  return eml_balance_territory_order(((const eml_balance_row *)a)->territory,
                                     ((const eml_balance_row *)b)->territory);
}

static eml_balance_row *find_row(eml_balance_table *t, const char *territory) {
  for (size_t i = 0; i < t->nrows; i++)
    if (strcmp(t->rows[i].territory, territory) == 0)
      return &t->rows[i];
  return NULL;
}

eml_status eml_balance_vappend(char ***list, size_t *n, const char *fmt, va_list ap) {
  char **p = realloc(*list, (*n + 1) * sizeof *p);
  if (!p)
    return EML_ERR_NOMEM;
  *list = p;
  eml_buf buf;
  eml_buf_init(&buf, 1 << 16);
  eml_status st = eml_buf_vprintf(&buf, fmt, ap);
  if (st) {
    eml_buf_free(&buf);
    return st;
  }
  (*list)[(*n)++] = eml_buf_take(&buf);
  return EML_OK;
}

eml_status eml_balance_add_problem(eml_balance *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  eml_status st = eml_balance_vappend(&b->problems, &b->nproblems, fmt, ap);
  va_end(ap);
  return st;
}

static void set_verdict(eml_balance_part *p) {
  snprintf(p->receivable, sizeof p->receivable, "%s", p->gap < 0 ? "OUI" : "NON");
}

/* Applies the notes of a territory row: verdict override and mark. */
static void apply_notes(eml_balance_table *t, eml_balance_row *row) {
  for (size_t i = 0; i < t->nnotes; i++) {
    const eml_note *n = t->notes[i];
    if (strcmp(n->territory, row->territory) != 0 || !n->has_unit)
      continue;
    eml_balance_part *p = n->unit == EML_UNIT_DEVICES ? &row->devices : &row->sites;
    if (!p->has_target)
      continue;
    if (n->receivable[0])
      snprintf(p->receivable, sizeof p->receivable, "%s", n->receivable);
    if (n->mark && n->mark[0])
      p->mark = n->mark;
  }
}

static eml_status compute_table(const eml_register *reg, const char *period, eml_date at,
                                eml_balance_table *t, eml_balance *b) {
  /* rows: every territory with a target of the modality in the period */
  for (size_t i = 0; i < reg->ntargets; i++) {
    const eml_target *g = &reg->targets[i];
    if (g->is_activity || g->modality != t->modality || strcmp(g->period, period) != 0)
      continue;
    eml_balance_row *row = find_row(t, g->territory);
    if (!row) {
      if (!(row = eml_append_zeroed((void **)&t->rows, &t->nrows, sizeof *t->rows)))
        return EML_ERR_NOMEM;
      snprintf(row->territory, sizeof row->territory, "%s", g->territory);
      row->devices.mark = row->sites.mark = "";
    }
    eml_balance_part *p = g->unit == EML_UNIT_DEVICES ? &row->devices : &row->sites;
    p->has_target = 1;
    p->has_low = g->has_low;
    p->low = g->low;
    p->high = g->high;
    if (g->has_low) {
      if (g->unit == EML_UNIT_DEVICES)
        t->devices_two_bounds = 1;
      else
        t->sites_two_bounds = 1;
    }
    if (g->unit == EML_UNIT_DEVICES &&
        (g->has_interventional_high || g->has_interventional_low)) {
      p->has_interventional_target = g->has_interventional_high;
      p->interventional_low = g->interventional_low;
      p->interventional_high = g->interventional_high;
      p->show_interventional = 1;
    }
  }
  if (t->nrows > 1)
    qsort(t->rows, t->nrows, sizeof *t->rows, cmp_territory);

  /* counts: devices in force at D, distinct sites per territory */
  size_t unplaced = 0;
  eml_status list_st = EML_OK; /* TOO_LARGE: the list shows the first 16 KiB */
  eml_buf unplaced_list;
  eml_buf_init(&unplaced_list, 1 << 14);
  char *site_seen = calloc(reg->nsites ? reg->nsites : 1, 1);
  if (!site_seen)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < reg->nequipment; i++) {
    const eml_equipment *e = &reg->equipment[i];
    if (e->modality != t->modality || !eml_equipment_in_force(e, at))
      continue;
    long s = eml_register_find_site(reg, e->finess);
    const char *territory = s >= 0 ? reg->sites[s].territory : "?";
    eml_balance_row *row = find_row(t, territory);
    if (!row) {
      unplaced++;
      if (!list_st)
        list_st = eml_buf_printf(&unplaced_list, "%s%s (%s, %s)", unplaced > 1 ? ", " : "", e->id,
                                 e->finess, territory);
      continue;
    }
    row->devices.now++;
    if (e->interventional) {
      row->devices.interventional_now++;
      row->devices.show_interventional = 1;
    }
    if (!e->has_installed || e->installed_on > at)
      row->devices_not_installed++;
    if (e->has_due && e->due_on < at) /* finess.md: past its due date, still counted */
      row->devices_past_due++;
    if (s >= 0 && !site_seen[s]) {
      site_seen[s] = 1;
      row->sites.now++;
    }
  }
  free(site_seen);
  eml_status st = list_st == EML_ERR_TOO_LARGE ? EML_OK : list_st;
  if (unplaced && !st) {
    char date[16];
    eml_date_format(at, date, sizeof date);
    st = eml_balance_add_problem(b,
                     _n("%s : %zu appareil en vigueur au %s est dans un territoire sans objectif "
                        "%s pour la période %s : %s%s",
                        "%s : %zu appareils en vigueur au %s sont dans des territoires sans "
                        "objectif %s pour la période %s : %s%s",
                        unplaced),
                     eml_modality_code(t->modality), unplaced, date, eml_modality_code(t->modality),
                     period, unplaced_list.data ? unplaced_list.data : "", list_st ? ", …" : "");
  }
  eml_buf_free(&unplaced_list);
  if (st)
    return st;

  /* gaps, verdicts, notes, totals */
  for (size_t i = 0; i < t->nrows; i++) {
    eml_balance_row *row = &t->rows[i];
    eml_balance_part *parts[2] = {&row->devices, &row->sites};
    for (int k = 0; k < 2; k++) {
      eml_balance_part *p = parts[k];
      if (!p->has_target)
        continue;
      p->gap = p->now - p->high;
      if (p->has_interventional_target)
        p->interventional_gap = p->interventional_now - p->interventional_high;
      set_verdict(p);
    }
    if (row->devices.show_interventional)
      t->devices_interventional = 1;
    apply_notes(t, row);
    eml_balance_part *tp[2] = {&t->total.devices, &t->total.sites};
    for (int k = 0; k < 2; k++) {
      tp[k]->now += parts[k]->now;
      tp[k]->low += parts[k]->low;
      tp[k]->high += parts[k]->high;
      tp[k]->interventional_now += parts[k]->interventional_now;
      tp[k]->interventional_low += parts[k]->interventional_low;
      tp[k]->interventional_high += parts[k]->interventional_high;
      tp[k]->has_target |= parts[k]->has_target;
    }
    t->total.devices_not_installed += row->devices_not_installed;
    t->total.devices_past_due += row->devices_past_due;
  }
  snprintf(t->total.territory, sizeof t->total.territory, "Total");
  t->total.devices.show_interventional = t->devices_interventional;
  t->total.devices.mark = t->total.sites.mark = "";
  return EML_OK;
}

eml_status eml_balance_compute(const eml_register *reg, const char *period, eml_date at,
                               int modality, eml_balance *b, eml_diag *diag) {
  return eml_balance_compute_rules(reg, period, at, modality, NULL, b, diag);
}

eml_status eml_balance_compute_rules(const eml_register *reg, const char *period, eml_date at,
                                     int modality, const eml_regime_rules *rules, eml_balance *b,
                                     eml_diag *diag) {
  memset(b, 0, sizeof *b);
  b->at = at;
  snprintf(b->period, sizeof b->period, "%s", period);
  for (int m = 0; m < EML_MODALITY_COUNT; m++) {
    if (modality >= 0 && m != modality)
      continue; /* one modality, or one activity (none of these) */
    int has_targets = 0;
    for (size_t i = 0; i < reg->ntargets && !has_targets; i++)
      has_targets = !reg->targets[i].is_activity && reg->targets[i].modality == (eml_modality)m &&
                    strcmp(reg->targets[i].period, period) == 0;
    if (!has_targets)
      continue;
    eml_balance_table *t = eml_append_zeroed((void **)&b->tables, &b->ntables, sizeof *b->tables);
    if (!t)
      return EML_ERR_NOMEM;
    t->modality = (eml_modality)m;
    for (size_t i = 0; i < reg->nnotes; i++)
      if (reg->notes[i].modality == t->modality) {
        const eml_note **n = eml_append_zeroed((void **)&t->notes, &t->nnotes, sizeof *t->notes);
        if (!n)
          return EML_ERR_NOMEM;
        *n = &reg->notes[i];
      }
    eml_status st = compute_table(reg, period, at, t, b);
    if (st)
      return st;
  }
  if (modality < 0 || modality >= EML_MODALITY_COUNT) {
    eml_status st = eml_balance_compute_activities(
        reg, period, at, modality < 0 ? -1 : modality - EML_MODALITY_COUNT, rules, b);
    if (st)
      return st;
  }
  if (b->ntables == 0 && b->nactivities == 0) {
    if (modality >= EML_MODALITY_COUNT)
      eml_diag_set(diag, NULL, 0, "--modality", NULL, 0, "aucun objectif %s pour la période %s",
                   eml_activity_code((eml_activity)(modality - EML_MODALITY_COUNT)), period);
    else if (modality >= 0)
      eml_diag_set(diag, NULL, 0, "--modality", NULL, 0, "aucun objectif %s pour la période %s",
                   eml_modality_code((eml_modality)modality), period);
    else
      eml_diag_set(diag, NULL, 0, "--period", period, strlen(period),
                   "aucun objectif pour cette période (importer d'abord targets.csv)");
    return EML_ERR_BALANCE;
  }
  if (b->nproblems) {
    eml_diag_set(diag, NULL, 0, NULL, NULL, 0, "%s", b->problems[0]);
    return EML_ERR_BALANCE;
  }
  return EML_OK;
}

void eml_balance_free(eml_balance *b) {
  if (!b)
    return;
  for (size_t i = 0; i < b->ntables; i++) {
    free(b->tables[i].rows);
    free(b->tables[i].notes);
  }
  for (size_t i = 0; i < b->nactivities; i++)
    eml_balance_activity_free(&b->activities[i]);
  free(b->activities);
  free(b->tables);
  eml_strings_free(b->problems, b->nproblems);
  memset(b, 0, sizeof *b);
}

/* ---- the table model of one modality ---- */

static void add_part_columns(eml_table *t, const char *group, const char *unit_key,
                             int two_bounds) {
  char key[64];
#define COL(name, suffix)                                                                     \
  do {                                                                                        \
    snprintf(key, sizeof key, "%s_%s", unit_key, suffix);                                     \
    eml_table_add_column(t, group, name, key);                                                \
  } while (0)
  COL(N_("Situation actuelle"), "now");
  if (two_bounds) {
    COL(N_("Borne basse"), "low");
    COL(N_("Borne haute"), "high");
    COL(N_("Écart / borne haute"), "gap");
  } else {
    COL(N_("Situation future"), "target");
    COL(N_("Écart constaté"), "gap");
  }
  COL(N_("Demandes nouvelles recevables"), "receivable");
#undef COL
}

static void set_part(eml_table *t, size_t row, size_t *col, const eml_balance_part *p,
                     int two_bounds, int is_total) {
  int paren = p->show_interventional;
  eml_table_set_pair(t, row, (*col)++, p->now, paren, p->interventional_now, 0);
  if (!p->has_target) { /* no target of this unit: bounds, gap, verdict empty */
    *col += two_bounds ? 4 : 3;
    return;
  }
  int iparen = paren && (p->has_interventional_target || is_total);
  if (two_bounds) {
    if (p->has_low || is_total)
      eml_table_set_pair(t, row, *col, p->low, iparen, p->interventional_low, 0);
    (*col)++;
  }
  eml_table_set_pair(t, row, (*col)++, p->high, iparen, p->interventional_high, 0);
  if (is_total) {
    *col += 2;
    return;
  }
  eml_table_set_pair(t, row, (*col)++, p->gap, paren && p->has_interventional_target,
                     p->interventional_gap, EML_CELL_SIGNED);
  char verdict[32];
  snprintf(verdict, sizeof verdict, "%s%s", _(p->receivable), p->mark ? p->mark : "");
  eml_table_set_text(t, row, (*col)++, verdict);
}

void eml_balance_count_note(eml_table *t, const char *what, const char *counted,
                            const char *date, const void *rows,
                            size_t nrows, size_t stride, size_t territory_off, size_t count_off,
                            int64_t total, const char *tail) {
  if (total <= 0)
    return;
#define ROW(i) ((const char *)rows + (i) * stride)
  eml_buf buf;
  eml_buf_init(&buf, 1 << 16);
  eml_status st =
      eml_buf_printf(&buf, _("%s au %s, %s ci-dessus : %lld ("), _(what), date, _(counted),
                     (long long)total);
  int first = 1;
  for (size_t i = 0; i < nrows && !st; i++) {
    int64_t n = *(const int64_t *)(ROW(i) + count_off);
    if (n) {
      st = eml_buf_printf(&buf, _("%s%s : %lld"), first ? "" : ", ", ROW(i) + territory_off,
                          (long long)n);
      first = 0;
    }
  }
#undef ROW
  if (!st)
    st = eml_buf_printf(&buf, ")%s.", tail ? tail : "");
  if (st)
    eml_table_fail(t, st); /* a note cut short would misstate the count */
  else
    eml_table_add_note(t, buf.data);
  eml_buf_free(&buf);
}

/* The devices of one kind (the field at `offset` of each row). */
static void add_count_note(eml_table *t, const eml_balance_table *bt, size_t offset,
                           const char *what, const char *date) {
  eml_balance_count_note(t, what, N_("comptés"), date, bt->rows, bt->nrows, sizeof *bt->rows,
                         offsetof(eml_balance_row, territory), offset,
                         *(const int64_t *)((const char *)&bt->total + offset), NULL);
}

void eml_balance_below_begin(eml_balance_below_note *n, const char *fmt, ...) {
  eml_buf_init(&n->buf, 1 << 16);
  n->any = 0;
  va_list ap;
  va_start(ap, fmt);
  n->st = eml_buf_vprintf(&n->buf, fmt, ap);
  va_end(ap);
}

void eml_balance_below_item(eml_balance_below_note *n, const char *territory,
                            const eml_balance_below *parts, size_t count) {
  int first = 1;
  for (size_t k = 0; k < count && !n->st; k++) {
    if (!parts[k].below)
      continue;
    n->st = first ? eml_buf_printf(&n->buf, "%s%s (", n->any ? ", " : "", territory)
                  : eml_buf_printf(&n->buf, " ; ");
    if (!n->st)
      n->st = eml_buf_printf(&n->buf, _("%s : %lld < %lld"), _(parts[k].what),
                             (long long)parts[k].now, (long long)parts[k].low);
    first = 0;
    n->any = 1;
  }
  if (!n->st && !first)
    n->st = eml_buf_printf(&n->buf, ")");
}

void eml_balance_below_finish(eml_table *t, eml_balance_below_note *n) {
  if (!n->st && n->any)
    n->st = eml_buf_printf(&n->buf, ".");
  if (n->st)
    eml_table_fail(t, n->st); /* a note cut short would misstate the list */
  else if (n->any)
    eml_table_add_note(t, n->buf.data);
  eml_buf_free(&n->buf);
}

/* "Sous la borne basse au D : 75 (appareils : 22 < 24), 94 (appareils
 * interventionnels : 2 < 3)." — every territory whose devices, its
 * interventional devices or its sites in force are below the lower bound
 * (issue 14 item 2: a planner's first question after the gap); no note
 * when none is. */
static void add_below_note(eml_table *t, const eml_balance_table *bt, const char *date) {
  eml_balance_below_note note;
  eml_balance_below_begin(&note, _("Sous la borne basse au %s : "), date);
  for (size_t i = 0; i < bt->nrows; i++) {
    const eml_balance_row *r = &bt->rows[i];
    const eml_balance_part *d = &r->devices, *s = &r->sites;
    const eml_balance_below parts[] = {
        {N_("appareils"), d->has_target && d->has_low && d->now < d->low, d->now, d->low},
        {N_("appareils interventionnels"),
         d->has_interventional_target && d->has_low && d->interventional_now < d->interventional_low,
         d->interventional_now, d->interventional_low},
        {N_("implantations"), s->has_target && s->has_low && s->now < s->low, s->now, s->low},
    };
    eml_balance_below_item(&note, r->territory, parts, sizeof parts / sizeof parts[0]);
  }
  eml_balance_below_finish(t, &note);
}

/* The table of one modality, maybe in error (its builder's one check is
 * eml_table_list_finish in eml_balance_tables). */
static eml_table *make_table(const eml_balance *b, const eml_balance_table *bt) {
  char subtitle[160], date[16];
  eml_date_format_fr(b->at, date, sizeof date);
  snprintf(subtitle, sizeof subtitle,
           _("Bilan des OQOS en nombre d'appareils et d'implantations au %s, période %s"), date,
           b->period);
  eml_table *t = eml_table_new(eml_modality_code(bt->modality), eml_modality_title(bt->modality));
  eml_table_set_subtitle(t, subtitle);
  eml_table_add_column(t, NULL, "Département", "territory");
  add_part_columns(t, N_("Appareils"), "devices", bt->devices_two_bounds);
  add_part_columns(t, N_("Implantations"), "sites", bt->sites_two_bounds);
  for (size_t i = 0; i <= bt->nrows; i++) {
    const eml_balance_row *r = i < bt->nrows ? &bt->rows[i] : &bt->total;
    int is_total = i == bt->nrows;
    size_t row, col = 0;
    eml_table_add_row(t, &row);
    if (is_total)
      eml_table_set_row_flags(t, row, EML_CELL_STRONG);
    eml_table_set_text(t, row, col++, r->territory);
    set_part(t, row, &col, &r->devices, bt->devices_two_bounds, is_total);
    set_part(t, row, &col, &r->sites, bt->sites_two_bounds, is_total);
  }
  /* notes: regional ones first, then each mark with its footnote (seed) */
  for (size_t i = 0; i < bt->nnotes; i++)
    if (!bt->notes[i]->territory[0] && bt->notes[i]->text[0])
      eml_table_add_note(t, bt->notes[i]->text);
  for (size_t i = 0; i < bt->nnotes; i++) {
    const eml_note *n = bt->notes[i];
    if (!n->territory[0] || !n->text[0])
      continue;
    char line[2200];
    snprintf(line, sizeof line, _("%s : %s"), n->mark[0] ? n->mark : n->territory, n->text);
    eml_table_add_note(t, line);
  }
  add_below_note(t, bt, date);
  add_count_note(t, bt, offsetof(eml_balance_row, devices_not_installed),
                 N_("Appareils autorisés pas encore installés"), date);
  add_count_note(t, bt, offsetof(eml_balance_row, devices_past_due),
                 N_("Appareils dont l'autorisation est échue (date de fin FINESS dépassée)"), date);
  return t;
}

eml_status eml_balance_tables(const eml_balance *b, eml_table ***tables, size_t *count) {
  eml_table_list l = {0};
  for (size_t i = 0; i < b->ntables; i++)
    eml_table_list_take(&l, make_table(b, &b->tables[i]));
  for (size_t i = 0; i < b->nactivities; i++)
    eml_table_list_take(&l, eml_balance_activity_table(b, &b->activities[i]));
  return eml_table_list_finish(&l, tables, count);
}
