// SPDX-License-Identifier: GPL-2.0-or-later
// Discovery over in-memory devices: resolution across devices, a device that appears later, one
// default across devices, BLS read once, the 1 MiB limit, garbage, and the exact JSON.
#include <memory>
#include <string>

#include "bootloader/discover/discovery.h"
#include "bootloader/discover/report_json.h"
#include "tests/unit/config/one_device_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::discover;

namespace {

platform::DeviceIdentity Identity(const char* id, const char* uuid = "", const char* label = "",
                                  int priority = 100) {
  return {id, uuid, label, "ext4", priority};
}

}  // namespace

TEST_GROUP(Discovery) {
  testing::MemoryDevice boot;
  testing::MemoryDevice usb;
  testing::MemoryDevice data;
  Discovery discovery;
};

TEST(Discovery, UnresolvedDeviceResolvesWhenItAppearsLater) {
  boot.File("/boot/grub/grub.cfg",
            "search --no-floppy --fs-uuid --set=root 7E57-0001\n"
            "menuentry 'From USB' { linux /install/vmlinux; initrd /install/initrd.gz }\n");
  discovery.AddDevice(Identity("sda1"), boot);
  Report before = discovery.Resolve();
  UNSIGNED_LONGS_EQUAL(1, before.options.size());
  CHECK_FALSE(before.options[0].kernel.resolved);
  STRCMP_EQUAL("uuid=7E57-0001", before.options[0].kernel.unresolved.c_str());
  // An unresolved kernel cannot be the default: nothing boots by itself yet.
  CHECK_FALSE(before.default_option.has_value());

  usb.File("/install/vmlinux", "k");
  discovery.AddDevice(Identity("sdb1", "7e57-0001"), usb);
  Report after = discovery.Resolve();
  CHECK(after.options[0].kernel.resolved);
  STRCMP_EQUAL("sdb1", after.options[0].kernel.device.c_str());
  STRCMP_EQUAL("sdb1", after.options[0].initrds[0].device.c_str());
  CHECK(after.default_option == 0u);
}

TEST(Discovery, OneDefaultFollowsDevicePriority) {
  boot.File("/boot/grub/grub.cfg", "set timeout=9\nmenuentry A { linux /a }\n");
  usb.File("/syslinux.cfg", "timeout 20\ndefault b\nlabel b\n kernel /b\n");
  data.File("/etc/kboot.conf", "c=/c\n");  // kboot without `default`: no default
  discovery.AddDevice(Identity("sda1", "", "", 100), boot);
  discovery.AddDevice(Identity("sdb1", "", "", 5), usb);
  discovery.AddDevice(Identity("sdc1", "", "", 1), data);
  Report report = discovery.Resolve();
  UNSIGNED_LONGS_EQUAL(3, report.options.size());
  CHECK(report.default_option == 1u);
  CHECK_FALSE(report.options[0].is_default);
  CHECK(report.options[1].is_default);
  CHECK(report.timeout_seconds == 2u);
}

TEST(Discovery, BlsIsReadOnceThroughBlscfgAndDirectlyWithoutGrub) {
  boot.File("/grub2/grub.cfg", "blscfg\n").File("/loader/entries/a.conf", "title A\nlinux /a\n");
  usb.File("/loader/entries/b.conf", "title B\nlinux /b\n");
  discovery.AddDevice(Identity("sda1"), boot);
  discovery.AddDevice(Identity("sdb1"), usb);
  Report report = discovery.Resolve();
  UNSIGNED_LONGS_EQUAL(2, report.options.size());
  STRCMP_EQUAL("grub2", report.options[0].parser.c_str());
  STRCMP_EQUAL("bls", report.options[1].parser.c_str());
  STRCMP_EQUAL("B", report.options[1].config.name.c_str());
}

TEST(Discovery, ConfigurationsOverOneMebibyteAreRefusedWithAClearError) {
  std::string huge = "menuentry A { linux /a }\n";
  huge += std::string((1 << 20) - huge.size() + 1, '#');
  boot.File("/boot/grub/grub.cfg", huge);
  boot.File("/boot/syslinux/syslinux.cfg", "label s\n kernel /s\n");
  discovery.AddDevice(Identity("sda1"), boot);
  Report report = discovery.Resolve();
  CHECK(testing::HasNote(report.notes,
                         "sda1: /boot/grub/grub.cfg: configuration file over 1 MiB refused"));
  UNSIGNED_LONGS_EQUAL(1, report.options.size());
  STRCMP_EQUAL("syslinux", report.options[0].parser.c_str());
}

TEST(Discovery, ExactlyOneMebibyteIsRead) {
  std::string full = "menuentry A { linux /a }\n";
  full += std::string((1 << 20) - full.size(), '#');
  boot.File("/grub.cfg", full);
  discovery.AddDevice(Identity("sda1"), boot);
  UNSIGNED_LONGS_EQUAL(1, discovery.Resolve().options.size());
}

