// SPDX-License-Identifier: GPL-2.0-or-later
// The journaled change of a system partition's strings (the layout is in the header).
#include "bootloader/settings/nvram_journal.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace baton::settings {
namespace {

constexpr std::string_view kMagic = "BATONJN";  // then the commit byte

// CRC-32 as IEEE 802.3 (and zlib) define it: reflected, polynomial 0xEDB88320, inverted in and
// out. A few KiB at most, so bit by bit.
std::uint32_t Crc32(std::uint32_t crc, Bytes bytes) {
  crc = ~crc;
  for (std::byte byte : bytes) {
    crc ^= std::to_integer<std::uint32_t>(byte);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::uint32_t JournalCrc(Bytes old_and_new, std::uint32_t at, std::uint32_t length) {
  std::array<std::byte, 8> range{};
  StoreUnsigned<std::uint32_t>(range.data(), at, ByteOrder::kBig);
  StoreUnsigned<std::uint32_t>(range.data() + 4, length, ByteOrder::kBig);
  return Crc32(Crc32(0, old_and_new), range);
}

NvramWrite ByteWrite(std::uint64_t offset, std::uint8_t value) {
  return {offset, ByteBuffer{std::byte{value}}};
}

Result<Bytes> PartitionData(Bytes nvram, const NvramPartition& partition) {
  if (partition.size < kNvramHeaderSize || partition.offset > nvram.size() ||
      partition.size > nvram.size() - partition.offset) {
    return Error::AtOffset(ErrorCode::kInvalidArgument,
                           "NVRAM: the partition is not inside the NVRAM", partition.offset);
  }
  return nvram.subspan(static_cast<std::size_t>(partition.data_offset()),
                       static_cast<std::size_t>(partition.data_size()));
}

// The bytes the strings take, their empty string included.
Result<std::size_t> StringsSize(Bytes data, std::uint64_t base) {
  std::size_t at = 0;
  while (at < data.size()) {
    const auto nul =
        std::find(data.begin() + static_cast<std::ptrdiff_t>(at), data.end(), std::byte{0});
    if (nul == data.end()) break;
    const std::size_t end = static_cast<std::size_t>(nul - data.begin());
    if (end == at) return at + 1;
    at = end + 1;
  }
  return Error::AtOffset(ErrorCode::kSettingsMalformed,
                         "NVRAM: the partition's strings do not end before its data does",
                         base + at);
}

}  // namespace

Result<ByteBuffer> EncodeNvramPairs(const std::vector<NvramPair>& pairs) {
  ByteBuffer out;
  ByteWriter writer(out);
  for (const NvramPair& pair : pairs) {
    if (pair.name.empty() ||
        pair.name.find_first_of(std::string_view("=\0", 2)) != std::string::npos) {
      return Error(ErrorCode::kInvalidArgument,
                   "a setting's name must be non-empty and hold neither '=' nor NUL")
          .WithDetail("'" + pair.name.substr(0, 40) + "'");
    }
    if (pair.value.find('\0') != std::string::npos) {
      return Error(ErrorCode::kInvalidArgument, "a setting's value must not hold NUL")
          .WithDetail(pair.name);
    }
    writer.WriteBytes(AsBytes(pair.name));
    writer.WriteU8('=');
    if (!pair.value.empty()) writer.WriteBytes(AsBytes(pair.value));
    writer.WriteU8(0);
  }
  writer.WriteU8(0);
  return out;
}

Result<std::vector<NvramWrite>> PlanPairsUpdate(Bytes nvram, const NvramPartition& partition,
                                                const std::vector<NvramPair>& pairs) {
  const Bytes data = BATON_TRY(PartitionData(nvram, partition));
  const std::uint64_t base = partition.data_offset();
  const std::size_t old_size = BATON_TRY(StringsSize(data, base));
  ByteBuffer strings = BATON_TRY(EncodeNvramPairs(pairs));
  const std::size_t length = std::max(old_size, strings.size());
  if (length > data.size()) {
    return Error::AtOffset(ErrorCode::kTooLarge,
                           "NVRAM: no room in the partition for these settings", partition.offset)
        .WithDetail("'" + partition.name + "' holds " + std::to_string(data.size()) +
                    " bytes of data; the settings need " + std::to_string(length));
  }
  strings.resize(length, std::byte{0});
  const Bytes old = data.first(length);
  // The range that changes.
  std::size_t first = 0;
  while (first < length && old[first] == strings[first]) ++first;
  if (first == length) return std::vector<NvramWrite>{};
  std::size_t last = length;
  while (old[last - 1] == strings[last - 1]) --last;
  const std::size_t range = last - first;
  const std::uint64_t needed =
      std::uint64_t{length} + 2 * std::uint64_t{range} + kJournalFooterSize;
  if (needed > data.size()) {
    return Error::AtOffset(ErrorCode::kTooLarge,
                           "NVRAM: no room in the partition for these settings and their journal",
                           partition.offset)
        .WithDetail("'" + partition.name + "' holds " + std::to_string(data.size()) +
                    " bytes of data; " + std::to_string(length) + " bytes of settings, " +
                    std::to_string(range) + " of them changed, need " + std::to_string(needed));
  }

  const std::size_t size = data.size();
  const std::size_t start = size - kJournalFooterSize - 2 * range;
  NvramWrite body{base + start, {}};
  ByteWriter writer(body.bytes);
  writer.WriteBytes(old.subspan(first, range));
  writer.WriteBytes(Bytes(strings).subspan(first, range));
  const auto first32 = static_cast<std::uint32_t>(first);
  const auto range32 = static_cast<std::uint32_t>(range);
  writer.WriteU32(first32, ByteOrder::kBig);
  writer.WriteU32(range32, ByteOrder::kBig);
  writer.WriteU32(JournalCrc(Bytes(body.bytes).first(2 * range), first32, range32),
                  ByteOrder::kBig);
  writer.WriteBytes(AsBytes(kMagic));

  std::vector<NvramWrite> writes;
  const std::uint64_t commit = base + size - 1;
  if (data[size - 1] != std::byte{0}) writes.push_back(ByteWrite(commit, 0));
  writes.push_back(std::move(body));
  writes.push_back(ByteWrite(commit, kJournalCommitted));
  writes.push_back({base + first, ByteBuffer(strings.begin() + static_cast<std::ptrdiff_t>(first),
                                             strings.begin() + static_cast<std::ptrdiff_t>(last))});
  writes.push_back(ByteWrite(commit, 0));
  return writes;
}

JournalRecovery PlanJournalRecovery(Bytes nvram, const NvramPartition& partition) {
  JournalRecovery recovery;
  Result<Bytes> found = PartitionData(nvram, partition);
  if (!found || found->size() < kJournalFooterSize) return recovery;
  const Bytes data = *found;
  const std::size_t size = data.size();
  const Bytes footer = data.last(kJournalFooterSize);
  if (footer[kJournalFooterSize - 1] != std::byte{kJournalCommitted} ||
      AsText(footer.subspan(12, kMagic.size())) != kMagic) {
    return recovery;
  }
  const std::uint64_t first = LoadUnsigned<std::uint32_t>(footer.data(), ByteOrder::kBig);
  const std::uint64_t range = LoadUnsigned<std::uint32_t>(footer.data() + 4, ByteOrder::kBig);
  // The range must lie before the journal, which must fit in the data.
  if (range == 0 || 2 * range + kJournalFooterSize > size) return recovery;
  const std::uint64_t start = size - kJournalFooterSize - 2 * range;
  if (first > start || range > start - first) return recovery;
  const Bytes journal =
      data.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(2 * range));
  if (JournalCrc(journal, static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(range)) !=
      LoadUnsigned<std::uint32_t>(footer.data() + 8, ByteOrder::kBig)) {
    return recovery;
  }
  const Bytes old = journal.first(static_cast<std::size_t>(range));
  const Bytes fresh = journal.subspan(static_cast<std::size_t>(range));
  const Bytes now = data.subspan(static_cast<std::size_t>(first), static_cast<std::size_t>(range));
  const std::uint64_t base = partition.data_offset();
  if (std::equal(now.begin(), now.end(), fresh.begin())) {
    recovery.verdict = JournalVerdict::kComplete;
  } else {
    bool torn = true;
    for (std::size_t i = 0; i < now.size() && torn; ++i) {
      torn = now[i] == old[i] || now[i] == fresh[i];
    }
    recovery.verdict = torn ? JournalVerdict::kTorn : JournalVerdict::kStale;
    if (torn) recovery.writes.push_back({base + first, ByteBuffer(fresh.begin(), fresh.end())});
  }
  recovery.writes.push_back(ByteWrite(base + size - 1, 0));
  return recovery;
}

}  // namespace baton::settings
