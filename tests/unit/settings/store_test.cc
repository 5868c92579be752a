// SPDX-License-Identifier: GPL-2.0-or-later
// The settings store on a memory file system: which store a machine has, the settings file made
// on the first save, a save that fails after every number of writes (the next open settles it
// to the old settings or the new), and NVRAMs without a `common` partition.
#include <string>
#include <vector>

#include "bootloader/settings/store.h"
#include "platform/fake/memory_file_system.h"
#include "platform/include/machine_paths.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::settings;

namespace {

std::string Text(const std::vector<NvramPair>& pairs) {
  std::string text;
  for (const NvramPair& pair : pairs) text += pair.name + "=" + pair.value + ";";
  return text;
}

// An NVRAM with SLOF's kind of strings in `common`.
void PutNvram(platform::MemoryFileSystem& files, const std::string& path) {
  ByteBuffer nvram = FormatNvram(8192, 4096);
  const std::string_view strings("auto-boot?=true\0boot-device=disk\0\0", 34);
  std::copy(AsBytes(strings).begin(), AsBytes(strings).end(), nvram.begin() + kNvramHeaderSize);
  files.files[path] = nvram;
}

}  // namespace

TEST_GROUP(SettingsStore){};

TEST(SettingsStore, AMachineWithAnNvramUsesIt) {
  platform::MemoryFileSystem machine;
  PutNvram(machine, platform::kNvramDevicePath);
  Result<SettingsStore> store = SettingsStore::OpenMachine(machine);
  CHECK(store.has_value());
  CHECK(store->kind() == StoreKind::kNvram);
  STRCMP_EQUAL("auto-boot?=true;boot-device=disk;", Text(store->pairs()).c_str());
  UNSIGNED_LONGS_EQUAL(4080, store->capacity());
  std::vector<NvramPair> pairs = store->pairs();
  pairs.push_back({"petitboot,timeout", "30"});
  CHECK(store->Save(pairs).has_value());
  Result<SettingsStore> again = SettingsStore::OpenMachine(machine);
  CHECK(again.has_value());
  STRCMP_EQUAL(Text(pairs).c_str(), Text(again->pairs()).c_str());
  CHECK(again->recovered() == JournalVerdict::kNone);
  UNSIGNED_LONGS_EQUAL(8192, machine.files[platform::kNvramDevicePath].size());
}

TEST(SettingsStore, WithoutAnNvramTheSettingsFileIsMadeOnTheFirstSave) {
  platform::MemoryFileSystem machine;
  Result<SettingsStore> store = SettingsStore::OpenMachine(machine);
  CHECK(store.has_value());
  CHECK(store->kind() == StoreKind::kFile);
  CHECK(!store->exists());
  CHECK(store->pairs().empty());
  CHECK(machine.files.empty());  // opening writes nothing
  CHECK(store->Save({{"petitboot,timeout", "4"}}).has_value());
  CHECK(machine.directories.count("/var/lib/baton") == 1);
  UNSIGNED_LONGS_EQUAL(kSettingsFileSize, machine.files[platform::kSettingsFilePath].size());
  Result<SettingsStore> again = SettingsStore::OpenMachine(machine);
  CHECK(again.has_value());
  CHECK(again->exists());
  STRCMP_EQUAL("petitboot,timeout=4;", Text(again->pairs()).c_str());
  UNSIGNED_LONGS_EQUAL(kSettingsFileCommonSize - kNvramHeaderSize, again->capacity());
}

TEST(SettingsStore, ASaveThatFailsAfterAnyWriteEndsOldOrNewOnTheNextOpen) {
  const std::vector<NvramPair> wanted = {
      {"auto-boot?", "false"}, {"boot-device", "disk"}, {"petitboot,timeout", "30"}};
  std::size_t olds = 0;
  std::size_t news = 0;
  for (std::size_t fail_after = 0; fail_after < 6; ++fail_after) {
    platform::MemoryFileSystem machine;
    PutNvram(machine, platform::kNvramDevicePath);
    Result<SettingsStore> store = SettingsStore::OpenMachine(machine);
    CHECK(store.has_value());
    const std::string old_text = Text(store->pairs());
    machine.fail_in_place_after = fail_after;
    Result<void> saved = store->Save(wanted);
    machine.fail_in_place_after = SIZE_MAX;
    Result<SettingsStore> again = SettingsStore::OpenMachine(machine);
    CHECK(again.has_value());
    const std::string text = Text(again->pairs());
    if (saved.has_value()) {
      STRCMP_EQUAL(Text(wanted).c_str(), text.c_str());
      ++news;
      continue;
    }
    CHECK(saved.error().code() == ErrorCode::kIo);
    if (text == old_text) {
      ++olds;
    } else {
      STRCMP_EQUAL(Text(wanted).c_str(), text.c_str());
      ++news;
    }
  }
  CHECK(olds > 0);
  CHECK(news > 0);
}

TEST(SettingsStore, ATornSaveIsSettledAndSaidSoOnOpen) {
  platform::MemoryFileSystem machine;
  PutNvram(machine, platform::kNvramDevicePath);
  Result<SettingsStore> store = SettingsStore::OpenMachine(machine);
  CHECK(store.has_value());
  machine.fail_in_place_after = 2;  // the journal and the commit byte: nothing in place yet
  CHECK(!store->Save({{"petitboot,timeout", "30"}}).has_value());
  machine.fail_in_place_after = SIZE_MAX;
  Result<SettingsStore> again = SettingsStore::OpenMachine(machine);
  CHECK(again.has_value());
  CHECK(again->recovered() == JournalVerdict::kTorn);
  STRCMP_EQUAL("petitboot,timeout=30;", Text(again->pairs()).c_str());
}

TEST(SettingsStore, NvramsThatCannotHoldSettingsAreClearErrors) {
  platform::MemoryFileSystem files;
  Result<SettingsStore> missing = SettingsStore::Open(files, "nv.img", StoreKind::kImage);
  CHECK(!missing.has_value());
  CHECK(missing.error().code() == ErrorCode::kNotFound);
  ByteBuffer no_common = FormatNvram(4096, 1024);
  no_common[0] = std::byte{0x51};  // no longer the system partition
  no_common[1] = std::byte{NvramHeaderChecksum(
      std::span<const std::byte, kNvramHeaderSize>(no_common.data(), kNvramHeaderSize))};
  files.files["nv.img"] = no_common;
  Result<SettingsStore> store = SettingsStore::Open(files, "nv.img", StoreKind::kImage);
  CHECK(!store.has_value());
  CHECK(store.error().ToString().find("'common'") != std::string::npos);
  CHECK(store.error().ToString().find("nv.img") != std::string::npos);
}
