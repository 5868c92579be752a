// SPDX-License-Identifier: GPL-2.0-or-later
// devices.json reading.
#include "platform/sim/device_table.h"

#include <limits>

#include "bootloader/core/json_reader.h"

namespace baton::platform {

bool IsPlainDeviceId(std::string_view id) {
  return !id.empty() && id != "." && id != ".." && id.find('/') == std::string_view::npos &&
         id.find('\0') == std::string_view::npos;
}

Result<std::vector<platform::DeviceIdentity>> ParseDeviceTable(std::string_view text) {
  JsonValue document = BATON_TRY(ParseJson(text));
  if (document.kind() != JsonKind::kObject) {
    return Error(ErrorCode::kInvalidArgument, "devices.json must be an object of devices");
  }
  std::vector<platform::DeviceIdentity> devices;
  for (const auto& [id, value] : document.members()) {
    if (!IsPlainDeviceId(id)) {
      return Error(ErrorCode::kInvalidArgument, "device id is not a directory name", id);
    }
    if (value.kind() != JsonKind::kObject) {
      return Error(ErrorCode::kInvalidArgument, "a device must be an object", id);
    }
    platform::DeviceIdentity device;
    device.id = id;
    for (const auto& [key, member] : value.members()) {
      if (key == "priority") {
        std::optional<std::int64_t> priority = member.Integer();
        if (!priority || *priority < std::numeric_limits<int>::min() ||
            *priority > std::numeric_limits<int>::max()) {
          return Error(ErrorCode::kInvalidArgument, "priority must be an integer", id);
        }
        device.priority = static_cast<int>(*priority);
        continue;
      }
      std::string* field = key == "uuid"     ? &device.uuid
                           : key == "label"  ? &device.label
                           : key == "fstype" ? &device.fstype
                           : key == "type"   ? &device.type
                                             : nullptr;
      if (field == nullptr) {
        return Error(ErrorCode::kInvalidArgument, "unknown device member", id + "." + key);
      }
      if (member.kind() != JsonKind::kString) {
        return Error(ErrorCode::kInvalidArgument, "device member must be a string", id + "." + key);
      }
      *field = member.text();
    }
    devices.push_back(std::move(device));
  }
  return devices;
}

}  // namespace baton::platform
