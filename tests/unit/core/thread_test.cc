// SPDX-License-Identifier: GPL-2.0-or-later
// HelperThread and RunSideBySide: the work runs, on another thread, and is joined.
#include <pthread.h>

#include <atomic>

#include "bootloader/core/thread.h"

#include "tests/unit/harness.h"

using namespace baton;

TEST_GROUP(HelperThread){};

TEST(HelperThread, RunsTheWorkOnAnotherThreadAndJoins) {
  const pthread_t caller = ::pthread_self();
  std::atomic<bool> ran{false};
  bool elsewhere = false;
  {
    auto helper = HelperThread::Start([&] {
      elsewhere = ::pthread_equal(::pthread_self(), caller) == 0;
      ran.store(true);
    });
    CHECK(helper != nullptr);
  }  // joined here
  CHECK(ran.load());
  CHECK(elsewhere);
}

TEST(HelperThread, SideBySideRunsBoth) {
  int here = 0;
  int beside = 0;
  RunSideBySide([&] { here = 1; }, [&] { beside = 2; });
  LONGS_EQUAL(1, here);
  LONGS_EQUAL(2, beside);
}
