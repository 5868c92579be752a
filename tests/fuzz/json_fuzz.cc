// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the strict JSON reader and devices.json on top of it; a parsed document equals
// itself and devices.json never yields an id that is not a plain directory name.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bootloader/core/json_reader.h"
#include "platform/sim/device_table.h"
#include "tests/unit/core/json_difference.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto value = ParseJson(text);
  if (value && !(*value == *value)) __builtin_trap();
  auto devices = platform::ParseDeviceTable(text);
  if (devices) {
    for (const auto& device : *devices) {
      if (!platform::IsPlainDeviceId(device.id)) __builtin_trap();
    }
  }
  return 0;
}
