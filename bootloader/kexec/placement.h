// SPDX-License-Identifier: GPL-2.0-or-later
// Placing kexec segments in physical memory.
//
// Rules (kernel/kexec_core.c sanity_check_segment_list, arch/powerpc/kexec/core_64.c
// machine_kexec_prepare, ima-kexec-protocol.md §6.1 and §7.5): every segment page-aligned in
// address and size, at most 16, none overlapping; all of them above the running kernel's end
// (-ETXTBSY otherwise) and outside the new kernel's [0, _end) footprint; inside RAM; outside every
// reserved range; the kernel, the tree and the trampoline below the real-mode limit.
#pragma once

#include <string>
#include <vector>

#include "bootloader/core/result.h"
#include "bootloader/kexec/memory_map.h"

namespace baton::kexec {

inline constexpr std::size_t kMaxSegments = 16;  // KEXEC_SEGMENT_MAX

enum class Region : std::uint8_t {
  kRealMode,        // below the RMA top (code and data the CPU touches with the MMU off)
  kPreferRealMode,  // below the RMA top if it fits, else anywhere in RAM
  kAnywhere,        // anywhere in RAM
};

struct SegmentRequest {
  std::string name;
  std::uint64_t size = 0;  // rounded up to the page size by the placer
  Region region = Region::kAnywhere;
};

struct Placement {
  std::string name;
  AddressRange range;  // page-aligned, page-multiple size
};

// Places the requests in order, lowest free address first, at or above `floor`. The error
// names the segment that did not fit, its size, and the largest hole that was left.
Result<std::vector<Placement>> PlaceSegments(const MemoryMap& map, std::uint64_t page_size,
                                             std::uint64_t floor,
                                             const std::vector<SegmentRequest>& requests);

// Checks placements against every rule above; used on plans from elsewhere and in tests.
Result<void> CheckPlacements(const MemoryMap& map, std::uint64_t page_size, std::uint64_t floor,
                             const std::vector<Placement>& placements);

}  // namespace baton::kexec
