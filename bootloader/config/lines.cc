// SPDX-License-Identifier: GPL-2.0-or-later
// Line reading and small text helpers for the line-oriented parsers.
#include "bootloader/config/lines.h"

#include <charconv>
#include <string>
#include <utility>

#include "bootloader/config/config.h"

namespace baton::config {

bool LineReader::Next(std::string_view& line) {
  if (at_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', at_);
  if (end == std::string_view::npos) end = text_.size();
  line = Trim(text_.substr(at_, end - at_));
  at_ = end + 1;
  ++number_;
  return true;
}

std::string_view Trim(std::string_view text) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

std::pair<std::string_view, std::string_view> SplitFirstWord(std::string_view line) {
  std::size_t end = line.find_first_of(" \t");
  if (end == std::string_view::npos) return {line, {}};
  return {line.substr(0, end), Trim(line.substr(end))};
}

std::string_view Unquote(std::string_view text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

std::string NoteAt(std::string_view file, std::uint64_t line, std::string_view text) {
  std::string note(file);
  note += ':';
  note += std::to_string(line);
  note += ": ";
  note += text;
  return note;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::int64_t SmallNumber(std::string_view text) {
  if (text.empty() || text.size() > 9) return -1;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return -1;
  return value;
}

bool AddOption(ConfigResult& result, ConfigOption option) {
  if (result.options.size() >= kMaxOptions) {
    if (result.options_dropped++ == 0) {
      AddNote(result.notes, NoteAt(option.source.file, option.source.line,
                                   "more than " + std::to_string(kMaxOptions) +
                                       " options in one configuration; the rest are skipped"));
    }
    return false;
  }
  result.options.push_back(std::move(option));
  return true;
}

void AddNote(std::vector<std::string>& notes, std::string note) {
  if (notes.size() < kMaxNotes) {
    notes.push_back(std::move(note));
  } else if (notes.size() == kMaxNotes) {
    notes.push_back("further notes dropped (more than " + std::to_string(kMaxNotes) + ")");
  }
}

}  // namespace baton::config
