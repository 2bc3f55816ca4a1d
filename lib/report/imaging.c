/*
 * imaging.c — the national summary of the CT/MRI benchmark as a report
 * (eml/report.h, eml_report_imaging; spec imaging.md "Reports", seed 001):
 * `eml imaging report|compute`, `eml report imaging` and the dashboard's
 * /imaging ask for this one report.
 *
 * Tables, in the seed's order: the counts and the files read (the first
 * two of eml_imaging_summary_tables), the counts by legal status (first
 * table of eml_imaging_breakdown_tables, with sites), figures 1 and 2 (the
 * appointment delays per class; the per-case tables of figures 3-6 stay
 * with `eml imaging appointments`), then figures 7, 8, 11, 12, 15 to 18,
 * the headline shares and the panel, then the medians by legal status, by
 * département and by region against the national panel.
 *
 * Charts: per modality, the opening of each machine on a 168 h basis
 * (figures 9-10: total, extended and programmed stacked, machines sorted);
 * (figures 13-14, 17-18) per modality, occupancy against
 * opening, bubble area = ICR per hour, for the programmed sessions (x =
 * open_programmed_h) and for "programmé + urgences" (x =
 * open_prog_emergency_h, y and size with the emergency sessions, red
 * shade = share from the emergency department), machines kept by the inclusion
 * rule only; the panel
 * distribution of each indicator with P20/median/P80; exam durations per
 * patient class; with the appointment survey, figures 3 to 6: each
 * answer's delay per site, one colour per clinical case. Annex of a document: the data-quality counts per machine.
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const modality_labels[EML_IMAGING_MODALITY_COUNT] = {"Scanner", "IRM"};

/* Appends tables[from..to) to out[*n_out..] (tables may be NULL when
 * from == to: no offset is applied to it then). */
static void append(eml_table **out, size_t *n_out, eml_table **tables, size_t from, size_t to) {
  if (to > from)
    memcpy(out + *n_out, tables + from, (to - from) * sizeof *out);
  *n_out += to - from;
}

/* The summary's tables in the seed's order (see the top of the file). */
static eml_status summary_tables(const eml_report_imaging_args *a, eml_table ***tables,
                                 size_t *count) {
  eml_table **base = NULL, **sites = NULL, **appointments = NULL;
  size_t n_base = 0, n_sites = 0, n_appointments = 0;
  *tables = NULL;
  *count = 0;
  eml_status st = eml_imaging_summary_tables(a->result, &base, &n_base);
  if (!st && a->sites && a->sites->nsites)
    st = eml_imaging_breakdown_tables(a->result, a->sites, &sites, &n_sites);
  if (!st && a->appointments)
    st = eml_appointments_tables(a->appointments, &appointments, &n_appointments);
  size_t kept = 0; /* figures 1 and 2 only */
  for (size_t i = 0; i < n_appointments; i++)
    if (strncmp(eml_table_id(appointments[i]), "appointment_delays_", 19) == 0)
      appointments[kept++] = appointments[i];
    else
      eml_table_free(appointments[i]);
  n_appointments = kept;
  eml_table **out = st ? NULL : malloc((n_base + n_sites + n_appointments + 1) * sizeof *out);
  if (!out) {
    eml_imaging_tables_free(base, n_base);
    eml_imaging_tables_free(sites, n_sites);
    eml_appointments_tables_free(appointments, n_appointments);
    return st ? st : EML_ERR_NOMEM;
  }
  size_t n = 0, head = n_base < 2 ? n_base : 2, first_site = n_sites ? 1 : 0;
  append(out, &n, base, 0, head);
  append(out, &n, sites, 0, first_site);
  append(out, &n, appointments, 0, n_appointments);
  append(out, &n, base, head, n_base);
  append(out, &n, sites, first_site, n_sites);
  free(base);
  free(sites);
  free(appointments);
  *tables = out;
  *count = n;
  return EML_OK;
}

static eml_status add_chart(eml_report *r, eml_chart_kind kind, const char *name,
                            const char *title, eml_chart **out) {
  *out = eml_chart_new(kind, title);
  return eml_report_add_chart(r, 0, *out, name, NULL);
}

