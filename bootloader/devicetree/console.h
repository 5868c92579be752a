// SPDX-License-Identifier: GPL-2.0-or-later
// The next kernel's console, from the console setting (petitboot,console), as the node that
// /chosen/stdout-path names in baton's handover.
//
// On pseries the consoles are the vty nodes under /vdevice (compatible "hvterm1" or
// "hvterm-protocol"), and the kernel's hvc_vio numbers them so: hvc0 is the vty that
// /chosen/stdout-path names, then hvc1, hvc2, … are the others in the order the vio bus finds
// them (the device tree's, which QEMU and PowerVM give in unit-address order; baton sorts by
// reg). So the next kernel's hvc0 is whichever vty baton names, and console=hvc0 on its command
// line stays right.
//
// The setting is read as: "/dev/hvcN" (petitboot's form, with or without " [label]") for the
// running kernel's hvcN; or a device-tree path ("/vdevice/vty@30000001") as given, when it is a
// node of the tree. Anything else (a serial port, a VGA terminal: no vty) names no node.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bootloader/devicetree/tree.h"

namespace baton::devicetree {

struct ConsoleChoice {
  std::optional<std::string> node;  // for /chosen/stdout-path; nullopt: leave the firmware's
  std::string why;                  // when `node` is nullopt and the setting was not empty
};

ConsoleChoice ChooseConsoleNode(const DeviceTree& tree, std::string_view setting);

}  // namespace baton::devicetree
