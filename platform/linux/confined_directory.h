// SPDX-License-Identifier: GPL-2.0-or-later
// DeviceFiles over a directory that is one device's file-system root (a mount point, or a
// simulated device's directory), confined to it.
//
// Paths are walked one component at a time from a descriptor of the root, with O_NOFOLLOW and
// *at() calls: a symbolic link is read and followed by this code, never by the kernel, so a
// ".." that climbs above the root — in the path or in a link's target — is refused with
// kPermission ("path leaves the device root"). An absolute link target is taken from the device
// root, as a bootloader reading the file system itself does. At most 40 links are followed.
#pragma once

#include <string>

#include "platform/include/devices.h"

namespace baton::platform {

class ConfinedDirectory final : public DeviceFiles {
 public:
  // Opens the root; kNotFound/kIo when it cannot be opened. The descriptor is held until the
  // object is destroyed (a mount point stays busy until then). `block_device`: the device node
  // the read-only mount at `root` reads, which RewriteInPlace writes; empty for a directory of a
  // writable file system (a simulated machine's device), whose files it writes directly.
  static Result<std::unique_ptr<ConfinedDirectory>> Open(const std::string& root,
                                                         std::string block_device = {});
  ~ConfinedDirectory() override;
  ConfinedDirectory(const ConfinedDirectory&) = delete;
  ConfinedDirectory& operator=(const ConfinedDirectory&) = delete;

  Result<ByteBuffer> ReadFile(std::string_view path, std::uint64_t max_size) override;
  Result<MappedFile> LoadFile(std::string_view path, std::uint64_t max_size,
                              const std::function<void(Bytes)>& observe) override;
  Result<ByteBuffer> ReadTail(std::string_view path, std::uint64_t bytes) override;
  Result<void> RewriteInPlace(std::string_view path, Bytes bytes) override;
  Result<FileStatus> Status(std::string_view path) override;
  Result<std::vector<std::string>> List(std::string_view directory) override;

 private:
  ConfinedDirectory(int root_fd, std::string root, std::string block_device)
      : root_fd_(root_fd), root_(std::move(root)), block_device_(std::move(block_device)) {}
  int root_fd_;
  std::string root_;
  std::string block_device_;
};

}  // namespace baton::platform
