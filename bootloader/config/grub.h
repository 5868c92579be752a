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
// note and fail, as in grub. Limits: kGrubMaxSteps commands in all, kGrubMaxLoop iterations of
// one loop, kGrubMaxCallDepth nested function calls, kGrubMaxExecutionDepth nested statements
// (blocks, calls and sourced files together), kMaxIncludedFiles files sourced in all.
//
// The parts: grub_script.h reads the syntax, grub_interpreter.h runs it, grub_commands.h holds
// the commands, grub_menu.h turns the menu into options. Other modules include only this header.
#pragma once

#include <cstdint>
#include <string_view>

#include "bootloader/config/config.h"

namespace baton::config {

inline constexpr std::uint64_t kGrubMaxSteps = 200000;
inline constexpr std::uint64_t kGrubMaxLoop = 10000;
inline constexpr int kGrubMaxCallDepth = 32;
inline constexpr int kGrubMaxExecutionDepth = 128;

// Runs the grub.cfg at `path` (on the device that holds it) whose text is `text`.
ConfigResult ParseGrub(ConfigFiles& files, std::string_view path, std::string_view text);

}  // namespace baton::config
