// SPDX-License-Identifier: GPL-2.0-or-later
// The CHRP NVRAM partition chain and the name=value strings of `common`, on images built here:
// checksums against headers SLOF wrote, every truncation, bad checksums, lengths and strings.
#include <array>
#include <cstring>
#include <string>
#include <string_view>

#include "bootloader/core/bytes.h"
#include "bootloader/settings/nvram.h"

#include "tests/unit/harness.h"
#include "tests/unit/settings/nvram_images.h"

using namespace baton;
using namespace baton::settings;
using baton::settings::testing::AddPartition;

namespace {

std::array<std::byte, kNvramHeaderSize> Header(std::string_view bytes) {
  std::array<std::byte, kNvramHeaderSize> header{};
  std::memcpy(header.data(), bytes.data(), kNvramHeaderSize);
  return header;
}

ByteBuffer ThreePartitions() {
  ByteBuffer nvram;
  AddPartition(nvram, 0x51, "ibm,CPU0log", 4);
  AddPartition(nvram, kSignatureSystem, "common", 8, std::string_view("a=1\0b=x=y\0\0", 11));
  AddPartition(nvram, kSignatureFree, "free space", 20);
  return nvram;
}

}  // namespace

TEST_GROUP(Nvram){};

TEST(Nvram, HeaderChecksumsAgreeWithTheHeadersSlofWrote) {
  // The four headers of tests/data/nvram/slof-pseries-64k.nvram, checksums as SLOF wrote them.
  using std::literals::operator""sv;
  const auto cpu0 = Header("\x51\x15\x02\x00ibm,CPU0log\0"sv);
  const auto cpu1 = Header("\x51\x94\x00\x80ibm,CPU1log\0"sv);
  const auto common = Header(
      "\x70\xfc\x01\x00"
      "common\0\0\0\0\0\0"sv);
  const auto free = Header(
      "\x7f\xdd\x0c\x80"
      "free space\0\0"sv);
  UNSIGNED_LONGS_EQUAL(0x15, NvramHeaderChecksum(cpu0));
  UNSIGNED_LONGS_EQUAL(0x94, NvramHeaderChecksum(cpu1));
  UNSIGNED_LONGS_EQUAL(0xfc, NvramHeaderChecksum(common));
  UNSIGNED_LONGS_EQUAL(0xdd, NvramHeaderChecksum(free));
}

TEST(Nvram, ReadsThePartitionChain) {
  const ByteBuffer nvram = ThreePartitions();
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(nvram);
  CHECK(partitions.has_value());
  UNSIGNED_LONGS_EQUAL(3, partitions->size());
  STRCMP_EQUAL("common", (*partitions)[1].name.c_str());
  UNSIGNED_LONGS_EQUAL(64, (*partitions)[1].offset);
  UNSIGNED_LONGS_EQUAL(128, (*partitions)[1].size);
  UNSIGNED_LONGS_EQUAL(80, (*partitions)[1].data_offset());
  UNSIGNED_LONGS_EQUAL(112, (*partitions)[1].data_size());
  const NvramPartition* common = FindNvramPartition(*partitions, kSignatureSystem, "common");
  CHECK(common == &(*partitions)[1]);
  CHECK(FindNvramPartition(*partitions, kSignatureFree, "common") == nullptr);
}

TEST(Nvram, ANameOfTwelveBytesHasNoNul) {
  ByteBuffer nvram;
  AddPartition(nvram, 0x70, "twelve-bytes", 2);
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(nvram);
  CHECK(partitions.has_value());
  STRCMP_EQUAL("twelve-bytes", (*partitions)[0].name.c_str());
}

TEST(Nvram, EveryTruncationIsAnErrorOrAShorterChain) {
  const ByteBuffer nvram = ThreePartitions();
  for (std::size_t size = 0; size < nvram.size(); ++size) {
    Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(Bytes(nvram.data(), size));
    if (size == 0 || size == 64 || size == 192) {
      CHECK(partitions.has_value());
      UNSIGNED_LONGS_EQUAL(size == 0 ? 0 : size == 64 ? 1 : 2, partitions->size());
      continue;
    }
    CHECK(!partitions.has_value());
    const std::uint64_t header = size < 64 ? 0 : size < 192 ? 64 : 192;
    UNSIGNED_LONGS_EQUAL(header, partitions.error().position());
  }
}

