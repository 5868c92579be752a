// SPDX-License-Identifier: GPL-2.0-or-later
// Flattening with libfdt's sequential-write functions.
#include "bootloader/devicetree/flatten.h"

#include <libfdt.h>

namespace baton::devicetree {
namespace {

constexpr std::uint32_t kMaxDepth = 64;

int WriteNode(void* fdt, const LiveNode& node, std::uint32_t depth) {
  if (depth > kMaxDepth) return -FDT_ERR_BADSTRUCTURE;
  int status = fdt_begin_node(fdt, node.name.c_str());
  if (status != 0) return status;
  for (const auto& [name, value] : node.properties) {
    if (name == "name") continue;
    status = fdt_property(fdt, name.c_str(), value.data(), static_cast<int>(value.size()));
    if (status != 0) return status;
  }
  for (const LiveNode& child : node.children) {
    status = WriteNode(fdt, child, depth + 1);
    if (status != 0) return status;
  }
  return fdt_end_node(fdt);
}

std::size_t Estimate(const LiveNode& node) {
  std::size_t size = 16 + node.name.size();
  for (const auto& [name, value] : node.properties) size += 16 + name.size() * 2 + value.size();
  for (const LiveNode& child : node.children) size += Estimate(child);
  return size;
}

}  // namespace

Result<ByteBuffer> FlattenTree(const LiveNode& root, const std::vector<AddressRange>& reservations,
                               std::uint32_t boot_cpuid) {
  ByteBuffer buffer(Estimate(root) + 16 * reservations.size() + 4096);
  void* fdt = buffer.data();
  int status = fdt_create(fdt, static_cast<int>(buffer.size()));
  for (const AddressRange& range : reservations) {
    if (status == 0) status = fdt_add_reservemap_entry(fdt, range.address, range.size);
  }
  if (status == 0) status = fdt_finish_reservemap(fdt);
  if (status == 0) status = WriteNode(fdt, root, 0);
  if (status == 0) status = fdt_finish(fdt);
  if (status != 0) {
    return Error(ErrorCode::kInvalidArgument, "cannot flatten the live device tree",
                 fdt_strerror(status));
  }
  fdt_set_boot_cpuid_phys(fdt, boot_cpuid);
  buffer.resize(fdt_totalsize(fdt));
  return buffer;
}

}  // namespace baton::devicetree
