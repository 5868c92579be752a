// SPDX-License-Identifier: GPL-2.0-or-later
// Device paths and device names.
#include "bootloader/config/paths.h"

#include <vector>

#include "bootloader/core/text.h"

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
    if (comma != std::string_view::npos && comma < value.find('/')) {
      std::string_view number = value.substr(0, comma);
      if (device.match == DeviceMatch::kSame && IsPartitionNumber(number)) {
        device = {DeviceMatch::kPartition, std::string(number)};
      }
      value.remove_prefix(comma + 1);
    }
  }
  std::string path = BATON_TRY(ResolveDevicePath("/", value));  // not inside the initializer
  return ResourcePath{std::move(device), std::move(path)};
}

DeviceReference ReferenceForName(std::string_view name) {
  if (name.starts_with(kKernelDevicePrefix) && name.size() > kKernelDevicePrefix.size()) {
    return {DeviceMatch::kName, std::string(name.substr(kKernelDevicePrefix.size()))};
  }
  if (!IsFirmwareDiskName(name)) return {DeviceMatch::kName, std::string(name)};
  if (std::optional<std::string> number = FirmwarePartition(name)) {
    return {DeviceMatch::kPartition, std::move(*number)};
  }
  return {};
}

bool IsPartitionNumber(std::string_view text) {
  if (text.empty() || text.size() > 4 || text.front() == '0') return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::string> FirmwarePartition(std::string_view name) {
  std::size_t comma = name.rfind(',');
  if (comma == std::string_view::npos) return std::nullopt;
  std::string_view part = name.substr(comma + 1);
  std::size_t digits = part.find_first_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos) return std::nullopt;
  for (char c : part.substr(0, digits)) {
    if (c < 'a' || c > 'z') return std::nullopt;
  }
  if (!IsPartitionNumber(part.substr(digits))) return std::nullopt;
  return std::string(part.substr(digits));
}

namespace {

// Disks whose own names end in a digit: their partitions are "<disk>p<n>", and a name of theirs
// without "p<n>" is the whole disk.
bool NumberedDisk(std::string_view id) {
  for (std::string_view prefix :
       {"nvme", "mmcblk", "loop", "nbd", "md", "sr", "dm-", "zram", "ram", "rbd", "nullb"}) {
    if (id.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> DiskOfPartition(std::string_view id) {
  std::size_t end = id.size();
  while (end > 0 && IsAsciiDigit(id[end - 1])) --end;
  if (end == id.size() || end == 0) return std::nullopt;
  std::string_view number = id.substr(end);
  if (!IsPartitionNumber(number)) return std::nullopt;
  if (NumberedDisk(id)) {
    // "nvme0n1p2": the disk is what stands before "p", which itself ends in a digit.
    if (end >= 2 && id[end - 1] == 'p' && IsAsciiDigit(id[end - 2])) {
      return std::string(id.substr(0, end - 1));
    }
    return std::nullopt;
  }
  for (std::size_t i = 0; i < end; ++i) {
    char c = id[i];
    if (!((c >= 'a' && c <= 'z') || c == '-' || c == '_')) return std::nullopt;
  }
  return std::string(id.substr(0, end));
}

DeviceReference PartitionReference(const DeviceReference& device, std::string_view number) {
  if (!IsPartitionNumber(number)) return device;
  switch (device.match) {
    case DeviceMatch::kSame:
    case DeviceMatch::kPartition:
      return {DeviceMatch::kPartition, std::string(number)};
    case DeviceMatch::kName: {
      std::string disk = DiskOfPartition(device.value).value_or(device.value);
      return {DeviceMatch::kName, PartitionOf(disk, number)};
    }
    case DeviceMatch::kUuid:
    case DeviceMatch::kLabel:
      break;
  }
  return device;
}

std::string PartitionOf(std::string_view disk, std::string_view number) {
  std::string out(disk);
  if (!out.empty() && IsAsciiDigit(out.back())) out += 'p';
  out += number;
  return out;
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
    case DeviceMatch::kPartition:
      return "partition=" + reference.value;
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
