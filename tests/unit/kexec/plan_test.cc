// SPDX-License-Identifier: GPL-2.0-or-later
// A whole kexec plan on the pseries fixture: segments, trampoline, tree and IMA buffer agree.
#include <algorithm>
#include <cstring>
#include <string>

#include "bootloader/devicetree/handover.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/kexec/plan.h"
#include "bootloader/kexec/trampoline_layout.h"
#include "platform/powerpc/trampoline.h"
#include "tests/unit/list_builder.h"
#include "tests/unit/tree_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::kexec;

namespace {

// A minimal ppc64le "vmlinux": one PT_LOAD of 0x4000 file bytes and a 1 MiB footprint.
ByteBuffer Vmlinux() {
  testing::HandBytes elf(ByteOrder::kLittle);
  elf.Text(
         "\x7f"
         "ELF")
      .Repeat(2, 1)
      .Repeat(1, 1)
      .Repeat(1, 1)
      .Repeat(0, 9);
  elf.U16(2)
      .U16(21)
      .U32(1)
      .U64(0xc000000000000000ull)
      .U64(64)
      .U64(0)
      .U32(0)
      .U16(64)
      .U16(56)
      .U16(1)
      .U16(64)
      .U16(0)
      .U16(0);
  elf.U32(1)
      .U32(7)
      .U64(0x1000)
      .U64(0xc000000000000000ull)
      .U64(0)
      .U64(0x4000)
      .U64(0x100000)
      .U64(0x10000);
  ByteBuffer bytes = elf.bytes();
  bytes.resize(0x5000);
  for (std::size_t i = 0x1000; i < bytes.size(); ++i)
    bytes[i] = static_cast<std::byte>((i * 7) & 0xff);
  return bytes;
}

ByteBuffer List() {
  return testing::Entry(ByteOrder::kLittle, 10, 1, "ima-ng",
                        testing::ImaNgData(ByteOrder::kLittle, 1, "/init"));
}

}  // namespace

TEST_GROUP(Plan){};

TEST(Plan, SegmentsTrampolineTreeAndImaAgree) {
  devicetree::DeviceTree base = testing::LoadTree("qemu-pseries");
  ByteBuffer kernel = Vmlinux();
  ByteBuffer initrd(300000, std::byte{0x5a});
  ByteBuffer list = List();
  PlanInputs inputs;
  inputs.kernel = kernel;
  inputs.initrd = Bytes(initrd);
  inputs.base_tree = &base;
  inputs.bootargs = "console=hvc0 next";
  inputs.ima_stream = Bytes(list);
  inputs.ima_order = ByteOrder::kLittle;
  inputs.kernel_end = 0x2a00000;
  inputs.trampoline = platform::TrampolineCode(ByteOrder::kLittle);
  inputs.cpu_order = ByteOrder::kLittle;
  auto plan = BuildPlan(inputs);
  CHECK(plan.has_value());
  UNSIGNED_LONGS_EQUAL(5, plan->segments.size());
  UNSIGNED_LONGS_EQUAL(0x2a00000, plan->floor);
  auto find = [&](const char* name) {
    return *std::find_if(plan->segments.begin(), plan->segments.end(),
                         [&](const PlanSegment& s) { return s.name == name; });
  };
  PlanSegment trampoline = find("trampoline");
  PlanSegment tree = find("devicetree");
  PlanSegment kernel_segment = find("kernel");
  PlanSegment ima = find("ima");
  PlanSegment initrd_segment = find("initrd");
  UNSIGNED_LONGS_EQUAL(trampoline.memory.address, plan->entry);
  for (std::size_t i = 1; i < plan->segments.size(); ++i) {
    CHECK(plan->segments[i - 1].memory.end() <= plan->segments[i].memory.address);
  }
  for (const PlanSegment& segment : plan->segments) {
    CHECK(segment.memory.address >= plan->floor);
    CHECK(segment.memory.address % 65536 == 0 && segment.memory.size % 65536 == 0);
    CHECK(segment.bytes.size() <= segment.memory.size);
  }
  CHECK(kernel_segment.memory.end() <= 0x30000000);
  CHECK(tree.memory.end() <= 0x30000000);
  // The trampoline: branch in word 0, the kernel's bytes 4..255, the three addresses.
  MEMCMP_EQUAL(platform::TrampolineCode(ByteOrder::kLittle).data(), trampoline.bytes.data(), 4);
  MEMCMP_EQUAL(kernel.data() + 0x1000 + 4, trampoline.bytes.data() + 4, 252);
  UNSIGNED_LONGS_EQUAL(tree.memory.address,
                       LoadUnsigned<std::uint64_t>(trampoline.bytes.data() + kTrampolineTreeSlot,
                                                   ByteOrder::kLittle));
  UNSIGNED_LONGS_EQUAL(kernel_segment.memory.address,
                       LoadUnsigned<std::uint64_t>(trampoline.bytes.data() + kTrampolineKernelSlot,
                                                   ByteOrder::kLittle));
  UNSIGNED_LONGS_EQUAL(kernel_segment.memory.address,
                       LoadUnsigned<std::uint64_t>(trampoline.bytes.data() + kTrampolineEntrySlot,
                                                   ByteOrder::kLittle));
  // The tree names the IMA segment and the initrd, and reserves both and itself.
  auto next = devicetree::DeviceTree::Load(tree.bytes, "next");
  CHECK(next.has_value());
  auto ima_property = next->RangesProperty("/chosen", devicetree::kImaBufferProperty);
  UNSIGNED_LONGS_EQUAL(1, ima_property.size());
  CHECK(ima_property[0] == ima.memory);
  auto reservations = next->Reservations();
  CHECK(std::count(reservations.begin(), reservations.end(), ima.memory) == 1);
  CHECK(std::count(reservations.begin(), reservations.end(), tree.memory) == 1);
  CHECK(std::count(reservations.begin(), reservations.end(),
                   devicetree::AddressRange{initrd_segment.memory.address, initrd.size()}) == 1);
  // The IMA segment is exactly the kernel's dump format.
  auto packed = ima::PackKexecBuffer(list, ByteOrder::kLittle, 65536);
  CHECK(ByteBuffer(ima.bytes.begin(), ima.bytes.end()) == *packed);
  UNSIGNED_LONGS_EQUAL(1, plan->ima_entries);
}

TEST(Plan, RefusesWhatCannotWork) {
  devicetree::DeviceTree base = testing::LoadTree("tiny-rma");
  ByteBuffer kernel = Vmlinux();
  ByteBuffer huge_initrd(0x1000, std::byte{1});
  PlanInputs inputs;
  inputs.kernel = kernel;
  inputs.base_tree = &base;
  inputs.trampoline = platform::TrampolineCode(ByteOrder::kLittle);
  // The tiny machine fits a 1 MiB kernel.
  CHECK(BuildPlan(inputs).has_value());
  // A list the next kernel would not restore is refused before anything is placed.
  ByteBuffer bad = testing::Entry(ByteOrder::kLittle, 10, 1, "ima-nope",
                                  testing::ImaNgData(ByteOrder::kLittle, 1, "/x"));
  inputs.ima_stream = Bytes(bad);
  auto refused = BuildPlan(inputs);
  CHECK_FALSE(refused.has_value());
  CHECK(refused.error().code() == ErrorCode::kImaRejected);
  // A kernel that is not ELF.
  inputs.ima_stream.reset();
  inputs.kernel = huge_initrd;
  CHECK_FALSE(BuildPlan(inputs).has_value());
}
