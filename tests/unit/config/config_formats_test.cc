// SPDX-License-Identifier: GPL-2.0-or-later
// The line-oriented formats (BLS, syslinux family, yaboot, kboot, baton.conf, grubenv) and device
// paths, each with an empty file, a missing final newline and binary garbage.
#include <string>

#include "bootloader/config/baton_conf.h"
#include "bootloader/config/bls.h"
#include "bootloader/config/grub.h"
#include "bootloader/config/grubenv.h"
#include "bootloader/config/kboot.h"
#include "bootloader/config/paths.h"
#include "bootloader/config/syslinux.h"
#include "bootloader/config/yaboot.h"
#include "tests/unit/config/one_device_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::config;

namespace {

using Parser = ConfigResult (*)(ConfigFiles&, std::string_view, std::string_view);

ConfigResult Run(Parser parser, testing::MemoryDevice& device, const std::string& path,
                 const std::string& text) {
  device.File(path, text);
  testing::OneDeviceFiles files(device);
  return parser(files, path, text);
}

}  // namespace

TEST_GROUP(ConfigFormats) { testing::MemoryDevice device; };

TEST(ConfigFormats, DevicePathsNeverLeaveTheRoot) {
  STRCMP_EQUAL("/boot/vmlinux", NormalizeDevicePath("//boot/./x/../vmlinux").value().c_str());
  STRCMP_EQUAL("/", NormalizeDevicePath("/boot/..").value().c_str());
  CHECK(NormalizeDevicePath("/../etc/passwd").error().code() == ErrorCode::kPermission);
  CHECK(NormalizeDevicePath("/boot/../../x").error().code() == ErrorCode::kPermission);
  CHECK_FALSE(NormalizeDevicePath("relative").has_value());
  STRCMP_EQUAL("/syslinux/vmlinuz", ResolveDevicePath("/syslinux", "vmlinuz").value().c_str());
  CHECK(IsFirmwareDiskName("hd0,gpt2"));
  CHECK(IsFirmwareDiskName("ieee1275//vdevice/v-scsi@2000/disk@8100000000000000,gpt2"));
  CHECK(IsFirmwareDiskName("hd:"));
  CHECK_FALSE(IsFirmwareDiskName("sda2"));
  CHECK_FALSE(IsFirmwareDiskName("hdd-data"));
}

TEST(ConfigFormats, PartitionNamesAsGrubAndLinuxWriteThem) {
  STRCMP_EQUAL("3", FirmwarePartition("hd0,gpt3").value_or("-").c_str());
  STRCMP_EQUAL("5", FirmwarePartition("hd1,msdos5").value_or("-").c_str());
  STRCMP_EQUAL(
      "2", FirmwarePartition("ieee1275//vdevice/v-scsi@2000/disk@81,msdos2").value_or("-").c_str());
  CHECK_FALSE(FirmwarePartition("hd0").has_value());
  CHECK_FALSE(FirmwarePartition("/pci@800000020000000/scsi@2/sd@0,0").has_value());
  CHECK_FALSE(FirmwarePartition("hd0,gpt0").has_value());
  CHECK(ReferenceForName("hd0,gpt3") == (DeviceReference{DeviceMatch::kPartition, "3"}));
  CHECK(ReferenceForName("hd0") == DeviceReference{});
  CHECK(ReferenceForName("/dev/sdb2") == (DeviceReference{DeviceMatch::kName, "sdb2"}));
  // The kernel's disk_name(): a disk whose name ends in a digit takes "p".
  STRCMP_EQUAL("sda", DiskOfPartition("sda2").value_or("-").c_str());
  STRCMP_EQUAL("nvme0n1", DiskOfPartition("nvme0n1p12").value_or("-").c_str());
  STRCMP_EQUAL("mmcblk0", DiskOfPartition("mmcblk0p1").value_or("-").c_str());
  for (const char* whole : {"sda", "nvme0n1", "mmcblk0", "sr0", "md127", "dm-0", "loop3", "boot"}) {
    CHECK_TEXT(!DiskOfPartition(whole).has_value(), whole);
  }
  STRCMP_EQUAL("sda3", PartitionOf("sda", "3").c_str());
  STRCMP_EQUAL("nvme0n1p3", PartitionOf("nvme0n1", "3").c_str());
  CHECK(PartitionReference({DeviceMatch::kName, "sda1"}, "2") ==
        (DeviceReference{DeviceMatch::kName, "sda2"}));
  CHECK(PartitionReference({}, "2") == (DeviceReference{DeviceMatch::kPartition, "2"}));
  CHECK(PartitionReference({DeviceMatch::kUuid, "U"}, "2") ==
        (DeviceReference{DeviceMatch::kUuid, "U"}));
}

