// SPDX-License-Identifier: GPL-2.0-or-later
// IMA template descriptors: the built-in templates, the field ids, and how the next kernel
// resolves a template name when it restores a carried list.
//
// Source: security/integrity/ima/ima_template.c (builtin_templates, supported_fields,
// lookup_template_desc, restore_template_fmt, template_desc_init_fields) and ima.h limits.
// These names travel in the kexec buffer: they are an ABI with the next kernel.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "bootloader/core/result.h"

namespace baton::ima {

enum class FieldId : std::uint8_t {
  kD,             // "d": raw SHA-1/MD5 digest (only the `ima` template writes it without a length)
  kN,             // "n": name limited to 255 bytes
  kDigestNg,      // "d-ng": "<algo>:\0" + digest
  kDigestNgV2,    // "d-ngv2": "<type>:<algo>:\0" + digest
  kNameNg,        // "n-ng": name, NUL-terminated
  kSignature,     // "sig"
  kBuffer,        // "buf"
  kDigestModsig,  // "d-modsig"
  kModsig,        // "modsig"
  kEvmSignature,  // "evmsig"
  kInodeUid,      // "iuid"
  kInodeGid,      // "igid"
  kInodeMode,     // "imode"
  kXattrNames,    // "xattrnames"
  kXattrLengths,  // "xattrlengths"
  kXattrValues,   // "xattrvalues"
};

// ima.h: IMA_TEMPLATE_NUM_FIELDS_MAX and IMA_TEMPLATE_FIELD_ID_MAX_LEN.
inline constexpr std::size_t kMaxTemplateFields = 15;
inline constexpr std::size_t kMaxFieldIdLength = 16;
// MAX_TEMPLATE_NAME_LEN (defined in ima_template.c, not ima.h) is
// sizeof("d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues| iuid|igid|imode") = 69 in current
// kernels (34 before evm-sig); the restore refuses names whose length is >= that value.
inline constexpr std::size_t kMaxTemplateNameLength = 68;
// IMA_EVENT_NAME_LEN_MAX: the `ima` template pads its name to this + 1 bytes for hashing.
inline constexpr std::size_t kMaxEventNameLength = 255;
// The template digest in the list and the kexec buffer is always a 20-byte SHA-1 slot.
inline constexpr std::size_t kTemplateDigestSize = 20;

std::string_view FieldIdName(FieldId id);
std::optional<FieldId> ParseFieldId(std::string_view name);

struct TemplateFormat {
  std::array<FieldId, kMaxTemplateFields> fields{};
  std::uint8_t count = 0;
  bool is_legacy_ima = false;  // the `ima` template ("d|n"), with its special wire and hash rules
};

// Resolves a template name the way the restoring kernel does: a built-in template's name or
// format, otherwise the name parsed as a format string ("d-ng|n-ng|sig"). Errors say why the
// kernel would stop restoring there. The `ima` template resolves (for parsing and replay);
// callers that model the restore reject it themselves.
Result<TemplateFormat> ResolveTemplate(std::string_view name);

}  // namespace baton::ima
