// SPDX-License-Identifier: GPL-2.0-or-later
// Reads a device tree exposed as directories and files (/proc/device-tree).
#pragma once

#include <string>

#include "bootloader/devicetree/flatten.h"
#include "platform/include/file_system.h"

namespace baton::platform {

// Every directory is a node and every regular file a property, sorted by name (procfs order
// is not stable). Bounded: at most 64 levels, 100,000 nodes and 64 MiB of property data.
Result<devicetree::LiveNode> ReadLiveTree(const std::string& directory);

}  // namespace baton::platform
