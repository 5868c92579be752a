// SPDX-License-Identifier: GPL-2.0-or-later
// BLS entries: reading, rpm version order, and boot options.
#include "bootloader/config/bls.h"

#include <algorithm>

#include "bootloader/config/grubenv.h"
#include "bootloader/config/lines.h"
#include "bootloader/config/paths.h"
#include "bootloader/core/text.h"

namespace baton::config {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || IsAsciiDigit(c); }

constexpr std::string_view kEntrySuffix = ".conf";

}  // namespace

const std::string* BlsEntry::Field(std::string_view key) const {
  for (const auto& field : fields) {
    if (field.first == key) return &field.second;
  }
  return nullptr;
}

BlsEntry ParseBlsEntry(std::string_view id, std::string_view file, std::string_view text) {
  BlsEntry entry{std::string(id), std::string(file), {}, {}};
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.empty() || line.front() == '#') continue;
    auto [key, value] = SplitFirstWord(line);
    if (value.empty()) continue;
    entry.fields.emplace_back(std::string(key), std::string(value));
    entry.lines.push_back(lines.number());
  }
  return entry;
}

int CompareVersions(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() || j < b.size()) {
    while (i < a.size() && !IsAlnum(a[i]) && a[i] != '~') ++i;
    while (j < b.size() && !IsAlnum(b[j]) && b[j] != '~') ++j;
    // A tilde sorts before everything, even the end of the string.
    bool tilde_a = i < a.size() && a[i] == '~';
    bool tilde_b = j < b.size() && b[j] == '~';
    if (tilde_a || tilde_b) {
      if (!tilde_a) return 1;
      if (!tilde_b) return -1;
      ++i;
      ++j;
      continue;
    }
    if (i >= a.size() || j >= b.size()) break;
    bool numeric = IsAsciiDigit(a[i]);
    std::size_t end_a = i;
    std::size_t end_b = j;
    auto same_kind = [numeric](char c) { return numeric ? IsAsciiDigit(c) : IsAlpha(c); };
    while (end_a < a.size() && same_kind(a[end_a])) ++end_a;
    while (end_b < b.size() && same_kind(b[end_b])) ++end_b;
    std::string_view segment_a = a.substr(i, end_a - i);
    std::string_view segment_b = b.substr(j, end_b - j);
    // A numeric segment is newer than an alphabetic one.
    if (segment_b.empty()) return numeric ? 1 : -1;
    if (numeric) {
      while (!segment_a.empty() && segment_a.front() == '0') segment_a.remove_prefix(1);
      while (!segment_b.empty() && segment_b.front() == '0') segment_b.remove_prefix(1);
      if (segment_a.size() != segment_b.size()) return segment_a.size() > segment_b.size() ? 1 : -1;
    }
    int order = segment_a.compare(segment_b);
    if (order != 0) return order < 0 ? -1 : 1;
    i = end_a;
    j = end_b;
  }
  if (i >= a.size() && j >= b.size()) return 0;
  return i >= a.size() ? -1 : 1;
}

void SortBlsEntries(std::vector<BlsEntry>& entries) {
  // blscfg sorts ascending by (has a version, version, file name) and adds menu entries from the
  // last one back: the menu is that order reversed.
  auto older = [](const BlsEntry& left, const BlsEntry& right) {
    const std::string* version_left = left.Field("version");
    const std::string* version_right = right.Field("version");
    if (version_left != nullptr && version_right == nullptr) return true;
    if (version_left == nullptr && version_right != nullptr) return false;
    if (version_left != nullptr) {
      int order = CompareVersions(*version_left, *version_right);
      if (order != 0) return order < 0;
    }
    return CompareVersions(left.id, right.id) < 0;
  };
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const BlsEntry& left, const BlsEntry& right) { return older(right, left); });
}

std::vector<BlsEntry> ReadBlsDirectory(ConfigFiles& files, const DeviceReference& device,
                                       std::string_view directory,
                                       std::vector<std::string>& notes) {
  std::vector<BlsEntry> entries;
  for (const std::string& name : files.List(device, directory)) {
    if (name.empty() || name.front() == '.' || name.size() <= kEntrySuffix.size() ||
        name.compare(name.size() - kEntrySuffix.size(), kEntrySuffix.size(), kEntrySuffix) != 0) {
      continue;
    }
    std::string path = std::string(directory) + "/" + name;
    Result<ByteBuffer> text = files.Read(device, path);
    if (!text) {
      AddNote(notes, NoteAt(path, 0, text.error().ToString()));
      continue;
    }
    entries.push_back(ParseBlsEntry(
        std::string_view(name).substr(0, name.size() - kEntrySuffix.size()), path, AsText(*text)));
  }
  SortBlsEntries(entries);
  return entries;
}

namespace {

// `text`'s words joined by one blank.
std::string JoinWords(std::string_view text) {
  std::string out;
  std::string_view rest = Trim(text);
  while (!rest.empty()) {
    auto [word, after] = SplitFirstWord(rest);
    if (!out.empty()) out += ' ';
    out += word;
    rest = after;
  }
  return out;
}

// The directory part of `path` with its final '/' ("/boot/vmlinuz" -> "/boot/"), "" without one.
std::string_view DirectoryWithSlash(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash + 1);
}

}  // namespace

