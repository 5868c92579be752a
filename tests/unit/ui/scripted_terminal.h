// SPDX-License-Identifier: GPL-2.0-or-later
// A terminal for the menu's unit tests: keys from a script, screens kept as presented.
#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "platform/fake/manual_clock.h"
#include "ui/terminal.h"

namespace baton::ui::testing {

// Keys from a script; an empty script answers "no key" and advances the clock by the timeout.
// A kResize key takes the next size from `resizes` first, as ncurses resizes before it answers
// KEY_RESIZE.
class ScriptedTerminal final : public Terminal {
 public:
  explicit ScriptedTerminal(platform::ManualClock& clock) : clock_(clock) {}
  Size CurrentSize() override { return size; }
  std::optional<Key> ReadKey(int timeout_ms) override {
    if (script.empty()) {
      if (timeout_ms < 0) return Key::Char('x');  // the script is over: leave the menu
      clock_.now += static_cast<std::uint64_t>(timeout_ms);
      return std::nullopt;
    }
    Key key = script.front();
    script.pop_front();
    if (key.code == KeyCode::kResize && !resizes.empty()) {
      size = resizes.front();
      resizes.pop_front();
    }
    return key;
  }
  void Present(const Screen& screen) override { shown.push_back(screen); }
  void InvalidateAll() override { ++invalidations; }
  std::deque<Key> script;
  std::deque<Size> resizes;
  Size size{24, 80};
  std::vector<Screen> shown;
  int invalidations = 0;

 private:
  platform::ManualClock& clock_;
};

}  // namespace baton::ui::testing
