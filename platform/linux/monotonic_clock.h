// SPDX-License-Identifier: GPL-2.0-or-later
// Clock on CLOCK_MONOTONIC.
#pragma once

#include <time.h>

#include "platform/include/clock.h"

namespace baton::platform {

class MonotonicClock final : public Clock {
 public:
  std::uint64_t NowMilliseconds() override {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::uint64_t>(now.tv_sec) * 1000 +
           static_cast<std::uint64_t>(now.tv_nsec) / 1000000;
  }
};

}  // namespace baton::platform
