// SPDX-License-Identifier: GPL-2.0-or-later
// Reads a device tree exposed as directories and files (/proc/device-tree), through the
// platform's FileSystem, into the tree that FlattenTree (flatten.h) packs.
#pragma once

#include <string_view>

#include "bootloader/devicetree/flatten.h"
#include "platform/include/file_system.h"

namespace baton::devicetree {

// Every directory is a node and every regular file a property, sorted by name (procfs order
// is not stable); anything else (a link) is left out. Bounded: at most 64 levels, 100,000 nodes
// and 64 MiB of property data; beyond that an error names where.
Result<LiveNode> ReadLiveTree(platform::FileSystem& files, std::string_view directory);

}  // namespace baton::devicetree
