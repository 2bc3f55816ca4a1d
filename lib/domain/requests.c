/*
 * requests.c — reading and judging applications (eml/requests.h states the
 * rules; registry.md "Applications").
 *
 * The verdict text lists every rule with its figures, in French as the
 * agency writes it: "appareils : 25 + 1 ≤ 26 respecté ; implantations :
 * 19 + 1 > 19 dépassé". The rules the notes carry (notes.csv `rule`;
 * docs/register.md "Notes that carry a rule") apply to seed-000 rows: a
 * territory open only to interventional devices judges those on the
 * regional allowance ("note * du 75 « … » : jugée sur l'allocation
 * régionale"), the others NON RECEVABLE; the regional allowance is shared
 * by the region's interventional applications ("CT, imagerie
 * interventionnelle : 7 demandes recevables pour 6 places (région).").
 * A row with an activity in `modality` is an
 * application of the 2023 regime (spec regime-2023.md, docs/regime-2023.md
 * "Applications"), judged by eml_requests_judge_2023 against the
 * implantations of the balance (balance_2023.c, over eml/regime.h's
 * counts): "implantations 91 : 27 + 1 ≤ 28 ; déposée dans la période du
 * 01/09/2025 au 31/10/2025", "appareils du site : 2 + 1 = 3 (CT 3, IRM 0)
 * ; 3 appareils ou plus sans IRM".
 */
#include "balance_internal.h"
#include "register_rows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const eml_column_spec request_columns[] = {
    {"request_id", 1, EML_COL_TEXT, NULL},   {"finess", 1, EML_COL_FINESS, NULL},
    {"territory", 0, EML_COL_TEXT, NULL},    {"modality", 1, EML_COL_CODE, NULL},
    {"devices", 0, EML_COL_INT, NULL},       {"interventional", 0, EML_COL_BOOL, NULL},
    {"kind", 1, EML_COL_CODE, NULL},         {"filed_on", 0, EML_COL_DATE, NULL},
    {"mention", 0, EML_COL_CODE, NULL},      {"device_modality", 0, EML_COL_CODE, NULL},
    {"to_finess", 0, EML_COL_FINESS, NULL},  {NULL, 0, 0, NULL}};
enum { COL_MENTION = 8, COL_DEVICE_MODALITY = 9, COL_TO_FINESS = 10 };

/* the regimes a kind belongs to */
#define SEED 1
#define R2023 2

static const struct {
  const char *words; /* accepted spellings, '|'-separated */
  const char *label; /* French label shown */
  int regimes;       /* SEED, R2023 or both */
} kinds[] = {
    [EML_REQUEST_CREATION] = {"creation|création", N_("création"), SEED | R2023},
    [EML_REQUEST_EXTENSION] = {"extension", N_("extension"), SEED},
    [EML_REQUEST_RENEWAL] = {"renewal|renouvellement", N_("renouvellement"), SEED | R2023},
    [EML_REQUEST_REPLACEMENT] = {"replacement|remplacement", N_("remplacement"), SEED},
    [EML_REQUEST_DECLARATION] = {"declaration|déclaration", N_("déclaration"), R2023},
    [EML_REQUEST_TRANSFER] = {"transfer|transfert", N_("transfert"), R2023},
};

/* A kind of the regime (SEED or R2023). */
static int parse_kind(const char *s, size_t len, int regime, eml_request_kind *out) {
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    if (!(kinds[k].regimes & regime))
      continue;
    const char *w = kinds[k].words;
    while (*w) {
      const char *bar = strchr(w, '|');
      size_t wl = bar ? (size_t)(bar - w) : strlen(w);
      if (wl == len && strncasecmp(w, s, len) == 0) {
        *out = (eml_request_kind)k;
        return 1;
      }
      w += wl + (bar ? 1 : 0);
    }
  }
  return 0;
}

/* The columns of a 2023 row (q->is_activity): no device count, no
 * interventional flag (interventional radiology is an activity), the
 * mention of the activity, and what its kind needs. */
