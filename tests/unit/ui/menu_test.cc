// SPDX-License-Identifier: GPL-2.0-or-later
// The boot menu's model, presenter and loop, with a scripted terminal and a manual clock.
#include <deque>
#include <string>
#include <vector>

#include "bootloader/core/text.h"
#include "bootloader/ima/entries.h"
#include "bootloader/ima/replay.h"
#include "platform/fake/manual_clock.h"
#include "ui/menu_loop.h"
#include "ui/menu_model.h"
#include "ui/presenter.h"
#include "ui/screen.h"

#include "tests/unit/harness.h"
#include "tests/unit/ui/scripted_terminal.h"

namespace {

using namespace baton::ui;
namespace discover = baton::discover;
namespace crypto = baton::crypto;
namespace ima = baton::ima;
using baton::AsBytes;
using baton::ByteBuffer;
using baton::Error;
using baton::ErrorCode;
using baton::NativeByteOrder;
using baton::ToHex;

using baton::platform::ManualClock;
using baton::ui::testing::ScriptedTerminal;

class FakeList final : public MeasurementSource {
 public:
  std::uint64_t Count() const override { return 100000; }
  std::string Line(std::uint64_t index) const override {
    return std::to_string(index) + " " + Name(index);
  }
  std::string Name(std::uint64_t index) const override {
    return index == 73421 ? "/usr/bin/sshd" : "/usr/lib/file" + std::to_string(index);
  }
};

class FakeServices final : public MenuServices {
 public:
  // A one-entry list and the banks it replays to (PCR 10), as a TPM that measured it holds them.
  PcrScreen Pcrs() override {
    const std::vector<crypto::HashAlgorithm> algorithms = {crypto::HashAlgorithm::kSha1,
                                                           crypto::HashAlgorithm::kSha256};
    const crypto::Digest file = crypto::Hash(crypto::HashAlgorithm::kSha256, AsBytes("sh"));
    ByteBuffer one_entry = ima::MakeFileEntry(10, crypto::HashAlgorithm::kSha256, file.bytes(),
                                              "/bin/sh", NativeByteOrder(), algorithms)
                               .bytes;
    auto replays =
        ima::ReplayBanks(one_entry, NativeByteOrder(), {{algorithms[0]}, {algorithms[1]}},
                         ima::ReplayRule::kPerBankDigest);
    std::vector<ima::PcrBank> banks;
    for (const ima::BankReplay& replay : *replays) banks.push_back(replay.values);
    return MakePcrScreen(banks, "", one_entry, Error(ErrorCode::kNotFound, "no event log"));
  }
  const MeasurementSource* Measurements(std::string&) override { return &list; }
  std::vector<std::string> InfoLines() override { return {"info"}; }
  std::vector<std::string> LogLines() override { return {"log"}; }
  std::string CarrierLine(const discover::BootOption&) override {
    return "IMA list: baton carries it";
  }
  std::vector<std::string> BootSteps() override { return {"resolve", "load"}; }
  baton::Result<std::vector<std::string>> Boot(const discover::BootOption& option,
                                               const StepReport& report) override {
    booted.push_back(option);
    report(0, StepState::kDone, "");
    if (fail) {
      report(1, StepState::kFailed, "no");
      return baton::Error(baton::ErrorCode::kInvalidArgument, "not an ELF file");
    }
    report(1, StepState::kDone, "");
    return std::vector<std::string>{"stopped before the reboot"};
  }
  void OperatorHere() override { ++operator_here; }
  bool OperatorElsewhere() override { return clock_now != nullptr && *clock_now >= elsewhere_at; }
  int operator_here = 0;
  const std::uint64_t* clock_now = nullptr;
  std::uint64_t elsewhere_at = UINT64_MAX;
  bool CheckPassword(const std::string& given) override {
    checked.push_back(given);
    return given == password;
  }
  FakeList list;
  std::vector<discover::BootOption> booted;
  bool fail = false;
  std::string password = "open sesame";
  std::vector<std::string> checked;
};

std::vector<discover::BootOption> Options() {
  std::vector<discover::BootOption> options(3);
  const char* names[] = {"Debian", "Debian (recovery)", "Fedora"};
  for (int i = 0; i < 3; ++i) {
    options[static_cast<std::size_t>(i)].config.name = names[i];
    options[static_cast<std::size_t>(i)].device = i < 2 ? "sda2" : "nvme0n1p2";
    options[static_cast<std::size_t>(i)].kernel = {true, i < 2 ? "sda2" : "nvme0n1p2",
                                                   "/boot/vmlinux", ""};
    options[static_cast<std::size_t>(i)].config.args = "root=/dev/sda2 ro";
  }
  options[1].is_default = true;
  return options;
}

bool ScreenHas(const Screen& screen, const std::string& text) {
  return screen.Text().find(text) != std::string::npos;
}

std::size_t DifferingCells(const Screen& a, const Screen& b) {
  std::size_t count = 0;
  for (int row = 0; row < a.rows(); ++row) {
    for (int column = 0; column < a.columns(); ++column)
      count += !(a.At(row, column) == b.At(row, column));
  }
  return count;
}

}  // namespace

