// SPDX-License-Identifier: GPL-2.0-or-later
// What the menu needs from a terminal and a clock. The real ones are ui/curses_terminal.cc (the
// only ncurses code) and the platform's monotonic clock; tests use a scripted terminal and a
// manual clock.
#pragma once

#include <cstdint>
#include <optional>

#include "platform/include/clock.h"
#include "ui/screen.h"

namespace baton::ui {

// Keys after decoding. Printable ASCII arrives as kCharacter with `character` set; control keys
// the menu uses have names. There is deliberately no Escape: a lone Esc lags on serial lines.
enum class KeyCode : std::uint8_t {
  kCharacter,
  kEnter,
  kBackspace,
  kUp,
  kDown,
  kLeft,
  kRight,
  kPageUp,
  kPageDown,
  kHome,
  kEnd,
  kTab,
  kRedraw,     // Ctrl-L
  kCancel,     // Ctrl-C
  kClearLine,  // Ctrl-U
  kResize,
};

struct Key {
  KeyCode code = KeyCode::kCharacter;
  char character = 0;
  static Key Char(char value) { return {KeyCode::kCharacter, value}; }
  static Key Named(KeyCode value) { return {value, 0}; }
  bool Is(char value) const { return code == KeyCode::kCharacter && character == value; }
};

struct Size {
  int rows = 24;
  int columns = 80;
};

class Terminal {
 public:
  virtual ~Terminal() = default;
  virtual Size CurrentSize() = 0;
  // Waits at most `timeout_ms` (negative: forever) for a key; nullopt when none came.
  virtual std::optional<Key> ReadKey(int timeout_ms) = 0;
  // Shows `screen`, sending only what differs from what the terminal shows now.
  virtual void Present(const Screen& screen) = 0;
  // The next Present repaints everything (Ctrl-L: the operator's screen may be garbled).
  virtual void InvalidateAll() = 0;
};

// The platform's clock (platform/include/clock.h).
using Clock = platform::Clock;

}  // namespace baton::ui
