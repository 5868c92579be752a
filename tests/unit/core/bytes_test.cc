// SPDX-License-Identifier: GPL-2.0-or-later
// Byte reader and writer: both byte orders, bounds.
#include <string>

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

TEST(Bytes, PartsOfAnInputNameOffsetsInTheInput) {
  ByteBuffer data(16);
  data[9] = std::byte{0x2a};
  const ByteReader whole(data);
  auto part = whole.SubReaderAt(8, 4);
  CHECK(part.has_value());
  UNSIGNED_LONGS_EQUAL(8, part->offset());
  UNSIGNED_LONGS_EQUAL(4, part->remaining());
  CHECK(part->Skip(1).has_value());
  UNSIGNED_LONGS_EQUAL(0x2a, *part->ReadU8());
  auto failed = part->ReadU32(ByteOrder::kBig);
  CHECK_FALSE(failed.has_value());
  UNSIGNED_LONGS_EQUAL(10, failed.error().position());
  // A part of a part counts in the same terms; bounds are the part's.
  CHECK(part->SubReaderAt(8, 4).has_value());
  CHECK_FALSE(part->SubReaderAt(7, 1).has_value());
  CHECK_FALSE(part->SubReaderAt(12, 1).has_value());
  CHECK(part->SubReaderAt(12, 0).has_value());
  auto beyond = whole.SubReaderAt(12, 5);
  CHECK_FALSE(beyond.has_value());
  UNSIGNED_LONGS_EQUAL(12, beyond.error().position());
  CHECK_FALSE(whole.SubReaderAt(~std::uint64_t{0}, 2).has_value());
}

TEST(Bytes, TryReadsLeaveTheReaderWhereItWas) {
  const ByteBuffer data = {std::byte{0x01}, std::byte{0x02}, std::byte{0x03}};
  ByteReader reader(data, 100);
  std::uint32_t value = 7;
  CHECK_FALSE(reader.TryReadU32(ByteOrder::kLittle, value));
  UNSIGNED_LONGS_EQUAL(7, value);
  UNSIGNED_LONGS_EQUAL(100, reader.offset());
  std::uint64_t wide = 7;
  CHECK_FALSE(reader.TryReadU64(ByteOrder::kBig, wide));
  UNSIGNED_LONGS_EQUAL(7, wide);
  std::uint16_t half = 0;
  CHECK(reader.TryReadU16(ByteOrder::kBig, half));
  UNSIGNED_LONGS_EQUAL(0x0102, half);
  std::uint8_t byte = 0;
  ByteReader peek = reader;
  CHECK(peek.TryReadU8(byte));
  UNSIGNED_LONGS_EQUAL(3, byte);
  ByteReader sub;
  CHECK_FALSE(reader.TryReadSubReader(2, sub));
  CHECK(reader.TryReadSubReader(1, sub));
  UNSIGNED_LONGS_EQUAL(102, sub.offset());
  UNSIGNED_LONGS_EQUAL(103, reader.offset());
  CHECK(reader.empty());
}

TEST(Bytes, TerminatedStringsAndAlignment) {
  ByteBuffer data = testing::HandBytes(ByteOrder::kBig).Text("ab").Repeat(0, 1).Text("c").bytes();
  ByteReader reader(data);
  auto text = reader.ReadUntil(std::byte{0});
  STRCMP_EQUAL("ab", std::string(AsText(*text)).c_str());
  UNSIGNED_LONGS_EQUAL(3, reader.offset());
  auto unterminated = reader.ReadUntil(std::byte{0});
  CHECK_FALSE(unterminated.has_value());
  UNSIGNED_LONGS_EQUAL(3, unterminated.error().position());
  CHECK(reader.Align(4).has_value());
  UNSIGNED_LONGS_EQUAL(4, reader.offset());
  CHECK(reader.Align(4).has_value());  // already aligned
  CHECK_FALSE(reader.Align(8).has_value());
  // Alignment counts in the input's terms, not from the part's start.
  ByteReader part(Bytes(data).subspan(1), 1);
  CHECK(part.Align(4).has_value());
  UNSIGNED_LONGS_EQUAL(4, part.offset());
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
