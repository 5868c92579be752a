// SPDX-License-Identifier: GPL-2.0-or-later
// baton: the composition root. Picks the subcommand; the only place that chooses platform parts.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "bootloader/cli/args.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/log.h"

namespace {

constexpr const char kVersion[] = "baton 0.1.0";

constexpr const char kHelp[] =
    "usage: baton COMMAND [OPTIONS]\n"
    "\n"
    "A boot environment for POWER servers that carries the Linux IMA measurement list across\n"
    "kexec.\n"
    "\n"
    "commands:\n"
    "  ima      read, write, check and replay IMA measurement lists and kexec buffers\n"
    "           (show, replay, pack, check, unpack, synth, append, verify)\n"
    "  dtb      show a device tree; build the tree handed to the next kernel\n"
    "  kexec    plan, load and execute the next kernel, carrying the IMA list\n"
    "  pcr      the TPM's PCRs in every allocated bank\n"
    "  eventlog show or replay the firmware's TCG event log\n"
    "  attest   export PCRs, lists and a summary for remote verifiers\n"
    "  discover find boot options on the disks (grub2, BLS, syslinux, yaboot, kboot, baton.conf)\n"
    "  menu     the boot menu on the console (PCR state, IMA list, boot progress)\n"
    "  boot     boot one discovered option without the menu\n"
    "\n"
    "Run 'baton COMMAND --help' for a command's options.\n"
    "Exit status: 0 success or yes, 1 a clear no, 2 usage error or unreadable input.\n"
    "Environment: BATON_DEBUG=1 also logs debug lines (kexec load: the time of each step).\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return baton::cli::kExitUsage;
  }
  if (const char* debug = std::getenv("BATON_DEBUG"); debug != nullptr && std::strcmp(debug, "1") == 0) {
    baton::SetLogLevel(baton::LogLevel::kDebug);
  }
  std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kHelp, stdout);
    return baton::cli::kExitYes;
  }
  if (command == "--version") {
    std::puts(kVersion);
    return baton::cli::kExitYes;
  }
  if (command == "ima") return baton::cli::RunImaCommand(argc, argv);
  if (command == "dtb") return baton::cli::RunDtbCommand(argc, argv);
  if (command == "kexec") return baton::cli::RunKexecCommand(argc, argv);
  if (command == "pcr") return baton::cli::RunPcrCommand(argc, argv);
  if (command == "eventlog") return baton::cli::RunEventLogCommand(argc, argv);
  if (command == "attest") return baton::cli::RunAttestCommand(argc, argv);
  if (command == "discover") return baton::cli::RunDiscoverCommand(argc, argv);
  if (command == "menu") return baton::cli::RunMenuCommand(argc, argv);
  if (command == "boot") return baton::cli::RunBootCommand(argc, argv);
  std::fprintf(stderr, "baton: unknown command '%s' (see 'baton --help')\n", argv[1]);
  return baton::cli::kExitUsage;
}
