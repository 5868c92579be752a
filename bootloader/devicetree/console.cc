// SPDX-License-Identifier: GPL-2.0-or-later
// The console setting as a vty node (see the header).
#include "bootloader/devicetree/console.h"

#include <algorithm>
#include <vector>

#include "bootloader/core/text.h"

namespace baton::devicetree {
namespace {

constexpr std::string_view kVdevice = "/vdevice/";

bool IsVty(const DeviceTree& tree, const std::string& path) {
  if (!path.starts_with(kVdevice) || path.find('/', kVdevice.size()) != std::string::npos) {
    return false;
  }
  const std::optional<Bytes> compatible = tree.Property(path, "compatible");
  if (!compatible) return false;
  // A list of NUL-terminated strings.
  std::string_view list = AsText(*compatible);
  while (!list.empty()) {
    const std::string_view one = list.substr(0, list.find('\0'));
    if (one == "hvterm1" || one == "hvterm-protocol") return true;
    list.remove_prefix(std::min(list.size(), one.size() + 1));
  }
  return false;
}

}  // namespace

ConsoleChoice ChooseConsoleNode(const DeviceTree& tree, std::string_view setting) {
  ConsoleChoice choice;
  if (setting.empty()) return choice;
  const std::string_view value = setting.substr(0, setting.find(" ["));
  if (!value.starts_with(kKernelDevicePrefix)) {
    if (tree.HasNode(value)) {
      choice.node = std::string(value);
    } else {
      choice.why = "the console '" + std::string(value) + "' is no node of the device tree";
    }
    return choice;
  }
  std::string_view name = value.substr(kKernelDevicePrefix.size());
  if (!name.starts_with("hvc") || name.size() < 4 || name.size() > 5 ||
      !std::all_of(name.begin() + 3, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    choice.why = "the console '" + std::string(value) +
                 "' is not a vty (hvcN): the next kernel keeps the firmware's console";
    return choice;
  }
  std::size_t number = 0;
  for (char c : name.substr(3)) number = number * 10 + static_cast<std::size_t>(c - '0');
  std::vector<std::pair<std::uint64_t, std::string>> others;
  const std::optional<std::string> current = tree.StringProperty("/chosen", "stdout-path");
  std::optional<std::string> first;
  for (const std::string& path : tree.NodePaths()) {
    if (!IsVty(tree, path)) continue;
    if (current && *current == path) {
      first = path;
      continue;
    }
    others.emplace_back(tree.NumberProperty(path, "reg").value_or(~std::uint64_t{0}), path);
  }
  std::stable_sort(others.begin(), others.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (number == 0) {
    if (first)
      choice.node = *first;
    else
      choice.why = "no vty is the firmware's console (/chosen/stdout-path)";
    return choice;
  }
  if (number - 1 < others.size()) {
    choice.node = others[number - 1].second;
  } else {
    choice.why = "the console '" + std::string(value) + "': the tree has " +
                 std::to_string(others.size() + (first ? 1 : 0)) + " vty devices";
  }
  return choice;
}

}  // namespace baton::devicetree
