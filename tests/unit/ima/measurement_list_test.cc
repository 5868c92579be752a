// SPDX-License-Identifier: GPL-2.0-or-later
// The measurement-list stream reader: every template, both byte orders, hostile lengths.
#include <string>

#include "bootloader/ima/ascii.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/ima/template.h"
#include "tests/unit/list_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::ima;
using testing::Concat;
using testing::Entry;
using testing::HandBytes;
using testing::ImaNgData;

TEST_GROUP(MeasurementList){};

TEST(MeasurementList, WorkedExampleIsOneHundredBytes) {
  // ima-kexec-protocol.md §1.5: ima-ng, sha256, /usr/bin/bash: L = 62, entry = 100.
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    ByteBuffer data = ImaNgData(order, 0xab, "/usr/bin/bash");
    UNSIGNED_LONGS_EQUAL(62, data.size());
    ByteBuffer stream = Entry(order, 10, 0x11, "ima-ng", data);
    UNSIGNED_LONGS_EQUAL(100, stream.size());
    ListReader reader(stream, order);
    ListEntry entry;
    CHECK(*reader.Next(entry));
    UNSIGNED_LONGS_EQUAL(10, entry.pcr);
    UNSIGNED_LONGS_EQUAL(100, entry.size);
    STRCMP_EQUAL("ima-ng", std::string(entry.template_name).c_str());
    UNSIGNED_LONGS_EQUAL(62, entry.template_data.size());
    UNSIGNED_LONGS_EQUAL(38, entry.template_data_offset);
    CHECK_FALSE(entry.IsViolation());
    CHECK_FALSE(*reader.Next(entry));
  }
}

TEST(MeasurementList, WrongByteOrderIsAnErrorNotACrash) {
  ByteBuffer stream =
      Entry(ByteOrder::kLittle, 10, 0x11, "ima-ng", ImaNgData(ByteOrder::kLittle, 1, "/a"));
  ListReader reader(stream, ByteOrder::kBig);
  ListEntry entry;
  auto result = reader.Next(entry);
  CHECK_FALSE(result.has_value());
  UNSIGNED_LONGS_EQUAL(24, result.error().position());  // the name length field
}

TEST(MeasurementList, LegacyImaTemplateHasNoDataLength) {
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    HandBytes stream(order);
    stream.U32(10).Repeat(0x22, 20).U32(3).Text("ima").Repeat(0x33, 20).U32(9).Text("/bin/true");
    ListReader reader(stream.bytes(), order);
    ListEntry entry;
    CHECK(*reader.Next(entry));
    CHECK(entry.legacy_ima);
    UNSIGNED_LONGS_EQUAL(20 + 4 + 9, entry.template_data.size());
    auto format = ResolveTemplate(entry.template_name);
    CHECK(format.has_value());
    auto fields = SplitFields(entry, *format, order);
    CHECK(fields.has_value());
    STRCMP_EQUAL("/bin/true", std::string(AsText(fields->data[1])).c_str());
    std::string line;
    CHECK(AppendAsciiLine(line, entry, order, NameStyle::kEscaped).has_value());
    STRCMP_EQUAL(
        ("10 " + std::string(40, '2') + " ima " + std::string(40, '3') + " /bin/true\n").c_str(),
        line.c_str());
  }
}

TEST(MeasurementList, AsciiLinesMatchTheKernelsLayout) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer data = ImaNgData(order, 0xab, "/usr/bin/bash");
  ByteBuffer stream = Entry(order, 8, 0x11, "ima-ng", data);
  // ima-sig with an empty signature: the kernel prints the separator and nothing after it.
  HandBytes sig(order);
  sig.Raw(data).U32(0);
  ByteBuffer sig_stream = Entry(order, 10, 0x12, "ima-sig", sig.bytes());
  ByteBuffer both = Concat({stream, sig_stream});
  ListReader reader(both, order);
  ListEntry entry;
  std::string text;
  while (*reader.Next(entry))
    CHECK(AppendAsciiLine(text, entry, order, NameStyle::kRaw).has_value());
  std::string digest(64, ' ');
  for (std::size_t i = 0; i < 32; ++i) digest.replace(2 * i, 2, "ab");
  std::string expected =
      std::string(" 8 ") + "1111111111111111111111111111111111111111 ima-ng sha256:" + digest +
      " /usr/bin/bash\n10 1212121212121212121212121212121212121212 ima-sig sha256:" + digest +
      " /usr/bin/bash \n";
  STRCMP_EQUAL(expected.c_str(), text.c_str());
}

TEST(MeasurementList, ViolationIsAllZeroDigest) {
  ByteBuffer stream =
      Entry(ByteOrder::kLittle, 10, 0, "ima-ng", ImaNgData(ByteOrder::kLittle, 0, "/x"));
  ListReader reader(stream, ByteOrder::kLittle);
  ListEntry entry;
  CHECK(*reader.Next(entry));
  CHECK(entry.IsViolation());
}

