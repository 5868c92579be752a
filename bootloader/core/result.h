// SPDX-License-Identifier: GPL-2.0-or-later
// Result<T>: a value or an Error. The API is a subset of C++23 std::expected.
//
// Nothing in baton throws. Functions that can fail return Result<T>; callers propagate with
// BATON_TRY, which is a GNU statement expression (g++ and clang both accept it).
#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "bootloader/core/error.h"

namespace baton {

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return *std::get_if<0>(&state_); }
  const T& value() const& { return *std::get_if<0>(&state_); }
  T&& value() && { return std::move(*std::get_if<0>(&state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { return *std::get_if<1>(&state_); }
  const Error& error() const& { return *std::get_if<1>(&state_); }
  Error&& error() && { return std::move(*std::get_if<1>(&state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::in_place, std::move(error)) {}  // NOLINT

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  void value() const {}

  Error& error() & { return *error_; }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

inline Result<void> Ok() { return {}; }

}  // namespace baton

// Evaluates a Result expression; on error returns the error from the enclosing function,
// otherwise yields the value.
#define BATON_TRY(expression)                                                        \
  ({                                                                                 \
    auto&& baton_try_result_ = (expression);                                         \
    if (!baton_try_result_.has_value()) return std::move(baton_try_result_).error(); \
    std::move(baton_try_result_).value();                                            \
  })
