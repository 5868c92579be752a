// SPDX-License-Identifier: GPL-2.0-or-later
// Small text helpers: hex, numbers in decimal or 0x-hex, printable escaping. No allocation
// beyond the returned string, no exceptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bootloader/core/bytes.h"

namespace baton {

// How configuration files and settings spell a kernel device name ("/dev/sda1" in yaboot.conf,
// "/dev/hvc0" in petitboot,console): a word of the text, read as a name. baton never opens it.
inline constexpr std::string_view kKernelDevicePrefix = "/dev/";

// Lower-case hex of every byte.
std::string ToHex(Bytes bytes);
void AppendHex(std::string& out, Bytes bytes);
// Parses an even-length hex string (either case); nullopt on any other character.
std::optional<ByteBuffer> FromHex(std::string_view hex);
// RFC 4648 base64 with padding, no line breaks.
std::string Base64(Bytes bytes);

// '0' to '9', whatever the locale (std::isdigit depends on it).
inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// A number in decimal or with a 0x prefix (addresses, sizes, page sizes on the command line).
std::optional<std::uint64_t> ParseNumber(std::string_view text);
// "0x" and lower-case hex digits, without leading zeros ("0x0" for zero).
std::string HexNumber(std::uint64_t value);

// Appends `text`, keeping printable ASCII and valid UTF-8 sequences as they are and writing every
// other byte (controls, invalid UTF-8, backslash) as \xHH, so that names from hostile input cannot
// move the cursor of the terminal that shows them.
void AppendEscaped(std::string& out, std::string_view text);
// Whether `text` is valid UTF-8 (no overlongs, no surrogates); on failure sets *bad_at.
bool IsValidUtf8(std::string_view text, std::size_t* bad_at);

}  // namespace baton
