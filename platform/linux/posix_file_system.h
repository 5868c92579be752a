// SPDX-License-Identifier: GPL-2.0-or-later
// FileSystem on POSIX calls, under a root directory.
#pragma once

#include <string>

#include "platform/include/file_system.h"

namespace baton::platform {

class PosixFileSystem final : public FileSystem {
 public:
  // `root` is prepended to every path; "" means paths are used as given (the command line's
  // own file arguments, relative to the working directory).
  explicit PosixFileSystem(std::string root) : root_(std::move(root)) {}

  Result<ByteBuffer> ReadFile(std::string_view path, std::uint64_t max_size) override;
  Result<MappedFile> MapFile(std::string_view path, std::uint64_t max_size) override;
  Result<void> StreamFile(std::string_view path,
                          const std::function<void(Bytes)>& consume) override;
  Result<void> WriteFile(std::string_view path, Bytes first, Bytes second = {},
                         std::uint64_t zero_padding = 0) override;
  Result<void> WriteInPlace(std::string_view path, std::uint64_t offset, Bytes bytes) override;
  Result<void> CreateDirectory(std::string_view path) override;
  Result<FileStatus> Status(std::string_view path) override;
  Result<std::vector<std::string>> List(std::string_view directory) override;

 private:
  std::string Resolve(std::string_view path) const;
  std::string root_;
};

}  // namespace baton::platform