TEST(MeasurementList, TruncationAtEveryLengthIsACleanError) {
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    ByteBuffer first = Entry(order, 10, 1, "ima-ng", ImaNgData(order, 1, "/boot/vmlinux"));
    HandBytes legacy(order);
    legacy.U32(10).Repeat(2, 20).U32(3).Text("ima").Repeat(3, 20).U32(4).Text("/bin");
    HandBytes buf(order);
    buf.Raw(ImaNgData(order, 4, "kexec-cmdline")).U32(5).Text("quiet");
    ByteBuffer stream =
        Concat({first, legacy.bytes(), Entry(order, 10, 4, "ima-buf", buf.bytes())});
    const std::size_t boundaries[] = {0, first.size(), first.size() + legacy.size(), stream.size()};
    for (std::size_t length = 0; length <= stream.size(); ++length) {
      Bytes prefix(stream.data(), length);
      auto summary = ScanList(prefix, order);
      bool at_boundary = false;
      for (std::size_t boundary : boundaries) at_boundary = at_boundary || boundary == length;
      if (at_boundary) {
        CHECK(summary.has_value());
      } else {
        CHECK_FALSE(summary.has_value());
        CHECK(summary.error().position() <= length);
        CHECK(summary.error().location() == Location::kOffset);
      }
    }
  }
}

TEST(MeasurementList, HugeLengthsDoNotOverflow) {
  HandBytes stream(ByteOrder::kLittle);
  stream.U32(10).Repeat(1, 20).U32(6).Text("ima-ng").U32(0xffffffffu).Repeat(0, 8);
  auto summary = ScanList(stream.bytes(), ByteOrder::kLittle);
  CHECK_FALSE(summary.has_value());
  UNSIGNED_LONGS_EQUAL(34, summary.error().position());
  HandBytes name(ByteOrder::kLittle);
  name.U32(10).Repeat(1, 20).U32(0xfffffff0u).Text("ima-ng");
  CHECK_FALSE(ScanList(name.bytes(), ByteOrder::kLittle).has_value());
}

TEST(MeasurementList, SplitFieldsEnforcesCountAndEnd) {
  ByteOrder order = ByteOrder::kBig;
  auto format = ResolveTemplate("ima-sig");
  CHECK(format.has_value());
  // ima-ng data read as ima-sig: one field short.
  ByteBuffer stream = Entry(order, 10, 1, "ima-sig", ImaNgData(order, 1, "/x"));
  ListReader reader(stream, order);
  ListEntry entry;
  CHECK(*reader.Next(entry));
  auto fields = SplitFields(entry, *format, order);
  CHECK_FALSE(fields.has_value());
  // Extra bytes after the last field.
  HandBytes extra(order);
  extra.Raw(ImaNgData(order, 1, "/x")).Repeat(0, 3);
  ByteBuffer stream2 = Entry(order, 10, 1, "ima-ng", extra.bytes());
  ListReader reader2(stream2, order);
  CHECK(*reader2.Next(entry));
  auto ng = ResolveTemplate("ima-ng");
  auto extra_fields = SplitFields(entry, *ng, order);
  CHECK_FALSE(extra_fields.has_value());
  UNSIGNED_LONGS_EQUAL(stream2.size() - 3, extra_fields.error().position());
}

TEST(MeasurementList, CustomFormatsParse) {
  ByteOrder order = ByteOrder::kLittle;
  HandBytes data(order);
  data.Raw(ImaNgData(order, 7, "/etc/passwd")).U32(4).U32(1000).U32(2).U16(0x81a4);
  ByteBuffer stream = Entry(order, 11, 9, "d-ng|n-ng|iuid|imode", data.bytes());
  ListReader reader(stream, order);
  ListEntry entry;
  CHECK(*reader.Next(entry));
  std::string line;
  CHECK(AppendAsciiLine(line, entry, order, NameStyle::kRaw).has_value());
  CHECK(line.find(" /etc/passwd 1000 33188\n") != std::string::npos);
  CHECK(line.rfind("11 ", 0) == 0);
}

TEST(MeasurementList, RestoreLayoutReadsEveryEntryWithADataLength) {
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    // The restore reads an `ima` entry as if it had a data length, and any name that fits.
    HandBytes stream(order);
    stream.U32(10).Repeat(2, 20).U32(3).Text("ima").U32(4).Text("/bin");
    stream.U32(10).Repeat(2, 20).U32(0).U32(0);
    ListReader restored(stream.bytes(), order, EntryLayout::kAsRestored);
    ListEntry entry;
    CHECK(*restored.Next(entry));
    CHECK_FALSE(entry.legacy_ima);
    UNSIGNED_LONGS_EQUAL(4, entry.template_data.size());
    UNSIGNED_LONGS_EQUAL(35, entry.template_data_offset);
    CHECK(*restored.Next(entry));
    UNSIGNED_LONGS_EQUAL(0, entry.template_name.size());
    CHECK_FALSE(*restored.Next(entry));
    // The list reader reads d[20] and a name length after "ima": here bytes of the next entry.
    ListReader written(stream.bytes(), order);
    auto legacy = written.Next(entry);
    CHECK_FALSE(legacy.has_value());
    UNSIGNED_LONGS_EQUAL(31 + 20, legacy.error().position());
    UNSIGNED_LONGS_EQUAL(0, written.offset());  // a failed Next leaves the reader at the entry
  }
}

TEST(MeasurementList, EntriesInsideALargerInputCountFromIt) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = Entry(order, 10, 1, "ima-ng", ImaNgData(order, 1, "/a"));
  ListReader reader(ByteReader(stream, 24), order, EntryLayout::kAsWritten);
  ListEntry entry;
  CHECK(*reader.Next(entry));
  UNSIGNED_LONGS_EQUAL(24, entry.offset);
  UNSIGNED_LONGS_EQUAL(24 + 38, entry.template_data_offset);
  auto fields = SplitFields(entry, *ResolveTemplate("ima-ng"), order);
  CHECK(fields.has_value());
  UNSIGNED_LONGS_EQUAL(24 + 38 + 4, fields->offsets[0]);
}
