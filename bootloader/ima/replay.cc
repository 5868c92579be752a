// SPDX-License-Identifier: GPL-2.0-or-later
// Replaying a measurement list into PCR values.
#include "bootloader/ima/replay.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <thread>

namespace baton::ima {
namespace {

using crypto::Digest;
using crypto::HashAlgorithm;

// The `ima` template's hash input: d[20] then the name zero-padded to 256 bytes.
using LegacyHashInput = std::array<std::byte, kTemplateDigestSize + kMaxEventNameLength + 1>;

Bytes LegacyInput(const ListEntry& entry, LegacyHashInput& scratch) {
  scratch.fill(std::byte{0});
  Bytes data = entry.template_data;
  std::memcpy(scratch.data(), data.data(), kTemplateDigestSize);
  Bytes name = data.subspan(kTemplateDigestSize + 4);  // at most 255 bytes, checked by the reader
  if (!name.empty()) std::memcpy(scratch.data() + kTemplateDigestSize, name.data(), name.size());
  return scratch;
}

// Tracks which prefixes of the list replay to the expected values. A prefix of k entries
// replays when every PCR the whole list names equals its expected value after k entries. The
// set of named PCRs is known only at the end, so for each set of PCRs seen so far the last k at
// which all of them matched is kept, and judged at the end.
class PrefixTracker {
 public:
  explicit PrefixTracker(const PcrBank& expected) : expected_(expected) {}

  void Start(const PcrBank& values) {
    for (std::size_t i = 0; i < kPcrCount; ++i) matching_[i] = Matches(values, i);
  }
  void After(std::uint64_t entries, std::uint32_t pcr, const PcrBank& values) {
    seen_.set(pcr);
    matching_[pcr] = Matches(values, pcr);
    bool all_seen_match = true;
    for (std::size_t i = 0; i < kPcrCount && all_seen_match; ++i) {
      if (seen_.test(i) && expected_.present.test(i) && !matching_[i]) all_seen_match = false;
    }
    if (!all_seen_match) return;
    if (!candidates_.empty() && candidates_.back().seen == seen_) {
      candidates_.back().entries = entries;
    } else {
      candidates_.push_back({seen_, entries});
    }
  }
  // The longest candidate whose unseen named PCRs still hold a matching initial value.
  std::optional<std::uint64_t> Longest(const std::bitset<kPcrCount>& named,
                                       const PcrBank& initial) const {
    for (auto it = candidates_.rbegin(); it != candidates_.rend(); ++it) {
      bool valid = true;
      for (std::size_t i = 0; i < kPcrCount && valid; ++i) {
        if (named.test(i) && !it->seen.test(i) && expected_.present.test(i) &&
            !(initial.values[i] == expected_.values[i])) {
          valid = false;
        }
      }
      if (valid) return it->entries;
    }
    return std::nullopt;
  }

