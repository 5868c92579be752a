// SPDX-License-Identifier: GPL-2.0-or-later
// baton: the one composition root. It alone chooses the platform parts (the only file that
// includes platform/linux and platform/sim), builds one Platform from the command line's
// --root, --disks and --tcti, and hands it to the subcommand.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "bootloader/cli/args.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/log.h"
#include "platform/include/machine_paths.h"
#include "platform/include/platform.h"
#include "platform/linux/block_devices.h"
#include "platform/linux/directory_devices.h"
#include "platform/linux/linux_kexec.h"
#include "platform/linux/monotonic_clock.h"
#include "platform/linux/posix_file_system.h"
#include "platform/linux/tss_tpm.h"
#include "platform/sim/recording_kexec.h"

namespace baton::ui {

// Builds without ui/curses_terminal.cc (no ncurses) link this instead.
__attribute__((weak)) Result<std::unique_ptr<Terminal>> OpenConsole(LineDrawing) {
  return Error(ErrorCode::kUnsupported, "this build of baton has no ncurses console");
}

}  // namespace baton::ui

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
    "  verify   check an image's signature (appended, as sign-file writes it, or detached CMS)\n"
    "  config   the settings in the NVRAM, as petitboot keeps them (show, get, set)\n"
    "\n"
    "Run 'baton COMMAND --help' for a command's options.\n"
    "Exit status: 0 success or yes, 1 a clear no, 2 usage error or unreadable input.\n"
    "Environment: BATON_DEBUG=1 also logs debug lines (kexec load: the time of each step).\n";

// The value of the last --NAME VALUE or --NAME=VALUE on the command line (each subcommand
// parses and checks its own options; these three choose the platform for all of them).
std::optional<std::string> LastOption(int argc, char** argv, std::string_view name) {
  std::optional<std::string> value;
  for (int i = 2; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word.size() < 2 + name.size() || word.substr(0, 2) != "--" ||
        word.substr(2, name.size()) != name)
      continue;
    std::string_view rest = word.substr(2 + name.size());
    if (rest.empty() && i + 1 < argc)
      value = argv[i + 1];
    else if (!rest.empty() && rest.front() == '=')
      value = std::string(rest.substr(1));
  }
  return value;
}

// A real machine ("/", the kernel's kexec, block devices) or, with --root DIR, the simulated
// machine in DIR (kexec recorded under DIR/plan, never a reboot; the disks in DIR/disks). --disks
// DIR (discover) reads a bare folder of disks instead of the machine's devices.
baton::platform::Platform Compose(int argc, char** argv) {
  using namespace baton::platform;
  PlatformParts parts;
  const std::optional<std::string> root = LastOption(argc, argv, "root");
  const std::optional<std::string> disks = LastOption(argc, argv, "disks");
  parts.kind = root ? MachineKind::kSimulated : MachineKind::kReal;
  parts.root = root.value_or("");
  parts.machine = std::make_unique<PosixFileSystem>(parts.root);
  parts.files = std::make_unique<PosixFileSystem>("");
  if (root) {
    parts.kexec = std::make_unique<RecordingKexec>(*parts.machine, kSimulatedPlanDirectory);
    parts.page_size = 65536;
  } else {
    parts.kexec = std::make_unique<LinuxKexec>("");
    parts.page_size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  }
  const std::string tcti = ChooseTcti(LastOption(argc, argv, "tcti").value_or(""));
  parts.tpm_name = tcti.empty() ? "the device" : tcti;
  parts.open_tpm = [tcti]() -> baton::Result<std::unique_ptr<Tpm>> {
    return std::unique_ptr<Tpm>(BATON_TRY(TssTpm::Open(tcti)));
  };
  parts.clock = std::make_unique<MonotonicClock>();
  if (disks)
    parts.device_sources.push_back(std::make_unique<DirectoryDeviceSource>(*disks));
  else if (root)
    parts.device_sources.push_back(
        std::make_unique<DirectoryDeviceSource>(*root + kSimulatedDisksDirectory));
  else
    parts.device_sources.push_back(std::make_unique<BlockDeviceSource>(kMountWorkDirectory));
  return Platform(std::move(parts));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return baton::cli::kExitUsage;
  }
  if (const char* debug = std::getenv("BATON_DEBUG");
      debug != nullptr && std::strcmp(debug, "1") == 0) {
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
  baton::platform::Platform platform = Compose(argc, argv);
  using namespace baton::cli;
  if (command == "ima") return RunImaCommand(platform, argc, argv);
  if (command == "dtb") return RunDtbCommand(platform, argc, argv);
  if (command == "kexec") return RunKexecCommand(platform, argc, argv);
  if (command == "pcr") return RunPcrCommand(platform, argc, argv);
  if (command == "eventlog") return RunEventLogCommand(platform, argc, argv);
  if (command == "attest") return RunAttestCommand(platform, argc, argv);
  if (command == "discover") return RunDiscoverCommand(platform, argc, argv);
  if (command == "menu") return RunMenuCommand(platform, baton::ui::OpenConsole, argc, argv);
  if (command == "boot") return RunBootCommand(platform, argc, argv);
  if (command == "verify") return RunVerifyCommand(platform, argc, argv);
  if (command == "config") return RunConfigCommand(platform, argc, argv);
  std::fprintf(stderr, "baton: unknown command '%s' (see 'baton --help')\n", argv[1]);
  return baton::cli::kExitUsage;
}
