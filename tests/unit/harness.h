// SPDX-License-Identifier: GPL-2.0-or-later
// The test harness: CppUTest on the host; on cross builds (no CppUTest for big-endian ppc64)
// the small self-contained runner in tests/cross/mini_test.h, which implements the subset of
// CppUTest's macros these tests use. Include it after every standard and project header.
#pragma once

#ifdef BATON_MINI_TEST
#include "tests/cross/mini_test.h"
#else
#include <CppUTest/TestHarness.h>
#endif
