// SPDX-License-Identifier: GPL-2.0-or-later
// Line-oriented reading shared by the simple formats (BLS, syslinux, yaboot, kboot, baton's own,
// grubenv): lines with their numbers, white space trimmed, CR/LF endings, a missing final newline.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace baton::config {

class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  // The next line without its ending, trimmed of spaces and tabs; false at the end.
  bool Next(std::string_view& line);
  // 1-based number of the line Next returned last.
  std::uint64_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  std::uint64_t number_ = 0;
};

std::string_view Trim(std::string_view text);
// Splits at the first run of spaces or tabs: ("key", "rest trimmed"); rest may be empty.
std::pair<std::string_view, std::string_view> SplitFirstWord(std::string_view line);
// Removes one pair of matching surrounding quotes (' or ").
std::string_view Unquote(std::string_view text);
// "file:line: text", the form of every parser note.
std::string NoteAt(std::string_view file, std::uint64_t line, std::string_view text);
// Whether `text` is one or more ASCII digits (no sign, no blanks).
bool AllDigits(std::string_view text);
// A decimal number of at most 9 digits, or nullopt-like -1 on anything else.
std::int64_t SmallNumber(std::string_view text);

}  // namespace baton::config