static eml_status read_2023(const eml_row *r, const eml_regime_rules *rules, int has_devices,
                            eml_request *q, eml_diag *diag) {
  eml_status st;
  size_t len;
  if (has_devices)
    return eml_row_bad(r, 4, diag,
                       "non utilisé sous le régime de 2023 (une ligne par implantation, ou par "
                       "appareil déclaré)");
  if (q->interventional)
    return eml_row_bad(r, 5, diag,
                       "non utilisé sous le régime de 2023 (la radiologie interventionnelle "
                       "est l'activité INTERVENTIONAL)");
  if ((st = eml_row_mention(r, COL_MENTION, rules, q->activity, q->mention, diag)))
    return st;
  const char *k = eml_row_field(r, 6, &len);
  if (!parse_kind(k, len, R2023, &q->kind))
    return eml_row_bad(r, 6, diag, "nature inconnue (attendu creation, renewal, declaration ou "
                                   "transfer)");
  eml_row_field(r, COL_DEVICE_MODALITY, &len);
  if (q->kind != EML_REQUEST_DECLARATION && len)
    return eml_row_bad(r, COL_DEVICE_MODALITY, diag, "seule une déclaration nomme un appareil");
  if (q->kind == EML_REQUEST_DECLARATION) {
    if (q->activity != EML_ACT_IMAGING)
      return eml_row_bad(r, 3, diag, "une déclaration porte sur un appareil d'imagerie "
                                     "(activité IMAGING)");
    if (!len)
      return eml_row_bad(r, COL_DEVICE_MODALITY, diag,
                         "une déclaration nomme l'appareil déclaré (CT ou MRI)");
    if ((st = eml_row_modality(r, COL_DEVICE_MODALITY, &q->device_modality, diag)))
      return st;
    if (q->device_modality != EML_MOD_CT && q->device_modality != EML_MOD_MRI)
      return eml_row_bad(r, COL_DEVICE_MODALITY, diag,
                         "un appareil déclaré sous IMAGING est un CT ou une MRI");
  }
  if (q->kind != EML_REQUEST_TRANSFER && q->to_finess[0])
    return eml_row_bad(r, COL_TO_FINESS, diag, "seul un transfert nomme un site de destination");
  if (q->kind == EML_REQUEST_TRANSFER && !q->to_finess[0])
    return eml_row_bad(r, COL_TO_FINESS, diag, "un transfert nomme le site où il va");
  if (q->kind == EML_REQUEST_TRANSFER && strcmp(q->to_finess, q->finess) == 0)
    return eml_row_bad(r, COL_TO_FINESS, diag, "un transfert va vers un autre site que finess");
  if (q->kind != EML_REQUEST_DECLARATION && !q->has_filed_on)
    return eml_row_bad(r, 7, diag,
                       "une demande du régime de 2023 a besoin de sa date de dépôt (les "
                       "fenêtres de dépôt)");
  return EML_OK;
}

static eml_status read_row(const eml_row *r, const eml_known_territories *known,
                           const eml_regime_rules *rules, eml_request *q, eml_diag *diag) {
  eml_status st;
  int has_devices;
  size_t len;
  memset(q, 0, sizeof *q);
  q->line = eml_csv_line(r->csv);
  if ((st = eml_row_text(r, 0, q->id, sizeof q->id, diag)) ||
      (st = eml_row_finess(r, 1, q->finess, diag)) ||
      (st = eml_row_territory(r, 2, known, q->territory, diag)) ||
      (st = eml_row_modality_or_activity(r, 3, &q->is_activity, &q->activity, &q->modality,
                                         diag)) ||
      (st = eml_row_count(r, 4, &has_devices, &q->devices, diag)) ||
      (st = eml_row_bool(r, 5, &q->interventional, diag)) ||
      (st = eml_row_date(r, 7, &q->has_filed_on, &q->filed_on, diag)) ||
      (st = eml_row_finess(r, COL_TO_FINESS, q->to_finess, diag)))
    return st;
  if (q->is_activity)
    return read_2023(r, rules, has_devices, q, diag);
  if (!has_devices)
    q->devices = 1;
  else if (q->devices < 1)
    return eml_row_bad(r, 4, diag, "une demande porte sur au moins un appareil");
  const char *k = eml_row_field(r, 6, &len);
  if (!parse_kind(k, len, SEED, &q->kind))
    return eml_row_bad(r, 6, diag,
                       "nature inconnue (attendu creation, extension, renewal ou replacement)");
  if (eml_row_field(r, COL_MENTION, &len), len)
    return eml_row_bad(r, COL_MENTION, diag,
                       "une mention ne s'applique qu'à une activité du régime de 2023");
  if (eml_row_field(r, COL_DEVICE_MODALITY, &len), len)
    return eml_row_bad(r, COL_DEVICE_MODALITY, diag, "seule une déclaration nomme un appareil");
  if (q->to_finess[0])
    return eml_row_bad(r, COL_TO_FINESS, diag, "seul un transfert nomme un site de destination");
  return EML_OK;
}

/* The applications read so far, and the caller's hooks. */
typedef struct requests_reading {
  eml_known_territories known;
  const eml_regime_rules *rules;
  eml_request *list;
  size_t n, cap;
  long bad_rows;
  const eml_read_hooks *hooks;
} requests_reading;

static eml_status request_row(void *ctx, const eml_row *r, int *skipped, eml_diag *diag) {
  requests_reading *g = ctx;
  (void)skipped;
  void *grown = g->list;
  eml_status st = eml_grow(&grown, &g->cap, g->n + 1, sizeof *g->list);
  g->list = grown;
  if (st)
    return st;
  st = read_row(r, &g->known, g->rules, &g->list[g->n], diag);
  for (size_t i = 0; !st && i < g->n; i++)
    if (strcmp(g->list[i].id, g->list[g->n].id) == 0)
      st = eml_row_duplicate(r, 0, diag, N_("identifiant de demande"));
  if (!st)
    g->n++;
  return st;
}

/* Every bad row is counted and told to the caller; the reading goes on. */
static void bad_request(void *ctx, const eml_diag *why, const char *raw, size_t raw_len) {
  requests_reading *g = ctx;
  g->bad_rows++;
  eml_hooks_reject(g->hooks, why, raw, raw_len);
}

static void request_warning(void *ctx, const char *file, const char *message) {
  eml_hooks_warn(((requests_reading *)ctx)->hooks, file, message);
}

