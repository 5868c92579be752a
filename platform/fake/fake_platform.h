// SPDX-License-Identifier: GPL-2.0-or-later
// A Platform of fakes, for the commands' unit tests (tests/unit/cli): an in-memory machine root
// and an in-memory folder for the files an operator names, devices in memory, a kexec that
// records and never reboots, and a FakeTpm that really extends and that the test keeps looking
// at (the platform opens views of it). `tpm_present = false` makes opening the TPM fail as an
// absent one does.
#pragma once

#include <memory>

#include "platform/fake/fake_kexec.h"
#include "platform/fake/fake_tpm.h"
#include "platform/fake/manual_clock.h"
#include "platform/fake/memory_device.h"
#include "platform/fake/memory_file_system.h"
#include "platform/include/platform.h"

namespace baton::platform {

// The test's TPM seen through the Platform's opener (each open is a new view of the same TPM).
class TpmView final : public Tpm {
 public:
  explicit TpmView(Tpm& tpm) : tpm_(tpm) {}
  Result<std::vector<crypto::HashAlgorithm>> Banks() override { return tpm_.Banks(); }
  Result<std::vector<crypto::PcrBank>> ReadPcrs(
      const std::vector<crypto::HashAlgorithm>& banks) override {
    return tpm_.ReadPcrs(banks);
  }
  Result<void> Extend(std::uint32_t pcr, const std::vector<PcrDigest>& digests) override {
    return tpm_.Extend(pcr, digests);
  }
  Result<TpmInfo> Info() override { return tpm_.Info(); }
  Result<TpmQuote> Quote(const std::vector<crypto::HashAlgorithm>& banks, std::uint32_t pcrs,
                         Bytes nonce) override {
    return tpm_.Quote(banks, pcrs, nonce);
  }
  std::uint64_t commands_sent() const override { return tpm_.commands_sent(); }

 private:
  Tpm& tpm_;
};

// Devices held in memory; each probe hands out copies of them (a real source's devices are new
// views each time too).
class FakeDeviceSource final : public DeviceSource {
 public:
  std::vector<std::pair<DeviceIdentity, testing::MemoryDevice>> devices;
  Result<std::vector<Device>> Probe() override {
    std::vector<Device> found;
    for (const auto& [identity, files] : devices)
      found.push_back({identity, std::make_unique<testing::MemoryDevice>(files)});
    return found;
  }
};

class FakePlatform {
 public:
  FakePlatform() : platform_(MakeParts()) {}
  FakePlatform(const FakePlatform&) = delete;
  FakePlatform& operator=(const FakePlatform&) = delete;

  Platform& platform() { return platform_; }
  MemoryFileSystem& machine() { return *machine_; }
  MemoryFileSystem& files() { return *files_; }
  FakeKexec& kexec() { return *kexec_; }
  FakeDeviceSource& devices() { return *devices_; }

  FakeTpm tpm;
  bool tpm_present = true;

 private:
  PlatformParts MakeParts() {
    PlatformParts parts;
    parts.kind = MachineKind::kReal;
    auto machine = std::make_unique<MemoryFileSystem>();
    auto files = std::make_unique<MemoryFileSystem>();
    auto kexec = std::make_unique<FakeKexec>();
    machine_ = machine.get();
    files_ = files.get();
    kexec_ = kexec.get();
    parts.machine = std::move(machine);
    parts.files = std::move(files);
    parts.kexec = std::move(kexec);
    parts.open_tpm = [this]() -> Result<std::unique_ptr<Tpm>> {
      if (!tpm_present) return Error(ErrorCode::kNotFound, "no TPM (a test's absent TPM)");
      return std::unique_ptr<Tpm>(std::make_unique<TpmView>(tpm));
    };
    parts.tpm_name = "the test's FakeTpm";
    parts.clock = std::make_unique<ManualClock>();
    auto devices = std::make_unique<FakeDeviceSource>();
    devices_ = devices.get();
    parts.device_sources.push_back(std::move(devices));
    return parts;
  }

  MemoryFileSystem* machine_ = nullptr;
  MemoryFileSystem* files_ = nullptr;
  FakeKexec* kexec_ = nullptr;
  FakeDeviceSource* devices_ = nullptr;
  Platform platform_;  // last: MakeParts sets the pointers above
};

}  // namespace baton::platform
