// SPDX-License-Identifier: GPL-2.0-or-later
// The device tree handed to the next kernel.
//
// Source: drivers/of/kexec.c (of_kexec_alloc_and_setup_fdt, remove_ima_buffer, setup_ima_buffer,
// ima_get_kexec_buffer) for what the kernel's own kexec_file_load path removes and writes, and
// arch/powerpc/kernel/prom.c (early_reserve_mem_dt) for what the next kernel reserves.
// The property `linux,ima-kexec-buffer` (root cells) and its exactly matching memreserve are an
// ABI with the next kernel.
//
// Removed from the base tree: every `linux,ima-kexec-buffer` and the memreserve equal to it,
// `linux,initrd-start/end` and their memreserves (exact and page-rounded), `linux,elfcorehdr`
// and its memreserve, `linux,usable-memory-range`, `linux,booted-from-kexec`, `kaslr-seed`,
// `rng-seed`, the running kernel's own `linux,kernel-end` and `linux,htab-*`, and the previous
// handover's reservation for its own tree (named by `baton,tree-reservation`). Firmware
// reservations (RTAS, OPAL, the TPM event log) are never touched.
#pragma once

#include <optional>
#include <string>

#include "bootloader/core/result.h"
#include "bootloader/devicetree/tree.h"

namespace baton::devicetree {

inline constexpr char kImaBufferProperty[] = "linux,ima-kexec-buffer";
// baton's record of the memreserve that covers the handed-over tree itself, so that the next
// handover (baton's or by hand) finds and removes exactly that reservation.
inline constexpr char kTreeReservationProperty[] = "baton,tree-reservation";

struct HandoverSpec {
  std::optional<std::string> bootargs;     // kept from the base tree when not given
  std::optional<AddressRange> initrd;      // the next initrd's physical range
  std::optional<AddressRange> ima_buffer;  // the carried IMA list's region (page-padded size)
  std::optional<std::string> console;      // written as /chosen/stdout-path
  std::uint64_t page_size = 65536;         // to find page-rounded stale initrd reservations
};

// What the handover removed, for the operator and for tests.
struct HandoverReport {
  int stale_ima_properties = 0;
  int stale_reservations = 0;
};

// Builds the next tree. Its own reservation is a placeholder until ReserveTree gives its address.
Result<DeviceTree> BuildHandover(const DeviceTree& base, const HandoverSpec& spec,
                                 HandoverReport* report = nullptr);

// Records where the tree will live: fills the placeholder reservation and the property with
// (address, size). The tree's size does not change, so a planner can place it first.
Result<void> ReserveTree(DeviceTree& tree, AddressRange where);

// For a tree that will not be loaded by baton (written to a file for someone else to place):
// removes the placeholder reservation and its property.
Result<void> DropTreeReservation(DeviceTree& tree);

// The size the tree will have once ReserveTree is called (the placeholder is already counted).
std::size_t HandoverSize(const DeviceTree& tree);

}  // namespace baton::devicetree
