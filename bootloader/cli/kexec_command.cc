// SPDX-License-Identifier: GPL-2.0-or-later
// `baton kexec`: plan, load and execute the next kernel, carrying the IMA list.
#include <unistd.h>

#include <cstring>
#include <string>

#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/text.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/kexec/plan.h"
#include "platform/include/machine_paths.h"
#include "platform/linux/linux_kexec.h"
#include "platform/linux/posix_file_system.h"
#include "platform/powerpc/trampoline.h"

namespace baton::cli {
namespace {

constexpr std::uint64_t kMaxImage = std::uint64_t{2} << 30;
constexpr std::uint64_t kMaxList = std::uint64_t{4} << 30;
constexpr int kSnapshotAttempts = 3;

constexpr const char kKexecHelp[] =
    "usage: baton kexec COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  plan --kernel VMLINUX [--initrd F] [--append S] [--dtb BASE.dtb] [--ima LIST | --no-ima]\n"
    "       [--root DIR] [--console PATH] [--page-size N] [--kernel-end N] -o PLANDIR\n"
    "      Writes every segment (<name>.bin), the next tree (next.dtb) and plan.json (entry,\n"
    "      segments with address and size, IMA region) without loading anything.\n"
    "  load (the same options, -o optional) [--method auto|load|file] [--exec]\n"
    "      Loads the next kernel. load: kexec_load with baton's segments; baton carries the IMA\n"
    "      list. file: kexec_file_load; the running kernel carries the list if it was built\n"
    "      with CONFIG_IMA_KEXEC. auto: file under lockdown or OS secure boot, else load.\n"
    "      --exec reboots into it at once, after checking that nothing was measured since the\n"
    "      list was read (if something was, it reads, packs and loads again, up to 3 times).\n"
    "  exec\n"
    "      Reboots into the loaded kernel.\n"
    "\n"
    "Defaults come from the machine under --root (default /): the base tree from\n"
    "/sys/firmware/fdt, the list from securityfs, the page size from the running kernel\n"
    "(65536 under --root). Input files are read first and the IMA list last.\n"
    "Exit status: 0 success, 1 refused, 2 usage error or unreadable input.\n";

enum class Method { kAuto, kLoad, kFile };

struct Inputs {
  std::string root;
  ByteBuffer kernel;
  std::optional<ByteBuffer> initrd;
  ByteBuffer tree_blob;
  std::optional<ByteBuffer> ima;
  std::string ima_origin;
  std::uint64_t page_size = 65536;
  std::uint64_t kernel_end = 0;
};

Result<ByteBuffer> ReadUserFile(const std::string& path, std::uint64_t limit) {
  platform::PosixFileSystem files("");
  return files.ReadFile(path, limit);
}

// Reads the list last: anything measured after this read is not in it.
Result<std::optional<ByteBuffer>> ReadImaList(const Args& args, const std::string& root,
                                              std::string& origin) {
  if (args.Has("no-ima")) return std::optional<ByteBuffer>();
  if (auto path = args.Value("ima")) {
    origin = *path;
    return std::optional<ByteBuffer>(BATON_TRY(ReadUserFile(*path, kMaxList)));
  }
  platform::PosixFileSystem machine(root);
  origin = root + platform::kImaListPath;
  Result<ByteBuffer> list = machine.ReadFile(platform::kImaListPath, kMaxList);
  if (!list) {
    if (list.error().code() == ErrorCode::kNotFound) return std::optional<ByteBuffer>();
    return std::move(list).error();
  }
  return std::optional<ByteBuffer>(std::move(*list));
}

Result<Inputs> ReadInputs(const Args& args) {
  Inputs inputs;
  inputs.root = args.Value("root").value_or("");
  const bool simulated = args.Has("root");
  platform::PosixFileSystem machine(inputs.root);
  auto kernel_path = args.Value("kernel");
  if (!kernel_path) return Error(ErrorCode::kUsage, "--kernel VMLINUX is required");
  inputs.kernel = BATON_TRY(ReadUserFile(*kernel_path, kMaxImage));
  if (auto initrd = args.Value("initrd")) inputs.initrd = BATON_TRY(ReadUserFile(*initrd, kMaxImage));
  if (auto dtb = args.Value("dtb")) {
    inputs.tree_blob = BATON_TRY(ReadUserFile(*dtb, 64u << 20));
  } else {
    inputs.tree_blob = BATON_TRY(machine.ReadFile(platform::kFirmwareTreePath, 64u << 20));
  }
  inputs.page_size = simulated ? 65536 : static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  if (auto value = args.Value("page-size")) {
    auto number = ParseNumber(*value);
    if (!number || !ima::IsValidPageSize(*number)) return Error(ErrorCode::kUsage, "--page-size takes a power of two");
    inputs.page_size = *number;
  }
  // The running kernel exports its end only in the live tree.
  if (auto end = machine.ReadFile(platform::kKernelEndPath, 8); end && end->size() == 8) {
    inputs.kernel_end = LoadUnsigned<std::uint64_t>(end->data(), ByteOrder::kBig);
  }
  if (auto value = args.Value("kernel-end")) {
    auto number = ParseNumber(*value);
    if (!number) return Error(ErrorCode::kUsage, "--kernel-end takes a number");
    inputs.kernel_end = *number;
  }
  inputs.ima = BATON_TRY(ReadImaList(args, inputs.root, inputs.ima_origin));
  return inputs;
}

Result<kexec::Plan> MakePlan(const Args& args, const Inputs& inputs, const devicetree::DeviceTree& base) {
  kexec::PlanInputs plan_inputs;
  plan_inputs.kernel = inputs.kernel;
  if (inputs.initrd) plan_inputs.initrd = Bytes(*inputs.initrd);
  plan_inputs.base_tree = &base;
  plan_inputs.bootargs = args.Value("append");
  plan_inputs.console = args.Value("console");
  if (inputs.ima) plan_inputs.ima_stream = Bytes(*inputs.ima);
  plan_inputs.page_size = inputs.page_size;
  plan_inputs.kernel_end = inputs.kernel_end;
  plan_inputs.trampoline = platform::TrampolineCode(NativeByteOrder());
  Result<kexec::Plan> plan = kexec::BuildPlan(plan_inputs);
  if (!plan && inputs.ima && plan.error().code() == ErrorCode::kImaRejected) {
    return std::move(plan).error().WithContext(inputs.ima_origin);
  }
  return plan;
}

Result<void> WritePlan(const std::string& directory, const kexec::Plan& plan) {
  platform::PosixFileSystem files("");
  for (const kexec::PlanSegment& segment : plan.segments) {
    BATON_TRY(files.WriteFile(directory + "/" + segment.name + ".bin", segment.bytes));
  }
  BATON_TRY(files.WriteFile(directory + "/next.dtb", plan.tree));
  std::string json = kexec::PlanJson(plan);
  return files.WriteFile(directory + "/plan.json", AsBytes(json));
}

const std::vector<OptionSpec> kPlanOptions = {
    {"kernel", true}, {"initrd", true}, {"append", true}, {"dtb", true}, {"ima", true},
    {"no-ima", false}, {"root", true}, {"o", true}, {"console", true}, {"page-size", true},
    {"kernel-end", true}, {"method", true}, {"exec", false}};

int Plan(int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3, kPlanOptions);
  if (!args) return InputError("kexec", args.error());
  if (!args->Has("o") || args->Has("method") || args->Has("exec")) {
    return UsageError("kexec", "plan takes --kernel VMLINUX ... -o PLANDIR");
  }
  auto inputs = ReadInputs(*args);
  if (!inputs) return InputError("kexec", inputs.error());
  auto base = devicetree::DeviceTree::Load(inputs->tree_blob, args->Value("dtb").value_or("base tree"));
  if (!base) return InputError("kexec", base.error());
  auto plan = MakePlan(*args, *inputs, *base);
  if (!plan) return Refusal("kexec", plan.error());
  if (auto written = WritePlan(*args->Value("o"), *plan); !written) return InputError("kexec", written.error());
  WriteOut(kexec::PlanJson(*plan));
  return kExitYes;
}

// Lockdown (any mode but none) or OS secure boot make the kernel refuse kexec_load.
Method Choose(const std::string& root, std::string& why) {
  platform::PosixFileSystem machine(root);
  if (auto lockdown = machine.ReadFile(platform::kLockdownPath, 4096); lockdown) {
    std::string_view text = AsText(*lockdown);
    if (text.find("[none]") == std::string_view::npos && text.find('[') != std::string_view::npos) {
      why = "the kernel is in lockdown";
      return Method::kFile;
    }
  }
  if (machine.ReadFile(platform::kSecureBootPath, 16)) {
    why = "OS secure boot is enforcing";
    return Method::kFile;
  }
  why = "kexec_load is allowed";
  return Method::kLoad;
}

std::optional<std::uint64_t> MeasurementCount(const std::string& root) {
  platform::PosixFileSystem machine(root);
  auto text = machine.ReadFile(platform::kImaCountPath, 64);
  if (!text) return std::nullopt;
  std::string_view value = AsText(*text);
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  return ParseNumber(value);
}

int Load(int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3, kPlanOptions);
  if (!args) return InputError("kexec", args.error());
  Method method = Method::kAuto;
  if (auto value = args->Value("method")) {
    if (*value == "load") method = Method::kLoad;
    else if (*value == "file") method = Method::kFile;
    else if (*value != "auto") return UsageError("kexec", "--method takes auto, load or file");
  }
  const std::string root = args->Value("root").value_or("");
  std::string why;
  if (method == Method::kAuto) method = Choose(root, why);
  else why = "chosen on the command line";
  platform::LinuxKexec kexec(root);

