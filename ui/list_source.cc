// SPDX-License-Identifier: GPL-2.0-or-later
// The list browser's source.
#include "ui/list_source.h"

#include <cstdio>

#include "bootloader/core/text.h"
#include "bootloader/ima/ascii.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/ima/template.h"

namespace baton::ui {
namespace {

ima::ListEntry EntryAt(const ByteBuffer& stream, std::uint64_t offset) {
  ima::ListReader reader(Bytes(stream).subspan(static_cast<std::size_t>(offset)),
                         NativeByteOrder());
  ima::ListEntry entry;
  (void)reader.Next(entry);  // every offset was read once already
  return entry;
}

std::string EntryName(const ima::ListEntry& entry) {
  Result<ima::TemplateFormat> format = ima::ResolveTemplate(entry.template_name);
  if (!format) return "?";
  Result<ima::EntryFields> fields = ima::SplitFields(entry, *format, NativeByteOrder());
  if (!fields) return "?";
  for (std::size_t i = 0; i < format->count; ++i) {
    if (format->fields[i] == ima::FieldId::kNameNg || format->fields[i] == ima::FieldId::kN) {
      std::string_view name = AsText(fields->data[i]);
      while (!name.empty() && name.back() == '\0') name.remove_suffix(1);
      return std::string(name);
    }
  }
  return "";
}

}  // namespace

Result<std::unique_ptr<ListSource>> ListSource::Make(ByteBuffer stream) {
  auto source = std::unique_ptr<ListSource>(new ListSource(std::move(stream)));
  ima::ListReader reader(source->stream_, NativeByteOrder());
  ima::ListEntry entry;
  for (;;) {
    const std::uint64_t offset = reader.offset();
    if (!BATON_TRY(reader.Next(entry))) break;
    source->offsets_.push_back(offset);
  }
  return source;
}

std::string ListSource::Line(std::uint64_t index) const {
  const ima::ListEntry entry = EntryAt(stream_, offsets_[index]);
  char head[48];
  std::snprintf(head, sizeof head, "%6llu %2u ", static_cast<unsigned long long>(index), entry.pcr);
  std::string line = head;
  AppendEscaped(line, entry.template_name);
  while (line.size() < 20) line += ' ';
  line += ' ';
  AppendEscaped(line, EntryName(entry));
  return line;
}

std::string ListSource::Name(std::uint64_t index) const {
  return EntryName(EntryAt(stream_, offsets_[index]));
}

}  // namespace baton::ui
