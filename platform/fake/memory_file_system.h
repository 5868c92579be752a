// SPDX-License-Identifier: GPL-2.0-or-later
// A machine root held in a map, path -> bytes, for unit tests. Reads, maps and streams what was
// put there; writes replace a whole file at once (as the real one's rename does), or change its
// bytes in place, and every in-place write is counted; directories are remembered only so that
// CreateDirectory can be asked about.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "platform/include/file_system.h"

namespace baton::platform {

class MemoryFileSystem final : public FileSystem {
 public:
  std::map<std::string, ByteBuffer> files;
  std::set<std::string> directories;
  std::size_t in_place_writes = 0;
  std::size_t fail_in_place_after = SIZE_MAX;  // in-place writes that succeed before one fails

  void Put(const std::string& path, std::string_view text) {
    Bytes bytes = AsBytes(text);
    files[path] = ByteBuffer(bytes.begin(), bytes.end());
  }
  Result<ByteBuffer> ReadFile(std::string_view path, std::uint64_t max_size) override {
    auto found = files.find(std::string(path));
    if (found == files.end()) return Error(ErrorCode::kNotFound, "no such file", std::string(path));
    if (found->second.size() > max_size)
      return Error(ErrorCode::kTooLarge, "file too large", std::string(path));
    return found->second;
  }
  Result<MappedFile> MapFile(std::string_view path, std::uint64_t max_size) override {
    return MappedFile(BATON_TRY(ReadFile(path, max_size)));
  }
  Result<void> StreamFile(std::string_view path,
                          const std::function<void(Bytes)>& consume) override {
    ByteBuffer bytes = BATON_TRY(ReadFile(path, ~std::uint64_t{0}));
    consume(bytes);
    return Ok();
  }
  Result<void> WriteFile(std::string_view path, Bytes first, Bytes second,
                         std::uint64_t zero_padding) override {
    ByteBuffer& bytes = files[std::string(path)];
    bytes.assign(first.begin(), first.end());
    bytes.insert(bytes.end(), second.begin(), second.end());
    bytes.resize(bytes.size() + zero_padding);
    return Ok();
  }
  Result<void> WriteInPlace(std::string_view path, std::uint64_t offset, Bytes bytes) override {
    auto found = files.find(std::string(path));
    if (found == files.end()) return Error(ErrorCode::kNotFound, "no such file", std::string(path));
    if (offset > found->second.size() || bytes.size() > found->second.size() - offset) {
      return Error(ErrorCode::kOutOfRange, "write past the end of the file", std::string(path));
    }
    if (in_place_writes == fail_in_place_after) {
      return Error(ErrorCode::kIo, "cannot write (a failure the test asked for)",
                   std::string(path));
    }
    ++in_place_writes;
    std::copy(bytes.begin(), bytes.end(),
              found->second.begin() + static_cast<std::ptrdiff_t>(offset));
    return Ok();
  }
  // Directories are those put with CreateDirectory and those implied by a file below them.
  Result<FileStatus> Status(std::string_view path) override {
    const std::string wanted(path);
    if (auto found = files.find(wanted); found != files.end())
      return FileStatus{FileKind::kFile, found->second.size()};
    if (directories.count(wanted) != 0 || !List(path)->empty())
      return FileStatus{FileKind::kDirectory, 0};
    return FileStatus{};
  }
  Result<std::vector<std::string>> List(std::string_view directory) override {
    const std::string prefix = std::string(directory) + (directory.ends_with('/') ? "" : "/");
    std::set<std::string> names;
    for (const auto& [path, bytes] : files) {
      if (path.compare(0, prefix.size(), prefix) == 0)
        names.insert(path.substr(prefix.size(), path.find('/', prefix.size()) - prefix.size()));
    }
    for (const std::string& path : directories) {
      if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0) {
        names.insert(path.substr(prefix.size(), path.find('/', prefix.size()) - prefix.size()));
      }
    }
    return std::vector<std::string>(names.begin(), names.end());
  }
  Result<void> CreateDirectory(std::string_view path) override {
    directories.emplace(path);
    return Ok();
  }
};

}  // namespace baton::platform
