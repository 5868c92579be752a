// SPDX-License-Identifier: GPL-2.0-or-later
// A boot option as the menu shows and edits it: where its files are and what it passes to the
// next kernel. Built from discovery's boot options (bootloader/discover) by the composition root;
// the UI never reads a configuration itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace baton::ui {

// A file on a device, as "device:/path"; `device` is empty when the reference did not resolve
// (then `missing` names what the configuration asked for).
struct OptionFile {
  std::string device;
  std::string path;
  std::string missing;
  bool present() const { return !device.empty(); }
};

struct MenuOption {
  std::string device;                // the device that holds the configuration
  std::string name;                  // the title shown
  std::optional<std::string> group;  // grub submenu, shown as "group > name"
  std::string parser;                // "grub2", "bls", ...
  OptionFile kernel;
  std::vector<OptionFile> initrds;
  std::optional<OptionFile> dtb;
  std::string args;
  bool is_default = false;
  bool edited = false;               // the operator changed it in the editor
};

// "device:/path", or "(missing: REF)" for an unresolved file.
std::string DescribeFile(const OptionFile& file);

}  // namespace baton::ui
