// SPDX-License-Identifier: GPL-2.0-or-later
// baton's measurement of the next kernel, shared by the boot sequence and `baton kexec load`.
//
// A userspace kexec_load is not measured by the kernel (no KEXEC_KERNEL_CHECK or KEXEC_CMDLINE
// hooks run), so baton makes the entries the kernel's own IMA would make for kexec_file_load:
// ima-ng for the kernel (ima-modsig when its signature was checked) and the initrd, ima-buf
// "kexec-cmdline" for the command line, PCR 10. They join the carried list, and their per-bank
// digests are extended right before the reboot, so that the carried list still replays after it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/boot/kernel_signature.h"
#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/ima/entries.h"
#include "platform/include/file_system.h"
#include "platform/include/tpm.h"

namespace baton::boot {

struct NextKernelMeasurement {
  std::vector<crypto::HashAlgorithm> banks;  // the TPM's, in the order of each entry's extend
  std::vector<ima::NewEntry> entries;
};

// The file digests of the next kernel's images, in kImageHash (the kernels' default ima_hash),
// as their ima-ng entries carry them.
inline constexpr crypto::HashAlgorithm kImageHash = crypto::HashAlgorithm::kSha256;
struct ImageDigests {
  crypto::Digest kernel;
  std::optional<crypto::Digest> initrd;
};

// Hashes images already in memory, the initrd on a second thread beside the kernel (tens of
// megabytes each: the time of the larger one). The boot sequence hashes while it reads instead.
ImageDigests HashImages(Bytes kernel, std::optional<Bytes> initrd);

// The entries for the next kernel: ima-ng of the kernel (ima-modsig when `signature`, its
// checked appended signature, is given: kernel_signature.h) and of the initrd, ima-buf
// kexec-cmdline; the TPM gives the banks each entry's extend covers.
Result<NextKernelMeasurement> MeasureNextKernel(platform::Tpm& tpm, const ImageDigests& digests,
                                                const KernelSignature* signature,
                                                std::string_view kernel_name,
                                                std::string_view initrd_name,
                                                std::string_view command_line);

// (Its extends reach PCR 10 through boot/pending.h, right before the reboot.)

// The running kernel's runtime_measurements_count, if readable.
std::optional<std::uint64_t> MeasurementCount(platform::FileSystem& machine);

}  // namespace baton::boot
