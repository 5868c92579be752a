// SPDX-License-Identifier: GPL-2.0-or-later
// A kexec boot plan: every segment with its physical address, the entry, the next device tree
// and the carried IMA list — everything kexec_load needs, computed without touching the system.
//
// Order of work (ima-kexec-protocol.md §9): the kernel is parsed, the IMA list (already read
// last by the caller) is packed, the segments are placed, the handover tree is built with the
// initrd and IMA regions and reserves itself, and the trampoline is patched with the tree,
// the kernel base and entry, and the kernel's first 256 bytes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bootloader/core/bytes.h"
#include "bootloader/core/result.h"
#include "bootloader/devicetree/handover.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/kexec/elf.h"
#include "bootloader/kexec/memory_map.h"
#include "bootloader/kexec/placement.h"

namespace baton::kexec {

struct PlanInputs {
  Bytes kernel;  // the vmlinux ELF file
  std::optional<Bytes> initrd;
  const devicetree::DeviceTree* base_tree = nullptr;  // the running machine's tree
  std::optional<std::string> bootargs;                // the base tree's are kept when absent
  std::optional<std::string> console;                 // /chosen/stdout-path for the next kernel
  std::optional<Bytes> ima_stream;                    // the measurement list to carry, if any
  ByteOrder ima_order = NativeByteOrder();
  std::uint64_t page_size = 65536;          // the running kernel's page size
  std::uint64_t kernel_end = 0;             // the running kernel's __pa(_end), if known (the tree's
                                            // linux,kernel-end counts too; the higher one wins)
  Bytes trampoline;                         // platform::TrampolineCode(cpu order)
  ByteOrder cpu_order = NativeByteOrder();  // the running kernel's byte order
};

struct PlanSegment {
  std::string name;     // "kernel", "initrd", "ima", "devicetree", "trampoline"
  Bytes bytes;          // what is copied (a view into the inputs or into the plan)
  AddressRange memory;  // page-aligned destination; memory.size >= bytes.size()
};

struct Plan {
  std::uint64_t entry = 0;                 // the trampoline's address
  std::vector<PlanSegment> segments;       // sorted by address
  std::optional<AddressRange> ima_region;  // as written into the tree
  std::uint64_t ima_entries = 0;
  std::uint64_t floor = 0;         // nothing lies below this
  std::vector<std::string> notes;  // what the operator should know
  // Storage the segments point into.
  ByteBuffer kernel_image;  // only when the ELF has several PT_LOADs
  ByteBuffer ima_buffer;
  ByteBuffer tree;
  ByteBuffer trampoline;
  MemoryMap memory_map;
};

Result<Plan> BuildPlan(const PlanInputs& inputs);

// plan.json: entry, segments (name, address, size, memory size, file), IMA region, notes.
std::string PlanJson(const Plan& plan);

}  // namespace baton::kexec
