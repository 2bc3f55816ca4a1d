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

    /* imaging benchmark (imaging.md) */
    {"imaging compute", "CT/MRI benchmark: indicators of every machine, national summary",
     cmd_imaging_compute_usage, cmd_imaging_compute},
    {"imaging machine", "CT/MRI benchmark: one machine's sheet with its panel position",
     cmd_imaging_machine_usage, cmd_imaging_machine},

    /* radiotherapy (radiotherapy.md) */

    /* generators */
};
const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
