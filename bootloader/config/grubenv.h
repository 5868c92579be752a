// SPDX-License-Identifier: GPL-2.0-or-later
// grub's environment block (grubenv): "# GRUB Environment Block" then name=value lines, padded
// with '#' to 1024 bytes. grub-editenv escapes a backslash or newline in a value with a
// backslash (grub-core/lib/envblk.c); this reader undoes that.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bootloader/core/result.h"

namespace baton::config {

// The first line of every environment block; grub's load_env refuses a file without it
// ("invalid environment block", grub_envblk_open in lib/envblk.c).
inline constexpr std::string_view kGrubEnvSignature = "# GRUB Environment Block\n";

// Variables in file order; none from a file without kGrubEnvSignature. Lines that are not
// name=value are skipped.
std::vector<std::pair<std::string, std::string>> ParseGrubEnv(std::string_view text);

// `block` with `name` set to `value` (nullopt: its line removed), edited as grub's save_env and
// grub-editenv edit it: in place and in the same size. The free space is the run of '#' after
// the last variable line; a value replaces the old one where it stands, a new variable goes
// right before the free space, a removed line gives its bytes back to it. The value is escaped
// as grub writes it (a backslash before '\\' and a newline).
// Errors: kInvalidArgument for a block without kGrubEnvSignature or a name that is empty or
// holds '=' or a newline; kTooLarge when the free space cannot hold the change (grub's
// "environment block too small").
Result<std::string> SetGrubEnv(std::string_view block, std::string_view name,
                               std::optional<std::string_view> value);

}  // namespace baton::config
