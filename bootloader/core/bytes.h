// SPDX-License-Identifier: GPL-2.0-or-later
// Bounds-checked byte reader and writer that name the byte order on every integer access.
//
// No struct is ever laid over untrusted bytes: integers are assembled from bytes here, so the
// same code gives the same answer on little-endian x86, ppc64le and big-endian ppc64.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "bootloader/core/result.h"

namespace baton {

enum class ByteOrder : std::uint8_t { kLittle, kBig };

// The byte order of the CPU this code runs on.
constexpr ByteOrder NativeByteOrder() {
  return std::endian::native == std::endian::big ? ByteOrder::kBig : ByteOrder::kLittle;
}

using Bytes = std::span<const std::byte>;
using ByteBuffer = std::vector<std::byte>;

inline Bytes AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::byte*>(text.data()), text.size()};
}
// Whether every byte is zero (true for no bytes).
inline bool AllZero(Bytes bytes) {
  for (std::byte b : bytes) {
    if (b != std::byte{0}) return false;
  }
  return true;
}

inline std::string_view AsText(Bytes bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

template <typename T>
constexpr T ByteSwap(T value) {
  static_assert(std::is_unsigned_v<T>);
  if constexpr (sizeof(T) == 1) {
    return value;
  } else if constexpr (sizeof(T) == 2) {
    return __builtin_bswap16(value);
  } else if constexpr (sizeof(T) == 4) {
    return __builtin_bswap32(value);
  } else {
    static_assert(sizeof(T) == 8);
    return __builtin_bswap64(value);
  }
}

// Loads and stores of unsigned integers at a pointer, in a named byte order. The caller has
// already checked the bounds.
template <typename T>
inline T LoadUnsigned(const std::byte* at, ByteOrder order) {
  static_assert(std::is_unsigned_v<T>);
  T value;
  std::memcpy(&value, at, sizeof value);
  if ((order == ByteOrder::kBig) != (std::endian::native == std::endian::big)) {
    value = ByteSwap(value);
  }
  return value;
}
template <typename T>
inline void StoreUnsigned(std::byte* at, T value, ByteOrder order) {
  static_assert(std::is_unsigned_v<T>);
  if ((order == ByteOrder::kBig) != (std::endian::native == std::endian::big)) {
    value = ByteSwap(value);
  }
  std::memcpy(at, &value, sizeof value);
}

// Reads from a span front to back. Every read checks the bounds and reports the offset of the
// field that did not fit. The reader never owns the bytes.
class ByteReader {
 public:
  explicit ByteReader(Bytes bytes) : bytes_(bytes) {}

  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return bytes_.size() - offset_; }
  bool empty() const { return remaining() == 0; }

  Result<std::uint8_t> ReadU8() {
    if (remaining() < 1) return Truncated();
    return static_cast<std::uint8_t>(bytes_[offset_++]);
  }
  Result<std::uint16_t> ReadU16(ByteOrder order) { return Read<std::uint16_t>(order); }
  Result<std::uint32_t> ReadU32(ByteOrder order) { return Read<std::uint32_t>(order); }
  Result<std::uint64_t> ReadU64(ByteOrder order) { return Read<std::uint64_t>(order); }

  // A view of the next `size` bytes; the reader moves past them.
  Result<Bytes> ReadBytes(std::uint64_t size) {
    if (size > remaining()) return Truncated();
    Bytes view = bytes_.subspan(offset_, static_cast<std::size_t>(size));
    offset_ += static_cast<std::size_t>(size);
    return view;
  }
  Result<void> Skip(std::uint64_t size) {
    if (size > remaining()) return Truncated();
    offset_ += static_cast<std::size_t>(size);
    return Ok();
  }

 private:
  template <typename T>
  Result<T> Read(ByteOrder order) {
    if (remaining() < sizeof(T)) return Truncated();
    T value = LoadUnsigned<T>(bytes_.data() + offset_, order);
    offset_ += sizeof(T);
    return value;
  }
  Error Truncated() const {
    return Error::AtOffset(ErrorCode::kTruncated, "input ends inside a field", offset_);
  }

  Bytes bytes_;
  std::size_t offset_ = 0;
};

// Appends to a growing buffer in a named byte order.
class ByteWriter {
 public:
  explicit ByteWriter(ByteBuffer& out) : out_(out) {}

  void WriteU8(std::uint8_t value) { out_.push_back(static_cast<std::byte>(value)); }
  void WriteU16(std::uint16_t value, ByteOrder order) { Write(value, order); }
  void WriteU32(std::uint32_t value, ByteOrder order) { Write(value, order); }
  void WriteU64(std::uint64_t value, ByteOrder order) { Write(value, order); }
  void WriteBytes(Bytes bytes) { out_.insert(out_.end(), bytes.begin(), bytes.end()); }
  void WriteZeros(std::size_t count) { out_.insert(out_.end(), count, std::byte{0}); }
  std::size_t size() const { return out_.size(); }

 private:
  template <typename T>
  void Write(T value, ByteOrder order) {
    std::size_t at = out_.size();
    out_.resize(at + sizeof(T));
    StoreUnsigned<T>(out_.data() + at, value, order);
  }

  ByteBuffer& out_;
};

}  // namespace baton
