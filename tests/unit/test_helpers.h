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
#include <string.h>

#include "internal.h"

#define S(lit) (lit), (sizeof(lit) - 1)
/* A step that must succeed (building a fixture): fails the test otherwise. */
#define CHECK_OK(call) assert_int_equal((call), EML_OK)

#endif
