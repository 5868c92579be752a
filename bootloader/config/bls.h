// SPDX-License-Identifier: GPL-2.0-or-later
// Boot Loader Specification type #1 entries (/loader/entries/*.conf), read as grub's blscfg
// command reads them (rhboot/grub2 grub-core/commands/blscfg.c): "key value" lines, '#' comments,
// `linux` required, `initrd` repeatable, the id is the file name without ".conf", the title
// defaults to the kernel path, and the menu shows the newest version first.
//
// Deviation, on purpose: blscfg stops reading an entry at its first blank line; baton skips blank
// lines, so a hand-edited entry is not silently cut short.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bootloader/config/config.h"

namespace baton::config {

struct BlsEntry {
  std::string id;    // file name without ".conf"
  std::string file;  // the entry file, absolute on its device
  std::vector<std::pair<std::string, std::string>> fields;  // in file order
  std::vector<std::uint64_t> lines;                         // the line of each field
  const std::string* Field(std::string_view key) const;     // the first one, or nullptr
};

BlsEntry ParseBlsEntry(std::string_view id, std::string_view file, std::string_view text);

// rpm's version comparison as blscfg implements it: >0 when `a` is newer, <0 when older.
int CompareVersions(std::string_view a, std::string_view b);

// Orders entries as grub's menu shows them: entries without a version first, then by version,
// then by file name, newest first.
void SortBlsEntries(std::vector<BlsEntry>& entries);

// Every *.conf entry in `directory` of `device` (files over kMaxConfigSize are skipped with a
// note), in menu order.
std::vector<BlsEntry> ReadBlsDirectory(ConfigFiles& files, const DeviceReference& device,
                                       std::string_view directory, std::vector<std::string>& notes);

// Who reads the entries. kBlscfg: grub's blscfg (rhboot), which takes the first `options`
// line only, else $default_kernelopts; puts the files of $early_initrd (in the directory of the
// first initrd, else of the kernel) before the entry's initrds; and takes $devicetree (in the
// kernel's directory) when the entry names none. kDirect: the Boot Loader Specification as
// systemd-boot reads it, every `options` line joined.
enum class BlsReader : std::uint8_t { kBlscfg, kDirect };

// The boot option of one entry; false (with a note) for an entry without `linux` or with a path
// that leaves its device. Resources live on `root`. `expand` replaces grub variables in every
// value, the title too ($os_name, $kernelopts, $tuned_initrd); a variable that expands to nothing
// names no file. The command line is read as grub reads the line blscfg makes of it: words
// separated by one blank.
bool MakeBlsOption(const BlsEntry& entry, const DeviceReference& root, BlsReader reader,
                   const std::function<std::string(std::string_view)>& expand, ConfigOption& option,
                   std::vector<std::string>& notes);

// Replaces $name and ${name} in `text` with `lookup(name)` (grub's expansion of an entry's lines,
// which blscfg hands to grub's script reader).
std::string ExpandVariables(std::string_view text,
                            const std::function<std::string(const std::string&)>& lookup);

// The variables blscfg loads while it builds entries: the first of /grub2/grubenv and
// /boot/grub2/grubenv on the device of the entries.
std::vector<std::pair<std::string, std::string>> ReadBlsEnvironment(ConfigFiles& files);

// BLS read directly (no grub.cfg on the device uses blscfg): the first of /loader/entries and
// /boot/loader/entries that holds entries, variables expanded from ReadBlsEnvironment. The
// default is the first (newest) entry.
ConfigResult ParseBlsDirectly(ConfigFiles& files);

}  // namespace baton::config
