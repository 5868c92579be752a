// SPDX-License-Identifier: GPL-2.0-or-later
// Verdicts against a fake TPM that really extends, and the firmware event log parser.
#include <string>

#include "bootloader/ima/entries.h"
#include "bootloader/tpm/event_log.h"
#include "bootloader/tpm/event_replay.h"
#include "bootloader/tpm/verdict.h"
#include "platform/fake/fake_tpm.h"
#include "tests/unit/list_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using crypto::HashAlgorithm;

namespace {

// A list as a booting kernel makes it, extended into `tpm` as the kernel would.
ByteBuffer BootList(platform::FakeTpm& tpm) {
  std::vector<HashAlgorithm> banks = *tpm.Banks();
  ima::PcrBank firmware = tpm.ReadPcrs({HashAlgorithm::kSha256})->front();
  std::vector<ima::NewEntry> entries;
  entries.push_back(ima::MakeBootAggregateEntry(firmware, ByteOrder::kLittle, banks));
  for (const char* name : {"/init", "/bin/sh"}) {
    crypto::Digest digest = crypto::Hash(HashAlgorithm::kSha256, AsBytes(name));
    entries.push_back(ima::MakeFileEntry(10, HashAlgorithm::kSha256, digest.bytes(), name,
                                         ByteOrder::kLittle, banks));
  }
  ByteBuffer list;
  for (const auto& entry : entries) {
    list.insert(list.end(), entry.bytes.begin(), entry.bytes.end());
    std::vector<platform::PcrDigest> digests;
    for (std::size_t i = 0; i < banks.size(); ++i) digests.push_back({banks[i], entry.extend[i]});
    CHECK(tpm.Extend(10, digests).has_value());
  }
  return list;
}

}  // namespace

TEST_GROUP(Verdict) { platform::FakeTpm tpm; };

TEST(Verdict, ReplaysThenDoesNotAfterAStrayExtend) {
  // Firmware measured something into PCR 0 first.
  CHECK(
      tpm.Extend(0, {{HashAlgorithm::kSha1, crypto::Hash(HashAlgorithm::kSha1, AsBytes("fw"))},
                     {HashAlgorithm::kSha256, crypto::Hash(HashAlgorithm::kSha256, AsBytes("fw"))}})
          .has_value());
  ByteBuffer list = BootList(tpm);
  auto live = tpm.ReadPcrs(*tpm.Banks());
  auto verdict = tpm::JudgeList(list, ByteOrder::kLittle, *live, "");
  CHECK(verdict.has_value());
  CHECK(verdict->overall == tpm::Verdict::kReplays);
  UNSIGNED_LONGS_EQUAL(1, verdict->boot_generations);
  CHECK(verdict->boot_aggregate_matches == std::optional<bool>(true));
  CHECK(tpm.Extend(10, {{HashAlgorithm::kSha256,
                         crypto::Hash(HashAlgorithm::kSha256, AsBytes("stray"))}})
            .has_value());
  live = tpm.ReadPcrs(*tpm.Banks());
  verdict = tpm::JudgeList(list, ByteOrder::kLittle, *live, "");
  CHECK(verdict->overall == tpm::Verdict::kDoesNotReplay);
  CHECK(verdict->banks[0].verdict == tpm::Verdict::kReplays);        // sha1 untouched
  CHECK(verdict->banks[1].verdict == tpm::Verdict::kDoesNotReplay);  // sha256
}

TEST(Verdict, FirmwareChangeBreaksOnlyTheBootAggregate) {
  ByteBuffer list = BootList(tpm);
  CHECK(tpm.Extend(4, {{HashAlgorithm::kSha256,
                        crypto::Hash(HashAlgorithm::kSha256, AsBytes("later"))}})
            .has_value());
  auto verdict = tpm::JudgeList(list, ByteOrder::kLittle, *tpm.ReadPcrs(*tpm.Banks()), "");
  CHECK(verdict->overall == tpm::Verdict::kReplays);
  CHECK(verdict->boot_aggregate_matches == std::optional<bool>(false));
}

TEST(Verdict, NoTpmCannotTell) {
  ByteBuffer list = BootList(tpm);
  auto verdict = tpm::JudgeList(list, ByteOrder::kLittle, {}, "no TPM: test");
  CHECK(verdict->overall == tpm::Verdict::kCannotTell);
  STRCMP_EQUAL("no TPM: test", verdict->banks[0].reason.c_str());
}

