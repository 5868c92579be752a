// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by the configuration fuzz targets: runs one parser over the input as the file at `path`
// on an in-memory device that also holds the input at the places the parser may reach for
// (sourced and included files, grubenv, BLS entries), and checks what every parser promises:
// options have a kernel, paths are absolute and normalized, the default is an option.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "bootloader/config/config.h"
#include "bootloader/config/paths.h"
#include "tests/unit/config/one_device_files.h"

namespace baton::fuzz {

inline void CheckPath(const config::ResourcePath& resource) {
  auto normalized = config::NormalizeDevicePath(resource.path);
  if (!normalized || *normalized != resource.path) __builtin_trap();
}

template <typename Parse>
void FuzzConfig(const std::uint8_t* data, std::size_t size, const char* path, Parse parse) {
  std::string text(reinterpret_cast<const char*>(data), size);
  testing::MemoryDevice device;
  for (const char* also : {"/boot/grub/a.cfg", "/boot/grub/grubenv", "/grub2/grubenv",
                           "/loader/entries/fuzz.conf", "/syslinux/a.cfg"}) {
    device.File(also, text);
  }
  device.File(path, text);
  testing::OneDeviceFiles files(device);
  config::ConfigResult result = parse(files, path, text);
  for (const config::ConfigOption& option : result.options) {
    CheckPath(option.kernel);
    for (const auto& initrd : option.initrds) CheckPath(initrd);
    if (option.dtb) CheckPath(*option.dtb);
  }
  if (result.default_index && *result.default_index >= result.options.size()) __builtin_trap();
}

}  // namespace baton::fuzz
