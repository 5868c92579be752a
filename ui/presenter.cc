// SPDX-License-Identifier: GPL-2.0-or-later
// The menu's layout.
#include "ui/presenter.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "bootloader/core/text.h"

namespace baton::ui {
namespace {

constexpr char kTitle[] = "baton boot menu";

// An option's title in `width` columns. One too long loses its middle, marked "...", not its end:
// grub's long entries ("Advanced options for ... > ..., with Linux 6.1.0-13-powerpc64le (recovery
// mode)") differ at the end, and the "(default)" and "(edited)" marks must stay in view.
std::string OptionTitle(const discover::BootOption& option, int width, std::string_view mark = {}) {
  std::string title =
      option.config.group ? *option.config.group + " > " + option.config.name : option.config.name;
  std::string marks;
  if (option.is_default) marks += "  (default)";
  if (option.edited) marks += "  (edited)";
  if (!mark.empty()) marks += "  " + std::string(mark);
  const int room = width - static_cast<int>(marks.size());
  if (static_cast<int>(title.size()) > room && room > 8) {
    const std::size_t keep = static_cast<std::size_t>(room) - 3;
    const std::size_t head = keep / 3;
    title = title.substr(0, head) + "..." + title.substr(title.size() - (keep - head));
  }
  return title + marks;
}

void Footer(Screen& screen, std::string_view keys) {
  screen.Rule(screen.rows() - 2);
  screen.Put(screen.rows() - 1, 0, keys);
}

void DrawMenu(const MenuModel& model, Screen& screen, std::uint64_t now_ms) {
  const int rows = screen.rows();
  screen.Put(0, 0, kTitle, Style::kBold);
  screen.Rule(1);
  // The list: device headers, then that device's options.
  struct Line {
    std::string text;
    std::optional<std::size_t> option;
  };
  std::vector<Line> lines;
  std::string device;
  const auto& options = model.options();
  for (std::size_t index = 0; index < options.size(); ++index) {
    if (index == 0 || options[index].device != device) {
      device = options[index].device;
      lines.push_back({"[" + device + "]", std::nullopt});
    }
    lines.push_back(
        {OptionTitle(options[index], screen.columns() - 5, model.option_mark(index)), index});
  }
  if (options.empty()) lines.push_back({"No boot options found. (l shows the log)", std::nullopt});
  const int list_rows = PageRows(View::kMenu, {rows, screen.columns()});
  std::size_t selected_line = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].option == model.selected()) selected_line = i;
  }
  std::size_t top = 0;
  const std::size_t visible = static_cast<std::size_t>(list_rows);
  if (selected_line >= visible) top = selected_line + 1 - visible;
  for (int row = 0; row < list_rows && top + static_cast<std::size_t>(row) < lines.size(); ++row) {
    const Line& line = lines[top + static_cast<std::size_t>(row)];
    if (!line.option) {
      screen.Put(2 + row, 1, line.text, Style::kBold);
      continue;
    }
    const bool chosen = *line.option == model.selected();
    screen.Put(2 + row, 2, chosen ? "=>" : "  ", chosen ? Style::kBold : Style::kNormal);
    screen.Put(2 + row, 5, line.text);
  }
  screen.Rule(rows - 5);
  screen.Put(rows - 4, 0, model.carrier_line());
  if (auto seconds = model.CountdownSeconds(now_ms); seconds && !options.empty()) {
    screen.Put(
        rows - 3, 0,
        "Booting the default in " + std::to_string(*seconds) + " s. Any key stops the countdown.",
        Style::kBold);
  } else {
    screen.Put(rows - 3, 0, model.status());
  }
  Footer(screen, "Enter boot  e edit  p PCRs  m IMA  i info  l log  c config  h help  x exit");
}

void DrawEditor(const MenuModel& model, Screen& screen) {
  const discover::BootOption& option = model.options()[model.selected()];
  screen.Put(0, 0, "Edit: " + OptionTitle(option, screen.columns() - 6), Style::kBold);
  screen.Rule(1);
  const int width = screen.columns() - 16;
  for (std::size_t field = 0; field < MenuModel::kEditFields; ++field) {
    const int row = 3 + static_cast<int>(field) * 2;
    const bool focused = field == model.edit_focus();
    screen.Put(row, 0, focused ? ">" : " ", Style::kBold);
    screen.Put(row, 2, MenuModel::EditFieldName(field));
    std::string value = model.edit_field(field);
    if (focused) value += "_";
    // The end of a long value is where typing happens: show that part.
    if (static_cast<int>(value.size()) > width && width > 3)
      value = "..." + value.substr(value.size() - static_cast<std::size_t>(width - 3));
    screen.Put(row, 15, value);
  }
  screen.Put(12, 0, "Files are device:/path. Type to change the field; Backspace erases, Ctrl-U");
  screen.Put(13, 0, "clears it; Up/Down or Tab choose the field.");
  Footer(screen, "Enter save and return  Ctrl-C cancel");
}

