// SPDX-License-Identifier: GPL-2.0-or-later
// The boot sequence.
#include "bootloader/boot/boot_sequence.h"

#include "bootloader/boot/handoff.h"
#include "bootloader/boot/kernel_signature.h"
#include "bootloader/boot/measurement.h"
#include "bootloader/core/log.h"
#include "bootloader/core/text.h"
#include "bootloader/core/thread.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/ima/entries.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/kexec/plan.h"
#include "platform/include/machine_paths.h"
#include "platform/powerpc/trampoline.h"

namespace baton::boot {
namespace {

constexpr std::uint64_t kMaxImage = std::uint64_t{2} << 30;
constexpr std::uint64_t kMaxTree = 64u << 20;
constexpr std::uint64_t kMaxList = std::uint64_t{4} << 30;

std::string Describe(const discover::BootResource& file) { return file.device + ":" + file.path; }

Result<void> Resolve(const discover::BootOption& request) {
  auto check = [](const discover::BootResource& file, const char* what) -> Result<void> {
    if (!file.resolved || file.device.empty() || file.path.empty()) {
      return Error(
          ErrorCode::kNotFound, "a file of the option is on no device present",
          std::string(what) + " " + (file.unresolved.empty() ? file.path : file.unresolved));
    }
    return Ok();
  };
  BATON_TRY(check(request.kernel, "kernel"));
  for (const discover::BootResource& initrd : request.initrds) BATON_TRY(check(initrd, "initrd"));
  if (request.dtb) BATON_TRY(check(*request.dtb, "device tree"));
  return Ok();
}

struct Files {
  platform::MappedFile kernel_file;
  std::vector<platform::MappedFile> initrd_files;
  ByteBuffer joined_initrds;  // only with several initrds: the kernel takes one
  Bytes kernel;
  std::optional<Bytes> initrd;
  std::optional<ImageDigests> digests;  // hashed while read, when asked
  // The kernel's hash state, kept to give its digest without the appended signature.
  std::unique_ptr<crypto::PrefixHasher> kernel_hash;
  ByteBuffer tree;
  std::string tree_origin;
  std::uint64_t kernel_end = 0;
};

enum class HashWhileReading : std::uint8_t { kNo, kYes };

// Reads the kernel on a helper thread and the initrds on this one, each hashed while it is read
// (when asked): the step takes about the time of hashing the larger file. (One thread reading
// everything while another hashed measured slower, 118 ms against 93 ms for the bench's 106 MB
// when reads still copied; with the files mapped the hash is all the work, split per file.)
// kexec_file_load builds the tree in the kernel: with `want_tree` false no tree is read.
Result<Files> ReadFiles(const discover::BootOption& request, Machine& machine,
                        HashWhileReading hash, bool want_tree = true) {
  Files files;
  const bool hashing = hash == HashWhileReading::kYes;
  auto load = [&](const discover::BootResource& file, std::uint64_t limit,
                  auto* hasher) -> Result<platform::MappedFile> {
    const auto observe = [hasher](Bytes piece) {
      if (hasher != nullptr) hasher->Update(piece);
    };
    Result<platform::MappedFile> loaded =
        machine.resources->Load(file.device, file.path, limit, observe);
    if (!loaded) return std::move(loaded).error().WithContext(Describe(file));
    return loaded;
  };
  files.kernel_hash = std::make_unique<crypto::PrefixHasher>(kImageHash);
  crypto::PrefixHasher& kernel_hash = *files.kernel_hash;
  crypto::Hasher initrd_hash(kImageHash);
  std::optional<Result<platform::MappedFile>> kernel;
  Result<void> initrds = Ok();
  RunSideBySide(
      [&] {
        for (const discover::BootResource& initrd : request.initrds) {
          Result<platform::MappedFile> loaded = load(
              initrd, kMaxImage, hashing ? &initrd_hash : static_cast<crypto::Hasher*>(nullptr));
          if (!loaded) {
            initrds = std::move(loaded).error();
            return;
          }
          files.initrd_files.push_back(std::move(*loaded));
        }
      },
      [&] {
        kernel.emplace(load(request.kernel, kMaxImage,
                            hashing ? &kernel_hash : static_cast<crypto::PrefixHasher*>(nullptr)));
      });
  files.kernel_file = BATON_TRY(std::move(*kernel));
  BATON_TRY(std::move(initrds));
  files.kernel = files.kernel_file.bytes();
  if (files.initrd_files.size() == 1) {
    files.initrd = files.initrd_files.front().bytes();
  } else if (files.initrd_files.size() > 1) {
    // The next kernel takes one initrd region: several are joined, as GRUB's initrd does.
    for (const platform::MappedFile& initrd : files.initrd_files) {
      files.joined_initrds.insert(files.joined_initrds.end(), initrd.bytes().begin(),
                                  initrd.bytes().end());
    }
    files.initrd = Bytes(files.joined_initrds);
  }
  if (!hashing) files.kernel_hash.reset();
  if (hashing) {
    files.digests.emplace();
    files.digests->kernel = kernel_hash.Finish();
    if (files.initrd) files.digests->initrd = initrd_hash.Finish();
  }
  if (!want_tree) return files;
  if (request.dtb) {
    platform::MappedFile tree =
        BATON_TRY(load(*request.dtb, kMaxTree, static_cast<crypto::Hasher*>(nullptr)));
    files.tree.assign(tree.bytes().begin(), tree.bytes().end());
    files.tree_origin = Describe(*request.dtb);
  } else {
    Result<ByteBuffer> tree = machine.files->ReadFile(platform::kFirmwareTreePath, kMaxTree);
    if (!tree) return std::move(tree).error().WithContext(platform::kFirmwareTreePath);
    files.tree = std::move(*tree);
    files.tree_origin = platform::kFirmwareTreePath;
  }
  files.kernel_end = KernelEnd(*machine.files);
  return files;
}

}  // namespace

std::string_view StepName(Step step) {
  switch (step) {
    case Step::kResolve:
      return "resolve";
    case Step::kReadFiles:
      return "read files";
    case Step::kVerify:
      return "verify";
    case Step::kMeasure:
      return "measure";
    case Step::kBuildTree:
      return "build the tree";
    case Step::kLoad:
      return "load";
    case Step::kReboot:
      return "reboot";
  }
  return "?";
}

Carrier ChooseCarrier(platform::FileSystem& machine) {
  if (auto lockdown = machine.ReadFile(platform::kLockdownPath, 4096); lockdown) {
    std::string_view text = AsText(*lockdown);
    if (text.find("[none]") == std::string_view::npos && text.find('[') != std::string_view::npos) {
      return {LoadMethod::kKexecFileLoad, "the kernel is in lockdown"};
    }
  }
  if (machine.ReadFile(platform::kSecureBootPath, 16)) {
    return {LoadMethod::kKexecFileLoad, "OS secure boot is enforcing"};
  }
  return {LoadMethod::kKexecLoad, "kexec_load is allowed"};
}

std::string CarrierLine(const Carrier& carrier, bool list_present, bool tpm_present) {
  if (!list_present) return "IMA list: nobody carries it (this kernel has no IMA list)";
  if (carrier.method == LoadMethod::kKexecFileLoad) {
    return "IMA list: the kernel carries it if built with IMA_KEXEC (kexec_file_load: " +
           carrier.why + ")";
  }
  return std::string("IMA list: baton carries it (kexec_load); ") +
         (tpm_present ? "baton measures the kernel" : "no TPM: baton does not measure");
}

namespace {

// The boot's progress: which step runs, and what the display hears of it.
class Steps {
 public:
  explicit Steps(const ProgressSink& progress) : progress_(progress) {}
  void Start(Step step) {
    current_ = step;
    progress_(step, StepEvent::kStarted, "");
  }
  void Done(const std::string& detail) { progress_(current_, StepEvent::kDone, detail); }
  // Reports the running step as failed; the error is named after it.
  Error Fail(Error error) {
    progress_(current_, StepEvent::kFailed, error.ToString());
    return std::move(error).WithContext(std::string(StepName(current_)));
  }

