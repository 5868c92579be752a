// SPDX-License-Identifier: GPL-2.0-or-later
// The boot menu's state and its answer to every key: which screen is shown, the selection, the
// autoboot countdown, the option editor, the scrollable pages (PCRs, system information, log,
// help), the measurement-list browser and the boot progress. Pure: time comes in as
// milliseconds from a Clock, keys as decoded Keys, and what needs the outside world (booting,
// reading the TPM) leaves as an Action for the menu loop (ui/menu_loop.h) to carry out.
//
// Keys (petitboot's, never Esc alone): Enter boots, e edits, p PCRs, m measurement list,
// i system information, l status log, c configuration, h help, x exits; q or x leaves any
// inner screen; Space/b page and g/G jump in the scrolling ones; on the PCR screen the arrows
// (or k/j/h/l) choose a PCR and n shows the next bank; Ctrl-L redraws. Any key stops the
// countdown; a terminal resize is not a key (it redraws only). The configuration screen has
// keys of its own (ui/config_screen.h).
//
// Restricted mode (a password is set): leaving to the shell (x), editing an option (e) and the
// configuration screen (c) first ask for the password, every time; booting an option as it is does
// not. The model never sees the hash: Enter on the prompt leaves as kCheckPassword for the loop,
// which answers with PasswordChecked. After a wrong password the prompt takes none for 2 s,
// doubling with each failure in a row up to 60 s.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/discover/discovery.h"
#include "ui/config_screen.h"
#include "ui/pcr_screen.h"
#include "ui/terminal.h"

namespace baton::ui {

enum class View : std::uint8_t {
  kMenu,
  kEdit,
  kPage,
  kPcrs,
  kMeasurements,
  kProgress,
  kPassword,
  kConfig
};

enum class ActionKind : std::uint8_t {
  kNone,
  kBoot,              // boot options()[option]
  kExit,              // leave the menu (to a shell; on the simulated machine, end the session)
  kShowPcrs,          // the loop reads the TPM and calls ShowPcrs
  kShowMeasurements,  // the loop calls ShowMeasurements
  kShowInfo,
  kShowLog,
  kRedraw,         // repaint the whole terminal
  kCheckPassword,  // the loop checks password_text() and calls PasswordChecked
  kShowConfig,     // the loop reads the settings and calls ShowConfig
  kSaveSettings,   // the loop saves config().Changes() and calls ConfigSaved
};

// What the password prompt guards.
enum class Guarded : std::uint8_t { kShell, kEdit, kConfig };

struct Action {
  ActionKind kind = ActionKind::kNone;
  std::size_t option = 0;
};

// The measurement list as the browser reads it: entries are formatted only when shown or
// searched, so a list of any length opens at once.
class MeasurementSource {
 public:
  virtual ~MeasurementSource() = default;
  virtual std::uint64_t Count() const = 0;
  // One screen line for entry `index` (< Count()), and the entry's name for search.
  virtual std::string Line(std::uint64_t index) const = 0;
  virtual std::string Name(std::uint64_t index) const = 0;
};

enum class StepState : std::uint8_t { kPending, kRunning, kDone, kFailed };

struct ProgressStep {
  std::string name;
  StepState state = StepState::kPending;
  std::string detail;
};

class MenuModel {
 public:
  MenuModel(std::vector<discover::BootOption> options, std::optional<std::size_t> default_option);

  // Boots the default after `seconds` unless a key comes first.
  void StartCountdown(std::uint64_t now_ms, std::uint64_t seconds);
  // Stops the countdown from outside (an operator at another console's menu), saying why.
  void StopCountdown(std::string why);
  Action HandleKey(const Key& key, std::uint64_t now_ms);
  Action Tick(std::uint64_t now_ms);  // kBoot when the countdown has run out
  // How many lines a page shows (the presenter's layout decides; used by PgUp/PgDn). Set before
  // every draw, so after a resize it also brings the scroll positions back in range.
  void SetPageRows(int rows);

  // Inner screens, opened by the loop after an Action.
  void ShowPage(std::string title, std::vector<std::string> lines);
  void ShowMeasurements(const MeasurementSource* source, std::string message);
  // The PCR screen: one bank's 24 PCRs; the selection and the bank shown are kept when `p`
  // reads them again.
  void ShowPcrs(PcrScreen screen);
  // Boot progress: steps are named when the boot starts, then updated.
  void StartProgress(std::string title, std::vector<std::string> steps);
  void UpdateStep(std::size_t step, StepState state, std::string detail = {});
  // The boot stopped before the reboot (the simulated machine): the page stays until a key.
  void FinishProgress(std::vector<std::string> result_lines);
  // The boot failed: back to the menu with the message on the status line.
  void FailBoot(std::string message);
  void SetStatus(std::string message) { status_ = std::move(message); }
  // The configuration screen, opened by the loop after kShowConfig; after kSaveSettings the loop
  // reports the save: saved, back to the menu with `message` on the status line; not, the
  // screen stays with the reason.
  void ShowConfig(ConfigScreen screen);
  void ConfigSaved(bool saved, std::string message);
  const ConfigScreen& config() const { return config_; }
  // Restricted mode: the guarded keys ask for the password.
  void SetRestricted(bool restricted) { restricted_ = restricted; }
  bool restricted() const { return restricted_; }
  // The answer to kCheckPassword. Right: the guarded action goes ahead (kExit for the shell).
  // Wrong: the prompt stays, empty, and waits before it takes another.
  Action PasswordChecked(bool right, std::uint64_t now_ms);
  // Who carries the IMA list and whether baton measures, shown for the selected option.
  void SetCarrierLine(std::string line) { carrier_line_ = std::move(line); }
  // A mark per option shown after its title (verified boot: who signed its kernel); an edited
  // option shows none, since its kernel may no longer be the one marked.
  void SetOptionMarks(std::vector<std::string> marks) { option_marks_ = std::move(marks); }
  std::string_view option_mark(std::size_t option) const {
    if (option >= option_marks_.size() || option >= options_.size() || options_[option].edited)
      return {};
    return option_marks_[option];
  }

