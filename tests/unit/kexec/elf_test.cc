// SPDX-License-Identifier: GPL-2.0-or-later
// The ELF64 kernel loader on hand-made images in both byte orders, and on malformed ones.
#include <string>

#include "bootloader/kexec/elf.h"
#include "tests/unit/list_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::kexec;
using testing::HandBytes;

namespace {

struct Load {
  std::uint64_t offset, vaddr, paddr, filesz, memsz;
};

// An ELF64 executable for EM_PPC64 with the given PT_LOADs; data bytes are their offset & 0xff.
ByteBuffer MakeElf(ByteOrder order, std::uint64_t entry, const std::vector<Load>& loads,
                   std::uint16_t machine = 21, std::size_t file_size = 0x3000) {
  HandBytes elf(order);
  elf.Text(
         "\x7f"
         "ELF")
      .Repeat(2, 1)
      .Repeat(order == ByteOrder::kLittle ? 1 : 2, 1)
      .Repeat(1, 1)
      .Repeat(0, 9);
  elf.U16(2).U16(machine).U32(1).U64(entry).U64(64).U64(0).U32(0).U16(64).U16(56);
  elf.U16(static_cast<std::uint16_t>(loads.size())).U16(64).U16(0).U16(0);
  for (const Load& load : loads) {
    elf.U32(1)
        .U32(7)
        .U64(load.offset)
        .U64(load.vaddr)
        .U64(load.paddr)
        .U64(load.filesz)
        .U64(load.memsz)
        .U64(0x10000);
  }
  ByteBuffer bytes = elf.bytes();
  std::size_t headers = bytes.size();
  bytes.resize(file_size);
  for (std::size_t i = headers; i < bytes.size(); ++i) bytes[i] = static_cast<std::byte>(i & 0xff);
  return bytes;
}

}  // namespace

TEST_GROUP(Elf){};

TEST(Elf, ParsesBothByteOrders) {
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    ByteBuffer file =
        MakeElf(order, 0xc000000000000000ull, {{0x1000, 0xc000000000000000ull, 0, 0x1800, 0x5000}});
    auto image = ParseKernelElf(file);
    CHECK(image.has_value());
    CHECK(image->order == order);
    UNSIGNED_LONGS_EQUAL(0, image->entry_offset);
    UNSIGNED_LONGS_EQUAL(0x5000, image->image_size);
    UNSIGNED_LONGS_EQUAL(1, image->segments.size());
    UNSIGNED_LONGS_EQUAL(0x1800, image->segments[0].file_bytes.size());
    // The head is the first 256 bytes of the segment's file data.
    UNSIGNED_LONGS_EQUAL(0x00, static_cast<unsigned>(image->head[0]));
    UNSIGNED_LONGS_EQUAL(0x60, static_cast<unsigned>(image->head[0x60]));
  }
}

TEST(Elf, SeveralSegmentsMakeOneImage) {
  ByteBuffer file = MakeElf(ByteOrder::kLittle, 0xc000000000000100ull,
                            {{0x1000, 0xc000000000010000ull, 0x10000, 0x800, 0x1000},
                             {0x2000, 0xc000000000000000ull, 0, 0x800, 0x800}});
  auto image = ParseKernelElf(file);
  CHECK(image.has_value());
  UNSIGNED_LONGS_EQUAL(0x11000, image->image_size);
  UNSIGNED_LONGS_EQUAL(0x10000, image->segments[1].offset_in_image);
  UNSIGNED_LONGS_EQUAL(0x100, image->entry_offset);
}

TEST(Elf, MalformedFilesNameTheField) {
  const std::uint64_t base = 0xc000000000000000ull;
  struct Case {
    ByteBuffer file;
    std::uint64_t offset;
  };
  std::vector<Case> cases;
  cases.push_back({MakeElf(ByteOrder::kLittle, base, {{0x1000, base, 0, 0x800, 0x800}}, 62), 18});
  cases.push_back({MakeElf(ByteOrder::kLittle, base, {{0x1000, base, 0, 0x900, 0x800}}), 64 + 32});
  cases.push_back({MakeElf(ByteOrder::kLittle, base, {{0x2f00, base, 0, 0x800, 0x800}}), 64 + 8});
  cases.push_back(
      {MakeElf(ByteOrder::kBig, base + 0x10000, {{0x1000, base, 0, 0x800, 0x800}}), 24});
  cases.push_back({MakeElf(ByteOrder::kBig, base,
                           {{0x1000, base, 0, 0x800, 0x800}, {0x1000, base, 0x400, 0x800, 0x800}}),
                   64 + 56 + 24});
  cases.push_back({MakeElf(ByteOrder::kLittle, base, {{0x1000, base, 0, 0x10, 0x10}}), 0});
  for (const Case& bad : cases) {
    auto image = ParseKernelElf(bad.file);
    CHECK_FALSE(image.has_value());
    UNSIGNED_LONGS_EQUAL(bad.offset, image.error().position());
  }
  ByteBuffer good = MakeElf(ByteOrder::kLittle, base, {{0x1000, base, 0, 0x800, 0x800}});
  for (std::size_t length = 0; length < 0x1800; length += 7) {
    CHECK_FALSE(ParseKernelElf(Bytes(good.data(), length)).has_value());
  }
  CHECK(ParseKernelElf(Bytes(good.data(), 0x1800)).has_value());
}
