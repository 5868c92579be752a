// SPDX-License-Identifier: GPL-2.0-or-later
// The configuration search paths.
#include "bootloader/discover/config_locations.h"

#include "bootloader/config/baton_conf.h"
#include "bootloader/config/grub.h"
#include "bootloader/config/kboot.h"
#include "bootloader/config/syslinux.h"
#include "bootloader/config/yaboot.h"

namespace baton::discover {

namespace {

using namespace std::string_view_literals;

constexpr std::string_view kBatonPaths[] = {"/baton.conf"sv, "/boot/baton.conf"sv};
constexpr std::string_view kGrubPaths[] = {
    "/grub.cfg"sv,           "/grub/grub.cfg"sv,       "/grub2/grub.cfg"sv,
    "/boot/grub/grub.cfg"sv, "/boot/grub2/grub.cfg"sv, "/efi/boot/grub.cfg"sv,
    "/GRUB.CFG"sv,           "/GRUB/GRUB.CFG"sv,       "/GRUB2/GRUB.CFG"sv,
    "/BOOT/GRUB/GRUB.CFG"sv, "/EFI/BOOT/GRUB.CFG"sv};
constexpr std::string_view kSyslinuxPaths[] = {
    "/boot/syslinux/syslinux.cfg"sv,  "/syslinux/syslinux.cfg"sv,      "/syslinux.cfg"sv,
    "/BOOT/SYSLINUX/SYSLINUX.CFG"sv,  "/SYSLINUX/SYSLINUX.CFG"sv,      "/SYSLINUX.CFG"sv,
    "/boot/extlinux/extlinux.conf"sv, "/extlinux/extlinux.conf"sv,     "/extlinux.conf"sv,
    "/isolinux/isolinux.cfg"sv,       "/boot/isolinux/isolinux.cfg"sv, "/ISOLINUX/ISOLINUX.CFG"sv};
constexpr std::string_view kYabootPaths[] = {
    "/yaboot.conf"sv,         "/yaboot.cnf"sv,         "/etc/yaboot.conf"sv, "/etc/yaboot.cnf"sv,
    "/suseboot/yaboot.cnf"sv, "/YABOOT.CONF"sv,        "/YABOOT.CNF"sv,      "/ETC/YABOOT.CONF"sv,
    "/ETC/YABOOT.CNF"sv,      "/SUSEBOOT/YABOOT.CNF"sv};
constexpr std::string_view kKbootPaths[] = {
    "/kboot.conf"sv, "/kboot.cnf"sv, "/etc/kboot.conf"sv, "/etc/kboot.cnf"sv,
    "/KBOOT.CONF"sv, "/KBOOT.CNF"sv, "/ETC/KBOOT.CONF"sv, "/ETC/KBOOT.CNF"sv};

constexpr ConfigLocation kLocations[] = {{ConfigFormat::kBaton, kBatonPaths},
                                         {ConfigFormat::kGrub, kGrubPaths},
                                         {ConfigFormat::kSyslinux, kSyslinuxPaths},
                                         {ConfigFormat::kYaboot, kYabootPaths},
                                         {ConfigFormat::kKboot, kKbootPaths}};

}  // namespace

std::span<const ConfigLocation> ConfigLocations() { return kLocations; }

config::ConfigResult ParseConfig(ConfigFormat format, config::ConfigFiles& files,
                                 std::string_view path, std::string_view text) {
  switch (format) {
    case ConfigFormat::kBaton:
      return config::ParseBatonConf(files, path, text);
    case ConfigFormat::kGrub:
      return config::ParseGrub(files, path, text);
    case ConfigFormat::kSyslinux:
      return config::ParseSyslinux(files, path, text);
    case ConfigFormat::kYaboot:
      return config::ParseYaboot(files, path, text);
    case ConfigFormat::kKboot:
      return config::ParseKboot(files, path, text);
  }
  return {};
}

}  // namespace baton::discover
