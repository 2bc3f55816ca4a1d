/*
 * report.c — the radiotherapy reports as tables of the one table model
 * (eml/table.h), so every renderer writes them (spec radiotherapy.md,
 * "Reports"):
 * - activity: one row per centre with the region's total (Annex II counts),
 *   and one row per machine;
 * - check: per centre, the checklist 1-14 with verdicts and figures, and
 *   the staff table have / need (both ends of the norm) / shortfall;
 * - report: the region — centres side by side, saturated first (then
 *   temporary overloads of a renewal, then by treatments per machine, highest
 *   first),
 *   totals, the staff shortfall per centre and role, and the age and
 *   modernisation of the machines (1.1 a, 1.4).
 * Labels are French as in the seed; numbers with the seed's precision
 * (whole counts, FTE to one decimal, machine-years to two).
 */
#include "rt_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Appends t to the list (core's sticky eml_table_list); its status. */
static eml_status push(eml_table_list *l, eml_table *t) {
  eml_table_list_take(l, t);
  return l->st;
}

/* The one check of the tables built: the builder's own error st first. */
static eml_status finish(eml_table_list *l, eml_status st, eml_table ***tables, size_t *count) {
  if (st)
    eml_table_list_fail(l, st);
  return eml_table_list_finish(l, tables, count);
}

/* A table with its columns, its title written as printf's fmt. */
static eml_table *new_table(const char *id, const eml_column_def *cols, size_t n,
                            const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static eml_table *new_table(const char *id, const eml_column_def *cols, size_t n,
                            const char *fmt, ...) {
  char title[320];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(title, sizeof title, fmt, ap);
  va_end(ap);
  eml_table *t = eml_table_new(id, title);
  eml_table_add_columns(t, cols, n);
  return t;
}

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))
/* NEW_TABLE(id, cols, fmt, ...): new_table with the count of cols */
#define NEW_TABLE(id, cols, ...) new_table((id), (cols), NCOLS(cols), __VA_ARGS__)

/* Sets the cells of a row from column col on, one per letter of kinds:
 * 't' text (const char *), 'i' whole number (long), '0' '1' '2' a number
 * (double) with that many decimals, '-' left empty (no argument). */
static void put_cells(eml_table *t, size_t row, size_t col, const char *kinds, ...) {
  va_list ap;
  va_start(ap, kinds);
  for (const char *k = kinds; *k; k++, col++) {
    if (*k == 't')
      eml_table_set_text(t, row, col, va_arg(ap, const char *));
    else if (*k == 'i')
      eml_table_set_int(t, row, col, va_arg(ap, long), 0);
    else if (*k >= '0' && *k <= '2')
      eml_table_set_real(t, row, col, va_arg(ap, double), *k - '0', 0);
  }
  va_end(ap);
}

/* Appends a row and returns its index in row, then sets it as put_cells. */
#define ADD_ROW(t, row, ...)                                                                   \
  do {                                                                                         \
    eml_table_add_row((t), &(row));                                                            \
    put_cells((t), (row), 0, __VA_ARGS__);                                                     \
  } while (0)

/* ---- activity ----------------------------------------------------------- */

static const eml_column_def activity_cols[] = {
    {NULL, N_("FINESS"), "finess"},
    {NULL, N_("Centre"), "centre"},
    {N_("Traitements"), N_("Total"), "treatments"},
    {N_("Traitements"), N_("Externes"), "treatments_external"},
    {N_("Traitements"), N_("Curiethérapie"), "treatments_brachy"},
    {N_("Traitements"), N_("Techniques spéciales"), "treatments_special"},
    {NULL, N_("Malades"), "patients"},
    {NULL, N_("Venues"), "venues"},
    {NULL, N_("Séances PMSI"), "seances"},
    {NULL, N_("Passages machine"), "passages"},
    {NULL, N_("Champs"), "fields"},
};

static void counts_row(eml_table *t, size_t row, const eml_rt_counts *c) {
  put_cells(t, row, 2, "iiiiiiiii", c->treatments, c->treatments_external,
                   c->treatments_brachy, c->treatments_special, c->patients, c->venues, c->seances,
                   c->passages, c->fields);
}

/* The builders below return their table, maybe in error (or NULL): the
 * list's finish checks each once. */
