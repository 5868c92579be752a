// SPDX-License-Identifier: GPL-2.0-or-later
// The assembled ppc64 trampoline (trampoline.S), for the kexec planner to patch and load.
//
// Layout: word 0 branches to the master code at 0x100; bytes 4..0xff are for the new kernel's
// own head; the doublewords at 0x180, 0x188 and 0x190 hold the tree address, the kernel base and
// the kernel entry, in the running CPU's byte order.
#pragma once

#include <cstddef>

#include "bootloader/core/bytes.h"
#include "bootloader/kexec/trampoline_layout.h"

namespace baton::platform {

using kexec::kTrampolineSize;

// The code for a CPU running in `order` (the running kernel's byte order).
Bytes TrampolineCode(ByteOrder order);

}  // namespace baton::platform