eml_status eml_requests_read(const char *path, const eml_csv_options *csv, const eml_register *reg,
                             const eml_regime_rules *rules, const eml_read_hooks *hooks,
                             eml_request **out, size_t *count, eml_diag *diag) {
  *out = NULL;
  *count = 0;
  requests_reading g = {{NULL, reg}, rules, NULL, 0, 0, 0, hooks};
  eml_row r = {.columns = request_columns};
  eml_read_hooks mine = {bad_request, request_warning, &g};
  eml_rows_reading reading = {path, NULL, 0, csv, NULL, request_row, &g, &mine};
  eml_status st = eml_rows_read(&r, &reading, NULL, diag);
  if (!st && g.n == 0 && g.bad_rows == 0) {
    eml_diag_set(diag, path, 1, NULL, NULL, 0, "aucune ligne de données après l'en-tête");
    st = EML_ERR_EMPTY;
  }
  if (!st && g.bad_rows) {
    eml_diag_set(diag, path, 0, NULL, NULL, 0,
                 _n("%ld ligne rejetée : aucune demande jugée",
                    "%ld lignes rejetées : aucune demande jugée", g.bad_rows),
                 g.bad_rows);
    st = EML_ERR_REJECTED;
  }
  if (st) {
    free(g.list);
    return st;
  }
  *out = g.list;
  *count = g.n;
  return EML_OK;
}

static const eml_balance_row *balance_row(const eml_balance *b, eml_modality m,
                                          const char *territory) {
  for (size_t t = 0; t < b->ntables; t++) {
    if (b->tables[t].modality != m)
      continue;
    for (size_t i = 0; i < b->tables[t].nrows; i++)
      if (strcmp(b->tables[t].rows[i].territory, territory) == 0)
        return &b->tables[t].rows[i];
  }
  return NULL;
}

/* Devices of modality m in force at the site at date `at`. */
static long site_devices(const eml_register *reg, const char *finess, eml_modality m,
                         eml_date at) {
  long n = 0;
  for (size_t i = 0; i < reg->nequipment; i++) {
    const eml_equipment *e = &reg->equipment[i];
    if (e->modality == m && strcmp(e->finess, finess) == 0 && eml_equipment_in_force(e, at))
      n++;
  }
  return n;
}

/* Appends "label : now + n ≤ high respecté" and returns whether it holds. */
/* printf into b; the first error is kept in *st (checked once at the end). */
static void say(eml_buf *b, eml_status *st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(eml_buf *b, eml_status *st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  eml_status_keep(st, eml_buf_vprintf(b, fmt, ap));
  va_end(ap);
}

/* Writes the rule's check into rules (the first error kept in *st);
 * whether it holds. */
static int check_rule(eml_buf *rules, eml_status *st, const char *label, int64_t now, int64_t n,
                      int64_t high) {
  int ok = now + n <= high;
  say(rules, st, _("%s%s : %lld + %lld %s %lld %s"), rules->len ? _(" ; ") : "", label, (long long)now,
      (long long)n, ok ? "≤" : ">", (long long)high, ok ? _("respecté") : _("dépassé"));
  return ok;
}

/* The zone (territory) of a FINESS site: its territory in the register,
 * else the département of its number, else "?". */
static void finess_zone(const eml_register *reg, const char *finess, char zone[8]) {
  long site = eml_register_find_site(reg, finess);
  if (site >= 0)
    snprintf(zone, 8, "%s", reg->sites[site].territory);
  else if (eml_territory_from_finess(finess, zone) != EML_OK)
    snprintf(zone, 8, "?");
}

/* The territory of a request: the one given, else its site's; a given one
 * that is not the site's in the register is noted (declared: "le
 * département déclaré" / "la zone déclarée", its pronoun "celui" /
 * "celle"). */
static void request_zone(const eml_register *reg, const eml_request *q, const char *declared,
                         const char *pronoun, char zone[8], eml_buf *notes, eml_status *st) {
  long site = eml_register_find_site(reg, q->finess);
  if (q->territory[0])
    snprintf(zone, 8, "%s", q->territory);
  else
    finess_zone(reg, q->finess, zone);
  if (site >= 0 && q->territory[0] && strcmp(reg->sites[site].territory, q->territory) != 0)
    say(notes, st, _("%s : %s (%s) n'est pas %s du site au registre (%s).\n"), q->id, declared,
        q->territory, pronoun, reg->sites[site].territory);
}

/* Each line of notes becomes a note of t. */
static void add_notes(eml_table *t, eml_buf *notes) {
  for (char *line = notes->data; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl)
      *nl = '\0';
    eml_table_add_note(t, line);
    line = nl ? nl + 1 : NULL;
  }
}

/* "dd/mm/yyyy", "" when not given */
static void filed_text(const eml_request *q, char buf[16]) {
  buf[0] = '\0';
  if (q->has_filed_on)
    eml_date_format_fr(q->filed_on, buf, 16);
}

/* The note of modality m's table carrying `rule` for territory ("" the
 * regional one), or NULL (docs/register.md "Notes"). */
static const eml_note *rule_note(const eml_balance *b, eml_modality m, const char *territory,
                                 eml_note_rule rule) {
  for (size_t t = 0; t < b->ntables; t++)
    for (size_t i = 0; b->tables[t].modality == m && i < b->tables[t].nnotes; i++) {
      const eml_note *n = b->tables[t].notes[i];
      if (n->rule == rule && strcmp(n->territory, territory) == 0)
        return n;
    }
  return NULL;
}

/* The regional interventional allowance of a modality: its note, and the
 * receivable interventional applications competing for it. */
