// SPDX-License-Identifier: GPL-2.0-or-later
// Small helpers shared by the subcommands: messages, exit statuses, writing to standard output.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "bootloader/cli/args.h"
#include "bootloader/core/result.h"
#include "bootloader/devicetree/tree.h"

namespace baton::cli {

// "baton COMMAND: message" then a pointer to --help; exit 2.
int UsageError(const char* command, const std::string& message);
// Input that cannot be read or is malformed: exit 2. A usage error prints as one.
int InputError(const char* command, const Error& error);
// A clear "no" with its reason: exit 1.
int Refusal(const char* command, const Error& error);
void WriteOut(std::string_view text);

// "ADDR,SIZE" with numbers in decimal or 0x-hex.
std::optional<devicetree::AddressRange> ParseRange(std::string_view text);

}  // namespace baton::cli
