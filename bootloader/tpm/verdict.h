// SPDX-License-Identifier: GPL-2.0-or-later
// Whether a measurement list replays to the TPM's live PCRs, per bank; how many kernels booted
// since power-on (one boot_aggregate each); whether the newest boot_aggregate matches PCR 0–9.
//
// This is information for the operator, never a reason to trust the machine: the verdict is the
// remote verifier's to make (ARCHITECTURE.md).
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/ima/pcr_table.h"
#include "bootloader/ima/replay.h"

namespace baton::tpm {

enum class Verdict : std::uint8_t { kReplays, kDoesNotReplay, kCannotTell };

std::string_view VerdictName(Verdict verdict);  // "replays", "does not replay", "cannot tell"

struct BankVerdict {
  crypto::HashAlgorithm bank;
  Verdict verdict = Verdict::kCannotTell;
  std::vector<std::uint32_t> mismatched_pcrs;
  std::bitset<crypto::kPcrCount> named;  // the PCRs the list extends
  std::optional<std::uint64_t> longest_prefix;
  std::string reason;  // for kCannotTell, and for a digest mismatch
};

struct ListVerdict {
  Verdict overall = Verdict::kCannotTell;  // replays only if every compared bank replays
  std::vector<BankVerdict> banks;
  std::uint64_t entries = 0;
  std::uint64_t boot_generations = 0;          // boot_aggregate entries: kernels since power-on
  std::optional<bool> boot_aggregate_matches;  // newest boot_aggregate against PCR 0–9
  std::string boot_aggregate_reason;
};

// Replays `stream` against `live` (the TPM's banks; empty when there is no TPM, with
// `no_tpm_reason` saying why). Errors only for a malformed list.
Result<ListVerdict> JudgeList(Bytes stream, ByteOrder order, const std::vector<ima::PcrBank>& live,
                              const std::string& no_tpm_reason);

}  // namespace baton::tpm
