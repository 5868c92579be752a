// SPDX-License-Identifier: GPL-2.0-or-later
// Measuring the next kernel.
#include "bootloader/boot/measurement.h"

#include <pthread.h>

#include "bootloader/core/text.h"
#include "platform/include/machine_paths.h"

namespace baton::boot {
namespace {

struct InitrdHash {
  Bytes bytes;
  crypto::Digest digest;
};

void* HashInitrd(void* argument) {
  auto* job = static_cast<InitrdHash*>(argument);
  job->digest = crypto::Hash(crypto::HashAlgorithm::kSha256, job->bytes);
  return nullptr;
}

}  // namespace

Result<NextKernelMeasurement> MeasureNextKernel(platform::Tpm& tpm, Bytes kernel,
                                                std::string_view kernel_name,
                                                std::optional<Bytes> initrd,
                                                std::string_view initrd_name,
                                                std::string_view command_line) {
  NextKernelMeasurement measurement;
  const auto algorithm = crypto::HashAlgorithm::kSha256;  // the kernels' default ima_hash
  const ByteOrder order = NativeByteOrder();
  // The initrd is hashed on a second thread while this one hashes the kernel and asks the TPM
  // for its banks: tens of megabytes each, so on a server's many CPUs the measurement takes the
  // time of the larger file (and on one CPU no longer than before).
  // (pthread, not std::thread: a thread that cannot be made means hashing here, not an
  // exception in the middle of a boot.)
  InitrdHash job;
  pthread_t worker{};
  bool threaded = false;
  if (initrd) {
    job.bytes = *initrd;
    threaded = ::pthread_create(&worker, nullptr, HashInitrd, &job) == 0;
  }
  const crypto::Digest kernel_digest = crypto::Hash(algorithm, kernel);
  Result<std::vector<crypto::HashAlgorithm>> banks = tpm.Banks();
  if (threaded)
    ::pthread_join(worker, nullptr);
  else if (initrd)
    HashInitrd(&job);
  std::optional<crypto::Digest> initrd_digest;
  if (initrd) initrd_digest = job.digest;
  measurement.banks = BATON_TRY(std::move(banks));
  measurement.entries.push_back(ima::MakeFileEntry(ima::kImaPcr, algorithm, kernel_digest.bytes(),
                                                   kernel_name, order, measurement.banks));
  if (initrd_digest) {
    measurement.entries.push_back(ima::MakeFileEntry(
        ima::kImaPcr, algorithm, initrd_digest->bytes(), initrd_name, order, measurement.banks));
  }
  measurement.entries.push_back(ima::MakeBufferEntry(
      ima::kImaPcr, algorithm, "kexec-cmdline", AsBytes(command_line), order, measurement.banks));
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
