// SPDX-License-Identifier: GPL-2.0-or-later
// A self-contained test runner with CppUTest's macro names, for cross builds where CppUTest is
// not available (big-endian ppc64). Prints CppUTest's summary line so tests/run_checks.sh
// counts it the same way.
#pragma once

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace mini_test {

struct Failure {};

struct TestBase {
  virtual ~TestBase() = default;
  virtual void setup() {}
  virtual void teardown() {}
  virtual void testBody() = 0;
};

struct Registered {
  const char* group;
  const char* name;
  std::function<TestBase*()> make;
};

inline std::vector<Registered>& Registry() {
  static std::vector<Registered> tests;
  return tests;
}
inline long& Checks() {
  static long checks = 0;
  return checks;
}

struct Registrar {
  Registrar(const char* group, const char* name, std::function<TestBase*()> make) {
    Registry().push_back({group, name, std::move(make)});
  }
};

[[noreturn]] inline void Fail(const char* file, int line, const std::string& what) {
  std::printf("%s:%d: error: %s\n", file, line, what.c_str());
  throw Failure{};
}

inline int RunAll() {
  int failures = 0;
  for (const Registered& test : Registry()) {
    TestBase* instance = test.make();
    try {
      instance->setup();
      instance->testBody();
      instance->teardown();
    } catch (const Failure&) {
      std::printf("  in TEST(%s, %s)\n", test.group, test.name);
      ++failures;
    }
    delete instance;
  }
  std::size_t count = Registry().size();
  if (failures == 0) {
    std::printf("OK (%zu tests, %zu ran, %ld checks, 0 ignored, 0 filtered out, 0 ms)\n", count,
                count, Checks());
  } else {
    std::printf(
        "Errors (%d failures, %zu tests, %zu ran, %ld checks, 0 ignored, 0 filtered out, 0 ms)\n",
        failures, count, count, Checks());
  }
  return failures;
}

}  // namespace mini_test

#define TEST_GROUP(group) struct MiniGroup_##group : mini_test::TestBase
#define TEST(group, name)                                                                     \
  struct MiniTest_##group##_##name final : MiniGroup_##group {                                \
    void testBody() override;                                                                 \
  };                                                                                          \
  static mini_test::Registrar mini_registrar_##group##_##name(                                \
      #group, #name, []() -> mini_test::TestBase* { return new MiniTest_##group##_##name; }); \
  void MiniTest_##group##_##name::testBody()

#define MINI_CHECK_IMPL(condition, text)                         \
  do {                                                           \
    ++mini_test::Checks();                                       \
    if (!(condition)) mini_test::Fail(__FILE__, __LINE__, text); \
  } while (0)
#define CHECK(condition) MINI_CHECK_IMPL((condition), "CHECK(" #condition ") failed")
#define CHECK_TRUE(condition) CHECK(condition)
#define CHECK_FALSE(condition) MINI_CHECK_IMPL(!(condition), "CHECK_FALSE(" #condition ") failed")
#define CHECK_TEXT(condition, text) MINI_CHECK_IMPL((condition), text)
#define LONGS_EQUAL(expected, actual)                                                 \
  MINI_CHECK_IMPL((long long)(expected) == (long long)(actual),                       \
                  "expected " + std::to_string((long long)(expected)) + " but was " + \
                      std::to_string((long long)(actual)))
#define UNSIGNED_LONGS_EQUAL(expected, actual)                                                 \
  MINI_CHECK_IMPL((unsigned long long)(expected) == (unsigned long long)(actual),              \
                  "expected " + std::to_string((unsigned long long)(expected)) + " but was " + \
                      std::to_string((unsigned long long)(actual)))
#define STRCMP_EQUAL(expected, actual)                    \
  MINI_CHECK_IMPL(std::strcmp((expected), (actual)) == 0, \
                  std::string("expected <") + (expected) + "> but was <" + (actual) + ">")
#define MEMCMP_EQUAL(expected, actual, size) \
  MINI_CHECK_IMPL(std::memcmp((expected), (actual), (size)) == 0, "MEMCMP_EQUAL failed")
#define FAIL(text) mini_test::Fail(__FILE__, __LINE__, text)
