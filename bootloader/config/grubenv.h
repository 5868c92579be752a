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

// Variables in file order. Lines that are not name=value are skipped.
std::vector<std::pair<std::string, std::string>> ParseGrubEnv(std::string_view text);

}  // namespace baton::config
