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

Error Bad(const char* message, std::uint64_t at) {
  return Error::AtOffset(ErrorCode::kInvalidArgument, message, at);
}

std::uint64_t Align4(std::uint64_t value) { return (value + 3) & ~std::uint64_t{3}; }

constexpr ByteOrder kBig = ByteOrder::kBig;  // every device-tree integer

}  // namespace

Result<TreeFacts> ValidateTree(Bytes blob) {
  if (blob.size() < kFdtHeaderSizeV16) return Bad("device tree is smaller than its header", 0);
  // The header (§5.2): big-endian u32 fields; the offsets in the errors are the fields'.
  ByteReader header(blob);
  if (BATON_TRY(header.ReadU32(kBig)) != kFdtMagic) {
    return Bad("not a flattened device tree (bad magic)", 0);
  }
  TreeFacts facts;
  facts.total_size = BATON_TRY(header.ReadU32(kBig));
  const std::uint64_t total = facts.total_size;
  if (total < kFdtHeaderSizeV16 || total > blob.size() || total > kMaxTreeSize) {
    return Bad("totalsize is outside the blob", 4);
  }
  const std::uint64_t struct_offset = BATON_TRY(header.ReadU32(kBig));
  const std::uint64_t strings_offset = BATON_TRY(header.ReadU32(kBig));
  const std::uint64_t reservations_offset = BATON_TRY(header.ReadU32(kBig));
  facts.version = BATON_TRY(header.ReadU32(kBig));
  const std::uint32_t last_compatible = BATON_TRY(header.ReadU32(kBig));
  facts.boot_cpuid = BATON_TRY(header.ReadU32(kBig));
  const std::uint64_t strings_size = BATON_TRY(header.ReadU32(kBig));
  // Linux's prom_init writes version 16 (no size_dt_struct); dtc and libfdt write 17.
  if (facts.version < 16 || last_compatible > 17 || last_compatible > facts.version) {
    return Bad("device tree version is not 16 or 17 (or compatible with them)", 20);
  }
  const std::uint64_t header_size = facts.version >= 17 ? kFdtHeaderSize : kFdtHeaderSizeV16;
  if (total < header_size) return Bad("totalsize is smaller than the header", 4);
  // Version 16 has no size_dt_struct: the structure block is bounded by the tree's end.
  const std::uint64_t struct_size_field = facts.version >= 17 ? BATON_TRY(header.ReadU32(kBig)) : 0;
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
  // The blocks, as checked above; every read below stays inside its block.
  const ByteReader tree = BATON_TRY(ByteReader(blob).SubReaderAt(0, total));
  ByteReader reservations =
      BATON_TRY(tree.SubReaderAt(reservations_offset, total - reservations_offset));
  ByteReader structure = BATON_TRY(tree.SubReaderAt(struct_offset, struct_size));
  const ByteReader strings = BATON_TRY(tree.SubReaderAt(strings_offset, strings_size));

  // Memory reservations: (u64 address, u64 size) pairs ending with (0, 0).
  while (true) {
    const std::uint64_t at = reservations.offset();
    Result<std::uint64_t> address = reservations.ReadU64(kBig);
    Result<std::uint64_t> size = reservations.ReadU64(kBig);
    if (!address || !size) return Bad("memory reservation block has no terminating entry", at);
    if (*address == 0 && *size == 0) break;
    // The specification ends the list at (0, 0); libfdt stops at the first size 0. A zero-size
    // entry with an address would make the two disagree about every later entry.
    if (*size == 0) return Bad("memory reservation of size 0 before the end of the list", at + 8);
    if (++facts.reservations > kMaxReservations) return Bad("too many memory reservations", at);
  }
  // Structure block: one root node, properties before subnodes, balanced, ends with END.
  std::uint32_t depth = 0;
  bool seen_root = false;
  bool subnode_seen_at_this_depth = false;
  while (true) {
    const std::uint64_t token_at = structure.offset();
    Result<std::uint32_t> token = structure.ReadU32(kBig);
    if (!token) return Bad("structure block ends without an END token", token_at);
    switch (*token) {
      case kTokenBeginNode: {
        if (seen_root && depth == 0) return Bad("a second root node", token_at);
        // The name: NUL-terminated inside the block (the root's is empty).
        const std::uint64_t name_at = structure.offset();
        Result<Bytes> name = structure.ReadUntil(std::byte{0});
        if (!name) return Bad("node name runs past the structure block", name_at);
        if (!seen_root && !name->empty()) return Bad("the root node has a name", name_at);
        if (seen_root && name->empty())
          return Bad("a node other than the root has no name", name_at);
        for (std::size_t i = 0; i < name->size(); ++i) {
          auto c = static_cast<unsigned char>((*name)[i]);
          if (c < 0x21 || c > 0x7e) {
            return Bad("node name has a character outside printable ASCII", name_at + i);
          }
        }
        if (!structure.Align(4)) {
          return Bad("node name padding runs past the structure block", name_at + name->size());
        }
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
        // u32 value length, u32 name offset into the strings block, then the value.
        const std::uint64_t header_at = structure.offset();
        Result<std::uint32_t> length = structure.ReadU32(kBig);
        Result<std::uint32_t> name_offset = structure.ReadU32(kBig);
        if (!length || !name_offset) {
          return Bad("property header runs past the structure block", header_at);
        }
        if (!structure.Skip(*length)) {
          return Bad("property value runs past the structure block", header_at);
        }
        if (*name_offset >= strings_size) {
          return Bad("property name offset is outside the strings", header_at + 4);
        }
        const std::uint64_t name_at = strings_offset + *name_offset;
        ByteReader name_reader =
            BATON_TRY(strings.SubReaderAt(name_at, strings_size - *name_offset));
        Result<Bytes> name = name_reader.ReadUntil(std::byte{0});
        if (!name) return Bad("property name is not terminated in the strings", name_at);
        if (name->empty()) return Bad("property has an empty name", header_at + 4);
        if (!structure.Align(4)) {
          return Bad("property padding runs past the structure block", Align4(structure.offset()));
        }
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