static eml_status bubbles(eml_report *r, const eml_imaging_result *res, eml_imaging_modality mod,
                          int with_emergency) {
  char title[160], name[64];
  snprintf(title, sizeof title, _("%s : occupation et ouverture%s"), _(modality_labels[mod]),
           with_emergency ? _(" (programmé + urgences)") : _(" programmée (programmé)"));
  snprintf(name, sizeof name, "bulles_%s%s", eml_imaging_modality_code(mod),
           with_emergency ? "_urgences" : "");
  eml_chart *c;
  eml_status st = add_chart(r, EML_CHART_BUBBLE, name, title, &c);
  if (!st)
    st = eml_chart_set_axis(c, 0,
                            with_emergency ? N_("Ouverture, programmé + urgences (h/sem.)")
                                           : N_("Ouverture programmée (h/sem.)"),
                            NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_axis(c, 1, with_emergency ? N_("Taux d'occupation, programmé + urgences")
                                                 : N_("Taux d'occupation, vacations programmées"),
                            NAN, NAN, 1);
  if (!st && with_emergency)
    st = eml_chart_set_shade_red(c);
  if (!st)
    st = eml_chart_set_note(c, with_emergency
                                   ? N_("Surface = ICR par heure ; rouge d'autant plus foncé que la "
                                        "part des patients venant des urgences (SU) est grande")
                                   : N_("Surface = ICR par heure ; appareils retenus par la règle "
                                        "d'inclusion"));
  for (size_t i = 0; !st && i < eml_imaging_machine_count(res); i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(res, i);
    if (m->modality != mod || !m->included)
      continue;
    st = eml_chart_add_point(
        c, m->equipment_id, with_emergency ? m->open_prog_emergency_h : m->open_programmed_h,
        with_emergency ? m->occupancy_prog_emergency : m->occupancy_programmed,
        with_emergency ? m->icr_per_hour_prog_emergency : m->icr_per_hour,
        with_emergency ? m->er_share : NAN);
  }
  return st;
}

/* The panel distribution of one indicator, CT and MRI side by side. */
static eml_status panel_chart(eml_report *r, const eml_imaging_result *res,
                              eml_imaging_indicator ind) {
  const eml_imaging_indicator_info *info = eml_imaging_indicator_get(ind);
  char name[64], axis[160];
  snprintf(name, sizeof name, "panel_%s", info->key);
  snprintf(axis, sizeof axis, "%s%s%s%s", _(info->label), *info->unit ? " (" : "", _(info->unit),
           *info->unit ? ")" : "");
  eml_chart *c;
  eml_status st = add_chart(r, EML_CHART_DIST, name, info->label, &c);
  if (!st)
    st = eml_chart_set_axis(c, 1, info->percent ? info->label : axis, NAN, NAN, info->percent);
  if (!st)
    st = eml_chart_set_note(c, "Points : appareils ; boîte : P20 à P80 ; trait rouge : médiane");
  for (int mod = 0; !st && mod < EML_IMAGING_MODALITY_COUNT; mod++) {
    size_t n = 0;
    const double *v = eml_imaging_panel_values(res, (eml_imaging_modality)mod, ind, &n);
    st = eml_chart_add_group(c, _(modality_labels[mod]), v, v ? n : 0);
  }
  return st;
}

/* Exam durations of one modality per patient class. */
static eml_status durations_chart(eml_report *r, const eml_imaging_result *res,
                                  eml_imaging_modality mod) {
  static const char *const class_labels[EML_CLASS_COUNT] = {N_("Ambulatoire"), N_("Hospitalisé"),
                                                            N_("Réanimation"), N_("Urgences")};
  char name[64], title[128];
  snprintf(name, sizeof name, "durees_%s", eml_imaging_modality_code(mod));
  snprintf(title, sizeof title, _("%s : durée des examens par classe de patients"),
           _(modality_labels[mod]));
  eml_chart *c;
  eml_status st = add_chart(r, EML_CHART_DIST, name, title, &c);
  if (!st)
    st = eml_chart_set_axis(c, 1, "Durée de l'examen (min)", NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_note(c, "Boîte : P20 à P80 des examens ; trait rouge : médiane");
  for (int cls = 0; !st && cls < EML_CLASS_COUNT; cls++) {
    const eml_imaging_dist *d = eml_imaging_durations(res, mod, (eml_patient_class)cls);
    st = eml_chart_add_group_quantiles(c, _(class_labels[cls]), d->p20, d->p50, d->p80, d->n);
  }
  return st;
}

/* qsort of machines by total, extended, then programmed opening, then id */
static int opening_before(const void *a, const void *b) {
  const eml_imaging_machine *x = *(const eml_imaging_machine *const *)a,
                            *y = *(const eml_imaging_machine *const *)b;
  const double kx[3] = {x->open_total_h, x->open_extended_h, x->open_programmed_h},
               ky[3] = {y->open_total_h, y->open_extended_h, y->open_programmed_h};
  for (int k = 0; k < 3; k++)
    if (kx[k] != ky[k])
      return kx[k] < ky[k] ? -1 : 1;
  return strcmp(x->equipment_id, y->equipment_id);
}

/* Figures 9 and 10: each machine's opening on a 168 h basis, the three
 * nested openings stacked (total, extended within it, programmed within
 * that), machines sorted by total, extended, then programmed opening; the
 * line of the seed's red zone (extended opening above 100 h). */
static eml_status opening_chart(eml_report *r, const eml_imaging_result *res,
                                eml_imaging_modality mod) {
  static const char *const layers_fr[3] = {N_("Ouverture totale"), N_("Ouverture élargie"),
                                           N_("Ouverture au programmé")};
  const char *layers[3] = {_(layers_fr[0]), _(layers_fr[1]), _(layers_fr[2])};
  size_t n = 0, count = eml_imaging_machine_count(res);
  const eml_imaging_machine **m = malloc((count ? count : 1) * sizeof *m);
  if (!m)
    return EML_ERR_NOMEM;
  for (size_t i = 0; i < count; i++)
    if (eml_imaging_machine_at(res, i)->modality == mod)
      m[n++] = eml_imaging_machine_at(res, i);
  qsort(m, n, sizeof *m, opening_before);
  char title[128], name[64];
  snprintf(title, sizeof title, _("Figure %d : Répartition de l'ouverture des %s"), 9 + (int)mod,
           mod == EML_IMAGING_CT ? _("scanners") : _("IRM"));
  snprintf(name, sizeof name, "ouverture_%s", eml_imaging_modality_code(mod));
  eml_chart *c;
  eml_status st = add_chart(r, EML_CHART_STACK, name, title, &c);
  if (!st)
    st = eml_chart_set_axis(c, 0, "Appareils, par ouverture croissante", NAN, NAN, 0);
  if (!st)
    st = eml_chart_set_axis(c, 1, "Heures par semaine (sur 168 h)", 0, 168, 0);
  if (!st)
    st = eml_chart_set_ticks(c, 1, layers, 3);
  if (!st)
    st = eml_chart_set_note(c, "Une barre par appareil ; au-delà de 100 h d'ouverture élargie : "
                               "zone rouge (scanners d'urgence)");
  if (!st)
    st = eml_chart_add_line(c, 100, "100 h");
  for (size_t i = 0; !st && i < n; i++) {
    const double v[3] = {m[i]->open_total_h, m[i]->open_extended_h, m[i]->open_programmed_h};
    for (int k = 0; !st && k < 3; k++)
      st = eml_chart_add_point(c, n <= 40 ? m[i]->equipment_id : NULL, (double)i, v[k], k, NAN);
  }
  free(m);
  return st;
}

/* One site of an appointment chart: its code, its median delay. */
typedef struct site_delay {
  const char *site;
  double median;
} site_delay;

static int site_delay_before(const void *a, const void *b) {
  const site_delay *x = a, *y = b;
  int c = EML_CMP(x->median, y->median);
  return c ? c : strcmp(x->site, y->site);
}

/* The median of the non-urgent delays of rows[0..n) whose site is site (or
 * of every row when site is NULL); values: scratch of n doubles. */
static double median_delay(const eml_appointment *const *rows, size_t n, const char *site,
                           double *values) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!site || strcmp(rows[i]->site, site) == 0)
      values[k++] = rows[i]->delay_days;
  eml_sort_doubles(values, k);
  return k ? eml_quantile_sorted(values, k, 0.5) : NAN;
}

