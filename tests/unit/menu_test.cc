// SPDX-License-Identifier: GPL-2.0-or-later
// The boot menu's model, presenter and loop, with a scripted terminal and a manual clock.
#include <deque>
#include <string>
#include <vector>

#include "ui/menu_loop.h"
#include "ui/menu_model.h"
#include "ui/presenter.h"
#include "ui/screen.h"
#include "tests/unit/harness.h"

namespace {

using namespace baton::ui;

class ManualClock final : public Clock {
 public:
  std::uint64_t NowMilliseconds() override { return now; }
  std::uint64_t now = 1000;
};

// Keys from a script; an empty script answers "no key" and advances the clock by the timeout.
class ScriptedTerminal final : public Terminal {
 public:
  explicit ScriptedTerminal(ManualClock& clock) : clock_(clock) {}
  Size CurrentSize() override { return {24, 80}; }
  std::optional<Key> ReadKey(int timeout_ms) override {
    if (script.empty()) {
      if (timeout_ms < 0) return Key::Char('x');  // the script is over: leave the menu
      clock_.now += static_cast<std::uint64_t>(timeout_ms);
      return std::nullopt;
    }
    Key key = script.front();
    script.pop_front();
    return key;
  }
  void Present(const Screen& screen) override { shown.push_back(screen); }
  void InvalidateAll() override { ++invalidations; }
  std::deque<Key> script;
  std::vector<Screen> shown;
  int invalidations = 0;

 private:
  ManualClock& clock_;
};

class FakeList final : public MeasurementSource {
 public:
  std::uint64_t Count() const override { return 100000; }
  std::string Line(std::uint64_t index) const override { return std::to_string(index) + " " + Name(index); }
  std::string Name(std::uint64_t index) const override {
    return index == 73421 ? "/usr/bin/sshd" : "/usr/lib/file" + std::to_string(index);
  }
};

class FakeServices final : public MenuServices {
 public:
  std::vector<std::string> PcrLines() override { return {"IMA list, sha256: replays", " 10 00ff"}; }
  const MeasurementSource* Measurements(std::string&) override { return &list; }
  std::vector<std::string> InfoLines() override { return {"info"}; }
  std::vector<std::string> LogLines() override { return {"log"}; }
  std::string CarrierLine(const MenuOption&) override { return "IMA list: baton carries it"; }
  std::vector<std::string> BootSteps() override { return {"resolve", "load"}; }
  baton::Result<std::vector<std::string>> Boot(const MenuOption& option, const StepReport& report) override {
    booted.push_back(option);
    report(0, StepState::kDone, "");
    if (fail) {
      report(1, StepState::kFailed, "no");
      return baton::Error(baton::ErrorCode::kInvalidArgument, "not an ELF file");
    }
    report(1, StepState::kDone, "");
    return std::vector<std::string>{"stopped before the reboot"};
  }
  FakeList list;
  std::vector<MenuOption> booted;
  bool fail = false;
};

std::vector<MenuOption> Options() {
  std::vector<MenuOption> options(3);
  const char* names[] = {"Debian", "Debian (recovery)", "Fedora"};
  for (int i = 0; i < 3; ++i) {
    options[static_cast<std::size_t>(i)].name = names[i];
    options[static_cast<std::size_t>(i)].device = i < 2 ? "sda2" : "nvme0n1p2";
    options[static_cast<std::size_t>(i)].kernel = {i < 2 ? "sda2" : "nvme0n1p2", "/boot/vmlinux", ""};
    options[static_cast<std::size_t>(i)].args = "root=/dev/sda2 ro";
  }
  options[1].is_default = true;
  return options;
}

bool ScreenHas(const Screen& screen, const std::string& text) { return screen.Text().find(text) != std::string::npos; }

std::size_t DifferingCells(const Screen& a, const Screen& b) {
  std::size_t count = 0;
  for (int row = 0; row < a.rows(); ++row) {
    for (int column = 0; column < a.columns(); ++column) count += !(a.At(row, column) == b.At(row, column));
  }
  return count;
}

}  // namespace

TEST_GROUP(Menu) {
  ManualClock clock;
  ScriptedTerminal terminal{clock};
  FakeServices services;
};

TEST(Menu, CountdownBootsTheDefaultWithNoKeys) {
  MenuModel model(Options(), 1);
  model.StartCountdown(clock.now, 3);
  CHECK(ScreenHas(Render(model, {24, 80}, clock.now), "Booting the default in 3 s"));
  MenuResult result = RunMenu(model, terminal, clock, services, AfterAutoboot::kExit);
  CHECK(result == MenuResult::kBooted);
  LONGS_EQUAL(1, services.booted.size());
  STRCMP_EQUAL("Debian (recovery)", services.booted[0].name.c_str());
  CHECK(clock.now >= 4000);
}

TEST(Menu, AnyKeyStopsTheCountdown) {
  MenuModel model(Options(), 1);
  model.StartCountdown(clock.now, 3);
  terminal.script = {Key::Named(KeyCode::kDown)};
  MenuResult result = RunMenu(model, terminal, clock, services, AfterAutoboot::kStay);
  CHECK(result == MenuResult::kExited);  // the script ends with x
  LONGS_EQUAL(0, services.booted.size());
  LONGS_EQUAL(1, model.selected());  // the stopping key does nothing else
  CHECK(!model.CountdownSeconds(clock.now));
}

