// SPDX-License-Identifier: GPL-2.0-or-later
// A clock that a test sets by hand (the menu's countdown, step times).
#pragma once

#include <cstdint>

#include "platform/include/clock.h"

namespace baton::platform {

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::uint64_t start = 0) : now(start) {}
  std::uint64_t NowMilliseconds() override { return now; }
  std::uint64_t now;
};

}  // namespace baton::platform
