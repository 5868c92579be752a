// SPDX-License-Identifier: GPL-2.0-or-later
// A snapshot for a verifier or a verdict: the measurement list and the TPM's PCRs describing
// the same moment. The list is read, then the PCRs, then the list again; a measurement in
// between would make them disagree, so it is read until the list stays the same (3 tries).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/ima/pcr_table.h"
#include "platform/include/tpm.h"

namespace baton::tpm {

// Every PCR of every allocated bank, or only of `only` (a bank name): kUsage for a name that is
// no hash, kNotFound for a bank the TPM has not allocated.
Result<std::vector<ima::PcrBank>> ReadAllBanks(platform::Tpm& tpm,
                                               const std::optional<std::string>& only);

struct Snapshot {
  ByteBuffer list;
  std::vector<ima::PcrBank> pcrs;
  std::string tpm_error;  // why there are no PCRs (no TPM given, or it failed); empty when read
};

enum class ListSource : std::uint8_t {
  kLive,  // the running kernel's list: it may grow, so it is read again after the PCRs
  kFile,  // a saved list: read once
};

// `read_list` reads the list (errors are the snapshot's); `tpm` may be null (no PCRs then).
Result<Snapshot> TakeSnapshot(const std::function<Result<ByteBuffer>()>& read_list,
                              ListSource source, platform::Tpm* tpm);

}  // namespace baton::tpm
