/*
 * conformity.c — checks 1 to 14 of a radiotherapy centre against the
 * circulaire DHOS/SDO/O 1 n° 2002-299 (spec radiotherapy.md, "Conformity of
 * a centre"): equipment, energies, dosimetry, activity per machine and
 * saturation (2.1.1.1), staff norms (Annex I), imaging access (2.2.1),
 * network (2.1.2), teaching centres (2.1.1.2) and single-machine
 * installations (2.1.1.3).
 *
 * Model:
 * - The platform is the machines in service on 31 December of the year
 *   (the declared equipment at the end of the year); high-energy machines
 *   are LINAC and COBALT, a cobalt counts as one energy of 1.25 MV.
 * - Machine-years = Σ over high-energy machines of days in service in the
 *   year / days in the year; treatments per machine = external-beam
 *   treatments of the year / machine-years.
 * - Saturation (2.1.1.1: "Au delà de 450 à 500 traitements par an et par
 *   appareil, hors surcharge temporaire liée à un renouvellement d'appareil,
 *   un centre [...] est considéré comme saturé"): the band 450-500 is
 *   saturation, so a centre is saturated above its low end
 *   (opts->saturation_warn), the figures saying whether it is within the
 *   band or beyond its high end (opts->saturation); unless one of its
 *   high-energy machines replaced another in the year (a machine whose
 *   `replaces` is set, in service from that year): then the overload is
 *   temporary, shown and not counted (CONFORME with a reservation).
 * - Staff needs, in FTE, T = treatments of the year (external + brachy):
 *   oncologists max(1, T/400) to max(1, T/300); physicists max(1, T/500) to
 *   max(1, T/350); RTT 2 per high-energy machine + 1 at the simulator;
 *   dosimetrists 1. Teaching centres (E external, B brachy): oncologists
 *   E/250 + B/200 to E/200 + B/200; physicists E/400 + B/250 to
 *   E/300 + B/250; dosimetrists T/500 to T/300 (a planning = a treatment);
 *   each at least 1 FTE as every centre. The shortfall is the missing FTE
 *   against the less demanding end (the norm's minimum).
 * - From 2023 (EML_RT_REGIME_2023_FROM; spec regime-2023.md, "Radiotherapy
 *   under the 2023 regime", docs/regime-2023.md "Radiotherapy from 2023"),
 *   two checks of the rules file (opts->rules, data/regimes/2023.csv):
 *   15. LINAC on the platform >= rt_min_accelerators_per_site (2, CSP
 *       R. 6123-93-2); a cobalt is not an accelerator (docs/regime-2023.md,
 *       choice); below it, conforming by derogation when the centre declares
 *       one, rt_single_accelerator_derogation is 1 and one accelerator is
 *       there ("a derogation allows one accelerator");
 *   16. malades with an external-beam treatment in the year >=
 *       rt_min_patients_per_year (600 by default); an empty value is not
 *       checked (SANS OBJET).
 *   Each names its rule row (the article column) and carries the rule's
 *   source (eml_rt_check.source).
 * - Check 10 also asks a teaching centre for brachytherapy (2.1.1.2: "Ces
 *   centres réalisent de la radiothérapie externe [...] et de la
 *   curiethérapie"): at least one brachytherapy treatment counted in Y.
 * - Modernisation (1.4, eml_rt_machine_to_replace): a cobalt, an
 *   accelerator without MLC, portal imaging or IMRT (the three "moyens
 *   modernes" the circular names), or one of replace_age_years (15) years
 *   or more, is to be replaced.
 */
