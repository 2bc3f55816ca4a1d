/*
 * import.c — storing an imaging campaign (eml_imaging_import,
 * eml/imaging.h) through the import session (import/session.h): the
 * campaign is saved in one transaction with the audit entry of its counts,
 * built as JSON here (not by the command line).
 */
#include "import/session.h"

eml_status eml_imaging_import(eml_store *store, const char *name,
                              const eml_imaging_campaign *campaign, const char *user,
                              eml_diag *diag) {
  eml_import_session s;
  eml_status st = eml_import_begin(&s, store, user, NULL, "row", diag);
  if (st)
    return st;
  st = eml_imaging_campaign_save_stored(campaign, store, name, diag);
  size_t machines, sessions, exams;
  eml_imaging_campaign_sizes(campaign, &machines, &sessions, &exams);
  json_t *counts = json_pack("{s:I, s:I, s:I}", "machines", (json_int_t)machines, "sessions",
                             (json_int_t)sessions, "exams", (json_int_t)exams);
  if (!counts && !st)
    st = EML_ERR_NOMEM;
  return eml_import_end(&s, st, 0, "imaging", name, counts, diag);
}
