// SPDX-License-Identifier: GPL-2.0-or-later
// The configuration screen: every setting on one 80x24 screen, values refused in place with the
// reason, true/false flipped, the password never drawn, changes saved only on Save; and the
// menu's c key, guarded in restricted mode, through the loop to the services' save.
#include <deque>
#include <string>
#include <vector>

#include "platform/fake/manual_clock.h"
#include "ui/config_screen.h"
#include "ui/menu_loop.h"
#include "ui/menu_model.h"
#include "ui/presenter.h"

#include "tests/unit/harness.h"
#include "tests/unit/ui/scripted_terminal.h"

namespace {

using namespace baton::ui;
namespace settings = baton::settings;
using baton::platform::ManualClock;
using baton::ui::testing::ScriptedTerminal;

const std::vector<settings::NvramPair> kStored = {
    {"auto-boot?", "true"}, {"petitboot,timeout", "30"}, {"boot-device", "disk"}};

void Type(ConfigScreen& screen, const std::string& text) {
  for (char c : text) screen.HandleKey(Key::Char(c));
}
void Press(ConfigScreen& screen, KeyCode code, int times = 1) {
  for (int i = 0; i < times; ++i) screen.HandleKey(Key::Named(code));
}
std::size_t IndexOf(const ConfigScreen& screen, const char* name) {
  for (std::size_t i = 0; i < screen.fields().size(); ++i) {
    if (screen.fields()[i].info->name == name) return i;
  }
  FAIL(name);
  return 0;
}
void FocusOn(ConfigScreen& screen, const char* name) {
  while (screen.focus() != IndexOf(screen, name)) screen.HandleKey(Key::Named(KeyCode::kDown));
}

bool Has(const Screen& screen, const std::string& text) {
  return screen.Text().find(text) != std::string::npos;
}

class SettingsServices final : public MenuServices {
 public:
  PcrScreen Pcrs() override { return {}; }
  const MeasurementSource* Measurements(std::string&) override { return nullptr; }
  std::vector<std::string> InfoLines() override { return {}; }
  std::vector<std::string> LogLines() override { return {}; }
  std::string CarrierLine(const baton::discover::BootOption&) override { return ""; }
  std::vector<std::string> BootSteps() override { return {}; }
  baton::Result<std::vector<std::string>> Boot(const baton::discover::BootOption&,
                                               const StepReport&) override {
    return std::vector<std::string>{};
  }
  baton::Result<StoredSettings> ReadSettings() override {
    return StoredSettings{pairs, "the NVRAM (/dev/nvram)"};
  }
  baton::Result<void> SaveSettings(const std::vector<ConfigChange>& changes) override {
    saved.push_back(changes);
    for (const ConfigChange& change : changes) {
      if (change.name == "password") {
        password_set = !change.value.empty();
        continue;
      }
      BATON_TRY(settings::SetSetting(pairs, change.name, change.value));
    }
    return baton::Ok();
  }
  bool Restricted() override { return password_set; }
  bool CheckPassword(const std::string& given) override { return given == "pw"; }
  std::vector<settings::NvramPair> pairs = kStored;
  std::vector<std::vector<ConfigChange>> saved;
  bool password_set = false;
};

}  // namespace

TEST_GROUP(ConfigScreen){};

TEST(ConfigScreen, ShowsEverySettingOnOneScreen) {
  MenuModel model({}, std::nullopt);
  model.ShowConfig(ConfigScreen(kStored, "the NVRAM (/dev/nvram)"));
  const Screen screen = Render(model, {24, 80}, 0);
  CHECK(Has(screen, "Settings, kept in the NVRAM (/dev/nvram)"));
  for (const settings::SettingInfo& info : settings::AllSettings()) {
    CHECK_TEXT(Has(screen, std::string(info.name)), std::string(info.name).c_str());
  }
  CHECK(Has(screen, "timeout         30"));
  CHECK(Has(screen, "[ Save ]"));
  CHECK(Has(screen, "[ Cancel ]"));
  CHECK(Has(screen, "Takes: true|false"));  // the first field, autoboot, has the focus
  CHECK(Has(screen, "(not set; type one to set it)"));
}

TEST(ConfigScreen, ARefusedValueIsExplainedAndKeepsTheFocus) {
  ConfigScreen screen(kStored, "x");
  FocusOn(screen, "timeout");
  Press(screen, KeyCode::kClearLine);
  Type(screen, "soon");
  Press(screen, KeyCode::kDown);
  UNSIGNED_LONGS_EQUAL(IndexOf(screen, "timeout"), screen.focus());
  CHECK(screen.message().find("not a number of seconds") != std::string::npos);
  Press(screen, KeyCode::kEnter);  // Enter checks too
  UNSIGNED_LONGS_EQUAL(IndexOf(screen, "timeout"), screen.focus());
  // Fixed, it lets the focus go, and the message goes with it.
  Press(screen, KeyCode::kBackspace, 4);
  Type(screen, "45");
  Press(screen, KeyCode::kDown);
  UNSIGNED_LONGS_EQUAL(IndexOf(screen, "timeout") + 1, screen.focus());
  CHECK(screen.message().empty());
  FocusOn(screen, "network");
  Type(screen, "52:54:00:12:34:56,static,10.0.0.1");
  Press(screen, KeyCode::kTab);
  UNSIGNED_LONGS_EQUAL(IndexOf(screen, "network"), screen.focus());
  CHECK(screen.message().find("means nothing") != std::string::npos);
}

