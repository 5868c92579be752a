// SPDX-License-Identifier: GPL-2.0-or-later
// Error formatting.
#include "bootloader/core/error.h"

#include <cinttypes>
#include <cstdio>

namespace baton {

std::string Error::ToString() const {
  std::string text;
  if (!context_.empty()) {
    text += context_;
    text += ": ";
  }
  text += message_;
  char position[64];
  switch (location_) {
    case Location::kOffset:
      std::snprintf(position, sizeof position, " at offset %" PRIu64 " (0x%" PRIx64 ")", position_,
                    position_);
      text += position;
      break;
    case Location::kLine:
      std::snprintf(position, sizeof position, " at line %" PRIu64, position_);
      text += position;
      break;
    case Location::kNone:
      break;
  }
  if (!detail_.empty()) {
    text += ": ";
    text += detail_;
  }
  return text;
}

}  // namespace baton
