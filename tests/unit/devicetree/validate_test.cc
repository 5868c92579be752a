// SPDX-License-Identifier: GPL-2.0-or-later
// Structural validation of device trees, before libfdt sees them.
#include <cstring>
#include <string>

#include "bootloader/devicetree/validate.h"
#include "tests/unit/fdt_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::devicetree;
using testing::FdtBuilder;
using testing::HandBytes;

namespace {

ByteBuffer SmallTree() {
  HandBytes cells(ByteOrder::kBig);
  cells.U32(2);
  HandBytes reg(ByteOrder::kBig);
  reg.U64(0).U64(0x40000000);
  return FdtBuilder()
      .Reserve(0x2ffb0000, 0x40000)
      .BeginNode("")
      .Property("#address-cells", cells.bytes())
      .Property("#size-cells", cells.bytes())
      .BeginNode("chosen")
      .Property("bootargs", ByteBuffer{std::byte{'x'}, std::byte{0}})
      .EndNode()
      .BeginNode("memory@0")
      .Property("reg", reg.bytes())
      .EndNode()
      .EndNode()
      .Finish();
}

void Poke32(ByteBuffer& blob, std::size_t at, std::uint32_t value) {
  StoreUnsigned<std::uint32_t>(blob.data() + at, value, ByteOrder::kBig);
}

}  // namespace

TEST_GROUP(ValidateTree){};

TEST(ValidateTree, AcceptsAWellFormedTree) {
  auto facts = ValidateTree(SmallTree());
  CHECK(facts.has_value());
  UNSIGNED_LONGS_EQUAL(3, facts->nodes);
  UNSIGNED_LONGS_EQUAL(4, facts->properties);
  UNSIGNED_LONGS_EQUAL(1, facts->reservations);
}

TEST(ValidateTree, AcceptsVersion16AsLinuxPromInitWritesIt) {
  ByteBuffer blob = SmallTree();
  Poke32(blob, 20, 16);  // version
  Poke32(blob, 24, 16);  // last compatible version
  Poke32(blob, 36, 0);   // no size_dt_struct in version 16
  auto facts = ValidateTree(blob);
  CHECK(facts.has_value());
  UNSIGNED_LONGS_EQUAL(16, facts->version);
  UNSIGNED_LONGS_EQUAL(3, facts->nodes);
  Poke32(blob, 24, 17);  // compatible with a version newer than itself
  CHECK_FALSE(ValidateTree(blob).has_value());
}

TEST(ValidateTree, EveryTruncationIsRefused) {
  ByteBuffer blob = SmallTree();
  for (std::size_t length = 0; length < blob.size(); ++length) {
    CHECK_FALSE(ValidateTree(Bytes(blob.data(), length)).has_value());
  }
}

TEST(ValidateTree, HostileHeadersAndTokens) {
  ByteBuffer good = SmallTree();
  struct Case {
    std::size_t at;
    std::uint32_t value;
  };
  const Case cases[] = {
      {0, 0xdeadbeef},   // magic
      {4, 0xffffffff},   // totalsize
      {8, 0xfffffff0},   // struct offset
      {12, 0xfffffff0},  // strings offset
      {16, 0x7},         // reservation offset, not 8-aligned
      {20, 15},          // version
      {32, 0xffffffff},  // strings size
      {36, 0xffffffff},  // struct size
  };
  for (const Case& bad : cases) {
    ByteBuffer blob = good;
    Poke32(blob, bad.at, bad.value);
    auto result = ValidateTree(blob);
    CHECK_FALSE(result.has_value());
    CHECK(result.error().location() == Location::kOffset);
  }
  // Every structure word replaced by an unknown token, a huge length or a bad name offset.
  const std::uint32_t struct_at = LoadUnsigned<std::uint32_t>(good.data() + 8, ByteOrder::kBig);
  const std::uint32_t struct_size = LoadUnsigned<std::uint32_t>(good.data() + 36, ByteOrder::kBig);
  for (std::uint32_t at = struct_at; at < struct_at + struct_size; at += 4) {
    for (std::uint32_t value : {0x7u, 0xffffffffu, 0x3u, 0x2u, 0x9u}) {
      ByteBuffer blob = good;
      Poke32(blob, at, value);
      (void)ValidateTree(blob);  // must not crash or read out of bounds (ASan watches)
    }
  }
}

TEST(ValidateTree, StructuralRules) {
  // A property after a subnode.
  ByteBuffer late = FdtBuilder()
                        .BeginNode("")
                        .BeginNode("a")
                        .EndNode()
                        .Property("p", ByteBuffer(4))
                        .EndNode()
                        .Finish();
  CHECK_FALSE(ValidateTree(late).has_value());
  // Unbalanced nodes.
  ByteBuffer open = FdtBuilder().BeginNode("").BeginNode("a").EndNode().Finish();
  CHECK_FALSE(ValidateTree(open).has_value());
  // A named root, and a nameless child.
  CHECK_FALSE(ValidateTree(FdtBuilder().BeginNode("r").EndNode().Finish()).has_value());
  CHECK_FALSE(ValidateTree(FdtBuilder().BeginNode("").BeginNode("").EndNode().EndNode().Finish())
                  .has_value());
  // Nesting deeper than 64.
  FdtBuilder deep;
  deep.BeginNode("");
  for (int i = 0; i < 70; ++i) deep.BeginNode("n");
  for (int i = 0; i < 70; ++i) deep.EndNode();
  deep.EndNode();
  CHECK_FALSE(ValidateTree(deep.Finish()).has_value());
  // A control character in a node name.
  CHECK_FALSE(
      ValidateTree(FdtBuilder().BeginNode("").BeginNode("a\x01").EndNode().EndNode().Finish())
          .has_value());
}
