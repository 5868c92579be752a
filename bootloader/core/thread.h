// SPDX-License-Identifier: GPL-2.0-or-later
// A second thread that may fail to start, said as a value instead of an exception.
//
// std::thread throws when the system cannot make a thread (EAGAIN: out of threads or memory);
// baton has no exceptions, and a boot must not stop because a helper thread could not be made.
// Callers that use one (the replay, the measurement of the next kernel) do the work on their
// own thread when Start gives nothing.
#pragma once

#include <functional>
#include <memory>

namespace baton {

class HelperThread {
 public:
  // Starts `work` on a new thread; nullptr when no thread can be made.
  static std::unique_ptr<HelperThread> Start(std::function<void()> work);
  // Joins (a helper is always joined: its work may reference the caller's stack).
  ~HelperThread();
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;

 private:
  struct State;
  explicit HelperThread(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Runs `here` on this thread and `beside` on a helper at the same time, and returns when both
// have; with no helper, runs `here` and then `beside`. Neither may wait for the other.
void RunSideBySide(const std::function<void()>& here, std::function<void()> beside);

}  // namespace baton
