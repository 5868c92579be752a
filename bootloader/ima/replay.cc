// SPDX-License-Identifier: GPL-2.0-or-later
// Replaying a measurement list into PCR values.
#include "bootloader/ima/replay.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <string>

#include "bootloader/core/thread.h"

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
// which all of them matched is kept, and judged at the end. Each entry costs O(1): the tracker
// counts the seen PCRs (with an expected value) that do not match, instead of looking at all 24.
class PrefixTracker {
 public:
  explicit PrefixTracker(const PcrBank& expected) : expected_(expected) {}

  void Start(const PcrBank& values) {
    for (std::size_t i = 0; i < kPcrCount; ++i) matching_[i] = Matches(values, i);
  }
  void After(std::uint64_t entries, std::uint32_t pcr, const PcrBank& values) {
    const bool was_seen = seen_.test(pcr);
    seen_.set(pcr);
    const bool now_matching = Matches(values, pcr);
    if (expected_.present.test(pcr)) {
      if (was_seen && !matching_[pcr]) --seen_mismatching_;
      if (!now_matching) ++seen_mismatching_;
    }
    matching_[pcr] = now_matching;
    if (seen_mismatching_ != 0) return;
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
  std::size_t seen_mismatching_ = 0;
  std::vector<Candidate> candidates_;
};

// One bank's chain: its PCR values, what it has seen, and its prefix tracker.
class BankChain {
 public:
  BankChain(const BankRequest& request, bool verify_sha1)
      : bank_(request.algorithm), expected_(request.expected), verify_sha1_(verify_sha1) {
    replay_.values = PcrBank::PowerOn(bank_);
    initial_ = replay_.values;
    if (expected_ != nullptr) {
      tracker_.emplace(*expected_);
      tracker_->Start(replay_.values);
    }
  }

  HashAlgorithm bank() const { return bank_; }

  // Extends the bank with one entry's value, in list order.
  void Extend(const ListEntry& entry, const Digest& value, bool sha1_mismatch) {
    if (verify_sha1_ && sha1_mismatch && !replay_.digest_mismatch_offset) {
      replay_.digest_mismatch_offset = entry.offset;
    }
    crypto::Extend(bank_, replay_.values.values[entry.pcr], value.bytes());
    replay_.named.set(entry.pcr);
    ++replay_.entries;
    if (entry.IsViolation()) ++replay_.violations;
    if (tracker_) tracker_->After(replay_.entries, entry.pcr, replay_.values);
  }

  BankReplay Finish() && {
    if (expected_ != nullptr) {
      const PcrBank& expected = *expected_;
      replay_.compared = true;
      replay_.compared_pcrs = replay_.named & expected.present;
      for (std::size_t i = 0; i < kPcrCount; ++i) {
        if (replay_.compared_pcrs.test(i) && !(replay_.values.values[i] == expected.values[i])) {
          replay_.mismatched.set(i);
        }
      }
      replay_.matches = replay_.compared_pcrs.any() && replay_.mismatched.none() &&
                        !replay_.digest_mismatch_offset;
      replay_.longest_prefix = tracker_->Longest(replay_.named, initial_);
    }
    return std::move(replay_);
  }

 private:
  HashAlgorithm bank_;
  const PcrBank* expected_;
  bool verify_sha1_;
  BankReplay replay_;
  PcrBank initial_;
  std::optional<PrefixTracker> tracker_;
};

Result<void> CheckPcrIndex(const ListEntry& entry) {
  if (entry.pcr < kPcrCount) return {};
  return Error::AtOffset(ErrorCode::kImaMalformed, "PCR index out of range", entry.offset)
      .WithDetail(std::to_string(entry.pcr) + ", a TPM has PCRs 0..23");
}

// ---- the two-thread replay ---------------------------------------------------------------
// The work of an entry is a template hash per bank (independent of every other entry) and an
// extend per bank (a chain: each needs the one before). It runs on two threads, in one of two
// shapes, whichever measured faster on the 1M-entry list of `make bench`:
//   Two or more banks: each thread takes whole banks (a lane) and walks the list itself,
//     hashing and extending its banks in list order. Nothing crosses between the cores but the
//     read-only list, which both read from the shared cache (sha1+sha256: 0.24 s).
//   One bank: a helper thread walks the list ahead and computes the template digests (and the
//     SHA-1 check of the list's own digest) into a ring; the caller's thread walks the same list
//     and runs the chain, taking the digests from the ring (sha256: 0.15 s against 0.25 s on one
//     thread). For two banks this shape cost a third more than lanes.
// Handing parsed entries across threads (a batch pipeline) was slower than both: a walk is
// cheap, moving what it found between cores is not. Both walkers of a list see the same
// entries and the same error at the same offset; the chainer's walk is the one that reports it.
// Memory: the list (one mapping, never copied) and the ring.
constexpr std::size_t kRingEntries = 8192;  // a power of two
constexpr std::size_t kPublishEvery = 256;  // entries between updates of the shared counters
constexpr std::size_t kPrefetchDistance = 1024;

enum class Hashing : std::uint8_t { kInline, kHelperThread };

class ReplayLane {
 public:
  ReplayLane(Bytes stream, ByteOrder order, const std::vector<BankRequest>& requests,
             ReplayRule rule, Hashing hashing)
      : stream_(stream), order_(order), rule_(rule) {
    for (const BankRequest& request : requests) {
      const bool sha1 = request.algorithm == HashAlgorithm::kSha1;
      verify_sha1_ = verify_sha1_ || sha1;
      chains_.emplace_back(request, sha1);
      // Where this bank's digests start in a ring record, or kNotComputed.
      if (rule == ReplayRule::kPerBankDigest && !sha1) {
        digest_at_.push_back(stride_);
        stride_ += crypto::DigestSize(request.algorithm);
      } else {
        digest_at_.push_back(kNotComputed);
      }
    }
    if (verify_sha1_) {
      mismatch_at_ = stride_;
      stride_ += 1;
    }
    if (hashing == Hashing::kInline) stride_ = 0;  // no ring: the chainer hashes
  }

