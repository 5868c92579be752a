// SPDX-License-Identifier: GPL-2.0-or-later
// A monotonic clock in milliseconds: the menu's countdown and the boot's step times. The real one
// is platform/linux/monotonic_clock.h; tests use a clock they set by hand.
#pragma once

#include <cstdint>

namespace baton::platform {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::uint64_t NowMilliseconds() = 0;  // monotonic; only differences mean anything
};

}  // namespace baton::platform
