// SPDX-License-Identifier: GPL-2.0-or-later
// yaboot.conf (and SUSE's yaboot.cnf), as yaboot's own documentation describes it: "key=value"
// lines and bare flags; a global section, then one section per `image=`; an image takes every
// key it does not set from the global section (append, initrd, root, read-only/read-write,
// literal, device). `label` names the image, `default` names a label (else the first image),
// `timeout` is in tenths of a second. The kernel command line is "root=R ro|rw APPEND", or
// `literal` alone. An image path may carry a firmware device ("hd:3,/vmlinuz"): firmware names
// cannot be mapped to probed devices, so they mean the configuration's own device, as does
// `partition` (documented in docs/discover.md).
#pragma once

#include <string_view>

#include "bootloader/config/config.h"

namespace baton::config {

ConfigResult ParseYaboot(ConfigFiles& files, std::string_view path, std::string_view text);

}  // namespace baton::config
