// SPDX-License-Identifier: GPL-2.0-or-later
// Hex, numbers and escaping.
#include "bootloader/core/text.h"

#include <cinttypes>
#include <cstdio>

#include <charconv>

namespace baton {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Length of the valid UTF-8 sequence at text[at], or 0 if it is not one.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  std::size_t length;
  std::uint32_t minimum;
  std::uint32_t code;
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2, minimum = 0x80, code = lead & 0x1fu;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3, minimum = 0x800, code = lead & 0x0fu;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4, minimum = 0x10000, code = lead & 0x07u;
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    unsigned char continuation = byte(at + i);
    if ((continuation & 0xc0) != 0x80) return 0;
    code = (code << 6) | (continuation & 0x3fu);
  }
  if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

}  // namespace

void AppendHex(std::string& out, Bytes bytes) {
  std::size_t at = out.size();
  out.resize(at + 2 * bytes.size());
  for (std::byte b : bytes) {
    auto value = static_cast<unsigned>(b);
    out[at++] = kHexDigits[value >> 4];
    out[at++] = kHexDigits[value & 0xf];
  }
}

std::string ToHex(Bytes bytes) {
  std::string out;
  AppendHex(out, bytes);
  return out;
}

std::optional<ByteBuffer> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  ByteBuffer out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int high = HexValue(hex[2 * i]);
    int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out[i] = static_cast<std::byte>(high * 16 + low);
  }
  return out;
}

std::string Base64(Bytes bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t left = bytes.size() - i;
    std::uint32_t group = std::to_integer<std::uint32_t>(bytes[i]) << 16;
    if (left > 1) group |= std::to_integer<std::uint32_t>(bytes[i + 1]) << 8;
    if (left > 2) group |= std::to_integer<std::uint32_t>(bytes[i + 2]);
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += left > 1 ? kAlphabet[(group >> 6) & 63] : '=';
    out += left > 2 ? kAlphabet[group & 63] : '=';
  }
  return out;
}

std::optional<std::uint64_t> ParseNumber(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

void AppendEscaped(std::string& out, std::string_view text) {
  std::size_t at = 0;
  while (at < text.size()) {
    auto c = static_cast<unsigned char>(text[at]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
      ++at;
      continue;
    }
    std::size_t length = c >= 0x80 ? Utf8SequenceLength(text, at) : 0;
    if (length > 1) {
      out.append(text.substr(at, length));
      at += length;
      continue;
    }
    out += "\\x";
    out += kHexDigits[c >> 4];
    out += kHexDigits[c & 0xf];
    ++at;
  }
}

bool IsValidUtf8(std::string_view text, std::size_t* bad_at) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t length = Utf8SequenceLength(text, at);
    if (length == 0) {
      if (bad_at != nullptr) *bad_at = at;
      return false;
    }
    at += length;
  }
  return true;
}

std::string HexNumber(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%" PRIx64, value);
  return text;
}

}  // namespace baton
