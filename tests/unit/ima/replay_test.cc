// SPDX-License-Identifier: GPL-2.0-or-later
// Replay by the kernel's rules: per-bank digests, violations, the `ima` template, the legacy
// SHA-1-padded rule, comparison and the longest replaying prefix.
#include <string>

#include "bootloader/core/text.h"
#include "bootloader/crypto/hash.h"
#include "bootloader/ima/entries.h"
#include "bootloader/ima/replay.h"
#include "tests/unit/list_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::ima;
using crypto::Digest;
using crypto::HashAlgorithm;
using testing::Concat;
using testing::Entry;
using testing::HandBytes;
using testing::ImaNgData;

namespace {

// An entry whose template digest really is SHA-1 of its data.
ByteBuffer RealEntry(ByteOrder order, std::uint32_t pcr, std::uint8_t digest_byte,
                     const std::string& name) {
  ByteBuffer data = ImaNgData(order, digest_byte, name);
  Digest sha1 = crypto::Hash(HashAlgorithm::kSha1, data);
  ByteBuffer entry = Entry(order, pcr, 0, "ima-ng", data);
  std::copy_n(sha1.storage.begin(), 20, entry.begin() + 4);
  return entry;
}

Digest ExtendedOnce(HashAlgorithm bank, const Digest& value) {
  Digest pcr = Digest::Zero(bank);
  crypto::Extend(bank, pcr, value.bytes());
  return pcr;
}

}  // namespace

TEST_GROUP(Replay){};

TEST(Replay, OneEntryPerBank) {
  for (ByteOrder order : {ByteOrder::kLittle, ByteOrder::kBig}) {
    ByteBuffer stream = RealEntry(order, 10, 0x5a, "/init");
    ByteBuffer data = ImaNgData(order, 0x5a, "/init");
    for (HashAlgorithm bank : crypto::kAllHashAlgorithms) {
      auto replay = ReplayBank(stream, order, {bank, nullptr}, ReplayRule::kPerBankDigest);
      CHECK(replay.has_value());
      CHECK(replay->values.values[10] == ExtendedOnce(bank, crypto::Hash(bank, data)));
      CHECK(replay->named.test(10));
      UNSIGNED_LONGS_EQUAL(1, replay->named.count());
      CHECK_FALSE(replay->digest_mismatch_offset.has_value());
    }
  }
}

TEST(Replay, ViolationsExtendAllOnes) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = Entry(order, 10, 0, "ima-ng", ImaNgData(order, 0, "/tmp/x"));
  auto sha256 =
      ReplayBank(stream, order, {HashAlgorithm::kSha256, nullptr}, ReplayRule::kPerBankDigest);
  CHECK(sha256->values.values[10] ==
        ExtendedOnce(HashAlgorithm::kSha256,
                     Digest::Filled(HashAlgorithm::kSha256, std::byte{0xff})));
  UNSIGNED_LONGS_EQUAL(1, sha256->violations);
  auto legacy =
      ReplayBank(stream, order, {HashAlgorithm::kSha256, nullptr}, ReplayRule::kSha1Padded);
  Digest padded = Digest::Zero(HashAlgorithm::kSha256);
  std::fill_n(padded.storage.begin(), 20, std::byte{0xff});
  CHECK(legacy->values.values[10] == ExtendedOnce(HashAlgorithm::kSha256, padded));
}

TEST(Replay, LegacyRulePadsTheSha1Digest) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = RealEntry(order, 10, 3, "/bin/sh");
  auto replay =
      ReplayBank(stream, order, {HashAlgorithm::kSha384, nullptr}, ReplayRule::kSha1Padded);
  Digest sha1 = crypto::Hash(HashAlgorithm::kSha1, ImaNgData(order, 3, "/bin/sh"));
  CHECK(replay->values.values[10] ==
        ExtendedOnce(HashAlgorithm::kSha384, Digest::Padded(HashAlgorithm::kSha384, sha1.bytes())));
}

