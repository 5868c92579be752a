// SPDX-License-Identifier: GPL-2.0-or-later
// `baton discover`: every device and boot option found on a simulated root or on this machine.
#include <cstdio>
#include <memory>
#include <string>

#include "bootloader/cli/args.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/text.h"
#include "bootloader/discover/discovery.h"
#include "bootloader/discover/report_json.h"

namespace baton::cli {
namespace {

constexpr const char kDiscoverHelp[] =
    "usage: baton discover [--root DIR | --disks DIR] [--json]\n"
    "\n"
    "Finds boot options: grub2 (with its scripting and blscfg), Boot Loader Specification\n"
    "entries, syslinux/extlinux/isolinux, yaboot, kboot and baton.conf, in the places each\n"
    "bootloader looks (docs/discover.md).\n"
    "\n"
    "  --root DIR   a simulated machine, as for baton menu and boot: its disks are DIR/disks.\n"
    "  --disks DIR  a folder of disks: every DIR/<device-id>/ is one device's file system,\n"
    "               DIR/devices.json gives their uuid, label, fstype and priority.\n"
    "               Without either: this machine's block devices, probed with libblkid and\n"
    "               mounted read-only under a private directory (needs root).\n"
    "  --json      one JSON document: {\"devices\": [...], \"options\": [...]}.\n"
    "\n"
    "What a configuration holds that baton skips (unknown commands, syntax errors) is listed\n"
    "on standard error. Exit status: 0 success, 2 usage error or unreadable input.\n";

std::string DescribeResource(const discover::BootResource& resource) {
  std::string text =
      resource.resolved ? resource.device : "(" + resource.unresolved + ", not present)";
  text += ":";
  AppendEscaped(text, resource.path);
  return text;
}

std::string TextReport(const discover::Report& report) {
  std::string out = "devices:\n";
  for (const platform::DeviceIdentity& device : report.devices) {
    out += "  " + device.id;
    if (!device.uuid.empty()) out += "  uuid=" + device.uuid;
    if (!device.label.empty()) out += "  label=" + device.label;
    if (!device.fstype.empty()) out += "  " + device.fstype;
    out += '\n';
  }
  out += "options:\n";
  for (const discover::BootOption& option : report.options) {
    out += option.is_default ? "* " : "  ";
    AppendEscaped(out, option.config.group ? *option.config.group + " > " + option.config.name
                                           : option.config.name);
    out += "  [" + option.parser + " on " + option.device + ", ";
    AppendEscaped(out, option.config.source.file);
    out += ":" + std::to_string(option.config.source.line) + "]\n";
    out += "      kernel " + DescribeResource(option.kernel) + "\n";
    for (const discover::BootResource& initrd : option.initrds) {
      out += "      initrd " + DescribeResource(initrd) + "\n";
    }
    if (option.dtb) out += "      dtb    " + DescribeResource(*option.dtb) + "\n";
    out += "      args   ";
    AppendEscaped(out, option.config.args);
    out += '\n';
  }
  if (!report.default_option) {
    out += "no default: nothing boots by itself\n";
  } else if (report.timeout_seconds) {
    out += "autoboot after " + std::to_string(*report.timeout_seconds) + " s\n";
  } else {
    out += "no autoboot timeout: waits for the operator\n";
  }
  return out;
}

}  // namespace

int RunDiscoverCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc >= 3 && (std::string(argv[2]) == "--help" || std::string(argv[2]) == "-h")) {
    std::fputs(kDiscoverHelp, stdout);
    return kExitYes;
  }
  Result<Args> args =
      Args::Parse(argc, argv, 2, {{"root", true}, {"disks", true}, {"json", false}});
  if (!args) return InputError("discover", args.error());
  if (!args->positionals().empty()) return UsageError("discover", "discover takes no FILE");
  if (args->Has("root") && args->Has("disks"))
    return UsageError("discover", "--root and --disks exclude each other");
  // The platform's devices: the machine's, the simulated machine's (--root) or a folder of disks
  // (--disks), as main composed it.
  Result<std::vector<platform::Device>> devices = platform.ProbeDevices();
  if (!devices) return InputError("discover", devices.error());
  discover::Discovery discovery;
  for (platform::Device& device : *devices) discovery.AddDevice(device.identity, *device.files);
  discover::Report report = discovery.Resolve();
  for (const std::string& note : report.notes) {
    std::string line;
    AppendEscaped(line, note);
    std::fprintf(stderr, "baton discover: note: %s\n", line.c_str());
  }
  WriteOut(args->Has("json") ? discover::ReportJson(report) + "\n" : TextReport(report));
  return kExitYes;
}

}  // namespace baton::cli
