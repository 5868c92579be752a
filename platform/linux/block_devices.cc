// SPDX-License-Identifier: GPL-2.0-or-later
// libblkid probing and read-only mounts. The only code that includes <blkid/blkid.h>.
#include "platform/linux/block_devices.h"

#include <blkid/blkid.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "bootloader/core/log.h"
#include "platform/include/machine_paths.h"
#include "platform/linux/confined_directory.h"

namespace baton::platform {
namespace {

// The device's type as petitboot gives it: optical for a SCSI CD/DVD drive (sr*), usb when its
// sysfs path runs through a USB bus, else disk.
std::string DeviceType(const std::string& id) {
  if (id.rfind("sr", 0) == 0) return "optical";
  const std::string link = std::string(kSysBlockPath) + "/" + id;
  char* resolved = ::realpath(link.c_str(), nullptr);
  if (resolved == nullptr) return "disk";
  const bool usb = std::strstr(resolved, "/usb") != nullptr;
  std::free(resolved);
  return usb ? "usb" : "disk";
}

// File systems that may hold a boot configuration, and the mount options that keep a read-only
// mount from writing (no journal or log replay).
const char* MountOptions(std::string_view fstype) {
  if (fstype == "ext3" || fstype == "ext4") return "noload";
  if (fstype == "xfs") return "norecovery";
  if (fstype == "btrfs") return "nologreplay";
  if (fstype == "ext2" || fstype == "vfat" || fstype == "iso9660" || fstype == "udf" ||
      fstype == "jfs" || fstype == "squashfs") {
    return "";
  }
  return nullptr;
}

std::string Tag(blkid_cache cache, const char* tag, const char* device) {
  char* value = blkid_get_tag_value(cache, tag, device);
  std::string text = value != nullptr ? value : "";
  std::free(value);
  return text;
}

}  // namespace

BlockDeviceSource::~BlockDeviceSource() { UnmountAll(); }

void BlockDeviceSource::UnmountAll() {
  for (const std::string& point : mount_points_) {
    if (::umount2(point.c_str(), 0) != 0 && errno == EBUSY) ::umount2(point.c_str(), MNT_DETACH);
    ::rmdir(point.c_str());
  }
  mount_points_.clear();
  if (!private_directory_.empty()) ::rmdir(private_directory_.c_str());
  private_directory_.clear();
}

Result<std::vector<Device>> BlockDeviceSource::Probe() {
  UnmountAll();
  std::string pattern = work_directory_ + "/baton-devices-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Error(ErrorCode::kIo, "cannot create the mount directory", std::strerror(errno));
  }
  private_directory_ = pattern;
  blkid_cache cache = nullptr;
  if (blkid_get_cache(&cache, "/dev/null") != 0) {
    return Error(ErrorCode::kIo, "libblkid cannot start");
  }
  if (blkid_probe_all(cache) != 0) {
    blkid_put_cache(cache);
    return Error(ErrorCode::kIo, "libblkid cannot probe the block devices");
  }
  std::vector<Device> devices;
  blkid_dev_iterate iterator = blkid_dev_iterate_begin(cache);
  blkid_dev found = nullptr;
  while (blkid_dev_next(iterator, &found) == 0) {
    const char* name = blkid_dev_devname(found);
    if (name == nullptr) continue;
    DeviceIdentity identity;
    std::string devname = name;
    identity.id = devname.substr(devname.rfind('/') + 1);
    identity.fstype = Tag(cache, "TYPE", name);
    identity.uuid = Tag(cache, "UUID", name);
    identity.label = Tag(cache, "LABEL", name);
    identity.type = DeviceType(identity.id);
    const char* options = MountOptions(identity.fstype);
    if (options == nullptr || identity.id.empty()) continue;
    std::string point = private_directory_ + "/" + identity.id;
    if (::mkdir(point.c_str(), 0700) != 0) continue;
    if (::mount(name, point.c_str(), identity.fstype.c_str(),
                MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, options) != 0) {
      Logf(LogLevel::kWarning, "%s (%s) not mounted: %s", name, identity.fstype.c_str(),
           std::strerror(errno));
      ::rmdir(point.c_str());
      continue;
    }
    mount_points_.push_back(point);
    Result<std::unique_ptr<ConfinedDirectory>> files = ConfinedDirectory::Open(point, devname);
    if (!files) continue;
    devices.push_back({identity, std::move(*files)});
  }
  blkid_dev_iterate_end(iterator);
  blkid_put_cache(cache);
  return devices;
}

}  // namespace baton::platform
