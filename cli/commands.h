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

/* radiotherapy: cmd_rt.c */

#endif
