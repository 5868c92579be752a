// SPDX-License-Identifier: GPL-2.0-or-later
// DeviceTree on libfdt.
#include "bootloader/devicetree/tree.h"

#include <libfdt.h>

#include <cstring>

#include "bootloader/devicetree/validate.h"

namespace baton::devicetree {
namespace {

constexpr std::size_t kEditSlack = 16384;

std::string PathString(std::string_view path) { return std::string(path.empty() ? "/" : path); }

Error FdtError(const char* what, int code, const std::string& origin) {
  return Error(ErrorCode::kInvalidArgument, what, fdt_strerror(code)).WithContext(origin);
}

std::uint64_t ReadCells(const std::byte* at, std::uint32_t cells) {
  std::uint64_t value = 0;
  for (std::uint32_t i = 0; i < cells; ++i) {
    value = (value << 32) | LoadUnsigned<std::uint32_t>(at + 4 * i, ByteOrder::kBig);
  }
  return value;
}

}  // namespace

Result<ByteBuffer> EncodeRange(AddressRange range, std::uint32_t address_cells,
                               std::uint32_t size_cells) {
  if (address_cells < 1 || address_cells > 2 || size_cells < 1 || size_cells > 2) {
    return Error(ErrorCode::kUnsupported, "cell counts other than 1 or 2",
                 std::to_string(address_cells) + "/" + std::to_string(size_cells));
  }
  if ((address_cells == 1 && range.address > 0xffffffffu) ||
      (size_cells == 1 && range.size > 0xffffffffu)) {
    return Error(ErrorCode::kOutOfRange, "value does not fit the tree's 32-bit cells");
  }
  ByteBuffer out;
  ByteWriter writer(out);
  if (address_cells == 2)
    writer.WriteU64(range.address, ByteOrder::kBig);
  else
    writer.WriteU32(static_cast<std::uint32_t>(range.address), ByteOrder::kBig);
  if (size_cells == 2)
    writer.WriteU64(range.size, ByteOrder::kBig);
  else
    writer.WriteU32(static_cast<std::uint32_t>(range.size), ByteOrder::kBig);
  return out;
}

Result<DeviceTree> DeviceTree::Load(Bytes blob, std::string_view origin) {
  Result<TreeFacts> facts = ValidateTree(blob);
  if (!facts) return std::move(facts).error().WithContext(origin);
  DeviceTree tree;
  tree.origin_ = std::string(origin);
  tree.buffer_.resize(facts->total_size + kEditSlack);
  int status =
      fdt_open_into(blob.data(), tree.buffer_.data(), static_cast<int>(tree.buffer_.size()));
  if (status != 0) return FdtError("libfdt cannot open the tree", status, tree.origin_);
  return tree;
}

ByteBuffer DeviceTree::Packed() const {
  ByteBuffer copy(buffer_);
  fdt_pack(copy.data());
  copy.resize(fdt_totalsize(copy.data()));
  return copy;
}

std::uint32_t DeviceTree::boot_cpuid() const { return fdt_boot_cpuid_phys(buffer_.data()); }
void DeviceTree::set_boot_cpuid(std::uint32_t cpu) { fdt_set_boot_cpuid_phys(buffer_.data(), cpu); }

int DeviceTree::NodeOffset(std::string_view path) const {
  return fdt_path_offset_namelen(buffer_.data(), path.data(), static_cast<int>(path.size()));
}

bool DeviceTree::HasNode(std::string_view path) const { return NodeOffset(path) >= 0; }

std::optional<Bytes> DeviceTree::Property(std::string_view path, std::string_view name) const {
  int node = NodeOffset(path);
  if (node < 0) return std::nullopt;
  int length = 0;
  const void* value = fdt_getprop_namelen(buffer_.data(), node, name.data(),
                                          static_cast<int>(name.size()), &length);
  if (value == nullptr || length < 0) return std::nullopt;
  return Bytes(static_cast<const std::byte*>(value), static_cast<std::size_t>(length));
}

std::optional<std::string> DeviceTree::StringProperty(std::string_view path,
                                                      std::string_view name) const {
  std::optional<Bytes> value = Property(path, name);
  if (!value) return std::nullopt;
  std::string_view text = AsText(*value);
  return std::string(text.substr(0, text.find('\0')));
}

std::optional<std::uint64_t> DeviceTree::NumberProperty(std::string_view path,
                                                        std::string_view name) const {
  std::optional<Bytes> value = Property(path, name);
  if (!value) return std::nullopt;
  if (value->size() == 4) return LoadUnsigned<std::uint32_t>(value->data(), ByteOrder::kBig);
  if (value->size() == 8) return LoadUnsigned<std::uint64_t>(value->data(), ByteOrder::kBig);
  return std::nullopt;
}

// Linux (of_n_addr_cells on the root) defaults to 1 and 1 when the root has no properties.
std::uint32_t DeviceTree::RootAddressCells() const {
  return static_cast<std::uint32_t>(NumberProperty("/", "#address-cells").value_or(1));
}
std::uint32_t DeviceTree::RootSizeCells() const {
  return static_cast<std::uint32_t>(NumberProperty("/", "#size-cells").value_or(1));
}

std::vector<AddressRange> DeviceTree::RangesProperty(std::string_view path,
                                                     std::string_view name) const {
  std::vector<AddressRange> ranges;
  std::optional<Bytes> value = Property(path, name);
  const std::uint32_t address_cells = RootAddressCells();
  const std::uint32_t size_cells = RootSizeCells();
  if (!value || address_cells < 1 || address_cells > 2 || size_cells < 1 || size_cells > 2) {
    return ranges;
  }
  const std::size_t stride = 4 * (address_cells + size_cells);
  for (std::size_t at = 0; at + stride <= value->size(); at += stride) {
    ranges.push_back({ReadCells(value->data() + at, address_cells),
                      ReadCells(value->data() + at + 4 * address_cells, size_cells)});
  }
  return ranges;
}

std::vector<AddressRange> DeviceTree::Reservations() const {
  std::vector<AddressRange> reservations;
  int count = fdt_num_mem_rsv(buffer_.data());
  for (int i = 0; i < count; ++i) {
    AddressRange range;
    if (fdt_get_mem_rsv(buffer_.data(), i, &range.address, &range.size) == 0) {
      reservations.push_back(range);
    }
  }
  return reservations;
}

std::vector<std::string> DeviceTree::NodePaths() const {
  std::vector<std::string> paths;
  std::vector<std::string> ancestors;  // names of the nodes between the root and this one
  int depth = 0;
  for (int node = 0; node >= 0; node = fdt_next_node(buffer_.data(), node, &depth)) {
    if (depth < 0) break;
    if (depth == 0) {
      paths.emplace_back("/");
      continue;
    }
    const char* name = fdt_get_name(buffer_.data(), node, nullptr);
    ancestors.resize(static_cast<std::size_t>(depth - 1));
    std::string path;
    for (const std::string& part : ancestors) path += "/" + part;
    path += "/" + std::string(name ? name : "");
    ancestors.emplace_back(name ? name : "");
    paths.push_back(std::move(path));
  }
  return paths;
}

std::vector<std::string> DeviceTree::PropertyNames(std::string_view path) const {
  std::vector<std::string> names;
  int node = NodeOffset(path);
  if (node < 0) return names;
  int property;
  fdt_for_each_property_offset(property, buffer_.data(), node) {
    const char* name = nullptr;
    int length = 0;
    if (fdt_getprop_by_offset(buffer_.data(), property, &name, &length) != nullptr && name) {
      names.emplace_back(name);
    }
  }
  return names;
}

Result<void> DeviceTree::Grow(std::size_t extra) {
  std::vector<std::byte> bigger(buffer_.size() + extra);
  int status = fdt_open_into(buffer_.data(), bigger.data(), static_cast<int>(bigger.size()));
  if (status != 0) return FdtError("cannot grow the tree", status, origin_);
  buffer_ = std::move(bigger);
  return Ok();
}

template <typename Edit>
Result<int> DeviceTree::Mutate(const char* what, Edit edit) {
  int status = edit(buffer_.data());
  if (status == -FDT_ERR_NOSPACE) {
    BATON_TRY(Grow(kEditSlack + buffer_.size() / 4));
    status = edit(buffer_.data());
  }
  if (status < 0) return FdtError(what, -status, origin_);
  return status;
}

Result<int> DeviceTree::EnsureNode(std::string_view path) {
  int node = NodeOffset(path);
  if (node >= 0) return node;
  std::size_t slash = path.rfind('/');
  if (path.empty() || path.front() != '/' || slash == std::string_view::npos ||
      slash + 1 == path.size()) {
    return Error(ErrorCode::kInvalidArgument, "not an absolute node path", std::string(path));
  }
  std::string_view parent_path = slash == 0 ? std::string_view("/") : path.substr(0, slash);
  int parent = BATON_TRY(EnsureNode(parent_path));
  (void)parent;
  std::string name(path.substr(slash + 1));
  return Mutate("cannot add a node", [&](void* fdt) {
    int parent_now =
        fdt_path_offset_namelen(fdt, parent_path.data(), static_cast<int>(parent_path.size()));
    return fdt_add_subnode(fdt, parent_now, name.c_str());
  });
}

Result<void> DeviceTree::SetProperty(std::string_view path, std::string_view name, Bytes value) {
  BATON_TRY(EnsureNode(path));
  std::string path_string = PathString(path);
  std::string name_string(name);
  BATON_TRY(Mutate("cannot set a property", [&](void* fdt) {
    int node = fdt_path_offset(fdt, path_string.c_str());
    return fdt_setprop(fdt, node, name_string.c_str(), value.data(),
                       static_cast<int>(value.size()));
  }));
  return Ok();
}

Result<void> DeviceTree::SetString(std::string_view path, std::string_view name,
                                   std::string_view value) {
  std::string with_nul(value);
  with_nul.push_back('\0');
  return SetProperty(path, name, AsBytes(with_nul));
}

Result<void> DeviceTree::SetU64(std::string_view path, std::string_view name, std::uint64_t value) {
  std::array<std::byte, 8> bytes;
  StoreUnsigned<std::uint64_t>(bytes.data(), value, ByteOrder::kBig);
  return SetProperty(path, name, bytes);
}

Result<void> DeviceTree::SetRange(std::string_view path, std::string_view name,
                                  AddressRange range) {
  ByteBuffer value = BATON_TRY(EncodeRange(range, RootAddressCells(), RootSizeCells()));
  return SetProperty(path, name, value);
}

Result<void> DeviceTree::DeleteProperty(std::string_view path, std::string_view name) {
  int node = NodeOffset(path);
  if (node < 0) return Ok();
  std::string name_string(name);
  int status = fdt_delprop(buffer_.data(), node, name_string.c_str());
  if (status < 0 && status != -FDT_ERR_NOTFOUND) {
    return FdtError("cannot delete a property", -status, origin_);
  }
  return Ok();
}

Result<void> DeviceTree::AddReservation(AddressRange range) {
  BATON_TRY(Mutate("cannot add a memory reservation",
                   [&](void* fdt) { return fdt_add_mem_rsv(fdt, range.address, range.size); }));
  return Ok();
}

Result<int> DeviceTree::DeleteReservation(AddressRange range) {
  int deleted = 0;
  for (int i = fdt_num_mem_rsv(buffer_.data()) - 1; i >= 0; --i) {
    AddressRange entry;
    if (fdt_get_mem_rsv(buffer_.data(), i, &entry.address, &entry.size) != 0) continue;
    if (entry == range) {
      int status = fdt_del_mem_rsv(buffer_.data(), i);
      if (status < 0) return FdtError("cannot delete a memory reservation", -status, origin_);
      ++deleted;
    }
  }
  return deleted;
}

}  // namespace baton::devicetree