typedef struct allowance_demand {
  const eml_note *note;
  eml_modality modality;
  int64_t requests, devices;
} allowance_demand;

/* Receivable applications counted per territory and modality, for the
 * oversubscription notes. */
typedef struct demand {
  const eml_balance_row *row;
  eml_modality modality;
  int64_t requests, devices, creations;
} demand;

eml_status eml_requests_judge(const eml_register *reg, const eml_balance *b,
                              const eml_request *req, size_t count, eml_table **out) {
  *out = NULL;
  size_t seed = 0;
  for (size_t i = 0; i < count; i++)
    seed += !req[i].is_activity;
  if (!seed)
    return EML_OK;
  eml_table *t = eml_table_new("demandes", "Demandes d'autorisation : recevabilité");
  char date[16], subtitle[160];
  eml_date_format_fr(b->at, date, sizeof date);
  snprintf(subtitle, sizeof subtitle, _("Au regard des objectifs de la période %s, situation au %s"),
           b->period, date);
  static const char *const columns[][2] = {
      {"Demande", "request_id"},  {N_("Déposée le"), "filed_on"}, {"FINESS", "finess"},
      {"Département", "territory"}, {"Modalité", "modality"}, {"Nature", "kind"},
      {"Appareils", "devices"},   {"Avis", "verdict"},       {N_("Règles vérifiées"), "rules"}};
  eml_table_set_subtitle(t, subtitle);
  for (size_t c = 0; c < sizeof columns / sizeof columns[0]; c++)
    eml_table_add_column(t, NULL, columns[c][0], columns[c][1]);
  eml_status st = eml_table_status(t); /* stop early when the table cannot be made */
  demand *demands = calloc(count ? count : 1, sizeof *demands);
  size_t ndemands = 0;
  allowance_demand regional[EML_MODALITY_COUNT];
  memset(regional, 0, sizeof regional);
  eml_buf rules, notes;
  /* the texts of one request's rules and of all the notes; an error
   * writing them (out of memory, past these caps) fails the judging, with
   * the table: a verdict is never shown with its reasons cut */
  eml_status text_st = EML_OK;
  eml_buf_init(&rules, 1 << 16);
  eml_buf_init(&notes, 1 << 24);
  if (!demands)
    st = EML_ERR_NOMEM;

  for (size_t i = 0; i < count && !st; i++) {
    const eml_request *q = &req[i];
    if (q->is_activity)
      continue;
    rules.len = 0;
    if (rules.data)
      rules.data[0] = '\0';
    long site = eml_register_find_site(reg, q->finess);
    char territory[8];
    request_zone(reg, q, _("le département déclaré"), _("celui"), territory, &notes, &text_st);

    long at_site = site >= 0 ? site_devices(reg, q->finess, q->modality, b->at) : 0;
    eml_request_kind kind = q->kind;
    if (kind == EML_REQUEST_CREATION && at_site > 0) {
      say(&notes, &text_st,
          _n("%s : déclarée « création » mais le site a déjà %ld appareil %s : jugée "
             "comme une extension.\n",
             "%s : déclarée « création » mais le site a déjà %ld appareils %s : jugée "
             "comme une extension.\n",
             at_site),
          q->id, at_site, eml_modality_code(q->modality));
      kind = EML_REQUEST_EXTENSION;
    } else if (kind == EML_REQUEST_EXTENSION && at_site == 0) {
      say(&notes, &text_st,
          _("%s : déclarée « extension » mais le site n'a pas d'appareil %s en vigueur : "
            "jugée comme une création.\n"),
          q->id, eml_modality_code(q->modality));
      kind = EML_REQUEST_CREATION;
    }

    const eml_balance_row *row = balance_row(b, q->modality, territory);
    int receivable = 1;
    if (kind == EML_REQUEST_RENEWAL || kind == EML_REQUEST_REPLACEMENT) {
      say(&rules, &text_st, _("%s : sans effet sur le nombre d'appareils ni d'implantations"),
          _(kinds[kind].label));
    } else if (!row || !row->devices.has_target) {
      say(&rules, &text_st, _("pas d'objectif %s en appareils pour le territoire %s (période %s)"),
          eml_modality_code(q->modality), territory, b->period);
      receivable = 0;
    } else {
      /* the rules notes.csv carries (docs/register.md "Notes"): a territory
       * open only to interventional devices, judged on the regional
       * allowance instead of its bounds */
      const eml_note *only = rule_note(b, q->modality, territory, EML_NOTE_INTERVENTIONAL_ONLY);
      const eml_note *allowance =
          q->interventional ? rule_note(b, q->modality, "", EML_NOTE_INTERVENTIONAL_ALLOWANCE)
                            : NULL;
      int by_allowance = only && q->interventional && allowance;
      receivable &= check_rule(&rules, &text_st, _("appareils"), row->devices.now, q->devices,
                               row->devices.high) ||
                    by_allowance;
      if (only && !q->interventional) {
        say(&rules, &text_st, _(" ; note %s du %s « %s » : demande non interventionnelle"),
            only->mark, only->territory, only->text);
        receivable = 0;
      } else if (only && !allowance) {
        say(&rules, &text_st, _(" ; note %s du %s « %s » : pas d'allocation régionale"), only->mark,
            only->territory, only->text);
        receivable = 0;
      } else if (only) {
        say(&rules, &text_st,
            _(" ; note %s du %s « %s » : jugée sur l'allocation régionale, hors bornes du "
              "département"),
            only->mark, only->territory, only->text);
      }
      if (kind == EML_REQUEST_CREATION) {
        if (row->sites.has_target)
          receivable &=
              check_rule(&rules, &text_st, _("implantations"), row->sites.now, 1, row->sites.high);
        else {
          say(&rules, &text_st, "%s", _(" ; pas d'objectif en implantations"));
          receivable = 0;
        }
      }
      if (q->interventional && !by_allowance) {
        if (row->devices.has_interventional_target)
          receivable &=
              check_rule(&rules, &text_st, _("interventionnel"), row->devices.interventional_now,
                         q->devices, row->devices.interventional_high);
        else
          say(&rules, &text_st, "%s", _(" ; pas de borne pour l'imagerie interventionnelle"));
      }
      if (q->interventional && allowance) {
        int ok = q->devices <= allowance->allowance;
        say(&rules, &text_st,
            _n(" ; allocation régionale (note régionale %s) : %lld %s %lld appareil "
               "interventionnel",
               " ; allocation régionale (note régionale %s) : %lld %s %lld appareils "
               "interventionnels",
               allowance->allowance),
            eml_modality_code(q->modality), (long long)q->devices, ok ? "≤" : ">",
            (long long)allowance->allowance);
        receivable &= ok;
      }
      if (receivable && allowance) {
        allowance_demand *g = &regional[q->modality];
        g->note = allowance;
        g->modality = q->modality;
        g->requests++;
        g->devices += q->devices;
      }
      if (receivable && !by_allowance) {
        size_t k = 0;
        while (k < ndemands && !(demands[k].row == row && demands[k].modality == q->modality))
          k++;
        if (k == ndemands) {
          demands[ndemands].row = row;
          demands[ndemands].modality = q->modality;
          ndemands++;
        }
        demands[k].requests++;
        demands[k].devices += q->devices;
        demands[k].creations += kind == EML_REQUEST_CREATION;
      }
    }
    size_t r;
    char filed[16];
    filed_text(q, filed);
    eml_table_add_row(t, &r);
    char kind_label[64];
    snprintf(kind_label, sizeof kind_label, "%s%s", _(kinds[q->kind].label),
             q->interventional ? _(" (interventionnel)") : "");
    size_t c = 0;
    eml_table_set_text(t, r, c++, q->id);
    eml_table_set_text(t, r, c++, filed);
    eml_table_set_text(t, r, c++, q->finess);
    eml_table_set_text(t, r, c++, territory);
    eml_table_set_text(t, r, c++, eml_modality_code(q->modality));
    eml_table_set_text(t, r, c++, kind_label);
    eml_table_set_int(t, r, c++, q->devices, 0);
    eml_table_set_text(t, r, c++, receivable ? _("RECEVABLE") : _("NON RECEVABLE"));
    eml_table_set_text(t, r, c++, rules.data ? rules.data : "");
  }
  /* oversubscription: receivable applications beyond the room left */
  for (size_t k = 0; k < ndemands && !st; k++) {
    const eml_balance_row *row = demands[k].row;
    int64_t room = row->devices.high - row->devices.now;
    if (demands[k].devices > room)
      say(&notes, &text_st,
          _n("%s, %s : %lld demandes recevables pour %lld place%s.\n",
             "%s, %s : %lld demandes recevables pour %lld places%s.\n", room),
          row->territory, eml_modality_code(demands[k].modality), (long long)demands[k].requests,
          (long long)room,
          demands[k].devices != demands[k].requests ? _(" (en nombre d'appareils)") : "");
    int64_t site_room = row->sites.high - row->sites.now;
    if (row->sites.has_target && demands[k].creations > site_room)
      say(&notes, &text_st,
          _n("%s, %s : %lld créations recevables pour %lld implantation.\n",
             "%s, %s : %lld créations recevables pour %lld implantations.\n", site_room),
          row->territory, eml_modality_code(demands[k].modality), (long long)demands[k].creations,
          (long long)site_room);
  }
  /* the regional allowance: receivable interventional applications
   * beyond it (registry.md notes.csv; issue 14 item 1) */
  for (int m = 0; m < EML_MODALITY_COUNT && !st; m++)
    if (regional[m].note && regional[m].devices > regional[m].note->allowance)
      say(&notes, &text_st,
          _n("%s, imagerie interventionnelle : %lld demandes recevables pour %lld place "
             "(région)%s.\n",
             "%s, imagerie interventionnelle : %lld demandes recevables pour %lld places "
             "(région)%s.\n",
             regional[m].note->allowance),
          eml_modality_code(regional[m].modality), (long long)regional[m].requests,
          (long long)regional[m].note->allowance,
          regional[m].devices != regional[m].requests ? _(" (en nombre d'appareils)") : "");
  if (!st)
    add_notes(t, &notes);
  eml_buf_free(&rules);
  eml_buf_free(&notes);
  free(demands);
  eml_table_fail(t, st ? st : text_st); /* an error of the judging itself, if any */
  return eml_table_finish(t, out);
}

