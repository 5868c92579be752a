// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line parsing for baton's subcommands: positionals, flags, options with values
// ("--name VALUE" or "--name=VALUE"), repeatable options. Unknown options are usage errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/result.h"

namespace baton::cli {

// Exit statuses shared by every subcommand.
inline constexpr int kExitYes = 0;
inline constexpr int kExitNo = 1;
inline constexpr int kExitUsage = 2;

struct OptionSpec {
  std::string_view name;  // without the leading dashes; a one-letter name also takes "-x"
  bool takes_value;
};

class Args {
 public:
  // Parses argv[first..]. Errors name the offending argument.
  static Result<Args> Parse(int argc, char** argv, int first, const std::vector<OptionSpec>& specs);

  const std::vector<std::string>& positionals() const { return positionals_; }
  bool Has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
  std::optional<std::string> Value(std::string_view name) const;  // the last one given
  std::vector<std::string> Values(std::string_view name) const;   // every one, in order

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::vector<std::string>> values_;
};

}  // namespace baton::cli
