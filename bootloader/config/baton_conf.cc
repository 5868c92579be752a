// SPDX-License-Identifier: GPL-2.0-or-later
// The baton.conf parser.
#include "bootloader/config/baton_conf.h"

#include <optional>

#include "bootloader/config/lines.h"
#include "bootloader/config/paths.h"

namespace baton::config {
namespace {

Result<ResourcePath> BatonResource(std::string_view directory, std::string_view value) {
  DeviceReference device;
  if (!value.empty() && value.front() == '(') {
    std::size_t close = value.find(')');
    if (close == std::string_view::npos) {
      return Error(ErrorCode::kInvalidArgument, "device name without ')'", std::string(value));
    }
    std::string_view name = value.substr(1, close - 1);
    value.remove_prefix(close + 1);
    std::size_t equals = name.find('=');
    std::string_view kind = name.substr(0, equals);
    std::string_view wanted =
        equals == std::string_view::npos ? std::string_view() : name.substr(equals + 1);
    if (kind == "uuid" && !wanted.empty()) {
      device = {DeviceMatch::kUuid, std::string(wanted)};
    } else if (kind == "label" && !wanted.empty()) {
      device = {DeviceMatch::kLabel, std::string(wanted)};
    } else if (kind == "device" && !wanted.empty()) {
      device = {DeviceMatch::kName, std::string(wanted)};
    } else {
      return Error(ErrorCode::kInvalidArgument, "device must be (uuid=…), (label=…) or (device=…)",
                   std::string(name));
    }
    if (value.empty() || value.front() != '/') {
      return Error(ErrorCode::kInvalidArgument, "a path after a device name must be absolute");
    }
  }
  // The path first: returning from inside a braced initializer would skip the destructor of
  // the device reference already built in it.
  std::string path = BATON_TRY(ResolveDevicePath(directory, value));
  return ResourcePath{std::move(device), std::move(path)};
}

}  // namespace

ConfigResult ParseBatonConf(ConfigFiles&, std::string_view path, std::string_view text) {
  ConfigResult result;
  result.parser = "baton";
  result.path = std::string(path);
  const std::string directory = DirectoryOf(path);
  std::string default_id;
  std::optional<ConfigOption> current;
  bool current_has_kernel = false;
  bool current_refused = false;  // a resource could not be read: the option is not offered
  auto finish = [&] {
    if (!current) return;
    if (current_refused) {
      AddNote(result.notes,
              NoteAt(path, current->source.line, "option '" + current->id + "' refused"));
    } else if (!current_has_kernel) {
      AddNote(result.notes, NoteAt(path, current->source.line,
                                   "option '" + current->id + "' has no kernel; skipped"));
    } else {
      if (current->name.empty()) current->name = current->id;
      AddOption(result, std::move(*current));
    }
    current.reset();
  };
  LineReader lines(text);
  std::string_view line;
  while (lines.Next(line)) {
    if (line.empty() || line.front() == '#') continue;
    auto [key, value] = SplitFirstWord(line);
    auto note = [&](std::string_view what) {
      AddNote(result.notes, NoteAt(path, lines.number(), what));
    };
    if (key == "option") {
      finish();
      if (value.empty()) {
        note("option without an id skipped");
        continue;
      }
      current = ConfigOption{};
      current->id = std::string(value);
      current->source = {std::string(path), lines.number()};
      current_has_kernel = false;
      current_refused = false;
    } else if (key == "default") {
      default_id = std::string(value);
    } else if (key == "timeout") {
      std::int64_t seconds = SmallNumber(value);
      if (seconds < 0) {
        note("timeout is not a number of seconds");
      } else {
        result.timeout_seconds = static_cast<std::uint64_t>(seconds);
      }
    } else if (!current) {
      note("'" + std::string(key) + "' outside an option skipped");
    } else if (key == "name") {
      current->name = std::string(value);
    } else if (key == "args") {
      current->args = std::string(value);
    } else if (key == "kernel" || key == "initrd" || key == "dtb") {
      Result<ResourcePath> resource = BatonResource(directory, value);
      if (!resource) {
        note(resource.error().ToString());
        current_refused = true;
        continue;
      }
      if (key == "kernel") {
        current->kernel = std::move(*resource);
        current_has_kernel = true;
      } else if (key == "initrd") {
        current->initrds.push_back(std::move(*resource));
      } else {
        current->dtb = std::move(*resource);
      }
    } else {
      note("unknown key '" + std::string(key) + "' skipped");
    }
  }
  finish();
  for (std::size_t i = 0; i < result.options.size() && !default_id.empty(); ++i) {
    if (result.options[i].id == default_id) result.default_index = i;
  }
  return result;
}

}  // namespace baton::config
