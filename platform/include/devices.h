// SPDX-License-Identifier: GPL-2.0-or-later
// Devices that may hold boot configurations: a file system with an id, a UUID, a label and a type,
// readable through a door that never leaves the device's root.
//
// Implementations: platform/linux/directory_devices.h (a simulated machine: DIR/<device-id>/ and
// DIR/devices.json) and platform/linux/block_devices.h (block devices probed with libblkid and
// mounted read-only under a private directory). Tests use an in-memory device.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "platform/include/file_system.h"

namespace baton::platform {

struct DeviceIdentity {
  std::string id;      // "sda2" on Linux, the directory name on a simulated machine
  std::string uuid;    // file-system UUID as blkid prints it; may be empty
  std::string label;   // file-system label; may be empty
  std::string fstype;  // "xfs", "ext4", "vfat", ...; may be empty
  // Lower is preferred when the default boot option is chosen across devices.
  int priority = 100;
  // petitboot's device type, which a boot order names: "disk", "usb" (a disk on a USB bus),
  // "optical" (a CD/DVD drive) or "network".
  std::string type = "disk";
};

// One device's file system, read-only. Paths are absolute on the device ("/boot/grub2/grub.cfg").
// A path that leaves the device root, by ".." or through a symbolic link that points outside, is
// refused with kPermission: the caller gets an error, never the bytes of another file system.
class DeviceFiles {
 public:
  virtual ~DeviceFiles() = default;
  // A whole regular file. kNotFound when absent, kTooLarge over `max_size` (nothing is read).
  virtual Result<ByteBuffer> ReadFile(std::string_view path, std::uint64_t max_size) = 0;
  // The same, for the files a boot loads (kernels, initrds: tens of megabytes), without a copy
  // where the platform can: each piece is handed to `observe` once, in order, right after it is
  // in memory, so that a hash runs while the file is read. The bytes returned are the bytes
  // observed, and stay so until the result goes: the real door maps the file and locks its
  // pages (never dropped, so never read again from a device that might answer differently), or
  // reads into memory of its own. This default reads the whole file and observes it once.
  virtual Result<MappedFile> LoadFile(std::string_view path, std::uint64_t max_size,
                                      const std::function<void(Bytes)>& observe) {
    MappedFile file(BATON_TRY(ReadFile(path, max_size)));
    observe(file.bytes());
    return file;
  }
  // The last `bytes` bytes of a regular file (all of it when it is shorter), without reading
  // the rest: the menu reads a kernel's appended signature before a boot. This default reads the
  // whole file (up to 4 GiB) and keeps its end.
  virtual Result<ByteBuffer> ReadTail(std::string_view path, std::uint64_t bytes) {
    ByteBuffer whole = BATON_TRY(ReadFile(path, std::uint64_t{4} << 30));
    if (whole.size() > bytes)
      whole.erase(whole.begin(), whole.end() - static_cast<std::ptrdiff_t>(bytes));
    return whole;
  }
  // Writes `bytes` over the regular file at `path`, which must already have exactly that size,
  // in place: no block is allocated, moved or freed, as grub's save_env writes its
  // environment block. The only write any device door offers, and only a boot that the
  // disk-writes setting allows calls it. The real door writes the file's blocks on the block
  // device under the read-only mount (FIEMAP tells where; a file whose extents are not plain
  // blocks is refused) and reads the file back through the mount. kUnsupported where the
  // device cannot be written; kInvalidArgument when the size differs.
  virtual Result<void> RewriteInPlace(std::string_view path, Bytes bytes) {
    (void)path;
    (void)bytes;
    return Error(ErrorCode::kUnsupported, "this device is not written to");
  }
  // What is at `path`; kMissing for nothing there (not an error).
  virtual Result<FileStatus> Status(std::string_view path) = 0;
  // The names in a directory, sorted bytewise, without "." and "..". kNotFound when absent.
  virtual Result<std::vector<std::string>> List(std::string_view directory) = 0;
};

struct Device {
  DeviceIdentity identity;
  std::unique_ptr<DeviceFiles> files;
};

// Finds devices and makes their file systems readable. The devices stay readable until the
// source is destroyed (a real source unmounts then).
class DeviceSource {
 public:
  virtual ~DeviceSource() = default;
  // Every device found, in a stable order. Devices that cannot be read are left out with a
  // logged warning; an error means nothing could be probed at all.
  virtual Result<std::vector<Device>> Probe() = 0;
};

}  // namespace baton::platform
