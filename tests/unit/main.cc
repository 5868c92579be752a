// SPDX-License-Identifier: GPL-2.0-or-later
// Entry point of the host unit tests (CppUTest).
#include <cstdio>
#include <string>

#include "bootloader/core/log.h"

#include <CppUTest/CommandLineTestRunner.h>

int main(int argc, char** argv) {
  // Warm up lazily created statics so CppUTest's leak checker does not blame the first test.
  baton::SetLogLevel(baton::LogLevel::kInfo);
  std::string warm = std::to_string(12345678901234567ull);
  (void)warm;
  return CommandLineTestRunner::RunAllTests(argc, argv);
}
