// SPDX-License-Identifier: GPL-2.0-or-later
// Device paths and device names.
#include "bootloader/config/paths.h"

#include <vector>

namespace baton::config {

Result<std::string> NormalizeDevicePath(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return Error(ErrorCode::kInvalidArgument, "path is not absolute", std::string(path));
  }
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (at < path.size()) {
    std::size_t end = path.find('/', at);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(at, end - at);
    at = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) {
        return Error(ErrorCode::kPermission, "path leaves the device root", std::string(path));
      }
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  if (parts.empty()) return std::string(1, '/');
  std::string out;
  for (std::string_view part : parts) {
    out += '/';
    out += part;
  }
  return out;
}

Result<std::string> ResolveDevicePath(std::string_view directory, std::string_view path) {
  if (!path.empty() && path.front() == '/') return NormalizeDevicePath(path);
  std::string joined(directory);
  if (joined.empty() || joined.back() != '/') joined += '/';
  joined += path;
  return NormalizeDevicePath(joined);
}

std::string DirectoryOf(std::string_view path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

bool IsFirmwareDiskName(std::string_view name) {
  auto starts = [&](std::string_view prefix) { return name.substr(0, prefix.size()) == prefix; };
  if (name.empty()) return true;
  if (starts("ieee1275") || starts("/") || starts("cd") || starts("fd") || starts("ofdisk")) {
    return true;
  }
  // hdN or hdN,partition
  if (starts("hd") && name.size() > 2 && name[2] >= '0' && name[2] <= '9') return true;
  // yaboot's OF aliases: "hd:", "cd:", "disk:3"
  if (name.back() == ':' || name == "hd" || name == "disk") return true;
  return false;
}

Result<ResourcePath> DevicePrefixedPath(std::string_view value, DeviceReference device) {
  std::size_t colon = value.find(':');
  if (colon != std::string_view::npos && colon > 0 && value.find('/') > colon) {
    device = ReferenceForName(value.substr(0, colon));
    value.remove_prefix(colon + 1);
    std::size_t comma = value.find(',');
    if (comma != std::string_view::npos && comma < value.find('/')) value.remove_prefix(comma + 1);
  }
  std::string path = BATON_TRY(ResolveDevicePath("/", value));  // not inside the initializer
  return ResourcePath{std::move(device), std::move(path)};
}

DeviceReference ReferenceForName(std::string_view name) {
  if (IsFirmwareDiskName(name)) return {};
  return {DeviceMatch::kName, std::string(name)};
}

std::string DescribeReference(const DeviceReference& reference) {
  switch (reference.match) {
    case DeviceMatch::kSame:
      return "same";
    case DeviceMatch::kUuid:
      return "uuid=" + reference.value;
    case DeviceMatch::kLabel:
      return "label=" + reference.value;
    case DeviceMatch::kName:
      return "device=" + reference.value;
  }
  return "?";
}

std::string LowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace baton::config
