// SPDX-License-Identifier: GPL-2.0-or-later
// Small POSIX helpers shared by platform/linux's file doors: a file descriptor that closes itself,
// and a positioned write that finishes or says why.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

#include "bootloader/core/bytes.h"

namespace baton::platform {

class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor& operator=(Descriptor&& other) noexcept {
    if (this != &other) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Writes all of `bytes` at `offset` (pwrite, again after EINTR and short writes): 0, or the
// errno that stopped it (EIO when a write made no progress, as past a device's end).
inline int PwriteAll(int fd, Bytes bytes, std::uint64_t offset) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote =
        ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    if (wrote == 0) return EIO;
    done += static_cast<std::size_t>(wrote);
  }
  return 0;
}

}  // namespace baton::platform
