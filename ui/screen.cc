// SPDX-License-Identifier: GPL-2.0-or-later
// The character grid.
#include "ui/screen.h"

#include "bootloader/discover/discovery.h"

namespace baton::ui {

Screen::Screen(int rows, int columns)
    : rows_(rows < 1 ? 1 : rows),
      columns_(columns < 1 ? 1 : columns),
      cells_(static_cast<std::size_t>(rows_) * static_cast<std::size_t>(columns_)) {}

void Screen::Put(int row, int column, std::string_view text, Style style) {
  if (row < 0 || row >= rows_) return;
  for (char character : text) {
    if (column >= columns_) break;
    if (column >= 0) {
      const bool printable = character >= 0x20 && character < 0x7f;
      cells_[Index(row, column)] = {printable ? character : '?', style};
    }
    ++column;
  }
}

void Screen::Rule(int row, std::string_view title) {
  if (row < 0 || row >= rows_) return;
  for (int column = 0; column < columns_; ++column)
    cells_[Index(row, column)] = {'-', Style::kLine};
  if (!title.empty()) Put(row, 2, " " + std::string(title) + " ", Style::kBold);
}

std::string Screen::RowText(int row) const {
  std::string text;
  if (row < 0 || row >= rows_) return text;
  for (int column = 0; column < columns_; ++column) text += cells_[Index(row, column)].character;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string Screen::Text() const {
  std::string text;
  for (int row = 0; row < rows_; ++row) text += RowText(row) + "\n";
  return text;
}

std::string DescribeFile(const discover::BootResource& file) {
  if (!file.resolved) return "(missing: " + file.unresolved + ")";
  return file.device + ":" + file.path;
}

}  // namespace baton::ui
