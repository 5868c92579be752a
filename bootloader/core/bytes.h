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
//
// Offsets are in the terms of the whole input: a reader over part of it is made with the offset
// of that part (`base`), so that errors found in the part name the position in the input.
//
// Read* return Result, with the reader's own error. TryRead* are the same reads for a parser that
// words each field's error itself: they answer false and leave the reader and `value` as they
// were (offset() still names the field). They have no error to build or destroy, so in a hot loop
// (the IMA walker) a read costs a compare and a load.
class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(Bytes bytes) : bytes_(bytes) {}
  ByteReader(Bytes bytes, std::uint64_t base) : bytes_(bytes), base_(base) {}

  // The offset of the next byte to read.
  std::uint64_t offset() const { return base_ + position_; }
  std::size_t remaining() const { return bytes_.size() - position_; }
  bool empty() const { return remaining() == 0; }
  // The bytes not read yet (a view; the reader does not move).
  Bytes rest() const { return bytes_.subspan(position_); }

  Result<std::uint8_t> ReadU8() { return Read<std::uint8_t>(ByteOrder::kBig); }
  Result<std::uint16_t> ReadU16(ByteOrder order) { return Read<std::uint16_t>(order); }
  Result<std::uint32_t> ReadU32(ByteOrder order) { return Read<std::uint32_t>(order); }
  Result<std::uint64_t> ReadU64(ByteOrder order) { return Read<std::uint64_t>(order); }
  // A view of the next `size` bytes; the reader moves past them.
  Result<Bytes> ReadBytes(std::uint64_t size) {
    Bytes view;
    if (!TryReadBytes(size, view)) return Truncated<Bytes>();
    return view;
  }
  // A view of the bytes before the next `terminator`; the reader moves past the terminator.
  // The error, when no terminator follows, names the offset the read started at.
  Result<Bytes> ReadUntil(std::byte terminator) {
    const Bytes tail = rest();
    for (std::size_t i = 0; i < tail.size(); ++i) {
      if (tail[i] == terminator) {
        position_ += i + 1;
        return tail.first(i);
      }
    }
    return Truncated<Bytes>();
  }
  Result<void> Skip(std::uint64_t size) {
    if (size > remaining()) return Truncated<void>();
    position_ += static_cast<std::size_t>(size);
    return Ok();
  }
  // Skips to the next offset that is a multiple of `alignment` (a power of two).
  Result<void> Align(std::uint64_t alignment) {
    return Skip(((offset() + alignment - 1) & ~(alignment - 1)) - offset());
  }
  // A reader over `size` bytes at `offset` (in this reader's terms, like offset()), from their
  // start; this reader does not move. For a part of the input found through an offset field.
  Result<ByteReader> SubReaderAt(std::uint64_t offset, std::uint64_t size) const {
    if (offset < base_ || offset - base_ > bytes_.size() ||
        size > bytes_.size() - (offset - base_)) {
      return TruncatedAt<ByteReader>(offset);
    }
    return ByteReader(
        bytes_.subspan(static_cast<std::size_t>(offset - base_), static_cast<std::size_t>(size)),
        offset);
  }

  [[nodiscard]] bool TryReadU8(std::uint8_t& value) { return TryRead(ByteOrder::kBig, value); }
  [[nodiscard]] bool TryReadU16(ByteOrder order, std::uint16_t& value) {
    return TryRead(order, value);
  }
  [[nodiscard]] bool TryReadU32(ByteOrder order, std::uint32_t& value) {
    return TryRead(order, value);
  }
  [[nodiscard]] bool TryReadU64(ByteOrder order, std::uint64_t& value) {
    return TryRead(order, value);
  }
  [[nodiscard]] bool TryReadBytes(std::uint64_t size, Bytes& value) {
    if (size > remaining()) return false;
    value = bytes_.subspan(position_, static_cast<std::size_t>(size));
    position_ += static_cast<std::size_t>(size);
    return true;
  }
  // The next `size` bytes as a reader of their own (offsets continue this reader's). Reading a
  // fixed-size header this way lets the compiler drop the bounds checks of its fields.
  [[nodiscard]] bool TryReadSubReader(std::uint64_t size, ByteReader& value) {
    const std::uint64_t at = offset();
    Bytes view;
    if (!TryReadBytes(size, view)) return false;
    value = ByteReader(view, at);
    return true;
  }

 private:
  template <typename T>
  bool TryRead(ByteOrder order, T& value) {
    if (remaining() < sizeof(T)) return false;
    value = LoadUnsigned<T>(bytes_.data() + position_, order);
    position_ += sizeof(T);
    return true;
  }
  template <typename T>
  Result<T> Read(ByteOrder order) {
    T value{};
    if (!TryRead(order, value)) return Truncated<T>();
    return value;
  }
  template <typename T>
  Result<T> Truncated() const {
    return TruncatedAt<T>(offset());
  }
  // Out of line and cold: the error path stays out of the reads that inline.
  template <typename T>
  [[gnu::cold, gnu::noinline]] static Result<T> TruncatedAt(std::uint64_t offset) {
    return Error::AtOffset(ErrorCode::kTruncated, "input ends inside a field", offset);
  }

  Bytes bytes_;
  std::uint64_t base_ = 0;
  std::size_t position_ = 0;
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
