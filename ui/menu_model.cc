// SPDX-License-Identifier: GPL-2.0-or-later
// The boot menu's state machine.
#include "ui/menu_model.h"

#include <algorithm>

namespace baton::ui {
namespace {

std::string JoinFiles(const std::vector<discover::BootResource>& files) {
  std::string text;
  for (const discover::BootResource& file : files)
    text += (text.empty() ? "" : " ") + DescribeFile(file);
  return text;
}

bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto found = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                           [&](char a, char b) { return lower(a) == lower(b); });
  return found != haystack.end();
}

}  // namespace

MenuModel::MenuModel(std::vector<discover::BootOption> options,
                     std::optional<std::size_t> default_option)
    : options_(std::move(options)), default_option_(default_option) {
  if (default_option_ && *default_option_ >= options_.size()) default_option_.reset();
  if (default_option_) selected_ = *default_option_;
}

void MenuModel::StartCountdown(std::uint64_t now_ms, std::uint64_t seconds) {
  if (options_.empty()) return;
  deadline_ms_ = now_ms + seconds * 1000;
}

void MenuModel::StopCountdown(std::string why) {
  if (!deadline_ms_) return;
  deadline_ms_.reset();
  status_ = std::move(why);
}

std::optional<std::uint64_t> MenuModel::CountdownSeconds(std::uint64_t now_ms) const {
  if (!deadline_ms_) return std::nullopt;
  if (now_ms >= *deadline_ms_) return 0;
  return (*deadline_ms_ - now_ms + 999) / 1000;
}

Action MenuModel::Tick(std::uint64_t now_ms) {
  if (!deadline_ms_ || now_ms < *deadline_ms_ || view_ != View::kMenu) return {};
  deadline_ms_.reset();
  return {ActionKind::kBoot, default_option_.value_or(selected_)};
}

Action MenuModel::HandleKey(const Key& key, std::uint64_t now_ms) {
  // A resize comes from the terminal, not the operator: it repaints and leaves the countdown
  // running, so a console viewer that attaches (and resizes) cannot keep the machine from booting.
  if (key.code == KeyCode::kResize) return {ActionKind::kRedraw};
  if (deadline_ms_) {
    deadline_ms_.reset();
    status_ = "Autoboot stopped.";
    return {};  // the key that stops the countdown does nothing else
  }
  if (key.code == KeyCode::kRedraw) return {ActionKind::kRedraw};
  switch (view_) {
    case View::kMenu:
      return MenuKey(key);
    case View::kEdit:
      return EditKey(key);
    case View::kPage:
      return PageKey(key);
    case View::kPcrs:
      return PcrKey(key);
    case View::kMeasurements:
      return MeasurementKey(key);
    case View::kProgress:
      if (progress_.finished) view_ = View::kMenu;
      return {};
    case View::kPassword:
      return PasswordKey(key, now_ms);
    case View::kConfig:
      return ConfigKey(key);
  }
  return {};
}

// What a guarded key does once it may.
Action MenuModel::Unguarded(Guarded what) {
  switch (what) {
    case Guarded::kShell:
      return {ActionKind::kExit};
    case Guarded::kConfig:
      return {ActionKind::kShowConfig};
    case Guarded::kEdit:
      break;
  }
  OpenEditor();
  return {};
}

Action MenuModel::Guard(Guarded what) {
  if (!restricted_) return Unguarded(what);
  password_.guarded = what;
  password_.typed.clear();
  view_ = View::kPassword;
  return {};
}

std::uint64_t MenuModel::PasswordWaitSeconds(std::uint64_t now_ms) const {
  if (now_ms >= password_.wait_until_ms) return 0;
  return (password_.wait_until_ms - now_ms + 999) / 1000;
}

