// SPDX-License-Identifier: GPL-2.0-or-later
// `baton kexec`: plan, load and execute the next kernel, carrying the IMA list.
#include <time.h>

#include <cstring>
#include <string>

#include "bootloader/boot/boot_sequence.h"
#include "bootloader/boot/handoff.h"
#include "bootloader/boot/kernel_signature.h"
#include "bootloader/boot/measurement.h"
#include "bootloader/boot/pending.h"
#include "bootloader/cli/cli_util.h"
#include "bootloader/cli/commands.h"
#include "bootloader/core/log.h"
#include "bootloader/core/text.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/kexec/base_tree.h"
#include "bootloader/kexec/plan.h"
#include "bootloader/verify/verified_boot.h"
#include "platform/include/machine_paths.h"

namespace baton::cli {
namespace {

constexpr std::uint64_t kMaxImage = std::uint64_t{2} << 30;
constexpr std::uint64_t kMaxList = std::uint64_t{4} << 30;
constexpr int kSnapshotAttempts = 3;

constexpr const char kKexecHelp[] =
    "usage: baton kexec COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  plan --kernel VMLINUX [--initrd F] [--append S] [--dtb BASE.dtb | --live-tree]\n"
    "       [--ima LIST | --no-ima]\n"
    "       [--root DIR] [--console PATH] [--page-size N] [--kernel-end N] [--tcti CONF]\n"
    "       -o PLANDIR\n"
    "      Writes every segment (<name>.bin), the next tree (next.dtb) and plan.json (entry,\n"
    "      segments with address and size, IMA region) without loading anything. With --tcti\n"
    "      it also measures the next kernel as load would (the entries join ima.bin's list;\n"
    "      nothing is extended).\n"
    "  load (the same options, -o optional) [--method auto|load|file] [--exec]\n"
    "      Loads the next kernel. load: kexec_load with baton's segments; baton carries the IMA\n"
    "      list. file: kexec_file_load; the running kernel carries the list if it was built\n"
    "      with CONFIG_IMA_KEXEC. auto: file under lockdown or OS secure boot, else load.\n"
    "      --exec reboots into it at once, after checking that nothing was measured since the\n"
    "      list was read (if something was, it reads, packs and loads again, up to 3 times).\n"
    "      With a TPM (--tcti CONF, $BATON_TCTI or the device), kexec_load measures the next\n"
    "      kernel as the kernel's own IMA would for kexec_file_load: ima-ng entries for the\n"
    "      kernel and the initrd and an ima-buf `kexec-cmdline` entry are added to the carried\n"
    "      list and extended into PCR 10 right before the reboot. --no-measure turns it off.\n"
    "  --signed-boot off|warn|enforce, --keys DIR (plan and load)\n"
    "      The next kernel's appended signature (sign-file's) is checked before anything is\n"
    "      measured or loaded, as the menu checks it: the policy from --signed-boot, else the\n"
    "      firmware's /etc/baton/signed-boot, else off (enforce whatever is asked when the\n"
    "      device tree says OS secure boot is enforcing); the trust anchors from --keys DIR,\n"
    "      else the image's /etc/baton/keys. Under warn a refusal is said and the load goes\n"
    "      on; under enforce it stops with exit 1. A checked kernel is measured as ima-modsig.\n"
    "  exec [--root DIR] [--tcti CONF]\n"
    "      Extends what load measured, then reboots into the loaded kernel.\n"
    "\n"
    "Defaults come from the machine under --root (default /): the base tree from the firmware's\n"
    "flattened tree (--live-tree: the live tree, flattened), the list from securityfs, the page\n"
    "size from the running kernel (65536 under --root). Input files are read first and the IMA\n"
    "list last. The paths (relative to --root) follow.\n"
    "Exit status: 0 success, 1 refused, 2 usage error or unreadable input.\n";

enum class Method { kAuto, kLoad, kFile };

struct Inputs {
  platform::MappedFile kernel_file;  // mapped, not copied: kernels and initrds are large
  std::optional<platform::MappedFile> initrd_file;
  Bytes kernel;
  std::optional<Bytes> initrd;
  ByteBuffer tree_blob;
  std::optional<ByteBuffer> ima;
  std::string ima_origin;
  std::uint64_t page_size = 65536;
  std::uint64_t kernel_end = 0;
};

// Reads the list last: anything measured after this read is not in it.
Result<std::optional<ByteBuffer>> ReadImaList(platform::Platform& platform, const Args& args,
                                              std::string& origin) {
  if (args.Has("no-ima")) return std::optional<ByteBuffer>();
  if (auto path = args.Value("ima")) {
    origin = *path;
    return std::optional<ByteBuffer>(BATON_TRY(platform.files().ReadFile(*path, kMaxList)));
  }
  origin = platform.root() + platform::kImaListPath;
  Result<ByteBuffer> list = platform.machine().ReadFile(platform::kImaListPath, kMaxList);
  if (!list) {
    if (list.error().code() == ErrorCode::kNotFound) return std::optional<ByteBuffer>();
    return std::move(list).error();
  }
  return std::optional<ByteBuffer>(std::move(*list));
}

// The files an operator names (kernel, initrd, --dtb, --ima) as named; the machine's own
// (firmware tree, live tree, kernel end, list) on the platform's machine root.
Result<Inputs> ReadInputs(platform::Platform& platform, const Args& args) {
  Inputs inputs;
  auto kernel_path = args.Value("kernel");
  if (!kernel_path) return Error(ErrorCode::kUsage, "--kernel VMLINUX is required");
  inputs.kernel_file = BATON_TRY(platform.files().MapFile(*kernel_path, kMaxImage));
  inputs.kernel = inputs.kernel_file.bytes();
  if (auto initrd = args.Value("initrd")) {
    inputs.initrd_file = BATON_TRY(platform.files().MapFile(*initrd, kMaxImage));
    inputs.initrd = inputs.initrd_file->bytes();
  }
  if (auto dtb = args.Value("dtb")) {
    inputs.tree_blob = BATON_TRY(platform.files().ReadFile(*dtb, 64u << 20));
  } else if (args.Has("live-tree")) {
    inputs.tree_blob =
        BATON_TRY(kexec::FlattenLiveTree(platform.machine(), platform::kLiveTreePath));
  } else {
    inputs.tree_blob =
        BATON_TRY(platform.machine().ReadFile(platform::kFirmwareTreePath, 64u << 20));
  }
  inputs.page_size = platform.page_size();
  if (auto value = args.Value("page-size")) {
    auto number = ParseNumber(*value);
    if (!number || !ima::IsValidPageSize(*number))
      return Error(ErrorCode::kUsage, "--page-size takes a power of two");
    inputs.page_size = *number;
  }
  inputs.kernel_end = boot::KernelEnd(platform.machine());
  if (auto value = args.Value("kernel-end")) {
    auto number = ParseNumber(*value);
    if (!number) return Error(ErrorCode::kUsage, "--kernel-end takes a number");
    inputs.kernel_end = *number;
  }
  inputs.ima = BATON_TRY(ReadImaList(platform, args, inputs.ima_origin));
  return inputs;
}

// BATON_DEBUG=1: where the time of a load or a plan goes, in milliseconds since it began
// (`make bench` reads the plan's lines to time the planning apart from the writing).
void Step(const char* what) {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  static const double start =
      static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
  const double at = static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
  Logf(LogLevel::kDebug, "kexec: %8.1f ms %s", at - start, what);
}

// The signed-boot step of the boot road (docs/verified-boot.md) for an operator's plan or load.
// An error: the kernel is refused (or --signed-boot is not a policy: a usage error).
Result<boot::KernelCheck> CheckSignature(platform::Platform& platform, const Args& args,
                                         Bytes kernel, bool say) {
  std::optional<verify::SignedBootPolicy> requested;
  if (auto value = args.Value("signed-boot")) {
    requested = verify::ParsePolicy(*value);
    if (!requested) return Error(ErrorCode::kUsage, "--signed-boot takes off, warn or enforce");
  }
  const std::optional<std::string> keys = args.Value("keys");
  verify::SignedBoot signed_boot =
      keys ? MachineSignedBoot(platform.machine(), requested, platform.files(), *keys)
           : MachineSignedBoot(platform.machine(), requested, platform.machine(),
                               platform::kTrustAnchorDirectory);
  boot::KernelCheck check =
      boot::CheckKernel(signed_boot.choice.policy, signed_boot.anchors, kernel, nullptr);
  if (say && signed_boot.choice.policy != verify::SignedBootPolicy::kOff) {
    for (const std::string& note : signed_boot.notes)
      std::fprintf(stderr, "baton kexec: %s\n", note.c_str());
    std::fprintf(stderr, "baton kexec: %s\n", check.line.c_str());
  }
  if (!check.allowed) {
    return Error(ErrorCode::kPermission, "the kernel's signature is refused", check.line);
  }
  return check;
}

// CheckSignature's error as an exit status: 2 for a --signed-boot that names no policy, 1 for a
// refused kernel.
int SignatureRefusal(const Error& error) {
  return error.code() == ErrorCode::kUsage ? InputError("kexec", error) : Refusal("kexec", error);
}

boot::HandoffInputs HandoffInputsFrom(const Args& args, const Inputs& inputs,
                                      const devicetree::DeviceTree& base, platform::Tpm* tpm) {
  boot::HandoffInputs handoff;
  handoff.kernel = inputs.kernel;
  handoff.kernel_name = args.Value("kernel").value_or("");
  handoff.initrd = inputs.initrd;
  handoff.initrd_name = args.Value("initrd").value_or("");
  handoff.base_tree = &base;
  handoff.bootargs = args.Value("append");
  handoff.console = args.Value("console");
  handoff.page_size = inputs.page_size;
  handoff.kernel_end = inputs.kernel_end;
  handoff.tpm = tpm;
  // An operator's command: a measurement that cannot be made is said, and the load goes on (the
  // menu and `baton boot` refuse instead).
  handoff.if_unmeasured = boot::IfUnmeasured::kWarn;
  return handoff;
}

// Measures (with a TPM) and plans; the warnings go to standard error, once.
Result<boot::Handoff> Prepare(const boot::HandoffInputs& handoff_inputs, Inputs& inputs,
                              bool warn) {
  boot::Handoff handoff =
      BATON_TRY(boot::MeasureForHandoff(handoff_inputs, std::move(inputs.ima), inputs.ima_origin));
  if (warn) {
    for (const std::string& warning : handoff.warnings)
      std::fprintf(stderr, "baton kexec: warning: %s\n", warning.c_str());
  }
  Step("next kernel measured");
  BATON_TRY(boot::PlanHandoff(handoff_inputs, handoff, inputs.ima_origin));
  Step("planned (ELF, placement, tree, IMA buffer)");
  return handoff;
}

const std::vector<OptionSpec> kPlanOptions = {
    {"kernel", true},  {"initrd", true},      {"append", true},     {"dtb", true},
    {"ima", true},     {"no-ima", false},     {"root", true},       {"o", true},
    {"console", true}, {"page-size", true},   {"kernel-end", true}, {"method", true},
    {"exec", false},   {"no-measure", false}, {"tcti", true},       {"live-tree", false},
    {"keys", true},    {"signed-boot", true}};

int Plan(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3, kPlanOptions);
  if (!args) return InputError("kexec", args.error());
  if (!args->Has("o") || args->Has("method") || args->Has("exec")) {
    return UsageError("kexec", "plan takes --kernel VMLINUX ... -o PLANDIR");
  }
  Step("start");
  // A plan measures only when asked for a TPM by name: it shows what load would carry.
  std::unique_ptr<platform::Tpm> tpm;
  if (args->Has("tcti")) {
    auto opened = platform.OpenTpm();
    if (!opened) return InputError("kexec", opened.error());
    tpm = std::move(*opened);
  }
  auto inputs = ReadInputs(platform, *args);
  if (!inputs) return InputError("kexec", inputs.error());
  Step("inputs read (kernel, initrd and tree; the IMA list last)");
  auto base =
      devicetree::DeviceTree::Load(inputs->tree_blob, args->Value("dtb").value_or("base tree"));
  if (!base) return InputError("kexec", base.error());
  auto checked = CheckSignature(platform, *args, inputs->kernel, true);
  if (!checked) return SignatureRefusal(checked.error());
  boot::HandoffInputs handoff_inputs = HandoffInputsFrom(*args, *inputs, *base, tpm.get());
  handoff_inputs.kernel_signature = checked->signature;
  auto handoff = Prepare(handoff_inputs, *inputs, true);
  if (!handoff) return Refusal("kexec", handoff.error());
  if (auto written = boot::WritePlan(platform.files(), *args->Value("o"), *handoff); !written) {
    return InputError("kexec", written.error());
  }
  Step("plan written");
  WriteOut(kexec::PlanJson(handoff->plan));
  return kExitYes;
}

// Said before the load, so that the operator can still choose another kernel.
void WarnIfCannotRestore(Bytes kernel, std::uint64_t carried_entries) {
  if (auto warning = boot::RestoreWarning(kernel, carried_entries)) {
    std::fprintf(stderr, "baton kexec: warning: %s\n", warning->c_str());
  }
}

int Load(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3, kPlanOptions);
  if (!args) return InputError("kexec", args.error());
  Method method = Method::kAuto;
  if (auto value = args->Value("method")) {
    if (*value == "load")
      method = Method::kLoad;
    else if (*value == "file")
      method = Method::kFile;
    else if (*value != "auto")
      return UsageError("kexec", "--method takes auto, load or file");
  }
  std::string why = "chosen on the command line";
  if (method == Method::kAuto) {
    const boot::Carrier carrier = boot::ChooseCarrier(platform.machine());
    method = carrier.method == boot::LoadMethod::kKexecFileLoad ? Method::kFile : Method::kLoad;
    why = carrier.why;
  }
  platform::Kexec& kexec = platform.kexec();