TEST(Verdict, FakeTpmReadsEightDigestsPerCommandAndFails) {
  std::uint64_t before = tpm.commands_sent();
  CHECK(tpm.ReadPcrs({HashAlgorithm::kSha1, HashAlgorithm::kSha256}).has_value());
  UNSIGNED_LONGS_EQUAL(6, tpm.commands_sent() - before);  // ceil(48 / 8)
  tpm.FailNext(1, "simulated");
  auto failed = tpm.ReadPcrs({HashAlgorithm::kSha1});
  CHECK_FALSE(failed.has_value());
  STRCMP_EQUAL("the TPM does not answer", failed.error().message());
}

TEST_GROUP(EventLog){};

TEST(EventLog, Sha1FormatBigEndianAsPpc64FirmwareWritesIt) {
  testing::HandBytes log(ByteOrder::kBig);
  for (std::uint32_t pcr : {0u, 4u, 7u}) {
    log.U32(pcr).U32(13).Repeat(static_cast<std::uint8_t>(pcr + 1), 20).U32(3).Text("abc");
  }
  log.Repeat(0, 64);  // the rest of the firmware's log region
  auto parsed = tpm::ParseEventLog(log.bytes());
  CHECK(parsed.has_value());
  CHECK_FALSE(parsed->crypto_agile);
  CHECK(parsed->order == ByteOrder::kBig);
  UNSIGNED_LONGS_EQUAL(3, parsed->events.size());
  auto banks = tpm::ReplayEventLog(*parsed);
  UNSIGNED_LONGS_EQUAL(1, banks.size());
  crypto::Digest pcr4 = crypto::Digest::Zero(HashAlgorithm::kSha1);
  crypto::Extend(HashAlgorithm::kSha1, pcr4, ByteBuffer(20, std::byte{5}));
  CHECK(banks[0].values[4] == pcr4);
}

TEST(EventLog, CryptoAgileWithStartupLocality) {
  testing::HandBytes log(ByteOrder::kLittle);
  log.U32(0).U32(3).Repeat(0, 20).U32(37).Text("Spec ID Event03").Repeat(0, 1);
  log.U32(0)
      .Repeat(0, 1)
      .Repeat(2, 1)
      .Repeat(0, 1)
      .Repeat(2, 1)
      .U32(2)
      .U16(4)
      .U16(20)
      .U16(11)
      .U16(32)
      .Repeat(0, 1);
  log.U32(0)
      .U32(3)
      .U32(2)
      .U16(4)
      .Repeat(0, 20)
      .U16(11)
      .Repeat(0, 32)
      .U32(17)
      .Text("StartupLocality")
      .Repeat(0, 1)
      .Repeat(3, 1);
  log.U32(0).U32(8).U32(2).U16(4).Repeat(7, 20).U16(11).Repeat(7, 32).U32(0);
  auto parsed = tpm::ParseEventLog(log.bytes());
  CHECK(parsed.has_value());
  CHECK(parsed->crypto_agile);
  UNSIGNED_LONGS_EQUAL(3, parsed->startup_locality);
  auto banks = tpm::ReplayEventLog(*parsed);
  UNSIGNED_LONGS_EQUAL(2, banks.size());
  crypto::Digest pcr0 = crypto::Digest::Zero(HashAlgorithm::kSha256);
  pcr0.storage[31] = std::byte{3};
  crypto::Extend(HashAlgorithm::kSha256, pcr0, ByteBuffer(32, std::byte{7}));
  CHECK(banks[1].values[0] == pcr0);
  // Every truncation is an error or a clean shorter log, never a crash.
  for (std::size_t length = 0; length < log.size(); ++length) {
    (void)tpm::ParseEventLog(Bytes(log.bytes().data(), length));
  }
  // An undeclared algorithm names its offset.
  ByteBuffer bad = log.bytes();
  bad[bad.size() - 4 - 32 - 2] = std::byte{0x99};
  auto refused = tpm::ParseEventLog(bad);
  CHECK_FALSE(refused.has_value());
  CHECK(refused.error().location() == Location::kOffset);
}

TEST(EventLog, GarbageIsRefused) {
  ByteBuffer garbage(100, std::byte{0xee});
  CHECK_FALSE(tpm::ParseEventLog(garbage).has_value());
  CHECK_FALSE(tpm::ParseEventLog({}).has_value());
}