/* Figures 3 to 6: the appointment delay of each answer (non-urgent) of a
 * modality and patient class, one dot per answer at its site (sites sorted
 * by their median delay, then code), one colour per clinical case (legend:
 * the case's description up to its " :"), the median over all cases as a
 * line ("Tous cas cliniques, délai médian"). No chart without answers. */
static eml_status appointment_sites_chart(eml_report *r, const eml_appointments *a,
                                          eml_appt_modality mod, char cls) {
  size_t count = eml_appointments_count(a), n = 0, n_sites = 0, n_cases = 0;
  const eml_appointment **rows = malloc((count ? count : 1) * sizeof *rows);
  site_delay *sites = malloc((count ? count : 1) * sizeof *sites);
  const char **cases = malloc((count ? count : 1) * sizeof *cases);
  double *values = malloc((count ? count : 1) * sizeof *values);
  eml_status st = rows && sites && cases && values ? EML_OK : EML_ERR_NOMEM;
  for (size_t i = 0; !st && i < count; i++) {
    const eml_appointment *row = eml_appointments_at(a, i);
    if (row->modality != mod || row->patient_class != cls || row->urgent)
      continue;
    rows[n++] = row;
    size_t s = 0, k = 0;
    while (s < n_sites && strcmp(sites[s].site, row->site) != 0)
      s++;
    if (s == n_sites)
      sites[n_sites++] = (site_delay){row->site, NAN};
    while (k < n_cases && strcmp(cases[k], row->case_code) != 0)
      k++;
    if (k == n_cases)
      cases[n_cases++] = row->case_code;
  }
  if (!st && n) {
    for (size_t s = 0; s < n_sites; s++)
      sites[s].median = median_delay(rows, n, sites[s].site, values);
    qsort(sites, n_sites, sizeof *sites, site_delay_before);
    double all = median_delay(rows, n, NULL, values);
    static const int figure[2][2] = {{3, 5}, {4, 6}}; /* [modality][H] */
    char title[200], name[64], line[64], legend_text[16][120];
    const char *legend[16];
    snprintf(title, sizeof title,
             _("Figure %d : Délai de rendez-vous %s pour des patients %s, par site"),
             figure[mod][cls == 'H'], mod == EML_APPT_CT ? _("en scanner") : _("en IRM"),
             cls == 'H' ? _("hospitalisés") : _("en ambulatoire"));
    snprintf(name, sizeof name, "rdv_sites_%s_%c", mod == EML_APPT_CT ? "CT" : "MRI", cls);
    size_t n_legend = n_cases < 16 ? n_cases : 16;
    for (size_t k = 0; k < n_legend; k++) {
      const char *label = eml_clinical_case_label(cases[k]);
      const char *colon = label ? strstr(label, " :") : NULL;
      if (label)
        snprintf(legend_text[k], sizeof legend_text[k], "%.*s",
                 (int)(colon ? (size_t)(colon - label) : strlen(label)), label);
      else
        snprintf(legend_text[k], sizeof legend_text[k], "%s", cases[k]);
      legend[k] = legend_text[k];
    }
    char all_text[32];
    eml_number_format(all, all == floor(all) ? 0 : 1, 0, all_text, sizeof all_text);
    snprintf(line, sizeof line, "%s j", all_text);
    eml_chart *c;
    st = add_chart(r, EML_CHART_DOTS, name, title, &c);
    if (!st)
      st = eml_chart_set_axis(c, 0, "Sites, par délai médian croissant", NAN, NAN, 0);
    if (!st)
      st = eml_chart_set_axis(c, 1, "Délai d'obtention du rendez-vous au plus tôt (jours)", NAN,
                              NAN, 0);
    if (!st)
      st = eml_chart_set_ticks(c, 1, legend, n_legend);
    if (!st)
      st = eml_chart_set_note(c, "Un point par réponse (hors cas urgents) ; tirets : délai "
                                 "médian, tous cas cliniques");
    if (!st)
      st = eml_chart_add_line(c, all, line);
    for (size_t i = 0; !st && i < n; i++) {
      size_t s = 0, k = 0;
      while (strcmp(sites[s].site, rows[i]->site) != 0)
        s++;
      while (strcmp(cases[k], rows[i]->case_code) != 0)
        k++;
      st = eml_chart_add_point(c, NULL, (double)s + 1, rows[i]->delay_days, (double)k, NAN);
    }
  }
  free(rows);
  free(sites);
  free(cases);
  free(values);
  return st;
}