  if (method == Method::kFile) {
    auto kernel = args->Value("kernel");
    if (!kernel) return UsageError("kexec", "--kernel VMLINUX is required");
    std::string bootargs = args->Value("append").value_or("");
    std::fprintf(stderr,
                 "baton kexec: kexec_file_load (%s): the running kernel carries the IMA list if it "
                 "was built with CONFIG_IMA_KEXEC; baton does not carry it\n",
                 why.c_str());
    auto image = platform.files().MapFile(*kernel, kMaxImage);
    if (!image) return InputError("kexec", image.error());
    if (auto checked = CheckSignature(platform, *args, image->bytes(), true); !checked)
      return SignatureRefusal(checked.error());
    WarnIfCannotRestore(image->bytes(), boot::MeasurementCount(platform.machine()).value_or(0));
    auto loaded = kexec.LoadFiles(*kernel, args->Value("initrd"), bootargs);
    if (!loaded) return Refusal("kexec", loaded.error());
    if (args->Has("exec")) {
      auto executed = kexec.Execute();
      return Refusal("kexec", executed.error());
    }
    // Nothing for `kexec exec` to check or extend (the kernel measured and carries), but it must
    // know that baton loaded this kernel, and an older load's extends must not survive.
    if (auto written = platform.machine().WriteFile(platform::kPendingExtendsPath, {}); !written) {
      return InputError("kexec", written.error());
    }
    return kExitYes;
  }

