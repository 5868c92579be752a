// SPDX-License-Identifier: GPL-2.0-or-later
// The kexec buffer: exact header bytes, padding, round trips, and every restore rule.
#include <string>

#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/ima/measurement_list.h"
#include "tests/unit/list_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::ima;
using testing::Concat;
using testing::Entry;
using testing::HandBytes;
using testing::ImaNgData;

namespace {

ByteBuffer ThreeEntries(ByteOrder order) {
  return Concat({Entry(order, 10, 1, "ima-ng", ImaNgData(order, 1, "boot_aggregate")),
                 Entry(order, 10, 2, "ima-ng", ImaNgData(order, 2, "/init")),
                 Entry(order, 10, 0, "ima-ng", ImaNgData(order, 0, "/tmp/violation"))});
}

// A buffer with an explicit header, built by hand.
ByteBuffer Buffer(ByteOrder order, std::uint16_t version, std::uint64_t buffer_size,
                  std::uint64_t count, const ByteBuffer& entries) {
  HandBytes buffer(order);
  buffer.U16(version).U16(0).U32(0).U64(buffer_size).U64(count).Raw(entries);
  return buffer.bytes();
}

std::string FirstError(const CheckReport& report) {
  const Finding* error = report.FirstError();
  return error == nullptr ? std::string() : error->message;
}

}  // namespace

TEST_GROUP(KexecBuffer){};

TEST(KexecBuffer, PackWritesTheKernelsHeaderAndPads) {
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    ByteBuffer stream = ThreeEntries(order);
    auto packed = PackKexecBuffer(stream, order, 4096);
    CHECK(packed.has_value());
    UNSIGNED_LONGS_EQUAL(4096, packed->size());
    ByteBuffer expected_header = Buffer(order, 1, 24 + stream.size(), 3, {});
    MEMCMP_EQUAL(expected_header.data(), packed->data(), 24);
    MEMCMP_EQUAL(stream.data(), packed->data() + 24, stream.size());
    for (std::size_t i = 24 + stream.size(); i < packed->size(); ++i) {
      CHECK(static_cast<int>((*packed)[i]) == 0);
    }
    auto with_64k = PackKexecBuffer(stream, order, 65536);
    UNSIGNED_LONGS_EQUAL(65536, with_64k->size());
  }
}

TEST(KexecBuffer, PackIsPureAndRoundTrips) {
  ByteOrder order = ByteOrder::kBig;
  ByteBuffer stream = ThreeEntries(order);
  auto first = PackKexecBuffer(stream, order, 65536);
  auto second = PackKexecBuffer(stream, order, 65536);
  CHECK(*first == *second);
  auto unpacked = UnpackKexecBuffer(*first, order);
  CHECK(unpacked.has_value());
  UNSIGNED_LONGS_EQUAL(stream.size(), unpacked->size());
  MEMCMP_EQUAL(stream.data(), unpacked->data(), stream.size());
  CheckReport report = CheckKexecBuffer(*first, order, first->size());
  CHECK(report.restores_all);
  UNSIGNED_LONGS_EQUAL(3, report.entries_restored);
}

TEST(KexecBuffer, EmptyListPacksToAHeader) {
  auto packed = PackKexecBuffer({}, ByteOrder::kLittle, 4096);
  CHECK(packed.has_value());
  CheckReport report = CheckKexecBuffer(*packed, ByteOrder::kLittle, packed->size());
  CHECK(report.restores_all);
  UNSIGNED_LONGS_EQUAL(0, report.header_count);
}

TEST(KexecBuffer, PackRejectsBadPageSizes) {
  CHECK_FALSE(PackKexecBuffer({}, ByteOrder::kLittle, 1000).has_value());
  CHECK_FALSE(PackKexecBuffer({}, ByteOrder::kLittle, 0).has_value());
  CHECK_FALSE(PackKexecBuffer({}, ByteOrder::kLittle, 2048).has_value());
}

TEST(KexecBuffer, WrongByteOrderIsNamed) {
  ByteBuffer stream = ThreeEntries(ByteOrder::kLittle);
  auto packed = PackKexecBuffer(stream, ByteOrder::kLittle, 4096);
  CheckReport report = CheckKexecBuffer(*packed, ByteOrder::kBig, packed->size());
  CHECK_FALSE(report.restores_all);
  CHECK(FirstError(report).find("other byte order") != std::string::npos);
  UNSIGNED_LONGS_EQUAL(0, report.FirstError()->offset);
}

TEST(KexecBuffer, BufferSizeBeyondTheRegion) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = ThreeEntries(order);
  ByteBuffer buffer = Buffer(order, 1, 24 + stream.size(), 3, stream);
  CheckReport report = CheckKexecBuffer(buffer, order, buffer.size() - 1);
  CHECK_FALSE(report.restores_all);
  UNSIGNED_LONGS_EQUAL(8, report.FirstError()->offset);
  CHECK(FirstError(report).find("beyond the region") != std::string::npos);
}

TEST(KexecBuffer, CountLargerThanTheBytesIsSilentlyShort) {
  ByteOrder order = ByteOrder::kBig;
  ByteBuffer stream = ThreeEntries(order);
  ByteBuffer buffer = Buffer(order, 1, 24 + stream.size(), 5, stream);
  CheckReport report = CheckKexecBuffer(buffer, order, buffer.size());
  CHECK_FALSE(report.restores_all);
  UNSIGNED_LONGS_EQUAL(3, report.entries_restored);
  CHECK(FirstError(report).find("silently") != std::string::npos);
}