Action MenuModel::PasswordKey(const Key& key, std::uint64_t now_ms) {
  std::string& typed = password_.typed;
  switch (key.code) {
    case KeyCode::kCancel:
      typed.clear();
      view_ = View::kMenu;
      status_ = "Cancelled: no password given.";
      return {};
    case KeyCode::kEnter:
      if (typed.empty()) {  // Enter alone goes back
        view_ = View::kMenu;
        status_ = "Cancelled: no password given.";
        return {};
      }
      if (PasswordWaitSeconds(now_ms) > 0) {
        typed.clear();
        return {};
      }
      return {ActionKind::kCheckPassword};
    case KeyCode::kBackspace:
      if (!typed.empty()) typed.pop_back();
      return {};
    case KeyCode::kClearLine:
      typed.clear();
      return {};
    case KeyCode::kCharacter:
      if (key.character >= 0x20 && key.character < 0x7f && typed.size() < 256)
        typed += key.character;
      return {};
    default:
      return {};
  }
}

Action MenuModel::PasswordChecked(bool right, std::uint64_t now_ms) {
  password_.typed.clear();
  if (!right) {
    ++password_.failures;
    const unsigned doublings = std::min(password_.failures - 1, 5u);
    password_.wait_until_ms = now_ms + std::min<std::uint64_t>(2000u << doublings, 60000);
    return {};
  }
  password_.failures = 0;
  password_.wait_until_ms = 0;
  view_ = View::kMenu;
  return Unguarded(password_.guarded);
}

void MenuModel::ShowConfig(ConfigScreen screen) {
  config_ = std::move(screen);
  view_ = View::kConfig;
}

Action MenuModel::ConfigKey(const Key& key) {
  switch (config_.HandleKey(key)) {
    case ConfigScreen::Outcome::kStay:
      return {};
    case ConfigScreen::Outcome::kSave:
      if (config_.Changes().empty()) {
        view_ = View::kMenu;
        status_ = "Nothing changed: the settings are as they were.";
        return {};
      }
      return {ActionKind::kSaveSettings};
    case ConfigScreen::Outcome::kCancel:
      break;
  }
  view_ = View::kMenu;
  status_ = "Settings not saved.";
  return {};
}

void MenuModel::ConfigSaved(bool saved, std::string message) {
  if (!saved) {
    config_.SetMessage(std::move(message));
    return;
  }
  view_ = View::kMenu;
  status_ = std::move(message);
}

Action MenuModel::MenuKey(const Key& key) {
  const std::size_t count = options_.size();
  switch (key.code) {
    case KeyCode::kUp:
      if (selected_ > 0) --selected_;
      return {};
    case KeyCode::kDown:
      if (selected_ + 1 < count) ++selected_;
      return {};
    case KeyCode::kHome:
      selected_ = 0;
      return {};
    case KeyCode::kEnd:
      if (count) selected_ = count - 1;
      return {};
    case KeyCode::kEnter:
      if (count == 0) {
        status_ = "No boot option to boot.";
        return {};
      }
      return {ActionKind::kBoot, selected_};
    case KeyCode::kCharacter:
      break;
    default:
      return {};
  }
  switch (key.character) {
    case 'e':
      if (count) return Guard(Guarded::kEdit);
      return {};
    case 'p':
      return {ActionKind::kShowPcrs};
    case 'm':
      return {ActionKind::kShowMeasurements};
    case 'i':
      return {ActionKind::kShowInfo};
    case 'l':
      return {ActionKind::kShowLog};
    case 'h':
      ShowPage("Help",
               {
                   "Up/Down   choose a boot option (k/j too)",
                   "Enter     boot the chosen option",
                   "e         edit the option: kernel, initrd, device tree, arguments",
                   "p         TPM PCRs and whether the IMA list replays to them (n next bank)",
                   "m         the IMA measurement list (/ searches by name, n finds the next)",
                   "i         system information",
                   "l         status log",
                   "c         settings: autoboot, timeout, boot order, network, console...",
                   "x         exit the menu",
                   "          (with a password set, x, e and c ask for it first)",
                   "Ctrl-L    redraw the screen",
                   "",
                   "In any inner screen, q or x goes back to the menu; Space and b page",
                   "down and up, g and G go to the top and the end (PgUp/PgDn too).",
                   "Esc is not used: a lone Esc lags on serial lines.",
               });
      return {};
    case 'k':
      if (selected_ > 0) --selected_;
      return {};
    case 'j':
      if (selected_ + 1 < count) ++selected_;
      return {};
    case 'x':
      return Guard(Guarded::kShell);
    case 'c':
      return Guard(Guarded::kConfig);
    default:
      return {};
  }
}