TEST(Nvram, ABadChecksumNamesItsHeader) {
  ByteBuffer nvram = ThreePartitions();
  nvram[64 + 5] = std::byte{'X'};  // "cXmmon"
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(nvram);
  CHECK(!partitions.has_value());
  CHECK(partitions.error().code() == ErrorCode::kSettingsMalformed);
  UNSIGNED_LONGS_EQUAL(64, partitions.error().position());
  CHECK(partitions.error().ToString().find("checksum") != std::string::npos);
  CHECK(partitions.error().ToString().find("computed") != std::string::npos);
}

TEST(Nvram, LengthsOfZeroAndPastTheEndAreRefused) {
  ByteBuffer zero(256);  // never formatted: checksum 0 matches, length 0 does not do
  Result<std::vector<NvramPartition>> blank = ReadNvramPartitions(zero);
  CHECK(!blank.has_value());
  CHECK(blank.error().ToString().find("length 0") != std::string::npos);

  ByteBuffer nvram;
  AddPartition(nvram, kSignatureFree, "free space", 2);
  nvram[3] = std::byte{0xff};  // 0x00ff blocks in 32 bytes
  nvram[1] = std::byte{NvramHeaderChecksum(std::span<const std::byte, 16>(nvram.data(), 16))};
  Result<std::vector<NvramPartition>> past = ReadNvramPartitions(nvram);
  CHECK(!past.has_value());
  CHECK(past.error().ToString().find("past the end") != std::string::npos);
  CHECK(past.error().ToString().find("4080 bytes, 32 left") != std::string::npos);
}

TEST(Nvram, PairsSplitAtTheFirstEqualsAndEndAtAnEmptyString) {
  using std::literals::operator""sv;
  const std::string_view data = "a=1\0b=x=y\0empty=\0\0ignored=1\0"sv;
  Result<std::vector<NvramPair>> pairs = ReadNvramPairs(AsBytes(data), 0x2810);
  CHECK(pairs.has_value());
  UNSIGNED_LONGS_EQUAL(3, pairs->size());
  STRCMP_EQUAL("b", (*pairs)[1].name.c_str());
  STRCMP_EQUAL("x=y", (*pairs)[1].value.c_str());
  STRCMP_EQUAL("empty", (*pairs)[2].name.c_str());
  STRCMP_EQUAL("", (*pairs)[2].value.c_str());
  // Data that ends right after a string has no terminating empty string: still read.
  Result<std::vector<NvramPair>> full = ReadNvramPairs(AsBytes("a=1\0"sv), 0);
  CHECK(full.has_value());
  UNSIGNED_LONGS_EQUAL(1, full->size());
}

TEST(Nvram, BadStringsNameTheirOffset) {
  using std::literals::operator""sv;
  Result<std::vector<NvramPair>> unterminated = ReadNvramPairs(AsBytes("a=1\0b=2"sv), 0x100);
  CHECK(!unterminated.has_value());
  UNSIGNED_LONGS_EQUAL(0x104, unterminated.error().position());
  Result<std::vector<NvramPair>> no_equals = ReadNvramPairs(AsBytes("a=1\0junk\0\0"sv), 0x100);
  CHECK(!no_equals.has_value());
  UNSIGNED_LONGS_EQUAL(0x104, no_equals.error().position());
  CHECK(no_equals.error().ToString().find("'junk'") != std::string::npos);
  Result<std::vector<NvramPair>> no_name = ReadNvramPairs(AsBytes("=1\0\0"sv), 0x100);
  CHECK(!no_name.has_value());
  UNSIGNED_LONGS_EQUAL(0x100, no_name.error().position());
}
