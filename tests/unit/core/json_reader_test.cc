// SPDX-License-Identifier: GPL-2.0-or-later
// The strict JSON reader: valid documents, every rule it enforces, and hostile input.
#include <string>

#include "bootloader/core/json_reader.h"
#include "tests/unit/core/json_difference.h"

#include "tests/unit/harness.h"

using namespace baton;

TEST_GROUP(JsonReader){};

TEST(JsonReader, ReadsEveryKind) {
  auto value = ParseJson(
      R"( {"a": [1, -2.5e3, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} )");
  CHECK(value.has_value());
  CHECK(value->kind() == JsonKind::kObject);
  const JsonValue* a = value->Find("a");
  CHECK(a != nullptr);
  UNSIGNED_LONGS_EQUAL(5, a->items().size());
  CHECK(a->items()[0].Integer() == 1);
  STRCMP_EQUAL("-2.5e3", a->items()[1].text().c_str());
  CHECK_FALSE(a->items()[1].Integer().has_value());
  CHECK(a->items()[2].boolean());
  CHECK(a->items()[4].kind() == JsonKind::kNull);
  STRCMP_EQUAL("x\"\\/\n\xc3\xa9\xf0\x9f\x98\x80", value->Find("b")->text().c_str());
  CHECK(value->Find("missing") == nullptr);
}

TEST(JsonReader, RefusesWhatRfc8259Refuses) {
  for (
      const char* bad :
      {"",    " ",     "{",       "[1,]",      "{\"a\":1,}",  "{\"a\" 1}",        "01",       "1.",
       "-",   "1e",    "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",      "\"a\nb\"", "tru",
       "nul", "[1] 2", "{1:2}",   "'a'",       "\"\xff\"",    "{\"a\":1,\"a\":2}"}) {
    CHECK_TEXT(!ParseJson(bad).has_value(), bad);
  }
}

TEST(JsonReader, ErrorsNameTheOffset) {
  auto value = ParseJson("[1, 2, x]");
  CHECK_FALSE(value.has_value());
  CHECK(value.error().location() == Location::kOffset);
  UNSIGNED_LONGS_EQUAL(7, value.error().position());
}

TEST(JsonReader, NestingIsLimited) {
  std::string deep(kJsonMaxDepth + 1, '[');
  deep += std::string(kJsonMaxDepth + 1, ']');
  CHECK_FALSE(ParseJson(deep).has_value());
  std::string fine(kJsonMaxDepth - 1, '[');
  fine += std::string(kJsonMaxDepth - 1, ']');
  CHECK(ParseJson(fine).has_value());
}

TEST(JsonReader, TruncationAtEveryLengthIsAnError) {
  std::string text = R"({"sda2": {"uuid": "5f8d", "label": "boot", "priority": 10}})";
  CHECK(ParseJson(text).has_value());
  for (std::size_t length = 0; length < text.size(); ++length) {
    CHECK_FALSE(ParseJson(text.substr(0, length)).has_value());
  }
}

TEST(JsonReader, EqualityIgnoresMemberOrderAndNamesTheDifference) {
  auto left = ParseJson(R"({"a": 1, "b": [true, "x"]})");
  auto right = ParseJson(R"({"b": [true, "x"], "a": 1})");
  auto other = ParseJson(R"({"b": [true, "y"], "a": 1})");
  CHECK(*left == *right);
  CHECK_FALSE(*left == *other);
  STRCMP_EQUAL("$.b[1]: expected \"x\", found \"y\"", JsonDifference(*left, *other).c_str());
}
