/*
 * commands.h — the run function and usage text of each subcommand, one
 * block per cli/cmd_*.c file.
 */
#ifndef EML_COMMANDS_H
#define EML_COMMANDS_H

/* help: main.c */
int cmd_help(int argc, char **argv);

/* register and balance: cmd_register.c */
extern const char cmd_init_usage[], cmd_import_usage[], cmd_bilan_usage[], cmd_log_usage[];
int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_bilan(int argc, char **argv);
int cmd_log(int argc, char **argv);
extern const char cmd_requests_usage[];
int cmd_requests(int argc, char **argv);
/* The balance report of `eml bilan` and `eml report bilan`: a->problem set
 * to print each problem ("eml: bilan: ..."); -1 with *out, or the exit code
 * after the message ("WHAT: error" when it is not the balance's). */
int cli_balance_report(eml_report_balance_args *a, const char *what, eml_report **out);

/* FINESS extractions: cmd_finess.c */
extern const char cmd_import_finess_usage[];
int cmd_import_finess(int argc, char **argv);

/* imaging benchmark: cmd_imaging.c */
int cmd_imaging_compute(int argc, char **argv);
int cmd_imaging_report(int argc, char **argv);
int cmd_imaging_machine(int argc, char **argv);
extern const char cmd_imaging_import_usage[], cmd_imaging_campaigns_usage[];
int cmd_imaging_import(int argc, char **argv);
int cmd_imaging_campaigns(int argc, char **argv);
extern const char cmd_imaging_compute_usage[];
extern const char cmd_imaging_report_usage[];
extern const char cmd_imaging_machine_usage[];

/* radiotherapy: cmd_rt.c */
int cmd_rt_activity(int argc, char **argv);
int cmd_rt_check(int argc, char **argv);
int cmd_rt_report(int argc, char **argv);
int cmd_rt_import(int argc, char **argv);
int cmd_generate_radiotherapy(int argc, char **argv);
extern const char cmd_rt_activity_usage[], cmd_rt_check_usage[], cmd_rt_report_usage[],
    cmd_rt_import_usage[], cmd_generate_radiotherapy_usage[];

/* generators and the appointment survey: cmd_generate.c */
extern const char cmd_generate_imaging_usage[];
int cmd_generate_imaging(int argc, char **argv);
extern const char cmd_imaging_appointments_usage[];
int cmd_imaging_appointments(int argc, char **argv);

/* reports as PDF or XLSX, charts: cmd_report.c */
extern const char cmd_report_usage[];
int cmd_report_bilan(int argc, char **argv);
int cmd_report_imaging(int argc, char **argv);
int cmd_report_rt(int argc, char **argv);
extern const char cmd_report_machines_usage[];
int cmd_report_machines(int argc, char **argv);

/* dashboard: cmd_serve.c (server/) */
extern const char cmd_serve_usage[];
int cmd_serve(int argc, char **argv);

#endif
