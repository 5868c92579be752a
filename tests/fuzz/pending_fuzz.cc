// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the pending-extends file that `baton kexec load` leaves for `baton kexec exec`
// (bootloader/boot/pending.h); a parsed file formats and parses back to the same extends.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bootloader/boot/pending.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = boot::ParsePending(text);
  if (!parsed) return 0;
  auto again = boot::ParsePending(boot::FormatPending(*parsed));
  if (!again || again->carried_entries != parsed->carried_entries ||
      again->extends.size() != parsed->extends.size()) {
    __builtin_trap();
  }
  for (std::size_t i = 0; i < parsed->extends.size(); ++i) {
    if (again->extends[i].size() != parsed->extends[i].size()) __builtin_trap();
    for (std::size_t j = 0; j < parsed->extends[i].size(); ++j) {
      if (again->extends[i][j].bank != parsed->extends[i][j].bank ||
          !(again->extends[i][j].value == parsed->extends[i][j].value)) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
