// SPDX-License-Identifier: GPL-2.0-or-later
// HelperThread on pthreads (pthread_create reports failure as a value).
#include "bootloader/core/thread.h"

#include <pthread.h>

#include <utility>

namespace baton {

struct HelperThread::State {
  std::function<void()> work;
  pthread_t thread{};
};

namespace {

void* RunWork(void* argument) {
  static_cast<std::function<void()>*>(argument)->operator()();
  return nullptr;
}

}  // namespace

HelperThread::HelperThread(std::unique_ptr<State> state) : state_(std::move(state)) {}

std::unique_ptr<HelperThread> HelperThread::Start(std::function<void()> work) {
  auto state = std::make_unique<State>();
  state->work = std::move(work);
  if (::pthread_create(&state->thread, nullptr, RunWork, &state->work) != 0) return nullptr;
  return std::unique_ptr<HelperThread>(new HelperThread(std::move(state)));
}

HelperThread::~HelperThread() { ::pthread_join(state_->thread, nullptr); }

void RunSideBySide(const std::function<void()>& here, std::function<void()> beside) {
  std::unique_ptr<HelperThread> helper = HelperThread::Start(beside);
  here();
  if (!helper) beside();
}

}  // namespace baton
