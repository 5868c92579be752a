// SPDX-License-Identifier: GPL-2.0-or-later
// Builds small flattened device trees by hand for tests that cannot use dtc (the cross-built
// runner): header, reservation block, structure block and strings, all big-endian.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tests/unit/list_builder.h"

namespace baton::testing {

class FdtBuilder {
 public:
  FdtBuilder& Reserve(std::uint64_t address, std::uint64_t size) {
    reservations_.emplace_back(address, size);
    return *this;
  }
  FdtBuilder& BeginNode(const std::string& name) {
    structure_.U32(1).Text(name).Repeat(0, 1);
    Pad();
    return *this;
  }
  FdtBuilder& EndNode() {
    structure_.U32(2);
    return *this;
  }
  FdtBuilder& Property(const std::string& name, const ByteBuffer& value) {
    std::uint32_t offset = static_cast<std::uint32_t>(strings_.size());
    strings_ += name;
    strings_ += '\0';
    structure_.U32(3).U32(static_cast<std::uint32_t>(value.size())).U32(offset).Raw(value);
    Pad();
    return *this;
  }
  ByteBuffer Finish() {
    structure_.U32(9);
    HandBytes reservations(ByteOrder::kBig);
    for (auto [address, size] : reservations_) reservations.U64(address).U64(size);
    reservations.U64(0).U64(0);
    const std::uint32_t header = 40;
    const std::uint32_t reservations_at = 40;  // 8-aligned
    const std::uint32_t struct_at =
        reservations_at + static_cast<std::uint32_t>(reservations.size());
    const std::uint32_t strings_at = struct_at + static_cast<std::uint32_t>(structure_.size());
    const std::uint32_t total = strings_at + static_cast<std::uint32_t>(strings_.size());
    HandBytes blob(ByteOrder::kBig);
    blob.U32(0xd00dfeed).U32(total).U32(struct_at).U32(strings_at).U32(reservations_at);
    blob.U32(17).U32(16).U32(0).U32(static_cast<std::uint32_t>(strings_.size()));
    blob.U32(static_cast<std::uint32_t>(structure_.size()));
    (void)header;
    blob.Raw(reservations.bytes()).Raw(structure_.bytes()).Text(strings_);
    return blob.bytes();
  }

 private:
  void Pad() {
    while (structure_.size() % 4 != 0) structure_.Repeat(0, 1);
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> reservations_;
  HandBytes structure_{ByteOrder::kBig};
  std::string strings_;
};

}  // namespace baton::testing
