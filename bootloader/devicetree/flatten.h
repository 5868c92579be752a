// SPDX-License-Identifier: GPL-2.0-or-later
// Flattening a device tree read from a directory (the live /proc/device-tree).
//
// The live tree is what the running kernel believes now: it has linux,kernel-end, and the IMA
// property is gone once the kernel restored it. It has no memory reservation block: the caller
// adds the firmware's reservations (RTAS, OPAL, TCE, the TPM event log) from its properties.
#pragma once

#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/devicetree/tree.h"

namespace baton::devicetree {

struct LiveNode {
  std::string name;  // "" for the root
  std::vector<std::pair<std::string, ByteBuffer>> properties;
  std::vector<LiveNode> children;
};

// A version-17 blob of `root`, with `reservations` in its reservation block. Properties named
// "name" (Open Firmware's, derived from the node name) are left out, as Linux's own flattening
// and kexec-tools do.
Result<ByteBuffer> FlattenTree(const LiveNode& root, const std::vector<AddressRange>& reservations,
                               std::uint32_t boot_cpuid);

}  // namespace baton::devicetree
