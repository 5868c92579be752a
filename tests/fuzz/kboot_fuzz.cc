// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: ParseKboot over any bytes; options stay well-formed and the default names one of
// them.
#include "bootloader/config/kboot.h"
#include "tests/fuzz/config_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  baton::fuzz::FuzzConfig(data, size, "/etc/kboot.conf", baton::config::ParseKboot);
  return 0;
}
