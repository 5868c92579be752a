// SPDX-License-Identifier: GPL-2.0-or-later
// ASCII rendering of measurement entries.
#include "bootloader/ima/ascii.h"

#include <cstdio>

#include "bootloader/core/text.h"

namespace baton::ima {
namespace {

void AppendName(std::string& out, Bytes data, NameStyle style) {
  std::string_view text = AsText(data);
  text = text.substr(0, text.find('\0'));  // printed with %s
  if (style == NameStyle::kRaw) {
    out.append(text);
  } else {
    AppendEscaped(out, text);
  }
}

// "<prefix>:\0<digest>": the prefix then hex of the digest. Data without that shape is hex.
void AppendDigestWithAlgorithm(std::string& out, Bytes data) {
  std::string_view text = AsText(data);
  std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos && nul > 0 && text[nul - 1] == ':') {
    AppendEscaped(out, text.substr(0, nul));
    AppendHex(out, data.subspan(nul + 1));
    return;
  }
  AppendHex(out, data);
}

void AppendUnsigned(std::string& out, Bytes data, ByteOrder order) {
  char text[32];
  switch (data.size()) {
    case 1:
      std::snprintf(text, sizeof text, "%u", static_cast<unsigned>(data[0]));
      break;
    case 2:
      std::snprintf(text, sizeof text, "%u", LoadUnsigned<std::uint16_t>(data.data(), order));
      break;
    case 4:
      std::snprintf(text, sizeof text, "%u", LoadUnsigned<std::uint32_t>(data.data(), order));
      break;
    case 8:
      std::snprintf(
          text, sizeof text, "%llu",
          static_cast<unsigned long long>(LoadUnsigned<std::uint64_t>(data.data(), order)));
      break;
    default:
      AppendHex(out, data);
      return;
  }
  out += text;
}

}  // namespace

Result<void> AppendAsciiLine(std::string& out, const ListEntry& entry, ByteOrder order,
                             NameStyle style) {
  Result<TemplateFormat> format = ResolveTemplate(entry.template_name);
  if (!format) {
    return Error::AtOffset(ErrorCode::kImaMalformed, "unknown template", entry.offset + 28)
        .WithDetail(std::string(format.error().message()) + " " + format.error().detail());
  }
  EntryFields fields = BATON_TRY(SplitFields(entry, *format, order));
  char pcr[16];
  std::snprintf(pcr, sizeof pcr, "%2u ", entry.pcr);
  out += pcr;
  AppendHex(out, entry.template_digest);
  out += ' ';
  AppendName(out, AsBytes(entry.template_name), NameStyle::kEscaped);
  for (std::uint8_t i = 0; i < fields.format.count; ++i) {
    out += ' ';
    Bytes data = fields.data[i];
    if (data.empty()) continue;
    switch (fields.format.fields[i]) {
      case FieldId::kN:
      case FieldId::kNameNg:
        AppendName(out, data, style);
        break;
      case FieldId::kDigestNg:
      case FieldId::kDigestNgV2:
      case FieldId::kDigestModsig:
        AppendDigestWithAlgorithm(out, data);
        break;
      case FieldId::kInodeUid:
      case FieldId::kInodeGid:
      case FieldId::kInodeMode:
        AppendUnsigned(out, data, order);
        break;
      default:
        AppendHex(out, data);
        break;
    }
  }
  out += '\n';
  return Ok();
}

}  // namespace baton::ima
