// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: grub environment blocks, read (ParseGrubEnv) and edited as a boot's save_env edits
// them (SetGrubEnv: set empty, set long, remove): an edit that succeeds keeps the block's size
// and its signature, and its result reads again.
#include <cstdlib>

#include "bootloader/config/grubenv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view block(reinterpret_cast<const char*>(data), size);
  (void)baton::config::ParseGrubEnv(block);
  const std::optional<std::string_view> values[] = {std::string_view(),
                                                    std::string_view("a\\b\nc=d"), std::nullopt};
  for (const std::optional<std::string_view>& value : values) {
    baton::Result<std::string> edited = baton::config::SetGrubEnv(block, "next_entry", value);
    if (!edited) continue;
    if (edited->size() != block.size() || !edited->starts_with(baton::config::kGrubEnvSignature)) {
      std::abort();
    }
    (void)baton::config::ParseGrubEnv(*edited);
  }
  return 0;
}
