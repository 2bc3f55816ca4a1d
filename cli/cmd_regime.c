/*
 * cmd_regime.c — the `regime` commands: `eml regime convert --at DATE
 * [--dry-run]`, the conversion of the per-device register to the 2023
 * regime (eml/convert.h states the model; docs/regime-2023.md "From one
 * regime to the other"). It loads the register, asks the library for the
 * plan, writes it unless --dry-run (the store is then opened read-only,
 * so nothing can be written), and prints the report in the format asked.
 * Options and help: commands.c.
 */
#include "cli.h"
#include "commands.h"

#include <stdlib.h>

int cmd_regime_convert(const cli_args *a) {
  int dry_run = cli_flag(a, "dry-run");
  eml_date at = cli_date(a, "at");
  eml_diag d;
  eml_diag_clear(&d);
  eml_store *store = NULL;
  eml_register reg = {0};
  eml_conversion plan = {0};
  eml_table **tables = NULL;
  size_t count = 0;
  eml_regime_rules rules = {0}; /* the checks of a site (data/regimes/2023.csv) */
  int rc = cli_regime_rules(&rules);
  if (rc)
    return rc;
  eml_status st = eml_store_open(cli_text(a, "db"),
                                 dry_run ? EML_STORE_READ_ONLY : EML_STORE_OPEN_EXISTING, &store,
                                 &d);
  if (!st)
    st = eml_regime_convert_check(store, at, &d);
  if (!st)
    st = eml_store_load_register(store, &reg, &d);
  if (!st)
    st = eml_regime_convert_plan(&reg, at, &plan);
  if (!st)
    st = eml_regime_convert_tables(&reg, &plan, &rules, dry_run, &tables, &count);
  if (!st && !dry_run)
    st = eml_regime_convert_apply(store, &plan, cli_user(cli_text(a, "user")), &d);
  if (st) {
    if (d.message[0])
      cli_print_diag(&d);
    else
      fprintf(stderr, _("eml: regime convert : %s\n"), eml_strerror(st));
    rc = cli_exit_code(st);
  } else {
    rc = cli_render((eml_format)cli_choice(a, "format"), tables, count, cli_text(a, "output"));
  }
  eml_tables_free(tables, count);
  eml_conversion_free(&plan);
  eml_register_free(&reg);
  eml_store_close(store);
  eml_regime_rules_free(&rules);
  return rc;
}
