// SPDX-License-Identifier: GPL-2.0-or-later
// The simulated machine's devices.
#include "platform/linux/directory_devices.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>

#include "bootloader/core/log.h"
#include "platform/linux/confined_directory.h"
#include "platform/linux/posix_file_system.h"
#include "platform/sim/device_table.h"

namespace baton::platform {
namespace {

constexpr std::uint64_t kMaxDeviceTable = 1u << 20;

}  // namespace

Result<std::vector<Device>> DirectoryDeviceSource::Probe() {
  DIR* directory = ::opendir(root_.c_str());
  if (directory == nullptr) {
    return Error(ErrorCode::kNotFound, "cannot open the machine root", root_);
  }
  std::vector<std::string> ids;
  while (dirent* entry = ::readdir(directory)) {
    std::string name = entry->d_name;
    if (name == "." || name == ".." || !IsPlainDeviceId(name)) continue;
    struct stat status {};
    std::string path = root_ + "/" + name;
    if (::lstat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode)) ids.push_back(name);
  }
  ::closedir(directory);
  std::sort(ids.begin(), ids.end());

  std::vector<DeviceIdentity> table;
  PosixFileSystem files(root_);
  Result<ByteBuffer> json = files.ReadFile("/devices.json", kMaxDeviceTable);
  if (json) {
    Result<std::vector<DeviceIdentity>> parsed = ParseDeviceTable(AsText(*json));
    if (!parsed) return std::move(parsed).error().WithContext(root_ + "/devices.json");
    table = std::move(*parsed);
  } else if (json.error().code() != ErrorCode::kNotFound) {
    return std::move(json).error().WithContext(root_ + "/devices.json");
  }
  for (const DeviceIdentity& described : table) {
    if (std::find(ids.begin(), ids.end(), described.id) == ids.end()) {
      Logf(LogLevel::kWarning, "devices.json names '%s', which has no directory",
           described.id.c_str());
    }
  }

  std::vector<Device> devices;
  for (const std::string& id : ids) {
    Device device;
    device.identity.id = id;
    for (const DeviceIdentity& described : table) {
      if (described.id == id) device.identity = described;
    }
    Result<std::unique_ptr<ConfinedDirectory>> opened = ConfinedDirectory::Open(root_ + "/" + id);
    if (!opened) {
      Logf(LogLevel::kWarning, "device %s skipped: %s", id.c_str(),
           opened.error().ToString().c_str());
      continue;
    }
    device.files = std::move(*opened);
    devices.push_back(std::move(device));
  }
  return devices;
}

}  // namespace baton::platform