  Result<std::vector<BankReplay>> Run() {
    if (stride_ != 0) {
      ring_.resize(kRingEntries * stride_);
      if (std::unique_ptr<HelperThread> hasher = HelperThread::Start([this] { Hash(); })) {
        Result<void> chained = Chain();
        stop_.store(true, std::memory_order_release);
        consumed_.fetch_add(kRingEntries, std::memory_order_release);  // unblocks the hasher
        consumed_.notify_all();
        hasher.reset();  // joins
        BATON_TRY(std::move(chained));
        return Finish();
      }
      // No second thread: the chainer hashes.
      ring_ = {};
      stride_ = 0;
    }
    // Inline, or nothing to hash ahead (every value comes from the list's own digests).
    BATON_TRY(Chain());
    return Finish();
  }

 private:
  std::vector<BankReplay> Finish() {
    std::vector<BankReplay> replays;
    for (BankChain& chain : chains_) replays.push_back(std::move(chain).Finish());
    return replays;
  }

  static constexpr std::size_t kNotComputed = static_cast<std::size_t>(-1);

  std::byte* Record(std::uint64_t index) { return ring_.data() + (index % kRingEntries) * stride_; }
  void Prefetch(const ListEntry& entry) const {
    if (entry.offset + kPrefetchDistance < stream_.size()) {
      __builtin_prefetch(stream_.data() + entry.offset + kPrefetchDistance);
    }
  }

  // The helper thread. Stops at the end of the list, at a malformed entry (the chainer reports
  // it) or when the chainer stops.
  void Hash() {
    ListReader reader(stream_, order_);
    ListEntry entry;
    std::uint64_t index = 0;
    std::uint64_t room_until = kRingEntries;  // the ring has room for indices below this
    while (true) {
      Result<bool> more = reader.Next(entry);
      if (!more || !*more || entry.pcr >= kPcrCount) break;
      Prefetch(entry);
      if (index >= room_until) {
        produced_.store(index, std::memory_order_release);
        produced_.notify_one();
        while (true) {
          const std::uint64_t consumed = consumed_.load(std::memory_order_acquire);
          if (stop_.load(std::memory_order_acquire)) return;
          if (index < consumed + kRingEntries) {
            room_until = consumed + kRingEntries;
            break;
          }
          consumed_.wait(consumed, std::memory_order_acquire);
        }
      }
      std::byte* record = Record(index);
      if (!entry.IsViolation()) {
        for (std::size_t c = 0; c < chains_.size(); ++c) {
          if (digest_at_[c] == kNotComputed) continue;
          const Digest digest = TemplateHash(entry, chains_[c].bank());
          std::memcpy(record + digest_at_[c], digest.storage.data(), digest.size);
        }
        if (verify_sha1_) record[mismatch_at_] = std::byte{Sha1Mismatch(entry)};
      }
      ++index;
      if (index % kPublishEvery == 0) {
        produced_.store(index, std::memory_order_release);
        produced_.notify_one();
      }
    }
    // The end: everything walked is published.
    produced_.store(index, std::memory_order_release);
    finished_.store(true, std::memory_order_release);
    produced_.notify_one();
  }

