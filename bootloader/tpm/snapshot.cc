// SPDX-License-Identifier: GPL-2.0-or-later
// The list and the PCRs of one moment.
#include "bootloader/tpm/snapshot.h"

#include <algorithm>

namespace baton::tpm {

Result<std::vector<ima::PcrBank>> ReadAllBanks(platform::Tpm& tpm,
                                               const std::optional<std::string>& only) {
  std::vector<crypto::HashAlgorithm> banks = BATON_TRY(tpm.Banks());
  if (only) {
    auto wanted = crypto::ParseHashName(*only);
    if (!wanted) return Error(ErrorCode::kUsage, "unknown bank", *only);
    if (std::find(banks.begin(), banks.end(), *wanted) == banks.end()) {
      return Error(ErrorCode::kNotFound, "the TPM has no such bank", *only);
    }
    banks = {*wanted};
  }
  return tpm.ReadPcrs(banks);
}

Result<Snapshot> TakeSnapshot(const std::function<Result<ByteBuffer>()>& read_list,
                              ListSource source, platform::Tpm* tpm) {
  Snapshot snapshot;
  for (int attempt = 0; attempt < 3; ++attempt) {
    snapshot.list = BATON_TRY(read_list());
    if (tpm == nullptr) return snapshot;
    auto pcrs = ReadAllBanks(*tpm, std::nullopt);
    if (!pcrs) {
      snapshot.tpm_error = pcrs.error().ToString();
      return snapshot;
    }
    snapshot.pcrs = std::move(*pcrs);
    if (source == ListSource::kFile) return snapshot;
    ByteBuffer again = BATON_TRY(read_list());
    if (again == snapshot.list) return snapshot;
  }
  return snapshot;
}

}  // namespace baton::tpm
