// SPDX-License-Identifier: GPL-2.0-or-later
// Reading /proc/device-tree.
#include "bootloader/devicetree/live_tree.h"

#include <string>

namespace baton::devicetree {
namespace {

struct Budget {
  std::uint64_t nodes = 0;
  std::uint64_t bytes = 0;
};

constexpr std::uint32_t kMaxDepth = 64;
constexpr std::uint64_t kMaxNodes = 100000;
constexpr std::uint64_t kMaxBytes = 64u << 20;

Result<LiveNode> ReadNode(platform::FileSystem& files, const std::string& path, std::string name,
                          std::uint32_t depth, Budget& budget) {
  if (depth > kMaxDepth)
    return Error(ErrorCode::kTooLarge, "device tree is nested too deep").WithContext(path);
  if (++budget.nodes > kMaxNodes)
    return Error(ErrorCode::kTooLarge, "device tree has too many nodes").WithContext(path);
  LiveNode node;
  node.name = std::move(name);
  Result<std::vector<std::string>> entries = files.List(path);
  if (!entries)
    return Error(ErrorCode::kIo, "cannot read the device tree directory",
                 entries.error().ToString())
        .WithContext(path);
  for (const std::string& entry : *entries) {
    const std::string child = path + "/" + entry;
    Result<platform::FileStatus> status = files.Status(child);
    if (!status) continue;
    if (status->kind == platform::FileKind::kDirectory) {
      node.children.push_back(BATON_TRY(ReadNode(files, child, entry, depth + 1, budget)));
    } else if (status->kind == platform::FileKind::kFile) {
      ByteBuffer value = BATON_TRY(files.ReadFile(child, kMaxBytes - budget.bytes));
      budget.bytes += value.size();
      node.properties.emplace_back(entry, std::move(value));
    }
  }
  return node;
}

}  // namespace

Result<LiveNode> ReadLiveTree(platform::FileSystem& files, std::string_view directory) {
  Budget budget;
  return ReadNode(files, std::string(directory), "", 0, budget);
}

}  // namespace baton::devicetree
