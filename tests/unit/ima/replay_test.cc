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