const char* MenuModel::EditFieldName(std::size_t index) {
  static const char* const kNames[kEditFields] = {"Kernel", "Initrd", "Device tree", "Arguments"};
  return index < kEditFields ? kNames[index] : "";
}

void MenuModel::OpenEditor() {
  const discover::BootOption& option = options_[selected_];
  edit_.fields[0] = DescribeFile(option.kernel);
  edit_.fields[1] = JoinFiles(option.initrds);
  edit_.fields[2] = option.dtb ? DescribeFile(*option.dtb) : "";
  edit_.fields[3] = option.config.args;
  edit_.focus = 3;
  view_ = View::kEdit;
}

discover::BootResource ParseResource(const std::string& text,
                                     const discover::BootResource& previous) {
  discover::BootResource file;
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) {
    if (previous.resolved) file.device = previous.device;
    file.path = text;
  } else {
    file.device = text.substr(0, colon);
    file.path = text.substr(colon + 1);
  }
  file.resolved = !file.device.empty();
  if (!file.resolved) file.unresolved = text;
  return file;
}

void MenuModel::SaveEditor() {
  discover::BootOption& option = options_[selected_];
  if (edit_.fields[0] != DescribeFile(option.kernel))
    option.kernel = ParseResource(edit_.fields[0], option.kernel);
  if (edit_.fields[1] != JoinFiles(option.initrds)) {
    std::vector<discover::BootResource> initrds;
    const discover::BootResource previous =
        option.initrds.empty() ? option.kernel : option.initrds.front();
    std::string_view rest = edit_.fields[1];
    while (!rest.empty()) {
      const std::size_t space = rest.find(' ');
      std::string item(rest.substr(0, space));
      rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
      if (!item.empty()) initrds.push_back(ParseResource(item, previous));
    }
    option.initrds = std::move(initrds);
  }
  const std::string old_dtb = option.dtb ? DescribeFile(*option.dtb) : "";
  if (edit_.fields[2] != old_dtb) {
    if (edit_.fields[2].empty())
      option.dtb.reset();
    else
      option.dtb = ParseResource(edit_.fields[2], option.dtb.value_or(option.kernel));
  }
  option.config.args = edit_.fields[3];
  option.edited = true;
  status_ = "Edited '" + option.config.name + "': Enter boots it.";
}

Action MenuModel::EditKey(const Key& key) {
  std::string& field = edit_.fields[edit_.focus];
  switch (key.code) {
    case KeyCode::kUp:
      edit_.focus = (edit_.focus + kEditFields - 1) % kEditFields;
      return {};
    case KeyCode::kDown:
    case KeyCode::kTab:
      edit_.focus = (edit_.focus + 1) % kEditFields;
      return {};
    case KeyCode::kBackspace:
      if (!field.empty()) field.pop_back();
      return {};
    case KeyCode::kClearLine:
      field.clear();
      return {};
    case KeyCode::kEnter:
      SaveEditor();
      view_ = View::kMenu;
      return {};
    case KeyCode::kCancel:
      status_ = "Edit cancelled.";
      view_ = View::kMenu;
      return {};
    case KeyCode::kCharacter:
      if (key.character >= 0x20 && key.character < 0x7f && field.size() < 4096)
        field += key.character;
      return {};
    default:
      return {};
  }
}

void MenuModel::SetPageRows(int rows) {
  rows = rows < 1 ? 1 : rows;
  if (rows == page_rows_) return;
  // A resize: the scrolled screens stay in range (a page scrolled to its end stays filled to the
  // last row), and a search match that was in view stays in view.
  const std::uint64_t old_rows = static_cast<std::uint64_t>(page_rows_);
  const bool match_shown = browser_.match && *browser_.match >= browser_.top &&
                           *browser_.match < browser_.top + old_rows;
  page_rows_ = rows;
  ScrollPage(0);
  ScrollMeasurements(0);
  if (match_shown) BringIntoView(*browser_.match);
}