TEST_GROUP(Menu) {
  ManualClock clock{1000};
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
  STRCMP_EQUAL("Debian (recovery)", services.booted[0].config.name.c_str());
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

TEST(Menu, LongTitleLosesItsMiddleNotItsEndOrMarks) {
  std::vector<discover::BootOption> options = Options();
  options[1].config.group = "Advanced options for Debian GNU/Linux";
  options[1].config.name = "Debian GNU/Linux, with Linux 6.1.0-13-powerpc64le (recovery mode)";
  MenuModel model(options, 1);
  Screen screen = Render(model, {24, 80}, clock.now);
  std::string row;
  for (int i = 0; i < screen.rows(); ++i) {
    if (screen.RowText(i).find("=>") != std::string::npos) row = screen.RowText(i);
  }
  // All 80 columns used; the start, the distinguishing end and the mark in view; "..." between.
  LONGS_EQUAL(80, row.size());
  CHECK(row.rfind("  => Advanced options", 0) == 0);
  const std::string end = "6.1.0-13-powerpc64le (recovery mode)  (default)";
  CHECK(row.size() > end.size() && row.compare(row.size() - end.size(), end.size(), end) == 0);
  CHECK(row.find("...") != std::string::npos);
}

TEST(Menu, SignatureMarksFollowTheTitleAndLeaveAnEditedOption) {
  std::vector<discover::BootOption> options = Options();
  options[1].config.name = std::string(60, 'x');
  MenuModel model(options, 1);
  model.SetOptionMarks({"[signed: Debian Secure Boot CA]", "[not signed]"});
  Screen screen = Render(model, {24, 80}, clock.now);
  CHECK(ScreenHas(screen, "  [signed: Debian Secure Boot CA]"));
  // A long title gives way to the marks, which stay in view.
  CHECK(ScreenHas(screen, "  (default)  [not signed]"));
  model.HandleKey(Key::Char('e'), clock.now);
  model.HandleKey(Key::Char('z'), clock.now);
  model.HandleKey(Key::Named(KeyCode::kEnter), clock.now);
  CHECK(model.options()[1].edited);
  screen = Render(model, {24, 80}, clock.now);
  CHECK_FALSE(ScreenHas(screen, "[not signed]"));
  CHECK(ScreenHas(screen, "[signed: Debian Secure Boot CA]"));
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
  STRCMP_EQUAL("quiet splash", services.booted[0].config.args.c_str());
  CHECK(services.booted[0].edited);
}

TEST(Menu, EditCancelledWithCtrlCKeepsTheOption) {
  MenuModel model(Options(), 0);
  model.HandleKey(Key::Char('e'), clock.now);
  CHECK(model.view() == View::kEdit);
  model.HandleKey(Key::Char('z'), clock.now);
  model.HandleKey(Key::Named(KeyCode::kCancel), clock.now);
  CHECK(model.view() == View::kMenu);
  STRCMP_EQUAL("root=/dev/sda2 ro", model.options()[0].config.args.c_str());
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
  for (const Screen& screen : terminal.shown)
    seen = seen || ScreenHas(screen, "IMA list, sha1: replays  (sha256 replays)");
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

TEST(Menu, ResizeRedrawsAtTheNewSizeAndLeavesTheCountdownRunning) {
  MenuModel model(Options(), 1);
  model.StartCountdown(clock.now, 3);
  terminal.script = {Key::Named(KeyCode::kResize), Key::Named(KeyCode::kResize)};
  terminal.resizes = {{30, 100}, {24, 80}};
  MenuResult result = RunMenu(model, terminal, clock, services, AfterAutoboot::kExit);
  CHECK(result == MenuResult::kBooted);  // the countdown ran out: a resize is not a key
  LONGS_EQUAL(1, services.booted.size());
  LONGS_EQUAL(2, terminal.invalidations);
  STRCMP_EQUAL("", model.status().c_str());
  // The draw after the first resize: every row laid out for 30x100, the footer on the last row.
  std::size_t at_new_size = 0;
  for (std::size_t i = 0; i < terminal.shown.size(); ++i) {
    if (terminal.shown[i].rows() == 30) at_new_size = i;
  }
  const Screen& large = terminal.shown[at_new_size];
  LONGS_EQUAL(100, large.columns());
  CHECK(large.RowText(29).rfind("Enter boot  e edit", 0) == 0);
  LONGS_EQUAL(100, large.RowText(28).size());  // the rule spans the new width
  CHECK(large.RowText(27).rfind("Booting the default in", 0) == 0);
  STRCMP_EQUAL("", large.RowText(23).c_str());  // where the footer was at 24 rows
  // Back at 80x24 the screen is the one drawn before the resize.
  const Screen& back = terminal.shown[at_new_size + 1];
  LONGS_EQUAL(24, back.rows());
  CHECK(back == terminal.shown[0]);
}

TEST(Menu, ResizeKeepsAPageScrolledToItsEndFilled) {
  MenuModel model(Options(), 0);
  std::vector<std::string> lines;
  for (int i = 0; i < 50; ++i) lines.push_back("line " + std::to_string(i));
  model.ShowPage("PCRs", lines);
  model.SetPageRows(PageRows(View::kPage, {24, 80}));
  model.HandleKey(Key::Named(KeyCode::kEnd), clock.now);
  LONGS_EQUAL(30, model.page_top());
  model.SetPageRows(PageRows(View::kPage, {30, 100}));
  LONGS_EQUAL(24, model.page_top());
  Screen screen = Render(model, {30, 100}, clock.now);
  STRCMP_EQUAL("line 49", screen.RowText(27).c_str());
  model.SetPageRows(PageRows(View::kPage, {24, 80}));
  LONGS_EQUAL(24, model.page_top());  // shrinking keeps the top line
}

TEST(Menu, ResizeKeepsASearchMatchInView) {
  MenuModel model(Options(), 0);
  model.SetPageRows(PageRows(View::kMeasurements, {30, 80}));
  model.ShowMeasurements(&services.list, "");
  model.HandleKey(Key::Char('/'), clock.now);
  for (char c : std::string("sshd")) model.HandleKey(Key::Char(c), clock.now);
  model.HandleKey(Key::Named(KeyCode::kEnter), clock.now);
  for (int i = 0; i < 10; ++i) model.HandleKey(Key::Named(KeyCode::kUp), clock.now);
  CHECK(73421u >= model.measurement_top() + 19);  // in view at 30 rows, below the 24-row view
  model.SetPageRows(PageRows(View::kMeasurements, {24, 80}));
  CHECK(model.measurement_top() <= 73421u && 73421u < model.measurement_top() + 19);
  CHECK(ScreenHas(Render(model, {24, 80}, clock.now), "73421 /usr/bin/sshd"));
  // Scrolled away from the match, a resize leaves the scroll position alone.
  model.HandleKey(Key::Named(KeyCode::kHome), clock.now);
  model.SetPageRows(PageRows(View::kMeasurements, {30, 80}));
  LONGS_EQUAL(0, model.measurement_top());
}

TEST(Menu, ScreenClipsAndRefusesControlBytes) {
  Screen screen(2, 10);
  screen.Put(0, 5, "ab\x1b[2Jcdef");
  STRCMP_EQUAL("     ab?[2", screen.RowText(0).c_str());
  screen.Put(5, 0, "ignored");
  STRCMP_EQUAL("", screen.RowText(1).c_str());
}

TEST(Menu, ParseResourceKeepsTheDevice) {
  discover::BootResource previous{true, "sda2", "/boot/old", ""};
  discover::BootResource same = ParseResource("/boot/new", previous);
  STRCMP_EQUAL("sda2", same.device.c_str());
  discover::BootResource other = ParseResource("sdb1:/vmlinux", previous);
  STRCMP_EQUAL("sdb1", other.device.c_str());
  STRCMP_EQUAL("/vmlinux", other.path.c_str());
}

// vt100's terminfo has no PgUp/PgDn: every scrolling view pages with Space and b, and jumps with
// g and G, keys every terminal sends; the footers say so.
TEST(Menu, PagesWithKeysEveryTerminalHas) {
  MenuModel model(Options(), 0);
  std::vector<std::string> lines;
  for (int i = 0; i < 106; ++i) lines.push_back("line " + std::to_string(i));
  model.ShowPage("PCRs", lines);
  model.SetPageRows(PageRows(View::kPage, {24, 80}));  // 20
  model.HandleKey(Key::Char(' '), clock.now);
  LONGS_EQUAL(20, model.page_top());
  model.HandleKey(Key::Char(' '), clock.now);
  model.HandleKey(Key::Char('b'), clock.now);
  LONGS_EQUAL(20, model.page_top());
  model.HandleKey(Key::Char('G'), clock.now);
  LONGS_EQUAL(106 - 20, model.page_top());
  model.HandleKey(Key::Char('g'), clock.now);
  LONGS_EQUAL(0, model.page_top());
  model.HandleKey(Key::Char('b'), clock.now);
  LONGS_EQUAL(0, model.page_top());  // not above the top
  CHECK(ScreenHas(Render(model, {24, 80}, clock.now), "Space/b page  g/G top/end"));

  model.SetPageRows(19);
  model.ShowMeasurements(&services.list, "");
  model.HandleKey(Key::Char('G'), clock.now);
  LONGS_EQUAL(100000 - 19, model.measurement_top());
  model.HandleKey(Key::Char('b'), clock.now);
  LONGS_EQUAL(100000 - 38, model.measurement_top());
  model.HandleKey(Key::Char('g'), clock.now);
  LONGS_EQUAL(0, model.measurement_top());
  model.HandleKey(Key::Char(' '), clock.now);
  LONGS_EQUAL(19, model.measurement_top());
  CHECK(ScreenHas(Render(model, {24, 80}, clock.now), "Space/b page  g/G top/end  / search"));
}

// One bank's 24 PCRs on one 80x24 screen: short digests, what explains them, the chosen PCR
// whole; n shows the next bank, the arrows choose a PCR.
TEST(Menu, PcrScreenShowsABanksTwentyFourPcrsOnOneScreen) {
  MenuModel model(Options(), 0);
  const PcrScreen pcrs = services.Pcrs();
  model.ShowPcrs(pcrs);
  Screen screen = Render(model, {24, 80}, clock.now);
  CHECK(ScreenHas(screen, "PCRs: sha1 bank (1 of 2)"));
  CHECK(ScreenHas(screen, "IMA list, sha1: replays  (sha256 replays)"));
  for (int pcr = 0; pcr < 24; ++pcr) {
    char label[8];
    std::snprintf(label, sizeof label, "%2d ", pcr);
    CHECK_TEXT(ScreenHas(screen, label), label);
  }
  const std::string sha1_10 = ToHex(pcrs.banks[0].values[10].bytes());
  CHECK(ScreenHas(screen, "> 10 " + sha1_10.substr(0, 16) + ".." + sha1_10.substr(36) + " list"));
  CHECK(ScreenHas(screen, "PCR 10 (sha1), explained by the IMA list:"));
  CHECK(ScreenHas(screen, sha1_10));
  model.HandleKey(Key::Char('n'), clock.now);
  screen = Render(model, {24, 80}, clock.now);
  CHECK(ScreenHas(screen, "PCRs: sha256 bank (2 of 2)"));
  CHECK(ScreenHas(screen, ToHex(pcrs.banks[1].values[10].bytes())));
  model.HandleKey(Key::Named(KeyCode::kRight), clock.now);  // 10 -> 22
  model.HandleKey(Key::Char('j'), clock.now);               // 22 -> 23
  screen = Render(model, {24, 80}, clock.now);
  UNSIGNED_LONGS_EQUAL(23, model.pcr_selected());
  CHECK(ScreenHas(screen, "PCR 23 (sha256):"));
  CHECK(ScreenHas(screen, "Arrows (k/j/h/l) choose a PCR  n next bank  p read again  q back"));
  CHECK(model.HandleKey(Key::Char('p'), clock.now).kind == ActionKind::kShowPcrs);
  model.HandleKey(Key::Char('q'), clock.now);
  CHECK(model.view() == View::kMenu);
}

TEST(Menu, RestrictedModeAsksForThePasswordBeforeTheShell) {
  MenuModel model(Options(), 0);
  model.SetRestricted(true);
  terminal.script = {Key::Char('x')};
  for (char c : std::string("open sesame")) terminal.script.push_back(Key::Char(c));
  terminal.script.push_back(Key::Named(KeyCode::kEnter));
  CHECK(RunMenu(model, terminal, clock, services, AfterAutoboot::kStay) == MenuResult::kExited);
  LONGS_EQUAL(1, services.checked.size());
  STRCMP_EQUAL("open sesame", services.checked[0].c_str());
  // The prompt was drawn, and the password never was: only its stars.
  bool prompted = false;
  for (const Screen& screen : terminal.shown) {
    CHECK(!ScreenHas(screen, "sesame"));
    prompted = prompted || ScreenHas(screen, "Password: ***********_");
  }
  CHECK(prompted);
}

TEST(Menu, WrongPasswordsAreSlowedDownAndBootingNeedsNone) {
  MenuModel model(Options(), 0);
  model.SetRestricted(true);
  std::uint64_t now = 5000;
  auto type = [&](const std::string& text) {
    for (char c : text) model.HandleKey(Key::Char(c), now);
    return model.HandleKey(Key::Named(KeyCode::kEnter), now);
  };
  model.HandleKey(Key::Char('e'), now);
  CHECK(model.view() == View::kPassword);
  CHECK(model.guarded() == Guarded::kEdit);
  const std::uint64_t waits[] = {2, 4, 8, 16, 32, 60, 60};
  for (std::uint64_t wait : waits) {
    CHECK(type("guess").kind == ActionKind::kCheckPassword);
    CHECK(model.PasswordChecked(false, now).kind == ActionKind::kNone);
    CHECK(model.view() == View::kPassword);
    CHECK(model.password_text().empty());
    UNSIGNED_LONGS_EQUAL(wait, model.PasswordWaitSeconds(now));
    // While it waits, a password is thrown away unchecked.
    CHECK(type("guess").kind == ActionKind::kNone);
    CHECK(model.password_text().empty());
    CHECK(ScreenHas(Render(model, {24, 80}, now), "Wait " + std::to_string(wait) + " s."));
    now += wait * 1000;
  }
  UNSIGNED_LONGS_EQUAL(7, model.password_failures());
  // The right one opens the editor and resets the count.
  CHECK(type("open sesame").kind == ActionKind::kCheckPassword);
  CHECK(model.PasswordChecked(true, now).kind == ActionKind::kNone);
  CHECK(model.view() == View::kEdit);
  UNSIGNED_LONGS_EQUAL(0, model.password_failures());
  model.HandleKey(Key::Named(KeyCode::kCancel), now);
  // Enter alone, and Ctrl-C, go back without a check.
  model.HandleKey(Key::Char('x'), now);
  CHECK(model.guarded() == Guarded::kShell);
  CHECK(model.HandleKey(Key::Named(KeyCode::kEnter), now).kind == ActionKind::kNone);
  CHECK(model.view() == View::kMenu);
  model.HandleKey(Key::Char('x'), now);
  model.HandleKey(Key::Char('a'), now);
  CHECK(model.HandleKey(Key::Named(KeyCode::kCancel), now).kind == ActionKind::kNone);
  CHECK(model.view() == View::kMenu);
  // Booting an option as it is asks nothing.
  const Action boot = model.HandleKey(Key::Named(KeyCode::kEnter), now);
  CHECK(boot.kind == ActionKind::kBoot);
}

TEST(Menu, AnOperatorAtAnotherConsoleStopsTheCountdown) {
  MenuModel model(Options(), 1);
  model.StartCountdown(clock.now, 10);
  services.clock_now = &clock.now;
  services.elsewhere_at = clock.now + 3500;  // another console's menu got a key 3.5 s in
  terminal.script = {};
  // No key here: the countdown would boot at 10 s; it stops at the first wake after 3.5 s, and
  // the script's end (x) leaves the menu.
  CHECK(RunMenu(model, terminal, clock, services, AfterAutoboot::kStay) == MenuResult::kExited);
  CHECK(services.booted.empty());
  STRCMP_EQUAL("Autoboot stopped: an operator is at another console.", model.status().c_str());
  CHECK(ScreenHas(terminal.shown.back(), "an operator is at another console"));
}

TEST(Menu, TheFirstKeyHereIsToldToTheOtherConsolesOnce) {
  MenuModel model(Options(), 1);
  terminal.script = {Key::Named(KeyCode::kResize), Key::Named(KeyCode::kDown),
                     Key::Named(KeyCode::kUp)};
  RunMenu(model, terminal, clock, services, AfterAutoboot::kStay);
  LONGS_EQUAL(1, services.operator_here);  // Down (a resize is no operator), once
}