#include "rt_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
  const char *label, *article;
} check_rows[EML_RT_CHECK_MAX] = {
    {N_("Au moins deux appareils de haute énergie (ou cas particulier d'un seul appareil)"),
     "2.1.1.1, 2.1.1.3"},
    {N_("Traitements par photons et par électrons"), "2.1.1.1"},
    {N_("Cobalt seulement avec deux appareils ou plus, dont un à deux énergies photons"),
     "2.1.1.1, 2.1.1.3"},
    {N_("Gamme d'énergie photons d'au moins 6 à 15 MV"), "2.1.1.1"},
    {N_("Dosimétrie conventionnelle et simulation sur place, dosimétrie 3D sur place ou par "
     "convention"),
     "2.1.1.1"},
    {N_("Activité par appareil (référence 400 traitements par an, saturé au-delà de 450 à 500)"),
     "2.1.1.1"},
    {N_("Effectifs (radiothérapeutes, radiophysiciens, manipulateurs, dosimétristes)"), N_("annexe I")},
    {N_("Accès à l'imagerie : une vacation (3 h 30) par semaine et par appareil"), "2.2.1"},
    {N_("Membre d'un réseau de cancérologie"), "2.1.2"},
    {NF_("Radiothérapie externe et curiethérapie ; au moins 900 patients par an, dont 10 % par "
     "techniques spéciales"),
     "2.1.1.2"},
    {N_("Trois accélérateurs dont deux avec collimateur multilames et imagerie portale, modulation "
     "d'intensité, dosimétrie in vivo, contrôle informatisé des paramètres"),
     "2.1.1.2"},
    {N_("Gamme d'énergie des accélérateurs d'au moins 6 à 20 MV"), "2.1.1.2"},
    {N_("Un oncologue et un physicien titulaires d'une HDR"), "2.1.1.2"},
    {N_("Effectifs des centres d'enseignement et de recherche"), N_("annexe I")},
    {N_("Accélérateurs sur le site (régime 2023 : au moins deux, ou un avec dérogation)"),
     "rt_min_accelerators_per_site"},
    {N_("Activité minimale annuelle du site : patients traités en radiothérapie externe "
     "(régime 2023)"),
     "rt_min_patients_per_year"},
};

const char *eml_rt_check_label(int n) {
  return n >= 1 && n <= EML_RT_CHECK_MAX ? _(check_rows[n - 1].label) : "?";
}
const char *eml_rt_check_article(int n) {
  return n >= 1 && n <= EML_RT_CHECK_MAX ? _(check_rows[n - 1].article) : "?";
}
const char *eml_rt_verdict_label(eml_rt_verdict v) {
  static const char *const labels[] = {N_("SANS OBJET"), N_("CONFORME"), N_("NON CONFORME")};
  return v <= EML_RT_NON_CONFORME ? _(labels[v]) : "?";
}
const char *eml_rt_role_label(eml_rt_role r) {
  static const char *const labels[] = {N_("Radiothérapeutes"), N_("Radiophysiciens"),
                                       N_("Manipulateurs"), N_("Dosimétristes")};
  return r < EML_RT_ROLE_COUNT ? _(labels[r]) : "?";
}
const char *eml_rt_kind_label(eml_rt_machine_kind k) {
  static const char *const labels[] = {N_("Accélérateur"), N_("Cobalt"), N_("Curiethérapie"),
                                       N_("Simulateur")};
  return k <= EML_RT_SIMULATOR ? _(labels[k]) : "?";
}

/* Appends to a check's figures, " ; " between parts ("; " in English); fmt is a msgid
 * translated by the caller (_() or _n()): the figures are in the run's
 * language, their numbers as the language writes them (num()). */
