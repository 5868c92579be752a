// SPDX-License-Identifier: GPL-2.0-or-later
// A simulated machine's devices: every subdirectory DIR/<device-id>/ is one device's file-system
// root, and an optional DIR/devices.json (platform/sim/device_table.h) gives each device its
// UUID, label, file-system type and priority. Devices are returned sorted by id. A devices.json
// entry without a directory is a logged warning; a devices.json that does not parse is an error.
#pragma once

#include <string>

#include "platform/include/devices.h"

namespace baton::platform {

class DirectoryDeviceSource final : public DeviceSource {
 public:
  explicit DirectoryDeviceSource(std::string root) : root_(std::move(root)) {}
  Result<std::vector<Device>> Probe() override;

 private:
  std::string root_;
};

}  // namespace baton::platform
