// SPDX-License-Identifier: GPL-2.0-or-later
// Byte reader and writer: both byte orders, bounds.
#include "bootloader/core/bytes.h"
#include "bootloader/core/text.h"
#include "tests/unit/list_builder.h"

#include "tests/unit/harness.h"

using namespace baton;

TEST_GROUP(Bytes){};

TEST(Bytes, ReadsBothOrders) {
  const ByteBuffer data = {std::byte{0x01}, std::byte{0x02}, std::byte{0x03}, std::byte{0x04}};
  ByteReader little(data);
  UNSIGNED_LONGS_EQUAL(0x04030201u, *little.ReadU32(ByteOrder::kLittle));
  ByteReader big(data);
  UNSIGNED_LONGS_EQUAL(0x01020304u, *big.ReadU32(ByteOrder::kBig));
}

TEST(Bytes, TruncationNamesTheOffset) {
  const ByteBuffer data(6);
  ByteReader reader(data);
  CHECK(reader.ReadU32(ByteOrder::kBig).has_value());
  auto failed = reader.ReadU32(ByteOrder::kBig);
  CHECK_FALSE(failed.has_value());
  UNSIGNED_LONGS_EQUAL(4, failed.error().position());
  CHECK(failed.error().location() == Location::kOffset);
  CHECK_FALSE(reader.ReadBytes(3).has_value());
  CHECK(reader.ReadBytes(2).has_value());
  CHECK(reader.empty());
}

TEST(Bytes, WriterMatchesHandBuiltBytes) {
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    ByteBuffer written;
    ByteWriter writer(written);
    writer.WriteU16(0x1234, order);
    writer.WriteU32(0xdeadbeef, order);
    writer.WriteU64(0x0102030405060708ull, order);
    testing::HandBytes hand(order);
    hand.U16(0x1234).U32(0xdeadbeef).U64(0x0102030405060708ull);
    CHECK(written == hand.bytes());
  }
}

TEST(Bytes, ByteSwapIsAnInvolution) {
  UNSIGNED_LONGS_EQUAL(0x78563412u, ByteSwap<std::uint32_t>(0x12345678u));
  UNSIGNED_LONGS_EQUAL(0x0100u, ByteSwap<std::uint16_t>(1));
  CHECK(ByteSwap(ByteSwap<std::uint64_t>(0x0102030405060708ull)) == 0x0102030405060708ull);
}

TEST(Bytes, NumbersInDecimalAndHex) {
  CHECK(ParseNumber("65536") == std::optional<std::uint64_t>(65536));
  CHECK(ParseNumber("0x10000") == std::optional<std::uint64_t>(65536));
  CHECK_FALSE(ParseNumber("0x").has_value());
  CHECK_FALSE(ParseNumber("12k").has_value());
  CHECK_FALSE(ParseNumber("").has_value());
  CHECK_FALSE(ParseNumber("99999999999999999999999").has_value());
}

TEST(Bytes, HexRoundTrip) {
  auto bytes = FromHex("00ff10Ab");
  CHECK(bytes.has_value());
  STRCMP_EQUAL("00ff10ab", ToHex(*bytes).c_str());
  CHECK_FALSE(FromHex("abc").has_value());
  CHECK_FALSE(FromHex("zz").has_value());
}

TEST(Bytes, EscapingKeepsUtf8AndHidesControls) {
  std::string out;
  AppendEscaped(out, "a\x1b[2Jb\\ \xc3\xa9 \xff");
  STRCMP_EQUAL("a\\x1b[2Jb\\x5c \xc3\xa9 \\xff", out.c_str());
  std::size_t bad = 0;
  CHECK(IsValidUtf8("caf\xc3\xa9", &bad));
  CHECK_FALSE(IsValidUtf8("ab\xc0\x80", &bad));  // overlong NUL
  UNSIGNED_LONGS_EQUAL(2, bad);
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80", &bad));  // surrogate
}
