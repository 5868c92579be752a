// SPDX-License-Identifier: GPL-2.0-or-later
// grub.cfg, run as grub runs it (the GRUB manual, "Shell-like scripting" and "Commands"; Red Hat's
// blscfg from rhboot/grub2): the script runs first, defining functions, variables and menu
// entries; entry bodies run afterwards, as grub runs them at boot, each in a copy of the final
// environment (so `set` after a menuentry still applies to it, and nothing an entry sets leaks).
//
// Supported: variables and expansion (unquoted expansions split into fields), `set`, `unset`,
// `if/elif/else`, `for`, `while`/`until`, `function` and calls with $1…, `return`, `[`/`test`
// (-f -d -s -e -z -n = == != < > -eq -ne -lt -le -gt -ge ! -a -o), `menuentry` (title, --id,
// --class and other options, extra arguments as $1…), `submenu` (entries carry its title as
// their group), `source`/`.`/`configfile` (nested at most kMaxIncludeDepth deep), `search` and
// `search.fs_uuid`/`search.fs_label`/`search.file` with --set, `load_env` (-f, variable lists),
// `blscfg`, `linux`/`linux16`/`linuxefi`, `initrd`/`initrd16`/`initrdefi` (several files),
// `devicetree`; `default` by index, title, id and "a>b" paths into submenus (saved_entry and
// next_entry arrive through the script and grubenv, as in grub), `timeout` (-1: none). Harmless
// commands (insmod, echo, terminal_output, …) do nothing; unknown commands are skipped with a
// note and fail, as in grub. Limits (GrubLimits below): commands run in all, iterations of one
// loop, kGrubMaxCallDepth nested function calls, kGrubMaxExecutionDepth nested statements
// (blocks, calls and sourced files together), kMaxIncludedFiles files sourced in all; and in
// bytes, so that a hostile file cannot make work that the step limits do not see (a value doubled
// again and again, then appended in a loop): every byte expansion makes, every byte a `source`
// reads and every byte of the environment copied for a menu entry counts against one work
// budget, one word may expand to a bounded size, and the parse has a budget of commands and
// words. Past a limit the script stops, with a note; what it
// defined before stays. Together they hold any one grub.cfg to about 100 ms of CPU and 16 MiB
// (tests/integration/corpus_test.sh's hostile files, measured).
//
// The parts: grub_script.h reads the syntax, grub_interpreter.h runs it, grub_commands.h holds
// the commands, grub_menu.h turns the menu into options. Other modules include only this header.
#pragma once

#include <cstdint>
#include <string_view>

#include "bootloader/config/config.h"

namespace baton::config {

inline constexpr int kGrubMaxCallDepth = 32;
inline constexpr int kGrubMaxExecutionDepth = 128;

// The limits of one run, for the script and again for its menu's entries. The largest real
// configurations (dozens of kernels, os-prober's entries, Fedora's blscfg) use a few thousand
// steps and commands and a few hundred KiB of expansion; these leave a wide margin.
struct GrubLimits {
  std::uint64_t steps = 30000;                  // commands run
  std::uint64_t loop = 10000;                   // iterations of one loop
  std::uint64_t work = std::uint64_t{1} << 20;  // bytes expanded, sourced or copied in all
  std::uint64_t value = 64u << 10;              // bytes one word may expand to
  std::uint64_t commands = 10000;               // commands parsed in all (the syntax tree)
  std::uint64_t words = 30000;                  // words parsed in all
};

// Runs the grub.cfg at `path` (on the device that holds it) whose text is `text`.
ConfigResult ParseGrub(ConfigFiles& files, std::string_view path, std::string_view text);
// The same within other limits (the fuzz target's are smaller: the same code, reached sooner).
ConfigResult ParseGrubWithin(ConfigFiles& files, std::string_view path, std::string_view text,
                             const GrubLimits& limits);

}  // namespace baton::config
