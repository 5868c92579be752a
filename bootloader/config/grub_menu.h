// SPDX-License-Identifier: GPL-2.0-or-later
// grub's menu: the items menuentry, submenu and blscfg define while the script runs, and the
// boot options they become afterwards. Each entry's body runs then, in a copy of the final
// environment, as grub runs the entry chosen from its menu (grub-core/normal/menu.c); the
// default is chosen by index, id, title or "a>b" path into submenus (get_entry_number and
// menuentry_eq in normal/menu.c), the timeout read from $timeout.
//
// Owns the menu tree, the level definitions go to while a script or submenu body runs, the entry
// an entry's body is filling (GrubEntry: the per-entry state), and what blscfg leaves for the
// end (the grubenv variables it loaded, the directories it read). Items point into the syntax
// trees the interpreter owns, so the interpreter must outlive Build.
//
// Must not include: the command table's header, any platform header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bootloader/config/bls.h"
#include "bootloader/config/config.h"
#include "bootloader/config/grub_interpreter.h"
#include "bootloader/config/grub_script.h"

namespace baton::config {

// The option an entry's body is building (linux, initrd, devicetree fill it).
struct GrubEntry {
  ConfigOption option;
  bool has_kernel = false;
  bool refused = false;  // a path it names is malformed or leaves its device
};

struct GrubMenuItem {
  enum class Kind : std::uint8_t { kEntry, kSubmenu, kBls };
  Kind kind = Kind::kEntry;
  std::string title;
  std::string id;
  std::vector<std::string> arguments;           // $1… of the body: the title, then the extra ones
  const std::vector<GrubNode>* body = nullptr;  // owned by the interpreter's scripts
  SourceLocation source;
  std::vector<GrubMenuItem> children;  // a submenu's items
  BlsEntry bls;
  DeviceReference bls_root;
  std::optional<std::size_t> option_index;  // into the options, once built
};

class GrubMenu {
 public:
  GrubMenu() = default;
  GrubMenu(const GrubMenu&) = delete;  // level_ points into the menu itself
  GrubMenu& operator=(const GrubMenu&) = delete;

  // Where items go now: the top level while the script runs, a submenu's items while its body
  // runs; nullptr inside an entry's body (menus do not nest in entries).
  std::vector<GrubMenuItem>* level() { return level_; }
  // The entry whose body runs now; nullptr outside an entry's body.
  GrubEntry* entry() { return entry_; }

  // menuentry and submenu (grub-core/commands/menuentry.c): adds the item `node` defines to the
  // level, its arguments expanded now (the title, --id, $1…); its body runs in Build.
  void Define(GrubInterpreter& shell, const GrubNode& node);
  // blscfg's part (rhboot/grub2 grub-core/commands/blscfg.c): an entry, its resources on `root`.
  void AddBls(BlsEntry entry, DeviceReference root);
  // The variables of ($boot)/grub2/grubenv that blscfg loads while it builds its entries; read
  // once.
  void LoadBlsEnvironment(ConfigFiles& files);
  // A BLS directory on the device of grub.cfg that blscfg read (ConfigResult::bls_directories).
  void AddBlsDirectory(std::string path) { bls_directories_.push_back(std::move(path)); }

  // Runs the bodies, each in a copy of `environment` (the one the script left), and fills the
  // options, the default, the timeout and the BLS directories of `result`.
  void Build(GrubInterpreter& shell, const GrubEnvironment& environment, ConfigResult& result);

 private:
  void Expand(GrubInterpreter& shell, std::vector<GrubMenuItem>& items,
              const GrubEnvironment& environment, const std::optional<std::string>& group,
              const std::string& file, ConfigResult& result);
  void ExpandEntry(GrubInterpreter& shell, GrubMenuItem& item,
                   const std::optional<std::string>& group, ConfigResult& result);
  std::string ExpandBlsValue(const GrubInterpreter& shell, std::string_view text) const;
  std::optional<std::size_t> ChooseDefault(GrubInterpreter& shell,
                                           const GrubEnvironment& environment) const;

  std::vector<GrubMenuItem> top_;
  std::vector<GrubMenuItem>* level_ = &top_;
  GrubEntry* entry_ = nullptr;
  int depth_ = 0;
  GrubEnvironment bls_environment_;
  bool bls_environment_loaded_ = false;
  std::vector<std::string> bls_directories_;
};

}  // namespace baton::config
