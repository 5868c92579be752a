// SPDX-License-Identifier: GPL-2.0-or-later
// The NVRAM image SLOF formatted on its first boot of QEMU pseries (tests/data/nvram/README.md):
// its partition chain and its `common` settings, as the firmware wrote them.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/settings/nvram.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::settings;

namespace {

ByteBuffer SlofImage() {
  std::ifstream in("tests/data/nvram/slof-pseries-64k.nvram", std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ByteBuffer image(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) image[i] = std::byte(bytes[i]);
  return image;
}

}  // namespace

TEST_GROUP(NvramSlof){};

TEST(NvramSlof, ReadsTheChainSlofFormatted) {
  const ByteBuffer image = SlofImage();
  UNSIGNED_LONGS_EQUAL(65536, image.size());
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(image);
  CHECK(partitions.has_value());
  UNSIGNED_LONGS_EQUAL(4, partitions->size());
  const char* names[] = {"ibm,CPU0log", "ibm,CPU1log", "common", "free space"};
  const std::uint64_t offsets[] = {0, 0x2000, 0x2800, 0x3800};
  const std::uint64_t sizes[] = {0x2000, 0x800, 0x1000, 0xc800};
  const std::uint8_t signatures[] = {0x51, 0x51, kSignatureSystem, kSignatureFree};
  for (std::size_t i = 0; i < 4; ++i) {
    STRCMP_EQUAL(names[i], (*partitions)[i].name.c_str());
    UNSIGNED_LONGS_EQUAL(offsets[i], (*partitions)[i].offset);
    UNSIGNED_LONGS_EQUAL(sizes[i], (*partitions)[i].size);
    UNSIGNED_LONGS_EQUAL(signatures[i], (*partitions)[i].signature);
  }
}

TEST(NvramSlof, ReadsSlofsDefaultSettings) {
  const ByteBuffer image = SlofImage();
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(image);
  CHECK(partitions.has_value());
  const NvramPartition* common = FindNvramPartition(*partitions, kSignatureSystem, "common");
  CHECK(common != nullptr);
  Result<std::vector<NvramPair>> pairs = ReadNvramPairs(
      Bytes(image).subspan(common->data_offset(), common->data_size()), common->data_offset());
  CHECK(pairs.has_value());
  UNSIGNED_LONGS_EQUAL(25, pairs->size());
  STRCMP_EQUAL("load-base", pairs->front().name.c_str());
  STRCMP_EQUAL("16384", pairs->front().value.c_str());
  STRCMP_EQUAL("auto-boot?", pairs->back().name.c_str());
  STRCMP_EQUAL("true", pairs->back().value.c_str());
}
