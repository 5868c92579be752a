// SPDX-License-Identifier: GPL-2.0-or-later
// baton.conf, baton's own small format (docs/discover.md): one "key value" per line, '#'
// comments. Settings `default ID` and `timeout SECONDS`; `option ID` starts an option, followed
// by `name TITLE`, `kernel PATH`, `initrd PATH` (repeatable), `dtb PATH`, `args TEXT`. A PATH is
// absolute or relative to the file's directory and may name another device first:
// "(uuid=…)/vmlinuz", "(label=…)/vmlinuz", "(device=sda2)/vmlinuz".
#pragma once

#include <string_view>

#include "bootloader/config/config.h"

namespace baton::config {

ConfigResult ParseBatonConf(ConfigFiles& files, std::string_view path, std::string_view text);

}  // namespace baton::config