static void say(eml_rt_check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(eml_rt_check *c, const char *fmt, ...) {
  size_t len = strlen(c->figures);
  /* French " ; ", English "; " (docs/i18n.md, "Typography") */
  const char *sep = _(" ; ");
  size_t sep_len = strlen(sep);
  if (len && len + sep_len + 1 <= sizeof c->figures) {
    memcpy(c->figures + len, sep, sep_len + 1);
    len += sep_len;
  }
  va_list ap;
  va_start(ap, fmt);
  if (len < sizeof c->figures)
    vsnprintf(c->figures + len, sizeof c->figures - len, fmt, ap);
  va_end(ap);
}

/* A number with a decimal comma, in a rotating per-thread buffer (enough
 * for the few numbers of one figure line). */
static const char *num(double v, int decimals) {
  static _Thread_local char bufs[8][32];
  static _Thread_local int next;
  char *b = bufs[next++ % 8];
  return eml_number_format(v, decimals, 0, b, sizeof bufs[0]);
}

/* An energy in MV, whole or with two decimals, like num(). */
static const char *mv_num(double mv) { return num(mv, mv == floor(mv) ? 0 : 2); }

/* A check of the photon energies of `machines` machines, from min_mv to
 * max_mv, against a norm of low to high MV (checks 4 and 12): conforming
 * when the range covers the norm; without a machine, not, and none says why. */
static void energy_range(eml_rt_check *c, int machines, const char *none, double min_mv,
                         double max_mv, int low, int high) {
  if (!machines) {
    c->verdict = EML_RT_NON_CONFORME;
    say(c, "%s", _(none));
    return;
  }
  c->verdict = min_mv <= low && max_mv >= high ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
  say(c, _("gamme de %s à %s MV (%d à %d MV requis)"), mv_num(min_mv), mv_num(max_mv), low, high);
}

static double at_least_one(double v) { return v < 1 ? 1 : v; }

static void need(eml_rt_staff_need *s, double have, double low, double high) {
  s->have = have;
  s->need_low = low;
  s->need_high = high;
  s->shortfall = have < low - 1e-9 ? low - have : 0;
}

static void staff_figures(eml_rt_check *c, const eml_rt_staff_need *s) {
  int short_any = 0;
  for (int r = 0; r < EML_RT_ROLE_COUNT; r++) {
    const eml_rt_staff_need *n = &s[r];
    if (fabs(n->need_high - n->need_low) < 1e-9)
      say(c, _("%s %s ETP pour %s requis"), eml_rt_role_label((eml_rt_role)r), num(n->have, 1),
          num(n->need_low, 1));
    else
      say(c, _("%s %s ETP pour %s à %s requis"), eml_rt_role_label((eml_rt_role)r),
          num(n->have, 1), num(n->need_low, 1), num(n->need_high, 1));
    if (n->shortfall > 0) {
      say(c, _("manque %s ETP"), num(n->shortfall, 1));
      short_any = 1;
    }
  }
  c->verdict = short_any ? EML_RT_NON_CONFORME : EML_RT_CONFORME;
}

/* A rule of the 2023 regime's file: its whole value (1 and *value), or 0
 * when the file has no value for it; c->source is set to its source when
 * the row exists. */
static int regime_rule(const eml_rt_options *o, const char *rule, eml_rt_check *c,
                       int64_t *value) {
  const eml_regime_rule *row = eml_regime_rule_find(o->rules, rule, EML_ACT_RADIOTHERAPY);
  if (row && !c->source)
    c->source = row->source;
  return eml_regime_rule_int(o->rules, rule, EML_ACT_RADIOTHERAPY, value);
}

/* Checks 15-16 (the model above); linacs and cobalts are the platform's. */
static void regime_2023_checks(const eml_rt_centre *k, const eml_rt_counts *act,
                               const eml_rt_conformity *out, const eml_rt_options *o,
                               const char *date, eml_rt_check *c) {
  if (!o->rules) {
    for (int i = 0; i < 2; i++) {
      c[i].verdict = EML_RT_SANS_OBJET;
      say(&c[i], _("règles du régime 2023 non fournies (data/regimes/2023.csv) : non contrôlé"));
    }
    return;
  }
  /* 15. accelerators on the site */
  int64_t min = 0, allowed = 0;
  if (!regime_rule(o, "rt_min_accelerators_per_site", &c[0], &min)) {
    c[0].verdict = EML_RT_SANS_OBJET;
    say(&c[0], _("règle rt_min_accelerators_per_site sans valeur dans le fichier des règles : "
                 "non contrôlé"));
  } else {
    say(&c[0],
        _n("%d accélérateur en service au %s (au moins %lld requis, règle "
           "rt_min_accelerators_per_site)",
           "%d accélérateurs en service au %s (au moins %lld requis, règle "
           "rt_min_accelerators_per_site)",
           out->linacs),
        out->linacs, date, (long long)min);
    if (out->cobalts)
      say(&c[0],
          _n("%d cobalt non compté : un cobalt n'est pas un accélérateur",
             "%d cobalts non comptés : un cobalt n'est pas un accélérateur", out->cobalts),
          out->cobalts);
    if (out->linacs >= min) {
      c[0].verdict = EML_RT_CONFORME;
    } else {
      /* the derogation rule's own source is named in the figures */
      eml_rt_check rule = {0};
      int possible = regime_rule(o, "rt_single_accelerator_derogation", &rule, &allowed) &&
                     allowed == 1;
      if (!k->derogation) {
        c[0].verdict = EML_RT_NON_CONFORME;
        say(&c[0], _("aucune dérogation déclarée"));
      } else if (!possible) {
        c[0].verdict = EML_RT_NON_CONFORME;
        say(&c[0],
            _("dérogation déclarée (%s) mais non admise par le fichier des règles "
              "(règle rt_single_accelerator_derogation)"),
            k->derogation_source[0] ? k->derogation_source : _("référence non renseignée"));
      } else {
        c[0].verdict = out->linacs >= 1 ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
        c[0].derogation = out->linacs >= 1;
        say(&c[0], _("dérogation déclarée : %s (règle rt_single_accelerator_derogation, %s)"),
            k->derogation_source[0] ? k->derogation_source : _("référence non renseignée"),
            rule.source);
        if (!out->linacs)
          say(&c[0], _("la dérogation admet un seul accélérateur, pas aucun"));
      }
    }
  }

  /* 16. minimum annual activity */
  int64_t patients = 0;
  if (!regime_rule(o, "rt_min_patients_per_year", &c[1], &patients)) {
    c[1].verdict = EML_RT_SANS_OBJET;
    say(&c[1], _("règle rt_min_patients_per_year sans valeur dans le fichier des règles : "
                 "non contrôlé"));
  } else {
    c[1].verdict = act->patients_external >= patients ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
    say(&c[1],
        _n("%ld patient traité en radiothérapie externe (au moins %lld requis, règle "
           "rt_min_patients_per_year)",
           "%ld patients traités en radiothérapie externe (au moins %lld requis, règle "
           "rt_min_patients_per_year)",
           act->patients_external),
        act->patients_external, (long long)patients);
  }
}

int eml_rt_machine_to_replace(const eml_rt_machine *m, int year, const eml_rt_options *opts,
                              char *why, size_t size) {
  eml_rt_options defaults;
  if (!opts) {
    eml_rt_options_default(&defaults);
    opts = &defaults;
  }
  eml_rt_check c; /* say() builds the reasons */
  c.figures[0] = '\0';
  int from_year;
  eml_date_to_civil(m->in_service_from, &from_year, &(int){0}, &(int){0});
  if (m->kind == EML_RT_COBALT)
    say(&c, _("cobalt, à remplacer par un accélérateur"));
  if (m->kind == EML_RT_LINAC && !(m->mlc && m->portal_imaging && m->imrt))
    say(&c, _("accélérateur de génération précédente (sans%s%s%s)"),
        m->mlc ? "" : _(" collimateur multilames"),
        m->portal_imaging ? "" : m->mlc ? _(" imagerie portale") : _(", imagerie portale"),
        m->imrt ? "" : m->mlc && m->portal_imaging ? _(" modulation d'intensité")
                                                   : _(", modulation d'intensité"));
  if (m->kind == EML_RT_LINAC && year - from_year >= opts->replace_age_years)
    say(&c, _n("%d an ou plus", "%d ans ou plus", opts->replace_age_years), opts->replace_age_years);
  snprintf(why, size, "%s", c.figures);
  return c.figures[0] != '\0';
}

eml_status eml_rt_conformity_compute(const eml_rt_data *d, const eml_rt_activity *a,
                                     size_t centre, const eml_rt_options *opts,
                                     eml_rt_conformity *out) {
  eml_rt_options defaults;
  if (!opts) {
    eml_rt_options_default(&defaults);
    opts = &defaults;
  }
  if (centre >= d->n_centres || !a || a->n_centres != d->n_centres)
    return EML_ERR_USAGE;
  memset(out, 0, sizeof *out);
  out->centre = centre;
  const eml_rt_centre *k = &d->centres[centre];
  const eml_rt_counts *act = &a->centre[centre];
  eml_date year_end = eml_date_from_civil(a->year, 12, 31);

  /* the platform on 31 December; the renewal of the year (a high-energy
   * machine that replaces another, in service from this year) */
  const eml_rt_machine *single = NULL;
  eml_date year_start = eml_date_from_civil(a->year, 1, 1);
  out->renewal = -1;
  double min_mv = 0, max_mv = 0, linac_min = 0, linac_max = 0;
  int electrons = 0, two_energies = 0, mlc_portal = 0, imrt = 0, in_vivo = 0, param = 0;
  for (size_t i = 0; i < d->n_machines; i++) {
    const eml_rt_machine *m = &d->machines[i];
    if (m->centre != centre)
      continue;
    if (rt_is_high_energy(m))
      out->machine_years += a->machine[i].machine_years;
    if (rt_is_high_energy(m) && m->replaces[0] && m->in_service_from >= year_start &&
        m->in_service_from <= year_end && out->renewal < 0)
      out->renewal = (long)i;
    if (!rt_in_service_on(m, year_end))
      continue;
    if (m->kind == EML_RT_SIMULATOR)
      out->simulators++;
    if (!rt_is_high_energy(m))
      continue;
    single = m;
    double lo = m->photon_mv[0], hi = m->photon_mv[m->photon_count - 1];
    if (!out->he_machines || lo < min_mv)
      min_mv = lo;
    if (!out->he_machines || hi > max_mv)
      max_mv = hi;
    out->he_machines++;
    in_vivo += m->in_vivo_dosimetry;
    imrt |= m->imrt;
    if (m->kind == EML_RT_COBALT) {
      out->cobalts++;
      continue;
    }
    if (!out->linacs || lo < linac_min)
      linac_min = lo;
    if (!out->linacs || hi > linac_max)
      linac_max = hi;
    out->linacs++;
    electrons |= m->electrons;
    two_energies += m->photon_count >= 2;
    mlc_portal += m->mlc && m->portal_imaging;
    param += m->parameter_control;
  }
  eml_rt_check *c = out->checks;
  char date[16], mv[64];
  snprintf(date, sizeof date, "31/12/%d", a->year);

  /* 1. two high-energy machines, or a declared single-machine case */
  if (out->he_machines >= 2) {
    c[0].verdict = EML_RT_CONFORME;
    say(&c[0], _("%d appareils de haute énergie en service au %s"), out->he_machines, date);
  } else if (out->he_machines == 0) {
    c[0].verdict = EML_RT_NON_CONFORME;
    say(&c[0], _("aucun appareil de haute énergie en service au %s"), date);
  } else if (single->kind == EML_RT_COBALT) {
    c[0].verdict = EML_RT_NON_CONFORME;
    say(&c[0], _("un seul appareil, un cobalt : cobalt isolé non conforme, remplacement par un "
                 "accélérateur à envisager très rapidement"));
  } else {
    static const char *const cases[] = {N_("aucun déclaré"), N_("installation ancienne"),
                                        N_("nouveau centre, second appareil autorisé"),
                                        N_("isolement géographique")};
    rt_energies_text(single, mv, sizeof mv);
    int energies_ok = single->photon_count >= 2 && max_mv >= 15;
    int ok = k->single_machine_case != EML_RT_SINGLE_NONE && energies_ok &&
             k->cooperation_agreement;
    c[0].verdict = ok ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
    say(&c[0], _("un seul appareil : accélérateur %s MV (au moins deux énergies photons et 15 MV "
                 "requis : %s)"),
        mv, rt_yes_no(energies_ok));
    say(&c[0], _("cas particulier : %s"), _(cases[k->single_machine_case]));
    say(&c[0], _("coopération formalisée avec un centre : %s"), rt_yes_no(k->cooperation_agreement));
  }

  /* 2. photons and electrons */
  c[1].verdict = out->he_machines && electrons ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
  say(&c[1], _("photons : %s"), rt_yes_no(out->he_machines > 0));
  say(&c[1], _("électrons : %s"), rt_yes_no(electrons));

  /* 3. cobalt only beside a two-energy machine, never alone */
  if (!out->cobalts) {
    c[2].verdict = EML_RT_SANS_OBJET;
    say(&c[2], _("pas de cobalt"));
  } else {
    int ok = out->he_machines >= 2 && two_energies >= 1;
    c[2].verdict = ok ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
    char he[64];
    snprintf(he, sizeof he,
             _n("%d appareil de haute énergie", "%d appareils de haute énergie", out->he_machines),
             out->he_machines);
    say(&c[2],
        _n("%d cobalt parmi %s, dont %d à deux énergies photons ou plus",
           "%d cobalts parmi %s, dont %d à deux énergies photons ou plus", out->cobalts),
        out->cobalts, he, two_energies);
    if (out->he_machines < 2)
      say(&c[2], _("cobalt isolé"));
  }

  /* 4. energies 6 to 15 MV */
  energy_range(&c[3], out->he_machines, N_("aucune énergie photons"), min_mv, max_mv, 6, 15);

  /* 5. dosimetry and simulation */
  {
    static const char *const d3[] = {N_("aucune"), N_("sur place"), N_("par convention")};
    int ok = k->conventional_dosimetry && k->dosimetry_3d != EML_RT_3D_NONE;
    c[4].verdict = ok ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
    say(&c[4], _("dosimétrie conventionnelle et simulation sur place : %s"),
        rt_yes_no(k->conventional_dosimetry));
    say(&c[4], _("dosimétrie 3D : %s"), _(d3[k->dosimetry_3d]));
    say(&c[4], _("simulation scanographique : %s%s"), rt_yes_no(k->ct_simulation),
        k->ct_simulation ? "" : _(" (recommandée)"));
    c[4].warning = !k->ct_simulation;
  }

  /* 6. activity per machine and saturation */
  out->treatments_external = act->treatments_external;
  if (out->machine_years <= 0) {
    c[5].verdict = EML_RT_SANS_OBJET;
    say(&c[5], _("aucun appareil de haute énergie en service dans l'année"));
  } else {
    out->treatments_per_machine = act->treatments_external / out->machine_years;
    say(&c[5],
        _n("%ld traitement de radiothérapie externe / %s machine-années = %s par appareil",
           "%ld traitements de radiothérapie externe / %s machine-années = %s par appareil",
           act->treatments_external),
        act->treatments_external, num(out->machine_years, 2),
        num(out->treatments_per_machine, 0));
    if (out->treatments_per_machine > opts->saturation_warn && out->renewal >= 0) {
      const eml_rt_machine *m = &d->machines[out->renewal];
      int y, mo, dd;
      eml_date_to_civil(m->in_service_from, &y, &mo, &dd);
      out->saturation = EML_RT_TEMPORARY;
      c[5].verdict = EML_RT_CONFORME;
      c[5].warning = 1;
      say(&c[5], _("plus de %s : surcharge temporaire liée au renouvellement d'un appareil (%s "
                   "remplace %s, en service le %02d/%02d/%d), non comptée comme saturation"),
          num(opts->saturation_warn, 0), m->machine_id, m->replaces, dd, mo, y);
    } else if (out->treatments_per_machine > opts->saturation) {
      out->saturation = EML_RT_SATURATED;
      c[5].verdict = EML_RT_NON_CONFORME;
      say(&c[5], _("saturé (plus de %s) : à renforcer en priorité"), num(opts->saturation, 0));
    } else if (out->treatments_per_machine > opts->saturation_warn) {
      out->saturation = EML_RT_SATURATED;
      c[5].verdict = EML_RT_NON_CONFORME;
      say(&c[5], _("saturé (plus de %s, dans la fourchette de %s à %s de la circulaire) : à "
                   "renforcer en priorité"),
          num(opts->saturation_warn, 0), num(opts->saturation_warn, 0),
          num(opts->saturation, 0));
    } else {
      c[5].verdict = EML_RT_CONFORME;
      say(&c[5], _("référence %s par appareil"), num(opts->reference_per_machine, 0));
    }
  }

  /* 7. staff, general norm (Annex I) */
  double have[EML_RT_ROLE_COUNT] = {0};
  for (size_t i = 0; i < d->n_staff; i++)
    if (d->staff[i].centre == centre && d->staff[i].year == a->year)
      have[d->staff[i].role] += d->staff[i].fte;
  double t = (double)act->treatments, ext = (double)act->treatments_external,
         brachy = (double)act->treatments_brachy;
  int simulator = out->simulators > 0 || k->conventional_dosimetry || k->ct_simulation;
  double rtt = 2.0 * out->he_machines + (simulator ? 1 : 0);
  need(&out->staff[EML_RT_ONCOLOGIST], have[EML_RT_ONCOLOGIST], at_least_one(t / 400),
       at_least_one(t / 300));
  need(&out->staff[EML_RT_PHYSICIST], have[EML_RT_PHYSICIST], at_least_one(t / 500),
       at_least_one(t / 350));
  need(&out->staff[EML_RT_RTT], have[EML_RT_RTT], rtt, rtt);
  need(&out->staff[EML_RT_DOSIMETRIST], have[EML_RT_DOSIMETRIST], 1, 1);
  staff_figures(&c[6], out->staff);
  say(&c[6], _n("%ld traitement", "%ld traitements", act->treatments), act->treatments);

  /* 8. imaging access */
  if (!out->he_machines) {
    c[7].verdict = EML_RT_SANS_OBJET;
    say(&c[7], _("aucun appareil de haute énergie"));
  } else {
    double required = opts->imaging_h_per_machine * out->he_machines;
    c[7].verdict = k->imaging_access_h + 1e-9 >= required ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
    say(&c[7],
        _n("%s h par semaine pour %d appareil (%s h requises)",
           "%s h par semaine pour %d appareils (%s h requises)", out->he_machines),
        num(k->imaging_access_h, 1),
        out->he_machines, num(required, 1));
  }

  /* 9. network */
  c[8].verdict = k->network ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
  say(&c[8], _("membre d'un réseau de cancérologie : %s"), rt_yes_no(k->network));

  /* 10-14: teaching and research centres */
  need(&out->staff_teaching[EML_RT_ONCOLOGIST], have[EML_RT_ONCOLOGIST],
       at_least_one(ext / 250 + brachy / 200), at_least_one(ext / 200 + brachy / 200));
  need(&out->staff_teaching[EML_RT_PHYSICIST], have[EML_RT_PHYSICIST],
       at_least_one(ext / 400 + brachy / 250), at_least_one(ext / 300 + brachy / 250));
  need(&out->staff_teaching[EML_RT_RTT], have[EML_RT_RTT], rtt, rtt);
  need(&out->staff_teaching[EML_RT_DOSIMETRIST], have[EML_RT_DOSIMETRIST], at_least_one(t / 500),
       at_least_one(t / 300));
  if (!k->teaching) {
    for (int i = 9; i < EML_RT_CHECK_COUNT; i++) {
      c[i].verdict = EML_RT_SANS_OBJET;
      say(&c[i], _("centre sans mission d'enseignement et de recherche"));
    }
  } else {
    /* "Ces centres réalisent de la radiothérapie externe [...] et de la
     * curiethérapie": at least one brachytherapy treatment of the year */
    double share = act->patients ? (double)act->patients_special / act->patients : 0;
    c[9].verdict = act->patients >= opts->teaching_min_patients &&
                           share + 1e-12 >= opts->teaching_special_share &&
                           act->treatments_brachy >= 1
                       ? EML_RT_CONFORME
                       : EML_RT_NON_CONFORME;
    say(&c[9], _n("%ld patient (%ld requis)", "%ld patients (%ld requis)", act->patients),
        act->patients, opts->teaching_min_patients);
    say(&c[9], _("dont %ld par techniques spéciales (%s %%, %s %% requis)"), act->patients_special,
        num(share * 100, 1), num(opts->teaching_special_share * 100, 0));
    say(&c[9],
        _n("%ld curiethérapie (au moins une requise)", "%ld curiethérapies (au moins une requise)",
           act->treatments_brachy),
        act->treatments_brachy);

    int every_in_vivo = in_vivo == out->he_machines, every_param = param == out->linacs;
    c[10].verdict = out->linacs >= 3 && mlc_portal >= 2 && imrt && every_in_vivo && every_param &&
                            out->he_machines > 0
                        ? EML_RT_CONFORME
                        : EML_RT_NON_CONFORME;
    say(&c[10], _n("%d accélérateur (3 requis)", "%d accélérateurs (3 requis)", out->linacs),
        out->linacs);
    say(&c[10], _("%d avec collimateur multilames et imagerie portale (2 requis)"), mlc_portal);
    say(&c[10], _("modulation d'intensité : %s"), rt_yes_no(imrt));
    say(&c[10],
        _n("dosimétrie in vivo : %d appareil sur %d", "dosimétrie in vivo : %d appareils sur %d",
           in_vivo),
        in_vivo, out->he_machines);
    say(&c[10],
        _n("contrôle informatisé des paramètres : %d accélérateur sur %d",
           "contrôle informatisé des paramètres : %d accélérateurs sur %d", param),
        param, out->linacs);

    energy_range(&c[11], out->linacs, N_("aucun accélérateur"), linac_min, linac_max, 6, 20);

    c[12].verdict = k->hdr_oncologist && k->hdr_physicist ? EML_RT_CONFORME : EML_RT_NON_CONFORME;
    say(&c[12], _("oncologue HDR : %s"), rt_yes_no(k->hdr_oncologist));
    say(&c[12], _("physicien HDR : %s"), rt_yes_no(k->hdr_physicist));

    staff_figures(&c[13], out->staff_teaching);
    char ext_text[64], brachy_text[64];
    snprintf(ext_text, sizeof ext_text,
             _n("%ld traitement externe", "%ld traitements externes", act->treatments_external),
             act->treatments_external);
    snprintf(brachy_text, sizeof brachy_text,
             _n("%ld curiethérapie", "%ld curiethérapies", act->treatments_brachy),
             act->treatments_brachy);
    say(&c[13], "%s, %s", ext_text, brachy_text);
  }
  const eml_rt_staff_need *applied = k->teaching ? out->staff_teaching : out->staff;
  for (int r = 0; r < EML_RT_ROLE_COUNT; r++)
    out->shortfall_fte += applied[r].shortfall;
  out->n_checks = EML_RT_CHECK_COUNT;
  if (a->year >= EML_RT_REGIME_2023_FROM) {
    regime_2023_checks(k, act, out, opts, date, &c[EML_RT_CHECK_COUNT]);
    out->n_checks = EML_RT_CHECK_MAX;
  }
  for (int i = 0; i < out->n_checks; i++)
    out->non_conforming += c[i].verdict == EML_RT_NON_CONFORME;
  return EML_OK;
}