  Step("start");
  for (int attempt = 1; attempt <= kSnapshotAttempts; ++attempt) {
    // Everything that may be measured comes before the snapshot: the TPM (its TCTI library is
    // loaded now), then the input files, and the IMA list last (in ReadInputs).
    Result<std::unique_ptr<platform::Tpm>> tpm =
        Error(ErrorCode::kUnsupported, "measuring is turned off (--no-measure)");
    if (!args->Has("no-measure")) tpm = platform.OpenTpm();
    Step("TPM opened");
    auto inputs = ReadInputs(platform, *args);
    Step("inputs read (kernel, initrd and tree; the IMA list last)");
    if (!inputs) return InputError("kexec", inputs.error());
    auto base =
        devicetree::DeviceTree::Load(inputs->tree_blob, args->Value("dtb").value_or("base tree"));
    if (!base) return InputError("kexec", base.error());
    if (inputs->ima && !tpm && !args->Has("no-measure")) {
      std::fprintf(stderr, "baton kexec: not measuring the next kernel: %s\n",
                   tpm.error().ToString().c_str());
    }
    auto checked = CheckSignature(platform, *args, inputs->kernel, attempt == 1);
    if (!checked) return SignatureRefusal(checked.error());
    boot::HandoffInputs handoff_inputs =
        HandoffInputsFrom(*args, *inputs, *base, tpm ? tpm->get() : nullptr);
    handoff_inputs.kernel_signature = checked->signature;
    auto handoff = Prepare(handoff_inputs, *inputs, attempt == 1);
    if (!handoff) return Refusal("kexec", handoff.error());
    if (auto directory = args->Value("o")) {
      if (auto written = boot::WritePlan(platform.files(), *directory, *handoff); !written) {
        return InputError("kexec", written.error());
      }
    }
    std::fprintf(stderr,
                 "baton kexec: kexec_load (%s): baton carries the IMA list (%llu entries)%s\n",
                 why.c_str(), static_cast<unsigned long long>(handoff->plan.ima_entries),
                 handoff->measurement ? "; baton measures the next kernel into PCR 10" : "");
    if (auto loaded = boot::LoadHandoff(kexec, *handoff); !loaded)
      return Refusal("kexec", loaded.error());
    Step("kexec_load done");
    if (!args->Has("exec")) {
      // `kexec exec` checks and extends this right before the reboot (an older load's pending
      // extends must not survive a newer load, so it is written even when empty).
      const std::string pending = boot::FormatPending(boot::PendingOf(*handoff));
      if (auto written =
              platform.machine().WriteFile(platform::kPendingExtendsPath, AsBytes(pending));
          !written) {
        return InputError("kexec", written.error());
      }
      return kExitYes;
    }
    Step("rebooting (count checked, then PCR 10 extended)");
    Result<void> rebooted =
        boot::RebootIntoHandoff(platform.machine(), tpm ? tpm->get() : nullptr, kexec, *handoff);
    if (rebooted.error().code() != ErrorCode::kImaRejected)
      return Refusal("kexec", rebooted.error());
    if (attempt < kSnapshotAttempts) {
      std::fprintf(stderr, "baton kexec: %s (%s); reading it again (attempt %d of %d)\n",
                   rebooted.error().message(), rebooted.error().detail().c_str(), attempt + 1,
                   kSnapshotAttempts);
    }
  }
  return Refusal("kexec", Error(ErrorCode::kImaRejected,
                                "measurements keep arriving after the snapshot; not rebooting"));
}

