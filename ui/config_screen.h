// SPDX-License-Identifier: GPL-2.0-or-later
// The configuration screen (c in the menu): every setting of bootloader/settings on one 80x24
// screen, edited as text, checked when the operator leaves a field (a refused value is explained
// on the screen and the field keeps the focus), and saved only on Save.
//
// Keys, all of them on a vt100 and none of them Esc: Up/Down or Tab choose a field (or Save and
// Cancel below them); typing changes the field, Backspace erases, Ctrl-U clears; Space, Left and
// Right flip a true/false field; Enter checks the field and goes to the next, or on Save saves
// and on Cancel leaves; Ctrl-C leaves without saving. The password field never shows a
// password or its hash: what is typed there (drawn as stars) becomes the new password, and
// Ctrl-U with nothing typed marks the password for removal.
//
// Pure: the screen checks values with settings::SetSetting on a copy of the strings; saving is
// the menu loop's (MenuServices::SaveSettings), given Changes().
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bootloader/settings/nvram.h"
#include "bootloader/settings/settings.h"
#include "ui/terminal.h"

namespace baton::ui {

// One change to save: a setting's name and its new value (for the password, the password
// itself, or "" to remove it; the services make the hash).
struct ConfigChange {
  std::string name;
  std::string value;
};

struct ConfigField {
  const settings::SettingInfo* info = nullptr;
  std::string text;     // as edited (the password field: what was typed)
  std::string initial;  // as it was read ("" for the password)
  bool boolean = false;
  bool remove = false;  // the password field: marked for removal
  bool changed() const { return text != initial || remove; }
};

class ConfigScreen {
 public:
  enum class Outcome : std::uint8_t { kStay, kSave, kCancel };

  ConfigScreen() = default;
  // The settings `pairs` hold, kept in `where` (for the title: "the NVRAM (/dev/nvram)").
  ConfigScreen(const std::vector<settings::NvramPair>& pairs, std::string where);

  Outcome HandleKey(const Key& key);
  // The fields that changed, checked, in screen order.
  std::vector<ConfigChange> Changes() const;
  void SetMessage(std::string message) { message_ = std::move(message); }

  const std::vector<ConfigField>& fields() const { return fields_; }
  // 0 .. fields().size() - 1 a field, then kSave and kCancel past them.
  std::size_t focus() const { return focus_; }
  std::size_t save_index() const { return fields_.size(); }
  std::size_t cancel_index() const { return fields_.size() + 1; }
  const std::string& message() const { return message_; }
  const std::string& where() const { return where_; }
  bool password_set() const { return password_set_; }

 private:
  // Whether the focused field's value is one its setting takes; the reason goes to message_.
  bool CheckFocused();
  void Move(std::size_t to);

  std::vector<settings::NvramPair> pairs_;  // as read: the values are checked against a copy
  std::vector<ConfigField> fields_;
  std::size_t focus_ = 0;
  std::string message_;
  std::string where_;
  bool password_set_ = false;
};

}  // namespace baton::ui
