// SPDX-License-Identifier: GPL-2.0-or-later
// The configuration screen's state and keys.
#include "ui/config_screen.h"

#include <utility>

namespace baton::ui {

namespace {

constexpr std::size_t kMaxText = 1024;

}  // namespace

ConfigScreen::ConfigScreen(const std::vector<settings::NvramPair>& pairs, std::string where)
    : pairs_(pairs), where_(std::move(where)) {
  std::vector<std::string> warnings;
  const settings::Settings values = settings::ReadSettings(pairs, warnings);
  password_set_ = values.password_hash.has_value();
  for (const settings::SettingInfo& info : settings::AllSettings()) {
    ConfigField field;
    field.info = &info;
    field.boolean = info.values == "true|false";
    if (!info.secret) field.initial = settings::SettingText(values, info);
    field.text = field.initial;
    fields_.push_back(std::move(field));
  }
  if (!warnings.empty()) message_ = warnings.front();
}

bool ConfigScreen::CheckFocused() {
  if (focus_ >= fields_.size()) return true;
  ConfigField& field = fields_[focus_];
  if (!field.changed() || field.info->secret) return true;
  std::vector<settings::NvramPair> scratch = pairs_;
  Result<void> set = settings::SetSetting(scratch, field.info->name, field.text);
  if (!set) {
    message_ = set.error().detail().empty() ? set.error().ToString() : set.error().detail();
    return false;
  }
  message_.clear();
  return true;
}

void ConfigScreen::Move(std::size_t to) {
  if (!CheckFocused()) return;  // a refused value keeps the focus, explained
  focus_ = to;
}

ConfigScreen::Outcome ConfigScreen::HandleKey(const Key& key) {
  const std::size_t count = fields_.size() + 2;
  ConfigField* field = focus_ < fields_.size() ? &fields_[focus_] : nullptr;
  switch (key.code) {
    case KeyCode::kUp:
      Move((focus_ + count - 1) % count);
      return Outcome::kStay;
    case KeyCode::kDown:
    case KeyCode::kTab:
      Move((focus_ + 1) % count);
      return Outcome::kStay;
    case KeyCode::kCancel:
      return Outcome::kCancel;
    case KeyCode::kEnter:
      if (focus_ == cancel_index()) return Outcome::kCancel;
      if (focus_ == save_index()) {
        // Every changed field again, the first refused one taking the focus.
        for (std::size_t i = 0; i < fields_.size(); ++i) {
          focus_ = i;
          if (!CheckFocused()) return Outcome::kStay;
        }
        focus_ = save_index();
        return Outcome::kSave;
      }
      Move(focus_ + 1);
      return Outcome::kStay;
    case KeyCode::kBackspace:
      if (field != nullptr && !field->boolean && !field->text.empty()) field->text.pop_back();
      return Outcome::kStay;
    case KeyCode::kClearLine:
      if (field == nullptr || field->boolean) return Outcome::kStay;
      if (field->info->secret && field->text.empty()) {
        field->remove = !field->remove && password_set_;
      } else {
        field->text.clear();
      }
      return Outcome::kStay;
    case KeyCode::kLeft:
    case KeyCode::kRight:
      if (field != nullptr && field->boolean)
        field->text = field->text == "true" ? "false" : "true";
      return Outcome::kStay;
    case KeyCode::kCharacter:
      if (field == nullptr) return Outcome::kStay;
      if (field->boolean) {
        if (key.character == ' ') field->text = field->text == "true" ? "false" : "true";
        return Outcome::kStay;
      }
      if (key.character >= 0x20 && key.character < 0x7f && field->text.size() < kMaxText) {
        field->text += key.character;
        field->remove = false;
      }
      return Outcome::kStay;
    default:
      return Outcome::kStay;
  }
}

std::vector<ConfigChange> ConfigScreen::Changes() const {
  std::vector<ConfigChange> changes;
  for (const ConfigField& field : fields_) {
    if (!field.changed()) continue;
    changes.push_back({std::string(field.info->name), field.remove ? std::string() : field.text});
  }
  return changes;
}

}  // namespace baton::ui