TEST(Discovery, BinaryGarbageInEveryConfigurationIsSurvived) {
  std::string garbage;
  for (int i = 0; i < 65536; ++i) garbage += static_cast<char>((i * 2654435761u) >> 24);
  for (const char* path : {"/baton.conf", "/grub.cfg", "/syslinux.cfg", "/yaboot.conf",
                           "/kboot.conf", "/loader/entries/x.conf"}) {
    boot.File(path, garbage);
  }
  discovery.AddDevice(Identity("sda1"), boot);
  Report report = discovery.Resolve();
  CHECK(report.options.size() < 1000);
}

TEST(Discovery, MatchesDevicesByIdUuidAndLabel) {
  std::vector<platform::DeviceIdentity> devices = {Identity("sda1", "AB-CD", "ROOT"),
                                                   Identity("sdb1", "ef-01", "sda1")};
  using config::DeviceMatch;
  CHECK(MatchDevice(devices, 1, {DeviceMatch::kSame, ""}) == 1u);
  CHECK(MatchDevice(devices, 0, {DeviceMatch::kUuid, "ab-cd"}) == 0u);
  CHECK(MatchDevice(devices, 0, {DeviceMatch::kUuid, "EF-01"}) == 1u);
  CHECK(MatchDevice(devices, 0, {DeviceMatch::kLabel, "ROOT"}) == 0u);
  CHECK_FALSE(MatchDevice(devices, 0, {DeviceMatch::kLabel, "root"}).has_value());
  // A name is an id first: "sda1" is sda1 even though sdb1 is labelled "sda1".
  CHECK(MatchDevice(devices, 1, {DeviceMatch::kName, "sda1"}) == 0u);
  CHECK(MatchDevice(devices, 1, {DeviceMatch::kName, "EF-01"}) == 1u);
  CHECK_FALSE(MatchDevice(devices, 0, {DeviceMatch::kName, "sdz9"}).has_value());
}

TEST(Discovery, JsonIsExactlyTheDocumentTheIssueSpecifies) {
  boot.File("/boot/baton.conf",
            "default a\noption a\n name A \"quoted\"\n kernel /vmlinux\n initrd /i1\n initrd "
            "(label=GONE)/i2\n"
            " dtb /x.dtb\n args console=hvc0\n");
  discovery.AddDevice({"sda1", "U-1", "", "xfs", 100}, boot);
  std::string json = ReportJson(discovery.Resolve());
  STRCMP_EQUAL(
      "{\"devices\":[{\"id\":\"sda1\",\"uuid\":\"U-1\",\"label\":null,\"fstype\":\"xfs\"}],"
      "\"options\":[{\"device\":\"sda1\",\"name\":\"A \\\"quoted\\\"\",\"group\":null,"
      "\"kernel\":{\"device\":\"sda1\",\"path\":\"/vmlinux\"},"
      "\"initrd\":[{\"device\":\"sda1\",\"path\":\"/"
      "i1\"},{\"unresolved\":\"label=GONE\",\"path\":\"/i2\"}],"
      "\"dtb\":{\"device\":\"sda1\",\"path\":\"/"
      "x.dtb\"},\"args\":\"console=hvc0\",\"default\":true,"
      "\"source\":{\"file\":\"/boot/baton.conf\",\"line\":2}}]}",
      json.c_str());
}

// petitboot's autoboot choice over the configurations' defaults (device-handler.c,
// default_option_priority): the earliest matching entry wins, the preferred default on a tie,
// and a device no entry names never autoboots.
TEST(Discovery, ABootOrderChoosesAmongTheDefaultsAsPetitbootDoes) {
  boot.File("/boot/grub/grub.cfg", "menuentry A { linux /a }\n");
  usb.File("/syslinux.cfg", "default b\nlabel b\n kernel /b\n");
  data.File("/boot/grub/grub.cfg", "menuentry C { linux /c }\nmenuentry D { linux /d }\n");
  platform::DeviceIdentity stick = Identity("sdb1", "5C3E-88A1", "", 50);
  stick.type = "usb";
  discovery.AddDevice(Identity("sda1", "0b5c-1f2e", "", 10), boot);
  discovery.AddDevice(stick, usb);
  discovery.AddDevice(Identity("sdc1", "9d0e-7f11", "", 100), data);
  Report report = discovery.Resolve();
  UNSIGNED_LONGS_EQUAL(4, report.options.size());
  UNSIGNED_LONGS_EQUAL(3, report.defaults.size());  // A, b, C: preferred first
  CHECK(report.default_option == 0u);
  auto choose = [&](std::vector<BootOrderEntry> order) { return ChooseByBootOrder(report, order); };
  CHECK(choose({}) == 0u);                                // no order: discovery's
  CHECK(choose({{"usb", ""}, {"disk", ""}}) == 1u);       // the stick first
  CHECK(choose({{"disk", ""}, {"usb", ""}}) == 0u);       // a tie: the preferred disk
  CHECK(choose({{"", "9d0e-7f11"}, {"any", ""}}) == 2u);  // one file system by UUID
  CHECK(choose({{"network", ""}, {"any", ""}}) == 0u);    // petitboot's default order
  CHECK(!choose({{"optical", ""}}).has_value());          // nothing matches: none
  CHECK(!choose({{"", "no-such-uuid"}, {"network", ""}}).has_value());
}
