// SPDX-License-Identifier: GPL-2.0-or-later
// The CHRP NVRAM partition chain and the name=value strings of its system partition.
#include "bootloader/settings/nvram.h"

#include "bootloader/core/text.h"

namespace baton::settings {

std::uint8_t NvramHeaderChecksum(std::span<const std::byte, kNvramHeaderSize> header) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < kNvramHeaderSize; ++i) {
    if (i == 1) continue;  // the checksum itself
    sum += std::to_integer<unsigned>(header[i]);
    if (sum > 0xff) sum = (sum & 0xff) + 1;  // the carry goes round
  }
  return static_cast<std::uint8_t>(sum);
}

Result<std::vector<NvramPartition>> ReadNvramPartitions(Bytes nvram) {
  std::vector<NvramPartition> partitions;
  std::uint64_t offset = 0;
  while (offset < nvram.size()) {
    if (nvram.size() - offset < kNvramHeaderSize) {
      return Error::AtOffset(ErrorCode::kTruncated, "NVRAM: a partition header runs past the end",
                             offset);
    }
    const std::span<const std::byte, kNvramHeaderSize> header =
        nvram.subspan(offset).first<kNvramHeaderSize>();
    ByteReader reader(header, offset);
    NvramPartition partition;
    partition.offset = offset;
    partition.signature = BATON_TRY(reader.ReadU8());
    const std::uint8_t stored = BATON_TRY(reader.ReadU8());
    const std::uint16_t blocks = BATON_TRY(reader.ReadU16(ByteOrder::kBig));
    const Bytes name = BATON_TRY(reader.ReadBytes(kNvramNameSize));
    const std::uint8_t computed = NvramHeaderChecksum(header);
    if (stored != computed) {
      return Error::AtOffset(ErrorCode::kSettingsMalformed,
                             "NVRAM: a partition header's checksum does not match", offset)
          .WithDetail(HexNumber(stored) + " stored, " + HexNumber(computed) + " computed");
    }
    partition.size = std::uint64_t{blocks} * kNvramBlock;
    if (blocks == 0) {
      return Error::AtOffset(ErrorCode::kSettingsMalformed, "NVRAM: a partition of length 0",
                             offset);
    }
    if (partition.size > nvram.size() - offset) {
      return Error::AtOffset(ErrorCode::kSettingsMalformed, "NVRAM: a partition runs past the end",
                             offset)
          .WithDetail(std::to_string(partition.size) + " bytes, " +
                      std::to_string(nvram.size() - offset) + " left");
    }
    for (std::byte byte : name) {
      if (byte == std::byte{0}) break;
      partition.name.push_back(static_cast<char>(byte));
    }
    offset += partition.size;
    partitions.push_back(std::move(partition));
  }
  return partitions;
}

const NvramPartition* FindNvramPartition(const std::vector<NvramPartition>& partitions,
                                         std::uint8_t signature, std::string_view name) {
  for (const NvramPartition& partition : partitions) {
    if (partition.signature == signature && partition.name == name) return &partition;
  }
  return nullptr;
}

Result<std::vector<NvramPair>> ReadNvramPairs(Bytes data, std::uint64_t base) {
  std::vector<NvramPair> pairs;
  ByteReader reader(data, base);
  while (!reader.empty()) {
    const std::uint64_t at = reader.offset();
    Result<Bytes> text = reader.ReadUntil(std::byte{0});
    if (!text) {
      return Error::AtOffset(ErrorCode::kSettingsMalformed,
                             "NVRAM: a setting without its NUL before the partition's end", at);
    }
    if (text->empty()) break;  // the end of the settings
    const std::string_view string = AsText(*text);
    const std::size_t equals = string.find('=');
    if (equals == std::string_view::npos) {
      return Error::AtOffset(ErrorCode::kSettingsMalformed, "NVRAM: a setting without '='", at)
          .WithDetail("'" + std::string(string.substr(0, 40)) + "'");
    }
    if (equals == 0) {
      return Error::AtOffset(ErrorCode::kSettingsMalformed, "NVRAM: a setting without a name", at);
    }
    pairs.push_back(
        {std::string(string.substr(0, equals)), std::string(string.substr(equals + 1))});
  }
  return pairs;
}

namespace {

void PutHeader(ByteBuffer& nvram, std::uint64_t offset, std::uint8_t signature,
               std::string_view name, std::uint64_t size) {
  std::byte* header = nvram.data() + offset;
  header[0] = std::byte{signature};
  StoreUnsigned<std::uint16_t>(header + 2, static_cast<std::uint16_t>(size / kNvramBlock),
                               ByteOrder::kBig);
  for (std::size_t i = 0; i < name.size() && i < kNvramNameSize; ++i) {
    header[4 + i] = static_cast<std::byte>(name[i]);
  }
  header[1] = std::byte{
      NvramHeaderChecksum(std::span<const std::byte, kNvramHeaderSize>(header, kNvramHeaderSize))};
}

}  // namespace

ByteBuffer FormatNvram(std::uint64_t size, std::uint64_t common_size) {
  ByteBuffer nvram(static_cast<std::size_t>(size), std::byte{0});
  PutHeader(nvram, 0, kSignatureSystem, "common", common_size);
  PutHeader(nvram, common_size, kSignatureFree, "free space", size - common_size);
  return nvram;
}

}  // namespace baton::settings
