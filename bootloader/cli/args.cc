// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line parsing.
#include "bootloader/cli/args.h"

namespace baton::cli {

Result<Args> Args::Parse(int argc, char** argv, int first, const std::vector<OptionSpec>& specs) {
  Args args;
  bool only_positionals = false;
  for (int i = first; i < argc; ++i) {
    std::string_view word = argv[i];
    if (only_positionals || word.size() < 2 || word[0] != '-') {
      args.positionals_.emplace_back(word);
      continue;
    }
    if (word == "--") {
      only_positionals = true;
      continue;
    }
    std::string_view name = word.substr(word[1] == '-' ? 2 : 1);
    std::optional<std::string_view> inline_value;
    if (std::size_t equals = name.find('='); equals != std::string_view::npos) {
      inline_value = name.substr(equals + 1);
      name = name.substr(0, equals);
    }
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& candidate : specs) {
      if (candidate.name == name) spec = &candidate;
    }
    if (spec == nullptr || (word[1] != '-' && name.size() != 1)) {
      return Error(ErrorCode::kUsage, "unknown option", std::string(word));
    }
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = std::string(*inline_value);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return Error(ErrorCode::kUsage, "option needs a value", std::string(word));
      }
    } else if (inline_value) {
      return Error(ErrorCode::kUsage, "option takes no value", std::string(word));
    }
    args.values_[std::string(name)].push_back(std::move(value));
  }
  return args;
}

std::optional<std::string> Args::Value(std::string_view name) const {
  auto found = values_.find(std::string(name));
  if (found == values_.end() || found->second.empty()) return std::nullopt;
  return found->second.back();
}

std::vector<std::string> Args::Values(std::string_view name) const {
  auto found = values_.find(std::string(name));
  if (found == values_.end()) return {};
  return found->second;
}

}  // namespace baton::cli