void MenuModel::ShowPage(std::string title, std::vector<std::string> lines) {
  page_.title = std::move(title);
  page_.lines = std::move(lines);
  page_.top = 0;
  view_ = View::kPage;
}

void MenuModel::ScrollPage(std::int64_t delta) {
  const std::int64_t last =
      std::max<std::int64_t>(0, static_cast<std::int64_t>(page_.lines.size()) - page_rows_);
  const std::int64_t top =
      std::clamp<std::int64_t>(static_cast<std::int64_t>(page_.top) + delta, 0, last);
  page_.top = static_cast<std::size_t>(top);
}

namespace {

// The scrolling keys of every scrolling view, as a move of its top line (clamped by the view):
// Up/Down a line; PgUp/PgDn, and Space and b that every terminal sends (vt100's terminfo has no
// PgUp/PgDn), a page; Home/End and g/G, as less(1) has them, the top and the end.
std::optional<std::int64_t> ScrollMove(const Key& key, int page_rows, std::int64_t length) {
  switch (key.code) {
    case KeyCode::kUp:
      return -1;
    case KeyCode::kDown:
      return 1;
    case KeyCode::kPageUp:
      return -page_rows;
    case KeyCode::kPageDown:
      return page_rows;
    case KeyCode::kHome:
      return -length;
    case KeyCode::kEnd:
      return length;
    case KeyCode::kCharacter:
      if (key.character == ' ') return page_rows;
      if (key.character == 'b') return -page_rows;
      if (key.character == 'g') return -length;
      if (key.character == 'G') return length;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace

Action MenuModel::PageKey(const Key& key) {
  const auto length = static_cast<std::int64_t>(page_.lines.size());
  if (std::optional<std::int64_t> move = ScrollMove(key, page_rows_, length)) {
    ScrollPage(*move);
    return {};
  }
  if (key.code == KeyCode::kEnter ||
      (key.code == KeyCode::kCharacter && (key.character == 'q' || key.character == 'x'))) {
    view_ = View::kMenu;
  }
  return {};
}

void MenuModel::ShowPcrs(PcrScreen screen) {
  pcrs_.screen = std::move(screen);
  if (pcrs_.bank >= pcrs_.screen.banks.size()) pcrs_.bank = 0;
  view_ = View::kPcrs;
}

Action MenuModel::PcrKey(const Key& key) {
  const std::size_t count = ima::kPcrCount;
  const std::size_t half = count / 2;  // two columns of 12
  std::size_t& selected = pcrs_.selected;
  switch (key.code) {
    case KeyCode::kUp:
      if (selected > 0) --selected;
      return {};
    case KeyCode::kDown:
      if (selected + 1 < count) ++selected;
      return {};
    case KeyCode::kLeft:
      if (selected >= half) selected -= half;
      return {};
    case KeyCode::kRight:
      if (selected + half < count) selected += half;
      return {};
    case KeyCode::kHome:
      selected = 0;
      return {};
    case KeyCode::kEnd:
      selected = count - 1;
      return {};
    case KeyCode::kEnter:
      view_ = View::kMenu;
      return {};
    case KeyCode::kCharacter:
      break;
    default:
      return {};
  }
  switch (key.character) {
    case 'k':
      return PcrKey(Key::Named(KeyCode::kUp));
    case 'j':
      return PcrKey(Key::Named(KeyCode::kDown));
    case 'h':
      return PcrKey(Key::Named(KeyCode::kLeft));
    case 'l':
      return PcrKey(Key::Named(KeyCode::kRight));
    case 'n':
    case ' ':
      if (!pcrs_.screen.banks.empty()) pcrs_.bank = (pcrs_.bank + 1) % pcrs_.screen.banks.size();
      return {};
    case 'p':
      return {ActionKind::kShowPcrs};
    case 'q':
    case 'x':
      view_ = View::kMenu;
      return {};
    default:
      return {};
  }
}

void MenuModel::ShowMeasurements(const MeasurementSource* source, std::string message) {
  browser_.source = source;
  browser_.top = 0;
  browser_.match.reset();
  browser_.searching = false;
  browser_.search_text.clear();
  browser_.message = std::move(message);
  view_ = View::kMeasurements;
}

void MenuModel::ScrollMeasurements(std::int64_t delta) {
  const std::uint64_t count = browser_.source ? browser_.source->Count() : 0;
  const std::uint64_t rows = static_cast<std::uint64_t>(page_rows_);
  const std::uint64_t last = count > rows ? count - rows : 0;
  if (delta < 0) {
    const std::uint64_t up = static_cast<std::uint64_t>(-delta);
    browser_.top = browser_.top > up ? browser_.top - up : 0;
  } else {
    browser_.top = std::min(last, browser_.top + static_cast<std::uint64_t>(delta));
  }
}

void MenuModel::BringIntoView(std::uint64_t index) {
  const std::uint64_t rows = static_cast<std::uint64_t>(page_rows_);
  if (index >= browser_.top && index < browser_.top + rows) return;
  browser_.top = index > rows / 2 ? index - rows / 2 : 0;
  ScrollMeasurements(0);
}

void MenuModel::Search(std::uint64_t from) {
  const std::uint64_t count = browser_.source ? browser_.source->Count() : 0;
  for (std::uint64_t step = 0; step < count; ++step) {
    const std::uint64_t index = (from + step) % count;
    if (ContainsIgnoringCase(browser_.source->Name(index), browser_.search_text)) {
      browser_.match = index;
      BringIntoView(index);
      browser_.message =
          "entry " + std::to_string(index) + " matches '" + browser_.search_text + "'";
      return;
    }
  }
  browser_.match.reset();
  browser_.message = "no entry name contains '" + browser_.search_text + "'";
}

Action MenuModel::MeasurementKey(const Key& key) {
  if (browser_.searching) {
    switch (key.code) {
      case KeyCode::kEnter:
        browser_.searching = false;
        Search(browser_.match ? *browser_.match : browser_.top);
        return {};
      case KeyCode::kCancel:
        browser_.searching = false;
        browser_.message.clear();
        return {};
      case KeyCode::kBackspace:
        if (!browser_.search_text.empty()) browser_.search_text.pop_back();
        return {};
      case KeyCode::kCharacter:
        if (key.character >= 0x20 && key.character < 0x7f && browser_.search_text.size() < 255)
          browser_.search_text += key.character;
        return {};
      default:
        return {};
    }
  }
  const std::uint64_t count = browser_.source ? browser_.source->Count() : 0;
  if (std::optional<std::int64_t> move =
          ScrollMove(key, page_rows_, static_cast<std::int64_t>(count))) {
    ScrollMeasurements(*move);
    return {};
  }
  if (key.code == KeyCode::kEnter) {
    view_ = View::kMenu;
    return {};
  }
  if (key.code != KeyCode::kCharacter) return {};
  switch (key.character) {
    case 'q':
    case 'x':
      view_ = View::kMenu;
      return {};
    case '/':
      browser_.searching = true;
      browser_.search_text.clear();
      browser_.match.reset();
      browser_.message.clear();
      return {};
    case 'n':
      if (!browser_.search_text.empty() && count)
        Search(browser_.match ? *browser_.match + 1 : browser_.top);
      return {};
    default:
      return {};
  }
}

void MenuModel::StartProgress(std::string title, std::vector<std::string> steps) {
  progress_.title = std::move(title);
  progress_.steps.clear();
  for (std::string& step : steps)
    progress_.steps.push_back({std::move(step), StepState::kPending, {}});
  progress_.finished = false;
  deadline_ms_.reset();
  view_ = View::kProgress;
}

void MenuModel::UpdateStep(std::size_t step, StepState state, std::string detail) {
  if (step >= progress_.steps.size()) return;
  progress_.steps[step].state = state;
  progress_.steps[step].detail = std::move(detail);
}

void MenuModel::FinishProgress(std::vector<std::string> result_lines) {
  progress_.finished = true;
  page_.lines = std::move(result_lines);
}

void MenuModel::FailBoot(std::string message) {
  status_ = std::move(message);
  view_ = View::kMenu;
}

}  // namespace baton::ui
