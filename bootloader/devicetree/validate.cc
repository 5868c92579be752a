// SPDX-License-Identifier: GPL-2.0-or-later
// Flattened device-tree structural validation.
#include "bootloader/devicetree/validate.h"

#include <string>

namespace baton::devicetree {
namespace {

constexpr std::uint32_t kTokenBeginNode = 1;
constexpr std::uint32_t kTokenEndNode = 2;
constexpr std::uint32_t kTokenProperty = 3;
constexpr std::uint32_t kTokenNop = 4;
constexpr std::uint32_t kTokenEnd = 9;

std::uint32_t Be32(Bytes blob, std::uint64_t at) {
  return LoadUnsigned<std::uint32_t>(blob.data() + at, ByteOrder::kBig);
}

Error Bad(const char* message, std::uint64_t at) {
  return Error::AtOffset(ErrorCode::kInvalidArgument, message, at);
}

std::uint64_t Align4(std::uint64_t value) { return (value + 3) & ~std::uint64_t{3}; }

}  // namespace

Result<TreeFacts> ValidateTree(Bytes blob) {
  if (blob.size() < kFdtHeaderSizeV16) return Bad("device tree is smaller than its header", 0);
  if (Be32(blob, 0) != kFdtMagic) return Bad("not a flattened device tree (bad magic)", 0);
  TreeFacts facts;
  facts.total_size = Be32(blob, 4);
  const std::uint64_t total = facts.total_size;
  if (total < kFdtHeaderSizeV16 || total > blob.size() || total > kMaxTreeSize) {
    return Bad("totalsize is outside the blob", 4);
  }
  const std::uint64_t struct_offset = Be32(blob, 8);
  const std::uint64_t strings_offset = Be32(blob, 12);
  const std::uint64_t reservations_offset = Be32(blob, 16);
  facts.version = Be32(blob, 20);
  const std::uint32_t last_compatible = Be32(blob, 24);
  facts.boot_cpuid = Be32(blob, 28);
  const std::uint64_t strings_size = Be32(blob, 32);
  // Linux's prom_init writes version 16 (no size_dt_struct); dtc and libfdt write 17.
  if (facts.version < 16 || last_compatible > 17 || last_compatible > facts.version) {
    return Bad("device tree version is not 16 or 17 (or compatible with them)", 20);
  }
  const std::uint64_t header_size = facts.version >= 17 ? kFdtHeaderSize : kFdtHeaderSizeV16;
  if (total < header_size) return Bad("totalsize is smaller than the header", 4);
  // Version 16 has no size_dt_struct: the structure block is bounded by the tree's end.
  const std::uint64_t struct_size_field = facts.version >= 17 ? Be32(blob, 36) : 0;
  if (struct_offset % 4 != 0 || struct_offset < header_size || struct_offset > total ||
      struct_size_field > total - struct_offset) {
    return Bad("structure block lies outside the tree", 8);
  }
  const std::uint64_t struct_size = facts.version >= 17 ? struct_size_field : total - struct_offset;
  if (strings_offset < header_size || strings_offset > total ||
      strings_size > total - strings_offset) {
    return Bad("strings block lies outside the tree", 12);
  }
  if (reservations_offset % 8 != 0 || reservations_offset < header_size ||
      reservations_offset > total) {
    return Bad("memory reservation block lies outside the tree", 16);
  }
  // Memory reservations: (u64 address, u64 size) pairs ending with (0, 0).
  for (std::uint64_t at = reservations_offset;; at += 16) {
    if (total - at < 16) return Bad("memory reservation block has no terminating entry", at);
    const std::uint64_t address = LoadUnsigned<std::uint64_t>(blob.data() + at, ByteOrder::kBig);
    const std::uint64_t size = LoadUnsigned<std::uint64_t>(blob.data() + at + 8, ByteOrder::kBig);
    if (address == 0 && size == 0) break;
    // The specification ends the list at (0, 0); libfdt stops at the first size 0. A zero-size
    // entry with an address would make the two disagree about every later entry.
    if (size == 0) return Bad("memory reservation of size 0 before the end of the list", at + 8);
    if (++facts.reservations > kMaxReservations) return Bad("too many memory reservations", at);
  }
  // Structure block: one root node, properties before subnodes, balanced, ends with END.
  const std::uint64_t end = struct_offset + struct_size;
  std::uint64_t at = struct_offset;
  std::uint32_t depth = 0;
  bool seen_root = false;
  bool subnode_seen_at_this_depth = false;
  while (true) {
    if (end - at < 4) return Bad("structure block ends without an END token", at);
    const std::uint32_t token = Be32(blob, at);
    const std::uint64_t token_at = at;
    at += 4;
    switch (token) {
      case kTokenBeginNode: {
        if (seen_root && depth == 0) return Bad("a second root node", token_at);
        // The name: NUL-terminated inside the block (the root's is empty).
        std::uint64_t name_end = at;
        while (name_end < end && blob[name_end] != std::byte{0}) ++name_end;
        if (name_end >= end) return Bad("node name runs past the structure block", at);
        if (!seen_root && name_end != at) return Bad("the root node has a name", at);
        if (seen_root && name_end == at) return Bad("a node other than the root has no name", at);
        for (std::uint64_t i = at; i < name_end; ++i) {
          auto c = static_cast<unsigned char>(blob[i]);
          if (c < 0x21 || c > 0x7e)
            return Bad("node name has a character outside printable ASCII", i);
        }
        at = Align4(name_end + 1);
        if (at > end) return Bad("node name padding runs past the structure block", name_end);
        if (++depth > kMaxNodeDepth) return Bad("nodes are nested too deep", token_at);
        seen_root = true;
        subnode_seen_at_this_depth = false;
        ++facts.nodes;
        break;
      }
      case kTokenEndNode:
        if (depth == 0) return Bad("END_NODE without a node", token_at);
        --depth;
        subnode_seen_at_this_depth = true;
        break;
      case kTokenProperty: {
        if (depth == 0) return Bad("property outside any node", token_at);
        if (subnode_seen_at_this_depth) return Bad("property after a subnode", token_at);
        if (end - at < 8) return Bad("property header runs past the structure block", at);
        const std::uint64_t length = Be32(blob, at);
        const std::uint64_t name_offset = Be32(blob, at + 4);
        at += 8;
        if (length > end - at) return Bad("property value runs past the structure block", at - 8);
        if (name_offset >= strings_size)
          return Bad("property name offset is outside the strings", at - 4);
        std::uint64_t name_at = strings_offset + name_offset;
        std::uint64_t name_end = name_at;
        const std::uint64_t strings_end = strings_offset + strings_size;
        while (name_end < strings_end && blob[name_end] != std::byte{0}) ++name_end;
        if (name_end >= strings_end)
          return Bad("property name is not terminated in the strings", name_at);
        if (name_end == name_at) return Bad("property has an empty name", at - 4);
        at = Align4(at + length);
        if (at > end) return Bad("property padding runs past the structure block", at);
        ++facts.properties;
        break;
      }
      case kTokenNop:
        break;
      case kTokenEnd:
        if (depth != 0 || !seen_root)
          return Bad("END token inside a node or before the root", token_at);
        return facts;
      default:
        return Bad("unknown structure token", token_at);
    }
  }
}

}  // namespace baton::devicetree
