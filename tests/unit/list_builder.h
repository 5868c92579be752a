// SPDX-License-Identifier: GPL-2.0-or-later
// Builds measurement-list bytes by hand for tests, independently of the production writer:
// every integer is spelled out byte by byte in the requested order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"

namespace baton::testing {

class HandBytes {
 public:
  explicit HandBytes(ByteOrder order) : order_(order) {}

  HandBytes& U16(std::uint16_t value) { return Integer(value, 2); }
  HandBytes& U32(std::uint32_t value) { return Integer(value, 4); }
  HandBytes& U64(std::uint64_t value) { return Integer(value, 8); }
  HandBytes& Text(std::string_view text) {
    for (char c : text) bytes_.push_back(static_cast<std::byte>(c));
    return *this;
  }
  HandBytes& Raw(const ByteBuffer& raw) {
    bytes_.insert(bytes_.end(), raw.begin(), raw.end());
    return *this;
  }
  HandBytes& Repeat(std::uint8_t value, std::size_t count) {
    bytes_.insert(bytes_.end(), count, static_cast<std::byte>(value));
    return *this;
  }
  const ByteBuffer& bytes() const { return bytes_; }
  std::size_t size() const { return bytes_.size(); }

 private:
  HandBytes& Integer(std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) {
      int shift = order_ == ByteOrder::kLittle ? 8 * i : 8 * (width - 1 - i);
      bytes_.push_back(static_cast<std::byte>((value >> shift) & 0xff));
    }
    return *this;
  }
  ByteOrder order_;
  ByteBuffer bytes_;
};

// Template data of an ima-ng entry: u32 40, "sha256:\0" + digest, u32 len, name + NUL.
inline ByteBuffer ImaNgData(ByteOrder order, std::uint8_t digest_byte, std::string_view name) {
  HandBytes data(order);
  data.U32(40).Text("sha256:").Repeat(0, 1).Repeat(digest_byte, 32);
  data.U32(static_cast<std::uint32_t>(name.size() + 1)).Text(name).Repeat(0, 1);
  return data.bytes();
}

// One whole entry with an arbitrary template digest byte (0 = violation).
inline ByteBuffer Entry(ByteOrder order, std::uint32_t pcr, std::uint8_t template_digest_byte,
                        std::string_view template_name, const ByteBuffer& data) {
  HandBytes entry(order);
  entry.U32(pcr).Repeat(template_digest_byte, 20);
  entry.U32(static_cast<std::uint32_t>(template_name.size())).Text(template_name);
  entry.U32(static_cast<std::uint32_t>(data.size())).Raw(data);
  return entry.bytes();
}

inline ByteBuffer Concat(std::initializer_list<ByteBuffer> parts) {
  ByteBuffer out;
  for (const ByteBuffer& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

}  // namespace baton::testing