TEST(Replay, LegacyImaTemplateHashesThePaddedName) {
  ByteOrder order = ByteOrder::kBig;
  HandBytes hash_input(order);
  hash_input.Repeat(0x33, 20).Text("/bin/true").Repeat(0, 256 - 9);
  Digest sha1 = crypto::Hash(HashAlgorithm::kSha1, hash_input.bytes());
  HandBytes stream(order);
  stream.U32(10)
      .Raw(ByteBuffer(sha1.storage.begin(), sha1.storage.begin() + 20))
      .U32(3)
      .Text("ima");
  stream.Repeat(0x33, 20).U32(9).Text("/bin/true");
  auto replay = ReplayBank(stream.bytes(), order, {HashAlgorithm::kSha256, nullptr},
                           ReplayRule::kPerBankDigest);
  CHECK(replay.has_value());
  CHECK(replay->values.values[10] ==
        ExtendedOnce(HashAlgorithm::kSha256,
                     crypto::Hash(HashAlgorithm::kSha256, hash_input.bytes())));
  auto sha1_bank = ReplayBank(stream.bytes(), order, {HashAlgorithm::kSha1, nullptr},
                              ReplayRule::kPerBankDigest);
  CHECK_FALSE(sha1_bank->digest_mismatch_offset.has_value());
}

TEST(Replay, DigestMismatchIsFound) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer good = RealEntry(order, 10, 1, "/a");
  ByteBuffer bad = Entry(order, 10, 0x77, "ima-ng", ImaNgData(order, 2, "/b"));
  ByteBuffer stream = Concat({good, bad});
  auto replay =
      ReplayBank(stream, order, {HashAlgorithm::kSha1, nullptr}, ReplayRule::kPerBankDigest);
  CHECK(replay->digest_mismatch_offset == std::optional<std::uint64_t>(good.size()));
  auto found = FindDigestMismatch(stream, order);
  CHECK(*found == std::optional<std::uint64_t>(good.size()));
}

TEST(Replay, ComparesAndFindsTheLongestPrefix) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = Concat({RealEntry(order, 10, 1, "/a"), RealEntry(order, 10, 2, "/b"),
                              RealEntry(order, 11, 3, "/c"), RealEntry(order, 10, 4, "/d")});
  for (HashAlgorithm bank : {HashAlgorithm::kSha1, HashAlgorithm::kSha256}) {
    auto full = ReplayBank(stream, order, {bank, nullptr}, ReplayRule::kPerBankDigest);
    PcrBank expected = full->values;
    auto same = ReplayBank(stream, order, {bank, &expected}, ReplayRule::kPerBankDigest);
    CHECK(same->matches);
    CHECK(same->longest_prefix == std::optional<std::uint64_t>(4));
    // The TPM saw only the first two entries (plus PCR 11's from a prefix of three).
    Bytes first_three(stream.data(), stream.size() - RealEntry(order, 10, 4, "/d").size());
    PcrBank three =
        ReplayBank(first_three, order, {bank, nullptr}, ReplayRule::kPerBankDigest)->values;
    auto partial = ReplayBank(stream, order, {bank, &three}, ReplayRule::kPerBankDigest);
    CHECK_FALSE(partial->matches);
    CHECK(partial->mismatched.test(10));
    CHECK_FALSE(partial->mismatched.test(11));
    CHECK(partial->longest_prefix == std::optional<std::uint64_t>(3));
    // A stray extend: nothing replays.
    PcrBank stray = expected;
    crypto::Extend(bank, stray.values[10], crypto::Hash(bank, AsBytes("stray")).bytes());
    auto none = ReplayBank(stream, order, {bank, &stray}, ReplayRule::kPerBankDigest);
    CHECK_FALSE(none->matches);
    CHECK_FALSE(none->longest_prefix.has_value());
  }
}

