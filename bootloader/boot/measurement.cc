// SPDX-License-Identifier: GPL-2.0-or-later
// Measuring the next kernel.
#include "bootloader/boot/measurement.h"

#include "bootloader/core/text.h"
#include "bootloader/core/thread.h"
#include "platform/include/machine_paths.h"

namespace baton::boot {

ImageDigests HashImages(Bytes kernel, std::optional<Bytes> initrd) {
  ImageDigests digests;
  RunSideBySide([&] { digests.kernel = crypto::Hash(kImageHash, kernel); },
                [&] {
                  if (initrd) digests.initrd = crypto::Hash(kImageHash, *initrd);
                });
  return digests;
}

Result<NextKernelMeasurement> MeasureNextKernel(platform::Tpm& tpm, const ImageDigests& digests,
                                                const KernelSignature* signature,
                                                std::string_view kernel_name,
                                                std::string_view initrd_name,
                                                std::string_view command_line) {
  NextKernelMeasurement measurement;
  const ByteOrder order = NativeByteOrder();
  measurement.banks = BATON_TRY(tpm.Banks());
  if (signature != nullptr) {
    measurement.entries.push_back(ima::MakeModsigEntry(
        ima::kImaPcr, kImageHash, digests.kernel.bytes(), kernel_name, signature->algorithm,
        signature->signed_digest.bytes(), signature->pkcs7, order, measurement.banks));
  } else {
    measurement.entries.push_back(ima::MakeFileEntry(
        ima::kImaPcr, kImageHash, digests.kernel.bytes(), kernel_name, order, measurement.banks));
  }
  if (digests.initrd) {
    measurement.entries.push_back(ima::MakeFileEntry(
        ima::kImaPcr, kImageHash, digests.initrd->bytes(), initrd_name, order, measurement.banks));
  }
  measurement.entries.push_back(ima::MakeBufferEntry(
      ima::kImaPcr, kImageHash, "kexec-cmdline", AsBytes(command_line), order, measurement.banks));
  return measurement;
}

std::optional<std::uint64_t> MeasurementCount(platform::FileSystem& machine) {
  auto text = machine.ReadFile(platform::kImaCountPath, 64);
  if (!text) return std::nullopt;
  std::string_view value = AsText(*text);
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  return ParseNumber(value);
}

}  // namespace baton::boot