// The typed password is drawn as one '*' per character and never as itself.
void DrawPassword(const MenuModel& model, Screen& screen, std::uint64_t now_ms) {
  screen.Put(0, 0, "Restricted mode: the password is needed", Style::kBold);
  screen.Rule(1);
  const char* why = "To change the settings, give the password.";
  if (model.guarded() == Guarded::kShell)
    why = "To leave the menu for the shell, give the password.";
  if (model.guarded() == Guarded::kEdit) why = "To edit a boot option, give the password.";
  screen.Put(3, 0, why);
  screen.Put(4, 0, "Booting an option as it is needs none.");
  screen.Put(6, 0, "Password: " + std::string(model.password_text().size(), '*') + "_");
  if (const std::uint64_t wait = model.PasswordWaitSeconds(now_ms); wait > 0) {
    screen.Put(8, 0,
               "Wrong password (" + std::to_string(model.password_failures()) +
                   " in a row). Wait " + std::to_string(wait) + " s.",
               Style::kBold);
  } else if (model.password_failures() > 0) {
    screen.Put(
        8, 0,
        "Wrong password (" + std::to_string(model.password_failures()) + " in a row). Try again.");
  }
  Footer(screen, "Enter check  Enter alone or Ctrl-C back  Backspace erase  Ctrl-U clear");
}

