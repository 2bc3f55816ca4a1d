/*
 * eml/eml.h — the public API of libeml, in one include.
 *
 * libeml never prints, never exits, never reads argv or the environment:
 * the command line (cli/) and the server are thin layers over it.
 */
#ifndef EML_EML_H
#define EML_EML_H

#include "appointments.h"
#include "balance.h"
#include "chart.h"
#include "convert.h"
#include "csv.h"
#include "delay.h"
#include "edit.h"
#include "finess.h"
#include "generate.h"
#include "geo.h"
#include "holidays.h"
#include "i18n.h"
#include "imaging.h"
#include "imaging_source.h"
#include "import.h"
#include "number.h"
#include "input.h"
#include "parse.h"
#include "plan.h"
#include "progress.h"
#include "regime.h"
#include "register.h"
#include "render.h"
#include "report.h"
#include "requests.h"
#include "rt.h"
#include "schedule.h"
#include "session_type.h"
#include "stats.h"
#include "status.h"
#include "store.h"
#include "table.h"
#include "territory.h"
#include "text.h"
#include "threads.h"
#include "time.h"

/* Version of the library, "MAJOR.MINOR.PATCH". */
const char *eml_version(void);

#endif
