// SPDX-License-Identifier: GPL-2.0-or-later
// The platform: every part of the world that baton's commands touch, chosen once by the one
// composition root (bootloader/cli/main.cc) and handed to the command that runs. A command never
// constructs a platform part itself, so every command also runs on fakes (platform/fake) in a
// unit test, and on the simulated machine (platform/sim) exactly as on a firmware.
//
// Two machines, one program: on a real machine the machine root is "/", kexec is the kernel's
// and the devices are block devices; on a simulated machine (--root DIR) the root is DIR, kexec
// records what it would load under DIR/plan and never reboots, and the devices are folders.
//
// Owns its parts; they live as long as the Platform. Device sources are kept in the order they
// are probed: later parts of the house add theirs (block hotplug, network, NVRAM) to the list.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bootloader/core/result.h"
#include "platform/include/clock.h"
#include "platform/include/devices.h"
#include "platform/include/file_system.h"
#include "platform/include/kexec.h"
#include "platform/include/tpm.h"

namespace baton::platform {

enum class MachineKind : std::uint8_t {
  kReal,       // this machine: "/", the kernel's kexec, block devices
  kSimulated,  // a folder that looks like one (--root DIR): nothing leaves it, nothing reboots
};

using TpmOpener = std::function<Result<std::unique_ptr<Tpm>>()>;

struct PlatformParts {
  MachineKind kind = MachineKind::kReal;
  std::string root;                     // how the machine root is named in messages ("" for /)
  std::unique_ptr<FileSystem> machine;  // the machine's own files (securityfs, /proc, /sys, /run)
  std::unique_ptr<FileSystem> files;    // the files an operator names, as named
  std::unique_ptr<Kexec> kexec;
  TpmOpener open_tpm;    // opened on demand (a TPM that is absent is an error)
  std::string tpm_name;  // "the device", or the TCTI configuration
  std::unique_ptr<Clock> clock;
  std::vector<std::unique_ptr<DeviceSource>> device_sources;
  std::uint64_t page_size = 65536;  // the running kernel's (the next kernel's segments align to it)
};

class Platform {
 public:
  explicit Platform(PlatformParts parts) : parts_(std::move(parts)) {}
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  MachineKind kind() const { return parts_.kind; }
  bool simulated() const { return parts_.kind == MachineKind::kSimulated; }
  const std::string& root() const { return parts_.root; }
  FileSystem& machine() { return *parts_.machine; }
  FileSystem& files() { return *parts_.files; }
  Kexec& kexec() { return *parts_.kexec; }
  Result<std::unique_ptr<Tpm>> OpenTpm() { return parts_.open_tpm(); }
  const std::string& tpm_name() const { return parts_.tpm_name; }
  Clock& clock() { return *parts_.clock; }
  std::uint64_t page_size() const { return parts_.page_size; }
  const std::vector<std::unique_ptr<DeviceSource>>& device_sources() const {
    return parts_.device_sources;
  }

  // Probes every device source in order. The devices stay readable while the Platform lives. A
  // source that cannot be probed at all is an error (each source leaves out, with a warning,
  // the single devices it cannot read).
  Result<std::vector<Device>> ProbeDevices() {
    std::vector<Device> devices;
    for (const std::unique_ptr<DeviceSource>& source : parts_.device_sources) {
      std::vector<Device> found = BATON_TRY(source->Probe());
      for (Device& device : found) devices.push_back(std::move(device));
    }
    return devices;
  }

 private:
  PlatformParts parts_;
};

}  // namespace baton::platform