TEST(ConfigFormats, SyslinuxWithoutDefaultBootsTheImplicitOne) {
  // No DEFAULT: the label "linux" (syslinux's built-in default before 3.86, petitboot's).
  ConfigResult linux = Run(ParseSyslinux, device, "/syslinux.cfg",
                           "label rescue\n kernel /r\nlabel linux\n kernel /l\n");
  CHECK(linux.default_index == 1u);
  // Else the first label, which a menu highlights; also when DEFAULT names the menu module.
  ConfigResult first =
      Run(ParseSyslinux, device, "/syslinux.cfg", "label a\n kernel /a\nlabel b\n kernel /b\n");
  CHECK(first.default_index == 0u);
  ConfigResult module = Run(ParseSyslinux, device, "/syslinux.cfg",
                            "default vesamenu.c32\nlabel a\n kernel /a\nlabel linux\n kernel /l\n");
  CHECK(module.default_index == 0u);
  // DEFAULT is a command line: its first word is the label; ONTIMEOUT is what a timeout runs.
  ConfigResult words = Run(ParseSyslinux, device, "/syslinux.cfg",
                           "default b auto\nlabel a\n kernel /a\nlabel b\n kernel /b\n");
  CHECK(words.default_index == 1u);
  ConfigResult timeout = Run(ParseSyslinux, device, "/syslinux.cfg",
                             "default a\nontimeout b\nlabel a\n kernel /a\nlabel b\n kernel /b\n");
  CHECK(timeout.default_index == 1u);
}

TEST(ConfigFormats, GrubenvUndoesEscapes) {
  auto variables =
      ParseGrubEnv("# GRUB Environment Block\na=1\nb=x\\\\y\\\nz\nnot a pair\n=v\n####");
  UNSIGNED_LONGS_EQUAL(2, variables.size());
  STRCMP_EQUAL("1", variables[0].second.c_str());
  STRCMP_EQUAL("x\\y\nz", variables[1].second.c_str());
}

TEST(ConfigFormats, GrubenvEditsKeepTheBlockSizeAndReadBack) {
  std::string block = "# GRUB Environment Block\nsaved_entry=a\nnext_entry=plain\n";
  block.append(1024 - block.size(), '#');
  Result<std::string> cleared = SetGrubEnv(block, "next_entry", std::string_view());
  CHECK(cleared.has_value());
  UNSIGNED_LONGS_EQUAL(1024, cleared->size());
  auto read = ParseGrubEnv(*cleared);
  UNSIGNED_LONGS_EQUAL(2, read.size());
  STRCMP_EQUAL("next_entry", read[1].first.c_str());
  STRCMP_EQUAL("", read[1].second.c_str());
  // A new variable goes before the free space; one removed gives its bytes back.
  Result<std::string> added = SetGrubEnv(*cleared, "k", std::string_view("x\\y\nz"));
  CHECK(added.has_value());
  read = ParseGrubEnv(*added);
  UNSIGNED_LONGS_EQUAL(3, read.size());
  STRCMP_EQUAL("x\\y\nz", read[2].second.c_str());
  Result<std::string> removed = SetGrubEnv(*added, "saved_entry", std::nullopt);
  CHECK(removed.has_value());
  UNSIGNED_LONGS_EQUAL(1024, removed->size());
  read = ParseGrubEnv(*removed);
  UNSIGNED_LONGS_EQUAL(2, read.size());
  STRCMP_EQUAL("next_entry", read[0].first.c_str());
  // Removing what is not there changes nothing.
  Result<std::string> same = SetGrubEnv(*removed, "absent", std::nullopt);
  CHECK(same.has_value() && *same == *removed);
}

