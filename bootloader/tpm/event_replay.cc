// SPDX-License-Identifier: GPL-2.0-or-later
// Event log replay.
#include "bootloader/tpm/event_replay.h"

namespace baton::tpm {

std::vector<ima::PcrBank> ReplayEventLog(const EventLog& log) {
  std::vector<ima::PcrBank> banks;
  for (const auto& [id, size] : log.algorithms) {
    auto algorithm = static_cast<crypto::HashAlgorithm>(id);
    if (crypto::DigestSize(algorithm) != size) continue;  // an algorithm baton cannot hash
    ima::PcrBank bank = ima::PcrBank::PowerOn(algorithm);
    bank.values[0].storage[bank.values[0].size - 1] = static_cast<std::byte>(log.startup_locality);
    banks.push_back(bank);
  }
  for (const Event& event : log.events) {
    if (event.type == kEventNoAction) continue;
    for (const EventDigest& digest : event.digests) {
      for (ima::PcrBank& bank : banks) {
        if (static_cast<std::uint16_t>(bank.algorithm) == digest.algorithm) {
          crypto::Extend(bank.algorithm, bank.values[event.pcr], digest.digest);
        }
      }
    }
  }
  return banks;
}

EventLogVerdict JudgeEventLog(const EventLog& log, const std::vector<ima::PcrBank>& live) {
  EventLogVerdict result;
  if (live.empty()) {
    result.reason = "no TPM";
    return result;
  }
  bool compared = false;
  for (const ima::PcrBank& replayed : ReplayEventLog(log)) {
    for (const ima::PcrBank& bank : live) {
      if (bank.algorithm != replayed.algorithm) continue;
      compared = true;
      for (std::uint32_t pcr = 0; pcr < 10; ++pcr) {
        if (!(bank.values[pcr] == replayed.values[pcr])) result.mismatched_pcrs.push_back(pcr);
      }
    }
  }
  if (!compared) {
    result.reason = "the log and the TPM share no bank";
    return result;
  }
  result.verdict = result.mismatched_pcrs.empty() ? Verdict::kReplays : Verdict::kDoesNotReplay;
  return result;
}

}  // namespace baton::tpm