// Checks and extends what `kexec load` measured, then reboots into the loaded kernel (one
// policy with every other road: boot/pending.h).
int Exec(platform::Platform& platform, int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 3, {{"root", true}, {"tcti", true}});
  if (!args) return InputError("kexec", args.error());
  if (!args->positionals().empty()) return UsageError("kexec", "exec takes no arguments");
  Result<void> rebooted = boot::RebootIntoLoaded(
      platform.machine(), [&] { return platform.OpenTpm(); }, platform.kexec());
  return Refusal("kexec", rebooted.error());
}

}  // namespace

int RunKexecCommand(platform::Platform& platform, int argc, char** argv) {
  if (argc < 3) {
    std::fputs(kKexecHelp, stderr);
    return kExitUsage;
  }
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "help") == 0) {
      std::fputs(kKexecHelp, stdout);
      std::printf("  firmware tree %s\n  live tree     %s\n  IMA list      %s\n",
                  platform::kFirmwareTreePath, platform::kLiveTreePath, platform::kImaListPath);
      return kExitYes;
    }
  }
  std::string_view command = argv[2];
  if (command == "plan") return Plan(platform, argc, argv);
  if (command == "load") return Load(platform, argc, argv);
  if (command == "exec") return Exec(platform, argc, argv);
  return UsageError("kexec", "unknown command '" + std::string(command) + "'");
}

}  // namespace baton::cli
