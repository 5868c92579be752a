// SPDX-License-Identifier: GPL-2.0-or-later
// JSON writer.
#include "bootloader/core/json.h"

#include <cstdio>

#include "bootloader/core/text.h"

namespace baton {

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_in_scope_.empty()) {
    if (!first_in_scope_.back()) out_ += ',';
    first_in_scope_.back() = false;
  }
}

void JsonWriter::AppendString(std::string_view value) {
  out_ += '"';
  std::size_t at = 0;
  while (at < value.size()) {
    auto c = static_cast<unsigned char>(value[at]);
    if (c == '"' || c == '\\') {
      out_ += '\\';
      out_ += static_cast<char>(c);
      ++at;
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out_ += escaped;
      ++at;
    } else if (c < 0x80) {
      out_ += static_cast<char>(c);
      ++at;
    } else {
      std::size_t bad_at = 0;
      // Take the longest valid UTF-8 run from here, byte by byte for invalid bytes.
      std::size_t end = at + 1;
      while (end < value.size() && static_cast<unsigned char>(value[end]) >= 0x80 &&
             (static_cast<unsigned char>(value[end]) & 0xc0) == 0x80) {
        ++end;
      }
      std::string_view run = value.substr(at, end - at);
      if (IsValidUtf8(run, &bad_at)) {
        out_.append(run);
        at = end;
      } else {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
        out_ += escaped;
        ++at;
      }
    }
  }
  out_ += '"';
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  first_in_scope_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  out_ += '}';
  first_in_scope_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  first_in_scope_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  out_ += ']';
  first_in_scope_.pop_back();
  return *this;
}
JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendString(key);
  out_ += ':';
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendString(value);
  return *this;
}
JsonWriter& JsonWriter::Number(std::uint64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}
JsonWriter& JsonWriter::SignedNumber(std::int64_t value) {
  BeforeValue();
  out_ += std::to_string(value);
  return *this;
}
JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ += value ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

}  // namespace baton
