// SPDX-License-Identifier: GPL-2.0-or-later
// An in-memory device for discovery and parser tests (and the fuzz targets): files are a map from
// absolute path to content, directories are implied by the paths below them. Like a real device,
// a path that climbs above the root is refused with kPermission (the same normalization as
// config's paths, bootloader/config/paths.h).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bootloader/config/paths.h"
#include "platform/include/devices.h"

namespace baton::testing {

class MemoryDevice final : public platform::DeviceFiles {
 public:
  MemoryDevice& File(const std::string& path, std::string content) {
    files_[path] = std::move(content);
    return *this;
  }

  Result<ByteBuffer> ReadFile(std::string_view path, std::uint64_t max_size) override {
    std::string normalized = BATON_TRY(config::NormalizeDevicePath(path));
    auto found = files_.find(normalized);
    if (found == files_.end()) return Error(ErrorCode::kNotFound, "no such file", normalized);
    if (found->second.size() > max_size) return Error(ErrorCode::kTooLarge, "file too large");
    Bytes bytes = AsBytes(found->second);
    return ByteBuffer(bytes.begin(), bytes.end());
  }

  Result<platform::FileStatus> Status(std::string_view path) override {
    std::string normalized = BATON_TRY(config::NormalizeDevicePath(path));
    auto found = files_.find(normalized);
    if (found != files_.end())
      return platform::FileStatus{platform::FileKind::kFile, found->second.size()};
    std::string prefix = normalized == "/" ? "/" : normalized + "/";
    for (const auto& entry : files_) {
      if (entry.first.compare(0, prefix.size(), prefix) == 0) {
        return platform::FileStatus{platform::FileKind::kDirectory, 0};
      }
    }
    return platform::FileStatus{};
  }

  Result<std::vector<std::string>> List(std::string_view directory) override {
    std::string normalized = BATON_TRY(config::NormalizeDevicePath(directory));
    std::string prefix = normalized == "/" ? "/" : normalized + "/";
    std::vector<std::string> names;
    for (const auto& entry : files_) {
      if (entry.first.compare(0, prefix.size(), prefix) != 0) continue;
      std::string rest = entry.first.substr(prefix.size());
      std::string name = rest.substr(0, rest.find('/'));
      if (names.empty() || names.back() != name) names.push_back(name);
    }
    if (names.empty()) return Error(ErrorCode::kNotFound, "no such directory", normalized);
    return names;
  }

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace baton::testing
