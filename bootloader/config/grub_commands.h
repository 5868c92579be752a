// SPDX-License-Identifier: GPL-2.0-or-later
// grub's commands: one small function each, all with the same signature, and the table that
// names them, as grub registers its commands by name (grub_register_command, kern/command.c)
// and the script looks a name up in them (grub_script_execute_cmdline, script/execute.c).
//
// A new command is one function and one row of the table in grub_commands.cc. The table owns
// nothing but names: a command works on the interpreter it is given (variables, the files, the
// notes) and, through it, on the menu being built (blscfg adds items; linux, initrd and
// devicetree fill the entry whose body runs).
//
// Must not include: any platform header; commands reach files only through ConfigFiles.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton::config {

class GrubInterpreter;

// Runs the command line `argv` (argv[0] is the command's name) at `line` of the file running
// now; returns the exit status ($?: 0 is success, as grub_err_t's GRUB_ERR_NONE).
using GrubCommandFunction = int (*)(GrubInterpreter& shell, const std::vector<std::string>& argv,
                                    std::uint64_t line);

// kPrefix: a name is a prefix, for a family of commands ("search." for search.*).
enum class GrubNameMatch : std::uint8_t { kExact, kPrefix };

// Whether a function the script defines with the command's name runs instead (kAfterFunctions:
// the commands baton does nothing for) or not (kBeforeFunctions).
enum class GrubPrecedence : std::uint8_t { kBeforeFunctions, kAfterFunctions };

struct GrubCommand {
  std::string_view names;  // the command and its aliases, separated by spaces ("linux linux16")
  GrubCommandFunction run = nullptr;
  GrubNameMatch match = GrubNameMatch::kExact;
  GrubPrecedence precedence = GrubPrecedence::kBeforeFunctions;
};

// The first row of the table that names `name`, or nullptr for a command baton does not know.
const GrubCommand* FindGrubCommand(std::string_view name);

}  // namespace baton::config