static eml_table *activity_table(const eml_rt_data *d, const eml_rt_activity *a) {
  eml_table *t = NEW_TABLE("rt_activity", activity_cols, _("Activité %d par centre (annexe II)"),
                           a->year);
  size_t row;
  for (size_t c = 0; c < d->n_centres; c++) {
    ADD_ROW(t, row, "tt", d->centres[c].finess, d->centres[c].name);
    counts_row(t, row, &a->centre[c]);
  }
  ADD_ROW(t, row, "-t", _("Région"));
  counts_row(t, row, &a->region);
  eml_table_set_row_flags(t, row, EML_CELL_STRONG);
  eml_table_add_note(t, "Traitements clos entre le 2 janvier et le 31 décembre ; "
                        "venues, séances, passages et champs datés de l'année.");
  eml_table_add_note(t, "Malades de la région : patients distincts (un patient traité "
                        "dans deux centres compte une fois).");
  return t;
}

static const eml_column_def machine_cols[] = {
    {NULL, N_("FINESS"), "finess"},
    {NULL, N_("Appareil"), "machine_id"},
    {NULL, N_("Type"), "kind"},
    {NULL, N_("Énergies photons"), "photon_mv"},
    {NULL, N_("Électrons"), "electrons"},
    {NULL, N_("Jours en service"), "days_in_service"},
    {NULL, N_("Machine-années"), "machine_years"},
    {NULL, N_("Passages machine"), "passages"},
    {NULL, N_("Champs"), "fields"},
    {NULL, N_("Patients"), "patients"},
};

static eml_table *machine_table(const eml_rt_data *d, const eml_rt_activity *a) {
  eml_table *t = NEW_TABLE("rt_machines", machine_cols, _("Activité %d par appareil"), a->year);
  for (size_t i = 0; i < d->n_machines; i++) {
    const eml_rt_machine *m = &d->machines[i];
    const eml_rt_machine_activity *ma = &a->machine[i];
    char mv[96];
    rt_energies_text(m, mv, sizeof mv);
    size_t row;
    ADD_ROW(t, row, "ttttti2iii", d->centres[m->centre].finess, m->machine_id,
            eml_rt_kind_label(m->kind), mv, rt_yes_no(m->electrons),
            (long)ma->days_in_service, ma->machine_years, ma->passages, ma->fields, ma->patients);
  }
  return t;
}

static const eml_column_def quality_cols[] = {
    {NULL, N_("Données suspectes mais valides"), "check"},
    {NULL, N_("Nombre"), "count"},
};

static eml_table *quality_table(const eml_rt_activity *a) {
  eml_table *t = NEW_TABLE("rt_quality", quality_cols, _("Qualité des données %d"), a->year);
  const eml_rt_quality *q = &a->quality;
  const struct {
    const char *label;
    long count;
  } rows[] = {
      {N_("Passages à une heure locale ambiguë (changement d'heure d'octobre)"), q->times_ambiguous},
      {N_("Passages à une heure locale inexistante (changement d'heure de mars)"), q->times_skipped},
      {N_("Passages hors des dates de leur traitement"), q->outside_course},
      {N_("Passages sur un appareil hors service ce jour-là"), q->outside_service},
      {N_("Passages sans champ"), q->zero_fields},
      {N_("Traitements commencés et non clos au 31 décembre"), q->open_treatments},
      {N_("Traitements clos le 1er janvier (comptés dans aucune année)"), q->closed_jan1},
      {N_("Traitements en cours au 31 décembre, clos ensuite (comptés l'année de leur clôture)"),
       q->open_closed_later},
  };
  for (size_t i = 0; i < NCOLS(rows); i++) {
    size_t row;
    ADD_ROW(t, row, "ti", _(rows[i].label), rows[i].count);
  }
  eml_table_add_note(t, "Ces données sont gardées et comptées. Une heure ambiguë est lue "
                        "comme la seconde (heure d'hiver), une heure inexistante avec le "
                        "décalage d'avant le changement ; seul un décalage explicite "
                        "(+01:00) lève le doute.");
  eml_table_add_note(t, "Annexe II : un traitement compte l'année où il est clos, entre le "
                        "2 janvier et le 31 décembre ; clos le 1er janvier, il n'est compté "
                        "dans aucune année ; en cours au 31 décembre, il est compté l'année "
                        "de sa clôture.");
  return t;
}

