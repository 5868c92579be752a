// SPDX-License-Identifier: GPL-2.0-or-later
// Reading and writing the measurement-list stream.
#include "bootloader/ima/measurement_list.h"

#include <algorithm>

namespace baton::ima {
namespace {

constexpr std::string_view kLegacyImaName = "ima";

bool AllZero(Bytes bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::byte b) { return b == std::byte{0}; });
}

}  // namespace

bool ListEntry::IsViolation() const { return AllZero(template_digest); }

Result<bool> ListReader::Next(ListEntry& entry) {
  const std::uint64_t start = offset_;
  const std::uint64_t size = stream_.size();
  if (start == size) return false;
  const std::byte* base = stream_.data();
  std::uint64_t at = start;

  // u32 pcr, digest[20], u32 name length
  if (size - at < 4 + kTemplateDigestSize + 4) {
    return Error::AtOffset(ErrorCode::kTruncated, "entry header is cut short", at);
  }
  entry.offset = start;
  entry.pcr = LoadUnsigned<std::uint32_t>(base + at, order_);
  entry.template_digest = stream_.subspan(at + 4, kTemplateDigestSize);
  at += 4 + kTemplateDigestSize;
  const std::uint32_t name_length = LoadUnsigned<std::uint32_t>(base + at, order_);
  if (name_length == 0 || name_length > kMaxStreamTemplateNameLength) {
    return Error::AtOffset(ErrorCode::kImaMalformed, "template name length out of range", at)
        .WithDetail(std::to_string(name_length) + " bytes, expected 1.." +
                    std::to_string(kMaxStreamTemplateNameLength));
  }
  at += 4;
  if (size - at < name_length) {
    return Error::AtOffset(ErrorCode::kTruncated, "template name runs past the end", at);
  }
  entry.template_name = AsText(stream_.subspan(at, name_length));
  at += name_length;
  entry.legacy_ima = entry.template_name == kLegacyImaName;

  if (entry.legacy_ima) {
    // d[20] raw, then u32 strlen(name) and the name without its NUL.
    if (size - at < kTemplateDigestSize + 4) {
      return Error::AtOffset(ErrorCode::kTruncated, "`ima` template data is cut short", at);
    }
    const std::uint32_t event_name_length =
        LoadUnsigned<std::uint32_t>(base + at + kTemplateDigestSize, order_);
    if (event_name_length > kMaxEventNameLength) {
      return Error::AtOffset(ErrorCode::kImaMalformed, "`ima` template event name is too long",
                             at + kTemplateDigestSize)
          .WithDetail(std::to_string(event_name_length) + " bytes, at most 255");
    }
    const std::uint64_t data_length = kTemplateDigestSize + 4 + std::uint64_t{event_name_length};
    if (size - at < data_length) {
      return Error::AtOffset(ErrorCode::kTruncated, "`ima` template event name runs past the end",
                             at + kTemplateDigestSize + 4);
    }
    entry.template_data = stream_.subspan(at, data_length);
    entry.template_data_offset = at;
    at += data_length;
  } else {
    if (size - at < 4) {
      return Error::AtOffset(ErrorCode::kTruncated, "template data length is cut short", at);
    }
    const std::uint32_t data_length = LoadUnsigned<std::uint32_t>(base + at, order_);
    at += 4;
    if (size - at < data_length) {
      return Error::AtOffset(ErrorCode::kTruncated, "template data runs past the end", at - 4)
          .WithDetail(std::to_string(data_length) + " bytes declared, " +
                      std::to_string(size - at) + " left");
    }
    entry.template_data = stream_.subspan(at, data_length);
    entry.template_data_offset = at;
    at += data_length;
  }
  entry.size = at - start;
  offset_ = at;
  ++entries_read_;
  return true;
}

Result<EntryFields> SplitFields(const ListEntry& entry, const TemplateFormat& format,
                                ByteOrder order) {
  EntryFields fields;
  fields.format = format;
  const Bytes data = entry.template_data;
  const std::byte* base = data.data();
  std::uint64_t at = 0;
  if (entry.legacy_ima) {
    // Wire layout fixed by the reader: d[20] | u32 length | name.
    fields.data[0] = data.subspan(0, kTemplateDigestSize);
    fields.offsets[0] = entry.template_data_offset;
    fields.data[1] = data.subspan(kTemplateDigestSize + 4);
    fields.offsets[1] = entry.template_data_offset + kTemplateDigestSize + 4;
    fields.format.count = 2;
    return fields;
  }
  for (std::uint8_t i = 0; i < format.count; ++i) {
    if (data.size() - at < 4) {
      return Error::AtOffset(ErrorCode::kImaMalformed,
                             "template data has fewer fields than its template names",
                             entry.template_data_offset + at)
          .WithDetail(std::string("missing field '") + std::string(FieldIdName(format.fields[i])) +
                      "'");
    }
    const std::uint32_t length = LoadUnsigned<std::uint32_t>(base + at, order);
    at += 4;
    if (data.size() - at < length) {
      return Error::AtOffset(ErrorCode::kImaMalformed, "template field runs past its entry",
                             entry.template_data_offset + at - 4)
          .WithDetail(std::string("field '") + std::string(FieldIdName(format.fields[i])) +
                      "' declares " + std::to_string(length) + " bytes, " +
                      std::to_string(data.size() - at) + " left");
    }
    fields.data[i] = data.subspan(at, length);
    fields.offsets[i] = entry.template_data_offset + at;
    at += length;
  }
  if (at != data.size()) {
    return Error::AtOffset(ErrorCode::kImaMalformed, "template data has bytes after its last field",
                           entry.template_data_offset + at)
        .WithDetail(std::to_string(data.size() - at) + " extra bytes");
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
