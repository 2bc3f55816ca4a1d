/*
 * cmd_register.c — the register's subcommands: init, import, bilan, log
 * (registry.md), requests, and the edits by hand (register end, amend,
 * amend-site, amend-target: eml/edit.h). Each opens the store named by --db, calls
 * the library and prints; problems go to stderr as
 * `eml: FILE:LINE: column NAME: what is wrong (value 'X')`. Their options
 * and help are rows of the command table (commands.c).
 */
#include "cli.h"
#include "commands.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int open_store(const char *path, eml_store_mode mode, eml_store **store) {
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_open(path, mode, store, &d);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

/* ---- eml init ---- */
int cmd_init(const cli_args *a) {
  const char *db = cli_text(a, "db");
  /* a PostgreSQL database exists before eml init: the store "existed"
   * when it held a schema */
  int existed = eml_store_is_uri(db) ? -1 : access(db, F_OK) == 0;
  eml_store *store;
  int rc = open_store(db, EML_STORE_CREATE, &store);
  if (rc)
    return rc;
  int was = eml_store_opened_version(store), now = eml_store_schema_version(store);
  if (existed < 0)
    existed = was > 0;
  if (!existed)
    printf(_("%s: stockage créé (version du schéma %d)\n"), db, now);
  else if (was < now)
    printf(_("%s: stockage migré de la version %d à la version %d du schéma\n"), db, was, now);
  else
    printf(_("%s: stockage à jour (version du schéma %d)\n"), db, now);
  eml_store_close(store);
  return CLI_EXIT_OK;
}

/* ---- eml import ---- */
int cmd_import(const cli_args *a) {
  const char *db = cli_text(a, "db");
  cli_problem_report report = {0, 0};
  eml_import_options o = {.hooks = {cli_print_problem, cli_print_warning, &report}};
  o.rejects_path = cli_text(a, "rejects");
  o.csv.encoding = (eml_encoding)cli_choice(a, "encoding");
  eml_import_kind kind;
  if (eml_import_kind_parse(a->arg[0], &kind))
    return cli_fail(CLI_EXIT_USAGE,
                    _("type inconnu « %s » (attendu sites, equipment, targets, territories, "
                      "notes, authorisations, devices, conventions ou windows)"),
                    a->arg[0]);
  const char *path = a->arg[1];
  o.user = cli_user(cli_text(a, "user"));
  eml_import_result res;
  eml_diag d;
  eml_diag_clear(&d);
  /* the mentions of each activity: the rules of the 2023 regime (data) */
  eml_regime_rules rules = {0};
  if (kind == EML_IMPORT_AUTHORISATIONS || kind == EML_IMPORT_TARGETS) {
    int rc = cli_regime_rules(&rules);
    if (rc)
      return rc;
    o.rules = &rules;
  }
  eml_store *store;
  int rc = open_store(db, EML_STORE_OPEN_EXISTING, &store);
  if (rc) {
    eml_regime_rules_free(&rules);
    return rc;
  }
  eml_status st = eml_import_file(store, kind, path, &o, &res, &d);
  eml_store_close(store);
  eml_regime_rules_free(&rules);
  if (st && st != EML_ERR_REJECTED) {
    cli_print_diag(&d);
    fprintf(stderr, _("eml: %s: rien n'est chargé\n"), path);
    return cli_exit_code(st);
  }
  if (report.suppressed)
    fprintf(stderr,
            _n("eml: %s: ... et %ld mauvaise ligne de plus\n",
               "eml: %s: ... et %ld mauvaises lignes de plus\n", report.suppressed),
            path, report.suppressed);
  char counts[256];
  cli_counts_text(counts, sizeof counts, res.read, res.loaded, -1, res.rejected);
  printf("%s: %s\n", path, counts);
  if (st == EML_ERR_REJECTED && !res.committed)
    fprintf(stderr,
            _n("eml: %s: rien n'est chargé : %ld mauvaise ligne ; la corriger, ou charger "
               "les bonnes lignes avec --rejects FICHIER\n",
               "eml: %s: rien n'est chargé : %ld mauvaises lignes ; les corriger, ou charger "
               "les bonnes lignes avec --rejects FICHIER\n",
               res.rejected),
            path, res.rejected);
  else if (st == EML_ERR_REJECTED)
    fprintf(stderr,
            _n("eml: %s: %ld mauvaise ligne écrite dans %s\n",
               "eml: %s: %ld mauvaises lignes écrites dans %s\n", res.rejected),
            path, res.rejected,
            o.rejects_path);
  return st ? CLI_EXIT_DATA : CLI_EXIT_OK;
}

