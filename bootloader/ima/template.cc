// SPDX-License-Identifier: GPL-2.0-or-later
// Template name resolution as in ima_template.c.
#include "bootloader/ima/template.h"

#include <string>

namespace baton::ima {
namespace {

struct FieldName {
  FieldId id;
  std::string_view name;
};

constexpr std::array<FieldName, 16> kFieldNames = {{
    {FieldId::kD, "d"},
    {FieldId::kN, "n"},
    {FieldId::kDigestNg, "d-ng"},
    {FieldId::kDigestNgV2, "d-ngv2"},
    {FieldId::kNameNg, "n-ng"},
    {FieldId::kSignature, "sig"},
    {FieldId::kBuffer, "buf"},
    {FieldId::kDigestModsig, "d-modsig"},
    {FieldId::kModsig, "modsig"},
    {FieldId::kEvmSignature, "evmsig"},
    {FieldId::kInodeUid, "iuid"},
    {FieldId::kInodeGid, "igid"},
    {FieldId::kInodeMode, "imode"},
    {FieldId::kXattrNames, "xattrnames"},
    {FieldId::kXattrLengths, "xattrlengths"},
    {FieldId::kXattrValues, "xattrvalues"},
}};

struct BuiltinTemplate {
  std::string_view name;
  std::string_view format;
};

constexpr std::array<BuiltinTemplate, 8> kBuiltinTemplates = {{
    {"ima", "d|n"},
    {"ima-ng", "d-ng|n-ng"},
    {"ima-ngv2", "d-ngv2|n-ng"},
    {"ima-sig", "d-ng|n-ng|sig"},
    {"ima-sigv2", "d-ngv2|n-ng|sig"},
    {"ima-buf", "d-ng|n-ng|buf"},
    {"ima-modsig", "d-ng|n-ng|sig|d-modsig|modsig"},
    {"evm-sig", "d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues|iuid|igid|imode"},
}};

Result<TemplateFormat> ParseFormat(std::string_view format) {
  TemplateFormat parsed;
  std::size_t start = 0;
  while (true) {
    std::size_t bar = format.find('|', start);
    std::string_view id =
        format.substr(start, bar == std::string_view::npos ? format.npos : bar - start);
    if (parsed.count == kMaxTemplateFields) {
      return Error(ErrorCode::kImaRejected, "template format has more than 15 fields");
    }
    if (id.empty() || id.size() > kMaxFieldIdLength) {
      return Error(ErrorCode::kImaRejected, "template format has a field id of length 0 or > 16");
    }
    std::optional<FieldId> field = ParseFieldId(id);
    if (!field) {
      std::string detail = "field id '";
      for (char c : id) detail += (c >= 0x20 && c < 0x7f) ? c : '?';
      detail += "'";
      return Error(ErrorCode::kImaRejected, "unknown template field", std::move(detail));
    }
    parsed.fields[parsed.count++] = *field;
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return parsed;
}

}  // namespace

std::string_view FieldIdName(FieldId id) {
  for (const FieldName& field : kFieldNames) {
    if (field.id == id) return field.name;
  }
  return "?";
}

std::optional<FieldId> ParseFieldId(std::string_view name) {
  for (const FieldName& field : kFieldNames) {
    if (field.name == name) return field.id;
  }
  return std::nullopt;
}

Result<TemplateFormat> ResolveTemplate(std::string_view name) {
  for (const BuiltinTemplate& builtin : kBuiltinTemplates) {
    if (builtin.name == name || builtin.format == name) {
      TemplateFormat format = BATON_TRY(ParseFormat(builtin.format));
      format.is_legacy_ima = builtin.name == "ima";
      return format;
    }
  }
  return ParseFormat(name);
}

}  // namespace baton::ima
