// SPDX-License-Identifier: GPL-2.0-or-later
// `baton dtb`: show a device tree, and build the tree handed to the next kernel.
#include <cstring>
#include <string>

#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/json.h"
#include "bootloader/core/text.h"
#include "bootloader/devicetree/handover.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/kexec/base_tree.h"
#include "bootloader/kexec/memory_map.h"
#include "platform/include/machine_paths.h"

namespace baton::cli {
namespace {

constexpr std::uint64_t kMaxTreeFile = 64u << 20;

constexpr const char kDtbHelp[] =
    "usage: baton dtb COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  show TREE.dtb [--json]\n"
    "      /chosen properties, memory reservations, RAM and reserved ranges.\n"
    "  handover BASE.dtb -o NEXT.dtb [--bootargs S] [--initrd ADDR,SIZE]\n"
    "           [--ima-region ADDR,SIZE] [--console PATH] [--tree-address ADDR] [--page-size N]\n"
    "      The tree for the next kernel: stale IMA buffer, initrd, crash and seed properties\n"
    "      and their reservations removed; bootargs, initrd, linux,ima-kexec-buffer (root\n"
    "      cells) with its exactly matching memreserve, linux,booted-from-kexec and\n"
    "      stdout-path written. With --tree-address the tree also reserves itself there.\n"
    "  flatten [DIR] -o OUT.dtb [--root DIR]\n"
    "      The tree of a directory (default: the running kernel's live /proc/device-tree under\n"
    "      --root), with the firmware's reservations (RTAS, OPAL, TCE, TPM event log) added.\n"
    "\n"
    "Every tree passes baton's own structural validation before libfdt reads it.\n"
    "Exit status: 0 success, 1 refused, 2 usage error or unreadable input.\n";

// A property value as text when it is a printable string list, else as hex cells.
std::string Describe(Bytes value) {
  if (value.empty()) return "(empty)";
  std::string_view text = AsText(value);
  bool printable = text.back() == '\0' && text.front() != '\0';
  for (char c : text.substr(0, text.size() - 1)) {
    auto u = static_cast<unsigned char>(c);
    printable = printable && (u == 0 || (u >= 0x20 && u < 0x7f));
  }
  if (printable) {
    std::string out = "\"";
    for (char c : text.substr(0, text.size() - 1))
      out += c == '\0' ? std::string("\", \"") : std::string(1, c);
    return out + "\"";
  }
  if (value.size() % 4 == 0) {
    std::string out = "<";
    for (std::size_t at = 0; at < value.size(); at += 4) {
      if (at) out += ' ';
      out += HexNumber(LoadUnsigned<std::uint32_t>(value.data() + at, ByteOrder::kBig));
    }
    return out + ">";
  }
  return "[" + ToHex(value) + "]";
}

// {"address": "0x…", "size": "0x…"}
void RangeJson(JsonWriter& json, const devicetree::AddressRange& range) {
  json.BeginObject()
      .Key("address")
      .String(HexNumber(range.address))
      .Key("size")
      .String(HexNumber(range.size))
      .EndObject();
}

Result<devicetree::DeviceTree> ReadTree(platform::Platform& platform, const std::string& path) {
  platform::FileSystem& files = platform.files();
  ByteBuffer blob = BATON_TRY(files.ReadFile(path, kMaxTreeFile));
  return devicetree::DeviceTree::Load(blob, path);
}

int Show(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3, {{"json", false}});
  if (!args) return InputError("dtb", args.error());
  if (args->positionals().size() != 1) return UsageError("dtb", "show takes one TREE.dtb");
  const std::string& path = args->positionals()[0];
  auto tree = ReadTree(platform, path);
  if (!tree) return InputError("dtb", tree.error());
  auto map = kexec::ReadMemoryMap(*tree, NativeByteOrder());
  if (args->Has("json")) {
    JsonWriter json;
    json.BeginObject().Key("boot_cpuid").Number(tree->boot_cpuid());
    json.Key("address_cells")
        .Number(tree->RootAddressCells())
        .Key("size_cells")
        .Number(tree->RootSizeCells());
    json.Key("chosen").BeginObject();
    for (const std::string& name : tree->PropertyNames("/chosen")) {
      json.Key(name).String(ToHex(*tree->Property("/chosen", name)));
    }
    json.EndObject().Key("memreserve").BeginArray();
    for (const auto& range : tree->Reservations()) RangeJson(json, range);
    json.EndArray().Key("ram").BeginArray();
    if (map) {
      for (const auto& range : map->ram) RangeJson(json, range);
    }
    json.EndArray().EndObject();
    WriteOut(json.text() + "\n");
    return kExitYes;
  }
  std::string out = path + ": boot_cpuid_phys " + std::to_string(tree->boot_cpuid()) +
                    ", root #address-cells " + std::to_string(tree->RootAddressCells()) +
                    ", #size-cells " + std::to_string(tree->RootSizeCells()) + "\n/chosen:\n";
  for (const std::string& name : tree->PropertyNames("/chosen")) {
    std::string line = "  " + name + " = " + Describe(*tree->Property("/chosen", name)) + "\n";
    std::string escaped;
    AppendEscaped(escaped, line.substr(0, line.size() - 1));
    out += escaped + "\n";
  }
  out += "memreserve:\n";
  for (const auto& range : tree->Reservations()) {
    out += "  " + HexNumber(range.address) + " + " + HexNumber(range.size) + "\n";
  }
  if (map) {
    out += "ram:\n";
    for (const auto& range : map->ram)
      out += "  " + HexNumber(range.address) + " + " + HexNumber(range.size) + "\n";
    out += "real-mode limit: " + HexNumber(map->rma_top) + "\nreserved:\n";
    for (const auto& reserved : map->reserved) {
      out += "  " + HexNumber(reserved.range.address) + " + " + HexNumber(reserved.range.size) +
             "  " + reserved.what + "\n";
    }
  } else {
    out += "ram: " + map.error().ToString() + "\n";
  }
  WriteOut(out);
  return kExitYes;
}

int Handover(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3,
                          {{"o", true},
                           {"bootargs", true},
                           {"initrd", true},
                           {"ima-region", true},
                           {"console", true},
                           {"tree-address", true},
                           {"page-size", true}});
  if (!args) return InputError("dtb", args.error());
  if (args->positionals().size() != 1 || !args->Has("o")) {
    return UsageError("dtb", "handover takes BASE.dtb -o NEXT.dtb");
  }
  devicetree::HandoverSpec spec;
  spec.bootargs = args->Value("bootargs");
  spec.console = args->Value("console");
  if (auto value = args->Value("initrd")) {
    spec.initrd = ParseRange(*value);
    if (!spec.initrd || spec.initrd->size == 0)
      return UsageError("dtb", "--initrd takes ADDR,SIZE");
  }
  if (auto value = args->Value("ima-region")) {
    spec.ima_buffer = ParseRange(*value);
    if (!spec.ima_buffer || spec.ima_buffer->size == 0)
      return UsageError("dtb", "--ima-region takes ADDR,SIZE");
  }
  if (auto value = args->Value("page-size")) {
    auto number = ParseNumber(*value);
    if (!number || !ima::IsValidPageSize(*number))
      return UsageError("dtb", "--page-size takes a power of two");
    spec.page_size = *number;
  }
  std::optional<std::uint64_t> tree_address;
  if (auto value = args->Value("tree-address")) {
    tree_address = ParseNumber(*value);
    if (!tree_address || *tree_address % spec.page_size != 0) {
      return UsageError("dtb", "--tree-address takes a page-aligned address");
    }
  }
  auto base = ReadTree(platform, args->positionals()[0]);
  if (!base) return InputError("dtb", base.error());
  devicetree::HandoverReport report;
  auto next = devicetree::BuildHandover(*base, spec, &report);
  if (!next) return Refusal("dtb", next.error());
  Result<void> reserved =
      tree_address ? devicetree::ReserveTree(
                         *next, {*tree_address, ima::RoundUpToPage(devicetree::HandoverSize(*next),
                                                                   spec.page_size)})
                   : devicetree::DropTreeReservation(*next);
  if (!reserved) return Refusal("dtb", reserved.error());
  ByteBuffer blob = next->Packed();
  platform::FileSystem& files = platform.files();
  auto written = files.WriteFile(*args->Value("o"), blob);
  if (!written) return InputError("dtb", written.error());
  std::fprintf(stderr, "baton dtb: removed %d stale IMA propert%s and %d stale reservation%s\n",
               report.stale_ima_properties, report.stale_ima_properties == 1 ? "y" : "ies",
               report.stale_reservations, report.stale_reservations == 1 ? "" : "s");
  return kExitYes;
}

