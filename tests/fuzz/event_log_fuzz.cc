// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: the firmware's TCG event log (from securityfs or the region at linux,sml-base).
#include <cstddef>
#include <cstdint>

#include "bootloader/tpm/event_log.h"
#include "bootloader/tpm/event_replay.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  auto log = tpm::ParseEventLog(Bytes(reinterpret_cast<const std::byte*>(data), size));
  if (log) (void)tpm::ReplayEventLog(*log);
  return 0;
}
