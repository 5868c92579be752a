// SPDX-License-Identifier: GPL-2.0-or-later
// Entry point of the cross-built test runner.
#include <cstdio>

#include "bootloader/core/bytes.h"
#include "tests/cross/mini_test.h"

int main() {
  std::printf("byte order: %s\n",
              baton::NativeByteOrder() == baton::ByteOrder::kBig ? "big-endian" : "little-endian");
  return mini_test::RunAll() == 0 ? 0 : 1;
}
