// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: evmctl-format PCR files; a parsed file formats and parses back to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bootloader/ima/pcr_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  if (size < 1) return 0;
  const auto bank = crypto::kAllHashAlgorithms[data[0] % 4];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = ima::ParsePcrFile(text, bank);
  if (parsed) {
    auto again = ima::ParsePcrFile(ima::FormatPcrFile(*parsed), bank);
    if (!again) __builtin_trap();
    for (std::size_t i = 0; i < ima::kPcrCount; ++i) {
      if (parsed->present.test(i) && !(again->values[i] == parsed->values[i])) __builtin_trap();
    }
  }
  return 0;
}
