// SPDX-License-Identifier: GPL-2.0-or-later
// Where each bootloader looks for its configuration on a device, in the order baton reads them.
// The lists follow petitboot's (doc/config.rst and its parsers), plus extlinux and isolinux; the
// table is also in docs/discover.md. For each parser the first file found is read.
#pragma once

#include <span>
#include <string_view>

#include "bootloader/config/config.h"

namespace baton::discover {

enum class ConfigFormat : std::uint8_t { kBaton, kGrub, kSyslinux, kYaboot, kKboot };

struct ConfigLocation {
  ConfigFormat format;
  std::span<const std::string_view> paths;
};

std::span<const ConfigLocation> ConfigLocations();

// Runs the parser of `format` over one file's text.
config::ConfigResult ParseConfig(ConfigFormat format, config::ConfigFiles& files,
                                 std::string_view path, std::string_view text);

}  // namespace baton::discover
