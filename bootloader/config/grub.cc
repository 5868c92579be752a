// SPDX-License-Identifier: GPL-2.0-or-later
// grub.cfg as grub runs it: the interpreter runs the script, defining the menu; the menu then
// runs its entries and becomes the boot options.
#include "bootloader/config/grub.h"

#include "bootloader/config/grub_interpreter.h"
#include "bootloader/config/grub_menu.h"

namespace baton::config {

ConfigResult ParseGrub(ConfigFiles& files, std::string_view path, std::string_view text) {
  return ParseGrubWithin(files, path, text, GrubLimits{});
}

ConfigResult ParseGrubWithin(ConfigFiles& files, std::string_view path, std::string_view text,
                             const GrubLimits& limits) {
  GrubMenu menu;
  GrubInterpreter shell(files, path, menu, limits);
  shell.RunScript(path, text);
  shell.StartMenuBudget();
  const GrubEnvironment final_environment = shell.environment();
  ConfigResult result;
  result.parser = "grub2";
  result.path = std::string(path);
  menu.Build(shell, final_environment, result);
  result.notes = shell.TakeNotes();
  result.env_saves = std::move(shell.env_saves());
  return result;
}

}  // namespace baton::config