eml_status eml_rt_tables_activity(const eml_rt_data *d, const eml_rt_activity *a,
                                  eml_table ***tables, size_t *count) {
  eml_table_list l = {0};
  eml_status st = push(&l, activity_table(d, a));
  if (!st)
    st = push(&l, machine_table(d, a));
  if (!st)
    st = push(&l, quality_table(a));
  return finish(&l, st, tables, count);
}

/* ---- check --------------------------------------------------------------- */

static const eml_column_def check_cols[] = {
    {NULL, N_("N°"), "check"},
    {NULL, N_("Critère"), "criterion"},
    {NULL, N_("Article"), "article"},
    {NULL, N_("Résultat"), "verdict"},
    {NULL, N_("Chiffres"), "figures"},
};

static const eml_column_def staff_cols[] = {
    {NULL, N_("Personnel"), "role"},
    {NULL, N_("ETP présents"), "fte"},
    {N_("Besoin (ETP)"), N_("Norme basse"), "need_low"},
    {N_("Besoin (ETP)"), N_("Norme haute"), "need_high"},
    {NULL, N_("Manque (ETP)"), "shortfall"},
};

static eml_status centre_tables(const eml_rt_data *d, const eml_rt_activity *a, size_t centre,
                                const eml_rt_options *o, eml_table_list *l) {
  eml_rt_conformity conf;
  eml_status st = eml_rt_conformity_compute(d, a, centre, o, &conf);
  if (st)
    return st;
  const eml_rt_centre *k = &d->centres[centre];
  char id[64], text[128];
  snprintf(id, sizeof id, "rt_check_%s", k->finess);
  eml_table *t = NEW_TABLE(id, check_cols, _("Conformité %d — %s (%s)"), a->year, k->name, k->finess);
  if ((st = push(l, t)))
    return st;
  eml_table_set_subtitle(t, k->teaching ? N_("Centre participant à l'enseignement et à la "
                                             "recherche (2.1.1.2)")
                                        : N_("Centre de radiothérapie (2.1.1.1)"));
  for (int n = 1; n <= conf.n_checks; n++) {
    const eml_rt_check *c = &conf.checks[n - 1];
    size_t row;
    snprintf(text, sizeof text, "%s%s", eml_rt_verdict_label(c->verdict),
             c->derogation ? _(" (dérogation)") : c->warning ? _(" (réserve)") : "");
    ADD_ROW(t, row, "itttt", (long)n, eml_rt_check_label(n),
            c->source ? c->source : eml_rt_check_article(n), text, c->figures);
  }
  char warn[32], sat[32];
  eml_number_format(o->saturation_warn, 0, 0, warn, sizeof warn);
  eml_number_format(o->saturation, 0, 0, sat, sizeof sat);
  eml_table_add_notef(t,
                      _n("%d contrôle non conforme. Saturé au-delà de %s à %s traitements par "
                         "appareil, hors surcharge temporaire liée au renouvellement d'un "
                         "appareil (2.1.1.1).",
                         "%d contrôles non conformes. Saturé au-delà de %s à %s traitements par "
                         "appareil, hors surcharge temporaire liée au renouvellement d'un "
                         "appareil (2.1.1.1).",
                         conf.non_conforming),
                      conf.non_conforming, warn, sat);
  if (conf.n_checks > EML_RT_CHECK_COUNT)
    eml_table_add_note(t, "Contrôles 15 et 16 : régime des autorisations en vigueur depuis le "
                          "1er juin 2023, règles et seuils du fichier des règles (colonne "
                          "Article : leur source) ; les contrôles 1 à 14 sont ceux de la "
                          "circulaire de 2002, gardés pour référence.");

  snprintf(id, sizeof id, "rt_staff_%s", k->finess);
  eml_table *s = NEW_TABLE(id, staff_cols, _("Effectifs %d — %s (%s), norme %s"), a->year, k->name,
                           k->finess, k->teaching ? _("des centres d'enseignement") : _("générale"));
  if ((st = push(l, s)))
    return st;
  const eml_rt_staff_need *need = k->teaching ? conf.staff_teaching : conf.staff;
  eml_rt_staff_need total = {0};
  size_t row;
  for (int r = 0; r < EML_RT_ROLE_COUNT; r++) {
    ADD_ROW(s, row, "t1111", eml_rt_role_label((eml_rt_role)r), need[r].have,
            need[r].need_low, need[r].need_high, need[r].shortfall);
    total.have += need[r].have;
    total.need_low += need[r].need_low;
    total.need_high += need[r].need_high;
    total.shortfall += need[r].shortfall;
  }
  ADD_ROW(s, row, "t1111", _("Total"), total.have, total.need_low, total.need_high,
          total.shortfall);
  eml_table_set_row_flags(s, row, EML_CELL_STRONG);
  return EML_OK;
}

