// SPDX-License-Identifier: GPL-2.0-or-later
// Configurations that name other devices, read over several in-memory devices: grub's search (every
// form of its arguments, what $root holds, a device that arrives later), grub's device paths
// ("(hd0,gpt3)", "(UUID)", "($root)"), test's file operators on real files of the devices, and
// yaboot's device= and partition=. The expectations come from GRUB's commands/search_wrap.c,
// commands/test.c and kern/partition.c, and yaboot's yaboot.conf(5); where baton follows
// petitboot instead, the test says so.
#include <string>

#include "bootloader/discover/discovery.h"
#include "tests/unit/config/one_device_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::discover;

namespace {

platform::DeviceIdentity Identity(const char* id, const char* uuid = "", const char* label = "") {
  return {id, uuid, label, "ext4", 100};
}

const BootOption* Named(const Report& report, const std::string& name) {
  for (const BootOption& option : report.options) {
    if (option.config.name == name) return &option;
  }
  return nullptr;
}

// "device:path" of a resolved resource, "unresolved:reference" otherwise.
std::string Where(const BootResource& resource) {
  if (!resource.resolved) return "unresolved:" + resource.unresolved;
  return resource.device + ":" + resource.path;
}

std::string Kernel(const Report& report, const std::string& name) {
  const BootOption* option = Named(report, name);
  return option == nullptr ? std::string("no option") : Where(option->kernel);
}

}  // namespace

TEST_GROUP(DevicesInConfigs) {
  testing::MemoryDevice boot;
  testing::MemoryDevice data;
  testing::MemoryDevice late;
  Discovery discovery;
};

TEST(DevicesInConfigs, SearchReadsItsArgumentsAsGrubDoes) {
  boot.File("/boot/grub/grub.cfg",
            // --set VAR as one word or two; only the first key is searched.
            "search --fs-uuid --set=v1 AB-CD\n"
            "search --fs-uuid --set v2 AB-CD absent-key\n"
            // --hint takes the next word; --hint-ieee1275=… and --no-floppy take none.
            "search --label --set=v3 --hint hd0,gpt2 --no-floppy --hint-ieee1275=disk DATA\n"
            // petitboot's reading where grub refuses: no type searches by UUID.
            "search --set=v4 AB-CD\n"
            "search.fs_label DATA v5\n"
            // A title is expanded where the entry is defined: $root is not set yet.
            "menuentry \"$v1 $v2 $v3 $v4 $v5 [$root]\" { linux /vmlinux }\n"
            // The old syntax: the word after --set is the key, and $root is set.
            "search --no-floppy --fs-uuid --set ab-cd\n"
            "set r1=$root\n"
            "set root=\n"
            // petitboot's reading where grub only prints: no --set sets $root.
            "search --label DATA\n"
            "menuentry \"old $r1 none $root\" { linux /k }\n");
  data.File("/vmlinux", "k").File("/k", "k");
  // The configuration's device comes first: the device found is read when it is there.
  discovery.AddDevice(Identity("sda2"), boot);
  discovery.AddDevice(Identity("sdb1", "ab-cd", "DATA"), data);
  Report report = discovery.Resolve();
  // A device found is named by its id; the entries run with $root at its final value.
  STRCMP_EQUAL("sdb1:/vmlinux", Kernel(report, "sdb1 sdb1 sdb1 sdb1 sdb1 []").c_str());
  STRCMP_EQUAL("sdb1:/k", Kernel(report, "old sdb1 none sdb1").c_str());
}

TEST(DevicesInConfigs, ADeviceThatIsNotThereYetStaysUnresolvedUntilItArrives) {
  boot.File("/boot/grub/grub.cfg",
            "set root='hd0,gpt2'\n"
            "search --no-floppy --fs-uuid --set=root 7E57-0001\n"
            "menuentry \"Install from $root\" { linux /install/vmlinux; initrd /install/initrd }\n"
            "menuentry 'Rescue' { linux /rescue }\n");
  boot.File("/rescue", "r");
  discovery.AddDevice(Identity("sda2"), boot);
  Report before = discovery.Resolve();
  // Not the configuration's own device: the option waits for the one the UUID names.
  STRCMP_EQUAL("unresolved:uuid=7E57-0001", Kernel(before, "Install from 7E57-0001").c_str());
  STRCMP_EQUAL("unresolved:uuid=7E57-0001", Kernel(before, "Rescue").c_str());

  late.File("/install/vmlinux", "k").File("/install/initrd", "i");
  discovery.AddDevice(Identity("sdc1", "7e57-0001"), late);
  Report after = discovery.Resolve();
  // Read again now that the device is there: $root names it by its id.
  STRCMP_EQUAL("sdc1:/install/vmlinux", Kernel(after, "Install from sdc1").c_str());
  STRCMP_EQUAL("sdc1:/install/initrd",
               Where(Named(after, "Install from sdc1")->initrds[0]).c_str());
  CHECK(Named(after, "Install from 7E57-0001") == nullptr);
}

