// SPDX-License-Identifier: GPL-2.0-or-later
// The strict JSON reader: a recursive-descent parser over a string_view with a depth limit.
#include "bootloader/core/json_reader.h"

#include <algorithm>
#include <charconv>

#include "bootloader/core/text.h"

namespace baton {
namespace {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  Result<JsonValue> Document() {
    SkipSpace();
    JsonValue value = BATON_TRY(Value(0));
    SkipSpace();
    if (at_ != text_.size()) return Fail("text after the JSON value");
    return value;
  }

 private:
  Error Fail(const char* message) const {
    return Error::AtOffset(ErrorCode::kInvalidArgument, message, at_);
  }
  bool AtEnd() const { return at_ >= text_.size(); }
  char Peek() const { return text_[at_]; }
  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r')) ++at_;
  }
  bool Literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  Result<JsonValue> Value(std::size_t depth) {
    if (depth >= kJsonMaxDepth) return Fail("JSON nested too deep");
    if (AtEnd()) return Fail("JSON ends where a value was expected");
    char c = Peek();
    if (c == '{') return Object(depth);
    if (c == '[') return Array(depth);
    if (c == '"') {
      std::string text = BATON_TRY(String());
      return JsonValue::MakeString(std::move(text));
    }
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    if (Literal("true")) return JsonValue::MakeBool(true);
    if (Literal("false")) return JsonValue::MakeBool(false);
    if (Literal("null")) return JsonValue();
    return Fail("not a JSON value");
  }

  Result<JsonValue> Object(std::size_t depth) {
    ++at_;  // '{'
    std::vector<std::pair<std::string, JsonValue>> members;
    SkipSpace();
    if (!AtEnd() && Peek() == '}') {
      ++at_;
      return JsonValue::MakeObject(std::move(members));
    }
    while (true) {
      SkipSpace();
      if (AtEnd() || Peek() != '"') return Fail("object key expected");
      std::size_t key_at = at_;
      std::string key = BATON_TRY(String());
      for (const auto& member : members) {
        if (member.first == key) {
          return Error::AtOffset(ErrorCode::kInvalidArgument, "duplicate object key", key_at);
        }
      }
      SkipSpace();
      if (AtEnd() || Peek() != ':') return Fail("':' expected after an object key");
      ++at_;
      SkipSpace();
      JsonValue value = BATON_TRY(Value(depth + 1));
      members.emplace_back(std::move(key), std::move(value));
      SkipSpace();
      if (AtEnd()) return Fail("JSON ends inside an object");
      if (Peek() == ',') {
        ++at_;
        continue;
      }
      if (Peek() == '}') {
        ++at_;
        return JsonValue::MakeObject(std::move(members));
      }
      return Fail("',' or '}' expected in an object");
    }
  }

  Result<JsonValue> Array(std::size_t depth) {
    ++at_;  // '['
    std::vector<JsonValue> items;
    SkipSpace();
    if (!AtEnd() && Peek() == ']') {
      ++at_;
      return JsonValue::MakeArray(std::move(items));
    }
    while (true) {
      SkipSpace();
      JsonValue item = BATON_TRY(Value(depth + 1));
      items.push_back(std::move(item));
      SkipSpace();
      if (AtEnd()) return Fail("JSON ends inside an array");
      if (Peek() == ',') {
        ++at_;
        continue;
      }
      if (Peek() == ']') {
        ++at_;
        return JsonValue::MakeArray(std::move(items));
      }
      return Fail("',' or ']' expected in an array");
    }
  }

  Result<JsonValue> Number() {
    std::size_t start = at_;
    auto digits = [&] {
      std::size_t first = at_;
      while (!AtEnd() && Peek() >= '0' && Peek() <= '9') ++at_;
      return at_ - first;
    };
    if (Peek() == '-') ++at_;
    if (AtEnd()) return Fail("number without digits");
    if (Peek() == '0') {
      ++at_;
    } else if (digits() == 0) {
      return Fail("number without digits");
    }
    if (!AtEnd() && Peek() == '.') {
      ++at_;
      if (digits() == 0) return Fail("fraction without digits");
    }
    if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
      ++at_;
      if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++at_;
      if (digits() == 0) return Fail("exponent without digits");
    }
    return JsonValue::MakeNumber(std::string(text_.substr(start, at_ - start)));
  }

  Result<std::uint32_t> Hex4() {
    if (text_.size() - at_ < 4) return Fail("\\u escape needs four hex digits");
    std::uint32_t value = 0;
    auto [end, error] = std::from_chars(text_.data() + at_, text_.data() + at_ + 4, value, 16);
    if (error != std::errc() || end != text_.data() + at_ + 4) {
      return Fail("\\u escape needs four hex digits");
    }
    at_ += 4;
    return value;
  }

  static void AppendUtf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xc0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    }
  }

  Result<std::string> String() {
    ++at_;  // '"'
    std::string out;
    std::size_t run_start = at_;
    while (true) {
      if (AtEnd()) return Fail("JSON ends inside a string");
      char c = Peek();
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in a string");
      if (c != '\\') {
        ++at_;
        continue;
      }
      out.append(text_.substr(run_start, at_ - run_start));
      ++at_;
      if (AtEnd()) return Fail("JSON ends inside an escape");
      char escape = Peek();
      ++at_;
      switch (escape) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t code = BATON_TRY(Hex4());
          if (code >= 0xdc00 && code <= 0xdfff) return Fail("unpaired low surrogate");
          if (code >= 0xd800 && code <= 0xdbff) {
            if (!Literal("\\u")) return Fail("unpaired high surrogate");
            std::uint32_t low = BATON_TRY(Hex4());
            if (low < 0xdc00 || low > 0xdfff) return Fail("unpaired high surrogate");
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          }
          AppendUtf8(out, code);
          break;
        }
        default:
          return Fail("unknown escape in a string");
      }
      run_start = at_;
    }
    out.append(text_.substr(run_start, at_ - run_start));
    std::size_t bad_at = 0;
    if (!IsValidUtf8(out, &bad_at)) return Fail("string is not valid UTF-8");
    ++at_;  // closing '"'
    return out;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

JsonValue JsonValue::MakeBool(bool value) {
  JsonValue made;
  made.kind_ = JsonKind::kBool;
  made.boolean_ = value;
  return made;
}
JsonValue JsonValue::MakeNumber(std::string text) {
  JsonValue made;
  made.kind_ = JsonKind::kNumber;
  made.text_ = std::move(text);
  return made;
}
JsonValue JsonValue::MakeString(std::string text) {
  JsonValue made;
  made.kind_ = JsonKind::kString;
  made.text_ = std::move(text);
  return made;
}
JsonValue JsonValue::MakeArray(std::vector<JsonValue> items) {
  JsonValue made;
  made.kind_ = JsonKind::kArray;
  made.items_ = std::move(items);
  return made;
}
JsonValue JsonValue::MakeObject(std::vector<std::pair<std::string, JsonValue>> members) {
  JsonValue made;
  made.kind_ = JsonKind::kObject;
  made.members_ = std::move(members);
  return made;
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& member : members_) {
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

std::optional<std::int64_t> JsonValue::Integer() const {
  if (kind_ != JsonKind::kNumber) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text_.data(), text_.data() + text_.size(), value);
  if (error != std::errc() || end != text_.data() + text_.size()) return std::nullopt;
  return value;
}

Result<JsonValue> ParseJson(std::string_view text) { return JsonParser(text).Document(); }

}  // namespace baton
