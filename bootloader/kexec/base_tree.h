// SPDX-License-Identifier: GPL-2.0-or-later
// The next kernel's base tree taken from the live tree (/proc/device-tree) instead of the
// firmware's flattened one: what the running kernel believes now, flattened, with the firmware's
// memory reservations (RTAS, OPAL, the TPM event log) that the live tree only names in
// properties added back from the memory map. Here rather than in devicetree/ because the
// reservations come from the memory map (kexec/memory_map.h), and kexec depends on devicetree.
#pragma once

#include <string_view>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "platform/include/file_system.h"

namespace baton::kexec {

// `directory` is read through `files` (the live tree at platform::kLiveTreePath of the machine,
// or a folder the operator names).
Result<ByteBuffer> FlattenLiveTree(platform::FileSystem& files, std::string_view directory);

}  // namespace baton::kexec