TEST(KexecBuffer, CountSmallerThanTheBytesFailsOnTheLastCountedEntry) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = ThreeEntries(order);
  ByteBuffer buffer = Buffer(order, 1, 24 + stream.size(), 2, stream);
  CheckReport report = CheckKexecBuffer(buffer, order, buffer.size());
  CHECK_FALSE(report.restores_all);
  UNSIGNED_LONGS_EQUAL(1, report.entries_restored);
  CHECK(FirstError(report).find("count and buffer_size disagree") != std::string::npos);
}

TEST(KexecBuffer, VersionAndUlongMaxCount) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = ThreeEntries(order);
  CHECK_FALSE(CheckKexecBuffer(Buffer(order, 2, 24 + stream.size(), 3, stream), order, 1 << 20)
                  .restores_all);
  CheckReport huge =
      CheckKexecBuffer(Buffer(order, 1, 24 + stream.size(), ~0ull, stream), order, 1 << 20);
  CHECK_FALSE(huge.restores_all);
  UNSIGNED_LONGS_EQUAL(16, huge.FirstError()->offset);
}

TEST(KexecBuffer, LegacyImaTemplateStopsTheRestore) {
  ByteOrder order = ByteOrder::kLittle;
  HandBytes legacy(order);
  // The restore parses "ima" entries as if they had a data length: give one that fits.
  legacy.U32(10).Repeat(2, 20).U32(3).Text("ima").U32(4).Text("/bin");
  ByteBuffer stream =
      Concat({Entry(order, 10, 1, "ima-ng", ImaNgData(order, 1, "/a")), legacy.bytes()});
  ByteBuffer buffer = Buffer(order, 1, 24 + stream.size(), 2, stream);
  CheckReport report = CheckKexecBuffer(buffer, order, buffer.size());
  CHECK_FALSE(report.restores_all);
  UNSIGNED_LONGS_EQUAL(1, report.entries_restored);
  CHECK(FirstError(report).find("`ima` template") != std::string::npos);
}

TEST(KexecBuffer, UnknownTemplateSilentlyDropsTheRest) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = Concat({Entry(order, 10, 1, "ima-ng", ImaNgData(order, 1, "/a")),
                              Entry(order, 10, 1, "ima-future", ImaNgData(order, 1, "/b")),
                              Entry(order, 10, 1, "ima-ng", ImaNgData(order, 1, "/c"))});
  ByteBuffer buffer = Buffer(order, 1, 24 + stream.size(), 3, stream);
  CheckReport report = CheckKexecBuffer(buffer, order, buffer.size());
  CHECK_FALSE(report.restores_all);
  UNSIGNED_LONGS_EQUAL(1, report.entries_restored);
  CHECK(FirstError(report).find("silently stops") != std::string::npos);
  // The offset is the second entry's name.
  std::size_t first_size = Entry(order, 10, 1, "ima-ng", ImaNgData(order, 1, "/a")).size();
  UNSIGNED_LONGS_EQUAL(24 + first_size + 28, report.FirstError()->offset);
  // Pack refuses the same stream.
  CHECK_FALSE(PackKexecBuffer(stream, order, 4096).has_value());
}

TEST(KexecBuffer, LongNamesAndNulBytesInNames) {
  ByteOrder order = ByteOrder::kLittle;
  // A 69-byte custom format of known fields is too long for the kernel's restore.
  std::string long_format = "d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues|iuid|igid|imode|";
  long_format += "buf";
  ByteBuffer data = ImaNgData(order, 1, "/a");
  CHECK_FALSE(PackKexecBuffer(Entry(order, 10, 1, long_format, data), order, 4096).has_value());
  std::string with_nul("ima-ng\0xyz", 10);
  auto packed = PackKexecBuffer(Entry(order, 10, 1, with_nul, data), order, 4096);
  CHECK_FALSE(packed.has_value());
  CHECK(packed.error().detail().find("NUL") != std::string::npos);
}

TEST(KexecBuffer, FieldsMustMatchTheTemplate) {
  ByteOrder order = ByteOrder::kBig;
  ByteBuffer stream = Entry(order, 10, 1, "ima-buf", ImaNgData(order, 1, "/a"));
  auto packed = PackKexecBuffer(stream, order, 4096);
  CHECK_FALSE(packed.has_value());
  CHECK(packed.error().location() == Location::kOffset);
}

TEST(KexecBuffer, TruncatedRegionAtEveryLengthNeverClaimsSuccess) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = ThreeEntries(order);
  ByteBuffer buffer = Buffer(order, 1, 24 + stream.size(), 3, stream);
  for (std::size_t length = 0; length < buffer.size(); ++length) {
    ByteBuffer cut(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(length));
    CheckReport report = CheckKexecBuffer(cut, order, cut.size());
    CHECK_FALSE(report.restores_all);
    CHECK(report.FirstError() != nullptr);
    CHECK_FALSE(UnpackKexecBuffer(cut, order).has_value());
  }
}

TEST(KexecBuffer, HeaderClaimsWithShortBufferSizeAtEveryLength) {
  // buffer_size that stops inside the entries: the kernel runs out of bytes mid-entry.
  ByteOrder order = ByteOrder::kBig;
  ByteBuffer stream = ThreeEntries(order);
  for (std::uint64_t size = 0; size < 24 + stream.size(); ++size) {
    ByteBuffer buffer = Buffer(order, 1, size, 3, stream);
    CHECK_FALSE(CheckKexecBuffer(buffer, order, buffer.size()).restores_all);
  }
}