// `text` on up to `rows` rows from `row`, broken at spaces where it can be (a word longer than
// a row is cut).
void PutWrapped(Screen& screen, int row, int rows, std::string_view text,
                Style style = Style::kNormal) {
  const auto width = static_cast<std::size_t>(screen.columns());
  for (int line = 0; line < rows && !text.empty(); ++line) {
    std::size_t take = std::min(width, text.size());
    if (take < text.size()) {
      const std::size_t space = text.substr(0, take + 1).rfind(' ');
      if (space != std::string_view::npos && space > 0) take = space;
    }
    screen.Put(row + line, 0, text.substr(0, take), style);
    text.remove_prefix(take);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
}

void DrawConfig(const MenuModel& model, Screen& screen) {
  const ConfigScreen& config = model.config();
  screen.Put(0, 0, "Settings, kept in " + config.where(), Style::kBold);
  screen.Rule(1);
  const int width = screen.columns() - 18;
  int row = 2;
  for (std::size_t index = 0; index < config.fields().size(); ++index, ++row) {
    const ConfigField& field = config.fields()[index];
    const bool focused = index == config.focus();
    screen.Put(row, 0, focused ? ">" : " ", Style::kBold);
    screen.Put(row, 1, field.changed() ? "*" : " ");
    screen.Put(row, 2, field.info->name);
    std::string value;
    if (field.info->secret) {
      value = !field.text.empty()     ? std::string(field.text.size(), '*')
              : field.remove          ? std::string("(to be removed)")
              : config.password_set() ? std::string("(set; type a new one to change it)")
                                      : std::string("(not set; type one to set it)");
    } else {
      value = field.text;
    }
    if (focused && !field.boolean && (!field.info->secret || !field.text.empty())) value += "_";
    if (static_cast<int>(value.size()) > width && width > 3)
      value = "..." + value.substr(value.size() - static_cast<std::size_t>(width - 3));
    screen.Put(row, 18, value, focused ? Style::kReverse : Style::kNormal);
  }
  const bool on_save = config.focus() == config.save_index();
  const bool on_cancel = config.focus() == config.cancel_index();
  screen.Put(row, 0, on_save ? ">" : " ", Style::kBold);
  screen.Put(row, 2, "[ Save ]", on_save ? Style::kReverse : Style::kNormal);
  screen.Put(row, 14, on_cancel ? ">" : " ", Style::kBold);
  screen.Put(row, 16, "[ Cancel ]", on_cancel ? Style::kReverse : Style::kNormal);
  row += 2;
  if (config.focus() < config.fields().size()) {
    const settings::SettingInfo& info = *config.fields()[config.focus()].info;
    std::string meaning = std::string(info.meaning) + " (" + std::string(info.key) + ")";
    if (!info.used_by_baton) meaning += "; kept for petitboot, not used by baton yet";
    PutWrapped(screen, row, 2, meaning);
    PutWrapped(screen, row + 2, 2,
               info.secret ? "Takes: a new password, drawn as stars; Ctrl-U with nothing typed "
                             "removes the password"
                           : "Takes: " + std::string(info.values));
  } else {
    PutWrapped(
        screen, row, 2,
        on_save ? "Enter saves the changed (*) settings." : "Enter leaves; nothing is saved.");
  }
  PutWrapped(screen, screen.rows() - 4, 2, config.message(), Style::kBold);
  Footer(screen, "Up/Down field  Enter next  Space flip  Ctrl-U clear  Ctrl-C leave unsaved");
}

void DrawPage(const MenuModel& model, Screen& screen) {
  screen.Put(0, 0, model.page_title(), Style::kBold);
  screen.Rule(1);
  const auto& lines = model.page_lines();
  const int rows = PageRows(View::kPage, {screen.rows(), screen.columns()});
  for (int row = 0; row < rows; ++row) {
    const std::size_t index = model.page_top() + static_cast<std::size_t>(row);
    if (index >= lines.size()) break;
    screen.Put(2 + row, 0, lines[index]);
  }
  std::string keys = "Up/Down  Space/b page  g/G top/end  q back";
  if (model.page_title().rfind("PCR", 0) == 0) keys += "  p read again";
  if (lines.size() > static_cast<std::size_t>(rows)) {
    keys +=
        "  (" + std::to_string(model.page_top() + 1) + "-" +
        std::to_string(std::min(lines.size(), model.page_top() + static_cast<std::size_t>(rows))) +
        " of " + std::to_string(lines.size()) + ")";
  }
  Footer(screen, keys);
}

// One bank's 24 PCRs in two columns of 12, short digests and what explains each; the chosen
// PCR's whole digest below; the list's verdict for this bank (and the others') above.
void DrawPcrs(const MenuModel& model, Screen& screen) {
  const PcrScreen& pcrs = model.pcr_screen();
  const std::size_t bank = model.pcr_bank();
  const bool has_bank = bank < pcrs.banks.size();
  std::string title = "PCRs";
  if (has_bank) {
    title += ": " + pcrs.bank_names[bank] + " bank (" + std::to_string(bank + 1) + " of " +
             std::to_string(pcrs.banks.size()) + ")";
  }
  screen.Put(0, 0, title, Style::kBold);
  screen.Rule(1);
  int row = 2;
  if (has_bank) {
    std::string line = "IMA list, " + pcrs.bank_names[bank] + ": " + pcrs.list_verdicts[bank];
    std::string others;
    for (std::size_t b = 0; b < pcrs.banks.size(); ++b) {
      if (b == bank) continue;
      others += (others.empty() ? "" : ", ") + pcrs.bank_names[b] + " " + pcrs.list_verdicts[b];
    }
    if (!others.empty()) line += "  (" + others + ")";
    if (line.size() > static_cast<std::size_t>(screen.columns())) {
      line = line.substr(0, static_cast<std::size_t>(screen.columns()) - 3) + "...";
    }
    screen.Put(row++, 0, line);
  }
  for (const std::string& line : pcrs.summary) screen.Put(row++, 0, line);
  if (has_bank) {
    const ima::PcrBank& values = pcrs.banks[bank];
    const std::size_t half = ima::kPcrCount / 2;
    const int grid = row + 1;
    for (std::size_t pcr = 0; pcr < ima::kPcrCount; ++pcr) {
      const std::string hex = ToHex(values.values[pcr].bytes());
      const std::string tag = pcrs.list_explains[bank].test(pcr)  ? "list"
                              : pcrs.log_explains[bank].test(pcr) ? "log"
                                                                  : "";
      char cell[64];
      std::snprintf(cell, sizeof cell, "%s%2zu %s..%s %-4s",
                    pcr == model.pcr_selected() ? "> " : "  ", pcr, hex.substr(0, 16).c_str(),
                    hex.substr(hex.size() - 4).c_str(), tag.c_str());
      screen.Put(grid + static_cast<int>(pcr % half), pcr < half ? 0 : 40, cell,
                 pcr == model.pcr_selected() ? Style::kReverse : Style::kNormal);
    }
    // The chosen PCR, whole.
    const std::size_t chosen = model.pcr_selected();
    const std::string hex = ToHex(values.values[chosen].bytes());
    const std::string why = pcrs.list_explains[bank].test(chosen)  ? ", explained by the IMA list"
                            : pcrs.log_explains[bank].test(chosen) ? ", explained by the event log"
                                                                   : "";
    const int detail = grid + static_cast<int>(half) + 1;
    screen.Put(detail, 0,
               "PCR " + std::to_string(chosen) + " (" + pcrs.bank_names[bank] + ")" + why + ":");
    const std::size_t width = static_cast<std::size_t>(screen.columns());
    for (std::size_t at = 0, line = 1; at < hex.size(); at += width, ++line) {
      screen.Put(detail + static_cast<int>(line), 0, hex.substr(at, width));
    }
  }
  Footer(screen, has_bank ? "Arrows (k/j/h/l) choose a PCR  n next bank  p read again  q back"
                          : "p read again  q back");
}

void DrawMeasurements(const MenuModel& model, Screen& screen) {
  const MeasurementSource* source = model.measurements();
  const std::uint64_t count = source ? source->Count() : 0;
  screen.Put(0, 0, "IMA measurement list: " + std::to_string(count) + " entries", Style::kBold);
  screen.Rule(1);
  const int rows = PageRows(View::kMeasurements, {screen.rows(), screen.columns()});
  for (int row = 0; row < rows; ++row) {
    const std::uint64_t index = model.measurement_top() + static_cast<std::uint64_t>(row);
    if (index >= count) break;
    const bool match = model.measurement_match() == index;
    screen.Put(2 + row, 0, source->Line(index), match ? Style::kReverse : Style::kNormal);
  }
  const int message_row = screen.rows() - 3;
  if (model.searching()) {
    screen.Put(message_row, 0, "Search names for: " + model.search_text() + "_", Style::kBold);
  } else {
    screen.Put(message_row, 0, model.measurement_message());
  }
  Footer(screen, "Up/Down  Space/b page  g/G top/end  / search  n next  q back");
}

void DrawProgress(const MenuModel& model, Screen& screen) {
  screen.Put(0, 0, model.progress_title(), Style::kBold);
  screen.Rule(1);
  int row = 3;
  for (const ProgressStep& step : model.progress_steps()) {
    const char* mark = step.state == StepState::kDone      ? "[ ok ]"
                       : step.state == StepState::kRunning ? "[ .. ]"
                       : step.state == StepState::kFailed  ? "[FAIL]"
                                                           : "[    ]";
    screen.Put(row, 1, mark, step.state == StepState::kFailed ? Style::kBold : Style::kNormal);
    screen.Put(row, 8, step.name);
    if (!step.detail.empty()) screen.Put(row, 28, step.detail);
    ++row;
  }
  if (model.progress_finished()) {
    ++row;
    for (const std::string& line : model.page_lines()) {
      if (row >= screen.rows() - 2) break;
      screen.Put(row++, 1, line);
    }
    Footer(screen, "Any key returns to the menu");
  } else {
    Footer(screen, "Booting...");
  }
}

}  // namespace

