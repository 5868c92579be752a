// SPDX-License-Identifier: GPL-2.0-or-later
// grubenv reading.
#include "bootloader/config/grubenv.h"

namespace baton::config {

std::vector<std::pair<std::string, std::string>> ParseGrubEnv(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> variables;
  if (!text.starts_with(kGrubEnvSignature)) return variables;
  std::size_t at = 0;
  while (at < text.size()) {
    // A logical line ends at a newline that is not escaped.
    std::string line;
    bool escaped = false;
    for (; at < text.size(); ++at) {
      char c = text[at];
      if (escaped) {
        line += c;
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '\n') {
        ++at;
        break;
      } else {
        line += c;
      }
    }
    if (line.empty() || line.front() == '#') continue;
    std::size_t equals = line.find('=');
    if (equals == std::string::npos || equals == 0) continue;
    variables.emplace_back(line.substr(0, equals), line.substr(equals + 1));
  }
  return variables;
}

namespace {

// Where the free space starts: after the last newline, when every byte after it is '#' (the
// whole block after the signature when it holds no variable).
std::size_t FreeStart(std::string_view block) {
  std::size_t start = block.size();
  while (start > kGrubEnvSignature.size() && block[start - 1] == '#') --start;
  if (start > kGrubEnvSignature.size() && block[start - 1] != '\n') return block.size();
  return start;
}

// The raw bytes of the variable's line [begin, end) (end past its newline), in the variables'
// part [signature, free); nullopt when absent.
std::optional<std::pair<std::size_t, std::size_t>> FindLine(std::string_view block,
                                                            std::size_t free,
                                                            std::string_view name) {
  std::size_t at = kGrubEnvSignature.size();
  while (at < free) {
    std::size_t end = at;
    bool escaped = false;
    for (; end < free; ++end) {
      if (escaped) {
        escaped = false;
      } else if (block[end] == '\\') {
        escaped = true;
      } else if (block[end] == '\n') {
        ++end;
        break;
      }
    }
    const std::string_view line = block.substr(at, end - at);
    if (line.size() > name.size() && line.starts_with(name) && line[name.size()] == '=') {
      return std::make_pair(at, end);
    }
    at = end;
  }
  return std::nullopt;
}

}  // namespace

Result<std::string> SetGrubEnv(std::string_view block, std::string_view name,
                               std::optional<std::string_view> value) {
  if (!block.starts_with(kGrubEnvSignature)) {
    return Error(ErrorCode::kInvalidArgument, "not a grub environment block (no signature)");
  }
  if (name.empty() || name.find_first_of("=\n") != std::string_view::npos) {
    return Error(ErrorCode::kInvalidArgument, "not a grub variable name",
                 std::string(name.substr(0, 60)));
  }
  const std::size_t free = FreeStart(block);
  const std::optional<std::pair<std::size_t, std::size_t>> found = FindLine(block, free, name);
  std::string line;
  if (value) {
    line = std::string(name) + "=";
    for (char c : *value) {
      if (c == '\\' || c == '\n') line += '\\';
      line += c;
    }
    line += '\n';
  }
  std::string edited;
  if (found) {
    edited = std::string(block.substr(0, found->first)) + line +
             std::string(block.substr(found->second, free - found->second));
  } else {
    if (!value) return std::string(block);  // nothing to remove
    edited = std::string(block.substr(0, free)) + line;
  }
  if (edited.size() > block.size()) {
    return Error(ErrorCode::kTooLarge, "the environment block is too small for the change")
        .WithDetail(std::string(name) + ": " + std::to_string(edited.size() - block.size()) +
                    " bytes short");
  }
  edited.append(block.size() - edited.size(), '#');
  return edited;
}

}  // namespace baton::config
