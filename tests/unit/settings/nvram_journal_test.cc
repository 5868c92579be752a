// SPDX-License-Identifier: GPL-2.0-or-later
// The journaled change of a system partition's strings: a write cut at every byte (and a
// recovery cut at every byte) leaves the old strings or the new ones and the chain unchanged;
// stale and broken journals; refusals when there is no room.
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/settings/nvram.h"
#include "bootloader/settings/nvram_journal.h"

#include "tests/unit/harness.h"
#include "tests/unit/settings/nvram_images.h"

using namespace baton;
using namespace baton::settings;
using baton::settings::testing::AddPartition;

namespace {

// An NVRAM of a 64-byte log partition, `common` of `blocks` blocks holding `strings`, and free
// space.
ByteBuffer Image(std::string_view strings, std::uint16_t blocks = 32) {
  ByteBuffer nvram;
  AddPartition(nvram, 0x51, "ibm,CPU0log", 4);
  AddPartition(nvram, kSignatureSystem, "common", blocks, strings);
  AddPartition(nvram, kSignatureFree, "free space", 8);
  return nvram;
}

NvramPartition Common(Bytes nvram) {
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(nvram);
  CHECK(partitions.has_value());
  const NvramPartition* common = FindNvramPartition(*partitions, kSignatureSystem, "common");
  CHECK(common != nullptr);
  return *common;
}

std::vector<NvramPair> Pairs(Bytes nvram) {
  const NvramPartition common = Common(nvram);
  Result<std::vector<NvramPair>> pairs =
      ReadNvramPairs(nvram.subspan(common.data_offset(), common.data_size()), common.data_offset());
  CHECK(pairs.has_value());
  return *pairs;
}

std::string Text(const std::vector<NvramPair>& pairs) {
  std::string text;
  for (const NvramPair& pair : pairs) text += pair.name + "=" + pair.value + ";";
  return text;
}

// Applies the first `budget` bytes of `writes`, in order: a power cut after that many bytes.
std::size_t Apply(ByteBuffer& nvram, const std::vector<NvramWrite>& writes,
                  std::size_t budget = SIZE_MAX) {
  std::size_t done = 0;
  for (const NvramWrite& write : writes) {
    for (std::size_t i = 0; i < write.bytes.size(); ++i) {
      if (done == budget) return done;
      nvram[write.offset + i] = write.bytes[i];
      ++done;
    }
  }
  return done;
}

std::size_t Total(const std::vector<NvramWrite>& writes) {
  std::size_t total = 0;
  for (const NvramWrite& write : writes) total += write.bytes.size();
  return total;
}

// Settles a journal as baton does before it reads the strings.
JournalVerdict Recover(ByteBuffer& nvram) {
  JournalRecovery recovery = PlanJournalRecovery(nvram, Common(nvram));
  Apply(nvram, recovery.writes);
  return recovery.verdict;
}

const std::vector<NvramPair> kNew = {{"auto-boot?", "false"},
                                     {"petitboot,timeout", "30"},
                                     {"boot-command", "boot"},
                                     {"petitboot,bootdevs", "uuid:0b5c-1f2e disk "}};

}  // namespace

TEST_GROUP(NvramJournal){};

TEST(NvramJournal, EncodesAsFirmwareStrings) {
  Result<ByteBuffer> encoded = EncodeNvramPairs({{"a", "1"}, {"b", "x=y"}, {"empty", ""}});
  CHECK(encoded.has_value());
  const std::string_view expected("a=1\0b=x=y\0empty=\0\0", 18);
  STRCMP_EQUAL(std::string(expected).c_str(), std::string(AsText(*encoded)).c_str());
  UNSIGNED_LONGS_EQUAL(expected.size(), encoded->size());
  CHECK(!EncodeNvramPairs({{"", "1"}}).has_value());
  CHECK(!EncodeNvramPairs({{"a=b", "1"}}).has_value());
  CHECK(!EncodeNvramPairs({{std::string("a\0b", 3), "1"}}).has_value());
  CHECK(!EncodeNvramPairs({{"a", std::string("1\0", 2)}}).has_value());
}

TEST(NvramJournal, AWholeUpdateChangesOnlyTheStrings) {
  using std::literals::operator""sv;
  ByteBuffer nvram = Image("auto-boot?=true\0boot-command=boot\0\0"sv);
  const ByteBuffer before = nvram;
  Result<std::vector<NvramWrite>> writes = PlanPairsUpdate(nvram, Common(nvram), kNew);
  CHECK(writes.has_value());
  Apply(nvram, *writes);
  STRCMP_EQUAL(Text(kNew).c_str(), Text(Pairs(nvram)).c_str());
  const NvramPartition common = Common(nvram);
  // Every header, and every byte outside common's data, is as it was.
  for (std::size_t i = 0; i < nvram.size(); ++i) {
    if (i >= common.data_offset() && i < common.data_offset() + common.data_size()) continue;
    CHECK(nvram[i] == before[i]);
  }
  // The commit byte is clear: nothing for the next read to settle.
  CHECK(PlanJournalRecovery(nvram, common).verdict == JournalVerdict::kNone);
  // The same settings again write nothing.
  Result<std::vector<NvramWrite>> again = PlanPairsUpdate(nvram, common, kNew);
  CHECK(again.has_value());
  CHECK(again->empty());
}

