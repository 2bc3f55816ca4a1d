/*
 * import.c — storing a radiotherapy data set (eml_rt_import, eml/rt.h)
 * through the import session (import/session.h): the data set is saved in
 * one transaction with the audit entry of its counts, built as JSON here
 * (not by the command line).
 */
#include "import/session.h"
#include "rt_internal.h"

eml_status eml_rt_import(eml_store *store, const eml_rt_data *data, const char *user,
                         const char *source, eml_diag *diag) {
  eml_import_session s;
  eml_status st = eml_import_begin(&s, store, user, NULL, "row", diag);
  if (st)
    return st;
  st = eml_store_rt_save(store, data, diag);
  json_t *counts = json_pack("{s:I, s:I, s:I, s:I, s:I}", "centres", (json_int_t)data->n_centres,
                             "machines", (json_int_t)data->n_machines, "staff",
                             (json_int_t)data->n_staff, "courses", (json_int_t)data->n_courses,
                             "sessions", (json_int_t)data->n_sessions);
  if (!counts && !st)
    st = EML_ERR_NOMEM;
  return eml_import_end(&s, st, 0, "radiotherapy", source, counts, diag);
}
