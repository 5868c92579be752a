// SPDX-License-Identifier: GPL-2.0-or-later
// A small strict JSON reader (RFC 8259) for the few documents baton reads, such as a simulated
// machine's devices.json. Input is untrusted: every error is a Result with the byte offset, never
// an assert; nesting is limited so hostile input cannot exhaust the stack.
//
// Strict means: one value with optional white space around it, no comments, no trailing commas,
// no duplicate object keys, strings in valid UTF-8 with \u escapes (surrogates paired), numbers
// in the RFC grammar. Numbers are kept as their text; callers convert what they expect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bootloader/core/result.h"

namespace baton {

enum class JsonKind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

class JsonValue {
 public:
  JsonValue() = default;
  static JsonValue MakeBool(bool value);
  static JsonValue MakeNumber(std::string text);
  static JsonValue MakeString(std::string text);
  static JsonValue MakeArray(std::vector<JsonValue> items);
  static JsonValue MakeObject(std::vector<std::pair<std::string, JsonValue>> members);

  JsonKind kind() const { return kind_; }
  bool boolean() const { return boolean_; }
  // The string's decoded text, or a number's literal text.
  const std::string& text() const { return text_; }
  const std::vector<JsonValue>& items() const { return items_; }
  // Members in document order.
  const std::vector<std::pair<std::string, JsonValue>>& members() const { return members_; }

  // The member named `key` of an object, or nullptr (also when this is not an object).
  const JsonValue* Find(std::string_view key) const;
  // A number that is an integer within int64; nullopt for anything else.
  std::optional<std::int64_t> Integer() const;

 private:
  JsonKind kind_ = JsonKind::kNull;
  bool boolean_ = false;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

inline constexpr std::size_t kJsonMaxDepth = 64;

// Parses one JSON document. Errors: kInvalidArgument at the offending byte offset.
Result<JsonValue> ParseJson(std::string_view text);

}  // namespace baton
