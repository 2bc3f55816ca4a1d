/*
 * test_helpers.h — what every cmocka unit test of eml includes.
 */
#ifndef EML_TEST_HELPERS_H
#define EML_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define S(lit) (lit), (sizeof(lit) - 1)
/* A step that must succeed (building a fixture): fails the test otherwise. */
#define CHECK_OK(call) assert_int_equal((call), EML_OK)

/* Creates an empty temporary file at path, a char array holding a name that
 * ends in XXXXXX (mkstemp fills it in). */
static inline void test_temp_file(char *path) {
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
}

/* A temporary file holding text; returns its path (malloc'd: the caller
 * removes the file and frees the path). */
static inline char *test_write_temp(const char *text) {
  char *path = strdup("/tmp/eml_test_XXXXXX");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs(text, f);
  fclose(f);
  return path;
}

#endif