  // The caller's thread: the chains, in list order.
  Result<void> Chain() {
    ListReader reader(stream_, order_);
    ListEntry entry;
    std::uint64_t index = 0;
    std::uint64_t available = 0;  // the hasher has written records below this
    while (BATON_TRY(reader.Next(entry))) {
      BATON_TRY(CheckPcrIndex(entry));
      if (stride_ == 0) Prefetch(entry);
      const std::byte* record = nullptr;
      if (stride_ != 0) {
        while (index >= available) available = WaitForHasher(available);
        record = Record(index);
      }
      bool mismatch = false;
      if (verify_sha1_ && !entry.IsViolation()) {
        mismatch = record != nullptr ? record[mismatch_at_] != std::byte{0} : Sha1Mismatch(entry);
      }
      for (std::size_t c = 0; c < chains_.size(); ++c) {
        BankChain& chain = chains_[c];
        if (record != nullptr && digest_at_[c] != kNotComputed && !entry.IsViolation()) {
          Digest value = Digest::Zero(chain.bank());
          std::memcpy(value.storage.data(), record + digest_at_[c], value.size);
          chain.Extend(entry, value, mismatch);
        } else {
          chain.Extend(entry, ExtendValue(entry, chain.bank(), rule_), mismatch);
        }
      }
      ++index;
      if (stride_ != 0 && index % kPublishEvery == 0) {
        consumed_.store(index, std::memory_order_release);
        consumed_.notify_one();
      }
    }
    return {};
  }

  // The SHA-1 bank is extended with the list's template digest; recomputing it also proves it,
  // since the next kernel will replace it with exactly this value.
  static bool Sha1Mismatch(const ListEntry& entry) {
    const Digest sha1 = TemplateHash(entry, HashAlgorithm::kSha1);
    return std::memcmp(sha1.storage.data(), entry.template_digest.data(), kTemplateDigestSize) != 0;
  }

  // Blocks until the hasher has written more than `seen` records; returns how many it has.
  std::uint64_t WaitForHasher(std::uint64_t seen) {
    while (true) {
      const std::uint64_t produced = produced_.load(std::memory_order_acquire);
      if (produced > seen) return produced;
      // The hasher walks the same list: it has stopped only where this walk will stop too.
      if (finished_.load(std::memory_order_acquire)) return seen + 1;
      produced_.wait(produced, std::memory_order_acquire);
    }
  }

  Bytes stream_;
  ByteOrder order_;
  ReplayRule rule_;
  bool verify_sha1_ = false;
  std::vector<BankChain> chains_;
  std::vector<std::size_t> digest_at_;  // per chain
  std::size_t mismatch_at_ = 0;
  std::size_t stride_ = 0;  // bytes of one ring record
  std::vector<std::byte> ring_;

  std::atomic<std::uint64_t> produced_{0};  // records the hasher has written
  std::atomic<std::uint64_t> consumed_{0};  // records the chainer has used
  std::atomic<bool> finished_{false};       // the hasher's walk ended
  std::atomic<bool> stop_{false};           // the chainer ended: the hasher stops
};

Result<void> CheckExpected(const BankRequest& request) {
  if (request.expected != nullptr && request.expected->algorithm != request.algorithm) {
    return Error(ErrorCode::kInvalidArgument, "expected PCR values are for another bank");
  }
  return {};
}

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
  BATON_TRY(CheckExpected(request));
  std::vector<BankReplay> replays =
      BATON_TRY(ReplayLane(stream, order, {request}, rule, Hashing::kHelperThread).Run());
  return std::move(replays.front());
}

Result<std::vector<BankReplay>> ReplayBanks(Bytes stream, ByteOrder order,
                                            const std::vector<BankRequest>& requests,
                                            ReplayRule rule) {
  for (const BankRequest& request : requests) BATON_TRY(CheckExpected(request));
  if (requests.size() < 2) {
    return ReplayLane(stream, order, requests, rule, Hashing::kHelperThread).Run();
  }
  // Two lanes, the banks dealt alternately (sha1, sha384 | sha256, sha512 on a four-bank TPM).
  std::array<std::vector<BankRequest>, 2> lanes;
  for (std::size_t i = 0; i < requests.size(); ++i) lanes[i % 2].push_back(requests[i]);
  std::optional<Result<std::vector<BankReplay>>> first;
  std::optional<Result<std::vector<BankReplay>>> second;
  RunSideBySide(
      [&] { first.emplace(ReplayLane(stream, order, lanes[0], rule, Hashing::kInline).Run()); },
      [&] { second.emplace(ReplayLane(stream, order, lanes[1], rule, Hashing::kInline).Run()); });
  std::vector<BankReplay> firsts = BATON_TRY(std::move(*first));
  std::vector<BankReplay> seconds = BATON_TRY(std::move(*second));
  std::vector<BankReplay> replays;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    replays.push_back(std::move(i % 2 == 0 ? firsts[i / 2] : seconds[i / 2]));
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