  if (method == Method::kFile) {
    auto kernel = args->Value("kernel");
    if (!kernel) return UsageError("kexec", "--kernel VMLINUX is required");
    std::string bootargs = args->Value("append").value_or("");
    std::fprintf(stderr,
                 "baton kexec: kexec_file_load (%s): the running kernel carries the IMA list if it "
                 "was built with CONFIG_IMA_KEXEC; baton does not carry it\n", why.c_str());
    // Paths on the command line are used as given (LinuxKexec prefixes the root, "" here).
    platform::LinuxKexec file_kexec("");
    auto loaded = file_kexec.LoadFiles(*kernel, args->Value("initrd"), bootargs);
    if (!loaded) return Refusal("kexec", loaded.error());
    if (args->Has("exec")) {
      auto executed = file_kexec.Execute();
      return Refusal("kexec", executed.error());
    }
    return kExitYes;
  }

  for (int attempt = 1; attempt <= kSnapshotAttempts; ++attempt) {
    auto inputs = ReadInputs(*args);
    if (!inputs) return InputError("kexec", inputs.error());
    auto base = devicetree::DeviceTree::Load(inputs->tree_blob, args->Value("dtb").value_or("base tree"));
    if (!base) return InputError("kexec", base.error());
    auto plan = MakePlan(*args, *inputs, *base);
    if (!plan) return Refusal("kexec", plan.error());
    if (auto directory = args->Value("o")) {
      if (auto written = WritePlan(*directory, *plan); !written) return InputError("kexec", written.error());
    }
    std::fprintf(stderr, "baton kexec: kexec_load (%s): baton carries the IMA list (%llu entries)\n",
                 why.c_str(), static_cast<unsigned long long>(plan->ima_entries));
    std::vector<platform::KexecSegment> segments;
    for (const kexec::PlanSegment& segment : plan->segments) {
      segments.push_back({segment.bytes, segment.memory.address, segment.memory.size});
    }
    auto loaded = kexec.LoadSegments(plan->entry, segments);
    if (!loaded) return Refusal("kexec", loaded.error());
    if (!args->Has("exec")) return kExitYes;
    // The snapshot must be the last thing measured: compare the count right before the reboot.
    std::optional<std::uint64_t> count = MeasurementCount(root);
    if (!inputs->ima || !count || *count == plan->ima_entries) {
      auto executed = kexec.Execute();
      return Refusal("kexec", executed.error());
    }
    std::fprintf(stderr,
                 "baton kexec: %llu measurements were taken after the list was read; reading it "
                 "again (attempt %d of %d)\n",
                 static_cast<unsigned long long>(*count - std::min(*count, plan->ima_entries)),
                 attempt + 1, kSnapshotAttempts);
  }
  return Refusal("kexec", Error(ErrorCode::kImaRejected,
                                "measurements keep arriving after the snapshot; not rebooting"));
}

int Exec(int argc, char** argv) {
  if (argc != 3) return UsageError("kexec", "exec takes no arguments");
  (void)argv;
  platform::LinuxKexec kexec("");
  auto executed = kexec.Execute();
  return Refusal("kexec", executed.error());
}

}  // namespace

int RunKexecCommand(int argc, char** argv) {
  if (argc < 3) {
    std::fputs(kKexecHelp, stderr);
    return kExitUsage;
  }
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "help") == 0) {
      std::fputs(kKexecHelp, stdout);
      return kExitYes;
    }
  }
  std::string_view command = argv[2];
  if (command == "plan") return Plan(argc, argv);
  if (command == "load") return Load(argc, argv);
  if (command == "exec") return Exec(argc, argv);
  return UsageError("kexec", "unknown command '" + std::string(command) + "'");
}

}  // namespace baton::cli
