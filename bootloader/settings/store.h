// SPDX-License-Identifier: GPL-2.0-or-later
// Where baton's settings are kept, and the one way they change.
//
// On pseries and powernv they are the name=value strings of the NVRAM's `common` partition
// (platform::kNvramDevicePath under the machine root), beside the firmware's own (SLOF's
// `auto-boot?`, `boot-device`, …) and petitboot's (`petitboot,*`): every string baton did not
// change is kept, in its place. On a machine without an NVRAM they are the same strings in an
// NVRAM image in a file (platform::kSettingsFilePath), which baton formats on the first save
// (16 KiB: `common` of 8 KiB, the rest free space) and which powerpc-utils reads with
// `nvram --nvram-file`.
//
// Every save goes through the journal of nvram_journal.h, written in place: a power cut leaves
// the old strings or the new, and opening settles what a cut left (and says so in the log).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/settings/nvram.h"
#include "bootloader/settings/nvram_journal.h"
#include "platform/include/file_system.h"

namespace baton::settings {

inline constexpr std::uint64_t kMaxNvramSize = 4 << 20;  // skiboot's is 576 KiB, SLOF's 64 KiB
inline constexpr std::uint64_t kSettingsFileSize = 16384;
inline constexpr std::uint64_t kSettingsFileCommonSize = 8192;
inline constexpr char kCommonPartition[] = "common";

enum class StoreKind : std::uint8_t {
  kNvram,  // the platform's NVRAM
  kFile,   // the settings file of a machine without an NVRAM (made on the first save)
  kImage,  // an NVRAM image an operator named (it must exist)
};

class SettingsStore {
 public:
  // The settings at `path` of `files`. A settings file that does not exist yet holds no
  // strings (it is made on the first save); an NVRAM or image that does not exist is kNotFound.
  // Errors name the path and, for bad bytes, the offset.
  static Result<SettingsStore> Open(platform::FileSystem& files, std::string path, StoreKind kind);
  // The machine's: its NVRAM when it has one, else its settings file.
  static Result<SettingsStore> OpenMachine(platform::FileSystem& machine);

  StoreKind kind() const { return kind_; }
  // Where, in words: "the NVRAM (/dev/nvram)", "the settings file …, as this machine has no
  // NVRAM", "the NVRAM image FILE".
  std::string Describe() const;
  const std::string& path() const { return path_; }
  bool exists() const { return !image_.empty(); }
  const std::vector<NvramPair>& pairs() const { return pairs_; }
  // What opening found of a journal (kNone when there was nothing to settle).
  JournalVerdict recovered() const { return recovered_; }
  // Bytes of `common`'s data, for "N of M bytes used" on the screen.
  std::uint64_t capacity() const { return common_.data_size(); }

  // Replaces every string of `common` with `pairs`, journaled. On an error nothing has changed,
  // or the journal settles the change on the next open; the store is then read again.
  Result<void> Save(const std::vector<NvramPair>& pairs);

 private:
  SettingsStore(platform::FileSystem& files, std::string path, StoreKind kind)
      : files_(&files), path_(std::move(path)), kind_(kind) {}
  Result<void> Load();
  Result<void> Apply(const std::vector<NvramWrite>& writes);

  platform::FileSystem* files_;
  std::string path_;
  StoreKind kind_;
  ByteBuffer image_;  // empty: a file store not made yet
  NvramPartition common_;
  std::vector<NvramPair> pairs_;
  JournalVerdict recovered_ = JournalVerdict::kNone;
};

}  // namespace baton::settings
