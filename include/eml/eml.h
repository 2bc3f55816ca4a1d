/*
 * eml/eml.h — the public API of libeml, in one include.
 *
 * libeml never prints, never exits, never reads argv or the environment:
 * the command line (cli/) and the server are thin layers over it.
 */
#ifndef EML_EML_H
#define EML_EML_H

#include "csv.h"
#include "imaging.h"
#include "parse.h"
#include "render.h"
#include "session_type.h"
#include "stats.h"
#include "status.h"
#include "table.h"
#include "time.h"

/* Version of the library, "MAJOR.MINOR.PATCH". */
const char *eml_version(void);

#endif
