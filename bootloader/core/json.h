// SPDX-License-Identifier: GPL-2.0-or-later
// A small JSON writer: one document, built front to back, strings escaped (bytes that are not
// valid UTF-8 become \u00XX of the byte, so the document is always valid).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Number(std::uint64_t value);
  JsonWriter& SignedNumber(std::int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

  const std::string& text() const { return out_; }

 private:
  void BeforeValue();
  void AppendString(std::string_view value);

  std::string out_;
  std::vector<bool> first_in_scope_;
  bool after_key_ = false;
};

}  // namespace baton
