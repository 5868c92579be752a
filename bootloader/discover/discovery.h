// SPDX-License-Identifier: GPL-2.0-or-later
// bootloader/discover: devices × configuration parsers → boot options.
//
// The module owns the search paths of every bootloader (config_locations.h), the resolution of
// the resources a configuration names against the devices present, and the choice of one default
// boot option across devices. It depends on core, config and the platform interface
// platform/include/devices.h, never on a real device: the same code runs over a simulated machine,
// real mounts, and in-memory devices in tests.
//
// Resolution is recomputed from the devices present whenever Resolve() is called, so a resource on
// a device that appears later (a USB stick, a slow disk) resolves as soon as that device is added.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bootloader/config/config.h"
#include "platform/include/devices.h"

namespace baton::discover {

// A resource after resolution: on a device present (`device`, `path`), or unresolved with the
// reference that names the missing device ("uuid=…", "label=…", "device=…").
struct BootResource {
  bool resolved = false;
  std::string device;
  std::string path;
  std::string unresolved;
};

struct BootOption {
  std::string device;  // the id of the device that holds the configuration
  std::string parser;
  config::ConfigOption config;
  BootResource kernel;
  std::vector<BootResource> initrds;
  std::optional<BootResource> dtb;
  bool is_default = false;
  bool edited = false;  // the operator changed it in the menu's editor
};

// A configuration's save_env (config.h EnvSave), its file resolved against the devices present.
struct EnvWrite {
  BootResource file;
  std::string name;
  std::optional<std::string> value;  // nullopt: removed
  std::string config_device;         // the device whose configuration asked
  config::SourceLocation source;
};

struct Report {
  std::vector<platform::DeviceIdentity> devices;  // in discovery order
  std::vector<BootOption> options;                // in discovery order
  std::optional<std::size_t> default_option;
  std::optional<std::uint64_t> timeout_seconds;  // of the configuration that gave the default
  // Every configuration's default option whose kernel resolved, preferred first (the first is
  // default_option): what a boot order chooses among.
  std::vector<std::size_t> defaults;
  std::vector<std::string> notes;  // "device: file:line: text"
  // What the configurations' scripts ask to save in their environment blocks (grub.cfg's
  // one-shot next_entry), in discovery order; written only at a boot, and only when disk writes
  // are allowed (env_writes.h).
  std::vector<EnvWrite> env_writes;
};

class Discovery {
 public:
  // Adds a device; its configurations are read by the next Resolve(). `files` must outlive the
  // Discovery.
  void AddDevice(const platform::DeviceIdentity& identity, platform::DeviceFiles& files);

  // Reads the configurations of the devices added since the last call, and again those whose
  // reading looked at other devices (grub's `search`, a `source` or BLS directory elsewhere)
  // when the devices have changed since, so that `search` sees every device present, whatever
  // the order they were added in. Then every option with its resources resolved against the
  // devices present, and the default: the default of the first configuration, on the preferred
  // device (lowest priority, then discovery order), whose default option has a resolved kernel.
  Report Resolve();

 private:
  struct Scanned {
    platform::DeviceIdentity identity;
    platform::DeviceFiles* files;
    std::vector<config::ConfigResult> configs;
    std::vector<std::string> notes;
    bool read = false;
    bool looked_elsewhere = false;  // the reading asked about another device
    std::size_t devices_seen = 0;   // how many devices there were when it was read
  };
  void Read(std::size_t index);
  std::vector<Scanned> devices_;
};

// One entry of a boot order (petitboot's autoboot options): a device type ("disk", "usb",
// "optical", "network", or "any"), or one device by its file-system UUID.
struct BootOrderEntry {
  std::string type;  // empty for a UUID entry
  std::string uuid;
};

// The option a boot order autoboots, as petitboot's default_option_priority chooses it: among
// the configurations' defaults (report.defaults), the one whose device matches the earliest
// entry, the preferred one on a tie; nullopt when no default's device matches any entry (then
// nothing autoboots). An empty order chooses report.default_option.
std::optional<std::size_t> ChooseByBootOrder(const Report& report,
                                             const std::vector<BootOrderEntry>& order);

// The index of the device that `reference` names, seen from the device at `self`; nullopt when
// no device present matches. UUIDs compare case-insensitively, as blkid and grub print them in
// either case.
std::optional<std::size_t> MatchDevice(const std::vector<platform::DeviceIdentity>& devices,
                                       std::size_t self, const config::DeviceReference& reference);

}  // namespace baton::discover