TEST(DevicesInConfigs, SearchByFileTakesTheFirstDeviceThatHoldsIt) {
  boot.File("/boot/grub/grub.cfg",
            "search --no-floppy --file --set=root /boot/marker\n"
            "menuentry \"on $root\" { linux /boot/vmlinux }\n"
            "if search --file /absent; then\n menuentry 'never' { linux /x }\nfi\n");
  data.File("/boot/marker", "");
  late.File("/boot/marker", "");
  discovery.AddDevice(Identity("sda2"), boot);
  discovery.AddDevice(Identity("sdb1"), data);
  discovery.AddDevice(Identity("sdc1"), late);
  Report report = discovery.Resolve();
  STRCMP_EQUAL("sdb1:/boot/vmlinux", Kernel(report, "on sdb1").c_str());
  CHECK(Named(report, "never") == nullptr);
}

TEST(DevicesInConfigs, DevicePathsNameDevicesAndPartitions) {
  boot.File("/boot/grub/grub.cfg",
            "menuentry 'partition' { linux (hd0,gpt3)/vmlinux }\n"
            "menuentry 'own partition' { linux (hd0,msdos2)/vmlinux }\n"
            "menuentry 'of path' { linux (ieee1275/disk,gpt3)/vmlinux }\n"
            "menuentry 'whole disk' { linux (hd0)/vmlinux }\n"
            "menuentry 'by uuid' { linux (ab-cd)/vmlinux }\n"
            "menuentry 'by id' { linux (sdb1)/vmlinux }\n"
            "menuentry 'empty' { linux ()/vmlinux }\n"
            "menuentry 'no file' { linux (ab-cd) }\n"
            "menuentry 'no paren' { linux (ab-cd/vmlinux }\n"
            "set root=sdb1\n"
            "menuentry 'root var' { linux ($root)/vmlinux }\n");
  discovery.AddDevice(Identity("sda2"), boot);
  discovery.AddDevice(Identity("sda3"), late);
  discovery.AddDevice(Identity("sdb1", "AB-CD"), data);
  Report report = discovery.Resolve();
  // (hdN,gptM): partition M of the disk grub.cfg is on.
  STRCMP_EQUAL("sda3:/vmlinux", Kernel(report, "partition").c_str());
  STRCMP_EQUAL("sda2:/vmlinux", Kernel(report, "own partition").c_str());
  STRCMP_EQUAL("sda3:/vmlinux", Kernel(report, "of path").c_str());
  STRCMP_EQUAL("sda2:/vmlinux", Kernel(report, "whole disk").c_str());
  STRCMP_EQUAL("sdb1:/vmlinux", Kernel(report, "by uuid").c_str());
  STRCMP_EQUAL("sdb1:/vmlinux", Kernel(report, "by id").c_str());
  STRCMP_EQUAL("sda2:/vmlinux", Kernel(report, "empty").c_str());
  STRCMP_EQUAL("sdb1:/vmlinux", Kernel(report, "root var").c_str());
  CHECK(Named(report, "no file") == nullptr);
  CHECK(Named(report, "no paren") == nullptr);
  CHECK(testing::HasNote(report.notes, "'(ab-cd)' names no file"));
  CHECK(testing::HasNote(report.notes, "device name without ')'"));
}

TEST(DevicesInConfigs, PartitionsOfNumberedDisksTakeAP) {
  boot.File("/boot/grub/grub.cfg", "menuentry 'p1' { linux (hd0,gpt1)/vmlinux }\n");
  discovery.AddDevice(Identity("nvme0n1p2"), boot);
  discovery.AddDevice(Identity("nvme0n1p1"), data);
  STRCMP_EQUAL("nvme0n1p1:/vmlinux", Kernel(discovery.Resolve(), "p1").c_str());
}

TEST(DevicesInConfigs, APartitionThatIsNotThereIsUnresolved) {
  boot.File("/boot/grub/grub.cfg", "menuentry 'p9' { linux (hd0,gpt9)/vmlinux }\n");
  discovery.AddDevice(Identity("sda2"), boot);
  STRCMP_EQUAL("unresolved:partition=9", Kernel(discovery.Resolve(), "p9").c_str());
}