bool MakeBlsOption(const BlsEntry& entry, const DeviceReference& root, BlsReader reader,
                   const std::function<std::string(std::string_view)>& expand, ConfigOption& option,
                   std::vector<std::string>& notes) {
  const std::string* kernel = entry.Field("linux");
  if (kernel == nullptr) {
    AddNote(notes, NoteAt(entry.file, 0, "BLS entry without 'linux' skipped"));
    return false;
  }
  auto resource = [&](std::string_view path, std::uint64_t line, ResourcePath& out) {
    Result<std::string> normalized = ResolveDevicePath("/", path);
    if (!normalized) {
      AddNote(notes, NoteAt(entry.file, line, normalized.error().ToString()));
      return false;
    }
    out = {root, *normalized};
    return true;
  };
  // Every file a value names; false (with the note) when one leaves its device.
  auto resources = [&](std::string_view value, std::uint64_t line, std::string_view prefix) {
    std::string_view rest = Trim(value);
    while (!rest.empty()) {
      auto [word, after] = SplitFirstWord(rest);
      ResourcePath initrd;
      if (!resource(std::string(prefix) + std::string(word), line, initrd)) return false;
      option.initrds.push_back(std::move(initrd));
      rest = after;
    }
    return true;
  };
  option = ConfigOption{};
  option.id = entry.id;
  auto value_of = [&](std::string_view value) {
    return expand ? expand(value) : std::string(value);
  };
  const std::string* title = entry.Field("title");
  option.name = JoinWords(title != nullptr ? value_of(*title) : *kernel);
  if (option.name.empty()) option.name = *kernel;
  option.source = {entry.file, 1};
  std::string kernel_path;
  std::uint64_t kernel_line = 0;
  const std::string* first_initrd = nullptr;
  bool have_options = false;
  std::string args;
  for (std::size_t i = 0; i < entry.fields.size(); ++i) {
    const auto& [key, value] = entry.fields[i];
    if (key == "linux" && &value == kernel) {
      kernel_line = entry.lines[i];
      kernel_path = std::string(SplitFirstWord(value_of(value)).first);
    } else if (key == "initrd" && first_initrd == nullptr) {
      first_initrd = &value;
    } else if (key == "options" && (reader == BlsReader::kDirect || !have_options)) {
      if (!args.empty()) args += ' ';
      args += value_of(value);
      have_options = true;
    }
  }
  option.source.line = kernel_line;
  if (kernel_path.empty()) {
    AddNote(notes, NoteAt(entry.file, kernel_line, "BLS entry's 'linux' names no file; skipped"));
    return false;
  }
  if (!resource(kernel_path, kernel_line, option.kernel)) return false;
  if (reader == BlsReader::kBlscfg) {
    if (!have_options) args = value_of("$default_kernelopts");
    std::string early = value_of("$early_initrd");
    if (!Trim(early).empty()) {
      std::string first = first_initrd != nullptr
                              ? std::string(SplitFirstWord(value_of(*first_initrd)).first)
                              : kernel_path;
      if (!resources(early, kernel_line, DirectoryWithSlash(first))) return false;
    }
  }
  for (std::size_t i = 0; i < entry.fields.size(); ++i) {
    const auto& [key, value] = entry.fields[i];
    const std::uint64_t line = entry.lines[i];
    if (key == "initrd") {
      // One initrd line may name several files, as blscfg passes the line on to `initrd`.
      if (!resources(value_of(value), line, {})) return false;
    } else if (key == "devicetree" && !option.dtb) {
      std::string path(SplitFirstWord(value_of(value)).first);
      ResourcePath dtb;
      if (path.empty() || !resource(path, line, dtb)) return false;
      option.dtb = std::move(dtb);
    }
  }
  if (reader == BlsReader::kBlscfg && !option.dtb) {
    std::string tree(SplitFirstWord(value_of("$devicetree")).first);
    ResourcePath dtb;
    if (!tree.empty()) {
      if (!resource(std::string(DirectoryWithSlash(kernel_path)) + tree, kernel_line, dtb)) {
        return false;
      }
      option.dtb = std::move(dtb);
    }
  }
  option.args = JoinWords(args);
  return true;
}

std::string ExpandVariables(std::string_view text,
                            const std::function<std::string(const std::string&)>& lookup) {
  auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    if (text[at] != '$') {
      out += text[at++];
      continue;
    }
    std::size_t start = at + 1;
    std::size_t end = start;
    std::string name;
    if (start < text.size() && text[start] == '{') {
      end = text.find('}', start);
      if (end == std::string_view::npos) {
        out += text.substr(at);
        break;
      }
      name = std::string(text.substr(start + 1, end - start - 1));
      ++end;
    } else {
      while (end < text.size() && name_char(text[end])) ++end;
      name = std::string(text.substr(start, end - start));
    }
    if (name.empty()) {
      out += '$';
      ++at;
      continue;
    }
    out += lookup(name);
    at = end;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ReadBlsEnvironment(ConfigFiles& files) {
  for (std::string_view file : {"/grub2/grubenv", "/boot/grub2/grubenv"}) {
    Result<ByteBuffer> text = files.Read({}, file);
    if (text) return ParseGrubEnv(AsText(*text));
  }
  return {};
}

ConfigResult ParseBlsDirectly(ConfigFiles& files) {
  ConfigResult result;
  result.parser = "bls";
  const auto environment = ReadBlsEnvironment(files);
  auto expand = [&](std::string_view text) {
    return ExpandVariables(text, [&](const std::string& name) {
      for (const auto& [key, value] : environment) {
        if (key == name) return value;
      }
      return std::string();
    });
  };
  for (std::string_view directory : {"/loader/entries", "/boot/loader/entries"}) {
    std::vector<BlsEntry> entries = ReadBlsDirectory(files, {}, directory, result.notes);
    if (entries.empty()) continue;
    result.path = std::string(directory);
    for (const BlsEntry& entry : entries) {
      ConfigOption option;
      if (MakeBlsOption(entry, {}, BlsReader::kDirect, expand, option, result.notes)) {
        AddOption(result, std::move(option));
      }
    }
    if (!result.options.empty()) result.default_index = 0;
    break;
  }
  return result;
}

}  // namespace baton::config
