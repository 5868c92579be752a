// SPDX-License-Identifier: GPL-2.0-or-later
// A flattened device tree that baton reads and edits. The only code that includes libfdt.
//
// Every blob passes ValidateTree before libfdt sees it (libfdt 1.6.1 is not safe on hostile
// trees). The tree owns its buffer and grows it when an edit needs room. Cells are always
// big-endian; addresses and sizes are read with the cell counts of the node's parent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"

namespace baton::devicetree {

struct AddressRange {
  std::uint64_t address = 0;
  std::uint64_t size = 0;
  // Saturates instead of wrapping, so a hostile range cannot appear to end below its start.
  std::uint64_t end() const {
    return size > ~std::uint64_t{0} - address ? ~std::uint64_t{0} : address + size;
  }
  bool operator==(const AddressRange& other) const {
    return address == other.address && size == other.size;
  }
};

class DeviceTree {
 public:
  // Validates and copies `blob`; `origin` names it in errors (the firmware's tree, a file).
  static Result<DeviceTree> Load(Bytes blob, std::string_view origin);

  // The tree as it is now, packed (no free space at the end).
  ByteBuffer Packed() const;
  const std::string& origin() const { return origin_; }
  std::uint32_t boot_cpuid() const;
  void set_boot_cpuid(std::uint32_t cpu);

  // Reading. Paths are absolute ("/chosen"). A missing node or property is nullopt.
  bool HasNode(std::string_view path) const;
  std::optional<Bytes> Property(std::string_view path, std::string_view name) const;
  std::optional<std::string> StringProperty(std::string_view path, std::string_view name) const;
  // A big-endian number of 4 or 8 bytes.
  std::optional<std::uint64_t> NumberProperty(std::string_view path, std::string_view name) const;
  std::uint32_t RootAddressCells() const;  // the root's #address-cells (1 if absent, as Linux)
  std::uint32_t RootSizeCells() const;     // the root's #size-cells (1 if absent, as Linux)
  // (address, size) pairs of a property in the root's cell sizes, e.g. reg or a /chosen range.
  std::vector<AddressRange> RangesProperty(std::string_view path, std::string_view name) const;
  std::vector<AddressRange> Reservations() const;
  // Absolute paths of every node, in tree order.
  std::vector<std::string> NodePaths() const;
  // Property names of a node, in order.
  std::vector<std::string> PropertyNames(std::string_view path) const;

  // Editing. Nodes are created as needed for SetProperty.
  Result<void> SetProperty(std::string_view path, std::string_view name, Bytes value);
  Result<void> SetString(std::string_view path, std::string_view name, std::string_view value);
  Result<void> SetU64(std::string_view path, std::string_view name, std::uint64_t value);
  // An (address, size) value in the root's cells. Errors if the value does not fit the cells.
  Result<void> SetRange(std::string_view path, std::string_view name, AddressRange range);
  Result<void> DeleteProperty(std::string_view path, std::string_view name);
  Result<void> AddReservation(AddressRange range);
  // Deletes every reservation exactly equal to `range`; returns how many.
  Result<int> DeleteReservation(AddressRange range);

 private:
  DeviceTree() = default;
  int NodeOffset(std::string_view path) const;
  Result<int> EnsureNode(std::string_view path);
  // Runs a libfdt edit, growing the buffer and retrying once on FDT_ERR_NOSPACE.
  template <typename Edit>
  Result<int> Mutate(const char* what, Edit edit);
  Result<void> Grow(std::size_t extra);

  std::vector<std::byte> buffer_;
  std::string origin_;
};

// Encodes an (address, size) pair in the given cell counts (1 or 2 each), big-endian.
Result<ByteBuffer> EncodeRange(AddressRange range, std::uint32_t address_cells,
                               std::uint32_t size_cells);

}  // namespace baton::devicetree
