// SPDX-License-Identifier: GPL-2.0-or-later
// Device trees compiled by dtc from dts/ at build time (build/host/dts/NAME.dtb).
#pragma once

#include <string>

#include "bootloader/devicetree/tree.h"
#include "platform/linux/posix_file_system.h"

namespace baton::testing {

inline ByteBuffer TreeBlob(const std::string& name) {
  platform::PosixFileSystem files("");
  auto blob = files.ReadFile("build/host/dts/" + name + ".dtb", 1 << 20);
  return blob ? *blob : ByteBuffer{};
}

inline devicetree::DeviceTree LoadTree(const std::string& name) {
  ByteBuffer blob = TreeBlob(name);
  return *devicetree::DeviceTree::Load(blob, name);
}

}  // namespace baton::testing