/* ---- the 2023 regime ---- */

/* The figures of data/regimes/2023.csv the applications apply; without a
 * rules file, the file's values (a rule left empty there is not applied).
 * The site's figures are those of the balance's checks
 * (eml_regime_site_figures_of). */
typedef struct regime_figures {
  eml_regime_site_figures site;
  int has_window_months, has_published_days;
  int64_t window_months, published_days;
} regime_figures;

static regime_figures figures_of(const eml_regime_rules *rules) {
  regime_figures f = {eml_regime_site_figures_of(rules), 1, 1, 2, 15};
  return f;
}

/* The figures of the filing windows of activity a (a row of the activity,
 * else the row for every activity). */
static regime_figures window_figures(const eml_regime_rules *rules, eml_activity a) {
  regime_figures f = figures_of(NULL);
  if (rules) {
    f.has_window_months = eml_regime_rule_int(rules, "window_min_length_months", a,
                                              &f.window_months);
    f.has_published_days = eml_regime_rule_int(rules, "balance_published_min_days_before_window",
                                               a, &f.published_days);
  }
  return f;
}

/* The target of (activity, mention) for zone: the table of that mention,
 * else the table without a mention (every mention counts); NULL if none. */
static const eml_balance_activity *target_of(const eml_balance *b, eml_activity a,
                                             const char *mention, const char *zone,
                                             const eml_balance_zone **row) {
  for (int pass = mention[0] ? 0 : 1; pass < 2; pass++)
    for (size_t i = 0; i < b->nactivities; i++) {
      const eml_balance_activity *t = &b->activities[i];
      if (t->activity != a || strcmp(t->mention, pass ? "" : mention))
        continue;
      if ((*row = eml_balance_activity_zone(t, zone)))
        return t;
    }
  *row = NULL;
  return NULL;
}