/* ---- eml bilan ---- */
static void print_difference(void *ctx, const eml_compare_difference *d) {
  (void)ctx;
  if (d->line)
    printf(_("%s:%ld: %s, %s, %s : publié « %s », calculé « %s »\n"), d->file, d->line, d->table,
           d->territory, d->column, d->published, d->computed);
  else
    printf(_("%s: %s, %s : ligne absente du tableau publié\n"), d->file, d->table, d->territory);
}

static void print_balance_problem(void *ctx, const char *problem) {
  (*(long *)ctx)++;
  fprintf(stderr, _("eml: bilan : %s\n"), problem);
}

int cli_balance_report(eml_report_balance_args *a, const char *what, eml_report **out) {
  long problems = 0;
  a->problem = print_balance_problem;
  a->problem_ctx = &problems;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_report_balance(a, out, &d);
  if (st == EML_ERR_BALANCE) { /* the problems, or why there is no balance */
    if (!problems)
      cli_print_diag(&d);
    return cli_exit_code(st);
  }
  return st ? cli_fail(cli_exit_code(st), "%s: %s", what, eml_strerror(st)) : -1;
}

int cmd_bilan(const cli_args *a) {
  const char *compare = cli_text(a, "compare"), *period = cli_text(a, "period");
  int modality = cli_given(a, "modality") ? cli_choice(a, "modality") : -1;
  eml_regime_rules rules = {0}; /* the 2023 checks of a site (data/regimes/2023.csv) */
  eml_register reg;
  int rc = cli_rules_and_register(cli_text(a, "db"), &rules, &reg);
  if (rc)
    return rc;
  eml_report_balance_args args = {.reg = &reg, .period = period, .at = cli_date(a, "at"),
                                  .modality = modality, .rules = &rules};
  eml_report *report = NULL;
  /* the published balance compared is French: with --compare the tables
   * are built in French, so that their titles and headers match it, and
   * the differences are said in the run's language (docs/i18n.md) */
  eml_lang lang = eml_language();
  eml_status lang_st = compare ? eml_set_language(EML_LANG_FR, NULL) : EML_OK;
  rc = lang_st ? cli_fail(cli_exit_code(lang_st), "%s", eml_strerror(lang_st))
               : cli_balance_report(&args, "bilan", &report);
  eml_table **tables = NULL;
  size_t count = 0;
  eml_status st = rc < 0 ? eml_report_tables(report, &tables, &count) : EML_OK;
  if (st)
    rc = cli_fail(cli_exit_code(st), _("bilan : %s"), eml_strerror(st));
  if (rc < 0 && cli_given(a, "campaign"))
    rc = cli_capacity_beside_balance(a, &reg, tables, count);
  lang_st = compare ? eml_set_language(lang, NULL) : EML_OK;
  if (lang_st && rc < 0)
    rc = cli_fail(cli_exit_code(lang_st), "%s", eml_strerror(lang_st));
  if (rc < 0 && compare) {
    eml_diag d;
    eml_diag_clear(&d);
    eml_compare_result res;
    st = eml_balance_compare(tables, count, compare, print_difference, NULL, &res, &d);
    if (st && st != EML_ERR_DIFFERS) {
      cli_print_diag(&d);
      rc = cli_exit_code(st);
    } else {
      /* each count with its own plural (French: 0 and 1 singular) */
      printf("%s: ", compare);
      printf(_n("%ld tableau, ", "%ld tableaux, ", res.tables), res.tables);
      printf(_n("%ld ligne, ", "%ld lignes, ", res.rows), res.rows);
      printf(_n("%ld cellule comparée, ", "%ld cellules comparées, ", res.cells), res.cells);
      printf(_n("%ld différente\n", "%ld différentes\n", res.differences), res.differences);
      rc = st ? CLI_EXIT_DATA : CLI_EXIT_OK;
    }
  } else if (rc < 0) {
    rc = cli_render_report((eml_format)cli_choice(a, "format"), report, cli_text(a, "output"));
  }
  free(tables);
  eml_report_free(report);
  eml_register_free(&reg);
  eml_regime_rules_free(&rules);
  return rc;
}

