// SPDX-License-Identifier: GPL-2.0-or-later
// Reading /proc/device-tree.
#include "platform/linux/live_tree.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "platform/linux/posix_file_system.h"

namespace baton::platform {
namespace {

struct Budget {
  std::uint64_t nodes = 0;
  std::uint64_t bytes = 0;
};

constexpr std::uint32_t kMaxDepth = 64;
constexpr std::uint64_t kMaxNodes = 100000;
constexpr std::uint64_t kMaxBytes = 64u << 20;

Result<devicetree::LiveNode> ReadNode(const std::string& path, std::string name, std::uint32_t depth,
                                      Budget& budget) {
  if (depth > kMaxDepth) return Error(ErrorCode::kTooLarge, "device tree is nested too deep").WithContext(path);
  if (++budget.nodes > kMaxNodes) return Error(ErrorCode::kTooLarge, "device tree has too many nodes").WithContext(path);
  devicetree::LiveNode node;
  node.name = std::move(name);
  DIR* directory = ::opendir(path.c_str());
  if (directory == nullptr) {
    return Error(ErrorCode::kIo, "cannot read the device tree directory", std::strerror(errno)).WithContext(path);
  }
  std::vector<std::string> entries;
  while (dirent* entry = ::readdir(directory)) {
    std::string entry_name = entry->d_name;
    if (entry_name != "." && entry_name != "..") entries.push_back(entry_name);
  }
  ::closedir(directory);
  std::sort(entries.begin(), entries.end());
  PosixFileSystem files("");
  for (const std::string& entry : entries) {
    const std::string child = path + "/" + entry;
    struct stat status {};
    if (::lstat(child.c_str(), &status) != 0) continue;
    if (S_ISDIR(status.st_mode)) {
      node.children.push_back(BATON_TRY(ReadNode(child, entry, depth + 1, budget)));
    } else if (S_ISREG(status.st_mode)) {
      ByteBuffer value = BATON_TRY(files.ReadFile(child, kMaxBytes - budget.bytes));
      budget.bytes += value.size();
      node.properties.emplace_back(entry, std::move(value));
    }
  }
  return node;
}

}  // namespace

Result<devicetree::LiveNode> ReadLiveTree(const std::string& directory) {
  Budget budget;
  return ReadNode(directory, "", 0, budget);
}

}  // namespace baton::platform
