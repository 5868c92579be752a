// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: an NVRAM image (the partition chain) and the name=value strings of its `common`
// partition, as baton reads them at every start from /dev/nvram or the settings file.
#include <cstddef>
#include <cstdint>

#include "bootloader/settings/nvram.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  using namespace baton::settings;
  const Bytes nvram(reinterpret_cast<const std::byte*>(data), size);
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(nvram);
  if (!partitions) return 0;
  std::uint64_t covered = 0;
  for (const NvramPartition& partition : *partitions) {
    // The chain covers the image exactly, partition after partition.
    if (partition.offset != covered || partition.size < kNvramHeaderSize) __builtin_trap();
    covered += partition.size;
    if (partition.signature != kSignatureSystem) continue;
    Result<std::vector<NvramPair>> pairs = ReadNvramPairs(
        nvram.subspan(partition.data_offset(), partition.data_size()), partition.data_offset());
    if (pairs) {
      for (const NvramPair& pair : *pairs) {
        if (pair.name.empty()) __builtin_trap();
      }
    }
  }
  if (covered != size) __builtin_trap();
  return 0;
}
