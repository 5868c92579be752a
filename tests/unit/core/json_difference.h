// SPDX-License-Identifier: GPL-2.0-or-later
// Comparing JSON documents in tests (the corpus's expected.json against baton's output): where two
// values first differ, as a path, and structural equality (object members in any order, numbers
// by their text). Test code: baton itself never compares documents.
#pragma once

#include <algorithm>
#include <string>

#include "bootloader/core/json_reader.h"

namespace baton {
namespace json_difference {

inline void Describe(const JsonValue& expected, const JsonValue& actual, const std::string& path,
                     std::string& out) {
  if (!out.empty()) return;
  if (expected.kind() != actual.kind()) {
    out = path + " (different kinds)";
    return;
  }
  switch (expected.kind()) {
    case JsonKind::kNull:
      return;
    case JsonKind::kBool:
      if (expected.boolean() != actual.boolean()) out = path;
      return;
    case JsonKind::kNumber:
    case JsonKind::kString:
      if (expected.text() != actual.text()) {
        out = path + ": expected \"" + expected.text() + "\", found \"" + actual.text() + "\"";
      }
      return;
    case JsonKind::kArray: {
      std::size_t common = std::min(expected.items().size(), actual.items().size());
      for (std::size_t i = 0; i < common && out.empty(); ++i) {
        Describe(expected.items()[i], actual.items()[i], path + "[" + std::to_string(i) + "]", out);
      }
      if (out.empty() && expected.items().size() != actual.items().size()) {
        out = path + ": expected " + std::to_string(expected.items().size()) + " items, found " +
              std::to_string(actual.items().size());
      }
      return;
    }
    case JsonKind::kObject:
      for (const auto& [key, value] : expected.members()) {
        const JsonValue* other = actual.Find(key);
        if (other == nullptr) {
          out = path + "." + key + " missing";
          return;
        }
        Describe(value, *other, path + "." + key, out);
      }
      for (const auto& member : actual.members()) {
        if (out.empty() && expected.Find(member.first) == nullptr) {
          out = path + "." + member.first + " unexpected";
        }
      }
      return;
  }
}

}  // namespace json_difference

// The first place two values differ, as a path ("$.options[3].name"), or "" when equal.
inline std::string JsonDifference(const JsonValue& expected, const JsonValue& actual) {
  std::string out;
  json_difference::Describe(expected, actual, "$", out);
  return out;
}

inline bool operator==(const JsonValue& left, const JsonValue& right) {
  return JsonDifference(left, right).empty();
}

}  // namespace baton
