// SPDX-License-Identifier: GPL-2.0-or-later
// A character grid the presenter fills and a terminal shows: rows × columns of ASCII cells, each
// with a style. Pure: no terminal, no library. Text is clipped at the right edge; bytes outside
// printable ASCII are shown as '?', so a hostile name cannot drive the terminal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton::ui {

enum class Style : std::uint8_t {
  kNormal,
  kBold,
  kReverse,
  kLine,  // a horizontal rule: the terminal's line drawing, or '-' without it
};

struct Cell {
  char character = ' ';
  Style style = Style::kNormal;
  friend bool operator==(const Cell&, const Cell&) = default;
};

class Screen {
 public:
  Screen(int rows, int columns);
  int rows() const { return rows_; }
  int columns() const { return columns_; }

  // Writes `text` from (row, column), clipped; rows outside the grid are ignored.
  void Put(int row, int column, std::string_view text, Style style = Style::kNormal);
  // Fills a whole row with a horizontal rule, then writes `title` at column 2 if given.
  void Rule(int row, std::string_view title = {});
  const Cell& At(int row, int column) const { return cells_[Index(row, column)]; }
  // The row's characters, trailing blanks removed (for tests and the scripted terminal).
  std::string RowText(int row) const;
  std::string Text() const;  // every row, each ending in '\n'
  friend bool operator==(const Screen&, const Screen&) = default;

 private:
  std::size_t Index(int row, int column) const {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(columns_) +
           static_cast<std::size_t>(column);
  }
  int rows_;
  int columns_;
  std::vector<Cell> cells_;
};

}  // namespace baton::ui
