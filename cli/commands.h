/*
 * commands.h — the run function and usage text of each subcommand, one
 * block per cli/cmd_*.c file.
 */
#ifndef EML_COMMANDS_H
#define EML_COMMANDS_H

/* help: main.c */
int cmd_help(int argc, char **argv);

/* register and balance: cmd_register.c */

/* imaging benchmark: cmd_imaging.c */
int cmd_imaging_compute(int argc, char **argv);
int cmd_imaging_machine(int argc, char **argv);
extern const char cmd_imaging_compute_usage[];
extern const char cmd_imaging_machine_usage[];

/* radiotherapy: cmd_rt.c */

#endif