 private:
  const ProgressSink& progress_;
  Step current_ = Step::kResolve;
};

// A warning reaches the log, the outcome's summary and the step's progress detail.
void Warn(const std::string& warning, BootOutcome& outcome, std::string& detail) {
  Logf(LogLevel::kWarning, "%s", warning.c_str());
  outcome.summary.push_back("warning: " + warning);
  detail += "; warning: " + warning;
}

constexpr std::uint64_t kMaxDetachedSignature = 16u << 20;

// An initrd's or the option's tree's detached signature, FILE.p7s beside it on its device
// (docs/verified-boot.md): checked when it is there, under the policy; a file without one is
// said and not refused (distributions sign kernels, not initrds). `digest`, when given, is the
// file's digest in kImageHash, taken while it was read.
Result<void> VerifyDetached(const discover::BootResource& file, Bytes bytes,
                            const std::optional<crypto::Digest>& digest, Machine& machine,
                            BootOutcome& outcome, std::string& detail) {
  const std::string what = Describe(file);
  Result<platform::MappedFile> signature =
      machine.resources->Load(file.device, file.path + ".p7s", kMaxDetachedSignature, [](Bytes) {});
  if (!signature && signature.error().code() == ErrorCode::kNotFound) {
    detail += "; " + what + ": no detached signature (.p7s), not checked";
    return Ok();
  }
  crypto::SignatureVerdict verdict;
  if (!signature) {
    verdict.outcome = crypto::SignatureOutcome::kMalformed;
    verdict.reason = "its .p7s cannot be read: " + signature.error().ToString();
  } else {
    const crypto::ContentDigest known = [&](crypto::HashAlgorithm algorithm) {
      return digest && algorithm == kImageHash ? *digest : crypto::Hash(algorithm, bytes);
    };
    verdict = verify::VerifyImage(bytes, signature->bytes(), *machine.anchors, &known).verdict;
  }
  const verify::Decision decision = verify::Decide(machine.signed_boot.policy, what, verdict);
  if (!decision.allowed) {
    return Error(ErrorCode::kPermission, "a detached signature is refused",
                 decision.line + " [" + machine.signed_boot.why + "]");
  }
  if (verdict.verified()) {
    outcome.summary.push_back(decision.line);
    detail += "; " + decision.line;
  } else {
    Warn(decision.line, outcome, detail);
  }
  return Ok();
}

// The verify step: the kernel's appended signature, and the initrds' and the option's tree's
// detached signatures, under the policy. A refusal under enforce fails the step with the
// reason; under warn it is a warning.
Result<KernelCheck> VerifyImages(const discover::BootOption& request, const Files& files,
                                 Machine& machine, Steps& steps, BootOutcome& outcome) {
  steps.Start(Step::kVerify);
  const verify::SignedBootPolicy policy = machine.signed_boot.policy;
  if (policy == verify::SignedBootPolicy::kOff || machine.anchors == nullptr) {
    steps.Done("signed boot is off (" + machine.signed_boot.why + ")");
    return KernelCheck{};
  }
  KernelCheck check = CheckKernel(policy, *machine.anchors, files.kernel, files.kernel_hash.get());
  if (!check.allowed) {
    return steps.Fail(Error(ErrorCode::kPermission, "the kernel's signature is refused",
                            check.line + " [" + machine.signed_boot.why + "]"));
  }
  std::string detail;
  if (!check.verdict.verified()) {
    Warn(check.line, outcome, detail);
    detail.erase(0, 2);  // Warn's "; " before the first part
  } else {
    outcome.summary.push_back(check.line);
    detail = check.line;
  }
  for (std::size_t i = 0; i < request.initrds.size() && i < files.initrd_files.size(); ++i) {
    // The digest taken while reading is of the one initrd only when there is one.
    std::optional<crypto::Digest> digest;
    if (files.initrd_files.size() == 1 && files.digests && files.digests->initrd)
      digest = files.digests->initrd;
    if (Result<void> checked = VerifyDetached(request.initrds[i], files.initrd_files[i].bytes(),
                                              digest, machine, outcome, detail);
        !checked) {
      return steps.Fail(std::move(checked).error());
    }
  }
  if (request.dtb) {
    if (Result<void> checked =
            VerifyDetached(*request.dtb, files.tree, std::nullopt, machine, outcome, detail);
        !checked) {
      return steps.Fail(std::move(checked).error());
    }
  }
  steps.Done(detail);
  return check;
}

// kexec_file_load: the running kernel reads, verifies and measures the images, builds the next
// tree and (with CONFIG_IMA_KEXEC) carries the list. baton neither measures nor builds a tree.
Result<BootOutcome> BootWithFileLoad(const discover::BootOption& request, Machine& machine,
                                     Finish finish, const Carrier& carrier, Steps& steps) {
  BootOutcome outcome;
  steps.Start(Step::kReadFiles);
  if (request.dtb) {
    return steps.Fail(Error(ErrorCode::kUnsupported,
                            "kexec_file_load cannot take the option's device tree",
                            Describe(*request.dtb) + " (" + carrier.why + ")"));
  }
  Result<Files> files = ReadFiles(request, machine, HashWhileReading::kNo, false);
  if (!files) return steps.Fail(std::move(files).error());
  steps.Done(std::to_string(files->kernel.size() + (files->initrd ? files->initrd->size() : 0)) +
             " bytes");
  if (Result<KernelCheck> checked = VerifyImages(request, *files, machine, steps, outcome);
      !checked)
    return std::move(checked).error();

  steps.Start(Step::kMeasure);
  const std::optional<std::uint64_t> count = MeasurementCount(*machine.files);
  std::string detail = "the kernel measures the images (kexec_file_load)";
  if (auto warning = RestoreWarning(files->kernel, count.value_or(0)))
    Warn(*warning, outcome, detail);
  steps.Done(detail);

  steps.Start(Step::kBuildTree);
  if (machine.console) {
    outcome.summary.push_back("note: kexec_file_load keeps the running kernel's console; " +
                              *machine.console + " is not passed on");
  }
  steps.Done("the kernel builds the tree (kexec_file_load)");

  steps.Start(Step::kLoad);
  std::optional<platform::KexecImage> initrd;
  if (files->initrd)
    initrd = platform::KexecImage{*files->initrd, Describe(request.initrds.front())};
  if (auto loaded = machine.kexec->LoadImages({files->kernel, Describe(request.kernel)}, initrd,
                                              request.config.args);
      !loaded) {
    return steps.Fail(std::move(loaded).error());
  }
  steps.Done("kexec_file_load");
  outcome.summary.insert(outcome.summary.begin(),
                         "kexec_file_load (" + carrier.why +
                             "): the kernel carries the IMA list if built with "
                             "CONFIG_IMA_KEXEC; baton does not");

  steps.Start(Step::kReboot);
  if (finish == Finish::kStopBeforeReboot) {
    steps.Done("stopped before reboot(2)");
    outcome.summary.push_back("Simulated machine: stopped before the reboot system call.");
    return outcome;
  }
  Result<void> executed = machine.kexec->Execute();
  return steps.Fail(executed ? Error(ErrorCode::kIo, "reboot returned")
                             : std::move(executed).error());
}

}  // namespace

Result<BootOutcome> RunBoot(const discover::BootOption& request, Machine& machine, Finish finish,
                            const ProgressSink& progress) {
  Steps steps(progress);
  BootOutcome outcome;

  steps.Start(Step::kResolve);
  if (auto resolved = Resolve(request); !resolved) return steps.Fail(std::move(resolved).error());
  const Carrier& carrier = machine.carrier;
  steps.Done(Describe(request.kernel));
  if (carrier.method == LoadMethod::kKexecFileLoad) {
    return BootWithFileLoad(request, machine, finish, carrier, steps);
  }

  steps.Start(Step::kReadFiles);
  // Hashed while read when there is a TPM to measure into (MeasureForHandoff measures only then).
  Result<Files> files = ReadFiles(
      request, machine, machine.tpm != nullptr ? HashWhileReading::kYes : HashWhileReading::kNo);
  if (!files) return steps.Fail(std::move(files).error());
  steps.Done(std::to_string(files->kernel.size() + (files->initrd ? files->initrd->size() : 0)) +
             " bytes");
  Result<KernelCheck> checked = VerifyImages(request, *files, machine, steps, outcome);
  if (!checked) return std::move(checked).error();

  // The list last: anything measured after this read is not in it.
  steps.Start(Step::kMeasure);
  std::optional<ByteBuffer> list;
  if (Result<ByteBuffer> read = machine.files->ReadFile(platform::kImaListPath, kMaxList); read) {
    list = std::move(*read);
  } else if (read.error().code() != ErrorCode::kNotFound) {
    return steps.Fail(std::move(read).error().WithContext(platform::kImaListPath));
  }
  HandoffInputs inputs;
  inputs.kernel = files->kernel;
  inputs.kernel_name = request.kernel.path;
  inputs.initrd = files->initrd;
  if (!request.initrds.empty()) inputs.initrd_name = request.initrds.front().path;
  inputs.bootargs = request.config.args;
  inputs.console = machine.console;
  inputs.page_size = machine.page_size;
  inputs.kernel_end = files->kernel_end;
  inputs.tpm = machine.tpm;
  inputs.digests = files->digests;
  inputs.kernel_signature = checked->signature;
  Result<Handoff> handoff = MeasureForHandoff(inputs, std::move(list), platform::kImaListPath);
  if (!handoff) return steps.Fail(std::move(handoff).error());
  std::string warnings;
  for (const std::string& warning : handoff->warnings) Warn(warning, outcome, warnings);
  steps.Done((!handoff->list ? "no IMA list"
              : handoff->measurement
                  ? std::to_string(handoff->measurement->entries.size()) + " entries for PCR 10"
              : machine.tpm == nullptr ? "no TPM: not measured"
                                       : "not measured") +
             warnings);

  steps.Start(Step::kBuildTree);
  Result<devicetree::DeviceTree> base =
      devicetree::DeviceTree::Load(files->tree, files->tree_origin);
  if (!base) return steps.Fail(std::move(base).error());
  inputs.base_tree = &*base;
  if (auto planned = PlanHandoff(inputs, *handoff, platform::kImaListPath); !planned) {
    return steps.Fail(std::move(planned).error());
  }
  const kexec::Plan& plan = handoff->plan;
  steps.Done(std::to_string(plan.segments.size()) + " segments");

  // On a simulated machine the load is also the plan written to it (timed as the load, apart
  // from the planning).
  steps.Start(Step::kLoad);
  if (auto loaded = LoadHandoff(*machine.kexec, *handoff); !loaded)
    return steps.Fail(std::move(loaded).error());
  if (machine.plan_directory) {
    if (auto written = WritePlan(*machine.files, *machine.plan_directory, *handoff); !written) {
      return steps.Fail(std::move(written).error());
    }
  }
  char entry_text[32];
  std::snprintf(entry_text, sizeof entry_text, "entry 0x%llx",
                static_cast<unsigned long long>(plan.entry));
  steps.Done(entry_text);

  outcome.summary.insert(
      outcome.summary.begin(),
      "kexec_load: baton carries the IMA list (" + std::to_string(plan.ima_entries) + " entries)");
  if (handoff->measurement) {
    outcome.summary.push_back(
        "baton measured the next kernel: " + std::to_string(handoff->measurement->entries.size()) +
        " entries for PCR 10");
  }
  for (const kexec::PlanSegment& segment : plan.segments) {
    char line[128];
    std::snprintf(line, sizeof line, "  %-10s at 0x%09llx  %10zu bytes", segment.name.c_str(),
                  static_cast<unsigned long long>(segment.memory.address), segment.bytes.size());
    outcome.summary.push_back(line);
  }
  for (const std::string& note : plan.notes) outcome.summary.push_back("note: " + note);

  steps.Start(Step::kReboot);
  if (finish == Finish::kStopBeforeReboot) {
    steps.Done("stopped before reboot(2)");
    outcome.summary.push_back("Simulated machine: stopped before the reboot system call.");
    return outcome;
  }
  // (When measurements arrived after the snapshot, the operator boots again from the menu.)
  return steps.Fail(
      RebootIntoHandoff(*machine.files, machine.tpm, *machine.kexec, *handoff).error());
}

}  // namespace baton::boot
