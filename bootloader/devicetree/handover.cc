// SPDX-License-Identifier: GPL-2.0-or-later
// Building the next kernel's device tree.
#include "bootloader/devicetree/handover.h"

#include <array>

namespace baton::devicetree {
namespace {

constexpr char kChosen[] = "/chosen";
// A placeholder reservation that ReserveTree replaces in place (same size of blob).
constexpr AddressRange kPlaceholder{0xffffffffffff0000ull, 0x10000};

std::uint64_t RoundUp(std::uint64_t value, std::uint64_t page) {
  return (value + page - 1) / page * page;
}

// A (u64 address, u64 size) pair in big-endian, independent of the root's cells.
std::array<std::byte, 16> Pair64(AddressRange range) {
  std::array<std::byte, 16> bytes;
  StoreUnsigned<std::uint64_t>(bytes.data(), range.address, ByteOrder::kBig);
  StoreUnsigned<std::uint64_t>(bytes.data() + 8, range.size, ByteOrder::kBig);
  return bytes;
}

Result<int> RemoveRangeProperty(DeviceTree& tree, const char* name) {
  int removed = 0;
  for (const AddressRange& range : tree.RangesProperty(kChosen, name)) {
    removed += BATON_TRY(tree.DeleteReservation(range));
  }
  BATON_TRY(tree.DeleteProperty(kChosen, name));
  return removed;
}

}  // namespace

Result<DeviceTree> BuildHandover(const DeviceTree& base, const HandoverSpec& spec,
                                 HandoverReport* report) {
  DeviceTree tree = base;
  HandoverReport local;
  HandoverReport& removed = report != nullptr ? *report : local;

  // Stale IMA buffer: the property and the reservation exactly equal to it.
  if (tree.Property(kChosen, kImaBufferProperty)) ++removed.stale_ima_properties;
  removed.stale_reservations += BATON_TRY(RemoveRangeProperty(tree, kImaBufferProperty));

  // Stale initrd: exact and page-rounded reservations, as the kernel's kexec_file path does.
  std::optional<std::uint64_t> start = tree.NumberProperty(kChosen, "linux,initrd-start");
  std::optional<std::uint64_t> end = tree.NumberProperty(kChosen, "linux,initrd-end");
  if (start && end && *end > *start) {
    removed.stale_reservations += BATON_TRY(tree.DeleteReservation({*start, *end - *start}));
    removed.stale_reservations +=
        BATON_TRY(tree.DeleteReservation({*start, RoundUp(*end - *start, spec.page_size)}));
  }
  BATON_TRY(tree.DeleteProperty(kChosen, "linux,initrd-start"));
  BATON_TRY(tree.DeleteProperty(kChosen, "linux,initrd-end"));

  // Crash-kernel leftovers.
  removed.stale_reservations += BATON_TRY(RemoveRangeProperty(tree, "linux,elfcorehdr"));
  BATON_TRY(tree.DeleteProperty(kChosen, "linux,usable-memory-range"));

  // The previous handover's reservation for its own tree.
  if (std::optional<Bytes> self = tree.Property(kChosen, kTreeReservationProperty);
      self && self->size() == 16) {
    AddressRange range{LoadUnsigned<std::uint64_t>(self->data(), ByteOrder::kBig),
                       LoadUnsigned<std::uint64_t>(self->data() + 8, ByteOrder::kBig)};
    removed.stale_reservations += BATON_TRY(tree.DeleteReservation(range));
  }
  removed.stale_reservations += BATON_TRY(tree.DeleteReservation(kPlaceholder));

  // Properties that describe the running kernel, not the next one.
  for (const char* name : {"linux,booted-from-kexec", "kaslr-seed", "rng-seed", "linux,kernel-end",
                           "linux,htab-base", "linux,htab-size"}) {
    BATON_TRY(tree.DeleteProperty(kChosen, name));
  }

  // What the next kernel needs.
  if (spec.bootargs) BATON_TRY(tree.SetString(kChosen, "bootargs", *spec.bootargs));
  if (spec.initrd) {
    BATON_TRY(tree.SetU64(kChosen, "linux,initrd-start", spec.initrd->address));
    BATON_TRY(tree.SetU64(kChosen, "linux,initrd-end", spec.initrd->end()));
    BATON_TRY(tree.AddReservation(*spec.initrd));
  }
  if (spec.ima_buffer) {
    if (spec.ima_buffer->size == 0) {
      return Error(ErrorCode::kInvalidArgument, "the IMA buffer region has size 0");
    }
    BATON_TRY(tree.SetRange(kChosen, kImaBufferProperty, *spec.ima_buffer));
    BATON_TRY(tree.AddReservation(*spec.ima_buffer));
  }
  BATON_TRY(tree.SetProperty(kChosen, "linux,booted-from-kexec", Bytes{}));
  if (spec.console) BATON_TRY(tree.SetString(kChosen, "stdout-path", *spec.console));
  // The tree's own reservation: a placeholder now, filled in by ReserveTree.
  BATON_TRY(tree.SetProperty(kChosen, kTreeReservationProperty, Pair64(kPlaceholder)));
  BATON_TRY(tree.AddReservation(kPlaceholder));
  return tree;
}

std::size_t HandoverSize(const DeviceTree& tree) { return tree.Packed().size(); }

Result<void> ReserveTree(DeviceTree& tree, AddressRange where) {
  int replaced = BATON_TRY(tree.DeleteReservation(kPlaceholder));
  if (replaced != 1) {
    return Error(ErrorCode::kInvalidArgument, "the tree has no placeholder reservation to fill");
  }
  BATON_TRY(tree.AddReservation(where));
  BATON_TRY(tree.SetProperty(kChosen, kTreeReservationProperty, Pair64(where)));
  return Ok();
}

Result<void> DropTreeReservation(DeviceTree& tree) {
  BATON_TRY(tree.DeleteReservation(kPlaceholder));
  return tree.DeleteProperty(kChosen, kTreeReservationProperty);
}

}  // namespace baton::devicetree
