// SPDX-License-Identifier: GPL-2.0-or-later
// Memory map from a device tree.
#include "bootloader/kexec/memory_map.h"

#include <algorithm>

namespace baton::kexec {
namespace {

using devicetree::DeviceTree;

constexpr std::uint32_t kLmbAssigned = 0x8;
constexpr std::uint32_t kLmbReserved = 0x80;

std::vector<AddressRange> Merge(std::vector<AddressRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const AddressRange& a, const AddressRange& b) { return a.address < b.address; });
  std::vector<AddressRange> merged;
  for (const AddressRange& range : ranges) {
    if (range.size == 0) continue;
    if (!merged.empty() && range.address <= merged.back().end()) {
      merged.back().size = std::max(merged.back().end(), range.end()) - merged.back().address;
    } else {
      merged.push_back(range);
    }
  }
  return merged;
}

std::string NodeName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

void ReadDynamicMemory(const DeviceTree& tree, const std::string& path,
                       std::vector<AddressRange>& ram) {
  std::optional<std::uint64_t> lmb_size = tree.NumberProperty(path, "ibm,lmb-size");
  if (!lmb_size || *lmb_size == 0) return;
  if (std::optional<Bytes> v1 = tree.Property(path, "ibm,dynamic-memory"); v1 && v1->size() >= 4) {
    std::uint32_t count = LoadUnsigned<std::uint32_t>(v1->data(), ByteOrder::kBig);
    for (std::uint64_t i = 0, at = 4; i < count && at + 24 <= v1->size(); ++i, at += 24) {
      std::uint64_t base = LoadUnsigned<std::uint64_t>(v1->data() + at, ByteOrder::kBig);
      std::uint32_t flags = LoadUnsigned<std::uint32_t>(v1->data() + at + 20, ByteOrder::kBig);
      if ((flags & kLmbAssigned) && !(flags & kLmbReserved)) ram.push_back({base, *lmb_size});
    }
  }
  if (std::optional<Bytes> v2 = tree.Property(path, "ibm,dynamic-memory-v2");
      v2 && v2->size() >= 4) {
    std::uint32_t sets = LoadUnsigned<std::uint32_t>(v2->data(), ByteOrder::kBig);
    for (std::uint64_t i = 0, at = 4; i < sets && at + 24 <= v2->size(); ++i, at += 24) {
      std::uint32_t lmbs = LoadUnsigned<std::uint32_t>(v2->data() + at, ByteOrder::kBig);
      std::uint64_t base = LoadUnsigned<std::uint64_t>(v2->data() + at + 4, ByteOrder::kBig);
      std::uint32_t flags = LoadUnsigned<std::uint32_t>(v2->data() + at + 20, ByteOrder::kBig);
      if ((flags & kLmbAssigned) && !(flags & kLmbReserved) && lmbs != 0 &&
          *lmb_size <= (~std::uint64_t{0} - base) / lmbs) {
        ram.push_back({base, *lmb_size * lmbs});
      }
    }
  }
}

}  // namespace

Result<MemoryMap> ReadMemoryMap(const DeviceTree& tree, ByteOrder cpu_order) {
  MemoryMap map;
  std::vector<AddressRange> ram;
  std::vector<ReservedRange> reserved;
  bool first_block = true;
  for (const std::string& path : tree.NodePaths()) {
    const std::string name = NodeName(path);
    const bool is_memory =
        tree.StringProperty(path, "device_type") == std::optional<std::string>("memory") ||
        name == "memory" || name.rfind("memory@", 0) == 0;
    if (is_memory && path.find('/', 1) == std::string::npos) {
      for (const AddressRange& range : tree.RangesProperty(path, "reg")) {
        ram.push_back(range);
        // The real-mode area is the first memory block (the one at address 0).
        if (range.address == 0 && first_block) {
          map.rma_top = range.size;
          first_block = false;
        }
      }
    }
    if (name == "ibm,dynamic-reconfiguration-memory") ReadDynamicMemory(tree, path, ram);
    // TCE tables of PCI host bridges.
    std::optional<std::uint64_t> tce_base = tree.NumberProperty(path, "linux,tce-base");
    std::optional<std::uint64_t> tce_size = tree.NumberProperty(path, "linux,tce-size");
    if (tce_base && tce_size) reserved.push_back({{*tce_base, *tce_size}, "TCE " + path});
    // The TPM event log, stored by prom_init in CPU byte order.
    std::optional<Bytes> sml_base = tree.Property(path, "linux,sml-base");
    std::optional<Bytes> sml_size = tree.Property(path, "linux,sml-size");
    if (sml_base && sml_size && sml_base->size() == 8 && sml_size->size() == 4) {
      reserved.push_back({{LoadUnsigned<std::uint64_t>(sml_base->data(), cpu_order),
                           LoadUnsigned<std::uint32_t>(sml_size->data(), cpu_order)},
                          "TPM event log " + path});
    }
  }
  map.ram = Merge(ram);
  if (map.ram.empty())
    return Error(ErrorCode::kInvalidArgument, "the device tree describes no RAM");
  if (map.rma_top == 0) map.rma_top = map.ram.front().end();

  for (const AddressRange& range : tree.Reservations()) reserved.push_back({range, "memreserve"});
  for (const AddressRange& range : tree.RangesProperty("/", "reserved-ranges")) {
    reserved.push_back({range, "reserved-ranges"});
  }
  std::optional<std::uint64_t> rtas_base = tree.NumberProperty("/rtas", "linux,rtas-base");
  std::optional<std::uint64_t> rtas_size = tree.NumberProperty("/rtas", "rtas-size");
  if (rtas_base && rtas_size) reserved.push_back({{*rtas_base, *rtas_size}, "RTAS"});
  std::optional<std::uint64_t> opal_base = tree.NumberProperty("/ibm,opal", "opal-base-address");
  std::optional<std::uint64_t> opal_size = tree.NumberProperty("/ibm,opal", "opal-runtime-size");
  if (opal_base && opal_size) reserved.push_back({{*opal_base, *opal_size}, "OPAL"});
  std::optional<std::uint64_t> htab_base = tree.NumberProperty("/chosen", "linux,htab-base");
  std::optional<std::uint64_t> htab_size = tree.NumberProperty("/chosen", "linux,htab-size");
  if (htab_base && htab_size) reserved.push_back({{*htab_base, *htab_size}, "hash table"});
  map.kernel_end = tree.NumberProperty("/chosen", "linux,kernel-end").value_or(0);
  std::sort(reserved.begin(), reserved.end(), [](const ReservedRange& a, const ReservedRange& b) {
    return a.range.address < b.range.address;
  });
  map.reserved = std::move(reserved);
  return map;
}

std::vector<AddressRange> FirmwareReservations(const MemoryMap& map) {
  std::vector<AddressRange> ranges;
  for (const ReservedRange& reserved : map.reserved) {
    for (const char* owner : {"RTAS", "OPAL", "TCE", "TPM event log"}) {
      if (reserved.what.rfind(owner, 0) == 0 &&
          std::find(ranges.begin(), ranges.end(), reserved.range) == ranges.end()) {
        ranges.push_back(reserved.range);
      }
    }
  }
  return ranges;
}

}  // namespace baton::kexec
