// SPDX-License-Identifier: GPL-2.0-or-later
// The console through ncurses: the only file in baton that includes it. It sends only the cells
// that changed since the last Present (ncurses then optimizes the cursor motion), so moving the
// selection costs a few dozen bytes on a 115200-baud serial line.
#define NCURSES_NOMACROS
#include <ncurses.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ui/console.h"

namespace baton::ui {
namespace {

class CursesTerminal final : public Terminal {
 public:
  explicit CursesTerminal(LineDrawing drawing) : drawing_(drawing) {}
  ~CursesTerminal() override {
    if (started_) ::endwin();
  }

  Result<void> Start() {
    if (::newterm(nullptr, stdout, stdin) == nullptr) {
      return Error(ErrorCode::kIo, "cannot set up the terminal (is TERM set?)");
    }
    started_ = true;
    // Without cursor addressing (TERM=dumb, or unknown to terminfo's "cup") every draw would
    // scroll into a mess the operator cannot read: say so instead.
    if (!Capable("cup")) {
      const char* term = std::getenv("TERM");
      return Error(ErrorCode::kUnsupported,
                   "the terminal cannot move the cursor; set TERM to the console's type (vt100 "
                   "works on serial "
                   "consoles)",
                   std::string("TERM=") + (term ? term : ""));
    }
    ::raw();  // Ctrl-C reaches the menu as a key (the editor's cancel)
    ::noecho();
    ::nonl();
    ::keypad(stdscr, TRUE);
    ::curs_set(0);
    ::leaveok(stdscr, TRUE);
    // An arrow key is ESC [ B or ESC O B; on serial lines and hypervisor consoles (hvc) its
    // bytes may arrive tens of milliseconds apart, and a short delay turns it into a bare Esc
    // and two letters. No key is bound to a bare Esc, so waiting for the rest costs nothing.
    ::set_escdelay(400);
    // No line drawing (terminfo has no "acsc"), or asked for plain ASCII: '-' for rules.
    if (!Capable("acsc")) drawing_ = LineDrawing::kAscii;
    return Ok();
  }

  Size CurrentSize() override { return {::getmaxy(stdscr), ::getmaxx(stdscr)}; }

  std::optional<Key> ReadKey(int timeout_ms) override {
    ::wtimeout(stdscr, timeout_ms);
    const int value = ::wgetch(stdscr);
    if (value == ERR) return std::nullopt;
    switch (value) {
      case KEY_UP:
        return Key::Named(KeyCode::kUp);
      case KEY_DOWN:
        return Key::Named(KeyCode::kDown);
      case KEY_LEFT:
        return Key::Named(KeyCode::kLeft);
      case KEY_RIGHT:
        return Key::Named(KeyCode::kRight);
      case KEY_PPAGE:
        return Key::Named(KeyCode::kPageUp);
      case KEY_NPAGE:
        return Key::Named(KeyCode::kPageDown);
      case KEY_HOME:
        return Key::Named(KeyCode::kHome);
      case KEY_END:
        return Key::Named(KeyCode::kEnd);
      case KEY_ENTER:
      case '\r':
      case '\n':
        return Key::Named(KeyCode::kEnter);
      case KEY_BACKSPACE:
      case 127:
      case 8:
        return Key::Named(KeyCode::kBackspace);
      case KEY_RESIZE:
        return Key::Named(KeyCode::kResize);
      case '\t':
        return Key::Named(KeyCode::kTab);
      case 12:
        return Key::Named(KeyCode::kRedraw);  // Ctrl-L
      case 3:
        return Key::Named(KeyCode::kCancel);  // Ctrl-C
      case 21:
        return Key::Named(KeyCode::kClearLine);  // Ctrl-U
      default:
        break;
    }
    if (value >= 0x20 && value < 0x7f) return Key::Char(static_cast<char>(value));
    return std::nullopt;  // Esc and anything else: ignored
  }

  void Present(const Screen& screen) override {
    const bool full =
        invalid_ || shown_.rows() != screen.rows() || shown_.columns() != screen.columns();
    if (full) {
      ::clearok(curscr, TRUE);
      ::werase(stdscr);
    }
    for (int row = 0; row < screen.rows(); ++row) {
      for (int column = 0; column < screen.columns(); ++column) {
        const Cell& cell = screen.At(row, column);
        if (!full && cell == shown_.At(row, column)) continue;
        // The bottom-right cell would scroll a terminal without auto-margin handling: skip it.
        if (row == screen.rows() - 1 && column == screen.columns() - 1) continue;
        chtype glyph = static_cast<chtype>(static_cast<unsigned char>(cell.character));
        switch (cell.style) {
          case Style::kBold:
            glyph |= A_BOLD;
            break;
          case Style::kReverse:
            glyph |= A_REVERSE;
            break;
          case Style::kLine:
            if (drawing_ == LineDrawing::kTerminal) glyph = ACS_HLINE;
            break;
          case Style::kNormal:
            break;
        }
        ::mvwaddch(stdscr, row, column, glyph);
      }
    }
    ::wnoutrefresh(stdscr);
    ::doupdate();
    shown_ = screen;
    invalid_ = false;
  }

  void InvalidateAll() override { invalid_ = true; }

 private:
  // Whether the terminal's terminfo entry has the string capability `name` (tigetstr answers
  // null when it is absent and (char*)-1 when `name` is not a string capability).
  static bool Capable(const char* name) {
    const char* value = ::tigetstr(const_cast<char*>(name));
    return value != nullptr && value != reinterpret_cast<char*>(-1) && *value != '\0';
  }

  LineDrawing drawing_;
  bool started_ = false;
  bool invalid_ = true;
  Screen shown_{1, 1};
};

}  // namespace

Result<std::unique_ptr<Terminal>> OpenConsole(LineDrawing drawing) {
  auto terminal = std::make_unique<CursesTerminal>(drawing);
  BATON_TRY(terminal->Start());
  return std::unique_ptr<Terminal>(std::move(terminal));
}

}  // namespace baton::ui
