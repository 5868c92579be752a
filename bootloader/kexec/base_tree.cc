// SPDX-License-Identifier: GPL-2.0-or-later
// The live tree, flattened with the firmware's reservations.
#include "bootloader/kexec/base_tree.h"

#include <string>
#include <vector>

#include "bootloader/devicetree/live_tree.h"
#include "bootloader/devicetree/tree.h"
#include "bootloader/kexec/memory_map.h"

namespace baton::kexec {

Result<ByteBuffer> FlattenLiveTree(platform::FileSystem& files, std::string_view directory) {
  devicetree::LiveNode root = BATON_TRY(devicetree::ReadLiveTree(files, directory));
  ByteBuffer bare = BATON_TRY(devicetree::FlattenTree(root, {}, 0));
  devicetree::DeviceTree tree =
      BATON_TRY(devicetree::DeviceTree::Load(bare, std::string(directory)));
  auto map = ReadMemoryMap(tree, NativeByteOrder());
  std::vector<devicetree::AddressRange> reservations;
  if (map) reservations = FirmwareReservations(*map);
  // The boot CPU: the running kernel's, which the trampoline overwrites with the CPU that enters.
  return devicetree::FlattenTree(root, reservations, 0);
}

}  // namespace baton::kexec