TEST(Replay, PcrIndexOutOfRange) {
  ByteOrder order = ByteOrder::kLittle;
  ByteBuffer stream = Concat({RealEntry(order, 10, 1, "/a"), RealEntry(order, 24, 1, "/b")});
  auto replay =
      ReplayBank(stream, order, {HashAlgorithm::kSha1, nullptr}, ReplayRule::kPerBankDigest);
  CHECK_FALSE(replay.has_value());
  UNSIGNED_LONGS_EQUAL(RealEntry(order, 10, 1, "/a").size(), replay.error().position());
}

TEST(Replay, BanksInParallelEqualBanksOneByOne) {
  ByteOrder order = ByteOrder::kBig;
  ByteBuffer stream;
  for (int i = 0; i < 50; ++i) {
    ByteBuffer entry = RealEntry(order, 10, static_cast<std::uint8_t>(i), "/f" + std::to_string(i));
    stream.insert(stream.end(), entry.begin(), entry.end());
  }
  std::vector<BankRequest> requests;
  for (HashAlgorithm bank : crypto::kAllHashAlgorithms) requests.push_back({bank, nullptr});
  auto all = ReplayBanks(stream, order, requests, ReplayRule::kPerBankDigest);
  CHECK(all.has_value());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto one = ReplayBank(stream, order, requests[i], ReplayRule::kPerBankDigest);
    CHECK((*all)[i].values.values[10] == one->values.values[10]);
  }
}

namespace {

// A long list (more entries than the replay's ring holds) with several PCRs, violations and one
// entry whose template digest is not SHA-1 of its data, and the values each bank must reach,
// computed here entry by entry with the hash functions alone.
struct LongList {
  ByteBuffer stream;
  std::uint64_t mismatch_offset = 0;
  std::uint64_t entries = 0;
};

constexpr std::size_t kLongEntries = 20000;

LongList MakeLongList(ByteOrder order) {
  LongList list;
  for (std::size_t i = 0; i < kLongEntries; ++i) {
    const auto pcr = static_cast<std::uint32_t>(i % 7 == 0 ? 11 : 10);
    ByteBuffer entry;
    if (i % 1000 == 999) {
      entry = Entry(order, pcr, 0, "ima-ng", ImaNgData(order, 9, "/violation"));
    } else if (i == 15000) {
      list.mismatch_offset = list.stream.size();
      entry = Entry(order, pcr, 0x5a, "ima-ng", ImaNgData(order, 3, "/tampered"));
    } else {
      entry = RealEntry(order, pcr, static_cast<std::uint8_t>(i), "/f" + std::to_string(i));
    }
    list.stream.insert(list.stream.end(), entry.begin(), entry.end());
  }
  list.entries = kLongEntries;
  return list;
}

// The kernel's rule written out again, one entry at a time: the reference.
PcrBank Reference(const LongList& list, ByteOrder order, HashAlgorithm bank) {
  PcrBank values = PcrBank::PowerOn(bank);
  ListReader reader(list.stream, order);
  ListEntry entry;
  while (*reader.Next(entry)) {
    Digest value;
    if (entry.IsViolation()) {
      value = Digest::Filled(bank, std::byte{0xff});
    } else if (bank == HashAlgorithm::kSha1) {
      value = Digest::Padded(bank, entry.template_digest);
    } else {
      value = crypto::Hash(bank, entry.template_data);
    }
    crypto::Extend(bank, values.values[entry.pcr], value.bytes());
  }
  return values;
}

}  // namespace