/* ---- eml log ---- */
static eml_status print_audit(void *ctx, const eml_audit_entry *e) {
  (void)ctx;
  printf("%s  %-10s %-6s %-11s %s", e->at, e->user, e->action, e->entity, e->key ? e->key : "");
  if (e->before)
    printf(_("  avant=%s"), e->before);
  if (e->after)
    printf(_("  après=%s"), e->after);
  putchar('\n');
  return EML_OK;
}

int cmd_log(const cli_args *a) {
  const char *db = cli_text(a, "db"), *entity = cli_text(a, "entity");
  long limit = cli_whole(a, "limit");
  eml_store *store;
  int rc = open_store(db, EML_STORE_READ_ONLY, &store);
  if (rc)
    return rc;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = eml_store_each_audit(store, entity, limit, print_audit, NULL, &d);
  eml_store_close(store);
  if (st) {
    cli_print_diag(&d);
    return cli_exit_code(st);
  }
  return CLI_EXIT_OK;
}

/* ---- eml requests ---- */
int cmd_requests(const cli_args *a) {
  eml_csv_options csv = {0};
  csv.encoding = (eml_encoding)cli_choice(a, "encoding");
  eml_regime_rules rules = {0}; /* mentions and figures of the 2023 regime (data) */
  eml_register reg;
  int rc = cli_rules_and_register(cli_text(a, "db"), &rules, &reg);
  if (rc)
    return rc;
  eml_diag d;
  eml_diag_clear(&d);
  cli_problem_report report = {0, 0};
  eml_read_hooks hooks = {cli_print_problem, NULL, &report}; /* unknown columns: silent */
  eml_request *requests = NULL;
  size_t count = 0;
  eml_balance balance = {0};
  eml_table *tables[2] = {NULL, NULL}; /* seed 000, then the 2023 regime: those that have rows */
  eml_status st = eml_requests_read(a->arg[0], &csv, &reg, &rules, &hooks, &requests, &count, &d);
  if (!st)
    st = eml_balance_compute_rules(&reg, cli_text(a, "period"), cli_date(a, "at"), -1, &rules,
                                   &balance, &d);
  if (!st)
    st = eml_requests_judge(&reg, &balance, requests, count, &tables[0]);
  if (!st)
    st = eml_requests_judge_2023(&reg, &balance, &rules, requests, count, &tables[1]);
  if (st) {
    for (size_t i = 0; i < balance.nproblems; i++)
      fprintf(stderr, _("eml: bilan : %s\n"), balance.problems[i]);
    if (!balance.nproblems)
      cli_print_diag(&d);
    rc = cli_exit_code(st);
  } else {
    eml_table **shown = tables[0] ? tables : tables + 1;
    rc = cli_render((eml_format)cli_choice(a, "format"), shown,
                    (size_t)(tables[0] != NULL) + (tables[1] != NULL), cli_text(a, "output"));
  }
  eml_table_free(tables[0]);
  eml_table_free(tables[1]);
  eml_balance_free(&balance);
  free(requests);
  eml_register_free(&reg);
  eml_regime_rules_free(&rules);
  return rc;
}

/* ---- eml register end|amend|amend-site|amend-target (eml/edit.h) ---- */

/* Prints the edit's outcome, `KEY: ENTITY ACTION  avant=…  après=…` as
 * `eml log` shows it, or the library's refusal; the exit status. */
static int edit_done(eml_store *store, eml_status st, const char *action, eml_edit_result *res,
                     const eml_diag *d) {
  eml_store_close(store);
  if (st) {
    cli_print_diag(d);
    return cli_exit_code(st);
  }
  if (res->changed)
    printf(_("%s: %s %s  avant=%s  après=%s\n"), res->key, res->entity, action, res->before,
           res->after);
  else
    printf(_("%s: %s inchangé (les valeurs données sont celles enregistrées)\n"), res->key,
           res->entity);
  eml_edit_result_free(res);
  return CLI_EXIT_OK;
}

/* Runs one edit on the store of --db: fn with the command's arguments and
 * change, the user of --user or $USER; prints it (edit_done). */
typedef eml_status (*edit_fn)(eml_store *store, const cli_args *a, const void *change,
                              const char *user, eml_edit_result *res, eml_diag *d);