/* The window of the activity holding `filed` (both ends inclusive), the
 * next one opening after it, and whether the activity has any. */
typedef struct window_pick {
  int any;
  const eml_window *in, *next;
} window_pick;

static window_pick pick_window(const eml_register *reg, eml_activity a, eml_date filed) {
  window_pick p = {0, NULL, NULL};
  for (size_t i = 0; i < reg->nwindows; i++) {
    const eml_window *w = &reg->windows[i];
    if (w->activity != a)
      continue;
    p.any = 1;
    if (!p.in && w->opens_on <= filed && filed <= w->closes_on)
      p.in = w;
    if (w->opens_on > filed && (!p.next || w->opens_on < p.next->opens_on))
      p.next = w;
  }
  return p;
}

/* "du 01/09/2025 au 31/10/2025" */
static void window_text(const eml_window *w, char *buf, size_t size) {
  char opens[16], closes[16];
  eml_date_format_fr(w->opens_on, opens, sizeof opens);
  eml_date_format_fr(w->closes_on, closes, sizeof closes);
  snprintf(buf, size, _("du %s au %s"), opens, closes);
}

/* Receivable creations (and transfers to another zone) per target row and
 * window, for the competition notes. */
typedef struct place_demand {
  const eml_balance_activity *table;
  const eml_balance_zone *row;
  const eml_window *window; /* NULL: the activity has no windows */
  int64_t requests;
} place_demand;

/* One new implantation in zone (a creation, or a transfer to another
 * zone, prefix "transfert vers la zone 92, "): implantations + added <=
 * OQOS max, added 0 at a site already implanted. Writes the rule; sets
 * *demand to the target row when the request takes a place. */
static int judge_place(const eml_register *reg, const eml_balance *b, const eml_request *q,
                       const char *zone, const char *site, const char *prefix, eml_buf *rules,
                       eml_status *st, const eml_balance_activity **table,
                       const eml_balance_zone **row) {
  *table = target_of(b, q->activity, q->mention, zone, row);
  if (!*table) {
    say(rules, st, _("%spas d'objectif %s%s%s en implantations pour la zone %s (période %s)"), prefix,
        eml_activity_code(q->activity), q->mention[0] ? _(" mention ") : "", q->mention, zone,
        b->period);
    return 0;
  }
  int added = !eml_regime_site_implanted(reg, site, q->activity, (*table)->mention, b->at);
  int ok = (*row)->implantations + added <= (*row)->high;
  say(rules, st, _("%simplantations %s : %lld + %d %s %lld%s%s"), prefix, zone,
      (long long)(*row)->implantations, added, ok ? "≤" : ">", (long long)(*row)->high,
      added ? "" : _(" (site déjà implanté)"),
      q->mention[0] && !(*table)->mention[0]
          ? _(" (objectif sans mention : toutes les mentions comptées)")
          : "");
  if (!ok || !added)
    *table = NULL, *row = NULL;
  return ok;
}

/* A declaration of one more CT or MRI at the site (IMAGING): judged on the
 * site's devices in force at D (docs/regime-2023.md "Applications"). */
