// SPDX-License-Identifier: GPL-2.0-or-later
// bootloader/boot: the boot sequence, from a chosen boot option to the reboot into it:
// resolve → read files → verify → measure → build the tree → load → reboot. Every step reaches the
// world through platform interfaces (FileSystem for the machine, ResourceReader for the option's
// disks, Tpm, Kexec), so the same sequence runs on a firmware and on the simulated machine, where
// it stops before the reboot and leaves the plan in a folder.
//
// Security-relevant order (ima-kexec-protocol.md §9): the kernel, initrd and base tree are read
// first and the IMA list last, since anything measured after the list is read would be missing
// from the carried list; the next kernel's measurements are extended into PCR 10 only right
// before the reboot, after a last check that nothing was measured since the snapshot.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/discover/discovery.h"
#include "bootloader/verify/verified_boot.h"
#include "platform/include/file_system.h"
#include "platform/include/kexec.h"
#include "platform/include/tpm.h"

namespace baton::boot {

enum class Step : std::uint8_t {
  kResolve,
  kReadFiles,
  kVerify,
  kMeasure,
  kBuildTree,
  kLoad,
  kReboot
};
inline constexpr Step kSteps[] = {Step::kResolve,   Step::kReadFiles, Step::kVerify, Step::kMeasure,
                                  Step::kBuildTree, Step::kLoad,      Step::kReboot};
inline constexpr std::size_t kStepCount = 7;
std::string_view StepName(Step step);  // "resolve", "read files", "verify", "measure", ...

// Reads the option's files from the devices discovery found (DeviceFiles::LoadFile): each
// read once into the memory kexec_load copies it from, observed piece by piece as it arrives so
// that the measurement's hash runs while the file is read. Two files may be read at once, from
// two threads.
class ResourceReader {
 public:
  virtual ~ResourceReader() = default;
  virtual Result<platform::MappedFile> Load(const std::string& device, const std::string& path,
                                            std::uint64_t max_size,
                                            const std::function<void(Bytes)>& observe) = 0;
};

// Which kernel interface loads the next kernel, and so who carries the IMA list.
enum class LoadMethod : std::uint8_t { kKexecLoad, kKexecFileLoad };
struct Carrier {
  LoadMethod method = LoadMethod::kKexecLoad;
  std::string why;
};
// Lockdown (any mode but none) and OS secure boot make the kernel refuse kexec_load.
Carrier ChooseCarrier(platform::FileSystem& machine);
// The line the menu shows before a boot: who carries the list, and whether baton measures.
std::string CarrierLine(const Carrier& carrier, bool list_present, bool tpm_present);

enum class Finish : std::uint8_t {
  kReboot,            // a real machine: extend, then reboot(LINUX_REBOOT_CMD_KEXEC)
  kStopBeforeReboot,  // the simulated machine: write what would be extended, and stop
};

struct Machine {
  platform::FileSystem* files = nullptr;  // the machine's root (tree, list, lockdown)
  Carrier carrier;                        // chosen once (ChooseCarrier), shown before the boot
  ResourceReader* resources = nullptr;
  platform::Tpm* tpm = nullptr;  // null: no TPM (nothing is measured)
  platform::Kexec* kexec = nullptr;
  std::optional<std::string> console;  // /chosen/stdout-path for the next kernel
  std::uint64_t page_size = 65536;
  std::optional<std::string> plan_directory;  // on `files`: plan.json, segments, next.dtb
  // Verified boot (bootloader/verify): the policy in force and whom it trusts. With the policy
  // off (or no anchors given) the verify step checks nothing.
  verify::PolicyChoice signed_boot;
  const crypto::TrustAnchors* anchors = nullptr;
};

enum class StepEvent : std::uint8_t { kStarted, kDone, kFailed };
using ProgressSink = std::function<void(Step, StepEvent, const std::string& detail)>;

struct BootOutcome {
  std::vector<std::string> summary;  // what the operator should read (plan, carrier, extends)
};

// Runs the sequence for a discovered (perhaps edited) boot option: its kernel, its initrds
// (concatenated, as the kernel accepts several cpio archives), its device tree (the firmware's
// when it names none) and its arguments. The error names the step that failed. With kReboot it
// returns only on failure.
Result<BootOutcome> RunBoot(const discover::BootOption& option, Machine& machine, Finish finish,
                            const ProgressSink& progress);

}  // namespace baton::boot
