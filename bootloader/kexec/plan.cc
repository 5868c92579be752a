// SPDX-License-Identifier: GPL-2.0-or-later
// Building a kexec plan.
#include "bootloader/kexec/plan.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "bootloader/core/json.h"
#include "bootloader/core/text.h"
#include "bootloader/ima/kexec_buffer.h"
#include "bootloader/ima/measurement_list.h"
#include "bootloader/kexec/trampoline_layout.h"

namespace baton::kexec {
namespace {

// When neither the tree nor the platform knows where the running kernel ends, stay above this.
constexpr std::uint64_t kUnknownKernelEndFloor = 256u << 20;

std::uint64_t RoundUp(std::uint64_t value, std::uint64_t page) {
  return (value + page - 1) / page * page;
}

}  // namespace

Result<Plan> BuildPlan(const PlanInputs& inputs) {
  if (inputs.base_tree == nullptr) return Error(ErrorCode::kInvalidArgument, "no base device tree");
  if (inputs.trampoline.size() != kTrampolineSize) {
    return Error(ErrorCode::kInvalidArgument, "trampoline code has an unexpected size");
  }
  if (!ima::IsValidPageSize(inputs.page_size)) {
    return Error(ErrorCode::kInvalidArgument,
                 "page size must be a power of two from 4096 to 1 GiB");
  }
  Plan plan;
  KernelImage kernel = BATON_TRY(ParseKernelElf(inputs.kernel));
  plan.memory_map = BATON_TRY(ReadMemoryMap(*inputs.base_tree, inputs.cpu_order));
  const MemoryMap& map = plan.memory_map;

  // Nothing may lie below the running kernel's end, nor inside the new kernel's footprint.
  // Both sources may know it; the higher one is the safe one.
  std::uint64_t running_end = std::max(map.kernel_end, inputs.kernel_end);
  if (running_end == 0) {
    running_end = kUnknownKernelEndFloor;
    plan.notes.push_back("the running kernel's end is unknown; segments are placed above " +
                         HexNumber(kUnknownKernelEndFloor));
  }
  plan.floor = RoundUp(std::max(running_end, kernel.image_size), inputs.page_size);

  // The kernel segment: one contiguous image, [0, image_size) of the new kernel.
  Bytes kernel_bytes;
  if (kernel.segments.size() == 1 && kernel.segments[0].offset_in_image == 0) {
    kernel_bytes = kernel.segments[0].file_bytes;  // no copy
  } else {
    std::uint64_t file_extent = 0;
    for (const LoadSegment& segment : kernel.segments) {
      file_extent = std::max(file_extent, segment.offset_in_image + segment.file_bytes.size());
    }
    plan.kernel_image.assign(file_extent, std::byte{0});
    for (const LoadSegment& segment : kernel.segments) {
      std::memcpy(plan.kernel_image.data() + segment.offset_in_image, segment.file_bytes.data(),
                  segment.file_bytes.size());
    }
    kernel_bytes = plan.kernel_image;
  }

  // The IMA buffer, exactly as the kernel's own dump would write it.
  if (inputs.ima_stream) {
    plan.ima_buffer =
        BATON_TRY(ima::PackKexecBuffer(*inputs.ima_stream, inputs.ima_order, inputs.page_size));
    plan.ima_entries = BATON_TRY(ima::ReadKexecHeader(plan.ima_buffer, inputs.ima_order)).count;
  }

  // Place everything but the tree, whose size depends on what it will say.
  std::vector<SegmentRequest> requests = {{"kernel", kernel.image_size, Region::kRealMode}};
  if (inputs.initrd) {
    if (inputs.initrd->empty()) return Error(ErrorCode::kInvalidArgument, "the initrd is empty");
    requests.push_back({"initrd", inputs.initrd->size(), Region::kPreferRealMode});
  }
  if (inputs.ima_stream)
    requests.push_back({"ima", plan.ima_buffer.size(), Region::kPreferRealMode});
  requests.push_back({"trampoline", kTrampolineSize, Region::kRealMode});
  std::vector<Placement> placed =
      BATON_TRY(PlaceSegments(map, inputs.page_size, plan.floor, requests));
  auto where = [&](const char* name) {
    return std::find_if(placed.begin(), placed.end(),
                        [&](const Placement& p) { return p.name == name; })
        ->range;
  };

  devicetree::HandoverSpec spec;
  spec.bootargs = inputs.bootargs;
  spec.console = inputs.console;
  spec.page_size = inputs.page_size;
  if (inputs.initrd) spec.initrd = AddressRange{where("initrd").address, inputs.initrd->size()};
  if (inputs.ima_stream) {
    plan.ima_region = where("ima");  // the padded size, as the kernel's own property says
    spec.ima_buffer = plan.ima_region;
  }
  devicetree::DeviceTree next = BATON_TRY(devicetree::BuildHandover(*inputs.base_tree, spec));
  const std::size_t tree_size = devicetree::HandoverSize(next);
  std::vector<AddressRange> taken;
  for (const Placement& p : placed) taken.push_back(p.range);
  MemoryMap with_taken = map;
  for (const Placement& p : placed) with_taken.reserved.push_back({p.range, p.name});
  std::vector<Placement> tree_place = BATON_TRY(PlaceSegments(
      with_taken, inputs.page_size, plan.floor, {{"devicetree", tree_size, Region::kRealMode}}));
  BATON_TRY(devicetree::ReserveTree(next, tree_place[0].range));
  plan.tree = next.Packed();
  if (plan.tree.size() != tree_size) {
    return Error(ErrorCode::kInvalidArgument, "the tree changed size when it reserved itself");
  }
  placed.push_back(tree_place[0]);

  // The trampoline: the kernel's head, then the three addresses in the CPU's byte order.
  plan.trampoline.assign(inputs.trampoline.begin(), inputs.trampoline.end());
  std::memcpy(plan.trampoline.data() + 4, kernel.head.data() + 4, kKernelHeadSize - 4);
  const std::uint64_t kernel_base = where("kernel").address;
  StoreUnsigned<std::uint64_t>(plan.trampoline.data() + kTrampolineTreeSlot,
                               tree_place[0].range.address, inputs.cpu_order);
  StoreUnsigned<std::uint64_t>(plan.trampoline.data() + kTrampolineKernelSlot, kernel_base,
                               inputs.cpu_order);
  StoreUnsigned<std::uint64_t>(plan.trampoline.data() + kTrampolineEntrySlot,
                               kernel_base + kernel.entry_offset, inputs.cpu_order);
  plan.entry = where("trampoline").address;

  BATON_TRY(CheckPlacements(map, inputs.page_size, plan.floor, placed));
  for (const Placement& p : placed) {
    Bytes bytes;
    if (p.name == "kernel")
      bytes = kernel_bytes;
    else if (p.name == "initrd")
      bytes = *inputs.initrd;
    else if (p.name == "ima")
      bytes = plan.ima_buffer;
    else if (p.name == "trampoline")
      bytes = plan.trampoline;
    else
      bytes = plan.tree;
    plan.segments.push_back({p.name, bytes, p.range});
  }
  std::sort(plan.segments.begin(), plan.segments.end(),
            [](const PlanSegment& a, const PlanSegment& b) {
              return a.memory.address < b.memory.address;
            });
  if (!inputs.ima_stream) plan.notes.push_back("no IMA list is carried");
  return plan;
}

std::string PlanJson(const Plan& plan) {
  JsonWriter json;
  json.BeginObject()
      .Key("entry")
      .String(HexNumber(plan.entry))
      .Key("floor")
      .String(HexNumber(plan.floor));
  json.Key("segments").BeginArray();
  for (const PlanSegment& segment : plan.segments) {
    json.BeginObject()
        .Key("name")
        .String(segment.name)
        .Key("address")
        .String(HexNumber(segment.memory.address))
        .Key("size")
        .Number(segment.bytes.size())
        .Key("memory_size")
        .Number(segment.memory.size)
        .Key("file")
        .String(segment.name + ".bin")
        .EndObject();
  }
  json.EndArray().Key("ima");
  if (plan.ima_region) {
    json.BeginObject()
        .Key("address")
        .String(HexNumber(plan.ima_region->address))
        .Key("size")
        .Number(plan.ima_region->size)
        .Key("entries")
        .Number(plan.ima_entries)
        .EndObject();
  } else {
    json.Null();
  }
  json.Key("notes").BeginArray();
  for (const std::string& note : plan.notes) json.String(note);
  json.EndArray().EndObject();
  return json.text() + "\n";
}

}  // namespace baton::kexec