eml_status eml_rt_tables_check(const eml_rt_data *d, const eml_rt_activity *a, long centre,
                               const eml_rt_options *opts, eml_table ***tables, size_t *count) {
  eml_rt_options defaults;
  if (!opts) {
    eml_rt_options_default(&defaults);
    opts = &defaults;
  }
  eml_table_list l = {0};
  eml_status st = EML_OK;
  if (centre >= (long)d->n_centres)
    st = EML_ERR_NOT_FOUND;
  for (size_t c = 0; c < d->n_centres && !st; c++)
    if (centre < 0 || (size_t)centre == c)
      st = centre_tables(d, a, c, opts, &l);
  return finish(&l, st, tables, count);
}

/* ---- region --------------------------------------------------------------- */

typedef struct ranked {
  size_t centre;
  eml_rt_conformity conf;
} ranked;

static int saturated_first(const void *x, const void *y) {
  const ranked *a = x, *b = y;
  int c = EML_CMP(b->conf.saturation, a->conf.saturation); /* descending */
  if (!c)
    c = EML_CMP(b->conf.treatments_per_machine, a->conf.treatments_per_machine);
  return c ? c : EML_CMP(a->centre, b->centre);
}

static const eml_column_def region_cols[] = {
    {NULL, N_("FINESS"), "finess"},
    {NULL, N_("Centre"), "centre"},
    {NULL, N_("Territoire"), "territory"},
    {N_("Appareils"), N_("Haute énergie"), "he_machines"},
    {N_("Appareils"), N_("Machine-années"), "machine_years"},
    {N_("Activité"), N_("Traitements externes"), "treatments_external"},
    {N_("Activité"), N_("Par appareil"), "treatments_per_machine"},
    {N_("Activité"), N_("Saturation"), "saturation"},
    {NULL, N_("Malades"), "patients"},
    {NULL, N_("Contrôles non conformes"), "non_conforming"},
    {NULL, N_("Manque (ETP)"), "shortfall_fte"},
};

static const eml_column_def shortfall_cols[] = {
    {NULL, N_("FINESS"), "finess"},
    {NULL, N_("Centre"), "centre"},
    {NULL, N_("Norme"), "norm"},
    {N_("Manque (ETP)"), N_("Radiothérapeutes"), "oncologists"},
    {N_("Manque (ETP)"), N_("Radiophysiciens"), "physicists"},
    {N_("Manque (ETP)"), N_("Manipulateurs"), "rtt"},
    {N_("Manque (ETP)"), N_("Dosimétristes"), "dosimetrists"},
    {N_("Manque (ETP)"), N_("Total"), "total"},
};

static const char *saturation_label(eml_rt_saturation s) {
  return s == EML_RT_SATURATED ? _("SATURÉ") : s == EML_RT_TEMPORARY ? _("TEMPORAIRE") : "—";
}

static void region_row(eml_table *t, size_t row, const eml_rt_data *d, const eml_rt_activity *a,
                       const ranked *r) {
  const eml_rt_centre *k = &d->centres[r->centre];
  char list[96] = "";
  for (int n = 1; n <= r->conf.n_checks; n++)
    if (r->conf.checks[n - 1].verdict == EML_RT_NON_CONFORME) {
      char one[8];
      snprintf(one, sizeof one, "%s%d", list[0] ? ", " : "", n);
      strncat(list, one, sizeof list - strlen(list) - 1);
    }
  put_cells(t, row, 0, "ttti2i", k->finess, k->name, k->territory, (long)r->conf.he_machines,
            r->conf.machine_years, r->conf.treatments_external);
  if (r->conf.machine_years > 0) /* no machine: no figure per machine */
    eml_table_set_real(t, row, 6, r->conf.treatments_per_machine, 0, 0);
  put_cells(t, row, 7, "tit1", saturation_label(r->conf.saturation),
            a->centre[r->centre].patients, list[0] ? list : "—", r->conf.shortfall_fte);
}