static const char *judge_declaration(const eml_register *reg, const eml_balance *b,
                                     const eml_regime_site *counts,
                                     const eml_regime_site_figures *f,
                                     const eml_request *q, eml_buf *rules, eml_status *st) {
  long s = eml_register_find_site(reg, q->finess);
  if (s < 0 || !counts[s].implanted[EML_ACT_IMAGING]) {
    char date[16];
    eml_date_format_fr(b->at, date, sizeof date);
    say(rules, st, _("le site n'a pas d'autorisation IMAGING en vigueur au %s"), date);
    return N_("NON RECEVABLE");
  }
  const eml_regime_site *k = &counts[s];
  int64_t ct = k->ct + (q->device_modality == EML_MOD_CT);
  int64_t mri = k->mri + (q->device_modality == EML_MOD_MRI);
  say(rules, st, _("appareils du site : %lld + 1 = %lld (CT %lld, IRM %lld)"), (long long)k->devices,
      (long long)(ct + mri), (long long)ct, (long long)mri);
  if (f->has_mix_min && ct + mri >= f->mix_min && (ct == 0 || mri == 0)) {
    say(rules, st, _(" ; %lld appareils ou plus sans %s"), (long long)f->mix_min,
        ct == 0 ? _("scanner") : _("IRM"));
    return N_("NON RECEVABLE");
  }
  if (f->has_max && ct + mri > f->max) {
    say(rules, st, _(" > %lld, le maximum par site"), (long long)f->max);
    return N_("NON RECEVABLE");
  }
  if (f->has_declaration_max && ct + mri > f->declaration_max) {
    say(rules, st, " > %lld", (long long)f->declaration_max);
    return N_("JUSTIFICATION REQUISE");
  }
  if (f->has_declaration_max)
    say(rules, st, " ≤ %lld", (long long)f->declaration_max);
  return N_("DÉCLARATION");
}

/* The windows the rules report: shorter than the minimum length, balance
 * published fewer days than the minimum before the opening, or not said. */
static void window_notes(const eml_register *reg, const eml_regime_rules *rules, eml_buf *notes,
                         eml_status *st) {
  for (size_t i = 0; i < reg->nwindows; i++) {
    const eml_window *w = &reg->windows[i];
    regime_figures wf = window_figures(rules, w->activity);
    const regime_figures *f = &wf;
    char when[64], published[16];
    window_text(w, when, sizeof when);
    if (f->has_window_months) {
      /* long enough when closes_on + 1 day >= opens_on + N months (the day
       * of the month kept, or the month's last day) */
      int y, m, d;
      eml_date_to_civil(w->opens_on, &y, &m, &d);
      int64_t months = (int64_t)y * 12 + (m - 1) + f->window_months;
      int ey = (int)(months / 12), em = (int)(months % 12) + 1;
      eml_date first_next = em == 12 ? eml_date_from_civil(ey + 1, 1, 1)
                                     : eml_date_from_civil(ey, em + 1, 1);
      eml_date end = eml_date_from_civil(ey, em, 1) + d - 1;
      if (end >= first_next)
        end = first_next - 1;
      if (w->closes_on + 1 < end)
        say(notes, st, _("période %s %s : moins de %lld mois (Code de la santé publique R. 6122-29).\n"),
            eml_activity_code(w->activity), when, (long long)f->window_months);
    }
    if (!f->has_published_days)
      continue;
    if (!w->has_published) {
      say(notes, st, _("période %s %s : date de publication du bilan non renseignée.\n"),
          eml_activity_code(w->activity), when);
      continue;
    }
    long days = (long)w->opens_on - (long)w->published_on;
    eml_date_format_fr(w->published_on, published, sizeof published);
    if (days < f->published_days)
      say(notes, st,
          _n("période %s %s : bilan publié le %s, %ld jour %s l'ouverture (moins de %lld).\n",
             "période %s %s : bilan publié le %s, %ld jours %s l'ouverture (moins de %lld).\n",
             days < 0 ? -days : days),
          eml_activity_code(w->activity), when, published, days < 0 ? -days : days,
          days < 0 ? _("après") : _("avant"),
          (long long)f->published_days);
  }
}

