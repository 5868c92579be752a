// SPDX-License-Identifier: GPL-2.0-or-later
// The kexec_load hand-off, shared by the boot sequence (the menu, `baton boot`) and
// `baton kexec load`: from inputs already read (the IMA list last) to the loaded next kernel,
// and from there to the reboot.
//
//   MeasureForHandoff  scan the snapshot, warn about a next kernel that cannot restore it,
//                    measure the next kernel (ima-ng kernel and initrd, ima-buf kexec-cmdline)
//                    into the carried list
//   PlanHandoff      plan the segments, the next tree and the IMA buffer
//   LoadHandoff      kexec_load the plan's segments
//   RebootIntoHandoff  the snapshot must be the last thing measured: compare the count with
//                    the snapshot's (kImaRejected when it grew), extend the measurement into
//                    PCR 10, reboot
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bootloader/boot/measurement.h"
#include "bootloader/boot/pending.h"
#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/kexec/plan.h"
#include "platform/include/file_system.h"
#include "platform/include/kexec.h"
#include "platform/include/tpm.h"

namespace baton::boot {

// What a measurement that cannot be made (the TPM fails, or stops answering) does.
enum class IfUnmeasured : std::uint8_t {
  kRefuse,  // the boot stops: a kernel must not boot unmeasured without a person deciding so
  kWarn,    // the boot goes on unmeasured; the list still replays (an operator's command line)
};

struct HandoffInputs {
  Bytes kernel;                 // must outlive the Handoff (its plan views it)
  std::string kernel_name;      // as the measurement names it (the path)
  std::optional<Bytes> initrd;  // likewise
  std::string initrd_name;
  const devicetree::DeviceTree* base_tree = nullptr;
  std::optional<std::string> bootargs;  // absent: the base tree's are kept
  std::optional<std::string> console;   // /chosen/stdout-path for the next kernel
  std::uint64_t page_size = 65536;
  std::uint64_t kernel_end = 0;
  platform::Tpm* tpm = nullptr;  // null: the next kernel is not measured
  // The images' digests when the caller hashed them while reading; else they are hashed here,
  // only when a measurement is made.
  std::optional<ImageDigests> digests;
  // The kernel's checked appended signature (CheckKernel): measured as ima-modsig.
  std::optional<KernelSignature> kernel_signature;
  IfUnmeasured if_unmeasured = IfUnmeasured::kRefuse;
};

struct Handoff {
  Handoff() = default;
  Handoff(Handoff&&) = default;
  Handoff& operator=(Handoff&&) = default;
  Handoff(const Handoff&) = delete;  // a copy's plan would still view the original's buffers
  Handoff& operator=(const Handoff&) = delete;

  std::optional<ByteBuffer> list;  // the carried list: the snapshot plus baton's entries
  std::uint64_t snapshot_entries = 0;
  std::optional<NextKernelMeasurement> measurement;
  kexec::Plan plan;                   // views the inputs' kernel and initrd, and its own buffers
  std::vector<std::string> warnings;  // for the operator, before the load
};

// `list` is the snapshot (absent: the running kernel has none); `list_origin` names it in errors.
// A measurement that cannot be made stops it or is a warning (inputs.if_unmeasured).
Result<Handoff> MeasureForHandoff(const HandoffInputs& inputs, std::optional<ByteBuffer> list,
                                  const std::string& list_origin);
// Needs inputs.base_tree.
Result<void> PlanHandoff(const HandoffInputs& inputs, Handoff& handoff,
                         const std::string& list_origin);

Result<void> LoadHandoff(platform::Kexec& kexec, const Handoff& handoff);

// RebootChecked (pending.h) with what the handoff measured: returns only on failure.
Result<void> RebootIntoHandoff(platform::FileSystem& machine, platform::Tpm* tpm,
                               platform::Kexec& kexec, const Handoff& handoff);
// What the handoff leaves to extend before the reboot.
PendingExtends PendingOf(const Handoff& handoff);

// Writes the plan into `directory` of `files` (made if absent): every segment (<name>.bin), the
// next tree (next.dtb), pending-extends.txt (pending.h) and plan.json.
Result<void> WritePlan(platform::FileSystem& files, const std::string& directory,
                       const Handoff& handoff);

// The running kernel's end (/chosen/linux,kernel-end, only in the live tree): 0 when unknown.
std::uint64_t KernelEnd(platform::FileSystem& machine);

// The warning for a next kernel that cannot restore a list of `carried_entries` (none when it
// can, or when there is nothing to carry). MeasureForHandoff adds it to its warnings.
std::optional<std::string> RestoreWarning(Bytes kernel, std::uint64_t carried_entries);

}  // namespace baton::boot
