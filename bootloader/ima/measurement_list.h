// SPDX-License-Identifier: GPL-2.0-or-later
// The IMA measurement-list stream: `binary_runtime_measurements`, and the entries of a kexec
// buffer, which the kernel writes with the same function.
//
// Source: security/integrity/ima/ima_fs.c ima_measurements_show. Per entry:
//   u32 pcr | u8 digest[20] | u32 name_len | name | u32 data_len | data
// except the `ima` template, which has no data_len and whose data is d[20] | u32 strlen | name.
// Integers are native or, with ima_canonical_fmt, little-endian: the caller names the order.
// This layout is an ABI with the next kernel; do not change it.
//
// The reader works on a span it does not own and allocates nothing: entries are views.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/ima/template.h"

namespace baton::ima {

// Longest template name the stream reader accepts: 15 fields of 16 characters and 14 bars.
// Anything longer is not a name any kernel writes.
inline constexpr std::size_t kMaxStreamTemplateNameLength = 254;
// u32 pcr, digest[20], u32 name length: the template name starts this far into an entry.
inline constexpr std::size_t kEntryHeaderSize = 4 + kTemplateDigestSize + 4;

struct ListEntry {
  std::uint64_t offset = 0;  // of the entry's first byte in the stream
  std::uint64_t size = 0;    // bytes of the whole entry
  std::uint32_t pcr = 0;
  Bytes template_digest;           // 20 bytes; all zero for a violation
  std::string_view template_name;  // as written (may contain any byte)
  // The template data as written: the length-prefixed fields, or for the `ima` template the
  // 20-byte digest, the u32 name length and the name.
  Bytes template_data;
  std::uint64_t template_data_offset = 0;  // of template_data in the stream
  bool legacy_ima = false;                 // written with the `ima` template's wire rules

  bool IsViolation() const;
};

// Which of the kernel's two readings of the entry layout to apply.
enum class EntryLayout : std::uint8_t {
  // As ima_fs.c ima_measurements_show writes it: the `ima` template has no data length, and a
  // name is 1..kMaxStreamTemplateNameLength bytes.
  kAsWritten,
  // As ima_template.c ima_restore_measurement_list reads it (ima_parse_buf, ENFORCE_FIELDS):
  // every entry has a data length, the `ima` template's too, and a name is any length that fits
  // (the restore check judges it afterwards).
  kAsRestored,
};

// The one walker over the entries of a stream: everything that reads entries reads them here.
// Each Next() checks that the entry fits in the stream and returns an error naming the offset of
// the field that does not; the caller must check it before it may look at the entry.
class ListReader {
 public:
  ListReader(Bytes stream, ByteOrder order, EntryLayout layout = EntryLayout::kAsWritten)
      : ListReader(ByteReader(stream), order, layout) {}
  // Entries in a part of a larger input (a kexec buffer after its header): offsets, in entries
  // and errors, are the reader's, so in that input's terms.
  ListReader(ByteReader entries, ByteOrder order, EntryLayout layout)
      : reader_(entries), order_(order), layout_(layout) {}

  // Reads the next entry into `entry`. Returns false at the clean end of the stream.
  Result<bool> Next(ListEntry& entry);
  std::uint64_t offset() const { return reader_.offset(); }
  std::uint64_t remaining() const { return reader_.remaining(); }
  std::uint64_t entries_read() const { return entries_read_; }

 private:
  ByteReader reader_;
  ByteOrder order_;
  EntryLayout layout_;
  std::uint64_t entries_read_ = 0;
};

// The fields of one entry's template data, split by its template format.
struct EntryFields {
  TemplateFormat format;
  std::array<Bytes, kMaxTemplateFields> data{};
  std::array<std::uint64_t, kMaxTemplateFields> offsets{};  // in the stream
};

// Splits an entry's template data into the fields its template names, requiring exactly that
// many fields ending exactly at the end of the data (the kernel's ENFORCE_FIELDS|ENFORCE_BUFEND).
Result<EntryFields> SplitFields(const ListEntry& entry, const TemplateFormat& format,
                                ByteOrder order);

// Counts the entries of a stream and checks that each one fits; the error names the offset.
struct ListSummary {
  std::uint64_t entries = 0;
  std::uint64_t violations = 0;
};
Result<ListSummary> ScanList(Bytes stream, ByteOrder order);

// Appends one entry in the stream format (never the `ima` template: baton does not write it).
void AppendEntry(ByteBuffer& out, std::uint32_t pcr, Bytes template_digest,
                 std::string_view template_name, Bytes template_data, ByteOrder order);
// Appends one length-prefixed field to template data under construction.
void AppendField(ByteBuffer& template_data, Bytes field, ByteOrder order);

}  // namespace baton::ima
