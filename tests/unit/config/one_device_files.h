// SPDX-License-Identifier: GPL-2.0-or-later
// The parsers' door (config::ConfigFiles) over one in-memory device (every other device is
// absent), and a helper for the notes the parsers leave. Test adapters, not fakes: the fake is
// platform/fake/memory_device.h.
#pragma once

#include <string>
#include <vector>

#include "bootloader/config/config.h"
#include "platform/fake/memory_device.h"

namespace baton::testing {

// Whether any note contains `text`.
inline bool HasNote(const std::vector<std::string>& notes, const std::string& text) {
  for (const std::string& note : notes) {
    if (note.find(text) != std::string::npos) return true;
  }
  return false;
}

// The parsers' door over one in-memory device (every other device is absent).
class OneDeviceFiles final : public config::ConfigFiles {
 public:
  explicit OneDeviceFiles(MemoryDevice& device) : device_(device) {}

  Result<ByteBuffer> Read(const config::DeviceReference& device, std::string_view path) override {
    if (!Mine(device)) return Error(ErrorCode::kNotFound, "device absent");
    return device_.ReadFile(path, config::kMaxConfigSize);
  }
  config::FileKind Kind(const config::DeviceReference& device, std::string_view path,
                        std::uint64_t* size) override {
    if (!Mine(device)) return config::FileKind::kMissing;
    auto status = device_.Status(path);
    if (!status) return config::FileKind::kMissing;
    if (size != nullptr) *size = status->size;
    return status->kind == platform::FileKind::kFile        ? config::FileKind::kFile
           : status->kind == platform::FileKind::kDirectory ? config::FileKind::kDirectory
                                                            : config::FileKind::kMissing;
  }
  std::vector<std::string> List(const config::DeviceReference& device,
                                std::string_view directory) override {
    if (!Mine(device)) return {};
    auto names = device_.List(directory);
    return names ? *names : std::vector<std::string>{};
  }
  std::optional<std::string> FindFile(std::string_view path) override {
    auto status = device_.Status(path);
    if (status && status->kind == platform::FileKind::kFile) return std::string("memory");
    return std::nullopt;
  }
  std::optional<std::string> FindDevice(const config::DeviceReference& device) override {
    if (Mine(device)) return std::string("memory");
    return std::nullopt;
  }

 private:
  // The configuration's own device; a partition of its disk is that device too, as a device
  // whose id names no partition ("memory") has no other partitions.
  static bool Mine(const config::DeviceReference& device) {
    return device.match == config::DeviceMatch::kSame ||
           device.match == config::DeviceMatch::kPartition;
  }

  MemoryDevice& device_;
};

}  // namespace baton::testing
