/*
 * commands.c — the command table of `eml`: one row per subcommand, in the
 * order `eml help` lists them. Each area keeps its rows together.
 */
#include "cli.h"
#include "commands.h"

const cli_command cli_commands[] = {
    {"help", "list the commands, or show the options of one", "Usage: eml help [COMMAND]\n",
     cmd_help},

    /* register and balance (registry.md) */
    {"init", "create the store, or bring it to the current schema", cmd_init_usage, cmd_init},
    {"import", "load sites, equipment, targets, territories or notes from CSV", cmd_import_usage,
     cmd_import},
    {"import finess", "load sites and devices from the national FINESS extractions",
     cmd_import_finess_usage, cmd_import_finess},
    {"bilan", "balance of equipment against the regional targets (OQOS)", cmd_bilan_usage,
     cmd_bilan},
    {"requests", "judge applications against the targets (recevable or not)",
     cmd_requests_usage, cmd_requests},
    {"log", "audit log of the changes of the register", cmd_log_usage, cmd_log},

    /* imaging benchmark (imaging.md) */
    {"imaging report", "CT/MRI benchmark: national summary, breakdowns by legal status and territory",
     cmd_imaging_report_usage, cmd_imaging_report},
    {"imaging compute", "CT/MRI benchmark: the national summary and the machines/panel CSV files",
     cmd_imaging_compute_usage, cmd_imaging_compute},
    {"imaging machine", "CT/MRI benchmark: one machine's sheet with its panel position",
     cmd_imaging_machine_usage, cmd_imaging_machine},
    {"imaging import", "CT/MRI benchmark: store a campaign, to report from the store later",
     cmd_imaging_import_usage, cmd_imaging_import},
    {"imaging campaigns", "CT/MRI benchmark: the campaigns of the store",
     cmd_imaging_campaigns_usage, cmd_imaging_campaigns},
    {"imaging appointments", "appointment delays of the survey, per class and clinical case",
     cmd_imaging_appointments_usage, cmd_imaging_appointments},

    /* radiotherapy (radiotherapy.md) */
    {"rt import", "store radiotherapy files, patients as pseudonyms only", cmd_rt_import_usage,
     cmd_rt_import},
    {"rt activity", "activity of a year per Annex II (treatments, venues, passages...)",
     cmd_rt_activity_usage, cmd_rt_activity},
    {"rt check", "conformity of each centre to the 2002 circular, staff shortfall",
     cmd_rt_check_usage, cmd_rt_check},
    {"rt report", "regional radiotherapy report, saturated centres first", cmd_rt_report_usage,
     cmd_rt_report},

    /* reports as documents (charts.md) */
    {"report bilan", "the balance as a PDF report with charts, or an XLSX workbook",
     cmd_report_usage, cmd_report_bilan},
    {"report imaging", "the CT/MRI benchmark as a PDF report with charts, or XLSX",
     cmd_report_usage, cmd_report_imaging},
    {"report rt", "the radiotherapy report as a PDF with charts, or XLSX", cmd_report_usage,
     cmd_report_rt},
    {"report machines", "the sheet of each CT/MRI machine, one PDF per site",
     cmd_report_machines_usage, cmd_report_machines},
    /* dashboard (docs/dashboard.md) */
    {"serve", "read-only web dashboard and JSON API (balance, imaging, radiotherapy)",
     cmd_serve_usage, cmd_serve},

    /* generators */
    {"generate imaging", "write a synthetic CT/MRI campaign calibrated on the benchmark",
     cmd_generate_imaging_usage, cmd_generate_imaging},
    {"generate radiotherapy", "write a synthetic year of radiotherapy data",
     cmd_generate_radiotherapy_usage, cmd_generate_radiotherapy},
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
