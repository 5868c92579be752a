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

}  // namespace baton::config
