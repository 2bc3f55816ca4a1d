/*
 * register_rows.c — getters of the register's values over the input
 * pipeline (register_rows.h): modalities, territories, sites.csv records
 * (registry.md, columns and codes); activities and their mentions (spec
 * regime-2023.md, data/regimes/2023.csv).
 */
#include "register_rows.h"

#include <string.h>

/* The verdict on a code of column i (len bytes, `unparsed` when its table
 * does not know it): `unknown` for a value, `required` for an empty cell. */
static eml_status code_verdict(const eml_row *r, int i, size_t len, int unparsed,
                               const char *unknown, const char *required, eml_diag *diag) {
  return unparsed ? eml_row_bad(r, i, diag, len ? unknown : required) : EML_OK;
}

/* What a code cell of the register accepts: a modality, an activity of
 * the 2023 regime, or either (a target's modality column). */
enum { CODE_MODALITY = 1, CODE_ACTIVITY = 2, CODE_EITHER = 3 };

/* Column i as a code `accept` allows: an activity first (to *activity,
 * *is_activity said when asked), else a modality (to *modality). */
static eml_status code_cell(const eml_row *r, int i, int accept, int *is_activity,
                            eml_activity *activity, eml_modality *modality, eml_diag *diag) {
  static const char *const unknown[] = {
      [CODE_MODALITY] = N_("modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, "
                           "LINAC, COBALT)"),
      [CODE_ACTIVITY] = N_("activité inconnue (attendu IMAGING, NUCLEAR, INTERVENTIONAL ou "
                           "RADIOTHERAPY)"),
      [CODE_EITHER] = N_("modalité inconnue (attendu CT, MRI, GAMMA, PET, OHB, CYCLOTRON, "
                         "LINAC, COBALT, ou une activité : IMAGING, NUCLEAR, INTERVENTIONAL, "
                         "RADIOTHERAPY)")};
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  int act = (accept & CODE_ACTIVITY) && eml_activity_parse(v, len, activity) == EML_OK;
  if (is_activity)
    *is_activity = act;
  int ok = act || ((accept & CODE_MODALITY) && eml_modality_parse(v, len, modality) == EML_OK);
  return code_verdict(r, i, len, !ok, unknown[accept],
                      accept == CODE_ACTIVITY ? N_("une activité est obligatoire")
                                              : N_("une modalité est obligatoire"),
                      diag);
}

eml_status eml_row_modality(const eml_row *r, int i, eml_modality *out, eml_diag *diag) {
  return code_cell(r, i, CODE_MODALITY, NULL, NULL, out, diag);
}

eml_status eml_row_activity(const eml_row *r, int i, eml_activity *out, eml_diag *diag) {
  return code_cell(r, i, CODE_ACTIVITY, NULL, out, NULL, diag);
}

eml_status eml_row_modality_or_activity(const eml_row *r, int i, int *is_activity,
                                        eml_activity *activity, eml_modality *modality,
                                        eml_diag *diag) {
  return code_cell(r, i, CODE_EITHER, is_activity, activity, modality, diag);
}

eml_status eml_row_mention(const eml_row *r, int i, const eml_regime_rules *rules,
                           eml_activity a, char dst[4], eml_diag *diag) {
  size_t len;
  const char *v = eml_row_field(r, i, &len);
  dst[0] = '\0';
  if (!len)
    return EML_OK;
  const eml_regime_rule *row = rules ? eml_regime_rule_find(rules, "mentions", a) : NULL;
  int known = row && row->has_activity && row->activity == a && row->value[0];
  char mention[8];
  snprintf(mention, sizeof mention, "%.*s", (int)(len < 7 ? len : 7), v);
  if (len > 3 || !known || !eml_regime_mention_allowed(rules, a, mention))
    return known ? eml_row_badf(r, i, diag, "pas une mention de %s (attendu %s)",
                                eml_activity_code(a), row->value)
                 : eml_row_badf(r, i, diag, "%s n'a pas de mention", eml_activity_code(a));
  for (size_t k = 0; k <= len; k++) /* the letters as the rules write them: upper case */
    dst[k] = (char)(mention[k] >= 'a' && mention[k] <= 'z' ? mention[k] - 32 : mention[k]);
  return EML_OK;
}

eml_status eml_row_territory(const eml_row *r, int i, const eml_known_territories *known,
                             char dst[8], eml_diag *diag) {
  eml_status st = eml_row_text(r, i, dst, 8, diag);
  if (st || !dst[0])
    return st;
  int declared = 0;
  if (eml_register_territory_known(known ? known->reg : NULL, dst))
    return EML_OK;
  if (known && known->store && (st = eml_store_has_territory(known->store, dst, &declared)))
    return st;
  if (!declared)
    return eml_row_bad(r, i, diag, "territoire inconnu (pas un département ; le déclarer dans "
                                   "territories.csv)");
  return EML_OK;
}

const eml_column_spec eml_site_columns[] = {
    {"finess", 1, EML_COL_FINESS, NULL},  {"name", 1, EML_COL_TEXT, NULL},
    {"territory", 1, EML_COL_TEXT, NULL}, {"legal_status", 1, EML_COL_CODE, NULL},
    {"finess_ej", 0, EML_COL_FINESS, NULL}, {NULL, 0, 0, NULL}};

eml_status eml_row_site(const eml_row *r, const eml_known_territories *known, eml_site *s,
                        char *name, size_t name_size, eml_diag *diag) {
  eml_status st;
  size_t len;
  memset(s, 0, sizeof *s);
  if ((st = eml_row_finess(r, 0, s->finess, diag)) ||
      (st = eml_row_text(r, 1, name, name_size, diag)) ||
      (st = eml_row_territory(r, 2, known, s->territory, diag)))
    return st;
  const char *ls = eml_row_field(r, 3, &len);
  if ((st = code_verdict(r, 3, len, eml_legal_status_parse(ls, len, &s->legal_status) != EML_OK,
                         N_("statut juridique inconnu (attendu CH, CHU, CHU AP-HP, CHU APHM, "
                            "EPSIC, GCS, GIE, HIA, LIBERAL, PRIVE ou AUTRE)"),
                         N_("une valeur est obligatoire"), diag)) ||
      (st = eml_row_finess(r, 4, s->finess_ej, diag)))
    return st;
  s->name = name;
  return EML_OK;
}
