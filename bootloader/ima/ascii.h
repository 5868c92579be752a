// SPDX-License-Identifier: GPL-2.0-or-later
// The kernel's `ascii_runtime_measurements` line for an entry.
//
// Source: ima_fs.c ima_ascii_measurements_show and ima_template_lib.c
// ima_show_template_data_ascii: "%2d <sha1 hex> <template name>" then, per field, a space and
// the field (nothing for an empty one): d-ng/d-modsig as "<algo>:<hex>", d-ngv2 as
// "<type>:<algo>:<hex>", d/sig/buf/modsig/evmsig/xattr* as hex, n/n-ng as text, iuid/igid/imode
// as decimal.
#pragma once

#include <string>

#include "bootloader/core/result.h"
#include "bootloader/ima/measurement_list.h"

namespace baton::ima {

// kRaw writes names as the kernel does; kEscaped writes control bytes and invalid UTF-8 as
// \xHH so that a hostile name cannot drive the terminal.
enum class NameStyle : std::uint8_t { kRaw, kEscaped };

// Appends the line (with its newline) for `entry`. Errors if the template or its fields do not
// parse; the error names the offset.
Result<void> AppendAsciiLine(std::string& out, const ListEntry& entry, ByteOrder order,
                             NameStyle style);

}  // namespace baton::ima
