// SPDX-License-Identifier: GPL-2.0-or-later
// kboot.conf: "name=value" lines. `default`, `timeout` (seconds), `delay`, `message` and `video`
// are settings; `initrd` and `root` set defaults for every option; any other name is an option
// whose value is "KERNEL [ARGS]", where ARGS may hold initrd= and root= for that option only.
// KERNEL may name a device: "sda2:/boot/vmlinux".
#pragma once

#include <string_view>

#include "bootloader/config/config.h"

namespace baton::config {

ConfigResult ParseKboot(ConfigFiles& files, std::string_view path, std::string_view text);

}  // namespace baton::config
