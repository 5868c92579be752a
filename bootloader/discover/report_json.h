// SPDX-License-Identifier: GPL-2.0-or-later
// The JSON document of `baton discover --json` (issue 5, exact):
//   {"devices": [{"id", "uuid", "label", "fstype"}…],
//    "options": [{"device", "name", "group", "kernel", "initrd": […], "dtb", "args", "default",
//                 "source": {"file", "line"}}…]}
// where a resource is {"device": id, "path": "/abs"} or {"unresolved": "uuid=…", "path": "/abs"},
// "group" and "dtb" may be null, and empty uuid/label/fstype are null.
#pragma once

#include <string>

#include "bootloader/discover/discovery.h"

namespace baton::discover {

std::string ReportJson(const Report& report);

}  // namespace baton::discover
