// SPDX-License-Identifier: GPL-2.0-or-later
// The kboot parser.
#include "bootloader/config/kboot.h"

#include "bootloader/config/lines.h"
#include "bootloader/config/paths.h"

namespace baton::config {
ConfigResult ParseKboot(ConfigFiles&, std::string_view path, std::string_view text) {
  ConfigResult result;
  result.parser = "kboot";
  result.path = std::string(path);
  std::string default_name;
  std::string global_initrd;
  std::string global_root;
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.empty() || line.front() == '#') continue;
    std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      AddNote(result.notes, NoteAt(path, lines.number(), "line without '=' skipped"));
      continue;
    }
    std::string name(Trim(line.substr(0, equals)));
    std::string_view value = Unquote(Trim(line.substr(equals + 1)));
    if (name == "default") {
      default_name = std::string(value);
    } else if (name == "timeout") {
      std::int64_t seconds = SmallNumber(value);
      if (seconds >= 0) result.timeout_seconds = static_cast<std::uint64_t>(seconds);
    } else if (name == "initrd") {
      global_initrd = std::string(value);
    } else if (name == "root") {
      global_root = std::string(value);
    } else if (name == "delay" || name == "message" || name == "video") {
      continue;
    } else {
      auto [kernel, rest] = SplitFirstWord(value);
      ConfigOption option;
      option.id = name;
      option.name = name;
      option.source = {std::string(path), lines.number()};
      Result<ResourcePath> kernel_path = DevicePrefixedPath(kernel, {});
      if (kernel.empty() || !kernel_path) {
        AddNote(result.notes, NoteAt(path, lines.number(),
                                     "option '" + name + "' has no usable kernel; skipped"));
        continue;
      }
      option.kernel = std::move(*kernel_path);
      std::string initrd = global_initrd;
      std::string root = global_root;
      std::string args;
      while (!rest.empty()) {
        auto [word, after] = SplitFirstWord(rest);
        rest = after;
        if (word.substr(0, 7) == "initrd=") {
          initrd = std::string(word.substr(7));
        } else if (word.substr(0, 5) == "root=") {
          root = std::string(word.substr(5));
        } else {
          if (!args.empty()) args += ' ';
          args += word;
        }
      }
      option.args = root.empty() ? args : "root=" + root + (args.empty() ? "" : " " + args);
      if (!initrd.empty()) {
        Result<ResourcePath> resource = DevicePrefixedPath(initrd, {});
        if (!resource) {
          AddNote(result.notes, NoteAt(path, lines.number(), resource.error().ToString()));
          continue;
        }
        option.initrds.push_back(std::move(*resource));
      }
      AddOption(result, std::move(option));
    }
  }
  for (std::size_t i = 0; i < result.options.size() && !default_name.empty(); ++i) {
    if (result.options[i].id == default_name) result.default_index = i;
  }
  return result;
}

}  // namespace baton::config
