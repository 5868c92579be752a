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

bool IsUsable(std::uint32_t flags) { return (flags & kLmbAssigned) && !(flags & kLmbReserved); }

// ibm,dynamic-memory (v1): u32 count, then per LMB: u64 base address, u32 DRC index,
// u32 reserved, u32 associativity index, u32 flags. The error (a table cut short) only ends the
// walk at the last whole entry.
Result<void> ReadLmbsV1(Bytes property, std::uint64_t lmb_size, std::vector<AddressRange>& ram) {
  ByteReader reader(property);
  const std::uint32_t count = BATON_TRY(reader.ReadU32(ByteOrder::kBig));
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint64_t base = BATON_TRY(reader.ReadU64(ByteOrder::kBig));
    BATON_TRY(reader.Skip(4 + 4 + 4));
    const std::uint32_t flags = BATON_TRY(reader.ReadU32(ByteOrder::kBig));
    if (IsUsable(flags)) ram.push_back({base, lmb_size});
  }
  return Ok();
}

// ibm,dynamic-memory-v2: u32 count, then per set of LMBs: u32 number of LMBs, u64 base address,
// u32 first DRC index, u32 associativity index, u32 flags. Cut short as v1.
Result<void> ReadLmbsV2(Bytes property, std::uint64_t lmb_size, std::vector<AddressRange>& ram) {
  ByteReader reader(property);
  const std::uint32_t sets = BATON_TRY(reader.ReadU32(ByteOrder::kBig));
  for (std::uint32_t i = 0; i < sets; ++i) {
    const std::uint32_t lmbs = BATON_TRY(reader.ReadU32(ByteOrder::kBig));
    const std::uint64_t base = BATON_TRY(reader.ReadU64(ByteOrder::kBig));
    BATON_TRY(reader.Skip(4 + 4));
    const std::uint32_t flags = BATON_TRY(reader.ReadU32(ByteOrder::kBig));
    if (IsUsable(flags) && lmbs != 0 && lmb_size <= (~std::uint64_t{0} - base) / lmbs) {
      ram.push_back({base, lmb_size * lmbs});
    }
  }
  return Ok();
}

void ReadDynamicMemory(const DeviceTree& tree, const std::string& path,
                       std::vector<AddressRange>& ram) {
  std::optional<std::uint64_t> lmb_size = tree.NumberProperty(path, "ibm,lmb-size");
  if (!lmb_size || *lmb_size == 0) return;
  // A table cut short keeps the LMBs read before the cut; the rest of the map does not depend
  // on it.
  if (std::optional<Bytes> v1 = tree.Property(path, "ibm,dynamic-memory")) {
    (void)ReadLmbsV1(*v1, *lmb_size, ram);
  }
  if (std::optional<Bytes> v2 = tree.Property(path, "ibm,dynamic-memory-v2")) {
    (void)ReadLmbsV2(*v2, *lmb_size, ram);
  }
}

// The TPM event log, which prom_init stores in CPU byte order: linux,sml-base a u64 and
// linux,sml-size a u32; properties of other sizes are not prom_init's and are ignored.
std::optional<AddressRange> EventLogRange(const std::optional<Bytes>& base,
                                          const std::optional<Bytes>& size, ByteOrder cpu_order) {
  if (!base || !size || base->size() != 8 || size->size() != 4) return std::nullopt;
  ByteReader base_reader(*base);
  ByteReader size_reader(*size);
  Result<std::uint64_t> address = base_reader.ReadU64(cpu_order);
  Result<std::uint32_t> length = size_reader.ReadU32(cpu_order);
  if (!address || !length) return std::nullopt;
  return AddressRange{*address, *length};
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
    if (std::optional<AddressRange> event_log =
            EventLogRange(tree.Property(path, "linux,sml-base"),
                          tree.Property(path, "linux,sml-size"), cpu_order)) {
      reserved.push_back({*event_log, "TPM event log " + path});
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