TEST(Replay, BothShapesEqualTheReferenceOnAListLongerThanTheRing) {
  const ByteOrder order = ByteOrder::kLittle;
  const LongList list = MakeLongList(order);
  std::vector<PcrBank> reference;
  for (HashAlgorithm bank : crypto::kAllHashAlgorithms) {
    reference.push_back(Reference(list, order, bank));
  }
  // One bank: the helper thread hashes ahead through the ring.
  for (std::size_t b = 0; b < crypto::kAllHashAlgorithms.size(); ++b) {
    const HashAlgorithm bank = crypto::kAllHashAlgorithms[b];
    auto one = ReplayBank(list.stream, order, {bank, &reference[b]}, ReplayRule::kPerBankDigest);
    CHECK(one.has_value());
    CHECK(one->values.values[10] == reference[b].values[10]);
    CHECK(one->values.values[11] == reference[b].values[11]);
    UNSIGNED_LONGS_EQUAL(list.entries, one->entries);
    UNSIGNED_LONGS_EQUAL(20, one->violations);
    CHECK(one->longest_prefix == std::optional<std::uint64_t>(list.entries));
    if (bank == HashAlgorithm::kSha1) {
      CHECK(one->digest_mismatch_offset == std::optional<std::uint64_t>(list.mismatch_offset));
      CHECK_FALSE(one->matches);  // the SHA-1 bank would not survive the next kernel's recompute
    } else {
      CHECK_FALSE(one->digest_mismatch_offset.has_value());
      CHECK(one->matches);
    }
  }
  // Two, three and four banks: lanes.
  for (std::size_t count = 2; count <= crypto::kAllHashAlgorithms.size(); ++count) {
    std::vector<BankRequest> requests;
    for (std::size_t b = 0; b < count; ++b) {
      requests.push_back({crypto::kAllHashAlgorithms[b], &reference[b]});
    }
    auto all = ReplayBanks(list.stream, order, requests, ReplayRule::kPerBankDigest);
    CHECK(all.has_value());
    UNSIGNED_LONGS_EQUAL(count, all->size());
    for (std::size_t b = 0; b < count; ++b) {
      CHECK((*all)[b].values.algorithm == crypto::kAllHashAlgorithms[b]);
      CHECK((*all)[b].values.values[10] == reference[b].values[10]);
      CHECK((*all)[b].values.values[11] == reference[b].values[11]);
      CHECK((*all)[b].digest_mismatch_offset ==
            (b == 0 ? std::optional<std::uint64_t>(list.mismatch_offset) : std::nullopt));
    }
  }
}

TEST(Replay, BothShapesStopAtTheSameBrokenEntryPastTheRing) {
  const ByteOrder order = ByteOrder::kBig;
  LongList list = MakeLongList(order);
  // Entry 12000 gets PCR 24; a second copy is cut inside entry 18000 instead.
  ListReader reader(list.stream, order);
  ListEntry entry;
  std::uint64_t pcr_at = 0;
  std::uint64_t cut_at = 0;
  for (std::size_t i = 0; *reader.Next(entry); ++i) {
    if (i == 12000) pcr_at = entry.offset;
    if (i == 18000) cut_at = entry.offset;
  }
  ByteBuffer bad_pcr = list.stream;
  const std::uint32_t pcr24 = 24;
  for (int k = 0; k < 4; ++k) {
    bad_pcr[pcr_at + static_cast<std::uint64_t>(k)] =
        static_cast<std::byte>(pcr24 >> (8 * (3 - k)));
  }
  const Bytes cut(list.stream.data(), cut_at + 10);
  for (std::size_t count = 1; count <= 4; ++count) {
    std::vector<BankRequest> requests;
    for (std::size_t b = 0; b < count; ++b) requests.push_back({crypto::kAllHashAlgorithms[b]});
    auto refused = ReplayBanks(bad_pcr, order, requests, ReplayRule::kPerBankDigest);
    CHECK_FALSE(refused.has_value());
    UNSIGNED_LONGS_EQUAL(pcr_at, refused.error().position());
    auto short_list = ReplayBanks(cut, order, requests, ReplayRule::kPerBankDigest);
    CHECK_FALSE(short_list.has_value());
    CHECK(short_list.error().position() >= cut_at);
  }
}
