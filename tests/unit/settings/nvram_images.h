// SPDX-License-Identifier: GPL-2.0-or-later
// NVRAM images built for the settings tests: partitions with their checksums computed.
#pragma once

#include <cstring>
#include <span>
#include <string_view>

#include "bootloader/core/bytes.h"
#include "bootloader/settings/nvram.h"

namespace baton::settings::testing {

// Appends a partition: its header (checksum computed) and `blocks` * 16 - 16 bytes of data that
// begin with `data`.
inline void AddPartition(ByteBuffer& nvram, std::uint8_t signature, std::string_view name,
                         std::uint16_t blocks, std::string_view data = {}) {
  const std::size_t at = nvram.size();
  nvram.resize(at + std::size_t{blocks} * kNvramBlock);
  nvram[at] = std::byte{signature};
  nvram[at + 2] = std::byte(blocks >> 8);
  nvram[at + 3] = std::byte(blocks & 0xff);
  std::memcpy(nvram.data() + at + 4, name.data(), name.size());
  if (!data.empty()) std::memcpy(nvram.data() + at + kNvramHeaderSize, data.data(), data.size());
  nvram[at + 1] = std::byte{NvramHeaderChecksum(
      std::span<const std::byte, kNvramHeaderSize>(nvram.data() + at, kNvramHeaderSize))};
}

}  // namespace baton::settings::testing
