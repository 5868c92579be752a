// SPDX-License-Identifier: GPL-2.0-or-later
// Fuzz target: an untrusted device tree (a `devicetree` file named by a boot option). baton's
// validation runs first; whatever it accepts is read by libfdt, mapped, searched for the console
// setting's vty, and handed over.
#include <cstddef>
#include <cstdint>

#include "bootloader/devicetree/console.h"
#include "bootloader/devicetree/handover.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/devicetree/validate.h"
#include "bootloader/kexec/memory_map.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace baton;
  Bytes blob(reinterpret_cast<const std::byte*>(data), size);
  auto tree = devicetree::DeviceTree::Load(blob, "fuzz");
  if (!tree) return 0;
  for (const std::string& path : tree->NodePaths()) {
    for (const std::string& name : tree->PropertyNames(path)) (void)tree->Property(path, name);
  }
  (void)kexec::ReadMemoryMap(*tree, ByteOrder::kLittle);
  for (const char* console : {"/dev/hvc0", "/dev/hvc1 [Serial]", "/vdevice/vty@30000000"}) {
    const devicetree::ConsoleChoice choice = devicetree::ChooseConsoleNode(*tree, console);
    // A node chosen is one of the tree's.
    if (choice.node && !tree->HasNode(*choice.node)) __builtin_trap();
  }
  devicetree::HandoverSpec spec;
  spec.bootargs = "console=hvc0";
  spec.initrd = devicetree::AddressRange{0x10000000, 0x1000};
  spec.ima_buffer = devicetree::AddressRange{0x10400000, 0x10000};
  auto next = devicetree::BuildHandover(*tree, spec);
  if (next && devicetree::ReserveTree(*next, {0x10500000, 0x10000})) {
    ByteBuffer packed = next->Packed();
    // What baton hands over must pass its own validation.
    if (!devicetree::ValidateTree(packed)) __builtin_trap();
  }
  return 0;
}
