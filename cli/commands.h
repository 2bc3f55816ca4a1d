/*
 * commands.h — the run function of each subcommand, one block per
 * cli/cmd_*.c file; their options and help are rows of commands.c.
 */
#ifndef EML_COMMANDS_H
#define EML_COMMANDS_H

#include "options.h"

/* help: commands.c */
int cmd_help(const cli_args *a);

/* register and balance: cmd_register.c */
int cmd_init(const cli_args *a);
int cmd_import(const cli_args *a);
int cmd_bilan(const cli_args *a);
int cmd_log(const cli_args *a);
int cmd_requests(const cli_args *a);
/* editing the register by hand (eml/edit.h) */
int cmd_register_end(const cli_args *a);
int cmd_register_amend(const cli_args *a);
int cmd_register_amend_site(const cli_args *a);
int cmd_register_amend_target(const cli_args *a);
/* The balance report of `eml bilan` and `eml report bilan`: a->problem set
 * to print each problem ("eml: bilan: ..."); -1 with *out, or the exit code
 * after the message ("WHAT: error" when it is not the balance's). */
int cli_balance_report(eml_report_balance_args *a, const char *what, eml_report **out);

/* the conversion to the 2023 regime: cmd_regime.c */
int cmd_regime_convert(const cli_args *a);

/* FINESS extractions: cmd_finess.c */
int cmd_import_finess(const cli_args *a);

/* imaging benchmark: cmd_imaging.c */
int cmd_imaging_compute(const cli_args *a);
int cmd_imaging_report(const cli_args *a);
int cmd_imaging_machine(const cli_args *a);
int cmd_imaging_import(const cli_args *a);
int cmd_imaging_campaigns(const cli_args *a);

/* radiotherapy: cmd_rt.c */
int cmd_rt_activity(const cli_args *a);
int cmd_rt_check(const cli_args *a);
int cmd_rt_report(const cli_args *a);
int cmd_rt_import(const cli_args *a);
int cmd_generate_radiotherapy(const cli_args *a);
/* For a year from 2023 on, reads the rules of the 2023 regime from path
 * (--rules) into rules and sets opts->rules; -1 when read or not needed
 * (an earlier year), else the exit status after the message. */
int cli_rt_rules_load(int year, const char *path, eml_regime_rules *rules, eml_rt_options *opts);

/* generators and the appointment survey: cmd_generate.c */
int cmd_generate_imaging(const cli_args *a);
int cmd_imaging_appointments(const cli_args *a);

/* planning ahead: cmd_plan.c */
int cmd_plan_need(const cli_args *a);
int cmd_plan_delays(const cli_args *a);
int cmd_plan_scenario(const cli_args *a);
/* eml bilan --campaign NAME: the capacity of the stored campaign beside
 * each zone's room left, as notes under the balance's CT and MRI tables
 * (eml_capacity_balance_notes): -1, or an exit code after the message. */
int cli_capacity_beside_balance(const cli_args *a, const eml_register *reg, eml_table **tables,
                                size_t count);
int cmd_imaging_capacity(const cli_args *a);

/* reports as PDF or XLSX, charts: cmd_report.c */
int cmd_report_bilan(const cli_args *a);
int cmd_report_imaging(const cli_args *a);
int cmd_report_rt(const cli_args *a);
int cmd_report_machines(const cli_args *a);

/* accounts of the dashboard: cmd_user.c */
int cmd_user_add(const cli_args *a);
int cmd_user_list(const cli_args *a);
int cmd_user_disable(const cli_args *a);
int cmd_user_passwd(const cli_args *a);

/* dashboard: cmd_serve.c (server/) */
int cmd_serve(const cli_args *a);

#endif