static int edit_run(const cli_args *a, const char *action, edit_fn fn, const void *change) {
  eml_store *store;
  int rc = open_store(cli_text(a, "db"), EML_STORE_OPEN_EXISTING, &store);
  if (rc)
    return rc;
  eml_edit_result res;
  eml_diag d;
  eml_diag_clear(&d);
  eml_status st = fn(store, a, change, cli_user(cli_text(a, "user")), &res, &d);
  return edit_done(store, st, action, &res, &d);
}

static eml_status end_edit(eml_store *store, const cli_args *a, const void *change,
                           const char *user, eml_edit_result *res, eml_diag *d) {
  (void)change;
  return eml_register_end(store, a->arg[0], cli_date(a, "on"), user, res, d);
}
static eml_status amend_edit(eml_store *store, const cli_args *a, const void *change,
                             const char *user, eml_edit_result *res, eml_diag *d) {
  return eml_register_amend_equipment(store, a->arg[0], change, user, res, d);
}
static eml_status amend_site_edit(eml_store *store, const cli_args *a, const void *change,
                                  const char *user, eml_edit_result *res, eml_diag *d) {
  return eml_register_amend_site(store, a->arg[0], change, user, res, d);
}
static eml_status amend_target_edit(eml_store *store, const cli_args *a, const void *change,
                                    const char *user, eml_edit_result *res, eml_diag *d) {
  eml_target_key k = {a->arg[0], a->arg[1], a->arg[2], a->arg[3], cli_text(a, "mention")};
  return eml_register_amend_target(store, &k, change, user, res, d);
}

/* Refuses an amendment that names none of its options (exit 2, the
 * message lists them: "--a, --b or --c"); 0 when one is given. */
static int nothing_to_change(const cli_args *a, const char *command,
                             const char *const *options) {
  char list[256] = "";
  size_t len = 0;
  for (size_t i = 0; options[i]; i++) {
    if (cli_given(a, options[i]))
      return 0;
    const char *sep = i == 0 ? "" : options[i + 1] ? ", " : " or ";
    len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0, "%s--%s", sep,
                            options[i]);
  }
  return cli_fail(CLI_EXIT_USAGE, _("register %s : rien à changer (donner %s)"), command, list);
}

int cmd_register_end(const cli_args *a) { return edit_run(a, "end", end_edit, NULL); }

int cmd_register_amend(const cli_args *a) {
  static const char *const fields[] = {"authorized-from", "authorized-until", "installed-on",
                                       "interventional", "site", NULL};
  int rc = nothing_to_change(a, "amend", fields);
  if (rc)
    return rc;
  eml_equipment_change c = {0};
  if ((c.set_from = cli_given(a, "authorized-from")))
    c.from = cli_date(a, "authorized-from");
  if ((c.set_until = cli_given(a, "authorized-until")))
    c.until = cli_date(a, "authorized-until");
  if ((c.set_installed = cli_given(a, "installed-on")))
    c.installed = cli_date(a, "installed-on");
  if ((c.set_interventional = cli_given(a, "interventional")))
    c.interventional = cli_choice(a, "interventional") == 0; /* yes, no */
  c.finess = cli_text(a, "site");
  return edit_run(a, "amend", amend_edit, &c);
}

int cmd_register_amend_site(const cli_args *a) {
  static const char *const fields[] = {"name", "territory", "legal-status", "finess-ej", NULL};
  int rc = nothing_to_change(a, "amend-site", fields);
  if (rc)
    return rc;
  eml_site_change c = {cli_text(a, "name"), cli_text(a, "territory"), cli_text(a, "legal-status"),
                       cli_text(a, "finess-ej")};
  return edit_run(a, "amend", amend_site_edit, &c);
}

int cmd_register_amend_target(const cli_args *a) {
  static const char *const fields[] = {"low", "high", "interventional-low",
                                       "interventional-high", NULL};
  int rc = nothing_to_change(a, "amend-target", fields);
  if (rc)
    return rc;
  eml_target_change c = {0};
  /* the bound of each option of fields, in its order */
  int *set[] = {&c.set_low, &c.set_high, &c.set_interventional_low, &c.set_interventional_high};
  int64_t *bound[] = {&c.low, &c.high, &c.interventional_low, &c.interventional_high};
  for (size_t i = 0; fields[i]; i++)
    if ((*set[i] = cli_given(a, fields[i])))
      *bound[i] = cli_whole(a, fields[i]);
  return edit_run(a, "amend", amend_target_edit, &c);
}