  View view() const { return view_; }
  const std::vector<discover::BootOption>& options() const { return options_; }
  std::size_t selected() const { return selected_; }
  std::optional<std::uint64_t> CountdownSeconds(std::uint64_t now_ms) const;
  const std::string& status() const { return status_; }
  const std::string& carrier_line() const { return carrier_line_; }
  const std::string& page_title() const { return page_.title; }
  const std::vector<std::string>& page_lines() const { return page_.lines; }
  std::size_t page_top() const { return page_.top; }
  int page_rows() const { return page_rows_; }
  // The editor: kernel, initrd(s), device tree and arguments as text.
  static constexpr std::size_t kEditFields = 4;
  const std::string& edit_field(std::size_t index) const { return edit_.fields[index]; }
  std::size_t edit_focus() const { return edit_.focus; }
  static const char* EditFieldName(std::size_t index);
  // The browser.
  const MeasurementSource* measurements() const { return browser_.source; }
  std::uint64_t measurement_top() const { return browser_.top; }
  std::optional<std::uint64_t> measurement_match() const { return browser_.match; }
  bool searching() const { return browser_.searching; }
  const std::string& search_text() const { return browser_.search_text; }
  const std::string& measurement_message() const { return browser_.message; }
  // The PCR screen.
  const PcrScreen& pcr_screen() const { return pcrs_.screen; }
  std::size_t pcr_bank() const { return pcrs_.bank; }
  std::size_t pcr_selected() const { return pcrs_.selected; }
  // The password prompt: what it guards, what was typed (for the check, never drawn), how many
  // were wrong in a row, and the seconds left before it takes another.
  Guarded guarded() const { return password_.guarded; }
  const std::string& password_text() const { return password_.typed; }
  unsigned password_failures() const { return password_.failures; }
  std::uint64_t PasswordWaitSeconds(std::uint64_t now_ms) const;
  // Progress.
  const std::string& progress_title() const { return progress_.title; }
  const std::vector<ProgressStep>& progress_steps() const { return progress_.steps; }
  bool progress_finished() const { return progress_.finished; }

 private:
  Action MenuKey(const Key& key);
  Action EditKey(const Key& key);
  Action PageKey(const Key& key);
  Action PcrKey(const Key& key);
  Action MeasurementKey(const Key& key);
  Action PasswordKey(const Key& key, std::uint64_t now_ms);
  Action ConfigKey(const Key& key);
  Action Guard(Guarded what);  // the guarded action, or the prompt for it
  Action Unguarded(Guarded what);
  void OpenEditor();
  void SaveEditor();
  void Search(std::uint64_t from);
  void ScrollPage(std::int64_t delta);
  void ScrollMeasurements(std::int64_t delta);
  void BringIntoView(std::uint64_t index);  // scrolls the browser so that entry `index` shows

  std::vector<discover::BootOption> options_;
  std::size_t selected_ = 0;
  std::optional<std::size_t> default_option_;
  View view_ = View::kMenu;
  std::optional<std::uint64_t> deadline_ms_;
  std::string status_;
  std::string carrier_line_;
  std::vector<std::string> option_marks_;
  int page_rows_ = 16;
  bool restricted_ = false;

  // One state per view, each kept while its view is closed (the browser reopens where it was).
  struct PageState {  // kPage: information, log, help, PCRs
    std::string title;
    std::vector<std::string> lines;
    std::size_t top = 0;
  };
  struct PcrState {  // kPcrs
    PcrScreen screen;
    std::size_t bank = 0;
    std::size_t selected = 10;  // PCR 10: the one the IMA list extends
  };
  PcrState pcrs_;
  struct EditState {  // kEdit
    std::string fields[kEditFields];
    std::size_t focus = 3;
  };
  struct BrowserState {  // kMeasurements
    const MeasurementSource* source = nullptr;
    std::uint64_t top = 0;
    std::optional<std::uint64_t> match;
    bool searching = false;
    std::string search_text;
    std::string message;
  };
  struct ProgressState {  // kProgress
    std::string title;
    std::vector<ProgressStep> steps;
    bool finished = false;
  };
  struct PasswordState {  // kPassword
    Guarded guarded = Guarded::kShell;
    std::string typed;
    unsigned failures = 0;
    std::uint64_t wait_until_ms = 0;
  };
  PageState page_;
  PasswordState password_;
  ConfigScreen config_;  // kConfig
  EditState edit_;
  BrowserState browser_;
  ProgressState progress_;
};

// Parses "device:/path" back into a file; a text without ':' keeps the device of `previous`.
discover::BootResource ParseResource(const std::string& text,
                                     const discover::BootResource& previous);
// "device:/path", or "(missing: REF)" for an unresolved file.
std::string DescribeFile(const discover::BootResource& file);

}  // namespace baton::ui
