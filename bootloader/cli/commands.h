// SPDX-License-Identifier: GPL-2.0-or-later
// baton's subcommands. Each takes argv from its own name on and returns an exit status:
// 0 success or "yes", 1 a clear "no", 2 usage errors or unreadable input.
#pragma once

namespace baton::cli {

int RunImaCommand(int argc, char** argv);
int RunDtbCommand(int argc, char** argv);
int RunKexecCommand(int argc, char** argv);
int RunPcrCommand(int argc, char** argv);
int RunImaVerify(int argc, char** argv);  // `baton ima verify`
int RunEventLogCommand(int argc, char** argv);
int RunAttestCommand(int argc, char** argv);
int RunDiscoverCommand(int argc, char** argv);
int RunMenuCommand(int argc, char** argv);  // `baton menu`
int RunBootCommand(int argc, char** argv);  // `baton boot`

}  // namespace baton::cli
