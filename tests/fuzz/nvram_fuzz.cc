// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: an NVRAM image as baton reads it at every start from /dev/nvram or the settings
// file: the partition chain, the journal at the end of a system partition (settled as the store
// settles it), the name=value strings and what they mean, and a change planned over them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bootloader/settings/nvram.h"
#include "bootloader/settings/nvram_journal.h"
#include "bootloader/settings/settings.h"

namespace {

using namespace baton;
using namespace baton::settings;

void Apply(ByteBuffer& image, const std::vector<NvramWrite>& writes) {
  for (const NvramWrite& write : writes) {
    // Every write lies inside the image (the store writes them to the device as they are).
    if (write.offset > image.size() || write.bytes.size() > image.size() - write.offset) {
      __builtin_trap();
    }
    std::copy(write.bytes.begin(), write.bytes.end(),
              image.begin() + static_cast<std::ptrdiff_t>(write.offset));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes nvram(reinterpret_cast<const std::byte*>(data), size);
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(nvram);
  if (!partitions) return 0;
  std::uint64_t covered = 0;
  ByteBuffer image(nvram.begin(), nvram.end());
  for (const NvramPartition& partition : *partitions) {
    // The chain covers the image exactly, partition after partition.
    if (partition.offset != covered || partition.size < kNvramHeaderSize) __builtin_trap();
    covered += partition.size;
    if (partition.signature != kSignatureSystem) continue;
    const JournalRecovery recovery = PlanJournalRecovery(image, partition);
    Apply(image, recovery.writes);
    // Settled: nothing is left to settle, and no header moved.
    if (PlanJournalRecovery(image, partition).verdict != JournalVerdict::kNone) __builtin_trap();
    if (!std::equal(image.begin() + static_cast<std::ptrdiff_t>(partition.offset),
                    image.begin() + static_cast<std::ptrdiff_t>(partition.data_offset()),
                    nvram.begin() + static_cast<std::ptrdiff_t>(partition.offset))) {
      __builtin_trap();
    }
    Result<std::vector<NvramPair>> pairs =
        ReadNvramPairs(Bytes(image).subspan(partition.data_offset(), partition.data_size()),
                       partition.data_offset());
    if (!pairs) continue;
    for (const NvramPair& pair : *pairs) {
      if (pair.name.empty()) __builtin_trap();
    }
    std::vector<std::string> warnings;
    (void)ReadSettings(*pairs, warnings);
    // A change planned over these strings, applied whole, reads back as the change.
    std::vector<NvramPair> changed = *pairs;
    if (!SetSetting(changed, "timeout", "42").has_value()) __builtin_trap();
    Result<std::vector<NvramWrite>> writes = PlanPairsUpdate(image, partition, changed);
    if (!writes) continue;
    ByteBuffer after = image;
    Apply(after, *writes);
    Result<std::vector<NvramPair>> read =
        ReadNvramPairs(Bytes(after).subspan(partition.data_offset(), partition.data_size()),
                       partition.data_offset());
    if (!read || read->size() != changed.size()) __builtin_trap();
    if (PlanJournalRecovery(after, partition).verdict != JournalVerdict::kNone) __builtin_trap();
  }
  if (covered != size) __builtin_trap();
  return 0;
}