TEST(ConfigFormats, GrubenvEditsRefuseWhatGrubRefuses) {
  std::string full = "# GRUB Environment Block\na=1\n##";
  Result<std::string> grown = SetGrubEnv(full, "a", std::string_view("1234"));
  CHECK(!grown.has_value());
  LONGS_EQUAL(static_cast<long>(ErrorCode::kTooLarge), static_cast<long>(grown.error().code()));
  CHECK(grown.error().ToString().find("too small") != std::string::npos);
  CHECK(SetGrubEnv(full, "a", std::string_view("123")).has_value());  // exactly fits
  CHECK(!SetGrubEnv("saved_entry=a\n####", "a", std::string_view("b")).has_value());
  CHECK(!SetGrubEnv(full, "a=b", std::string_view("c")).has_value());
  CHECK(!SetGrubEnv(full, "", std::string_view("c")).has_value());
}

TEST(ConfigFormats, VersionsCompareAsRpmDoes) {
  CHECK(CompareVersions("5.14.0-10", "5.14.0-9") > 0);
  CHECK(CompareVersions("1.0", "1.0") == 0);
  CHECK(CompareVersions("1.0~rc1", "1.0") < 0);
  CHECK(CompareVersions("1.0a", "1.0") > 0);
  CHECK(CompareVersions("1.010", "1.9") > 0);
  CHECK(CompareVersions("1.a", "1.1") < 0);
  CHECK(CompareVersions("2.0", "10") < 0);
  CHECK(CompareVersions("fc39", "fc39.1") < 0);
}

TEST(ConfigFormats, BlsEntriesSortNewestFirstWithUnversionedOnTop) {
  std::vector<BlsEntry> entries = {
      ParseBlsEntry("m-6.5.6", "/e/a", "version 6.5.6-300\nlinux /a\n"),
      ParseBlsEntry("m-6.6.8", "/e/b", "version 6.6.8-200\nlinux /b\n"),
      ParseBlsEntry("m-0-rescue", "/e/c", "version 0-rescue-abc\nlinux /c\n"),
      ParseBlsEntry("zz-no-version", "/e/d", "linux /d\n")};
  SortBlsEntries(entries);
  STRCMP_EQUAL("zz-no-version", entries[0].id.c_str());
  STRCMP_EQUAL("m-6.6.8", entries[1].id.c_str());
  STRCMP_EQUAL("m-6.5.6", entries[2].id.c_str());
  STRCMP_EQUAL("m-0-rescue", entries[3].id.c_str());
}

TEST(ConfigFormats, BlsDirectlyWithoutGrub) {
  device.File("/boot/loader/entries/x.conf",
              "# comment\ntitle X\n\nlinux /boot/vmlinuz\ninitrd /boot/a.img\ninitrd /boot/b.img\n"
              "devicetree /boot/x.dtb\noptions root=/dev/sda1 $extra");
  device.File("/boot/loader/entries/no-linux.conf", "title Nothing\n");
  device.File("/boot/loader/entries/README", "not an entry");
  testing::OneDeviceFiles files(device);
  ConfigResult result = ParseBlsDirectly(files);
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  STRCMP_EQUAL("/boot/loader/entries", result.path.c_str());
  STRCMP_EQUAL("x", result.options[0].id.c_str());
  UNSIGNED_LONGS_EQUAL(2, result.options[0].initrds.size());
  CHECK(result.options[0].dtb.has_value());
  STRCMP_EQUAL("root=/dev/sda1", result.options[0].args.c_str());
  CHECK(result.default_index == 0u);
  CHECK(testing::HasNote(result.notes, "without 'linux'"));
}

