// SPDX-License-Identifier: GPL-2.0-or-later
// bootloader/config: boot-configuration parsers. Text in, boot options out.
//
// The module owns the parsers (grub2 with its scripting, BLS, syslinux/extlinux/isolinux, yaboot,
// kboot, baton's own format) and the types they produce. It depends on core only: parsers reach
// files through ConfigFiles, the one narrow door declared here, and never name a device or an OS
// path themselves. Device references stay symbolic ("the device with this UUID"); the discover
// module resolves them against the devices present.
//
// Parsers never fail as a whole: what they cannot read (a syntax error, an unknown command, a
// path that leaves its device) becomes a note, and the rest of the file is still read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::config {

// Configuration files (and every file a configuration reads: sourced scripts, grubenv, BLS
// entries) larger than this are refused with an error, as grub's blscfg refuses them.
inline constexpr std::uint64_t kMaxConfigSize = std::uint64_t{1} << 20;
// `source`, `configfile` and syslinux INCLUDE nest at most this deep.
inline constexpr int kMaxIncludeDepth = 10;
// … and read at most this many files in all, so a file that includes itself twice cannot make
// 2^10 reads.
inline constexpr int kMaxIncludedFiles = 100;

// Which device a path lives on, as the configuration names it.
enum class DeviceMatch : std::uint8_t {
  kSame,   // the device that holds the configuration
  kUuid,   // the device whose file-system UUID is `value`
  kLabel,  // the device whose label is `value`
  kName,   // grub's "(name)": a device id, else a UUID, else a label equal to `value`
  // Partition `value` (a number, "3") of the disk that holds the configuration: grub's
  // "(hd0,gpt3)" and yaboot's "partition=3" on a firmware disk name. The disk number a
  // firmware name gives cannot be mapped to a kernel disk; the configuration's own disk is the
  // one grub and yaboot started from. The configuration's device itself when its id names no
  // partition (a whole disk, a logical volume, a folder of a simulated machine).
  kPartition,
};

struct DeviceReference {
  DeviceMatch match = DeviceMatch::kSame;
  std::string value;
  friend bool operator==(const DeviceReference&, const DeviceReference&) = default;
};

// A file on a device: `path` is absolute and normalized ("/boot/vmlinuz").
struct ResourcePath {
  DeviceReference device;
  std::string path;
  friend bool operator==(const ResourcePath&, const ResourcePath&) = default;
};

struct SourceLocation {
  std::string file;  // the configuration file, absolute on its device
  std::uint64_t line = 0;
};

struct ConfigOption {
  std::string id;                    // grub --id, BLS file name, a label; the title otherwise
  std::string name;                  // the title shown in the menu
  std::optional<std::string> group;  // grub submenu title ("outer>inner" when nested)
  ResourcePath kernel;
  std::vector<ResourcePath> initrds;
  std::optional<ResourcePath> dtb;
  std::string args;
  SourceLocation source;
};

// What a script's `save_env` (grub's commands/loadenv.c) asks to write into an environment
// block: the variable's value when the script ran it, or its removal when it was unset. Only
// top-level calls are kept (grub.cfg's one-shot `next_entry` clearing); a `save_env` inside a
// menu entry runs when grub boots that entry, and is noted, not kept. Whether anything is
// written is not the parser's decision (discover and the menu: the disk-writes setting).
struct EnvSave {
  ResourcePath file;
  std::string name;
  std::optional<std::string> value;  // nullopt: unset, removed from the block
  SourceLocation source;
};
// A configuration keeps at most this many (later ones are noted and dropped).
inline constexpr std::size_t kMaxEnvSaves = 32;

struct ConfigResult {
  std::string parser;  // "grub2", "bls", "syslinux", "yaboot", "kboot", "baton"
  std::string path;    // the configuration file (for BLS, the entries directory)
  std::vector<ConfigOption> options;
  std::optional<std::size_t> default_index;      // into options
  std::optional<std::uint64_t> timeout_seconds;  // nullopt: wait for the operator
  std::vector<std::string> notes;                // "file:line: what was skipped and why"
  std::vector<std::string> bls_directories;      // BLS directories grub's blscfg read
  std::uint64_t options_dropped = 0;             // past kMaxOptions (AddOption)
  std::vector<EnvSave> env_saves;                // in the order the script ran them
};

// One configuration file gives at most kMaxOptions options and keeps at most kMaxNotes notes;
// past them one more note says what was dropped. A hostile file of a million labels or a
// million bad lines then costs what its first ones cost (tests/integration/hostile_config_test.sh).
inline constexpr std::size_t kMaxOptions = 1000;
inline constexpr std::size_t kMaxNotes = 200;
// Adds `option`, unless the result holds kMaxOptions already; false (and, the first time, a note
// at `option`'s place) then.
bool AddOption(ConfigResult& result, ConfigOption option);
// Adds `note`, unless `notes` holds kMaxNotes already (the first note dropped is replaced by
// "further notes dropped").
void AddNote(std::vector<std::string>& notes, std::string note);

enum class FileKind : std::uint8_t { kMissing, kFile, kDirectory };

// The only interface parsers use to reach files. Every path is absolute on the device that
// `device` names; implementations refuse paths that leave a device root.
class ConfigFiles {
 public:
  virtual ~ConfigFiles() = default;
  // A whole file of at most kMaxConfigSize bytes. Errors: kNotFound (file or device absent),
  // kTooLarge, kPermission (the path leaves the device root).
  virtual Result<ByteBuffer> Read(const DeviceReference& device, std::string_view path) = 0;
  // What is at `path`, and its size; kMissing when the device or file is absent.
  virtual FileKind Kind(const DeviceReference& device, std::string_view path,
                        std::uint64_t* size = nullptr) = 0;
  // Names in a directory, sorted; empty when absent.
  virtual std::vector<std::string> List(const DeviceReference& device,
                                        std::string_view directory) = 0;
  // The id of the first device (in discovery order) that holds `path`, for grub's search --file.
  virtual std::optional<std::string> FindFile(std::string_view path) = 0;
  // The id of the device present that `device` names, for grub's search --fs-uuid and --label;
  // nullopt when none is present now.
  virtual std::optional<std::string> FindDevice(const DeviceReference& device) = 0;
};

}  // namespace baton::config
