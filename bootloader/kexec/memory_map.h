// SPDX-License-Identifier: GPL-2.0-or-later
// The machine's memory as the running kernel's device tree describes it: RAM, what must not be
// touched, the real-mode area, and where the running kernel ends.
//
// Sources: the PAPR/pseries bindings (/memory@* reg; /ibm,dynamic-reconfiguration-memory with
// ibm,lmb-size and ibm,dynamic-memory v1/v2, flag 0x8 = assigned, 0x80 = reserved), and what
// kexec-tools' ppc64 memory map excludes (described in ima-kexec-protocol.md §6.4): memreserves,
// root reserved-ranges, RTAS, OPAL, TCE tables, the hash table, the running kernel's end.
#pragma once

#include <string>
#include <vector>

#include "bootloader/core/result.h"
#include "bootloader/devicetree/tree.h"

namespace baton::kexec {

using devicetree::AddressRange;

struct ReservedRange {
  AddressRange range;
  std::string what;  // "memreserve", "RTAS", "TCE /pci@…", …
};

struct MemoryMap {
  std::vector<AddressRange> ram;        // sorted, merged
  std::vector<ReservedRange> reserved;  // sorted by address
  std::uint64_t rma_top = 0;            // end of the first memory block (real mode reaches below)
  std::uint64_t kernel_end = 0;         // running kernel's __pa(_end); 0 when the tree lacks it
};

// Reads the map. `cpu_order` is the byte order prom_init used for linux,sml-base (it stores the
// TPM event log address in CPU order, not big-endian). Errors only when the tree has no RAM.
Result<MemoryMap> ReadMemoryMap(const devicetree::DeviceTree& tree, ByteOrder cpu_order);

// The ranges the firmware owns (RTAS, OPAL, TCE tables, the TPM event log): what a tree flattened
// from the live /proc/device-tree must reserve again, since the live tree has no reservation
// block (kexec-tools does the same while copying it).
std::vector<AddressRange> FirmwareReservations(const MemoryMap& map);

}  // namespace baton::kexec