TEST(ConfigFormats, SyslinuxLabelsAppendAndDefaults) {
  ConfigResult result =
      Run(ParseSyslinux, device, "/boot/syslinux/syslinux.cfg",
          "default Two\ntimeout 15\nappend global=1\n"
          "label One\n  kernel vmlinuz\n  append - \n"
          "LABEL Two\n  MENU LABEL T^wo\n  LINUX /k2\n  INITRD a.img, /b.img\n  FDT x.dtb\n"
          "label Three\n  linux /k3\n  append initrd=/c.img quiet\n"
          "label menu\n  kernel vesamenu.c32");
  UNSIGNED_LONGS_EQUAL(3, result.options.size());
  STRCMP_EQUAL("/boot/syslinux/vmlinuz", result.options[0].kernel.path.c_str());
  STRCMP_EQUAL("", result.options[0].args.c_str());
  STRCMP_EQUAL("Two", result.options[1].name.c_str());
  STRCMP_EQUAL("global=1", result.options[1].args.c_str());
  STRCMP_EQUAL("/boot/syslinux/a.img", result.options[1].initrds[0].path.c_str());
  STRCMP_EQUAL("/b.img", result.options[1].initrds[1].path.c_str());
  STRCMP_EQUAL("/boot/syslinux/x.dtb", result.options[1].dtb->path.c_str());
  STRCMP_EQUAL("quiet", result.options[2].args.c_str());
  STRCMP_EQUAL("/c.img", result.options[2].initrds[0].path.c_str());
  CHECK(result.default_index == 1u);
  CHECK(result.timeout_seconds == 2u);
  CHECK(testing::HasNote(result.notes, "label 'menu' boots no Linux kernel"));
}

TEST(ConfigFormats, SyslinuxIncludeThatLoopsStops) {
  device.File("/syslinux/loop.cfg", "label L\n kernel /l\ninclude loop.cfg\n");
  ConfigResult result = Run(ParseSyslinux, device, "/syslinux/syslinux.cfg", "include loop.cfg\n");
  CHECK(testing::HasNote(result.notes, "INCLUDE nested too deep"));
  UNSIGNED_LONGS_EQUAL(10, result.options.size());
}

TEST(ConfigFormats, SyslinuxIncludeFanOutIsBounded) {
  device.File("/syslinux/twice.cfg", "include twice.cfg\ninclude twice.cfg\n");
  ConfigResult result = Run(ParseSyslinux, device, "/syslinux/syslinux.cfg", "include twice.cfg\n");
  CHECK(testing::HasNote(result.notes, "more than 100 files included"));
}

TEST(ConfigFormats, YabootInheritsGlobalsPerImage) {
  ConfigResult result =
      Run(ParseYaboot, device, "/etc/yaboot.conf",
          "timeout=30\ndefault=second\nread-only\nappend=\"quiet\"\ninitrd=/initrd.img\n"
          "image=/vmlinux\n\tlabel=first\n\troot=/dev/sda3\n"
          "image=hd:3,/vmlinux.old\n\tlabel=second\n\tread-write\n\tappend=\"single\"\n"
          "image=/vmlinux.lit\n\tlabel=third\n\tliteral=\"root=/dev/sdb1 rw\"");
  UNSIGNED_LONGS_EQUAL(3, result.options.size());
  STRCMP_EQUAL("root=/dev/sda3 ro quiet", result.options[0].args.c_str());
  STRCMP_EQUAL("/initrd.img", result.options[0].initrds[0].path.c_str());
  STRCMP_EQUAL("/vmlinux.old", result.options[1].kernel.path.c_str());
  CHECK(result.options[1].kernel.device == (DeviceReference{DeviceMatch::kPartition, "3"}));
  STRCMP_EQUAL("rw single", result.options[1].args.c_str());
  STRCMP_EQUAL("root=/dev/sdb1 rw", result.options[2].args.c_str());
  CHECK(result.default_index == 1u);
  CHECK(result.timeout_seconds == 3u);
}

