// SPDX-License-Identifier: GPL-2.0-or-later
// The next kernel's device tree: what is removed, what is written, and handover of a handover.
#include <algorithm>
#include <string>

#include "bootloader/devicetree/handover.h"
#include "bootloader/devicetree/tree.h"
#include "tests/unit/tree_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::devicetree;

namespace {

int CountReservation(const DeviceTree& tree, AddressRange range) {
  auto all = tree.Reservations();
  return static_cast<int>(std::count(all.begin(), all.end(), range));
}

HandoverSpec Spec() {
  HandoverSpec spec;
  spec.bootargs = "console=hvc0 next";
  spec.initrd = AddressRange{0x10000000, 0x123456};
  spec.ima_buffer = AddressRange{0x10400000, 0x20000};
  spec.console = "/vdevice/vty@71000000";
  return spec;
}

}  // namespace

TEST_GROUP(Handover){};

TEST(Handover, LoadsTheFixtures) {
  for (const char* name : {"qemu-pseries", "pseries-after-kexec", "one-cell-root", "tiny-rma"}) {
    ByteBuffer blob = testing::TreeBlob(name);
    CHECK_TEXT(!blob.empty(), name);
    CHECK_TEXT(DeviceTree::Load(blob, name).has_value(), name);
  }
}

TEST(Handover, WritesThePropertyAndTheExactReservation) {
  DeviceTree base = testing::LoadTree("qemu-pseries");
  auto next = BuildHandover(base, Spec());
  CHECK(next.has_value());
  CHECK(ReserveTree(*next, {0x10500000, 0x10000}).has_value());
  auto ima = next->RangesProperty("/chosen", kImaBufferProperty);
  UNSIGNED_LONGS_EQUAL(1, ima.size());
  CHECK(ima[0] == (AddressRange{0x10400000, 0x20000}));
  UNSIGNED_LONGS_EQUAL(16, next->Property("/chosen", kImaBufferProperty)->size());
  LONGS_EQUAL(1, CountReservation(*next, {0x10400000, 0x20000}));
  LONGS_EQUAL(1, CountReservation(*next, {0x10000000, 0x123456}));
  LONGS_EQUAL(1, CountReservation(*next, {0x10500000, 0x10000}));
  LONGS_EQUAL(1, CountReservation(*next, {0x2ffb0000, 0x40000}));  // firmware's event log
  CHECK(next->NumberProperty("/chosen", "linux,initrd-start") ==
        std::optional<std::uint64_t>(0x10000000));
  CHECK(next->NumberProperty("/chosen", "linux,initrd-end") ==
        std::optional<std::uint64_t>(0x10123456));
  CHECK(next->StringProperty("/chosen", "bootargs") ==
        std::optional<std::string>("console=hvc0 next"));
  CHECK(next->Property("/chosen", "linux,booted-from-kexec").has_value());
  CHECK(next->StringProperty("/chosen", "stdout-path") ==
        std::optional<std::string>("/vdevice/vty@71000000"));
}

TEST(Handover, RemovesEveryStaleThingAndKeepsFirmwareReservations) {
  DeviceTree base = testing::LoadTree("pseries-after-kexec");
  HandoverReport report;
  HandoverSpec spec;  // nothing new: only the removals
  auto next = BuildHandover(base, spec, &report);
  CHECK(next.has_value());
  CHECK(DropTreeReservation(*next).has_value());
  LONGS_EQUAL(1, report.stale_ima_properties);
  LONGS_EQUAL(4, report.stale_reservations);  // IMA, initrd, elfcorehdr, old tree
  for (const char* gone :
       {"linux,ima-kexec-buffer", "linux,initrd-start", "linux,initrd-end", "linux,elfcorehdr",
        "linux,usable-memory-range", "kaslr-seed", "rng-seed", "baton,tree-reservation"}) {
    CHECK_TEXT(!next->Property("/chosen", gone).has_value(), gone);
  }
  auto reservations = next->Reservations();
  UNSIGNED_LONGS_EQUAL(1, reservations.size());
  CHECK(reservations[0] == (AddressRange{0x2ffb0000, 0x40000}));
  // The bootargs of the base survive when none are given.
  CHECK(next->StringProperty("/chosen", "bootargs") ==
        std::optional<std::string>("console=hvc0 previous"));
}

TEST(Handover, HandoverOfAHandoverStaysClean) {
  DeviceTree tree = testing::LoadTree("qemu-pseries");
  for (int hop = 0; hop < 4; ++hop) {
    HandoverSpec spec = Spec();
    spec.ima_buffer = AddressRange{0x10400000 + 0x100000u * static_cast<unsigned>(hop), 0x20000};
    auto next = BuildHandover(tree, spec);
    CHECK(next.has_value());
    CHECK(ReserveTree(*next, {0x11000000 + 0x100000u * static_cast<unsigned>(hop), 0x10000})
              .has_value());
    ByteBuffer blob = next->Packed();
    tree = *DeviceTree::Load(blob, "hop");
    UNSIGNED_LONGS_EQUAL(1, tree.RangesProperty("/chosen", kImaBufferProperty).size());
    // Firmware + initrd + IMA + tree: never more.
    UNSIGNED_LONGS_EQUAL(4, tree.Reservations().size());
    LONGS_EQUAL(1, CountReservation(tree, *spec.ima_buffer));
  }
}

TEST(Handover, OneCellRootWritesEightBytesAndRefusesHighAddresses) {
  DeviceTree base = testing::LoadTree("one-cell-root");
  HandoverSpec spec;
  spec.ima_buffer = AddressRange{0x1000000, 0x10000};
  auto next = BuildHandover(base, spec);
  CHECK(next.has_value());
  UNSIGNED_LONGS_EQUAL(8, next->Property("/chosen", kImaBufferProperty)->size());
  spec.ima_buffer = AddressRange{0x100000000ull, 0x10000};
  auto high = BuildHandover(base, spec);
  CHECK_FALSE(high.has_value());
}

TEST(Handover, ReserveTreeKeepsTheSize) {
  DeviceTree base = testing::LoadTree("qemu-pseries");
  auto next = BuildHandover(base, Spec());
  std::size_t before = HandoverSize(*next);
  CHECK(ReserveTree(*next, {0x12340000, 0x10000}).has_value());
  UNSIGNED_LONGS_EQUAL(before, next->Packed().size());
  CHECK_FALSE(ReserveTree(*next, {0x12340000, 0x10000}).has_value());  // no placeholder left
}