static eml_status imaging_charts(eml_report *r, const eml_imaging_result *res,
                                 const eml_appointments *appointments) {
  eml_status st = eml_report_add_heading(r, 0, "Graphiques", 1);
  for (int mod = 0; !st && mod < EML_IMAGING_MODALITY_COUNT; mod++)
    st = opening_chart(r, res, (eml_imaging_modality)mod);
  for (int mod = 0; !st && mod < EML_IMAGING_MODALITY_COUNT; mod++)
    for (int er = 0; !st && er < 2; er++)
      st = bubbles(r, res, (eml_imaging_modality)mod, er);
  for (int ind = 0; !st && ind < EML_IND_COUNT; ind++)
    st = panel_chart(r, res, (eml_imaging_indicator)ind);
  for (int mod = 0; !st && mod < EML_IMAGING_MODALITY_COUNT; mod++)
    st = durations_chart(r, res, (eml_imaging_modality)mod);
  /* figures 3 to 6, in the seed's order */
  static const char classes[2] = {'A', 'H'};
  for (int c = 0; !st && appointments && c < 2; c++)
    for (int mod = 0; !st && mod < 2; mod++)
      st = appointment_sites_chart(r, appointments, (eml_appt_modality)mod, classes[c]);
  return st;
}

/* The data-quality annex: one row per machine with its suspicious counts. */
static eml_status quality_annex(eml_report *r, const eml_imaging_result *res) {
  static const char *const cols[][2] = {
      {N_("Appareil"), "equipment_id"}, {N_("Modalité"), "modality"},
      {N_("Examens retenus"), "exams"}, {N_("Examens trop courts"), "short_exams"},
      {N_("Examens chevauchants"), "overlapping_exams"},
      {N_("Hors vacation"), "exams_outside_sessions"},
      {N_("Vacations chevauchantes"), "overlapping_sessions"}, {N_("Sans ICR"), "missing_icr"}};
  eml_table *t = eml_table_new("qualite", "Annexe : qualité des données par appareil");
  for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
    eml_table_add_column(t, NULL, cols[c][0], cols[c][1]);
  for (size_t i = 0; i < eml_imaging_machine_count(res); i++) {
    const eml_imaging_machine *m = eml_imaging_machine_at(res, i);
    size_t row;
    const long counts[6] = {m->exams, m->short_exams, m->overlapping_exams,
                            m->exams_outside_sessions, m->overlapping_sessions, m->missing_icr};
    eml_table_add_row(t, &row);
    eml_table_set_text(t, row, 0, m->equipment_id);
    eml_table_set_text(t, row, 1, m->modality == EML_IMAGING_CT ? _("Scanner") : _("IRM"));
    for (int k = 0; k < 6; k++)
      eml_table_set_int(t, row, (size_t)k + 2, counts[k], 0);
  }
  eml_table_add_note(t, "Examens trop courts : moins de 3 minutes, exclus des indicateurs. "
                        "Hors vacation : début en dehors de toute vacation déclarée.");
  eml_status st = eml_table_finish(t, &t); /* the one check of the table */
  if (!st)
    st = eml_report_set_annex_title(r, "Annexe : qualité des données");
  if (!st)
    return eml_report_add_table(r, 1, t);
  eml_table_free(t);
  return st;
}