int Flatten(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3, {{"o", true}, {"root", true}});
  if (!args) return InputError("dtb", args.error());
  if (args->positionals().size() > 1 || !args->Has("o"))
    return UsageError("dtb", "flatten takes [DIR] -o OUT.dtb");
  // The machine's live tree, or a directory the operator names.
  auto blob = args->positionals().empty()
                  ? kexec::FlattenLiveTree(platform.machine(), platform::kLiveTreePath)
                  : kexec::FlattenLiveTree(platform.files(), args->positionals()[0]);
  if (!blob) return InputError("dtb", blob.error());
  platform::FileSystem& files = platform.files();
  if (auto written = files.WriteFile(*args->Value("o"), *blob); !written)
    return InputError("dtb", written.error());
  return kExitYes;
}

}  // namespace

int RunDtbCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc < 3) {
    std::fputs(kDtbHelp, stderr);
    return kExitUsage;
  }
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "help") == 0) {
      std::fputs(kDtbHelp, stdout);
      return kExitYes;
    }
  }
  std::string_view command = argv[2];
  if (command == "show") return Show(platform, argc, argv);
  if (command == "handover") return Handover(platform, argc, argv);
  if (command == "flatten") return Flatten(platform, argc, argv);
  return UsageError("dtb", "unknown command '" + std::string(command) + "'");
}

}  // namespace baton::cli
