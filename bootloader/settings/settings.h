// SPDX-License-Identifier: GPL-2.0-or-later
// baton's settings: what the strings of `common` mean, read as petitboot reads them (a machine
// that ran petitboot keeps its timeout, boot order and network), written as petitboot writes
// them, and refused with a reason when a value means nothing.
//
// The names and meanings follow petitboot (discover/platform.c, config_populate_all and
// params_update_all; lib/types/types.c for the device types):
//   auto-boot?            autoboot, off only when exactly "false" (SLOF's own variable too)
//   petitboot,timeout     seconds, read as strtoul reads them (leading digits); default 10
//   petitboot,bootdevs    space-separated uuid:<fs uuid>, mac:<mac> or a device type (disk, usb,
//                         optical, network, any, encrypted; petitboot reads a type by prefix);
//                         default "network any"
//   petitboot,network     space-separated <mac>,dhcp | <mac>,ignore |
//                         <mac>,static,<addr/prefix>[,<gateway>][,<url>] and dns,<server>[,…]
//   petitboot,console     the next kernel's console, e.g. "/dev/hvc0 [IPMI / Serial]"
//   petitboot,write?      writes to disks; petitboot allows them unless the value is not
//                         "true", baton (issue 14's one-shot boots) only when it is "true", and
//                         so baton stores "false" rather than removing the string
//   petitboot,debug?, petitboot,preboot-check, petitboot,language, petitboot,http_proxy,
//   petitboot,https_proxy, petitboot,password (a crypt(3) hash; present means restricted)
// and baton's own, where petitboot has no key (petitboot ignores strings it does not know):
//   baton,default         the option to autoboot, by its title or id (as `baton boot --option`
//                         names one); when no option present has it, the boot order chooses
//   baton,signed-boot     off, warn or enforce: raises the firmware's signed-boot policy and
//                         never lowers it (anyone with root in the OS can write the NVRAM, so it
//                         may ask for more checks, never for fewer); a value that is none of
//                         them is read as enforce
// A setting set to its default is removed, as petitboot's `nvram --update-config name=` does.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bootloader/core/result.h"
#include "bootloader/settings/nvram.h"

namespace baton::settings {

enum class BootDeviceType : std::uint8_t { kDisk, kUsb, kOptical, kNetwork, kAny, kEncrypted };

// One entry of the boot order: a device type, or one device by its file system UUID or one
// interface by its MAC.
struct BootDevice {
  std::optional<BootDeviceType> type;
  std::string uuid;  // petitboot's uuid:
  std::string mac;   // petitboot's mac:
  bool operator==(const BootDevice&) const = default;
};

enum class AddressMethod : std::uint8_t { kDhcp, kStatic, kIgnore };

struct InterfaceSetting {
  std::string mac;  // lower-case, colon-separated
  AddressMethod method = AddressMethod::kDhcp;
  std::string address;  // static: a.b.c.d/prefix
  std::string gateway;  // static, optional
  std::string url;      // static, optional: a configuration to fetch (petitboot's pb-url)
};

struct Settings {
  bool autoboot = true;
  std::uint64_t timeout_seconds = 10;
  std::vector<BootDevice> boot_order{{BootDeviceType::kNetwork, {}, {}},
                                     {BootDeviceType::kAny, {}, {}}};
  std::vector<InterfaceSetting> interfaces;
  std::vector<std::string> dns_servers;
  std::string console;
  std::string default_option;  // baton,default: an option's title or id; empty: none
  bool disk_writes = false;
  std::string signed_boot;  // baton,signed-boot: "", "off", "warn" or "enforce"
  bool debug = false;
  bool preboot_check = true;
  std::string language;
  std::string http_proxy;
  std::string https_proxy;
  std::optional<std::string> password_hash;  // present (even empty): restricted mode
};

// One setting as `baton config` and the configuration screen name it.
struct SettingInfo {
  std::string_view name;     // "timeout"
  std::string_view key;      // its string's name in `common`: "petitboot,timeout"
  std::string_view values;   // what it takes: "seconds"
  std::string_view meaning;  // one line
  bool used_by_baton;        // false: read and kept for petitboot, not acted on by baton yet
  bool secret;               // never shown (the password hash)
};

std::span<const SettingInfo> AllSettings();
std::string_view BootDeviceTypeName(
    BootDeviceType type);  // "disk", "usb", …, as petitboot writes it
const SettingInfo* FindSetting(std::string_view name);  // by name or by key; nullptr if none

// The settings `pairs` hold. A value that means nothing keeps the default, and `warnings` gets
// a line naming the key and the value (bytes from the NVRAM are untrusted).
Settings ReadSettings(const std::vector<NvramPair>& pairs, std::vector<std::string>& warnings);

// The setting's value as stored, or nullopt when its string is absent (its default applies).
std::optional<std::string> StoredValue(const std::vector<NvramPair>& pairs,
                                       const SettingInfo& info);
// The text of a setting's value in `settings`, as `baton config get` prints it ("set" or "not
// set" for the password).
std::string SettingText(const Settings& settings, const SettingInfo& info);

// Sets `name` to `value` in `pairs`: the string replaced in its place, appended when new,
// removed when `value` is the default (or empty, for a setting without one). kInvalidArgument
// with the reason for a value the setting does not take; `pairs` is then unchanged.
Result<void> SetSetting(std::vector<NvramPair>& pairs, std::string_view name,
                        std::string_view value);

}  // namespace baton::settings