eml_status eml_report_imaging_begin(eml_report *r, const eml_imaging_result *res,
                                    const eml_imaging_source *src, const char *method,
                                    const char *edited) {
  char from[16], to[16], weeks[32], subtitle[256], sources[1024] = "";
  eml_date_format_fr(eml_imaging_result_from(res), from, sizeof from);
  eml_date_format_fr(eml_imaging_result_to(res) - 1, to, sizeof to);
  /* the weeks with the language's decimal mark: "4,0 semaines", "4.0 weeks" */
  eml_number_format(eml_imaging_result_weeks(res), 1, 0, weeks, sizeof weeks);
  snprintf(subtitle, sizeof subtitle, _("Période du %s au %s (%s semaines), %zu appareils"), from,
           to, weeks, eml_imaging_machine_count(res));
  if (src && src->equipment)
    snprintf(sources, sizeof sources, _("Sources : %s, %s, %s%s%s"), src->equipment,
             src->schedule ? src->schedule : src->sessions, src->exams, src->sites ? ", " : "",
             src->sites ? src->sites : "");
  else if (src)
    snprintf(sources, sizeof sources, _("Source : campagne %s de %s"), src->campaign, src->db);
  const char *lines[] = {src ? sources : NULL, method};
  return eml_report_begin_document(r, subtitle, lines, 2, edited);
}

eml_status eml_report_imaging(const eml_report_imaging_args *a, eml_report **out) {
  *out = NULL;
  eml_report *r = eml_report_new("Parangonnage de l'imagerie en coupe (scanner, IRM)");
  if (!r)
    return EML_ERR_NOMEM;
  int document = (a->flags & EML_REPORT_DOCUMENT) != 0;
  eml_status st = document ? eml_report_imaging_begin(r, a->result, a->source,
                                                       N_("Méthode : indicateurs et règle "
                                                          "d'inclusion de l'étude ANAP/MeaH "
                                                          "(seed 001), quantiles de type 7."),
                                                       a->edited)
                           : EML_OK;
  eml_table **tables = NULL;
  size_t count = 0;
  if (!st)
    st = summary_tables(a, &tables, &count);
  if (!st)
    st = eml_report_take_tables(r, 0, tables, count);
  if (!st && (a->flags & EML_REPORT_CHARTS))
    st = imaging_charts(r, a->result, a->appointments);
  if (!st && document)
    st = quality_annex(r, a->result);
  if (st) {
    eml_report_free(r);
    return st;
  }
  *out = r;
  return EML_OK;
}
