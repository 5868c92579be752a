// SPDX-License-Identifier: GPL-2.0-or-later
// Reading and writing the measurement-list stream.
#include "bootloader/ima/measurement_list.h"

#include <algorithm>

namespace baton::ima {
namespace {

constexpr std::string_view kLegacyImaName = "ima";

// The walker's errors, built out of line: the walker is the hot loop of every list walk.
[[gnu::cold, gnu::noinline]] Error Cut(const char* message, std::uint64_t at) {
  return Error::AtOffset(ErrorCode::kTruncated, message, at);
}
// A length that runs past the end: "N bytes declared, M left".
[[gnu::cold, gnu::noinline]] Error CutLength(const char* message, std::uint64_t at,
                                             std::uint64_t declared, std::uint64_t left) {
  return Cut(message, at)
      .WithDetail(std::to_string(declared) + " bytes declared, " + std::to_string(left) + " left");
}
// A length beyond what any kernel writes: "N bytes, <limit>".
[[gnu::cold, gnu::noinline]] Error TooLong(const char* message, std::uint64_t at,
                                           std::uint64_t length, const char* limit) {
  return Error::AtOffset(ErrorCode::kImaMalformed, message, at)
      .WithDetail(std::to_string(length) + " bytes, " + limit);
}

}  // namespace

bool ListEntry::IsViolation() const { return AllZero(template_digest); }

Result<bool> ListReader::Next(ListEntry& entry) {
  // The reads stay local until the whole entry fits: a failed Next leaves the reader at the
  // entry. Every field has an error of its own, hence the TryRead* that answer false.
  ByteReader reader = reader_;
  if (reader.empty()) return false;
  const std::uint64_t start = reader.offset();

  // u32 pcr, digest[20], u32 name length
  ByteReader header;
  std::uint32_t pcr = 0;
  Bytes digest;
  std::uint32_t name_length = 0;
  if (!reader.TryReadSubReader(kEntryHeaderSize, header) || !header.TryReadU32(order_, pcr) ||
      !header.TryReadBytes(kTemplateDigestSize, digest) ||
      !header.TryReadU32(order_, name_length)) {
    return Cut("entry header is cut short", start);
  }
  const std::uint64_t name_length_at = start + kEntryHeaderSize - 4;
  if (layout_ == EntryLayout::kAsWritten &&
      (name_length == 0 || name_length > kMaxStreamTemplateNameLength)) {
    static_assert(kMaxStreamTemplateNameLength == 254);
    return TooLong("template name length out of range", name_length_at, name_length,
                   "expected 1..254");
  }
  Bytes name;
  if (!reader.TryReadBytes(name_length, name)) {
    // The restore check names the length it refuses; the list reader names the name.
    return CutLength("template name runs past the end",
                     layout_ == EntryLayout::kAsRestored ? name_length_at : reader.offset(),
                     name_length, reader.remaining());
  }
  const bool legacy_ima = layout_ == EntryLayout::kAsWritten && AsText(name) == kLegacyImaName;

  // The data length, or for the `ima` template the data itself, starts here.
  const std::uint64_t after_name = reader.offset();
  std::uint64_t data_offset = after_name;
  Bytes data;
  if (legacy_ima) {
    // d[20] raw, then u32 strlen(name) and the name without its NUL.
    const std::uint64_t event_name_length_at = after_name + kTemplateDigestSize;
    ByteReader peek = reader;  // the name's length first, then the data as one view
    Bytes event_digest;
    std::uint32_t event_name_length = 0;
    if (!peek.TryReadBytes(kTemplateDigestSize, event_digest) ||
        !peek.TryReadU32(order_, event_name_length)) {
      return Cut("`ima` template data is cut short", after_name);
    }
    if (event_name_length > kMaxEventNameLength) {
      static_assert(kMaxEventNameLength == 255);
      return TooLong("`ima` template event name is too long", event_name_length_at,
                     event_name_length, "at most 255");
    }
    if (!reader.TryReadBytes(kTemplateDigestSize + 4 + std::uint64_t{event_name_length}, data)) {
      return Cut("`ima` template event name runs past the end", event_name_length_at + 4);
    }
  } else {
    std::uint32_t data_length = 0;
    if (!reader.TryReadU32(order_, data_length)) {
      return Cut("template data length is cut short", after_name);
    }
    data_offset = reader.offset();
    if (!reader.TryReadBytes(data_length, data)) {
      return CutLength("template data runs past the end", after_name, data_length,
                       reader.remaining());
    }
  }
  reader_ = reader;
  ++entries_read_;
  entry.offset = start;
  entry.size = reader.offset() - start;
  entry.pcr = pcr;
  entry.template_digest = digest;
  entry.template_name = AsText(name);
  entry.template_data = data;
  entry.template_data_offset = data_offset;
  entry.legacy_ima = legacy_ima;
  return true;
}

Result<EntryFields> SplitFields(const ListEntry& entry, const TemplateFormat& format,
                                ByteOrder order) {
  EntryFields fields;
  fields.format = format;
  ByteReader data(entry.template_data, entry.template_data_offset);
  if (entry.legacy_ima) {
    // Wire layout checked by the reader: d[20] | u32 length | name.
    fields.offsets[0] = data.offset();
    fields.data[0] = BATON_TRY(data.ReadBytes(kTemplateDigestSize));
    BATON_TRY(data.Skip(4));
    fields.offsets[1] = data.offset();
    fields.data[1] = data.rest();
    fields.format.count = 2;
    return fields;
  }
  for (std::uint8_t i = 0; i < format.count; ++i) {
    const std::uint64_t length_at = data.offset();
    std::uint32_t length = 0;
    if (!data.TryReadU32(order, length)) {
      return Error::AtOffset(ErrorCode::kImaMalformed,
                             "template data has fewer fields than its template names", length_at)
          .WithDetail(std::string("missing field '") + std::string(FieldIdName(format.fields[i])) +
                      "'");
    }
    fields.offsets[i] = data.offset();
    if (!data.TryReadBytes(length, fields.data[i])) {
      return Error::AtOffset(ErrorCode::kImaMalformed, "template field runs past its entry",
                             length_at)
          .WithDetail(std::string("field '") + std::string(FieldIdName(format.fields[i])) +
                      "' declares " + std::to_string(length) + " bytes, " +
                      std::to_string(data.remaining()) + " left");
    }
  }
  if (!data.empty()) {
    return Error::AtOffset(ErrorCode::kImaMalformed, "template data has bytes after its last field",
                           data.offset())
        .WithDetail(std::to_string(data.remaining()) + " extra bytes");
  }
  return fields;
}

Result<ListSummary> ScanList(Bytes stream, ByteOrder order) {
  ListReader reader(stream, order);
  ListEntry entry;
  ListSummary summary;
  while (BATON_TRY(reader.Next(entry))) {
    ++summary.entries;
    if (entry.IsViolation()) ++summary.violations;
  }
  return summary;
}

void AppendField(ByteBuffer& template_data, Bytes field, ByteOrder order) {
  ByteWriter writer(template_data);
  writer.WriteU32(static_cast<std::uint32_t>(field.size()), order);
  writer.WriteBytes(field);
}

void AppendEntry(ByteBuffer& out, std::uint32_t pcr, Bytes template_digest,
                 std::string_view template_name, Bytes template_data, ByteOrder order) {
  ByteWriter writer(out);
  writer.WriteU32(pcr, order);
  writer.WriteBytes(template_digest.first(std::min(template_digest.size(), kTemplateDigestSize)));
  if (template_digest.size() < kTemplateDigestSize) {
    writer.WriteZeros(kTemplateDigestSize - template_digest.size());
  }
  writer.WriteU32(static_cast<std::uint32_t>(template_name.size()), order);
  writer.WriteBytes(AsBytes(template_name));
  writer.WriteU32(static_cast<std::uint32_t>(template_data.size()), order);
  writer.WriteBytes(template_data);
}

}  // namespace baton::ima
