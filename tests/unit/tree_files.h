// SPDX-License-Identifier: GPL-2.0-or-later
// Device trees compiled by dtc from dts/ at build time (build/host/dts/NAME.dtb).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bootloader/devicetree/tree.h"
#include "platform/linux/posix_file_system.h"

namespace baton::testing {

inline ByteBuffer TreeBlob(const std::string& name) {
  platform::PosixFileSystem files("");
  auto blob = files.ReadFile("build/host/dts/" + name + ".dtb", 1 << 20);
  return blob ? *blob : ByteBuffer{};
}

// Stops the test program with a clear message when the compiled tree is missing or broken
// (it is built by make from dts/ before the unit tests run).
inline devicetree::DeviceTree LoadTree(const std::string& name) {
  ByteBuffer blob = TreeBlob(name);
  auto tree = devicetree::DeviceTree::Load(blob, name);
  if (!tree) {
    std::fprintf(stderr, "tests: build/host/dts/%s.dtb: %s (run make to compile dts/)\n",
                 name.c_str(), tree.error().ToString().c_str());
    std::abort();
  }
  return std::move(*tree);
}

}  // namespace baton::testing
