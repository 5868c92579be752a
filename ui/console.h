// SPDX-License-Identifier: GPL-2.0-or-later
// The console terminal: ncurses on the process's standard input and output, in
// ui/curses_terminal.cc, the only file that includes ncurses. Builds without ncurses (the
// ppc64le firmware build until its sysroot carries libncurses) get an error in words instead.
#pragma once

#include <memory>

#include "bootloader/core/result.h"
#include "ui/terminal.h"

namespace baton::ui {

enum class LineDrawing : std::uint8_t { kTerminal, kAscii };

// Takes over the terminal until the returned object is destroyed (which restores it).
// Errors: kUnsupported when this build has no ncurses, kIo when the terminal cannot be set up.
Result<std::unique_ptr<Terminal>> OpenConsole(LineDrawing drawing);

}  // namespace baton::ui