TEST(Menu, MovingTheSelectionChangesOnlyTheMarkers) {
  MenuModel model(Options(), 0);
  model.SetCarrierLine("IMA list: baton carries it");
  Screen before = Render(model, {24, 80}, clock.now);
  model.HandleKey(Key::Named(KeyCode::kDown), clock.now);
  Screen after = Render(model, {24, 80}, clock.now);
  LONGS_EQUAL(4, DifferingCells(before, after));  // "=>" off one row, on the next
}

TEST(Menu, ScreenFitsEightyByTwentyFourWithDeviceGroups) {
  MenuModel model(Options(), 1);
  Screen screen = Render(model, {24, 80}, clock.now);
  LONGS_EQUAL(24, screen.rows());
  CHECK(ScreenHas(screen, "[sda2]"));
  CHECK(ScreenHas(screen, "[nvme0n1p2]"));
  CHECK(ScreenHas(screen, "=> Debian (recovery)  (default)"));
  CHECK(ScreenHas(screen, "Enter boot  e edit  p PCRs"));
}

TEST(Menu, EditedArgumentsAreBooted) {
  MenuModel model(Options(), 0);
  terminal.script = {Key::Char('e'), Key::Named(KeyCode::kClearLine)};
  for (char c : std::string("quiet splash")) terminal.script.push_back(Key::Char(c));
  terminal.script.push_back(Key::Named(KeyCode::kEnter));
  terminal.script.push_back(Key::Named(KeyCode::kEnter));
  terminal.script.push_back(Key::Char('q'));
  RunMenu(model, terminal, clock, services, AfterAutoboot::kStay);
  LONGS_EQUAL(1, services.booted.size());
  STRCMP_EQUAL("quiet splash", services.booted[0].args.c_str());
  CHECK(services.booted[0].edited);
}

TEST(Menu, EditCancelledWithCtrlCKeepsTheOption) {
  MenuModel model(Options(), 0);
  model.HandleKey(Key::Char('e'), clock.now);
  CHECK(model.view() == View::kEdit);
  model.HandleKey(Key::Char('z'), clock.now);
  model.HandleKey(Key::Named(KeyCode::kCancel), clock.now);
  CHECK(model.view() == View::kMenu);
  STRCMP_EQUAL("root=/dev/sda2 ro", model.options()[0].args.c_str());
}

TEST(Menu, FailingBootReturnsToTheMenuWithItsMessage) {
  services.fail = true;
  MenuModel model(Options(), 0);
  terminal.script = {Key::Named(KeyCode::kEnter)};
  RunMenu(model, terminal, clock, services, AfterAutoboot::kStay);
  CHECK(model.view() == View::kMenu);
  CHECK(ScreenHas(terminal.shown.back(), "Boot of 'Debian' failed: not an ELF file"));
}

TEST(Menu, PcrPageShowsTheVerdictAndQLeaves) {
  MenuModel model(Options(), 0);
  terminal.script = {Key::Char('p')};
  // After p, the script is empty: the loop's next read returns x, which leaves the page.
  terminal.script.push_back(Key::Char('q'));
  RunMenu(model, terminal, clock, services, AfterAutoboot::kStay);
  bool seen = false;
  for (const Screen& screen : terminal.shown) seen = seen || ScreenHas(screen, "IMA list, sha256: replays");
  CHECK(seen);
}

TEST(Menu, MeasurementListPagesAndSearchesALargeList) {
  MenuModel model(Options(), 0);
  model.SetPageRows(19);
  model.ShowMeasurements(&services.list, "");
  model.HandleKey(Key::Named(KeyCode::kEnd), clock.now);
  LONGS_EQUAL(100000 - 19, model.measurement_top());
  model.HandleKey(Key::Named(KeyCode::kPageUp), clock.now);
  LONGS_EQUAL(100000 - 38, model.measurement_top());
  model.HandleKey(Key::Char('/'), clock.now);
  for (char c : std::string("SSHD")) model.HandleKey(Key::Char(c), clock.now);
  model.HandleKey(Key::Named(KeyCode::kEnter), clock.now);
  CHECK(model.measurement_match() == 73421u);
  CHECK(model.measurement_top() <= 73421u && 73421u < model.measurement_top() + 19);
  Screen screen = Render(model, {24, 80}, clock.now);
  CHECK(ScreenHas(screen, "73421 /usr/bin/sshd"));
  model.HandleKey(Key::Char('x'), clock.now);
  CHECK(model.view() == View::kMenu);
}

TEST(Menu, CtrlLAsksForAFullRedraw) {
  MenuModel model(Options(), 0);
  terminal.script = {Key::Named(KeyCode::kRedraw)};
  RunMenu(model, terminal, clock, services, AfterAutoboot::kStay);
  LONGS_EQUAL(1, terminal.invalidations);
}

TEST(Menu, ScreenClipsAndRefusesControlBytes) {
  Screen screen(2, 10);
  screen.Put(0, 5, "ab\x1b[2Jcdef");
  STRCMP_EQUAL("     ab?[2", screen.RowText(0).c_str());
  screen.Put(5, 0, "ignored");
  STRCMP_EQUAL("", screen.RowText(1).c_str());
}

TEST(Menu, ParseOptionFileKeepsTheDevice) {
  OptionFile previous{"sda2", "/boot/old", ""};
  OptionFile same = ParseOptionFile("/boot/new", previous);
  STRCMP_EQUAL("sda2", same.device.c_str());
  OptionFile other = ParseOptionFile("sdb1:/vmlinux", previous);
  STRCMP_EQUAL("sdb1", other.device.c_str());
  STRCMP_EQUAL("/vmlinux", other.path.c_str());
}