TEST(DevicesInConfigs, AConfigurationOnADeviceWithoutPartitionsKeepsItsOwnDevice) {
  // A logical volume or a simulated machine's folder has no sibling partitions to name.
  boot.File("/boot/grub/grub.cfg", "menuentry 'p3' { linux (hd0,gpt3)/vmlinux }\n");
  discovery.AddDevice(Identity("dm-0"), boot);
  STRCMP_EQUAL("dm-0:/vmlinux", Kernel(discovery.Resolve(), "p3").c_str());
}

TEST(DevicesInConfigs, FileTestsLookAtTheFilesOfTheDevices) {
  boot.File("/boot/grub/grub.cfg",
            "if [ -f /present ]; then\n menuentry a { linux /k }\nfi\n"
            "if [ -f /absent ]; then\n menuentry b { linux /k }\nfi\n"
            "if [ -f (ab-cd)/2-present ]; then\n menuentry c { linux /k }\nfi\n"
            "if [ -f (no-such-uuid)/present ]; then\n menuentry d { linux /k }\nfi\n"
            "if [ -e (ab-cd) ]; then\n menuentry e { linux /k }\nfi\n"
            "if [ -e (no-such-uuid) ]; then\n menuentry f { linux /k }\nfi\n"
            "if [ -d /dir -a ! -f /dir ]; then\n menuentry g { linux /k }\nfi\n"
            // grub opens the file for -s: a directory and an empty file fail.
            "if [ -s /dir -o -s /empty ]; then\n menuentry h { linux /k }\nfi\n"
            "if [ -s /present ]; then\n menuentry i { linux /k }\nfi\n"
            "if test -f /empty; then\n menuentry j { linux /k }\nfi\n");
  boot.File("/present", "x").File("/empty", "").File("/dir/inside", "x").File("/k", "k");
  data.File("/2-present", "x");
  discovery.AddDevice(Identity("sda2"), boot);
  discovery.AddDevice(Identity("sdb1", "AB-CD"), data);
  std::string taken;
  for (const BootOption& option : discovery.Resolve().options) taken += option.config.name;
  STRCMP_EQUAL("acegij", taken.c_str());
}

TEST(DevicesInConfigs, YabootDeviceAndPartitionNameWherePathsLive) {
  boot.File("/etc/yaboot.conf",
            "device=/dev/sda1\n"
            "image=/vmlinux.1\n\tlabel=one\n"
            "image=/vmlinux.2\n\tlabel=two\n\tdevice=/dev/sdb1\n"
            // A path's own device beats device=; the initrd without one is on device=.
            "image=sdb1:/vmlinux.3\n\tlabel=three\n\tdevice=/dev/sda3\n\tinitrd=initrd.3\n"
            // partition= replaces the partition of device=, or names one of a whole disk.
            "image=/vmlinux.4\n\tlabel=four\n\tdevice=sda1\n\tpartition=3\n"
            "image=/vmlinux.5\n\tlabel=five\n\tdevice=sdb\n\tpartition=1\n"
            // A firmware name with partition=: that partition of the configuration's disk.
            "image=/vmlinux.6\n\tlabel=six\n\tdevice=hd:\n\tpartition=3\n"
            "image=hd:3,/vmlinux.7\n\tlabel=seven\n\tdevice=hd:\n"
            "image=/vmlinux.8\n\tlabel=eight\n\tpartition=0x3\n");
  discovery.AddDevice(Identity("sda2"), boot);
  discovery.AddDevice(Identity("sda1"), data);
  discovery.AddDevice(Identity("sda3"), late);
  testing::MemoryDevice sdb1;
  discovery.AddDevice(Identity("sdb1"), sdb1);
  Report report = discovery.Resolve();
  STRCMP_EQUAL("sda1:/vmlinux.1", Kernel(report, "one").c_str());
  STRCMP_EQUAL("sdb1:/vmlinux.2", Kernel(report, "two").c_str());
  STRCMP_EQUAL("sdb1:/vmlinux.3", Kernel(report, "three").c_str());
  STRCMP_EQUAL("sda3:/initrd.3", Where(Named(report, "three")->initrds[0]).c_str());
  STRCMP_EQUAL("sda3:/vmlinux.4", Kernel(report, "four").c_str());
  STRCMP_EQUAL("sdb1:/vmlinux.5", Kernel(report, "five").c_str());
  STRCMP_EQUAL("sda3:/vmlinux.6", Kernel(report, "six").c_str());
  STRCMP_EQUAL("sda3:/vmlinux.7", Kernel(report, "seven").c_str());
  // Not a number: device= stands (here, the global /dev/sda1), with a note.
  STRCMP_EQUAL("sda1:/vmlinux.8", Kernel(report, "eight").c_str());
  CHECK(testing::HasNote(report.notes, "partition=0x3 is not a partition number"));
}