/* Age and modernisation of the park (1.1 a: "âge des appareils (date de
 * la première installation)"; 1.4): the high-energy machines in service on
 * 31 December, centre by centre, with the rule of eml_rt_machine_to_replace. */
static const eml_column_def park_cols[] = {
    {NULL, N_("FINESS"), "finess"},
    {NULL, N_("Centre"), "centre"},
    {NULL, N_("Appareil"), "machine_id"},
    {NULL, N_("Type"), "kind"},
    {NULL, N_("Énergies photons"), "photon_mv"},
    {NULL, N_("Première installation"), "installed_on"},
    {NULL, N_("Âge (ans)"), "age_years"},
    {N_("Moyens modernes (1.4)"), N_("Collimateur multilames"), "mlc"},
    {N_("Moyens modernes (1.4)"), N_("Imagerie portale"), "portal_imaging"},
    {N_("Moyens modernes (1.4)"), N_("Modulation d'intensité"), "imrt"},
    {NULL, N_("Remplace"), "replaces"},
    {NULL, N_("À remplacer"), "to_replace"},
    {NULL, N_("Motif"), "reason"},
};

static eml_table *park_table(const eml_rt_data *d, const eml_rt_activity *a,
                             const eml_rt_options *o) {
  eml_table *t = NEW_TABLE("rt_park", park_cols,
                           _("Âge et modernisation des appareils au 31/12/%d (1.1, 1.4)"), a->year);
  eml_date year_end = eml_date_from_civil(a->year, 12, 31);
  long machines = 0, to_replace = 0;
  for (size_t c = 0; c < d->n_centres; c++)
    for (size_t i = 0; i < d->n_machines; i++) {
      const eml_rt_machine *m = &d->machines[i];
      if (m->centre != c || !rt_is_high_energy(m) || !rt_in_service_on(m, year_end))
        continue;
      char mv[96], since[16], why[512];
      int y, mo, dd;
      rt_energies_text(m, mv, sizeof mv);
      eml_date_to_civil(m->in_service_from, &y, &mo, &dd);
      snprintf(since, sizeof since, "%02d/%02d/%d", dd, mo, y);
      int replace = eml_rt_machine_to_replace(m, a->year, o, why, sizeof why);
      size_t row;
      ADD_ROW(t, row, "ttttttitttttt", d->centres[c].finess, d->centres[c].name, m->machine_id,
              eml_rt_kind_label(m->kind), mv, since, (long)(a->year - y),
              rt_yes_no(m->mlc), rt_yes_no(m->portal_imaging), rt_yes_no(m->imrt),
              m->replaces[0] ? m->replaces : "—", rt_yes_no(replace), replace ? why : "—");
      machines++;
      to_replace += replace;
    }
  eml_table_add_notef(t,
                      _n("%ld appareil de haute énergie à remplacer sur %ld.",
                         "%ld appareils de haute énergie à remplacer sur %ld.", to_replace),
                      to_replace, machines);
  eml_table_add_notef(t,
                      "À remplacer (1.4 : remplacement des cobalts et des accélérateurs de générations "
                      "précédentes par des accélérateurs dotés des moyens modernes de collimation, "
                      "imagerie portale et modulation d'intensité) : un cobalt, un accélérateur sans l'un "
                      "de ces moyens, ou de %d ans ou plus. Âge : années depuis la première installation.",
                      o->replace_age_years);
  if (o->replace_age_years == 15) /* the default, and its source */
    eml_table_add_note(t, "La circulaire ne donne pas d'âge : le seuil est celui de "
                          "l'Observatoire national de la radiothérapie (accélérateurs de 15 "
                          "ans et plus à remplacer, situation fin 2006).");
  return t;
}