TEST(ConfigScreen, FlipsBooleansAndSavesOnlyWhatChanged) {
  ConfigScreen screen(kStored, "x");
  FocusOn(screen, "autoboot");
  Type(screen, " ");
  STRCMP_EQUAL("false", screen.fields()[IndexOf(screen, "autoboot")].text.c_str());
  Type(screen, "q");  // letters do nothing to a true/false field
  STRCMP_EQUAL("false", screen.fields()[IndexOf(screen, "autoboot")].text.c_str());
  FocusOn(screen, "console");
  Type(screen, "/dev/hvc1");
  while (screen.focus() != screen.save_index()) Press(screen, KeyCode::kDown);
  CHECK(screen.HandleKey(Key::Named(KeyCode::kEnter)) == ConfigScreen::Outcome::kSave);
  const std::vector<ConfigChange> changes = screen.Changes();
  UNSIGNED_LONGS_EQUAL(2, changes.size());
  STRCMP_EQUAL("autoboot", changes[0].name.c_str());
  STRCMP_EQUAL("false", changes[0].value.c_str());
  STRCMP_EQUAL("console", changes[1].name.c_str());
  STRCMP_EQUAL("/dev/hvc1", changes[1].value.c_str());
}

TEST(ConfigScreen, ThePasswordIsNeverDrawnAndCanBeRemoved) {
  MenuModel model({}, std::nullopt);
  std::vector<settings::NvramPair> stored = kStored;
  stored.push_back({"petitboot,password", "$6$salt$hash"});
  ConfigScreen screen(stored, "x");
  FocusOn(screen, "password");
  Type(screen, "secret");
  model.ShowConfig(screen);
  const Screen drawn = Render(model, {24, 80}, 0);
  CHECK(!Has(drawn, "secret"));
  CHECK(!Has(drawn, "$6$"));
  CHECK(Has(drawn, "******_"));
  Press(screen, KeyCode::kClearLine);  // clears what was typed
  Press(screen, KeyCode::kClearLine);  // nothing typed: marks the password for removal
  model.ShowConfig(screen);
  CHECK(Has(Render(model, {24, 80}, 0), "(to be removed)"));
  const std::vector<ConfigChange> changes = screen.Changes();
  UNSIGNED_LONGS_EQUAL(1, changes.size());
  STRCMP_EQUAL("password", changes[0].name.c_str());
  STRCMP_EQUAL("", changes[0].value.c_str());
}

TEST(ConfigScreen, CtrlCLeavesUnsaved) {
  ManualClock clock{1000};
  ScriptedTerminal terminal{clock};
  SettingsServices services;
  MenuModel model({}, std::nullopt);
  terminal.script = {Key::Char('c'), Key::Named(KeyCode::kDown), Key::Char('9'),
                     Key::Named(KeyCode::kCancel)};
  RunMenu(model, terminal, clock, services, AfterAutoboot::kStay);
  CHECK(services.saved.empty());
  STRCMP_EQUAL("Settings not saved.", model.status().c_str());
}

TEST(ConfigScreen, TheMenusCKeySavesThroughTheServicesAndIsGuarded) {
  ManualClock clock{1000};
  ScriptedTerminal terminal{clock};
  SettingsServices services;
  MenuModel model({}, std::nullopt);
  // c, the timeout field (second), "5" after clearing it, then a password, Save.
  terminal.script = {Key::Char('c'), Key::Named(KeyCode::kDown), Key::Named(KeyCode::kClearLine),
                     Key::Char('5')};
  for (std::size_t i = 1; i < settings::AllSettings().size() - 1; ++i) {
    terminal.script.push_back(Key::Named(KeyCode::kDown));
  }
  terminal.script.push_back(Key::Char('p'));
  terminal.script.push_back(Key::Char('w'));
  terminal.script.push_back(Key::Named(KeyCode::kDown));  // to Save
  terminal.script.push_back(Key::Named(KeyCode::kEnter));
  // Now restricted: c asks for the password first.
  terminal.script.push_back(Key::Char('c'));
  terminal.script.push_back(Key::Char('p'));
  terminal.script.push_back(Key::Char('w'));
  terminal.script.push_back(Key::Named(KeyCode::kEnter));
  terminal.script.push_back(Key::Named(KeyCode::kCancel));
  // And x too, before the menu ends.
  terminal.script.push_back(Key::Char('x'));
  terminal.script.push_back(Key::Char('p'));
  terminal.script.push_back(Key::Char('w'));
  terminal.script.push_back(Key::Named(KeyCode::kEnter));
  CHECK(RunMenu(model, terminal, clock, services, AfterAutoboot::kStay) == MenuResult::kExited);
  UNSIGNED_LONGS_EQUAL(1, services.saved.size());
  UNSIGNED_LONGS_EQUAL(2, services.saved[0].size());
  STRCMP_EQUAL("timeout", services.saved[0][0].name.c_str());
  STRCMP_EQUAL("5", services.saved[0][0].value.c_str());
  STRCMP_EQUAL("password", services.saved[0][1].name.c_str());
  CHECK(model.restricted());
  bool prompted_for_config = false;
  for (const Screen& screen : terminal.shown) {
    prompted_for_config =
        prompted_for_config || Has(screen, "To change the settings, give the password.");
  }
  CHECK(prompted_for_config);
  const std::string* timeout = nullptr;
  for (const settings::NvramPair& pair : services.pairs) {
    if (pair.name == "petitboot,timeout") timeout = &pair.value;
  }
  CHECK(timeout != nullptr);
  STRCMP_EQUAL("5", timeout->c_str());
}
