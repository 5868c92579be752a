// SPDX-License-Identifier: GPL-2.0-or-later
// syslinux, extlinux and isolinux configurations (syslinux.cfg, extlinux.conf, isolinux.cfg), as
// described in the syslinux wiki's "Config" page: case-insensitive directives; LABEL starts an
// option; KERNEL/LINUX, APPEND ("APPEND -" for none; a global APPEND applies to labels without
// their own), INITRD (comma-separated; also "initrd=" in APPEND), FDT/DEVICETREE, MENU LABEL,
// MENU DEFAULT, DEFAULT, TIMEOUT (tenths of a second; 0 waits forever), INCLUDE and MENU INCLUDE
// (nested at most kMaxIncludeDepth deep). Relative paths are relative to the directory of the
// configuration file. Labels that boot no Linux kernel (LOCALBOOT, COM32 modules) are skipped.
#pragma once

#include <string_view>

#include "bootloader/config/config.h"

namespace baton::config {

ConfigResult ParseSyslinux(ConfigFiles& files, std::string_view path, std::string_view text);

}  // namespace baton::config
