/* version.c — the library's version string (set by CMake). */
#include "internal.h"

const char *eml_version(void) { return EML_VERSION; }
