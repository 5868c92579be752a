// SPDX-License-Identifier: GPL-2.0-or-later
// Structural validation of a flattened device tree, before any library parses it.
//
// Source: the Devicetree Specification v0.4, chapter 5 (header, memory reservation block,
// structure block tokens, strings block). Bookworm's libfdt 1.6.1 crashes in fdt_check_full on
// crafted blobs (fixed upstream in 1.7.0), so every tree — also the running kernel's — passes
// this check first. It reads only big-endian bytes within bounds and needs no library, so it
// also runs on big-endian ppc64.
#pragma once

#include <cstdint>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::devicetree {

inline constexpr std::uint32_t kFdtMagic = 0xd00dfeed;
inline constexpr std::size_t kFdtHeaderSize = 40;     // version 17
inline constexpr std::size_t kFdtHeaderSizeV16 = 36;  // version 16 (prom_init's)
inline constexpr std::uint32_t kMaxNodeDepth = 64;
inline constexpr std::uint32_t kMaxReservations = 4096;
inline constexpr std::uint64_t kMaxTreeSize = 64u << 20;

struct TreeFacts {
  std::uint32_t total_size = 0;
  std::uint32_t version = 0;
  std::uint32_t boot_cpuid = 0;
  std::uint32_t nodes = 0;
  std::uint32_t properties = 0;
  std::uint32_t reservations = 0;
};

// Checks the header, the memory-reservation block, every structure token, every node name and
// every property's name offset and length. Errors name the byte offset of the fault.
Result<TreeFacts> ValidateTree(Bytes blob);

}  // namespace baton::devicetree
