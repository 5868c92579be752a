// SPDX-License-Identifier: GPL-2.0-or-later
// The layout of the ppc64 kexec trampoline (platform/powerpc/trampoline.S), shared by the
// planner that patches it and the platform code that embeds it.
#pragma once

#include <cstddef>

namespace baton::kexec {

inline constexpr std::size_t kTrampolineSize = 0x198;
inline constexpr std::size_t kTrampolineTreeSlot = 0x180;    // u64 tree address
inline constexpr std::size_t kTrampolineKernelSlot = 0x188;  // u64 kernel base (r4)
inline constexpr std::size_t kTrampolineEntrySlot = 0x190;   // u64 kernel entry (branch target)

}  // namespace baton::kexec
