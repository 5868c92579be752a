// SPDX-License-Identifier: GPL-2.0-or-later
// The yaboot parser.
#include "bootloader/config/yaboot.h"

#include <map>

#include "bootloader/config/lines.h"
#include "bootloader/config/paths.h"

namespace baton::config {
namespace {

struct Section {
  std::map<std::string, std::string> values;  // key -> value ("" for a bare flag)
  SourceLocation source;
};

}  // namespace

ConfigResult ParseYaboot(ConfigFiles&, std::string_view path, std::string_view text) {
  ConfigResult result;
  result.parser = "yaboot";
  result.path = std::string(path);
  Section global;
  std::vector<Section> images;
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.empty() || line.front() == '#') continue;
    std::size_t equals = line.find('=');
    std::string key = LowerCase(Trim(line.substr(0, equals)));
    std::string value;
    if (equals != std::string_view::npos)
      value = std::string(Unquote(Trim(line.substr(equals + 1))));
    if (key == "image" || key == "image[64bit]" || key == "image[32bit]") {
      images.push_back(Section{{{"image", value}}, {std::string(path), lines.number()}});
      continue;
    }
    Section& section = images.empty() ? global : images.back();
    section.values[key] = value;
  }

  auto lookup = [&](const Section& image, const std::string& key) -> const std::string* {
    auto found = image.values.find(key);
    if (found != image.values.end()) return &found->second;
    found = global.values.find(key);
    return found != global.values.end() ? &found->second : nullptr;
  };

  for (const Section& image : images) {
    ConfigOption option;
    option.source = image.source;
    const std::string& image_path = image.values.at("image");
    const std::string* label = lookup(image, "label");
    option.id = label != nullptr ? *label : image_path;
    option.name = option.id;
    // device= and partition= (each global or per image) name where a path without a device of
    // its own lives; "sda4:/vmlinux" names its own.
    DeviceReference device;
    if (const std::string* named = lookup(image, "device")) device = ReferenceForName(*named);
    if (const std::string* partition = lookup(image, "partition")) {
      if (IsPartitionNumber(*partition)) {
        device = PartitionReference(device, *partition);
      } else {
        AddNote(result.notes, NoteAt(path, image.source.line,
                                     "partition=" + *partition + " is not a partition number"));
      }
    }
    Result<ResourcePath> kernel = DevicePrefixedPath(image_path, device);
    if (!kernel) {
      AddNote(result.notes,
              NoteAt(path, image.source.line, kernel.error().ToString() + "; image skipped"));
      continue;
    }
    option.kernel = std::move(*kernel);
    if (const std::string* initrd_path = lookup(image, "initrd")) {
      Result<ResourcePath> initrd = DevicePrefixedPath(*initrd_path, device);
      if (!initrd) {
        AddNote(result.notes,
                NoteAt(path, image.source.line, initrd.error().ToString() + "; image skipped"));
        continue;
      }
      option.initrds.push_back(std::move(*initrd));
    }
    if (const std::string* literal = lookup(image, "literal")) {
      option.args = *literal;
    } else {
      std::string args;
      auto add = [&](std::string_view word) {
        if (word.empty()) return;
        if (!args.empty()) args += ' ';
        args += word;
      };
      if (const std::string* root = lookup(image, "root")) add("root=" + *root);
      // Per image, read-write beats an inherited read-only and the other way round.
      bool read_only = image.values.count("read-only") != 0 ||
                       (image.values.count("read-write") == 0 && global.values.count("read-only"));
      bool read_write = image.values.count("read-write") != 0 ||
                        (image.values.count("read-only") == 0 && global.values.count("read-write"));
      if (read_only) add("ro");
      if (read_write && !read_only) add("rw");
      if (const std::string* append = lookup(image, "append")) add(Trim(*append));
      option.args = std::move(args);
    }
    AddOption(result, std::move(option));
  }

  if (!result.options.empty()) {
    result.default_index = 0;
    auto found = global.values.find("default");
    if (found != global.values.end()) {
      for (std::size_t i = 0; i < result.options.size(); ++i) {
        if (result.options[i].id == found->second) result.default_index = i;
      }
    }
  }
  auto timeout = global.values.find("timeout");
  if (timeout != global.values.end()) {
    std::int64_t tenths = SmallNumber(timeout->second);
    if (tenths > 0) result.timeout_seconds = static_cast<std::uint64_t>((tenths + 9) / 10);
  }
  return result;
}

}  // namespace baton::config
