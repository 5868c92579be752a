// SPDX-License-Identifier: GPL-2.0-or-later
// The real machine's devices: block devices probed with libblkid (file-system type, UUID, label),
// each mounted read-only (and nosuid, nodev, noexec, without journal replay) under a private
// directory, and unmounted when the source is destroyed, which must happen before the boot. Only
// file systems that can hold a boot configuration are mounted (ext2/3/4, xfs, btrfs, vfat,
// iso9660, udf, jfs, squashfs). Needs CAP_SYS_ADMIN.
//
// The devices returned by Probe() hold descriptors inside the mounts: destroy them before the
// source, or the unmount falls back to a lazy detach.
#pragma once

#include <string>
#include <vector>

#include "platform/include/devices.h"

namespace baton::platform {

class BlockDeviceSource final : public DeviceSource {
 public:
  // Mount points are created in a new private directory under `work_directory` ("/tmp").
  explicit BlockDeviceSource(std::string work_directory)
      : work_directory_(std::move(work_directory)) {}
  ~BlockDeviceSource() override;
  BlockDeviceSource(const BlockDeviceSource&) = delete;
  BlockDeviceSource& operator=(const BlockDeviceSource&) = delete;

  Result<std::vector<Device>> Probe() override;

 private:
  void UnmountAll();

  std::string work_directory_;
  std::string private_directory_;
  std::vector<std::string> mount_points_;
};

}  // namespace baton::platform
