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
#include "bootloader/verify/verified_boot.h"
#include "platform/include/file_system.h"

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

// The signed-boot policy of a boot road: verify::LoadSignedBoot's (the command line's or the
// firmware's, raised by the device tree), raised again by the machine's stored baton,signed-boot
// setting. Settings that cannot be read raise nothing (the firmware's policy stays), and say so
// in the notes: a broken NVRAM must not stop a machine that never asked for signatures.
verify::SignedBoot MachineSignedBoot(platform::FileSystem& machine,
                                     std::optional<verify::SignedBootPolicy> requested,
                                     platform::FileSystem& keys, std::string_view keys_directory);

}  // namespace baton::cli
