// SPDX-License-Identifier: GPL-2.0-or-later
// The one narrow door through which baton's logic reaches files.
//
// Every path is relative to the file system's root: "/" on a firmware, a build folder on the
// simulated machine. Logic never names an absolute OS path; it asks a FileSystem.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::platform {

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Reads a whole file, refusing files larger than `max_size` (an error, not a truncation).
  virtual Result<ByteBuffer> ReadFile(std::string_view path, std::uint64_t max_size) = 0;
  // Feeds a file to `consume` in chunks without holding it all in memory.
  virtual Result<void> StreamFile(std::string_view path,
                                  const std::function<void(Bytes)>& consume) = 0;
  // Writes a whole file atomically: a temporary file beside it, then rename. On any error the
  // old file (if any) is untouched and no temporary file is left behind.
  virtual Result<void> WriteFile(std::string_view path, Bytes first, Bytes second = {},
                                 std::uint64_t zero_padding = 0) = 0;
};

}  // namespace baton::platform
