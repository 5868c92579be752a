// SPDX-License-Identifier: GPL-2.0-or-later
// The one narrow door through which baton's logic reaches files.
//
// Every path is relative to the file system's root: "/" on a firmware, a build folder on the
// simulated machine. Logic never names an absolute OS path; it asks a FileSystem.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::platform {

// kOther: something that is neither a regular file nor a directory (a link, a device, a fifo).
enum class FileKind : std::uint8_t { kMissing, kFile, kDirectory, kOther };

struct FileStatus {
  FileKind kind = FileKind::kMissing;
  std::uint64_t size = 0;
};

// A read-only view of a whole file that stays valid while this object lives, and while it is
// moved: a memory mapping of a regular file, memory of its own that the file was read into
// (DeviceFiles::LoadFile), or an owned copy where mapping is not possible (procfs files).
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(void* mapping, std::size_t size) : mapping_(mapping), size_(size) {}
  MappedFile(std::unique_ptr<std::byte[]> owned, std::size_t size)
      : size_(size), owned_(std::move(owned)) {}
  explicit MappedFile(ByteBuffer copy) : copy_(std::move(copy)) {}
  MappedFile(MappedFile&& other) noexcept
      : mapping_(std::exchange(other.mapping_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        owned_(std::move(other.owned_)),
        copy_(std::move(other.copy_)) {}
  MappedFile& operator=(MappedFile&& other) noexcept {
    if (this != &other) {
      Unmap();
      mapping_ = std::exchange(other.mapping_, nullptr);
      size_ = std::exchange(other.size_, 0);
      owned_ = std::move(other.owned_);
      copy_ = std::move(other.copy_);
    }
    return *this;
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() { Unmap(); }

  Bytes bytes() const {
    if (mapping_ != nullptr) return Bytes(static_cast<const std::byte*>(mapping_), size_);
    if (owned_ != nullptr) return Bytes(owned_.get(), size_);
    return Bytes(copy_);
  }

 private:
  void Unmap() {
    if (mapping_ != nullptr) ::munmap(mapping_, size_);  // (also unlocks locked pages)
  }
  void* mapping_ = nullptr;
  std::size_t size_ = 0;
  std::unique_ptr<std::byte[]> owned_;
  ByteBuffer copy_;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Reads a whole file, refusing files larger than `max_size` (an error, not a truncation).
  virtual Result<ByteBuffer> ReadFile(std::string_view path, std::uint64_t max_size) = 0;
  // The whole file without copying it (kernels and initrds of tens of megabytes). The file must
  // not change while it is mapped: baton reads boot files that nothing else writes.
  virtual Result<MappedFile> MapFile(std::string_view path, std::uint64_t max_size) = 0;
  // Feeds a file to `consume` in chunks without holding it all in memory.
  virtual Result<void> StreamFile(std::string_view path,
                                  const std::function<void(Bytes)>& consume) = 0;
  // Writes a whole file atomically: a temporary file beside it, flushed, then renamed. On any
  // error the old file (if any) is untouched and no temporary file is left behind.
  virtual Result<void> WriteFile(std::string_view path, Bytes first, Bytes second = {},
                                 std::uint64_t zero_padding = 0) = 0;
  // Writes `bytes` over the file's own bytes at `offset`, in place, and returns once they are
  // durable. For what cannot be renamed into place: the NVRAM (/dev/nvram) and an image of it.
  // The file must exist; a write past its end is refused (kOutOfRange): it never grows a file.
  virtual Result<void> WriteInPlace(std::string_view path, std::uint64_t offset, Bytes bytes) = 0;
  // What is at `path`, not following a final symbolic link (kMissing for nothing there: not an
  // error).
  virtual Result<FileStatus> Status(std::string_view path) = 0;
  // The names in a directory, sorted bytewise, without "." and "..". kNotFound when absent.
  virtual Result<std::vector<std::string>> List(std::string_view directory) = 0;
  // Makes a directory (its parent must exist); one that exists already is no error.
  virtual Result<void> CreateDirectory(std::string_view path) = 0;
};

}  // namespace baton::platform