 private:
  bool Matches(const PcrBank& values, std::size_t pcr) const {
    return expected_.present.test(pcr) && values.values[pcr] == expected_.values[pcr];
  }
  struct Candidate {
    std::bitset<kPcrCount> seen;
    std::uint64_t entries;
  };
  const PcrBank& expected_;
  std::array<bool, kPcrCount> matching_{};
  std::bitset<kPcrCount> seen_;
  std::vector<Candidate> candidates_;
};

}  // namespace

Digest TemplateHash(const ListEntry& entry, HashAlgorithm algorithm) {
  if (entry.legacy_ima) {
    LegacyHashInput scratch;
    return crypto::Hash(algorithm, LegacyInput(entry, scratch));
  }
  return crypto::Hash(algorithm, entry.template_data);
}

Digest ExtendValue(const ListEntry& entry, HashAlgorithm bank, ReplayRule rule) {
  const bool violation = entry.IsViolation();
  if (rule == ReplayRule::kSha1Padded) {
    if (violation) {
      Digest value = Digest::Zero(bank);
      std::fill_n(value.storage.begin(), kTemplateDigestSize, std::byte{0xff});
      return value;
    }
    return Digest::Padded(bank, entry.template_digest);
  }
  if (violation) return Digest::Filled(bank, std::byte{0xff});
  if (bank == HashAlgorithm::kSha1) return Digest::Padded(bank, entry.template_digest);
  return TemplateHash(entry, bank);
}

Result<BankReplay> ReplayBank(Bytes stream, ByteOrder order, const BankRequest& request,
                              ReplayRule rule) {
  const HashAlgorithm bank = request.algorithm;
  BankReplay replay;
  replay.values = PcrBank::PowerOn(bank);
  const PcrBank initial = replay.values;
  std::optional<PrefixTracker> tracker;
  if (request.expected != nullptr) {
    if (request.expected->algorithm != bank) {
      return Error(ErrorCode::kInvalidArgument, "expected PCR values are for another bank");
    }
    tracker.emplace(*request.expected);
    tracker->Start(replay.values);
  }
  ListReader reader(stream, order);
  ListEntry entry;
  while (BATON_TRY(reader.Next(entry))) {
    if (entry.pcr >= kPcrCount) {
      return Error::AtOffset(ErrorCode::kImaMalformed, "PCR index out of range", entry.offset)
          .WithDetail(std::to_string(entry.pcr) + ", a TPM has PCRs 0..23");
    }
    Digest value;
    if (bank == HashAlgorithm::kSha1 && !entry.IsViolation()) {
      // The SHA-1 bank is extended with the template digest; recomputing it here also proves
      // it, since the next kernel will replace it with exactly this value.
      value = TemplateHash(entry, HashAlgorithm::kSha1);
      if (!replay.digest_mismatch_offset &&
          !std::equal(value.storage.begin(), value.storage.begin() + kTemplateDigestSize,
                      entry.template_digest.begin())) {
        replay.digest_mismatch_offset = entry.offset;
      }
      value = Digest::Padded(bank, entry.template_digest);
    } else {
      value = ExtendValue(entry, bank, rule);
    }
    crypto::Extend(bank, replay.values.values[entry.pcr], value.bytes());
    replay.named.set(entry.pcr);
    ++replay.entries;
    if (entry.IsViolation()) ++replay.violations;
    if (tracker) tracker->After(replay.entries, entry.pcr, replay.values);
  }
  if (request.expected != nullptr) {
    const PcrBank& expected = *request.expected;
    replay.compared = true;
    replay.compared_pcrs = replay.named & expected.present;
    for (std::size_t i = 0; i < kPcrCount; ++i) {
      if (replay.compared_pcrs.test(i) && !(replay.values.values[i] == expected.values[i])) {
        replay.mismatched.set(i);
      }
    }
    replay.matches =
        replay.compared_pcrs.any() && replay.mismatched.none() && !replay.digest_mismatch_offset;
    replay.longest_prefix = tracker->Longest(replay.named, initial);
  }
  return replay;
}

Result<std::vector<BankReplay>> ReplayBanks(Bytes stream, ByteOrder order,
                                            const std::vector<BankRequest>& requests,
                                            ReplayRule rule) {
  std::vector<std::optional<Result<BankReplay>>> results(requests.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < requests.size(); ++i) {
    threads.emplace_back(
        [&, i] { results[i].emplace(ReplayBank(stream, order, requests[i], rule)); });
  }
  if (!requests.empty()) results[0].emplace(ReplayBank(stream, order, requests[0], rule));
  for (std::thread& thread : threads) thread.join();
  std::vector<BankReplay> replays;
  for (auto& result : results) {
    if (!result->has_value()) return std::move(*result).error();
    replays.push_back(std::move(**result));
  }
  return replays;
}

Result<std::optional<std::uint64_t>> FindDigestMismatch(Bytes stream, ByteOrder order) {
  ListReader reader(stream, order);
  ListEntry entry;
  while (BATON_TRY(reader.Next(entry))) {
    if (entry.IsViolation()) continue;
    Digest digest = TemplateHash(entry, HashAlgorithm::kSha1);
    if (!std::equal(entry.template_digest.begin(), entry.template_digest.end(),
                    digest.storage.begin())) {
      return std::optional<std::uint64_t>(entry.offset);
    }
  }
  return std::optional<std::uint64_t>();
}

}  // namespace baton::ima