eml_status eml_rt_tables_report(const eml_rt_data *d, const eml_rt_activity *a,
                                const eml_rt_options *opts, eml_table ***tables, size_t *count) {
  eml_rt_options defaults;
  if (!opts) {
    eml_rt_options_default(&defaults);
    opts = &defaults;
  }
  eml_table_list l = {0};
  ranked *r = calloc(d->n_centres ? d->n_centres : 1, sizeof *r);
  if (!r)
    return finish(&l, EML_ERR_NOMEM, tables, count);
  eml_status st = EML_OK;
  for (size_t c = 0; c < d->n_centres && !st; c++) {
    r[c].centre = c;
    st = eml_rt_conformity_compute(d, a, c, opts, &r[c].conf);
  }
  if (!st)
    qsort(r, d->n_centres, sizeof *r, saturated_first);
  eml_table *t = st ? NULL
                    : NEW_TABLE("rt_region", region_cols,
                                _("Centres de radiothérapie %d : synthèse régionale"), a->year);
  if (!st)
    st = push(&l, t);
  int he = 0, saturated = 0, temporary = 0;
  double my = 0, shortfall = 0;
  long ext = 0;
  for (size_t i = 0; i < d->n_centres && !st; i++) {
    size_t row;
    eml_table_add_row(t, &row);
    region_row(t, row, d, a, &r[i]);
    he += r[i].conf.he_machines;
    my += r[i].conf.machine_years;
    ext += r[i].conf.treatments_external;
    shortfall += r[i].conf.shortfall_fte;
    saturated += r[i].conf.saturation == EML_RT_SATURATED;
    temporary += r[i].conf.saturation == EML_RT_TEMPORARY;
  }
  if (!st) {
    size_t row;
    char sat[80], sat1[32], sat2[32];
    snprintf(sat1, sizeof sat1, _n("%d saturé", "%d saturés", saturated), saturated);
    snprintf(sat2, sizeof sat2, _n("%d temporaire", "%d temporaires", temporary), temporary);
    snprintf(sat, sizeof sat, "%s, %s", sat1, sat2);
    ADD_ROW(t, row, "-t-i2i", _("Région"), (long)he, my, ext);
    if (my > 0)
      eml_table_set_real(t, row, 6, ext / my, 0, 0);
    put_cells(t, row, 7, "ti-1", sat, a->region.patients, shortfall);
    eml_table_set_row_flags(t, row, EML_CELL_STRONG);
    char warn[32], full[32];
    eml_number_format(opts->saturation_warn, 0, 0, warn, sizeof warn);
    eml_number_format(opts->saturation, 0, 0, full, sizeof full);
    eml_table_add_notef(t,
                        "Par appareil : traitements de radiothérapie externe / machine-années. SATURÉ "
                        "au-delà de %s à %s ; TEMPORAIRE : au-delà, mais un appareil a été renouvelé "
                        "dans l'année (surcharge temporaire, non comptée comme saturation) ; les centres "
                        "saturés sont à renforcer en priorité (2.1.1.1).",
                        warn, full);
  }

  /* staff shortfall per centre and role */
  eml_table *s = st ? NULL
                    : NEW_TABLE("rt_staff_region", shortfall_cols,
                                _("Manque de personnel %d (annexe I)"), a->year);
  if (!st)
    st = push(&l, s);
  _Static_assert(EML_RT_ROLE_COUNT == 4, "one shortfall column per role");
  double total[EML_RT_ROLE_COUNT] = {0}, all = 0;
  size_t row;
  for (size_t i = 0; i < d->n_centres && !st; i++) {
    const eml_rt_centre *k = &d->centres[r[i].centre];
    const eml_rt_staff_need *need = k->teaching ? r[i].conf.staff_teaching : r[i].conf.staff;
    for (int role = 0; role < EML_RT_ROLE_COUNT; role++)
      total[role] += need[role].shortfall;
    all += r[i].conf.shortfall_fte;
    ADD_ROW(s, row, "ttt11111", k->finess, k->name, k->teaching ? _("enseignement") : _("générale"),
            need[0].shortfall, need[1].shortfall, need[2].shortfall, need[3].shortfall,
            r[i].conf.shortfall_fte);
  }
  if (!st) {
    ADD_ROW(s, row, "-t-11111", _("Région"), total[0], total[1], total[2], total[3], all);
    eml_table_set_row_flags(s, row, EML_CELL_STRONG);
  }
  free(r);
  if (!st)
    st = push(&l, park_table(d, a, opts));
  if (!st) {
    eml_table **more = NULL;
    size_t n_more = 0;
    st = eml_rt_tables_activity(d, a, &more, &n_more);
    for (size_t i = 0; i < n_more; i++) {
      if (st)
        eml_table_free(more[i]);
      else
        st = push(&l, more[i]);
    }
    free(more);
  }
  return finish(&l, st, tables, count);
}
