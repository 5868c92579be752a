// SPDX-License-Identifier: GPL-2.0-or-later
// grub's environment block (grubenv): "# GRUB Environment Block" then name=value lines, padded
// with '#' to 1024 bytes. grub-editenv escapes a backslash or newline in a value with a
// backslash (grub-core/lib/envblk.c); this reader undoes that.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baton::config {

// The first line of every environment block; grub's load_env refuses a file without it
// ("invalid environment block", grub_envblk_open in lib/envblk.c).
inline constexpr std::string_view kGrubEnvSignature = "# GRUB Environment Block\n";

// Variables in file order; none from a file without kGrubEnvSignature. Lines that are not
// name=value are skipped.
std::vector<std::pair<std::string, std::string>> ParseGrubEnv(std::string_view text);

}  // namespace baton::config
