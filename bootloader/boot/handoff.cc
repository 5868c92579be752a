// SPDX-License-Identifier: GPL-2.0-or-later
// The kexec_load hand-off.
#include "bootloader/boot/handoff.h"

#include "bootloader/ima/measurement_list.h"
#include "bootloader/kexec/elf.h"
#include "platform/include/machine_paths.h"
#include "platform/powerpc/trampoline.h"

namespace baton::boot {

std::optional<std::string> RestoreWarning(Bytes kernel, std::uint64_t carried_entries) {
  if (carried_entries == 0 || kexec::KernelReadsImaBuffer(kernel)) return std::nullopt;
  return std::string(
      "the next kernel cannot restore the IMA list (its image never names linux,ima-kexec-buffer: "
      "built without CONFIG_IMA_KEXEC/KEXEC_FILE); the list and its replay end at this boot");
}

Result<Handoff> MeasureForHandoff(const HandoffInputs& inputs, std::optional<ByteBuffer> list,
                                  const std::string& list_origin) {
  Handoff handoff;
  handoff.list = std::move(list);
  if (handoff.list) {
    Result<ima::ListSummary> scanned = ima::ScanList(*handoff.list, NativeByteOrder());
    if (!scanned) return std::move(scanned).error().WithContext(list_origin);
    handoff.snapshot_entries = scanned->entries;
    if (auto warning = RestoreWarning(inputs.kernel, handoff.snapshot_entries)) {
      handoff.warnings.push_back(std::move(*warning));
    }
  }
  // A measurement that cannot be made either stops the boot, or (an operator's explicit
  // command) leaves the list as it is: it still replays, and the verifier sees that the next
  // kernel was not measured.
  if (handoff.list && inputs.tpm != nullptr) {
    const ImageDigests digests =
        inputs.digests ? *inputs.digests : HashImages(inputs.kernel, inputs.initrd);
    Result<NextKernelMeasurement> measured = MeasureNextKernel(
        *inputs.tpm, digests, inputs.kernel_signature ? &*inputs.kernel_signature : nullptr,
        inputs.kernel_name, inputs.initrd_name, inputs.bootargs.value_or(""));
    if (measured) {
      handoff.measurement = std::move(*measured);
      for (const ima::NewEntry& entry : handoff.measurement->entries) {
        handoff.list->insert(handoff.list->end(), entry.bytes.begin(), entry.bytes.end());
      }
    } else if (inputs.if_unmeasured == IfUnmeasured::kRefuse) {
      return std::move(measured).error().WithContext("measuring the next kernel");
    } else {
      handoff.warnings.push_back("not measuring the next kernel: " + measured.error().ToString());
    }
  }
  return handoff;
}

Result<void> PlanHandoff(const HandoffInputs& inputs, Handoff& handoff,
                         const std::string& list_origin) {
  kexec::PlanInputs plan;
  plan.kernel = inputs.kernel;
  plan.initrd = inputs.initrd;
  plan.base_tree = inputs.base_tree;
  plan.bootargs = inputs.bootargs;
  plan.console = inputs.console;
  if (handoff.list) plan.ima_stream = Bytes(*handoff.list);
  plan.page_size = inputs.page_size;
  plan.kernel_end = inputs.kernel_end;
  plan.trampoline = platform::TrampolineCode(NativeByteOrder());
  Result<kexec::Plan> planned = kexec::BuildPlan(plan);
  if (!planned) {
    if (handoff.list && planned.error().code() == ErrorCode::kImaRejected) {
      return std::move(planned).error().WithContext(list_origin);
    }
    return std::move(planned).error();
  }
  handoff.plan = std::move(*planned);
  return Ok();
}

Result<void> LoadHandoff(platform::Kexec& kexec, const Handoff& handoff) {
  std::vector<platform::KexecSegment> segments;
  for (const kexec::PlanSegment& segment : handoff.plan.segments) {
    segments.push_back({segment.bytes, segment.memory.address, segment.memory.size});
  }
  return kexec.LoadSegments(handoff.plan.entry, segments);
}

Result<void> RebootIntoHandoff(platform::FileSystem& machine, platform::Tpm* tpm,
                               platform::Kexec& kexec, const Handoff& handoff) {
  return RebootChecked(machine, tpm, kexec, PendingOf(handoff));
}

PendingExtends PendingOf(const Handoff& handoff) {
  return PendingFrom(
      handoff.list ? std::optional<std::uint64_t>(handoff.snapshot_entries) : std::nullopt,
      handoff.measurement);
}

Result<void> WritePlan(platform::FileSystem& files, const std::string& directory,
                       const Handoff& handoff) {
  BATON_TRY(files.CreateDirectory(directory));
  for (const kexec::PlanSegment& segment : handoff.plan.segments) {
    BATON_TRY(files.WriteFile(directory + "/" + segment.name + ".bin", segment.bytes));
  }
  BATON_TRY(files.WriteFile(directory + "/next.dtb", handoff.plan.tree));
  BATON_TRY(files.WriteFile(directory + "/pending-extends.txt",
                            AsBytes(FormatPending(PendingOf(handoff)))));
  const std::string json = kexec::PlanJson(handoff.plan);
  return files.WriteFile(directory + "/plan.json", AsBytes(json));
}

std::uint64_t KernelEnd(platform::FileSystem& machine) {
  if (auto end = machine.ReadFile(platform::kKernelEndPath, 8); end && end->size() == 8) {
    return LoadUnsigned<std::uint64_t>(end->data(), ByteOrder::kBig);
  }
  return 0;
}

}  // namespace baton::boot
