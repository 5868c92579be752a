// SPDX-License-Identifier: GPL-2.0-or-later
// devices.json, the identity of a simulated machine's devices: an object mapping each device id
// (a directory name under the machine's root) to {"uuid": …, "label": …, "fstype": …, "type":
// …} (type: disk, usb, optical; disk when absent) and an optional "priority" (an integer; lower
// is preferred for the default boot option, 100 when absent). Every member is optional; any other
// member, a non-string value or an id that is not a plain directory name is an error naming it.
#pragma once

#include <string_view>
#include <vector>

#include "bootloader/core/result.h"
#include "platform/include/devices.h"

namespace baton::platform {

Result<std::vector<platform::DeviceIdentity>> ParseDeviceTable(std::string_view text);

// Whether `id` can name a directory: not empty, not "." or "..", no '/' and no NUL.
bool IsPlainDeviceId(std::string_view id);

}  // namespace baton::platform
