// SPDX-License-Identifier: GPL-2.0-or-later
// baton's subcommands. Each takes the platform main composed and argv from its own name on, and
// returns an exit status: 0 success or "yes", 1 a clear "no", 2 usage errors or unreadable input.
// None constructs a platform part: what it touches of the world comes through the Platform, so
// each runs on fakes in a unit test (tests/unit/cli).
#pragma once

#include <functional>
#include <memory>

#include "bootloader/core/result.h"
#include "platform/include/platform.h"
#include "ui/console.h"

namespace baton::cli {

int RunImaCommand(platform::Platform& platform, int argc, char** argv);
int RunDtbCommand(platform::Platform& platform, int argc, char** argv);
int RunKexecCommand(platform::Platform& platform, int argc, char** argv);
int RunPcrCommand(platform::Platform& platform, int argc, char** argv);
int RunImaVerify(platform::Platform& platform, int argc, char** argv);  // `baton ima verify`
int RunEventLogCommand(platform::Platform& platform, int argc, char** argv);
int RunAttestCommand(platform::Platform& platform, int argc, char** argv);
int RunAttestQuote(platform::Platform& platform, int argc, char** argv);  // `attest quote`
int RunDiscoverCommand(platform::Platform& platform, int argc, char** argv);
int RunVerifyCommand(platform::Platform& platform, int argc, char** argv);  // `baton verify`
int RunConfigCommand(platform::Platform& platform, int argc, char** argv);  // `baton config`

// The console is the UI's adapter (ui/curses_terminal.cc), which main passes beside the
// Platform: platform/ knows nothing of the UI's screens.
using ConsoleOpener = std::function<Result<std::unique_ptr<ui::Terminal>>(ui::LineDrawing)>;
int RunMenuCommand(platform::Platform& platform, const ConsoleOpener& console, int argc,
                   char** argv);
int RunBootCommand(platform::Platform& platform, int argc, char** argv);  // `baton boot`

}  // namespace baton::cli
