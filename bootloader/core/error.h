// SPDX-License-Identifier: GPL-2.0-or-later
// Error: what went wrong, in which domain, and where (byte offset, line, errno).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace baton {

// Codes are grouped by domain in ranges of 0x100 so that a number alone says where it came from.
enum class ErrorCode : std::uint16_t {
  // 0x000 core
  kInvalidArgument = 0x001,
  kTruncated = 0x002,
  kOutOfRange = 0x003,
  kTooLarge = 0x004,
  kUnsupported = 0x005,
  // 0x100 platform
  kIo = 0x101,
  kNotFound = 0x102,
  kPermission = 0x103,
  // 0x200 crypto
  kCrypto = 0x201,
  // 0x300 ima
  kImaMalformed = 0x301,
  kImaRejected = 0x302,
  // 0x400 usage
  kUsage = 0x401,
  // 0x500 settings
  kSettingsMalformed = 0x501,  // NVRAM bytes that are not a CHRP partition chain
};

// Where in the input an error was found. kNone means "not tied to a position".
enum class Location : std::uint8_t { kNone, kOffset, kLine };

// An error carries a static message (never allocated), an optional position, and an optional
// context string such as a file name. It is cheap to move and has no virtual functions.
class [[nodiscard]] Error {
 public:
  Error(ErrorCode code, const char* message) : code_(code), message_(message) {}
  Error(ErrorCode code, const char* message, std::string detail)
      : code_(code), message_(message), detail_(std::move(detail)) {}

  static Error AtOffset(ErrorCode code, const char* message, std::uint64_t offset) {
    Error error(code, message);
    error.location_ = Location::kOffset;
    error.position_ = offset;
    return error;
  }
  static Error AtLine(ErrorCode code, const char* message, std::uint64_t line) {
    Error error(code, message);
    error.location_ = Location::kLine;
    error.position_ = line;
    return error;
  }

  ErrorCode code() const { return code_; }
  const char* message() const { return message_; }
  const std::string& detail() const { return detail_; }
  const std::string& context() const { return context_; }
  Location location() const { return location_; }
  std::uint64_t position() const { return position_; }

  // Adds text after the message ("expected 1, found 256").
  Error&& WithDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }
  // Names the input the error is about (a file name); set once, by the code that opened it.
  Error&& WithContext(std::string_view context) && {
    if (context_.empty()) context_ = std::string(context);
    return std::move(*this);
  }
  // Shifts a position found in a sub-buffer to the position in the enclosing input.
  Error&& AddOffset(std::uint64_t base) && {
    if (location_ == Location::kOffset) position_ += base;
    return std::move(*this);
  }

  // "context: message at offset N (0xN): detail"
  std::string ToString() const;

 private:
  ErrorCode code_;
  Location location_ = Location::kNone;
  const char* message_;
  std::uint64_t position_ = 0;
  std::string detail_;
  std::string context_;
};

}  // namespace baton