TEST(NvramJournal, ACutAtEveryByteLeavesTheOldSettingsOrTheNew) {
  using std::literals::operator""sv;
  const ByteBuffer before = Image("auto-boot?=true\0boot-command=boot\0load-base=16384\0\0"sv);
  const std::string old_text = Text(Pairs(before));
  const std::string new_text = Text(kNew);
  Result<std::vector<NvramWrite>> writes = PlanPairsUpdate(before, Common(before), kNew);
  CHECK(writes.has_value());
  const std::size_t total = Total(*writes);
  std::size_t olds = 0;
  std::size_t news = 0;
  for (std::size_t cut = 0; cut <= total; ++cut) {
    ByteBuffer nvram = before;
    Apply(nvram, *writes, cut);
    // The chain is never broken, whatever the cut.
    Result<std::vector<NvramPartition>> chain = ReadNvramPartitions(nvram);
    CHECK(chain.has_value());
    Recover(nvram);
    const std::string text = Text(Pairs(nvram));
    if (text == old_text) {
      ++olds;
    } else {
      STRCMP_EQUAL(new_text.c_str(), text.c_str());
      ++news;
    }
    // Settled: a second read finds nothing more to do.
    CHECK(PlanJournalRecovery(nvram, Common(nvram)).verdict == JournalVerdict::kNone);
  }
  // Both outcomes happen: cuts before the commit byte keep the old, cuts after it the new.
  CHECK(olds > 0);
  CHECK(news > 0);
}

TEST(NvramJournal, ARecoveryCutAtEveryByteStillEndsInTheNewSettings) {
  using std::literals::operator""sv;
  const ByteBuffer before = Image("auto-boot?=true\0boot-command=boot\0\0"sv);
  Result<std::vector<NvramWrite>> writes = PlanPairsUpdate(before, Common(before), kNew);
  CHECK(writes.has_value());
  // Cut in the middle of the in-place rewrite (the fourth write, after the commit byte).
  std::size_t cut = 0;
  for (std::size_t i = 0; i + 2 < writes->size(); ++i) cut += (*writes)[i].bytes.size();
  cut += 5;
  ByteBuffer torn = before;
  Apply(torn, *writes, cut);
  JournalRecovery recovery = PlanJournalRecovery(torn, Common(torn));
  CHECK(recovery.verdict == JournalVerdict::kTorn);
  for (std::size_t again = 0; again <= Total(recovery.writes); ++again) {
    ByteBuffer nvram = torn;
    Apply(nvram, recovery.writes, again);
    Recover(nvram);
    STRCMP_EQUAL(Text(kNew).c_str(), Text(Pairs(nvram)).c_str());
  }
}

TEST(NvramJournal, AJournalTheStringsNoLongerMatchIsDropped) {
  using std::literals::operator""sv;
  ByteBuffer nvram = Image("auto-boot?=true\0\0"sv);
  Result<std::vector<NvramWrite>> writes = PlanPairsUpdate(nvram, Common(nvram), kNew);
  CHECK(writes.has_value());
  Apply(nvram, *writes, Total(*writes) - 1);  // all but the last clear of the commit byte
  // Something else (SLOF's setenv) then rewrote the strings in place.
  const NvramPartition common = Common(nvram);
  const std::string_view other = "use-nvramrc?=true\0\0"sv;
  std::memcpy(nvram.data() + common.data_offset(), other.data(), other.size());
  CHECK(Recover(nvram) == JournalVerdict::kStale);
  STRCMP_EQUAL("use-nvramrc?=true;", Text(Pairs(nvram)).c_str());
  CHECK(PlanJournalRecovery(nvram, Common(nvram)).verdict == JournalVerdict::kNone);
}

TEST(NvramJournal, ABrokenJournalIsNothing) {
  using std::literals::operator""sv;
  ByteBuffer nvram = Image("auto-boot?=true\0\0"sv);
  Result<std::vector<NvramWrite>> writes = PlanPairsUpdate(nvram, Common(nvram), kNew);
  CHECK(writes.has_value());
  const std::size_t upto_commit =
      Total(*writes) - writes->back().bytes.size() - (*writes)[writes->size() - 2].bytes.size();
  Apply(nvram, *writes, upto_commit);  // the journal written and committed, nothing in place
  const NvramPartition common = Common(nvram);
  ByteBuffer flipped = nvram;
  flipped[common.data_offset() + common.data_size() - 20] ^= std::byte{1};  // inside new[]
  CHECK(PlanJournalRecovery(flipped, common).verdict == JournalVerdict::kNone);
  STRCMP_EQUAL("auto-boot?=true;", Text(Pairs(flipped)).c_str());
  // Unflipped, the same journal is honoured.
  CHECK(Recover(nvram) == JournalVerdict::kTorn);
  STRCMP_EQUAL(Text(kNew).c_str(), Text(Pairs(nvram)).c_str());
}

TEST(NvramJournal, NoRoomIsRefusedBeforeAnythingIsWritten) {
  using std::literals::operator""sv;
  const ByteBuffer nvram = Image("a=1\0\0"sv, 4);  // 48 bytes of data
  Result<std::vector<NvramWrite>> small = PlanPairsUpdate(nvram, Common(nvram), {{"b", "2"}});
  CHECK(small.has_value());  // 5 bytes: 3 * 5 + 16 = 31 fit
  Result<std::vector<NvramWrite>> large =
      PlanPairsUpdate(nvram, Common(nvram), {{"name", "a-value-of-twenty-one"}});
  CHECK(!large.has_value());
  CHECK(large.error().code() == ErrorCode::kTooLarge);
  CHECK(large.error().ToString().find("48 bytes of data") != std::string::npos);
  // Strings that never end are not rewritten.
  const ByteBuffer full = Image(std::string(48, 'x'), 4);
  Result<std::vector<NvramWrite>> unended = PlanPairsUpdate(full, Common(full), {{"b", "2"}});
  CHECK(!unended.has_value());
  CHECK(unended.error().code() == ErrorCode::kSettingsMalformed);
}