TEST(ConfigFormats, KbootGlobalsAndPerOptionOverrides) {
  ConfigResult result =
      Run(ParseKboot, device, "/etc/kboot.conf",
          "default=b\ntimeout=4\ninitrd=/initrd\nroot=/dev/sda1\n"
          "a='/vmlinux quiet'\nb=\"sdb2:/vmlinux.b initrd=/i.b root=/dev/sdb1 x=1\"\nbroken=\n");
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("root=/dev/sda1 quiet", result.options[0].args.c_str());
  STRCMP_EQUAL("/initrd", result.options[0].initrds[0].path.c_str());
  CHECK(result.options[1].kernel.device == (DeviceReference{DeviceMatch::kName, "sdb2"}));
  STRCMP_EQUAL("root=/dev/sdb1 x=1", result.options[1].args.c_str());
  STRCMP_EQUAL("/i.b", result.options[1].initrds[0].path.c_str());
  CHECK(result.default_index == 1u);
  CHECK(result.timeout_seconds == 4u);
  CHECK(testing::HasNote(result.notes, "option 'broken' has no usable kernel"));
}

TEST(ConfigFormats, BatonConfReadsItsOwnFormat) {
  ConfigResult result =
      Run(ParseBatonConf, device, "/boot/baton.conf",
          "timeout 7\ndefault b\noption a\n name A\n kernel vmlinux\n initrd (uuid=U)/i1\n"
          " initrd (label=L)/i2\n dtb (device=sdb1)/d.dtb\n args x y\n"
          "option b\n kernel /k\n colour blue\n"
          "option c\n kernel (nonsense)/k\n"
          "option d\n name No kernel\n"
          "option e\n kernel (label=L)/../../k\n");
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("/boot/vmlinux", result.options[0].kernel.path.c_str());
  CHECK(result.options[0].initrds[0].device == (DeviceReference{DeviceMatch::kUuid, "U"}));
  CHECK(result.options[0].initrds[1].device == (DeviceReference{DeviceMatch::kLabel, "L"}));
  CHECK(result.options[0].dtb->device == (DeviceReference{DeviceMatch::kName, "sdb1"}));
  STRCMP_EQUAL("x y", result.options[0].args.c_str());
  STRCMP_EQUAL("b", result.options[1].name.c_str());
  CHECK(result.default_index == 1u);
  CHECK(result.timeout_seconds == 7u);
  CHECK(testing::HasNote(result.notes, "unknown key 'colour'"));
  CHECK(testing::HasNote(result.notes, "option 'c' refused"));
  CHECK(testing::HasNote(result.notes, "option 'd' has no kernel"));
  CHECK(testing::HasNote(result.notes, "option 'e' refused"));
}

TEST(ConfigFormats, EveryParserSurvivesEmptyUnterminatedAndGarbageInput) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
  struct Named {
    Parser parser;
    const char* path;
    const char* no_newline;
  } parsers[] = {{ParseGrub, "/grub/grub.cfg", "menuentry x { linux /k"},
                 {ParseSyslinux, "/syslinux.cfg", "label x\nkernel /k"},
                 {ParseYaboot, "/etc/yaboot.conf", "image=/k"},
                 {ParseKboot, "/etc/kboot.conf", "x=/k"},
                 {ParseBatonConf, "/baton.conf", "option x\nkernel /k"}};
  for (const Named& named : parsers) {
    testing::MemoryDevice fresh;
    UNSIGNED_LONGS_EQUAL(0, Run(named.parser, fresh, named.path, "").options.size());
    ConfigResult unterminated = Run(named.parser, fresh, named.path, named.no_newline);
    CHECK_TEXT(unterminated.options.size() <= 1, named.path);
    ConfigResult survived = Run(named.parser, fresh, named.path, garbage);
    CHECK_TEXT(survived.options.size() < 100, named.path);
  }
}