eml_status eml_requests_judge_2023(const eml_register *reg, const eml_balance *b,
                                   const eml_regime_rules *regime, const eml_request *req,
                                   size_t count, eml_table **out) {
  *out = NULL;
  size_t n2023 = 0;
  for (size_t i = 0; i < count; i++)
    n2023 += req[i].is_activity;
  if (!n2023)
    return EML_OK;
  regime_figures f = figures_of(regime);
  eml_table *t = eml_table_new("demandes_2023",
                               "Demandes d'autorisation (régime de 2023) : recevabilité");
  char date[16], subtitle[200];
  eml_date_format_fr(b->at, date, sizeof date);
  snprintf(subtitle, sizeof subtitle,
           _("Au regard des objectifs en implantations de la période %s, situation au %s"),
           b->period, date);
  static const char *const columns[][2] = {
      {"Demande", "request_id"}, {N_("Déposée le"), "filed_on"},     {"FINESS", "finess"},
      {"Zone", "zone"},          {"Activité", "activity"},       {"Mention", "mention"},
      {"Nature", "kind"},        {"Appareil", "device_modality"}, {"Vers", "to_finess"},
      {"Avis", "verdict"},       {N_("Règles vérifiées"), "rules"}};
  eml_table_set_subtitle(t, subtitle);
  for (size_t c = 0; c < sizeof columns / sizeof columns[0]; c++)
    eml_table_add_column(t, NULL, columns[c][0], columns[c][1]);
  eml_status st = eml_table_status(t);
  eml_regime_site *counts = NULL;
  if (!st)
    st = eml_regime_site_counts(reg, b->at, &counts);
  place_demand *demands = calloc(count, sizeof *demands);
  long *taken = calloc(count, sizeof *taken); /* the demand a request takes, -1: none */
  size_t ndemands = 0;
  eml_buf rules, notes;
  eml_status text_st = EML_OK; /* as in eml_requests_judge: no verdict with its reasons cut */
  eml_buf_init(&rules, 1 << 16);
  eml_buf_init(&notes, 1 << 24);
  if (!st && (!demands || !taken))
    st = EML_ERR_NOMEM;

  for (size_t i = 0; i < count && !st; i++) {
    const eml_request *q = &req[i];
    taken[i] = -1;
    if (!q->is_activity)
      continue;
    rules.len = 0;
    if (rules.data)
      rules.data[0] = '\0';
    char zone[8], to_zone[8] = "", when[64];
    request_zone(reg, q, _("la zone déclarée"), _("celle"), zone, &notes, &text_st);
    const char *verdict = N_("RECEVABLE");
    window_pick w = pick_window(reg, q->activity, q->filed_on);
    const eml_balance_activity *table = NULL;
    const eml_balance_zone *row = NULL;
    if (q->kind == EML_REQUEST_DECLARATION) {
      verdict = judge_declaration(reg, b, counts, &f.site, q, &rules, &text_st);
    } else if (w.any && !w.in) {
      if (w.next)
        window_text(w.next, when, sizeof when);
      say(&rules, &text_st, _("déposée hors période de dépôt ; %s%s"),
          w.next ? _("prochaine période ") : _("aucune période à venir"), w.next ? when : "");
      verdict = N_("NON RECEVABLE");
    } else {
      if (q->kind == EML_REQUEST_TRANSFER)
        finess_zone(reg, q->to_finess, to_zone);
      if (q->kind == EML_REQUEST_RENEWAL) {
        say(&rules, &text_st, "%s", _("renouvellement : sans effet sur les implantations"));
      } else if (q->kind == EML_REQUEST_TRANSFER && strcmp(to_zone, zone) == 0) {
        say(&rules, &text_st, _("transfert dans la zone %s : sans effet sur les implantations"),
            zone);
      } else {
        char prefix[64] = "";
        if (q->kind == EML_REQUEST_TRANSFER)
          snprintf(prefix, sizeof prefix, _("transfert vers la zone %s, "), to_zone);
        int ok = judge_place(reg, b, q, q->kind == EML_REQUEST_TRANSFER ? to_zone : zone,
                             q->kind == EML_REQUEST_TRANSFER ? q->to_finess : q->finess, prefix,
                             &rules, &text_st, &table, &row);
        verdict = ok ? N_("RECEVABLE") : N_("NON RECEVABLE");
      }
      if (w.in) {
        window_text(w.in, when, sizeof when);
        say(&rules, &text_st, _(" ; déposée dans la période %s"), when);
      } else {
        say(&rules, &text_st, _(" ; aucune période de dépôt %s au calendrier : dépôt non vérifié"),
            eml_activity_code(q->activity));
      }
    }
    if (row) { /* a receivable request that takes a place */
      size_t k = 0;
      while (k < ndemands && !(demands[k].row == row && demands[k].window == w.in))
        k++;
      if (k == ndemands)
        demands[ndemands++] = (place_demand){table, row, w.in, 0};
      demands[k].requests++;
      taken[i] = (long)k;
    }
    size_t r, c = 0;
    char filed[16];
    filed_text(q, filed);
    eml_table_add_row(t, &r);
    eml_table_set_text(t, r, c++, q->id);
    eml_table_set_text(t, r, c++, filed);
    eml_table_set_text(t, r, c++, q->finess);
    eml_table_set_text(t, r, c++, zone);
    eml_table_set_text(t, r, c++, eml_activity_code(q->activity));
    eml_table_set_text(t, r, c++, q->mention);
    eml_table_set_text(t, r, c++, _(kinds[q->kind].label));
    eml_table_set_text(t, r, c++,
                       q->kind == EML_REQUEST_DECLARATION ? eml_modality_code(q->device_modality)
                                                          : "");
    eml_table_set_text(t, r, c++, q->to_finess);
    eml_table_set_text(t, r, c++, _(verdict));
    eml_table_set_text(t, r, c++, rules.data ? rules.data : "");
  }
  /* competition: receivable requests beyond the room left, per zone,
   * activity, mention of the target and window */
  for (size_t k = 0; k < ndemands && !st; k++) {
    const place_demand *dm = &demands[k];
    int64_t room = dm->row->high - dm->row->implantations;
    if (dm->requests <= room)
      continue;
    say(&notes, &text_st,
        _n("%s, %s%s%s : %lld demandes recevables pour %lld place (",
           "%s, %s%s%s : %lld demandes recevables pour %lld places (", room),
        dm->row->territory, eml_activity_code(dm->table->activity),
        dm->table->mention[0] ? " " : "", dm->table->mention, (long long)dm->requests,
        (long long)room);
    int first = 1;
    for (size_t i = 0; i < count; i++)
      if (taken[i] == (long)k) {
        say(&notes, &text_st, "%s%s", first ? "" : ", ", req[i].id);
        first = 0;
      }
    char when[64] = "";
    if (dm->window)
      window_text(dm->window, when, sizeof when);
    say(&notes, &text_st, ")%s%s.\n", dm->window ? _(", période ") : "", when);
  }
  if (!st)
    window_notes(reg, regime, &notes, &text_st);
  if (!st)
    add_notes(t, &notes);
  eml_buf_free(&rules);
  eml_buf_free(&notes);
  free(demands);
  free(taken);
  free(counts);
  eml_table_fail(t, st ? st : text_st);
  return eml_table_finish(t, out);
}
