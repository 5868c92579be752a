// SPDX-License-Identifier: GPL-2.0-or-later
// save_env at the boot: the environment blocks written in place.
#include "bootloader/discover/env_writes.h"

#include "bootloader/config/grubenv.h"
#include "bootloader/core/text.h"

namespace baton::discover {
namespace {

// A grubenv is 1024 bytes; anything past this is not one.
constexpr std::uint64_t kMaxEnvBlock = 64u << 10;

std::string Asked(const EnvWrite& write) {
  return write.name + (write.value ? "=" + write.value->substr(0, 60) : " removed");
}

}  // namespace

std::vector<std::string> WriteEnvBlocks(const std::vector<EnvWrite>& writes, bool allowed,
                                        const FindFiles& find) {
  std::vector<std::string> lines;
  std::vector<bool> done(writes.size(), false);
  for (std::size_t first = 0; first < writes.size(); ++first) {
    if (done[first]) continue;
    const BootResource& file = writes[first].file;
    const std::string where = (file.resolved ? file.device : file.unresolved) + ":" + file.path;
    // Every request for this block, in order.
    std::vector<const EnvWrite*> mine;
    for (std::size_t i = first; i < writes.size(); ++i) {
      const BootResource& other = writes[i].file;
      if (!done[i] && other.resolved == file.resolved && other.device == file.device &&
          other.unresolved == file.unresolved && other.path == file.path) {
        mine.push_back(&writes[i]);
        done[i] = true;
      }
    }
    std::string asked;
    for (const EnvWrite* write : mine) asked += (asked.empty() ? "" : ", ") + Asked(*write);
    asked += " (save_env at " + writes[first].config_device + ":" + writes[first].source.file +
             ":" + std::to_string(writes[first].source.line) + ")";
    if (!allowed) {
      lines.push_back(where + ": not written, disk writes are off (petitboot,write?): " + asked);
      continue;
    }
    platform::DeviceFiles* files = file.resolved ? find(file.device) : nullptr;
    if (files == nullptr) {
      lines.push_back(where + ": not written, the device is not here: " + asked);
      continue;
    }
    Result<ByteBuffer> block = files->ReadFile(file.path, kMaxEnvBlock);
    if (!block) {
      lines.push_back(where + ": not written: " + block.error().ToString());
      continue;
    }
    std::string edited(AsText(*block));
    bool refused = false;
    for (const EnvWrite* write : mine) {
      Result<std::string> next = config::SetGrubEnv(
          edited, write->name,
          write->value ? std::optional<std::string_view>(*write->value) : std::nullopt);
      if (!next) {
        lines.push_back(where + ": not written: " + next.error().ToString());
        refused = true;
        break;
      }
      edited = std::move(*next);
    }
    if (refused) continue;
    if (edited == AsText(*block)) {
      lines.push_back(where + ": already as asked, not written: " + asked);
      continue;
    }
    if (Result<void> written = files->RewriteInPlace(file.path, AsBytes(edited)); !written) {
      lines.push_back(where + ": not written: " + written.error().ToString());
      continue;
    }
    lines.push_back(where + ": saved " + asked);
  }
  return lines;
}

}  // namespace baton::discover
