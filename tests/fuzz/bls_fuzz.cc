// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: BLS entries read directly (the input is every entry), and the version comparison
// on pieces of the input: it must be antisymmetric.
#include "bootloader/config/bls.h"
#include "tests/fuzz/config_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  std::string text(reinterpret_cast<const char*>(data), size);
  testing::MemoryDevice device;
  device.File("/loader/entries/a.conf", text).File("/loader/entries/b.conf", text + "\nversion 1");
  device.File("/grub2/grubenv", text);
  testing::OneDeviceFiles files(device);
  config::ConfigResult result = config::ParseBlsDirectly(files);
  for (const config::ConfigOption& option : result.options) fuzz::CheckPath(option.kernel);
  std::size_t half = text.size() / 2;
  std::string_view left = std::string_view(text).substr(0, half);
  std::string_view right = std::string_view(text).substr(half);
  int forward = config::CompareVersions(left, right);
  int backward = config::CompareVersions(right, left);
  if ((forward > 0) != (backward < 0) || (forward == 0) != (backward == 0)) __builtin_trap();
  return 0;
}
