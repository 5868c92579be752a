// SPDX-License-Identifier: GPL-2.0-or-later
// The console setting as the vty node of the next kernel's /chosen/stdout-path: hvc0 is the
// firmware's console, hvc1.. the other vty devices by reg; device-tree paths as given; serial
// ports and unknown names leave the firmware's console, saying why.
#include <string>

#include "bootloader/devicetree/console.h"
#include "bootloader/devicetree/tree.h"
#include "tests/unit/fdt_builder.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::devicetree;
using testing::FdtBuilder;
using testing::HandBytes;

namespace {

ByteBuffer Text(const std::string& text) {
  ByteBuffer bytes(text.size() + 1);
  for (std::size_t i = 0; i < text.size(); ++i) bytes[i] = std::byte(text[i]);
  return bytes;
}
ByteBuffer Reg(std::uint32_t value) {
  HandBytes reg(ByteOrder::kBig);
  reg.U32(value);
  return reg.bytes();
}

// Three vty devices, in the tree out of reg order; the firmware's console is the middle one.
DeviceTree Tree() {
  const ByteBuffer blob = FdtBuilder()
                              .BeginNode("")
                              .BeginNode("chosen")
                              .Property("stdout-path", Text("/vdevice/vty@30000001"))
                              .EndNode()
                              .BeginNode("vdevice")
                              .BeginNode("vty@30000002")
                              .Property("compatible", Text("hvterm1"))
                              .Property("reg", Reg(0x30000002))
                              .EndNode()
                              .BeginNode("vty@30000001")
                              .Property("compatible", Text("hvterm1"))
                              .Property("reg", Reg(0x30000001))
                              .EndNode()
                              .BeginNode("vtpm@30000003")
                              .Property("compatible", Text("IBM,vtpm20"))
                              .Property("reg", Reg(0x30000003))
                              .EndNode()
                              .BeginNode("vty@30000000")
                              .Property("compatible", Text("hvterm-protocol"))
                              .Property("reg", Reg(0x30000000))
                              .EndNode()
                              .EndNode()
                              .EndNode()
                              .Finish();
  Result<DeviceTree> tree = DeviceTree::Load(blob, "test");
  CHECK(tree.has_value());
  return std::move(*tree);
}

}  // namespace

TEST_GROUP(Console){};

TEST(Console, HvcNumbersAreTheKernelsVtyOrder) {
  const DeviceTree tree = Tree();
  STRCMP_EQUAL("/vdevice/vty@30000001", ChooseConsoleNode(tree, "/dev/hvc0").node->c_str());
  STRCMP_EQUAL("/vdevice/vty@30000000",
               ChooseConsoleNode(tree, "/dev/hvc1 [IPMI / Serial]").node->c_str());
  STRCMP_EQUAL("/vdevice/vty@30000002", ChooseConsoleNode(tree, "/dev/hvc2").node->c_str());
  const ConsoleChoice none = ChooseConsoleNode(tree, "/dev/hvc3");
  CHECK(!none.node.has_value());
  CHECK(none.why.find("3 vty devices") != std::string::npos);
}

TEST(Console, PathsSerialPortsAndNothing) {
  const DeviceTree tree = Tree();
  STRCMP_EQUAL("/vdevice/vty@30000002",
               ChooseConsoleNode(tree, "/vdevice/vty@30000002").node->c_str());
  CHECK(!ChooseConsoleNode(tree, "/vdevice/vty@7").node.has_value());
  const ConsoleChoice serial = ChooseConsoleNode(tree, "/dev/ttyS0");
  CHECK(!serial.node.has_value());
  CHECK(serial.why.find("not a vty") != std::string::npos);
  CHECK(!ChooseConsoleNode(tree, "/dev/hvcx").node.has_value());
  const ConsoleChoice empty = ChooseConsoleNode(tree, "");
  CHECK(!empty.node.has_value());
  CHECK(empty.why.empty());
}