int PageRows(View view, Size size) {
  int rows = 1;
  switch (view) {
    case View::kMenu:
      rows = size.rows - 7;
      break;
    case View::kPage:
      rows = size.rows - 4;
      break;
    case View::kMeasurements:
      rows = size.rows - 5;
      break;
    default:
      rows = size.rows - 4;
      break;
  }
  return rows < 1 ? 1 : rows;
}

Screen Render(const MenuModel& model, Size size, std::uint64_t now_ms) {
  Screen screen(size.rows, size.columns);
  if (size.rows < 10 || size.columns < 40) {
    screen.Put(0, 0, "baton: the terminal is too small (needs 40x10)");
    return screen;
  }
  switch (model.view()) {
    case View::kMenu:
      DrawMenu(model, screen, now_ms);
      break;
    case View::kEdit:
      DrawEditor(model, screen);
      break;
    case View::kPage:
      DrawPage(model, screen);
      break;
    case View::kPcrs:
      DrawPcrs(model, screen);
      break;
    case View::kMeasurements:
      DrawMeasurements(model, screen);
      break;
    case View::kProgress:
      DrawProgress(model, screen);
      break;
    case View::kPassword:
      DrawPassword(model, screen, now_ms);
      break;
    case View::kConfig:
      DrawConfig(model, screen);
      break;
  }
  return screen;
}

}  // namespace baton::ui
