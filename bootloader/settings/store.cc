// SPDX-License-Identifier: GPL-2.0-or-later
// The settings store: the NVRAM's `common` partition or a file that holds an image of one.
#include "bootloader/settings/store.h"

#include <algorithm>
#include <utility>

#include "bootloader/core/log.h"
#include "platform/include/machine_paths.h"

namespace baton::settings {
namespace {

const char* VerdictText(JournalVerdict verdict) {
  switch (verdict) {
    case JournalVerdict::kComplete:
      return "a change that was written whole; its journal cleared";
    case JournalVerdict::kTorn:
      return "a change a power cut interrupted; written again from its journal";
    case JournalVerdict::kStale:
      return "a journal the settings no longer match (something else wrote them since); dropped";
    case JournalVerdict::kNone:
      break;
  }
  return "nothing";
}

}  // namespace

Result<SettingsStore> SettingsStore::Open(platform::FileSystem& files, std::string path,
                                          StoreKind kind) {
  SettingsStore store(files, std::move(path), kind);
  BATON_TRY(store.Load());
  return store;
}

Result<SettingsStore> SettingsStore::OpenMachine(platform::FileSystem& machine) {
  const platform::FileStatus nvram = BATON_TRY(machine.Status(platform::kNvramDevicePath));
  if (nvram.kind != platform::FileKind::kMissing) {
    return Open(machine, platform::kNvramDevicePath, StoreKind::kNvram);
  }
  return Open(machine, platform::kSettingsFilePath, StoreKind::kFile);
}

std::string SettingsStore::Describe() const {
  switch (kind_) {
    case StoreKind::kNvram:
      return "the NVRAM (" + path_ + ")";
    case StoreKind::kImage:
      return "the NVRAM image " + path_;
    case StoreKind::kFile:
      break;
  }
  return "the settings file " + path_ + (exists() ? "" : " (not made yet)") +
         ", as this machine has no NVRAM";
}

Result<void> SettingsStore::Load() {
  image_.clear();
  pairs_.clear();
  common_ = {};
  if (kind_ == StoreKind::kFile) {
    const platform::FileStatus status = BATON_TRY(files_->Status(path_));
    if (status.kind == platform::FileKind::kMissing) return Ok();
  }
  image_ = BATON_TRY(files_->ReadFile(path_, kMaxNvramSize));
  auto context = [this](Error error) { return std::move(error).WithContext(path_); };
  Result<std::vector<NvramPartition>> partitions = ReadNvramPartitions(image_);
  if (!partitions) return context(partitions.error());
  const NvramPartition* common =
      FindNvramPartition(*partitions, kSignatureSystem, kCommonPartition);
  if (common == nullptr) {
    return context(Error(ErrorCode::kSettingsMalformed,
                         "NVRAM: no system partition named 'common' (signature 0x70)"));
  }
  common_ = *common;
  JournalRecovery recovery = PlanJournalRecovery(image_, common_);
  if (recovery.verdict != JournalVerdict::kNone) {
    if (Result<void> applied = Apply(recovery.writes); !applied) {
      return context(applied.error());
    }
    recovered_ = recovery.verdict;
    Logf(recovery.verdict == JournalVerdict::kStale ? LogLevel::kWarning : LogLevel::kInfo,
         "settings (%s): %s", path_.c_str(), VerdictText(recovery.verdict));
  }
  const Bytes data = Bytes(image_).subspan(static_cast<std::size_t>(common_.data_offset()),
                                           static_cast<std::size_t>(common_.data_size()));
  Result<std::vector<NvramPair>> pairs = ReadNvramPairs(data, common_.data_offset());
  if (!pairs) return context(pairs.error());
  pairs_ = std::move(*pairs);
  return Ok();
}

Result<void> SettingsStore::Apply(const std::vector<NvramWrite>& writes) {
  for (const NvramWrite& write : writes) {
    BATON_TRY(files_->WriteInPlace(path_, write.offset, write.bytes));
    std::copy(write.bytes.begin(), write.bytes.end(),
              image_.begin() + static_cast<std::ptrdiff_t>(write.offset));
  }
  return Ok();
}

Result<void> SettingsStore::Save(const std::vector<NvramPair>& pairs) {
  if (!exists()) {
    // The first save of a settings file: the whole image, renamed into place.
    ByteBuffer image = FormatNvram(kSettingsFileSize, kSettingsFileCommonSize);
    const NvramPartition common{0, kSignatureSystem, kCommonPartition, kSettingsFileCommonSize};
    const std::vector<NvramWrite> writes = BATON_TRY(PlanPairsUpdate(image, common, pairs));
    for (const NvramWrite& write : writes) {
      std::copy(write.bytes.begin(), write.bytes.end(),
                image.begin() + static_cast<std::ptrdiff_t>(write.offset));
    }
    const std::size_t slash = path_.rfind('/');
    if (slash != std::string::npos && slash > 0) {
      // Its folder, made one level at a time.
      for (std::size_t at = path_.find('/', 1); at != std::string::npos && at <= slash;
           at = path_.find('/', at + 1)) {
        BATON_TRY(files_->CreateDirectory(path_.substr(0, at)));
      }
    }
    BATON_TRY(files_->WriteFile(path_, image));
    return Load();
  }
  Result<std::vector<NvramWrite>> writes = PlanPairsUpdate(image_, common_, pairs);
  if (!writes) return Error(writes.error()).WithContext(path_);
  if (Result<void> applied = Apply(*writes); !applied) {
    Error error = applied.error();
    (void)Load();  // what the device holds now (the journal settles a partial write)
    return std::move(error).WithContext(path_);
  }
  pairs_ = pairs;
  return Ok();
}

}  // namespace baton::settings
